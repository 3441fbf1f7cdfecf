// HDT: true heading, from a gyro compass or a dual-antenna GNSS receiver. No time: it describes the cycle it
// is sent in.
//
//         1   2
//         |   |
//  $--HDT,x.x,T*hh
//  1 heading, degrees true (0–360)  2 T (true)
//
//  $HEHDT,4.0,T*2B          (Saab R4 AIS with a gyro compass, gpsd saab-r4.log)
//  $GNHDT,244.28,T*13       (SkyTraq PX1172RH moving base, gpsd skytraq-PX1172RH_DS.log)
//
// Decoded here: nmea-simple's HDT turns an empty heading into 0. A heading outside 0–360 is not taken (gpsd
// drops it too).
import type { HdtSentence } from "../../types.js";
import { type FieldContext, isEmpty, readLetter, readNumber } from "../fields.js";

export const HDT = "HDT" as const;

export function decodeHdt(ctx: FieldContext): HdtSentence {
  const f = ctx.frame;
  const s: HdtSentence = { sentenceId: HDT, talker: ctx.talker, system: ctx.system, raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  const heading = readNumber(ctx, 1, "heading", 0, 360);
  // a heading marked other than true (T) is not a true heading
  const reference = isEmpty(ctx, 2) ? "T" : readLetter(ctx, 2, "heading reference", "T");
  if (heading !== undefined && reference === "T") s.headingTrueDeg = heading;
  return s;
}
