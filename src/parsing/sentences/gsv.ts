// GSV: satellites in view, one sentence of a multi-sentence group (per talker and, in 4.10+, per signal).
//
//         1 2 3  4  5  6   7  ... up to 4 × (id, elevation, azimuth, SNR)   [signal id] [Quectel system id]
//         | | |  |  |  |   |
//  $--GSV,x,x,xx,xx,xx,xxx,xx,...,h,d*hh
//  1 sentences in group (1–9)  2 this sentence  3 satellites in view (of this group)
//  4+4k id  5+4k elevation −90..90  6+4k azimuth 0..359  7+4k SNR/C/N0 0..99 dB-Hz (empty: in view, not tracked)
//  The variant is told by the field count n (address included, gpsd and domain.md §4.7):
//  n % 4 == 0 pre-4.10; == 1 the last field is the 4.10 signal id (hex); == 2 Quectel: signal id + system id.
//
//  $GPGSV,3,1,12,28,14,150,41,09,15,254,41,10,43,192,47,13,06,081,36*7A   (Ashtech AC12, gpsd ac12.log)
//  $GAGSV,3,1,09,02,00,179,,04,09,321,,07,11,134,11,11,10,227,,7*7F        (NMEA 4.10, signal id 7)
//  $PQGSV,2,1,08,02,20,116,,03,,,,05,34,137,,07,06,045,,0,4*52             (Quectel EG25, gpsd quectel-eg25-g.log)
//  $GPGSV,,2,,…  continuation part with fields 1 and 3 left empty, as NMEA 4.11 allows (Airmar marine sensors,
//                reported in OpenCPN pull request 2146); the count is the group's first part's.
//
// Decoded here, not by nmea-simple: it counts records as (n − 4) / 4, so a 4.10 signal id becomes a phantom
// satellite, it drops the signal id, and empty SNR becomes 0 ("tracked at 0 dB" instead of "not tracked").
// Id 0 is skipped, as gpsd does; azimuth 360 → 0. A record without an id is an empty slot when it is all empty
// (`,,,,` pads a last part); with a C/N0, an elevation or an azimuth it is a satellite the receiver cannot name yet
// (u-blox lists a GLONASS signal before it has read the slot: `$GLGSV,1,1,01,,,,29,1`; Quectel gives el/az alone):
// kept apart in `unidentified`, of the talker's or system id's constellation, never given a number. gpsd skips it.
import type { GsvSatellite, GsvSentence, GsvUnidentified } from "../../types.js";
import { type FieldContext, field, invalid, isEmpty, readHexDigit, readInteger, readNumber } from "../fields.js";
import { codeConstellation, codeSvid, numberingConstellation, satelliteCode, satelliteNumbering, systemIdConstellation } from "../talkers.js";
import { type SentenceValues, pad, sentence } from "../encode.js";

export const GSV = "GSV" as const;

function allEmpty(ctx: FieldContext): boolean {
  for (let i = 1; i < ctx.count; i++) if (!isEmpty(ctx, i)) return false;
  return true;
}

