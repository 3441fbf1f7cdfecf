// The median of a receiver's last few steps between cycles, kept in order as they come (no sorted copy per step):
// its cadence, against which a step is told from a gap or a jump (cycles.ts rule 16, report/cadence.ts). A logger
// or a power-saving receiver at one cycle every 12 or 60 s owns its steps; one hole does not move the median.

/** A step this many times the cadence is no cycle of the receiver's (and a gap in its log). */
export const CADENCE_FACTOR = 2.5;
const STEPS_KEPT = 5;

export interface RecentSteps {
  take(stepMs: number): void;
  /** The median of the last steps taken, undefined before any */
  readonly medianMs: number | undefined;
}

export function createRecentSteps(): RecentSteps {
  const recent: number[] = [];
  const sorted: number[] = [];
  return {
    take(stepMs) {
      recent.push(stepMs);
      let at = sorted.length;
      while (at > 0 && (sorted[at - 1] as number) > stepMs) at--;
      sorted.splice(at, 0, stepMs);
      if (recent.length > STEPS_KEPT) sorted.splice(sorted.indexOf(recent.shift() as number), 1);
    },
    get medianMs() {
      return sorted.length === 0 ? undefined : (sorted[sorted.length >> 1] as number);
    },
  };
}
