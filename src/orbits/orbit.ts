// Satellite positions from almanac elements, exactly as domain.md §6.3 (IS-GPS-200 Table 20-IV, almanac subset:
// no Δn, no harmonic corrections), and look angles from a WGS-84 observer.

import type { AlmanacRecord } from "./almanac.js";
import { GPS_EPOCH_MS } from "../gps-time.js";

/** WGS-84 gravitational constant used by GPS (IS-GPS-200), m³/s² */
export const GPS_MU_M3_PER_S2 = 3.986005e14;
/** WGS-84 Earth rotation rate, rad/s */
export const EARTH_ROTATION_RAD_PER_S = 7.2921151467e-5;
/** π as IS-GPS-200 specifies it */
export const GPS_PI = 3.1415926535898;
export const WGS84_A_M = 6_378_137;
export const WGS84_F = 1 / 298.257223563;
const WGS84_E2 = WGS84_F * (2 - WGS84_F);

export const SECONDS_PER_WEEK = 604_800;
/** Weeks in one 10-bit rollover era */
const ROLLOVER_WEEKS = 1024;

export type Vector3 = [number, number, number];

/** GPS time in seconds since the GPS epoch (1980-01-06) for a UTC time; `leapSeconds` = GPS − UTC. */
export function gpsSecondsFromUtcMs(utcMs: number, leapSeconds: number): number {
  return (utcMs - GPS_EPOCH_MS) / 1000 + leapSeconds;
}

/** UTC ms since 1970 for GPS seconds since the GPS epoch. */
export function utcMsFromGpsSeconds(gpsSeconds: number, leapSeconds: number): number {
  return GPS_EPOCH_MS + (gpsSeconds - leapSeconds) * 1000;
}

export function semiMajorAxisM(record: AlmanacRecord): number {
  return record.sqrtSemiMajorAxisSqrtM ** 2;
}

/** Mean motion n = √(μ/A³), rad/s */
export function meanMotionRadPerS(record: AlmanacRecord): number {
  return Math.sqrt(GPS_MU_M3_PER_S2 / semiMajorAxisM(record) ** 3);
}

export function orbitalPeriodS(record: AlmanacRecord): number {
  return (2 * GPS_PI) / meanMotionRadPerS(record);
}

/** Solves Kepler's equation E = M + e·sin E by Newton's method to 1e-12 rad. */
export function eccentricAnomalyRad(meanAnomalyRad: number, eccentricity: number): number {
  let e = eccentricity < 0.8 ? meanAnomalyRad : GPS_PI;
  for (let i = 0; i < 50; i++) {
    const step = (e - eccentricity * Math.sin(e) - meanAnomalyRad) / (1 - eccentricity * Math.cos(e));
    e -= step;
    if (Math.abs(step) < 1e-12) break;
  }
  return e;
}

/**
 * Time from the almanac's time of applicability, tk = t − toa, in seconds. The record's week is full, so tk is
 * the true difference (an almanac weeks old still lands right); only whole 1024-week eras are folded away, so
 * a 10-bit week resolved in the wrong era still works.
 */
export function timeFromApplicabilityS(record: AlmanacRecord, gpsSeconds: number): number {
  let tk = gpsSeconds - (record.week * SECONDS_PER_WEEK + record.toaS);
  const era = ROLLOVER_WEEKS * SECONDS_PER_WEEK;
  tk -= Math.round(tk / era) * era;
  return tk;
}

export interface OrbitState {
  /** ECEF position, m */
  ecefM: Vector3;
  eccentricAnomalyRad: number;
  radiusM: number;
  /** Argument of latitude Φk */
  argumentOfLatitudeRad: number;
  /** Ωk, corrected for Earth rotation */
  ascendingNodeRad: number;
}

/** Satellite state at tk seconds from the time of applicability (§6.3 steps 1 and 3–8). */
export function orbitStateAtTk(record: AlmanacRecord, tk: number): OrbitState {
  return orbitStateOf(record, semiMajorAxisM(record), meanMotionRadPerS(record), tk);
}

