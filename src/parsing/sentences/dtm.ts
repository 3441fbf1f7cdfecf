// DTM: datum reference.
//
//         1   2 3   4 5   6 7   8
//         |   | |   | |   | |   |
//  $--DTM,ccc,a,x.x,a,x.x,a,x.x,ccc*hh
//  1 local datum (W84, W72, S85, P90, 999 user, IHO codes)  2 subdivision  3,4 latitude offset (minutes) N/S
//  5,6 longitude offset (minutes) E/W  7 altitude offset (m)  8 reference datum
//
//  $GPDTM,W84,,0.0,N,0.0,E,0.0,W84*6F               (u-blox default)
//  $GPDTM,W84,C*52                                  (Saab R4, gpsd saab-r4.log: short form)
//
// Decoded here, not by nmea-simple: it reads the offsets (minutes) as ddmm.mm coordinates (wrong from 100'
// on, 0 without a decimal point) and collapses any datum code other than W84/W72/S85/P90/999 to "".
import type { DtmSentence } from "../../types.js";
import { type FieldContext, field, invalid, readNumber, readText } from "../fields.js";

export const DTM = "DTM" as const;

export function decodeDtm(ctx: FieldContext): DtmSentence {
  const f = ctx.frame;
  const s: DtmSentence = {
    sentenceId: DTM,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const datum = readText(ctx, 1);
  if (datum !== undefined) s.datum = datum;
  const sub = readText(ctx, 2);
  if (sub !== undefined) s.subDatum = sub;
  const lat = signedOffset(ctx, 3, "latitude offset", "N", "S");
  if (lat !== undefined) s.latitudeOffsetMin = lat;
  const lon = signedOffset(ctx, 5, "longitude offset", "E", "W");
  if (lon !== undefined) s.longitudeOffsetMin = lon;
  const alt = readNumber(ctx, 7, "altitude offset", -1e6, 1e6);
  if (alt !== undefined) s.altitudeOffsetM = alt;
  const ref = readText(ctx, 8);
  if (ref !== undefined) s.referenceDatum = ref;
  return s;
}

function signedOffset(ctx: FieldContext, i: number, label: string, plus: string, minus: string): number | undefined {
  const v = readNumber(ctx, i, label, 0, 1e6);
  if (v === undefined) return undefined;
  const h = field(ctx, i + 1);
  if (h === plus) return v;
  if (h === minus) return -v;
  return invalid(ctx, `${label} direction`, h);
}
