// Which parts of the sky are blocked, from satellites predicted there (by the receiver's own list, or an
// almanac) against those heard: per 45° sector of azimuth, the elevation below which predicted satellites are
// missing or heard only far weaker than the receiver hears the open sky at that elevation (a reflection).
//
// Observations: every satellite above MIN_ELEVATION_DEG, at most one per satellite every SAMPLE_MS, once the
// receiver knows where to look (it has had a fix for READY_MS, or lists predicted satellites itself). A
// satellite counts as missing only after MISSING_AFTER_MS without a signal (an aided receiver finds a satellite
// in a few seconds: one rising from behind a building is not an obstruction). They are kept aggregated per
// satellite, sector and 2° of elevation (bounded: a few thousand at most), and judged when the mask is asked for:
//   - the open-sky level is the receiver's own: per 5° of elevation, the 90th percentile of everything it heard,
//     non-decreasing with elevation (C/N0 grows with elevation through the antenna's gain);
//   - heard weaker than that level by WEAK_MARGIN_DB or more is a reflection: a reflection turns the signal's
//     polarisation to left-hand, which a GNSS antenna rejects, on top of the wall's own loss;
//   - per sector, the elevation X that best separates blocked (missing, weak) below from clear above: the fewest
//     observations on the wrong side; X is the middle of the best interval, or its bottom when nothing was heard
//     in the clear above (the obstacle may reach higher: `atLeast`).
// Known failure cases: a receiver that lists predicted satellites only when tracked gives nothing missing
// without an almanac; a receiver whose antenna is indoors hears everything weak, which is the weak-sky rule's
// case, not a mask.

import type { Constellation, Epoch } from "../types.js";
import type { Observer, Sky } from "../orbits/sky.js";
import { heard } from "./facts.js";
import type { BlockedSector, SatelliteSample, SkyMask } from "./types.js";
import { RANGING } from "./types.js";

export const SECTOR_NAMES = ["N", "NE", "E", "SE", "S", "SW", "W", "NW"] as const;
const SECTOR_DEG = 45;
export const MIN_ELEVATION_DEG = 10;
const BIN_DEG = 2;
const SAMPLE_MS = 5_000;
const READY_MS = 10_000;
const MISSING_AFTER_MS = 10_000;
export const WEAK_MARGIN_DB = 6;
/** Samples of a satellite in one place before its mean counts for the open-sky level (half a minute). */
const SETTLED_SAMPLES = 6;
/** A sector is called blocked below X only when X is at least this (receivers' own masks reach 5–15°). */
const MIN_BLOCKED_DEG = 15;
/** Observations missing or weak below X before a sector is called blocked: a minute of them. */
const MIN_BLOCKED_SAMPLES = 60_000 / SAMPLE_MS;
/** Distinct satellites a sector needs before anything is said of it. */
const MIN_OBSERVED_SATELLITES = 2;
const SAMPLES_PER_SECTOR = 8;

export function sectorOf(azimuthDeg: number): number {
  return Math.floor(((((azimuthDeg + SECTOR_DEG / 2) % 360) + 360) % 360) / SECTOR_DEG) % 8;
}

interface Cell {
  sector: number;
  key: string;
  bin: number;
  missing: number;
  heard: number;
  cn0Sum: number;
  /** The first observation without a signal and the first with one, for the evidence */
  missingSample?: SatelliteSample;
  heardSample?: SatelliteSample;
}

export interface SkyMaskObserver {
  observe(epoch: Epoch, clocked: boolean, prediction?: { sky: Sky; position?: Observer }): void;
  reset(): void;
  mask(): SkyMask;
}

interface Seen {
  lastSampleMs: number;
  /** Since when it has been listed (or predicted) without a signal */
  missingSinceMs?: number;
}

