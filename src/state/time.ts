// Time handling (domain.md §4.8): GGA/GLL/GNS carry only the time of day; RMC and ZDA add the date.
// A time of day joins the last known date. When the time of day runs more than 12 h behind the time
// the date came with, midnight has passed (23:59:59 → 00:00:00): the date moves on one day and stays
// there. A time more than 12 h ahead is the previous day (a late sentence just after midnight).

export const DAY_MS = 86_400_000;
const HALF_DAY_MS = DAY_MS / 2;

export interface UtcDate {
  /** UTC midnight of the date, ms since 1970 */
  dateMs?: number;
  /** The time of day the date was last confirmed with */
  dateTodMs?: number;
  /** Added to every date set (1024 weeks to undo a GPS week rollover, week-rollover.ts) */
  offsetMs?: number;
}

export function setDate(d: UtcDate, dateMs: number, todMs: number | undefined): void {
  d.dateMs = dateMs + (d.offsetMs ?? 0);
  d.dateTodMs = todMs ?? 0;
}

/** UTC ms for a time of day, or undefined while no date is known. Rolls the date over midnight. */
export function resolveTime(d: UtcDate, todMs: number): number | undefined {
  if (d.dateMs === undefined || d.dateTodMs === undefined) return undefined;
  const diff = todMs - d.dateTodMs;
  if (diff < -HALF_DAY_MS) {
    d.dateMs += DAY_MS;
    d.dateTodMs = todMs;
    return d.dateMs + todMs;
  }
  if (diff > HALF_DAY_MS) return d.dateMs - DAY_MS + todMs;
  d.dateTodMs = todMs;
  return d.dateMs + todMs;
}

/** A time step longer than this between two cycles is a gap, not a cycle (no ender is learned from it). */
export const MAX_CYCLE_MS = 30_000;

/**
 * A monotonic clock made of sentence times of day (timeBase "sentence"): a plain log replayed as fast
 * as possible. The time of day is unwrapped across midnight; a time that goes backwards (a late or
 * leading sentence) does not move the clock back. A time further back than a late sentence can lag
 * (`stepBackMs`) is the receiver's time being set back, or logs joined: the clock goes on one cycle
 * (`cycleMs()`) after where it was (the step is taken off, `offsetMs`), instead of standing still until the
 * time of day catches up.
 */
export interface SentenceClock {
  lastTodMs?: number;
  days: number;
  nowMs?: number;
  offsetMs: number;
}

export function advanceSentenceClock(c: SentenceClock, todMs: number, stepBackMs: number, cycleMs: () => number): number {
  if (c.lastTodMs !== undefined && todMs < c.lastTodMs - HALF_DAY_MS) c.days++;
  else if (c.lastTodMs !== undefined && todMs > c.lastTodMs + HALF_DAY_MS) c.days--;
  c.lastTodMs = todMs;
  const candidate = c.days * DAY_MS + todMs + c.offsetMs;
  if (c.nowMs !== undefined && candidate < c.nowMs - stepBackMs) {
    c.offsetMs += c.nowMs + cycleMs() - candidate;
    c.nowMs += cycleMs();
    return c.nowMs;
  }
  c.nowMs = c.nowMs === undefined ? candidate : Math.max(c.nowMs, candidate);
  return c.nowMs;
}
