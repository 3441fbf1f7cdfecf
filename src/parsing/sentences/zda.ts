// ZDA: time and date, with a four-digit year (some multiplexers send two digits: read as RMC's) and the local zone.
//
//         1         2  3  4    5  6
//         |         |  |  |    |  |
//  $--ZDA,hhmmss.ss,xx,xx,xxxx,xx,xx*hh
//  1 time  2 day  3 month  4 year  5 local zone hours (−13..13)  6 local zone minutes
//
//  $GPZDA,193223.00,23,12,2007,00,00*69             (Ashtech AC12, gpsd ac12.log)
//  $GPZDA,,,,,,*48                                  (u-blox ANTARIS with no time: gpsd treats it as no time)
//
// Decoded here, not by nmea-simple: its ZDA builds one Date from time + date, so an empty time loses a valid
// date (1970) and an impossible date rolls over (month 13 → next year); the date must stay apart from the time.
import type { ZdaSentence } from "../../types.js";
import { type FieldContext, field, invalid, pivotYear, readInteger, readTimeOfDay, utcMidnightMs } from "../fields.js";
import { type EncodeStyle, type SentenceValues, formatTimeOfDay, pad, sentence } from "../encode.js";

export const ZDA = "ZDA" as const;

export function decodeZda(ctx: FieldContext): ZdaSentence {
  const f = ctx.frame;
  const s: ZdaSentence = {
    sentenceId: ZDA,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
  };
  const time = readTimeOfDay(ctx, 1);
  if (time !== undefined) s.timeOfDayMs = time;
  const day = readInteger(ctx, 2, "day", 1, 31);
  const month = readInteger(ctx, 3, "month", 1, 12);
  // a two-digit year (a Navico GoFree multiplexer's `$GPZDA,195719,16,04,14,-02,00`) pivots as RMC's does
  const twoDigitYear = ctx.ends[4] === (ctx.starts[4] as number) + 2;
  const year = twoDigitYear ? pivotYear(readInteger(ctx, 4, "year", 0, 99)) : readInteger(ctx, 4, "year", 1980, 2200);
  if (day !== undefined && month !== undefined && year !== undefined) {
    const date = utcMidnightMs(year, month, day);
    if (Number.isNaN(date)) invalid(ctx, "date", `${field(ctx, 2)}/${field(ctx, 3)}/${field(ctx, 4)}`);
    else s.dateMs = date;
  }
  const zoneHours = readInteger(ctx, 5, "local zone hours", -13, 13);
  if (zoneHours !== undefined) s.localZoneHours = zoneHours;
  const zoneMinutes = readInteger(ctx, 6, "local zone minutes", 0, 59);
  if (zoneMinutes !== undefined) s.localZoneMinutes = zoneMinutes;
  return s;
}

/** The fields `decodeZda` reads, as a receiver in `style` writes them. */
export function encodeZda(s: SentenceValues<ZdaSentence>, style: EncodeStyle): string {
  const d = s.dateMs === undefined ? undefined : new Date(s.dateMs);
  return sentence(`${s.talker}ZDA`, [
    formatTimeOfDay(s.timeOfDayMs, style.timeDecimals),
    d === undefined ? "" : pad(d.getUTCDate(), 2),
    d === undefined ? "" : pad(d.getUTCMonth() + 1, 2),
    d === undefined ? "" : String(d.getUTCFullYear()),
    s.localZoneHours === undefined ? "" : pad(s.localZoneHours, 2),
    s.localZoneMinutes === undefined ? "" : pad(s.localZoneMinutes, 2),
  ]);
}
