// What a gpsd TPV + ATT + SKY report needs of an epoch, as flat numbers (a "record"): gpsd.ts makes its text lines
// from records, so `decode --format gpsd` can hand them to a worker thread and the 4 KB of JSON per epoch is
// built on another core. A record is a few hundred doubles in a (transferable) Float64Array; NaN stands for
// "absent"; a double is copied exactly, so the text is the same wherever it is made.

import type { Constellation, FixMode, FixQuality } from "../types.js";
import type { GpsdEpoch, GpsdSatellite } from "./gpsd.js";

export const RECORD_EPOCH = 1;
/**
 * A SKY again with the completed view of the epoch before (GpsdWriter.skyUpdate). It carries that epoch's time
 * and DOPs itself: every record prints alone, whoever printed the records before it (this thread or a worker).
 */
export const RECORD_SKY_UPDATE = 2;

export const MODES: readonly FixMode[] = ["none", "2d", "3d"];
export const QUALITIES: readonly FixQuality[] = [
  "none",
  "autonomous",
  "dgps",
  "pps",
  "rtk-fixed",
  "rtk-float",
  "dead-reckoning",
  "manual",
  "simulated",
  "time-only",
];
export const CONSTELLATIONS: readonly Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];
const MODE_CODE = new Map(MODES.map((m, i) => [m, i]));
const QUALITY_CODE = new Map(QUALITIES.map((q, i) => [q, i]));
const CONSTELLATION_CODE = new Map(CONSTELLATIONS.map((c, i) => [c, i]));

/** Offsets in an epoch record; the satellites follow at SATELLITES. */
export const AT = {
  kind: 0,
  mode: 1,
  quality: 2,
  timeMs: 3,
  latitudeDeg: 4,
  longitudeDeg: 5,
  altitudeHaeM: 6,
  altitudeMslM: 7,
  latitudeErrorM: 8,
  longitudeErrorM: 9,
  epvM: 10,
  trackTrueDeg: 11,
  magneticVariationDeg: 12,
  speedMps: 13,
  climbMps: 14,
  geoidSeparationM: 15,
  ephM: 16,
  dgpsAgeS: 17,
  dgpsStation: 18,
  hdop: 19,
  pdop: 20,
  vdop: 21,
  sphericalErrorM: 22,
  rtkRatio: 23,
  /** gpsd's baseS (3 RTK fixed, 4 RTK float), NaN without a baseline; the baseline's numbers follow */
  baselineStatus: 24,
  baselineEastM: 25,
  baselineNorthM: 26,
  baselineUpM: 27,
  baselineLengthM: 28,
  baselineCourseDeg: 29,
  // the ATT report's
  headingTrueDeg: 30,
  pitchDeg: 31,
  rollDeg: 32,
  rateOfTurnDegPerMin: 33,
  satellites: 34,
} as const;

/** Offsets in a sky-update record: the epoch's time and DOPs (in the epoch record's order), then the view. */
export const SKY_UPDATE_AT = { kind: 0, timeMs: 1, hdop: 2, pdop: 3, vdop: 4, satellites: 5 } as const;

/** gpsd's baseline status numbers (its STATUS_RTK_FIX, STATUS_RTK_FLT). */
export const BASELINE_STATUS = { "rtk-fixed": 3, "rtk-float": 4 } as const;

/**
 * The satellites section (also a sky-update record's, after its kind): the count, the used count the
 * receiver gave (NaN while unknown) and whether the receiver lists its signals (1: u-blox NAV-SIG, whose
 * satellites without a signal gpsd does not print), then per satellite constellation code, svid, azimuth,
 * elevation, used (0/1), C/N0, health (gpsd's 1 ok, 2 bad; NaN unknown), signal count, and per signal its id,
 * C/N0 and used as gpsd prints it (0/1: for a NAV-SIG signal, gpsd's reading of its quality).
 */
export const SATELLITE = { constellation: 0, svid: 1, azimuthDeg: 2, elevationDeg: 3, used: 4, cn0DbHz: 5, health: 6, signalCount: 7, size: 8 } as const;
/** Doubles per signal: id, C/N0, used */
export const SIGNAL_SIZE = 3;
/** Doubles before the first satellite: the count, the used count and the signals-listed flag */
export const VIEW_HEAD_SIZE = 3;
/**
 * The count of a view that is the one of the record just before it in the same buffer (a receiver whose sky did
 * not change since the last epoch: about 40 % of the corpus's epochs): no satellites follow, and the printer
 * repeats the satellites it printed last. The first record of a buffer never says so: whoever prints a buffer
 * (this thread or the worker) has printed the record before each repeat.
 */
export const REPEATED_VIEW = -1;

const put = (value: number | undefined): number => (value === undefined ? Number.NaN : value);

function viewSize(satellites: readonly GpsdSatellite[]): number {
  let size = VIEW_HEAD_SIZE;
  for (const satellite of satellites) size += SATELLITE.size + SIGNAL_SIZE * satellite.signals.length;
  return size;
}

/** Doubles the epoch's record takes (at most: a repeated view takes fewer). */
export function epochRecordSize(epoch: GpsdEpoch): number {
  return AT.satellites + viewSize(epoch.satellites.satellites);
}

/** Doubles a sky-update record takes. */
export function skyUpdateRecordSize(view: GpsdEpoch["satellites"]): number {
  return SKY_UPDATE_AT.satellites + viewSize(view.satellites);
}

/**
 * gpsd's "used" for a signal: the receiver's word, except for a u-blox NAV-SIG signal, which gpsd calls used
 * when its quality says code locked (quality indicator ≥ 4), whatever its prUsed flag says.
 */
