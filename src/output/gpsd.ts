// Epochs as gpsd's JSON reports (gpsd_json(5)): one TPV and one SKY per epoch, and an ATT between them when
// the epoch has a heading, pitch, roll or rate of turn (HDT, THS, ROT, PSTI,036: gpsd reports ATT with the
// TPV). Used by `decode --format gpsd` and by the gpsd-compatible server. Unknown fields are omitted, never
// null. Numbers use gpsd's printed precision (lat/lon 9 decimals, altitudes 4, speed 3, DOPs 2, az/el/ss 1,
// attitude 3) without its trailing zeros.

import { isoUtc } from "../iso-time.js";
import { UBX_SIGNAL_OF_NMEA } from "../signals.js";
import { cutByInputStart } from "../state/input-cut.js";
import type { Constellation, Epoch, Satellite, Signal } from "../types.js";
import {
  AT,
  BASELINE_STATUS,
  CONSTELLATIONS,
  QUALITIES,
  RECORD_SKY_UPDATE,
  REPEATED_VIEW,
  SATELLITE,
  SIGNAL_SIZE,
  SKY_UPDATE_AT,
  epochRecordSize,
  gpsdUsed,
  skyUpdateRecordSize,
  writeEpochRecord,
  writeSkyUpdateRecord,
} from "./gpsd-wire.js";
import type { EpochWriter } from "./writer.js";
import { altitudeMeasured } from "./export-format.js";

/** What a satellite's SKY entries are made of. */
export type GpsdSatellite = Pick<Satellite, "constellation" | "svid" | "azimuthDeg" | "elevationDeg" | "cn0DbHz" | "usedInFix" | "health"> & {
  signals: Signal[];
};

/**
 * Whether gpsd's report stream carries this epoch, the `index`-th of its input (0: the first). An input that begins
 * inside a cycle, after the cycle's position, gives a first epoch that states a fix (a GSA 3D, a NAV-STATUS 3D fix)
 * and has no position; the tracker marks it incomplete. A TPV for it would say "no fix" against the receiver's own
 * words, and gpsd reports no such cycle; the JSON keeps it, marked. (A cycle cut by the input's end is reported.)
 */
export function reportedByGpsd(epoch: Pick<Epoch, "incomplete">, index: number): boolean {
  return !cutByInputStart(epoch, index);
}

/** What an epoch's TPV and SKY lines are made of (an Epoch is one; gpsd-wire.ts carries just this to a worker). */
export type GpsdEpoch = Pick<
  Epoch,
  | "timeMs"
  | "mode"
  | "quality"
  | "latitudeDeg"
  | "longitudeDeg"
  | "altitudeHaeM"
  | "altitudeMslM"
  | "latitudeErrorM"
  | "longitudeErrorM"
  | "epvM"
  | "trackTrueDeg"
  | "magneticVariationDeg"
  | "speedMps"
  | "climbMps"
  | "geoidSeparationM"
  | "ephM"
  | "dgpsAgeS"
  | "dgpsStationId"
  | "dop"
  | "satellitesUsed"
  | "sphericalErrorM"
  | "rtkRatio"
  | "baseline"
  | "headingTrueDeg"
  | "pitchDeg"
  | "rollDeg"
  | "rateOfTurnDegPerMin"
> & { satellites: { satellites: GpsdSatellite[]; usedCount: number; signalsListed?: true } };

/** gpsd's gnssid numbering (u-blox convention). */
export const GNSS_ID: Readonly<Record<Constellation, number>> = {
  gps: 0,
  sbas: 1,
  galileo: 2,
  beidou: 3,
  qzss: 5,
  glonass: 6,
  navic: 7,
};

/** gpsd's PRN numbering: GPS 1-32, SBAS 33-64, GLONASS 65-96, QZSS 193+, Galileo 301+, BeiDou 401+, NavIC 500+. */
export function gpsdPrn(constellation: Constellation, svid: number): number {
  switch (constellation) {
    case "gps":
      return svid;
    case "sbas":
      return svid >= 120 && svid <= 151 ? svid - 87 : svid;
    case "glonass":
      return svid <= 32 ? svid + 64 : svid;
    case "qzss":
      return svid < 193 ? svid + 192 : svid;
    case "galileo":
      return svid + 300;
    case "beidou":
      return svid + 400;
    case "navic":
      return svid + 500;
  }
}

