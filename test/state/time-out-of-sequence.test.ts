// One cycle whose time of day steps away while the next comes back a cycle or two after the one before it said a
// wrong time (an instrument whose hour failed to carry): no step of the receiver's clock, no hour of gap.
import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

describe("a time of day out of sequence (fixtures/time-of-day-out-of-sequence.nmea)", () => {
  it("the sentences' clock goes on across it: every epoch 2 s after the one before, the wrong time kept as said", async () => {
    const epochs = await epochsOfLog({ file: "time-of-day-out-of-sequence.nmea" });
    expect(epochs).toHaveLength(8);
    const atMs = epochs.map((e) => e.receivedAtMs - (epochs[0]?.receivedAtMs ?? 0));
    expect(atMs).toEqual([0, 2, 4, 6, 8, 10, 12, 14].map((s) => s * 1000));
    expect(epochs[4]?.timeOfDayMs).toBe(14 * 3_600_000);
    expect(epochs.every((e) => e.mode === "2d")).toBe(true);
  });

  it("the report: 14 s, a fix throughout (GLL alone: its dimension not stated), no gap, and the one cycle named", async () => {
    const events = await eventsOfLog({ file: "time-of-day-out-of-sequence.nmea" });
    expect(events.filter((e) => e.type === "time-out-of-sequence")).toMatchObject([{ timeOfDayMs: 14 * 3_600_000 }]);
    expect(events.filter((e) => e.type === "fix-lost" || e.type === "restart")).toEqual([]);
    const report = reportOfEvents(events);
    expect(report.durationMs).toBe(14_000);
    expect(report.fixAvailability.map((a) => a.fixClass)).toEqual(["fix"]); // GLL alone: a fix whose dimension is not stated;
    expect(report.timeOutOfSequence).toEqual({ count: 1, first: "14:00:00.000" });
    expect(formatReportText(report)).toContain(
      "  1 cycle with an out-of-sequence time of day (14:00:00.000), its neighbours a cycle or two apart: not counted as a step of the clock",
    );
  });

  it("a step that does not come back is still a step: a log's gap is time, a clock set back goes on a cycle", async () => {
    const gll = (tod: string, lat: string): string => {
      const body = `IIGLL,${lat},N,00005.3000,W,${tod},A,A`;
      let c = 0;
      for (const ch of body) c ^= ch.charCodeAt(0);
      return `$${body}*${c.toString(16).toUpperCase().padStart(2, "0")}\n`;
    };
    // 14:59:58, then 14:00:00 and on from there: the clock was set back, nothing came back to 15:00
    const back = ["145956", "145958", "140000", "140002", "140004"].map((t, i) => gll(t, `5130.${1200 - i * 25}`)).join("");
    const events = await eventsOfLog({ text: back });
    expect(events.some((e) => e.type === "time-out-of-sequence")).toBe(false);
    // (seconds, not an hour: the step back is taken off as ever, its cycle a placeholder)
    expect(reportOfEvents(events).durationMs).toBeLessThan(10_000);
    // a forward gap of a minute, then on: a gap in the log
    const gap = ["145956", "145958", "150058", "150100"].map((t, i) => gll(t, `5130.${1200 - i * 25}`)).join("");
    const gapEvents = await eventsOfLog({ text: gap });
    expect(gapEvents.some((e) => e.type === "time-out-of-sequence")).toBe(false);
    expect(reportOfEvents(gapEvents).durationMs).toBe(64_000);
  });
});

describe("a restart's one cycle on its default clock, right back on the set one (Broadcom's 2008-01-01)", () => {
  it("is a restart, not a time out of sequence", async () => {
    const line = (body: string): string => {
      let c = 0;
      for (const ch of body) c ^= ch.charCodeAt(0);
      return `$${body}*${c.toString(16).toUpperCase().padStart(2, "0")}\n`;
    };
    const fix = (t: string): string =>
      line(`GPGGA,${t},5001.1230,N,01425.6610,E,1,05,1.8,212.4,M,47.0,M,,`) + line(`GPRMC,${t},A,5001.1230,N,01425.6610,E,0.02,,100524,,,A`);
    const noFix = (t: string, date: string): string => line(`GPGGA,${t},,,,,0,00,99.99,,,,,,`) + line(`GPRMC,${t},V,,,,,,,${date},,,N`);
    const text = fix("120000.00") + fix("120001.00") + noFix("000039.00", "010108") + noFix("120003.00", "100524") + noFix("120004.00", "100524");
    const events = await eventsOfLog({ text });
    expect(events.some((e) => e.type === "time-out-of-sequence")).toBe(false);
    expect(events.filter((e) => e.type === "restart")).toMatchObject([{ cause: "default-clock" }]);
    expect(events.flatMap((e) => (e.type === "epoch" ? [e.epoch.defaultClock === true] : []))).toEqual([false, false, true, false, false]);
  });
});
