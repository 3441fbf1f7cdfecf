// The simulated receiver: a deterministic, seeded state machine driven by simulated time.
//
// Acquisition model (domain.md §2; numbers are engineering choices, tuned to the datasheet figures of §2.3):
// - Search: with orbits (almanac or ephemeris), time and position the receiver knows which satellites are up and
//   their Doppler: each is found after a drawn 0.2–1.2 s (hot: valid ephemeris, warm oscillator) or 0.8–3.3 s
//   (aided: warm and assisted starts). Without an almanac (cold) it cannot know which satellites are up: it
//   sweeps every code of each constellation (GPS 32 PRNs, GLONASS 14 frequency channels, ...) over the whole
//   Doppler range, SEARCH_CHANNELS codes at a time, and a satellite is found when the sweep reaches its code
//   (then pulls in as an aided search does): a cold start adds that sweep to the same draws. Codes of
//   satellites below the horizon cost as much as the others. Blind acquisition needs C/N0 ≥ 24 dB-Hz (mt3339:
//   "> 25 for a cold start"): a weaker satellite is missed and waits for the next sweep; aided acquisition
//   takes anything trackable (≥ 20).
// - Navigation message: after bit sync (0.5–1.5 s) the receiver reads the parts that carry the ephemeris:
//   subframes 1–3 (GPS, QZSS, BeiDou, Galileo: 6 s each in a 30 s frame aligned on GPS time) or strings 1–5
//   (GLONASS: 2 s each, frame aligned on UTC). A part counts when every sample of it had C/N0 ≥ 27 dB-Hz; parts
//   are collected across frames, so strong signals need 18–48 s after lock (u-blox: "18–36 s") and weak ones
//   minutes. A cold receiver learns the time from the first whole part (TOW), the almanac 12.5 min later.
// - Fix: every healthy satellite above the mask whose ephemeris is decoded is used (up to 12 per system). The
//   solution needs time and 3 satellites for 2D, 4 for 3D, plus one for each further system with two or more
//   satellites (its clock offset is solved for; a lone satellite of a system uses the offset its system
//   broadcasts: GLONASS τGPS, Galileo GGTO, BeiDou A0GPS). The first solution is 2D for a drawn 1–4 s (hot: one
//   interval) while the altitude converges.
// - Position: truth + a Gauss–Markov error (τ 30 s) scaled by DOP × UERE (1.5 m open sky … 8 m indoors);
//   urban canyons add multipath episodes that keep only the highest satellites (HDOP spikes) and triple the error.

import type { Constellation } from "../../types.js";
import { createRandom, normal, type Random } from "../random.js";
import { ALMANAC_CYCLE_MS, computeDop, type SkySatellite } from "../../orbits/index.js";
import { signalCn0DbHz, type Environment } from "../sky/index.js";
import type { RoutePoint } from "../motion/route.js";
import { createConfigMemory, initialConfig, simModel, type ConfigChange } from "./config.js";
import { handleCommand, startupBanner, type CommandEffect, type RestartKind } from "./dialects.js";
import {
  encodeGga,
  encodeGll,
  encodeGsa,
  encodeGsv,
  encodeRmc,
  encodeVtg,
  encodeZda,
  formatAngle,
  formatDdmmyy,
  formatTimeOfDay,
  type EncodeContext,
  type EpochReport,
  type ReportedSatellite,
  type SentenceName,
} from "./nmea.js";
import { createCommandReader } from "./ubx.js";
import { createRtkEngine, ERROR_SCALE } from "./rtk.js";
import { encodeUbxNav, monHw, monVer, navOutputOfId, UBX_NAV_OUTPUT, ubxMessageName, type UbxEpochContext } from "./ubx-output.js";
import { withChecksum } from "../../framing/checksum.js";
import type { AidingKind, NmeaVersion, SimChip, SimProtocol, SimReceiverOptions, SimReceiverState, SimScenario, SimStartType, SimTruth } from "./types.js";
import { concatBytes } from "../../sources/bytes.js";
import { GPS_UTC_LEAP_SECONDS, gpsWeekTow } from "../../gps-time.js";

export const ACQUISITION_BLIND_DB_HZ = 24;
export const ACQUISITION_AIDED_DB_HZ = 20;
export const DECODE_DB_HZ = 27;
const EPHEMERIS_VALIDITY_MS = 4 * 3600_000;
const LOOKAHEAD_HORIZON_MS = 600_000;
/** An internal patch antenna deep indoors: the `indoor` scenario's extra loss on top of the sky's indoor model. */
const DEEP_INDOOR_EXTRA_LOSS_DB = 9;

const UERE_M: Record<Environment, number> = { "open-sky": 1.5, suburban: 2.5, "urban-canyon": 5, indoor: 8, tunnel: 8 };

/** Navigation-message layout: parts the receiver must collect for ephemeris, within a repeating frame. */
interface MessageLayout {
  frameMs: number;
  /** Offset of the frame start from the UTC ms count (GPS time frames start when (utc + 18 s) % 30 s = 0). */
  frameOffsetMs: number;
  partMs: number;
  ephemerisParts: number;
}
const GPS_LIKE: MessageLayout = { frameMs: 30_000, frameOffsetMs: GPS_UTC_LEAP_SECONDS * 1000, partMs: 6_000, ephemerisParts: 3 };
const GLONASS_LAYOUT: MessageLayout = { frameMs: 30_000, frameOffsetMs: 0, partMs: 2_000, ephemerisParts: 5 };
const layoutOf = (c: Constellation): MessageLayout => (c === "glonass" ? GLONASS_LAYOUT : GPS_LIKE);

