import { describe, expect, it } from "vitest";
import { computeDop, createSky, parseYumaAlmanac } from "../../src/orbits/index.js";
import {
  eccentricAnomalyRad,
  ecefToGeodetic,
  lookAngles,
  orbitalPeriodS,
  orbitStateAtTk,
  semiMajorAxisM,
  utcMsFromGpsSeconds,
} from "../../src/orbits/orbit.js";

// domain.md §6.3 test vector: the YUMA PRN-01 "week 182" record, observer in Paris.
const VECTOR_YUMA = `
******** Week 182 almanac for PRN-01 ********
ID:                         01
Health:                     000
Eccentricity:               0.1200914383E-001
Time of Applicability(s):  61440.0000
Orbital Inclination(rad):   0.9889106755
Rate of Right Ascen(r/s):  -0.7828897534E-008
SQRT(A)  (m 1/2):           5153.616211
Right Ascen at Week(rad):   0.2426539643E+000
Argument of Perigee(rad):   0.944318348
Mean Anom(rad):            -0.7640576294E+000
Af0(s):                     0.0000000000E+000
Af1(s/s):                   0.0000000000E+000
week:                        182
`;
const PARIS = { latitudeDeg: 48.8584, longitudeDeg: 2.2945, altitudeHaeM: 0 };

function vectorRecord() {
  const { records, problems } = parseYumaAlmanac(VECTOR_YUMA);
  expect(problems).toEqual([]);
  const record = records[0];
  if (!record) throw new Error("test vector record not parsed");
  return record;
}

describe("IS-GPS-200 almanac propagation (domain.md §6.3 test vector)", () => {
  it("resolves week 182 to 2230 and gives A and the period", () => {
    const record = vectorRecord();
    expect(record.week).toBe(2230);
    expect(semiMajorAxisM(record)).toBeCloseTo(26_559_760.1, 0);
    expect(orbitalPeriodS(record)).toBeCloseTo(43_077.2, 0);
  });

  const cases = [
    { name: "tk = 0", tk: 0, ecef: [-13_971_007.3, 22_030_297.2, 3_579_837.4], azDeg: 61.56, elDeg: -25.56 },
    { name: "tk = 3600 s", tk: 3600, ecef: [-13_311_563.4, 17_676_932.7, 14_120_734.8], azDeg: 44.07, elDeg: -8.73 },
    { name: "tk = 7200 s", tk: 7200, ecef: [-13_184_830.1, 9_268_622.0, 20_725_093.8], azDeg: 22.79, elDeg: 1.85 },
  ];
  for (const c of cases) {
    it(`${c.name}: ECEF within 1 m, az/el within 0.01°`, () => {
      const record = vectorRecord();
      const state = orbitStateAtTk(record, c.tk);
      for (let axis = 0; axis < 3; axis++) {
        expect(Math.abs((state.ecefM[axis] ?? 0) - (c.ecef[axis] ?? 0))).toBeLessThan(1);
      }
      const look = lookAngles(state.ecefM, PARIS);
      expect(Math.abs(look.azimuthDeg - c.azDeg)).toBeLessThan(0.01);
      expect(Math.abs(look.elevationDeg - c.elDeg)).toBeLessThan(0.01);
    });
  }

  it("E at tk = 0 and r match the vector", () => {
    const record = vectorRecord();
    const state = orbitStateAtTk(record, 0);
    expect(state.eccentricAnomalyRad).toBeCloseTo(-0.772438617, 8);
    expect(state.radiusM).toBeCloseTo(26_331_317.4, 0);
    expect(eccentricAnomalyRad(1, 0.5)).toBeCloseTo(1.4987011335178, 10);
  });

  it("the sky at UTC time (leap seconds applied) shows the satellite rising at tk = 7200 s only", () => {
    const record = vectorRecord();
    const sky = createSky([record], { leapSeconds: 18 });
    const at = (tk: number) => utcMsFromGpsSeconds(2230 * 604_800 + 61_440 + tk, 18);
    expect(sky.visibleAt(at(3600), PARIS)).toEqual([]);
    const [sat, ...others] = sky.visibleAt(at(7200), PARIS);
    expect(others).toEqual([]);
    expect(sat?.svid).toBe(1);
    expect(sat?.elevationDeg).toBeCloseTo(1.85, 2);
    expect(sat?.azimuthDeg).toBeCloseTo(22.79, 2);
    expect(sky.visibleAt(at(7200), PARIS, 5)).toEqual([]);
    const los = sat?.losEnu ?? [0, 0, 0];
    expect(Math.hypot(...los)).toBeCloseTo(1, 12);
  });
});

