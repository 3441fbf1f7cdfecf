// RMC: recommended minimum data. The only common sentence with a date (ddmmyy).
//
//         1         2 3       4 5        6 7   8   9      10  11 12 13
//         |         | |       | |        | |   |   |      |   |  |  |
//  $--RMC,hhmmss.ss,A,ddmm.mm,a,dddmm.mm,a,x.x,x.x,ddmmyy,x.x,a,m,s*hh
//  1 time  2 status A valid / V warning (D: differential, valid, gpsd)  3,4 latitude  5,6 longitude
//  7 speed (knots)  8 track true (deg)  9 date  10,11 magnetic variation E/W  12 FAA mode (2.3+)
//  13 navigational status S/C/U/V (4.10+; V is common with status A and does not invalidate the fix)
//
//  $GPRMC,193221.00,A,2037.7279,N,08704.0848,W,00.1,201.8,231207,01,W,A*2D      (Ashtech AC12, gpsd ac12.log)
//  $GPRMC,,V,,,,,,,,,,N*53                                                      (Quectel, nothing known)
//
// Decoded here, not by nmea-simple: its RMC builds a Date (dropping 3-digit milliseconds, Invalid Date when
// the date is empty) and turns empty fields into 0; the date must be kept apart from the time anyway.
import type { RmcSentence } from "../../types.js";
import { type FieldContext, coordinateUnreadable, field, invalid, readCoordinate, readDdmmyy, readLetter, readNumber, readTimeOfDay } from "../fields.js";
import { type EncodeStyle, type SentenceValues, fixed, formatDdmmyy, formatPosition, formatTimeOfDay, sentence } from "../encode.js";

export const RMC = "RMC" as const;

/** FAA mode letters (NMEA 2.3+), with Quectel's C (caution) and U (unsafe) and V (invalid). */
export const FAA_MODES = "ADEFMNPRSCUV";

export function decodeRmc(ctx: FieldContext): RmcSentence {
  const f = ctx.frame;
  const s: RmcSentence = {
    sentenceId: RMC,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  const status = readLetter(ctx, 2, "status", "AVD");
  if (status !== undefined) s.status = status === "V" ? "warning" : "valid";
  const lat = readCoordinate(ctx, 3, true);
  if (lat !== undefined) s.latitudeDeg = lat;
  const lon = readCoordinate(ctx, 5, false);
  if (lon !== undefined) s.longitudeDeg = lon;
  if (coordinateUnreadable(ctx, 3, lat) || coordinateUnreadable(ctx, 5, lon)) s.positionUnreadable = true;
  const speed = readNumber(ctx, 7, "speed", 0, 1e6);
  if (speed !== undefined) s.speedKnots = speed;
  const track = readNumber(ctx, 8, "track", 0, 360);
  if (track !== undefined) s.trackTrueDeg = track;
  const date = readDdmmyy(ctx, 9);
  if (date !== undefined) s.dateMs = date;
  const variation = readNumber(ctx, 10, "magnetic variation", 0, 180);
  if (variation !== undefined) {
    const pole = field(ctx, 11);
    if (pole === "E") s.magneticVariationDeg = variation;
    else if (pole === "W") s.magneticVariationDeg = -variation;
    else invalid(ctx, "magnetic variation direction", pole);
  }
  const mode = readLetter(ctx, 12, "FAA mode", FAA_MODES);
  if (mode !== undefined) s.faaMode = mode;
  const nav = readLetter(ctx, 13, "navigational status", "SCUVADEMN");
  if (nav !== undefined) s.navStatus = nav;
  return s;
}

/** The fields `decodeRmc` reads, as a receiver in `style` writes them (navigational status only when given: NMEA 4.10). */
export function encodeRmc(s: SentenceValues<RmcSentence>, style: EncodeStyle): string {
  const variation = s.magneticVariationDeg;
  const fields = [
    formatTimeOfDay(s.timeOfDayMs, style.timeDecimals),
    s.status === undefined ? "" : s.status === "valid" ? "A" : "V",
    ...formatPosition(s.latitudeDeg, s.longitudeDeg, style),
    fixed(s.speedKnots, 3),
    fixed(s.trackTrueDeg, 2),
    formatDdmmyy(s.dateMs),
    variation === undefined ? "" : Math.abs(variation).toFixed(1),
    variation === undefined ? "" : variation < 0 ? "W" : "E",
    s.faaMode ?? "",
  ];
  if (s.navStatus !== undefined) fields.push(s.navStatus);
  return sentence(`${s.talker}RMC`, fields);
}
