// The simulator as an RTK rover (rtk=1) and as a base station (--rtcm): the base's RTCM 3 decoded by outside
// decoders (gpsd's gpsdecode for framing and 1005, RTKLIB's convbin for the MSM7 ranges), and the rover's
// answers to it: GGA quality 2 → 5 → 4 after its drawn convergence, fallback when corrections stop, DGPS only
// from a base too far away, corrupt frames ignored.

import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createRtcm3Framer, decodeStationPosition, rtcm3Payload } from "../../src/framing/rtcm3.js";
import { loadBundledSky } from "../../src/node/almanacs.js";
import { geodeticToEcefM } from "../../src/orbits/orbit.js";
import { createSimBase, lockTimeIndicator } from "../../src/sim/base.js";
import { staticRoute } from "../../src/sim/motion/route.js";
import { createSimReceiver, type SimReceiver } from "../../src/sim/receiver/receiver.js";

const sky = loadBundledSky();
const T0 = Date.UTC(2026, 11, 6, 12, 0, 0);
const PARIS = { latitudeDeg: 48.8584, longitudeDeg: 2.2945, altitudeHaeM: 80 };
const has = (tool: string): boolean => spawnSync("sh", ["-c", `command -v ${tool}`]).status === 0;

const base = (place = PARIS, stationId = 7) => createSimBase({ sky, ...place, startTimeMs: T0, stationId });

function frames(bytes: Uint8Array): { types: number[]; frames: Uint8Array[]; corrupt: number } {
  const out = { types: [] as number[], frames: [] as Uint8Array[], corrupt: 0 };
  const framer = createRtcm3Framer({
    frame: (frame, type) => {
      out.frames.push(frame);
      out.types.push(type);
    },
    corrupt: () => out.corrupt++,
  });
  framer.push(bytes);
  framer.end();
  return out;
}

