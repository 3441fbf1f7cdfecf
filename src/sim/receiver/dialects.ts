// How each chip family answers host commands (domain.md §3): which commands restart, which aid,
// who acknowledges and who stays silent. Pure: a command in, an effect out; the receiver applies it.

import {
  PAIR062_TYPES,
  PAIR066_SYSTEMS,
  PAIR080_MODES,
  PAIR864_BAUDS,
  PMTK251_BAUDS,
  PMTK314_FIELD_COUNT,
  PMTK314_FIELDS,
  PMTK355_SYSTEMS,
  PMTK886_MODES,
  PSRF100_BAUDS,
  PSRF103_MESSAGES,
} from "../../dialect-commands.js";
import { withChecksum } from "../../framing/checksum.js";
import type { Constellation } from "../../types.js";
import type { ConfigChange, SimConfig, SimModel } from "./config.js";
import { encodeTxt, type SentenceName } from "./nmea.js";
import type { HostCommand } from "./ubx.js";
import { assistNowSpan, epoRecordOf, epoRecordSpan, EPO_RECORD_BYTES, type OrbitSpan } from "../../orbits/assist-data.js";
import { MTK_BINARY_ACK, MTK_BINARY_EPO, MTK_BINARY_SET_FORMAT, MTK_EPO_END_SEQUENCE, mtkBinaryPacket } from "../../framing/mtk-binary.js";
import { ubxFrame } from "./ubx.js";
import { handleUbxConfig } from "./ubx-config.js";
import type { NmeaVersion, SimChip, SimProtocol } from "./types.js";
import { utcMsFromGpsWeekTow } from "../../gps-time.js";

export type RestartKind = "hot" | "warm" | "cold" | "factory";

export interface CommandEffect {
  /** Bytes the chip sends back at once (acks, query answers). */
  replies: (string | Uint8Array)[];
  restart?: RestartKind;
  /** Print the chip's start-up banner after the restart (not for every reset kind). */
  banner?: boolean;
  /** Injected UTC (ms since 1970) and how far off it may be. */
  aidTimeMs?: number;
  aidPosition?: { latitudeDeg: number; longitudeDeg: number; altitudeHaeM?: number };
  /**
   * Orbit data per satellite (ephemeris, AssistNow Offline, EPO) with the span it is good for: the receiver uses
   * each only within its span.
   */
  aidOrbits?: OrbitSpan[];
  /** MediaTek: output switched to the binary protocol (PMTK253,1) or back to NMEA (binary packet 253). */
  binaryMode?: boolean;
  engine?: "on" | "off";
  /** A configuration change, applied once the replies went out (a new speed after the ack sent at the old one). */
  config?: ConfigChange;
  /** Output this sentence once at the next epoch (SiRF PSRF103 query). */
  pollSentence?: SentenceName;
  /** u-blox PUBX polls answered from the current state. */
  pubxPoll?: "00" | "04";
  /** u-blox UBX poll (a message sent with an empty payload): answered with that message (NAV: the last epoch's). */
  ubxPoll?: { cls: number; id: number };
  ackAiding?: boolean;
}

export interface DialectState {
  chip: SimChip;
  model: SimModel;
  /** The running configuration, for polls. */
  config: Readonly<SimConfig>;
  /** The configuration kept in non-volatile memory (u-blox BBR/flash). */
  stored: Readonly<SimConfig>;
  version: NmeaVersion;
  ackAiding: boolean;
  timeKnown: boolean;
  /** Simulated UTC the command arrives at (orbit data is read against it). */
  nowMs: number;
}

const line = (body: string): string => withChecksum(body);

const pmtkAck = (cmd: number, flag: 0 | 1 | 2 | 3): string => line(`PMTK001,${cmd},${flag}`);
const pairAck = (cmd: number, result: 0 | 1 | 2 | 3 | 4): string => line(`PAIR001,${String(cmd).padStart(3, "0")},${result}`);

