// THS: true heading and status (NMEA 4.x). No time: it describes the cycle it is sent in.
//
//         1   2
//         |   |
//  $--THS,x.x,a*hh
//  1 heading, degrees true (0–360)  2 mode: A autonomous, E estimated (dead reckoning), M manual input,
//  S simulator, V not valid
//
//  $GNTHS,244.28,A*11       (SkyTraq PX1172RH moving base, gpsd skytraq-PX1172RH_DS.log)
//
// The heading is kept with its mode; the tracker takes it unless the mode is V. gpsd 3.2x parses THS but
// does not report its heading (its handler stops after the checks).
import type { ThsSentence } from "../../types.js";
import { type FieldContext, readLetter, readNumber } from "../fields.js";

export const THS = "THS" as const;

export function decodeThs(ctx: FieldContext): ThsSentence {
  const f = ctx.frame;
  const s: ThsSentence = { sentenceId: THS, talker: ctx.talker, system: ctx.system, raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  const heading = readNumber(ctx, 1, "heading", 0, 360);
  if (heading !== undefined) s.headingTrueDeg = heading;
  const mode = readLetter(ctx, 2, "mode indicator", "AEMSV");
  if (mode !== undefined) s.modeIndicator = mode;
  return s;
}