/** What a blind search covers per constellation, and how long one code takes over the whole Doppler range. */
interface SearchSpace {
  /** Codes to try: PRNs; for GLONASS (FDMA) frequency channels */
  codes: number;
  code(svid: number): number;
  dwellMs: number;
}
/** Codes searched at once per constellation. */
const SEARCH_CHANNELS = 4;
const GPS_CODE_DWELL_MS = 750;
const SEARCH_SPACE: Record<Constellation, SearchSpace> = {
  gps: { codes: 32, code: (svid) => svid - 1, dwellMs: GPS_CODE_DWELL_MS },
  qzss: { codes: 10, code: (svid) => (svid > 100 ? svid - 193 : svid - 1), dwellMs: GPS_CODE_DWELL_MS },
  sbas: { codes: 39, code: (svid) => (svid >= 120 ? svid - 120 : svid - 33), dwellMs: GPS_CODE_DWELL_MS },
  navic: { codes: 14, code: (svid) => svid - 1, dwellMs: GPS_CODE_DWELL_MS },
  // A 511-chip code (half the code phases of GPS) on 14 channels: the antipodal slots k and k + 4 of a plane share one.
  glonass: { codes: 14, code: (slot) => Math.floor((slot - 1) / 8) * 4 + ((slot - 1) % 4), dwellMs: GPS_CODE_DWELL_MS / 2 },
  // E1: 4092 chips, BOC(1,1): four times the code phases of GPS.
  galileo: { codes: 36, code: (svid) => svid - 1, dwellMs: GPS_CODE_DWELL_MS * 4 },
  // B1I: 2046 chips.
  beidou: { codes: 63, code: (svid) => svid - 1, dwellMs: GPS_CODE_DWELL_MS * 2 },
};
/** Time and position without orbits: the oscillator is known, only the satellites' own Doppler is searched. */
const COARSE_DWELL_FACTOR = 0.6;

/** 32-bit mix of integers into a seed (splitmix-like), so each draw has its own stream. */
function seedOf(...parts: number[]): number {
  let h = 0x9e3779b9;
  for (const part of parts) {
    const lo = part >>> 0;
    const hi = Math.floor(part / 4294967296) >>> 0;
    for (const word of [lo, hi]) {
      h = Math.imul(h ^ word, 0x85ebca6b);
      h ^= h >>> 13;
      h = Math.imul(h, 0xc2b2ae35);
      h ^= h >>> 16;
    }
  }
  return h >>> 0;
}

/** The satellite a `constellation:svid` key names. */
function satelliteOf(key: string): { constellation: Constellation; svid: number } {
  const [constellation, svid] = key.split(":");
  return { constellation: constellation as Constellation, svid: Number(svid) };
}

function keyHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

interface SatState {
  /** Earliest time the search can find it */
  searchDoneAtMs: number;
  /** Search class it was planned with, so aiding can shorten it */
  searchClass: SearchClass;
  lockedSinceMs?: number | undefined;
  /** Bit sync done from then on (the navigation message can be read) */
  syncedAtMs?: number | undefined;
  /** The message part (frame × 100 + part) being read now, and whether every sample of it so far was decodable */
  partKey?: number | undefined;
  partGood?: boolean;
  /** Bit mask of the ephemeris parts collected so far (each part is parity-checked on its own) */
  partsCollected?: number;
  ephemerisUntilMs?: number;
  /** Locks so far (each lock draws its own bit-sync time) */
  locks?: number;
}

type SearchClass = "hot" | "aided" | "coarse" | "blind";

interface ModelState {
  startType: SimStartType;
  startedAtMs: number;
  restartCount: number;
  timeKnown: boolean;
  dateKnown: boolean;
  positionKnown: boolean;
  almanacFromMs?: number;
  /** Hot start / ephemeris aiding: every satellite's ephemeris is valid until then */
  ephemerisAllUntilMs?: number;
  /** The oscillator and last tracking state are warm (hot restart): fastest search */
  warmOscillator: boolean;
  sats: Record<string, SatState>;
  firstFixAtMs?: number;
  first3dAtMs?: number;
  threeDDelayMs: number;
  hadFix: boolean;
  fixLosses: number;
  error: { e: number; n: number; u: number; lastMs?: number };
}

interface EpochOutcome {
  report: EpochReport;
  /** What UBX says beside the report (the epoch's iTOW, time since start, the receiver's TTFF) */
  ubx: UbxEpochContext;
  environment: Environment;
  truePoint: RoutePoint;
  tracked: number;
  /** The error put into the fix's position (east/north/up metres from the antenna); undefined without a fix */
  errorM?: { eastM: number; northM: number; upM: number };
  state: SimReceiverState;
}

// WGS-84, for metres on the ground ↔ degrees.
const WGS84_A_M = 6_378_137;
const WGS84_E2 = 6.69437999014e-3;

/**
 * Metres per degree of latitude (along the meridian) and of longitude (along the parallel) at a place: the
 * ellipsoid's radii of curvature, so an error drawn in metres is that many metres on the ground (a spherical
 * 111,133 m per degree put 0.07 % too much into latitude and 0.1 % into longitude at Paris).
 */
function metresPerDegree(latitudeDeg: number, altitudeHaeM: number): { north: number; east: number } {
  const phi = (latitudeDeg * Math.PI) / 180;
  const w2 = 1 - WGS84_E2 * Math.sin(phi) ** 2;
  const meridian = (WGS84_A_M * (1 - WGS84_E2)) / (w2 * Math.sqrt(w2));
  const primeVertical = WGS84_A_M / Math.sqrt(w2);
  const rad = Math.PI / 180;
  return { north: (meridian + altitudeHaeM) * rad, east: (primeVertical + altitudeHaeM) * Math.cos(phi) * rad };
}

export interface SimReceiver {
  /** What the model drew and did (live: updated by every step). */
  readonly truth: SimTruth;
  /** Output interval in ms (changes with PMTK220 / PAIR050 / CFG-RATE / CFG-VALSET). */
  readonly intervalMs: number;
  /** The speed of the chip's serial port (changes with PMTK251 / PAIR864 / CFG-PRT / PSRF100 / PUBX,41). */
  readonly baudRate: number;
  /** The bytes for the reporting cycle at `simTimeMs`: banners after (re)starts, then the epoch's sentences. */
  step(simTimeMs: number): Uint8Array;
  /** A host command (NMEA and/or UBX bytes, any split) arriving at `simTimeMs`; returns the immediate replies. */
  receive(bytes: Uint8Array, simTimeMs: number): Uint8Array;
  /** As `receive`, each reply with the port speed it went out at (an ack before the speed change it confirms). */
  receiveAtSpeeds(bytes: Uint8Array, simTimeMs: number): { bytes: Uint8Array; baudRate: number }[];
}

