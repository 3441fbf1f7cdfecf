// Dates for the epochs a log gives without one: before its first date, and after a gap or a jump of the receiver's
// time, which the date before does not cross (state/time.ts). GGA, GLL and GNS carry only a time of day; a logger
// that records GGA alone until its first RMC or ZDA leaves those fixes undated, and a GPX track without <time> is
// of little use. Once a date comes, the undated epochs before it are dated back from it, by the same rule that dates
// a time of day after it (state/time.ts): only a run whose time of day goes forward by steps of up to DATE_CARRY_MS
// is dated (across midnight the day before); a jump back or a longer gap (logs joined, the receiver's clock set)
// ends the run, and the epochs before it stay undated.
// For a log file's CSV, GPX, GeoJSON and KML: the epochs are held until the date comes, at most MAX_HELD_EPOCHS of
// them (then they are written undated, and no more are held); a live source's are written as they come.
// A log whose receiver never gives a date (a GGA-only logger) can be given one by its user (`decode --date`): the
// undated epochs are then dated forward from it as they come, by the same rule, and the receiver's own date, once
// it gives one, wins (a disagreement is reported).

import { DATE_CARRY_MS, DAY_MS, LATE_MS, resolveTime, setDate, type UtcDate } from "../state/time.js";
import type { Epoch } from "../types.js";
import type { EpochWriter } from "./writer.js";

const HALF_DAY_MS = DAY_MS / 2;
/** Undated epochs held at most: an hour of a 1 Hz logger (each held without its satellites' list: about 1.4 KB). */
export const MAX_HELD_EPOCHS = 3_600;

/** A time the receiver dated: the first dated epoch's, or the date the tracker was left with at the end. */
export interface DatedTime {
  timeMs: number;
  timeOfDayMs?: number;
}

/**
 * `held` (in order, all undated) dated back from `dated`, the first date after them: new epoch objects with
 * `timeMs` where the rule gives one, the others as they were.
 */
export function dateBack(held: readonly Epoch[], dated: DatedTime): Epoch[] {
  const out = held.slice();
  if (dated.timeOfDayMs === undefined) return out;
  // the date's midnight and the time of day it was last confirmed with, as resolveTime keeps them going forward
  let midnightMs = dated.timeMs - dated.timeOfDayMs;
  let laterTodMs = dated.timeOfDayMs;
  for (let i = held.length - 1; i >= 0; i--) {
    const epoch = held[i] as Epoch;
    const todMs = epoch.timeOfDayMs;
    if (todMs === undefined) continue;
    // a date in GPS week 0 is a clock that did not know its week: its time of day may be its default clock's too
    if (epoch.weekUnknown === true) break;
    const ahead = todMs - laterTodMs; // how far this epoch's time of day is past the one after it
    // the step from this epoch's time of day forward to the one after it, across midnight
    const stepMs = ahead > 0 ? DAY_MS - ahead : -ahead;
    let timeMs: number;
    if (stepMs <= DATE_CARRY_MS && ahead > HALF_DAY_MS) {
      // 23:59:59 before 00:00:00: this one is the day before, and so are those before it
      midnightMs -= DAY_MS;
      laterTodMs = todMs;
      timeMs = midnightMs + todMs;
    } else if (ahead < -HALF_DAY_MS && todMs + DAY_MS - laterTodMs <= LATE_MS) {
      // 00:00:00 before a late 23:59:59.5: this one is just past midnight, the late one stays the day before
      timeMs = midnightMs + DAY_MS + todMs;
    } else if (stepMs <= DATE_CARRY_MS || (ahead > 0 && ahead <= LATE_MS)) {
      laterTodMs = Math.min(laterTodMs, todMs);
      timeMs = midnightMs + todMs;
    } else {
      break; // a jump back (logs joined, a clock set), or a gap: the date after it may not be this one's (state/time.ts)
    }
    out[i] = { ...epoch, timeMs };
  }
  return out;
}

