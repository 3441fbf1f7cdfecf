// --ntrip as a user runs it, against RTKLIB's str2str as the caster relaying `gnsskit simulate --rtcm` (the
// simulated base station): `monitor 'sim:?chip=ublox&rtk=1' --ntrip …` reaches RTK fixed and shows the time to
// fixed, the age of the corrections and the bytes; cutting the caster falls back to DGPS and the client reconnects
// once it is back; `ttff --ntrip --json` reports ttfixMs per run. Base and rover run at 10× so that a test takes
// seconds (the base's pace follows --speed, so the corrections' age is the rover's). Needs str2str (Debian rtklib).

import { spawn, type ChildProcess } from "node:child_process";
import { describe, expect, it, type TestContext } from "vitest";
import { cli, fixture, runBin } from "./_bin.js";
import { freePort, hasStr2str, startStr2str, startV2Caster, type Str2strCaster } from "../node/ntrip/_casters.js";

if (!hasStr2str) console.log("--ntrip CLI tests with str2str skipped: str2str is not installed (Debian package rtklib)");

const AT = "2026-12-06T12:00:00Z";
/** Stops what a test started when it ends (the tests with str2str run at once: each stops its own). */
type Cleanup = (stop: () => Promise<void>) => void;
const cleanupOf =
  ({ onTestFinished }: TestContext): Cleanup =>
  (stop) =>
    onTestFinished(() => stop().catch(() => undefined));

interface Running {
  child: ChildProcess;
  lines: string[];
  stderr: string[];
  /** Resolves with the first line (stdout or stderr) from `from` on that matches. */
  waitFor(pattern: RegExp, timeoutMs?: number, from?: number): Promise<string>;
  exit: Promise<number | null>;
}

function run(args: string[], cleanup: Cleanup): Running {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const lines: string[] = [];
  const stderr: string[] = [];
  const waiters = new Set<() => void>();
  const reader = (into: string[]) => {
    let partial = "";
    return (data: Buffer): void => {
      const parts = (partial + data.toString("utf8")).split("\n");
      partial = parts.pop() ?? "";
      into.push(...parts);
      if (into === stderr) lines.push(...parts.map((l) => `stderr: ${l}`));
      for (const wake of [...waiters]) wake();
    };
  };
  child.stdout!.on("data", reader(lines));
  child.stderr!.on("data", reader(stderr));
  const exit = new Promise<number | null>((resolve) => child.once("close", (code) => resolve(code)));
  cleanup(async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill("SIGKILL");
      await exit;
    }
  });
  return {
    child,
    lines,
    stderr,
    exit,
    waitFor(pattern, timeoutMs = 60_000, from = 0) {
      return new Promise((resolve, reject) => {
        const check = (): void => {
          const found = lines.slice(from).find((l) => pattern.test(l));
          if (found !== undefined) {
            done();
            resolve(found);
          } else if (child.exitCode !== null) {
            done();
            reject(new Error(`exited (${child.exitCode}) before ${pattern}: ${lines.slice(-8).join(" | ")}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms: ${lines.slice(-8).join(" | ")}`));
        }, timeoutMs);
        const done = (): void => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        child.once("exit", check);
        check();
      });
    },
  };
}

/** The simulated base station on TCP at 10× and str2str relaying it as mountpoint SIM (user u, password p). */
async function baseAndCaster(cleanup: Cleanup): Promise<{ caster: Str2strCaster; basePort: number; restart(): Promise<Str2strCaster> }> {
  const base = run(["simulate", "--rtcm", "--tcp", "0", "--speed", "10", "--at", AT], cleanup);
  const ready = await base.waitFor(/simulated base station \(RTCM 3\) on tcp:\/\/127\.0\.0\.1:\d+/);
  const basePort = Number(/:(\d+)$/.exec(ready)![1]);
  const start = (port?: number): Promise<Str2strCaster> =>
    startStr2str({ mount: "SIM", user: "u", password: "p", input: `tcpcli://127.0.0.1:${basePort}`, ...(port === undefined ? {} : { port }) });
  let caster = await start();
  cleanup(() => caster.stop());
  return {
    caster,
    basePort,
    async restart() {
      caster = await start(caster.port);
      return caster;
    },
  };
}

