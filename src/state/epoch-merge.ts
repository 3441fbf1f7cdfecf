// The merge of one cycle's sentences into an epoch: which sentence's word counts for each field. The cycle
// detector (cycles.ts) says which cycle a sentence belongs to; the tracker keeps fix state, TTFF and events.
//
// What the merge promises (README "What the tracker promises"):
// - Fix mode: GSA's mode is the receiver's own word on the dimension and wins over every other sentence;
//   2D there is 2D, whatever the satellite count or the altitude GGA carries (a 2D solution holds its
//   altitude: a receiver holding 165.6 m for an hour says GSA 2 all along); its cycles without GSA keep its
//   last GSA's word (2D or 3D) until its next GSA. From a receiver that never sent GSA (or whose last GSA said
//   no fix), GGA/GNS say 3D with an altitude and ≥ 4 satellites used, RMC/GLL (which cannot tell) never
//   downgrade a 3D (gpsd). A cycle without its own GSA whose GGA/GNS count is below 4 is 2D (four unknowns).
// - Used: the satellites the receiver says it used, from GSA (once it sends GSA), else GNS's count, else
//   GGA's (the largest of a cycle's per-system GGAs). One count: the view's usedCount and the epoch's
//   satellitesUsed are the same number. A satellite or signal is flagged used only with a signal (C/N0).
// - Quality: GGA's quality wins over the FAA mode letters of RMC/GLL/GNS. Dead reckoning, manual input and
//   the receiver's own simulator are positions, but not GNSS fixes (the tracker's fix state says so).
// - UBX: a receiver sending NMEA and UBX for one solution gives one epoch, and wherever UBX gives a field its
//   value wins over the NMEA one (ubx-merge.ts says which UBX message wins within UBX); the satellite view is
//   NAV-SAT's and NAV-SIG's (satellites.ts).
import type { Dop, Epoch, FixMode, FixQuality, GgaQuality, ReceiverMessage } from "../types.js";
import { addExtras, applyAttitude, FAA_QUALITY, garminErrors, skytraqRtkStatus, type Extras } from "./extras.js";
import { isCorrectedQuality } from "./fix-machine.js";
import { createSkyAssembler, type SkyAssembler } from "./satellites.js";
import { MAX_CYCLE_MS, resolveTime, setDate, type UtcDate } from "./time.js";
import {
  applyNavCov,
  applyNavDop,
  applyNavHpPosLlh,
  applyNavPosLlh,
  applyNavPvt,
  applyNavSol,
  applyNavStatus,
  applyNavVelNed,
  type UbxCycle,
} from "./ubx-merge.js";

const KNOTS_TO_MPS = 1852 / 3600;
/** gpsd's UERE constants (libgpsd_core.c), metres at 95 %. */
const UERE = { h: 19.0, v: 23.0, hDgps: 4.75, vDgps: 5.75 };
export const GGA_QUALITY: Record<GgaQuality, FixQuality> = {
  0: "none",
  1: "autonomous",
  2: "dgps",
  3: "pps",
  4: "rtk-fixed",
  5: "rtk-float",
  6: "dead-reckoning",
  7: "manual",
  8: "simulated",
};

/**
 * FAA modes E, M and S (estimated or dead reckoning, manual input, simulator): IEC 61162-1 gives such positions
 * status V, so an RMC or GLL "V" with one of them is a position of that kind (the GGA of the same cycle says
 * quality 6-8), not "no fix": the order of a cycle's sentences must not turn it into one.
 */
const isEstimateMode = (faa: string | undefined): boolean => faa === "E" || faa === "M" || faa === "S";

const validDop = (v: number | undefined): v is number => v !== undefined && v >= 0.01 && v <= 89.99;
const DOP_BIT = { pdop: 1, hdop: 2, vdop: 4 } as const;
const DOP_KEYS = Object.keys(DOP_BIT) as (keyof typeof DOP_BIT)[];

/**
 * The open cycle. Every field is there from the start (undefined until a sentence gives it): one shape, its
 * fields in the object itself; added one by one, they cost V8 a new properties store every few fields, per cycle.
 */
