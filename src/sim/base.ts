// The simulated base station (`gnsskit simulate --rtcm`): the RTCM 3 a reference receiver at the simulated place
// sends, for the satellites the simulator's sky has above it. Every second one MSM7 per constellation (GPS 1077,
// GLONASS 1087, Galileo 1097, QZSS 1117, BeiDou 1127; two signals each, those a u-blox F9P base sends) and, every
// 10 s, the station's position (1005). Ranges are the geometric ranges of the sky model (no clocks, atmosphere
// or noise: a base's corrections, not a rover's raw data); phase ranges follow them with a fixed offset per
// satellite, as a carrier phase with its ambiguity does. Field layout: RTCM 10403.3 §3.5.12 (MSM), table 3.5-78.

import type { Constellation } from "../types.js";
import { geodeticToEcefM, gpsSecondsFromUtcMs } from "../orbits/orbit.js";
import type { Sky, SkySatellite } from "../orbits/index.js";
import { BitWriter, encodeStationPosition, rtcm3Frame } from "../framing/rtcm3.js";
import { concatBytes } from "../sources/bytes.js";
import { signalCn0DbHz } from "./sky/index.js";
import { createRandom } from "./random.js";
import { GPS_UTC_LEAP_SECONDS, GPS_WEEK_MS } from "../gps-time.js";

const SPEED_OF_LIGHT_M_PER_S = 299_792_458;
/** Metres light travels in 1 ms: the MSM range unit. */
const LIGHT_MS_M = SPEED_OF_LIGHT_M_PER_S / 1000;
const BDT_MINUS_GPST_MS = -14_000;
const DAY_MS = 86_400_000;
const STATION_EVERY_MS = 10_000;

interface MsmSystem {
  messageType: number;
  /** MSM satellite id (1-based) of the sky's svid; undefined: not carried. */
  satelliteId(svid: number): number | undefined;
  /** RTCM signal ids sent (DF395) and their carrier frequencies, Hz (GLONASS: the channel-0 frequency and the step). */
  signals: { id: number; hz: number; glonassStepHz?: number }[];
}

/** GLONASS frequency channel of each slot (antipodal slots share one). */
const GLONASS_CHANNEL: Record<number, number> = {
  1: 1,
  2: -4,
  3: 5,
  4: 6,
  5: 1,
  6: -4,
  7: 5,
  8: 6,
  9: -2,
  10: -7,
  11: 0,
  12: -1,
  13: -2,
  14: -7,
  15: 0,
  16: -1,
  17: 4,
  18: -3,
  19: 3,
  20: 2,
  21: 4,
  22: -3,
  23: 3,
  24: 2,
};

const MSM7_SYSTEMS: Partial<Record<Constellation, MsmSystem>> = {
  gps: {
    messageType: 1077,
    satelliteId: (svid) => (svid >= 1 && svid <= 63 ? svid : undefined),
    signals: [
      { id: 2, hz: 1575.42e6 },
      { id: 16, hz: 1227.6e6 },
    ],
  },
  glonass: {
    messageType: 1087,
    satelliteId: (slot) => (slot >= 1 && slot <= 24 ? slot : undefined),
    signals: [
      { id: 2, hz: 1602e6, glonassStepHz: 0.5625e6 },
      { id: 8, hz: 1246e6, glonassStepHz: 0.4375e6 },
    ],
  },
  galileo: {
    messageType: 1097,
    satelliteId: (svid) => (svid >= 1 && svid <= 50 ? svid : undefined),
    signals: [
      { id: 2, hz: 1575.42e6 },
      { id: 15, hz: 1207.14e6 },
    ],
  },
  qzss: {
    messageType: 1117,
    // the sky's QZSS svid is the PRN (193…) or 1…10
    satelliteId: (svid) => {
      const id = svid > 192 ? svid - 192 : svid;
      return id >= 1 && id <= 10 ? id : undefined;
    },
    signals: [
      { id: 2, hz: 1575.42e6 },
      { id: 16, hz: 1227.6e6 },
    ],
  },
  beidou: {
    messageType: 1127,
    satelliteId: (svid) => (svid >= 1 && svid <= 63 ? svid : undefined),
    signals: [
      { id: 2, hz: 1561.098e6 },
      { id: 14, hz: 1207.14e6 },
    ],
  },
};

