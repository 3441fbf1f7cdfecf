// Accuracy against the truth: where the antenna really was (a surveyed point, or a track with times), against
// each fix the receiver gave. Horizontal error in local east/north metres around the truth (WGS-84 radii),
// vertical error as the difference of the heights above mean sea level; CEP50/95 of the true error, and the
// receiver's own 95 % radius (ephM) against it: is its HDOP or hAcc honest?

import { altitudeMeasured } from "../export-format.js";
import { isoUtc } from "../../iso-time.js";
import type { Epoch } from "../../types.js";
import { createMeanSeries, createReservoir, type MeanSeries, type TimeGrid } from "./series.js";
import { localFrame, toLocal } from "./local-frame.js";

export interface TruthPoint {
  latitudeDeg: number;
  longitudeDeg: number;
  /** Metres above mean sea level, as GGA's altitude (and a GPX track's <ele>, as gnsskit writes it) */
  altitudeMslM?: number;
}

/** Where the antenna really was: one point all along, or a track whose points have times (UTC ms). */
export type Truth = ({ kind: "point" } & TruthPoint) | { kind: "track"; points: (TruthPoint & { timeMs: number })[] };

/** `LAT,LON[,ALT]` (degrees, metres MSL) as a truth point; undefined when it is not that. */
export function parseTruthPoint(text: string): Truth | undefined {
  const parts = text.split(",").map((p) => p.trim());
  if (parts.length < 2 || parts.length > 3 || parts.some((p) => p === "")) return undefined;
  const [lat, lon, alt] = parts.map(Number);
  if (!Number.isFinite(lat) || !Number.isFinite(lon) || Math.abs(lat!) > 90 || Math.abs(lon!) > 180) return undefined;
  if (alt !== undefined && !Number.isFinite(alt)) return undefined;
  return { kind: "point", latitudeDeg: lat!, longitudeDeg: lon!, ...(alt === undefined ? {} : { altitudeMslM: alt }) };
}

/** The truth at a UTC time: the point, or the track interpolated between its points (none outside its span). */
export function truthAt(truth: Truth, timeMs: number | undefined): TruthPoint | undefined {
  if (truth.kind === "point") return truth;
  const points = truth.points;
  if (timeMs === undefined || points.length === 0) return undefined;
  let lo = 0;
  let hi = points.length - 1;
  if (timeMs < points[lo]!.timeMs || timeMs > points[hi]!.timeMs) return undefined;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid]!.timeMs <= timeMs) lo = mid;
    else hi = mid;
  }
  const a = points[lo]!;
  const b = points[hi]!;
  const f = b.timeMs === a.timeMs ? 0 : (timeMs - a.timeMs) / (b.timeMs - a.timeMs);
  if (f === 0 || f === 1) {
    const p = f === 0 ? a : b;
    return { latitudeDeg: p.latitudeDeg, longitudeDeg: p.longitudeDeg, ...(p.altitudeMslM === undefined ? {} : { altitudeMslM: p.altitudeMslM }) };
  }
  const mix = (x: number, y: number): number => x + (y - x) * f;
  return {
    latitudeDeg: mix(a.latitudeDeg, b.latitudeDeg),
    longitudeDeg: mix(a.longitudeDeg, b.longitudeDeg),
    ...(a.altitudeMslM !== undefined && b.altitudeMslM !== undefined ? { altitudeMslM: mix(a.altitudeMslM, b.altitudeMslM) } : {}),
  };
}

/** One fix against the truth. */
export interface TruthError {
  eastM: number;
  northM: number;
  horizontalM: number;
  /** Reported minus true height (MSL); undefined without both heights (a 2D fix gives none) */
  upM?: number;
  /** The receiver's own 95 % horizontal radius for this fix */
  claimedM?: number;
}

/** A fix's error against the truth at its time, or undefined where the truth does not cover it. */
export function truthError(truth: Truth, epoch: Epoch): TruthError | undefined {
  if (epoch.latitudeDeg === undefined || epoch.longitudeDeg === undefined) return undefined;
  const at = truthAt(truth, epoch.timeMs);
  if (at === undefined) return undefined;
  const { eastM, northM } = toLocal(localFrame(at.latitudeDeg, at.longitudeDeg), epoch.latitudeDeg, epoch.longitudeDeg);
  return {
    eastM,
    northM,
    horizontalM: Math.hypot(eastM, northM),
    // a 2D fix's altitude is the height it held: no vertical error is measured
    ...(altitudeMeasured(epoch) && epoch.altitudeMslM !== undefined && at.altitudeMslM !== undefined ? { upM: epoch.altitudeMslM - at.altitudeMslM } : {}),
    ...(epoch.ephM !== undefined ? { claimedM: epoch.ephM } : {}),
  };
}

export interface ErrorStatistics {
  samples: number;
  /** Half and 95 % of the fixes are within these of the truth (|error| for the vertical) */
  p50M: number;
  p95M: number;
  maxM: number;
  rmsM: number;
  /** Mean signed error: the bias (east, north, up) */
  meanM: number;
}

