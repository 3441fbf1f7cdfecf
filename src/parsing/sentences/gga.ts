// GGA: Global Positioning System fix data. No date: time of day only.
//
//         1         2       3 4        5 6 7  8   9    10 11  12 13  14
//         |         |       | |        | | |  |   |    |  |   |  |   |
//  $--GGA,hhmmss.ss,ddmm.mm,a,dddmm.mm,a,x,xx,x.x,x.x,M,x.x,M,x.x,xxxx*hh
//  1 time  2,3 latitude  4,5 longitude  6 quality 0..8  7 satellites USED  8 HDOP  9,10 altitude MSL (m)
//  11,12 geoid separation (m)  13 DGPS age (s)  14 DGPS station id
//
//  $GPGGA,193221.00,2037.72792,N,08704.08478,W,1,04,1.7,-30.40,M,-13.9,M,,*7D   (Ashtech AC12, gpsd ac12.log)
//  $GPGGA,,,,,,0,,,,,,,,*66                                                     (Quectel, nothing known)
//
// Decoded here, not by nmea-simple: its GGA stamps the host's date on the time, turns every empty field into 0
// and allocates a Date per sentence on the hottest path; nothing of its result would survive the wrapper.
// HDOP placeholders (99.99 no fix, 0.00) are kept as sent: the tracker judges them (gpsd ignores 0.01–89.99 outside).
import type { GgaQuality, GgaSentence } from "../../types.js";
import { type FieldContext, coordinateUnreadable, readCoordinate, readInteger, readNumber, readText, readTimeOfDay } from "../fields.js";
import { type EncodeStyle, type SentenceValues, fixed, formatCount, formatPosition, formatTimeOfDay, sentence } from "../encode.js";

export const GGA = "GGA" as const;

export function decodeGga(ctx: FieldContext): GgaSentence {
  const f = ctx.frame;
  const s: GgaSentence = {
    sentenceId: GGA,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  const lat = readCoordinate(ctx, 2, true);
  if (lat !== undefined) s.latitudeDeg = lat;
  const lon = readCoordinate(ctx, 4, false);
  if (lon !== undefined) s.longitudeDeg = lon;
  if (coordinateUnreadable(ctx, 2, lat) || coordinateUnreadable(ctx, 4, lon)) s.positionUnreadable = true;
  const quality = readInteger(ctx, 6, "quality", 0, 8);
  if (quality !== undefined) s.quality = quality as GgaQuality;
  const used = readInteger(ctx, 7, "satellites used", 0, 999);
  if (used !== undefined) s.satellitesUsed = used;
  const hdop = readNumber(ctx, 8, "HDOP", 0, 1000);
  if (hdop !== undefined) s.hdop = hdop;
  const alt = readNumber(ctx, 9, "altitude", -100_000, 1_000_000);
  if (alt !== undefined) s.altitudeMslM = alt;
  const sep = readNumber(ctx, 11, "geoid separation", -1000, 1000);
  if (sep !== undefined) s.geoidSeparationM = sep;
  const age = readNumber(ctx, 13, "DGPS age", 0, 1e9);
  if (age !== undefined) s.dgpsAgeS = age;
  const station = readText(ctx, 14);
  if (station !== undefined) s.dgpsStationId = station;
  return s;
}

/** The fields `decodeGga` reads, as a receiver in `style` writes them. */
export function encodeGga(s: SentenceValues<GgaSentence>, style: EncodeStyle): string {
  const unit = (value: number | undefined): string => (value !== undefined || style.unitsWhenEmpty ? "M" : "");
  return sentence(`${s.talker}GGA`, [
    formatTimeOfDay(s.timeOfDayMs, style.timeDecimals),
    ...formatPosition(s.latitudeDeg, s.longitudeDeg, style),
    s.quality === undefined ? "" : String(s.quality),
    formatCount(s.satellitesUsed, style),
    fixed(s.hdop, 2),
    fixed(s.altitudeMslM, 1),
    unit(s.altitudeMslM),
    fixed(s.geoidSeparationM, 1),
    unit(s.geoidSeparationM),
    fixed(s.dgpsAgeS, 1),
    s.dgpsStationId ?? "",
  ]);
}
