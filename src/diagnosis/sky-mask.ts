// Which parts of the sky are blocked, from satellites predicted there (by the receiver's own list, or an
// almanac) against those heard: per 45° sector of azimuth, the elevation below which predicted satellites are
// missing or heard only far weaker than the receiver hears the open sky at that elevation.
//
// Observations: every satellite above MIN_ELEVATION_DEG, at most one per satellite every SAMPLE_MS, once the
// receiver knows where to look (it has had a fix for READY_MS, or lists predicted satellites itself). A
// satellite counts as missing only after MISSING_AFTER_MS without a signal (an aided receiver finds a satellite
// in a few seconds: one rising from behind a building is not an obstruction). They are kept aggregated per
// satellite, sector and 2° of elevation (bounded: a few thousand at most), and judged when the mask is asked for:
//   - the open-sky level is the receiver's own, per system and signal (the signal ID of the satellite's strongest
//     signal, where the receiver gives one): per 5° of elevation, the strongest settled mean it heard there or
//     lower (C/N0 grows with elevation through the antenna's gain), or one from higher up taken down by the rise
//     of all its signals with elevation (openSkyLevels). Systems transmit at different powers and a receiver
//     reports them differently (one heard BeiDou B1 at 51–53 dB-Hz where GPS L1 C/A at 70° was 48): pooled, a
//     GPS satellite at 45 dB-Hz would be "weak" next to BeiDou;
//   - heard weaker than that level by WEAK_MARGIN_DB or more is weak: attenuated by what stands in the way, or
//     reflected (a reflection turns the signal's polarisation to left-hand, which a GNSS antenna rejects);
//   - per sector, the elevation X that best separates blocked (missing, weak) below from clear above: the fewest
//     observations on the wrong side; X is the middle of the best interval, or its bottom when nothing was heard
//     in the clear above (the obstacle may reach higher: `atLeast`);
//   - a sector is called blocked only on the evidence an obstruction leaves: several satellites (at least
//     MIN_BLOCKED_SATELLITES) each missing or weak there for a minute of observations or more (PERSISTENT_SAMPLES).
//     One satellite weak for its whole pass is that satellite (an older generation, a weaker transmitter), not a
//     wall; a satellite weak for a few samples faded for a moment.
// The mask is a property of one place: a receiver that moves (more than PLACE_RADIUS_M from where it was, for
// AWAY_MS) sees other walls at the same compass direction. Its observations start again at each new place, and
// the mask says it moved (`moved`): what it shows then is the current place's, since it got there.
// Known failure cases: a receiver that lists predicted satellites only when tracked gives nothing missing
// without an almanac; a receiver whose antenna is indoors hears everything weak, which is the weak-sky rule's
// case, not a mask: the diagnosis then names no sector (diagnoser.ts), nor where a sector would be blocked up to
// ROOF_ELEVATION_DEG or higher (obstructionLines): what stands in the way overhead is a roof, not a wall.

import type { Constellation, Epoch, Satellite, Signal } from "../types.js";
import type { Observer, Sky } from "../orbits/sky.js";
import { heard } from "./facts.js";
import type { BlockedSector, SatelliteSample, SkyMask } from "./types.js";
import { RANGING } from "./types.js";
import { distanceM } from "../geodesy.js";

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
/**
 * A sector blocked up to this elevation or higher is no wall beside the antenna but something over it (a roof, a
 * vehicle, a cover: u-blox M8030 indoors showed three sectors blocked below "at least 72–90°"): the whole sky is
 * attenuated, and no sector is named.
 */
export const ROOF_ELEVATION_DEG = 70;
/** A sector is called blocked below X only when X is at least this (receivers' own masks reach 5–15°). */
const MIN_BLOCKED_DEG = 15;
/** Distinct satellites a sector needs before anything is said of it. */
const MIN_OBSERVED_SATELLITES = 2;
/** Satellites missing or weak in a sector before it is called blocked: a wall hides every satellite that passes behind it. */
const MIN_BLOCKED_SATELLITES = 2;
/** Observations of a satellite missing or weak in a sector before it counts there (a minute): not a moment's fade. */
const PERSISTENT_SAMPLES = 60_000 / SAMPLE_MS;
/** A fix this far from the place's first one, for AWAY_MS, is another place (a static receiver wanders metres, tens in a poor sky). */
const PLACE_RADIUS_M = 50;
const AWAY_MS = 10_000;
const SAMPLES_PER_SECTOR = 8;

/** The mask's highest blocked sector, when it reaches ROOF_ELEVATION_DEG: a roof, not a mask. */
export function roofOf(mask: SkyMask): BlockedSector | undefined {
  let highest: BlockedSector | undefined;
  for (const b of mask.blocked)
    if (b.belowElevationDeg >= ROOF_ELEVATION_DEG && (highest === undefined || b.belowElevationDeg > highest.belowElevationDeg)) highest = b;
  return highest;
}

