// GPS week rollover. GPS sends its week number in 10 bits: a receiver whose firmware does not know which
// 1024-week era it is in dates everything 1024 weeks (19.6 years) back once its era has ended (many did after
// 6 April 2019: a 2019 log decodes to 1999). Nothing in the sentences tells such a date from a genuinely old
// log, so the tracker says once that a date lies more than 1024 weeks before this gnsskit's release (a
// `week-rollover` event), and `weekRolloverFix` adds 1024 weeks to every date the receiver sends.
//
// The reference is the release date, not the wall clock: a log decodes to the same output whatever the day
// it is decoded (golden logs, reports compared over time); with the clock, a 2019 log would start to be
// doubted in 2038. The package has no build step that could stamp a date, and a stamp taken at build time
// would make two builds of one source differ: the date is set here with the version (a test checks the
// version matches package.json, so a release cannot forget it).
import { DAY_MS } from "./time.js";

/** This version and the day it was made. */
export const RELEASE = { version: "0.1.0", date: "2026-11-27" } as const;
export const RELEASE_DATE_MS = Date.parse(`${RELEASE.date}T00:00:00Z`);

/** 1024 GPS weeks. */
export const GPS_WEEK_ROLLOVER_MS = 1024 * 7 * DAY_MS;

/** A receiver date (ms since 1970) more than 1024 weeks before the release: old log, or a rollover victim. */
export function beforeRollover(timeMs: number): boolean {
  return timeMs < RELEASE_DATE_MS - GPS_WEEK_ROLLOVER_MS;
}
