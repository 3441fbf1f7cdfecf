import { readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { bundledAlmanacDir, loadBundledAlmanacRecords, loadBundledSky } from "../../src/node/almanacs.js";
import { computeDop, parseAlmanac, type AlmanacRecord, type Sky } from "../../src/orbits/index.js";
import { ecefToGeodetic, gpsSecondsFromUtcMs, orbitalPeriodS, orbitStateAtTk, satelliteEcefM, semiMajorAxisM } from "../../src/orbits/orbit.js";
import { nominalAlmanacs, nominalAlmanacText } from "../../src/sim/sky/index.js";

const SIDEREAL_DAY_S = 86_164.0905;
const HOUR_MS = 3_600_000;
// A day after the bundled almanacs' epoch (GPS week 2446, toa 405,504 s).
const T0 = Date.parse("2026-11-27T12:00:00Z");

describe("bundled almanac files", () => {
  const dir = bundledAlmanacDir();

  // The files are the generator's output; UPDATE_ALMANACS=1 rewrites them.
  for (const almanac of nominalAlmanacs()) {
    it(`${almanac.constellation}: the file is what nominal.ts makes`, () => {
      const path = join(dir, `${almanac.constellation}.yuma.txt`);
      const text = nominalAlmanacText(almanac);
      if (process.env.UPDATE_ALMANACS === "1") writeFileSync(path, text);
      expect(readFileSync(path, "utf8")).toBe(text);
    });
  }

  it("every file says what it is, names its constellation and parses without problems", () => {
    const files = readdirSync(dir)
      .filter((name) => name.endsWith(".yuma.txt"))
      .sort();
    expect(files).toEqual(["beidou", "galileo", "glonass", "gps", "qzss", "sbas"].map((c) => `${c}.yuma.txt`));
    for (const name of files) {
      const text = readFileSync(join(dir, name), "utf8");
      expect(text.startsWith("# gnsskit bundled almanac:")).toBe(true);
      expect(text).toMatch(/nominal/i);
      const { records, problems } = parseAlmanac(text);
      expect(problems).toEqual([]);
      expect(new Set(records.map((r) => r.constellation))).toEqual(new Set([name.split(".")[0]]));
    }
  });

  it("has the expected satellites per constellation", () => {
    const count = (c: string) => loadBundledAlmanacRecords().filter((r) => r.constellation === c).length;
    expect({
      gps: count("gps"),
      glonass: count("glonass"),
      galileo: count("galileo"),
      beidou: count("beidou"),
      qzss: count("qzss"),
      sbas: count("sbas"),
    }).toEqual({ gps: 30, glonass: 24, galileo: 27, beidou: 24, qzss: 4, sbas: 12 });
  });
});

describe("bundled orbits match the published nominal parameters", () => {
  // Loaded when a test runs, so UPDATE_ALMANACS=1 can first write the files.
  const of = (c: string) => loadBundledAlmanacRecords().filter((r) => r.constellation === c);
  const deg = (rad: number) => (rad * 180) / Math.PI;

  const table = [
    { constellation: "gps", periodS: 43_077, aKm: 26_559.7, inclinationDeg: 55, inclinationTolDeg: 1.6 },
    { constellation: "glonass", periodS: 40_544, aKm: 25_508, inclinationDeg: 64.8, inclinationTolDeg: 1 },
    { constellation: "galileo", periodS: 50_680, aKm: 29_600.3, inclinationDeg: 56, inclinationTolDeg: 1 },
    { constellation: "beidou", periodS: 46_404, aKm: 27_906.1, inclinationDeg: 55, inclinationTolDeg: 1 },
  ];
  for (const want of table) {
    it(`${want.constellation}: period, semi-major axis, inclination, 3 or 6 planes`, () => {
      for (const r of of(want.constellation)) {
        expect(Math.abs(orbitalPeriodS(r) - want.periodS)).toBeLessThan(60);
        expect(Math.abs(semiMajorAxisM(r) / 1000 - want.aKm)).toBeLessThan(3);
        expect(Math.abs(deg(r.inclinationRad) - want.inclinationDeg)).toBeLessThan(want.inclinationTolDeg);
      }
      // Planes: distinct Earth-fixed node longitudes at toa, rounded to 5°.
      const planes = new Set(
        of(want.constellation).map((r) => {
          const node = deg(orbitStateAtTk(r, 0).ascendingNodeRad);
          return Math.round((((node % 360) + 360) % 360) / 5) % 72;
        }),
      );
      expect(planes.size).toBe(want.constellation === "gps" ? 6 : 3);
    });
  }

  it("GPS ground tracks repeat after one sidereal day", () => {
    const gps = gpsSecondsFromUtcMs(T0, 18);
    for (const r of of("gps")) {
      const before = ecefToGeodetic(satelliteEcefM(r, gps));
      const after = ecefToGeodetic(satelliteEcefM(r, gps + SIDEREAL_DAY_S));
      expect(Math.abs(after.latitudeDeg - before.latitudeDeg)).toBeLessThan(0.3);
      expect(Math.abs(((after.longitudeDeg - before.longitudeDeg + 540) % 360) - 180)).toBeLessThan(0.3);
    }
  });

  it("SBAS and the QZSS GEO stay over their published longitudes; QZSS orbits are geosynchronous", () => {
    const gps = gpsSecondsFromUtcMs(T0, 18);
    const longitude = (r: AlmanacRecord, t: number) => ecefToGeodetic(satelliteEcefM(r, t)).longitudeDeg;
    const sbas = new Map(of("sbas").map((r) => [r.svid, r]));
    const published: Array<[number, number]> = [
      [123, 31.5],
      [136, 5],
      [121, -5],
      [131, -117],
      [133, -98],
      [135, -125],
    ];
    for (const [prn, lon] of published) {
      const r = sbas.get(prn);
      if (!r) throw new Error(`SBAS PRN ${prn} missing`);
      for (const hours of [0, 6, 13, 24 * 30]) {
        const at = gps + hours * 3600;
        expect(Math.abs(longitude(r, at) - lon)).toBeLessThan(0.01);
        expect(Math.abs(ecefToGeodetic(satelliteEcefM(r, at)).latitudeDeg)).toBeLessThan(0.01);
      }
    }
    for (const r of of("qzss")) {
      expect(Math.abs(orbitalPeriodS(r) - SIDEREAL_DAY_S)).toBeLessThan(1);
      const lonNow = longitude(r, gps);
      const lonNextDay = longitude(r, gps + SIDEREAL_DAY_S);
      expect(Math.abs(lonNextDay - lonNow)).toBeLessThan(0.01);
    }
    const qzo = of("qzss").filter((r) => r.eccentricity > 0.05);
    expect(qzo.map((r) => Math.round(deg(r.inclinationRad)))).toEqual([41, 41, 41]);
  });
});

describe("the bundled sky from the ground", () => {
  let sky: Sky;
  beforeAll(() => {
    sky = loadBundledSky();
  });
  const places = [
    { name: "Paris", latitudeDeg: 48.8566, longitudeDeg: 2.3522, altitudeHaeM: 80 },
    { name: "Moscow (Idaho)", latitudeDeg: 46.73, longitudeDeg: -117.0, altitudeHaeM: 790 },
    { name: "Singapore", latitudeDeg: 1.29, longitudeDeg: 103.85, altitudeHaeM: 20 },
    { name: "Sydney", latitudeDeg: -33.87, longitudeDeg: 151.21, altitudeHaeM: 40 },
  ];

  it("shows 6-14 GPS satellites above 5° everywhere, every 3 hours over a day, with PDOP < 4", () => {
    for (const place of places) {
      for (let hour = 0; hour < 24; hour += 3) {
        const gps = sky.visibleAt(T0 + hour * HOUR_MS, place, 5).filter((s) => s.constellation === "gps");
        expect(gps.length, `${place.name} +${hour} h`).toBeGreaterThanOrEqual(6);
        expect(gps.length, `${place.name} +${hour} h`).toBeLessThanOrEqual(14);
        expect(computeDop(gps)?.pdop ?? Infinity).toBeLessThan(4);
      }
    }
  });

  it("shows 5-12 satellites of each MEO constellation above 5°", () => {
    for (const place of places) {
      const visible = sky.visibleAt(T0, place, 5);
      for (const c of ["glonass", "galileo", "beidou"] as const) {
        const n = visible.filter((s) => s.constellation === c).length;
        expect(n, `${place.name} ${c}`).toBeGreaterThanOrEqual(5);
        expect(n, `${place.name} ${c}`).toBeLessThanOrEqual(12);
      }
    }
  });

  it("EGNOS is seen from Paris, WAAS from Idaho, and neither from the other", () => {
    const [paris, idaho] = [places[0], places[1]];
    if (!paris || !idaho) throw new Error("places");
    const sbasIds = (place: typeof paris) =>
      sky
        .visibleAt(T0, place, 5)
        .filter((s) => s.constellation === "sbas")
        .map((s) => s.svid);
    expect(sbasIds(paris)).toEqual(expect.arrayContaining([121, 123, 136]));
    expect(sbasIds(paris)).not.toContain(135);
    expect(sbasIds(idaho)).toEqual(expect.arrayContaining([131, 133, 135]));
    expect(sbasIds(idaho)).not.toContain(123);
  });

  it("from Tokyo a QZSS satellite is high in the sky around the clock; none is seen from Paris", () => {
    const tokyo = { latitudeDeg: 35.68, longitudeDeg: 139.69, altitudeHaeM: 40 };
    for (let hour = 0; hour < 24; hour += 1) {
      const highest = Math.max(
        ...sky
          .visibleAt(T0 + hour * HOUR_MS, tokyo)
          .filter((s) => s.constellation === "qzss")
          .map((s) => s.elevationDeg),
      );
      expect(highest, `+${hour} h`).toBeGreaterThan(60);
    }
    const paris = places[0];
    if (!paris) throw new Error("places");
    expect(sky.visibleAt(T0, paris, 5).filter((s) => s.constellation === "qzss")).toEqual([]);
  });

  it("lists constellations in gpsd order and satellites sorted by svid within each", () => {
    expect(sky.constellations).toEqual(["gps", "sbas", "galileo", "beidou", "qzss", "glonass"]);
    const place = places[0];
    if (!place) throw new Error("places");
    const visible = sky.visibleAt(T0, place);
    const order = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass"];
    const keys = visible.map((s) => order.indexOf(s.constellation) * 1000 + s.svid);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
    expect(visible.every((s) => s.elevationDeg > 0 && s.azimuthDeg >= 0 && s.azimuthDeg < 360)).toBe(true);
  });
});
