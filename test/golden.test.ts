// Golden logs: fixtures/*.nmea (and *.ubx: UBX beside NMEA) → framer → parser and UBX decoder → tracker
// (timeBase "sentence") → one NDJSON line per event, compared with fixtures/*.golden.ndjson. UPDATE_GOLDEN=1
// rewrites the expected files.
import { describe, it, expect } from "vitest";
import { readFileSync, readdirSync, writeFileSync, existsSync } from "node:fs";
import { join } from "node:path";
import { createFramer } from "../src/framing/framer.js";
import { createParser } from "../src/parsing/index.js";
import { createUbxDecoder } from "../src/parsing/ubx/index.js";
import { createTracker, type Tracker, type TrackerOptions } from "../src/state/index.js";
import { formatSummary } from "../src/cli/source-arg.js";
import { attLine, createGpsdWriter, skyLine, toAtt, toSky, toTpv, tpvLine } from "../src/output/gpsd.js";
import type { Epoch, FixState, SatelliteView, TrackerEvent } from "../src/types.js";

const FIXTURES = join(import.meta.dirname, "..", "fixtures");
const logs = readdirSync(FIXTURES)
  .filter((f) => /\.(nmea|ubx)$/.test(f))
  .sort();

const round = (v: number | undefined, decimals: number): number | undefined => (v === undefined ? undefined : Number(v.toFixed(decimals)));
const iso = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString());
const tod = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().slice(11, 23));
const fixState = (s: FixState): string =>
  s.kind === "fixed" || s.kind === "non-gnss" ? `${s.kind}:${s.mode}:${s.quality}` : s.kind === "lost" ? `lost:${s.reason}` : s.kind;

function sky(v: SatelliteView): Record<string, unknown> {
  return {
    inView: v.inViewCount,
    tracked: v.trackedCount,
    used: v.usedCount,
    signals: v.signalCount,
    // satellites listed without a number: `glonass 1/1 s1 29` (in view/tracked, signals, strongest C/N0)
    // GSV pages missing from the view (a page a cycle, a page lost): its counts are lower bounds
    incomplete: v.incomplete,
    unnamed: v.unidentified?.map((u) => `${u.constellation ?? "-"} ${u.inViewCount}/${u.trackedCount} s${u.signalCount} ${u.cn0DbHz ?? "-"}`),
    sats: v.satellites.map(
      (s) =>
        `${s.key}${s.usedInFix ? "*" : ""}${s.elevationDeg !== undefined ? ` el${s.elevationDeg}` : ""}${s.azimuthDeg !== undefined ? ` az${s.azimuthDeg}` : ""} ${s.signals.map((g) => `${g.signalId ?? "-"}:${g.cn0DbHz ?? "-"}${g.usedInFix ? "*" : ""}`).join("/")}`,
    ),
  };
}

function epochLine(e: Epoch): Record<string, unknown> {
  return {
    type: "epoch",
    time: iso(e.timeMs),
    tod: tod(e.timeOfDayMs),
    at: tod(e.receivedAtMs),
    mode: e.mode,
    quality: e.quality,
    state: fixState(e.fixState),
    lat: round(e.latitudeDeg, 7),
    lon: round(e.longitudeDeg, 7),
    altMsl: round(e.altitudeMslM, 2),
    altHae: round(e.altitudeHaeM, 2),
    speed: round(e.speedMps, 3),
    track: round(e.trackTrueDeg, 1),
    climb: round(e.climbMps, 3),
    magvar: round(e.magneticVariationDeg, 1),
    hdop: round(e.dop.hdop, 2),
    vdop: round(e.dop.vdop, 2),
    pdop: round(e.dop.pdop, 2),
    eph: round(e.ephM, 2),
    epv: round(e.epvM, 2),
    sep: round(e.sphericalErrorM, 2),
    heading: e.headingTrueDeg,
    headingMode: e.headingMode,
    rot: e.rateOfTurnDegPerMin,
    pitch: e.pitchDeg,
    roll: e.rollDeg,
    rtkRatio: e.rtkRatio,
    baseline:
      e.baseline === undefined
        ? undefined
        : `${e.baseline.quality} E${e.baseline.eastM} N${e.baseline.northM} U${e.baseline.upM} L${e.baseline.lengthM} C${e.baseline.courseDeg}`,
    dgpsAge: e.dgpsAgeS,
    dgpsStation: e.dgpsStationId,
    used: e.satellitesUsed,
    sentences: e.sentenceIds.join(" "),
    incomplete: e.incomplete,
    defaultClock: e.defaultClock,
    weekUnknown: e.weekUnknown,
  };
}

