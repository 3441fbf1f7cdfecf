// Nominal constellations from published design parameters, written as almanac records. These are what the
// bundled almanacs in fixtures/almanac/ are made of (the files are this module's output; a test keeps them in
// step). They give a realistic sky (right number of satellites, planes, inclinations, periods, GEO longitudes),
// not the real sky of any date: GLONASS, Galileo, BeiDou, QZSS and SBAS broadcast other orbit models, and
// here they are all Keplerian orbits on GPS time.

import type { Constellation } from "../../types.js";
import { createRandom, normal, uniform, type Random } from "../random.js";
import { formatYumaAlmanac, type AlmanacRecord } from "../../orbits/almanac.js";
import { EARTH_ROTATION_RAD_PER_S, GPS_MU_M3_PER_S2 } from "../../orbits/orbit.js";

/** Epoch of the bundled almanacs: GPS week 2446 (starts 2026-11-22), toa 405,504 s (Thursday 16:38:24 GPS). */
export const NOMINAL_WEEK = 2446;
export const NOMINAL_TOA_S = 405_504;

const DEG = Math.PI / 180;
const J2 = 1.08263e-3;
const EARTH_RADIUS_M = 6_378_137;
/** Geosynchronous radius: mean motion equal to the Earth's rotation rate. */
const GEOSYNCHRONOUS_A_M = Math.cbrt(GPS_MU_M3_PER_S2 / EARTH_ROTATION_RAD_PER_S ** 2);

interface SlotElements {
  svid: number;
  semiMajorAxisM: number;
  eccentricity: number;
  inclinationDeg: number;
  /** Longitude of the ascending node (Earth-fixed) at the time of applicability */
  nodeLongitudeDeg: number;
  argumentOfPerigeeDeg: number;
  /** Argument of latitude (perigee + true anomaly) at the time of applicability */
  argumentOfLatitudeDeg: number;
  /** Node precession; J2 secular rate when omitted */
  rightAscensionRateRadPerS?: number;
  af0S?: number;
  af1SPerS?: number;
}

function wrapPi(angle: number): number {
  const wrapped = angle - 2 * Math.PI * Math.floor((angle + Math.PI) / (2 * Math.PI));
  return wrapped === -Math.PI ? Math.PI : wrapped;
}

/** Secular node regression from J2: Ω̇ = −3/2 · n · J2 · (Re/a)² · cos i / (1 − e²)². */
export function j2NodeRateRadPerS(semiMajorAxisM: number, eccentricity: number, inclinationRad: number): number {
  const n = Math.sqrt(GPS_MU_M3_PER_S2 / semiMajorAxisM ** 3);
  return (-1.5 * n * J2 * (EARTH_RADIUS_M / semiMajorAxisM) ** 2 * Math.cos(inclinationRad)) / (1 - eccentricity ** 2) ** 2;
}

/** Semi-major axis for an orbital period. */
export function semiMajorAxisForPeriodM(periodS: number): number {
  return Math.cbrt(GPS_MU_M3_PER_S2 * (periodS / (2 * Math.PI)) ** 2);
}

function toRecord(constellation: Constellation, slot: SlotElements): AlmanacRecord {
  const e = slot.eccentricity;
  const inclinationRad = slot.inclinationDeg * DEG;
  const omega = slot.argumentOfPerigeeDeg * DEG;
  const trueAnomaly = slot.argumentOfLatitudeDeg * DEG - omega;
  const eccentricAnomaly = Math.atan2(Math.sqrt(1 - e * e) * Math.sin(trueAnomaly), e + Math.cos(trueAnomaly));
  const meanAnomaly = eccentricAnomaly - e * Math.sin(eccentricAnomaly);
  return {
    constellation,
    svid: slot.svid,
    healthy: true,
    healthCode: 0,
    week: NOMINAL_WEEK,
    toaS: NOMINAL_TOA_S,
    eccentricity: e,
    inclinationRad,
    rightAscensionRateRadPerS: slot.rightAscensionRateRadPerS ?? j2NodeRateRadPerS(slot.semiMajorAxisM, e, inclinationRad),
    sqrtSemiMajorAxisSqrtM: Math.sqrt(slot.semiMajorAxisM),
    // Ωk at tk = 0 is Ω0 − Ω̇e·toa (§6.3 step 7), so Ω0 = node longitude + Ω̇e·toa.
    rightAscensionAtWeekRad: wrapPi(slot.nodeLongitudeDeg * DEG + EARTH_ROTATION_RAD_PER_S * NOMINAL_TOA_S),
    argumentOfPerigeeRad: wrapPi(omega),
    meanAnomalyRad: wrapPi(meanAnomaly),
    af0S: slot.af0S ?? 0,
    af1SPerS: slot.af1SPerS ?? 0,
  };
}