export function createSkyMaskObserver(): SkyMaskObserver {
  const cells = new Map<string, Cell>();
  const seen = new Map<string, Seen>();
  const heardSystems = new Set<Constellation>();
  let readySinceMs: number | undefined;
  let lastPosition: Observer | undefined;
  let predictedAtMs = -Infinity;
  /** The mask as last judged; judged again only after new observations */
  let judged: SkyMask | undefined;

  const record = (key: string, atMs: number, elevationDeg: number, azimuthDeg: number, cn0: number | undefined, from: SatelliteSample["from"]): void => {
    const sector = sectorOf(azimuthDeg);
    const bin = Math.floor(elevationDeg / BIN_DEG);
    const id = `${sector}|${key}|${bin}`;
    judged = undefined;
    let cell = cells.get(id);
    if (cell === undefined) cells.set(id, (cell = { sector, key, bin, missing: 0, heard: 0, cn0Sum: 0 }));
    if (cn0 === undefined) {
      cell.missing++;
      cell.missingSample ??= { key, atMs, elevationDeg, azimuthDeg, from };
    } else {
      cell.heard++;
      cell.cn0Sum += cn0;
      cell.heardSample ??= { key, atMs, elevationDeg, azimuthDeg, from, cn0DbHz: cn0 };
    }
  };

  return {
    observe(epoch, clocked, prediction) {
      if (!clocked) return;
      const atMs = epoch.receivedAtMs;
      const listed = new Map<string, { elevationDeg: number; azimuthDeg: number; cn0?: number; from: SatelliteSample["from"] }>();
      let listsPredicted = false;
      for (const s of epoch.satellites.satellites) {
        if (heard(s)) heardSystems.add(s.constellation);
        if (s.elevationDeg === undefined || s.azimuthDeg === undefined || !RANGING.includes(s.constellation)) continue;
        if (heard(s)) {
          listed.set(s.key, { elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, cn0: s.cn0DbHz as number, from: "receiver" });
        } else {
          listsPredicted = true;
          listed.set(s.key, { elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, from: "receiver" });
        }
      }
      const fix = epoch.mode !== "none" && epoch.fixState.kind === "fixed" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined;
      if (fix)
        lastPosition = {
          latitudeDeg: epoch.latitudeDeg!,
          longitudeDeg: epoch.longitudeDeg!,
          altitudeHaeM: (epoch.altitudeMslM ?? 0) + (epoch.geoidSeparationM ?? 0),
        };
      // The almanac's satellites of the systems the receiver hears, where it does not list them itself.
      const position = prediction?.position ?? lastPosition;
      // propagated once per sample period: the satellites move a fraction of a degree in it
      const predicting = prediction !== undefined && position !== undefined && epoch.timeMs !== undefined && atMs - predictedAtMs >= SAMPLE_MS;
      if (predicting) {
        predictedAtMs = atMs;
        for (const p of prediction!.sky.visibleAt(epoch.timeMs!, position!, MIN_ELEVATION_DEG)) {
          const key = `${p.constellation}:${p.svid}`;
          if (!p.healthy || !heardSystems.has(p.constellation) || !RANGING.includes(p.constellation) || listed.has(key)) continue;
          listed.set(key, { elevationDeg: p.elevationDeg, azimuthDeg: p.azimuthDeg, from: "almanac" });
        }
        listsPredicted = true;
      }
      if ((fix || listsPredicted) && heardSystems.size > 0) readySinceMs ??= atMs;
      for (const [key, s] of listed) {
        let state = seen.get(key);
        if (state === undefined) seen.set(key, (state = { lastSampleMs: -Infinity }));
        if (s.cn0 !== undefined) delete state.missingSinceMs;
        else state.missingSinceMs ??= atMs;
        if (readySinceMs === undefined || atMs - readySinceMs < READY_MS || s.elevationDeg < MIN_ELEVATION_DEG) continue;
        if (atMs - state.lastSampleMs < SAMPLE_MS) continue;
        if (s.cn0 === undefined && atMs - (state.missingSinceMs ?? atMs) < MISSING_AFTER_MS) continue;
        state.lastSampleMs = atMs;
        record(key, atMs, s.elevationDeg, s.azimuthDeg, s.cn0, s.from);
      }
      // Satellites no longer listed (or predicted) start their missing time again when they come back; between
      // propagations the almanac's satellites keep theirs.
      for (const [key, state] of seen) if (!listed.has(key) && (predicting || prediction === undefined)) delete state.missingSinceMs;
    },
    reset() {
      seen.clear();
      readySinceMs = undefined;
    },
    mask() {
      if (judged !== undefined) return judged;
      const all = [...cells.values()];
      return (judged = judge(all, openSkyLevels(all)));
    },
  };
}

/**
 * The open-sky level per 5° of elevation: the strongest satellite's mean there (cells heard long enough for their
 * mean to settle), never below the level of the bins under it (C/N0 grows with elevation); undefined below any.
 */
