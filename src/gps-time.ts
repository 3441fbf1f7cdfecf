// GPS time, defined once for every layer that converts to or from it (parsers, drivers, orbits, the simulator).

/**
 * GPS − UTC in seconds since 2017-01-01 (IERS Bulletin C; gpsd's BUILD_LEAPSECONDS): used where a receiver or a
 * file does not say it.
 */
export const GPS_UTC_LEAP_SECONDS = 18;
/** The start of GPS week 0: 1980-01-06 00:00:00 UTC */
export const GPS_EPOCH_MS = Date.UTC(1980, 0, 6);
export const GPS_WEEK_MS = 604_800_000;
