// How each chip family answers host commands (domain.md §3): which commands restart, which aid,
// who acknowledges and who stays silent. Pure: a command in, an effect out; the receiver applies it.

import { withChecksum } from "../../framing/checksum.js";
import type { Constellation } from "../../types.js";
import { encodeTxt, type SentenceName } from "./nmea.js";
import type { HostCommand } from "./ubx.js";
import { ubxFrame } from "./ubx.js";
import type { NmeaVersion, SimChip, SimProtocol } from "./types.js";

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
  aidEphemeris?: { constellation: Constellation; svid: number };
  engine?: "on" | "off";
  intervalMs?: number;
  sentences?: { id: SentenceName; enabled: boolean }[];
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
  version: NmeaVersion;
  ackAiding: boolean;
  timeKnown: boolean;
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

/** PMTK314 field order (Quectel L80 spec): GLL, RMC, VTG, GGA, GSA, GSV, ..., ZDA at 17. */
const PMTK314_ORDER: [number, SentenceName][] = [[0, "GLL"], [1, "RMC"], [2, "VTG"], [3, "GGA"], [4, "GSA"], [5, "GSV"], [17, "ZDA"]];

function handleMtk(body: string, checksum: string): CommandEffect {
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
      return { replies: [], restart: "factory", banner: true };
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
      return { replies: [pmtkAck(741, 3)], aidTimeMs: t, aidPosition: { latitudeDeg: lat, longitudeDeg: lon, ...(alt === undefined ? {} : { altitudeHaeM: alt }) } };
    }
    case 605:
      return { replies: [line("PMTK705,AXN_2.31_3339_13101700,5632,PA6H,1.0")] };
    case 607:
      return { replies: [line("PMTK707,0,0,0,0,0,0,0,0,0")] };
    case 220: {
      const ms = finite(fields[0]);
      if (ms === undefined || ms < 100 || ms > 10000) return { replies: [pmtkAck(220, 2)] };
      return { replies: [pmtkAck(220, 3)], intervalMs: Math.round(ms) };
    }
    case 314: {
      if (fields[0] === "-1") {
        return { replies: [pmtkAck(314, 3)], sentences: PMTK314_ORDER.map(([, id]) => ({ id, enabled: id !== "GLL" && id !== "ZDA" })) };
      }
      if (fields.length < 18) return { replies: [pmtkAck(314, 0)] };
      return {
        replies: [pmtkAck(314, 3)],
        sentences: PMTK314_ORDER.map(([i, id]) => ({ id, enabled: (finite(fields[i]) ?? 0) > 0 })),
      };
    }
    case 251:
      return { replies: [] }; // baud change: never acknowledged
    default:
      return { replies: [pmtkAck(cmd, 1)] };
  }
}

// ───────────────────────────── SiRF PSRF ─────────────────────────────

const PSRF103_IDS: Record<number, SentenceName> = { 0: "GGA", 1: "GLL", 2: "GSA", 3: "GSV", 4: "RMC", 5: "VTG", 8: "ZDA" };

function sirfReset(resetCfg: number): RestartKind {
  if (resetCfg & 0x08) return "factory";
  if (resetCfg & 0x04) return "cold";
  if (resetCfg & 0x02) return "warm";
  return "hot";
}

