// Orbit data for assisted starts, as the files carry it and receivers take it:
//
// - u-blox AssistNow: UBX-MGA messages (class 0x13), streamed to the receiver as they are (Online: INI time and
//   position, EPH per satellite, ALM, IONO, UTC, HEALTH; Offline: ANO per satellite and day). Payload layouts of the
//   u-blox M8 protocol (as pyubx2 defines them): MGA-GPS-EPH / MGA-QZSS-EPH 68 bytes, toe (U2, 2^4 s of the GPS week)
//   at 40; MGA-GAL-EPH 76 bytes, toe (U2, 60 s of the Galileo week) at 50; MGA-BDS-EPH 88 bytes, toe (U4, 8 s of
//   the BeiDou week) at 24; MGA-GLO-EPH 48 bytes, tb (U1, 15 min of the Moscow day) at 35; MGA-ANO: year (since 2000),
//   month, day at 4–6.
// - MediaTek EPO (Extended Prediction Orbit): 72-byte satellite records (EPO-II; 60 in EPO-I), 32 a set, one set per
//   6 hours (domain.md §3.1, §6.1). A record starts with the set's GPS hour (hours since 1980-01-06, 24 bits LE) and
//   the satellite (PRN, byte 3); the rest is MediaTek's own encoding, which is not public. Receivers (and the
//   simulator) take a record for the 6 hours from its GPS hour.
//
// The simulator writes both for its own sky (its satellites' almanac elements as ephemeris), so an assisted start
// with orbits can be measured without a download. Isomorphic: Uint8Array only.

import type { Constellation } from "../types.js";
import { ubxChecksum, ubxFrame } from "../framing/ubx.js";
import { concatBytes } from "../sources/bytes.js";
import type { AlmanacRecord } from "./almanac.js";
import { gpsSecondsFromUtcMs, meanMotionRadPerS, SECONDS_PER_WEEK, utcMsFromGpsSeconds, GPS_PI, EARTH_ROTATION_RAD_PER_S } from "./orbit.js";
import { GPS_UTC_LEAP_SECONDS } from "../gps-time.js";

const HOUR_MS = 3_600_000;
const WEEK_MS = SECONDS_PER_WEEK * 1000;
const BDT_MINUS_GPST_S = -14;

// ───────────────────────────── AssistNow (UBX-MGA) ─────────────────────────────

export const UBX_CLASS_MGA = 0x13;
/** MGA message ids that carry one satellite's ephemeris, and their constellation. */
export const MGA_EPHEMERIS_IDS: Readonly<Record<number, Constellation>> = { 0x00: "gps", 0x02: "galileo", 0x03: "beidou", 0x05: "qzss", 0x06: "glonass" };
const MGA_INI = 0x40;
const MGA_ANO = 0x20;
const ANO_GNSS: Readonly<Record<number, Constellation>> = { 0: "gps", 2: "galileo", 3: "beidou", 5: "qzss", 6: "glonass" };

export type AssistNowKind = "ini-time" | "ini-position" | "ephemeris" | "almanac" | "offline" | "other";

export interface AssistNowMessage {
  messageId: number;
  payload: Uint8Array;
  /** The whole UBX frame, as it goes to the receiver */
  frame: Uint8Array;
  kind: AssistNowKind;
  constellation?: Constellation;
  svid?: number;
}

export interface AssistNowData {
  messages: AssistNowMessage[];
  /** UBX frames whose checksum was wrong: left out */
  badFrames: number;
  /** Bytes outside any frame */
  skippedBytes: number;
  /** Frames of another class than MGA: left out */
  otherFrames: number;
}

function classify(messageId: number, payload: Uint8Array): Pick<AssistNowMessage, "kind" | "constellation" | "svid"> {
  const type = payload[0];
  if (messageId === MGA_INI) return { kind: type === 0x10 || type === 0x11 ? "ini-time" : type === 0x00 || type === 0x01 ? "ini-position" : "other" };
  if (messageId === MGA_ANO && payload.length >= 8) {
    const constellation = ANO_GNSS[payload[3]!];
    return constellation === undefined ? { kind: "other" } : { kind: "offline", constellation, svid: payload[2]! };
  }
  const constellation = MGA_EPHEMERIS_IDS[messageId];
  if (constellation !== undefined && payload.length >= 4) {
    if (type === 0x01) return { kind: "ephemeris", constellation, svid: payload[2]! };
    if (type === 0x02) return { kind: "almanac", constellation, svid: payload[2]! };
  }
  return { kind: "other" };
}

