// PGRME: Garmin's estimated position error (Garmin "Proprietary NMEA 0183 Sentences", 190-00684-00).
//
//         1   2 3   4 5   6
//         |   | |   | |   |
//  $PGRME,x.x,M,x.x,M,x.x,M*hh
//  1 estimated horizontal position error (HPE)  3 vertical (VPE)  5 overall spherical (EPE); 2, 4, 6 unit M
//
//  $PGRME,9.1,M,15.0,M,12.0,M*21       (Garmin 48, gpsd garmin48.log)
//  $PGRME,17.4,M,40.3,M,43.9,M*15      (Garmin, gpsd tn204.log)
//
// The figures are kept as sent; Garmin states no confidence for them (src/state/extras.ts converts them to
// gnsskit's 95 % figures as gpsd does). A value whose unit is not M is not taken (gpsd takes none then).
import type { PgrmeSentence } from "../../types.js";
import { type FieldContext, readLetter, readNumber } from "../fields.js";

export const PGRME = "PGRME" as const;

export function decodePgrme(ctx: FieldContext): PgrmeSentence {
  const f = ctx.frame;
  const s: PgrmeSentence = { sentenceId: PGRME, talker: "P", system: "unknown", raw: f.text, checksum: f.checksum, receivedAtMs: f.receivedAtMs };
  const horizontal = metres(ctx, 1, "horizontal error");
  if (horizontal !== undefined) s.horizontalErrorM = horizontal;
  const vertical = metres(ctx, 3, "vertical error");
  if (vertical !== undefined) s.verticalErrorM = vertical;
  const spherical = metres(ctx, 5, "spherical error");
  if (spherical !== undefined) s.sphericalErrorM = spherical;
  return s;
}

/** A non-negative distance at field i whose unit (field i + 1) is M. */
function metres(ctx: FieldContext, i: number, label: string): number | undefined {
  const value = readNumber(ctx, i, label, 0, 1e7);
  const unit = readLetter(ctx, i + 1, `${label} unit`, "M");
  return unit === "M" ? value : undefined;
}
