// What the CLI says about a log is what the receiver said (issue "truth on every receiver"): the built CLI
// run as a user runs it, on hand-made fixtures that each pin one rule, through a real pipe where it matters.
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { runBinOnce } from "./_bin.js";

const root = join(import.meta.dirname, "..", "..");
const cli = join(root, "bin", "gnsskit.js");
const fixture = (name: string): string => join(root, "fixtures", name);
const built = existsSync(join(root, "dist", "cli", "main.js"));
if (!built) console.log("CLI truth tests skipped: dist/ is not built (npm run build)");

function gnsskit(...args: string[]): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync(process.execPath, [cli, ...args], { encoding: "utf8", cwd: root });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}
/** A shell pipeline, so stdin is a real pipe (not a file the shell redirected). */
function pipeline(command: string): { stdout: string; stderr: string; status: number | null } {
  const run = spawnSync("bash", ["-o", "pipefail", "-c", command], { encoding: "utf8", cwd: root });
  return { stdout: run.stdout, stderr: run.stderr, status: run.status };
}
const line = (text: string, label: string): string | undefined =>
  text
    .split("\n")
    .map((l) => l.trim())
    .find((l) => l.startsWith(label));

describe.skipIf(!built)("the CLI says what the receiver said", () => {
  it("a log that starts with a fix: TTFF not measurable and no start type, in decode and report alike", () => {
    const decode = gnsskit("decode", fixture("slow-cycle-2500ms.nmea"), "-o", "/dev/null");
    expect(line(decode.stderr, "TTFF:")).toBe("TTFF: not measurable: the receiver already had a fix when the log began");
    expect(line(decode.stderr, "start:")).toBeUndefined();
    const report = gnsskit("report", fixture("slow-cycle-2500ms.nmea"));
    expect(line(report.stdout, "TTFF:")).toBe("TTFF: not measurable: the receiver already had a fix when the log began");
    expect(report.stdout).not.toMatch(/TTFF: 0/);
    // and a 2.5 s receiver fixed all along lost nothing
    expect(line(report.stdout, "fix losses:")).toBe("fix losses: 0");
  });

  it.each(["cold-start-ttff.nmea", "gsv-after-ender.nmea", "sim-cold-open-sky.nmea", "cold-start-timeless-cycles.nmea"])(
    "decode and report give one start type: %s",
    (name) => {
      const decodeStart = /start: (\w+)/.exec(runBinOnce(["decode", fixture(name), "-o", "/dev/null"]).stderr)?.[1] ?? "unknown";
      const reportStart = /start: (\w+)/.exec(runBinOnce(["report", fixture(name)]).stdout)?.[1] ?? "unknown";
      expect(reportStart).toBe(decodeStart);
      expect(decodeStart).not.toBe("unknown");
    },
  );

  it("a log piped in is clocked by its sentences, as the file is", () => {
    const fromFile = runBinOnce(["report", fixture("cold-start-ttff.nmea")]);
    const fromPipe = pipeline(`cat ${JSON.stringify(fixture("cold-start-ttff.nmea"))} | ${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} report -`);
    expect(fromPipe.status).toBe(0);
    for (const label of ["duration:", "TTFF:", "start:", "epochs:"]) expect(line(fromPipe.stdout, label), label).toBe(line(fromFile.stdout, label));
    expect(line(fromPipe.stdout, "TTFF:")).toBe("TTFF: 34.0 s (3d fix)");
  });

  // 75 s of log at 10× outlasts the reader's start even on a loaded machine: it sees the replay's pace
  it("a replay faster than real time piped without stamps is clocked by its sentences, and says so once", () => {
    const run = pipeline(
      `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} replay ${JSON.stringify(fixture("sim-cold-open-sky.nmea"))} --speed 10 | ` +
        `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} decode - -o /dev/null`,
    );
    expect(run.status).toBe(0);
    const notes = run.stderr.split("\n").filter((l) => l.includes("faster than they arrive"));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/UTC runs \d+× faster/);
    // the TTFF is the log's own, as decoding the file says
    const fromFile = runBinOnce(["decode", fixture("sim-cold-open-sky.nmea"), "-o", "/dev/null"]);
    expect(line(run.stderr, "TTFF:")).toBe(line(fromFile.stderr, "TTFF:"));
  }, 30_000);

  it("a cycle cut by the end of the log is marked incomplete and left out of the report", () => {
    const decode = gnsskit("decode", fixture("truncated-last-cycle.nmea"), "--format", "json");
    const epochs = decode.stdout
      .trim()
      .split("\n")
      .map((l) => JSON.parse(l) as { incomplete?: boolean; satellites: { trackedCount: number; usedCount: number } });
    expect(epochs.map((e) => e.incomplete === true)).toEqual([false, false, false, true]);
    expect(epochs.every((e) => e.satellites.trackedCount >= e.satellites.usedCount)).toBe(true);
    const report = gnsskit("report", fixture("truncated-last-cycle.nmea"));
    expect(line(report.stdout, "epochs:")).toMatch(/^epochs: 3 \(3 with a fix\), and 1 cut short by the end of the log, left out,/);
  });

  it("a receiver in its own simulator mode is shown as such, never as searching", () => {
    // off a terminal a status line a log second, at any pace: the 21 s log is not waited for
    const monitor = gnsskit("monitor", fixture("receiver-simulator-mode.nmea"), "--speed", "max");
    const statuses = monitor.stdout.trim().split("\n");
    expect(statuses.length).toBeGreaterThan(10);
    expect(statuses.every((l) => l.includes("SIMULATOR MODE"))).toBe(true);
    expect(monitor.stdout).not.toMatch(/SEARCHING/);
    expect(line(monitor.stderr, "TTFF:")).toBe("TTFF: no GNSS fix: the receiver reported simulated positions only (its simulator mode)");
    const gpsd = gnsskit("decode", fixture("receiver-simulator-mode.nmea"), "--format", "gpsd");
    const tpv = gpsd.stdout
      .split("\n")
      .filter((l) => l.includes('"TPV"'))
      .map((l) => JSON.parse(l) as { mode: number; status?: number });
    expect(tpv.every((t) => t.mode === 3 && t.status === 8)).toBe(true);
  });
});
