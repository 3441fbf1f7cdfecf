// The report on a log: what `gnsskit report` prints (text, JSON) and plots (HTML).
// Units are in the names; unknown is undefined (left out of JSON), never 0.

import type { Constellation, DiagnosticKind, ReceiverStatus, StartInfo, TtffNotMeasured } from "../../types.js";
import type { TruthPlotData, TruthSummary } from "./truth.js";
import type { ReportDiagnosis } from "./diagnosis.js";

/** What an epoch's solution was, for time-in-state accounting. */
export type FixClass =
  | "none"
  | "2d"
  | "3d"
  /** A fix whose dimension the receiver did not state (RMC/GLL alone: Epoch.dimensionUnstated) */
  | "fix"
  | "dgps"
  | "rtk-float"
  | "rtk-fixed"
  | "pps"
  | "dead-reckoning"
  | "manual"
  | "time-only"
  | "simulated"
  /** No epochs: a gap in the data longer than the gap threshold. */
  | "no-data";

export interface FixAvailability {
  fixClass: FixClass;
  durationMs: number;
  /** Share of the accounted time, 0..1 */
  fraction: number;
  epochs: number;
}

export interface Percentiles {
  count: number;
  p50: number;
  p95: number;
  min: number;
  max: number;
}

export interface ConstellationSummary {
  constellation: Constellation;
  /** Distinct satellites reported in view */
  seen: number;
  /** Distinct satellites with a C/N0 at least once */
  tracked: number;
  /** Distinct satellites used in a fix at least once */
  used: number;
  /** Mean C/N0 over every tracked observation */
  meanCn0DbHz?: number;
  /** Mean number of this constellation's satellites used per fix, over the fixes whose used satellites the receiver stated */
  meanUsedPerFix?: number;
}

/**
 * Satellites of one constellation the receiver listed without a number (u-blox: a GLONASS signal before its slot is
 * read), over the log: counted, never named (SatelliteView.unidentified).
 */
export interface UnidentifiedSummary {
  /** undefined: the sentences' talker named none (GP, GN) */
  constellation?: Constellation;
  /** Epochs that listed at least one */
  epochsInView: number;
  /** Epochs that listed at least one with a C/N0 */
  epochsTracked: number;
  /** The most listed in one epoch */
  maxInView: number;
  /** The weakest and strongest C/N0 among them over the log (each epoch's strongest) */
  minCn0DbHz?: number;
  maxCn0DbHz?: number;
}

export interface SatelliteSummary {
  key: string;
  constellation: Constellation;
  svid: number;
  epochsInView: number;
  epochsTracked: number;
  epochsUsed: number;
  meanCn0DbHz?: number;
  maxCn0DbHz?: number;
  maxElevationDeg?: number;
}

export interface GapSummary {
  count: number;
  totalMs: number;
  minMs?: number;
  maxMs?: number;
  meanMs?: number;
  /** The longest ones, longest first, with when they ended (clock ms) */
  longest: { gapMs: number; atMs: number }[];
}

export type PositionScatter =
  | {
      kind: "static";
      samples: number;
      meanLatitudeDeg: number;
      meanLongitudeDeg: number;
      meanAltitudeMslM?: number;
      /** Horizontal distance from the mean position containing 50% / 95% of the fixes */
      cep50M: number;
      cep95M: number;
      /** Standard deviation of the altitude, metres */
      altitudeStdDevM?: number;
      /** 2D fixes that gave an altitude: the height the receiver held, not measured, and left out of the two above */
      heldAltitudeFixes?: number;
      /** Largest horizontal distance between two corners of the fixes' bounding box */
      extentM: number;
    }
  | { kind: "moving"; samples: number; extentM: number; pathLengthM: number; meanSpeedMps?: number; maxSpeedMps?: number }
  | { kind: "none" };

export interface ReceiverIdentity {
  /** Best guess from proprietary sentences and banners: "u-blox", "MediaTek", "SiRF", "Quectel", "Airoha" */
  vendor?: string;
  /** What the receiver said about itself (TXT banners, PMTK705, PQTMVERNO, ...), in order, deduplicated */
  lines: string[];
  /** Talkers seen (GP, GL, GA, GB, GN, ...) */
  talkers: string[];
  /** What it said of itself at the end of the log (u-blox UBX: its own TTFF, antenna, jamming, versions) */
  status?: ReceiverStatus;
}

