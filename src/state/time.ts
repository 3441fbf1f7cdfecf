// Time handling (domain.md §4.8): GGA/GLL/GNS carry only the time of day; RMC and ZDA add the date.
// A time of day joins the last known date while the receiver's time runs on from the time the date was last
// confirmed with (forward by up to DATE_CARRY_MS, back by a late sentence's lag): across midnight (23:59:59 →
// 00:00:00) the date moves on one day and stays there; a late sentence just after midnight is the day before. After
// a longer gap or a jump back of the receiver's time (logs joined, a receiver restarted another day) no date is
// known until the receiver gives one again: the one before may be days or years old.

export const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;

/**
 * The end of GPS week 0 (1980-01-13): no receiver dates anything before it from the satellites. Its default clock
 * starts at GPS time 0 (MediaTek 1980-01-05 23:59:43, GPS time 0 less its leap seconds; u-blox 1980-01-06), and
 * once the satellites gave it the time of week but not yet the week number (subframe 1) it says the right time
 * of day on a date in week 0 (a SIM33: 13:22:20 on 1980-01-10 for 2017-05-25, the same weekday).
 */
export const GPS_WEEK_1_MS = Date.UTC(1980, 0, 13);

export interface UtcDate {
  /** UTC midnight of the date, ms since 1970 */
  dateMs?: number;
  /** The time of day the date was last confirmed with */
  dateTodMs?: number;
  /** Added to every date set (1024 weeks to undo a GPS week rollover, week-rollover.ts) */
  offsetMs?: number;
  /**
   * The receiver's last date lay before GPS_WEEK_1_MS: it does not know the GPS week, so it has no date (its times
   * of day get none) until it sends one; `dateMs` keeps the last date it knew.
   */
  weekUnknown?: boolean;
  /** The last date the receiver sent, a week-0 one too (its clock's steps are judged on it, state/tracker.ts) */
  statedMs?: number;
}

export function setDate(d: UtcDate, dateMs: number, todMs: number | undefined): void {
  // judged on the date as sent: a week-0 date is no date, whatever offset is added to real ones
  d.weekUnknown = dateMs < GPS_WEEK_1_MS;
  d.statedMs = dateMs + (d.offsetMs ?? 0);
  if (d.weekUnknown) return;
  d.dateMs = dateMs + (d.offsetMs ?? 0);
  d.dateTodMs = todMs ?? 0;
}

/** A time step longer than this between two cycles is a gap, not a cycle (no ender is learned from it). */
export const MAX_CYCLE_MS = 30_000;

/**
 * The longest step forward of the receiver's time a date is carried across: a logger writing a GGA a minute, or an
 * hour, keeps its date; two sessions of a logger that appends them to one file, hours or days apart, do not share it
 * (a gap it cannot tell from a day or more: a session ending at 03:07 and one starting at 09:47 four years later).
 */
export const DATE_CARRY_MS = 3_600_000;
/** A time of day this far behind the one the date was confirmed with is a late sentence, not a jump back. */
export const LATE_MS = 2_000;

/**
 * UTC ms for a time of day, or undefined while no date is known: none was given, or the receiver's time left the
 * one the date was last confirmed with by a gap or a jump (see above). Rolls the date over midnight. `acrossGaps`:
 * a date its user asserts for the whole log (decode --date) is carried across them too, as the nearest midnight says.
 */
export function resolveTime(d: UtcDate, todMs: number, acrossGaps = false): number | undefined {
  if (d.dateMs === undefined || d.dateTodMs === undefined || d.weekUnknown === true) return undefined;
  const diff = todMs - d.dateTodMs;
  // forward across midnight, or back across it (a late sentence of the day before)
  const forwardMs = diff < -HALF_DAY_MS ? diff + DAY_MS : diff;
  const backMs = diff > HALF_DAY_MS ? DAY_MS - diff : -diff;
  if (forwardMs >= 0 && forwardMs <= DATE_CARRY_MS) {
    if (diff < 0) d.dateMs += DAY_MS;
    d.dateTodMs = todMs;
    return d.dateMs + todMs;
  }
  if (backMs > 0 && backMs <= LATE_MS) return diff > HALF_DAY_MS ? d.dateMs - DAY_MS + todMs : d.dateMs + todMs;
  if (!acrossGaps) return undefined;
  if (diff < -HALF_DAY_MS) d.dateMs += DAY_MS;
  else if (diff > HALF_DAY_MS) return d.dateMs - DAY_MS + todMs;
  d.dateTodMs = todMs;
  return d.dateMs + todMs;
}