function utcFromFields(fields: string[]): number | undefined {
  if (fields.length < 6) return undefined;
  const [y, mo, d, h, mi, s] = fields.map((f) => (/^\s*\d+(\.\d+)?\s*$/.test(f) ? Number(f) : NaN));
  if ([y, mo, d, h, mi, s].some((v) => v === undefined || !Number.isFinite(v))) return undefined;
  if (mo! < 1 || mo! > 12 || d! < 1 || d! > 31 || h! > 23 || mi! > 59 || s! > 60 || y! < 1980 || y! > 2200) return undefined;
  return Date.UTC(y!, mo! - 1, d!, h!, mi!, Math.floor(s!), Math.round((s! % 1) * 1000));
}

const finite = (text: string | undefined): number | undefined => {
  if (text === undefined || text.trim() === "") return undefined;
  const v = Number(text);
  return Number.isFinite(v) ? v : undefined;
};

// ───────────────────────────── MediaTek PMTK ─────────────────────────────

const bit = (on: boolean | undefined): string => (on ? "1" : "0");

function handleMtk(body: string, checksum: string, state: DialectState): CommandEffect {
  const m = /^PMTK(\d{3})(?:,(.*))?$/.exec(body);
  if (m === null) return { replies: [] };
  const cmd = Number(m[1]);
  const fields = m[2] === undefined ? [] : m[2].split(",");
  if (checksum !== "ok") return { replies: [pmtkAck(cmd, 0)] };
  switch (cmd) {
    case 101:
      return { replies: [], restart: "hot", banner: true };
    case 102:
      return { replies: [], restart: "warm", banner: true };
    case 103:
      return { replies: [], restart: "cold", banner: true };
    case 104:
      return { replies: [], restart: "factory", banner: true, config: { factory: true } };
    case 0:
      return { replies: [pmtkAck(0, 3)] };
    case 740: {
      const t = fields.length === 6 ? utcFromFields(fields) : undefined;
      return t === undefined ? { replies: [pmtkAck(740, 0)] } : { replies: [pmtkAck(740, 3)], aidTimeMs: t };
    }
    case 741: {
      const lat = finite(fields[0]);
      const lon = finite(fields[1]);
      const alt = finite(fields[2]);
      const t = fields.length === 9 ? utcFromFields(fields.slice(3)) : undefined;
      if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180 || t === undefined) {
        return { replies: [pmtkAck(741, 0)] };
      }
      return {
        replies: [pmtkAck(741, 3)],
        aidTimeMs: t,
        aidPosition: { latitudeDeg: lat, longitudeDeg: lon, ...(alt === undefined ? {} : { altitudeHaeM: alt }) },
      };
    }
    case 605:
      return { replies: [line(`PMTK705,${state.model.pmtk705 ?? ""}`)] };
    case 607:
      return { replies: [line("PMTK707,0,0,0,0,0,0,0,0,0")] };
    case 220: {
      const ms = finite(fields[0]);
      if (ms === undefined || ms < 100 || ms > 10000) return { replies: [pmtkAck(220, 2)] };
      return { replies: [pmtkAck(220, 3)], config: { intervalMs: Math.round(ms) } };
    }
    case 400:
      return { replies: [line(`PMTK500,${state.config.intervalMs},0,0,0,0`)] };
    case 314: {
      if (fields[0] === "-1") {
        return {
          replies: [pmtkAck(314, 3)],
          config: { messages: Object.fromEntries(Object.keys(PMTK314_FIELDS).map((id) => [id, state.model.sentences.includes(id) ? 1 : 0])) },
        };
      }
      if (fields.length < 18) return { replies: [pmtkAck(314, 0)] };
      const rates = Object.entries(PMTK314_FIELDS).map(([id, i]) => [id, finite(fields[i]) ?? 0] as const);
      if (rates.some(([, rate]) => rate < 0 || rate > 5 || !Number.isInteger(rate))) return { replies: [pmtkAck(314, 2)] };
      return { replies: [pmtkAck(314, 3)], config: { messages: Object.fromEntries(rates) } };
    }
    case 414: {
      const fields514 = new Array<number>(PMTK314_FIELD_COUNT).fill(0);
      for (const [id, i] of Object.entries(PMTK314_FIELDS)) fields514[i] = state.config.messages.get(id) ?? 0;
      return { replies: [line(`PMTK514,${fields514.join(",")}`)] };
    }
    case 353: {
      // GPS, GLONASS, GALILEO, GALILEO_FULL, BEIDOU: only a multi-system chip (MT3333) has the command.
      if (!state.model.capable.includes("glonass")) return { replies: [pmtkAck(353, 1)] };
      const flags = fields.map((f) => finite(f));
      if (flags.length < 5 || flags.some((f) => f !== 0 && f !== 1) || flags[0] !== 1) return { replies: [pmtkAck(353, 2)] };
      const others = state.config.constellations.filter((c) => c === "sbas" || c === "qzss");
      const wanted: Constellation[] = [
        "gps",
        ...(flags[1] ? ["glonass" as const] : []),
        ...(flags[2] ? ["galileo" as const] : []),
        ...(flags[4] ? ["beidou" as const] : []),
      ];
      return { replies: [line(`PMTK001,353,3,${flags.slice(0, 5).join(",")}`)], config: { constellations: [...wanted, ...others] } };
    }
    case 355: {
      if (!state.model.capable.includes("glonass")) return { replies: [pmtkAck(355, 1)] };
      return { replies: [line(`PMTK001,355,3,${PMTK355_SYSTEMS.map((c) => bit(state.config.constellations.includes(c))).join(",")}`)] };
    }
    case 313:
    case 352: {
      // PMTK313,1 = SBAS on; PMTK352,0 = QZSS on (the flag is "disable").
      const value = finite(fields[0]);
      if (value !== 0 && value !== 1) return { replies: [pmtkAck(cmd, 2)] };
      const system: Constellation = cmd === 313 ? "sbas" : "qzss";
      const enable = cmd === 313 ? value === 1 : value === 0;
      const rest = state.config.constellations.filter((c) => c !== system);
      return { replies: [pmtkAck(cmd, 3)], config: { constellations: enable ? [...rest, system] : rest } };
    }
    case 413:
      return { replies: [line(`PMTK513,${bit(state.config.constellations.includes("sbas"))}`)] };
    case 886: {
      const mode = finite(fields[0]);
      if (!PMTK886_MODES.some((m) => m.code === mode)) return { replies: [pmtkAck(886, 2)] };
      return { replies: [pmtkAck(886, 3)], config: { dynamicModel: mode! } };
    }
    case 251: {
      // Never acknowledged; the new speed at once.
      const baud = finite(fields[0]);
      return { replies: [], ...(baud !== undefined && PMTK251_BAUDS.includes(baud) ? { config: { baudRate: baud } } : {}) };
    }
    case 253:
      // $PMTK253,1,<baud>: the binary protocol (EPO upload), not acknowledged; 0 stays in NMEA
      return fields[0] === "1" ? { replies: [], binaryMode: true } : { replies: [] };
    case 721: {
      // Host EPO: $PMTK721,<SV id hex>,<18 words of the 72-byte record, hex>
      const record = hexRecord(fields.slice(1));
      if (record === undefined || fields.length !== 19) return { replies: [pmtkAck(721, 0)] };
      return { replies: [pmtkAck(721, 3)], ...epoOrbits([record]) };
    }
    default:
      return { replies: [pmtkAck(cmd, 1)] };
  }
}

