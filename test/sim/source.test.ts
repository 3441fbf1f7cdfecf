import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createSimSource, parseSimSpec, SimSpecError } from "../../src/sim/source.js";
import { distanceM } from "../../src/geodesy.js";
import { openGps } from "../../src/gps.js";
import type { GpsEvent } from "../../src/types.js";

describe("parseSimSpec", () => {
  const good: { spec: string; want: Record<string, unknown> }[] = [
    { spec: "sim:", want: {} },
    { spec: "sim:?start=cold&env=urban&chip=mtk&seed=7&speed=20", want: { start: "cold", environment: "urban-canyon", chip: "mtk", seed: 7, speed: 20 } },
    { spec: "sim:?speed=max&nmea=4.1&rate=10", want: { speed: 0, nmeaVersion: "4.10", rateHz: 10 } },
    {
      spec: "sim:?lat=-33.9&lon=151.2&alt=12&at=2026-11-26T08:00:00Z",
      want: { latitudeDeg: -33.9, longitudeDeg: 151.2, altitudeMslM: 12, startTimeMs: Date.UTC(2026, 10, 26, 8) },
    },
    { spec: "sim:?start=assisted&assist=time,position", want: { start: "assisted", aiding: ["time", "position"] } },
    { spec: "sim:?scenario=tunnel&duration=30&route=drive", want: { scenario: "tunnel", durationS: 30, route: "drive" } },
    { spec: "sim:?gnss=gps,galileo&mask=10&ackaiding=1", want: { constellations: ["gps", "galileo"], elevationMaskDeg: 10, ackAiding: true } },
    { spec: "sim:?chip=ublox&protocol=ubx", want: { chip: "ublox", protocol: "ubx" } },
    { spec: "sim:?chip=ublox&protocol=both", want: { chip: "ublox", protocol: "both" } },
    { spec: "sim:?chip=mtk&protocol=nmea", want: { chip: "mtk", protocol: "nmea" } },
  ];
  for (const { spec, want } of good) it(`accepts ${spec}`, () => expect(parseSimSpec(spec)).toEqual(want));

  it("at=now uses the host clock, rounded to the second", () => {
    expect(parseSimSpec("sim:?at=now", () => 1_800_000_000_123).startTimeMs).toBe(1_800_000_000_000);
  });

  const bad: { spec: string; err: RegExp }[] = [
    { spec: "sim:?colour=red", err: /unknown key "colour"/ },
    { spec: "sim:?start=lukewarm", err: /bad start "lukewarm" \(expected cold, warm, hot, assisted, factory\)/ },
    { spec: "sim:?lat=91", err: /bad lat "91"/ },
    { spec: "sim:?seed=1.5", err: /bad seed "1.5" \(expected an integer/ },
    { spec: "sim:?speed=fast", err: /bad speed/ },
    // nothing would move at 0; below a simulated second per 1000 s a cycle outlasts what a timer can wait
    { spec: "sim:?speed=0", err: /bad speed "0" \(expected max or a number from 0\.001 to 1000000\)/ },
    { spec: "sim:?speed=1e-300", err: /bad speed "1e-300"/ },
    { spec: "sim:?at=yesterday", err: /bad at "yesterday"/ },
    { spec: "sim:?nmea=5.0", err: /bad nmea "5.0"/ },
    { spec: "sim:?env=space", err: /bad env "space"/ },
    { spec: "sim:?seed=1&seed=2", err: /seed given twice/ },
    { spec: "sim:?assist=time", err: /assist= needs start=assisted/ },
    { spec: "sim:?protocol=ubx", err: /protocol=ubx needs chip=ublox/ },
    { spec: "sim:?chip=ublox&protocol=binary", err: /bad protocol "binary" \(expected nmea, ubx, both\)/ },
    { spec: "simulator", err: /not a simulator spec/ },
  ];
  for (const { spec, err } of bad) {
    it(`rejects ${spec}`, () => {
      expect(() => parseSimSpec(spec)).toThrow(SimSpecError);
      expect(() => parseSimSpec(spec)).toThrow(err);
    });
  }

  it("without at= the receiver powers on now, to the second: its RMC carries the host's date and time", async () => {
    const before = Math.floor(Date.now() / 1000) * 1000;
    const source = createSimSource("sim:?start=hot&speed=max&duration=2");
    const after = Date.now();
    expect(source.options.startTimeMs % 1000).toBe(0);
    expect(source.options.startTimeMs).toBeGreaterThanOrEqual(before);
    expect(source.options.startTimeMs).toBeLessThanOrEqual(after);
    await source.open();
    let text = "";
    for await (const chunk of source) text += new TextDecoder().decode(chunk);
    const rmc = /\$GNRMC,(\d{6})\.\d+,[AV],(?:[^,]*,){6}(\d{6}),/.exec(text);
    const first = new Date(source.options.startTimeMs + 1000); // the first cycle, 1 s after power-on
    const two = (n: number): string => String(n).padStart(2, "0");
    expect(rmc?.[2]).toBe(`${two(first.getUTCDate())}${two(first.getUTCMonth() + 1)}${two(first.getUTCFullYear() % 100)}`);
    expect(rmc?.[1]).toBe(`${two(first.getUTCHours())}${two(first.getUTCMinutes())}${two(first.getUTCSeconds())}`);
  });

  it("an unreadable route file is a SimSpecError", () => {
    expect(() => createSimSource("sim:?route=/nonexistent/track.gpx")).toThrow(/cannot read route file/);
  });
});

async function collect(spec: string, onEvent?: (e: GpsEvent, write: (b: Uint8Array) => Promise<void>, mark: (s: "cold") => void) => void) {
  const source = createSimSource(spec);
  const gps = openGps({ source });
  const events: GpsEvent[] = [];
  for await (const e of gps.events()) {
    if (e.type === "first-fix" || e.type === "first-3d" || e.type === "epoch") events.push(e);
    onEvent?.(
      e,
      (b) => gps.write(b),
      (s) => gps.markRestart(s),
    );
  }
  return { source, events };
}

describe("TTFF measured by gnsskit's pipeline equals the model's draw", () => {
  for (const start of ["cold", "warm", "hot", "assisted"] as const) {
    for (const seed of [1, 2]) {
      it(`${start}, seed ${seed}`, async () => {
        const { source, events } = await collect(`sim:?speed=max&duration=100&start=${start}&seed=${seed}&chip=ublox&at=2026-11-26T12:00:00Z`);
        const firstFix = events.find((e) => e.type === "first-fix");
        const first3d = events.find((e) => e.type === "first-3d");
        expect(source.truth.drawnTtffMs).toBeDefined();
        expect(firstFix?.type === "first-fix" && Math.abs((firstFix.ttffMs ?? Number.NaN) - source.truth.drawnTtffMs!)).toBeLessThanOrEqual(1000);
        expect(first3d?.type === "first-3d" && Math.abs(first3d.ttffMs - source.truth.drawnFirst3dMs!)).toBeLessThanOrEqual(1000);
        expect(firstFix?.type === "first-fix" && firstFix.mode).toBe("2d");
      });
    }
  }

  it("a commanded cold restart (PMTK103 written through the pipeline) restarts the clock", async () => {
    let restartedAt: number | undefined;
    let sent = false;
    const source = createSimSource("sim:?speed=max&duration=150&start=hot&seed=4&chip=mtk&at=2026-11-26T12:00:00Z");
    const gps = openGps({ source });
    const fixes: number[] = [];
    for await (const e of gps.events()) {
      if (e.type === "epoch" && e.epoch.mode === "3d" && !sent && e.epoch.receivedAtMs - source.options.startTimeMs >= 20_000) {
        sent = true;
        gps.markRestart("cold");
        await gps.write(new TextEncoder().encode("$PMTK103*30\r\n"));
        restartedAt = source.clock!();
      }
      if (e.type === "first-fix" && e.ttffMs !== undefined) fixes.push(e.ttffMs);
    }
    const truthAfter = source.truth.ttffMs;
    expect(restartedAt).toBeDefined();
    expect(source.truth.startType).toBe("cold");
    expect(source.truth.startedAtMs).toBe(restartedAt);
    expect(fixes).toHaveLength(2);
    expect(truthAfter).toBeGreaterThan(15_000);
    expect(Math.abs(fixes[1]! - truthAfter!)).toBeLessThanOrEqual(1000);
  });
});

describe("sim source clock", () => {
  afterEach(() => vi.useRealTimers());

  it("paced, time flows between steps (30 ms at speed 4 is 120 ms), never past the next step; a chunk is taken at its step's time", async () => {
    vi.useFakeTimers({ toFake: ["Date", "setTimeout", "clearTimeout"], now: Date.UTC(2030, 0, 1) });
    const source = createSimSource("sim:?speed=4&seed=1&duration=10&at=2026-11-26T12:00:00Z");
    const startMs = Date.UTC(2026, 10, 26, 12);
    expect(source.clock!()).toBe(startMs); // not opened: no time passes
    await source.open();
    const chunks = source[Symbol.asyncIterator]();
    await chunks.next();
    vi.advanceTimersByTime(30);
    expect(source.clock!()).toBe(startMs); // the first step's chunk is still being taken
    const second = chunks.next(); // taken: the source waits for the next step (250 ms of wall time)
    vi.advanceTimersByTime(0);
    expect(source.clock!()).toBe(startMs + 120); // 30 ms already passed since the step, at 4×
    vi.advanceTimersByTime(100);
    expect(source.clock!()).toBe(startMs + 520);
    vi.advanceTimersByTime(120); // the timer fires at 250 ms: the second step
    await second;
    expect(source.clock!()).toBe(startMs + 1000);
    const third = chunks.next();
    vi.setSystemTime(Date.now() + 400); // a host too busy to fire the timer on time
    expect(source.clock!()).toBe(startMs + 2000); // not past the step that is due
    vi.advanceTimersByTime(250);
    await third;
    expect(source.clock!()).toBe(startMs + 2000);
    await source.close();
  });

  it("as fast as possible, the clock is the step's time", async () => {
    const source = createSimSource("sim:?speed=max&seed=1&duration=3&at=2026-11-26T12:00:00Z");
    await source.open();
    const times: number[] = [];
    for await (const _chunk of source) times.push(source.clock!());
    expect(times.slice(0, 3)).toEqual([0, 1000, 2000].map((ms) => Date.UTC(2026, 10, 26, 12) + ms));
  });
});

describe("sim source", () => {
  it("positions follow a GPX route within the noise", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-sim-"));
    const gpx = join(dir, "walk.gpx");
    const pts = Array.from({ length: 20 }, (_, i) => `<trkpt lat="${(48.85 + i * 0.0005).toFixed(5)}" lon="2.29"><ele>40</ele></trkpt>`);
    writeFileSync(gpx, `<?xml version="1.0"?><gpx version="1.1" creator="test"><trk><trkseg>${pts.join("")}</trkseg></trk></gpx>`);
    const source = createSimSource(`sim:?speed=max&duration=60&start=hot&at=2026-11-26T12:00:00Z&route=${encodeURIComponent(gpx)}`);
    const gps = openGps({ source });
    let checked = 0;
    for await (const e of gps.events()) {
      if (e.type !== "epoch" || e.epoch.mode !== "3d") continue;
      const err = distanceM(
        { latitudeDeg: e.epoch.latitudeDeg!, longitudeDeg: e.epoch.longitudeDeg! },
        { latitudeDeg: source.truth.latitudeDeg, longitudeDeg: source.truth.longitudeDeg },
      );
      expect(err).toBeLessThan(30);
      expect(e.epoch.speedMps!).toBeGreaterThan(10);
      expect(Math.abs(e.epoch.trackTrueDeg! - 0) < 1 || Math.abs(e.epoch.trackTrueDeg! - 360) < 1).toBe(true);
      checked++;
    }
    expect(checked).toBeGreaterThan(40);
    expect(source.truth.latitudeDeg).toBeGreaterThan(48.855);
  });

  it("tunnel scenario: the fix is lost in the tunnel and reacquired after it", async () => {
    const { source, events } = await collect("sim:?speed=max&duration=170&start=hot&scenario=tunnel&seed=2&at=2026-11-26T12:00:00Z");
    const modes = events.filter((e) => e.type === "epoch").map((e) => (e.type === "epoch" ? e.epoch.mode : "none"));
    const at = (s: number): string => modes[s - 1]!;
    expect(at(90)).toBe("3d");
    expect(at(120)).toBe("none");
    expect(at(160)).toBe("3d");
    expect(source.truth.fixLosses).toBe(1);
  });

  it("the same spec twice gives byte-identical streams", async () => {
    const read = async (): Promise<string> => {
      const source = createSimSource("sim:?speed=max&duration=45&seed=77&chip=quectel&env=suburban&at=2026-11-26T12:00:00Z");
      await source.open();
      let all = "";
      for await (const chunk of source) all += new TextDecoder().decode(chunk);
      return all;
    };
    const a = await read();
    expect(a.length).toBeGreaterThan(10_000);
    expect(await read()).toBe(a);
  });
});

