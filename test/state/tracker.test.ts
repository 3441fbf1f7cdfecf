import { describe, it, expect } from "vitest";
import { createTracker, type Tracker } from "../../src/state/index.js";
import type { GgaSentence, GsaSentence, GsvSatellite, GsvSentence, RmcSentence, Sentence, TrackerEvent, Constellation } from "../../src/types.js";

const base = { raw: "", checksum: "ok" as const, receivedAtMs: 0 };
const tod = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;
const DATE = Date.UTC(2024, 0, 31);

function gga(t: number | undefined, o: Partial<GgaSentence> = {}): GgaSentence {
  const s: GgaSentence = { ...base, talker: "GP", system: "gps", sentenceId: "GGA", ...o };
  if (t !== undefined) s.timeOfDayMs = t;
  return s;
}
const fixGga = (t: number, o: Partial<GgaSentence> = {}): GgaSentence =>
  gga(t, { latitudeDeg: 48.1, longitudeDeg: 11.5, quality: 1, satellitesUsed: 6, hdop: 1.2, altitudeMslM: 500, geoidSeparationM: 47, ...o });
function rmc(t: number, valid: boolean, o: Partial<RmcSentence> = {}): RmcSentence {
  const s: RmcSentence = { ...base, talker: "GP", system: "gps", sentenceId: "RMC", timeOfDayMs: t, dateMs: DATE, status: valid ? "valid" : "warning", ...o };
  if (valid) Object.assign(s, { latitudeDeg: 48.1, longitudeDeg: 11.5, speedKnots: 10, trackTrueDeg: 90 }, o);
  return s;
}
function gsa(ids: Array<[Constellation, number]>, o: Partial<GsaSentence> = {}): GsaSentence {
  return {
    ...base,
    talker: "GP",
    system: "gps",
    sentenceId: "GSA",
    fixMode: 3,
    pdop: 2,
    hdop: 1.2,
    vdop: 1.6,
    satelliteIds: ids.map(([, n]) => n),
    satellites: ids.map(([constellation, svid]) => ({ constellation, svid, nmeaId: svid })),
    ...o,
  };
}
function gsv(talker: string, part: number, total: number, sats: Array<Partial<GsvSatellite> & { svid: number }>, o: Partial<GsvSentence> = {}): GsvSentence {
  const constellation: Constellation = talker === "GL" ? "glonass" : talker === "GA" ? "galileo" : "gps";
  return {
    ...base,
    talker,
    system: constellation,
    sentenceId: "GSV",
    messageCount: total,
    messageNumber: part,
    satellitesInView: sats.length,
    satellites: sats.map((s) => ({ constellation, nmeaId: s.svid, ...s })),
    ...o,
  };
}

function run(sentences: Sentence[], timeBase: "sentence" | "receive" = "sentence") {
  const tracker = createTracker({ timeBase });
  const events: TrackerEvent[] = [...tracker.open(0).events];
  sentences.forEach((s, i) => events.push(...tracker.update(s, i * 100).events));
  events.push(...tracker.end(sentences.length * 100).events);
  return { tracker, events, epochs: events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : [])) };
}

