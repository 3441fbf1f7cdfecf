// VTG: track made good and ground speed.
//
//         1   2 3   4 5   6 7   8 9
//         |   | |   | |   | |   | |
//  $--VTG,x.x,T,x.x,M,x.x,N,x.x,K,m*hh
//  1 track true (deg)  3 track magnetic (deg)  5 speed (knots)  7 speed (km/h)  9 FAA mode (2.3+)
//
//  $GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,A*25     (gpsd processVTG example)
//  $GPVTG,,,,,,,,,N*30                              (u-blox, no fix: gpsd bt451.log)
//
// nmea-simple decodes it (no Date, plain numbers): its values are used where the raw field is present and valid.
import type { VtgSentence } from "../../types.js";
import { type FieldContext, isDecimalField, readLetter } from "../fields.js";
import { nmeaSimpleDecode } from "../nmea-simple.js";
import { FAA_MODES } from "./rmc.js";
import { type SentenceValues, fixed, sentence } from "../encode.js";

export const VTG = "VTG" as const;

export function decodeVtg(ctx: FieldContext): VtgSentence | undefined {
  const p = nmeaSimpleDecode(ctx, VTG);
  if (p?.sentenceId !== VTG) return undefined;
  const f = ctx.frame;
  const s: VtgSentence = {
    sentenceId: VTG,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  if (isDecimalField(ctx, 1, "track true", 0, 360)) s.trackTrueDeg = p.trackTrue;
  if (isDecimalField(ctx, 3, "track magnetic", 0, 360)) s.trackMagneticDeg = p.trackMagnetic;
  if (isDecimalField(ctx, 5, "speed (knots)", 0, 1e6)) s.speedKnots = p.speedKnots;
  if (isDecimalField(ctx, 7, "speed (km/h)", 0, 2e6) && p.speedKmph !== undefined) s.speedKmh = p.speedKmph;
  const mode = readLetter(ctx, 9, "FAA mode", FAA_MODES);
  if (mode !== undefined) s.faaMode = mode;
  return s;
}

/** The fields `decodeVtg` reads (NMEA 2.3 layout, with its unit letters). */
export function encodeVtg(s: SentenceValues<VtgSentence>): string {
  return sentence(`${s.talker}VTG`, [
    fixed(s.trackTrueDeg, 2),
    "T",
    fixed(s.trackMagneticDeg, 2),
    "M",
    fixed(s.speedKnots, 3),
    "N",
    fixed(s.speedKmh, 3),
    "K",
    s.faaMode ?? "",
  ]);
}