/** Small, seeded departures from the nominal slot that real satellites show (eccentricity, perigee, clock). */
function realism(random: Random): Pick<SlotElements, "eccentricity" | "argumentOfPerigeeDeg" | "af0S" | "af1SPerS"> {
  return {
    eccentricity: uniform(random, 0.0005, 0.012),
    argumentOfPerigeeDeg: uniform(random, -180, 180),
    af0S: Math.round(normal(random, 0, 2e-4) * 1e9) / 1e9,
    af1SPerS: Math.round(normal(random, 0, 5e-12) * 1e15) / 1e15,
  };
}

/**
 * GPS baseline 24-slot constellation (SPS Performance Standard, "reference orbit slot assignments as of the
 * defined epoch" 1993-07-01 00:00Z, Greenwich hour angle 18h36m14.4s): RAAN and argument of latitude per slot.
 */
const GPS_BASELINE_SLOTS: Array<[slot: string, raanDeg: number, argumentOfLatitudeDeg: number]> = [
  ["A1", 272.847, 268.126],
  ["A2", 272.847, 161.786],
  ["A3", 272.847, 11.676],
  ["A4", 272.847, 41.806],
  ["B1", 332.847, 80.956],
  ["B2", 332.847, 173.336],
  ["B3", 332.847, 309.976],
  ["B4", 332.847, 204.376],
  ["C1", 32.847, 111.876],
  ["C2", 32.847, 11.796],
  ["C3", 32.847, 339.666],
  ["C4", 32.847, 241.556],
  ["D1", 92.847, 135.226],
  ["D2", 92.847, 265.446],
  ["D3", 92.847, 35.156],
  ["D4", 92.847, 167.356],
  ["E1", 152.847, 197.046],
  ["E2", 152.847, 302.596],
  ["E3", 152.847, 66.066],
  ["E4", 152.847, 333.686],
  ["F1", 212.847, 238.886],
  ["F2", 212.847, 345.226],
  ["F3", 212.847, 105.206],
  ["F4", 212.847, 135.346],
];
const GPS_EPOCH_GREENWICH_HOUR_ANGLE_DEG = (18 + 36 / 60 + 14.4 / 3600) * 15;
const GPS_SEMI_MAJOR_AXIS_M = 26_559_700;

function gpsSlots(): SlotElements[] {
  const random = createRandom(0x6795);
  const slots = GPS_BASELINE_SLOTS.map(([name, raanDeg, uDeg]) => ({ plane: name[0] ?? "", raanDeg, uDeg }));
  // Beyond the 24 baseline slots: one more satellite per plane, in the middle of the plane's widest gap
  // (an approximation of today's ~31-satellite constellation, not the published expandable-slot positions).
  for (const plane of ["A", "B", "C", "D", "E", "F"]) {
    const inPlane = slots
      .filter((s) => s.plane === plane)
      .map((s) => s.uDeg)
      .sort((a, b) => a - b);
    let widest = { start: 0, size: -1 };
    inPlane.forEach((u, i) => {
      const next = inPlane[(i + 1) % inPlane.length] ?? u;
      const size = (next - u + 360) % 360;
      if (size > widest.size) widest = { start: u, size };
    });
    const raanDeg = slots.find((s) => s.plane === plane)?.raanDeg ?? 0;
    slots.push({ plane, raanDeg, uDeg: (widest.start + widest.size / 2) % 360 });
  }
  // 30 satellites on PRNs 1..32: two PRNs stay unused, as in real almanacs.
  const prns = Array.from({ length: 32 }, (_, i) => i + 1);
  for (let i = prns.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [prns[i], prns[j]] = [prns[j] ?? 0, prns[i] ?? 0];
  }
  return slots.map((slot, index) => ({
    svid: prns[index] ?? index + 1,
    semiMajorAxisM: GPS_SEMI_MAJOR_AXIS_M,
    inclinationDeg: 55 + Math.max(-1.5, Math.min(1.5, normal(random, 0, 0.7))),
    nodeLongitudeDeg: slot.raanDeg - GPS_EPOCH_GREENWICH_HOUR_ANGLE_DEG,
    argumentOfLatitudeDeg: slot.uDeg,
    ...realism(random),
  }));
}