describe("epochs", () => {
  it("learns the cycle ender and closes each cycle on it", () => {
    const seq: Sentence[] = [];
    for (let i = 0; i < 4; i++)
      seq.push(
        fixGga(tod(10, 0, i)),
        gsa([
          ["gps", 1],
          ["gps", 3],
          ["gps", 5],
          ["gps", 7],
        ]),
        rmc(tod(10, 0, i), true),
      );
    const tracker = createTracker({ timeBase: "sentence" });
    tracker.open(0);
    const closedAt: string[] = [];
    for (const s of seq)
      if (tracker.update(s, 0).events.some((e) => e.type === "epoch"))
        closedAt.push(`${s.sentenceId}@${s.sentenceId === "GSA" ? "" : (s as GgaSentence).timeOfDayMs}`);
    // the first two cycles close when the time changes (on the next GGA); once two cycles ended with RMC, RMC
    // closes the cycle itself
    expect(closedAt).toEqual([`GGA@${tod(10, 0, 1)}`, `GGA@${tod(10, 0, 2)}`, `RMC@${tod(10, 0, 2)}`, `RMC@${tod(10, 0, 3)}`]);
    expect(tracker.state.epochCount).toBe(4);
    expect(tracker.state.lastEpoch?.sentenceIds).toEqual(["GGA", "GSA", "RMC"]);
  });

  it("fills position, altitudes, speed, DOP and error estimates", () => {
    const { epochs } = run([
      fixGga(tod(10, 0, 0)),
      gsa([
        ["gps", 1],
        ["gps", 3],
        ["gps", 5],
        ["gps", 7],
      ]),
      rmc(tod(10, 0, 0), true, { magneticVariationDeg: -2 }),
    ]);
    const e = epochs[0]!;
    expect(e.mode).toBe("3d");
    expect(e.quality).toBe("autonomous");
    expect(e.timeMs).toBe(DATE + tod(10, 0, 0));
    expect(e.altitudeHaeM).toBeCloseTo(547, 6);
    expect(e.speedMps).toBeCloseTo(5.144444, 5);
    expect(e.magneticVariationDeg).toBe(-2);
    expect(e.dop).toEqual({ hdop: 1.2, pdop: 2, vdop: 1.6 });
    expect(e.ephM).toBeCloseTo(1.2 * 19, 6);
    expect(e.epvM).toBeCloseTo(1.6 * 23, 6);
    // GGA says 6, GSA lists 4: GSA's list is the receiver's word on which satellites it used
    expect(e.satellitesUsed).toBe(4);
    expect(e.satellites.usedCount).toBe(4);
  });

  it("derives climb from successive altitudes", () => {
    const { epochs } = run([fixGga(tod(10, 0, 0)), fixGga(tod(10, 0, 2), { altitudeMslM: 504 })]);
    expect(epochs[1]!.climbMps).toBeCloseTo(2, 6);
  });

  it("ignores DOP placeholders", () => {
    const { epochs } = run([fixGga(tod(10, 0, 0), { hdop: 99.99 }), gsa([["gps", 1]], { pdop: 99.99, hdop: 99.99, vdop: 0 })]);
    expect(epochs[0]!.dop).toEqual({});
  });

  it("splits cycles of a receiver that sends no time by repeated sentences", () => {
    const { epochs } = run([gga(undefined, { quality: 0 }), rmc(0, false, { timeOfDayMs: undefined as never }), gga(undefined, { quality: 0 })]);
    expect(epochs.map((e) => e.sentenceIds)).toEqual([["GGA", "RMC"], ["GGA"]]);
  });
});

describe("time", () => {
  it("rolls the date over at midnight until a new date arrives", () => {
    const { epochs } = run([rmc(tod(23, 59, 59), true), fixGga(tod(23, 59, 59)), fixGga(tod(0, 0, 0)), fixGga(tod(0, 0, 1))]);
    expect(epochs.map((e) => e.timeMs)).toEqual([DATE + tod(23, 59, 59), DATE + 86_400_000, DATE + 86_400_000 + 1000]);
  });
  it("reports no UTC time before a date is known", () => {
    const { epochs } = run([fixGga(tod(10, 0, 0)), rmc(tod(10, 0, 0), true)]);
    // the date arrives with the RMC of the same cycle, so the cycle has a time
    expect(epochs[0]!.timeMs).toBe(DATE + tod(10, 0, 0));
    const alone = run([fixGga(tod(10, 0, 0)), fixGga(tod(10, 0, 1))]);
    expect(alone.epochs.map((e) => e.timeMs)).toEqual([undefined, undefined]);
    expect(alone.epochs.map((e) => e.timeOfDayMs)).toEqual([tod(10, 0, 0), tod(10, 0, 1)]);
  });
});

