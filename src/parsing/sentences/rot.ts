// ROT: rate of turn, from a gyro compass or a heading sensor. No time: it describes the cycle it is sent in.
//
//         1   2
//         |   |
//  $--ROT,x.x,A*hh
//  1 rate of turn, degrees per minute (negative: the bow turns to port)  2 status A valid, V not valid
//
//  $HEROT,0.0,A*2B          (Saab R4 AIS with a gyro compass, gpsd saab-r4.log)
//
// Decoded here: nmea-simple has no ROT codec. The tracker takes the rate only when the status is A (gpsd).
import type { RotSentence } from "../../types.js";
import { type FieldContext, readLetter, readNumber } from "../fields.js";

export const ROT = "ROT" as const;

/** Far beyond any vessel's or vehicle's turn (a full turn a second is 21 600 deg/min). */
const MAX_RATE_DEG_PER_MIN = 100_000;

export function decodeRot(ctx: FieldContext): RotSentence {
  const f = ctx.frame;
  const s: RotSentence = { sentenceId: ROT, talker: ctx.talker, system: ctx.system, raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  const rate = readNumber(ctx, 1, "rate of turn", -MAX_RATE_DEG_PER_MIN, MAX_RATE_DEG_PER_MIN);
  if (rate !== undefined) s.rateOfTurnDegPerMin = rate;
  const status = readLetter(ctx, 2, "status", "AV");
  if (status !== undefined) s.status = status === "A" ? "valid" : "invalid";
  return s;
}
