// Epochs before a log's first date, dated back from it for the export documents (output/date-backfill.ts); the
// fixture gga-before-first-date.nmea through the built CLI as a user runs it.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { withChecksum } from "../../src/framing/index.js";
import { describe, expect, it } from "vitest";
import { dateBack, withAssumedDate, withDatesBackfilled } from "../../src/output/date-backfill.js";
import type { EpochWriter } from "../../src/output/writer.js";
import type { Epoch } from "../../src/types.js";
import { cli, fixture } from "../cli/_bin.js";
import { createCsvWriter } from "../../src/output/csv.js";
import { makeEpoch, satellite } from "./epochs.js";

const DAY_MS = 86_400_000;
const JULY_8 = Date.UTC(2024, 6, 8);
const tod = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;

/** An undated epoch at a time of day (as GGA gives it). */
function undated(todMs: number): Epoch {
  const epoch = makeEpoch({ latitudeDeg: 48, longitudeDeg: 11 });
  epoch.timeOfDayMs = todMs;
  return epoch;
}
const dated = (timeMs: number): Epoch => makeEpoch({ timeMs, latitudeDeg: 48, longitudeDeg: 11 });
const iso = (epochs: readonly Epoch[]): Array<string | undefined> => epochs.map((e) => (e.timeMs === undefined ? undefined : new Date(e.timeMs).toISOString()));

/** A writer that writes each epoch's time, to see what the wrapper passes on and when. */
const timesWriter = (): EpochWriter => ({
  header: () => "[",
  epoch: (e) => `${e.timeMs === undefined ? "-" : new Date(e.timeMs).toISOString().slice(0, 19)} `,
  footer: () => "]",
});