/** NMEA 4.11 signal id → gpsd's sigid (u-blox numbering), per constellation; ids without one are passed through. */
const SIGID = UBX_SIGNAL_OF_NMEA;

/** gpsd's sigid of an NMEA signal id (Galileo E5a's is 1): undefined for the primary signal, gpsd's 0, which it does not print. */
function sigidOf(constellation: Constellation, signalId: number | undefined): number | undefined {
  if (signalId === undefined || signalId <= 0) return undefined;
  const sigid = SIGID[constellation]?.[signalId] ?? signalId;
  return sigid === 0 ? undefined : sigid;
}

const MODE = { none: 1, "2d": 2, "3d": 3 } as const;
/** gpsd `status` (printed only when ≥ 2). */
const STATUS: Readonly<Partial<Record<Epoch["quality"], number>>> = {
  dgps: 2,
  "rtk-fixed": 3,
  "rtk-float": 4,
  "dead-reckoning": 5,
  manual: 7,
  "time-only": 7,
  simulated: 8,
  pps: 9,
};

/** Mode codes in a record (gpsd-wire.ts MODES): gpsd's mode is the code + 1. */
const NO_FIX = 0;
const FIX_3D = 2;
const STATUS_BY_CODE: ReadonlyArray<number | undefined> = QUALITIES.map((quality) => STATUS[quality]);

const fixed = (value: number, decimals: number): number => Number(value.toFixed(decimals));

type Json = Record<string, unknown>;

/** A TPV report for one epoch. */
export function toTpv(epoch: Epoch, device?: string): Json {
  const tpv: Json = { class: "TPV" };
  if (device !== undefined) tpv.device = device;
  const status = STATUS[epoch.quality];
  if (status !== undefined && epoch.mode !== "none") tpv.status = status;
  tpv.mode = MODE[epoch.mode];
  if (epoch.timeMs !== undefined) {
    tpv.time = isoUtc(epoch.timeMs);
    tpv.ept = 0.005;
  }
  if (epoch.mode !== "none" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined) {
    tpv.lat = fixed(epoch.latitudeDeg, 9);
    tpv.lon = fixed(epoch.longitudeDeg, 9);
  }
  if (altitudeMeasured(epoch)) {
    if (epoch.altitudeHaeM !== undefined) tpv.altHAE = fixed(epoch.altitudeHaeM, 4);
    if (epoch.altitudeMslM !== undefined) {
      tpv.altMSL = fixed(epoch.altitudeMslM, 4);
      tpv.alt = tpv.altMSL;
    }
  }
  if (epoch.latitudeErrorM !== undefined) tpv.epy = fixed(epoch.latitudeErrorM * 2, 3);
  if (epoch.longitudeErrorM !== undefined) tpv.epx = fixed(epoch.longitudeErrorM * 2, 3);
  if (epoch.epvM !== undefined) tpv.epv = fixed(epoch.epvM, 3);
  if (epoch.trackTrueDeg !== undefined) tpv.track = fixed(epoch.trackTrueDeg, 4);
  if (epoch.magneticVariationDeg !== undefined) tpv.magvar = fixed(epoch.magneticVariationDeg, 1);
  if (epoch.speedMps !== undefined) tpv.speed = fixed(epoch.speedMps, 3);
  if (epoch.climbMps !== undefined) tpv.climb = fixed(epoch.climbMps, 3);
  if (epoch.geoidSeparationM !== undefined) tpv.geoidSep = fixed(epoch.geoidSeparationM, 3);
  if (epoch.ephM !== undefined) tpv.eph = fixed(epoch.ephM, 3);
  if (epoch.sphericalErrorM !== undefined) tpv.sep = fixed(epoch.sphericalErrorM, 3);
  if (epoch.dgpsAgeS !== undefined) tpv.dgpsAge = epoch.dgpsAgeS;
  if (epoch.dgpsStationId !== undefined) {
    const station = Number(epoch.dgpsStationId);
    if (Number.isFinite(station)) tpv.dgpsSta = station;
  }
  if (epoch.rtkRatio !== undefined) tpv.dgpsRatio = fixed(epoch.rtkRatio, 3);
  const baseline = epoch.baseline;
  if (baseline !== undefined) {
    tpv.baseS = BASELINE_STATUS[baseline.quality];
    tpv.baseE = fixed(baseline.eastM, 3);
    tpv.baseN = fixed(baseline.northM, 3);
    tpv.baseU = fixed(baseline.upM, 3);
    tpv.baseL = fixed(baseline.lengthM, 3);
    tpv.baseC = fixed(baseline.courseDeg, 3);
  }
  return tpv;
}

