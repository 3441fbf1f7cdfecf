// Where the simulated antenna is: static, along a recorded track (GPX / GeoJSON), or a generated drive.
// A route is a pure function of the time since the simulation started.

import { createRandom } from "../random.js";
import { distanceM, EARTH_MEAN_RADIUS_M } from "../../geodesy.js";

export interface RoutePoint {
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeHaeM: number;
  speedMps: number;
  /** Course over ground; undefined when standing still. */
  courseDeg?: number;
}

export interface Route {
  /** e.g. `static`, `drive`, `track.gpx` */
  readonly name: string;
  at(elapsedMs: number): RoutePoint;
}

export interface TrackPoint {
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeHaeM?: number;
  /** ms since 1970, when the track carries times */
  timeMs?: number;
}

const toRad = (deg: number): number => (deg * Math.PI) / 180;
const toDeg = (rad: number): number => (rad * 180) / Math.PI;

export function bearingDeg(a: TrackPoint, b: TrackPoint): number {
  const φ1 = toRad(a.latitudeDeg);
  const φ2 = toRad(b.latitudeDeg);
  const Δλ = toRad(b.longitudeDeg - a.longitudeDeg);
  const y = Math.sin(Δλ) * Math.cos(φ2);
  const x = Math.cos(φ1) * Math.sin(φ2) - Math.sin(φ1) * Math.cos(φ2) * Math.cos(Δλ);
  return (toDeg(Math.atan2(y, x)) + 360) % 360;
}

/** The point `distance` metres from `from` along `bearing` (spherical earth: fine for routes). */
export function destination(from: TrackPoint, bearing: number, distance: number): { latitudeDeg: number; longitudeDeg: number } {
  const δ = distance / EARTH_MEAN_RADIUS_M;
  const θ = toRad(bearing);
  const φ1 = toRad(from.latitudeDeg);
  const λ1 = toRad(from.longitudeDeg);
  const φ2 = Math.asin(Math.sin(φ1) * Math.cos(δ) + Math.cos(φ1) * Math.sin(δ) * Math.cos(θ));
  const λ2 = λ1 + Math.atan2(Math.sin(θ) * Math.sin(δ) * Math.cos(φ1), Math.cos(δ) - Math.sin(φ1) * Math.sin(φ2));
  return { latitudeDeg: toDeg(φ2), longitudeDeg: ((toDeg(λ2) + 540) % 360) - 180 };
}

export function staticRoute(latitudeDeg: number, longitudeDeg: number, altitudeHaeM: number): Route {
  const point: RoutePoint = { latitudeDeg, longitudeDeg, altitudeHaeM, speedMps: 0 };
  return { name: "static", at: () => point };
}

interface Leg {
  startMs: number;
  endMs: number;
  from: TrackPoint & { altitudeHaeM: number };
  bearing: number;
  speedMps: number;
}

function pointOnLeg(leg: Leg, elapsedMs: number): RoutePoint {
  const seconds = Math.max(0, Math.min(elapsedMs, leg.endMs) - leg.startMs) / 1000;
  const p = destination(leg.from, leg.bearing, leg.speedMps * seconds);
  const moving = leg.speedMps > 0 && elapsedMs < leg.endMs;
  return {
    ...p,
    altitudeHaeM: leg.from.altitudeHaeM,
    speedMps: moving ? leg.speedMps : 0,
    ...(moving ? { courseDeg: leg.bearing } : {}),
  };
}

function findLeg(legs: Leg[], elapsedMs: number): Leg | undefined {
  let lo = 0;
  let hi = legs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const leg = legs[mid]!;
    if (elapsedMs < leg.startMs) hi = mid - 1;
    else if (elapsedMs >= leg.endMs) lo = mid + 1;
    else return leg;
  }
  return undefined;
}

/**
 * A generated drive from an origin: straight streets of 150–700 m at 8–17 m/s, turns of 40–110°,
 * and a 5–25 s stop (a traffic light) after about one street in four. Deterministic for a seed.
 */
export function driveRoute(origin: { latitudeDeg: number; longitudeDeg: number; altitudeHaeM: number }, seed: number): Route {
  const random = createRandom(seed ^ 0x5eed_d21e);
  const legs: Leg[] = [];
  let here = { ...origin };
  let bearing = random() * 360;
  let t = 0;
  const extend = (untilMs: number): void => {
    while (t <= untilMs) {
      const speedMps = 8 + random() * 9;
      const lengthM = 150 + random() * 550;
      const durationMs = Math.round((lengthM / speedMps) * 1000);
      const leg: Leg = { startMs: t, endMs: t + durationMs, from: here, bearing, speedMps };
      legs.push(leg);
      here = { ...destination(here, bearing, lengthM), altitudeHaeM: here.altitudeHaeM };
      t += durationMs;
      if (random() < 0.25) {
        const stopMs = Math.round(5000 + random() * 20000);
        legs.push({ startMs: t, endMs: t + stopMs, from: here, bearing, speedMps: 0 });
        t += stopMs;
      }
      bearing = (bearing + (random() < 0.5 ? -1 : 1) * (40 + random() * 70) + 360) % 360;
    }
  };
  return {
    name: "drive",
    at(elapsedMs) {
      const e = Math.max(0, elapsedMs);
      extend(e);
      return pointOnLeg(findLeg(legs, e)!, e);
    },
  };
}