/** 18 hex words (little-endian 32-bit) → a 72-byte EPO record; undefined when they are not. */
function hexRecord(words: string[]): Uint8Array | undefined {
  if (words.length !== EPO_RECORD_BYTES / 4 || !words.every((w) => /^[0-9A-Fa-f]{1,8}$/.test(w))) return undefined;
  const bytes = new Uint8Array(EPO_RECORD_BYTES);
  const view = new DataView(bytes.buffer);
  words.forEach((w, k) => view.setUint32(k * 4, Number.parseInt(w, 16), true));
  return bytes;
}

function epoOrbits(records: Uint8Array[]): Pick<CommandEffect, "aidOrbits"> {
  const spans = records
    .map(epoRecordOf)
    .filter((r) => r.svid >= 1 && r.svid <= 32)
    .map((r) => epoRecordSpan(r));
  return spans.length === 0 ? {} : { aidOrbits: spans };
}

/** MediaTek binary packets: EPO data (722, three records a packet, each packet acknowledged by its sequence number), back to NMEA (253). */
function handleMtkBinary(command: number, payload: Uint8Array): CommandEffect {
  const ack = (sequence: number, result: number): Uint8Array => mtkBinaryPacket(MTK_BINARY_ACK, new Uint8Array([sequence & 0xff, sequence >> 8, result]));
  if (command === MTK_BINARY_SET_FORMAT) return payload[0] === 0 ? { replies: [], binaryMode: false } : { replies: [] };
  if (command !== MTK_BINARY_EPO || payload.length < 2) return { replies: [] };
  const sequence = payload[0]! | (payload[1]! << 8);
  if (sequence === MTK_EPO_END_SEQUENCE) return { replies: [ack(sequence, 1)] };
  if (payload.length !== 2 + 3 * EPO_RECORD_BYTES) return { replies: [ack(sequence, 0)] };
  const records = [0, 1, 2].map((k) => payload.slice(2 + k * EPO_RECORD_BYTES, 2 + (k + 1) * EPO_RECORD_BYTES));
  return { replies: [ack(sequence, 1)], ...epoOrbits(records) };
}

