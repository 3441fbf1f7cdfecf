// The report's two clocks across a step of the receiver's time before its first fix: the log's duration (the
// epochs' clock) and the receiver's UTC span. Neither may count the step as time the log lasted, nor stand still.
import { describe, expect, it } from "vitest";
import { formatReportText, type Report } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "./log-epochs.js";

async function reportOf(file: string): Promise<Report> {
  return reportOfEvents(await eventsOfLog({ file }));
}

describe("a receiver's time stepping back before its first fix (fixtures/time-stepped-back-before-fix.nmea)", () => {
  it("each epoch after the step is a cycle after the one before: the sentences' clock does not stand still", async () => {
    const atMs = (await epochsOfLog({ file: "time-stepped-back-before-fix.nmea" })).map((e) => e.receivedAtMs);
    expect(atMs).toHaveLength(8);
    const steps = atMs.slice(1).map((t, i) => t - (atMs[i] ?? Number.NaN));
    for (const step of steps) expect(step).toBeCloseTo(1000, -1);
  });

  it("lasts 7 s of epochs; its UTC span is the 6 epochs after the step, the 2 before left out and said so", async () => {
    const report = await reportOf("time-stepped-back-before-fix.nmea");
    expect(report.durationMs).toBeCloseTo(7000, -1);
    expect(report.fixAvailability.find((a) => a.fixClass === "none")?.durationMs).toBeCloseTo(2000, -1);
    expect(report).toMatchObject({ firstUtc: "2005-07-27T04:58:49.000Z", lastUtc: "2005-07-27T04:58:54.000Z", utcSpanMs: 5000, epochsWithUtc: 6 });
    expect(report).toMatchObject({ utcBeforeStep: "2005-07-26T15:16:05.053Z", epochsBeforeUtcStep: 2, utcStepClockSet: false });
    const text = formatReportText(report);
    expect(text).toContain("receiver UTC: 2005-07-27T04:58:49.000Z → 2005-07-27T04:58:54.000Z (5.0 s over the 6 epochs from the jump of its time)");
    expect(text).toContain("(the 2 epochs before the receiver's time jumped (a gap in the log?), from 2005-07-26T15:16:05.053Z, left out)");
  });
});

describe("a default clock set from the satellites before the first fix (fixtures/default-clock-set-before-fix.nmea)", () => {
  it("the receiver's UTC span starts where it set its clock: not 250930 h from 1980", async () => {
    const report = await reportOf("default-clock-set-before-fix.nmea");
    expect(report.ttff.clockSet).toBe(true);
    expect(report).toMatchObject({ firstUtc: "2008-08-21T10:25:20.004Z", lastUtc: "2008-08-21T10:25:25.004Z", utcSpanMs: 5000, epochsWithUtc: 6 });
    // the default clock's date, 1980-01-05, is in GPS week 0: no date (Epoch.weekUnknown), out of the UTC span
    expect(report).toMatchObject({ epochsWeekUnknown: 5, epochsWithUtc: 6 });
    expect(report.utcBeforeStep).toBeUndefined();
    const text = formatReportText(report);
    expect(text).toContain("(5.0 s over the 6 of 11 epochs with a date)");
    expect(text).toContain("(5 epochs dated in GPS week 0, before 1980-01-13: the receiver's clock did not know the GPS week yet; left undated)");
  });

  it("a log gap whose date did not move keeps one UTC span across it (fixtures/log-gap-before-fix.nmea)", async () => {
    const report = await reportOf("log-gap-before-fix.nmea");
    expect(report.utcBeforeStep).toBeUndefined();
    expect(report.firstUtc).toBe("2006-08-10T03:08:51.000Z");
  });
});
