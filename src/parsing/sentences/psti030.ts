// PSTI,030: SkyTraq RTK position, velocity and status. SkyTraq's PSTI carries its message id in the first field
// ($PSTI,030,…); its RTK receivers (PX1172RH, S2525F8-RTK) also send 032 (baseline, psti032.ts), 033 (raw
// measurement slips), 035 (moving base → rover baseline) and 036 (heading, pitch, roll, psti036.ts). 033 and
// 035 stay unknown sentences.
//
//            1   2          3 4       5 6        7 8   9   10  11  12     13 14  15
//            |   |          | |       | |        | |   |   |   |   |      |  |   |
//  $PSTI,030,hhmmss.sss,A,ddmm.mm,a,dddmm.mm,a,x.x,x.x,x.x,x.x,ddmmyy,a,x.x,x.x*hh
//  2 time  3 status A valid / V not  4–7 position  8 altitude MSL  9–11 velocity east, north, up (m/s)
//  12 date  13 FAA mode (O also seen: RTK float, gpsd)  14 RTK age (s)  15 RTK ratio
//
//  $PSTI,030,003832.000,A,4404.1271062,N,12118.8438377,W,1127.630,-0.00,-0.01,0.02,290322,O,1.000,1.100*32
//      (SkyTraq PX1172RH, gpsd skytraq-PX1172RH_DS.log)
//  $PSTI,030,213121.000,A,4404.1295864,N,12118.8685453,W,1102.537,-0.01,0.01,0.03,070416,D,0.0,0.0*13
//      (SkyTraq, no RTK: age and ratio 0; gpsd skytraq-dgps.log)
//
// Its time and date are decoded but take no part in the tracker's cycles: it describes the cycle it is sent
// in, after that cycle's GGA and RMC (src/state/extras.ts takes its mode, RTK age and ratio).
import type { Psti030Sentence } from "../../types.js";
import { type FieldContext, readCoordinate, readDdmmyy, readLetter, readNumber, readTimeOfDay } from "../fields.js";
import { FAA_MODES } from "./rmc.js";

/** FAA mode letters, and O (an RTK float mode SkyTraq does not document; gpsd reads it so). */
export const PSTI_MODES = `${FAA_MODES}O`;
const MAX_SPEED_MPS = 1e5;

/** A PSTI sentence's time of day and date (fields timeAt and dateAt) into the sentence. */
export function readPstiTime(ctx: FieldContext, s: { timeOfDayMs?: number; dateMs?: number }, timeAt: number, dateAt: number): void {
  const time = readTimeOfDay(ctx, timeAt);
  if (time !== undefined) s.timeOfDayMs = time;
  const date = readDdmmyy(ctx, dateAt);
  if (date !== undefined) s.dateMs = date;
}

export function decodePsti030(ctx: FieldContext): Psti030Sentence {
  const f = ctx.frame;
  const s: Psti030Sentence = { sentenceId: "PSTI030", talker: "P", system: "unknown", raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  readPstiTime(ctx, s, 2, 12);
  const status = readLetter(ctx, 3, "status", "AV");
  if (status !== undefined) s.status = status === "A" ? "valid" : "invalid";
  const lat = readCoordinate(ctx, 4, true);
  if (lat !== undefined) s.latitudeDeg = lat;
  const lon = readCoordinate(ctx, 6, false);
  if (lon !== undefined) s.longitudeDeg = lon;
  const altitude = readNumber(ctx, 8, "altitude", -100_000, 10_000_000);
  if (altitude !== undefined) s.altitudeMslM = altitude;
  const east = readNumber(ctx, 9, "east velocity", -MAX_SPEED_MPS, MAX_SPEED_MPS);
  if (east !== undefined) s.velocityEastMps = east;
  const north = readNumber(ctx, 10, "north velocity", -MAX_SPEED_MPS, MAX_SPEED_MPS);
  if (north !== undefined) s.velocityNorthMps = north;
  const up = readNumber(ctx, 11, "up velocity", -MAX_SPEED_MPS, MAX_SPEED_MPS);
  if (up !== undefined) s.velocityUpMps = up;
  const mode = readLetter(ctx, 13, "mode indicator", PSTI_MODES);
  if (mode !== undefined) s.faaMode = mode;
  const age = readNumber(ctx, 14, "RTK age", 0, 1e6);
  if (age !== undefined) s.rtkAgeS = age;
  const ratio = readNumber(ctx, 15, "RTK ratio", 0, 1e6);
  if (ratio !== undefined) s.rtkRatio = ratio;
  return s;
}