/** The MGA messages of an AssistNow file (or of any UBX stream), checksums checked. Never throws. */
export function parseAssistNow(bytes: Uint8Array): AssistNowData {
  const data: AssistNowData = { messages: [], badFrames: 0, skippedBytes: 0, otherFrames: 0 };
  let i = 0;
  while (i < bytes.length) {
    if (bytes[i] !== 0xb5 || bytes[i + 1] !== 0x62 || i + 8 > bytes.length) {
      data.skippedBytes++;
      i++;
      continue;
    }
    const length = bytes[i + 4]! | (bytes[i + 5]! << 8);
    const end = i + 8 + length;
    if (end > bytes.length) {
      data.skippedBytes += bytes.length - i;
      break;
    }
    const [a, b] = ubxChecksum(bytes.subarray(i + 2, i + 6 + length));
    if (a !== bytes[end - 2] || b !== bytes[end - 1]) {
      data.badFrames++;
      i += 2;
      continue;
    }
    const messageClass = bytes[i + 2]!;
    const messageId = bytes[i + 3]!;
    if (messageClass !== UBX_CLASS_MGA) data.otherFrames++;
    else {
      const payload = bytes.slice(i + 6, i + 6 + length);
      data.messages.push({ messageId, payload, frame: bytes.slice(i, end), ...classify(messageId, payload) });
    }
    i = end;
  }
  return data;
}

/** The difference a − b of two times within a repeating period, folded into ±period/2. */
function nearestDifference(a: number, b: number, period: number): number {
  const d = (((a - b) % period) + period) % period;
  return d > period / 2 ? d - period : d;
}

export interface OrbitSpan {
  constellation: Constellation;
  svid: number;
  validFromMs: number;
  validUntilMs: number;
}

/**
 * When an MGA ephemeris or AssistNow Offline message is valid, as a receiver reads it at UTC `nowMs`: the message
 * gives its reference time within a week (or a day); the receiver puts it in its own current week. Ephemerides
 * are good for ±2 h about their reference (GLONASS ±30 min), an Offline message for its UTC day. Undefined for
 * messages that carry no orbit.
 */
export function assistNowSpan(messageId: number, payload: Uint8Array, nowMs: number, leapSeconds = GPS_UTC_LEAP_SECONDS): OrbitSpan | undefined {
  const { kind, constellation, svid } = classify(messageId, payload);
  if (constellation === undefined || svid === undefined) return undefined;
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const around = (referenceMs: number, halfMs: number): OrbitSpan => ({
    constellation,
    svid,
    validFromMs: referenceMs - halfMs,
    validUntilMs: referenceMs + halfMs,
  });
  const gpsMs = (gpsSecondsFromUtcMs(nowMs, leapSeconds) * 1000) % WEEK_MS;
  if (kind === "offline") {
    const day = Date.UTC(2000 + payload[4]!, payload[5]! - 1, payload[6]!);
    return Number.isFinite(day) ? { constellation, svid, validFromMs: day, validUntilMs: day + 24 * HOUR_MS } : undefined;
  }
  if (kind !== "ephemeris") return undefined;
  switch (constellation) {
    case "gps":
    case "qzss":
      if (payload.length < 68) return undefined;
      return around(nowMs + nearestDifference(view.getUint16(40, true) * 16_000, gpsMs, WEEK_MS), 2 * HOUR_MS);
    case "galileo":
      if (payload.length < 76) return undefined;
      return around(nowMs + nearestDifference(view.getUint16(50, true) * 60_000, gpsMs, WEEK_MS), 2 * HOUR_MS);
    case "beidou":
      if (payload.length < 88) return undefined;
      return around(nowMs + nearestDifference(view.getUint32(24, true) * 8000, gpsMs + BDT_MINUS_GPST_S * 1000, WEEK_MS), 2 * HOUR_MS);
    case "glonass": {
      if (payload.length < 48) return undefined;
      const moscowMs = (((nowMs + 3 * HOUR_MS) % (24 * HOUR_MS)) + 24 * HOUR_MS) % (24 * HOUR_MS);
      return around(nowMs + nearestDifference(payload[35]! * 15 * 60_000, moscowMs, 24 * HOUR_MS), HOUR_MS / 2);
    }
    default:
      return undefined;
  }
}