describe("gnsskit simulate --tcp", () => {
  it("streams NMEA to a client and answers the client's commands", async () => {
    const { runSimulate } = await import("../../src/cli/commands/simulate.js");
    const { connect } = await import("node:net");
    const abort = new AbortController();
    let where = "";
    let ready: () => void = () => undefined;
    const readyPromise = new Promise<void>((resolve) => (ready = resolve));
    const run = runSimulate({ tcp: "0", chip: "mtk", speed: "20", duration: "300" }, { signal: abort.signal, onReady: (w) => ((where = w), ready()) });
    await Promise.race([readyPromise, run]);
    const port = Number(/:(\d+)$/.exec(where)![1]);
    const socket = connect(port, "127.0.0.1");
    let received = "";
    socket.on("data", (d: Buffer) => (received += d.toString("latin1")));
    const until = async (ok: () => boolean): Promise<void> => {
      for (let i = 0; i < 200 && !ok(); i++) await new Promise((resolve) => setTimeout(resolve, 50));
    };
    await until(() => received.includes("$GNGGA,"));
    socket.write("$PMTK000*32\r\n");
    await until(() => received.includes("$PMTK001"));
    socket.destroy();
    abort.abort();
    await run;
    expect(received).toMatch(/\$GNGGA,/);
    expect(received).toContain("$PMTK001,0,3*30\r\n");
  });
});

describe("gnsskit simulate options", () => {
  it("merges --spec with single options; real time unless a speed is given", async () => {
    const { simulateSpec } = await import("../../src/cli/commands/simulate.js");
    expect(simulateSpec({})).toBe("sim:?speed=1");
    expect(simulateSpec({ spec: "sim:?speed=max&seed=3", chip: "ublox" })).toBe("sim:?speed=max&seed=3&chip=ublox");
    expect(simulateSpec({ spec: "sim:?seed=3", seed: "4" })).toBe("sim:?seed=4&speed=1");
    expect(() => simulateSpec({ start: "lukewarm" })).toThrow(/bad start "lukewarm"/);
    expect(() => simulateSpec({ spec: "tcp://x:1" })).toThrow(/expected sim:/);
  });
});