function openSkyLevels(cells: readonly Cell[]): (number | undefined)[] {
  const best: (number | undefined)[] = Array.from({ length: 18 }, () => undefined);
  for (const cell of cells) {
    if (cell.heard < SETTLED_SAMPLES) continue;
    const bin = Math.min(17, Math.floor((cell.bin * BIN_DEG) / 5));
    best[bin] = Math.max(best[bin] ?? -Infinity, cell.cn0Sum / cell.heard);
  }
  let floor: number | undefined;
  return best.map((level) => {
    if (level !== undefined) floor = Math.max(floor ?? -Infinity, level);
    return floor;
  });
}

type Verdict = "clear" | "weak" | "missing";

function verdictOf(cell: Cell, levels: (number | undefined)[]): Verdict | undefined {
  if (cell.heard === 0) return "missing";
  const elevation = cell.bin * BIN_DEG + BIN_DEG / 2;
  const level = levels[Math.min(17, Math.floor(elevation / 5))] ?? levels.find((l) => l !== undefined);
  if (level === undefined) return undefined;
  // mostly missing with a weak moment is still blocked; mostly heard is judged by its mean level
  if (cell.missing > cell.heard) return "missing";
  return cell.cn0Sum / cell.heard <= level - WEAK_MARGIN_DB ? "weak" : "clear";
}

function judge(cells: Cell[], levels: (number | undefined)[]): SkyMask {
  const blocked: BlockedSector[] = [];
  const observedSectors: number[] = [];
  for (let sector = 0; sector < 8; sector++) {
    const judged = cells
      .filter((c) => c.sector === sector)
      .flatMap((c) => {
        const verdict = verdictOf(c, levels);
        return verdict === undefined ? [] : [{ cell: c, verdict, weight: c.missing + c.heard, elevation: c.bin * BIN_DEG + BIN_DEG / 2 }];
      });
    if (new Set(judged.map((j) => j.cell.key)).size < MIN_OBSERVED_SATELLITES) continue;
    observedSectors.push(sector);
    // The cost of each X: clear observations below it and blocked ones at or above it.
    let best = Infinity;
    let bestLow = MIN_ELEVATION_DEG;
    let bestHigh = MIN_ELEVATION_DEG;
    for (let x = MIN_ELEVATION_DEG; x <= 90; x++) {
      let cost = 0;
      for (const j of judged) if ((j.verdict === "clear") === j.elevation < x) cost += j.weight;
      if (cost < best) {
        best = cost;
        bestLow = bestHigh = x;
      } else if (cost === best && bestHigh === x - 1) bestHigh = x;
    }
    const clearAbove = judged.some((j) => j.verdict === "clear" && j.elevation >= bestLow);
    const below = clearAbove ? Math.round((bestLow + bestHigh) / 2) : bestLow;
    const under = judged.filter((j) => j.elevation < below);
    const keys = (verdict: Verdict): Set<string> => new Set(under.filter((j) => j.verdict === verdict).map((j) => j.cell.key));
    const missing = keys("missing");
    const weak = keys("weak");
    const clear = keys("clear");
    const blockedKeys = new Set([...missing, ...weak]);
    const blockedWeight = under.filter((j) => j.verdict !== "clear").reduce((n, j) => n + j.weight, 0);
    if (below < MIN_BLOCKED_DEG || blockedKeys.size === 0 || blockedWeight < MIN_BLOCKED_SAMPLES) continue;
    const samples = under
      .flatMap((j) => {
        const sample = j.verdict === "missing" ? j.cell.missingSample : j.verdict === "weak" ? j.cell.heardSample : undefined;
        return sample === undefined ? [] : [sample];
      })
      .sort((a, b) => a.atMs - b.atMs)
      .filter((sample, i, all) => all.findIndex((k) => k.key === sample.key) === i)
      .slice(0, SAMPLES_PER_SECTOR);
    blocked.push({
      sector,
      name: SECTOR_NAMES[sector]!,
      fromAzimuthDeg: (sector * SECTOR_DEG - SECTOR_DEG / 2 + 360) % 360,
      toAzimuthDeg: sector * SECTOR_DEG + SECTOR_DEG / 2,
      belowElevationDeg: below,
      atLeast: !clearAbove,
      missing: [...missing].sort(),
      weak: [...weak].filter((k) => !missing.has(k)).sort(),
      clear: [...clear].filter((k) => !blockedKeys.has(k)).sort(),
      samples,
    });
  }
  return { blocked, observedSectors };
}
