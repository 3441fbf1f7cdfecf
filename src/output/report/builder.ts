// The report builder: feed it every GpsEvent of a log, then ask for the Report. Memory is bounded
// whatever the log's length: counters, fixed histograms, a reservoir of fixes for the scatter, and
// plot series on a shared grid of at most `plotPoints` buckets.

import { isoUtc } from "../../iso-time.js";
import { versionText } from "../receiver-text.js";
import { createCadence } from "./cadence.js";
import type { Constellation, DiagnosticKind, Epoch, GpsEvent, NonGnssQuality, ReceiverStatus, Sentence, UbxMessage } from "../../types.js";
import {
  createCategorySeries,
  createHistogram,
  createLastSeries,
  createMeanSeries,
  createReservoir,
  createTimeGrid,
  type Histogram,
  type LastSeries,
  type MeanSeries,
} from "./series.js";
import type {
  ConstellationSummary,
  EpochClock,
  FixAvailability,
  FixClass,
  GapSummary,
  Percentiles,
  PlotData,
  PositionScatter,
  Report,
  SatelliteSummary,
  RestartSummary,
  TtffSummary,
  UnidentifiedSummary,
} from "./types.js";
import type { ReceiverMessageSummary } from "./types.js";
import { cutByInputStart } from "../../state/input-cut.js";
import { isNonGnssQuality } from "../../state/fix-machine.js";
import { DAY_MS, MAX_CYCLE_MS } from "../../state/time.js";
import { txtAntennaStatus } from "../../parsing/sentences/txt.js";
import { altitudeMeasured } from "../export-format.js";
import { localFrame, toLocal, type LocalFrame } from "./local-frame.js";
import { createTruthAccumulator, type Truth } from "./truth.js";
import { createReportDiagnosis, type ReportDiagnosisOptions } from "./diagnosis.js";

/** Garmin's proprietary sentences without its model: a Garmin, or another maker's receiver imitating its NMEA. */
const GARMIN_COMPATIBLE = "Garmin or Garmin-compatible (PGRME/PGRM sentences)";

/** RTK-fixed positions of a receiver standing still stay within centimetres: spread over more than this, it moved. */
const RTK_FIXED_STATIC_EXTENT_M = 10;

export interface ReportBuilderOptions {
  /** Most points per plotted series (default 1000, at most 2000). */
  plotPoints?: number;
  /** Time between epochs beyond which the excess counts as "no data" (default 10 s; 2.5 × a slower log's own cadence). */
  gapThresholdMs?: number;
  /** Fixes kept for the static-scatter statistics (default 4096). */
  scatterSamples?: number;
  /** Where the antenna really was: each GNSS fix is compared with it (report.truth, plots.truth). */
  truth?: Truth;
  /** The diagnosis's almanac, place, and whether the log begins as the receiver powers on (report.diagnosis). */
  diagnosis?: ReportDiagnosisOptions;
}

export interface ReportBuilder {
  add(event: GpsEvent): void;
  result(): Report;
}

export const FIX_CLASSES: readonly FixClass[] = [
  "none",
  "fix",
  "2d",
  "3d",
  "dgps",
  "rtk-float",
  "rtk-fixed",
  "pps",
  "dead-reckoning",
  "manual",
  "time-only",
  "simulated",
  "no-data",
];

export function fixClassOf(epoch: Epoch): FixClass {
  if (epoch.mode === "none") return "none";
  switch (epoch.quality) {
    case "dgps":
    case "rtk-float":
    case "rtk-fixed":
    case "pps":
    case "dead-reckoning":
    case "manual":
    case "time-only":
    case "simulated":
      return epoch.quality;
    default:
      return epoch.dimensionUnstated === true ? "fix" : epoch.mode;
  }
}

/** A class of positions that are not GNSS fixes: they count as epochs with a position, not as fixes. */
export const isNonGnssClass = (fixClass: FixClass): fixClass is NonGnssQuality => isNonGnssQuality(fixClass);

interface SatelliteRecord {
  summary: SatelliteSummary;
  cn0Sum: number;
  cn0: MeanSeries;
  /** 1 for a tracked epoch in which it was used in a fix, else 0: per bucket, the share of its tracked time used */
  usedWhileTracked: MeanSeries;
  sky: LastSeries<{ azimuthDeg: number; elevationDeg: number; used: boolean }>;
}

/** What receivers' error and warning texts mean, where their maker says (u-blox M8/F9 receiver description). */
const RECEIVER_MESSAGE_MEANINGS: readonly { pattern: RegExp; vendor: string; meaning: string }[] = [
  { pattern: /^txbuf alloc$/i, vendor: "u-blox", meaning: "u-blox: its output buffer was full, sentences were dropped" },
];

/**
 * A TXT of text id 00 (error) or 01 (warning): the receiver reports a fault of its own, no identity (a banner is 02,
 * a notice). Its antenna's state is the antenna's (ReceiverStatus), whatever its id (CASIC: `ANTENNA OPEN` as 01).
 */
function receiverMessageOf(sentence: Sentence): { severity: "error" | "warning"; text: string } | undefined {
  if (sentence.sentenceId !== "TXT" || (sentence.textId !== 0 && sentence.textId !== 1)) return undefined;
  const text = sentence.text.trim();
  if (text === "" || txtAntennaStatus(sentence) !== undefined) return undefined;
  return { severity: sentence.textId === 0 ? "error" : "warning", text };
}