// ───────────────────────────── SiRF PSRF ─────────────────────────────

const PSRF103_IDS = new Map(Object.entries(PSRF103_MESSAGES).map(([id, n]) => [n, id as SentenceName]));

function sirfReset(resetCfg: number): RestartKind {
  if (resetCfg & 0x08) return "factory";
  if (resetCfg & 0x04) return "cold";
  if (resetCfg & 0x02) return "warm";
  return "hot";
}

function ecefToGeodetic(x: number, y: number, z: number): { latitudeDeg: number; longitudeDeg: number; altitudeHaeM: number } {
  const a = 6378137;
  const f = 1 / 298.257223563;
  const e2 = f * (2 - f);
  const p = Math.hypot(x, y);
  let lat = Math.atan2(z, p * (1 - e2));
  let h = 0;
  for (let i = 0; i < 6; i++) {
    const n = a / Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
    h = p / Math.cos(lat) - n;
    lat = Math.atan2(z, p * (1 - (e2 * n) / (n + h)));
  }
  return { latitudeDeg: (lat * 180) / Math.PI, longitudeDeg: (Math.atan2(y, x) * 180) / Math.PI, altitudeHaeM: h };
}

function handleSirf(body: string, checksum: string): CommandEffect {
  const m = /^PSRF(\d{3})(?:,(.*))?$/.exec(body);
  // SiRF has no NMEA acknowledgement at all: bad or unknown input is dropped silently.
  if (m === null || checksum !== "ok") return { replies: [] };
  const cmd = Number(m[1]);
  const fields = m[2] === undefined ? [] : m[2].split(",");
  switch (cmd) {
    case 101:
    case 104: {
      const reset = finite(fields[7]);
      if (fields.length < 8 || reset === undefined) return { replies: [] };
      const effect: CommandEffect = { replies: [], restart: sirfReset(reset), ...(sirfReset(reset) === "factory" ? { config: { factory: true } } : {}) };
      const a = finite(fields[0]) ?? 0;
      const b = finite(fields[1]) ?? 0;
      const c = finite(fields[2]) ?? 0;
      const tow = finite(fields[4]) ?? 0;
      const week = finite(fields[5]) ?? 0;
      // Init data counts only with "data valid" (bit 0) and non-zero fields; later firmware ignores it anyway.
      if (reset & 0x01) {
        if (cmd === 104 && (a !== 0 || b !== 0) && Math.abs(a) <= 90 && Math.abs(b) <= 180) {
          effect.aidPosition = { latitudeDeg: a, longitudeDeg: b, altitudeHaeM: c };
        }
        if (cmd === 101 && (a !== 0 || b !== 0 || c !== 0)) effect.aidPosition = ecefToGeodetic(a, b, c);
        if (week > 0) effect.aidTimeMs = utcMsFromGpsWeekTow(week, tow);
      }
      return effect;
    }
    case 103: {
      const id = PSRF103_IDS.get(finite(fields[0]) ?? -1);
      const mode = finite(fields[1]);
      const rate = finite(fields[2]);
      if (id === undefined || mode === undefined) return { replies: [] };
      if (mode === 1) return { replies: [], pollSentence: id };
      // The rate is in seconds: every N one-second solutions.
      if (mode === 0 && rate !== undefined && rate >= 0 && rate <= 255) return { replies: [], config: { messages: { [id]: Math.round(rate) } } };
      return { replies: [] };
    }
    case 100: {
      // NMEA at a new speed (protocol 1); SiRF binary (0) is not simulated.
      const baud = finite(fields[1]);
      if (fields[0] !== "1" || baud === undefined || !PSRF100_BAUDS.includes(baud)) return { replies: [] };
      return { replies: [], config: { baudRate: baud } };
    }
    default:
      // PSRF105 and the rest: no reply.
      return { replies: [] };
  }
}

