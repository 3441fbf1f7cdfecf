// Start-type inference from what the receiver shows right after the source opens (domain.md §2.1, §5).
//
// Heuristics, from the NMEA alone:
// - a fix within ~5 s of a known start → ephemeris valid → hot. A fix in the first cycle heard, with no
//   restart or power-on known, says only that the receiver was already running: no start type from it;
// - satellites listed with elevation/azimuth but no signal before the first fix → almanac, time and
//   an approximate position are known → warm (a receiver that knew nothing cannot predict them);
// - satellites with a signal but no elevation/azimuth → tracking without orbit data → cold; with a fix
//   sooner than an ephemeris can be read (18 s) the cues disagree (a search begun before the log, or a
//   receiver that gives elevations only with a position): unknown;
// - no time of day from the receiver before the first fix → no RTC time → cold;
// - time present while there is no fix, from the first cycle on → the RTC is alive: evidence only (warm or hot
//   class), since a printed time is not a verified one (stratux PR #148). Time that appears only after
//   TIME_SET_AFTER_CYCLES or more cycles without one (or on a default clock) is no running clock: the receiver set
//   it from a satellite's time of week (u-blox M8 from power-on: 4 cycles of `$GNRMC,,V`, then 234505.34) → cold.
// Known failure cases: a receiver that hides untracked satellites from GSV (many SiRF) never shows the
// almanac cue, so its warm starts look "unknown" until the fix and then warm/cold by the time cue;
// MTK receivers print a default time (e.g. 2080 dates) after a cold start, which reads as "time present".
// A receiver that says where it has each satellite's orbit from (u-blox NAV-SAT orbitSource) gives real
// evidence instead of these cues, and it wins over them: at the start, orbits usable for a fix (ephemeris or
// AssistNow) for four or more satellites → hot; an almanac (or fewer such orbits) → warm; no orbit at all →
// cold. A fix within 5 s is hot whatever the orbits, and a slower one is warm unless there were none.
// A commanded restart overrides all of this.
import type { SatelliteView, StartInfo, StartType } from "../types.js";
import { formatCount } from "../output/format.js";

/** Epochs after the start in which the satellite cues count (the first 1–2 epochs with data, plus one). */
export const START_OBSERVATION_EPOCHS = 3;
export const HOT_TTFF_MS = 5_000;
/** The least time a receiver with no orbit data needs to read one: subframes 1–3, 6 s each (domain.md) */
const EPHEMERIS_READ_MS = 18_000;
/** The slowest usual output cycle (most receivers send every second, a few loggers every 2–5 s) */
const SLOWEST_USUAL_CYCLE_MS = 5_000;
/**
 * Cycles without a time of day before the first with one that say the receiver had no clock: one can be the log's
 * cut first cycle (its time sentence before the log began), two are the receiver's.
 */
const TIME_SET_AFTER_CYCLES = 2;
const cyclesText = (cycles: number): string => `first fix after ${formatCount(cycles, "cycle")} (no clock before it: time not measured)`;

export interface StartEvidence {
  epochsSeen: number;
  timeSeenWithoutFix: boolean;
  epochsWithoutTime: number;
  /**
   * The first cycle with a time of day (no fix yet) came after this many without one (or on a default clock): 0,
   * the time was there from the first cycle. Undefined until a time came.
   */
  timeAfterCycles?: number;
  /** Most satellites at once with elevation/azimuth but no signal */
  predictedSatellites: number;
  /** Most satellites at once with a signal but no elevation/azimuth */
  blindTrackedSatellites: number;
  /** TTFF once known */
  ttffMs?: number;
  /** The first fix came after this many cycles while TTFF could not be measured (no clock before it) */
  cyclesBeforeFix?: number;
  /** The receiver's cycle, as its timed cycles showed it (median interval), when the first fix came after cyclesBeforeFix */
  cycleMs?: number;
  /** The receiver already had a fix when first heard (TtffInfo.fixAtStart) */
  fixAtStart: boolean;
  /** Satellites by where the receiver had their orbit from, at the start (most at once; u-blox NAV-SAT) */
  orbits?: { usable: number; almanac: number; none: number };
  /** Its time of day jumped before the first fix: a default clock set from the satellites, not a running RTC */
  clockSet?: boolean;
}

export function emptyEvidence(): StartEvidence {
  return { epochsSeen: 0, timeSeenWithoutFix: false, epochsWithoutTime: 0, predictedSatellites: 0, blindTrackedSatellites: 0, fixAtStart: false };
}

/** A copy of `e` that later changes to `e` leave as it is (sameEvidence compares one with `e` again). */
export function copyEvidence(e: StartEvidence): StartEvidence {
  const copy = { ...e };
  if (e.orbits !== undefined) copy.orbits = { ...e.orbits };
  return copy;
}