/** GPS week + time of week (s) → UTC ms (GPS − UTC = 18 s since 2017). */
function gpsToUtcMs(week: number, towS: number): number {
  return Date.UTC(1980, 0, 6) + week * 604_800_000 + towS * 1000 - 18_000;
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
      const effect: CommandEffect = { replies: [], restart: sirfReset(reset) };
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
        if (week > 0) effect.aidTimeMs = gpsToUtcMs(week, tow);
      }
      return effect;
    }
    case 103: {
      const id = PSRF103_IDS[finite(fields[0]) ?? -1];
      const mode = finite(fields[1]);
      const rate = finite(fields[2]);
      if (id === undefined || mode === undefined) return { replies: [] };
      if (mode === 1) return { replies: [], pollSentence: id };
      if (mode === 0 && rate !== undefined) return { replies: [], sentences: [{ id, enabled: rate > 0 }] };
      return { replies: [] };
    }
    default:
      // PSRF100 (serial/protocol: binary mode is not simulated), PSRF105 and the rest: no reply.
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
  if (payload.length === 0 && UBX_POLLED_CLASSES.has(cls)) return { replies: [], ubxPoll: { cls, id } };
  const view = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  if (cls === 0x06 && id === 0x04) {
    // CFG-RST: never acknowledged (the reset cuts it off).
    if (payload.length !== 4) return { replies: [] };
    const mask = view.getUint16(0, true);
    const mode = payload[2]!;
    if (mode === 0x08) return { replies: [], engine: "off" };
    if (mode === 0x09) return { replies: [], engine: "on" };
    return { replies: [], restart: cfgRstKind(mask), banner: mode !== 0x02 };
  }
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
    return { replies: ack(false, payload.length < 4 ? 3 : 6) };
  }
  const ephConstellation = cls === UBX_CLASS_MGA ? MGA_EPH_IDS[id] : undefined;
  if (ephConstellation !== undefined && payload.length >= 4 && payload[0] === 0x01) {
    const ack = (ok: boolean, info: number): Uint8Array[] => (state.ackAiding ? [mgaAck(ok, info, id, payload)] : []);
    // Ephemeris before time: the chip cannot place it (infoCode 1 = "receiver time unknown").
    if (!state.timeKnown) return { replies: ack(false, 1) };
    return { replies: ack(true, 0), aidEphemeris: { constellation: ephConstellation, svid: payload[2]! } };
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
      return { replies: [], sentences: [{ id, enabled: uart1 > 0 }] };
    }
    default:
      return { replies: [] }; // PUBX,41 and others: no acknowledgement
  }
}

// ───────────────────────────── Quectel PAIR ─────────────────────────────

const PAIR062_IDS: Record<number, SentenceName> = { 0: "GGA", 1: "GLL", 2: "GSA", 3: "GSV", 4: "RMC", 5: "VTG", 6: "ZDA" };

function handlePair(body: string, checksum: string): CommandEffect {
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
      return { replies: [ok], restart: "factory" };
    case 50: {
      const ms = finite(fields[0]);
      if (ms === undefined || ms < 100 || ms > 1000) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], intervalMs: Math.round(ms) };
    }
    case 62: {
      const id = PAIR062_IDS[finite(fields[0]) ?? -1];
      const rate = finite(fields[1]);
      if (id === undefined || rate === undefined) return { replies: [pairAck(cmd, 2)] };
      return { replies: [ok], sentences: [{ id, enabled: rate > 0 }] };
    }
    case 66:
      return { replies: [ok] };
    case 590: {
      const t = utcFromFields(fields);
      return t === undefined ? { replies: [pairAck(cmd, 2)] } : { replies: [ok], aidTimeMs: t };
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
  const { body, checksum } = command;
  switch (state.chip) {
    case "mtk":
      return body.startsWith("PMTK") ? handleMtk(body, checksum) : { replies: [] };
    case "sirf":
      return body.startsWith("PSRF") ? handleSirf(body, checksum) : { replies: [] };
    case "ublox":
      return body.startsWith("PUBX,") ? handlePubx(body, checksum) : { replies: [] };
    case "quectel":
      return body.startsWith("PAIR") ? handlePair(body, checksum) : { replies: [] };
  }
}

/** The u-blox start-up notices, as TXT sentences or (UBX output only) as UBX INF-NOTICE messages. */
const UBLOX_BANNER = ["u-blox ag - www.u-blox.com", "HW UBX-M8030 00080000", "ROM CORE 3.01 (107888)", "FWVER=SPG 3.01", "PROTVER=18.00", "ANTSUPERV=AC SD PDoS SR", "ANTSTATUS=OK"];

/** What a chip prints when it (re)starts. SiRF and Quectel PAIR chips print nothing in NMEA mode. */
export function startupBanner(chip: SimChip, version: NmeaVersion, protocol: SimProtocol = "nmea"): (string | Uint8Array)[] {
  switch (chip) {
    case "mtk":
      return [line("PMTK011,MTKGPS"), line("PMTK010,001")];
    case "ublox": {
      if (protocol === "ubx") return UBLOX_BANNER.map((text) => ubxFrame(0x04, 0x02, new TextEncoder().encode(text)));
      const talker = version === "4.10" || version === "4.11" ? "GN" : "GP";
      return UBLOX_BANNER.map((text) => encodeTxt(talker, text));
    }
    case "sirf":
    case "quectel":
      return [];
  }
}