/** orbitStateAtTk with the record's semi-major axis A (m) and mean motion n (rad/s) already worked out. */
function orbitStateOf(record: AlmanacRecord, a: number, n: number, tk: number): OrbitState {
  const e = record.eccentricity;
  const mk = record.meanAnomalyRad + n * tk;
  const ek = eccentricAnomalyRad(mk, e);
  const nuk = Math.atan2(Math.sqrt(1 - e * e) * Math.sin(ek), Math.cos(ek) - e);
  const phik = nuk + record.argumentOfPerigeeRad;
  const rk = a * (1 - e * Math.cos(ek));
  const ik = record.inclinationRad;
  const xp = rk * Math.cos(phik);
  const yp = rk * Math.sin(phik);
  const omegak = record.rightAscensionAtWeekRad + (record.rightAscensionRateRadPerS - EARTH_ROTATION_RAD_PER_S) * tk - EARTH_ROTATION_RAD_PER_S * record.toaS;
  const cosO = Math.cos(omegak);
  const sinO = Math.sin(omegak);
  const cosI = Math.cos(ik);
  return {
    ecefM: [xp * cosO - yp * cosI * sinO, xp * sinO + yp * cosI * cosO, yp * Math.sin(ik)],
    eccentricAnomalyRad: ek,
    radiusM: rk,
    argumentOfLatitudeRad: phik,
    ascendingNodeRad: omegak,
  };
}

/** ECEF position (m) of the satellite at a GPS time (seconds since the GPS epoch). */
export function satelliteEcefM(record: AlmanacRecord, gpsSeconds: number): Vector3 {
  return orbitStateAtTk(record, timeFromApplicabilityS(record, gpsSeconds)).ecefM;
}

/**
 * An almanac record with what its positions need worked out once (A, n: a power and a root each), for a sky
 * asked for every satellite every second. Its positions are satelliteEcefM's to the bit.
 */
export interface PreparedRecord {
  readonly record: AlmanacRecord;
  readonly semiMajorAxisM: number;
  readonly meanMotionRadPerS: number;
}

export function prepareRecord(record: AlmanacRecord): PreparedRecord {
  return { record, semiMajorAxisM: semiMajorAxisM(record), meanMotionRadPerS: meanMotionRadPerS(record) };
}

/** satelliteEcefM of a prepared record. */
export function preparedEcefM(prepared: PreparedRecord, gpsSeconds: number): Vector3 {
  const record = prepared.record;
  return orbitStateOf(record, prepared.semiMajorAxisM, prepared.meanMotionRadPerS, timeFromApplicabilityS(record, gpsSeconds)).ecefM;
}

/** WGS-84 geodetic → ECEF (m). */
export function geodeticToEcefM(latitudeDeg: number, longitudeDeg: number, altitudeHaeM: number): Vector3 {
  const phi = (latitudeDeg * Math.PI) / 180;
  const lambda = (longitudeDeg * Math.PI) / 180;
  const sinPhi = Math.sin(phi);
  const n = WGS84_A_M / Math.sqrt(1 - WGS84_E2 * sinPhi * sinPhi);
  return [
    (n + altitudeHaeM) * Math.cos(phi) * Math.cos(lambda),
    (n + altitudeHaeM) * Math.cos(phi) * Math.sin(lambda),
    (n * (1 - WGS84_E2) + altitudeHaeM) * sinPhi,
  ];
}

