// GNS: GNSS fix data, multi-constellation (one mode letter per system).
//
//         1         2       3 4        5 6    7  8   9   10  11  12   13
//         |         |       | |        | |    |  |   |   |   |   |    |
//  $--GNS,hhmmss.ss,ddmm.mm,a,dddmm.mm,a,c--c,xx,x.x,x.x,x.x,x.x,xxxx,a*hh
//  1 time  2,3 latitude  4,5 longitude  6 mode letters (GPS, GLONASS, Galileo, BeiDou, QZSS, NavIC; N = unused)
//  7 satellites used  8 HDOP  9 altitude MSL (m)  10 geoid separation (m)  11 DGPS age  12 DGPS station
//  13 navigational status (4.10+)
//
//  $GNGNS,074150.799,,,,,NNNN,00,,,0.0,,0000*63    (SiRF-TriG, gpsd beidou-bd.log: no fix, placeholder fields)
//
// nmea-simple decodes position and numbers (vetted against the raw fields: it turns empty into 0); its time
// carries the host's date and is replaced by the raw time of day; its `satellitesInView` is satellites used.
import type { GnsSentence } from "../../types.js";
import {
  type FieldContext,
  coordinateUnreadable,
  invalid,
  isDecimalField,
  readCoordinate,
  readInteger,
  readLetter,
  readText,
  readTimeOfDay,
} from "../fields.js";
import { nmeaSimpleDecode } from "../nmea-simple.js";

export const GNS = "GNS" as const;

export function decodeGns(ctx: FieldContext): GnsSentence | undefined {
  const p = nmeaSimpleDecode(ctx, GNS);
  if (p?.sentenceId !== GNS) return undefined;
  const f = ctx.frame;
  const s: GnsSentence = {
    sentenceId: GNS,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  const lat = readCoordinate(ctx, 2, true);
  if (lat !== undefined) s.latitudeDeg = p.latitude;
  const lon = readCoordinate(ctx, 4, false);
  if (lon !== undefined) s.longitudeDeg = p.longitude;
  if (coordinateUnreadable(ctx, 2, lat) || coordinateUnreadable(ctx, 4, lon)) s.positionUnreadable = true;
  const modes = readText(ctx, 6);
  if (modes !== undefined) {
    if (isModeString(modes)) s.modeIndicators = modes;
    else invalid(ctx, "mode indicator", modes);
  }
  // Vetted as an integer here; nmea-simple's parseInt would read "12x" as 12.
  if (readInteger(ctx, 7, "satellites used", 0, 999) !== undefined) s.satellitesUsed = p.satellitesInView;
  if (isDecimalField(ctx, 8, "HDOP", 0, 1000)) s.hdop = p.horizontalDilution;
  if (isDecimalField(ctx, 9, "altitude", -100_000, 1_000_000)) s.altitudeMslM = p.altitudeMeters;
  if (isDecimalField(ctx, 10, "geoid separation", -1000, 1000)) s.geoidSeparationM = p.geoidalSeperation;
  if (isDecimalField(ctx, 11, "DGPS age", 0, 1e9) && p.differentialAge !== undefined) s.dgpsAgeS = p.differentialAge;
  const station = readText(ctx, 12);
  if (station !== undefined) s.dgpsStationId = station;
  const nav = readLetter(ctx, 13, "navigational status", "SCUVADEMN");
  if (nav !== undefined) s.navStatus = nav;
  return s;
}

function isModeString(s: string): boolean {
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 65 || c > 90) return false;
  }
  return true;
}
