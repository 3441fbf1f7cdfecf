// `gnsskit report LOG --truth …` as a user runs it (the built CLI): on a simulator log, the accuracy it prints
// (--json) is what the errors the model put into its fixes give, within 0.1 m, for a point and for a GPX track;
// a bad --truth is one line and exit 2 before the log is read.

import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { existsSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createSimSource } from "../../src/sim/source.js";
import { cli, runBin } from "./_bin.js";

const built = existsSync(join(cli, "..", "..", "dist", "cli", "main.js"));
if (!built) console.log("report --truth CLI tests skipped: dist/ is not built (npm run build)");

const tmp = mkdtempSync(join(tmpdir(), "gnsskit-truth-"));
const GEOID_M = 45;

interface Step {
  timeMs: number;
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeMslM: number;
  error?: { eastM: number; northM: number; upM: number };
  mode: "none" | "2d" | "3d";
}

/** The log a spec gives (what `gnsskit simulate --spec` prints) and the model's truth after each step. */
async function simulate(spec: string): Promise<{ log: string; steps: Step[] }> {
  const source = createSimSource(spec);
  await source.open();
  let log = "";
  const steps: Step[] = [];
  for await (const chunk of source) {
    log += new TextDecoder("latin1").decode(chunk);
    const t = source.truth;
    steps.push({
      timeMs: source.clock!(),
      latitudeDeg: t.latitudeDeg,
      longitudeDeg: t.longitudeDeg,
      altitudeMslM: t.altitudeHaeM - GEOID_M,
      mode: t.mode,
      ...(t.positionErrorM === undefined ? {} : { error: { ...t.positionErrorM } }),
    });
  }
  return { log, steps };
}

const rank = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]!;

interface TruthJson {
  fixes: number;
  horizontal: { p50M: number; p95M: number; maxM: number; rmsM: number };
  vertical: { p95M: number; maxM: number; meanM: number; samples: number };
  claimed: { withinShare: number };
}

function expectStatistics(truth: TruthJson, steps: Step[]): void {
  const fixes = steps.filter((s) => s.error !== undefined);
  const horizontal = fixes.map((s) => Math.hypot(s.error!.eastM, s.error!.northM));
  // GGA gives no height for a 2D fix: the vertical error is the 3D fixes'
  const up = fixes.filter((s) => s.mode === "3d").map((s) => s.error!.upM);
  expect(truth.fixes).toBe(fixes.length);
  for (const [name, got, want] of [
    ["CEP50", truth.horizontal.p50M, rank(horizontal, 50)],
    ["CEP95", truth.horizontal.p95M, rank(horizontal, 95)],
    ["max", truth.horizontal.maxM, Math.max(...horizontal)],
    ["RMS", truth.horizontal.rmsM, Math.sqrt(horizontal.reduce((a, b) => a + b * b, 0) / horizontal.length)],
    ["vertical 95 %", truth.vertical.p95M, rank(up.map(Math.abs), 95)],
    ["vertical max", truth.vertical.maxM, Math.max(...up.map(Math.abs))],
    ["vertical bias", truth.vertical.meanM, up.reduce((a, b) => a + b, 0) / up.length],
  ] as const) {
    expect(Math.abs(got - want), `${name}: report ${got}, model ${want}`).toBeLessThanOrEqual(0.1);
  }
  expect(truth.vertical.samples).toBe(up.length);
}