/** What identifies a receiver in its proprietary sentences and banners. */
function identityOf(sentence: Sentence): { vendor?: string; line?: string } {
  switch (sentence.sentenceId) {
    case "TXT": {
      const text = sentence.text.trim();
      // its antenna's state is no identity: the report says it as the antenna's (ReceiverStatus); nor is an error,
      // though a maker's own error text names the maker
      if (text === "" || txtAntennaStatus(sentence) !== undefined) return {};
      if (receiverMessageOf(sentence) !== undefined) {
        const vendor = RECEIVER_MESSAGE_MEANINGS.find((m) => m.pattern.test(text))?.vendor;
        return vendor === undefined ? {} : { vendor };
      }
      return /u-?blox/i.test(text) ? { vendor: "u-blox", line: text } : { line: text };
    }
    case "PMTK":
      if (sentence.messageType === 705) return { vendor: "MediaTek", line: `PMTK705 firmware ${sentence.fields.filter((f) => f !== "").join(", ")}` };
      return { vendor: "MediaTek" };
    case "PUBX":
      return { vendor: "u-blox" };
    case "PSRF":
      return { vendor: "SiRF" };
    case "PQTM":
      return sentence.fields.length > 0 && /VERNO/i.test(sentence.raw)
        ? { vendor: "Quectel", line: `PQTMVERNO ${sentence.fields.join(", ")}` }
        : { vendor: "Quectel" };
    case "PAIR":
      return sentence.messageType === 21 ? { vendor: "Airoha", line: `PAIR021 ${sentence.fields.join(", ")}` } : { vendor: "Airoha" };
    case "command":
      return { vendor: "Unicore" };
    // Garmin's sentences (PGRMZ is not one of them here: a FLARM sends its pressure altitude in it). Other makers
    // send PGRME/PGRMM too (gpsd's tn204.log: a Rayming TripNav 204, SiRF-II, "the NMEA looks like Garmin"): only
    // PGRMT, which names the model, names Garmin
    case "PGRME":
      return { vendor: GARMIN_COMPATIBLE };
    case "PGRM": {
      // $PGRMT names the model and its software version: `GPS 15-H Ver. 2.02`
      const model = sentence.messageName === "T" ? sentence.fields[0]?.trim() : undefined;
      return model === undefined || model === "" ? { vendor: GARMIN_COMPATIBLE } : { vendor: "Garmin", line: `PGRMT ${model}` };
    }
    default:
      return {};
  }
}

/** What identifies a receiver in its UBX messages: MON-VER's versions, its INF notices (its start-up banner). */
function ubxIdentityOf(message: UbxMessage): string | undefined {
  if (message.sentenceId === "UBX-MON-VER") {
    return `MON-VER ${versionText({ softwareVersion: message.swVersion, hardwareVersion: message.hwVersion, extensions: message.extensions })}`;
  }
  if (message.sentenceId === "UBX-INF-NOTICE" && message.text.trim() !== "") return message.text.trim();
  return undefined;
}

const MAX_IDENTITY_LINES = 20;
const MAX_EXAMPLES_PER_KIND = 3;
const MAX_ERRORS = 10;
const LONGEST_GAPS = 5;

const withDiagnosis = (diagnosis: Report["diagnosis"]): Pick<Report, "diagnosis"> => (diagnosis === undefined ? {} : { diagnosis });