function eventLine(e: TrackerEvent): Record<string, unknown> {
  switch (e.type) {
    case "epoch":
      return epochLine(e.epoch);
    case "satellites":
      return { type: e.type, at: tod(e.atMs), ...sky(e.satellites) };
    case "state":
      return { type: e.type, at: tod(e.atMs), state: fixState(e.fixState) };
    case "start":
      return { type: e.type, at: tod(e.atMs), start: e.start.type, basis: e.start.basis, evidence: e.start.evidence };
    case "week-rollover":
      // the reference (the release date) is left out: it moves with each release
      return { type: e.type, at: tod(e.atMs), date: iso(e.dateMs) };
    default:
      return { ...e, atMs: undefined, at: tod(e.atMs) };
  }
}

function run(bytes: Uint8Array, options: Omit<TrackerOptions, "timeBase"> = {}): { lines: string[]; events: TrackerEvent[]; tracker: Tracker } {
  const parser = createParser();
  const ubx = createUbxDecoder();
  const tracker = createTracker({ ...options, timeBase: "sentence" });
  const events: TrackerEvent[] = [...tracker.open(0).events];
  const framer = createFramer({
    onFrame: (frame) => {
      const sentence = parser.parse(frame, () => undefined);
      if (sentence) events.push(...tracker.update(sentence, 0).events);
    },
    onDiagnostic: () => undefined,
    onBinary: (packet) => {
      if (packet.protocol !== "UBX") return false;
      const message = ubx.decode(packet.bytes, 0, () => undefined);
      if (message) events.push(...tracker.update(message, 0).events);
      return true;
    },
  });
  framer.push(bytes, 0);
  framer.end();
  events.push(...tracker.end(0).events);
  return { lines: events.map((e) => JSON.stringify(eventLine(e))), events, tracker };
}

const epochCount = (events: TrackerEvent[]): number => events.filter((e) => e.type === "epoch").length;

