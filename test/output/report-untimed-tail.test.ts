// Cycles after a log's last time of day (a receiver that lost its fix and its clock with it): counted at the
// receiver's last cycle period, and said to be an estimate (fixtures/untimed-no-fix-tail.nmea).
import { describe, expect, it } from "vitest";
import { createReportBuilder } from "../../src/output/report/builder.js";
import { formatReportText } from "../../src/output/report/text.js";
import { withChecksum } from "../../src/framing/index.js";
import { eventsOfLog } from "./log-epochs.js";

describe("a log that ends in cycles without a time of day", () => {
  it("counts each at the receiver's last cycle period, in its own class, and says so", async () => {
    const builder = createReportBuilder();
    for (const event of await eventsOfLog({ file: "untimed-no-fix-tail.nmea" })) builder.add(event);
    const report = builder.result();
    expect(report.untimedTail).toEqual({ cycles: 10, cycleMs: 1000 });
    expect(report.fixAvailability.map((a) => [a.fixClass, a.durationMs, a.epochs])).toEqual([
      ["none", 10_000, 10],
      ["dgps", 5000, 5],
    ]);
    const text = formatReportText(report);
    expect(text).toContain("(the last 10 cycles gave no time of day: counted at the receiver's 1.0 s cycle, 10.0 s, an estimate)");
    expect(text).toMatch(/\+4\.0 s +for ≈10\.0 s +fix lost/);
  });

  it("a log whose cycles all have a time has no estimate", async () => {
    const builder = createReportBuilder();
    for (const event of await eventsOfLog({ file: "gga-only-correction-placeholders.nmea" })) builder.add(event);
    expect(builder.result().untimedTail).toBeUndefined();
  });

  it("cycles that repeat a time of day (a frozen clock, a cycle written twice) get no estimate", async () => {
    const fix = (t: string): string => withChecksum(`GPGGA,${t},4807.0380,N,01131.0000,E,1,08,0.9,545.4,M,46.9,M,,`);
    const frozen = withChecksum("GPGGA,120002.00,,,,,0,00,,,M,,M,,");
    // the frozen cycles are one epoch at 12:00:02 taking no time; the repeated cycle is a late duplicate, no epoch
    for (const [tail, totalMs] of [
      [[frozen, frozen, frozen], 2000],
      [[fix("120002.00")], 3000],
    ] as const) {
      const builder = createReportBuilder();
      const text = `${[fix("120000.00"), fix("120001.00"), fix("120002.00"), ...tail].join("\r\n")}\r\n`;
      for (const event of await eventsOfLog({ text })) builder.add(event);
      const report = builder.result();
      expect(report.untimedTail).toBeUndefined();
      expect(report.fixAvailability.reduce((sum, a) => sum + a.durationMs, 0)).toBe(totalMs);
    }
  });
});
