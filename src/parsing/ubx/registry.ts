// The UBX registry: one row per decoded message, with its class and id, the shortest payload it may have
// (shorter is a diagnostic; longer is read up to what the layout names: later protocol versions append), its
// decoder (one per message, each with the byte layout in its file's comment) and its role in the receiver's
// cycle, which the tracker's cycle detector reads as it reads the NMEA sentences' (../registry.ts).
// Adding a message = a decoder beside these, its type in src/types.ts, a row here, a table test, a README row.
import type { UbxMessage } from "../../types.js";
import type { CycleRole } from "../registry.js";
import type { UbxContext, UbxLayoutError } from "./fields.js";
import { decodeMonHw, decodeMonRf, decodeMonVer } from "./mon.js";
import { decodeNavCov } from "./nav-cov.js";
import { decodeNavDop } from "./nav-dop.js";
import { decodeNavHpPosLlh } from "./nav-hpposllh.js";
import { decodeNavPosLlh, decodeNavSol, decodeNavSvInfo, decodeNavVelNed } from "./nav-legacy.js";
import { decodeNavPvt } from "./nav-pvt.js";
import { decodeNavSat } from "./nav-sat.js";
import { decodeNavSig } from "./nav-sig.js";
import { decodeNavStatus } from "./nav-status.js";
import { decodeNavTimeGps, decodeNavTimeUtc } from "./nav-time.js";
import { decodeAck, decodeInf, decodeNavEoe, decodeRxmSfrbx } from "./other.js";

export interface UbxRow {
  messageClass: number;
  messageId: number;
  /** `NAV-PVT`; the message's sentenceId is `UBX-` + name */
  name: string;
  minLength: number;
  cycle: CycleRole;
  description: string;
  decode: (payload: Uint8Array, ctx: UbxContext) => UbxMessage | UbxLayoutError;
}

export const UBX_REGISTRY: ReadonlyArray<UbxRow> = [
  {
    messageClass: 0x01,
    messageId: 0x07,
    name: "NAV-PVT",
    minLength: 84,
    cycle: "timed",
    description: "Time, fix type and carrier solution, position, velocity, 1-sigma accuracies, satellites used",
    decode: decodeNavPvt,
  },
  {
    messageClass: 0x01,
    messageId: 0x35,
    name: "NAV-SAT",
    minLength: 8,
    cycle: "timed",
    description: "Satellites in view: C/N0, elevation, azimuth, used, health, orbit source (ephemeris, almanac, AssistNow)",
    decode: decodeNavSat,
  },
  {
    messageClass: 0x01,
    messageId: 0x43,
    name: "NAV-SIG",
    minLength: 8,
    cycle: "timed",
    description: "Signals: C/N0, quality, used for pseudorange/carrier/Doppler, health",
    decode: decodeNavSig,
  },
  {
    messageClass: 0x01,
    messageId: 0x03,
    name: "NAV-STATUS",
    minLength: 16,
    cycle: "timed",
    description: "Fix status, the receiver's own TTFF and time since start",
    decode: decodeNavStatus,
  },
  {
    messageClass: 0x01,
    messageId: 0x04,
    name: "NAV-DOP",
    minLength: 18,
    cycle: "timed",
    description: "Geometric, position, time, vertical, horizontal, north and east DOP",
    decode: decodeNavDop,
  },
  {
    messageClass: 0x01,
    messageId: 0x20,
    name: "NAV-TIMEGPS",
    minLength: 16,
    cycle: "timed",
    description: "GPS week and time of week, leap seconds (GPS − UTC)",
    decode: decodeNavTimeGps,
  },
  {
    messageClass: 0x01,
    messageId: 0x21,
    name: "NAV-TIMEUTC",
    minLength: 20,
    cycle: "timed",
    description: "UTC date and time with validity",
    decode: decodeNavTimeUtc,
  },
  {
    messageClass: 0x01,
    messageId: 0x14,
    name: "NAV-HPPOSLLH",
    minLength: 36,
    cycle: "timed",
    description: "High-precision position (0.1 mm) and 1-sigma accuracies",
    decode: decodeNavHpPosLlh,
  },
  {
    messageClass: 0x01,
    messageId: 0x36,
    name: "NAV-COV",
    minLength: 64,
    cycle: "timed",
    description: "Position and velocity covariance (north, east, down)",
    decode: decodeNavCov,
  },
  {
    messageClass: 0x01,
    messageId: 0x02,
    name: "NAV-POSLLH",
    minLength: 28,
    cycle: "timed",
    description: "Position and 1-sigma accuracies (u-blox 5 to 7)",
    decode: decodeNavPosLlh,
  },
  {
    messageClass: 0x01,
    messageId: 0x12,
    name: "NAV-VELNED",
    minLength: 36,
    cycle: "timed",
    description: "Velocity north, east, down; ground speed and heading (u-blox 5 to 7)",
    decode: decodeNavVelNed,
  },
  {
    messageClass: 0x01,
    messageId: 0x06,
    name: "NAV-SOL",
    minLength: 52,
    cycle: "timed",
    description: "Fix type, GPS week, ECEF position and accuracy, satellites used (u-blox 5 to 7)",
    decode: decodeNavSol,
  },
  {
    messageClass: 0x01,
    messageId: 0x30,
    name: "NAV-SVINFO",
    minLength: 8,
    cycle: "timed",
    description: "Satellites in view, read as NAV-SAT (u-blox 5 to 8)",
    decode: decodeNavSvInfo,
  },
  {
    messageClass: 0x01,
    messageId: 0x61,
    name: "NAV-EOE",
    minLength: 4,
    cycle: "end",
    description: "End of the navigation epoch: closes the receiver cycle",
    decode: decodeNavEoe,
  },
  {
    messageClass: 0x0a,
    messageId: 0x04,
    name: "MON-VER",
    minLength: 40,
    cycle: "neutral",
    description: "Software and hardware versions, extensions (firmware, protocol, module, constellations)",
    decode: decodeMonVer,
  },
  {
    messageClass: 0x0a,
    messageId: 0x09,
    name: "MON-HW",
    minLength: 60,
    cycle: "neutral",
    description: "Antenna status and power, jamming state and indicator",
    decode: decodeMonHw,
  },
  {
    messageClass: 0x0a,
    messageId: 0x38,
    name: "MON-RF",
    minLength: 4,
    cycle: "neutral",
    description: "Per RF band: antenna status and power, jamming state and indicator",
    decode: decodeMonRf,
  },
  {
    messageClass: 0x02,
    messageId: 0x13,
    name: "RXM-SFRBX",
    minLength: 8,
    cycle: "neutral",
    description: "Navigation-message subframes (counted)",
    decode: decodeRxmSfrbx,
  },
  ...(["ERROR", "WARNING", "NOTICE", "TEST", "DEBUG"] as const).map((level, id) => ({
    messageClass: 0x04,
    messageId: id,
    name: `INF-${level}`,
    minLength: 0,
    cycle: "neutral" as const,
    description: "The receiver's text (banners, errors)",
    decode: decodeInf(id),
  })),
  {
    messageClass: 0x05,
    messageId: 0x01,
    name: "ACK-ACK",
    minLength: 2,
    cycle: "neutral",
    description: "Configuration message accepted",
    decode: decodeAck(true),
  },
  {
    messageClass: 0x05,
    messageId: 0x00,
    name: "ACK-NAK",
    minLength: 2,
    cycle: "neutral",
    description: "Configuration message refused",
    decode: decodeAck(false),
  },
];

