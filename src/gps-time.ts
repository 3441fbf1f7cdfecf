// GPS time, defined once for every layer that converts to or from it (parsers, drivers, orbits, the simulator).

/**
 * GPS − UTC in seconds since 2017-01-01 (IERS Bulletin C; gpsd's BUILD_LEAPSECONDS): used where a receiver or a
 * file does not say it.
 */
export const GPS_UTC_LEAP_SECONDS = 18;
/** The start of GPS week 0: 1980-01-06 00:00:00 UTC */
export const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);
export const GPS_WEEK_MS = 604_800_000;

/** UTC ms → GPS week (extended, not rolled over) and time of week in seconds. */
export function gpsWeekTow(utcMs: number): { week: number; towS: number } {
  const gpsMs = utcMs + GPS_UTC_LEAP_SECONDS * 1000 - GPS_EPOCH_MS;
  const week = Math.floor(gpsMs / GPS_WEEK_MS);
  return { week, towS: (gpsMs - week * GPS_WEEK_MS) / 1000 };
}

/** GPS week and time of week (s) → UTC ms: the inverse of gpsWeekTow. */
export function utcMsFromGpsWeekTow(week: number, towS: number): number {
  return GPS_EPOCH_MS + week * GPS_WEEK_MS + towS * 1000 - GPS_UTC_LEAP_SECONDS * 1000;
}