export function sectorOf(azimuthDeg: number): number {
  return Math.floor(((((azimuthDeg + SECTOR_DEG / 2) % 360) + 360) % 360) / SECTOR_DEG) % 8;
}

interface Cell {
  sector: number;
  key: string;
  /** Whose open-sky level it is judged against: the system, and the signal ID of its strongest signal where given */
  group: string;
  bin: number;
  missing: number;
  heard: number;
  cn0Sum: number;
  /** The first observation without a signal and the first with one, for the evidence */
  missingSample?: SatelliteSample;
  heardSample?: SatelliteSample;
}

/** The group of a satellite's strongest signal: its system, and the signal ID where the receiver gives one. */
function groupOf(s: Satellite): string {
  let strongest: Signal | undefined;
  for (const g of s.signals) if (g.cn0DbHz !== undefined && (strongest?.cn0DbHz === undefined || g.cn0DbHz > strongest.cn0DbHz)) strongest = g;
  return strongest?.signalId === undefined ? s.constellation : `${s.constellation}/${strongest.signalId}`;
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
  /** Where the observations are from: the place's first fix, since when, and since when the fixes are away from it */
  let place: { at: Observer; sinceMs: number; awaySinceMs?: number } | undefined;
  /** The first place's first fix, and how far from it the receiver has been (once it moved) */
  let origin: Observer | undefined;
  let moved: { farthestM: number } | undefined;
  /** The mask as last judged; judged again only after new observations */
  let judged: SkyMask | undefined;

  const record = (
    key: string,
    group: string,
    atMs: number,
    elevationDeg: number,
    azimuthDeg: number,
    cn0: number | undefined,
    from: SatelliteSample["from"],
  ): void => {
    const sector = sectorOf(azimuthDeg);
    const bin = Math.floor(elevationDeg / BIN_DEG);
    const id = `${sector}|${key}|${group}|${bin}`;
    judged = undefined;
    let cell = cells.get(id);
    if (cell === undefined) cells.set(id, (cell = { sector, key, group, bin, missing: 0, heard: 0, cn0Sum: 0 }));
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
      const listed = new Map<string, { group: string; elevationDeg: number; azimuthDeg: number; cn0?: number; from: SatelliteSample["from"] }>();
      let listsPredicted = false;
      for (const s of epoch.satellites.satellites) {
        if (heard(s)) heardSystems.add(s.constellation);
        if (s.elevationDeg === undefined || s.azimuthDeg === undefined || !RANGING.includes(s.constellation)) continue;
        if (heard(s)) {
          listed.set(s.key, { group: groupOf(s), elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, cn0: s.cn0DbHz as number, from: "receiver" });
        } else {
          listsPredicted = true;
          listed.set(s.key, { group: s.constellation, elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, from: "receiver" });
        }
      }
      const fix = epoch.mode !== "none" && epoch.fixState.kind === "fixed" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined;
      if (fix)
        lastPosition = {
          latitudeDeg: epoch.latitudeDeg!,
          longitudeDeg: epoch.longitudeDeg!,
          altitudeHaeM: (epoch.altitudeMslM ?? 0) + (epoch.geoidSeparationM ?? 0),
        };
      // Another place: the fixes stayed away from this one's for AWAY_MS. What was seen here is of here only.
      if (fix) {
        origin ??= lastPosition!;
        if (place === undefined) place = { at: lastPosition!, sinceMs: atMs };
        else if (distanceM(place.at, lastPosition!) <= PLACE_RADIUS_M) delete place.awaySinceMs;
        else if (atMs - (place.awaySinceMs ??= atMs) >= AWAY_MS) {
          place = { at: lastPosition!, sinceMs: atMs };
          moved = { farthestM: Math.max(moved?.farthestM ?? 0, distanceM(origin, lastPosition!)) };
          cells.clear();
          judged = undefined;
        }
        if (moved !== undefined) moved.farthestM = Math.max(moved.farthestM, distanceM(origin, lastPosition!));
      }
      // The almanac's satellites of the systems the receiver hears, where it does not list them itself.
      const position = prediction?.position ?? lastPosition;
      // propagated once per sample period: the satellites move a fraction of a degree in it
      const predicting = prediction !== undefined && position !== undefined && epoch.timeMs !== undefined && atMs - predictedAtMs >= SAMPLE_MS;
      if (predicting) {
        predictedAtMs = atMs;
        for (const p of prediction!.sky.visibleAt(epoch.timeMs!, position!, MIN_ELEVATION_DEG)) {
          const key = `${p.constellation}:${p.svid}`;
          if (!p.healthy || !heardSystems.has(p.constellation) || !RANGING.includes(p.constellation) || listed.has(key)) continue;
          listed.set(key, { group: p.constellation, elevationDeg: p.elevationDeg, azimuthDeg: p.azimuthDeg, from: "almanac" });
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
        record(key, s.group, atMs, s.elevationDeg, s.azimuthDeg, s.cn0, s.from);
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
      const mask = judge(all, openSkyLevels(all));
      if (moved !== undefined && place !== undefined) mask.moved = { farthestM: moved.farthestM, placeSinceMs: place.sinceMs };
      return (judged = mask);
    },
  };
}

/** Per 5° of elevation, the best value at or below it (C/N0 grows with elevation); undefined below any. */
function floored(best: readonly (number | undefined)[]): (number | undefined)[] {
  let floor: number | undefined;
  return best.map((level) => {
    if (level !== undefined) floor = Math.max(floor ?? -Infinity, level);
    return floor;
  });
}

/**
 * The open-sky level of each group (system, signal) per 5° of elevation: the strongest satellite's mean there or
 * lower (cells heard long enough for their mean to settle); or, where higher up the group was heard stronger than
 * the antenna's gain explains, that level taken down by the rise of all the receiver's signals (every group
 * pooled) between the two elevations: the rise with elevation is the antenna's, the level is the group's. So the
 * lowest satellite of its system is judged too, not its own open sky.
 */
function openSkyLevels(cells: readonly Cell[]): Map<string, (number | undefined)[]> {
  const bins = 90 / 5;
  const best = new Map<string, (number | undefined)[]>();
  const pooledBest: (number | undefined)[] = Array.from({ length: bins }, () => undefined);
  for (const cell of cells) {
    if (cell.heard < SETTLED_SAMPLES) continue;
    let group = best.get(cell.group);
    if (group === undefined) best.set(cell.group, (group = Array.from({ length: bins }, () => undefined)));
    const bin = Math.min(bins - 1, Math.floor((cell.bin * BIN_DEG) / 5));
    const mean = cell.cn0Sum / cell.heard;
    group[bin] = Math.max(group[bin] ?? -Infinity, mean);
    pooledBest[bin] = Math.max(pooledBest[bin] ?? -Infinity, mean);
  }
  const pooled = floored(pooledBest);
  const levels = new Map<string, (number | undefined)[]>();
  for (const [name, groupBest] of best) {
    const own = floored(groupBest);
    levels.set(
      name,
      own.map((level, bin) => {
        let out = level;
        const here = pooled[bin];
        if (here === undefined) return out;
        for (let higher = bin + 1; higher < bins; higher++) {
          const there = own[higher];
          const rise = pooled[higher];
          if (there !== undefined && rise !== undefined) out = Math.max(out ?? -Infinity, there - (rise - here));
        }
        return out;
      }),
    );
  }
  return levels;
}

type Verdict = "clear" | "weak" | "missing";

function verdictOf(cell: Cell, levels: Map<string, (number | undefined)[]>): Verdict | undefined {
  if (cell.heard === 0) return "missing";
  // mostly missing with a weak moment is still blocked; mostly heard is judged by its mean level
  if (cell.missing > cell.heard) return "missing";
  const elevation = cell.bin * BIN_DEG + BIN_DEG / 2;
  // its own group's level at its elevation (none: the group was not heard long enough to tell)
  const level = levels.get(cell.group)?.[Math.min(17, Math.floor(elevation / 5))];
  if (level === undefined) return undefined;
  return cell.cn0Sum / cell.heard <= level - WEAK_MARGIN_DB ? "weak" : "clear";
}

function judge(cells: Cell[], levels: Map<string, (number | undefined)[]>): SkyMask {
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
    // the satellites missing or weak here for long enough: one that faded for a moment, or passed a moment, is no wall
    const blockedWeightOf = new Map<string, number>();
    for (const j of under) if (j.verdict !== "clear") blockedWeightOf.set(j.cell.key, (blockedWeightOf.get(j.cell.key) ?? 0) + j.weight);
    const persistent = new Set([...blockedWeightOf].filter(([, weight]) => weight >= PERSISTENT_SAMPLES).map(([key]) => key));
    const missing = new Set([...keys("missing")].filter((k) => persistent.has(k)));
    const weak = new Set([...keys("weak")].filter((k) => persistent.has(k)));
    const clear = keys("clear");
    const blockedKeys = new Set([...missing, ...weak]);
    if (below < MIN_BLOCKED_DEG || blockedKeys.size < MIN_BLOCKED_SATELLITES) continue;
    const samples = under
      .flatMap((j) => {
        const sample = j.verdict === "missing" ? j.cell.missingSample : j.verdict === "weak" ? j.cell.heardSample : undefined;
        return sample === undefined || !blockedKeys.has(sample.key) ? [] : [sample];
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
