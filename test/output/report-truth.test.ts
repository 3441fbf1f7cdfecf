// Accuracy against the truth, on the simulator whose truth is known: each fix's error as the report computes it
// (the NMEA it reads, against `--truth`) equals the error the model put into that fix (SimTruth.positionErrorM)
// within 0.1 m, horizontally and vertically, for a point and for a moving antenna's GPX track; the summary's
// CEP50/95 and the receiver's claimed radius follow. The u-blox dialect writes 5 decimals of minutes (2 cm);
// the MT3339's 4 (19 cm) would round the errors by more than the tolerance.

import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import type { Source } from "../../src/sources/source.js";
import { simWithSteps } from "../_sim.js";
import { createReportBuilder, parseTruthPoint, truthAt, type Truth } from "../../src/output/report/index.js";

const GEOID_M = 45;

interface Injected {
  eastM: number;
  northM: number;
  upM: number;
  /** Where the antenna was, MSL */
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeMslM: number;
}

/** The simulator as a Source that keeps, per step time, the error it put into the fix and where the antenna was. */
function recordedSim(spec: string): { source: Source; injected: Map<number, Injected> } {
  const injected = new Map<number, Injected>();
  const { source } = simWithSteps(spec, (sim, stepMs) => {
    const t = sim.truth;
    if (t.positionErrorM !== undefined) {
      injected.set(stepMs, { ...t.positionErrorM, latitudeDeg: t.latitudeDeg, longitudeDeg: t.longitudeDeg, altitudeMslM: t.altitudeHaeM - GEOID_M });
    }
  });
  return { source, injected };
}

async function reportOf(spec: string, truthOf: (injected: Map<number, Injected>) => Truth | undefined, truth?: Truth) {
  const { source, injected } = recordedSim(spec);
  const events = [];
  for await (const event of openGps({ source }).events()) if (event.type !== "frame") events.push(event);
  const builder = createReportBuilder({ plotPoints: 2000, truth: truth ?? truthOf(injected)! });
  for (const event of events) builder.add(event);
  return { report: builder.result(), injected };
}

/** Percentile by nearest rank, as the report takes it. */
const rank = (values: number[], p: number): number => [...values].sort((a, b) => a - b)[Math.max(0, Math.ceil((p / 100) * values.length) - 1)]!;

