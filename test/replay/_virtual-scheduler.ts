import type { PacingScheduler } from "../../src/replay/pacing.js";

/** A scheduler whose time moves only when the replay sleeps: every wait is recorded, none is real. */
export function virtualScheduler(): PacingScheduler & { sleeps: number[] } {
  let nowMs = 0;
  const sleeps: number[] = [];
  return {
    sleeps,
    now: () => nowMs,
    sleep: async (ms) => {
      sleeps.push(ms);
      nowMs += ms;
    },
  };
}