describe("fix state, TTFF and start type", () => {
  it("measures TTFF from the first sentence time on a plain log and infers a cold start", () => {
    const seq: Sentence[] = [];
    for (let i = 0; i < 32; i++) {
      seq.push(
        gsv("GP", 1, 1, [
          { svid: 5, cn0DbHz: 30 },
          { svid: 7, cn0DbHz: 28 },
        ]),
      );
      seq.push(i < 31 ? gga(tod(12, 0, i), { quality: 0 }) : fixGga(tod(12, 0, i)));
    }
    const { tracker, events } = run(seq);
    const first = events.find((e) => e.type === "first-fix");
    expect(first).toMatchObject({ type: "first-fix", ttffMs: 31_000, mode: "3d" });
    expect(events.find((e) => e.type === "first-3d")).toMatchObject({ ttffMs: 31_000 });
    expect(tracker.state.ttff).toEqual({ startedAtMs: tod(12, 0, 0), ttffMs: 31_000, first2dMs: 31_000, first3dMs: 31_000 });
    expect(tracker.state.start.type).toBe("cold");
    expect(tracker.state.start.evidence.join(" ")).toMatch(/signal but no elevation/);
  });

  it("infers a warm start from almanac-predicted satellites and a hot one from a quick fix", () => {
    const warm: Sentence[] = [];
    for (let i = 0; i < 20; i++)
      warm.push(gsv("GP", 1, 1, [{ svid: 5, elevationDeg: 40, azimuthDeg: 100 }]), i < 19 ? rmc(tod(8, 0, i), false) : fixGga(tod(8, 0, i)));
    expect(run(warm).tracker.state.start).toMatchObject({ type: "warm", basis: "inferred" });
    const hot = [rmc(tod(8, 0, 0), false), rmc(tod(8, 0, 1), false), fixGga(tod(8, 0, 2))];
    expect(run(hot).tracker.state.start).toMatchObject({ type: "hot", basis: "inferred" });
  });

  it("tells no start type when a fix comes sooner than satellites tracked without orbit data could read one (gpsd's tr737A+.log)", () => {
    const blind = gsv("GP", 1, 1, [
      { svid: 23, cn0DbHz: 36 },
      { svid: 13, cn0DbHz: 34 },
      { svid: 32, cn0DbHz: 43 },
      { svid: 20, cn0DbHz: 41 },
    ]);
    const quick = [blind, rmc(tod(7, 17, 33), false), blind, rmc(tod(7, 17, 34), false), fixGga(tod(7, 17, 36))];
    const { tracker } = run(quick);
    expect(tracker.state.ttff.ttffMs).toBe(3000);
    expect(tracker.state.start.type).toBe("unknown");
    expect(tracker.state.start.evidence[0]).toMatch(/^first fix after 3\.0 s, sooner than an ephemeris can be read \(18 s\)/);
    // a fix slower than reading an ephemeris is the cold start those satellites say
    const slow = [blind, rmc(tod(7, 17, 33), false), blind, rmc(tod(7, 17, 34), false), fixGga(tod(7, 17, 53))];
    expect(run(slow).tracker.state.start.type).toBe("cold");
  });

  it("loses the fix on an explicit no-fix and reports the reacquisition gap", () => {
    const seq = [
      fixGga(tod(9, 0, 0)),
      fixGga(tod(9, 0, 1)),
      gga(tod(9, 0, 2), { quality: 0 }),
      gga(tod(9, 0, 3), { quality: 0 }),
      fixGga(tod(9, 0, 4)),
      fixGga(tod(9, 0, 5)),
    ];
    const { events, tracker } = run(seq);
    const kinds = events.filter((e) => ["fix-lost", "reacquired"].includes(e.type));
    expect(kinds).toEqual([
      { type: "fix-lost", reason: "no-fix-reported", atMs: tod(9, 0, 2) },
      { type: "reacquired", gapMs: 3000, atMs: tod(9, 0, 4) },
    ]);
    expect(tracker.state.reacquisitions).toBe(1);
    expect(tracker.state.fixCount).toBe(4);
  });

  it("detects a stale fix on tick with max(2 × interval, floor)", () => {
    const tracker = createTracker({ timeBase: "receive", staleFloorMs: 1500 });
    tracker.open(0);
    for (let i = 0; i < 5; i++) {
      tracker.update(fixGga(tod(9, 0, i)), 1000 * i + 10);
      tracker.update(rmc(tod(9, 0, i), true), 1000 * i + 20);
    }
    const lastFix = tracker.state.lastEpoch!.receivedAtMs;
    expect(tracker.tick(lastFix + 2000).events).toEqual([]);
    const u = tracker.tick(lastFix + 2300);
    // lost when it went stale (twice the 1 s cycle after the last fix), not when the tick noticed it
    expect(u.events).toContainEqual({ type: "fix-lost", reason: "stale", atMs: lastFix + 2000 });
    expect(u.state.fixState).toMatchObject({ kind: "lost", reason: "stale" });
  });

  it("does not count dead reckoning as a fix, and shows it as such", () => {
    const { tracker, epochs } = run([fixGga(tod(9, 0, 0), { quality: 6 }), fixGga(tod(9, 0, 1), { quality: 6 })]);
    expect(epochs[0]!.quality).toBe("dead-reckoning");
    expect(tracker.state.ttff.ttffMs).toBeUndefined();
    expect(tracker.state.fixState).toMatchObject({ kind: "non-gnss", mode: "3d", quality: "dead-reckoning" });
  });

  it("a commanded restart restarts TTFF and overrides inference", () => {
    const tracker = createTracker({ timeBase: "receive" });
    tracker.open(0);
    tracker.update(fixGga(tod(9, 0, 0)), 500);
    const r = tracker.restart("cold", 10_000);
    expect(r.state.start).toMatchObject({ type: "cold", basis: "commanded" });
    expect(r.state.ttff).toEqual({ startedAtMs: 10_000 });
    tracker.update(fixGga(tod(9, 0, 30)), 40_000);
    const u = tracker.end(40_100);
    expect(u.events).toContainEqual({ type: "first-fix", ttffMs: 30_000, mode: "3d", atMs: 40_000 });
    expect(u.state.start.basis).toBe("commanded");
  });

  it("RMC A never downgrades a 3D fix; GSA mode is authoritative", () => {
    const { epochs } = run([
      fixGga(tod(9, 0, 0)),
      rmc(tod(9, 0, 0), true),
      fixGga(tod(9, 0, 1), { satellitesUsed: 3 }),
      gsa(
        [
          ["gps", 1],
          ["gps", 2],
          ["gps", 3],
        ],
        { fixMode: 2 },
      ),
      rmc(tod(9, 0, 1), true),
    ]);
    expect(epochs.map((e) => e.mode)).toEqual(["3d", "2d"]);
  });

  it("GSA mode 2 is 2D also with an altitude and ≥ 4 satellites used: a 2D solution holds its altitude", () => {
    const { epochs } = run([
      fixGga(tod(9, 0, 0), { satellitesUsed: 7 }),
      gsa(
        [
          ["gps", 1],
          ["gps", 2],
          ["gps", 3],
          ["gps", 4],
        ],
        { fixMode: 2 },
      ),
      rmc(tod(9, 0, 0), true),
    ]);
    expect(epochs.map((e) => e.mode)).toEqual(["2d"]);
    expect(epochs[0]?.altitudeMslM).toBe(500);
  });
});

