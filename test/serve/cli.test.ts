// `gnsskit serve` and `gnsskit replay` as processes (bin/gnsskit.js runs the compiled dist/).

import { execFile, execFileSync, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { classes, connectClient, parsed } from "./_helpers.js";

const run = promisify(execFile);
const root = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${root}bin/gnsskit.js`;
const MULTI_GNSS = `${root}fixtures/gn-multi-constellation.nmea`;

function commandBuilt(name: string): boolean {
  if (!existsSync(`${root}dist/cli/main.js`)) return false;
  try {
    execFileSync(process.execPath, [BIN, name, "--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
const hasServe = commandBuilt("serve");
const hasReplay = commandBuilt("replay");
if (!hasServe || !hasReplay) console.warn("skipped: `serve`/`replay` not in dist/ (run `npm run build`)");
let hasGpspipe = true;
try {
  execFileSync("sh", ["-c", "command -v gpspipe"], { stdio: "ignore" });
} catch {
  hasGpspipe = false;
  console.warn("skipped: gpspipe is not installed (Debian gpsd-clients)");
}

interface Announced {
  port: number;
  stderr: () => string;
  /** Resolves once stderr matches `pattern`. */
  stderrMatches: (pattern: RegExp) => Promise<void>;
}

/** Resolves once `serve` prints where it listens; rejects if it exits first. */
function announced(child: ChildProcess): Promise<Announced> {
  let stderr = "";
  const waiters = new Set<() => void>();
  const stderrMatches = (pattern: RegExp): Promise<void> =>
    new Promise((resolve) => {
      const check = (): void => {
        if (!pattern.test(stderr)) return;
        waiters.delete(check);
        resolve();
      };
      waiters.add(check);
      check();
    });
  child.stderr?.setEncoding("utf8");
  return new Promise((resolve, reject) => {
    child.stderr?.on("data", (text: string) => {
      stderr += text;
      for (const waiter of [...waiters]) waiter();
      const match = /on 127\.0\.0\.1:(\d+)/.exec(stderr);
      if (match) resolve({ port: Number(match[1]), stderr: () => stderr, stderrMatches });
    });
    child.once("exit", () => reject(new Error(`serve exited: ${stderr}`)));
  });
}

async function exitOf(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, [BIN, ...args], { timeout: 20_000 });
    return { code: 0, stdout, stderr };
  } catch (error) {
    const e = error as { code?: number; stdout?: string; stderr?: string };
    return { code: e.code ?? -1, stdout: e.stdout ?? "", stderr: e.stderr ?? "" };
  }
}

const logSentences = (path: string): string[] =>
  readFileSync(path, "latin1")
    .split(/\r?\n/)
    .filter((l) => l.startsWith("$"));

describe.skipIf(!hasServe)("gnsskit serve (process)", () => {
  it.skipIf(!hasGpspipe)("serves a log on a free port to gpspipe, and stops on SIGTERM with a summary", async () => {
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--loop", "--speed", "4", MULTI_GNSS], { stdio: ["ignore", "ignore", "pipe"] });
    let stderr = "";
    child.stderr.setEncoding("utf8");
    const port = await new Promise<number>((resolve, reject) => {
      child.stderr.on("data", (text: string) => {
        stderr += text;
        const match = /on 127\.0\.0\.1:(\d+)/.exec(stderr);
        if (match) resolve(Number(match[1]));
      });
      child.once("exit", () => reject(new Error(`serve exited: ${stderr}`)));
    });
    const { stdout } = await run("gpspipe", ["-w", "-n", "5", `127.0.0.1:${port}`], { timeout: 15_000 });
    const objects = stdout
      .split("\n")
      .filter(Boolean)
      .map((l) => JSON.parse(l) as Record<string, unknown>);
    expect(objects.map((o) => o.class)).toEqual(["VERSION", "DEVICES", "WATCH", "TPV", "SKY"]);
    expect(objects[0]?.release).toMatch(/^gnsskit \d+\.\d+\.\d+/);
    expect(objects[3]).toMatchObject({ device: MULTI_GNSS, mode: 3 });
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    child.kill("SIGTERM");
    expect(await exited).toBe(0);
    expect(stderr).toMatch(/served 1 client /);
    expect(stderr).not.toMatch(/warning/);
  });

  it.skipIf(!hasGpspipe)("a log begun inside a cycle: no TPV for that cycle (it would say no fix against the GSA's 3D)", async () => {
    const log = `${root}fixtures/log-begins-after-position.nmea`;
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--speed", "20", log], { stdio: ["ignore", "ignore", "pipe"] });
    try {
      const { port } = await announced(child);
      const { stdout } = await run("gpspipe", ["-w", "-n", "5", `127.0.0.1:${port}`], { timeout: 15_000 });
      const objects = stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(objects.find((o) => o.class === "TPV")).toMatchObject({ mode: 3, time: "2026-12-07T12:00:01.000Z" });
    } finally {
      child.kill("SIGTERM");
    }
  });

  it("a simulator stepping without a pause (always behind speed=1e6) still greets clients, streams TPVs and stops on SIGTERM", async () => {
    const spec = "sim:?start=hot&chip=ublox&speed=1000000&rate=10&at=2026-11-26T12:00:00Z";
    const child = spawn(process.execPath, [BIN, "serve", "--port", "0", spec], { stdio: ["ignore", "ignore", "pipe"] });
    const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
    try {
      const { port, stderr } = await announced(child);
      const client = await connectClient(port);
      expect(classes(await client.waitFor((l) => l.length >= 1, 15_000))).toEqual(["VERSION"]);
      client.send('?WATCH={"enable":true,"json":true}\n');
      const lines = await client.waitFor((l) => classes(l).filter((c) => c === "TPV").length >= 3, 15_000);
      expect(classes(lines).slice(0, 3)).toEqual(["VERSION", "DEVICES", "WATCH"]);
      expect(parsed(lines).find((o) => o.class === "TPV")).toMatchObject({ device: spec });
      client.close();
      child.kill("SIGTERM");
      expect(await exited).toBe(0);
      expect(stderr()).toMatch(/served 1 client .* \d+ epochs/);
    } finally {
      child.kill("SIGKILL");
    }
  }, 40_000);

  it.skipIf(!hasGpspipe)(
    "replays a log from its start at a client's watch, even at --speed max, and again for a client after its end",
    async () => {
      const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--speed", "max", MULTI_GNSS], { stdio: ["ignore", "ignore", "pipe"] });
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      try {
        const { port, stderr, stderrMatches } = await announced(child);
        const want = logSentences(MULTI_GNSS);
        for (const round of [1, 2]) {
          const { stdout } = await run("gpspipe", ["-r", "-n", String(3 + want.length), `127.0.0.1:${port}`], { timeout: 15_000 });
          const sentences = stdout.split(/\r?\n/).filter((l) => l.startsWith("$"));
          expect(sentences, `client ${round}`).toEqual(want);
          // the replay has ended before the next client comes
          await stderrMatches(round === 1 ? /end of data/ : /end of data[\s\S]*end of data/);
        }
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
        expect(stderr()).toMatch(/served 2 clients/);
      } finally {
        child.kill("SIGKILL");
      }
    },
    40_000,
  );

  it("--week-rollover-fix: a log the GPS week rollover sent back is served with 2019 times; without it, the rollover is said once even when replayed again", async () => {
    const log = `${root}fixtures/week-rollover-1999-dates.nmea`;
    for (const fix of [false, true]) {
      const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--speed", "max", ...(fix ? ["--week-rollover-fix"] : []), log], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      try {
        const { port, stderr, stderrMatches } = await announced(child);
        for (let round = 0; round < 2; round++) {
          const client = await connectClient(port);
          client.send('?WATCH={"enable":true,"json":true}\n');
          const lines = await client.waitFor((l) => classes(l).filter((c) => c === "TPV").length >= 3, 15_000);
          const times = parsed(lines).flatMap((o) => (o.class === "TPV" ? [o.time] : []));
          expect(times).toEqual(
            fix
              ? ["2019-07-15T14:22:05.000Z", "2019-07-15T14:22:06.000Z", "2019-07-15T14:22:07.000Z"]
              : ["1999-11-29T14:22:05.000Z", "1999-11-29T14:22:06.000Z", "1999-11-29T14:22:07.000Z"],
          );
          client.close();
          await stderrMatches(round === 0 ? /end of data/ : /end of data[\s\S]*end of data/);
        }
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
        expect(stderr().match(/GPS week rollover\?/g) ?? []).toHaveLength(fix ? 0 : 1);
      } finally {
        child.kill("SIGKILL");
      }
    }
  }, 60_000);

  it.skipIf(!hasGpspipe)(
    "serves a gzip-compressed log as the plain one",
    async () => {
      const gz = join(mkdtempSync(join(tmpdir(), "gnsskit-serve-gz-")), "multi.nmea.gz");
      writeFileSync(gz, gzipSync(readFileSync(MULTI_GNSS)));
      const child = spawn(process.execPath, [BIN, "serve", "--port", "0", "--speed", "max", gz], { stdio: ["ignore", "ignore", "pipe"] });
      const exited = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
      try {
        const { port } = await announced(child);
        const want = logSentences(MULTI_GNSS);
        const { stdout } = await run("gpspipe", ["-r", "-n", String(3 + want.length), `127.0.0.1:${port}`], { timeout: 15_000 });
        expect(stdout.split(/\r?\n/).filter((l) => l.startsWith("$"))).toEqual(want);
        child.kill("SIGTERM");
        expect(await exited).toBe(0);
      } finally {
        child.kill("SIGKILL");
      }
    },
    40_000,
  );

  const unopenable: Array<{ name: string; sources: string[] }> = [
    { name: "a missing log", sources: [`${root}fixtures/missing.nmea`] },
    { name: "a missing log beside a good one", sources: [MULTI_GNSS, `${root}fixtures/missing.nmea`] },
  ];
  for (const c of unopenable) {
    it(`${c.name}: the error once, nothing announced, exit 1`, async () => {
      const result = await exitOf(["serve", "--port", "0", ...c.sources]);
      expect(result.code).toBe(1);
      const lines = result.stderr.split("\n").filter(Boolean);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^gnsskit: cannot read \S*fixtures\/missing\.nmea: no such file$/);
    });
  }

  const badArgs: Array<{ name: string; args: string[]; code: number; message: RegExp }> = [
    { name: "port out of range", args: ["serve", "--port", "70000", MULTI_GNSS], code: 2, message: /--port 70000/ },
    { name: "speed zero", args: ["serve", "--port", "0", "--speed", "0", MULTI_GNSS], code: 2, message: /--speed 0/ },
    { name: "same source twice", args: ["serve", "--port", "0", MULTI_GNSS, MULTI_GNSS], code: 2, message: /given twice/ },
    { name: "every source fails", args: ["serve", "--port", "0", "-q", `${root}fixtures/missing.nmea`], code: 1, message: /missing\.nmea/ },
  ];
  for (const c of badArgs) {
    it(`exit ${c.code}: ${c.name}`, async () => {
      const result = await exitOf(c.args);
      expect(result.code).toBe(c.code);
      expect(result.stderr).toMatch(c.message);
      expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
    });
  }
});

describe.skipIf(!hasReplay)("gnsskit replay (process)", () => {
  it("--speed max writes the log's sentences, comments dropped", async () => {
    const { code, stdout } = await exitOf(["replay", "--speed", "max", MULTI_GNSS]);
    expect(code).toBe(0);
    expect(stdout.split(/\r?\n/).filter(Boolean)).toEqual(logSentences(MULTI_GNSS));
  });

  it("--from/--to cut whole cycles", async () => {
    const { stdout } = await exitOf(["replay", "--speed", "max", "--from", "1", "--to", "3", MULTI_GNSS]);
    const lines = stdout.split(/\r?\n/).filter(Boolean);
    const all = logSentences(MULTI_GNSS);
    const perCycle = all.length / 4; // the fixture holds four identical-length cycles
    expect(lines).toEqual(all.slice(perCycle, 3 * perCycle));
    expect(lines[0]).toMatch(/^\$GNRMC,083001\.00/);
  });

  const badArgs: Array<{ name: string; args: string[]; code: number }> = [
    { name: "missing file", args: ["replay", `${root}fixtures/missing.nmea`], code: 1 },
    { name: "--to before --from", args: ["replay", "--from", "2", "--to", "1", MULTI_GNSS], code: 2 },
    { name: "negative --from", args: ["replay", "--from", "-1", MULTI_GNSS], code: 2 },
    { name: "bad speed", args: ["replay", "--speed", "fast", MULTI_GNSS], code: 2 },
  ];
  for (const c of badArgs) {
    it(`exit ${c.code}: ${c.name}`, async () => {
      const result = await exitOf(c.args);
      expect(result.code).toBe(c.code);
      expect(result.stderr).toMatch(/^gnsskit: /);
    });
  }
});