describe("report --truth against the simulator's injected errors", () => {
  it("a point: every fix's horizontal and vertical error within 0.1 m of the model's, and the summary from them", async () => {
    const spec = "sim:?start=warm&chip=ublox&env=urban-canyon&at=2026-11-26T12:00:07Z&speed=max&duration=600&seed=3";
    const truth: Truth = { kind: "point", latitudeDeg: 48.8584, longitudeDeg: 2.2945, altitudeMslM: 35 };
    const { report, injected } = await reportOf(spec, () => truth, truth);
    const start = report.plots.startMs!;
    const rows = report.plots.truth!.error;
    expect(rows.length).toBeGreaterThan(500);
    let verticals = 0;
    for (const row of rows) {
      const model = injected.get(start + row.tMs);
      expect(model, `the model's error at ${row.tMs}`).toBeDefined();
      expect(Math.abs(row.horizontalM! - Math.hypot(model!.eastM, model!.northM)), `horizontal at ${row.tMs} ms`).toBeLessThanOrEqual(0.1);
      if (row.verticalM !== undefined) {
        verticals++;
        expect(Math.abs(row.verticalM - model!.upM), `vertical at ${row.tMs} ms`).toBeLessThanOrEqual(0.1);
      }
    }
    expect(verticals).toBeGreaterThan(500);
    // urban multipath makes errors worth measuring: metres, tens of metres in its episodes
    const horizontal = [...injected.values()].map((e) => Math.hypot(e.eastM, e.northM));
    expect(Math.max(...horizontal)).toBeGreaterThan(10);
    const summary = report.truth!;
    expect(summary.fixes).toBe(injected.size);
    expect(summary.horizontal!.p50M).toBeCloseTo(rank(horizontal, 50), 1);
    expect(Math.abs(summary.horizontal!.p95M - rank(horizontal, 95))).toBeLessThanOrEqual(0.1);
    expect(Math.abs(summary.horizontal!.maxM - Math.max(...horizontal))).toBeLessThanOrEqual(0.1);
    const ups = [...injected.values()].map((e) => e.upM);
    expect(Math.abs(summary.vertical!.meanM - ups.reduce((a, b) => a + b, 0) / ups.length)).toBeLessThanOrEqual(0.1);
    // the claimed 95 % radius: the sim sends no GST, so it is HDOP × 19 m (gpsd's UERE), larger than its 5 m
    expect(summary.claimed!.fixes).toBe(injected.size);
    expect(summary.claimed!.withinShare).toBeGreaterThan(0.95);
  }, 120_000);

  it("a moving antenna and its GPX-like track: the truth interpolated at each fix's UTC time", async () => {
    const spec = "sim:?start=warm&chip=ublox&env=open-sky&route=drive&at=2026-11-26T12:00:07Z&speed=max&duration=300&seed=5";
    // The track: where the antenna was each second (as a GPX with <time> would give it).
    const first = await reportOf(spec, (injected) => ({
      kind: "track",
      points: [...injected.entries()].map(([t, e]) => ({ timeMs: t, latitudeDeg: e.latitudeDeg, longitudeDeg: e.longitudeDeg, altitudeMslM: e.altitudeMslM })),
    }));
    const { report, injected } = first;
    const rows = report.plots.truth!.error;
    expect(rows.length).toBeGreaterThan(250);
    for (const row of rows) {
      const model = injected.get(report.plots.startMs! + row.tMs)!;
      expect(Math.abs(row.horizontalM! - Math.hypot(model.eastM, model.northM)), `horizontal at ${row.tMs} ms`).toBeLessThanOrEqual(0.1);
      if (row.verticalM !== undefined) expect(Math.abs(row.verticalM - model.upM)).toBeLessThanOrEqual(0.1);
    }
    expect(report.truth!.truth.kind).toBe("track");
    expect(report.truth!.uncovered).toBe(0);
    // the drive went somewhere: a point truth would be hundreds of metres off
    expect(report.scatter.kind).toBe("moving");
  }, 120_000);
});

describe("the truth, read and interpolated", () => {
  it.each([
    { text: "48.8584,2.2945,35", want: { kind: "point", latitudeDeg: 48.8584, longitudeDeg: 2.2945, altitudeMslM: 35 } },
    { text: " -33.9, 151.2 ", want: { kind: "point", latitudeDeg: -33.9, longitudeDeg: 151.2 } },
    { text: "91,0", want: undefined },
    { text: "48,181", want: undefined },
    { text: "48,2,", want: undefined },
    { text: "48", want: undefined },
    { text: "48,2,3,4", want: undefined },
    { text: "track.gpx", want: undefined },
  ])("parseTruthPoint($text)", ({ text, want }) => {
    expect(parseTruthPoint(text)).toEqual(want);
  });

  it("a track between its points: linear in time; nothing outside its times or without a time", () => {
    const truth: Truth = {
      kind: "track",
      points: [
        { timeMs: 1000, latitudeDeg: 10, longitudeDeg: 20, altitudeMslM: 100 },
        { timeMs: 3000, latitudeDeg: 10.002, longitudeDeg: 20.004, altitudeMslM: 110 },
        { timeMs: 4000, latitudeDeg: 10.003, longitudeDeg: 20.004 },
      ],
    };
    const rounded = (p: ReturnType<typeof truthAt>): unknown => p && Object.fromEntries(Object.entries(p).map(([k, v]) => [k, Math.round(v * 1e9) / 1e9]));
    expect(rounded(truthAt(truth, 1500))).toEqual({ latitudeDeg: 10.0005, longitudeDeg: 20.001, altitudeMslM: 102.5 });
    expect(rounded(truthAt(truth, 3000))).toEqual({ latitudeDeg: 10.002, longitudeDeg: 20.004, altitudeMslM: 110 });
    // a height is given only where both points have one
    expect(rounded(truthAt(truth, 3500))).toEqual({ latitudeDeg: 10.0025, longitudeDeg: 20.004 });
    expect(truthAt(truth, 999)).toBeUndefined();
    expect(truthAt(truth, 4001)).toBeUndefined();
    expect(truthAt(truth, undefined)).toBeUndefined();
  });
});