describe("satellites", () => {
  it("replaces a GSV group only when complete and keeps GSA used flags", () => {
    const tracker = createTracker({ timeBase: "sentence" });
    tracker.open(0);
    tracker.update(
      gsa([
        ["gps", 1],
        ["gps", 2],
      ]),
      0,
    );
    tracker.update(
      gsv("GP", 1, 2, [
        { svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 40 },
        { svid: 2, elevationDeg: 10, azimuthDeg: 30, cn0DbHz: 35 },
      ]),
      0,
    );
    expect(tracker.state.satellites.inViewCount).toBe(0);
    tracker.update(
      gsv("GP", 2, 2, [
        { svid: 3, elevationDeg: 50, azimuthDeg: 360 },
        { svid: 0, elevationDeg: 1, azimuthDeg: 2 },
      ]),
      0,
    );
    const view = tracker.state.satellites;
    expect(view.satellites.map((s) => [s.key, s.usedInFix, s.azimuthDeg])).toEqual([
      ["gps:1", true, 20],
      ["gps:2", true, 30],
      ["gps:3", false, 0],
    ]);
    expect([view.inViewCount, view.trackedCount, view.usedCount]).toEqual([3, 2, 2]);
  });

  it("counts dual-frequency signals apart from satellites", () => {
    const tracker = createTracker({ timeBase: "sentence" });
    tracker.open(0);
    tracker.update(
      gsv(
        "GP",
        1,
        1,
        [
          { svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 40 },
          { svid: 2, elevationDeg: 10, azimuthDeg: 30, cn0DbHz: 35 },
        ],
        { signalId: 1 },
      ),
      0,
    );
    tracker.update(gsv("GP", 1, 1, [{ svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 33 }], { signalId: 7 }), 0);
    const view = tracker.state.satellites;
    expect([view.inViewCount, view.signalCount]).toEqual([2, 3]);
    expect(view.satellites[0]!.signals).toEqual([
      { signalId: 1, cn0DbHz: 40, usedInFix: false },
      { signalId: 7, cn0DbHz: 33, usedInFix: false },
    ]);
  });

  /**
   * A tracker fed cycles of GGA, GSA (the used GPS satellites) and one GPS GSV group: satellite 1 at `cn0DbHz`,
   * satellite 2 steady, then `moreGps`; then `after` (more sentences of the cycle).
   */
  function cyclingTracker(moreGps: Array<Partial<GsvSatellite> & { svid: number }> = [], after?: (tracker: Tracker) => void) {
    const tracker = createTracker({ timeBase: "sentence" });
    tracker.open(0);
    const cycle = (second: number, cn0DbHz: number, used: number[]): void => {
      tracker.update(fixGga(tod(1, 0, second)), 0);
      tracker.update(gsa(used.map((svid) => ["gps", svid])), 0);
      tracker.update(
        gsv("GP", 1, 1, [{ svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz }, { svid: 2, elevationDeg: 40, azimuthDeg: 90, cn0DbHz: 30 }, ...moreGps]),
        0,
      );
      after?.(tracker);
    };
    return { tracker, cycle };
  }

  it("keeps its view while a repeated GSV group or GSA block changes nothing, and rebuilds it when one does", () => {
    const { tracker, cycle } = cyclingTracker();
    cycle(0, 40, [1, 2]);
    const first = tracker.state.satellites;
    cycle(1, 40, [1, 2]);
    expect(tracker.state.satellites).toBe(first);
    cycle(2, 41, [1, 2]);
    const stronger = tracker.state.satellites;
    expect(stronger).not.toBe(first);
    expect(stronger.satellites[0]?.cn0DbHz).toBe(41);
    cycle(3, 41, [1]);
    expect(tracker.state.satellites).not.toBe(stronger);
    expect(tracker.state.satellites.satellites.map((s) => s.usedInFix)).toEqual([true, false]);
    expect(tracker.state.satellites.usedCount).toBe(1);
  });

  it("shares the satellites that did not change between two views, and only those", () => {
    const { tracker, cycle } = cyclingTracker(
      // no position: its satellite is made again each time (its properties come as they are met)
      [{ svid: 3, cn0DbHz: 25 }],
      (t) => t.update(gsv("GL", 1, 1, [{ svid: 65, elevationDeg: 50, azimuthDeg: 180, cn0DbHz: 35 }]), 0),
    );
    cycle(0, 40, [1, 2]);
    const [one, two, three, glonass] = tracker.state.satellites.satellites;
    cycle(1, 41, [1, 2]);
    const again = tracker.state.satellites.satellites;
    expect(again[0]).not.toBe(one);
    expect(again[0]?.cn0DbHz).toBe(41);
    expect(again[1]).toBe(two);
    expect(again[2]).not.toBe(three);
    expect(again[2]).toEqual(three);
    expect(again[3]).toBe(glonass);
    // a satellite no longer used is made again, with its signal no longer used either
    cycle(2, 41, [1]);
    const fewer = tracker.state.satellites.satellites;
    expect(fewer[0]).toBe(again[0]);
    expect(fewer[1]).not.toBe(two);
    expect(fewer[1]).toEqual({ ...two, usedInFix: false, signals: [{ cn0DbHz: 30, usedInFix: false }] });
    expect(JSON.stringify(fewer[1])).toBe(JSON.stringify({ ...two, usedInFix: false, signals: [{ usedInFix: false, cn0DbHz: 30 }] }));
  });

  it("gives satellites and signals their properties in one order: the first entry's position, then the strongest C/N0", () => {
    const { tracker } = run([
      gsv(
        "GP",
        1,
        1,
        [
          { svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 40 },
          { svid: 2, cn0DbHz: 20 },
        ],
        { signalId: 1 },
      ),
      gsv(
        "GP",
        1,
        1,
        [
          { svid: 1, cn0DbHz: 45 },
          { svid: 2, elevationDeg: 5, azimuthDeg: 6 },
        ],
        { signalId: 7 },
      ),
    ]);
    const [one, two] = tracker.state.satellites.satellites;
    expect(Object.keys(one ?? {})).toEqual(["key", "constellation", "svid", "nmeaId", "usedInFix", "signals", "elevationDeg", "azimuthDeg", "cn0DbHz"]);
    expect(one?.cn0DbHz).toBe(45);
    // the first entry had no position: its C/N0 came first
    expect(Object.keys(two ?? {})).toEqual(["key", "constellation", "svid", "nmeaId", "usedInFix", "signals", "cn0DbHz", "elevationDeg", "azimuthDeg"]);
    expect(two?.signals.map((signal) => Object.keys(signal))).toEqual([
      ["usedInFix", "signalId", "cn0DbHz"],
      ["usedInFix", "signalId"],
    ]);
  });

  it("drops groups missing from the next GSV block; GN GSAs accumulate", () => {
    const tracker = createTracker({ timeBase: "sentence" });
    tracker.open(0);
    tracker.update(gsv("GP", 1, 1, [{ svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 40 }]), 0);
    tracker.update(gsv("GL", 1, 1, [{ svid: 70, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 40 }]), 0);
    tracker.update(gsa([["gps", 1]], { talker: "GN", system: "multi" }), 0);
    tracker.update(gsa([["glonass", 70]], { talker: "GN", system: "multi" }), 0);
    tracker.update(fixGga(tod(1, 0, 0)), 0);
    expect(tracker.state.satellites.usedCount).toBe(2);
    tracker.update(gsv("GP", 1, 1, [{ svid: 1, elevationDeg: 10, azimuthDeg: 20, cn0DbHz: 40 }]), 0);
    tracker.update(fixGga(tod(1, 0, 1)), 0);
    expect(tracker.state.satellites.satellites.map((s) => s.key)).toEqual(["gps:1"]);
  });
});