/**
 * An ATT report for one epoch, undefined when it has no attitude. gpsd's ATT carries a time only when the
 * sentence has one (PSTI,036); gnsskit's carries the epoch's, so a client can pair it with its TPV.
 */
export function toAtt(epoch: Epoch, device?: string): Json | undefined {
  const { headingTrueDeg, pitchDeg, rollDeg, rateOfTurnDegPerMin } = epoch;
  if (headingTrueDeg === undefined && pitchDeg === undefined && rollDeg === undefined && rateOfTurnDegPerMin === undefined) return undefined;
  const att: Json = { class: "ATT" };
  if (device !== undefined) att.device = device;
  if (epoch.timeMs !== undefined) att.time = isoUtc(epoch.timeMs);
  if (headingTrueDeg !== undefined) att.heading = fixed(headingTrueDeg, 3);
  if (pitchDeg !== undefined) att.pitch = fixed(pitchDeg, 3);
  if (rollDeg !== undefined) att.roll = fixed(rollDeg, 3);
  if (rateOfTurnDegPerMin !== undefined) att.rot = fixed(rateOfTurnDegPerMin, 3);
  return att;
}

function skyEntries(satellite: Satellite, signalsListed: boolean): Json[] {
  const base = {
    PRN: gpsdPrn(satellite.constellation, satellite.svid),
    gnssid: GNSS_ID[satellite.constellation],
    svid: satellite.svid,
  };
  // no signals: one entry with the satellite's own C/N0, unless the receiver lists its signals (NAV-SIG)
  const signals: ReadonlyArray<Signal> =
    satellite.signals.length > 0 || signalsListed ? satellite.signals : [{ cn0DbHz: satellite.cn0DbHz, usedInFix: satellite.usedInFix } as Signal];
  return signals.map((signal) => {
    const entry: Json = { ...base };
    const signalId = signal.signalId;
    // The primary signal (and a 4.10 "all signals" 0) is gpsd's default: no sigid printed, also where the primary
    // has an NMEA id of its own (Galileo E1 is 7, gpsd's sigid 0; E5a is 1)
    const sigid = sigidOf(satellite.constellation, signalId);
    if (sigid !== undefined) entry.sigid = sigid;
    if (satellite.azimuthDeg !== undefined) entry.az = fixed(satellite.azimuthDeg, 1);
    if (satellite.elevationDeg !== undefined) entry.el = fixed(satellite.elevationDeg, 1);
    if (signal.cn0DbHz !== undefined) entry.ss = fixed(signal.cn0DbHz, 1);
    // a used satellite's signal without C/N0 (an L2 not tracked) is not used (gpsd)
    entry.used = gpsdUsed(signal);
    if (satellite.health !== undefined) entry.health = satellite.health === "healthy" ? 1 : 2;
    return entry;
  });
}

