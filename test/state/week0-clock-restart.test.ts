// A MediaTek restart after a run that set only its time of week (GPS week 0, never a real date): the default clock
// after it takes no time, as after a clock set to a real date (test/state/default-clock-restart.test.ts).
import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

describe("a MediaTek restart after a clock set in GPS week 0 (fixtures/mtk-restart-after-week0-clock.nmea)", () => {
  it("the default clock after the restart is marked, and neither step to it nor back takes time", async () => {
    const epochs = await epochsOfLog({ file: "mtk-restart-after-week0-clock.nmea" });
    expect(epochs.map((e) => e.defaultClock === true)).toEqual([false, false, false, false, false, true, true, false, false, false, false, false, false]);
    const atMs = epochs.map((e) => e.receivedAtMs - (epochs[0]?.receivedAtMs ?? 0));
    expect(atMs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12].map((s) => s * 1000));
  });

  it("the report: 12 s, not 20 h 44 min; one restart, announced, onto the default clock; no gap", async () => {
    const report = reportOfEvents(await eventsOfLog({ file: "mtk-restart-after-week0-clock.nmea" }));
    expect(report.durationMs).toBe(12_000);
    expect(report.restarts).toHaveLength(1);
    expect(report.defaultClockReturns).toMatchObject({ count: 1, epochs: 2 });
    expect(report.fixAvailability.map((a) => a.fixClass).sort()).toEqual(["3d", "none"]);
    expect(formatReportText(report)).toContain("the steps to and from it take no time");
  });
});
