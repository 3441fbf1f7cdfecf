// isoUtc (src/iso-time.ts) stands in for Date.prototype.toISOString on the output paths: it must print exactly
// what toISOString prints, for every time, including the years it hands back to toISOString and invalid times.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { isoUtc } from "../src/iso-time.js";

const FIRST_MS = new Date("0000-01-01T00:00:00.000Z").getTime();
const LAST_MS = new Date("9999-12-31T23:59:59.999Z").getTime();

describe("isoUtc", () => {
  it("prints what toISOString prints for any time of the years 0000..9999", () => {
    fc.assert(
      fc.property(fc.integer({ min: FIRST_MS, max: LAST_MS }), (timeMs) => {
        expect(isoUtc(timeMs)).toBe(new Date(timeMs).toISOString());
      }),
      { numRuns: 20_000 },
    );
  });

  it("prints what toISOString prints at the edges, for fractions of a ms, and outside 0000..9999", () => {
    const times = [FIRST_MS, LAST_MS, FIRST_MS - 1, LAST_MS + 1, 0, -1, 0.9, -0.5, 1_700_000_000_123.7, 8.64e15, -8.64e15];
    for (const timeMs of times) expect(isoUtc(timeMs)).toBe(new Date(timeMs).toISOString());
  });

  it("throws toISOString's RangeError for an invalid time", () => {
    for (const timeMs of [Number.NaN, Number.POSITIVE_INFINITY, 8.64e15 + 1]) expect(() => isoUtc(timeMs)).toThrow(RangeError);
  });
});