// The tests run at once, each with its own base, caster and rover: their time is the simulated receivers' pace
// (one after the other, 23 s).
describe.skipIf(!hasStr2str).concurrent("--ntrip against str2str relaying the simulated base", () => {
  it("monitor reaches RTK fixed, shows time to fixed, age and bytes; a cut caster falls back to DGPS and is reconnected", async (context) => {
    const cleanup = cleanupOf(context);
    const { caster, restart } = await baseAndCaster(cleanup);
    const url = `ntrip://u:p@127.0.0.1:${caster.port}/SIM`;
    const monitor = run(["monitor", `sim:?chip=ublox&rtk=1&start=hot&speed=10&at=${AT}`, "--ntrip", url], cleanup);
    await monitor.waitFor(/^ntrip: connected \(NTRIP 1\)$/);
    await monitor.waitFor(/^ntrip: first corrections \(RTCM 10\d\d\) written to sim:/);
    const fixed = await monitor.waitFor(/RTK fixed 3D fix .*time to fixed \d+\.\d s .*ntrip connected \d+(\.\d)? k?B age \d\.\d s/);
    expect(fixed).toMatch(/ {2}TTFF \d\.\d s /);

    // cut the caster: the client says so, the rover falls back to DGPS once the corrections are 10 s old
    const cutAt = monitor.lines.length;
    await caster.stop();
    await monitor.waitFor(/^ntrip: disconnected \(/, 30_000, cutAt);
    await monitor.waitFor(/ DGPS 3D fix .*ntrip DISCONNECTED/, 30_000, cutAt);
    const backAt = monitor.lines.length;
    await restart();
    await monitor.waitFor(/^ntrip: reconnected after /, 60_000, backAt);
    await monitor.waitFor(/RTK fixed 3D fix .*ntrip connected/, 60_000, backAt);

    monitor.child.kill("SIGINT");
    expect(await monitor.exit).toBe(0);
    const summary = monitor.stderr.join("\n");
    expect(summary).toMatch(/RTK: RTK fixed after \d+\.\d s \(\d+\.\d s after the corrections\), RTK float after .*; RTK fixed lost 1×/);
    expect(summary).toMatch(
      new RegExp(`gnsskit: ntrip://u@127\\.0\\.0\\.1:${caster.port}/SIM: \\d+(\\.\\d)? kB \\(.*/min\\), age .*frames forwarded \\(1077 ×\\d+`),
    );
    expect(summary).not.toContain(":p@");
  });

  it("ttff --ntrip --json: ttfixMs per run, and what the caster delivered", async (context) => {
    const cleanup = cleanupOf(context);
    const { caster } = await baseAndCaster(cleanup);
    const ttff = run(
      [
        "ttff",
        `sim:?chip=ublox&rtk=1&speed=10&at=${AT}`,
        "--start",
        "hot",
        "--runs",
        "2",
        "--json",
        "--quiet",
        "--ntrip",
        `ntrip://u:p@127.0.0.1:${caster.port}/SIM`,
      ],
      cleanup,
    );
    expect(await ttff.exit).toBe(0);
    const report = JSON.parse(ttff.lines.find((l) => l.startsWith("{"))!) as {
      runs: { start: string; ttffMs: number; ttfloatMs: number | null; ttfixMs: number | null; correctionBytes: number }[];
      summary: {
        ttfixMs: { min: number; median: number; max: number } | null;
        noRtkFixed: number;
        corrections: { bytesReceived: number; framesByType: Record<string, number> };
      };
    };
    expect(report.runs).toHaveLength(2);
    for (const r of report.runs) {
      expect(r.ttfixMs).toBeGreaterThan(r.ttffMs);
      expect(r.ttfloatMs).toBeLessThanOrEqual(r.ttfixMs!);
      expect(r.correctionBytes).toBeGreaterThan(0);
    }
    expect(report.summary.noRtkFixed).toBe(0);
    expect(report.summary.ttfixMs!.min).toBe(Math.min(...report.runs.map((r) => r.ttfixMs!)));
    expect(report.summary.corrections.bytesReceived).toBeGreaterThan(0);
    expect(report.summary.corrections.framesByType["1005"]).toBeGreaterThan(0);
  });

  it("a wrong password and an unknown mountpoint stop the command with one line, exit 1", async (context) => {
    const caster = await startStr2str({ mount: "SIM", user: "u", password: "p" });
    cleanupOf(context)(() => caster.stop());
    const wrong = runBin(["decode", `sim:?speed=10&at=${AT}`, "--count", "50", "--ntrip", `ntrip://u:nope@127.0.0.1:${caster.port}/SIM`]);
    expect(wrong.status).toBe(1);
    expect(wrong.stderr).toContain(`gnsskit: ntrip://u@127.0.0.1:${caster.port}/SIM: the caster refused user u (401 Unauthorized: wrong user or password?)`);
    expect(wrong.stderr).not.toContain("nope");
    const unknown = runBin(["monitor", `sim:?speed=10&at=${AT}`, "--ntrip", `ntrip://u:p@127.0.0.1:${caster.port}/OTHER`]);
    expect(unknown.status).toBe(1);
    expect(unknown.stderr).toMatch(
      /gnsskit: ntrip:\/\/u@127\.0\.0\.1:\d+\/OTHER: the caster sent its sourcetable instead of a stream: no mountpoint OTHER \(it lists SIM\)\n/,
    );
    expect(unknown.stderr).not.toMatch(/\n\s+at /);
  });
});

describe("--ntrip arguments", () => {
  it("a log or a URL without mountpoint is a bad argument: exit 2, one line", () => {
    const log = runBin(["decode", fixture("cold-start-ttff.nmea"), "--ntrip", "ntrip://127.0.0.1:2101/M"]);
    expect(log.status).toBe(2);
    expect(log.stderr.trim().split("\n")).toEqual([expect.stringMatching(/^gnsskit: --ntrip: .*cold-start-ttff\.nmea takes no writes/)]);
    const noMount = runBin(["monitor", "sim:", "--ntrip", "ntrip://127.0.0.1:2101/"]);
    expect(noMount.status).toBe(2);
    expect(noMount.stderr.trim()).toMatch(/^gnsskit: --ntrip ntrip:\/\/127\.0\.0\.1:2101\/: no mountpoint/);
  });

  it("a caster nobody answers at: one line, exit 1", async () => {
    const port = await freePort();
    const decode = runBin(["decode", `sim:?speed=10&at=${AT}`, "--count", "300", "-f", "csv", "--ntrip", `ntrip://127.0.0.1:${port}/M`]);
    expect(decode.status).toBe(1);
    expect(decode.stderr).toContain(`gnsskit: cannot connect to ntrip://127.0.0.1:${port}/M: ECONNREFUSED\n`);
  });

  it("ntrip sourcetable: the v2 caster's mountpoints nearest first, as a table and as JSON", async (context) => {
    const cleanup = cleanupOf(context);
    const caster = await startV2Caster({
      mounts: [
        { name: "BERLIN", str: "Berlin;RTCM 3.2;1005(10),1077(1);2;GPS;EX;DEU;52.52;13.40;0;0;x;none;B;N;5000;" },
        { name: "PARIS", str: "Paris;RTCM 3.3;1005(10),1077(1),1087(1);2;GPS+GLO;EX;FRA;48.85;2.35;0;0;x;none;B;N;5000;" },
      ],
    });
    cleanup(() => caster.close());
    // the caster runs in this process: the CLI runs beside it, not blocking it
    const json = run(["ntrip", "sourcetable", `ntrip://127.0.0.1:${caster.port}`, "--lat", "48.8584", "--lon", "2.2945", "--json"], cleanup);
    expect(await json.exit).toBe(0);
    const report = JSON.parse(json.lines.join("\n")) as { mountpoints: { mountpoint: string; distanceM: number }[] };
    expect(report.mountpoints.map((m) => m.mountpoint)).toEqual(["PARIS", "BERLIN"]);
    expect(report.mountpoints[0]!.distanceM).toBeLessThan(10_000);
    const table = run(["ntrip", "sourcetable", `ntrip://127.0.0.1:${caster.port}`, "--near", `sim:?speed=max&at=${AT}`], cleanup);
    expect(await table.exit).toBe(0);
    expect(table.lines[0]).toMatch(/2 mountpoints, nearest first from 48\.858\d\d, 2\.294\d\d \(the first fix of sim:/);
    expect(table.lines[2]).toMatch(/^PARIS\s+4\.\d km\s+RTCM 3\.3/);
  });
});