interface Pending {
  sentenceIds: string[];
  timeOfDayMs: number | undefined;
  mode: FixMode | undefined;
  /** The mode came from an explicit "no fix" (GGA quality 0, RMC/GLL V, GSA 1, GNS all N) */
  noFixReported: boolean;
  /** Some message of the cycle said no fix (any of the above, a position sentence without a position, UBX's no-fix), whatever the last vote */
  saidNoFix: boolean;
  /** The mode came from GSA (authoritative: GGA/RMC/GLL votes do not change it) */
  modeFromGsa: boolean;
  /** A sentence that states the dimension (GSA, GGA/GNS with a position, PGRMZ, a UBX fix, a GSA's held word) voted */
  dimensionStated: boolean;
  /** RMC or GLL voted 2D for want of any word on it (no altitude, no count) */
  dimensionGuessed: boolean;
  /** A position sentence stated a fix and sent a position that could not be read (`17°61.000'`) */
  positionUnreadable: boolean;
  quality: FixQuality | undefined;
  qualityFromGga: boolean;
  latitudeDeg: number | undefined;
  longitudeDeg: number | undefined;
  altitudeMslM: number | undefined;
  /** The altitude is a position sentence's (GGA, GNS): Garmin's PGRMZ only fills a cycle without one */
  altitudeFromSolution: boolean;
  geoidSeparationM: number | undefined;
  speedMps: number | undefined;
  trackTrueDeg: number | undefined;
  magneticVariationDeg: number | undefined;
  latitudeErrorM: number | undefined;
  longitudeErrorM: number | undefined;
  altitudeErrorM: number | undefined;
  /** A GBS's expected errors (RAIM): the solution's error estimate where no GST, PGRME or UBX gave one */
  gbsLatitudeErrorM: number | undefined;
  gbsLongitudeErrorM: number | undefined;
  gbsAltitudeErrorM: number | undefined;
  dgpsAgeS: number | undefined;
  dgpsStationId: string | undefined;
  /** The largest GGA count of the cycle (several GGAs per cycle carry per-system counts: SiRFstarV) */
  ggaUsed: number | undefined;
  /** GGAs in the cycle (a receiver sending one per system counts each system's satellites in its own) */
  ggaSentences: number;
  gnsUsed: number | undefined;
  /** A GN GNS's count (all systems), and the sum of the per-system GNS counts */
  gnsUsedAll: number | undefined;
  gnsUsedSystems: number | undefined;
  /** Heading, attitude, RTK status, Garmin's spherical error (extras.ts) */
  extras: Extras | undefined;
  /** What the cycle's UBX messages say; wins over the NMEA values field by field (ubx-merge.ts) */
  ubx: UbxCycle | undefined;
  /** The DOPs a message of this cycle gave (DOP_BIT): a placeholder later in the cycle leaves those alone */
  dopsGiven: number;
}

const openCycle = (): Pending => ({
  sentenceIds: [],
  timeOfDayMs: undefined,
  mode: undefined,
  noFixReported: false,
  saidNoFix: false,
  modeFromGsa: false,
  dimensionStated: false,
  dimensionGuessed: false,
  positionUnreadable: false,
  quality: undefined,
  qualityFromGga: false,
  latitudeDeg: undefined,
  longitudeDeg: undefined,
  altitudeMslM: undefined,
  altitudeFromSolution: false,
  geoidSeparationM: undefined,
  speedMps: undefined,
  trackTrueDeg: undefined,
  magneticVariationDeg: undefined,
  latitudeErrorM: undefined,
  longitudeErrorM: undefined,
  altitudeErrorM: undefined,
  gbsLatitudeErrorM: undefined,
  gbsLongitudeErrorM: undefined,
  gbsAltitudeErrorM: undefined,
  dgpsAgeS: undefined,
  dgpsStationId: undefined,
  ggaUsed: undefined,
  ggaSentences: 0,
  gnsUsed: undefined,
  gnsUsedAll: undefined,
  gnsUsedSystems: undefined,
  extras: undefined,
  ubx: undefined,
  dopsGiven: 0,
});

/** What the tracker needs of a built epoch besides the epoch itself. */
export interface BuiltEpoch {
  epoch: Epoch;
  /** A position the receiver says it solved from GNSS (2D/3D with a qualifying quality) */
  isFix: boolean;
  /** The receiver said it has no fix (GGA quality 0, RMC/GLL V, GSA 1, GNS all N) */
  noFixReported: boolean;
  /**
   * The cycle has no fix and one of its messages said so (not merely a position missing from a cycle the
   * receiver says has a fix: a log begun after that cycle's NAV-PVT): the receiver was heard searching
   */
  searching: boolean;
  /**
   * The cycle states a fix (2D/3D) and none of its messages says no fix, yet it gives no position: the cycle
   * the input began in, after its position (a NAV-STATUS saying 3D without the NAV-PVT before it)
   */
  fixWithoutPosition: boolean;
  /** A position sentence stated a fix and its position could not be read: the epoch has the mode, not the position */
  positionUnreadable: boolean;
}

export interface EpochMerge {
  readonly sky: SkyAssembler;
  readonly date: UtcDate;
  /** The last epoch built */
  readonly lastEpoch: Epoch | undefined;
  /** Whether a cycle is being assembled */
  readonly open: boolean;
  /** The open cycle's sentence ids so far */
  readonly openSentenceIds: readonly string[];
  /**
   * The open cycle has no time and no position, and none of its messages said anything of a fix (a VTG, a GSV
   * set, a heading): as an epoch of its own it would say "no fix", which nothing said.
   */
  readonly openSaysNothingOfFix: boolean;
  /** Every sentence and UBX message, in order, also those the detector drops (GSV/GSA block contiguity). */
  noteSentence(s: ReceiverMessage): void;
  /** A late sentence: only its date is kept (`tod`: its UTC time of day). */
  keepDate(s: ReceiverMessage, tod: number): void;
  /**
   * Apply a sentence to the open cycle (opening one); `utcTodMs`: the UTC time of day it gives the epoch.
   * `stuck`: a GGA repeating its time (a latched receiver).
   */
  apply(s: ReceiverMessage, utcTodMs: number | undefined, stuck: boolean): void;
  /** Build the open cycle's epoch (fixState left to the caller) and close it; undefined when nothing is open. */
  build(atMs: number): BuiltEpoch | undefined;
  /** Drop the open cycle's sentences without an epoch. */
  discard(): void;
  /**
   * The receiver's time jumped (back, or forward by more than a cycle: a gap in the log, logs joined, a restart):
   * what earlier cycles said and later ones held (the satellites listed and used, the last GSA's dimension and DOPs,
   * a height held in 2D, the last epoch's 3D and altitude, which RMC and GLL keep) is not the word of the cycles after it. What the open cycle itself gave before the jump was seen (a GSA at its head) stays.
   */
  timeJumped(): void;
}

