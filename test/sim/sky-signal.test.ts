import { describe, expect, it } from "vitest";
import { createRandom, normal } from "../../src/sim/random.js";
import { loadBundledSky } from "../../src/node/almanacs.js";
import type { SkySatellite } from "../../src/orbits/index.js";
import { CN0_TRACKING_DB_HZ, signalCn0DbHz, skylineElevationDeg, type Environment } from "../../src/sim/sky/index.js";

function satellite(elevationDeg: number, azimuthDeg: number, svid = 5): SkySatellite {
  return { constellation: "gps", svid, healthy: true, elevationDeg, azimuthDeg, rangeM: 2.2e7, losEnu: [0, 0, 1] };
}

function stats(values: number[]): { mean: number; sd: number } {
  const mean = values.reduce((a, b) => a + b, 0) / values.length;
  const sd = Math.sqrt(values.reduce((a, b) => a + (b - mean) ** 2, 0) / values.length);
  return { mean, sd };
}

/** C/N0 draws for one satellite (undefined = not tracked). */
function draws(sat: SkySatellite, environment: Environment, n = 400, seed = 1): Array<number | undefined> {
  const random = createRandom(seed);
  return Array.from({ length: n }, () => signalCn0DbHz(sat, environment, random));
}

describe("seeded randomness", () => {
  it("the same seed gives the same sequence; another seed another", () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const c = createRandom(43);
    const seqA = Array.from({ length: 5 }, () => a());
    expect(Array.from({ length: 5 }, () => b())).toEqual(seqA);
    expect(Array.from({ length: 5 }, () => c())).not.toEqual(seqA);
    expect(seqA.every((x) => x >= 0 && x < 1)).toBe(true);
  });

  it("normal() has the requested mean and standard deviation", () => {
    const random = createRandom(7);
    const { mean, sd } = stats(Array.from({ length: 20_000 }, () => normal(random, 3, 2)));
    expect(Math.abs(mean - 3)).toBeLessThan(0.05);
    expect(Math.abs(sd - 2)).toBeLessThan(0.05);
  });
});

describe("signal model", () => {
  it("open sky: 45-50 dB-Hz near the zenith, lower toward the horizon, ~1 dB noise, always tracked above 5°", () => {
    const zenith = draws(satellite(88, 0), "open-sky");
    const mid = draws(satellite(35, 0), "open-sky");
    const low = draws(satellite(6, 0), "open-sky");
    for (const set of [zenith, mid, low]) expect(set.every((v) => v !== undefined && v >= CN0_TRACKING_DB_HZ)).toBe(true);
    const [z, m, l] = [zenith, mid, low].map((set) => stats(set as number[]));
    expect(z?.mean).toBeGreaterThan(45);
    expect(z?.mean).toBeLessThan(51);
    expect(l?.mean).toBeGreaterThan(32);
    expect(l?.mean).toBeLessThan(39);
    expect((z?.mean ?? 0) - (m?.mean ?? 0)).toBeGreaterThan(2);
    expect((m?.mean ?? 0) - (l?.mean ?? 0)).toBeGreaterThan(4);
    expect(z?.sd).toBeGreaterThan(0.7);
    expect(z?.sd).toBeLessThan(1.3);
  });

  it("is reproducible for a seed", () => {
    expect(draws(satellite(40, 100), "urban-canyon", 50, 9)).toEqual(draws(satellite(40, 100), "urban-canyon", 50, 9));
  });

  it("tunnel: nothing is tracked", () => {
    expect(draws(satellite(89, 0), "tunnel").every((v) => v === undefined)).toBe(true);
  });

  it("indoor: about 20 dB below open sky near the zenith, high satellites only", () => {
    const high = draws(satellite(80, 30), "indoor").filter((v): v is number => v !== undefined);
    const open = stats(draws(satellite(80, 30), "open-sky") as number[]).mean;
    expect(high.length).toBeGreaterThan(300);
    const loss = open - stats(high).mean;
    expect(loss).toBeGreaterThan(15);
    expect(loss).toBeLessThan(23);
    const low = draws(satellite(15, 30), "indoor");
    expect(low.filter((v) => v !== undefined).length).toBeLessThan(20);
  });

  it("urban canyon: blocked across the street below the skyline, clear high up, noisier than open sky", () => {
    // Across the street (110°) the skyline is at least 30°; along it (20°) it is 15°.
    expect(skylineElevationDeg("urban-canyon", 110)).toBeGreaterThanOrEqual(30);
    expect(skylineElevationDeg("urban-canyon", 20)).toBe(15);
    expect(skylineElevationDeg("urban-canyon", 200)).toBe(15);
    const high = draws(satellite(75, 110), "urban-canyon") as number[];
    expect(high.every((v) => v !== undefined)).toBe(true);
    expect(stats(high).sd).toBeGreaterThan(2);
    // Hidden satellites: most are not tracked at all; those that are arrive weak (reflections).
    let tracked = 0;
    const reflected: number[] = [];
    for (let svid = 1; svid <= 32; svid++) {
      const values = draws(satellite(12, 110, svid), "urban-canyon", 20, svid).filter((v): v is number => v !== undefined);
      if (values.length > 0) tracked++;
      reflected.push(...values);
    }
    expect(tracked).toBeLessThan(16);
    expect(stats(reflected).mean).toBeLessThan(30);
  });

  it("a blocked satellite stays blocked from one epoch to the next (blockage is geometry, not chance)", () => {
    for (let svid = 1; svid <= 32; svid++) {
      const set = draws(satellite(20, 100, svid), "urban-canyon", 30, svid);
      const none = set.every((v) => v === undefined);
      const most = set.filter((v) => v !== undefined).length > 10;
      expect(none || most, `svid ${svid}`).toBe(true);
    }
  });

  it("over a real sky: tracked counts fall from open sky to suburban, urban canyon, indoor and tunnel", () => {
    const sky = loadBundledSky();
    const place = { latitudeDeg: 48.8566, longitudeDeg: 2.3522, altitudeHaeM: 80 };
    const visible = sky.visibleAt(Date.parse("2026-11-27T12:00:00Z"), place, 5);
    const random = createRandom(3);
    const tracked = (environment: Environment) => visible.filter((sat) => signalCn0DbHz(sat, environment, random) !== undefined).length;
    const counts = (["open-sky", "suburban", "urban-canyon", "indoor", "tunnel"] as const).map(tracked);
    expect(counts[0]).toBe(visible.length);
    for (let i = 1; i < counts.length; i++) expect(counts[i]).toBeLessThan(counts[i - 1] ?? 0);
    expect(counts[3]).toBeLessThan(visible.length / 2);
    expect(counts[4]).toBe(0);
  });
});
