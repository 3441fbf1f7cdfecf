// GRS: GNSS range residuals (NMEA 0183 standard), one per constellation's used list.
//
//         1         2 3   4        14  15 16
//         |         | |   |   …    |   |  |
//  $--GRS,hhmmss.ss,d,x.x,x.x,…,x.x,h,h*hh
//  1 time of the GGA/GNS fix the residuals belong to  2 mode: 0 the residuals were used to calculate that
//  position, 1 they were recomputed after it  3–14 range residual of each satellite (m), in the order of the
//  cycle's GSA used list (empty: no satellite in that slot)  15 system id (4.10+)  16 signal id (4.10+)
//
//  $GNGRS,181604.00,1,,,,,,,,,,,,*5A                 (u-blox NEO-M8N without a fix: every slot empty)
//
// Decoded here (nmea-simple has no GRS codec). Nothing of it goes into the epoch: its time restates the cycle's
// (the registry makes it neutral to the cycle detector, as two of them per cycle, one per constellation, are the rule).
import type { GrsSentence } from "../../types.js";
import { type FieldContext, readHexDigit, readInteger, readNumber, readTimeOfDay } from "../fields.js";

export const GRS = "GRS" as const;
/** Residual slots in a GRS (fields 3–14), as in GSA */
const SLOTS = 12;

export function decodeGrs(ctx: FieldContext): GrsSentence {
  const f = ctx.frame;
  const s: GrsSentence = {
    sentenceId: GRS,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
    residualsM: [],
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  const mode = readInteger(ctx, 2, "residual mode", 0, 1);
  if (mode === 0 || mode === 1) s.residualMode = mode;
  const last = Math.min(ctx.count - 1, 2 + SLOTS);
  for (let i = 3; i <= last; i++) s.residualsM.push(readNumber(ctx, i, "range residual", -1e6, 1e6) ?? null);
  const systemId = readInteger(ctx, 3 + SLOTS, "system id", 0, 15);
  if (systemId !== undefined) s.systemId = systemId;
  const signalId = readHexDigit(ctx, 4 + SLOTS, "signal id");
  if (signalId !== undefined) s.signalId = signalId;
  return s;
}
