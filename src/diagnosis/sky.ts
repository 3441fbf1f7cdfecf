// What the sky and the receiver's front end say, in lines: the blocked sectors of the mask (adjacent ones
// together), satellites high in the sky heard weak (antenna, cable, indoors, interference), and what the receiver
// reports itself of jamming and its antenna (u-blox MON-HW/MON-RF, when an epoch carries it).

import type { Epoch } from "../types.js";
import { formatCount, formatDuration } from "../output/format.js";
import { epochFacts, heard, sampleOf } from "./facts.js";
import { HIGH_ELEVATION_DEG, OPEN_SKY_HIGH_CN0_DB_HZ } from "./physics.js";
import { ROOF_ELEVATION_DEG, WEAK_MARGIN_DB, roofOf } from "./sky-mask.js";
import { RANGING, type BlockedSector, type DiagnosisLine, type SkyMask } from "./types.js";

/** Satellites high in the sky needed before their level says anything of the antenna. */
const WEAK_SKY_SATELLITES = 3;
/** Their median this far below the open-sky level: weak. */
const WEAK_SKY_MARGIN_DB = 8;

/** Runs of adjacent blocked sectors (N follows NW). */
function runs(blocked: readonly BlockedSector[]): BlockedSector[][] {
  const bySector = new Map(blocked.map((b) => [b.sector, b]));
  const out: BlockedSector[][] = [];
  const done = new Set<number>();
  for (const b of blocked) {
    if (done.has(b.sector)) continue;
    // walk back to the run's first sector, then forward
    let first = b.sector;
    while (bySector.has((first + 7) % 8) && (first + 7) % 8 !== b.sector) first = (first + 7) % 8;
    const run: BlockedSector[] = [];
    for (let s = first; bySector.has(s) && !done.has(s); s = (s + 1) % 8) {
      run.push(bySector.get(s)!);
      done.add(s);
    }
    out.push(run);
  }
  return out;
}

const distanceText = (m: number): string => (m < 1000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(1)} km`);

/**
 * The blocked sectors in words. A receiver that moved: the sectors are of the place where it is now, and say so;
 * with none observed there, the mask was not measured (a direction blocked on the way was blocked at one place).
 */
export function obstructionLines(mask: SkyMask, epoch: Epoch): DiagnosisLine[] {
  const facts = epochFacts(epoch);
  const moved = mask.moved;
  if (moved !== undefined && mask.observedSectors.length === 0) {
    const text =
      `blocked directions: not measured, the receiver moved (up to ${distanceText(moved.farthestM)} from where it started): ` +
      "a direction of the sky is blocked at one place, not along a way";
    return [{ rule: "obstruction", kind: "sky", text, epoch: facts, satellites: [] }];
  }
  const where = moved === undefined ? "" : ` where it has stood for the last ${formatDuration(Math.max(0, epoch.receivedAtMs - moved.placeSinceMs))}`;
  // blocked up to the zenith's neighbourhood: something over the antenna, not walls around it; no sector is named
  const roof = roofOf(mask);
  if (roof !== undefined) {
    const sectors = mask.blocked.length;
    const text =
      `sky attenuated overhead${where}: satellites missing or weak up to ${roof.atLeast ? "at least " : ""}${roof.belowElevationDeg}° ` +
      `(in ${formatCount(sectors, "sector")} of 45°): something over the antenna (indoors, a roof, a vehicle), not walls around it, ` +
      `which leave the sky above ${ROOF_ELEVATION_DEG}° clear`;
    return [{ rule: "obstruction", kind: "sky", text, epoch: facts, satellites: mask.blocked.flatMap((b) => b.samples).slice(0, 12) }];
  }
  return runs(mask.blocked).map((run) => {
    const first = run[0]!;
    const last = run[run.length - 1]!;
    const name = run.length === 1 ? first.name : `${first.name}–${last.name}`;
    const heights = run.map((b) => b.belowElevationDeg);
    const low = Math.min(...heights);
    const high = Math.max(...heights);
    const atLeast = run.some((b) => b.atLeast) ? "at least " : "";
    const below = low === high ? `${atLeast}${low}°` : `${atLeast}${low}–${high}°`;
    const union = (pick: (b: BlockedSector) => string[]): Set<string> => new Set(run.flatMap(pick));
    const missing = union((b) => b.missing);
    const weak = new Set([...union((b) => b.weak)].filter((k) => !missing.has(k)));
    const clear = new Set([...union((b) => b.clear)].filter((k) => !missing.has(k) && !weak.has(k)));
    const predicted = missing.size + weak.size + clear.size;
    const weakText = weak.size > 0 ? ` (${weak.size} heard only ${WEAK_MARGIN_DB} dB or more below their system's open sky)` : "";
    const text =
      `${name} (${Math.round(first.fromAzimuthDeg)}–${Math.round(last.toAzimuthDeg)}°) blocked below ${below}${where}: ` +
      `${predicted} predicted, ${clear.size} tracked in the clear${weakText}`;
    return { rule: "obstruction", kind: "sky", text, epoch: facts, satellites: run.flatMap((b) => b.samples) } satisfies DiagnosisLine;
  });
}

