// PSTI,032: SkyTraq RTK baseline, base (fixed or moving) → rover (see psti030.ts for the PSTI family).
//
//            1   2          3      4 5 6   7   8   9   10  11–15
//            |   |          |      | | |   |   |   |   |   |
//  $PSTI,032,hhmmss.sss,ddmmyy,A,a,x.x,x.x,x.x,x.x,x.x,,,,,*hh
//  2 time  3 date  4 status A valid / V void  5 mode F RTK float (O too, gpsd), R RTK fixed
//  6–8 baseline east, north, up (m)  9 length (m)  10 course (degrees true)  11–15 reserved
//
//  $PSTI,032,003832.000,290322,A,O,-503.349,-2270.309,60.062,2326.213,192.50,,,,,*32
//      (SkyTraq PX1172RH, gpsd skytraq-PX1172RH_DS.log)
//
// Its time and date are decoded but take no part in the tracker's cycles.
import type { Psti032Sentence } from "../../types.js";
import { type FieldContext, readLetter, readNumber } from "../fields.js";
import { PSTI_MODES, readPstiTime } from "./psti030.js";

const MAX_BASELINE_M = 1e8;

export function decodePsti032(ctx: FieldContext): Psti032Sentence {
  const f = ctx.frame;
  const s: Psti032Sentence = { sentenceId: "PSTI032", talker: "P", system: "unknown", raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  readPstiTime(ctx, s, 2, 3);
  const status = readLetter(ctx, 4, "status", "AV");
  if (status !== undefined) s.status = status === "A" ? "valid" : "invalid";
  const mode = readLetter(ctx, 5, "mode indicator", PSTI_MODES);
  if (mode !== undefined) s.modeIndicator = mode;
  const east = readNumber(ctx, 6, "baseline east", -MAX_BASELINE_M, MAX_BASELINE_M);
  if (east !== undefined) s.eastM = east;
  const north = readNumber(ctx, 7, "baseline north", -MAX_BASELINE_M, MAX_BASELINE_M);
  if (north !== undefined) s.northM = north;
  const up = readNumber(ctx, 8, "baseline up", -MAX_BASELINE_M, MAX_BASELINE_M);
  if (up !== undefined) s.upM = up;
  const length = readNumber(ctx, 9, "baseline length", 0, MAX_BASELINE_M);
  if (length !== undefined) s.lengthM = length;
  const course = readNumber(ctx, 10, "baseline course", 0, 360);
  if (course !== undefined) s.courseDeg = course;
  return s;
}
