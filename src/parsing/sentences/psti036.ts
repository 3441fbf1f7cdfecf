// PSTI,036: SkyTraq heading, pitch and roll of an RTK moving-base antenna pair (see psti030.ts for the family).
//
//            1   2          3      4   5   6   7
//            |   |          |      |   |   |   |
//  $PSTI,036,hhmmss.sss,ddmmyy,x.x,x.x,x.x,a*hh
//  2 time  3 date  4 heading 0–360  5 pitch −90..90  6 roll −90..90 (degrees)  7 mode (FAA letters; N: not valid)
//
//  $PSTI,036,003832.000,290322,244.28,2.77,0.00,R*5D     (SkyTraq PX1172RH, gpsd skytraq-PX1172RH_DS.log)
//
// Its time and date are decoded but take no part in the tracker's cycles.
import type { Psti036Sentence } from "../../types.js";
import { type FieldContext, readLetter, readNumber } from "../fields.js";
import { PSTI_MODES, readPstiTime } from "./psti030.js";

export function decodePsti036(ctx: FieldContext): Psti036Sentence {
  const f = ctx.frame;
  const s: Psti036Sentence = { sentenceId: "PSTI036", talker: "P", system: "unknown", raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  readPstiTime(ctx, s, 2, 3);
  const heading = readNumber(ctx, 4, "heading", 0, 360);
  if (heading !== undefined) s.headingTrueDeg = heading;
  const pitch = readNumber(ctx, 5, "pitch", -90, 90);
  if (pitch !== undefined) s.pitchDeg = pitch;
  const roll = readNumber(ctx, 6, "roll", -90, 90);
  if (roll !== undefined) s.rollDeg = roll;
  const mode = readLetter(ctx, 7, "mode indicator", PSTI_MODES);
  if (mode !== undefined) s.modeIndicator = mode;
  return s;
}