/** The constellations the base sends, in the order of its messages. */
export const BASE_CONSTELLATIONS: readonly Constellation[] = ["gps", "glonass", "galileo", "qzss", "beidou"];

/**
 * DF407 (MSM lock time indicator, extended resolution, table 3.5-74): indicators 0–63 are ms; from 64 each run of
 * 32 doubles the step, indicator i of run k (k ≥ 1) meaning 2^k·(i − 32k) ms, so run k covers [2^(k+5), 2^(k+6)).
 */
export function lockTimeIndicator(lockMs: number): number {
  if (lockMs < 64) return Math.max(0, Math.floor(lockMs));
  const k = Math.floor(Math.log2(lockMs)) - 5;
  if (k > 20) return 704;
  return Math.floor(lockMs / 2 ** k) + 32 * k;
}

/** The sky and place of a base. */
export interface SimBaseOptions {
  sky: Sky;
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeHaeM: number;
  /** Reference station id, 0–4095 (default 0, as a u-blox base sends). */
  stationId?: number;
  /** Simulated UTC at power-on: lock times count from here. */
  startTimeMs: number;
  seed?: number;
  elevationMaskDeg?: number;
}

export interface SimBase {
  readonly intervalMs: number;
  /** The RTCM 3 frames for the epoch at `simTimeMs` (UTC ms). */
  step(simTimeMs: number): Uint8Array;
  /** Messages sent so far per message number. */
  readonly sent: Record<number, number>;
}