/** A Walker-type constellation: planes 360/planes apart, slots evenly spaced, phase step between planes. */
function walkerSlots(options: {
  svids: number[];
  planes: number;
  slotsPerPlane: number;
  semiMajorAxisM: number;
  inclinationDeg: number;
  interPlanePhaseDeg: number;
  firstNodeLongitudeDeg: number;
  seed: number;
  /** GLONASS numbers its slots against the direction of motion */
  slotsRetrograde?: boolean;
}): SlotElements[] {
  const random = createRandom(options.seed);
  const slots: SlotElements[] = [];
  options.svids.forEach((svid, index) => {
    const primaries = options.planes * options.slotsPerPlane;
    // Satellites past planes × slotsPerPlane are spares, one per plane in turn, halfway between two slots.
    const spareIndex = index - primaries;
    const plane = spareIndex < 0 ? Math.floor(index / options.slotsPerPlane) : spareIndex % options.planes;
    const slotInPlane = spareIndex < 0 ? index % options.slotsPerPlane : (3 * spareIndex) % options.slotsPerPlane;
    const spare = spareIndex < 0 ? 0 : 0.5;
    const spacing = 360 / options.slotsPerPlane;
    const direction = options.slotsRetrograde ? -1 : 1;
    slots.push({
      svid,
      semiMajorAxisM: options.semiMajorAxisM,
      inclinationDeg: options.inclinationDeg + normal(random, 0, 0.2),
      nodeLongitudeDeg: options.firstNodeLongitudeDeg + (360 / options.planes) * plane,
      argumentOfLatitudeDeg: direction * (slotInPlane + spare) * spacing + plane * options.interPlanePhaseDeg,
      ...realism(random),
      eccentricity: uniform(random, 0.0002, 0.003),
    });
  });
  return slots;
}

export interface NominalAlmanac {
  constellation: Constellation;
  records: AlmanacRecord[];
  /** `#` header lines (without the `# `): what the file is and how it was made */
  header: string[];
}

const REGENERATE = "Regenerate: UPDATE_ALMANACS=1 npx vitest run test/sim/sky-bundled.test.ts";

function header(constellation: Constellation, title: string, lines: string[]): string[] {
  return [
    `gnsskit bundled almanac: ${title}`,
    `constellation: ${constellation}`,
    "Format: YUMA (angles in rad, times in s, GPS week as its 10-bit number; toa and week are GPS time).",
    `Made by src/sim/sky/nominal.ts from published nominal constellation parameters: a realistic sky,`,
    `not a broadcast almanac and not the real sky of any date. Epoch: GPS week ${NOMINAL_WEEK}, toa ${NOMINAL_TOA_S} s.`,
    ...lines,
    REGENERATE,
  ];
}

function gpsAlmanac(): NominalAlmanac {
  const records = gpsSlots().map((slot) => toRecord("gps", slot));
  return {
    constellation: "gps",
    records,
    header: header("gps", "GPS, nominal 24-slot constellation plus 6", [
      "Planes A-F, RAAN 60 deg apart, inclination 55 deg, a = 26,559.7 km (period 11 h 58 min, half a sidereal day).",
      "Slots: the 24 baseline slots of the GPS SPS Performance Standard (RAAN and argument of latitude at its defined",
      "epoch 1993-07-01, Greenwich hour angle 18h36m14.4s), placed Earth-fixed at this almanac's toa; plus one",
      "satellite per plane in the middle of its widest gap. Eccentricity 0.0005-0.012, perigee, inclination",
      "(55 +/- 1.5 deg), clock terms and PRN assignment drawn from a seeded generator; node rate from J2.",
    ]),
  };
}

