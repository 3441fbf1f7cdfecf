// "Why no fix yet", second by second through simulated cold (and warm) starts, against the model's own state
// after each of its steps (SimTruth.receiverState): the line says searching exactly while nothing is locked,
// time not set while the model has no time, waiting for ephemeris until the fix, why a fix is 2D, and nothing
// at 3D; its counts are the model's, "first locked N s ago" is the model's first lock, and every window it gives
// (the time of week, the fix) holds the moment the model reached it. Power-on moments spread over the 30 s
// frame of the navigation message, on a GPS-only chip and on a GPS + GLONASS + Galileo one.

import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import type { SimReceiverState } from "../../src/sim/receiver/types.js";
import type { Source } from "../../src/sources/source.js";
import { createDiagnoser, type DiagnosisLine } from "../../src/diagnosis/index.js";
import { simWithSteps } from "../_sim.js";

interface Step {
  state: SimReceiverState;
  mode: "none" | "2d" | "3d";
}

/** The simulator as a Source that keeps the model's state after each of its steps, by step time. */
function recordedSim(spec: string): { source: Source; steps: Map<number, Step>; firstFixAtMs: () => number | undefined } {
  const steps = new Map<number, Step>();
  const { source, sim } = simWithSteps(spec, (sim, stepMs) => {
    steps.set(stepMs, structuredClone({ state: sim.truth.receiverState, mode: sim.truth.mode }));
  });
  return { source, steps, firstFixAtMs: () => sim.truth.firstFixAtMs };
}

/** The rule the model's state calls for. */
function expectedRule(step: Step): DiagnosisLine["rule"] | undefined {
  if (step.mode === "3d") return undefined;
  if (step.mode === "2d") return "two-d";
  if (step.state.locked.length === 0) return "searching";
  if (!step.state.timeKnown) return "time";
  return "ephemeris";
}

interface Walk {
  checked: number;
  rules: Set<string>;
  timeWindows: number;
  fixWindows: number;
}

async function walk(spec: string): Promise<Walk> {
  const { source, steps, firstFixAtMs } = recordedSim(spec);
  const diagnoser = createDiagnoser({ receiverStarts: true });
  const timeEstimates: { atMs: number; earliest?: number; latest: number }[] = [];
  const fixEstimates: typeof timeEstimates = [];
  let timeKnownAtMs: number | undefined;
  let checked = 0;
  let after3d = 0;
  const rules = new Set<string>();
  for await (const event of openGps({ source }).events()) {
    diagnoser.add(event);
    if (event.type !== "epoch") continue;
    const t = event.epoch.receivedAtMs;
    const step = steps.get(t);
    expect(step, `model state at ${t}`).toBeDefined();
    const { state } = step!;
    if (state.timeKnown) timeKnownAtMs ??= t;
    const waiting = diagnoser.diagnosis().lines.filter((l) => l.kind === "waiting");
    const at = `${(t - (steps.keys().next().value ?? t)) / 1000 + 1} s after power-on: ${waiting[0]?.text ?? "(no line)"}`;
    expect(waiting.length, at).toBeLessThanOrEqual(1);
    const line = waiting[0];
    expect(line?.rule, at).toBe(expectedRule(step!));
    checked++;
    if (line === undefined) {
      if (++after3d >= 10) break;
      continue;
    }
    rules.add(line.rule);
    // its counts are the model's
    expect(line.epoch.tracked, at).toBe(state.locked.length);
    if (line.rule === "two-d") {
      expect(line.text, at).toContain(step!.state.twoDReason === "too-few" ? "height needs a 4th satellite" : "enough for 3D");
    }
    if (line.rule === "time" || line.rule === "ephemeris") {
      const firstLockMs = Math.min(...state.locked.map((l) => l.lockedSinceMs));
      expect(line.text, at).toContain(`first locked ${Math.floor((t - firstLockMs) / 1000)} s ago`);
    }
    if (line.estimate !== undefined) {
      const e = { atMs: t, latest: line.estimate.latestAtMs, ...(line.estimate.earliestAtMs === undefined ? {} : { earliest: line.estimate.earliestAtMs }) };
      (line.estimate.what === "time" ? timeEstimates : fixEstimates).push(e);
    }
  }
  // every window given held the moment the model reached it
  const within = (e: { earliest?: number; latest: number }, atMs: number): boolean => (e.earliest ?? -Infinity) <= atMs && atMs <= e.latest;
  for (const e of timeEstimates)
    expect(within(e, timeKnownAtMs!), `time of week at ${timeKnownAtMs}, window given at ${e.atMs}: ${e.earliest}..${e.latest}`).toBe(true);
  const fixAt = firstFixAtMs();
  for (const e of fixEstimates) expect(within(e, fixAt!), `first fix at ${fixAt}, window given at ${e.atMs}: ${e.earliest}..${e.latest}`).toBe(true);
  return { checked, rules, timeWindows: timeEstimates.length, fixWindows: fixEstimates.length };
}

// Ten power-on moments three seconds apart: every phase of the 30 s frame (and of the 6 s subframe).
const MOMENTS = Array.from({ length: 10 }, (_, k) => new Date(Date.UTC(2026, 10, 26, 12, 0, 1 + 3 * k)).toISOString().replace(".000", ""));

describe("why no fix yet, second by second, against the simulator's state", () => {
  it.each(MOMENTS)(
    "cold start, MT3339 (GPS, SBAS, QZSS), power-on %s",
    async (at) => {
      const result = await walk(`sim:?start=cold&chip=mtk&at=${at}&speed=max&duration=180`);
      expect([...result.rules]).toEqual(expect.arrayContaining(["searching", "time", "ephemeris"]));
      expect(result.timeWindows).toBeGreaterThan(0);
      expect(result.fixWindows).toBeGreaterThan(0);
    },
    120_000,
  );

  it.each(MOMENTS.slice(0, 4))(
    "cold start, u-blox (GPS, GLONASS, Galileo), power-on %s",
    async (at) => {
      const result = await walk(`sim:?start=cold&chip=ublox&at=${at}&speed=max&duration=180&seed=2`);
      expect([...result.rules]).toEqual(expect.arrayContaining(["searching", "time", "ephemeris"]));
      expect(result.fixWindows).toBeGreaterThan(0);
    },
    120_000,
  );

  it.each(MOMENTS.slice(0, 3))(
    "warm start in an urban canyon (2D while few are clear), power-on %s",
    async (at) => {
      const result = await walk(`sim:?start=warm&chip=quectel&env=urban-canyon&gnss=gps&at=${at}&speed=max&duration=240&seed=4`);
      expect(result.rules.has("ephemeris")).toBe(true);
    },
    120_000,
  );
});
