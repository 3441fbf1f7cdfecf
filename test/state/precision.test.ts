// DGPS, RTK float and RTK fixed as states with their own times (src/state/precision.ts, owned by the tracker):
// time to fixed from the start and from the corrections' arrival, losses of fixed, time per quality.
import { describe, expect, it } from "vitest";
import { createTracker } from "../../src/state/index.js";
import type { GgaQuality, GgaSentence, TrackerEvent } from "../../src/types.js";

const gga = (second: number, quality: GgaQuality): GgaSentence => ({
  raw: "",
  checksum: "ok",
  receivedAtMs: 0,
  talker: "GN",
  system: "multi",
  sentenceId: "GGA",
  timeOfDayMs: (12 * 3600 + second) * 1000,
  ...(quality === 0 ? {} : { latitudeDeg: 48.85, longitudeDeg: 2.29, altitudeMslM: 35, satellitesUsed: 12, hdop: 0.8 }),
  quality,
});

/** One GGA a second from `startMs` (receive clock), qualities in order; corrections noted at the given seconds. */
function run(qualities: GgaQuality[], correctionsAtS: number[] = []): { events: TrackerEvent[]; tracker: ReturnType<typeof createTracker> } {
  const tracker = createTracker({ timeBase: "receive" });
  const startMs = 1_000_000;
  const events: TrackerEvent[] = [...tracker.open(startMs, { receiverStarts: true }).events];
  qualities.forEach((quality, second) => {
    if (correctionsAtS.includes(second)) events.push(...tracker.corrections(startMs + second * 1000 + 500).events);
    events.push(...tracker.update(gga(second, quality), startMs + (second + 1) * 1000).events);
  });
  events.push(...tracker.end(startMs + (qualities.length + 1) * 1000).events);
  return { events, tracker };
}

describe("precision states", () => {
  it("times DGPS, float and fixed from the start and from the corrections' arrival", () => {
    // no fix 2 s, autonomous 3 s, corrections at second 4, DGPS, float, fixed
    const { events, tracker } = run([0, 0, 1, 1, 1, 2, 2, 5, 5, 5, 4, 4, 4], [4]);
    const firsts = events.filter((e) => e.type === "first-precision");
    // the epoch of second n is dated by its GGA's receive time, start + (n + 1) s
    expect(firsts).toEqual([
      { type: "first-precision", quality: "dgps", sinceStartMs: 6000, atMs: 1_006_000 },
      { type: "first-precision", quality: "rtk-float", sinceStartMs: 8000, sinceCorrectionsMs: 3500, atMs: 1_008_000 },
      { type: "first-precision", quality: "rtk-fixed", sinceStartMs: 11_000, sinceCorrectionsMs: 6500, atMs: 1_011_000 },
    ]);
    const precision = tracker.state.precision;
    expect(precision.firstRtkFixedMs).toBe(11_000);
    expect(precision.rtkFixedAfterCorrectionsMs).toBe(6500);
    expect(precision.correctionsSinceMs).toBe(1_004_500);
    expect(precision.rtkFixedLosses).toBe(0);
    expect(precision.msByQuality).toMatchObject({ none: 2000, autonomous: 3000, dgps: 2000, "rtk-float": 3000 });
  });

  it("counts each loss of RTK fixed with what came instead and how long fixed held", () => {
    const { events, tracker } = run([1, 5, 4, 4, 4, 5, 4, 2, 0, 4], [0]);
    const losses = events.filter((e) => e.type === "rtk-fixed-lost");
    expect(losses.map((e) => (e.type === "rtk-fixed-lost" ? [e.to, e.heldMs] : []))).toEqual([
      ["rtk-float", 3000],
      ["dgps", 1000],
    ]);
    // the last fixed epoch is closed by the end of input: still fixed, not lost
    expect(tracker.state.precision.rtkFixedLosses).toBe(2);
    // RTK fixed first: the first-precision events come once each
    expect(events.filter((e) => e.type === "first-precision").map((e) => (e.type === "first-precision" ? e.quality : ""))).toEqual([
      "dgps",
      "rtk-float",
      "rtk-fixed",
    ]);
  });

  it("after a restart with corrections still flowing, counts from the restart", () => {
    const tracker = createTracker({ timeBase: "receive" });
    tracker.open(0, { receiverStarts: true });
    tracker.corrections(500);
    tracker.update(gga(0, 4), 1000);
    tracker.update(gga(1, 4), 2000);
    // a second after the last cycle (one still being sent would close before the restart applies: tracker.test)
    const restart = tracker.restart("cold", 3000);
    expect(restart.state.precision.firstRtkFixedMs).toBeUndefined();
    expect(restart.state.precision.correctionsSinceMs).toBe(3000);
    const events: TrackerEvent[] = [];
    [0, 1, 5, 4, 4].forEach((q, i) => events.push(...tracker.update(gga(10 + i, q as GgaQuality), 3500 + i * 1000).events));
    const fixed = events.find((e) => e.type === "first-precision" && e.quality === "rtk-fixed");
    expect(fixed).toMatchObject({ sinceStartMs: 3500, sinceCorrectionsMs: 3500 });
  });

  it("a log that begins with RTK fixed has no time to fixed, but counts its losses", () => {
    const tracker = createTracker({ timeBase: "receive" });
    tracker.open(0);
    const events: TrackerEvent[] = [];
    [4, 4, 5, 4].forEach((q, i) => events.push(...tracker.update(gga(i, q as GgaQuality), (i + 1) * 1000).events));
    events.push(...tracker.end(9000).events);
    const fixed = events.find((e) => e.type === "first-precision" && e.quality === "rtk-fixed");
    expect(fixed).toBeDefined();
    expect(fixed).not.toHaveProperty("sinceStartMs");
    expect(tracker.state.precision.firstRtkFixedMs).toBeUndefined();
    expect(tracker.state.precision.rtkFixedLosses).toBe(1);
  });
});
