// A log's own cadence, for what counts as a gap in it (the report's availability and its "Why" stretches): an
// interval over the gap threshold (10 s) and over 2.5 × the median of the last five intervals. A logger or a
// power-saving receiver at one cycle every 12 or 60 s owns its intervals; one hole does not move the median.

/** An interval this many times the log's own cadence (and over the gap threshold) is a gap in it. */
const CADENCE_GAP_FACTOR = 2.5;
const INTERVALS_KEPT = 5;

export interface Cadence {
  /** Take an interval between two epochs (per cycle), and return the longest one that is no gap, this one among the last. */
  allowanceMs(intervalMs: number): number;
  /** The median of the last intervals (0 before any) */
  readonly medianMs: number;
}

export function createCadence(gapThresholdMs: number): Cadence {
  const recent: number[] = [];
  /** The same intervals in order, kept beside them: a median per epoch without sorting a copy */
  const sorted: number[] = [];
  const median = (): number => (sorted.length === 0 ? 0 : (sorted[sorted.length >> 1] as number));
  const take = (intervalMs: number): void => {
    recent.push(intervalMs);
    let at = sorted.length;
    while (at > 0 && (sorted[at - 1] as number) > intervalMs) at--;
    sorted.splice(at, 0, intervalMs);
    if (recent.length > INTERVALS_KEPT) sorted.splice(sorted.indexOf(recent.shift() as number), 1);
  };
  return {
    allowanceMs(intervalMs) {
      if (intervalMs > 0) take(intervalMs);
      return Math.max(gapThresholdMs, CADENCE_GAP_FACTOR * median());
    },
    get medianMs() {
      return median();
    },
  };
}
