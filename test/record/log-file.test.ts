// `gnsskit record LOG`: a log file has no receive times, and a recording of it writes none it did not have.
// With --speed the log is played as if live and each line stamped with its log time, as `replay --stamped`
// does; the lines before the log's first time of day have none and go unstamped. Either way the recording
// decodes to the log's own TTFF (or its own "not measured").

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { record } from "../../src/cli/commands/record.js";
import { formatSummary } from "../../src/cli/source-arg.js";
import { parseRecordPrefix } from "../../src/framing/record-format.js";
import { openGps } from "../../src/gps.js";
import { createFileSource } from "../../src/node/sources/file.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-record-log-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const fixture = (name: string): string => join(process.cwd(), "fixtures", name);
/** Its first line is a GSV without time; 1 Hz cycles from 2018-09-07 10:00:00; first fix at 10:00:12. */
const UNTIMED_FIRST_LINE = fixture("log-first-line-untimed.nmea");
/** Three cycles without any time, then time, then a fix: TTFF not measured. */
const TIMELESS_CYCLES = fixture("cold-start-timeless-cycles.nmea");
let outputs = 0;
const output = (): string => join(dir, `rec-${++outputs}.nmea`);

/** What `gnsskit decode FILE` says on stderr after its first line (which names the file). */
async function decodeSummary(path: string): Promise<string[]> {
  const gps = openGps({ source: createFileSource(path) });
  await gps.run();
  return (await formatSummary(path, gps.stats, gps.tracker?.state)).split("\n").slice(1);
}

/** The recording's lines after its header: the receive time of each (undefined when unstamped) and its text. */
function recordedLines(path: string): Array<{ atMs: number | undefined; text: string }> {
  const [header, ...lines] = readFileSync(path, "latin1").split(/(?<=\n)/);
  expect(header).toMatch(/^# gnsskit \S+ record; source: /);
  return lines.map((line) => {
    const stamped = parseRecordPrefix(line);
    return stamped === undefined ? { atMs: undefined, text: line } : { atMs: stamped.receivedAtMs, text: stamped.rest };
  });
}

describe("record of a log file --speed: each line stamped with its log time", () => {
  afterEach(() => vi.restoreAllMocks());

  it("a first line without time goes unstamped (it failed: exit 1, 'time NaN'); the rest carry their cycle's UTC", async () => {
    const path = output();
    await record(UNTIMED_FIRST_LINE, { output: path, speed: "max", quiet: true });
    const lines = recordedLines(path);
    expect(lines.map((l) => l.text).join("")).toBe(readFileSync(UNTIMED_FIRST_LINE, "latin1").replace(/^#.*\n/gm, ""));
    expect(lines[0]).toEqual({ atMs: undefined, text: expect.stringMatching(/^\$GPGSV,/) });
    for (const { atMs, text } of lines.slice(1)) {
      expect(atMs, text).toBeDefined();
      const time = /^\$GP(?:GGA|RMC),(\d\d)(\d\d)(\d\d)\.00,/.exec(text);
      if (time) expect(atMs, text).toBe(Date.UTC(2018, 8, 7, Number(time[1]), Number(time[2]), Number(time[3])));
    }
    expect(await decodeSummary(path)).toEqual(await decodeSummary(UNTIMED_FIRST_LINE));
    expect(await decodeSummary(path)).toContain("  TTFF: 12.0 s, first 3D 12.0 s");
  });

  it("--speed 1000 and a log whose first cycles have no time: the log's 'not measured', not a failure", async () => {
    const path = output();
    await record(TIMELESS_CYCLES, { output: path, speed: "1000", quiet: true });
    const lines = recordedLines(path);
    // three whole cycles of six sentences before the first time of day
    expect(lines.findIndex((l) => l.atMs !== undefined)).toBe(18);
    const summary = await decodeSummary(path);
    expect(summary).toEqual(await decodeSummary(TIMELESS_CYCLES));
    expect(summary.join("\n")).toMatch(/TTFF: not measured: first fix after 5 cycles/);
  });

  it("--duration counts the log's seconds from its first time, not from the untimed line before it", async () => {
    const path = output();
    await record(UNTIMED_FIRST_LINE, { output: path, speed: "max", duration: "5", quiet: true });
    const times = recordedLines(path).flatMap((l) => (l.atMs === undefined ? [] : [l.atMs]));
    expect(Math.min(...times)).toBe(Date.UTC(2018, 8, 7, 10, 0, 0));
    expect(Math.max(...times)).toBe(Date.UTC(2018, 8, 7, 10, 0, 5));
  });
});