/** TTFF, or why it is not measured (TtffNotMeasured: the first fix after N cycles, or a fix when the log began) */
export interface TtffSummary extends TtffNotMeasured {
  ttffMs?: number;
  first2dMs?: number;
  first3dMs?: number;
  firstFixMode?: "2d" | "3d";
  start?: StartInfo;
}

/** A restart of the receiver: what told it, when its run's first epoch came, and that run's time to first fix. */
export interface RestartSummary {
  /** `announced`: its startup message (`said`); `default-clock`: its clock went back to its default date */
  cause: "announced" | "default-clock";
  said?: string;
  /** The run's first epoch, ms after the log's first (on the report's clock) */
  firstEpochSinceStartMs?: number;
  ttff: TtffSummary;
}

/** Bounded time series for the plots; times are ms after `startMs` on the report's clock. */
export interface PlotData {
  startMs?: number;
  /** Width of one bucket: each point is the mean (or last value) of a bucket */
  bucketMs: number;
  fixClass: { tMs: number; fixClass: FixClass }[];
  satellites: { tMs: number; used?: number; tracked?: number; inView?: number }[];
  dop: { tMs: number; hdop?: number; vdop?: number; pdop?: number }[];
  /** C/N0 per tracked satellite; `used`: used in a fix for at least half of its tracked epochs in the bucket */
  cn0: { key: string; constellation: Constellation; points: { tMs: number; cn0DbHz: number; used: boolean }[] }[];
  sky: { key: string; constellation: Constellation; points: { tMs: number; azimuthDeg: number; elevationDeg: number; used: boolean }[] }[];
  /** The track in local east/north metres around `origin` (bucket means) */
  track: { tMs: number; eastM: number; northM: number }[];
  /** A uniform sample of single fixes (for a static log's scatter), east/north metres around `origin` */
  scatter: { eastM: number; northM: number }[];
  origin?: { latitudeDeg: number; longitudeDeg: number };
  /** The mean position in the same east/north metres (static logs) */
  mean?: { eastM: number; northM: number };
  /** With a truth: the error over time and a sample of single deviations from it */
  truth?: TruthPlotData;
}

/**
 * The clock of the epochs' times (`receivedAtMs`), so the report can say what its duration measures:
 * `receive` the receive times (a live source, or a recording's `@time` prefixes), `sentence` the
 * sentences' own times of day (a plain log read as fast as possible).
 */
export type EpochClock = "receive" | "sentence";