/** A SKY report for one epoch: one satellites[] entry per signal, as gpsd prints them. */
export function toSky(epoch: Epoch, device?: string): Json {
  const sky: Json = { class: "SKY" };
  if (device !== undefined) sky.device = device;
  if (epoch.timeMs !== undefined) sky.time = isoUtc(epoch.timeMs);
  if (epoch.dop.hdop !== undefined) sky.hdop = fixed(epoch.dop.hdop, 2);
  if (epoch.dop.pdop !== undefined) sky.pdop = fixed(epoch.dop.pdop, 2);
  if (epoch.dop.vdop !== undefined) sky.vdop = fixed(epoch.dop.vdop, 2);
  const satellites = epoch.satellites.satellites.flatMap((satellite) => skyEntries(satellite, epoch.satellites.signalsListed === true));
  if (satellites.length === 0) {
    // no satellite view yet (no GSV): gpsd prints the used count its GSA/GGA gave, and no satellites
    if (epoch.satellitesUsed !== undefined) sky.uSat = epoch.satellitesUsed;
    return sky;
  }
  sky.nSat = satellites.length;
  sky.uSat = satellites.filter((s) => s.used === true).length;
  sky.satellites = satellites;
  return sky;
}

/**
 * A number as `JSON.stringify(Number(value.toFixed(decimals)))` prints it, without the detour for the
 * integers that most azimuths, elevations and C/N0 values are.
 */
function num(value: number, decimals: number): string {
  if (Number.isInteger(value)) return String(value);
  // A shortest form with no more decimals is what rounding gives back (an ulp is far below 10^-decimals here).
  const text = String(value);
  if (Math.abs(value) < 1e9 && text.length - text.indexOf(".") - 1 <= decimals && !text.includes("e")) return text;
  return String(Number(value.toFixed(decimals)));
}

/** `JSON.stringify(toTpv(epoch, device))`, built as text (through a record, as `decode --format gpsd` does). */
export function tpvLine(epoch: GpsdEpoch, device?: string, time?: string): string {
  const record = new Float64Array(epochRecordSize(epoch));
  writeEpochRecord(record, 0, epoch);
  return tpvText(record, 0, device, time);
}

/** The TPV line of the epoch record at data[at]. */
function tpvText(data: Float64Array, at: number, device: string | undefined, time: string | undefined): string {
  let out = '{"class":"TPV"';
  if (device !== undefined) out += `,"device":${JSON.stringify(device)}`;
  const mode = data[at + AT.mode] as number;
  const status = STATUS_BY_CODE[data[at + AT.quality] as number];
  if (status !== undefined && mode !== NO_FIX) out += `,"status":${status}`;
  out += `,"mode":${mode + 1}`;
  const timeMs = data[at + AT.timeMs] as number;
  if (timeMs === timeMs) out += `,"time":"${time ?? isoUtc(timeMs)}","ept":0.005`;
  const lat = data[at + AT.latitudeDeg] as number;
  const lon = data[at + AT.longitudeDeg] as number;
  if (mode !== NO_FIX && lat === lat && lon === lon) out += `,"lat":${num(lat, 9)},"lon":${num(lon, 9)}`;
  // altitudeMeasured (export-format.ts) on the record's mode
  if (mode === FIX_3D) {
    const hae = data[at + AT.altitudeHaeM] as number;
    if (hae === hae) out += `,"altHAE":${num(hae, 4)}`;
    const msl = data[at + AT.altitudeMslM] as number;
    if (msl === msl) {
      const text = num(msl, 4);
      out += `,"altMSL":${text},"alt":${text}`;
    }
  }
  // NaN is absent: `v === v` is the cheapest test for it
  const latErr = data[at + AT.latitudeErrorM] as number;
  if (latErr === latErr) out += `,"epy":${num(latErr * 2, 3)}`;
  const lonErr = data[at + AT.longitudeErrorM] as number;
  if (lonErr === lonErr) out += `,"epx":${num(lonErr * 2, 3)}`;
  out += field(data[at + AT.epvM] as number, ',"epv":', 3);
  out += field(data[at + AT.trackTrueDeg] as number, ',"track":', 4);
  out += field(data[at + AT.magneticVariationDeg] as number, ',"magvar":', 1);
  out += field(data[at + AT.speedMps] as number, ',"speed":', 3);
  out += field(data[at + AT.climbMps] as number, ',"climb":', 3);
  out += field(data[at + AT.geoidSeparationM] as number, ',"geoidSep":', 3);
  out += field(data[at + AT.ephM] as number, ',"eph":', 3);
  out += field(data[at + AT.sphericalErrorM] as number, ',"sep":', 3);
  const age = data[at + AT.dgpsAgeS] as number;
  if (age === age) out += `,"dgpsAge":${JSON.stringify(age)}`;
  const station = data[at + AT.dgpsStation] as number;
  if (Number.isFinite(station)) out += `,"dgpsSta":${JSON.stringify(station)}`;
  out += field(data[at + AT.rtkRatio] as number, ',"dgpsRatio":', 3);
  const baseS = data[at + AT.baselineStatus] as number;
  if (baseS === baseS) {
    out += `,"baseS":${baseS}`;
    out += field(data[at + AT.baselineEastM] as number, ',"baseE":', 3);
    out += field(data[at + AT.baselineNorthM] as number, ',"baseN":', 3);
    out += field(data[at + AT.baselineUpM] as number, ',"baseU":', 3);
    out += field(data[at + AT.baselineLengthM] as number, ',"baseL":', 3);
    out += field(data[at + AT.baselineCourseDeg] as number, ',"baseC":', 3);
  }
  return out + "}";
}