// ───────────────────────────── u-blox ─────────────────────────────

const PUBX40_IDS: SentenceName[] = ["GGA", "GLL", "GSA", "GSV", "RMC", "VTG", "ZDA"];

function cfgRstKind(navBbrMask: number): RestartKind {
  if (navBbrMask === 0) return "hot";
  // Clearing position, time (RTC), almanac or everything is a cold start; ephemeris alone a warm one.
  if (navBbrMask === 0xffff || navBbrMask & (0x0002 | 0x0010 | 0x0100)) return "cold";
  return "warm";
}

const UBX_CLASS_MGA = 0x13;
const MGA_EPH_IDS: Record<number, Constellation> = { 0x00: "gps", 0x02: "galileo", 0x03: "beidou", 0x05: "qzss", 0x06: "glonass" };
const MGA_ANO = 0x20;

function mgaAck(accepted: boolean, infoCode: number, msgId: number, payload: Uint8Array): Uint8Array {
  const body = new Uint8Array(8);
  body.set([accepted ? 1 : 0, 0, infoCode, msgId]);
  body.set(payload.subarray(0, 4), 4);
  return ubxFrame(UBX_CLASS_MGA, 0x60, body);
}

/** NAV and MON messages a poll asks for: an empty payload of their class and id. */
const UBX_POLLED_CLASSES = new Set([0x01, 0x0a]);

