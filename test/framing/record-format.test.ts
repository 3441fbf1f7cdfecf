import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRecordPrefix, parseRecordPrefix, RECORD_PREFIX_LENGTH, scanRecordPrefix } from "../../src/framing/index.js";

const YEAR_0000 = Date.UTC(2000, 0, 1) - 730_485 * 86_400_000; // 0000-01-01: 730485 days before 2000-01-01
const YEAR_9999_END = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

describe("record prefix", () => {
  it("formats the ISO time with milliseconds, an @ and one space", () => {
    const ms = Date.UTC(2026, 10, 27, 2, 18, 30, 123);
    expect(formatRecordPrefix(ms)).toBe("@2026-11-27T02:18:30.123Z ");
    expect(formatRecordPrefix(ms + 0.9)).toBe("@2026-11-27T02:18:30.123Z ");
    expect(formatRecordPrefix(0)).toBe("@1970-01-01T00:00:00.000Z ");
    expect(formatRecordPrefix(ms).length).toBe(RECORD_PREFIX_LENGTH);
  });

  it("refuses times it could not write in the format", () => {
    expect(() => formatRecordPrefix(Number.NaN)).toThrow(RangeError);
    expect(() => formatRecordPrefix(YEAR_9999_END + 1)).toThrow(RangeError);
    expect(() => formatRecordPrefix(YEAR_0000 - 1)).toThrow(RangeError);
  });

  it("reads back what it writes, for every millisecond of the years 0000..9999", () => {
    expect(new Date(YEAR_0000).toISOString()).toBe("0000-01-01T00:00:00.000Z");
    fc.assert(
      fc.property(fc.integer({ min: YEAR_0000, max: YEAR_9999_END }), fc.string({ maxLength: 20 }), (ms, rest) => {
        expect(parseRecordPrefix(formatRecordPrefix(ms) + rest)).toEqual({ receivedAtMs: ms, rest });
      }),
      { numRuns: 2000 },
    );
  });

  const notPrefixes = [
    ["month 13", "@2026-13-27T02:18:30.123Z $GP"],
    ["April 31", "@2026-04-31T02:18:30.123Z $GP"],
    ["29 February of a common year", "@2025-02-29T02:18:30.123Z $GP"],
    ["hour 24", "@2026-11-27T24:00:00.000Z $GP"],
    ["second 60", "@2026-11-27T02:18:60.000Z $GP"],
    ["no Z", "@2026-11-27T02:18:30.123 $GP"],
    ["no space", "@2026-11-27T02:18:30.123Z$GP"],
    ["lower-case t", "@2026-11-27t02:18:30.123Z $GP"],
    ["seconds without milliseconds", "@2026-11-27T02:18:30Z $GPGGA"],
    ["no @", "2026-11-27T02:18:30.123Z $GP"],
    ["too short", "@2026-11-27T02:18"],
  ];
  it.each(notPrefixes)("is not a prefix: %s", (_name, line) => {
    expect(parseRecordPrefix(line)).toBeUndefined();
  });

  it("takes 29 February of a leap year", () => {
    expect(parseRecordPrefix("@2024-02-29T12:00:00.000Z x")?.receivedAtMs).toBe(Date.UTC(2024, 1, 29, 12));
  });

  it("tells an incomplete prefix from a wrong one", () => {
    expect(scanRecordPrefix("xx@2026-11-2", 2)).toBe("partial");
    expect(scanRecordPrefix("@", 0)).toBe("partial");
    expect(scanRecordPrefix("@2026-1x", 0)).toBeUndefined();
    expect(scanRecordPrefix("$GPGGA", 0)).toBeUndefined();
  });
});