/**
 * What a writer needs of a held epoch: the epoch without its satellites' list (a view is some 10 KB once every GSV
 * changes it; the writers read its counts only). Made while it waits, not when it is written.
 */
function slim(epoch: Epoch): Epoch {
  const view = epoch.satellites;
  return view.satellites.length === 0 || view.inViewCount === 0 ? epoch : { ...epoch, satellites: { ...view, satellites: [] } };
}

export interface BackfillingWriter extends EpochWriter {
  /**
   * The date came after the last epoch (a ZDA closing the log): the held epochs dated back from it, as text. Call
   * before footer(), with the date the tracker ended with (TrackerState.dateMs + dateTimeOfDayMs); a date no later
   * than the last dated epoch's came before the held epochs, and dates none of them.
   */
  dateFrom(dated: DatedTime): string;
}

/** `inner` with the epochs before the first date held and dated back when it comes (see above). */
export function withDatesBackfilled(inner: EpochWriter, maxHeldEpochs = MAX_HELD_EPOCHS): BackfillingWriter {
  let held: Epoch[] = [];
  /** Too many epochs waited for a date: epochs go straight through from then on. */
  let passing = false;
  /** The last dated epoch's time: a date the tracker ends with that is no later came before the held epochs */
  let lastDatedMs: number | undefined;
  const release = (epochs: readonly Epoch[]): string => {
    let text = "";
    for (const epoch of epochs) text += inner.epoch(epoch);
    return text;
  };
  return {
    header: () => inner.header(),
    epoch(epoch) {
      if (passing) return inner.epoch(epoch);
      if (epoch.timeMs === undefined) {
        held.push(slim(epoch));
        if (held.length < maxHeldEpochs) return "";
        passing = true;
        const text = release(held);
        held = [];
        return text;
      }
      lastDatedMs = epoch.timeMs;
      if (held.length === 0) return inner.epoch(epoch);
      const text = release(dateBack(held, { timeMs: epoch.timeMs, ...(epoch.timeOfDayMs === undefined ? {} : { timeOfDayMs: epoch.timeOfDayMs }) }));
      held = [];
      return text + inner.epoch(epoch);
    },
    dateFrom(dated) {
      if (passing || held.length === 0) return "";
      // a date confirmed with the last dated epoch, before the jump that left the held ones undated, is not theirs
      if (lastDatedMs !== undefined && dated.timeMs <= lastDatedMs) return "";
      const text = release(dateBack(held, dated));
      held = [];
      return text;
    },
    footer() {
      const text = release(held);
      held = [];
      return text + inner.footer();
    },
  };
}

/**
 * `inner` with undated epochs dated forward from `dateMs` (UTC midnight of the log's first time of day, as its user
 * says), midnights counted as they pass; epochs the receiver dated pass as they are. `onDisagreement` hears once when
 * the receiver's first date is not the one the user's gives for that time (by more than a late sentence's lag).
 */
export function withAssumedDate(inner: EpochWriter, dateMs: number, onDisagreement: (receiverMs: number, assumedMs: number) => void): EpochWriter {
  /** The user's date, carried over midnights as the tracker carries the receiver's (state/time.ts) */
  const date: UtcDate = {};
  let checked = false;
  return {
    header: () => inner.header(),
    epoch(epoch) {
      const todMs = epoch.timeOfDayMs;
      // a receiver that did not know the GPS week may not have known the time of day either (its default clock)
      if (todMs === undefined || epoch.weekUnknown === true) return inner.epoch(epoch);
      if (date.dateMs === undefined) setDate(date, dateMs, todMs);
      const assumedMs = resolveTime(date, todMs, true) as number;
      if (epoch.timeMs === undefined) return inner.epoch({ ...epoch, timeMs: assumedMs });
      if (!checked) {
        checked = true;
        if (Math.abs(epoch.timeMs - assumedMs) > HALF_DAY_MS) onDisagreement(epoch.timeMs, assumedMs);
      }
      return inner.epoch(epoch);
    },
    footer: () => inner.footer(),
  };
}
