// A log's own cadence, for what counts as a gap in it (the report's availability and its "Why" stretches): an
// interval over the gap threshold (10 s) and over 2.5 × the median of the last five intervals (state/recent-steps.ts,
// the cadence the tracker tells a jump of the receiver's time by).
import { CADENCE_FACTOR, createRecentSteps } from "../../state/recent-steps.js";

export interface Cadence {
  /** Take an interval between two epochs (per cycle), and return the longest one that is no gap, this one among the last. */
  allowanceMs(intervalMs: number): number;
  /** The median of the last intervals (0 before any) */
  readonly medianMs: number;
}

export function createCadence(gapThresholdMs: number): Cadence {
  const steps = createRecentSteps();
  return {
    allowanceMs(intervalMs) {
      if (intervalMs > 0) steps.take(intervalMs);
      return Math.max(gapThresholdMs, CADENCE_FACTOR * (steps.medianMs ?? 0));
    },
    get medianMs() {
      return steps.medianMs ?? 0;
    },
  };
}
