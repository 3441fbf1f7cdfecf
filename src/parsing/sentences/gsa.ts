// GSA: DOP and the satellites used in the fix.
//
//         1 2 3–14 (12 ids; the Navior CH-4701 sends 24)   15  16  17  18
//         | | |                                             |   |   |   |
//  $--GSA,a,x,xx,xx,xx,xx,xx,xx,xx,xx,xx,xx,xx,xx,x.x,x.x,x.x,h*hh
//  1 selection M manual / A automatic  2 fix mode 1 none, 2 2D, 3 3D (Antaris: E, dead reckoning)
//  3–14 satellite ids used  15 PDOP  16 HDOP  17 VDOP  18 system id (4.10+: 1 GPS … 6 NavIC; Quectel PQ: 4/5)
//  The SiRF-TriG puts a float in field 18 instead of a system id: a '.' there means "not a system id" (gpsd).
//
//  $GPGSA,A,3,10,28,09,13,,,,,,,,,03.4,01.7,03.0*00                        (Ashtech AC12, gpsd ac12.log)
//  $GNGSA,A,3,13,12,22,19,08,21,,,,,,,1.05,0.64,0.83,4*0B                 (u-blox 9, NMEA 4.10, BeiDou)
//  $GPGSA,A,3,25,32,12,14,,,,,,,,,2.1,1.1,1.8,1.2*39                      (SiRF-TriG, float in field 18)
//
// Decoded here, not by nmea-simple: it drops the system id (GPS 1–32 and Galileo 1–36 then collide), turns
// empty DOPs into 0 and reads ids with `+field` (NaN for junk); its result would be rebuilt field by field.
// DOP placeholders (99.99 BT-451/u-blox no-fix, 99.00 Jackson Labs, 0.00 Skytraq) are kept as sent: the tracker
// judges them (gpsd keeps only 0.01–89.99).
import type { GsaSentence, SatelliteId } from "../../types.js";
import { type FieldContext, field, invalid, readInteger, readLetter, readNumber } from "../fields.js";
import { satelliteCode, satelliteIdOfCode, satelliteNumbering, systemIdConstellation } from "../talkers.js";
import { type SentenceValues, fixed, pad, sentence } from "../encode.js";

export const GSA = "GSA" as const;

export function decodeGsa(ctx: FieldContext): GsaSentence {
  const n = ctx.count;
  // 18 fields: 12 ids + 3 DOPs; 19: + system id; more (CH-4701): the DOPs are the last three.
  let dopAt = 15;
  let systemId: number | undefined;
  if (n === 19) {
    const sys = field(ctx, 18);
    if (sys !== "" && !sys.includes(".")) systemId = readInteger(ctx, 18, "system id", 0, 15);
  } else if (n > 19) {
    dopAt = n - 3;
  }

  const f = ctx.frame;
  const talker = ctx.talker;
  const pqSystem = talker === "PQ" && systemId !== undefined ? systemIdConstellation(systemId) : undefined;
  const satelliteIds: number[] = [];
  const satellites: SatelliteId[] = [];
  const s: GsaSentence = {
    sentenceId: GSA,
    talker,
    system: pqSystem ?? ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
    satelliteIds,
    satellites,
  };
  const selection = readLetter(ctx, 1, "selection mode", "AM");
  if (selection !== undefined) s.selectionMode = selection === "A" ? "automatic" : "manual";
  // Antaris sends E (dead reckoning) here: a known quirk, not a decoding error; the mode stays unknown.
  if (!(ctx.ends[2] === (ctx.starts[2] as number) + 1 && ctx.text.charCodeAt(ctx.starts[2] as number) === 69)) {
    const mode = readInteger(ctx, 2, "fix mode", 1, 3);
    if (mode !== undefined) s.fixMode = mode as 1 | 2 | 3;
  }
  const numbering = satelliteNumbering(talker, systemId);
  for (let k = 3; k < dopAt; k++) {
    const nmeaId = readInteger(ctx, k, "satellite id", 1, 999); // undefined when empty
    if (nmeaId === undefined) continue;
    satelliteIds.push(nmeaId);
    const id = satelliteCode(numbering, nmeaId);
    if (id >= 0) satellites.push(satelliteIdOfCode(id, nmeaId));
    else if (!ctx.reported) invalid(ctx, "satellite id", field(ctx, k));
  }
  const pdop = readNumber(ctx, dopAt, "PDOP", 0, 1000);
  if (pdop !== undefined) s.pdop = pdop;
  const hdop = readNumber(ctx, dopAt + 1, "HDOP", 0, 1000);
  if (hdop !== undefined) s.hdop = hdop;
  const vdop = readNumber(ctx, dopAt + 2, "VDOP", 0, 1000);
  if (vdop !== undefined) s.vdop = vdop;
  if (systemId !== undefined) s.systemId = systemId;
  return s;
}

/**
 * The fields `decodeGsa` reads: twelve id slots (more ids than slots are cut, as receivers do), the DOPs, and
 * the 4.10 system id when given. `satellites` is what the decoder resolves from the ids: not written.
 */
export function encodeGsa(s: Omit<SentenceValues<GsaSentence>, "satellites">): string {
  const slots = Array.from({ length: 12 }, (_, i) => (s.satelliteIds[i] === undefined ? "" : pad(s.satelliteIds[i] as number, 2)));
  const fields = [
    s.selectionMode === undefined ? "" : s.selectionMode === "automatic" ? "A" : "M",
    s.fixMode === undefined ? "" : String(s.fixMode),
    ...slots,
    fixed(s.pdop, 2),
    fixed(s.hdop, 2),
    fixed(s.vdop, 2),
  ];
  if (s.systemId !== undefined) fields.push(s.systemId.toString(16).toUpperCase());
  return sentence(`${s.talker}GSA`, fields);
}