/** Every field the same: inferStart, a function of its evidence alone, would say the same of both. */
export function sameEvidence(a: StartEvidence, b: StartEvidence): boolean {
  return (
    a.epochsSeen === b.epochsSeen &&
    a.timeSeenWithoutFix === b.timeSeenWithoutFix &&
    a.epochsWithoutTime === b.epochsWithoutTime &&
    a.timeAfterCycles === b.timeAfterCycles &&
    a.predictedSatellites === b.predictedSatellites &&
    a.blindTrackedSatellites === b.blindTrackedSatellites &&
    a.ttffMs === b.ttffMs &&
    a.cyclesBeforeFix === b.cyclesBeforeFix &&
    a.cycleMs === b.cycleMs &&
    a.fixAtStart === b.fixAtStart &&
    a.clockSet === b.clockSet &&
    a.orbits?.usable === b.orbits?.usable &&
    a.orbits?.almanac === b.orbits?.almanac &&
    a.orbits?.none === b.orbits?.none
  );
}

/**
 * Record one epoch (only before the first fix and within the observation window). `defaultClock`: its time is a
 * default clock's (Epoch.defaultClock: MediaTek's 1980), no time the receiver knows.
 */
export function observeEpoch(e: StartEvidence, epoch: { hasTime: boolean; isFix: boolean; satellites: SatelliteView; defaultClock?: boolean }): void {
  if (e.ttffMs !== undefined || e.cyclesBeforeFix !== undefined || e.fixAtStart) return;
  e.epochsSeen++;
  if (e.epochsSeen <= START_OBSERVATION_EPOCHS) observeOrbits(e, epoch.satellites);
  if (epoch.isFix) return;
  if (epoch.hasTime && epoch.defaultClock !== true) {
    e.timeSeenWithoutFix = true;
    e.timeAfterCycles ??= e.epochsWithoutTime;
  } else e.epochsWithoutTime++;
  let predicted = 0;
  let blind = 0;
  for (const sat of epoch.satellites.satellites) {
    const hasPosition = sat.elevationDeg !== undefined && sat.azimuthDeg !== undefined;
    const hasSignal = sat.cn0DbHz !== undefined && sat.cn0DbHz > 0;
    if (hasPosition && !hasSignal) predicted++;
    if (hasSignal && !hasPosition) blind++;
  }
  // predictions count only right after the start (later they may come from freshly decoded orbits);
  // tracking without orbit data counts until the first fix
  if (e.epochsSeen <= START_OBSERVATION_EPOCHS) e.predictedSatellites = Math.max(e.predictedSatellites, predicted);
  e.blindTrackedSatellites = Math.max(e.blindTrackedSatellites, blind);
}

/** The receiver's own word on its orbits (u-blox NAV-SAT orbitSource), at the start. */
function observeOrbits(e: StartEvidence, view: SatelliteView): void {
  let usable = 0;
  let almanac = 0;
  let none = 0;
  for (const sat of view.satellites) {
    if (sat.orbitSource === undefined) continue;
    if (sat.orbitSource === "almanac") almanac++;
    else if (sat.orbitSource === "none" || sat.orbitSource === "other") none++;
    else usable++;
  }
  if (usable + almanac + none === 0) return;
  const orbits = (e.orbits ??= { usable: 0, almanac: 0, none: 0 });
  orbits.usable = Math.max(orbits.usable, usable);
  orbits.almanac = Math.max(orbits.almanac, almanac);
  orbits.none = Math.max(orbits.none, none);
}

/** What the orbits the receiver named say: hot, warm or cold, with its words. */
function orbitClass(orbits: NonNullable<StartEvidence["orbits"]>): { type: StartType; evidence: string } {
  const words = `the receiver's own orbit sources at the start: ${formatCount(orbits.usable, "satellite")} with an ephemeris (or AssistNow), ${orbits.almanac} with an almanac only, ${orbits.none} with none`;
  if (orbits.usable >= 4) return { type: "hot", evidence: words };
  return { type: orbits.usable + orbits.almanac > 0 ? "warm" : "cold", evidence: words };
}