/** ECEF → WGS-84 geodetic (Bowring's iteration; sub-millimetre for orbits and the ground). */
export function ecefToGeodetic(ecefM: Vector3): { latitudeDeg: number; longitudeDeg: number; altitudeHaeM: number } {
  const [x, y, z] = ecefM;
  const p = Math.hypot(x, y);
  const longitude = Math.atan2(y, x);
  let latitude = Math.atan2(z, p * (1 - WGS84_E2));
  let altitude = 0;
  for (let i = 0; i < 10; i++) {
    const sinLat = Math.sin(latitude);
    const n = WGS84_A_M / Math.sqrt(1 - WGS84_E2 * sinLat * sinLat);
    altitude = p / Math.cos(latitude) - n;
    const next = Math.atan2(z, p * (1 - (WGS84_E2 * n) / (n + altitude)));
    const done = Math.abs(next - latitude) < 1e-13;
    latitude = next;
    if (done) break;
  }
  return { latitudeDeg: (latitude * 180) / Math.PI, longitudeDeg: (longitude * 180) / Math.PI, altitudeHaeM: altitude };
}

/** An observer's place and the sines and cosines of its latitude and longitude: what each look from it needs. */
export interface LocalFrame {
  readonly observerEcefM: Vector3;
  readonly sinPhi: number;
  readonly cosPhi: number;
  readonly sinLambda: number;
  readonly cosLambda: number;
}

export function localFrame(observerEcefM: Vector3, latitudeDeg: number, longitudeDeg: number): LocalFrame {
  const phi = (latitudeDeg * Math.PI) / 180;
  const lambda = (longitudeDeg * Math.PI) / 180;
  return { observerEcefM, sinPhi: Math.sin(phi), cosPhi: Math.cos(phi), sinLambda: Math.sin(lambda), cosLambda: Math.cos(lambda) };
}

/** An ECEF vector (a velocity, a baseline) in east, north, up at a geodetic place. */
export function ecefVectorToEnu(vector: Vector3, latitudeDeg: number, longitudeDeg: number): Vector3 {
  return enuInFrame(vector, localFrame([0, 0, 0], latitudeDeg, longitudeDeg));
}

/** The vector from the observer to a point, in the observer's local east/north/up frame (m). */
function enuInFrame(targetEcefM: Vector3, frame: LocalFrame): Vector3 {
  const { observerEcefM, sinPhi, cosPhi, sinLambda, cosLambda } = frame;
  const dx = targetEcefM[0] - observerEcefM[0];
  const dy = targetEcefM[1] - observerEcefM[1];
  const dz = targetEcefM[2] - observerEcefM[2];
  return [
    -sinLambda * dx + cosLambda * dy,
    -sinPhi * cosLambda * dx - sinPhi * sinLambda * dy + cosPhi * dz,
    cosPhi * cosLambda * dx + cosPhi * sinLambda * dy + sinPhi * dz,
  ];
}

export interface LookAngles {
  elevationDeg: number;
  /** 0..360, clockwise from true north */
  azimuthDeg: number;
  rangeM: number;
  /** Unit line of sight, east/north/up */
  losEnu: Vector3;
}

/** Elevation, azimuth and range of an ECEF point seen from a geodetic observer. */
export function lookAngles(
  targetEcefM: Vector3,
  observer: { latitudeDeg: number; longitudeDeg: number; altitudeHaeM: number },
  observerEcefM: Vector3 = geodeticToEcefM(observer.latitudeDeg, observer.longitudeDeg, observer.altitudeHaeM),
): LookAngles {
  return lookAnglesInFrame(targetEcefM, localFrame(observerEcefM, observer.latitudeDeg, observer.longitudeDeg));
}

/** lookAngles from an observer's local frame (one frame for every satellite of a sky). */
export function lookAnglesInFrame(targetEcefM: Vector3, frame: LocalFrame): LookAngles {
  const [e, n, u] = enuInFrame(targetEcefM, frame);
  const rangeM = Math.hypot(e, n, u);
  const azimuth = (Math.atan2(e, n) * 180) / Math.PI;
  return {
    elevationDeg: (Math.atan2(u, Math.hypot(e, n)) * 180) / Math.PI,
    azimuthDeg: (azimuth + 360) % 360,
    rangeM,
    losEnu: [e / rangeM, n / rangeM, u / rangeM],
  };
}