export function decodeGsv(ctx: FieldContext): GsvSentence | undefined {
  const n = ctx.count;
  const variant = n % 4;
  if (variant === 3) return invalid(ctx, "field count", String(n));
  const total = readInteger(ctx, 1, "number of sentences", 1, 9);
  const number = readInteger(ctx, 2, "sentence number", 1, 9);
  // A continuation part may leave the count empty (NMEA 4.11: unchanged fields need not be repeated); the
  // first part must give it, or the group has no size.
  const continuation = total === undefined && !ctx.reported && isEmpty(ctx, 1) && number !== undefined && number > 1;
  if ((total === undefined && !continuation) || number === undefined) {
    // every field empty (`$GPGSV,,,,,,,,,,,,,,,,,,,*79`): a multiplexer's placeholder when it has no satellite data
    // from its receiver, no damaged sentence; it says nothing of the sky
    if (allEmpty(ctx)) return undefined;
    if (!ctx.reported) invalid(ctx, total === undefined ? "number of sentences" : "sentence number", "");
    return undefined;
  }
  if (total !== undefined && number > total) return invalid(ctx, "sentence number", field(ctx, 2));

  let signalId: number | undefined;
  let systemId: number | undefined;
  if (variant === 1) {
    signalId = readHexDigit(ctx, n - 1, "signal id");
  } else if (variant === 2) {
    signalId = readHexDigit(ctx, n - 2, "signal id");
    systemId = readInteger(ctx, n - 1, "system id", 1, 6);
  }

  const f = ctx.frame;
  const talker = ctx.talker;
  // Quectel's PQ talker means BeiDou or QZSS, told by its trailing system id.
  const pqSystem = talker === "PQ" && systemId !== undefined ? systemIdConstellation(systemId) : undefined;
  const satellites: GsvSatellite[] = [];
  const s: GsvSentence = {
    sentenceId: GSV,
    talker,
    system: pqSystem ?? ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
    messageNumber: number,
    satellites,
  };
  if (total !== undefined) s.messageCount = total;
  const inView = readInteger(ctx, 3, "satellites in view", 0, 999);
  if (inView !== undefined) s.satellitesInView = inView;
  if (signalId !== undefined) s.signalId = signalId;

  const end = n - variant;
  const numbering = satelliteNumbering(talker, systemId);
  let unidentified: GsvUnidentified[] | undefined;
  for (let k = 4; k < end; k += 4) {
    if (isEmpty(ctx, k)) {
      if (isEmpty(ctx, k + 1) && isEmpty(ctx, k + 2) && isEmpty(ctx, k + 3)) continue;
      const entry = unidentifiedEntry(ctx, k, numberingConstellation(numbering));
      if (entry !== undefined) (unidentified ??= []).push(entry);
      continue;
    }
    const nmeaId = readInteger(ctx, k, "satellite id", 0, 999);
    if (nmeaId === undefined || nmeaId === 0) continue;
    const id = satelliteCode(numbering, nmeaId);
    if (id < 0) {
      if (!ctx.reported) invalid(ctx, "satellite id", field(ctx, k));
      continue;
    }
    const sat: GsvSatellite = { constellation: codeConstellation(id), svid: codeSvid(id), nmeaId };
    readRecord(ctx, k, sat);
    satellites.push(sat);
  }
  if (unidentified !== undefined) s.unidentified = unidentified;
  return s;
}

/** The elevation, azimuth (360 → 0) and C/N0 of the record at field k, each where present and valid, into `into`. */
function readRecord(ctx: FieldContext, k: number, into: Pick<GsvSatellite, "elevationDeg" | "azimuthDeg" | "cn0DbHz">): void {
  const el = readNumber(ctx, k + 1, "elevation", -90, 90);
  if (el !== undefined) into.elevationDeg = el;
  const az = readNumber(ctx, k + 2, "azimuth", 0, 360);
  if (az !== undefined) into.azimuthDeg = az === 360 ? 0 : az;
  const snr = readNumber(ctx, k + 3, "SNR", 0, 99);
  if (snr !== undefined) into.cn0DbHz = snr;
}

/** The record at field k, whose id is empty and which has some other field: what it says, or undefined when that is invalid. */
function unidentifiedEntry(ctx: FieldContext, k: number, constellation: GsvUnidentified["constellation"]): GsvUnidentified | undefined {
  const entry: GsvUnidentified = {};
  if (constellation !== undefined) entry.constellation = constellation;
  readRecord(ctx, k, entry);
  return entry.elevationDeg === undefined && entry.azimuthDeg === undefined && entry.cn0DbHz === undefined ? undefined : entry;
}

/** One GSV part as `decodeGsv` reads it: its satellites by the ids they carry (nmeaId), at most four. */
export function encodeGsv(
  s: Omit<SentenceValues<GsvSentence>, "satellites"> & { satellites: ReadonlyArray<Pick<GsvSatellite, "nmeaId" | "elevationDeg" | "azimuthDeg" | "cn0DbHz">> },
): string {
  const fields = [
    s.messageCount === undefined ? "" : String(s.messageCount),
    String(s.messageNumber),
    s.satellitesInView === undefined ? "" : pad(s.satellitesInView, 2),
  ];
  for (const sat of s.satellites.slice(0, 4)) {
    fields.push(
      pad(sat.nmeaId, 2),
      sat.elevationDeg === undefined ? "" : pad(Math.round(sat.elevationDeg), 2),
      sat.azimuthDeg === undefined ? "" : pad(Math.round(sat.azimuthDeg) % 360, 3),
      sat.cn0DbHz === undefined ? "" : pad(Math.max(0, Math.min(99, Math.round(sat.cn0DbHz))), 2),
    );
  }
  if (s.signalId !== undefined) fields.push(s.signalId.toString(16).toUpperCase());
  return sentence(`${s.talker}GSV`, fields);
}