export const gpsdUsed = (signal: GpsdSatellite["signals"][number]): boolean =>
  signal.quality === undefined ? signal.usedInFix : signal.quality === "code-locked" || signal.quality === "carrier-locked";

function writeView(out: Float64Array, at: number, view: GpsdEpoch["satellites"], usedCount: number | undefined, repeated: boolean): number {
  let k = at;
  const satellites = view.satellites;
  out[k++] = repeated ? REPEATED_VIEW : satellites.length;
  out[k++] = put(usedCount);
  out[k++] = view.signalsListed === true ? 1 : 0;
  if (repeated) return k;
  for (let i = 0; i < satellites.length; i++) {
    const satellite = satellites[i] as GpsdSatellite;
    out[k++] = CONSTELLATION_CODE.get(satellite.constellation) as number;
    out[k++] = satellite.svid;
    out[k++] = put(satellite.azimuthDeg);
    out[k++] = put(satellite.elevationDeg);
    out[k++] = satellite.usedInFix ? 1 : 0;
    out[k++] = put(satellite.cn0DbHz);
    out[k++] = satellite.health === undefined ? Number.NaN : satellite.health === "healthy" ? 1 : 2;
    const signals = satellite.signals;
    out[k++] = signals.length;
    for (let j = 0; j < signals.length; j++) {
      const signal = signals[j] as GpsdSatellite["signals"][number];
      out[k++] = put(signal.signalId);
      out[k++] = put(signal.cn0DbHz);
      out[k++] = gpsdUsed(signal) ? 1 : 0;
    }
  }
  return k;
}

/**
 * Writes the epoch's record at out[at]; returns where the next record starts. The caller made room (epochRecordSize).
 * `viewRepeated`: its view is the one of the record just before it in `out` (REPEATED_VIEW).
 */
export function writeEpochRecord(out: Float64Array, at: number, epoch: GpsdEpoch, viewRepeated = false): number {
  out[at + AT.kind] = RECORD_EPOCH;
  out[at + AT.mode] = MODE_CODE.get(epoch.mode) as number;
  out[at + AT.quality] = QUALITY_CODE.get(epoch.quality) as number;
  out[at + AT.timeMs] = put(epoch.timeMs);
  out[at + AT.latitudeDeg] = put(epoch.latitudeDeg);
  out[at + AT.longitudeDeg] = put(epoch.longitudeDeg);
  out[at + AT.altitudeHaeM] = put(epoch.altitudeHaeM);
  out[at + AT.altitudeMslM] = put(epoch.altitudeMslM);
  out[at + AT.latitudeErrorM] = put(epoch.latitudeErrorM);
  out[at + AT.longitudeErrorM] = put(epoch.longitudeErrorM);
  out[at + AT.epvM] = put(epoch.epvM);
  out[at + AT.trackTrueDeg] = put(epoch.trackTrueDeg);
  out[at + AT.magneticVariationDeg] = put(epoch.magneticVariationDeg);
  out[at + AT.speedMps] = put(epoch.speedMps);
  out[at + AT.climbMps] = put(epoch.climbMps);
  out[at + AT.geoidSeparationM] = put(epoch.geoidSeparationM);
  out[at + AT.ephM] = put(epoch.ephM);
  out[at + AT.dgpsAgeS] = put(epoch.dgpsAgeS);
  // gpsd prints the station only as a number
  out[at + AT.dgpsStation] = epoch.dgpsStationId === undefined ? Number.NaN : Number(epoch.dgpsStationId);
  out[at + AT.hdop] = put(epoch.dop.hdop);
  out[at + AT.pdop] = put(epoch.dop.pdop);
  out[at + AT.vdop] = put(epoch.dop.vdop);
  out[at + AT.sphericalErrorM] = put(epoch.sphericalErrorM);
  out[at + AT.rtkRatio] = put(epoch.rtkRatio);
  const baseline = epoch.baseline;
  out[at + AT.baselineStatus] = baseline === undefined ? Number.NaN : BASELINE_STATUS[baseline.quality];
  out[at + AT.baselineEastM] = put(baseline?.eastM);
  out[at + AT.baselineNorthM] = put(baseline?.northM);
  out[at + AT.baselineUpM] = put(baseline?.upM);
  out[at + AT.baselineLengthM] = put(baseline?.lengthM);
  out[at + AT.baselineCourseDeg] = put(baseline?.courseDeg);
  out[at + AT.headingTrueDeg] = put(epoch.headingTrueDeg);
  out[at + AT.pitchDeg] = put(epoch.pitchDeg);
  out[at + AT.rollDeg] = put(epoch.rollDeg);
  out[at + AT.rateOfTurnDegPerMin] = put(epoch.rateOfTurnDegPerMin);
  return writeView(out, at + AT.satellites, epoch.satellites, epoch.satellitesUsed, viewRepeated);
}

/** Writes a sky-update record at out[at]: `view` completing the epoch `after`; returns where the next record starts. */
export function writeSkyUpdateRecord(out: Float64Array, at: number, view: GpsdEpoch["satellites"], after: Pick<GpsdEpoch, "timeMs" | "dop">): number {
  out[at + SKY_UPDATE_AT.kind] = RECORD_SKY_UPDATE;
  out[at + SKY_UPDATE_AT.timeMs] = put(after.timeMs);
  out[at + SKY_UPDATE_AT.hdop] = put(after.dop.hdop);
  out[at + SKY_UPDATE_AT.pdop] = put(after.dop.pdop);
  out[at + SKY_UPDATE_AT.vdop] = put(after.dop.vdop);
  return writeView(out, at + SKY_UPDATE_AT.satellites, view, view.usedCount, false);
}
