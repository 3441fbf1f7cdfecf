// Cycles after a log's last time of day (a receiver that lost its fix and its clock with it): counted at the
// receiver's last cycle period, and said to be an estimate (fixtures/untimed-no-fix-tail.nmea).
import { describe, expect, it } from "vitest";
import { createReportBuilder } from "../../src/output/report/builder.js";
import { formatReportText } from "../../src/output/report/text.js";
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
});