describe("dateBack", () => {
  it("ends a run at a gap of more than an hour: the date after it may be another day's", () => {
    const held = [undated(tod(3, 7, 42)), undated(tod(3, 7, 43)), undated(tod(9, 47, 36))];
    expect(iso(dateBack(held, { timeMs: JULY_8 + tod(9, 47, 37), timeOfDayMs: tod(9, 47, 37) }))).toEqual([undefined, undefined, "2024-07-08T09:47:36.000Z"]);
  });

  it("does not date the undated epochs after a jump back from the date the tracker ended with, confirmed before them", () => {
    const writer = withDatesBackfilled(timesWriter());
    let out = writer.header();
    for (const e of [dated(JULY_8 + tod(10, 0, 0)), dated(JULY_8 + tod(10, 0, 2)), undated(tod(9, 30, 0)), undated(tod(9, 30, 2))]) out += writer.epoch(e);
    // the tracker's last date is the one 10:00:02 was dated with
    out += writer.dateFrom({ timeMs: JULY_8 + tod(10, 0, 2), timeOfDayMs: tod(10, 0, 2) });
    out += writer.footer();
    expect(out).toBe("[2024-07-08T10:00:00 2024-07-08T10:00:02 - - ]");
  });

  it("dates an undated run in the middle of a log (after a jump the date before is not carried) from the date after it", () => {
    let out = "";
    const writer = withDatesBackfilled(timesWriter());
    for (const e of [dated(JULY_8 + tod(3, 7, 43)), undated(tod(9, 47, 36)), dated(JULY_8 + DAY_MS + tod(9, 47, 37))]) out += writer.epoch(e);
    expect(out).toBe("2024-07-08T03:07:43 2024-07-09T09:47:36 2024-07-09T09:47:37 ");
  });

  it("dates a run back across midnight from the first date after it", () => {
    const held = [undated(tod(23, 59, 58)), undated(tod(23, 59, 59)), undated(tod(0, 0, 0))];
    expect(iso(dateBack(held, { timeMs: JULY_8 + tod(0, 0, 1), timeOfDayMs: tod(0, 0, 1) }))).toEqual([
      "2024-07-07T23:59:58.000Z",
      "2024-07-07T23:59:59.000Z",
      "2024-07-08T00:00:00.000Z",
    ]);
    expect(held[0]?.timeMs).toBeUndefined(); // new objects: the tracker's epochs are left as they were
  });

  it("counts every midnight of a run of hourly fixes over two days", () => {
    const held = Array.from({ length: 27 }, (_, k) => undated(tod((22 + k) % 24, 0, 0)));
    const out = iso(dateBack(held, { timeMs: JULY_8 + DAY_MS + tod(1, 0, 0), timeOfDayMs: tod(1, 0, 0) }));
    expect(out[0]).toBe("2024-07-07T22:00:00.000Z");
    expect(out[2]).toBe("2024-07-08T00:00:00.000Z");
    expect(out[26]).toBe("2024-07-09T00:00:00.000Z");
  });

  it("stops at a jump back (logs joined): what lies before it stays undated", () => {
    const held = [undated(tod(10, 0, 0)), undated(tod(10, 0, 1)), undated(tod(9, 0, 0)), undated(tod(9, 0, 1))];
    expect(iso(dateBack(held, { timeMs: JULY_8 + tod(9, 0, 2), timeOfDayMs: tod(9, 0, 2) }))).toEqual([
      undefined,
      undefined,
      "2024-07-08T09:00:00.000Z",
      "2024-07-08T09:00:01.000Z",
    ]);
  });

  it("spans a late sentence (a time of day a second behind) but not a gap of more than 12 hours", () => {
    const late = [undated(tod(12, 0, 1)), undated(tod(12, 0, 0)), undated(tod(12, 0, 2))];
    expect(iso(dateBack(late, { timeMs: JULY_8 + tod(12, 0, 3), timeOfDayMs: tod(12, 0, 3) }))[0]).toBe("2024-07-08T12:00:01.000Z");
    const gap = [undated(tod(1, 0, 0)), undated(tod(14, 0, 0))];
    expect(iso(dateBack(gap, { timeMs: JULY_8 + tod(14, 0, 1), timeOfDayMs: tod(14, 0, 1) }))).toEqual([undefined, "2024-07-08T14:00:00.000Z"]);
  });

  it("a late sentence just before midnight stays on the day before; the fixes around it are dated on", () => {
    // 23:59:59, 00:00:00, then a late 23:59:59.5, then the date at 00:00:01
    const held = [undated(tod(23, 59, 59)), undated(tod(0, 0, 0)), undated(tod(23, 59, 59) + 500)];
    expect(iso(dateBack(held, { timeMs: JULY_8 + tod(0, 0, 1), timeOfDayMs: tod(0, 0, 1) }))).toEqual([
      "2024-07-07T23:59:59.000Z",
      "2024-07-08T00:00:00.000Z",
      "2024-07-07T23:59:59.500Z",
    ]);
  });

  it("leaves an epoch without a time of day as it was, and goes on past it", () => {
    const held = [undated(tod(8, 0, 0)), makeEpoch({}), undated(tod(8, 0, 1))];
    expect(iso(dateBack(held, { timeMs: JULY_8 + tod(8, 0, 2), timeOfDayMs: tod(8, 0, 2) }))).toEqual([
      "2024-07-08T08:00:00.000Z",
      undefined,
      "2024-07-08T08:00:01.000Z",
    ]);
  });
});

describe("withDatesBackfilled", () => {
  it("holds undated epochs until the first date, then writes them dated, in order, and the rest as they come", () => {
    const writer = withDatesBackfilled(timesWriter());
    let text = writer.header();
    text += writer.epoch(undated(tod(23, 59, 59)));
    expect(text).toBe("[");
    text += writer.epoch(dated(JULY_8 + tod(0, 0, 0)));
    text += writer.epoch(undated(tod(0, 0, 1))); // after the date: the tracker's epoch as it is
    text += writer.dateFrom({ timeMs: JULY_8 + tod(0, 0, 5) }); // too late: everything is written
    text += writer.footer();
    expect(text).toBe("[2024-07-07T23:59:59 2024-07-08T00:00:00 - ]");
  });

  it("dates the held epochs from the date the tracker ended with when no epoch carried it (a ZDA closing the log)", () => {
    const writer = withDatesBackfilled(timesWriter());
    const text = writer.epoch(undated(tod(0, 4, 18))) + writer.epoch(undated(tod(0, 4, 19)));
    expect(text + writer.dateFrom({ timeMs: JULY_8 + tod(0, 4, 19), timeOfDayMs: tod(0, 4, 19) }) + writer.footer()).toBe(
      "2024-07-08T00:04:18 2024-07-08T00:04:19 ]",
    );
  });

  it("writes held epochs undated when no date ever comes, and stops holding past its limit", () => {
    const never = withDatesBackfilled(timesWriter());
    expect(never.epoch(undated(tod(1, 0, 0))) + never.footer()).toBe("- ]");
    const limited = withDatesBackfilled(timesWriter(), 2);
    expect(limited.epoch(undated(tod(1, 0, 0)))).toBe("");
    expect(limited.epoch(undated(tod(1, 0, 1)))).toBe("- - ");
    expect(limited.epoch(undated(tod(1, 0, 2)))).toBe("- ");
    expect(limited.epoch(dated(JULY_8 + tod(1, 0, 3)))).toBe("2024-07-08T01:00:03 ");
  });
});