function glonassAlmanac(): NominalAlmanac {
  const period = 11 * 3600 + 15 * 60 + 44;
  const slots = walkerSlots({
    svids: Array.from({ length: 24 }, (_, i) => i + 1),
    planes: 3,
    slotsPerPlane: 8,
    semiMajorAxisM: semiMajorAxisForPeriodM(period),
    inclinationDeg: 64.8,
    interPlanePhaseDeg: 15,
    firstNodeLongitudeDeg: 25,
    seed: 0x61,
    slotsRetrograde: true,
  });
  return {
    constellation: "glonass",
    records: slots.map((slot) => toRecord("glonass", slot)),
    header: header("glonass", "GLONASS, nominal 24-slot constellation", [
      "3 planes 120 deg apart (slots 1-8, 9-16, 17-24), 8 slots 45 deg apart numbered against the motion,",
      "15 deg phase step between planes, inclination 64.8 deg, period 11 h 15 min 44 s (a = 25,508 km,",
      "altitude ~19,100 km). svid = orbital slot. GLONASS broadcasts PZ-90 elements in its own time scale; this",
      "Keplerian approximation on GPS time gives the right geometry, not GLONASS's broadcast orbits.",
    ]),
  };
}

function galileoAlmanac(): NominalAlmanac {
  const svids = [1, 2, 3, 4, 5, 7, 8, 9, 10, 11, 12, 13, 15, 19, 21, 23, 24, 25, 26, 27, 29, 30, 31, 33, 34, 36, 6];
  const slots = walkerSlots({
    svids,
    planes: 3,
    slotsPerPlane: 8,
    semiMajorAxisM: 29_600_318,
    inclinationDeg: 56,
    interPlanePhaseDeg: 15,
    firstNodeLongitudeDeg: -40,
    seed: 0x6a1,
  });
  return {
    constellation: "galileo",
    records: slots.map((slot) => toRecord("galileo", slot)),
    header: header("galileo", "Galileo, nominal Walker 24/3/1 constellation plus 3 spares", [
      "3 planes 120 deg apart, 8 slots 45 deg apart, 15 deg phase step between planes, inclination 56 deg,",
      "a = 29,600.318 km (altitude 23,222 km, period 14 h 05 min); 3 in-plane spares halfway between slots.",
      "E-numbers assigned in order from a list of E-numbers in use; not the real slot assignment.",
      "Keplerian approximation on GPS time (Galileo's own time scale and broadcast model are not modelled).",
    ]),
  };
}

function beidouAlmanac(): NominalAlmanac {
  const svids = [19, 20, 21, 22, 23, 24, 25, 26, 27, 28, 29, 30, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46];
  const slots = walkerSlots({
    svids,
    planes: 3,
    slotsPerPlane: 8,
    semiMajorAxisM: 27_906_137,
    inclinationDeg: 55,
    interPlanePhaseDeg: 15,
    firstNodeLongitudeDeg: 70,
    seed: 0xbd5,
  });
  return {
    constellation: "beidou",
    records: slots.map((slot) => toRecord("beidou", slot)),
    header: header("beidou", "BeiDou-3 MEO, nominal Walker 24/3/1 constellation", [
      "MEO satellites only (no GEO or IGSO): 3 planes 120 deg apart, 8 slots 45 deg apart, 15 deg phase step,",
      "inclination 55 deg, a = 27,906 km (altitude 21,528 km, period 12 h 53 min). svids: the BDS-3 MEO PRN",
      "ranges (19-30, 32-37, 41-46) assigned in order, not the real slot assignment. Keplerian, on GPS time.",
    ]),
  };
}