describe("simulated base station", () => {
  it("sends 1005 every 10 s and one MSM7 per constellation in view every second", () => {
    const b = base();
    const epochs = Array.from({ length: 12 }, (_, s) => frames(b.step(T0 + s * 1000)));
    expect(epochs.every((e) => e.corrupt === 0)).toBe(true);
    expect(epochs[0]!.types[0]).toBe(1005);
    expect(epochs.filter((e) => e.types.includes(1005)).length).toBe(2);
    expect(epochs[1]!.types).toEqual(expect.arrayContaining([1077, 1087, 1097, 1127]));
    const station = decodeStationPosition(rtcm3Payload(epochs[0]!.frames[0]!))!;
    const ecef = geodeticToEcefM(PARIS.latitudeDeg, PARIS.longitudeDeg, PARIS.altitudeHaeM);
    expect(station.stationId).toBe(7);
    for (let k = 0; k < 3; k++) expect(Math.abs(station.ecefM[k]! - ecef[k]!)).toBeLessThan(0.001);
  });

  it("DF407 lock time indicators follow table 3.5-74", () => {
    expect([0, 63, 64, 127, 128, 1000, 67_108_864].map(lockTimeIndicator)).toEqual([0, 63, 64, 95, 96, 190, 704]);
  });

  it.skipIf(!has("gpsdecode"))("gpsdecode finds every frame (its CRC) and the station's position", () => {
    const b = base();
    const bytes = new Uint8Array(Array.from({ length: 5 }, (_, s) => [...b.step(T0 + s * 1000)]).flat());
    const decoded = spawnSync("gpsdecode", ["-j"], { input: bytes, encoding: "utf8" })
      .stdout.split("\n")
      .filter((l) => l.startsWith("{"))
      .map((l) => JSON.parse(l) as { type: number; x?: number; station_id?: number });
    expect(decoded.map((d) => d.type)).toEqual(frames(bytes).types);
    const station = decoded.find((d) => d.type === 1005)!;
    expect(station.station_id).toBe(7);
    expect(station.x).toBeCloseTo(geodeticToEcefM(PARIS.latitudeDeg, PARIS.longitudeDeg, PARIS.altitudeHaeM)[0], 3);
  });

  it.skipIf(!has("convbin"))("RTKLIB's convbin decodes the MSM7 to the sky's ranges (pseudorange and carrier phase)", () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-base-"));
    try {
      const b = base();
      const bytes = new Uint8Array(Array.from({ length: 3 }, (_, s) => [...b.step(T0 + s * 1000)]).flat());
      writeFileSync(join(dir, "base.rtcm3"), bytes);
      const run = spawnSync("convbin", ["-r", "rtcm3", "-tr", "2026/12/06", "12:00:00", "-o", join(dir, "base.obs"), join(dir, "base.rtcm3")], {
        encoding: "utf8",
      });
      expect(run.status).toBe(0);
      const obs = readFileSync(join(dir, "base.obs"), "utf8");
      // the first epoch (12:00:00 UTC = 12:00:18 GPS): one line per satellite, C1C first
      const body = obs.slice(obs.indexOf("END OF HEADER"));
      const epoch = body
        .split("\n> ")[1]!
        .split("\n")
        .slice(1)
        .filter((l) => /^[GREC]\d\d/.test(l));
      const visible = sky.visibleAt(T0, PARIS, 10);
      const letter = { gps: "G", glonass: "R", galileo: "E", beidou: "C" } as Record<string, string>;
      const expected = visible.filter((s) => letter[s.constellation] !== undefined && s.healthy);
      expect(epoch.length).toBe(expected.length);
      for (const sat of expected) {
        const line = epoch.find((l) => l.startsWith(`${letter[sat.constellation]}${String(sat.svid).padStart(2, "0")}`));
        expect(line, `${sat.constellation} ${sat.svid}`).toBeDefined();
        const pseudorangeM = Number(line!.slice(3, 17));
        expect(Math.abs(pseudorangeM - sat.rangeM)).toBeLessThan(0.01);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

// ───────────────────────────── the rover ─────────────────────────────

const ggaOf = (bytes: Uint8Array): string[] | undefined =>
  new TextDecoder("latin1")
    .decode(bytes)
    .split("\r\n")
    .find((l) => /^\$..GGA/.test(l))
    ?.replace(/\*.*$/, "")
    .split(",");

interface RoverRun {
  /** GGA quality per second */
  qualities: number[];
  ages: string[];
  stations: string[];
  rover: SimReceiver;
}

/** A hot-started rover stepped a second at a time; corrections from `feed(second)` written just before each epoch. */
function rover(seconds: number, feed: (second: number) => Uint8Array | undefined, options: { rtk?: boolean } = {}): RoverRun {
  const rx = createSimReceiver({
    sky,
    route: staticRoute(PARIS.latitudeDeg, PARIS.longitudeDeg, PARIS.altitudeHaeM),
    startTimeMs: T0,
    seed: 5,
    start: "hot",
    chip: "ublox",
    rtk: options.rtk ?? true,
  });
  const run: RoverRun = { qualities: [], ages: [], stations: [], rover: rx };
  for (let s = 0; s <= seconds; s++) {
    const corrections = feed(s);
    if (corrections !== undefined) rx.receive(corrections, T0 + s * 1000 - 300);
    const gga = ggaOf(rx.step(T0 + s * 1000));
    run.qualities.push(Number(gga?.[6] ?? "0"));
    run.ages.push(gga?.[13] ?? "");
    run.stations.push(gga?.[14] ?? "");
  }
  return run;
}

const firstSecond = (run: RoverRun, quality: number): number => run.qualities.indexOf(quality);

describe("simulated RTK rover", () => {
  it("answers corrections with DGPS, RTK float, then RTK fixed after its drawn convergence", () => {
    const b = base();
    const run = rover(90, (s) => (s >= 5 ? b.step(T0 + s * 1000 - 300) : undefined));
    const truth = run.rover.truth.rtk!;
    expect(firstSecond(run, 1)).toBeLessThan(5);
    expect(firstSecond(run, 2)).toBe(5);
    const floatAt = firstSecond(run, 5);
    const fixedAt = firstSecond(run, 4);
    expect(floatAt - 5).toBe(Math.ceil(truth.floatAfterMs! / 1000));
    expect(fixedAt - 5).toBe(Math.ceil((truth.floatAfterMs! + truth.fixedAfterMs!) / 1000));
    expect(run.qualities.slice(fixedAt).every((q) => q === 4)).toBe(true);
    expect(run.ages[fixedAt]).toBe("0.3");
    expect(run.stations[fixedAt]).toBe("0007");
    expect(truth.baselineM).toBeLessThan(1);
  });

  it("falls back to DGPS 10 s after the corrections stop, and to its own fix after 60 s", () => {
    const b = base();
    const run = rover(150, (s) => (s < 70 ? b.step(T0 + s * 1000 - 300) : undefined));
    expect(run.qualities[69]).toBe(4);
    // the last corrections came at 68.7 s: fixed holds while they are 10 s old or younger, DGPS while 60 s
    expect(run.qualities.slice(70, 79).every((q) => q === 4)).toBe(true);
    expect(run.qualities[79]).toBe(2);
    expect(run.qualities[128]).toBe(2);
    expect(run.qualities[129]).toBe(1);
  });

  it("a base beyond the baseline limit gives DGPS only; a rover without RTK ignores corrections", () => {
    const far = base({ latitudeDeg: 49.5, longitudeDeg: 2.29, altitudeHaeM: 80 });
    expect(rover(60, (s) => far.step(T0 + s * 1000 - 300)).qualities.slice(5)).not.toContain(4);
    expect(
      rover(60, (s) => far.step(T0 + s * 1000 - 300))
        .qualities.slice(5)
        .every((q) => q === 2),
    ).toBe(true);
    const b = base();
    expect(
      rover(60, (s) => b.step(T0 + s * 1000 - 300), { rtk: false })
        .qualities.slice(5)
        .every((q) => q === 1),
    ).toBe(true);
  });

  it("corrupt frames are not taken", () => {
    const b = base();
    const run = rover(60, (s) => {
      const bytes = b.step(T0 + s * 1000 - 300).slice();
      for (let k = 10; k < bytes.length; k += 50) bytes[k] = bytes[k]! ^ 0x10;
      return bytes;
    });
    expect(run.qualities.slice(5).every((q) => q === 1)).toBe(true);
    expect(run.rover.truth.rtk!.framesTaken).toBe(0);
  });
});
