// "Why no fix" after a receiver restart the tracker saw (its startup message, fixtures/mtk-hot-restart.nmea: fixed
// for 2 min, `$PMTK010,001`, then 20 s tracking four satellites without a fix): a restart starts the receiver's
// tracking again, so what it locks is dated from the restart, not "first locked before it could be timed" (the locks
// the log began with). Through the diagnoser as a library user feeds it (watchDiagnosis) and as `report` does.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { watchDiagnosis } from "../../src/diagnosis/index.js";
import { createReportDiagnosis, type ReportDiagnosis } from "../../src/output/report/diagnosis.js";
import { memorySource } from "../_memory-source.js";
import { fixture } from "../cli/_bin.js";

/** What report's "Why no fix" records of a fixture, as `gnsskit report` feeds it (a plain log: the sentences' clock). */
async function reportWaits(name: string): Promise<ReportDiagnosis["waiting"]> {
  const gps = openGps({ source: memorySource(readFileSync(fixture(name))) });
  const report = createReportDiagnosis();
  for await (const event of gps.events()) report.add(event, "sentence");
  return report.result().waiting;
}

const LOG = "mtk-hot-restart.nmea";
/** The log's sentence clock: the first cycle after the restart (12:02:01) and its last (12:02:20). */
const FIRST_AFTER_MS = (12 * 3600 + 2 * 60 + 1) * 1000;
const LAST_MS = (12 * 3600 + 2 * 60 + 20) * 1000;

describe("a restart the receiver announced", () => {
  it("dates the locks after it from the restart: first locked 19 s ago at the log's last cycle", async () => {
    const gps = openGps({ source: memorySource(readFileSync(fixture(LOG))) });
    const { diagnoser } = watchDiagnosis(gps, { clock: "sentence" });
    let restarts = 0;
    gps.on("restart", () => restarts++);
    let lastEpochMs: number | undefined;
    gps.on("epoch", (event) => (lastEpochMs = event.epoch.receivedAtMs % 86_400_000));
    await gps.run();
    expect(restarts).toBe(1);
    expect(lastEpochMs).toBe(LAST_MS);
    const waiting = diagnoser.diagnosis().lines.find((line) => line.kind === "waiting");
    expect(waiting?.rule).toBe("ephemeris");
    expect(waiting?.text).toContain(`first locked ${(LAST_MS - FIRST_AFTER_MS) / 1000} s ago`);
    expect(waiting?.text).not.toContain("before it could be timed");
  });

  it("report: the wait after the restart begins with its locks, not before the log", async () => {
    const waits = await reportWaits(LOG);
    expect(waits.map((w) => w.rule)).toEqual(["ephemeris"]);
    expect(waits[0]?.fromMs).toBe(FIRST_AFTER_MS);
    expect(waits[0]?.text).toContain("first locked at its start");
  });
});

describe("a restart onto the receiver's default clock (fixtures/default-clock-restart-tracking.nmea)", () => {
  // told by its first cycle on that clock, whose epoch comes before the tracker's restart event: the diagnosis takes
  // that epoch as the new run's first, and report's line made at it is made again
  const LOG_DC = "default-clock-restart-tracking.nmea";

  it("report: the wait begins at the restart's first cycle, its locks dated from there", async () => {
    const waits = await reportWaits(LOG_DC);
    expect(waits.map((w) => w.rule)).toEqual(["ephemeris"]);
    expect(waits[0]?.text).toContain("first locked at its start");
  });

  it("the library's diagnosis: from the cycle after the restart's first, no lock of the run before", async () => {
    // the restart's first cycle is read at its epoch event, before the restart event that it tells: one line of the
    // old run's locks, then the new run's (the report makes that first line again)
    const gps = openGps({ source: memorySource(readFileSync(fixture(LOG_DC))) });
    const { diagnoser } = watchDiagnosis(gps, { clock: "sentence" });
    const texts: string[] = [];
    gps.on("epoch", () => {
      const line = diagnoser.diagnosis().lines.find((l) => l.kind === "waiting");
      if (line !== undefined) texts.push(line.text);
    });
    await gps.run();
    expect(texts.length).toBeGreaterThan(2);
    for (const text of texts.slice(1)) expect(text).not.toContain("before it could be timed");
    // dated from the restart's first cycle, one cycle before this one
    expect(texts[1]).toContain("first locked 1 s ago");
  });
});

describe("the run before's start type (fixtures/mtk-cold-then-restart.nmea)", () => {
  it("a cold start inferred for the first run is not said of the run after a restart", async () => {
    const searching = (await reportWaits("mtk-cold-then-restart.nmea")).filter((w) => w.rule === "searching");
    expect(searching).toHaveLength(1);
    expect(searching[0]?.text).toBe("searching: no satellite tracked yet");
  });
});