/** The ATT line (with its newline) of the epoch record at data[at], or "" when it has no attitude. */
function attText(data: Float64Array, at: number, device: string | undefined, time: string | undefined): string {
  const heading = data[at + AT.headingTrueDeg] as number;
  const pitch = data[at + AT.pitchDeg] as number;
  const roll = data[at + AT.rollDeg] as number;
  const rot = data[at + AT.rateOfTurnDegPerMin] as number;
  if (heading !== heading && pitch !== pitch && roll !== roll && rot !== rot) return "";
  let out = '{"class":"ATT"';
  if (device !== undefined) out += `,"device":${JSON.stringify(device)}`;
  if (time !== undefined) out += `,"time":"${time}"`;
  out += field(heading, ',"heading":', 3);
  out += field(pitch, ',"pitch":', 3);
  out += field(roll, ',"roll":', 3);
  out += field(rot, ',"rot":', 3);
  return `${out}}\n`;
}

/** `JSON.stringify(toAtt(epoch, device))` with its newline, built as text (through a record); "" without attitude. */
export function attLine(epoch: GpsdEpoch, device?: string, time?: string): string {
  const record = new Float64Array(epochRecordSize(epoch));
  writeEpochRecord(record, 0, epoch);
  return attText(record, 0, device, epoch.timeMs === undefined ? undefined : (time ?? isoUtc(epoch.timeMs)));
}

const field = (value: number, key: string, decimals: number): string => (value === value ? key + num(value, decimals) : "");

/** `,"az":N` and the like for the integer values most receivers send, made once. */
const fieldTexts = (key: string, from: number, to: number): readonly string[] => Array.from({ length: to - from + 1 }, (_, i) => `,"${key}":${i + from}`);
const AZ_TEXT = fieldTexts("az", 0, 359);
const EL_TEXT = fieldTexts("el", -90, 90);
const SS_TEXT = fieldTexts("ss", 0, 99);

function fieldText(table: readonly string[], offset: number, key: string, value: number): string {
  return (Number.isInteger(value) ? table[value + offset] : undefined) ?? `,"${key}":${num(value, 1)}`;
}

/** `{"PRN":…,"gnssid":…,"svid":…[,"sigid":…]` of one satellite signal. */
function entryHead(constellation: Constellation, svid: number, signalId: number | undefined): string {
  const head = `{"PRN":${gpsdPrn(constellation, svid)},"gnssid":${GNSS_ID[constellation]},"svid":${svid}`;
  const sigid = sigidOf(constellation, signalId);
  return sigid !== undefined ? `${head},"sigid":${sigid}` : head;
}

/** Entry heads by gnssid, then svid × 16 + signal id: they never change, and a writer meets the same few hundred. */
type HeadCache = string[][];

/** A writer's memory for its SKY lines: the entry heads, and the satellites of the last view it printed (REPEATED_VIEW). */
interface SkyMemo {
  heads: HeadCache;
  count: number;
  used: number;
  entries: string;
}

/** Svids the cache holds (every real constellation's; others are made each time). */
const CACHED_SVIDS = 256;

