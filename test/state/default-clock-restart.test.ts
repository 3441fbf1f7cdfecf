// A receiver restarted in the middle of a log comes back on its default clock (a date years back) before it sets
// it from the satellites again: every such return is a restart, not time that passed, nor a lost fix.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

const FIXTURE = { file: "default-clock-after-restart.nmea" };

describe("restarts onto a default clock (fixtures/default-clock-after-restart.nmea)", () => {
  it("marks the 4 epochs on the default clock, and the sentences' clock takes neither step", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs).toHaveLength(15);
    expect(epochs.map((e) => e.defaultClock === true)).toEqual([
      ...[false, false, false, false, false],
      ...[true, true, true],
      ...[false, false, false, false],
      true,
      ...[false, false],
    ]);
    const atMs = epochs.map((e) => e.receivedAtMs - (epochs[0]?.receivedAtMs ?? 0));
    // one cycle on for each epoch on the default clock; then the receiver's own time again (09:00:47 is 47 s in)
    expect(atMs).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 47, 48, 49, 50, 51, 90, 91].map((s) => s * 1000));
    // the satellites listed before the restart are not the restarted receiver's: it lists none on its default clock
    expect(epochs[5]?.satellites.satellites).toEqual([]);
  });

  it("the fix is not lost nor reacquired: the receiver searches again from the restart", async () => {
    const events = await eventsOfLog(FIXTURE);
    expect(events.filter((e) => e.type === "fix-lost" || e.type === "reacquired")).toEqual([]);
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs[5]?.fixState).toMatchObject({ kind: "searching" });
    // searching since the restart: as many cycles before 09:00:47 as it sent on its default clock, not since 09:00:05
    const start = epochs[0]?.receivedAtMs ?? 0;
    expect(epochs[8]?.fixState).toEqual({ kind: "searching", sinceMs: start + 44_000 });
  });

  it("the report: 1 min 31 s, not 18 h; two restarts said so; the UTC span without the default clock's dates", async () => {
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.durationMs).toBe(91_000);
    expect(report.fixAvailability.find((a) => a.fixClass === "no-data")?.durationMs).toBe(59_000);
    expect(report).toMatchObject({ firstUtc: "2024-05-10T09:00:00.000Z", lastUtc: "2024-05-10T09:01:31.000Z", utcSpanMs: 91_000, epochsWithUtc: 11 });
    // 1980-01-06 is a date in GPS week 0: no date (Epoch.weekUnknown), so no first UTC on it either
    expect(report.defaultClockReturns).toEqual({ count: 2, epochs: 4 });
    expect(report.restarts?.map((r) => r.cause)).toEqual(["default-clock", "default-clock"]);
    expect(report.fixLosses.count).toBe(0);
    expect(report.reacquisitions.count).toBe(0);
    const text = formatReportText(report);
    expect(text).toContain("receiver restarts: 2 (its clock went back to a default date 2 times, until it set it from the satellites again;");
    expect(text).toContain("(1 min 31 s over the 11 of 15 epochs with a date on a set clock)");
  });
});

/** A Broadcom chip's runs (`$PGLOR`): one cycle on its default clock (00:00:00, 2012-07-01) after each restart. */
function broadcomRuns(runs: number): string {
  const lines: string[] = [];
  for (let run = 0; run < runs; run++) {
    lines.push(withChecksum("GPGGA,000000.00,,,,,0,00,999.9,,M,,M,,"), withChecksum("GPRMC,000000.00,V,,,,,,,010712,,,N"));
    // each run set its clock 80 s after the one before began, and fixes 3 s later
    for (let s = 0; s < 4; s++) {
      const t = 80 * run + s;
      const tod = `1736${String(t % 60).padStart(2, "0")}.04`.replace(/^1736/, `17${String(36 + Math.floor(t / 60)).padStart(2, "0")}`);
      if (s < 3) {
        lines.push(withChecksum(`GPGGA,${tod},,,,,0,00,999.9,,M,,M,,`), withChecksum(`GPRMC,${tod},V,,,,,,,140316,,,N`));
      } else {
        lines.push(
          withChecksum(`GPGGA,${tod},4336.5561,N,07945.1148,W,1,06,1.8,173.7,M,-35.4,M,,`),
          withChecksum(`GPRMC,${tod},A,4336.5561,N,07945.1148,W,002.5,330.3,140316,,,A`),
        );
      }
    }
  }
  return `${lines.join("\n")}\n`;
}

describe("every restart, not only the log's first (a Broadcom receiver's TTFF runs)", () => {
  it("three runs 80 s apart last 2 min 44 s: the first default cycle is the clock set before the first fix, the next two are restarts", async () => {
    const report = reportOfEvents(await eventsOfLog({ text: broadcomRuns(3) }));
    // 17:36:00 → 17:38:43 by the receiver's clock, and the log's first cycle, on the default clock, one before
    expect(report.durationMs).toBe(164_000);
    expect(report).toMatchObject({ firstUtc: "2016-03-14T17:36:00.040Z", lastUtc: "2016-03-14T17:38:43.040Z", utcBeforeStep: "2012-07-01T00:00:00.000Z" });
    expect(report.defaultClockReturns).toEqual({ count: 2, epochs: 2, firstUtc: "2012-07-01T00:00:00.000Z" });
    expect(report.reacquisitions.count).toBe(0);
    expect(formatReportText(report)).toContain("receiver restarts: 2 (");
  });
});