export interface Report {
  /** Clock times (ms) of the first and last epoch, on `epochClock` */
  firstEpochAtMs?: number;
  lastEpochAtMs?: number;
  /** lastEpochAtMs − firstEpochAtMs */
  durationMs?: number;
  /** Which clock the epoch times are on; undefined when the report saw no sentence to tell */
  epochClock?: EpochClock;
  /** The receiver's UTC (ISO 8601) of the first/last epoch whose date was known */
  firstUtc?: string;
  lastUtc?: string;
  /** lastUtc − firstUtc, ms: the receiver's clock, over the epochs with a date only */
  utcSpanMs?: number;
  /** Epochs with a UTC date and time (after the step of its time, when there was one) */
  epochsWithUtc: number;
  /** Before its first fix the receiver's date stepped further than the epochs' clock (its clock set from the
   * satellites, `ttff.clockSet`, or a join in the log): the first date before the step, and the dated epochs
   * before it, left out of firstUtc…lastUtc */
  utcBeforeStep?: string;
  epochsBeforeUtcStep?: number;
  /** The date moved by more than a day at the step: the receiver's clock being set (else a gap in the log) */
  utcStepClockSet?: boolean;
  /**
   * The receiver went back to a default clock after its clock was set (Epoch.defaultClock): restarted, `count`
   * times; `epochs` on that clock, left out of firstUtc…lastUtc (its date is no time); the first such date.
   */
  defaultClockReturns?: { count: number; epochs: number; firstUtc?: string };
  /**
   * The receiver's restarts after the log's first run, in order (TrackerEvent "restart"): each its own run, with
   * its time to first fix and start type (`ttff`; the log's first run is `Report.ttff`).
   */
  restarts?: RestartSummary[];
  /**
   * Cycles whose time of day was out of sequence (TrackerEvent "time-out-of-sequence"): it stepped away and the next
   * came back next to the cycle before it. `first`: the first such time of day as sent (hh:mm:ss.sss).
   */
  timeOutOfSequence?: { count: number; first: string };
  /**
   * Fixes the receiver said it made with no satellite used (GGA's count 00, its GSA listing none): its last solution
   * carried on (a Garmin coasting for seconds after losing lock). Counted as fixes, as it says; the text says so.
   */
  fixesWithoutSatellites?: number;
  /** Epochs the receiver dated in GPS week 0 (before 1980-01-13), not on a restart's default clock: no date, out of the UTC span */
  epochsWeekUnknown?: number;
  /** Epochs of a plain log before the receiver's first time of day: not on `epochClock`, left out of the duration */
  epochsWithoutTime?: number;
  /**
   * Cycles after the log's last time of day (a receiver that lost its fix and its clock with it): counted in the fix
   * availability at the last cycle period seen between timed epochs, an estimate.
   */
  untimedTail?: { cycles: number; cycleMs: number };
  epochs: number;
  /** Epochs the input cut short (it ended inside that cycle, or began after its position): left out of every other figure and plot */
  incompleteEpochs?: number;
  /**
   * Epochs whose position sentence stated a fix and sent a position that could not be read (a field diagnostic):
   * not fixes, not "no fix", left out of the figures
   */
  unreadablePositionEpochs?: number;
  /** Of incompleteEpochs, the log's first cycle (begun after its position) */
  incompleteAtStart?: number;
  epochsWithFix: number;
  sentences: number;
  /** UBX messages decoded */
  ubxMessages: number;
  /** Sentences by talker + id (`GPGGA`, `PMTK`, ...), UBX messages by name (`UBX-NAV-PVT`) */
  sentenceCounts: Record<string, number>;
  fixAvailability: FixAvailability[];
  ttff: TtffSummary;
  fixLosses: { count: number; byReason: Record<string, number> };
  reacquisitions: GapSummary;
  constellations: ConstellationSummary[];
  /**
   * Mean, over the fixes whose used satellites the receiver stated, of those it counted but named on no satellite in view: a GGA/GNS
   * count without GSA, GSA ids it does not place (one talker for every constellation), or ids the GSV does not list.
   */
  usedNotNamedPerFix?: number;
  /** Mean, over the fixes whose used satellites were stated, of the used satellites a GSA named and no GSV listed */
  usedUnlistedPerFix?: number;
  /** No fix of the log stated which or how many satellites it used (GGA/GNS 00 or none, no GSA list): a relay of a position */
  usedNeverStated?: true;
  /**
   * Epochs whose satellite list was incomplete (SatelliteView.incomplete: a receiver that sends its GSV list a page a
   * cycle before a rotation is complete, GSV pages lost): their satellites count in the table, the counts over time
   * leave them out
   */
  epochsSkyIncomplete?: number;
  /** Satellites listed without a number, by constellation (absent when none was) */
  unidentified?: UnidentifiedSummary[];
  satellites: SatelliteSummary[];
  dop: { hdop?: Percentiles; vdop?: Percentiles; pdop?: Percentiles };
  scatter: PositionScatter;
  diagnostics: { total: number; byKind: Partial<Record<DiagnosticKind, number>>; examples: { kind: DiagnosticKind; message: string }[] };
  /**
   * The receiver's own errors and warnings (NMEA TXT text id 00 error, 01 warning; not its antenna's state, which is
   * the antenna's), one entry per text in the order first heard. Absent when it reported none
   */
  receiverMessages?: ReceiverMessageSummary[];
  receiver: ReceiverIdentity;
  errors: string[];
  /** The fixes against where the antenna really was (`report --truth`) */
  truth?: TruthSummary;
  /** Why there was no fix when there was none, what the sky showed (src/diagnosis over the log) */
  diagnosis?: ReportDiagnosis;
  plots: PlotData;
}

/** An error or warning the receiver reported of itself (TXT text id 00 or 01), counted. */
export interface ReceiverMessageSummary {
  severity: "error" | "warning";
  text: string;
  count: number;
  /** The UTC time of day (hh:mm:ss.sss) of the last sentence with a time before its first report */
  firstAfter?: string;
  /** What it means, where the maker documents it */
  meaning?: string;
}
