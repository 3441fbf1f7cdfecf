// GST: pseudorange error statistics (1-sigma, metres).
//
//         1         2   3   4   5   6   7   8
//         |         |   |   |   |   |   |   |
//  $--GST,hhmmss.ss,x.x,x.x,x.x,x.x,x.x,x.x,x.x*hh
//  1 time  2 RMS of the range residuals  3 error ellipse semi-major  4 semi-minor  5 orientation of the
//  semi-major axis (deg from true north)  6 latitude error  7 longitude error  8 altitude error
//
//  $GNGST,181141.00,46,,,,4.7,1.9,5.3*4A            (GlobalTop GR-8013, gpsd gr8013-w.log)
//
// nmea-simple decodes the numbers (vetted against the raw fields: empty would be 0); its time carries the
// host's date and is replaced by the raw time of day.
import type { GstSentence } from "../../types.js";
import { type FieldContext, isDecimalField, readTimeOfDay } from "../fields.js";
import { nmeaSimpleDecode } from "../nmea-simple.js";

export const GST = "GST" as const;

export function decodeGst(ctx: FieldContext): GstSentence | undefined {
  const p = nmeaSimpleDecode(ctx, GST);
  if (p?.sentenceId !== GST) return undefined;
  const f = ctx.frame;
  const s: GstSentence = {
    sentenceId: GST,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  if (isDecimalField(ctx, 2, "RMS", 0, 1e9)) s.rmsM = p.totalRms;
  if (isDecimalField(ctx, 3, "semi-major error", 0, 1e9)) s.semiMajorM = p.semiMajorError;
  if (isDecimalField(ctx, 4, "semi-minor error", 0, 1e9)) s.semiMinorM = p.semiMinorError;
  if (isDecimalField(ctx, 5, "orientation", -360, 360)) s.orientationDeg = p.orientationOfSemiMajorError;
  if (isDecimalField(ctx, 6, "latitude error", 0, 1e9)) s.latitudeErrorM = p.latitudeError;
  if (isDecimalField(ctx, 7, "longitude error", 0, 1e9)) s.longitudeErrorM = p.longitudeError;
  if (isDecimalField(ctx, 8, "altitude error", 0, 1e9)) s.altitudeErrorM = p.altitudeError;
  return s;
}