describe("held epochs", () => {
  it("are written as they would have been (a CSV row is the same held or not), held without their satellites' list", () => {
    const withView = (todMs: number): Epoch => {
      const epoch = makeEpoch({ latitudeDeg: 48, longitudeDeg: 11, satellites: [satellite("gps", 5, { cn0DbHz: 40, usedInFix: true }), satellite("gps", 7)] });
      epoch.timeOfDayMs = todMs;
      return epoch;
    };
    const epochs = [withView(tod(12, 0, 0)), withView(tod(12, 0, 1)), dated(JULY_8 + tod(12, 0, 2))];
    const direct = createCsvWriter();
    const expected = epochs.map((e, k) => direct.epoch(k < 2 ? { ...e, timeMs: JULY_8 + (e.timeOfDayMs ?? 0) } : e)).join("");
    const held: Epoch[] = [];
    const spy: EpochWriter = { header: () => "", epoch: (e) => (held.push(e), ""), footer: () => "" };
    const writer = withDatesBackfilled(spy);
    for (const epoch of epochs) writer.epoch(epoch);
    expect(held.slice(0, 2).map((e) => e.satellites.satellites)).toEqual([[], []]);
    const csv = createCsvWriter();
    expect(held.map((e) => csv.epoch(e)).join("")).toBe(expected);
  });
});

describe("withAssumedDate (decode --date)", () => {
  it("dates undated epochs forward from the user's date across midnight, as they come, and keeps the receiver's dates", () => {
    const heard: Array<[number, number]> = [];
    const writer = withAssumedDate(timesWriter(), Date.UTC(2024, 6, 7), (receiverMs, assumedMs) => heard.push([receiverMs, assumedMs]));
    expect(writer.epoch(undated(tod(23, 59, 59)))).toBe("2024-07-07T23:59:59 ");
    expect(writer.epoch(undated(tod(23, 59, 58)))).toBe("2024-07-07T23:59:58 "); // a late sentence
    expect(writer.epoch(undated(tod(0, 0, 0)))).toBe("2024-07-08T00:00:00 ");
    expect(writer.epoch(makeEpoch({}))).toBe("- "); // no time at all: nothing to date
    expect(writer.epoch(dated(JULY_8 + tod(0, 0, 1)))).toBe("2024-07-08T00:00:01 ");
    expect(heard).toEqual([]);
  });

  it("says once when the receiver's first date is not the user's, and writes the receiver's", () => {
    const heard: Array<[number, number]> = [];
    const writer = withAssumedDate(timesWriter(), Date.UTC(2024, 6, 1), (receiverMs, assumedMs) => heard.push([receiverMs, assumedMs]));
    writer.epoch(undated(tod(12, 0, 0)));
    expect(writer.epoch(dated(JULY_8 + tod(12, 0, 1)))).toBe("2024-07-08T12:00:01 ");
    writer.epoch(dated(JULY_8 + tod(12, 0, 2)));
    expect(heard).toEqual([[JULY_8 + tod(12, 0, 1), Date.UTC(2024, 6, 1) + tod(12, 0, 1)]]);
  });
});