describe("orbit invariants", () => {
  it("the radius stays within A(1 ± e) and |z| ≤ r·sin i over an orbit", () => {
    const record = vectorRecord();
    const a = semiMajorAxisM(record);
    for (let tk = 0; tk < 43_100; tk += 1800) {
      const { ecefM } = orbitStateAtTk(record, tk);
      const r = Math.hypot(...ecefM);
      expect(r).toBeGreaterThanOrEqual(a * (1 - record.eccentricity) - 1);
      expect(r).toBeLessThanOrEqual(a * (1 + record.eccentricity) + 1);
      expect(Math.abs(ecefM[2])).toBeLessThanOrEqual(r * Math.sin(record.inclinationRad) + 1);
    }
  });

  it("the highest sub-satellite latitude equals the inclination", () => {
    const record = vectorRecord();
    let maxLatitude = 0;
    for (let tk = 0; tk < 43_100; tk += 60) {
      maxLatitude = Math.max(maxLatitude, ecefToGeodetic(orbitStateAtTk(record, tk).ecefM).latitudeDeg);
    }
    // Geodetic latitude of a point 26,000 km out differs from the geocentric one by < 0.01°.
    expect(Math.abs(maxLatitude - (record.inclinationRad * 180) / Math.PI)).toBeLessThan(0.05);
  });

  it("the ground track repeats after one sidereal day (2 revolutions)", () => {
    const record = vectorRecord();
    for (const tk of [0, 5000, 20_000]) {
      const before = ecefToGeodetic(orbitStateAtTk(record, tk).ecefM);
      const after = ecefToGeodetic(orbitStateAtTk(record, tk + 86_164).ecefM);
      expect(Math.abs(after.latitudeDeg - before.latitudeDeg)).toBeLessThan(0.3);
      const dLon = ((after.longitudeDeg - before.longitudeDeg + 540) % 360) - 180;
      expect(Math.abs(dLon)).toBeLessThan(0.3);
    }
  });
});

describe("DOP", () => {
  it("zenith plus three satellites on the horizon 120° apart (hand-derived Q)", () => {
    const horizon = (azDeg: number): [number, number, number] => [Math.sin((azDeg * Math.PI) / 180), Math.cos((azDeg * Math.PI) / 180), 0];
    const dop = computeDop([{ losEnu: [0, 0, 1] }, { losEnu: horizon(0) }, { losEnu: horizon(120) }, { losEnu: horizon(240) }]);
    // GᵀG = diag(1.5, 1.5) ⊕ [[1, 1], [1, 4]] → Q = diag(2/3, 2/3) ⊕ [[4/3, −1/3], [−1/3, 1/3]]
    expect(dop?.hdop).toBeCloseTo(Math.sqrt(4 / 3), 10);
    expect(dop?.vdop).toBeCloseTo(Math.sqrt(4 / 3), 10);
    expect(dop?.pdop).toBeCloseTo(Math.sqrt(8 / 3), 10);
    expect(dop?.tdop).toBeCloseTo(Math.sqrt(1 / 3), 10);
    expect(dop?.gdop).toBeCloseTo(Math.sqrt(3), 10);
  });

  it("is undefined with fewer than 4 satellites or a singular geometry", () => {
    expect(computeDop([{ losEnu: [0, 0, 1] }, { losEnu: [1, 0, 0] }, { losEnu: [0, 1, 0] }])).toBeUndefined();
    const same: [number, number, number] = [0.6, 0, 0.8];
    expect(computeDop([same, same, same, same].map((losEnu) => ({ losEnu })))).toBeUndefined();
  });

  it("more satellites never worsen the geometry, and GDOP² = PDOP² + TDOP²", () => {
    const ring = (n: number, elDeg: number, offsetDeg: number) =>
      Array.from({ length: n }, (_, i) => {
        const az = ((offsetDeg + (360 * i) / n) * Math.PI) / 180;
        const el = (elDeg * Math.PI) / 180;
        return { losEnu: [Math.cos(el) * Math.sin(az), Math.cos(el) * Math.cos(az), Math.sin(el)] as [number, number, number] };
      });
    const four = [...ring(3, 15, 0), { losEnu: [0, 0, 1] as [number, number, number] }];
    const eight = [...four, ...ring(4, 45, 45)];
    const d4 = computeDop(four);
    const d8 = computeDop(eight);
    if (!d4 || !d8) throw new Error("DOP undefined for a good geometry");
    expect(d8.pdop).toBeLessThan(d4.pdop);
    expect(d8.gdop ** 2).toBeCloseTo(d8.pdop ** 2 + d8.tdop ** 2, 10);
    expect(d8.pdop ** 2).toBeCloseTo(d8.hdop ** 2 + d8.vdop ** 2, 10);
  });
});
