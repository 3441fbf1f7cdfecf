// The numbers gnsskit prints, as a user reads them (the built bin): the same figure in the same words in
// decode's summary, monitor and report (durations, counts and their plurals, bytes).
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { formatRecordPrefix } from "../../src/framing/record-format.js";
import { fixture, runBin } from "./_bin.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-numbers-"));
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

/**
 * cold-start-ttff.nmea (first fix in its 35th cycle) recorded with receive times `cycleMs` apart: its TTFF is
 * 34 × cycleMs, whatever the sentences' own times say.
 */
function stampedColdStart(name: string, cycleMs: number): string {
  let cycle = -1;
  const lines = readFileSync(fixture("cold-start-ttff.nmea"), "latin1")
    .split("\n")
    .filter((line) => line.startsWith("$"))
    .map((line) => {
      if (line.startsWith("$GPGGA")) cycle++;
      return `${formatRecordPrefix(T0 + cycle * cycleMs)}${line}\n`;
    });
  const path = join(dir, name);
  writeFileSync(path, lines.join(""));
  return path;
}

/** TTFF as decode's summary, report and monitor's status lines and summary print it. */
function ttffEverywhere(path: string): Record<string, string | undefined> {
  const decode = runBin(["decode", path]).stderr;
  const report = runBin(["report", path]).stdout;
  const monitor = runBin(["monitor", path, "--speed", "max"]);
  return {
    decode: /TTFF: (.+?),? first 3D/.exec(decode)?.[1],
    report: /TTFF: (.+?) \(/.exec(report)?.[1],
    // the line ends at the TTFF when no start type is told (a cold start stamped 34 × 0.2 s is too fast to be one)
    "monitor line": /TTFF (\S+ \S+(?: \S+ \S+)?)(?: {2}|$)/.exec(monitor.stdout.trim().split("\n").at(-1) ?? "")?.[1],
    "monitor summary": /TTFF: (.+?),? first 3D/.exec(monitor.stderr)?.[1],
  };
}

describe("a duration reads the same in decode, report and monitor", () => {
  it("under a minute: tenths of a second (6.99 s is 7.0 s everywhere)", () => {
    const path = stampedColdStart("ttff-6.99.nmea", 205.6); // 34 × 205.6 ms = 6.99 s
    const ttff = ttffEverywhere(path);
    expect(ttff).toEqual({ decode: "7.0 s", report: "7.0 s", "monitor line": "7.0 s", "monitor summary": "7.0 s" });
  });

  it("over a minute: minutes and seconds (104.6 s is 1 min 45 s everywhere)", () => {
    const path = stampedColdStart("ttff-104.nmea", 3075); // 34 × 3.075 s = 104.55 s
    const ttff = ttffEverywhere(path);
    expect(ttff).toEqual({ decode: "1 min 45 s", report: "1 min 45 s", "monitor line": "1 min 45 s", "monitor summary": "1 min 45 s" });
  });
});

describe("counts with their noun in the right number", () => {
  it("one epoch, one sentence: singular", () => {
    const path = join(dir, "one-epoch.nmea");
    writeFileSync(
      path,
      `${readFileSync(fixture("cold-start-ttff.nmea"), "latin1")
        .split("\n")
        .find((line) => line.startsWith("$GPGGA"))}\n`,
    );
    const decode = runBin(["decode", path]);
    expect(decode.stderr).toMatch(/^gnsskit: \S+: 1 sentence in 1 frame \(\d+ B\), 1 epoch\n {2}fixes: 0 epochs with a fix, 0 reacquisitions\n/);
    expect(runBin(["report", path]).stdout).toMatch(/^ {2}no fix\s+100\.0%\s+\S+ s\s+1 epoch$/m);
  });
});

describe("the same byte count for the same data", () => {
  it("a recording decoded, replayed at pace, monitored and piped: one figure, that of the live source", () => {
    const path = join(dir, "sim.nmea");
    const sim = "sim:?start=cold&speed=max&duration=40&seed=3&at=2026-11-26T12:00:00Z"; // one sky for both runs
    const live = runBin(["decode", sim]);
    expect(runBin(["record", sim, "-o", path, "--quiet"]).status).toBe(0);
    const bytes = (stderr: string): string | undefined => /frames \(([^)]+)\)/.exec(stderr)?.[1];
    const figures = {
      live: bytes(live.stderr),
      decode: bytes(runBin(["decode", path]).stderr),
      "decode --speed": bytes(runBin(["decode", path, "--speed", "1000"]).stderr),
      monitor: bytes(runBin(["monitor", path, "--speed", "max"]).stderr),
      "replay --stamped | decode -": bytes(runBin(["decode", "-"], { input: runBin(["replay", path, "--speed", "max", "--stamped"]).stdout }).stderr),
    };
    expect(figures.live).toMatch(/^\d+\.\d kB$/);
    for (const figure of Object.values(figures)) expect(figure).toBe(figures.live);
  });
});
