// The simulated u-blox's UBX navigation output: one epoch's NAV-PVT, NAV-SAT, NAV-SIG, NAV-STATUS, NAV-DOP,
// NAV-TIMEUTC and NAV-EOE from the same EpochReport its NMEA is written from, laid out as the u-blox interface
// description says (the decoders in src/parsing/ubx/ carry the byte diagrams), and its answers to polls of
// them and of MON-VER / MON-HW. Frames through the one UBX frame writer (framing/ubx.ts).
import { ubxFrame } from "../../framing/ubx.js";
import { gnssIdOf } from "../../parsing/ubx/ids.js";
import type { Constellation } from "../../types.js";
import type { EpochReport, ReportedSatellite } from "./nmea.js";
import { GPS_EPOCH_MS, GPS_UTC_LEAP_SECONDS, GPS_WEEK_MS } from "../../gps-time.js";

/** The NAV messages the simulator can send, in the order a u-blox sends them (NAV-EOE last, after the NMEA). */
export const UBX_NAV_OUTPUT = ["NAV-PVT", "NAV-SAT", "NAV-SIG", "NAV-STATUS", "NAV-DOP", "NAV-TIMEUTC", "NAV-EOE"] as const;
export type UbxNavOutput = (typeof UBX_NAV_OUTPUT)[number];

/** Message ids of the NAV class (0x01). */
export const UBX_NAV_IDS: Readonly<Record<UbxNavOutput, number>> = {
  "NAV-PVT": 0x07,
  "NAV-SAT": 0x35,
  "NAV-SIG": 0x43,
  "NAV-STATUS": 0x03,
  "NAV-DOP": 0x04,
  "NAV-TIMEUTC": 0x21,
  "NAV-EOE": 0x61,
};

const NAV = 0x01;
const MON = 0x0a;
/** GPS − UTC (the simulator's sky runs in 2017 and later). */
/** What a u-blox writes for an accuracy it does not have (mm). */
const NO_ACCURACY = 0xffffffff;

/** What UBX says beyond the NMEA report: the receiver's clock and start, its own TTFF. */
export interface UbxEpochContext {
  /** The epoch's (true) time: its iTOW, also before the receiver knows the time */
  epochMs: number;
  /** Since the receiver (re)started, ms */
  msssMs: number;
  /** The receiver's TTFF for this start, once it had a fix */
  ttffMs?: number;
}

class Payload {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.#view = new DataView(this.bytes.buffer);
  }
  u1(at: number, v: number): this {
    this.bytes[at] = v & 0xff;
    return this;
  }
  u2(at: number, v: number): this {
    this.#view.setUint16(at, v, true);
    return this;
  }
  i2(at: number, v: number): this {
    this.#view.setInt16(at, v, true);
    return this;
  }
  u4(at: number, v: number): this {
    this.#view.setUint32(at, v, true);
    return this;
  }
  i4(at: number, v: number): this {
    this.#view.setInt32(at, v, true);
    return this;
  }
}

const iTOW = (epochMs: number): number => (((epochMs + GPS_UTC_LEAP_SECONDS * 1000 - GPS_EPOCH_MS) % GPS_WEEK_MS) + GPS_WEEK_MS) % GPS_WEEK_MS;
const fixType = (r: EpochReport): number => (r.mode === "3d" ? 3 : r.mode === "2d" ? 2 : 0);
const dop = (v: number | undefined, fix: boolean): number => (fix && v !== undefined ? Math.round(Math.min(v, 99.99) * 100) : 9999);
/** u-blox's svId: QZSS 1–10 (the sky may number them by PRN), the others as gnsskit numbers them. */
const svIdOf = (constellation: Constellation, svid: number): number => (constellation === "qzss" && svid > 100 ? svid - 192 : svid);

