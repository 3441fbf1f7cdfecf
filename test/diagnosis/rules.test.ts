// One row per rule case that the simulator walks and the corpus do not pin: the receiver's own RF report
// (jamming, antenna), high satellites heard weak, a 2D fix short of a satellite because of a second system's
// clock offset, a receiver that does not count what it uses, a long search that hears none of the predicted
// satellites, a fix lost in a tunnel, signals too weak to read, a first satellite list that dates no lock, and
// the windows of physics.ts on the frame's phase.

import { describe, expect, it } from "vitest";
import { makeEpoch, satellite } from "../output/epochs.js";
import { createDiagnoser, ephemerisWindow, messageLayout, timeWindow, type DiagnosisLine } from "../../src/diagnosis/index.js";
import type { Epoch, GpsEvent, RfStatus, Satellite } from "../../src/types.js";

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

/** A satellite with a place and, when heard, a C/N0; `used` in the fix. */
const sat = (constellation: Satellite["constellation"], svid: number, elevationDeg: number, azimuthDeg: number, cn0?: number, used = false): Satellite =>
  satellite(constellation, svid, { elevationDeg, azimuthDeg, usedInFix: used, ...(cn0 === undefined ? {} : { cn0DbHz: cn0 }) });

function epoch(atMs: number, satellites: Satellite[], extra: Partial<Epoch> = {}): Epoch {
  const base = makeEpoch({
    timeMs: atMs,
    satellites,
    ...(extra.mode === undefined || extra.mode === "none" ? {} : { latitudeDeg: 48.86, longitudeDeg: 2.29 }),
  });
  return { ...base, sentenceIds: ["GGA", "GSA", "GSV", "RMC"], ...extra };
}

function diagnose(epochs: Epoch[], options: Parameters<typeof createDiagnoser>[0] = {}): DiagnosisLine[] {
  const diagnoser = createDiagnoser(options);
  for (const e of epochs) diagnoser.add({ type: "epoch", epoch: e } as GpsEvent);
  return diagnoser.diagnosis().lines;
}

/** What the receiver waits for after each epoch. */
function waitsAfterEach(epochs: Epoch[], options: Parameters<typeof createDiagnoser>[0] = {}): (DiagnosisLine | undefined)[] {
  const diagnoser = createDiagnoser(options);
  return epochs.map((e) => {
    diagnoser.add({ type: "epoch", epoch: e } as GpsEvent);
    return diagnoser.waiting().line;
  });
}

const texts = (lines: DiagnosisLine[]): string[] => lines.map((l) => `[${l.rule}] ${l.text}`);
const fixed3d = (atMs: number, satellites: Satellite[], rf?: RfStatus): Epoch =>
  epoch(atMs, satellites, {
    mode: "3d",
    quality: "autonomous",
    fixState: { kind: "fixed", mode: "3d", quality: "autonomous", sinceMs: T0 },
    ...(rf === undefined ? {} : { rf }),
  });
const openSky = [sat("gps", 1, 70, 10, 47, true), sat("gps", 2, 55, 100, 45, true), sat("gps", 3, 40, 200, 43, true), sat("gps", 4, 30, 300, 41, true)];

