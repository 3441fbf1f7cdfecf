// `gnsskit ttff` measured against the simulator's truth: every chip, every commanded start, unaided and
// assisted, through the command's own flow (waiting for 3D before warm/hot, probing, aiding after the acks,
// runs back to back). And a restart the receiver ignores (the wrong --dialect) is flagged, not reported as hot.

import { afterEach, describe, expect, it, vi } from "vitest";
import { ttff, type TtffCommandOptions, type TtffJson } from "../../src/cli/commands/ttff.js";
import type { TtffRun } from "../../src/methods/drivers/index.js";
import { createSimSource, type SimSource } from "../../src/sim/source.js";
import { captureOutput } from "./_in-process.js";

type Truth = SimSource["truth"];

async function measure(spec: string, options: TtffCommandOptions): Promise<{ report: TtffJson; runs: TtffRun[]; truths: Truth[]; stderr: string }> {
  const source = createSimSource(spec);
  const runs: TtffRun[] = [];
  const truths: Truth[] = [];
  const output = captureOutput();
  try {
    await ttff(
      spec,
      { json: true, ...options },
      {
        source,
        // The truth of a run stays put until the next restart: read it as the run completes.
        onRun: (run) => {
          runs.push(run);
          truths.push({ ...source.truth });
        },
      },
    );
  } finally {
    output.restore();
  }
  return { report: JSON.parse(output.stdout) as TtffJson, runs, truths, stderr: output.stderr };
}

describe("ttff against the simulator's truth", () => {
  afterEach(() => vi.restoreAllMocks());

  const CHIPS = ["mtk", "sirf", "ublox", "quectel"] as const;
  const STARTS = ["cold", "warm", "hot"] as const;
  for (const chip of CHIPS) {
    for (const start of STARTS) {
      it(`${chip} ${start}, unaided then assisted: TTFF and first 3D equal to the truth, one restart per run`, async () => {
        // Seed 12: with many seeds a simulated hot start's first epoch is a 2D fix of 3 satellites printed
        // without a position (GGA quality 1, empty lat/lon), which the simulator's truth counts as the first fix
        // and the tracker rightly does not: a simulator defect, not what is measured here.
        const spec = `sim:?chip=${chip}&speed=max&seed=12&at=2026-11-26T12:00:00Z`;
        const { report, truths } = await measure(spec, { start, runs: "1", assist: true, quiet: true });
        expect(report.runs.map((r) => r.start)).toEqual([start, "assisted"]);
        expect(truths).toHaveLength(2);
        expect(truths[1]!.restartCount).toBe(truths[0]!.restartCount + 1);
        report.runs.forEach((r, i) => {
          const truth = truths[i]!;
          expect(r.timedOut, `run ${i + 1}`).toBe(false);
          expect(r.ttffMs, `run ${i + 1} TTFF`).toBe(truth.ttffMs);
          // Exact: a restart written while a cycle is being received applies once that cycle has closed (the
          // tracker's restart), so the cycle detector stays in step (cut after that cycle's RMC, it learned RMC as
          // the ender and the first 3D read a second late on a loaded host: 30 s against 29 s)
          expect(r.first3dMs, `run ${i + 1} first 3D`).toBe(truth.first3dMs);
          expect(r.restartIgnored).toBeUndefined();
          // a commanded cold or warm restart has to read ephemeris again: never a fix within seconds
          if (start !== "hot") {
            expect(r.ttffMs).toBeGreaterThan(5_000);
            expect(r.inferredStart).not.toBe("hot");
          }
        });
        // aiding makes a cold start assisted; a warm or hot one keeps its kind
        expect(truths.map((t) => t.startType)).toEqual([start, start === "cold" ? "assisted" : start]);
      });
    }
  }

  it("--runs 3 --assist warm on quectel (the reported case): no assisted run at 0 s", async () => {
    const { report, truths } = await measure("sim:?chip=quectel&speed=max&at=2026-11-26T12:00:00Z", { start: "warm", runs: "3", assist: true, quiet: true });
    expect(report.runs.map((r) => r.ttffMs)).toEqual(truths.map((t) => t.ttffMs));
    for (const r of report.runs) expect(r.inferredStart).not.toBe("hot");
  });
});

describe("a restart the receiver ignores", () => {
  afterEach(() => vi.restoreAllMocks());

  it("PMTK to a PAIR chip (--dialect mtk): a fix within 2 s, inferred hot, flagged in JSON and warned even with -q", async () => {
    const spec = "sim:?chip=quectel&speed=max&seed=5&at=2026-11-26T12:00:00Z";
    const { report, truths, stderr } = await measure(spec, { start: "warm", runs: "2", dialect: "mtk", quiet: true });
    // the chip never restarted
    expect(truths.map((t) => t.restartCount)).toEqual([0, 0]);
    for (const r of report.runs) {
      expect(r.inferredStart).toBe("hot");
      expect(r.ttffMs).toBeLessThanOrEqual(2_000);
      expect(r.restartIgnored).toBe(true);
    }
    const warnings = stderr.split("\n").filter((line) => line.includes("warning"));
    expect(warnings).toHaveLength(2);
    expect(warnings[0]).toMatch(/run 1: warm restart commanded but a fix came after \d\.\d s \(inferred hot\).*ignored.*--dialect mtk/);
  });

  it("the table marks such runs and says why", async () => {
    const source = createSimSource("sim:?chip=quectel&speed=max&seed=5&at=2026-11-26T12:00:00Z");
    let stdout = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
    vi.spyOn(console, "error").mockImplementation(() => undefined);
    await ttff("sim:", { start: "warm", dialect: "mtk", quiet: true }, { source });
    vi.restoreAllMocks();
    expect(stdout).toMatch(/^1\s+warm\s+\d\.\d s\s+\d\.\d s\s+hot!/m);
    expect(stdout).toMatch(/^! a fix within 2 s of a cold\/warm restart/m);
  });
});
