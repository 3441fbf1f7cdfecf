// A date is carried from the time of day it was confirmed with only while the receiver's time runs on (state/time.ts):
// forward by up to an hour (a GGA a minute or an hour keeps it), across midnight, back by a late sentence's 2 s.
import { describe, expect, it } from "vitest";
import { DATE_CARRY_MS, resolveTime, setDate, type UtcDate } from "../../src/state/time.js";

const JULY_8 = Date.UTC(2024, 6, 8);
const tod = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());

function dated(atTodMs: number): UtcDate {
  const d: UtcDate = {};
  setDate(d, JULY_8, atTodMs);
  return d;
}

describe("the date a time of day joins", () => {
  it("goes on from cycle to cycle, and over midnight", () => {
    const d = dated(tod(23, 59, 59));
    expect(iso(resolveTime(d, tod(23, 59, 59)))).toBe("2024-07-08T23:59:59.000Z");
    expect(iso(resolveTime(d, tod(0, 0, 0)))).toBe("2024-07-09T00:00:00.000Z");
    // a late sentence of the day before, after midnight passed
    expect(iso(resolveTime(d, tod(23, 59, 59) + 500))).toBe("2024-07-08T23:59:59.500Z");
    expect(iso(resolveTime(d, tod(0, 0, 1)))).toBe("2024-07-09T00:00:01.000Z");
  });

  it("is carried across a pause of up to an hour, a minute or an hour at a time", () => {
    const d = dated(tod(10, 0, 0));
    expect(iso(resolveTime(d, tod(10, 1, 0)))).toBe("2024-07-08T10:01:00.000Z");
    expect(iso(resolveTime(d, tod(11, 1, 0)))).toBe("2024-07-08T11:01:00.000Z");
    expect(DATE_CARRY_MS).toBe(3_600_000);
  });

  it("is not carried across a longer gap nor a jump back: undated until the receiver gives a date again", () => {
    const gap = dated(tod(3, 7, 43));
    expect(resolveTime(gap, tod(9, 47, 36))).toBeUndefined();
    expect(resolveTime(gap, tod(9, 47, 37))).toBeUndefined();
    setDate(gap, Date.UTC(2018, 7, 20), tod(9, 47, 37));
    expect(iso(resolveTime(gap, tod(9, 47, 37)))).toBe("2018-08-20T09:47:37.000Z");
    const back = dated(tod(15, 25, 8));
    expect(resolveTime(back, tod(14, 33, 6))).toBeUndefined();
  });

  it("that its user asserts for the whole log (decode --date) is carried across them", () => {
    const d = dated(tod(3, 7, 43));
    expect(iso(resolveTime(d, tod(9, 47, 36), true))).toBe("2024-07-08T09:47:36.000Z");
    // as the nearest midnight says: 09:47 to 01:00 is back within half a day, the same date
    expect(iso(resolveTime(d, tod(1, 0, 0), true))).toBe("2024-07-08T01:00:00.000Z");
  });
});