describe("diagnosis rules", () => {
  it("says nothing of a 3D fix under an open sky with a quiet front end", () => {
    expect(diagnose([fixed3d(T0, openSky, { jammingState: "ok", jammingIndicator: 3, antennaStatus: "ok" })])).toEqual([]);
  });

  it.each([
    {
      rf: { jammingState: "critical", jammingIndicator: 201 } as RfStatus,
      text: "[receiver-rf] the receiver reports interference: jamming critical (indicator 201 of 255)",
    },
    { rf: { jammingState: "warning" } as RfStatus, text: "[receiver-rf] the receiver reports interference: jamming warning" },
    {
      rf: { antennaStatus: "open" } as RfStatus,
      text: "[receiver-rf] the receiver reports its antenna: no active antenna at its antenna input (open circuit; a module with its own patch antenna says so while it uses the patch)",
    },
    { rf: { antennaStatus: "short" } as RfStatus, text: "[receiver-rf] the receiver reports its antenna: short circuit in the antenna or its cable" },
  ])("takes the receiver's own RF report when the epoch has one: $text", ({ rf, text }) => {
    expect(texts(diagnose([fixed3d(T0, openSky, rf)]))).toEqual([text]);
  });

  it("suspects the antenna or interference when the high satellites are heard weak, and adds the receiver's jamming report", () => {
    const weakHigh = [sat("gps", 1, 80, 10, 24, true), sat("gps", 2, 60, 100, 27, true), sat("gps", 3, 50, 200, 22, true), sat("gps", 4, 20, 300, 20, true)];
    expect(texts(diagnose([fixed3d(T0, weakHigh)]))).toEqual([
      "[weak-sky] weak sky: 3 satellites above 45° heard at a median 24 dB-Hz, where a working antenna in the open hears 40 or more: indoors or covered, a failing cable or amplifier, or interference",
    ]);
    expect(texts(diagnose([fixed3d(T0, weakHigh, { jammingState: "critical" })]))[1]).toMatch(/; the receiver reports interference$/);
    // a channel reported at 0 dB-Hz holds nothing: not a weak satellite
    expect(
      diagnose([
        fixed3d(
          T0,
          openSky.map((s) => ({ ...s, cn0DbHz: 0 })),
        ),
      ]).filter((l) => l.rule === "weak-sky"),
    ).toEqual([]);
  });

  it("a 2D fix short of a satellite: a second system's clock offset takes one", () => {
    const used = [
      sat("gps", 1, 70, 10, 45, true),
      sat("gps", 2, 50, 100, 44, true),
      sat("galileo", 3, 40, 200, 43, true),
      sat("galileo", 4, 30, 300, 41, true),
    ];
    const e = epoch(T0, used, { mode: "2d", fixState: { kind: "fixed", mode: "2d", quality: "autonomous", sinceMs: T0 } });
    expect(texts(diagnose([e]))).toEqual([
      "[two-d] 2D fix with 4 used (GPS 2 + Galileo 2: each further system's clock offset takes one): height needs a 4th satellite",
    ]);
    const uncounted = epoch(T0, [sat("gps", 1, 70, 10, 45)], { mode: "2d", fixState: { kind: "fixed", mode: "2d", quality: "autonomous", sinceMs: T0 } });
    expect(texts(diagnose([uncounted]))).toEqual(["[two-d] 2D fix: the receiver does not say how many satellites it uses"]);
  });

  it("a 2D fix with enough satellites: a converging solution in its first minute, the receiver's own choice after", () => {
    const used = [1, 2, 3, 4, 5].map((k) => sat("gps", k, 20 + 10 * k, 60 * k, 44, true));
    const fixed = { kind: "fixed", mode: "2d", quality: "autonomous", sinceMs: T0 } as const;
    const listed = epoch(T0, used, { fixState: { kind: "searching", sinceMs: T0 } });
    const early = epoch(T0 + 10_000, used, { mode: "2d", fixState: fixed });
    const later = epoch(T0 + 120_000, used, { mode: "2d", fixState: fixed });
    expect(texts(diagnose([listed, early]))).toEqual([
      "[two-d] 2D fix with 5 used, enough for 3D: the receiver holds its height (as while a first solution converges)",
    ]);
    // a fix the log began with is of unknown age
    expect(texts(diagnose([later]))).toEqual([
      "[two-d] 2D fix with 5 used, enough for 3D: the receiver holds its height (a converging solution, its 2D setting, or a geometry it judges too poor for a height)",
    ]);
    expect(texts(diagnose([listed, early, later]))).toEqual([
      "[two-d] 2D fix with 5 used, enough for 3D: the receiver holds its height (its 2D setting, or a geometry it judges too poor for a height; fix for 1 min 50 s)",
    ]);
  });

  it("a long search that hears none of the predicted satellites blames the antenna's view", () => {
    const predicted = [1, 2, 3, 4, 5].map((k) => sat("gps", k, 20 + 10 * k, 60 * k));
    const searching = (atMs: number): Epoch => epoch(atMs, predicted, { fixState: { kind: "searching", sinceMs: T0 } });
    expect(texts(diagnose([searching(T0 + 1000)]))).toEqual([
      "[searching] searching: none of the 5 predicted satellites heard yet (the receiver has its almanac)",
    ]);
    expect(texts(diagnose([searching(T0 + 1000), searching(T0 + 90_000)]))).toEqual([
      "[searching] searching for 1 min 30 s: none of the 5 predicted satellites is heard: the antenna sees no sky, or is not connected",
    ]);
  });

  it("a fix lost in a tunnel: nothing heard any more", () => {
    const lost = epoch(T0 + 5000, [sat("gps", 1, 70, 10), sat("gps", 2, 50, 100)], {
      fixState: { kind: "lost", sinceMs: T0 + 3000, reason: "no-fix-reported", lastFixAtMs: T0 + 2000 },
    });
    expect(texts(diagnose([fixed3d(T0 + 1000, openSky), lost]))).toEqual([
      "[lost] fix lost: tracking 0 (4 when it last had a fix, 4 s ago): no satellite heard: the sky is blocked (tunnel, indoors) or the antenna is off",
    ]);
  });

  it("signals too weak to read the message, and no orbit data shown (tracked without elevation/azimuth): no window", () => {
    const blind = (svid: number, cn0: number): Satellite => satellite("gps", svid, { cn0DbHz: cn0 });
    const weak = [blind(1, 24), blind(2, 22), blind(3, 21), sat("sbas", 123, 30, 160, 40)];
    const lines = diagnose([epoch(T0, weak), epoch(T0 + 1000, weak)], { receiverStarts: true });
    expect(texts(lines)).toEqual([
      "[ephemeris] tracking 4, none strong enough to read the navigation message: the strongest ranging signal 24 dB-Hz, 50 bit/s needs 27",
    ]);
    expect(lines[0]?.estimate).toBeUndefined();
  });

  it("signals all weak where the receiver shows their orbits (elevation/azimuth listed): signal to range on, not the message (cansat-flight-pybytes.txt)", () => {
    const weak = [sat("gps", 1, 70, 10, 24), sat("gps", 2, 50, 100, 22), sat("gps", 3, 30, 200, 20), sat("sbas", 123, 30, 160, 40)];
    const lines = diagnose([epoch(T0, weak), epoch(T0 + 1000, weak)], { receiverStarts: true });
    expect(texts(lines)).toEqual([
      "[ephemeris] tracking 4, all weak: the strongest ranging signal 24 dB-Hz; their orbits known (elevation/azimuth listed), a fix waits for signals strong enough to track and range on (and to read an ephemeris it lacks: 27)",
    ]);
    expect(lines[0]?.estimate).toBeUndefined();
  });

  it("fewer tracked than a fix needs, each locked longer than an ephemeris takes: the count leads, not the ephemeris (ublox-m8-coldstart2.nmea)", () => {
    const two = [sat("gps", 1, 70, 10, 40), sat("glonass", 5, 50, 100, 35)];
    const epochs = Array.from({ length: 60 }, (_, i) => epoch(T0 + i * 1000, two));
    const lines = waitsAfterEach(epochs, { receiverStarts: true });
    // young locks: the ephemeris is being read
    expect(lines[10]?.rule).toBe("ephemeris");
    expect(lines[10]?.text).toMatch(/waiting for ephemeris/);
    // past the latest an ephemeris takes (GPS: 2 s sync + a 30 s frame + a subframe = 38 s after the lock)
    expect(lines[39]?.rule).toBe("too-few");
    expect(lines[39]?.text).toBe(
      "only 2 tracked, a fix needs 3 (4 for 3D): none used; the 2 readable ones each locked longer than an ephemeris takes (18–36 s)",
    );
    expect(lines[59]?.text).toBe(lines[39]?.text);
  });

  it("a lock begun before the log, held for longer than an ephemeris takes, is past it too (its age known from the first clocked epoch)", () => {
    const one = [sat("gps", 1, 70, 10, 40), sat("gps", 2, 50, 100, 20)];
    const lines = waitsAfterEach(Array.from({ length: 50 }, (_, i) => epoch(T0 + i * 1000, one)));
    expect(lines[0]?.text).toMatch(/waiting for ephemeris .*first locked before it could be timed/);
    expect(lines[49]?.text).toBe(
      "only 2 tracked, a fix needs 3 (4 for 3D): none used; the readable one locked longer than an ephemeris takes (18–36 s), 1 too weak to read the navigation message (below 27 dB-Hz)",
    );
  });

  it("a weak satellite just found waits for no ephemeris: the readable one past its time, the count leads", () => {
    const old = sat("gps", 1, 70, 10, 40);
    const epochs = Array.from({ length: 50 }, (_, i) => epoch(T0 + i * 1000, i < 45 ? [old] : [old, sat("gps", 2, 50, 100, 20)]));
    const lines = waitsAfterEach(epochs, { receiverStarts: true });
    expect(lines[49]?.text).toBe(
      "only 2 tracked, a fix needs 3 (4 for 3D): none used; the readable one locked longer than an ephemeris takes (18–36 s), 1 too weak to read the navigation message (below 27 dB-Hz)",
    );
    // all weak, one just found: the weak signals are what the line says
    const weakOnly = waitsAfterEach(
      Array.from({ length: 50 }, (_, i) =>
        epoch(T0 + i * 1000, i < 45 ? [sat("gps", 1, 70, 10, 22)] : [sat("gps", 1, 70, 10, 22), sat("gps", 2, 50, 100, 20)]),
      ),
      { receiverStarts: true },
    );
    expect(weakOnly[44]?.rule).toBe("too-few");
    expect(weakOnly[49]?.text).toMatch(/none strong enough to read the navigation message|all weak/);
  });

  it("a stretch's words: a time said from its first epoch, not as if it held for the stretch", () => {
    const heard = [sat("gps", 1, 70, 10, 45), sat("gps", 2, 50, 100, 44), sat("gps", 3, 40, 200, 43)];
    const [first] = waitsAfterEach([epoch(T0, heard), epoch(T0 + 1000, heard)], { receiverStarts: true });
    expect(first?.text).toMatch(/first locked 0 s ago; a fix expected in \d+(–\d+)? s$/);
    expect(first?.stretchText).toMatch(/first locked at its start; a fix expected in \d+(–\d+)? s from its start$/);
    expect(first?.stage).toBe("expected");
  });

  it("dates no lock from the first satellite list of a receiver already running", () => {
    const heard = [sat("gps", 1, 70, 10, 45), sat("gps", 2, 50, 100, 44), sat("gps", 3, 40, 200, 43)];
    const running = diagnose([epoch(T0, heard), epoch(T0 + 1000, heard)]);
    expect(running[0]?.text).toContain("first locked before it could be timed");
    expect(running[0]?.estimate).toBeUndefined();
    const poweredOn = diagnose([epoch(T0, heard), epoch(T0 + 1000, heard)], { receiverStarts: true });
    expect(poweredOn[0]?.text).toContain("first locked 1 s ago");
    expect(poweredOn[0]?.estimate?.what).toBe("fix");
  });

  it.each([
    // GPS frames start when UTC + 18 s is a multiple of 30 s: 12:00:12, 12:00:42 UTC; subframes 1–3 at +0, +6, +12 s
    { lockUtc: "12:00:11", earliest: "12:00:30", latest: "12:00:48" }, // synced by 12:00:12 or not: this frame, or the next subframe 1
    { lockUtc: "12:00:12", earliest: "12:00:30", latest: "12:00:48" },
    { lockUtc: "12:00:13", earliest: "12:00:48", latest: "12:00:48" }, // subframe 1 begun: 2 and 3 now, 1 in the next frame
    { lockUtc: "12:00:20", earliest: "12:00:54", latest: "12:00:54" },
    { lockUtc: "12:00:40", earliest: "12:01:00", latest: "12:01:00" },
  ])("the ephemeris window of a GPS satellite locked at $lockUtc UTC: $earliest to $latest", ({ lockUtc, earliest, latest }) => {
    const at = (hms: string): number => Date.parse(`2026-11-26T${hms}Z`);
    const w = ephemerisWindow(messageLayout("gps")!, at(lockUtc), 0);
    expect({ earliest: new Date(w.earliestMs).toISOString().slice(11, 19), latest: new Date(w.latestMs).toISOString().slice(11, 19) }).toEqual({
      earliest,
      latest,
    });
    // without the phase: 18 s after the lock at the soonest, a frame and a subframe after bit sync at the latest
    const free = ephemerisWindow(messageLayout("gps")!, at(lockUtc), undefined);
    expect([(free.earliestMs - at(lockUtc)) / 1000, (free.latestMs - at(lockUtc)) / 1000]).toEqual([18, 38]);
    expect([timeWindow(messageLayout("gps")!, 0).earliestMs / 1000, timeWindow(messageLayout("gps")!, 0).latestMs / 1000]).toEqual([6, 14]);
  });

  it("gives no window for Galileo, whose message layout it does not rest on", () => {
    expect(messageLayout("galileo")).toBeUndefined();
    expect(messageLayout("sbas")).toBeUndefined();
  });
});