/**
 * Follows a recorded track: by its own times when every point has one, else at `speedMps`.
 * After the last point the antenna stays there.
 */
export function trackRoute(name: string, points: TrackPoint[], options: { speedMps?: number; altitudeHaeM?: number } = {}): Route {
  if (points.length === 0) throw new TypeError(`route ${name}: no track points`);
  const defaultAlt = options.altitudeHaeM ?? 0;
  const timed = points.length > 1 && points.every((p) => p.timeMs !== undefined);
  const speed = options.speedMps ?? 13.9;
  const legs: Leg[] = [];
  let t = 0;
  for (let i = 0; i + 1 < points.length; i++) {
    const a = points[i]!;
    const b = points[i + 1]!;
    const lengthM = distanceM(a, b);
    const durationMs = timed ? Math.max(0, b.timeMs! - a.timeMs!) : Math.round((lengthM / speed) * 1000);
    if (durationMs <= 0) continue;
    legs.push({
      startMs: t,
      endMs: t + durationMs,
      from: { ...a, altitudeHaeM: a.altitudeHaeM ?? defaultAlt },
      bearing: bearingDeg(a, b),
      speedMps: lengthM / (durationMs / 1000),
    });
    t += durationMs;
  }
  const last = points[points.length - 1]!;
  const end: RoutePoint = {
    latitudeDeg: last.latitudeDeg,
    longitudeDeg: last.longitudeDeg,
    altitudeHaeM: last.altitudeHaeM ?? defaultAlt,
    speedMps: 0,
  };
  return {
    name,
    at(elapsedMs) {
      const leg = findLeg(legs, Math.max(0, elapsedMs));
      return leg === undefined ? end : pointOnLeg(leg, elapsedMs);
    },
  };
}

function attribute(tag: string, name: string): string | undefined {
  return new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`).exec(tag)?.[1];
}

/** Track points (`trkpt`, else `rtept`) of a GPX file, with `ele` and `time` when present. */
export function parseGpx(text: string): TrackPoint[] {
  const points: TrackPoint[] = [];
  for (const kind of ["trkpt", "rtept"]) {
    const re = new RegExp(`<${kind}\\b([^>]*?)(?:/>|>([\\s\\S]*?)</${kind}>)`, "g");
    for (const m of text.matchAll(re)) {
      const lat = Number(attribute(m[1] ?? "", "lat"));
      const lon = Number(attribute(m[1] ?? "", "lon"));
      if (!Number.isFinite(lat) || !Number.isFinite(lon)) continue;
      const body = m[2] ?? "";
      const ele = /<ele>\s*([^<]+?)\s*<\/ele>/.exec(body)?.[1];
      const time = /<time>\s*([^<]+?)\s*<\/time>/.exec(body)?.[1];
      const timeMs = time === undefined ? NaN : Date.parse(time);
      points.push({
        latitudeDeg: lat,
        longitudeDeg: lon,
        ...(ele !== undefined && Number.isFinite(Number(ele)) ? { altitudeHaeM: Number(ele) } : {}),
        ...(Number.isFinite(timeMs) ? { timeMs } : {}),
      });
    }
    if (points.length > 0) break;
  }
  return points;
}

/** Points of the first LineString / MultiLineString in a GeoJSON geometry, Feature or FeatureCollection. */
export function parseGeoJson(text: string): TrackPoint[] {
  const root: unknown = JSON.parse(text);
  const lines: unknown[][] = [];
  const visit = (node: unknown): void => {
    if (node === null || typeof node !== "object") return;
    const o = node as { type?: unknown; coordinates?: unknown; geometry?: unknown; features?: unknown; properties?: unknown };
    if (o.type === "FeatureCollection" && Array.isArray(o.features)) o.features.forEach(visit);
    else if (o.type === "Feature") visit(o.geometry);
    else if (o.type === "LineString" && Array.isArray(o.coordinates)) lines.push(o.coordinates);
    else if (o.type === "MultiLineString" && Array.isArray(o.coordinates)) {
      for (const l of o.coordinates) if (Array.isArray(l)) lines.push(l);
    }
  };
  visit(root);
  const points: TrackPoint[] = [];
  for (const c of lines[0] ?? []) {
    if (!Array.isArray(c)) continue;
    const [lon, lat, alt] = c as unknown[];
    if (typeof lon !== "number" || typeof lat !== "number") continue;
    points.push({ latitudeDeg: lat, longitudeDeg: lon, ...(typeof alt === "number" ? { altitudeHaeM: alt } : {}) });
  }
  return points;
}
