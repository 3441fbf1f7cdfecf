// The built `gnsskit record` in child processes: record then decode equals decoding live; Ctrl-C and
// SIGTERM leave every received line in the file and end it on a whole line; bad arguments exit 2.

import { execFile, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { formatBytes } from "../../src/output/format.js";
import { cliFor } from "./cli.js";

const run = promisify(execFile);
const record = cliFor("record");
const gnsskit = join(process.cwd(), "bin", "gnsskit.js");
const decodeWired = existsSync(join(process.cwd(), "dist", "cli", "main.js"));

const children: ChildProcess[] = [];
const servers: Server[] = [];
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const server of servers.splice(0)) server.close();
});

async function waitFor(what: string, test: () => boolean, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

function startRecord(args: string[]): { child: ChildProcess; exited: Promise<{ code: number | null; stderr: string }> } {
  const child = spawn(process.execPath, [...record!, "record", ...args], { stdio: ["ignore", "ignore", "pipe"] });
  children.push(child);
  let stderr = "";
  child.stderr!.on("data", (data: Buffer) => (stderr += data.toString()));
  const exited = new Promise<{ code: number | null; stderr: string }>((resolve) => child.on("close", (code) => resolve({ code, stderr })));
  return { child, exited };
}

const readText = (path: string): string => (existsSync(path) ? readFileSync(path, "latin1") : "");
const txt = (k: number): string => `${withChecksum(`GPTXT,01,01,02,line ${k}`)}\r\n`;

describe.skipIf(record === undefined)("gnsskit record (built CLI)", () => {
  it.skipIf(!decodeWired)("record then decode gives the epochs decoding the live sim: gave", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-rec-"));
    const spec = "sim:?start=cold&speed=max&duration=90&seed=11&at=2026-11-26T12:00:00Z";
    const file = join(dir, "cold.nmea");
    const recorded = await run(process.execPath, [...record!, "record", spec, "-o", file]);
    expect(recorded.stderr).toMatch(/90 epochs/);
    const live = await run(process.execPath, [gnsskit, "decode", spec, "-q"], { maxBuffer: 64 << 20 });
    const back = await run(process.execPath, [gnsskit, "decode", file, "-q"], { maxBuffer: 64 << 20 });
    const liveEpochs = live.stdout.trim().split("\n");
    expect(liveEpochs).toHaveLength(90);
    expect(back.stdout.trim().split("\n")).toEqual(liveEpochs);
    // The recording is stamped on the simulator's clock, one second per epoch, and starts with the header.
    const lines = readText(file).split("\n");
    const started = /^# gnsskit \S+ record; source: sim:\?start=cold\S*; started: (\S+); receive-time prefixes/.exec(lines[0] ?? "")?.[1];
    expect(started).toMatch(/^2026-11-26T12:\d\d:\d\d\.000Z$/);
    expect(lines[1]?.startsWith(`@${started} $`)).toBe(true);
    const first = (await run(process.execPath, [gnsskit, "decode", file])).stderr;
    expect(first).toContain((await run(process.execPath, [gnsskit, "decode", spec])).stderr.split("\n").slice(1).join("\n"));
  });

  it("Ctrl-C while recording from TCP: every received line is in the file, the last one whole, exit 0", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-rec-"));
    const file = join(dir, "tcp.nmea");
    let peer: Socket | undefined;
    const server = createServer((socket) => (peer = socket));
    servers.push(server);
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const { child, exited } = startRecord([`tcp://127.0.0.1:${port}`, "-o", file]);
    await waitFor("the recorder to connect", () => peer !== undefined);
    const lineCount = (): number =>
      readText(file)
        .split("\n")
        .filter((l) => l.includes("GPTXT")).length;
    // Lines in two bursts, the second split mid-line across writes.
    peer!.write(Array.from({ length: 50 }, (_, k) => txt(k)).join(""));
    await waitFor("50 lines in the file", () => lineCount() === 50);
    const second = Array.from({ length: 50 }, (_, k) => txt(50 + k)).join("");
    peer!.write(second.slice(0, 777));
    peer!.write(second.slice(777));
    await waitFor("100 lines in the file", () => lineCount() === 100);
    child.kill("SIGINT");
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    expect(stderr).toMatch(/100 sentences/);
    const content = readText(file);
    expect(content.endsWith("\r\n")).toBe(true);
    const lines = content.split("\n").slice(1, -1);
    expect(lines.map((l) => l.replace(/^@\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z /, "") + "\n")).toEqual(Array.from({ length: 100 }, (_, k) => txt(k)));
  });

  it("SIGTERM while recording the simulator: a whole last line, epochs without a gap, no diagnostics", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-rec-"));
    const file = join(dir, "term.nmea");
    const { child, exited } = startRecord(["sim:?start=hot&speed=20&at=2026-11-26T12:00:00Z", "-o", file]);
    await waitFor("5 epochs in the file", () => (readText(file).match(/GGA/g)?.length ?? 0) >= 5);
    const before = readText(file);
    child.kill("SIGTERM");
    const { code, stderr } = await exited;
    expect(code).toBe(0);
    const after = readText(file);
    expect(after.startsWith(before)).toBe(true);
    expect(after.endsWith("\r\n")).toBe(true);
    expect(stderr).toContain(`recorded: ${file} (${formatBytes(Buffer.byteLength(after, "latin1"))})`);
    if (!decodeWired) return;
    const decoded = await run(process.execPath, [gnsskit, "decode", file]);
    expect(decoded.stderr).toMatch(/diagnostics: none/);
    const times = decoded.stdout
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { timeMs: number }).timeMs);
    expect(times.length).toBeGreaterThanOrEqual(4);
    expect(times.slice(1).map((t, k) => t - times[k]!)).toEqual(times.slice(1).map(() => 1000));
  });

  it("rotates by time into FILE-0001.nmea, FILE-0002.nmea, ... and stops at --count epochs", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-rec-"));
    const file = join(dir, "rot.nmea");
    const { stderr } = await run(process.execPath, [
      ...record!,
      "record",
      "sim:?start=hot&speed=max&at=2026-11-26T12:00:00Z",
      "-o",
      file,
      "--rotate-time",
      "10",
      "-n",
      "25",
    ]);
    expect(stderr).toMatch(/25 epochs/);
    expect(existsSync(file)).toBe(false);
    const parts = ["rot-0001.nmea", "rot-0002.nmea", "rot-0003.nmea"].map((name) => readText(join(dir, name)));
    expect(existsSync(join(dir, "rot-0004.nmea"))).toBe(false);
    expect(parts.map((p) => p.match(/GGA/g)?.length ?? 0).reduce((a, b) => a + b)).toBe(25);
    // Each part starts 10 s of receive time after the previous one, and holds only lines received within them.
    const starts = parts.map((p, k) => {
      expect(p).toMatch(k === 0 ? /^# gnsskit [^\n]*; started: [^;]+; receive-time/ : new RegExp(`^# gnsskit [^\\n]*; part ${k + 1};`));
      return Date.parse(/; started: ([^;]+);/.exec(p)?.[1] ?? "");
    });
    expect([starts[1]! - starts[0]!, starts[2]! - starts[1]!]).toEqual([10_000, 10_000]);
    for (const [k, p] of parts.entries()) {
      const stamps = [...p.matchAll(/^@(\S+) /gm)].map((m) => Date.parse(m[1]!) - starts[k]!);
      expect(stamps.every((t) => t >= 0 && t < 10_000)).toBe(true);
    }
  });

  it.skipIf(!decodeWired)("record - (a pipe): its bytes as they are, its own stamps kept, decoded as the log is", async () => {
    const log = join(process.cwd(), "fixtures", "cold-start-ttff.nmea");
    // decode's summary after its first line (which names the file)
    const decodeSummary = (path: string): string[] => spawnSync(process.execPath, [gnsskit, "decode", path], { encoding: "utf8" }).stderr.split("\n").slice(1);
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-record-pipe-"));
    // the log piped in (it arrives in a blink: host stamps would say TTFF 0.0 s), and a stamped replay of it
    const stamped = spawnSync(process.execPath, [gnsskit, "replay", log, "--speed", "max", "--stamped"], { encoding: "latin1" }).stdout;
    for (const [name, input] of [
      ["plain", readFileSync(log, "latin1")],
      ["stamped", stamped],
    ] as const) {
      const out = join(dir, `${name}.nmea`);
      const ran = spawnSync(process.execPath, [gnsskit, "record", "-", "-o", out], { input: Buffer.from(input, "latin1"), encoding: "utf8" });
      expect(ran.status, ran.stderr).toBe(0);
      expect(ran.stderr).toMatch(/no receive times added: a pipe is clocked by what it carries, as decode - reads it/);
      const recorded = readFileSync(out, "latin1").split("\n");
      expect(recorded[0]).toMatch(/^# gnsskit \S+ record; source: -; a pipe, clocked by what it carries: its bytes as they are/);
      // no second prefix on a stamped line, no host-clock prefix on a plain one
      expect(recorded.slice(1).join("\n")).toBe(input);
      expect(decodeSummary(out)).toEqual(decodeSummary(log));
      expect(decodeSummary(out).join("\n")).toMatch(/TTFF: 34\.0 s/);
    }
  });

  const bad: Array<{ name: string; args: string[]; message: RegExp }> = [
    { name: "no -o", args: ["sim:"], message: /-o FILE is required/ },
    { name: "unwritable -o", args: ["sim:", "-o", "/nonexistent-dir/x.nmea"], message: /cannot write \/nonexistent-dir\/x\.nmea: no such directory/ },
    { name: "bad --rotate-size", args: ["sim:", "-o", "/tmp/x.nmea", "--rotate-size", "0"], message: /--rotate-size 0: expected a positive number/ },
    { name: "bad source", args: ["sim:?start=lukewarm", "-o", "/tmp/x.nmea"], message: /sim: bad start "lukewarm"/ },
  ];
  for (const c of bad) {
    it(`bad arguments exit 2 with one line: ${c.name}`, async () => {
      const error = await run(process.execPath, [...record!, "record", ...c.args]).then(
        () => undefined,
        (e: { code: number; stderr: string }) => e,
      );
      expect(error?.code).toBe(2);
      expect(error?.stderr.trim().split("\n")).toHaveLength(1);
      expect(error?.stderr).toMatch(c.message);
    });
  }
});