export function createSimBase(options: SimBaseOptions): SimBase {
  const stationId = options.stationId ?? 0;
  if (!Number.isInteger(stationId) || stationId < 0 || stationId > 4095) throw new RangeError(`station id ${stationId}: 0-4095`);
  const observer = { latitudeDeg: options.latitudeDeg, longitudeDeg: options.longitudeDeg, altitudeHaeM: options.altitudeHaeM };
  const ecefM = geodeticToEcefM(observer.latitudeDeg, observer.longitudeDeg, observer.altitudeHaeM);
  const maskDeg = options.elevationMaskDeg ?? 10;
  const seed = options.seed ?? 1;
  const sent: Record<number, number> = {};
  let lastStationAtMs = Number.NEGATIVE_INFINITY;
  /** When each satellite rose into the base's view (lock time counts from it). */
  const lockedSince = new Map<string, number>();

  const msm7 = (
    system: MsmSystem,
    constellation: Constellation,
    sats: SkySatellite[],
    later: Map<string, SkySatellite>,
    t: number,
    more: boolean,
  ): Uint8Array | undefined => {
    const carried = sats
      .map((sat) => ({ sat, id: system.satelliteId(sat.svid) }))
      .filter((x): x is { sat: SkySatellite; id: number } => x.id !== undefined)
      .sort((a, b) => a.id - b.id)
      .slice(0, Math.floor(64 / system.signals.length));
    if (carried.length === 0) return undefined;
    const w = new BitWriter();
    w.unsigned(system.messageType, 12).unsigned(stationId, 12);
    const gpsMs = Math.round(gpsSecondsFromUtcMs(t, GPS_UTC_LEAP_SECONDS) * 1000);
    if (constellation === "glonass") {
      const moscowMs = t + 3 * 3600_000;
      w.unsigned(new Date(moscowMs).getUTCDay(), 3).unsigned(((moscowMs % DAY_MS) + DAY_MS) % DAY_MS, 27);
    } else {
      const towMs = constellation === "beidou" ? gpsMs + BDT_MINUS_GPST_MS : gpsMs;
      w.unsigned(((towMs % GPS_WEEK_MS) + GPS_WEEK_MS) % GPS_WEEK_MS, 30);
    }
    w.unsigned(more ? 1 : 0, 1)
      .unsigned(0, 3)
      .unsigned(0, 7)
      .unsigned(0, 2)
      .unsigned(0, 2)
      .unsigned(0, 1)
      .unsigned(0, 3);
    // satellite mask (64), signal mask (32), cell mask (every satellite has every signal)
    for (let id = 1; id <= 64; id++) w.unsigned(carried.some((c) => c.id === id) ? 1 : 0, 1);
    for (let id = 1; id <= 32; id++) w.unsigned(system.signals.some((s) => s.id === id) ? 1 : 0, 1);
    for (let k = 0; k < carried.length * system.signals.length; k++) w.unsigned(1, 1);

    const rows = carried.map(({ sat, id }) => {
      const key = `${constellation}:${sat.svid}`;
      const rangeMs = sat.rangeM / LIGHT_MS_M;
      // the rough range in units of 2^-10 ms; the fine fields carry the rest
      const roughUnits = Math.round(rangeMs * 1024);
      const next = later.get(key);
      const rateMps = next === undefined ? 0 : next.rangeM - sat.rangeM;
      const roughRate = Math.round(rateMps);
      if (!lockedSince.has(key)) lockedSince.set(key, t);
      const phaseOffsetM = (createRandom(seed ^ (id * 7919 + system.messageType))() - 0.5) * 100;
      return { sat, id, key, rangeMs, roughUnits, rateMps, roughRate, phaseOffsetM };
    });
    for (const r of rows) w.unsigned(Math.min(254, Math.floor(r.roughUnits / 1024)), 8);
    for (const r of rows) w.unsigned(constellation === "glonass" ? (GLONASS_CHANNEL[r.id] ?? 0) + 7 : 0, 4);
    for (const r of rows) w.unsigned(r.roughUnits % 1024, 10);
    for (const r of rows) w.signed(Math.max(-8191, Math.min(8191, r.roughRate)), 14);
    const cells = rows.flatMap((r) => system.signals.map((signal, s) => ({ r, signal, s })));
    const roughMs = (r: (typeof rows)[number]): number => r.roughUnits / 1024;
    for (const { r } of cells) w.signed(Math.round((r.rangeMs - roughMs(r)) * 2 ** 29), 20);
    for (const { r } of cells) w.signed(Math.round((r.rangeMs + r.phaseOffsetM / LIGHT_MS_M - roughMs(r)) * 2 ** 31), 24);
    for (const { r } of cells) w.unsigned(lockTimeIndicator(t - (lockedSince.get(r.key) ?? t)), 10);
    for (let k = 0; k < cells.length; k++) w.unsigned(0, 1); // half-cycle ambiguity: none
    for (const { r, s } of cells) {
      const cn0 = signalCn0DbHz(r.sat, "open-sky", createRandom(seed ^ Math.floor(t / 1000) ^ (r.id << 8) ^ s)) ?? 35;
      w.unsigned(Math.max(1, Math.min(1023, Math.round((cn0 - 3 * s) * 16))), 10);
    }
    for (const { r } of cells) w.signed(Math.round((r.rateMps - r.roughRate) * 10_000), 15);
    return rtcm3Frame(w.toBytes());
  };

  return {
    intervalMs: 1000,
    sent,
    step(t) {
      const frames: Uint8Array[] = [];
      const count = (type: number): void => void (sent[type] = (sent[type] ?? 0) + 1);
      if (t - lastStationAtMs >= STATION_EVERY_MS) {
        frames.push(rtcm3Frame(encodeStationPosition(stationId, ecefM)));
        count(1005);
        lastStationAtMs = t;
      }
      const visible = options.sky.visibleAt(t, observer, maskDeg);
      const later = new Map(options.sky.visibleAt(t + 1000, observer, 0).map((s) => [`${s.constellation}:${s.svid}`, s]));
      for (const key of [...lockedSince.keys()]) if (!visible.some((s) => `${s.constellation}:${s.svid}` === key)) lockedSince.delete(key);
      const systems = BASE_CONSTELLATIONS.filter((c) => MSM7_SYSTEMS[c] !== undefined && visible.some((s) => s.constellation === c));
      systems.forEach((constellation, index) => {
        const frame = msm7(
          MSM7_SYSTEMS[constellation]!,
          constellation,
          visible.filter((s) => s.constellation === constellation && s.healthy),
          later,
          t,
          index < systems.length - 1,
        );
        if (frame === undefined) return;
        frames.push(frame);
        count(MSM7_SYSTEMS[constellation]!.messageType);
      });
      return concatBytes(frames);
    },
  };
}