const semicircles = (rad: number, scaleExp: number): number => Math.round((rad / GPS_PI) * 2 ** scaleExp);
const wrap = (rad: number): number => Math.atan2(Math.sin(rad), Math.cos(rad));

/**
 * MGA-GPS-EPH (or MGA-QZSS-EPH, the same layout) payload for a satellite from its almanac elements, referenced to
 * `toeGpsSeconds` (GPS seconds since 1980): the orbit an AssistNow Online answer would carry, without the
 * harmonic corrections an almanac lacks, clock terms zero.
 */
export function encodeGpsEphemeris(record: AlmanacRecord, svid: number, toeGpsSeconds: number): Uint8Array {
  const payload = new Uint8Array(68);
  const v = new DataView(payload.buffer);
  const toaGps = record.week * SECONDS_PER_WEEK + record.toaS;
  const toeWeekStart = Math.floor(toeGpsSeconds / SECONDS_PER_WEEK) * SECONDS_PER_WEEK;
  const toaWeekStart = record.week * SECONDS_PER_WEEK;
  const m0 = wrap(record.meanAnomalyRad + meanMotionRadPerS(record) * (toeGpsSeconds - toaGps));
  // Ω0 is referenced to the start of the ephemeris' own week
  const omega0 = wrap(
    record.rightAscensionAtWeekRad + record.rightAscensionRateRadPerS * (toeGpsSeconds - toaGps) - EARTH_ROTATION_RAD_PER_S * (toeWeekStart - toaWeekStart),
  );
  const toe = Math.round((toeGpsSeconds - toeWeekStart) / 16);
  v.setUint8(0, 0x01);
  v.setUint8(2, svid);
  v.setUint8(6, record.healthy ? 0 : 0x3f);
  v.setUint16(10, toe, true); // toc = toe
  v.setInt32(24, semicircles(m0, 31), true);
  v.setUint32(32, Math.round(record.eccentricity * 2 ** 33), true);
  v.setUint32(36, Math.round(record.sqrtSemiMajorAxisSqrtM * 2 ** 19), true);
  v.setUint16(40, toe, true);
  v.setInt32(44, semicircles(omega0, 31), true);
  v.setInt32(52, semicircles(record.inclinationRad, 31), true);
  v.setInt32(56, semicircles(wrap(record.argumentOfPerigeeRad), 31), true);
  v.setInt32(60, semicircles(record.rightAscensionRateRadPerS, 43), true);
  return payload;
}

/** An AssistNow Online-like file for a sky: MGA-GPS-EPH and MGA-QZSS-EPH of every healthy satellite, toe on the hour. */
export function writeAssistNowFile(records: AlmanacRecord[], atMs: number, leapSeconds = GPS_UTC_LEAP_SECONDS): Uint8Array {
  const toe = Math.floor(gpsSecondsFromUtcMs(atMs, leapSeconds) / 3600) * 3600;
  const frames = records
    .filter((r) => r.healthy && (r.constellation === "gps" || r.constellation === "qzss"))
    .map((r) => ubxFrame(UBX_CLASS_MGA, r.constellation === "gps" ? 0x00 : 0x05, encodeGpsEphemeris(r, r.svid, toe)));
  return concatBytes(frames);
}

// ───────────────────────────── MediaTek EPO ─────────────────────────────

export const EPO_RECORD_BYTES = 72;
export const EPO_SET_SATELLITES = 32;
export const EPO_SET_HOURS = 6;

export interface EpoRecord {
  /** The set's start, hours since the GPS epoch */
  gpsHour: number;
  /** GPS PRN (0: an empty slot) */
  svid: number;
  bytes: Uint8Array;
}

export interface EpoSet {
  gpsHour: number;
  records: EpoRecord[];
}

export interface EpoData {
  recordBytes: 60 | 72;
  sets: EpoSet[];
}

/** UTC ms of a GPS hour (hours since 1980-01-06 GPS time). */
export function epoHourToUtcMs(gpsHour: number, leapSeconds = GPS_UTC_LEAP_SECONDS): number {
  return utcMsFromGpsSeconds(gpsHour * 3600, leapSeconds);
}

export function utcMsToEpoHour(utcMs: number, leapSeconds = GPS_UTC_LEAP_SECONDS): number {
  return Math.floor(gpsSecondsFromUtcMs(utcMs, leapSeconds) / 3600);
}