function handleUbx(command: Extract<HostCommand, { kind: "ubx" }>, state: DialectState): CommandEffect {
  const { cls, id, payload } = command;
  // a MON-VER poll is answered from the chip's model where it has one (generation 9: the F9's versions)
  if (payload.length === 0 && UBX_POLLED_CLASSES.has(cls)) return handleUbxConfig(command, state) ?? { replies: [], ubxPoll: { cls, id } };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (cls === 0x06 && id === 0x04) {
    // CFG-RST: never acknowledged (the reset cuts it off).
    if (payload.length !== 4) return { replies: [] };
    const mask = view.getUint16(0, true);
    const mode = payload[2]!;
    if (mode === 0x08) return { replies: [], engine: "off" };
    if (mode === 0x09) return { replies: [], engine: "on" };
    // A hardware or software reset runs the configuration stored in BBR/flash; a GNSS-only one keeps the running one.
    return { replies: [], restart: cfgRstKind(mask), banner: mode !== 0x02, ...(mode === 0x02 ? {} : { config: { loadStored: true } }) };
  }
  const configured = handleUbxConfig(command, state);
  if (configured !== undefined) return configured;
  if (cls === 0x06) {
    const ack = ubxFrame(0x05, 0x01, new Uint8Array([cls, id]));
    if (id === 0x23 && payload.length >= 18 && view.getUint16(2, true) & 0x0400) {
      return { replies: [ack], ackAiding: payload[17] !== 0 };
    }
    return { replies: [ack] };
  }
  if (cls === UBX_CLASS_MGA && id === 0x40 && payload.length > 0) {
    const type = payload[0]!;
    const ack = (ok: boolean, info: number): Uint8Array[] => (state.ackAiding ? [mgaAck(ok, info, id, payload)] : []);
    if (type === 0x10 && payload.length === 24) {
      const year = view.getUint16(4, true);
      const t = Date.UTC(year, payload[6]! - 1, payload[7]!, payload[8]!, payload[9]!, payload[10]!) + Math.round(view.getUint32(12, true) / 1e6);
      if (!Number.isFinite(t) || year < 1980) return { replies: ack(false, 3) };
      return { replies: ack(true, 0), aidTimeMs: t };
    }
    if (type === 0x01 && payload.length === 20) {
      const lat = view.getInt32(4, true) / 1e7;
      const lon = view.getInt32(8, true) / 1e7;
      const alt = view.getInt32(12, true) / 100;
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { replies: ack(false, 3) };
      return { replies: ack(true, 0), aidPosition: { latitudeDeg: lat, longitudeDeg: lon, altitudeHaeM: alt } };
    }
    if (type === 0x00 && payload.length === 20) {
      const p = ecefToGeodetic(view.getInt32(4, true) / 100, view.getInt32(8, true) / 100, view.getInt32(12, true) / 100);
      return { replies: ack(true, 0), aidPosition: p };
    }
    // INI-EOP (earth orientation, in AssistNow Online answers): stored, not modelled
    if (type === 0x30 && payload.length === 72) return { replies: ack(true, 0) };
    return { replies: ack(false, payload.length < 4 ? 3 : 6) };
  }
  const ephConstellation = cls === UBX_CLASS_MGA ? MGA_EPH_IDS[id] : undefined;
  if ((ephConstellation !== undefined || id === MGA_ANO) && cls === UBX_CLASS_MGA && payload.length >= 4) {
    const ack = (ok: boolean, info: number): Uint8Array[] => (state.ackAiding ? [mgaAck(ok, info, id, payload)] : []);
    // Orbits before time: the chip cannot place them (infoCode 1 = "receiver time unknown").
    if (!state.timeKnown) return { replies: ack(false, 1) };
    const orbit = id === MGA_ANO || payload[0] === 0x01;
    // Almanac, health, ionosphere, UTC: stored, not modelled. Orbits: used only within their own span (an old
    // file's ephemeris is no help).
    if (!orbit) return { replies: ack(true, 0) };
    const span = assistNowSpan(id, payload, state.nowMs);
    if (span === undefined) return { replies: ack(false, 3) };
    return { replies: ack(true, 0), aidOrbits: [span] };
  }
  return { replies: [] };
}

function handlePubx(body: string, checksum: string): CommandEffect {
  if (checksum !== "ok") return { replies: [] };
  const fields = body.split(",");
  switch (fields[1]) {
    case "00":
    case "04":
      return fields.length === 2 ? { replies: [], pubxPoll: fields[1] } : { replies: [] };
    case "40": {
      const id = fields[2]?.toUpperCase() as SentenceName | undefined;
      const uart1 = finite(fields[4]);
      if (id === undefined || !PUBX40_IDS.includes(id) || uart1 === undefined) return { replies: [] };
      return { replies: [], config: { messages: { [id]: Math.max(0, Math.round(uart1)) } } };
    }
    case "41": {
      // Port 1 (UART1) protocols and speed; no acknowledgement, the new speed at once.
      const baud = finite(fields[5]);
      const inMask = Number.parseInt(fields[3] ?? "", 16);
      const outMask = Number.parseInt(fields[4] ?? "", 16);
      if (fields[2] !== "1" || baud === undefined || !Number.isFinite(inMask) || !Number.isFinite(outMask)) return { replies: [] };
      return { replies: [], config: { baudRate: baud, protocolMasks: { inProtoMask: inMask, outProtoMask: outMask } } };
    }
    default:
      return { replies: [] }; // no acknowledgement
  }
}

// ───────────────────────────── Quectel PAIR ─────────────────────────────

