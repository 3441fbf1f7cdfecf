// `gnsskit record LOG`: a log file has no receive times, and a recording of it writes none it did not have.
// With --speed the log is played as if live and each line stamped with its log time, as `replay --stamped`
// does; the lines before the log's first time of day have none and go unstamped. Either way the recording
// decodes to the log's own TTFF (or its own "not measured").

import { existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it, vi } from "vitest";
import { record } from "../../src/cli/commands/record.js";
import { CliError } from "../../src/cli/errors.js";
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
/** Timed from its first line: TTFF 34.0 s, cold. */
const COLD_34S = fixture("cold-start-ttff.nmea");
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
    // the advice is to record the receiver: recording the log again gives it no receive times
    expect(summary.join("\n")).toContain("(record the receiver itself with `gnsskit record` to keep receive times)");
  });

  it("--duration counts the log's seconds from its first time, not from the untimed line before it", async () => {
    const path = output();
    await record(UNTIMED_FIRST_LINE, { output: path, speed: "max", duration: "5", quiet: true });
    const times = recordedLines(path).flatMap((l) => (l.atMs === undefined ? [] : [l.atMs]));
    expect(Math.min(...times)).toBe(Date.UTC(2018, 8, 7, 10, 0, 0));
    expect(Math.max(...times)).toBe(Date.UTC(2018, 8, 7, 10, 0, 5));
  });
});

describe("record of a log file without --speed: the log as it is, no receive times added", () => {
  afterEach(() => vi.restoreAllMocks());

  for (const [log, ttff] of [
    [UNTIMED_FIRST_LINE, "TTFF: 12.0 s, first 3D 12.0 s"],
    [COLD_34S, "TTFF: 34.0 s, first 3D 34.0 s"],
    [TIMELESS_CYCLES, "TTFF: not measured: first fix after 5 cycles"],
  ] as const) {
    it(`${log.split("/").at(-1)}: the recording decodes to the log's ${ttff} (the host's clock made it 0.0 s)`, async () => {
      const path = output();
      await record(log, { output: path, quiet: true });
      const [header, ...rest] = readFileSync(path, "latin1").split(/(?<=\n)/);
      expect(header).toMatch(/^# gnsskit \S+ record; source: \S+; a log read as fast as it goes: its bytes as they are, no receive-time prefixes added/);
      expect(rest.join("")).toBe(readFileSync(log, "latin1"));
      const summary = await decodeSummary(path);
      expect(summary).toEqual(await decodeSummary(log));
      expect(summary.join("\n")).toContain(ttff);
    });
  }

  it("a recording recorded again keeps its own stamps, and says so", async () => {
    const stamped = output();
    await record(UNTIMED_FIRST_LINE, { output: stamped, speed: "max", quiet: true });
    const again = output();
    const said: string[] = [];
    vi.spyOn(console, "error").mockImplementation((line: string) => void said.push(line));
    await record(stamped, { output: again });
    expect(
      readFileSync(again, "latin1")
        .split(/(?<=\n)/)
        .slice(1)
        .join(""),
    ).toBe(readFileSync(stamped, "latin1"));
    expect(await decodeSummary(again)).toEqual(await decodeSummary(UNTIMED_FIRST_LINE));
    expect(said.join("\n")).toMatch(/TTFF: 12\.0 s/);
    expect(said.at(-1)).toBe(
      "  no receive times added: a log read as fast as it goes has none (a log file played with --speed N is stamped with its log times)",
    );
  });

  it("--rotate-time has no receive time to rotate by: exit 2 before any file is made", async () => {
    const path = output();
    const failure = await record(COLD_34S, { output: path, rotateTime: "10", quiet: true }).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(CliError);
    expect((failure as CliError).exitCode).toBe(2);
    expect((failure as CliError).message).toMatch(/--rotate-time needs receive times, and \S+cold-start-ttff\.nmea is a log read as fast as it goes/);
    expect(existsSync(path)).toBe(false);
  });
});

describe("record of a live source: still stamped with receive times", () => {
  it("a TCP receiver's lines carry the host's clock at their arrival", async () => {
    const sockets: Socket[] = [];
    const lines = readFileSync(UNTIMED_FIRST_LINE, "latin1").replace(/^#.*\n/gm, "");
    const server = createServer((socket) => {
      sockets.push(socket);
      socket.end(lines);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const path = output();
    const before = Date.now();
    try {
      await record(`tcp://127.0.0.1:${(server.address() as { port: number }).port}`, { output: path, count: "10", quiet: true });
    } finally {
      for (const socket of sockets) socket.destroy();
      server.close();
    }
    const after = Date.now();
    const recorded = recordedLines(path);
    expect(recorded.length).toBeGreaterThan(30);
    for (const { atMs, text } of recorded) expect(atMs !== undefined && atMs >= before && atMs <= after, text).toBe(true);
  });
});