function navPvt(r: EpochReport, c: UbxEpochContext): Uint8Array {
  const p = new Payload(92);
  const fix = r.mode !== "none";
  const timeKnown = r.timeMs !== undefined;
  p.u4(0, iTOW(c.epochMs));
  if (timeKnown) {
    const d = new Date(r.timeMs!);
    if (r.dateKnown)
      p.u2(4, d.getUTCFullYear())
        .u1(6, d.getUTCMonth() + 1)
        .u1(7, d.getUTCDate());
    p.u1(8, d.getUTCHours())
      .u1(9, d.getUTCMinutes())
      .u1(10, d.getUTCSeconds())
      .i4(16, d.getUTCMilliseconds() * 1e6);
  }
  p.u1(11, (r.dateKnown && timeKnown ? 0x01 : 0) | (timeKnown ? 0x02 : 0) | (r.dateKnown && timeKnown ? 0x04 : 0));
  p.u4(12, timeKnown ? 30 : NO_ACCURACY);
  p.u1(20, fixType(r))
    .u1(21, fix ? 0x01 : 0)
    .u1(23, r.used.length);
  if (fix && r.latitudeDeg !== undefined && r.longitudeDeg !== undefined && r.altitudeMslM !== undefined) {
    const hMslMm = Math.round(r.altitudeMslM * 1000);
    p.i4(24, Math.round(r.longitudeDeg * 1e7)).i4(28, Math.round(r.latitudeDeg * 1e7));
    p.i4(32, hMslMm + Math.round((r.geoidSeparationM ?? 0) * 1000)).i4(36, hMslMm);
  }
  p.u4(40, fix && r.hAccM !== undefined ? Math.round(r.hAccM * 1000) : NO_ACCURACY);
  p.u4(44, fix && r.vAccM !== undefined ? Math.round(r.vAccM * 1000) : NO_ACCURACY);
  const speedMmps = fix ? Math.round((r.speedMps ?? 0) * 1000) : 0;
  const courseRad = ((r.courseDeg ?? 0) * Math.PI) / 180;
  p.i4(48, Math.round(speedMmps * Math.cos(courseRad)))
    .i4(52, Math.round(speedMmps * Math.sin(courseRad)))
    .i4(56, 0);
  p.i4(60, speedMmps).i4(64, Math.round((r.courseDeg ?? 0) * 1e5));
  p.u4(68, fix ? 50 : NO_ACCURACY);
  // 180°: u-blox's "no heading" (the NMEA leaves the course empty then)
  p.u4(72, fix && r.courseDeg !== undefined ? 100_000 : 18_000_000);
  p.u2(76, dop(r.pdop, fix));
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-PVT"], p.bytes);
}

/** NAV-SAT's flags: quality, used, health, orbit source and what is available. */
function satFlags(s: ReportedSatellite, used: boolean): number {
  const quality = s.cn0DbHz === undefined ? 1 : used ? 7 : 3;
  const orbit = s.orbit === "ephemeris" ? 1 : s.orbit === "almanac" ? 2 : 0;
  const health = s.healthy === false ? 2 : 1;
  return (
    quality |
    (used ? 0x08 : 0) |
    (health << 4) |
    (orbit << 8) |
    (s.orbit === "ephemeris" ? 0x800 : 0) |
    (s.orbit !== undefined && s.orbit !== "none" ? 0x1000 : 0)
  );
}

const usedSet = (r: EpochReport): Set<string> => new Set(r.used.map((u) => `${u.constellation}:${u.svid}`));
/** The satellites a u-blox numbers (not IMES, nothing gnsskit cannot name). */
const ubxSatellites = (r: EpochReport): ReportedSatellite[] => r.inView.filter((s) => gnssIdOf(s.constellation) >= 0);

function navSat(r: EpochReport, c: UbxEpochContext): Uint8Array {
  const sats = ubxSatellites(r);
  const used = usedSet(r);
  const p = new Payload(8 + 12 * sats.length);
  p.u4(0, iTOW(c.epochMs)).u1(4, 1).u1(5, sats.length);
  sats.forEach((s, n) => {
    const at = 8 + 12 * n;
    const isUsed = used.has(`${s.constellation}:${s.svid}`) && s.cn0DbHz !== undefined;
    p.u1(at, gnssIdOf(s.constellation)).u1(at + 1, svIdOf(s.constellation, s.svid));
    p.u1(at + 2, s.cn0DbHz === undefined ? 0 : Math.max(0, Math.min(99, Math.round(s.cn0DbHz))));
    // elevation out of range (-128): unknown, and the azimuth with it
    p.u1(at + 3, s.elevationDeg === undefined ? 0x80 : Math.round(s.elevationDeg));
    p.i2(at + 4, s.azimuthDeg === undefined ? 0 : Math.round(s.azimuthDeg) % 360);
    p.u4(at + 8, satFlags(s, isUsed));
  });
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-SAT"], p.bytes);
}

/** Each tracked satellite's primary signal (sigId 0: L1 C/A, E1 C, B1I, L1OF, L5 A), as its GSV reports it. */
function navSig(r: EpochReport, c: UbxEpochContext): Uint8Array {
  const sats = ubxSatellites(r).filter((s) => s.cn0DbHz !== undefined);
  const used = usedSet(r);
  const p = new Payload(8 + 16 * sats.length);
  p.u4(0, iTOW(c.epochMs)).u1(4, 0).u1(5, sats.length);
  sats.forEach((s, n) => {
    const at = 8 + 16 * n;
    const isUsed = used.has(`${s.constellation}:${s.svid}`);
    p.u1(at, gnssIdOf(s.constellation))
      .u1(at + 1, svIdOf(s.constellation, s.svid))
      .u1(at + 2, 0);
    p.u1(at + 3, s.constellation === "glonass" ? 7 : 0);
    p.u1(at + 6, Math.max(0, Math.min(99, Math.round(s.cn0DbHz!)))).u1(at + 7, isUsed ? 7 : 3);
    const health = s.healthy === false ? 2 : 1;
    // health, prUsed, crUsed, doUsed
    p.u2(at + 10, health | (isUsed ? 0x08 | 0x20 : 0));
  });
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-SIG"], p.bytes);
}