describe("gnsskit decode of a log that gives its first date after midnight (fixtures/gga-before-first-date.nmea)", () => {
  const log = fixture("gga-before-first-date.nmea");
  const decode = (args: string[], input?: Buffer) =>
    spawnSync(process.execPath, [cli, "decode", ...args, "--quiet"], {
      encoding: "utf8",
      ...(input === undefined ? { stdio: ["ignore", "pipe", "pipe"] } : { input }),
    });
  const expected = [
    "2024-07-07T23:59:57.000Z",
    "2024-07-07T23:59:58.000Z",
    "2024-07-07T23:59:59.000Z",
    "2024-07-08T00:00:00.000Z",
    "2024-07-08T00:00:01.000Z",
    "2024-07-08T00:00:02.000Z",
    "2024-07-08T00:00:03.000Z",
    "2024-07-08T00:00:04.000Z",
  ];

  it("GPX, GeoJSON and KML give every fix its date", () => {
    expect(decode([log, "--format", "gpx"]).stdout.match(/(?<=<time>)[^<]+/g)).toEqual(expected);
    const geojson = JSON.parse(decode([log, "--format", "geojson"]).stdout) as { features: Array<{ properties: { points: Array<{ time?: string }> } }> };
    expect(geojson.features[0]?.properties.points.map((p) => p.time)).toEqual(expected);
    // a KML Placemark has the time of its segment's first fix
    expect(decode([log, "--format", "kml"]).stdout.match(/(?<=<when>)[^<]+/g)).toEqual([expected[0]]);
  });

  it("CSV of the file dates them; piped in as it comes, rows are written as the tracker gave them; json is the tracker's", () => {
    const times = (csv: string): string[] =>
      csv
        .trim()
        .split("\n")
        .slice(1)
        .map((row) => row.split(",")[0] as string);
    expect(times(decode([log, "--format", "csv"]).stdout)).toEqual(expected);
    const piped = times(decode(["-", "--format", "csv"], readFileSync(log)).stdout);
    expect(piped.slice(0, 7)).toEqual(["", "", "", "", "", "", ""]);
    expect(piped[7]).toBe(expected[7]);
    const json = decode([log])
      .stdout.trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { timeMs?: number });
    expect(json.filter((e) => e.timeMs !== undefined)).toHaveLength(1);
  });

  it("a log cut short (a truncated gzip) still writes every fix decoded before the cut, undated, and the document's end", () => {
    const lines = Array.from({ length: 3000 }, (_, k) => {
      const s = k % 60;
      const m = Math.floor(k / 60) % 60;
      const h = 10 + Math.floor(k / 3600);
      const time = `${String(h).padStart(2, "0")}${String(m).padStart(2, "0")}${String(s).padStart(2, "0")}.00`;
      return withChecksum(`GPGGA,${time},4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`);
    });
    const whole = gzipSync(Buffer.from(`${lines.join("\r\n")}\r\n`));
    const cut = join(mkdtempSync(join(tmpdir(), "gnsskit-cut-")), "cut.nmea.gz");
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length / 2)));
    const csv = spawnSync(process.execPath, [cli, "decode", cut, "--format", "csv", "--quiet"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(csv.status).toBe(1);
    expect(csv.stdout.trim().split("\n").length).toBeGreaterThan(100);
    const gpx = spawnSync(process.execPath, [cli, "decode", cut, "--format", "gpx", "--quiet"], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
    expect(gpx.status).toBe(1);
    expect((gpx.stdout.match(/<trkpt/g) ?? []).length).toBeGreaterThan(100);
    expect(gpx.stdout.trimEnd().endsWith("</gpx>")).toBe(true);
  });

  it("--date dates them from the user's date, says where the receiver's own date disagrees, and refuses a date that is none", () => {
    expect(decode([log, "--format", "gpx", "--date", "2024-07-07"]).stdout.match(/(?<=<time>)[^<]+/g)).toEqual(expected);
    const wrong = spawnSync(process.execPath, [cli, "decode", log, "--format", "csv", "--date", "2024-07-01"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(wrong.stdout.split("\n")[1]?.startsWith("2024-07-01T23:59:57.000Z")).toBe(true);
    expect(wrong.stderr).toContain(
      `gnsskit: ${log}: the receiver's date for 00:00:04 is 2024-07-08, --date 2024-07-01 made it 2024-07-02: the receiver's dates are written from there on`,
    );
    const gpsd = spawnSync(process.execPath, [cli, "decode", log, "--date", "2024-07-07", "--format", "gpsd"], {
      encoding: "utf8",
      stdio: ["ignore", "pipe", "pipe"],
    });
    expect(gpsd.status).toBe(2);
    expect(gpsd.stderr).toBe("gnsskit: --date dates csv, gpx, geojson and kml; --format gpsd gives the receiver's own times\n");
    for (const bad of ["2024-02-30", "07/08/2024", "0000-01-01"]) {
      const refused = spawnSync(process.execPath, [cli, "decode", log, "--date", bad], { encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
      expect(refused.status).toBe(2);
      expect(refused.stderr).toBe(`gnsskit: --date ${bad}: expected a date as YYYY-MM-DD (e.g. 2019-03-08)\n`);
    }
  });
});
