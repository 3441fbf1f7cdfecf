// The one formatter of numbers shown as text (decode's summary, monitor, report, ttff, locate): its wording pinned.
import { describe, expect, it } from "vitest";
import { formatBytes, formatCount, formatDuration } from "../../src/output/format.js";

describe("formatDuration", () => {
  const cases: Array<{ ms: number; running?: boolean; want: string }> = [
    { ms: 0, want: "0.0 s" },
    { ms: 420, want: "0.4 s" },
    { ms: 6_990, want: "7.0 s" }, // decode said 6.99 s where monitor said 7.0 s
    { ms: 4_049, want: "4.0 s" },
    { ms: 59_940, want: "59.9 s" },
    { ms: 59_960, want: "1 min 00 s" }, // rounded before choosing the unit: never `60.0 s`
    { ms: 104_500, want: "1 min 45 s" }, // report said 1 min 45 s where decode said 104.5 s
    { ms: 185_000, want: "3 min 05 s" },
    { ms: 7_620_000, want: "2 h 07 min" },
    { ms: 4_049, running: true, want: "4 s" },
    { ms: 59_999, running: true, want: "59 s" }, // a running clock never runs ahead
    { ms: 60_000, running: true, want: "1 min 00 s" },
    { ms: Number.NaN, want: "—" },
    { ms: -5, want: "—" },
  ];
  for (const c of cases) {
    it(`${c.ms} ms${c.running ? " (running)" : ""} → ${c.want}`, () => expect(formatDuration(c.ms, { running: c.running ?? false })).toBe(c.want));
  }
});

describe("formatCount", () => {
  it("puts the noun in the number the count needs", () => {
    expect(formatCount(1, "epoch")).toBe("1 epoch");
    expect(formatCount(2, "epoch")).toBe("2 epochs");
    expect(formatCount(0, "epoch")).toBe("0 epochs");
    expect(formatCount(1, "fix", "fixes")).toBe("1 fix");
    expect(formatCount(3, "fix", "fixes")).toBe("3 fixes");
  });
});

describe("formatBytes", () => {
  const cases: Array<[number, string]> = [
    [0, "0 B"],
    [7933, "7933 B"],
    [9999, "9999 B"],
    [10_000, "10.0 kB"],
    [47_273, "47.3 kB"],
    [999_949, "999.9 kB"],
    [999_950, "1.0 MB"], // not `1000.0 kB`
    [10_485_760, "10.5 MB"],
    [1_200_000_000, "1.2 GB"],
  ];
  for (const [bytes, want] of cases) it(`${bytes} → ${want}`, () => expect(formatBytes(bytes)).toBe(want));
});