/** High satellites heard far below what a working antenna hears in the open: antenna, cable, indoors, interference. */
export function weakSkyLine(epoch: Epoch): DiagnosisLine | undefined {
  const high = epoch.satellites.satellites.filter((s) => heard(s) && RANGING.includes(s.constellation) && (s.elevationDeg ?? 0) >= HIGH_ELEVATION_DEG);
  if (high.length < WEAK_SKY_SATELLITES) return undefined;
  const levels = high.map((s) => s.cn0DbHz as number).sort((a, b) => a - b);
  const median = levels[Math.floor(levels.length / 2)]!;
  if (median > OPEN_SKY_HIGH_CN0_DB_HZ - WEAK_SKY_MARGIN_DB) return undefined;
  const jamming = epoch.rf?.jammingState === "warning" || epoch.rf?.jammingState === "critical" ? "; the receiver reports interference" : "";
  const text =
    `weak sky: ${formatCount(high.length, "satellite")} above ${HIGH_ELEVATION_DEG}° heard at a median ${Math.round(median)} dB-Hz, ` +
    `where a working antenna in the open hears ${OPEN_SKY_HIGH_CN0_DB_HZ} or more: indoors or covered, a failing cable or amplifier, or interference${jamming}`;
  return { rule: "weak-sky", kind: "sky", text, epoch: epochFacts(epoch), satellites: high.map((s) => sampleOf(s, epoch.receivedAtMs)) };
}

const ANTENNA_TEXT = {
  short: "short circuit in the antenna or its cable",
  open: "no active antenna at its antenna input (open circuit; a module with its own patch antenna says so while it uses the patch)",
  off: "antenna power off",
} as const;

/** What the receiver says of its front end (jamming, antenna), when the epoch carries it and it is not fine. */
export function receiverRfLines(epoch: Epoch): DiagnosisLine[] {
  const rf = epoch.rf;
  if (rf === undefined) return [];
  const facts = epochFacts(epoch);
  const out: DiagnosisLine[] = [];
  if (rf.jammingState === "warning" || rf.jammingState === "critical") {
    const indicator = rf.jammingIndicator === undefined ? "" : ` (indicator ${rf.jammingIndicator} of 255)`;
    out.push({
      rule: "receiver-rf",
      kind: "receiver",
      text: `the receiver reports interference: jamming ${rf.jammingState}${indicator}`,
      epoch: facts,
      satellites: [],
    });
  }
  if (rf.antennaStatus !== undefined && rf.antennaStatus !== "ok") {
    out.push({
      rule: "receiver-rf",
      kind: "receiver",
      text: `the receiver reports its antenna: ${ANTENNA_TEXT[rf.antennaStatus]}`,
      epoch: facts,
      satellites: [],
    });
  }
  return out;
}