/**
 * A monotonic clock made of sentence times of day (timeBase "sentence"): a plain log replayed as fast
 * as possible. The time of day is unwrapped across midnight; a time that goes backwards (a late or
 * leading sentence) does not move the clock back. A time further back than a late sentence can lag
 * (`stepBackMs`) is the receiver's time being set back, or logs joined: the clock goes on one cycle
 * (`cycleMs()`) after where it was (the step is taken off, `offsetMs`), instead of standing still until the
 * time of day catches up. When the next time of day comes back to a cycle or two after the one before that step,
 * the one cycle between said a wrong time (an instrument whose hour failed to carry: 08:59:58, 08:00:00,
 * 09:00:00): no step was taken, and the clock goes on from before it (`outOfSequenceTodMs` says which time).
 */
export interface SentenceClock {
  lastTodMs?: number;
  days: number;
  nowMs?: number;
  offsetMs: number;
  /** The clock before its last step back, while the time of day after that step's may still return next to it */
  beforeStepBack?: { days: number; offsetMs: number; todMs: number; unwrappedMs: number; stepTodMs: number } | undefined;
  /** The time of day of the cycle last found out of sequence; the caller reads it and clears it */
  outOfSequenceTodMs?: number | undefined;
}

/** A time of day's difference, within half a day either way (across midnight) */
const todDiffMs = (toMs: number, fromMs: number): number => ((((toMs - fromMs) % DAY_MS) + DAY_MS + HALF_DAY_MS) % DAY_MS) - HALF_DAY_MS;

export function advanceSentenceClock(c: SentenceClock, todMs: number, stepBackMs: number, cycleMs: () => number): number {
  const back = c.beforeStepBack;
  if (back !== undefined && todMs !== back.stepTodMs) {
    c.beforeStepBack = undefined;
    const sinceMs = todDiffMs(todMs, back.todMs);
    // "a cycle or two": the cycle that said the wrong time, and the one it stood for if it replaced it
    if (sinceMs > 0 && sinceMs <= 2.5 * cycleMs()) {
      c.outOfSequenceTodMs = back.stepTodMs;
      c.offsetMs = back.offsetMs;
      c.days = back.days + Math.round((back.todMs + sinceMs - todMs) / DAY_MS);
      c.lastTodMs = todMs;
      const unwrapped = back.unwrappedMs + sinceMs;
      c.nowMs = c.nowMs === undefined ? unwrapped : Math.max(c.nowMs, unwrapped);
      return c.nowMs;
    }
  }
  const before = c.lastTodMs === undefined ? undefined : { days: c.days, todMs: c.lastTodMs };
  if (c.lastTodMs !== undefined && todMs < c.lastTodMs - HALF_DAY_MS) c.days++;
  else if (c.lastTodMs !== undefined && todMs > c.lastTodMs + HALF_DAY_MS) c.days--;
  c.lastTodMs = todMs;
  const candidate = c.days * DAY_MS + todMs + c.offsetMs;
  if (c.nowMs !== undefined && candidate < c.nowMs - stepBackMs) {
    if (before !== undefined) {
      const unwrappedMs = before.days * DAY_MS + before.todMs + c.offsetMs;
      c.beforeStepBack = { days: before.days, offsetMs: c.offsetMs, todMs: before.todMs, unwrappedMs, stepTodMs: todMs };
    }
    c.offsetMs += c.nowMs + cycleMs() - candidate;
    c.nowMs += cycleMs();
    return c.nowMs;
  }
  c.nowMs = c.nowMs === undefined ? candidate : Math.max(c.nowMs, candidate);
  return c.nowMs;
}