function qzssAlmanac(): NominalAlmanac {
  // Quasi-zenith orbits: geosynchronous, e 0.075, i 41 deg, perigee 270 deg so the apogee is over the north;
  // the apogee is placed over 139 E (there the argument of latitude is 90 deg and the longitude is Ωk + 90 deg).
  // Three satellites follow the same ground track 8 h apart: node +120 deg and mean anomaly −120 deg each.
  const qzo = [2, 3, 4].map((svid, j) => {
    const e = 0.075;
    const meanAnomaly = (180 - 120 * j) * DEG;
    const eccentricAnomaly = solveKepler(meanAnomaly, e);
    const trueAnomaly = Math.atan2(Math.sqrt(1 - e * e) * Math.sin(eccentricAnomaly), Math.cos(eccentricAnomaly) - e);
    return {
      svid,
      semiMajorAxisM: GEOSYNCHRONOUS_A_M,
      eccentricity: e,
      inclinationDeg: 41,
      nodeLongitudeDeg: 139 - 90 + 120 * j,
      argumentOfPerigeeDeg: 270,
      argumentOfLatitudeDeg: 270 + trueAnomaly / DEG,
      rightAscensionRateRadPerS: 0,
    };
  });
  const geo: SlotElements = {
    svid: 7,
    semiMajorAxisM: GEOSYNCHRONOUS_A_M,
    eccentricity: 0,
    inclinationDeg: 0,
    nodeLongitudeDeg: 127,
    argumentOfPerigeeDeg: 0,
    argumentOfLatitudeDeg: 0,
    rightAscensionRateRadPerS: 0,
  };
  return {
    constellation: "qzss",
    records: [...qzo, geo].map((slot) => toRecord("qzss", slot)),
    header: header("qzss", "QZSS, three quasi-zenith orbits and one GEO", [
      "QZO (svid 2, 3, 4 = PRN 194, 195, 196): geosynchronous (a = 42,164 km), e = 0.075, i = 41 deg, perigee",
      "270 deg, one figure-8 ground track centred near 139 E, satellites 8 h apart. GEO (svid 7 = PRN 199) at",
      "127 E. The file numbers satellites by PRN (193 + svid - 1), as QZSS's own almanacs do. Keplerian, no",
      "station keeping or perturbations.",
    ]),
  };
}

function solveKepler(meanAnomaly: number, e: number): number {
  let ecc = meanAnomaly;
  for (let i = 0; i < 50; i++) ecc -= (ecc - e * Math.sin(ecc) - meanAnomaly) / (1 - e * Math.cos(ecc));
  return ecc;
}

/** SBAS geostationary slots: PRN and longitude (deg, east positive), approximate published positions. */
const SBAS_GEOS: Array<[prn: number, longitudeDeg: number, name: string]> = [
  [121, -5, "EGNOS, Eutelsat 5 West B"],
  [123, 31.5, "EGNOS, Astra 5B"],
  [136, 5, "EGNOS, SES-5"],
  [131, -117, "WAAS, Eutelsat 117 West B"],
  [133, -98, "WAAS, Inmarsat 4-F3"],
  [135, -125, "WAAS, Galaxy 30"],
  [127, 55, "GAGAN, GSAT-8"],
  [128, 83, "GAGAN, GSAT-10"],
  [132, 93.5, "GAGAN, GSAT-15"],
  [137, 127, "MSAS, QZS-3"],
  [134, 91.5, "KASS, MEASAT-3D"],
  [122, 143.5, "SouthPAN, Inmarsat 4-F1"],
];

function sbasAlmanac(): NominalAlmanac {
  const slots: SlotElements[] = SBAS_GEOS.map(([prn, longitudeDeg]) => ({
    svid: prn,
    semiMajorAxisM: GEOSYNCHRONOUS_A_M,
    eccentricity: 0,
    inclinationDeg: 0,
    nodeLongitudeDeg: longitudeDeg,
    argumentOfPerigeeDeg: 0,
    argumentOfLatitudeDeg: 0,
    rightAscensionRateRadPerS: 0,
  }));
  return {
    constellation: "sbas",
    records: slots.map((slot) => toRecord("sbas", slot)),
    header: header("sbas", "SBAS geostationary satellites", [
      "Ideal geostationary orbits (a = 42,164 km, e = 0, i = 0) at approximate published longitudes; PRN/slot:",
      ...SBAS_GEOS.map(([prn, lon, name]) => `  PRN ${prn} at ${Math.abs(lon)} ${lon < 0 ? "W" : "E"}: ${name}`),
      "Assignments change over the years; this is a plausible set, not an authoritative list. SBAS broadcasts",
      "GEO positions in its own message format; here each is a Keplerian almanac record.",
    ]),
  };
}

/** The nominal almanacs of the bundled sky, one per constellation. */
export function nominalAlmanacs(): NominalAlmanac[] {
  const almanacs = [gpsAlmanac(), sbasAlmanac(), galileoAlmanac(), beidouAlmanac(), qzssAlmanac(), glonassAlmanac()];
  // Sorted by satellite number, as published almanac files are.
  return almanacs.map((almanac) => ({ ...almanac, records: [...almanac.records].sort((a, b) => a.svid - b.svid) }));
}

/** The text of a bundled almanac file. */
export function nominalAlmanacText(almanac: NominalAlmanac): string {
  return formatYumaAlmanac(almanac.records, almanac.header);
}