const PAIR062_IDS = new Map(Object.entries(PAIR062_TYPES).map(([id, n]) => [n, id]));

function handlePair(body: string, checksum: string, state: DialectState): CommandEffect {
  const m = /^PAIR(\d{3})(?:,(.*))?$/.exec(body);
  if (m === null || checksum !== "ok") return { replies: [] };
  const cmd = Number(m[1]);
  const fields = m[2] === undefined ? [] : m[2].split(",");
  const ok = pairAck(cmd, 0);
  switch (cmd) {
    case 2:
      return { replies: [ok], engine: "on" };
    case 3:
      return { replies: [ok], engine: "off" };
    // Unlike PMTK, PAIR restarts are acknowledged.
    case 4:
      return { replies: [ok], restart: "hot" };
    case 5:
      return { replies: [ok], restart: "warm" };
    case 6:
      return { replies: [ok], restart: "cold" };
    case 7:
      return { replies: [ok], restart: "factory", config: { factory: true } };
    case 50: {
      const ms = finite(fields[0]);
      if (ms === undefined || ms < 100 || ms > 1000) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], config: { intervalMs: Math.round(ms) } };
    }
    case 51:
      return { replies: [ok, line(`PAIR051,${state.config.intervalMs}`)] };
    case 62: {
      const id = PAIR062_IDS.get(finite(fields[0]) ?? -1);
      const rate = finite(fields[1]);
      if (id === undefined || rate === undefined || rate < 0 || rate > 20) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], config: { messages: { [id]: Math.round(rate) } } };
    }
    case 63: {
      const type = finite(fields[0]);
      const id = PAIR062_IDS.get(type ?? -1);
      if (id === undefined) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok, line(`PAIR063,${type},${state.config.messages.get(id) ?? 0}`)] };
    }
    case 66: {
      const flags = fields.map((f) => finite(f));
      if (flags.length < PAIR066_SYSTEMS.length || flags.some((f) => f !== 0 && f !== 1)) return { replies: [pairAck(cmd, 2)] };
      const wanted = PAIR066_SYSTEMS.filter((_, i) => flags[i] === 1);
      // A system the chip has no hardware for (NavIC on an LC76G) fails the whole command.
      if (wanted.some((c) => !state.model.capable.includes(c))) return { replies: [pairAck(cmd, 2)] };
      const sbas = state.config.constellations.filter((c) => c === "sbas");
      return { replies: [ok], config: { constellations: [...wanted, ...sbas] } };
    }
    case 67:
      return { replies: [ok, line(`PAIR067,${PAIR066_SYSTEMS.map((c) => bit(state.config.constellations.includes(c))).join(",")}`)] };
    case 410: {
      const value = finite(fields[0]);
      if (value !== 0 && value !== 1) return { replies: [pairAck(cmd, 2)] };
      const rest = state.config.constellations.filter((c) => c !== "sbas");
      return { replies: [ok], config: { constellations: value === 1 ? [...rest, "sbas"] : rest } };
    }
    case 411:
      return { replies: [ok, line(`PAIR411,${bit(state.config.constellations.includes("sbas"))}`)] };
    case 80: {
      const mode = finite(fields[0]);
      if (!PAIR080_MODES.some((m) => m.code === mode)) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], config: { dynamicModel: mode! } };
    }
    case 81:
      return { replies: [ok, line(`PAIR081,${state.config.dynamicModel}`)] };
    case 513:
      return { replies: [ok], config: { save: true } };
    case 864: {
      // Acknowledged at the old speed, then switched.
      const baud = finite(fields[2]);
      if (fields[0] !== "0" || fields[1] !== "0" || baud === undefined || !PAIR864_BAUDS.includes(baud)) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], config: { baudRate: baud } };
    }
    case 865:
      if (fields[0] !== "0" || fields[1] !== "0") return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok, line(`PAIR865,${state.config.baudRate}`)] };
    case 590: {
      const t = utcFromFields(fields);
      return t === undefined ? { replies: [pairAck(cmd, 2)] } : { replies: [ok], aidTimeMs: t };
    }
    case 471: {
      // Host EPO: $PAIR471,<system hex: 0 GPS>,<PRN hex>,<18 words of the 72-byte record, hex>
      const record = hexRecord(fields.slice(2));
      if (record === undefined || fields.length !== 20) return { replies: [pairAck(cmd, 2)] };
      // Only GPS records are modelled; the other systems' numbering is not confirmed (domain.md §7).
      return { replies: [ok], ...(fields[0] === "0" ? epoOrbits([record]) : {}) };
    }
    case 600: {
      let lat = finite(fields[0]);
      let lon = finite(fields[1]);
      const height = finite(fields[2]);
      if (lat === undefined || lon === undefined) return { replies: [pairAck(cmd, 2)] };
      // Public code disagrees on the unit (domain.md §7): take degrees × 1e7 when out of range for degrees.
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) {
        lat /= 1e7;
        lon /= 1e7;
      }
      if (Math.abs(lat) > 90 || Math.abs(lon) > 180) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], aidPosition: { latitudeDeg: lat, longitudeDeg: lon, ...(height === undefined ? {} : { altitudeHaeM: height }) } };
    }
    default:
      return { replies: [pairAck(cmd, 3)] };
  }
}