export interface TruthSummary {
  truth:
    | { kind: "point"; latitudeDeg: number; longitudeDeg: number; altitudeMslM?: number }
    | { kind: "track"; points: number; firstUtc: string; lastUtc: string };
  /** GNSS fixes compared with the truth */
  fixes: number;
  /** Fixes the truth did not cover (outside a track's times, or without a UTC time) */
  uncovered: number;
  /** Horizontal: p50/p95 are CEP50/CEP95 around the truth; meanM is the mean distance */
  horizontal?: ErrorStatistics & { biasEastM: number; biasNorthM: number };
  vertical?: ErrorStatistics;
  /** The receiver's own 95 % radius against the true horizontal error */
  claimed?: {
    fixes: number;
    /** Share of those fixes whose true error was within the radius claimed (0..1): 0.95 for an honest radius */
    withinShare: number;
    medianRadiusM: number;
  };
  /** How many fixes the percentiles were taken from (all, up to the sample's size; a uniform sample beyond) */
  sampled: number;
}

/** What the report plots of the truth: error over time (bucket means) and a sample of single deviations. */
export interface TruthPlotData {
  error: { tMs: number; horizontalM?: number; verticalM?: number; claimedM?: number }[];
  deviation: { eastM: number; northM: number }[];
}

export interface TruthAccumulator {
  /** A GNSS fix; its bucket on the report's grid, when it has one. */
  add(epoch: Epoch, bucket: number | undefined): void;
  summary(): TruthSummary;
  plots(t: (bucket: number) => number): TruthPlotData;
}

const SAMPLE_SIZE = 4096;

export function createTruthAccumulator(truth: Truth, grid: TimeGrid): TruthAccumulator {
  const horizontalSeries = createMeanSeries(grid);
  const verticalSeries = createMeanSeries(grid);
  const claimedSeries = createMeanSeries(grid);
  const sample = createReservoir<TruthError>(SAMPLE_SIZE);
  let fixes = 0;
  let uncovered = 0;
  const sums = { east: 0, north: 0, horizontal: 0, horizontal2: 0, maxH: 0, up: 0, up2: 0, maxUp: 0, ups: 0, claimed: 0, within: 0 };

  const stats = (values: number[], count: number, mean: number, sumSquares: number, max: number): ErrorStatistics => {
    const sorted = [...values].sort((a, b) => a - b);
    const rank = (p: number): number => sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)] ?? 0;
    return { samples: count, p50M: rank(50), p95M: rank(95), maxM: max, rmsM: Math.sqrt(sumSquares / count), meanM: mean };
  };

  return {
    add(epoch, bucket) {
      const error = truthError(truth, epoch);
      if (error === undefined) {
        uncovered++;
        return;
      }
      fixes++;
      sums.east += error.eastM;
      sums.north += error.northM;
      sums.horizontal += error.horizontalM;
      sums.horizontal2 += error.horizontalM ** 2;
      sums.maxH = Math.max(sums.maxH, error.horizontalM);
      if (error.upM !== undefined) {
        sums.ups++;
        sums.up += error.upM;
        sums.up2 += error.upM ** 2;
        sums.maxUp = Math.max(sums.maxUp, Math.abs(error.upM));
      }
      if (error.claimedM !== undefined) {
        sums.claimed++;
        if (error.horizontalM <= error.claimedM) sums.within++;
      }
      sample.add(error);
      if (bucket === undefined) return;
      horizontalSeries.add(bucket, error.horizontalM);
      if (error.upM !== undefined) verticalSeries.add(bucket, error.upM);
      if (error.claimedM !== undefined) claimedSeries.add(bucket, error.claimedM);
    },
    summary() {
      const items = sample.items();
      const summary: TruthSummary = {
        truth:
          truth.kind === "point"
            ? {
                kind: "point",
                latitudeDeg: truth.latitudeDeg,
                longitudeDeg: truth.longitudeDeg,
                ...(truth.altitudeMslM === undefined ? {} : { altitudeMslM: truth.altitudeMslM }),
              }
            : {
                kind: "track",
                points: truth.points.length,
                firstUtc: isoUtc(truth.points[0]?.timeMs ?? 0),
                lastUtc: isoUtc(truth.points[truth.points.length - 1]?.timeMs ?? 0),
              },
        fixes,
        uncovered,
        sampled: items.length,
      };
      if (fixes > 0) {
        summary.horizontal = {
          ...stats(
            items.map((e) => e.horizontalM),
            fixes,
            sums.horizontal / fixes,
            sums.horizontal2,
            sums.maxH,
          ),
          biasEastM: sums.east / fixes,
          biasNorthM: sums.north / fixes,
        };
      }
      const ups = items.flatMap((e) => (e.upM === undefined ? [] : [Math.abs(e.upM)]));
      if (sums.ups > 0) summary.vertical = stats(ups, sums.ups, sums.up / sums.ups, sums.up2, sums.maxUp);
      const claimed = items.flatMap((e) => (e.claimedM === undefined ? [] : [e.claimedM])).sort((a, b) => a - b);
      if (sums.claimed > 0) {
        summary.claimed = {
          fixes: sums.claimed,
          withinShare: sums.within / sums.claimed,
          medianRadiusM: claimed[Math.max(0, Math.ceil(claimed.length / 2) - 1)] ?? 0,
        };
      }
      return summary;
    },
    plots(t) {
      const rows = new Map<number, TruthPlotData["error"][number]>();
      const put = (series: MeanSeries, key: "horizontalM" | "verticalM" | "claimedM"): void => {
        for (const [bucket, value] of series.points()) {
          const row = rows.get(bucket) ?? { tMs: t(bucket) };
          row[key] = value;
          rows.set(bucket, row);
        }
      };
      put(horizontalSeries, "horizontalM");
      put(verticalSeries, "verticalM");
      put(claimedSeries, "claimedM");
      return {
        error: [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row),
        deviation: sample.items().map((e) => ({ eastM: e.eastM, northM: e.northM })),
      };
    },
  };
}