export function inferStart(e: StartEvidence): StartInfo {
  if (e.orbits !== undefined && !e.fixAtStart) return inferFromOrbits(e, e.orbits);
  const evidence: string[] = [];
  if (e.predictedSatellites > 0) {
    evidence.push(`${formatCount(e.predictedSatellites, "satellite")} with elevation/azimuth but no signal: almanac and time known`);
  }
  if (e.blindTrackedSatellites > 0) {
    evidence.push(`${formatCount(e.blindTrackedSatellites, "satellite")} with a signal but no elevation/azimuth: no orbit data`);
  }
  // a default clock set from the satellites before the fix is no running clock, nor a time that came only after
  // cycles without one: no time known at the start
  const timeSetLate = e.timeSeenWithoutFix && (e.timeAfterCycles ?? 0) >= TIME_SET_AFTER_CYCLES;
  const timeSeen = e.timeSeenWithoutFix && e.clockSet !== true && !timeSetLate;
  if (e.clockSet === true) evidence.push("the receiver's clock jumped before the first fix: a default clock, set from the satellites");
  else if (timeSetLate) {
    const cycles = formatCount(e.timeAfterCycles as number, "cycle");
    evidence.push(
      `no time of day (or a default clock's) in the first ${cycles}, then one while there was no fix: no clock at power-on, its time set from the satellites`,
    );
  } else if (timeSeen) {
    const from = e.timeAfterCycles === 0 ? "the first cycle" : "the second cycle (the first may be cut by the log's start)";
    evidence.push(`time of day present from ${from} while there was no fix: receiver clock running`);
  }
  if (e.epochsWithoutTime > 0 && !timeSeen && !timeSetLate) evidence.push("no time of day before the first fix: receiver clock unknown");
  let type: StartType = "unknown";
  if (e.fixAtStart) {
    return {
      type,
      basis: "inferred",
      evidence: ["the receiver already had a fix when first heard: it was running, so neither TTFF nor the start type can be told"],
    };
  }
  if (e.ttffMs !== undefined && e.ttffMs < EPHEMERIS_READ_MS && e.blindTrackedSatellites > 0 && e.predictedSatellites === 0) {
    // The cues disagree: a receiver tracking without orbit data cannot fix before it has read an ephemeris.
    // Either it searched before the log began (the TTFF is only from the first sentence heard), or it gives
    // elevations only once it has a position: no start type is told from that.
    evidence.unshift(
      `first fix after ${(e.ttffMs / 1000).toFixed(1)} s, sooner than an ephemeris can be read (18 s) by satellites tracked without elevation/azimuth: the receiver searched before the log began, or gives elevations only with a position`,
    );
  } else if (e.ttffMs !== undefined) {
    const seconds = (e.ttffMs / 1000).toFixed(1);
    if (e.ttffMs <= HOT_TTFF_MS) {
      evidence.unshift(`first fix after ${seconds} s (≤ 5 s: ephemeris valid)`);
      type = "hot";
    } else {
      evidence.unshift(`first fix after ${seconds} s (> 5 s: ephemeris had to be decoded)`);
      type = e.predictedSatellites > 0 || (timeSeen && e.blindTrackedSatellites === 0) ? "warm" : "cold";
    }
  } else if (e.cyclesBeforeFix !== undefined && e.cyclesBeforeFix * SLOWEST_USUAL_CYCLE_MS < EPHEMERIS_READ_MS && e.clockSet !== true) {
    // A fix so few cycles after the first sentence heard is sooner than a warm or cold start can give one, even
    // at one cycle every 5 s: the receiver searched before the log began, or had valid orbits. Unknown, unless the
    // receiver showed a default clock being set (it started without time, whenever the log began).
    evidence.unshift(
      `${cyclesText(e.cyclesBeforeFix)}: sooner than an ephemeris can be read (18 s) even at one cycle every 5 s: the receiver searched before the log began, or had valid orbits`,
    );
  } else if (e.predictedSatellites > 0) {
    if (e.cyclesBeforeFix !== undefined) evidence.unshift(cyclesText(e.cyclesBeforeFix));
    type = "warm";
  } else if (e.blindTrackedSatellites > 0 || e.clockSet === true || (e.epochsWithoutTime > 0 && !timeSeen)) {
    if (e.cyclesBeforeFix !== undefined) evidence.unshift(cyclesText(e.cyclesBeforeFix));
    type = "cold";
  } else if (e.cyclesBeforeFix !== undefined) {
    evidence.unshift(cyclesText(e.cyclesBeforeFix));
  }
  return { type, basis: evidence.length > 0 ? "inferred" : "none", evidence };
}

export function commandedStart(start: "cold" | "warm" | "hot" | "factory"): StartInfo {
  return {
    type: start === "factory" ? "cold" : start,
    basis: "commanded",
    evidence: [start === "factory" ? "factory reset commanded (cold start, configuration cleared)" : `${start} restart commanded`],
  };
}

/** The start from the receiver's own orbit sources (u-blox NAV-SAT), with the TTFF where one was measured. */
function inferFromOrbits(e: StartEvidence, orbits: NonNullable<StartEvidence["orbits"]>): StartInfo {
  const orbit = orbitClass(orbits);
  const evidence = [orbit.evidence];
  let type = orbit.type;
  if (e.ttffMs !== undefined) {
    const seconds = (e.ttffMs / 1000).toFixed(1);
    if (e.ttffMs <= HOT_TTFF_MS) {
      evidence.unshift(`first fix after ${seconds} s (≤ 5 s: ephemeris valid)`);
      type = "hot";
    } else {
      evidence.unshift(`first fix after ${seconds} s (> 5 s: ephemeris had to be decoded)`);
      type = orbit.type === "cold" ? "cold" : "warm";
    }
  } else if (e.cyclesBeforeFix !== undefined) {
    // not measured, but that many of the receiver's own cycles are more than a hot start takes: not hot
    const slowerThanHot = e.cycleMs !== undefined && e.cyclesBeforeFix * e.cycleMs > HOT_TTFF_MS;
    if (slowerThanHot && type === "hot") {
      type = "warm";
      evidence.unshift(
        `${cyclesText(e.cyclesBeforeFix)}: at the receiver's cycle of ${((e.cycleMs as number) / 1000).toFixed(1)} s, more than 5 s: ephemeris had to be decoded`,
      );
    } else evidence.unshift(cyclesText(e.cyclesBeforeFix));
  }
  return { type, basis: "inferred", evidence };
}