/** The 6 hours an EPO record is good for. */
export function epoRecordSpan(record: Pick<EpoRecord, "gpsHour" | "svid">, leapSeconds = GPS_UTC_LEAP_SECONDS): OrbitSpan {
  const fromMs = epoHourToUtcMs(record.gpsHour, leapSeconds);
  return { constellation: "gps", svid: record.svid, validFromMs: fromMs, validUntilMs: fromMs + EPO_SET_HOURS * HOUR_MS };
}

/** An EPO record's GPS hour and PRN. */
export function epoRecordOf(bytes: Uint8Array): EpoRecord {
  return { gpsHour: bytes[0]! | (bytes[1]! << 8) | (bytes[2]! << 16), svid: bytes[3]!, bytes };
}

/**
 * An EPO file: EPO-II (72-byte records) or EPO-I (60), told apart as MediaTek's tools do (the set's hour repeats
 * at the next record). A string says why it is not one.
 */
export function parseEpo(bytes: Uint8Array): EpoData | string {
  const sameHour = (at: number): boolean => bytes.length >= at + 3 && bytes[0] === bytes[at] && bytes[1] === bytes[at + 1] && bytes[2] === bytes[at + 2];
  const recordBytes = sameHour(72) ? 72 : sameHour(60) ? 60 : undefined;
  if (recordBytes === undefined) return "not an EPO file (no 60- or 72-byte satellite records with a common GPS hour)";
  const setBytes = recordBytes * EPO_SET_SATELLITES;
  if (bytes.length % setBytes !== 0) return `not an EPO file: ${bytes.length} bytes is no whole number of ${setBytes}-byte sets`;
  const sets: EpoSet[] = [];
  for (let at = 0; at < bytes.length; at += setBytes) {
    const records: EpoRecord[] = [];
    for (let r = 0; r < EPO_SET_SATELLITES; r++) records.push(epoRecordOf(bytes.slice(at + r * recordBytes, at + (r + 1) * recordBytes)));
    const gpsHour = records[0]!.gpsHour;
    if (records.some((r) => r.gpsHour !== gpsHour)) return `not an EPO file: set ${sets.length + 1} mixes GPS hours`;
    sets.push({ gpsHour, records });
  }
  return { recordBytes, sets };
}

/** The set that covers UTC `nowMs`, if any. */
export function epoSetAt(data: EpoData, nowMs: number, leapSeconds = GPS_UTC_LEAP_SECONDS): EpoSet | undefined {
  const hour = utcMsToEpoHour(nowMs, leapSeconds);
  return data.sets.find((s) => hour >= s.gpsHour && hour < s.gpsHour + EPO_SET_HOURS);
}

/**
 * An EPO-II file for a sky's GPS satellites: `days` of 6-hour sets from the set that holds `atMs`. Each record is the
 * GPS hour and PRN, then the satellite's orbit at the set's middle in the layout of MGA-GPS-EPH (MediaTek's own
 * encoding is not public; receivers check the hour and PRN).
 */
export function writeEpoFile(records: AlmanacRecord[], atMs: number, days: number, leapSeconds = GPS_UTC_LEAP_SECONDS): Uint8Array {
  const gps = new Map(records.filter((r) => r.constellation === "gps").map((r) => [r.svid, r]));
  const firstHour = Math.floor(utcMsToEpoHour(atMs, leapSeconds) / EPO_SET_HOURS) * EPO_SET_HOURS;
  const sets = Math.max(1, Math.round((days * 24) / EPO_SET_HOURS));
  const out = new Uint8Array(sets * EPO_SET_SATELLITES * EPO_RECORD_BYTES);
  for (let s = 0; s < sets; s++) {
    const hour = firstHour + s * EPO_SET_HOURS;
    for (let prn = 1; prn <= EPO_SET_SATELLITES; prn++) {
      const at = (s * EPO_SET_SATELLITES + prn - 1) * EPO_RECORD_BYTES;
      out.set([hour & 0xff, (hour >> 8) & 0xff, (hour >> 16) & 0xff], at);
      const record = gps.get(prn);
      if (record === undefined || !record.healthy) continue; // an empty slot keeps the hour, PRN 0
      out[at + 3] = prn;
      out.set(encodeGpsEphemeris(record, prn, (hour + EPO_SET_HOURS / 2) * 3600).subarray(4), at + 4);
    }
  }
  return out;
}