/** The chip's answer to one host command. Commands of other dialects are ignored, as real chips do. */
export function handleCommand(command: HostCommand, state: DialectState): CommandEffect {
  if (command.kind === "ubx") return state.chip === "ublox" ? handleUbx(command, state) : { replies: [] };
  if (command.kind === "rtcm3") return { replies: [] }; // corrections: the RTK engine's (receiver.ts), never answered
  if (command.kind === "mtk-binary") return state.chip === "mtk" ? handleMtkBinary(command.command, command.payload) : { replies: [] };
  const { body, checksum } = command;
  switch (state.chip) {
    case "mtk":
      return body.startsWith("PMTK") ? handleMtk(body, checksum, state) : { replies: [] };
    case "sirf":
      return body.startsWith("PSRF") ? handleSirf(body, checksum) : { replies: [] };
    case "ublox":
      return body.startsWith("PUBX,") ? handlePubx(body, checksum) : { replies: [] };
    case "quectel":
      return body.startsWith("PAIR") ? handlePair(body, checksum, state) : { replies: [] };
  }
}

/** The u-blox start-up notices, as TXT sentences or (UBX output only) as UBX INF-NOTICE messages. */
const UBLOX_BANNER = [
  "u-blox ag - www.u-blox.com",
  "HW UBX-M8030 00080000",
  "ROM CORE 3.01 (107888)",
  "FWVER=SPG 3.01",
  "PROTVER=18.00",
  "ANTSUPERV=AC SD PDoS SR",
  "ANTSTATUS=OK",
];

/** What a chip prints when it (re)starts. SiRF and Quectel PAIR chips print nothing in NMEA mode. */
export function startupBanner(chip: SimChip, version: NmeaVersion, model?: SimModel, protocol: SimProtocol = "nmea"): (string | Uint8Array)[] {
  switch (chip) {
    case "mtk":
      return [line("PMTK011,MTKGPS"), line("PMTK010,001")];
    case "ublox": {
      const talker = version === "4.10" || version === "4.11" ? "GN" : "GP";
      const ver = model?.monVer;
      // Generation 9: the MON-VER strings, as a ZED-F9P prints them.
      const banner =
        ver !== undefined && ver.protocolVersion >= 23
          ? [
              "u-blox AG - www.u-blox.com",
              `HW UBX 9 ${ver.hardware}`,
              ver.software,
              ...ver.extensions.filter((e) => e.includes("=") || e.startsWith("ROM")),
              "ANTSTATUS=OK",
            ]
          : UBLOX_BANNER;
      // UBX only: the same notices as INF-NOTICE
      if (protocol === "ubx") return banner.map((text) => ubxFrame(0x04, 0x02, new TextEncoder().encode(text)));
      return banner.map((text) => encodeTxt(talker, text));
    }
    case "sirf":
    case "quectel":
      return [];
  }
}
