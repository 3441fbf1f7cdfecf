// PGRMZ: Garmin's altitude sentence (Garmin "Proprietary NMEA 0183 Sentences", 190-00684-00 rev. C).
//
//         1   2 3
//         |   | |
//  $PGRMZ,x.x,f,x*hh
//  1 altitude (Garmin: above mean sea level, the GGA altitude)  2 unit, f = feet  3 fix dimension 1 none, 2 2D, 3 3D
//
//  $PGRMZ,48,f,3*27         (Garmin 48, gpsd garmin48.log: 48 ft = 14.6304 m, GGA says 14.7 M)
//  $PGRMZ,125,f,3*1D        (Garmin 38, gpsd garmin38.log)
//
// Decoded here: nmea-simple has no PGRMZ codec. Unit f (feet) is converted, M taken as metres; any other
// unit is not guessed at (the altitude stays undefined). Decimals are kept (gpsd's atoi drops them).
import type { PgrmzSentence } from "../../types.js";
import { type FieldContext, readInteger, readLetter, readNumber } from "../fields.js";

export const PGRMZ = "PGRMZ" as const;
const FEET_TO_METRES = 0.3048;

export function decodePgrmz(ctx: FieldContext): PgrmzSentence {
  const f = ctx.frame;
  const s: PgrmzSentence = {
    sentenceId: PGRMZ,
    talker: "P",
    system: "unknown",
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const altitude = readNumber(ctx, 1, "altitude", -100_000, 10_000_000);
  const unit = readLetter(ctx, 2, "altitude unit", "fM");
  if (altitude !== undefined && unit === "f") s.altitudeMslM = altitude * FEET_TO_METRES;
  else if (altitude !== undefined && unit === "M") s.altitudeMslM = altitude;
  const mode = readInteger(ctx, 3, "fix dimension", 1, 3);
  if (mode !== undefined) s.fixMode = mode as 1 | 2 | 3;
  return s;
}