/** `dateOffsetMs`: added to every date the receiver sends (1024 weeks to undo a GPS week rollover). */
export function createEpochMerge(options: { dateOffsetMs?: number } = {}): EpochMerge {
  const sky = createSkyAssembler();
  const date: UtcDate = options.dateOffsetMs === undefined ? {} : { offsetMs: options.dateOffsetMs };
  const dop: Dop = {};
  let pending: Pending | undefined;
  let lastEpoch: Epoch | undefined;
  /** The cycle before: what the last epoch said of the dimension and height, until the receiver's time jumps */
  let cycleBefore: Epoch | undefined;
  /** A fix of this source stated satellites used (a count or a list): a later fix with none is its last solution carried on */
  let usedEverStated = false;
  let lastFixEpoch: Epoch | undefined;
  let gsaBlockMode: 1 | 2 | 3 | undefined;
  /** The altitude of the cycle just built when it was GSA-2D with ≥ 4 satellites, and whether such an altitude ever moved */
  let heldAltitudeM: number | undefined;
  let heightSolvedIn2d = false;
  /**
   * The dimension the receiver's last GSA block gave (undefined after one without a fix): its word for the cycles
   * it sends without a GSA, until its next one. Their GGA's altitude says nothing of it (a 2D solution holds its
   * altitude: a Haicom 305N's GSA said 2D with 4 satellites, one cycle after two GSA-less cycles whose GGA carried
   * those 4 and the held altitude).
   */
  let lastGsaDimension: "2d" | "3d" | undefined;
  /** The ids of the sentence being merged and of the one before it (a block of GSAs) */
  let currentSentenceId: string | undefined;
  let previousSentenceId: string | undefined;

  /** Mode vote: 2D from a sentence that cannot tell 2D from 3D never downgrades a 3D (gpsd). */
  function vote(p: Pending, mode: FixMode, explicitNoFix: boolean, authoritative: boolean): void {
    if (mode === "none") {
      p.mode = "none";
      p.noFixReported = explicitNoFix;
      p.saidNoFix = true;
      p.modeFromGsa = authoritative && gsaBlockMode !== undefined;
      return;
    }
    if (!authoritative && p.modeFromGsa && p.mode !== "none") return;
    p.noFixReported = false;
    if (authoritative) p.dimensionStated = true;
    if (!authoritative && lastGsaDimension !== undefined) {
      // a position in a cycle without GSA: the dimension is the receiver's last GSA's
      p.mode = lastGsaDimension;
      p.modeFromGsa = true;
      p.dimensionStated = true;
      return;
    }
    p.modeFromGsa = authoritative && gsaBlockMode !== undefined;
    const current = p.mode ?? cycleBefore?.mode;
    if (mode === "2d" && !authoritative && current === "3d") {
      p.mode = "3d";
      return;
    }
    p.mode = mode;
  }

  function setQuality(p: Pending, q: FixQuality | undefined, fromGga: boolean): void {
    if (q === undefined) return;
    if (!fromGga && p.qualityFromGga) return;
    p.quality = q;
    p.qualityFromGga = fromGga;
  }

  function setPosition(p: Pending, lat: number | undefined, lon: number | undefined): boolean {
    if (lat === undefined || lon === undefined) return false;
    p.latitudeDeg = lat;
    p.longitudeDeg = lon;
    return true;
  }

  function applyTo(p: Pending, s: ReceiverMessage, clockTodMs: number | undefined, stuck: boolean): void {
    switch (s.sentenceId) {
      case "GGA": {
        if (s.quality !== undefined) setQuality(p, GGA_QUALITY[s.quality], true);
        if (s.satellitesUsed !== undefined) p.ggaUsed = Math.max(p.ggaUsed ?? 0, s.satellitesUsed);
        p.ggaSentences++;
        takeDop(p, "hdop", s.hdop);
        if (s.altitudeMslM !== undefined) {
          p.altitudeMslM = s.altitudeMslM;
          p.altitudeFromSolution = true;
        }
        if (s.geoidSeparationM !== undefined) p.geoidSeparationM = s.geoidSeparationM;
        if (s.dgpsAgeS !== undefined) p.dgpsAgeS = s.dgpsAgeS;
        if (s.dgpsStationId !== undefined) p.dgpsStationId = s.dgpsStationId;
        const hasPosition = setPosition(p, s.latitudeDeg, s.longitudeDeg);
        if (stuck || s.quality === 0) {
          // a GGA whose time does not advance: a receiver latched on its last fix (Trimble Placer 450)
          vote(p, "none", true, true);
        } else if (!hasPosition && s.positionUnreadable === true) {
          // a position sent and not readable is no "no fix"
          p.positionUnreadable = true;
        } else if (!hasPosition || (s.satellitesUsed !== undefined && s.satellitesUsed < 3 && (s.talker === "GP" || s.talker === "GN"))) {
          vote(p, "none", false, true);
        } else {
          vote(p, s.altitudeMslM !== undefined && (s.satellitesUsed ?? 0) >= 4 ? "3d" : "2d", false, false);
          p.dimensionStated = true;
        }
        break;
      }
      case "GNS": {
        // a GN GNS counts every system's satellites; per-system GNS (GP, GL…: NMEA 4.x) count their own, which add up
        if (s.satellitesUsed !== undefined) {
          if (s.talker === "GN") p.gnsUsedAll = s.satellitesUsed;
          else p.gnsUsedSystems = (p.gnsUsedSystems ?? 0) + s.satellitesUsed;
          p.gnsUsed = p.gnsUsedAll ?? p.gnsUsedSystems;
        }
        takeDop(p, "hdop", s.hdop);
        if (s.altitudeMslM !== undefined) {
          p.altitudeMslM = s.altitudeMslM;
          p.altitudeFromSolution = true;
        }
        if (s.geoidSeparationM !== undefined) p.geoidSeparationM = s.geoidSeparationM;
        if (s.dgpsAgeS !== undefined) p.dgpsAgeS = s.dgpsAgeS;
        if (s.dgpsStationId !== undefined) p.dgpsStationId = s.dgpsStationId;
        const modes = (s.modeIndicators ?? "").toUpperCase();
        const active = [...modes].find((c) => c !== "N");
        const hasPosition = setPosition(p, s.latitudeDeg, s.longitudeDeg);
        if (modes.length > 0 && active === undefined) {
          vote(p, "none", true, true);
        } else if (!hasPosition && s.positionUnreadable === true) {
          p.positionUnreadable = true;
        } else if (!hasPosition) {
          vote(p, "none", false, true);
        } else {
          if (active !== undefined) setQuality(p, FAA_QUALITY[active], false);
          vote(p, s.altitudeMslM !== undefined && (s.satellitesUsed ?? 0) >= 4 ? "3d" : "2d", false, false);
          p.dimensionStated = true;
        }
        break;
      }
      case "RMC": {
        if (s.dateMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs ?? clockTodMs);
        if (s.speedKnots !== undefined) p.speedMps = s.speedKnots * KNOTS_TO_MPS;
        if (s.trackTrueDeg !== undefined) p.trackTrueDeg = s.trackTrueDeg;
        if (s.magneticVariationDeg !== undefined && Math.abs(s.magneticVariationDeg) > 0.09) p.magneticVariationDeg = s.magneticVariationDeg;
        const faa = s.faaMode?.toUpperCase();
        if ((s.status !== "valid" && !isEstimateMode(faa)) || faa === "N") {
          vote(p, "none", true, true);
          break;
        }
        if (!setPosition(p, s.latitudeDeg, s.longitudeDeg)) {
          // a position sent and not readable is no "no fix"
          if (s.positionUnreadable === true) p.positionUnreadable = true;
          else vote(p, "none", false, true);
          break;
        }
        setQuality(p, faa !== undefined ? (FAA_QUALITY[faa] ?? "autonomous") : "autonomous", false);
        const usedNow = sky.hasGsa ? sky.gsaUsedCount() : (p.gnsUsed ?? p.ggaUsed);
        const altitudeKnown = p.altitudeMslM !== undefined || cycleBefore?.altitudeMslM !== undefined;
        vote(p, (usedNow ?? 0) > 3 || altitudeKnown ? "3d" : "2d", false, false);
        if (usedNow === undefined && !altitudeKnown) p.dimensionGuessed = true;
        break;
      }
      case "GLL": {
        const faa = s.faaMode?.toUpperCase();
        const estimate = isEstimateMode(faa);
        if ((s.status === "invalid" && !estimate) || faa === "N") {
          vote(p, "none", true, true);
          break;
        }
        if (s.status !== "valid" && !estimate) break;
        if (!setPosition(p, s.latitudeDeg, s.longitudeDeg)) {
          if (s.positionUnreadable === true) p.positionUnreadable = true;
          break;
        }
        if (faa !== undefined) setQuality(p, FAA_QUALITY[faa], false);
        vote(p, "2d", false, false);
        if (p.altitudeMslM === undefined && cycleBefore?.altitudeMslM === undefined) p.dimensionGuessed = true;
        break;
      }
      case "GSA": {
        // a GSA saying "no fix" (mode 1) with its DOP fields empty says there are none
        const noFix = s.fixMode === 1;
        takeDop(p, "pdop", s.pdop, noFix);
        takeDop(p, "hdop", s.hdop, noFix);
        takeDop(p, "vdop", s.vdop, noFix);
        if (s.fixMode !== undefined) {
          const blockMode = previousSentenceId === "GSA" && gsaBlockMode !== undefined ? Math.max(gsaBlockMode, s.fixMode) : s.fixMode;
          gsaBlockMode = blockMode as 1 | 2 | 3;
          lastGsaDimension = blockMode === 1 ? undefined : blockMode === 3 ? "3d" : "2d";
          if (blockMode === 1) vote(p, "none", true, true);
          else vote(p, blockMode === 3 ? "3d" : "2d", false, true);
        }
        sky.gsa(s);
        break;
      }
      case "GSV":
        sky.gsv(s);
        break;
      case "VTG":
        if (s.speedKnots !== undefined) p.speedMps = s.speedKnots * KNOTS_TO_MPS;
        else if (s.speedKmh !== undefined) p.speedMps = s.speedKmh / 3.6;
        if (s.trackTrueDeg !== undefined) p.trackTrueDeg = s.trackTrueDeg;
        break;
      case "ZDA":
        if (s.dateMs !== undefined && s.timeOfDayMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs);
        break;
      case "PGRMZ":
        // Garmin's altitude, in whole feet: a cycle's GGA or GNS altitude wins over it, wherever it comes in the
        // cycle (a FLARM sends its barometric pressure altitude in PGRMZ: 21.6 m beside GGA's 91.7 m); it fills a
        // cycle without one (a Garmin's GLL-only cycles), where its dimension 3 lifts the 2D position to 3D. It
        // never turns a cycle the position sentences called invalid (RMC/GLL V, Garmin's simulator mode) into a fix.
        if (s.altitudeMslM !== undefined && !p.altitudeFromSolution) p.altitudeMslM = s.altitudeMslM;
        if (s.fixMode === 3 && s.altitudeMslM !== undefined && p.mode === "2d") {
          vote(p, "3d", false, false);
          p.dimensionStated = true;
        }
        break;
      case "GBS":
        // the error a solution is expected to have: a GBS speaks of a fix (a cycle it alone got into states one)
        if (s.latitudeErrorM !== undefined) p.gbsLatitudeErrorM = s.latitudeErrorM;
        if (s.longitudeErrorM !== undefined) p.gbsLongitudeErrorM = s.longitudeErrorM;
        if (s.altitudeErrorM !== undefined) p.gbsAltitudeErrorM = s.altitudeErrorM;
        break;
      case "GST":
        if (s.latitudeErrorM !== undefined) p.latitudeErrorM = s.latitudeErrorM;
        if (s.longitudeErrorM !== undefined) p.longitudeErrorM = s.longitudeErrorM;
        if (s.altitudeErrorM !== undefined) p.altitudeErrorM = s.altitudeErrorM;
        break;
      // Heading and vendor sentences (extras.ts): values for the cycle they arrive in, the latest winning.
      case "HDT":
      case "THS":
      case "ROT":
      case "PSTI032":
      case "PSTI036":
        applyAttitude((p.extras ??= {}), s);
        break;
      case "PGRME": {
        const e = garminErrors(s);
        if (e.horizontalSigmaM !== undefined) p.latitudeErrorM = p.longitudeErrorM = e.horizontalSigmaM;
        if (e.verticalSigmaM !== undefined) p.altitudeErrorM = e.verticalSigmaM;
        if (e.spherical95M !== undefined) (p.extras ??= {}).sphericalErrorM = e.spherical95M;
        break;
      }
      case "PSTI030": {
        // its position repeats the cycle's GGA/RMC; its mode refines the quality as RMC's does (GGA's wins)
        const rtk = skytraqRtkStatus(s);
        if (rtk?.quality !== undefined) setQuality(p, rtk.quality, false);
        if (rtk?.ageS !== undefined) p.dgpsAgeS = rtk.ageS;
        if (rtk?.ratio !== undefined) (p.extras ??= {}).rtkRatio = rtk.ratio;
        break;
      }
      // UBX (ubx-merge.ts): gathered apart, applied over the NMEA values at build
      case "UBX-NAV-PVT":
        if (s.dateMs !== undefined && s.timeOfDayMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs);
        applyNavPvt((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-TIMEUTC":
      case "UBX-NAV-TIMEGPS":
        if (s.dateMs !== undefined && s.timeOfDayMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs);
        break;
      case "UBX-NAV-STATUS":
        applyNavStatus((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-SOL":
        if (s.dateMs !== undefined && s.timeOfDayMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs);
        applyNavSol((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-POSLLH":
        applyNavPosLlh((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-VELNED":
        applyNavVelNed((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-HPPOSLLH":
        applyNavHpPosLlh((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-COV":
        applyNavCov((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-DOP":
        applyNavDop((p.ubx ??= {}), s);
        break;
      case "UBX-NAV-SAT":
      case "UBX-NAV-SVINFO":
        sky.navSat(s);
        break;
      case "UBX-NAV-SIG":
        sky.navSig(s);
        break;
      default:
        break;
    }
  }

  /** UBX values over the NMEA ones, field by field (ubx-merge.ts), before the epoch is built. */
  function preferUbx(p: Pending, u: UbxCycle): void {
    if (u.latitudeDeg !== undefined && u.longitudeDeg !== undefined) {
      p.latitudeDeg = u.latitudeDeg;
      p.longitudeDeg = u.longitudeDeg;
    }
    // a 2D fix holds its height: it is no measurement (its NMEA leaves it out too)
    if (u.altitudeMslM !== undefined && (u.fix?.mode ?? p.mode) === "3d") p.altitudeMslM = u.altitudeMslM;
    if (u.geoidSeparationM !== undefined) p.geoidSeparationM = u.geoidSeparationM;
    if (u.speedMps !== undefined) p.speedMps = u.speedMps;
    if (u.trackTrueDeg !== undefined) p.trackTrueDeg = u.trackTrueDeg;
    if (u.magneticVariationDeg !== undefined) p.magneticVariationDeg = u.magneticVariationDeg;
    if (u.dgpsAgeS !== undefined) p.dgpsAgeS = u.dgpsAgeS;
    if (u.fix !== undefined) {
      p.dimensionStated = true;
      if (u.fix.mode === "none") p.saidNoFix = true;
      p.mode = u.fix.mode;
      p.quality = u.fix.quality;
      p.noFixReported = u.fix.noFixReported;
      p.modeFromGsa = false;
      // accuracies belong to a fix the receiver calls valid (a no-fix NAV-PVT carries kilometres)
      if (u.fix.mode !== "none" && u.latitudeErrorM !== undefined && u.longitudeErrorM !== undefined && u.altitudeErrorM !== undefined) {
        p.latitudeErrorM = u.latitudeErrorM;
        p.longitudeErrorM = u.longitudeErrorM;
        p.altitudeErrorM = u.altitudeErrorM;
      }
    }
    if (validDop(u.hdop)) dop.hdop = u.hdop;
    if (validDop(u.vdop)) dop.vdop = u.vdop;
    if (validDop(u.pdop)) dop.pdop = u.pdop;
  }

  /**
   * A DOP as a sentence gives it. DOPs last from cycle to cycle (a receiver may send GSA every few cycles), but a
   * placeholder (99.99, 99.0, 0.00: outside 0.01–89.99) is the receiver saying it has none now: the value an
   * earlier cycle gave goes, unless a message of this cycle gave one (a GGA's placeholder beside its GSA's
   * figure). An empty field says nothing and changes nothing, unless `emptyIsNone` (its sentence says "no fix").
   */
  function takeDop(p: Pending, key: keyof typeof DOP_BIT, value: number | undefined, emptyIsNone = false): void {
    if (value === undefined && !emptyIsNone) return;
    if (validDop(value)) {
      dop[key] = value;
      p.dopsGiven |= DOP_BIT[key];
    } else if ((p.dopsGiven & DOP_BIT[key]) === 0) {
      delete dop[key];
    }
  }

  /**
   * The cycle's dimension: GSA's word, which a 2D solution keeps by holding its altitude. A receiver whose
   * GSA says 2D while its own altitude moves from one such cycle to the next (with ≥ 4 satellites used) is
   * solving height: its 2D label is contradicted by its own numbers, and its cycles are 3D from then on.
   */
  function dimension(p: Pending): FixMode {
    const previous = heldAltitudeM;
    heldAltitudeM = undefined;
    // Three unknowns of position and the clock take four satellites: a cycle whose own GGA/GNS says fewer were used
    // holds its height (an MTK-3301's GGA "1,3" carried the altitude of its start, beside an RMC "A" and no GSA),
    // unless the cycle's own word on the dimension (its GSA, UBX) says otherwise; an earlier cycle's GSA does not.
    // The cycle's own count (its GNS, or its GGA when it sent one: per-system GGAs count a system each), unless a GSA
    // list held from an earlier cycle names more (a receiver whose GGA counts its GPS satellites alone while its GSA,
    // sent every other cycle, lists GLONASS too)
    const counted = p.gnsUsed ?? (p.ggaSentences === 1 ? p.ggaUsed : undefined);
    const statedUsed = counted === undefined ? undefined : Math.max(counted, sky.hasGsa ? sky.gsaUsedCount() : 0);
    // A position not solved from satellites (dead reckoning, simulator, manual) is not bound by their count.
    const ownWord = p.ubx?.fix !== undefined || (p.modeFromGsa && p.sentenceIds.includes("GSA"));
    const fromSatellites = p.quality === undefined || QUALIFYING.has(p.quality);
    const mode = p.mode === "3d" && !ownWord && fromSatellites && statedUsed !== undefined && statedUsed < 4 ? "2d" : (p.mode ?? "none");
    if (mode !== "2d" || !p.modeFromGsa || p.altitudeMslM === undefined) return mode;
    const used = sky.hasGsa ? sky.gsaUsedCount() : (p.gnsUsed ?? p.ggaUsed ?? 0);
    if (used < 4) return mode;
    // compared with the cycle just before only: a 2D period after a 3D one holds the new 3D altitude
    if (previous !== undefined && previous !== p.altitudeMslM) heightSolvedIn2d = true;
    heldAltitudeM = p.altitudeMslM;
    return heightSolvedIn2d ? "3d" : mode;
  }

  function build(atMs: number): BuiltEpoch | undefined {
    const p = pending;
    pending = undefined;
    if (!p || p.sentenceIds.length === 0) return undefined;
    if (p.ubx !== undefined) preferUbx(p, p.ubx);
    const solved = dimension(p);
    const positioned = p.latitudeDeg !== undefined && p.longitudeDeg !== undefined;
    // A position sentence stated a fix and its position could not be read (diagnosed), and no message of the cycle
    // said no fix: the cycle keeps the fix it stated, without a position, and is no fix of gnsskit's (not measured)
    const unreadable = !positioned && p.positionUnreadable && !p.saidNoFix;
    // A fix is a position: a cycle whose GSA says 3D while no sentence of it gives one (an i.Trek M3's GSA after
    // its RMC said V) has no fix, and no TTFF ends on it.
    const mode: FixMode = positioned ? solved : unreadable ? (solved !== "none" ? solved : lastEpoch?.mode === "3d" ? "3d" : "2d") : "none";
    const quality: FixQuality = mode === "none" ? "none" : (p.quality ?? "autonomous");
    const isFix = positioned && mode !== "none" && QUALIFYING.has(quality);
    // the count the receiver gave this cycle, where it has no GSA (GSA's list is the sky's own)
    sky.reportedUsedCount(p.ubx?.usedCount ?? p.gnsUsed ?? p.ggaUsed, p.sentenceIds.includes("GSA"));
    const view = sky.view();

    const epoch: Epoch = {
      receivedAtMs: atMs,
      mode,
      quality,
      fixState: { kind: "idle" },
      dop: {},
      satellites: view,
      sentenceIds: p.sentenceIds,
    };
    if (p.timeOfDayMs !== undefined) {
      epoch.timeOfDayMs = p.timeOfDayMs;
      const t = resolveTime(date, p.timeOfDayMs);
      if (t !== undefined) epoch.timeMs = t;
      else if (date.weekUnknown === true) epoch.weekUnknown = true;
    }
    if (mode !== "none") {
      if (p.latitudeDeg !== undefined && p.longitudeDeg !== undefined) {
        epoch.latitudeDeg = p.latitudeDeg;
        epoch.longitudeDeg = p.longitudeDeg;
      }
      if (p.altitudeMslM !== undefined) {
        epoch.altitudeMslM = p.altitudeMslM;
        if (p.geoidSeparationM !== undefined) epoch.altitudeHaeM = p.altitudeMslM + p.geoidSeparationM;
      } else if (mode === "3d" && p.ubx?.altitudeHaeM !== undefined) {
        epoch.altitudeHaeM = p.ubx.altitudeHaeM; // NAV-SOL's ECEF: above the ellipsoid only (ubx-merge.ts)
      }
      if (p.geoidSeparationM !== undefined) epoch.geoidSeparationM = p.geoidSeparationM;
      if (p.speedMps !== undefined) epoch.speedMps = p.speedMps;
      if (p.trackTrueDeg !== undefined) epoch.trackTrueDeg = p.trackTrueDeg;
      if (p.magneticVariationDeg !== undefined) epoch.magneticVariationDeg = p.magneticVariationDeg;
      // the age and station of the corrections the fix used: beside an uncorrected fix (GGA quality 1) a GGA's
      // `00,0000` or `0.0,0000` is a placeholder, not corrections 0 s old from station 0
      if (isCorrectedQuality(quality)) {
        if (p.dgpsAgeS !== undefined) epoch.dgpsAgeS = p.dgpsAgeS;
        if (p.dgpsStationId !== undefined) epoch.dgpsStationId = p.dgpsStationId;
      }
    }
    if (dop.hdop !== undefined) epoch.dop.hdop = dop.hdop;
    if (dop.vdop !== undefined) epoch.dop.vdop = dop.vdop;
    if (dop.pdop !== undefined) epoch.dop.pdop = dop.pdop;
    if (p.extras !== undefined) addExtras(epoch, p.extras, mode !== "none");
    if (mode !== "none") {
      // Error estimates of a position: a cycle without one has none (a u-blox M8N searching sends
      // `$GNGST,181604.00,0.0000,,,,5773795,5773795,5773794`, placeholders of thousands of kilometres)
      // a GBS's expected errors are read as 95 % figures (gpsd prints them as its epx, epy and epv): 2σ
      const gbs = p.latitudeErrorM === undefined && p.longitudeErrorM === undefined && p.altitudeErrorM === undefined;
      if (gbs && p.gbsLatitudeErrorM !== undefined && p.gbsLongitudeErrorM !== undefined) {
        p.latitudeErrorM = Math.abs(p.gbsLatitudeErrorM) / 2;
        p.longitudeErrorM = Math.abs(p.gbsLongitudeErrorM) / 2;
        if (p.gbsAltitudeErrorM !== undefined) p.altitudeErrorM = Math.abs(p.gbsAltitudeErrorM) / 2;
      }
      if (p.latitudeErrorM !== undefined) epoch.latitudeErrorM = p.latitudeErrorM;
      if (p.longitudeErrorM !== undefined) epoch.longitudeErrorM = p.longitudeErrorM;
      if (p.altitudeErrorM !== undefined) epoch.altitudeErrorM = p.altitudeErrorM;
      const dgps = isCorrectedQuality(quality);
      if (p.latitudeErrorM !== undefined && p.longitudeErrorM !== undefined) {
        // 2DRMS: about 95 % for a horizontal error from the two 1-sigma components
        epoch.ephM = 2 * Math.hypot(p.latitudeErrorM, p.longitudeErrorM);
      } else if (dop.hdop !== undefined) {
        epoch.ephM = dop.hdop * (dgps ? UERE.hDgps : UERE.h);
      }
      if (mode === "3d") {
        if (gbs && p.gbsAltitudeErrorM !== undefined) epoch.epvM = Math.abs(p.gbsAltitudeErrorM);
        else if (p.altitudeErrorM !== undefined) epoch.epvM = 1.96 * p.altitudeErrorM;
        else if (dop.vdop !== undefined) epoch.epvM = dop.vdop * (dgps ? UERE.vDgps : UERE.v);
      }
    }
    if (mode === "2d" && p.dimensionGuessed && !p.dimensionStated) epoch.dimensionUnstated = true;
    if (sky.usedCountKnown) epoch.satellitesUsed = view.usedCount;
    // a fix whose own cycle counts no satellite used (GGA/GNS 00, no GSA listing one): its last solution carried on
    // (only after this source stated satellites used: a chartplotter relaying its GPS as GGA `00` and an empty GSA, fix
    // after moving fix, never states any, and says nothing of coasting)
    if (mode !== "none" && view.usedCount > 0) usedEverStated = true;
    else if (mode !== "none" && usedEverStated && (p.gnsUsed ?? p.ggaUsed) === 0 && view.usedCount === 0) epoch.noSatelliteUsed = true;
    if (mode === "3d" && p.ubx?.climbMps !== undefined) {
      epoch.climbMps = p.ubx.climbMps; // the receiver's vertical velocity (NAV-PVT, NAV-VELNED velD)
    } else if (mode === "3d" && epoch.altitudeHaeM !== undefined && lastFixEpoch?.altitudeHaeM !== undefined) {
      // a rate between fixes a cycle apart: across a gap in the log (or two logs joined) a difference of heights
      // over minutes or years is no rate of climb the receiver had
      const dt = epochSeconds(epoch, lastFixEpoch);
      if (dt !== undefined && dt > 0 && dt * 1000 <= MAX_CYCLE_MS) {
        const climb = (epoch.altitudeHaeM - lastFixEpoch.altitudeHaeM) / dt;
        if (Math.abs(climb) < 9999.9) epoch.climbMps = climb;
      }
    }
    lastEpoch = epoch;
    cycleBefore = epoch;
    if (isFix) lastFixEpoch = epoch;
    // a GBS alone speaks of a solution too (its RMC was before the input began)
    const statedFix = p.mode === "2d" || p.mode === "3d" || (p.mode === undefined && (p.gbsLatitudeErrorM !== undefined || p.gbsAltitudeErrorM !== undefined));
    return {
      epoch,
      isFix,
      noFixReported: p.noFixReported && mode === "none",
      searching: mode === "none" && p.saidNoFix,
      fixWithoutPosition: mode === "none" && statedFix && !p.saidNoFix,
      positionUnreadable: unreadable,
    };
  }

  return {
    sky,
    date,
    get lastEpoch() {
      return lastEpoch;
    },
    get open() {
      return pending !== undefined;
    },
    get openSentenceIds() {
      return pending?.sentenceIds ?? [];
    },
    get openSaysNothingOfFix() {
      const p = pending;
      return p !== undefined && p.timeOfDayMs === undefined && p.mode === undefined && !p.saidNoFix && p.latitudeDeg === undefined && p.ubx?.fix === undefined;
    },
    noteSentence(s) {
      if (s.sentenceId !== "GSV" && s.sentenceId !== "GSA") sky.noteOther();
      if (s.sentenceId !== "GSA") gsaBlockMode = undefined;
      previousSentenceId = currentSentenceId;
      currentSentenceId = s.sentenceId;
    },
    keepDate(s, tod) {
      switch (s.sentenceId) {
        case "RMC":
        case "ZDA":
        case "UBX-NAV-PVT":
        case "UBX-NAV-TIMEUTC":
        case "UBX-NAV-TIMEGPS":
        case "UBX-NAV-SOL":
          if (s.dateMs !== undefined) setDate(date, s.dateMs, tod);
          break;
        default:
          break;
      }
    },
    apply(s, cycleTodMs, stuck) {
      pending ??= openCycle();
      applyTo(pending, s, cycleTodMs ?? pending.timeOfDayMs, stuck);
      pending.sentenceIds.push(s.sentenceId);
      if (cycleTodMs !== undefined) pending.timeOfDayMs ??= cycleTodMs;
    },
    build,
    discard() {
      pending = undefined;
    },
    timeJumped() {
      const p = pending;
      const gsaOfOpen = p !== undefined && p.sentenceIds.includes("GSA");
      // the satellites listed and used before it (an RMC-only cycle after it read 3D from the old GSA's 7 used), unless
      // the open cycle's head listed them already
      if (!gsaOfOpen && !(p !== undefined && p.sentenceIds.includes("GSV"))) sky.clear();
      if (!gsaOfOpen) {
        lastGsaDimension = undefined;
        gsaBlockMode = undefined;
      }
      for (const key of DOP_KEYS) if (p === undefined || (p.dopsGiven & DOP_BIT[key]) === 0) delete dop[key];
      heldAltitudeM = undefined;
      heightSolvedIn2d = false;
      cycleBefore = undefined;
      usedEverStated = false;
    },
  };
}

/** Qualities that make a GNSS fix; dead reckoning, manual input, time only and simulator mode are positions, not fixes. */
export const QUALIFYING: ReadonlySet<FixQuality> = new Set(["autonomous", "dgps", "pps", "rtk-fixed", "rtk-float"]);

function epochSeconds(a: Epoch, b: Epoch): number | undefined {
  if (a.timeMs !== undefined && b.timeMs !== undefined) return (a.timeMs - b.timeMs) / 1000;
  if (a.timeOfDayMs !== undefined && b.timeOfDayMs !== undefined) return (a.timeOfDayMs - b.timeOfDayMs) / 1000;
  return undefined;
}