describe.skipIf(!built)("gnsskit report --truth", () => {
  it("a point: the printed accuracy is the model's injected errors within 0.1 m", async () => {
    const spec = "sim:?start=warm&chip=ublox&env=suburban&at=2026-11-26T12:00:07Z&speed=max&duration=600&seed=8";
    const { log, steps } = await simulate(spec);
    const file = join(tmp, "point.nmea");
    writeFileSync(file, log, "latin1");
    const run = runBin(["report", file, "--truth", "48.8584,2.2945,35", "--json"]);
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expectStatistics(JSON.parse(run.stdout).truth as TruthJson, steps);
    const text = runBin(["report", file, "--truth", "48.8584,2.2945,35"]).stdout;
    expect(text).toMatch(/^Accuracy against the truth \(48\.8584000, 2\.2945000, 35\.0 m MSL\)$/m);
    expect(text).toMatch(/^ {2}horizontal: CEP50 [\d.]+ m, CEP95 [\d.]+ m, max/m);
    expect(text).toMatch(/^ {2}the receiver's own 95 % radius: median [\d.]+ m; the true error within it in [\d.]+% of \d+ fixes/m);
  }, 120_000);

  it("a moving antenna: a GPX track with the time of each point (a reference receiver's, 1 Hz)", async () => {
    const spec = "sim:?start=warm&chip=ublox&env=open-sky&route=drive&at=2026-11-26T12:00:07Z&speed=max&duration=300&seed=5";
    const { log, steps } = await simulate(spec);
    const file = join(tmp, "drive.nmea");
    writeFileSync(file, log, "latin1");
    // where the antenna was each second; a fix between two points would take the straight line between them
    const points = steps.map(
      (s) =>
        `<trkpt lat="${s.latitudeDeg.toFixed(9)}" lon="${s.longitudeDeg.toFixed(9)}"><ele>${s.altitudeMslM.toFixed(3)}</ele><time>${new Date(s.timeMs).toISOString()}</time></trkpt>`,
    );
    const gpx = join(tmp, "truth.gpx");
    writeFileSync(gpx, `<?xml version="1.0"?><gpx version="1.1" creator="test"><trk><trkseg>${points.join("")}</trkseg></trk></gpx>`);
    const run = runBin(["report", file, "--truth", gpx, "--json"]);
    expect(run.status).toBe(0);
    const truth = JSON.parse(run.stdout).truth as TruthJson & { uncovered: number; truth: { kind: string; points: number } };
    expect(truth.truth).toMatchObject({ kind: "track", points: steps.length });
    expect(truth.uncovered).toBe(0);
    expectStatistics(truth, steps);
    // a track that ends before the log: the fixes after it are left out, and said to be
    const half = join(tmp, "half.gpx");
    writeFileSync(half, `<gpx><trk><trkseg>${points.slice(0, 150).join("")}</trkseg></trk></gpx>`);
    const partial = JSON.parse(runBin(["report", file, "--truth", half, "--json"]).stdout).truth as { fixes: number; uncovered: number };
    expect(partial.fixes + partial.uncovered).toBe(truth.fixes);
    expect(partial.uncovered).toBe(steps.filter((s) => s.error !== undefined && s.timeMs > steps[149]!.timeMs).length);
  }, 120_000);

  it.each([
    {
      args: ["91,0"],
      message: "gnsskit: --truth 91,0: expected LAT,LON[,ALT] (degrees from −90 to 90 and −180 to 180, metres above mean sea level) or a GPX track file",
    },
    { args: ["48.8,2.3,x"], message: "gnsskit: --truth 48.8,2.3,x: cannot read the file (ENOENT); expected LAT,LON[,ALT] or a GPX track" },
    { args: ["no-such-track.gpx"], message: "gnsskit: --truth no-such-track.gpx: cannot read the file (ENOENT); expected LAT,LON[,ALT] or a GPX track" },
  ])("a bad --truth $args: one line, exit 2", ({ args, message }) => {
    const run = runBin(["report", "no-such.log", "--truth", ...args]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(message);
  });

  it("a GPX truth track without times: one line, exit 2", () => {
    const gpx = join(tmp, "untimed.gpx");
    writeFileSync(gpx, '<gpx><trk><trkseg><trkpt lat="1" lon="2"/><trkpt lat="1.1" lon="2"/></trkseg></trk></gpx>');
    const run = runBin(["report", "no-such.log", "--truth", gpx]);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`gnsskit: --truth ${gpx}: 2 of 2 points have no <time>: a truth track needs the time of each point`);
  });
});
