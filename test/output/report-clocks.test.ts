// The report's duration and UTC range: each says which clock it is on, and they agree with the epochs.
import { describe, it, expect } from "vitest";
import { createReportBuilder, formatReportText, renderReportHtml, type Report } from "../../src/output/report/index.js";
import { formatDuration } from "../../src/output/format.js";
import type { GpsEvent, Sentence } from "../../src/types.js";
import { drive, makeEpoch } from "./epochs.js";
import { eventsOfLog } from "./log-epochs.js";
import { staticScenario } from "./report-events.js";

function build(events: Iterable<GpsEvent>): Report {
  const builder = createReportBuilder();
  for (const event of events) builder.add(event);
  return builder.result();
}

/** A recording: receive times on every sentence and epoch, 1 Hz; the receiver has a date from epoch `datedFrom`. */
function recording(epochs: number, datedFrom: number): GpsEvent[] {
  const receivedAt0 = Date.UTC(2026, 10, 26, 12, 1, 0, 250);
  const utc0 = Date.UTC(2026, 10, 26, 12, 1, 0);
  return Array.from({ length: epochs }, (_, i): GpsEvent[] => {
    const receivedAtMs = receivedAt0 + i * 1000;
    const sentence = { talker: "GP", sentenceId: "GGA", receivedAtMs } as unknown as Sentence;
    const epoch = makeEpoch(i >= datedFrom ? { timeMs: utc0 + i * 1000 } : {});
    return [
      { type: "sentence", sentence },
      { type: "epoch", epoch: { ...epoch, receivedAtMs } },
    ];
  }).flat();
}

describe("report duration and UTC range", () => {
  it("a recording whose first epochs have no date: both figures, each with its clock", () => {
    const events = recording(60, 31);
    const report = build(events);
    const epochTimes = events.flatMap((e) => (e.type === "epoch" ? [e.epoch.receivedAtMs] : []));
    const utcTimes = events.flatMap((e) => (e.type === "epoch" && e.epoch.timeMs !== undefined ? [e.epoch.timeMs] : []));
    expect(report.epochClock).toBe("receive");
    expect(report.durationMs).toBe(epochTimes.at(-1)! - epochTimes[0]!);
    expect(report.utcSpanMs).toBe(utcTimes.at(-1)! - utcTimes[0]!);
    expect(report.epochsWithUtc).toBe(utcTimes.length);
    const text = formatReportText(report);
    expect(text).toContain(`  duration: ${formatDuration(report.durationMs!)}, first to last epoch by receive time\n`);
    expect(text).toContain(
      `  receiver UTC: ${new Date(utcTimes[0]!).toISOString()} → ${new Date(utcTimes.at(-1)!).toISOString()} ` +
        `(${formatDuration(report.utcSpanMs!)} over the ${utcTimes.length} of 60 epochs with a date)\n`,
    );
  });

  it("a plain log that starts without time: the duration runs from the first time of day, not from 0", async () => {
    const events = await eventsOfLog({ file: "sim-cold-open-sky.nmea" });
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    const untimed = epochs.findIndex((e) => e.timeOfDayMs !== undefined);
    expect(untimed).toBeGreaterThan(0); // the receiver sends cycles without time first
    const report = build(events);
    expect(report.epochClock).toBe("sentence");
    expect(report.epochsWithoutTime).toBe(untimed);
    expect(report.durationMs).toBe(epochs.at(-1)!.receivedAtMs - epochs[untimed]!.receivedAtMs);
    expect(report.durationMs).toBeLessThan(5 * 60_000);
    expect(report.fixAvailability.find((a) => a.fixClass === "no-data")).toBeUndefined();
    expect(report.fixAvailability.reduce((n, a) => n + a.epochs, 0)).toBe(epochs.length);
    expect(report.plots.fixClass.at(-1)!.tMs).toBeLessThan(5 * 60_000);
    expect(formatReportText(report)).toContain(
      `  duration: ${formatDuration(report.durationMs!)}, first to last epoch by the sentences' time of day (not the ${untimed} epochs before the first time)\n`,
    );
  });
});

describe("report position: the HTML says what the text computes", () => {
  it("static: the scatter and its CEP circles are around the mean position, in the caption, the plot and the text", () => {
    const report = build(staticScenario().events);
    if (report.scatter.kind !== "static") throw new Error("expected a static log");
    const mean = `${report.scatter.meanLatitudeDeg.toFixed(7)}, ${report.scatter.meanLongitudeDeg.toFixed(7)}`;
    const text = formatReportText(report);
    expect(text).toContain(`static: mean ${mean}`);
    expect(text).toMatch(/CEP95 [\d.]+ m around the mean/);
    const html = renderReportHtml(report);
    const trackFigure = html.slice(html.indexOf('<svg id="plot-track"'), html.indexOf("</figure>", html.indexOf('<svg id="plot-track"')));
    expect(trackFigure).toContain(`around their mean position ${mean}`);
    expect(trackFigure).toContain("east/north metres around the mean position");
    expect(trackFigure).not.toContain("first fix");
  });

  it("moving: the track is drawn from the first fix, and says so", () => {
    const epochs = drive(300);
    const report = build(epochs.map((epoch) => ({ type: "epoch" as const, epoch })));
    expect(report.scatter.kind).toBe("moving");
    const html = renderReportHtml(report);
    const trackFigure = html.slice(html.indexOf('<svg id="plot-track"'), html.indexOf("</figure>", html.indexOf('<svg id="plot-track"')));
    expect(trackFigure).toContain(`from the first fix, ${epochs[0]!.latitudeDeg!.toFixed(6)}, ${epochs[0]!.longitudeDeg!.toFixed(6)}`);
    expect(trackFigure).not.toContain("mean");
  });
});
