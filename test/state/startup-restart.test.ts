// A receiver that says it (re)started (its startup message, dialects.ts `startup`) restarted: it searches again, a
// fix was not lost, and each run has its own time to first fix. A date in GPS week 0 is no date.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { announcedStartup } from "../../src/dialects.js";
import { withChecksum } from "../../src/framing/index.js";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

const FIXTURE = { file: "startup-announced-restart.nmea" };

describe("the receiver's own startup message is a restart (fixtures/startup-announced-restart.nmea)", () => {
  it("one table of startup messages: MediaTek $PMTK010,001 and u-blox's first boot notice, not $PMTK010,002 nor ANTSTATUS", () => {
    expect(announcedStartup("PMTK010,001")).toBe("mtk");
    expect(announcedStartup("PMTK010,002")).toBeUndefined();
    expect(announcedStartup("PMTK011,MTKGPS")).toBeUndefined();
    expect(announcedStartup("u-blox AG - www.u-blox.com")).toBe("ublox");
    expect(announcedStartup("ANTSTATUS=OK")).toBeUndefined();
  });

  it("no fix lost, no reacquisition: two restarts, each announced, the default clock after the second the same restart", async () => {
    const events = await eventsOfLog(FIXTURE);
    expect(events.filter((e) => e.type === "fix-lost" || e.type === "reacquired")).toEqual([]);
    expect(events.flatMap((e) => (e.type === "restart" ? [[e.cause, e.said]] : []))).toEqual([
      ["announced", "PMTK010,001"],
      ["announced", "PMTK010,001"],
    ]);
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs[3]?.fixState.kind).toBe("searching");
  });

  it("each run's TTFF: 1.1 s from the hot start's first cycle; the cold start's in cycles across its default clock", async () => {
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.fixLosses.count).toBe(0);
    expect(report.reacquisitions.count).toBe(0);
    expect(report.restarts).toHaveLength(2);
    expect(report.restarts?.[0]?.ttff.ttffMs).toBeCloseTo(1145, 0);
    expect(report.restarts?.[0]?.ttff.start?.type).toBe("hot");
    expect(report.restarts?.[1]?.ttff).toMatchObject({ cyclesBeforeFix: 5, untimedCycles: 4, clockSet: true });
    expect(report.durationMs).toBeCloseTo(364_088, -1);
    const text = formatReportText(report);
    expect(text).toContain('receiver restarts: 2 (each announced by its startup message "PMTK010,001"; its clock went back to a default date 1 time');
    expect(text).toMatch(/\+56\.0 s {2}said PMTK010,001 {2}TTFF 1\.1 s \(3d fix\); start hot \(inferred\)/);
    expect(text).toContain("fix losses: 0");
  });

  it("a date in GPS week 0 is no date: those epochs keep their time of day and have none", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    const week0 = epochs.filter((e) => e.weekUnknown === true);
    expect(week0.map((e) => e.timeOfDayMs)).toEqual([86_382_800, 86_383_800, 31_820_097, 31_821_097]);
    expect(week0.every((e) => e.timeMs === undefined && e.defaultClock === true)).toBe(true);
    expect(epochs.filter((e) => e.timeMs !== undefined && e.timeMs < Date.UTC(2000, 0, 1))).toEqual([]);
  });

  it("with receive times (a recording), TTFF counts from the startup message itself", async () => {
    const lines = readFileSync(new URL("../../fixtures/startup-announced-restart.nmea", import.meta.url), "utf8")
      .split("\n")
      .filter((l) => l.startsWith("$"));
    // run 1 and the hot restart: each cycle received 0.1 s after its time, the startup message 0.3 s before its first cycle
    const stamped = lines
      .slice(0, 16)
      .map((line) => {
        const tod = /^\$GN(?:GGA|RMC),(\d{2})(\d{2})(\d{2}\.\d+)/.exec(line);
        const ms =
          tod === null
            ? Date.UTC(2017, 4, 25, 8, 45, 15, 704)
            : Date.UTC(2017, 4, 25, Number(tod[1]), Number(tod[2])) + Math.round(Number(tod[3]) * 1000) + 100;
        return `@${new Date(ms).toISOString()} ${line}`;
      })
      .join("\n");
    const report = reportOfEvents(await eventsOfLog({ text: `${stamped}\n` }));
    // from the startup message at 08:45:15.704 to the fix received at 08:45:17.249: 1.5 s, not 1.1 s from the first cycle
    expect(report.restarts?.[0]?.ttff.ttffMs).toBeCloseTo(1545, 0);
    expect(report.fixLosses.count).toBe(0);
  });

  it("a startup message within the log's first cycle, before any fix, is the log's start, not a restart (a u-blox 5 sends its first cycle, then its boot notices)", async () => {
    const cycle = (t: string, fix: boolean): string[] =>
      fix
        ? [withChecksum(`GPRMC,${t},A,5200.1000,N,00602.1000,E,0.1,,040712,,,A`), withChecksum(`GPGGA,${t},5200.1000,N,00602.1000,E,1,07,1.1,20.0,M,46.0,M,,`)]
        : [withChecksum(`GPRMC,${t},V,,,,,,,040712,,,N`), withChecksum(`GPGGA,${t},,,,,0,00,99.99,,,,,,`)];
    const lines = [
      ...cycle("191418.00", false),
      withChecksum("GPTXT,01,01,02,u-blox ag - www.u-blox.com"),
      ...cycle("191419.00", false),
      ...cycle("191420.00", true),
    ];
    const events = await eventsOfLog({ text: `${lines.join("\r\n")}\r\n` });
    expect(events.filter((e) => e.type === "restart")).toEqual([]);
    const report = reportOfEvents(events);
    expect(report.restarts).toBeUndefined();
    expect(report.ttff.ttffMs).toBe(2000);
  });
});
