// GLL: geographic position, latitude/longitude, with time of day and status.
//
//         1       2 3        4 5         6 7
//         |       | |        | |         | |
//  $--GLL,ddmm.mm,a,dddmm.mm,a,hhmmss.ss,a,m*hh
//  1,2 latitude  3,4 longitude  5 time  6 status A valid / V (or N) invalid  7 FAA mode (2.3+)
//
//  $GPGLL,4916.45,N,12311.12,W,225444,A,A*5C       (gpsd NMEA.adoc example)
//  $GPGLL,,,,,142816.359,V,N*7D                    (BluMax GPS-009, gpsd blumax-gps009.log)
//
// nmea-simple decodes the position (its lat/lon codec is right once the fields are vetted: it would give 0 for
// an empty field and a negative value for an empty hemisphere). Its `time` carries the host's date: the time
// of day is taken from the raw field instead, with every fractional digit.
import type { GllSentence } from "../../types.js";
import { type FieldContext, coordinateUnreadable, readCoordinate, readLetter, readTimeOfDay } from "../fields.js";
import { nmeaSimpleDecode } from "../nmea-simple.js";
import { FAA_MODES } from "./rmc.js";
import { type EncodeStyle, type SentenceValues, formatPosition, formatTimeOfDay, sentence } from "../encode.js";

export const GLL = "GLL" as const;

export function decodeGll(ctx: FieldContext): GllSentence | undefined {
  const p = nmeaSimpleDecode(ctx, GLL);
  if (p?.sentenceId !== GLL) return undefined;
  const f = ctx.frame;
  const s: GllSentence = {
    sentenceId: GLL,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  // readCoordinate vets format, range and hemisphere; the value comes from nmea-simple.
  const lat = readCoordinate(ctx, 1, true);
  if (lat !== undefined) s.latitudeDeg = p.latitude;
  const lon = readCoordinate(ctx, 3, false);
  if (lon !== undefined) s.longitudeDeg = p.longitude;
  if (coordinateUnreadable(ctx, 1, lat) || coordinateUnreadable(ctx, 3, lon)) s.positionUnreadable = true;
  const time = readTimeOfDay(ctx, 5);
  if (time !== undefined) s.timeOfDayMs = time;
  // Magellan eXplorist 110 sends N (gpsd eXplorist110.log): not valid, like V.
  const status = readLetter(ctx, 6, "status", "AVN");
  if (status !== undefined) s.status = status === "A" ? "valid" : "invalid";
  const mode = readLetter(ctx, 7, "FAA mode", FAA_MODES);
  if (mode !== undefined) s.faaMode = mode;
  return s;
}

/** The fields `decodeGll` reads, as a receiver in `style` writes them. */
export function encodeGll(s: SentenceValues<GllSentence>, style: EncodeStyle): string {
  return sentence(`${s.talker}GLL`, [
    ...formatPosition(s.latitudeDeg, s.longitudeDeg, style),
    formatTimeOfDay(s.timeOfDayMs, style.timeDecimals),
    s.status === undefined ? "" : s.status === "valid" ? "A" : "V",
    s.faaMode ?? "",
  ]);
}