/** Names of messages gnsskit does not decode, for the diagnostic that counts them. */
const OTHER_NAMES: Readonly<Record<number, string>> = {
  0x0101: "NAV-POSECEF",
  0x0109: "NAV-ODO",
  0x0111: "NAV-VELECEF",
  0x0113: "NAV-HPPOSECEF",
  0x0117: "NAV-PVAT",
  0x0122: "NAV-CLOCK",
  0x0123: "NAV-TIMEGLO",
  0x0124: "NAV-TIMEBDS",
  0x0125: "NAV-TIMEGAL",
  0x0126: "NAV-TIMELS",
  0x0127: "NAV-TIMEQZSS",
  0x0132: "NAV-SBAS",
  0x0134: "NAV-ORB",
  0x0139: "NAV-GEOFENCE",
  0x013b: "NAV-SVIN",
  0x013c: "NAV-RELPOSNED",
  0x013d: "NAV-EELL",
  0x0142: "NAV-SLAS",
  0x0160: "NAV-AOPSTATUS",
  0x0214: "RXM-MEASX",
  0x0215: "RXM-RAWX",
  0x0232: "RXM-RTCM",
  0x0600: "CFG-PRT",
  0x0601: "CFG-MSG",
  0x0604: "CFG-RST",
  0x0608: "CFG-RATE",
  0x0609: "CFG-CFG",
  0x0624: "CFG-NAV5",
  0x063e: "CFG-GNSS",
  0x068a: "CFG-VALSET",
  0x068b: "CFG-VALGET",
  0x0a02: "MON-IO",
  0x0a06: "MON-MSGPP",
  0x0a07: "MON-RXBUF",
  0x0a08: "MON-TXBUF",
  0x0a0b: "MON-HW2",
  0x0a31: "MON-SPAN",
  0x0a36: "MON-COMMS",
  0x0a37: "MON-HW3",
  0x0d01: "TIM-TP",
  0x1360: "MGA-ACK-DATA0",
  0x2703: "SEC-UNIQID",
};

const CLASS_NAMES: Readonly<Record<number, string>> = {
  0x01: "NAV",
  0x02: "RXM",
  0x04: "INF",
  0x05: "ACK",
  0x06: "CFG",
  0x09: "UPD",
  0x0a: "MON",
  0x0b: "AID",
  0x0d: "TIM",
  0x10: "ESF",
  0x13: "MGA",
  0x21: "LOG",
  0x27: "SEC",
  0x28: "HNR",
};

export const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, "0");

/** `NAV-ORB`, or `NAV 0x99` / `0x99 0x01` for messages without a known name. */
export function ubxName(messageClass: number, messageId: number): string {
  const known = UBX_ROWS.get(messageClass * 256 + messageId)?.name ?? OTHER_NAMES[messageClass * 256 + messageId];
  if (known !== undefined) return known;
  const cls = CLASS_NAMES[messageClass];
  return cls === undefined ? `0x${hex2(messageClass)} 0x${hex2(messageId)}` : `${cls} 0x${hex2(messageId)}`;
}

/** Rows by class × 256 + id. */
export const UBX_ROWS: ReadonlyMap<number, UbxRow> = new Map(UBX_REGISTRY.map((row) => [row.messageClass * 256 + row.messageId, row]));
