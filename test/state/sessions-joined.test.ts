// A jump of the receiver's time (two sessions in one file, a gap in the log, a restart) ends what the cycles before it
// said and later ones held: fixtures/sessions-joined.nmea (a 2014 session whose GSA says 2D with a VDOP, then a 2018
// session of another receiver that sends no GSA and begins with a GGA before its first date). Before: the 2018 GGA
// was dated 2014-12-31, its cycles 2D with the old VDOP and the old GSA's 3 used, and the old receiver's ender split
// the new one's cycles.
import { describe, expect, it } from "vitest";
import { withDatesBackfilled } from "../../src/output/date-backfill.js";
import { createCsvWriter } from "../../src/output/csv.js";
import { readFileSync } from "node:fs";
import { withChecksum } from "../../src/framing/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";
import { writeAll } from "../output/epochs.js";

const FIXTURE = { file: "sessions-joined.nmea" } as const;
const hms = (todMs: number | undefined): string => (todMs === undefined ? "-" : new Date(todMs).toISOString().slice(11, 19));

describe("two sessions joined in one file", () => {
  it("the second session's cycles are its own: its order, its dimension, no DOP or climb of the first", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode, e.sentenceIds.join(" "), e.dop.vdop, e.climbMps === undefined])).toEqual([
      ["03:07:41", "2d", "GGA GSA RMC", 1.6, true],
      ["03:07:42", "2d", "GGA GSA RMC", 1.6, true],
      ["03:07:43", "2d", "GGA GSA RMC", 1.6, true],
      ["09:47:36", "3d", "GGA", undefined, true],
      ["09:47:37", "3d", "RMC GGA VTG", undefined, false],
      ["09:47:38", "3d", "RMC GGA VTG", undefined, false],
      ["09:47:39", "3d", "RMC GGA VTG", undefined, false],
      ["09:47:40", "3d", "RMC GGA VTG", undefined, false],
    ]);
    for (const e of epochs.slice(3)) expect(e.epvM).toBeUndefined();
    // the used satellites its own GGA counts, not the first session's GSA list of 3
    expect(epochs.map((e) => e.satellitesUsed)).toEqual([3, 3, 3, 6, 6, 6, 6, 6]);
  });

  it("the first session's date is not the second's: undated as it comes, dated back from the second's own date in the files", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs[2]?.timeMs).toBe(Date.parse("2014-12-31T03:07:43Z"));
    expect(epochs[3]?.timeMs).toBeUndefined();
    expect(epochs[4]?.timeMs).toBe(Date.parse("2018-08-20T09:47:37Z"));
    const csv = writeAll(withDatesBackfilled(createCsvWriter({ lineEnding: "\n" })), epochs)
      .trim()
      .split("\n");
    expect(csv.slice(1).map((row) => row.split(",")[0])).toEqual([
      "2014-12-31T03:07:41.000Z",
      "2014-12-31T03:07:42.000Z",
      "2014-12-31T03:07:43.000Z",
      "2018-08-20T09:47:36.000Z",
      "2018-08-20T09:47:37.000Z",
      "2018-08-20T09:47:38.000Z",
      "2018-08-20T09:47:39.000Z",
      "2018-08-20T09:47:40.000Z",
    ]);
  });
});

describe("steps that are no jump (review G, 2 and 3)", () => {
  const gga = (t: string): string => withChecksum(`GPGGA,${t},4807.038,N,01131.000,E,1,08,0.9,100.0,M,46.9,M,,`);
  const rmc = (t: string): string => withChecksum(`GPRMC,${t},A,4807.038,N,01131.000,E,000.0,000.0,071226,,,A`);
  const gsa2d = withChecksum("GPGSA,A,2,04,05,09,12,24,25,29,31,,,,,2.5,1.3,2.1");
  const hhmmss = (s: number): string => {
    const iso = new Date(Date.UTC(2026, 11, 7, 12, 0, 0) + s * 1000).toISOString();
    return `${iso.slice(11, 13)}${iso.slice(14, 16)}${iso.slice(17, 19)}.00`;
  };

  it("a receiver sending a cycle a minute, its GSA every third: each step is a cycle, its GSA's 2D and DOPs hold", async () => {
    const lines = Array.from({ length: 7 }, (_, k) => [gga(hhmmss(60 * k)), ...(k % 3 === 0 ? [gsa2d] : []), rmc(hhmmss(60 * k))]).flat();
    const epochs = await epochsOfLog({ text: `${lines.join("\r\n")}\r\n` });
    expect(epochs.map((e) => [e.mode, e.dop.vdop])).toEqual(Array(7).fill(["2d", 2.1]));
  });

  it("a latched GGA repeating a time 30 s and more behind is no jump: the GSA's 2D and its DOPs hold in the RMC cycles", async () => {
    const lines = Array.from({ length: 40 }, (_, i) => [rmc(hhmmss(i)), ...(i % 5 === 0 ? [gsa2d] : []), gga(hhmmss(i < 3 ? i : 2))]).flat();
    const epochs = await epochsOfLog({ text: `${lines.join("\r\n")}\r\n` });
    const rmcCycles = epochs.filter((e) => e.sentenceIds[0] === "RMC");
    expect(rmcCycles.length).toBeGreaterThan(30);
    for (const e of rmcCycles) expect([e.mode, e.dop.vdop, e.dop.pdop]).toEqual(["2d", 2.1, 2.5]);
  });
});

describe("a default-clock restart whose cycles close on the time change (no ender learned)", () => {
  it("puts the clock back as when an ender closed them: the log lasts 6 min, not 8.8 h (fixtures/startup-announced-restart.nmea, a GSV after its first default-clock RMC)", async () => {
    const lines = readFileSync(new URL("../../fixtures/startup-announced-restart.nmea", import.meta.url), "latin1").split("\n");
    const at = lines.findIndex((l) => l.startsWith("$GNRMC,235942.800"));
    lines.splice(at + 1, 0, withChecksum("GPGSV,1,1,00"));
    const report = reportOfEvents(await eventsOfLog({ text: lines.join("\n") }));
    expect(report.durationMs).toBeCloseTo(364_088, -1);
    expect(report.restarts?.[1]?.ttff).toMatchObject({ cyclesBeforeFix: 5, untimedCycles: 4, clockSet: true });
  });
});