describe("golden logs", () => {
  for (const log of logs) {
    it(log, () => {
      const { lines } = run(new Uint8Array(readFileSync(join(FIXTURES, log))));
      const goldenPath = join(FIXTURES, log.replace(/\.(nmea|ubx)$/, ".golden.ndjson"));
      const text = lines.join("\n") + "\n";
      if (process.env.UPDATE_GOLDEN === "1") writeFileSync(goldenPath, text);
      // A log without its expected output is a mistake, not a pass: UPDATE_GOLDEN=1 writes it for review.
      expect(existsSync(goldenPath), `${goldenPath} is missing (UPDATE_GOLDEN=1 writes it)`).toBe(true);
      expect(text).toBe(readFileSync(goldenPath, "utf8"));
    });
  }

  it("cold start: TTFF is 34 s and the start is inferred cold", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "cold-start-ttff.nmea"))));
    const firstFix = events.find((e) => e.type === "first-fix");
    expect(firstFix).toMatchObject({ ttffMs: 34_000, mode: "3d" });
    const starts = events.flatMap((e) => (e.type === "start" ? [e.start.type] : []));
    expect(starts.at(-1)).toBe("cold");
  });

  it("fix lost and reacquired: explicit loss, then stale loss, each reacquired", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "fix-lost-reacquired.nmea"))));
    const losses = events.flatMap((e) => (e.type === "fix-lost" ? [e.reason] : []));
    const gaps = events.flatMap((e) => (e.type === "reacquired" ? [e.gapMs] : []));
    // the 5 s without data is a gap in a plain log (a fix on each side of it), not a loss the receiver reported
    expect(losses).toEqual(["no-fix-reported"]);
    expect(gaps).toEqual([4000]);
  });

  it("the same silence heard live (receive times) is a stale loss, dated when it went stale", () => {
    const parser = createParser();
    const tracker = createTracker({ timeBase: "receive" });
    const events: TrackerEvent[] = [...tracker.open(0).events];
    const day = Date.UTC(2024, 5, 2);
    let receivedAtMs = 0;
    const framer = createFramer({
      onFrame: (frame) => {
        const time = /^\$GP(?:GGA|RMC),(\d\d)(\d\d)(\d\d)/.exec(frame.text);
        if (time) receivedAtMs = day + ((Number(time[1]) * 60 + Number(time[2])) * 60 + Number(time[3])) * 1000 + 100;
        const sentence = parser.parse(frame, () => undefined);
        if (sentence) events.push(...tracker.update(sentence, receivedAtMs).events);
      },
      onDiagnostic: () => undefined,
    });
    framer.push(new Uint8Array(readFileSync(join(FIXTURES, "fix-lost-reacquired.nmea"))), 0);
    framer.end();
    events.push(...tracker.end(receivedAtMs).events);
    const losses = events.flatMap((e) => (e.type === "fix-lost" ? [{ reason: e.reason, at: tod(e.atMs - day) }] : []));
    expect(losses).toEqual([
      { reason: "no-fix-reported", at: expect.any(String) },
      { reason: "stale", at: "14:00:11.100" },
    ]);
  });

  it("midnight: epoch times are monotonic across the date change", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "midnight-rollover.nmea"))));
    const times = events.flatMap((e) => (e.type === "epoch" && e.epoch.timeMs !== undefined ? [e.epoch.timeMs] : []));
    expect(times.map((t) => new Date(t).toISOString())).toEqual([
      "2024-12-31T23:59:57.000Z",
      "2024-12-31T23:59:58.000Z",
      "2024-12-31T23:59:59.000Z",
      "2025-01-01T00:00:00.000Z",
      "2025-01-01T00:00:01.000Z",
      "2025-01-01T00:00:02.000Z",
    ]);
  });

  it("late time label: one epoch per time, the reported position is not overwritten", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "late-time-label.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => tod(e.timeOfDayMs))).toEqual(["12:35:18.000", "12:35:19.000", "12:35:20.000", "12:35:21.000"]);
    expect(epochs[2]?.latitudeDeg).toBeCloseTo(48 + 7.039 / 60, 9);
  });

  it("Garmin PGRMZ: the GLL-only cycles are 3D with PGRMZ's altitude in metres", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "garmin-pgrmz-altitude.nmea"))));
    const gllCycles = events.flatMap((e) => (e.type === "epoch" && e.epoch.sentenceIds.includes("PGRMZ") ? [e.epoch] : []));
    expect(gllCycles.map((e) => [e.mode, e.altitudeMslM?.toFixed(4)])).toEqual([
      ["3d", "14.6304"],
      ["3d", "14.9352"],
    ]);
  });

  it("GSA mode 2 with three satellites stays 2D: no altitude reported", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "gsa-2d-three-satellites.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => e.mode)).toEqual(["2d", "2d", "2d"]);
    expect(epochs.every((e) => !("altMSL" in toTpv(e)))).toBe(true);
  });

  it("a receiver's last GSA gives the dimension of its cycles without GSA: 2D until its GSA says 3D, whatever GGA's held altitude", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "gsa-2d-carried-between-gsas.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => [tod(e.timeOfDayMs), e.mode])).toEqual([
      ["10:00:00.000", "2d"],
      ["10:00:01.000", "2d"],
      ["10:00:02.000", "2d"],
      ["10:00:03.000", "2d"],
      ["10:00:04.000", "2d"],
      ["10:00:05.000", "3d"],
      ["10:00:06.000", "3d"],
    ]);
  });

  it("a DOP placeholder (99.0) ends the DOPs an earlier cycle gave; within a cycle a figure stands; an empty field keeps them, unless its GSA says no fix", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "dop-placeholder-after-fix.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => [tod(e.timeOfDayMs), e.dop, round(e.ephM, 2)])).toEqual([
      ["10:21:40.000", { pdop: 2.1, hdop: 1.2, vdop: 1.7 }, 22.8],
      ["10:21:41.000", {}, undefined],
      ["10:21:42.000", {}, undefined],
      ["10:21:43.000", { pdop: 2.3, hdop: 1.4, vdop: 1.8 }, 26.6],
      ["10:21:44.000", { pdop: 2.3, hdop: 1.4, vdop: 1.8 }, 26.6],
      ["10:21:45.000", {}, undefined],
    ]);
  });

  it("RMC/GLL status V with FAA mode E or S is that kind of position, in any order of the cycle's sentences", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "estimate-modes-status-v.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => [tod(e.timeOfDayMs), e.mode, e.quality, e.latitudeDeg !== undefined])).toEqual([
      ["16:50:10.000", "3d", "dead-reckoning", true],
      ["16:50:11.000", "3d", "dead-reckoning", true],
      ["16:50:12.000", "3d", "simulated", true],
      ["16:50:13.000", "none", "none", false],
    ]);
    expect(events.some((e) => e.type === "first-fix")).toBe(false);
  });

  it("a time step right after the first fix is after it: no default clock set before the fix", () => {
    const { events, tracker } = run(new Uint8Array(readFileSync(join(FIXTURES, "time-step-after-first-fix.nmea"))));
    expect(events.find((e) => e.type === "first-fix")).toMatchObject({ cyclesBeforeFix: 1, untimedCycles: 1 });
    expect(tracker.state.ttff.cyclesBeforeFix).toBe(1);
    expect(tracker.state.ttff.timeJumped).toBeUndefined();
    expect(tracker.state.ttff.clockSet).toBeUndefined();
    const start = events.flatMap((e) => (e.type === "start" ? [e.start] : [])).at(-1);
    expect(start?.evidence.join(" ")).not.toContain("clock jumped");
  });

  it("a fix one cycle after an untimed first cycle: no cold start inferred (sooner than an ephemeris can be read)", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "fix-one-cycle-after-untimed-start.nmea"))));
    const start = events.flatMap((e) => (e.type === "start" ? [e.start] : [])).at(-1);
    expect(start?.type).toBe("unknown");
    expect(start?.evidence[0]).toContain("first fix after 1 cycle (");
  });

  it("sentences that say nothing of a fix, a time or satellites (a heading sensor) are no start evidence and no fix status", async () => {
    const { events, tracker } = run(new Uint8Array(readFileSync(join(FIXTURES, "heading-sensor-alone.nmea"))));
    const start = events.flatMap((e) => (e.type === "start" ? [e.start] : []));
    expect(start.every((s) => s.basis !== "inferred")).toBe(true);
    expect(events.some((e) => e.type === "first-fix")).toBe(false);
    // nor did it say "no fix": no epoch stated a fix status
    expect(tracker.state.fixStatusEpochs).toBe(0);
    const summary = await formatSummary("heading.nmea", { bytes: 170, frames: 10, sentences: 10, ubxMessages: 0, epochs: 1, diagnostics: {} }, tracker.state);
    expect(summary).toContain("TTFF: no fix stated: nothing the receiver sent says whether it has a fix");
    expect(run(new Uint8Array(readFileSync(join(FIXTURES, "cold-start-ttff.nmea")))).tracker.state.fixStatusEpochs).toBeGreaterThan(30);
  });

  it("a GSV part lost: each page stands until it comes again or its rotation period is over, and the view says it is incomplete", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "gsv-part-lost.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    const used = (e: Epoch): number[] => e.satellites.satellites.filter((s) => s.usedInFix).map((s) => s.svid);
    expect(epochs.map((e) => [tod(e.timeOfDayMs), e.satellites.inViewCount, used(e), e.satellites.incomplete])).toEqual([
      ["12:00:00.000", 9, [1, 2, 3, 5, 6, 9], undefined],
      // page 1 of the cycle before stands: it has come once, its period is its page count
      ["12:00:01.000", 9, [1, 2, 3, 5, 6, 9], undefined],
      // page 2 came every cycle: a cycle old, it is dropped with 05 and 06 (GSA still counts them used)
      ["12:00:02.000", 6, [1, 2, 3, 9], true],
      ["12:00:03.000", 6, [1, 2, 3, 9], true],
    ]);
    expect(epochs.map((e) => e.satellites.usedCount)).toEqual([6, 6, 6, 6]);
  });

  it("a GSA in a cycle without GSV: its satellites are the cycle's used ones at once", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "gsa-without-gsv.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    const used = (e: Epoch): number[] => e.satellites.satellites.filter((s) => s.usedInFix).map((s) => s.svid);
    expect(epochs.map((e) => [tod(e.timeOfDayMs), used(e)])).toEqual([
      ["12:00:00.000", [1, 2, 3, 4]],
      ["12:00:01.000", [1, 2, 3]],
      ["12:00:02.000", [1, 2, 3]],
      ["12:00:03.000", [1, 2, 3]],
    ]);
  });

  it("GSV set after the ender: a satellites event completes the epoch just reported; gpsd output repeats its SKY", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "gsv-after-ender.nmea"))));
    const epochAt = (t: string): Epoch | undefined => events.flatMap((e) => (e.type === "epoch" && tod(e.epoch.timeOfDayMs) === t ? [e.epoch] : []))[0];
    // before GGA is learned as the ender, the set is inside the cycle it follows
    expect(epochAt("18:40:43.000")?.satellites.inViewCount).toBe(11);
    // learned after two cycles ending with it: the 18:40:46 epoch is reported at its GGA, its set completes it
    const at46 = events.findIndex((e) => e.type === "epoch" && tod(e.epoch.timeOfDayMs) === "18:40:46.000");
    expect(at46).toBeGreaterThan(0);
    const late = events.slice(at46 + 1).find((e) => e.type === "satellites");
    expect(late?.type === "satellites" ? late.satellites.inViewCount : undefined).toBe(6);
    expect(late?.atMs).toBe(Date.UTC(1970, 0, 1, 18, 40, 47));

    const writer = createGpsdWriter();
    let text = "";
    let last: Epoch | undefined;
    for (const e of events) {
      if (e.type === "epoch") {
        text += writer.epoch(e.epoch);
        last = e.epoch;
      } else if (e.type === "satellites" && e.satellites !== last?.satellites) text += writer.skyUpdate(e.satellites);
    }
    const skies = text
      .split("\n")
      .filter((l) => l.includes('"SKY"'))
      .map((l) => JSON.parse(l) as { time?: string; nSat: number });
    const sky46 = skies.filter((s) => s.time === "2016-04-03T18:40:46.000Z");
    expect(sky46.map((s) => s.nSat)).toEqual([11, 6]);
    expect(skies.length).toBe(epochCount(events) + 1);
  });

  it("GSV continuation parts with an empty count (NMEA 4.11): every whole cycle's view holds the 10 satellites in view", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "gsv-continuation-empty-header.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    // the third cycle's part 2 is lost: its parts 1 and 3 list 6, and the view says it is incomplete
    expect(epochs.map((e) => [e.satellites.inViewCount, e.satellites.usedCount, e.satellites.incomplete])).toEqual([
      [10, 6, undefined],
      [10, 6, undefined],
      [6, 6, true],
      [6, 6, true],
    ]);
  });

  it("gyro compass HDT and ROT after RMC: each cycle has the heading and rate of turn it was sent with, ATT between TPV and SKY", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "heading-gyro-hdt-rot.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => [tod(e.timeOfDayMs), e.headingTrueDeg, e.rateOfTurnDegPerMin])).toEqual([
      ["13:07:11.000", 4, 0],
      ["13:07:12.000", 4.3, 12.5],
      ["13:07:13.000", 4.6, undefined],
      ["13:07:14.000", undefined, -6],
      ["13:07:15.000", 4.9, -6],
    ]);
    expect(epochs.at(-1)?.mode).toBe("none");
    const writer = createGpsdWriter();
    const text = epochs.map((e) => writer.epoch(e)).join("");
    const classes = text
      .trim()
      .split("\n")
      .map((l) => (JSON.parse(l) as { class: string }).class);
    expect(classes.slice(0, 3)).toEqual(["TPV", "ATT", "SKY"]);
    expect(text.split("\n")[1]).toBe('{"class":"ATT","time":"2011-06-01T13:07:11.000Z","heading":4,"rot":0}');
  });

  it("SkyTraq PSTI: heading, pitch and roll with their RTK mode, RTK ratio and baseline; none when the antenna pair loses its solution", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "skytraq-rtk-moving-base.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => [e.headingTrueDeg, e.headingMode, e.pitchDeg, e.rollDeg, e.rtkRatio, e.baseline?.quality, e.dgpsAgeS])).toEqual([
      [87.41, "rtk-fixed", -1.25, 0.48, 4.2, "rtk-fixed", 0.8],
      [87.95, "rtk-float", -1.31, 0.52, 1.6, "rtk-float", 1.8],
      [undefined, undefined, undefined, undefined, undefined, undefined, undefined],
    ]);
    expect(toTpv(epochs[0] as Epoch)).toMatchObject({
      status: 3,
      dgpsRatio: 4.2,
      baseS: 3,
      baseE: 1.204,
      baseN: 0.053,
      baseU: -0.012,
      baseL: 1.205,
      baseC: 87.48,
    });
    expect(toTpv(epochs[1] as Epoch)).toMatchObject({ status: 4, baseS: 4 });
    expect(toAtt(epochs[0] as Epoch)).toEqual({ class: "ATT", time: "2023-05-18T10:15:20.000Z", heading: 87.41, pitch: -1.25, roll: 0.48 });
    expect(toAtt(epochs[2] as Epoch)).toBeUndefined();
  });

  it("Garmin PGRME: the cycle's errors are Garmin's EPE at 95 % (× 2.45/1.18, as gpsd), epx/epy/epv as gpsd prints them", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "garmin-pgrme-error.nmea"))));
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    const f = 2.45 / 1.18;
    expect(epochs[0]?.ephM).toBeCloseTo(6.2 * f, 9);
    expect(epochs[0]?.epvM).toBeCloseTo(9.8 * f, 9);
    expect(epochs[0]?.sphericalErrorM).toBeCloseTo(11.6 * f, 9);
    expect(toTpv(epochs[0] as Epoch)).toMatchObject({ epx: 9.103, epy: 9.103, epv: 20.347, eph: 12.873, sep: 24.085 });
    // no fix: no error figures; 2D: horizontal only
    expect(epochs[2]).not.toHaveProperty("ephM");
    expect(epochs[2]).not.toHaveProperty("sphericalErrorM");
    expect(epochs[3]?.mode).toBe("2d");
    expect(epochs[3]?.ephM).toBeCloseTo(15.3 * f, 9);
    expect(epochs[3]).not.toHaveProperty("epvM");
  });

  it("GPS week rollover: 1999 dates of a 2019 log are said once; weekRolloverFix moves every date 1024 weeks on", () => {
    const bytes = new Uint8Array(readFileSync(join(FIXTURES, "week-rollover-1999-dates.nmea")));
    const plain = run(bytes).events;
    expect(plain.filter((e) => e.type === "week-rollover").map((e) => (e.type === "week-rollover" ? iso(e.dateMs) : ""))).toEqual(["1999-11-29T14:22:05.000Z"]);
    const fixed = run(bytes, { weekRolloverFix: true }).events;
    const times = fixed.flatMap((e) => (e.type === "epoch" ? [iso(e.epoch.timeMs)] : []));
    expect(times).toEqual(["2019-07-15T14:22:05.000Z", "2019-07-15T14:22:06.000Z", "2019-07-15T14:22:07.000Z"]);
    expect(fixed.some((e) => e.type === "week-rollover")).toBe(false);
  });

  it("cold start without time: cycles in step when time comes, the first fix is 3D with GGA's altitude", () => {
    const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, "cold-start-timeless-cycles.nmea"))));
    const firstFix = events.find((e) => e.type === "first-fix");
    // the first cycles carry no time and a plain log has no receive times: no TTFF in seconds, the cycles instead
    expect(firstFix).toMatchObject({ mode: "3d", cyclesBeforeFix: 5 });
    expect(firstFix).not.toHaveProperty("ttffMs");
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.every((e) => e.sentenceIds.join(" ") === "RMC VTG GGA GSA GSV GLL" || e.sentenceIds.join(" ") === "RMC VTG GGA GSA GSV GSV GLL")).toBe(true);
  });

  it("a plain log whose receiver sends no time at first: no TTFF in seconds (it was 12 s, the truth 19 s), the cycles to the first fix match the truth", () => {
    const text = readFileSync(join(FIXTURES, "sim-cold-open-sky.nmea"), "latin1");
    const truthMs = Number(/Model truth: TTFF (\d+) ms/.exec(text)?.[1]);
    const powerOnMs = Date.parse(/power-on (\S+);/.exec(text)?.[1] ?? "");
    const { events } = run(new Uint8Array(Buffer.from(text, "latin1")));
    const firstFix = events.find((e) => e.type === "first-fix");
    expect(firstFix).not.toHaveProperty("ttffMs");
    expect(events.some((e) => e.type === "first-3d")).toBe(false);
    // the simulator's first cycle comes 1 s after power-on, then one cycle per second (1 Hz)
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    const firstTimed = epochs.find((e) => e.timeMs !== undefined);
    const untimed = epochs.indexOf(firstTimed as (typeof epochs)[number]);
    const firstEpochMs = (firstTimed?.timeMs ?? Number.NaN) - untimed * 1000;
    expect(firstEpochMs - powerOnMs).toBe(1000);
    expect(firstFix?.type === "first-fix" ? firstFix.cyclesBeforeFix : undefined).toBe((truthMs - 1000) / 1000);
  });

  it("the gpsd writer's text lines equal JSON.stringify of its TPV/SKY objects, for every golden epoch", () => {
    let count = 0;
    for (const log of logs) {
      const { events } = run(new Uint8Array(readFileSync(join(FIXTURES, log))));
      for (const e of events) {
        if (e.type !== "epoch") continue;
        count++;
        expect(tpvLine(e.epoch, "/dev/ttyS0")).toBe(JSON.stringify(toTpv(e.epoch, "/dev/ttyS0")));
        expect(skyLine(e.epoch)).toBe(JSON.stringify(toSky(e.epoch)));
        const att = toAtt(e.epoch, "/dev/ttyS0");
        expect(attLine(e.epoch, "/dev/ttyS0")).toBe(att === undefined ? "" : `${JSON.stringify(att)}\n`);
      }
    }
    expect(count).toBeGreaterThan(50);
  });
});