function environmentAt(scenario: SimScenario, base: Environment, elapsedMs: number): Environment {
  switch (scenario) {
    case "tunnel": {
      // A 35 s tunnel every 3 minutes of driving, the first one 100 s after power-on.
      const phase = elapsedMs % 180_000;
      return phase >= 100_000 && phase < 135_000 ? "tunnel" : base;
    }
    case "urban":
      return "urban-canyon";
    case "indoor":
      return "indoor";
    case "none":
      return base;
  }
}

export function createSimReceiver(options: SimReceiverOptions): SimReceiver {
  const chip: SimChip = options.chip ?? "mtk";
  const version: NmeaVersion = options.nmeaVersion ?? "4.11";
  const seed = options.seed ?? 1;
  const scenario = options.scenario ?? "none";
  const baseEnvironment: Environment = options.environment ?? "open-sky";
  const maskDeg = options.elevationMaskDeg ?? 5;
  const geoidSeparationM = options.geoidSeparationM ?? 45;
  const powerOnMs = options.startTimeMs;
  const model = simModel(chip, options.model);
  const commandReader = createCommandReader();
  const rate = options.rateHz ?? 1;
  if (!(rate >= 1 && rate <= 10)) throw new TypeError(`rateHz must be 1..10, got ${rate}`);
  const protocol: SimProtocol = options.protocol ?? "nmea";
  if (protocol !== "nmea" && chip !== "ublox") throw new TypeError(`protocol ${protocol}: only the ublox chip speaks UBX`);
  // a u-blox set to UBX only sends no NMEA: its configured NMEA messages start at rate 0
  const memory = createConfigMemory(
    initialConfig(model, {
      rateHz: rate,
      nmea: protocol !== "ubx",
      // a u-blox set to UBX output sends its NAV messages every solution until CFG-MSG/VALSET says otherwise
      ubxMessages: protocol === "nmea" ? [] : UBX_NAV_OUTPUT.map(ubxMessageName),
      ...(options.constellations === undefined ? {} : { constellations: options.constellations }),
    }),
  );
  /** Systems the engine tracks now (the sky's among those configured; an M8 takes a new set at its next restart). */
  const trackable = (): Constellation[] => memory.running.constellations.filter((c) => options.sky.constellations.includes(c));
  let constellations = trackable();
  const encodeContext: EncodeContext = { chip, version, constellations };

  let intervalMs = memory.running.intervalMs;
  let ackAiding = options.ackAiding ?? false;
  let engineOn = true;
  /** MediaTek in its binary protocol ($PMTK253,1, an EPO upload): no NMEA until it is switched back. */
  let binaryMode = false;
  let bannerDue = true;
  /** Solutions output so far: a message at rate N goes out every N-th. */
  let solutions = 0;
  const polls: SentenceName[] = [];
  let lastOutcome: EpochOutcome | undefined;
  let lastStepMs = powerOnMs;

  const newState = (startType: SimStartType, atMs: number, restartCount: number): ModelState => ({
    startType,
    startedAtMs: atMs,
    restartCount,
    timeKnown: false,
    dateKnown: false,
    positionKnown: false,
    warmOscillator: false,
    sats: {},
    threeDDelayMs: 0,
    hadFix: false,
    fixLosses: 0,
    error: { e: 0, n: 0, u: 0 },
  });

  const drawStartParameters = (state: ModelState): void => {
    const random = createRandom(seedOf(seed, state.restartCount, 0x3d));
    const hot = state.startType === "hot" || state.ephemerisAllUntilMs !== undefined;
    state.threeDDelayMs = hot ? intervalMs : Math.max(intervalMs, Math.round((1000 + 3000 * random()) / intervalMs) * intervalMs);
  };

  /** Knowledge at power-on for a start type (assisted: the aiding listed in options). */
  const applyStartKnowledge = (state: ModelState, startType: SimStartType, aiding: AidingKind[]): void => {
    const t = state.startedAtMs;
    if (startType === "hot" || startType === "warm") {
      state.timeKnown = true;
      state.dateKnown = true;
      state.positionKnown = true;
      state.almanacFromMs = t;
    }
    if (startType === "hot") {
      state.ephemerisAllUntilMs = t + 2 * 3600_000;
      state.warmOscillator = true;
    }
    if (startType === "assisted") {
      if (aiding.includes("time")) {
        state.timeKnown = true;
        state.dateKnown = true;
      }
      if (aiding.includes("position")) state.positionKnown = true;
      if (aiding.includes("ephemeris") && state.timeKnown) state.ephemerisAllUntilMs = t + EPHEMERIS_VALIDITY_MS;
    }
  };

  const initialStart = options.start ?? "cold";
  let state = newState(initialStart, powerOnMs, 0);
  applyStartKnowledge(state, initialStart, options.aiding ?? ["time", "position", "ephemeris"]);
  drawStartParameters(state);

  const searchClassOf = (s: ModelState, sat: SatState | undefined, atMs: number): SearchClass => {
    const eph = (sat?.ephemerisUntilMs ?? 0) > atMs || (s.ephemerisAllUntilMs ?? 0) > atMs;
    const orbitKnown = eph || (s.almanacFromMs !== undefined && atMs >= s.almanacFromMs);
    if (eph && s.timeKnown && s.positionKnown && s.warmOscillator) return "hot";
    if (orbitKnown && s.timeKnown && (s.positionKnown || eph)) return "aided";
    if (s.timeKnown && s.positionKnown) return "coarse";
    return "blind";
  };

  /** Finding a satellite whose orbit and Doppler are known: hot (warm oscillator) or aided. */
  const searchDelayMs = (cls: "hot" | "aided", random: Random): number => (cls === "hot" ? 200 + 1000 * random() : 800 + 2500 * random());

  const satRandom = (s: ModelState, key: string, salt: number): Random => createRandom(seedOf(seed, s.restartCount, keyHash(key), salt));

  /** The order a blind search tries a constellation's codes in, drawn per start. */
  const sweepOrders = new Map<string, number[]>();
  const sweepOrder = (s: ModelState, constellation: Constellation): number[] => {
    const id = `${s.restartCount}:${constellation}`;
    let order = sweepOrders.get(id);
    if (order === undefined) {
      const random = createRandom(seedOf(seed, s.restartCount, keyHash(constellation), 0x5e));
      order = Array.from({ length: SEARCH_SPACE[constellation].codes }, (_, i) => i);
      for (let i = order.length - 1; i > 0; i--) {
        const j = Math.floor(random() * (i + 1));
        [order[i], order[j]] = [order[j]!, order[i]!];
      }
      sweepOrders.set(id, order);
    }
    return order;
  };

  /**
   * When a search of class `cls` started no earlier than `fromMs` finds a satellite: a drawn pull-in, after
   * (blind, coarse) the first pass of the start's sweep over its code at or after `fromMs`.
   */
  const findAtMs = (s: ModelState, key: string, sat: { constellation: Constellation; svid: number }, cls: SearchClass, fromMs: number, salt = 1): number => {
    const pullInMs = searchDelayMs(cls === "hot" ? "hot" : "aided", satRandom(s, key, salt));
    if (cls === "hot" || cls === "aided") return fromMs + pullInMs;
    const space = SEARCH_SPACE[sat.constellation];
    const dwellMs = space.dwellMs * (cls === "coarse" ? COARSE_DWELL_FACTOR : 1);
    const periodMs = Math.ceil(space.codes / SEARCH_CHANNELS) * dwellMs;
    const code = ((space.code(sat.svid) % space.codes) + space.codes) % space.codes;
    const rank = sweepOrder(s, sat.constellation).indexOf(code);
    // Where in its step's frequency range the satellite's Doppler lies.
    let passMs = s.startedAtMs + (Math.floor(rank / SEARCH_CHANNELS) + satRandom(s, key, 4)()) * dwellMs;
    if (passMs < fromMs) passMs += Math.ceil((fromMs - passMs) / periodMs) * periodMs;
    return passMs + pullInMs;
  };

  /**
   * Navigation message: a part (subframe / string) counts when every sample of it, from its first bit, was
   * decodable (synchronised, C/N0 ≥ DECODE_DB_HZ). Parts are collected across frames, so a weak, flickering
   * signal still completes its ephemeris, only later. The first part read gives the time of week.
   */
  const readMessage = (s: ModelState, st: SatState, constellation: Constellation, t: number, cn0: number): void => {
    const layout = layoutOf(constellation);
    const sinceFrameEpoch = t + layout.frameOffsetMs;
    const phase = ((sinceFrameEpoch % layout.frameMs) + layout.frameMs) % layout.frameMs;
    const part = Math.floor(phase / layout.partMs);
    const key = Math.floor(sinceFrameEpoch / layout.frameMs) * 100 + part;
    const good = st.syncedAtMs !== undefined && t >= st.syncedAtMs && cn0 >= DECODE_DB_HZ;
    const allParts = (1 << layout.ephemerisParts) - 1;
    if (st.partKey !== key) {
      // The previous part ended now: keep it if it was read whole.
      if (st.partKey !== undefined && st.partGood) {
        const done = st.partKey % 100;
        if (!s.timeKnown) {
          s.timeKnown = true;
          s.almanacFromMs ??= t + ALMANAC_CYCLE_MS;
        }
        if (done < layout.ephemerisParts) st.partsCollected = (st.partsCollected ?? 0) | (1 << done);
        if (st.partsCollected === allParts && (st.ephemerisUntilMs ?? 0) <= t) {
          st.ephemerisUntilMs = t + EPHEMERIS_VALIDITY_MS;
          st.partsCollected = 0;
          s.dateKnown = true;
        }
      }
      st.partKey = key;
      st.partGood = good && phase - part * layout.partMs < intervalMs; // only from the part's first bit
    } else {
      st.partGood = (st.partGood ?? false) && good;
    }
    // While tracked and readable, the ephemeris stays current (the satellite keeps broadcasting it).
    if (good && (st.ephemerisUntilMs ?? 0) > t) st.ephemerisUntilMs = Math.max(st.ephemerisUntilMs!, t + EPHEMERIS_VALIDITY_MS);
  };

  /** Advance the model to `t` and say what the receiver reports then. */
  const runEpoch = (s: ModelState, t: number): EpochOutcome => {
    const elapsed = t - powerOnMs;
    const environment = environmentAt(scenario, baseEnvironment, elapsed);
    const point = options.route.at(elapsed);
    const epochRandom = createRandom(seedOf(seed, t, 0xe0));
    const visible = options.sky.visibleAt(t, point, maskDeg, constellations);
    const seen = new Set<string>();
    const tracked: { sat: SkySatellite; cn0: number; st: SatState }[] = [];
    for (const v of visible) {
      const key = `${v.constellation}:${v.svid}`;
      seen.add(key);
      let cn0 = signalCn0DbHz(v, environment, epochRandom);
      if (cn0 !== undefined && scenario === "indoor") cn0 -= DEEP_INDOOR_EXTRA_LOSS_DB;
      if (cn0 !== undefined && cn0 < 20) cn0 = undefined;
      let st = s.sats[key];
      if (st === undefined) {
        const cls = searchClassOf(s, undefined, t);
        st = { searchDoneAtMs: findAtMs(s, key, v, cls, Math.max(t - intervalMs, s.startedAtMs)), searchClass: cls };
        if (s.ephemerisAllUntilMs !== undefined && s.ephemerisAllUntilMs > t) st.ephemerisUntilMs = s.ephemerisAllUntilMs;
        s.sats[key] = st;
      }
      if (st.lockedSinceMs === undefined) {
        const cls = searchClassOf(s, st, t);
        const threshold = cls === "blind" || cls === "coarse" ? ACQUISITION_BLIND_DB_HZ : ACQUISITION_AIDED_DB_HZ;
        if (t >= st.searchDoneAtMs) {
          if (cn0 !== undefined && cn0 >= threshold) {
            st.lockedSinceMs = t;
            st.locks = (st.locks ?? 0) + 1;
            st.syncedAtMs = t + 500 + 1000 * satRandom(s, key, 100 + st.locks)();
            st.partKey = undefined;
          } else if (cls === "blind" || cls === "coarse") {
            // The sweep went by while the signal was too weak (or blocked): the next pass.
            st.searchDoneAtMs = findAtMs(s, key, v, cls, t + intervalMs);
          }
        }
      } else if (cn0 === undefined) {
        // Lost lock: a short re-search, quick when the receiver still knows where the satellite is.
        const cls = searchClassOf(s, st, t);
        st.lockedSinceMs = undefined;
        st.partKey = undefined;
        st.searchDoneAtMs = t + (cls === "blind" ? 2000 + 6000 * epochRandom() : 800 + 1500 * epochRandom());
      }
      if (st.lockedSinceMs === undefined || cn0 === undefined) continue;
      if (v.constellation !== "sbas") readMessage(s, st, v.constellation, t, cn0);
      tracked.push({ sat: v, cn0, st });
    }
    for (const [key, st] of Object.entries(s.sats)) {
      if (!seen.has(key) && st.lockedSinceMs !== undefined) {
        st.lockedSinceMs = undefined;
        st.partKey = undefined;
      }
    }

    // Every satellite with a decoded ephemeris is used (a strong signal alone is not enough: no orbit, no range).
    let candidates = tracked.filter(
      (x) => x.sat.healthy && x.sat.constellation !== "sbas" && (x.st.ephemerisUntilMs ?? 0) > t && x.sat.elevationDeg >= maskDeg,
    );
    const multipath = environment === "urban-canyon" && multipathEpisode(t);
    if (multipath) candidates = [...candidates].sort((a, b) => b.sat.elevationDeg - a.sat.elevationDeg).slice(0, 5);
    const bySystem = new Map<Constellation, typeof candidates>();
    for (const c of candidates) {
      const list = bySystem.get(c.sat.constellation) ?? [];
      list.push(c);
      bySystem.set(c.sat.constellation, list);
    }
    let used = [...bySystem.values()].flatMap((list) => [...list].sort((a, b) => b.sat.elevationDeg - a.sat.elevationDeg).slice(0, 12));
    // A further system with two or more satellites has its clock offset solved for (one more unknown); a lone
    // satellite uses the offset its system broadcasts.
    const offsetsSolved = Math.max(0, [...bySystem.values()].filter((list) => list.length >= 2).length - 1);
    const unknownsSpare = used.length - offsetsSolved;
    const canFix = s.timeKnown && unknownsSpare >= 3;
    if (!canFix) used = [];

    let mode: "none" | "2d" | "3d" = "none";
    if (canFix) {
      s.firstFixAtMs ??= t;
      mode = unknownsSpare >= 4 && t >= s.firstFixAtMs + s.threeDDelayMs ? "3d" : "2d";
      if (mode === "3d") s.first3dAtMs ??= t;
      s.positionKnown = true;
      s.hadFix = true;
    } else if (s.hadFix) {
      s.fixLosses++;
      s.hadFix = false;
    }

    // Correlated position error: first-order Gauss–Markov, unit variance, scaled by DOP × UERE below.
    const dtS = s.error.lastMs === undefined ? 1 : Math.max(0.001, (t - s.error.lastMs) / 1000);
    const a = Math.exp(-dtS / 30);
    const b = Math.sqrt(1 - a * a);
    s.error.e = a * s.error.e + b * normal(epochRandom);
    s.error.n = a * s.error.n + b * normal(epochRandom);
    s.error.u = a * s.error.u + b * normal(epochRandom);
    s.error.lastMs = t;

    // A 2D solution holds the altitude: that constraint acts as one more range along the up axis, so three
    // satellites still give a geometry (and a position) where a 3D solution would need four.
    const geometry: Pick<SkySatellite, "losEnu">[] = used.map((u) => u.sat);
    if (mode === "2d") geometry.push({ losEnu: [0, 0, -1] });
    const dop = mode === "none" ? undefined : computeDop(geometry);
    const report: EpochReport = { dateKnown: s.dateKnown, mode, used: used.map((u) => ({ constellation: u.sat.constellation, svid: u.sat.svid })), inView: [] };
    const ubx: UbxEpochContext = { epochMs: t, msssMs: t - s.startedAtMs };
    if (s.firstFixAtMs !== undefined) ubx.ttffMs = s.firstFixAtMs - s.startedAtMs;
    if (s.timeKnown) report.timeMs = t;
    let errorM: EpochOutcome["errorM"];
    if (mode !== "none" && dop !== undefined) {
      const uere = UERE_M[environment] * (multipath ? 3 : 1);
      const east = s.error.e * uere * (dop.hdop / Math.SQRT2);
      const north = s.error.n * uere * (dop.hdop / Math.SQRT2);
      const up = s.error.u * uere * dop.vdop;
      const perDegree = metresPerDegree(point.latitudeDeg, point.altitudeHaeM);
      report.latitudeDeg = point.latitudeDeg + north / perDegree.north;
      report.longitudeDeg = point.longitudeDeg + east / Math.max(1e-6, perDegree.east);
      report.altitudeMslM = point.altitudeHaeM - geoidSeparationM + up;
      errorM = { eastM: east, northM: north, upM: up };
      report.geoidSeparationM = geoidSeparationM;
      report.speedMps = Math.max(0, point.speedMps + normal(epochRandom, 0, 0.05));
      if (point.courseDeg !== undefined && point.speedMps > 0.5) report.courseDeg = point.courseDeg;
      report.pdop = Math.min(dop.pdop, 99.99);
      report.hdop = Math.min(dop.hdop, 99.99);
      report.vdop = Math.min(dop.vdop, 99.99);
      report.gdop = Math.min(dop.gdop, 99.99);
      report.tdop = Math.min(dop.tdop, 99.99);
      // the receiver's 1-sigma estimates of the error model above: horizontal (radial) and vertical
      report.hAccM = uere * dop.hdop;
      report.vAccM = uere * dop.vdop;
    }

    // In view: all predicted satellites once the orbits are known, else only what is tracked (no el/az without
    // ephemeris and a position).
    const almanacKnown = s.almanacFromMs !== undefined && t >= s.almanacFromMs;
    const trackedByKey = new Map(tracked.map((x) => [`${x.sat.constellation}:${x.sat.svid}`, x]));
    for (const v of visible) {
      const key = `${v.constellation}:${v.svid}`;
      const tr = trackedByKey.get(key);
      const st = s.sats[key];
      const ephValid = (st?.ephemerisUntilMs ?? 0) > t;
      const geometryKnown = (almanacKnown || ephValid) && s.positionKnown && s.timeKnown;
      if (tr === undefined && !geometryKnown) continue;
      const entry: ReportedSatellite = {
        constellation: v.constellation,
        svid: v.svid,
        healthy: v.healthy,
        orbit: ephValid ? "ephemeris" : almanacKnown ? "almanac" : "none",
      };
      if (geometryKnown) {
        entry.elevationDeg = v.elevationDeg;
        entry.azimuthDeg = v.azimuthDeg;
      }
      if (tr !== undefined) entry.cn0DbHz = tr.cn0;
      report.inView.push(entry);
    }
    const receiverState: SimReceiverState = {
      timeKnown: s.timeKnown,
      positionKnown: s.positionKnown,
      almanacKnown,
      locked: tracked.map((x) => ({
        key: `${x.sat.constellation}:${x.sat.svid}`,
        lockedSinceMs: x.st.lockedSinceMs ?? t,
        ...(x.st.syncedAtMs === undefined ? {} : { syncedAtMs: x.st.syncedAtMs }),
        ephemeris: (x.st.ephemerisUntilMs ?? 0) > t,
        cn0DbHz: x.cn0,
      })),
      ...(mode === "2d" ? { twoDReason: unknownsSpare >= 4 ? ("converging" as const) : ("too-few" as const) } : {}),
    };
    return { report, ubx, environment, truePoint: point, tracked: tracked.length, ...(errorM === undefined ? {} : { errorM }), state: receiverState };
  };

  /** Urban multipath: in about half of the minutes, a 5–15 s episode. */
  function multipathEpisode(t: number): boolean {
    const minute = Math.floor(t / 60_000);
    const r = createRandom(seedOf(seed, minute, 0x3a7));
    if (r() >= 0.5) return false;
    const startS = r() * 45;
    const lengthS = 5 + r() * 10;
    const inMinuteS = (t - minute * 60_000) / 1000;
    return inMinuteS >= startS && inMinuteS < startS + lengthS;
  }

  /** Play a copy of the model forward from `fromMs` to find the TTFF the draws lead to. */
  const lookahead = (fromMs: number): { ttffMs?: number; first3dMs?: number } => {
    const copy = structuredClone(state);
    for (let t = fromMs + intervalMs; t <= fromMs + LOOKAHEAD_HORIZON_MS; t += intervalMs) {
      runEpoch(copy, t);
      if (copy.first3dAtMs !== undefined) break;
    }
    return {
      ...(copy.firstFixAtMs === undefined ? {} : { ttffMs: copy.firstFixAtMs - copy.startedAtMs }),
      ...(copy.first3dAtMs === undefined ? {} : { first3dMs: copy.first3dAtMs - copy.startedAtMs }),
    };
  };

  const origin = options.route.at(0);
  const rtk = options.rtk === true ? createRtkEngine(seedOf(seed, 0x27c)) : undefined;
  const truth: SimTruth = {
    ...(rtk === undefined ? {} : { rtk: rtk.truth }),
    startType: initialStart,
    startedAtMs: powerOnMs,
    restartCount: 0,
    latitudeDeg: origin.latitudeDeg,
    longitudeDeg: origin.longitudeDeg,
    altitudeHaeM: origin.altitudeHaeM,
    environment: environmentAt(scenario, baseEnvironment, 0),
    mode: "none",
    satellitesTracked: 0,
    satellitesUsed: 0,
    fixLosses: 0,
    receiverState: {
      timeKnown: state.timeKnown,
      positionKnown: state.positionKnown,
      almanacKnown: state.almanacFromMs !== undefined && state.almanacFromMs <= powerOnMs,
      locked: [],
    },
  };

  const refreshDrawn = (fromMs: number): void => {
    const drawn = lookahead(fromMs);
    if (drawn.ttffMs === undefined) delete truth.drawnTtffMs;
    else truth.drawnTtffMs = drawn.ttffMs;
    if (drawn.first3dMs === undefined) delete truth.drawnFirst3dMs;
    else truth.drawnFirst3dMs = drawn.first3dMs;
  };
  refreshDrawn(powerOnMs);

  const restart = (kind: RestartKind, atMs: number): void => {
    const previous = state;
    const next = newState(kind, atMs, previous.restartCount + 1);
    if (kind === "hot" || kind === "warm") {
      // The RTC keeps time; position and almanac survive; a warm start drops the ephemeris.
      next.timeKnown = previous.timeKnown;
      next.dateKnown = previous.dateKnown;
      next.positionKnown = previous.positionKnown;
      if (previous.almanacFromMs !== undefined) next.almanacFromMs = previous.almanacFromMs;
    }
    if (kind === "hot") {
      next.warmOscillator = true;
      for (const [key, st] of Object.entries(previous.sats)) {
        if ((st.ephemerisUntilMs ?? 0) > atMs) next.sats[key] = { searchDoneAtMs: 0, searchClass: "hot", ephemerisUntilMs: st.ephemerisUntilMs! };
      }
      if (previous.ephemerisAllUntilMs !== undefined && previous.ephemerisAllUntilMs > atMs) next.ephemerisAllUntilMs = previous.ephemerisAllUntilMs;
      // Kept satellites get a fresh search draw relative to the restart.
      for (const [key, st] of Object.entries(next.sats)) {
        st.searchClass = searchClassOf(next, st, atMs);
        st.searchDoneAtMs = findAtMs(next, key, satelliteOf(key), st.searchClass, atMs);
      }
    }
    // a factory restart sends the UBX NAV messages it sent from the start
    if (kind === "factory") for (const name of UBX_NAV_OUTPUT) memory.running.messages.set(ubxMessageName(name), protocol === "nmea" ? 0 : 1);
    state = next;
    // A new set of systems (an M8's CFG-GNSS) is tracked from a restart on.
    setTracked();
    drawStartParameters(state);
    truth.startType = kind;
    truth.startedAtMs = atMs;
    truth.restartCount = next.restartCount;
    delete truth.ttffMs;
    delete truth.first3dMs;
    delete truth.firstFixAtMs;
    refreshDrawn(atMs);
  };

  const aid = (effect: CommandEffect, atMs: number): boolean => {
    let changed = false;
    const truePoint = options.route.at(atMs - powerOnMs);
    if (effect.aidTimeMs !== undefined && Math.abs(effect.aidTimeMs - atMs) <= 3000 && !state.timeKnown) {
      state.timeKnown = true;
      state.dateKnown = true;
      changed = true;
    }
    if (effect.aidPosition !== undefined && !state.positionKnown) {
      const dLat = (effect.aidPosition.latitudeDeg - truePoint.latitudeDeg) * 111_132;
      const dLon = (effect.aidPosition.longitudeDeg - truePoint.longitudeDeg) * 111_320 * Math.cos((truePoint.latitudeDeg * Math.PI) / 180);
      // Only a reference within 30 km helps (PMTK741 / PAIR600 notes).
      if (Math.hypot(dLat, dLon) <= 30_000) {
        state.positionKnown = true;
        changed = true;
      }
    }
    // Orbit data helps within its own span only (an old file's ephemeris does not).
    for (const span of effect.aidOrbits ?? []) {
      if (!state.timeKnown || atMs < span.validFromMs || atMs >= span.validUntilMs) continue;
      const key = `${span.constellation}:${span.svid}`;
      const st = state.sats[key] ?? { searchDoneAtMs: atMs + 20_000, searchClass: "blind" as SearchClass };
      st.ephemerisUntilMs = Math.max(st.ephemerisUntilMs ?? 0, span.validUntilMs);
      state.sats[key] = st;
      changed = true;
    }
    if (!changed) return false;
    state.startType = state.startType === "cold" || state.startType === "factory" ? "assisted" : state.startType;
    truth.startType = state.startType;
    // Satellites still searching get the shorter search the new knowledge allows.
    for (const [key, st] of Object.entries(state.sats)) {
      if (st.lockedSinceMs !== undefined) continue;
      const cls = searchClassOf(state, st, atMs);
      if (cls === st.searchClass) continue;
      st.searchClass = cls;
      st.searchDoneAtMs = Math.min(st.searchDoneAtMs, findAtMs(state, key, satelliteOf(key), cls, atMs, 3));
    }
    return true;
  };

  const pubxReply = (which: "00" | "04", atMs: number): string => {
    const r = lastOutcome?.report;
    const time = r?.timeMs === undefined ? "" : formatTimeOfDay(r.timeMs, 2);
    if (which === "04") {
      if (r?.timeMs === undefined) return withChecksum("PUBX,04,,,,,,,,");
      const { week, towS } = gpsWeekTow(r.timeMs);
      return withChecksum(`PUBX,04,${time},${formatDdmmyy(r.timeMs)},${towS.toFixed(2)},${week},${GPS_UTC_LEAP_SECONDS},0,0.000,21`);
    }
    void atMs;
    const fix = r !== undefined && r.mode !== "none" && r.latitudeDeg !== undefined && r.longitudeDeg !== undefined;
    const lat = fix ? formatAngle(r.latitudeDeg!, 2, 5, ["N", "S"]) : ["", ""];
    const lon = fix ? formatAngle(r.longitudeDeg!, 3, 5, ["E", "W"]) : ["", ""];
    const navStat = !fix ? "NF" : r.mode === "3d" ? "G3" : "G2";
    const hacc = fix ? (r.hAccM ?? 99.9).toFixed(1) : "9999.0";
    const vacc = fix ? (r.vAccM ?? 99.9).toFixed(1) : "9999.0";
    const fields = [
      "PUBX",
      "00",
      time,
      ...lat,
      ...lon,
      fix && r.altitudeMslM !== undefined ? (r.altitudeMslM + (r.geoidSeparationM ?? 0)).toFixed(3) : "0.000",
      navStat,
      hacc,
      vacc,
      fix ? ((r.speedMps ?? 0) * 3.6).toFixed(3) : "0.000",
      fix && r.courseDeg !== undefined ? r.courseDeg.toFixed(2) : "0.00",
      "0.000",
      "",
      fix ? (r.hdop ?? 99.99).toFixed(2) : "99.99",
      fix ? (r.vdop ?? 99.99).toFixed(2) : "99.99",
      fix ? "1.00" : "99.99",
      String(r?.used.length ?? 0),
      "0",
      "0",
    ];
    return withChecksum(fields.join(","));
  };

  /** An RTK rover's solution: its quality, and the error left of the autonomous one (shrunk toward the truth). */
  const applyCorrections = (outcome: EpochOutcome, t: number): void => {
    const { report, truePoint } = outcome;
    const solution = rtk!.solve(t, report.mode, truePoint, outcome.environment);
    if (solution.quality === "autonomous" || report.mode === "none") return;
    report.solution = {
      quality: solution.quality,
      ...(solution.ageS === undefined ? {} : { ageS: solution.ageS }),
      ...(solution.stationId === undefined ? {} : { stationId: solution.stationId }),
    };
    const scale = ERROR_SCALE[solution.quality];
    if (report.latitudeDeg !== undefined) report.latitudeDeg = truePoint.latitudeDeg + (report.latitudeDeg - truePoint.latitudeDeg) * scale;
    if (report.longitudeDeg !== undefined) report.longitudeDeg = truePoint.longitudeDeg + (report.longitudeDeg - truePoint.longitudeDeg) * scale;
    if (report.altitudeMslM !== undefined) {
      const trueMslM = truePoint.altitudeHaeM - geoidSeparationM;
      report.altitudeMslM = trueMslM + (report.altitudeMslM - trueMslM) * scale;
    }
  };

  const encoder = new TextEncoder();
  const toBytes = (parts: (string | Uint8Array)[]): Uint8Array => concatBytes(parts.map((p) => (typeof p === "string" ? encoder.encode(`${p}\r\n`) : p)));

  /**
   * The epoch's UBX NAV messages at their configured rates (every N-th solution, as the NMEA sentences);
   * NAV-EOE, which closes the epoch, comes after the NMEA (encodeEpoch).
   */
  const encodeUbxEpoch = (outcome: EpochOutcome, which: "before-nmea" | "end", solution: number): Uint8Array[] =>
    UBX_NAV_OUTPUT.filter((name) => {
      const every = memory.running.messages.get(ubxMessageName(name)) ?? 0;
      return every > 0 && solution % every === 0 && (name === "NAV-EOE") === (which === "end");
    }).map((name) => encodeUbxNav(name, outcome.report, outcome.ubx));

  /** A poll of a NAV message is answered with the last epoch's; MON-VER and MON-HW at once. */
  const ubxPollReply = (cls: number, id: number): Uint8Array[] => {
    if (cls === 0x0a) return id === 0x04 ? [monVer()] : id === 0x09 ? [monHw()] : [];
    const name = cls === 0x01 ? navOutputOfId(id) : undefined;
    return name === undefined || lastOutcome === undefined ? [] : [encodeUbxNav(name, lastOutcome.report, lastOutcome.ubx)];
  };

  const encodeEpoch = (report: EpochReport): string[] => {
    const lines: string[] = [];
    const order = ["GGA", "GSA", "GSV", "RMC", "VTG", "GLL", "ZDA"] as SentenceName[];
    const chipOrder = model.sentences as readonly SentenceName[];
    const sequence = [...chipOrder, ...order.filter((id) => !chipOrder.includes(id))];
    const once = new Set(polls.splice(0));
    const solution = solutions++;
    const due = (id: SentenceName): boolean => {
      const every = memory.running.messages.get(id) ?? 0;
      return every > 0 && solution % every === 0;
    };
    for (const id of sequence) {
      if (!due(id) && !once.has(id)) continue;
      switch (id) {
        case "GGA":
          lines.push(encodeGga(report, encodeContext));
          break;
        case "GSA":
          lines.push(...encodeGsa(report, encodeContext));
          break;
        case "GSV":
          lines.push(...encodeGsv(report, encodeContext));
          break;
        case "RMC":
          lines.push(encodeRmc(report, encodeContext));
          break;
        case "VTG":
          lines.push(encodeVtg(report, encodeContext));
          break;
        case "GLL":
          lines.push(encodeGll(report, encodeContext));
          break;
        case "ZDA":
          lines.push(encodeZda(report, encodeContext));
          break;
      }
    }
    return lines;
  };

  /** Systems the engine tracks follow the configuration; a change of set drops the satellites no longer wanted. */
  function setTracked(): void {
    constellations = trackable();
    encodeContext.constellations = constellations;
  }

  const configure = (change: ConfigChange): void => {
    memory.apply(change);
    intervalMs = memory.running.intervalMs;
    // Most chips switch systems at once; an M8 waits for the restart it asks for.
    if (!model.systemsAtRestart || change.factory || change.loadStored) setTracked();
  };

  const receiveAtSpeeds = (bytes: Uint8Array, simTimeMs: number): { bytes: Uint8Array; baudRate: number }[] => {
    const at = Math.max(simTimeMs, lastStepMs);
    const out: { bytes: Uint8Array; baudRate: number }[] = [];
    for (const command of commandReader.push(bytes)) {
      if (command.kind === "rtcm3") {
        rtk?.take(command.frame, at); // a receiver without RTK drops them
        continue;
      }
      const effect = handleCommand(command, {
        chip,
        model,
        config: memory.running,
        stored: memory.stored,
        version,
        ackAiding,
        timeKnown: state.timeKnown,
        nowMs: at,
      });
      const replies: (string | Uint8Array)[] = [...effect.replies];
      if (effect.binaryMode !== undefined) binaryMode = effect.binaryMode;
      if (effect.ackAiding !== undefined) ackAiding = effect.ackAiding;
      if (effect.pollSentence !== undefined) polls.push(effect.pollSentence);
      if (effect.pubxPoll !== undefined) replies.push(pubxReply(effect.pubxPoll, at));
      if (effect.ubxPoll !== undefined) replies.push(...ubxPollReply(effect.ubxPoll.cls, effect.ubxPoll.id));
      // The answers go out at the speed the port had; a speed change takes effect after them.
      if (replies.length > 0) {
        // answers at one speed go out as one burst, as a chip answers polls sent together
        const last = out.at(-1);
        if (last !== undefined && last.baudRate === memory.running.baudRate) last.bytes = concatBytes([last.bytes, toBytes(replies)]);
        else out.push({ bytes: toBytes(replies), baudRate: memory.running.baudRate });
      }
      if (effect.config !== undefined) configure(effect.config);
      if (effect.engine === "off") engineOn = false;
      if (effect.engine === "on" && !engineOn) {
        engineOn = true;
        restart("hot", at);
      }
      if (effect.restart !== undefined) {
        restart(effect.restart, at);
        if (effect.banner ?? true) bannerDue = true;
      }
      if (aid(effect, at)) refreshDrawn(at);
    }
    return out;
  };

  return {
    truth,
    get intervalMs() {
      return intervalMs;
    },
    get baudRate() {
      return memory.running.baudRate;
    },
    step(simTimeMs) {
      lastStepMs = simTimeMs;
      const parts: (string | Uint8Array)[] = [];
      if (bannerDue) {
        parts.push(...startupBanner(chip, version, model, protocol));
        bannerDue = false;
      }
      if (!engineOn || simTimeMs <= state.startedAtMs) return toBytes(parts);
      const outcome = runEpoch(state, simTimeMs);
      if (rtk !== undefined) applyCorrections(outcome, simTimeMs);
      lastOutcome = outcome;
      truth.latitudeDeg = outcome.truePoint.latitudeDeg;
      truth.longitudeDeg = outcome.truePoint.longitudeDeg;
      truth.altitudeHaeM = outcome.truePoint.altitudeHaeM;
      truth.environment = outcome.environment;
      truth.mode = outcome.report.mode;
      truth.satellitesTracked = outcome.tracked;
      truth.satellitesUsed = outcome.report.used.length;
      truth.fixLosses = state.fixLosses;
      if (outcome.errorM === undefined) delete truth.positionErrorM;
      else truth.positionErrorM = outcome.errorM;
      truth.receiverState = outcome.state;
      if (state.firstFixAtMs !== undefined && truth.firstFixAtMs === undefined) {
        truth.firstFixAtMs = state.firstFixAtMs;
        truth.ttffMs = state.firstFixAtMs - state.startedAtMs;
      }
      if (state.first3dAtMs !== undefined && truth.first3dMs === undefined) truth.first3dMs = state.first3dAtMs - state.startedAtMs;
      if (binaryMode) return toBytes(parts);
      const solution = solutions; // encodeEpoch counts it
      parts.push(...encodeUbxEpoch(outcome, "before-nmea", solution), ...encodeEpoch(outcome.report), ...encodeUbxEpoch(outcome, "end", solution));
      return toBytes(parts);
    },
    receive(bytes, simTimeMs) {
      return concatBytes(receiveAtSpeeds(bytes, simTimeMs).map((chunk) => chunk.bytes));
    },
    receiveAtSpeeds,
  };
}