function cachedHead(cache: HeadCache | undefined, constellation: Constellation, svid: number, signalId: number | undefined): string {
  if (
    cache === undefined ||
    !(svid >= 0 && svid < CACHED_SVIDS && (svid | 0) === svid) ||
    (signalId !== undefined && !(signalId >= 0 && signalId <= 15 && (signalId | 0) === signalId))
  ) {
    return entryHead(constellation, svid, signalId);
  }
  const id = GNSS_ID[constellation];
  // every slot there from the start: filled from empty, a constellation's array went to dictionary mode at its
  // first high svid (SBAS 120+, QZSS 193+), a hash lookup per entry
  const heads = (cache[id] ??= new Array<string>(CACHED_SVIDS * 16));
  const index = svid * 16 + (signalId ?? 0);
  return (heads[index] ??= entryHead(constellation, svid, signalId));
}

/** `JSON.stringify(toSky(epoch, device))`, built as text (through a record). */
export function skyLine(epoch: GpsdEpoch, device?: string, time?: string): string {
  const record = new Float64Array(epochRecordSize(epoch));
  writeEpochRecord(record, 0, epoch);
  return skyText(record, AT.hdop, AT.satellites, device, epoch.timeMs === undefined ? undefined : (time ?? isoUtc(epoch.timeMs)), undefined).text;
}

/** A SKY line: the hdop, pdop and vdop at data[dopAt…], the view (gpsd-wire.ts) at data[viewAt]; `next` follows the view. */
function skyText(
  data: Float64Array,
  dopAt: number,
  viewAt: number,
  device: string | undefined,
  time: string | undefined,
  memo: SkyMemo | undefined,
): { text: string; next: number } {
  let out = '{"class":"SKY"';
  if (device !== undefined) out += `,"device":${JSON.stringify(device)}`;
  if (time !== undefined) out += `,"time":"${time}"`;
  out += field(data[dopAt] as number, ',"hdop":', 2);
  out += field(data[dopAt + 1] as number, ',"pdop":', 2);
  out += field(data[dopAt + 2] as number, ',"vdop":', 2);
  let k = viewAt;
  const satelliteCount = data[k++] as number;
  const reportedUsed = data[k++] as number;
  // the receiver lists its signals (NAV-SIG): a satellite without one has no entry, as in gpsd's SKY
  const signalsListed = data[k++] === 1;
  if (satelliteCount === REPEATED_VIEW && memo !== undefined) return { text: skyTail(out, reportedUsed, memo.count, memo.used, memo.entries), next: k };
  const heads = memo?.heads;
  let entries = "";
  let count = 0;
  let used = 0;
  for (let s = 0; s < satelliteCount; s++) {
    const constellation = CONSTELLATIONS[data[k + SATELLITE.constellation] as number] as Constellation;
    const svid = data[k + SATELLITE.svid] as number;
    const az = data[k + SATELLITE.azimuthDeg] as number;
    const el = data[k + SATELLITE.elevationDeg] as number;
    let position = "";
    if (az === az) position += fieldText(AZ_TEXT, 0, "az", az);
    if (el === el) position += fieldText(EL_TEXT, 90, "el", el);
    const satelliteUsed = data[k + SATELLITE.used] === 1;
    const satelliteCn0 = data[k + SATELLITE.cn0DbHz] as number;
    const health = data[k + SATELLITE.health] as number;
    const signalCount = data[k + SATELLITE.signalCount] as number;
    k += SATELLITE.size;
    // no signals: one entry with the satellite's own C/N0
    const n = signalCount > 0 ? signalCount : signalsListed ? 0 : 1;
    for (let i = 0; i < n; i++) {
      const signalId = signalCount > 0 ? (data[k] as number) : Number.NaN;
      const cn0 = signalCount > 0 ? (data[k + 1] as number) : satelliteCn0;
      // a used satellite's signal without C/N0 (an L2 not tracked) is not used (gpsd)
      const isUsed = signalCount > 0 ? data[k + 2] === 1 : satelliteUsed;
      if (signalCount > 0) k += SIGNAL_SIZE;
      const head = cachedHead(heads, constellation, svid, signalId === signalId ? signalId : undefined);
      const strength = cn0 === cn0 ? fieldText(SS_TEXT, 0, "ss", cn0) : "";
      const tail = (isUsed ? ',"used":true' : ',"used":false') + (health === health ? `,"health":${health}}` : "}");
      entries += count === 0 ? head + position + strength + tail : "," + head + position + strength + tail;
      count++;
      if (isUsed) used++;
    }
  }
  if (memo !== undefined) {
    memo.count = count;
    memo.used = used;
    memo.entries = entries;
  }
  return { text: skyTail(out, reportedUsed, count, used, entries), next: k };
}

