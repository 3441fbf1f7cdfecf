// What the diagnosis says: lines in words, each made by one rule from evidence it cites (an epoch, satellites
// seen at given times), with an estimate only where the signal's structure gives one (physics.ts).

import type { Constellation, FixMode, FixState } from "../types.js";

export type DiagnosisRule =
  /** Nothing tracked yet */
  | "searching"
  /** Tracking, but the receiver has not read the time yet */
  | "time"
  /** Tracking with the time, no fix: reading the ephemeris (or the signals are too weak to) */
  | "ephemeris"
  /** Tracking with the time, no fix, fewer satellites than a fix needs and none still reading its ephemeris */
  | "too-few"
  /** A 2D fix: why not 3D */
  | "two-d"
  /** The fix was lost, or the receiver went on without GNSS */
  | "lost"
  /** Part of the sky is blocked: predicted satellites there are not heard, or only weakly */
  | "obstruction"
  /** The satellites high in the sky are weak: antenna, cable, indoors or interference */
  | "weak-sky"
  /** What the receiver itself says of its RF front end (jamming, antenna) */
  | "receiver-rf";

/** What a line is about: what the receiver waits for (at most one such line), the sky, or the receiver itself. */
export type DiagnosisKind = "waiting" | "sky" | "receiver";

/** The values a line read from the epoch it cites, as that epoch has them (a test checks each against it). */
export interface EpochFacts {
  /** The epoch's clock time (its receivedAtMs) */
  atMs: number;
  mode: FixMode;
  fixState: FixState["kind"];
  /** The epoch carried a time of day */
  hasTime: boolean;
  /** Satellites with a C/N0, those the receiver lists without a number (SatelliteView.unidentified) included */
  tracked: number;
  /** Satellites used in the fix, as the receiver counts them */
  used: number;
  /** Satellites with a C/N0 of at least DECODE_CN0_DB_HZ */
  readable: number;
  strongestCn0DbHz?: number;
}

/** One satellite as a cited epoch showed it. */
export interface SatelliteSample {
  key: string;
  atMs: number;
  elevationDeg?: number;
  azimuthDeg?: number;
  /** Undefined: listed (or predicted by the almanac) without a signal */
  cn0DbHz?: number;
  /** Where the satellite's place came from: the receiver's own list, or the almanac */
  from: "receiver" | "almanac";
}

/** An estimate, only where a physical figure gives it (physics.ts). Clock times, as the epochs' receivedAtMs. */
export interface DiagnosisEstimate {
  what: "time" | "fix";
  earliestAtMs?: number;
  latestAtMs: number;
  /** The figures it rests on, in words */
  basis: string;
}

export interface DiagnosisLine {
  rule: DiagnosisRule;
  kind: DiagnosisKind;
  /** One line in words */
  text: string;
  /**
   * The line as the first epoch of a stretch under its rule (the report's "Why no fix"), where it differs: its times
   * said from that epoch ("first locked at its start", "a fix expected within 22 s from its start"), not "0 s ago"
   * as if they held for the stretch
   */
  stretchText?: string;
  /**
   * What the line claims, finer than its rule, where a rule claims different things (ephemeris: `needs-more`, a fix
   * needs more readable satellites; `expected`, one is expected in a window; `overdue`; `weak`): the report's stretch
   * is one rule and one stage, so what the first epoch said holds for its stretch
   */
  stage?: string;
  /** The epoch the line read */
  epoch: EpochFacts;
  /** Satellites it cites, as seen then (the first lock, the ones a sector did not hear, ...) */
  satellites: SatelliteSample[];
  estimate?: DiagnosisEstimate;
}

/** A part of the sky found blocked: predicted satellites below `belowElevationDeg` in the sector not heard in the clear. */
export interface BlockedSector {
  /** 0 = N (337.5–22.5°), 1 = NE, … 7 = NW */
  sector: number;
  name: string;
  fromAzimuthDeg: number;
  toAzimuthDeg: number;
  belowElevationDeg: number;
  /** No satellite was heard in the clear above it: the obstacle may reach higher */
  atLeast: boolean;
  /** Satellites (keys) that passed there below the mask's elevation: not heard, heard only far weaker than the
   * receiver hears its system's open sky at that elevation (attenuated or reflected), heard in the clear */
  missing: string[];
  weak: string[];
  clear: string[];
  /** The missing and weak observations it rests on (a sample) */
  samples: SatelliteSample[];
}

export interface SkyMask {
  /** Blocked sectors, in azimuth order */
  blocked: BlockedSector[];
  /** Sectors with enough observations to tell, in azimuth order (0..7) */
  observedSectors: number[];
  /**
   * The receiver moved: a blocked direction belongs to one place, so the mask (blocked, observedSectors) is of the
   * place where it is now, since it got there (`placeSinceMs`, clock time); `farthestM` is how far it went from
   * where it started
   */
  moved?: { farthestM: number; placeSinceMs: number };
}

export interface Diagnosis {
  /** The clock time of the last epoch read */
  atMs?: number;
  /** atMs is a clock time (not one of a plain log's cycles before the receiver's first time of day) */
  clocked: boolean;
  lines: DiagnosisLine[];
  mask: SkyMask;
}

/** The constellations whose satellites the diagnosis counts for a fix (SBAS: corrections, not ranging, in most receivers). */
export const RANGING: readonly Constellation[] = ["gps", "glonass", "galileo", "beidou", "qzss", "navic"];
