// What the rules need from the epochs before the one they read: when each satellite was locked, the clock's
// offset from UTC, the last epoch with a fix. Bounded: one entry per satellite ever heard.

import type { Constellation, Epoch } from "../types.js";
import { epochFacts, hasSignal, sampleOf } from "./facts.js";
import type { EpochFacts, SatelliteSample } from "./types.js";

export interface Lock {
  key: string;
  constellation: Constellation;
  /** The epoch this continuous lock began (its clock time); undefined: before the clock began */
  sinceMs: number | undefined;
  /** The first epoch that heard the satellite since the start (parts of its message may date from then) */
  firstSinceMs: number | undefined;
  /**
   * The first epoch with a clock that showed this continuous lock: it has lasted at least since then (sinceMs where
   * its start was seen; a lock begun before the clock, the first clocked epoch that had it)
   */
  heldSinceMs: number | undefined;
  /** The satellite as the lock's first epoch showed it */
  first: SatelliteSample;
}

export interface History {
  /** Read one epoch (in order). `clocked`: its receivedAtMs is a clock time (not a log's untimed first cycles). */
  observe(epoch: Epoch, clocked: boolean): void;
  /**
   * The receiver (re)started now (a source that powers it on, a commanded restart): what it locks from the next
   * epoch on is locked then. Without it, satellites tracked in the first epoch heard were locked before: when,
   * nobody knows.
   */
  reset(): void;
  /** The receiver lists its satellites (GSV): an empty list means nothing heard, not nothing said */
  readonly listsSatellites: boolean;
  /** Satellites tracked in the last epoch, with their locks */
  readonly locks: ReadonlyMap<string, Lock>;
  /** UTC time of day − clock (ms), from the last epoch with a time of day and a clock */
  readonly utcOffsetMs: number | undefined;
  /** The last epoch with a fix, as it was */
  readonly lastFix: EpochFacts | undefined;
  /** When the current run of fixes began (clock time) */
  readonly fixSinceMs: number | undefined;
}

export function createHistory(): History {
  let locks = new Map<string, Lock>();
  const firstHeard = new Map<string, number | undefined>();
  let utcOffsetMs: number | undefined;
  let lastFix: EpochFacts | undefined;
  let fixSinceMs: number | undefined;
  let lastWasFix = false;
  let listsSatellites = false;
  /** The receiver (re)started just before the next epoch: nothing it tracks then was locked earlier */
  let startedNow = false;
  return {
    observe(epoch, clocked) {
      // A lock is dated when it began in view: the receiver started just now, or it listed its satellites before
      // (a receiver's first satellite list, the first cycle of a log, shows locks of unknown age).
      const atMs = clocked && (startedNow || listsSatellites) ? epoch.receivedAtMs : undefined;
      startedNow = false;
      if (epoch.sentenceIds.includes("GSV") || epoch.satellites.inViewCount > 0) listsSatellites = true;
      if (clocked && epoch.timeOfDayMs !== undefined) utcOffsetMs = epoch.timeOfDayMs - epoch.receivedAtMs;
      const next = new Map<string, Lock>();
      for (const s of epoch.satellites.satellites) {
        if (!hasSignal(s)) continue;
        if (!firstHeard.has(s.key)) firstHeard.set(s.key, atMs);
        const held = locks.get(s.key);
        if (held !== undefined && held.heldSinceMs === undefined && clocked) held.heldSinceMs = epoch.receivedAtMs;
        next.set(
          s.key,
          held ?? {
            key: s.key,
            constellation: s.constellation,
            sinceMs: atMs,
            firstSinceMs: firstHeard.get(s.key),
            heldSinceMs: clocked ? epoch.receivedAtMs : undefined,
            first: sampleOf(s, epoch.receivedAtMs),
          },
        );
      }
      locks = next;
      const fix = epoch.mode !== "none" && epoch.fixState.kind === "fixed";
      if (fix) {
        lastFix = epochFacts(epoch);
        if (!lastWasFix) fixSinceMs = atMs;
      } else fixSinceMs = undefined;
      lastWasFix = fix;
    },
    reset() {
      startedNow = true;
      locks = new Map();
      firstHeard.clear();
      lastFix = undefined;
      fixSinceMs = undefined;
      lastWasFix = false;
    },
    get locks() {
      return locks;
    },
    get listsSatellites() {
      return listsSatellites;
    },
    get utcOffsetMs() {
      return utcOffsetMs;
    },
    get lastFix() {
      return lastFix;
    },
    get fixSinceMs() {
      return fixSinceMs;
    },
  };
}
