// GBS: GNSS satellite fault detection (RAIM).
//
//         1         2   3   4   5  6   7   8   9 10
//         |         |   |   |   |  |   |   |   | |
//  $--GBS,hhmmss.ss,x.x,x.x,x.x,xx,x.x,x.x,x.x,h,h*hh
//  1 time  2 latitude error (m)  3 longitude error (m)  4 altitude error (m)  5 id of the most likely failed
//  satellite  6 probability of missed detection  7 bias estimate of that satellite (m)  8 standard deviation
//  of the bias (m)  9 system id (4.10+)  10 signal id (4.10+)
//
//  $GPGBS,194907.00,3.0,1.9,4.2,,,,*4E              (Digital Yacht AIT250, gpsd ait250.log)
//
// Decoded here: nmea-simple 3.3.0 has no GBS codec. The u-blox manual shows signed error values: no sign check.
import type { GbsSentence } from "../../types.js";
import { type FieldContext, readHexDigit, readInteger, readNumber, readTimeOfDay } from "../fields.js";

export const GBS = "GBS" as const;

export function decodeGbs(ctx: FieldContext): GbsSentence {
  const f = ctx.frame;
  const s: GbsSentence = {
    sentenceId: GBS,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  const latErr = readNumber(ctx, 2, "latitude error", -1e9, 1e9);
  if (latErr !== undefined) s.latitudeErrorM = latErr;
  const lonErr = readNumber(ctx, 3, "longitude error", -1e9, 1e9);
  if (lonErr !== undefined) s.longitudeErrorM = lonErr;
  const altErr = readNumber(ctx, 4, "altitude error", -1e9, 1e9);
  if (altErr !== undefined) s.altitudeErrorM = altErr;
  const failed = readInteger(ctx, 5, "failed satellite id", 1, 999);
  if (failed !== undefined) s.failedSatelliteId = failed;
  const missed = readNumber(ctx, 6, "probability of missed detection", 0, 1);
  if (missed !== undefined) s.missedDetectionProbability = missed;
  const bias = readNumber(ctx, 7, "bias", -1e9, 1e9);
  if (bias !== undefined) s.biasM = bias;
  const biasSd = readNumber(ctx, 8, "bias standard deviation", 0, 1e9);
  if (biasSd !== undefined) s.biasStdDevM = biasSd;
  const systemId = readInteger(ctx, 9, "system id", 0, 15);
  if (systemId !== undefined) s.systemId = systemId;
  const signalId = readHexDigit(ctx, 10, "signal id");
  if (signalId !== undefined) s.signalId = signalId;
  return s;
}