/** The SKY line from its head `out` and its satellites' `entries`. */
function skyTail(out: string, reportedUsed: number, count: number, used: number, entries: string): string {
  // no satellite view yet (no GSV): gpsd prints the used count its GSA/GGA gave, and no satellites
  if (count === 0) return reportedUsed === reportedUsed ? `${out},"uSat":${reportedUsed}}` : `${out}}`;
  return `${out},"nSat":${count},"uSat":${used},"satellites":[${entries}]}`;
}

export interface GpsdWriter extends EpochWriter {
  epoch(epoch: GpsdEpoch): string;
  /**
   * The rest of the last epoch's cycle came after it was reported (the tracker's `satellites` event
   * between two epochs): its SKY again with that view, as gpsd reports a GSV set with the time of the
   * last timed sentence. Empty when nothing was written yet or the view is the one already written.
   */
  skyUpdate(view: GpsdEpoch["satellites"]): string;
  /**
   * The text of the record at data[at] (gpsd-wire.ts), as epoch() or skyUpdate() prints it; `next` is where
   * the following record starts. `decode --format gpsd` prints this way, in its thread or a worker's.
   */
  record(data: Float64Array, at: number): { text: string; next: number };
}

/** `decode --format gpsd`: a TPV, an ATT (with an attitude) and a SKY line per epoch. */
export function createGpsdWriter(options: { device?: string } = {}): GpsdWriter {
  const device = options.device;
  const memo: SkyMemo = { heads: [], count: 0, used: 0, entries: "" };
  /** The last epoch written (a sky update repeats its time and DOPs) and the view last written. */
  let lastEpoch: GpsdEpoch | undefined;
  let lastView: GpsdEpoch["satellites"] | undefined;
  let scratch = new Float64Array(4096);
  const room = (size: number): Float64Array => {
    if (scratch.length < size) scratch = new Float64Array(Math.max(size, scratch.length * 2));
    return scratch;
  };

  const record = (data: Float64Array, at: number): { text: string; next: number } => {
    if (data[at + AT.kind] === RECORD_SKY_UPDATE) {
      const timeMs = data[at + SKY_UPDATE_AT.timeMs] as number;
      const time = timeMs === timeMs ? isoUtc(timeMs) : undefined;
      const sky = skyText(data, at + SKY_UPDATE_AT.hdop, at + SKY_UPDATE_AT.satellites, device, time, memo);
      return { text: `${sky.text}\n`, next: sky.next };
    }
    const timeMs = data[at + AT.timeMs] as number;
    const time = timeMs === timeMs ? isoUtc(timeMs) : undefined;
    const sky = skyText(data, at + AT.hdop, at + AT.satellites, device, time, memo);
    return { text: `${tpvText(data, at, device, time)}\n${attText(data, at, device, time)}${sky.text}\n`, next: sky.next };
  };

  return {
    header: () => "",
    epoch: (epoch) => {
      lastEpoch = epoch;
      lastView = epoch.satellites;
      const data = room(epochRecordSize(epoch));
      writeEpochRecord(data, 0, epoch);
      return record(data, 0).text;
    },
    skyUpdate: (view) => {
      if (lastEpoch === undefined || view === lastView) return "";
      lastView = view;
      const data = room(skyUpdateRecordSize(view));
      writeSkyUpdateRecord(data, 0, view, lastEpoch);
      return record(data, 0).text;
    },
    record,
    footer: () => "",
  };
}
