// The sentences' clock of a plain log (state/time.ts): unwrapped over midnight, held against late sentences,
// and going on across a step back of the receiver's time (a clock reset or set back, logs joined).
import { describe, expect, it } from "vitest";
import { advanceSentenceClock, MAX_CYCLE_MS, type SentenceClock } from "../../src/state/time.js";

const tod = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;
const DAY_MS = 86_400_000;

function clockOver(times: number[]): number[] {
  const clock: SentenceClock = { days: 0, offsetMs: 0 };
  return times.map((t) => advanceSentenceClock(clock, t, MAX_CYCLE_MS, () => 1000));
}

describe("the sentences' clock", () => {
  it("crosses midnight forward", () => {
    expect(clockOver([tod(23, 59, 59), tod(0, 0, 0), tod(0, 0, 1)])).toEqual([tod(23, 59, 59), DAY_MS, DAY_MS + 1000]);
  });

  it("holds against a late sentence, also one from before midnight", () => {
    expect(clockOver([tod(12, 0, 0), tod(12, 0, 1), tod(12, 0, 0), tod(12, 0, 2)])).toEqual([tod(12, 0, 0), tod(12, 0, 1), tod(12, 0, 1), tod(12, 0, 2)]);
    expect(clockOver([tod(23, 59, 59), tod(0, 0, 0), tod(23, 59, 59), tod(0, 0, 1)])).toEqual([tod(23, 59, 59), DAY_MS, DAY_MS, DAY_MS + 1000]);
  });

  it("goes on one cycle after a step back within the day (gpsd's iTrek.log: 15:16 to 04:58), not standing still for 10 h", () => {
    expect(clockOver([tod(15, 16, 5), tod(15, 16, 6), tod(4, 58, 49), tod(4, 58, 50)])).toEqual([
      tod(15, 16, 5),
      tod(15, 16, 6),
      tod(15, 16, 7),
      tod(15, 16, 8),
    ]);
  });

  it("goes on one cycle after a step back over midnight at a log's start (gpsd's gp-320fw log: a reset from 00:03:46 to 23:59:48), not 23 h 56 min on", () => {
    expect(clockOver([tod(0, 3, 45), tod(0, 3, 46), tod(23, 59, 48), tod(23, 59, 49)])).toEqual([tod(0, 3, 45), tod(0, 3, 46), tod(0, 3, 47), tod(0, 3, 48)]);
  });

  it("keeps a step forward: a gap in the log is time that passed", () => {
    expect(clockOver([tod(3, 8, 51), tod(3, 8, 52), tod(3, 10, 7)])).toEqual([tod(3, 8, 51), tod(3, 8, 52), tod(3, 10, 7)]);
  });
});

describe("the sentences' clock across one time of day out of sequence", () => {
  const out = (times: number[], cycleMs = 2000): { clock: number[]; outOfSequence: (number | undefined)[] } => {
    const c: SentenceClock = { days: 0, offsetMs: 0 };
    const clock: number[] = [];
    const outOfSequence: (number | undefined)[] = [];
    for (const t of times) {
      clock.push(advanceSentenceClock(c, t, MAX_CYCLE_MS, () => cycleMs));
      outOfSequence.push(c.outOfSequenceTodMs);
      c.outOfSequenceTodMs = undefined;
    }
    return { clock, outOfSequence };
  };

  it("an hour that failed to carry (08:59:58, 08:00:00, 09:00:00): the clock goes on from before it, the time named", () => {
    const { clock, outOfSequence } = out([tod(8, 59, 56), tod(8, 59, 58), tod(8, 0, 0), tod(9, 0, 0), tod(9, 0, 2)]);
    expect(clock).toEqual([tod(8, 59, 56), tod(8, 59, 58), tod(9, 0, 0), tod(9, 0, 0), tod(9, 0, 2)]);
    expect(outOfSequence).toEqual([undefined, undefined, undefined, tod(8, 0, 0), undefined]);
  });

  it("over midnight: 23:59:58, 23:00:00, 00:00:00 is the next day's first second", () => {
    const { clock, outOfSequence } = out([tod(23, 59, 58), tod(23, 0, 0), tod(0, 0, 0), tod(0, 0, 2)]);
    expect(clock).toEqual([tod(23, 59, 58), DAY_MS, DAY_MS, DAY_MS + 2000]);
    expect(outOfSequence[2]).toBe(tod(23, 0, 0));
  });

  it("a time that comes back more than two cycles after the one before the step is no return: the step stands", () => {
    const { clock, outOfSequence } = out([tod(8, 59, 58), tod(8, 0, 0), tod(9, 0, 8)]);
    expect(outOfSequence).toEqual([undefined, undefined, undefined]);
    expect(clock[2]).toBe(tod(9, 0, 0) + 3_600_000 + 8000);
  });
});