function navStatus(r: EpochReport, c: UbxEpochContext): Uint8Array {
  const fix = r.mode !== "none";
  const timeKnown = r.timeMs !== undefined;
  const p = new Payload(16);
  p.u4(0, iTOW(c.epochMs)).u1(4, fixType(r));
  p.u1(5, (fix ? 0x01 : 0) | (timeKnown && r.dateKnown ? 0x04 : 0) | (timeKnown ? 0x08 : 0));
  p.u4(8, c.ttffMs ?? 0).u4(12, c.msssMs);
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-STATUS"], p.bytes);
}

function navDop(r: EpochReport, c: UbxEpochContext): Uint8Array {
  const fix = r.mode !== "none";
  const p = new Payload(18);
  p.u4(0, iTOW(c.epochMs));
  p.u2(4, dop(r.gdop, fix)).u2(6, dop(r.pdop, fix)).u2(8, dop(r.tdop, fix)).u2(10, dop(r.vdop, fix)).u2(12, dop(r.hdop, fix));
  p.u2(14, dop(r.hdop === undefined ? undefined : r.hdop / Math.SQRT2, fix)).u2(16, dop(r.hdop === undefined ? undefined : r.hdop / Math.SQRT2, fix));
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-DOP"], p.bytes);
}

function navTimeUtc(r: EpochReport, c: UbxEpochContext): Uint8Array {
  const p = new Payload(20);
  const timeKnown = r.timeMs !== undefined;
  p.u4(0, iTOW(c.epochMs)).u4(4, timeKnown ? 30 : NO_ACCURACY);
  if (timeKnown && r.dateKnown) {
    const d = new Date(r.timeMs!);
    p.i4(8, d.getUTCMilliseconds() * 1e6)
      .u2(12, d.getUTCFullYear())
      .u1(14, d.getUTCMonth() + 1)
      .u1(15, d.getUTCDate());
    p.u1(16, d.getUTCHours()).u1(17, d.getUTCMinutes()).u1(18, d.getUTCSeconds());
  }
  // validTOW, validWKN, validUTC; utcStandard 3 (USNO) once valid
  p.u1(19, (timeKnown ? 0x01 : 0) | (timeKnown && r.dateKnown ? 0x02 | 0x04 | 0x30 : 0));
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-TIMEUTC"], p.bytes);
}

function navEoe(_r: EpochReport, c: UbxEpochContext): Uint8Array {
  return ubxFrame(NAV, UBX_NAV_IDS["NAV-EOE"], new Payload(4).u4(0, iTOW(c.epochMs)).bytes);
}

const ENCODERS: Readonly<Record<UbxNavOutput, (r: EpochReport, c: UbxEpochContext) => Uint8Array>> = {
  "NAV-PVT": navPvt,
  "NAV-SAT": navSat,
  "NAV-SIG": navSig,
  "NAV-STATUS": navStatus,
  "NAV-DOP": navDop,
  "NAV-TIMEUTC": navTimeUtc,
  "NAV-EOE": navEoe,
};

/** One NAV message of the epoch. */
export function encodeUbxNav(name: UbxNavOutput, report: EpochReport, context: UbxEpochContext): Uint8Array {
  return ENCODERS[name](report, context);
}

/** The NAV message a NAV-class id names, if the simulator can send it (a poll's answer). */
/** The configuration's name of a NAV output (`UBX-NAV-PVT`, as CFG-MSG and the CLI's --messages name it). */
export const ubxMessageName = (name: UbxNavOutput): string => `UBX-${name}`;

export function navOutputOfId(id: number): UbxNavOutput | undefined {
  return UBX_NAV_OUTPUT.find((name) => UBX_NAV_IDS[name] === id);
}

const ascii = (text: string, length: number): Uint8Array => {
  const out = new Uint8Array(length);
  for (let i = 0; i < Math.min(text.length, length - 1); i++) out[i] = text.charCodeAt(i);
  return out;
};

/** MON-VER as the simulated M8 says it (the same as its start-up banner). */
export function monVer(): Uint8Array {
  const extensions = ["FWVER=SPG 3.01", "PROTVER=18.00", "GPS;GLO;GAL;BDS", "SBAS;IMES;QZSS"];
  const p = new Uint8Array(40 + 30 * extensions.length);
  p.set(ascii("ROM CORE 3.01 (107888)", 30), 0);
  p.set(ascii("00080000", 10), 30);
  extensions.forEach((text, n) => p.set(ascii(text, 30), 40 + 30 * n));
  return ubxFrame(MON, 0x04, p);
}

/** MON-HW: an active antenna, powered and OK, no jamming. */
export function monHw(): Uint8Array {
  const p = new Payload(60);
  p.u2(16, 80)
    .u2(18, 5000)
    .u1(20, 2)
    .u1(21, 1)
    .u1(22, 0x01 | (1 << 2))
    .u1(45, 8);
  return ubxFrame(MON, 0x09, p.bytes);
}