export function createReportBuilder(options: ReportBuilderOptions = {}): ReportBuilder {
  const plotPoints = Math.min(2000, Math.max(10, Math.floor(options.plotPoints ?? 1000)));
  const gapThresholdMs = options.gapThresholdMs ?? 10_000;
  /** The log's cadence (cadence.ts): an interval over 10 s and 2.5 × it is a gap */
  const cadence = createCadence(gapThresholdMs);
  const grid = createTimeGrid(plotPoints);
  const fixSeries = createCategorySeries(grid, FIX_CLASSES);
  const usedSeries = createMeanSeries(grid);
  const trackedSeries = createMeanSeries(grid);
  const inViewSeries = createMeanSeries(grid);
  const hdopSeries = createMeanSeries(grid);
  const vdopSeries = createMeanSeries(grid);
  const pdopSeries = createMeanSeries(grid);
  const eastSeries = createMeanSeries(grid);
  const northSeries = createMeanSeries(grid);
  const hdop = createHistogram(100, 0.01);
  const vdop = createHistogram(100, 0.01);
  const pdop = createHistogram(100, 0.01);
  const scatter = createReservoir<{ eastM: number; northM: number }>(options.scatterSamples ?? 4096);
  const truth = options.truth === undefined ? undefined : createTruthAccumulator(options.truth, grid);
  const diagnosis = createReportDiagnosis({ ...options.diagnosis, gapThresholdMs });

  const satellites = new Map<string, SatelliteRecord>();
  const usedPerConstellation = new Map<Constellation, number>();
  /** Over the fixes: used satellites the receiver counted (GGA/GNS, GSA ids it does not place) but flagged on none in view */
  let usedNotNamedSum = 0;
  /** Over the fixes: used satellites a GSA named that no GSV listed (SatelliteView.usedUnlistedCount) */
  let usedUnlistedSum = 0;
  /**
   * Fixes whose used satellites the receiver stated (a count, or satellites flagged used): the per-fix means' divisor.
   * A fix with neither says nothing of them; it is no fix with 0 used (a Garmin 38's fix before its first GGA), nor is
   * one whose GGA says 00 while the source never stated any (a chartplotter relaying a position).
   */
  let fixesWithUsedStated = 0;
  /** Epochs whose satellite list was incomplete (SatelliteView.incomplete) */
  let epochsSkyIncomplete = 0;
  /** By constellation ("" where none was named): the satellites listed without a number */
  const unidentified = new Map<string, UnidentifiedSummary>();
  const availability = new Map<FixClass, { durationMs: number; epochs: number }>();
  const sentenceCounts: Record<string, number> = {};
  const talkers = new Set<string>();
  const identityLines: string[] = [];
  /** The receiver's own errors and warnings (TXT 00/01), and the UTC time of day of the last sentence that had one */
  const receiverMessages: ReceiverMessageSummary[] = [];
  let lastSentenceTodMs: number | undefined;
  const vendors = new Map<string, number>();
  const diagnosticsByKind: Partial<Record<DiagnosticKind, number>> = {};
  const examples: { kind: DiagnosticKind; message: string }[] = [];
  const errors: string[] = [];
  const ttff: TtffSummary = {};
  const fixLossesByReason: Record<string, number> = {};
  const gaps: GapSummary = { count: 0, totalMs: 0, longest: [] };

  let epochs = 0;
  let epochsWithFix = 0;
  let sentences = 0;
  let ubxMessages = 0;
  let receiverStatus: ReceiverStatus | undefined;
  let diagnostics = 0;
  let fixLosses = 0;
  let firstAtMs: number | undefined;
  let previous: { atMs: number; fixClass: FixClass; intervalMs?: number } | undefined;
  /** Epochs in a row at the instant of the one before them (cycles without a time of day, on the sentences' clock) */
  let epochsAtSameInstant = 0;
  /** The last cycle period seen between timed epochs (per cycle), for cycles at the log's end that give no time */
  let lastCycleMs: number | undefined;
  /** The classes of the epochs whose cycle took no time on the clock (each followed by one at its instant), by class */
  const sameInstantClasses = new Map<FixClass, number>();
  /** Whether every epoch of the run at one instant gave no time of day (a frozen or repeated time is no estimate's) */
  let sameInstantUntimed = true;
  let firstUtcMs: number | undefined;
  let lastUtcMs: number | undefined;
  let epochsWithUtc = 0;
  // the receiver's dates before its time stepped ahead of the epochs' clock (a default clock set, a log's join)
  let defaultClock: { firstUtcMs: number; epochs: number; clockSet: boolean } | undefined;
  let previousDated: { utcMs: number; atMs: number } | undefined;
  /** Returns to a default clock after the receiver's clock was set (restarts), and the epochs on it */
  const defaultClockReturns: { count: number; epochs: number; firstUtcMs?: number | undefined } = { count: 0, epochs: 0 };
  let previousOnDefaultClock = false;
  /** Cycles whose time of day was out of sequence (the tracker left them out of the sentences' clock) */
  const timeOutOfSequence: { count: number; firstTodMs?: number | undefined } = { count: 0 };
  /** Epochs dated in GPS week 0 (Epoch.weekUnknown) other than a restart's default clock: undated */
  let epochsWeekUnknown = 0;
  /** Restarts (tracker "restart" events), each with its run's TTFF; the run's first epoch still to come while `awaitingEpoch` */
  const restarts: RestartSummary[] = [];
  let awaitingEpoch: RestartSummary | undefined;
  let epochsWithoutTime = 0;
  let epochClock: EpochClock | undefined;
  // Position statistics, in metres around the first fix.
  let frame: LocalFrame | undefined;
  let positions = 0;
  let sumEast = 0;
  let sumNorth = 0;
  let minEast = Infinity;
  let maxEast = -Infinity;
  let minNorth = Infinity;
  let maxNorth = -Infinity;
  let pathLengthM = 0;
  /** The extent of the RTK-fixed positions: the receiver claims centimetres for them (min/max east, north) */
  const rtkFixed = { minEast: Infinity, maxEast: -Infinity, minNorth: Infinity, maxNorth: -Infinity };
  let lastPosition: { eastM: number; northM: number } | undefined;
  let altitudeCount = 0;
  /** 2D fixes with an altitude: the height the receiver held, left out of the altitude's mean and spread */
  let heldAltitudeFixes = 0;
  let altitudeMean = 0;
  let altitudeM2 = 0;
  let speedCount = 0;
  let speedSum = 0;
  let speedMax: number | undefined;

  const account = (fixClass: FixClass, durationMs: number, epochCount: number): void => {
    const entry = availability.get(fixClass) ?? { durationMs: 0, epochs: 0 };
    entry.durationMs += durationMs;
    entry.epochs += epochCount;
    availability.set(fixClass, entry);
  };

  const satelliteRecord = (key: string, constellation: Constellation, svid: number): SatelliteRecord => {
    let record = satellites.get(key);
    if (record === undefined) {
      record = {
        summary: { key, constellation, svid, epochsInView: 0, epochsTracked: 0, epochsUsed: 0 },
        cn0Sum: 0,
        cn0: createMeanSeries(grid),
        usedWhileTracked: createMeanSeries(grid),
        sky: createLastSeries(grid),
      };
      satellites.set(key, record);
    }
    return record;
  };

  let incompleteEpochs = 0;
  /** Epochs whose position sentence stated a fix with a position that could not be read (Epoch.positionUnreadable) */
  let unreadablePositionEpochs = 0;
  /** Of them, those since the last epoch taken: cycles of the interval before the next one */
  let unreadableSincePrevious = 0;
  let incompleteAtStart = 0;
  /** Epochs of the log so far, cut short or not: the first is the one its start may have cut */
  let epochsSeen = 0;
  /** Fixes the receiver said it made with no satellite used */
  let fixesWithoutSatellites = 0;
  const addEpoch = (epoch: Epoch): void => {
    epochs++;
    const atMs = epoch.receivedAtMs;
    const fixClass = fixClassOf(epoch);
    // a GNSS fix: dead reckoning, a manual or time-only position and the receiver's simulator are positions, in
    // the availability figures, but no fix: no DOP, used satellites or fix count of theirs
    const isFix = fixClass !== "none" && !isNonGnssQuality(fixClass);
    if (isFix) epochsWithFix++;
    // a fix whose receiver says it used no satellite (GGA 00, its GSA empty): its last solution carried on (coasting)
    if (isFix && epoch.noSatelliteUsed === true) fixesWithoutSatellites++;
    if (epoch.defaultClock === true) {
      // restarted onto its default clock: its date is no time (the tracker's clock did not take the steps either)
      if (previousOnDefaultClock !== true) {
        defaultClockReturns.count++;
        defaultClockReturns.firstUtcMs ??= epoch.timeMs;
      }
      defaultClockReturns.epochs++;
    } else if (epoch.timeMs !== undefined && Number.isFinite(epoch.timeMs)) {
      // Before the first fix, a step of the receiver's date that the epochs' clock did not take (more than a
      // cycle further) is its clock being set from the satellites, or a join the tracker took off: the UTC
      // span starts again there, or it would count the decades since a default clock's date as time the log lasted.
      if (previousDated !== undefined && epochsWithFix === (isFix ? 1 : 0)) {
        const clockStepMs = epoch.timeMs - previousDated.utcMs - (atMs - previousDated.atMs);
        if (Math.abs(clockStepMs) > MAX_CYCLE_MS && firstUtcMs !== undefined) {
          // the tracker's rule: a date moved by more than a day is a clock being set, not a log's gap
          const clockSet = (defaultClock?.clockSet ?? false) || Math.abs(epoch.timeMs - previousDated.utcMs) > DAY_MS;
          defaultClock = { firstUtcMs: defaultClock?.firstUtcMs ?? firstUtcMs, epochs: (defaultClock?.epochs ?? 0) + epochsWithUtc, clockSet };
          firstUtcMs = undefined;
          epochsWithUtc = 0;
        }
      }
      previousDated = { utcMs: epoch.timeMs, atMs };
      epochsWithUtc++;
      firstUtcMs ??= epoch.timeMs;
      lastUtcMs = epoch.timeMs;
    }
    previousOnDefaultClock = epoch.defaultClock === true;
    if (epoch.weekUnknown === true && epoch.defaultClock !== true) epochsWeekUnknown++;
    // On the sentences' clock, the cycles before the receiver's first time of day have no time (the
    // tracker stamps them 0): they count as epochs, but take no time and no place in the plots.
    const timed = epochClock !== "sentence" || epoch.timeOfDayMs !== undefined || firstAtMs !== undefined;
    if (timed) firstAtMs ??= atMs;
    if (awaitingEpoch !== undefined && firstAtMs !== undefined) awaitingEpoch.firstEpochSinceStartMs = atMs - firstAtMs;
    awaitingEpoch = undefined;

    // Time in state: each epoch owns the time until the next one, up to the gap threshold.
    if (!timed) {
      epochsWithoutTime++;
      account(fixClass, 0, 1);
    } else if (previous !== undefined) {
      const intervalMs = Math.max(0, atMs - previous.atMs);
      // Cycles that gave no time of day stand at their clock's last instant: the receiver went on talking through
      // the interval after them (71 cycles of `$GPRMC,,V` between two timed fixes are 71 s of no fix, not a gap),
      // each cycle covering up to the gap threshold; so do the cycles left out between (a position that could not
      // be read: the time is the fix's before them, as the receiver stated one).
      const cycles = 1 + epochsAtSameInstant + unreadableSincePrevious;
      // a log's own steady cadence is no gap (cadence.ts)
      const allowanceMs = cadence.allowanceMs(intervalMs / cycles) * cycles;
      account(previous.fixClass, Math.min(intervalMs, allowanceMs), 1);
      if (intervalMs > allowanceMs) account("no-data", intervalMs - allowanceMs, 0);
      epochsAtSameInstant = intervalMs === 0 ? epochsAtSameInstant + 1 : 0;
      if (intervalMs === 0) {
        sameInstantClasses.set(previous.fixClass, (sameInstantClasses.get(previous.fixClass) ?? 0) + 1);
        if (epoch.timeOfDayMs !== undefined) sameInstantUntimed = false;
      } else {
        sameInstantClasses.clear();
        sameInstantUntimed = true;
      }
      previous = { atMs, fixClass, intervalMs: Math.min(intervalMs, allowanceMs) / cycles };
      if (previous.intervalMs !== undefined && previous.intervalMs > 0) lastCycleMs = previous.intervalMs;
    } else previous = { atMs, fixClass };
    unreadableSincePrevious = 0;

    const bucket = timed ? grid.bucketOf(atMs) : undefined;
    if (bucket !== undefined) fixSeries.add(bucket, fixClass);
    const view = epoch.satellites;
    const used = epoch.satellitesUsed;
    if (used !== undefined && bucket !== undefined) usedSeries.add(bucket, used);
    // an incomplete list (GSV pages missing) counts fewer than the receiver has: not measured
    if (view.incomplete === true) epochsSkyIncomplete++;
    else if (view.inViewCount > 0 && bucket !== undefined) {
      trackedSeries.add(bucket, view.trackedCount);
      inViewSeries.add(bucket, view.inViewCount);
    }
    if (isFix) {
      const { hdop: h, vdop: v, pdop: p } = epoch.dop;
      const dops: [number | undefined, Histogram, MeanSeries][] = [
        [h, hdop, hdopSeries],
        [v, vdop, vdopSeries],
        [p, pdop, pdopSeries],
      ];
      for (const [value, histogram, series] of dops) {
        if (value === undefined) continue;
        histogram.add(value);
        if (bucket !== undefined) series.add(bucket, value);
      }
    }

    let flaggedUsed = 0;
    for (const sat of view.satellites) {
      if (sat.usedInFix) flaggedUsed++;
      const record = satelliteRecord(sat.key, sat.constellation, sat.svid);
      const s = record.summary;
      s.epochsInView++;
      // tracked: the view gives a C/N0 only above 0 (a GSV `00` is a channel without a signal)
      if (sat.cn0DbHz !== undefined) {
        s.epochsTracked++;
        record.cn0Sum += sat.cn0DbHz;
        s.maxCn0DbHz = Math.max(s.maxCn0DbHz ?? -Infinity, sat.cn0DbHz);
        if (bucket !== undefined) {
          record.cn0.add(bucket, sat.cn0DbHz);
          record.usedWhileTracked.add(bucket, sat.usedInFix && isFix ? 1 : 0);
        }
      }
      if (sat.usedInFix && isFix) {
        s.epochsUsed++;
        usedPerConstellation.set(sat.constellation, (usedPerConstellation.get(sat.constellation) ?? 0) + 1);
      }
      if (sat.elevationDeg !== undefined && sat.azimuthDeg !== undefined) {
        s.maxElevationDeg = Math.max(s.maxElevationDeg ?? -Infinity, sat.elevationDeg);
        if (bucket !== undefined) record.sky.set(bucket, { azimuthDeg: sat.azimuthDeg, elevationDeg: sat.elevationDeg, used: sat.usedInFix && isFix });
      }
    }
    // a count of 0 beside a fix states no use, unless the receiver's last solution is carried on (coasting)
    if (isFix && ((used !== undefined && used > 0) || flaggedUsed > 0 || epoch.noSatelliteUsed === true)) fixesWithUsedStated++;
    // an incomplete list's used satellites may be on its missing pages
    // the used satellites a GSA named that no GSV lists are named, not merely counted
    const unlisted = isFix && view.incomplete !== true ? (view.usedUnlistedCount ?? 0) : 0;
    usedUnlistedSum += unlisted;
    if (isFix && used !== undefined && used > flaggedUsed + unlisted && view.incomplete !== true) usedNotNamedSum += used - flaggedUsed - unlisted;
    for (const u of view.unidentified ?? []) {
      const name = u.constellation ?? "";
      let summary = unidentified.get(name);
      if (summary === undefined) {
        summary = { ...(u.constellation === undefined ? {} : { constellation: u.constellation }), epochsInView: 0, epochsTracked: 0, maxInView: 0 };
        unidentified.set(name, summary);
      }
      summary.epochsInView++;
      summary.maxInView = Math.max(summary.maxInView, u.inViewCount);
      if (u.trackedCount > 0) summary.epochsTracked++;
      if (u.cn0DbHz !== undefined) {
        summary.minCn0DbHz = Math.min(summary.minCn0DbHz ?? Infinity, u.cn0DbHz);
        summary.maxCn0DbHz = Math.max(summary.maxCn0DbHz ?? -Infinity, u.cn0DbHz);
      }
    }

    const { latitudeDeg: lat, longitudeDeg: lon } = epoch;
    if (isFix && lat !== undefined && lon !== undefined && Number.isFinite(lat) && Number.isFinite(lon)) {
      frame ??= localFrame(lat, lon);
      const local = toLocal(frame, lat, lon);
      positions++;
      sumEast += local.eastM;
      sumNorth += local.northM;
      minEast = Math.min(minEast, local.eastM);
      maxEast = Math.max(maxEast, local.eastM);
      minNorth = Math.min(minNorth, local.northM);
      maxNorth = Math.max(maxNorth, local.northM);
      if (epoch.quality === "rtk-fixed") {
        rtkFixed.minEast = Math.min(rtkFixed.minEast, local.eastM);
        rtkFixed.maxEast = Math.max(rtkFixed.maxEast, local.eastM);
        rtkFixed.minNorth = Math.min(rtkFixed.minNorth, local.northM);
        rtkFixed.maxNorth = Math.max(rtkFixed.maxNorth, local.northM);
      }
      if (lastPosition !== undefined) pathLengthM += Math.hypot(local.eastM - lastPosition.eastM, local.northM - lastPosition.northM);
      lastPosition = local;
      scatter.add(local);
      truth?.add(epoch, bucket);
      if (bucket !== undefined) {
        eastSeries.add(bucket, local.eastM);
        northSeries.add(bucket, local.northM);
      }
      if (!altitudeMeasured(epoch)) {
        if (epoch.altitudeMslM !== undefined) heldAltitudeFixes++;
      } else if (epoch.altitudeMslM !== undefined && Number.isFinite(epoch.altitudeMslM)) {
        // Welford's running variance
        altitudeCount++;
        const delta = epoch.altitudeMslM - altitudeMean;
        altitudeMean += delta / altitudeCount;
        altitudeM2 += delta * (epoch.altitudeMslM - altitudeMean);
      }
      if (epoch.speedMps !== undefined && Number.isFinite(epoch.speedMps)) {
        speedCount++;
        speedSum += epoch.speedMps;
        speedMax = Math.max(speedMax ?? 0, epoch.speedMps);
      }
    }
  };

  const addSentence = (sentence: Sentence): void => {
    sentences++;
    // A plain log read as fast as possible has no receive times: its epochs run on the sentences' times.
    epochClock ??= Number.isFinite(sentence.receivedAtMs) ? "receive" : "sentence";
    const name = sentence.talker === "P" ? sentence.sentenceId : `${sentence.talker}${sentence.sentenceId}`;
    sentenceCounts[name] = (sentenceCounts[name] ?? 0) + 1;
    if (sentence.talker !== "P") talkers.add(sentence.talker);
    const identity = identityOf(sentence);
    if (identity.vendor !== undefined) vendors.set(identity.vendor, (vendors.get(identity.vendor) ?? 0) + 1);
    if (identity.line !== undefined) addIdentityLine(identity.line);
    // (the sentence's own time of day: the cycle detector's roles would bring the parsers into a browser's report)
    const todMs = (sentence as { timeOfDayMs?: number }).timeOfDayMs;
    if (todMs !== undefined) lastSentenceTodMs = todMs;
    const said = receiverMessageOf(sentence);
    if (said !== undefined) addReceiverMessage(said.severity, said.text);
  };

  const addReceiverMessage = (severity: "error" | "warning", text: string): void => {
    const held = receiverMessages.find((m) => m.severity === severity && m.text === text);
    if (held !== undefined) {
      held.count++;
      return;
    }
    if (receiverMessages.length >= MAX_IDENTITY_LINES) return;
    const meaning = RECEIVER_MESSAGE_MEANINGS.find((m) => m.pattern.test(text))?.meaning;
    receiverMessages.push({
      severity,
      text,
      count: 1,
      ...(lastSentenceTodMs === undefined ? {} : { firstAfter: isoUtc(lastSentenceTodMs).slice(11, 23) }),
      ...(meaning === undefined ? {} : { meaning }),
    });
  };

  const addIdentityLine = (line: string): void => {
    if (identityLines.length < MAX_IDENTITY_LINES && !identityLines.includes(line)) identityLines.push(line);
  };

  const addUbx = (message: UbxMessage): void => {
    ubxMessages++;
    epochClock ??= Number.isFinite(message.receivedAtMs) ? "receive" : "sentence";
    sentenceCounts[message.sentenceId] = (sentenceCounts[message.sentenceId] ?? 0) + 1;
    vendors.set("u-blox", (vendors.get("u-blox") ?? 0) + 1);
    const line = ubxIdentityOf(message);
    if (line !== undefined) addIdentityLine(line);
  };

  const addEvent = (event: GpsEvent): void => {
    countEvent(event);
    // after the event's own count: a sentence or UBX message says what clock the log has
    diagnosis.add(event, epochClock);
  };

  const countEvent = (event: GpsEvent): void => {
    switch (event.type) {
      case "ubx":
        return addUbx(event.message);
      case "receiver":
        receiverStatus = event.receiver;
        return;
      case "epoch":
        // a cycle the input cut short says what arrived, not what the receiver reported: kept out of the figures
        if (event.epoch.positionUnreadable === true) {
          // a position sent and not readable: neither a fix of gnsskit's nor a "no fix", left out apart
          unreadablePositionEpochs++;
          unreadableSincePrevious++;
          epochsSeen++;
          return;
        }
        if (event.epoch.incomplete === true) {
          incompleteEpochs++;
          if (cutByInputStart(event.epoch, epochsSeen++)) incompleteAtStart++;
          return;
        }
        epochsSeen++;
        return addEpoch(event.epoch);
      case "sentence":
        return addSentence(event.sentence);
      case "diagnostic": {
        const { kind, message, value } = event.diagnostic;
        diagnostics++;
        // a receiver's own ASCII logs (`#BESTPOSA,…`), which the framer recognises and skips, name their maker
        if (kind === "binary" && (value === "NovAtel" || value === "Unicore")) vendors.set(value, (vendors.get(value) ?? 0) + 1);
        diagnosticsByKind[kind] = (diagnosticsByKind[kind] ?? 0) + 1;
        // a logger's text is the same on every line: one example says it
        const most = kind === "logger-text" ? 1 : MAX_EXAMPLES_PER_KIND;
        if (examples.filter((e) => e.kind === kind).length < most) examples.push({ kind, message });
        return;
      }
      case "time-out-of-sequence":
        timeOutOfSequence.count++;
        timeOutOfSequence.firstTodMs ??= event.timeOfDayMs;
        return;
      case "restart": {
        // a run of its own: the first-fix and start events after it are its
        const restart: RestartSummary = { cause: event.cause, ...(event.said === undefined ? {} : { said: event.said }), ttff: {} };
        restarts.push(restart);
        awaitingEpoch = restart;
        return;
      }
      case "first-fix": {
        const run = restarts.at(-1)?.ttff ?? ttff;
        if (run.firstFixMode === undefined) {
          run.firstFixMode = event.mode;
          if (event.ttffMs === undefined) {
            const { type: _type, ttffMs: _ttffMs, mode: _mode, atMs: _atMs, ...notMeasured } = event;
            Object.assign(run, notMeasured);
            return;
          }
          run.ttffMs = event.ttffMs;
          if (event.mode === "2d") run.first2dMs = event.ttffMs;
          else run.first3dMs ??= event.ttffMs;
        }
        return;
      }
      case "first-3d": {
        const run = restarts.at(-1)?.ttff ?? ttff;
        run.first3dMs ??= event.ttffMs;
        return;
      }
      case "start":
        // one inference, one answer per run: the tracker's last word (what decode and monitor show), which stops
        // changing once the first fix settles the evidence
        (restarts.at(-1)?.ttff ?? ttff).start = event.start;
        return;
      case "fix-lost":
        fixLosses++;
        fixLossesByReason[event.reason] = (fixLossesByReason[event.reason] ?? 0) + 1;
        return;
      case "reacquired": {
        gaps.count++;
        gaps.totalMs += event.gapMs;
        gaps.minMs = Math.min(gaps.minMs ?? Infinity, event.gapMs);
        gaps.maxMs = Math.max(gaps.maxMs ?? 0, event.gapMs);
        gaps.longest.push({ gapMs: event.gapMs, atMs: event.atMs });
        gaps.longest.sort((a, b) => b.gapMs - a.gapMs);
        gaps.longest.length = Math.min(gaps.longest.length, LONGEST_GAPS);
        return;
      }
      case "error":
        if (errors.length < MAX_ERRORS) errors.push(event.error.message);
        return;
      default:
        return;
    }
  };

  const percentiles = (h: Histogram): Percentiles | undefined => {
    const p50 = h.percentile(50);
    const p95 = h.percentile(95);
    if (p50 === undefined || p95 === undefined || h.min === undefined || h.max === undefined) return undefined;
    return { count: h.count, p50, p95, min: h.min, max: h.max };
  };

  const positionScatter = (): PositionScatter => {
    if (frame === undefined || positions === 0) return { kind: "none" };
    const extentM = Math.hypot(maxEast - minEast, maxNorth - minNorth);
    const meanSpeedMps = speedCount > 0 ? speedSum / speedCount : undefined;
    // Static receivers wander (tens of metres in a poor sky) but do not travel: a large extent, or a
    // sustained speed over a modest one, means the log moves; so do RTK-fixed positions (centimetres, the receiver
    // says) spread over more than 10 m, as a drone's GGA-only log without a speed sentence shows.
    const rtkFixedExtentM = Math.hypot(rtkFixed.maxEast - rtkFixed.minEast, rtkFixed.maxNorth - rtkFixed.minNorth);
    const moving =
      extentM > 500 ||
      (meanSpeedMps !== undefined && meanSpeedMps > 1 && extentM > 50) ||
      (Number.isFinite(rtkFixedExtentM) && rtkFixedExtentM > RTK_FIXED_STATIC_EXTENT_M);
    if (moving) {
      return {
        kind: "moving",
        samples: positions,
        extentM,
        pathLengthM,
        ...(meanSpeedMps !== undefined ? { meanSpeedMps } : {}),
        ...(speedMax !== undefined ? { maxSpeedMps: speedMax } : {}),
      };
    }
    const meanEast = sumEast / positions;
    const meanNorth = sumNorth / positions;
    const distances = scatter
      .items()
      .map((p) => Math.hypot(p.eastM - meanEast, p.northM - meanNorth))
      .sort((a, b) => a - b);
    const rank = (p: number): number => distances[Math.max(0, Math.ceil((p / 100) * distances.length) - 1)] ?? 0;
    return {
      kind: "static",
      samples: positions,
      meanLatitudeDeg: frame.latitudeDeg + meanNorth / frame.metresPerDegNorth,
      meanLongitudeDeg: frame.longitudeDeg + meanEast / frame.metresPerDegEast,
      ...(altitudeCount > 0 ? { meanAltitudeMslM: altitudeMean } : {}),
      cep50M: rank(50),
      cep95M: rank(95),
      ...(altitudeCount > 1 ? { altitudeStdDevM: Math.sqrt(altitudeM2 / (altitudeCount - 1)) } : {}),
      ...(heldAltitudeFixes > 0 ? { heldAltitudeFixes } : {}),
      extentM,
    };
  };

  const plots = (): PlotData => {
    const t = (bucket: number): number => bucket * grid.widthMs;
    const satelliteList = [...satellites.values()].sort(
      (a, b) => a.summary.constellation.localeCompare(b.summary.constellation) || a.summary.svid - b.summary.svid,
    );
    const merge = <K extends string>(series: Partial<Record<K, MeanSeries>>): ({ tMs: number } & Partial<Record<K, number>>)[] => {
      const rows = new Map<number, { tMs: number } & Partial<Record<K, number>>>();
      for (const [name, s] of Object.entries(series) as [K, MeanSeries][]) {
        for (const [bucket, value] of s.points()) {
          const row = rows.get(bucket) ?? ({ tMs: t(bucket) } as { tMs: number } & Partial<Record<K, number>>);
          (row as Record<string, number>)[name] = value;
          rows.set(bucket, row);
        }
      }
      return [...rows.entries()].sort((a, b) => a[0] - b[0]).map(([, row]) => row);
    };
    const northByBucket = new Map(northSeries.points());
    const meanPosition = positions > 0 ? { eastM: sumEast / positions, northM: sumNorth / positions } : undefined;
    return {
      ...(grid.startMs !== undefined ? { startMs: grid.startMs } : {}),
      bucketMs: grid.widthMs,
      fixClass: fixSeries.points().map(([bucket, fixClass]) => ({ tMs: t(bucket), fixClass })),
      satellites: merge({ used: usedSeries, tracked: trackedSeries, inView: inViewSeries }),
      dop: merge({ hdop: hdopSeries, vdop: vdopSeries, pdop: pdopSeries }),
      cn0: satelliteList
        .map((r) => {
          const usedShare = new Map(r.usedWhileTracked.points());
          return {
            key: r.summary.key,
            constellation: r.summary.constellation,
            points: r.cn0.points().map(([bucket, cn0DbHz]) => ({ tMs: t(bucket), cn0DbHz, used: (usedShare.get(bucket) ?? 0) >= 0.5 })),
          };
        })
        .filter((s) => s.points.length > 0),
      sky: satelliteList
        .map((r) => ({
          key: r.summary.key,
          constellation: r.summary.constellation,
          points: r.sky.points().map(([bucket, p]) => ({ tMs: t(bucket), ...p })),
        }))
        .filter((s) => s.points.length > 0),
      track: eastSeries.points().flatMap(([bucket, eastM]) => {
        const northM = northByBucket.get(bucket);
        return northM === undefined ? [] : [{ tMs: t(bucket), eastM, northM }];
      }),
      scatter: [...scatter.items()],
      ...(frame !== undefined ? { origin: { latitudeDeg: frame.latitudeDeg, longitudeDeg: frame.longitudeDeg } } : {}),
      ...(meanPosition !== undefined ? { mean: meanPosition } : {}),
      ...(truth === undefined ? {} : { truth: truth.plots(t) }),
    };
  };

  return {
    add(event) {
      try {
        addEvent(event);
      } catch (error) {
        // A report must never take the pipeline down; note it and carry on.
        if (errors.length < MAX_ERRORS) errors.push(`report: ${error instanceof Error ? error.message : String(error)}`);
      }
    },
    result() {
      // The last epoch owns one more interval (the typical one, the last seen). Cycles after the last time of day
      // (a receiver that lost its fix and its clock with it: `$GPRMC,,V` to the end) each own one such cycle too,
      // an estimate the report says it made: no clock says how long they lasted.
      const accounted = new Map(availability);
      let untimedTail: { cycles: number; cycleMs: number } | undefined;
      if (previous !== undefined) {
        const entry = accounted.get(previous.fixClass) ?? { durationMs: 0, epochs: 0 };
        // a run of cycles that repeated a time of day (a frozen clock, a cycle written twice) took no time we know of
        const ownMs = previous.intervalMs !== undefined && previous.intervalMs > 0 ? previous.intervalMs : sameInstantUntimed ? (lastCycleMs ?? 0) : 0;
        accounted.set(previous.fixClass, { durationMs: entry.durationMs + ownMs, epochs: entry.epochs + 1 });
        if (epochsAtSameInstant > 0 && ownMs > 0 && sameInstantUntimed) {
          untimedTail = { cycles: epochsAtSameInstant, cycleMs: ownMs };
          // each cycle of the run before the last: its own class, one cycle each
          for (const [fixClass, cycles] of sameInstantClasses) {
            const e = accounted.get(fixClass) ?? { durationMs: 0, epochs: 0 };
            accounted.set(fixClass, { durationMs: e.durationMs + ownMs * cycles, epochs: e.epochs });
          }
        }
      }
      const totalMs = [...accounted.values()].reduce((sum, e) => sum + e.durationMs, 0);
      const fixAvailability: FixAvailability[] = FIX_CLASSES.flatMap((fixClass) => {
        const entry = accounted.get(fixClass);
        if (entry === undefined) return [];
        return [
          {
            fixClass,
            durationMs: entry.durationMs,
            fraction: totalMs > 0 ? entry.durationMs / totalMs : entry.epochs / Math.max(1, epochs),
            epochs: entry.epochs,
          },
        ];
      });

      const byConstellation = new Map<Constellation, SatelliteRecord[]>();
      for (const record of satellites.values()) {
        const list = byConstellation.get(record.summary.constellation) ?? [];
        list.push(record);
        byConstellation.set(record.summary.constellation, list);
      }
      const constellations: ConstellationSummary[] = [...byConstellation.entries()]
        .sort((a, b) => a[0].localeCompare(b[0]))
        .map(([constellation, records]) => {
          const observations = records.reduce((n, r) => n + r.summary.epochsTracked, 0);
          const cn0Sum = records.reduce((n, r) => n + r.cn0Sum, 0);
          const usedObservations = usedPerConstellation.get(constellation) ?? 0;
          return {
            constellation,
            seen: records.length,
            tracked: records.filter((r) => r.summary.epochsTracked > 0).length,
            used: records.filter((r) => r.summary.epochsUsed > 0).length,
            ...(observations > 0 ? { meanCn0DbHz: cn0Sum / observations } : {}),
            ...(fixesWithUsedStated > 0 ? { meanUsedPerFix: usedObservations / fixesWithUsedStated } : {}),
          };
        });
      const satelliteSummaries = [...satellites.values()]
        .map((r) => ({ ...r.summary, ...(r.summary.epochsTracked > 0 ? { meanCn0DbHz: r.cn0Sum / r.summary.epochsTracked } : {}) }))
        .sort((a, b) => a.constellation.localeCompare(b.constellation) || a.svid - b.svid);

      const top = [...vendors.entries()].sort((a, b) => b[1] - a[1])[0]?.[0];
      // a PGRMT naming its model outweighs any number of the sentences other makers imitate
      const vendor = top === GARMIN_COMPATIBLE && vendors.has("Garmin") ? "Garmin" : top;
      const h = percentiles(hdop);
      const v = percentiles(vdop);
      const p = percentiles(pdop);
      const lastAtMs = previous?.atMs;
      return {
        ...(firstAtMs !== undefined ? { firstEpochAtMs: firstAtMs } : {}),
        ...(lastAtMs !== undefined ? { lastEpochAtMs: lastAtMs } : {}),
        ...(firstAtMs !== undefined && lastAtMs !== undefined ? { durationMs: lastAtMs - firstAtMs } : {}),
        ...(epochClock !== undefined ? { epochClock } : {}),
        ...(firstUtcMs !== undefined ? { firstUtc: isoUtc(firstUtcMs) } : {}),
        ...(lastUtcMs !== undefined ? { lastUtc: isoUtc(lastUtcMs) } : {}),
        ...(firstUtcMs !== undefined && lastUtcMs !== undefined ? { utcSpanMs: lastUtcMs - firstUtcMs } : {}),
        epochsWithUtc,
        ...(defaultClock !== undefined
          ? { utcBeforeStep: isoUtc(defaultClock.firstUtcMs), epochsBeforeUtcStep: defaultClock.epochs, utcStepClockSet: defaultClock.clockSet }
          : {}),
        ...(defaultClockReturns.count > 0
          ? {
              defaultClockReturns: {
                count: defaultClockReturns.count,
                epochs: defaultClockReturns.epochs,
                // a date in GPS week 0 is none (Epoch.weekUnknown)
                ...(defaultClockReturns.firstUtcMs === undefined ? {} : { firstUtc: isoUtc(defaultClockReturns.firstUtcMs) }),
              },
            }
          : {}),
        ...(epochsWeekUnknown > 0 ? { epochsWeekUnknown } : {}),
        ...(timeOutOfSequence.count > 0
          ? { timeOutOfSequence: { count: timeOutOfSequence.count, first: isoUtc(timeOutOfSequence.firstTodMs ?? 0).slice(11, 23) } }
          : {}),
        ...(restarts.length > 0 ? { restarts: restarts.map((r) => ({ ...r, ttff: { ...r.ttff } })) } : {}),
        ...(epochsWithoutTime > 0 ? { epochsWithoutTime } : {}),
        ...(untimedTail !== undefined ? { untimedTail } : {}),
        ...(fixesWithoutSatellites > 0 ? { fixesWithoutSatellites } : {}),
        epochs,
        ...(incompleteEpochs > 0 ? { incompleteEpochs } : {}),
        ...(unreadablePositionEpochs > 0 ? { unreadablePositionEpochs } : {}),
        ...(incompleteAtStart > 0 ? { incompleteAtStart } : {}),
        epochsWithFix,
        sentences,
        ubxMessages,
        sentenceCounts: { ...sentenceCounts },
        fixAvailability,
        ...(usedNotNamedSum > 0 && fixesWithUsedStated > 0 ? { usedNotNamedPerFix: usedNotNamedSum / fixesWithUsedStated } : {}),
        ...(usedUnlistedSum > 0 && fixesWithUsedStated > 0 ? { usedUnlistedPerFix: usedUnlistedSum / fixesWithUsedStated } : {}),
        ...(epochsWithFix > 0 && fixesWithUsedStated === 0 ? { usedNeverStated: true as const } : {}),
        ...(epochsSkyIncomplete > 0 ? { epochsSkyIncomplete } : {}),
        ...(unidentified.size > 0 ? { unidentified: [...unidentified.values()].map((u) => ({ ...u })) } : {}),
        ttff: { ...ttff },
        fixLosses: { count: fixLosses, byReason: { ...fixLossesByReason } },
        reacquisitions: { ...gaps, longest: [...gaps.longest], ...(gaps.count > 0 ? { meanMs: gaps.totalMs / gaps.count } : {}) },
        constellations,
        satellites: satelliteSummaries,
        dop: { ...(h ? { hdop: h } : {}), ...(v ? { vdop: v } : {}), ...(p ? { pdop: p } : {}) },
        scatter: positionScatter(),
        diagnostics: { total: diagnostics, byKind: { ...diagnosticsByKind }, examples: [...examples] },
        ...(receiverMessages.length > 0 ? { receiverMessages: receiverMessages.map((m) => ({ ...m })) } : {}),
        receiver: {
          ...(vendor !== undefined ? { vendor } : {}),
          lines: [...identityLines],
          talkers: [...talkers].sort(),
          ...(receiverStatus !== undefined ? { status: { ...receiverStatus } } : {}),
        },
        errors: [...errors],
        ...(truth === undefined ? {} : { truth: truth.summary() }),
        ...withDiagnosis(diagnosis.result()),
        plots: plots(),
      };
    },
  };
}
