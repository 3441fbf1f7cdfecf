// The numbers inside each dialect's configuration commands: field orders, message numbers, navigation-mode
// codes, UBX message ids and configuration keys. Shared by the drivers (which write them) and the simulated
// chips (which read them), so the two cannot disagree on a number; the numbers themselves are checked against
// gpsd's ubxtool and the manuals' examples (test/drivers/config-bytes.test.ts). Imports nothing.

/** A navigation (dynamic platform) model: the chip's code, its name, and the other words that pick it. */
export interface DynamicModelRow {
  code: number;
  name: string;
  aliases?: readonly string[];
}

// ───────────────────────────── MediaTek PMTK ─────────────────────────────

/** `$PMTK314` (and its answer `$PMTK514`): the field of each sentence's rate, out of 19. */
export const PMTK314_FIELDS: Readonly<Record<string, number>> = { GLL: 0, RMC: 1, VTG: 2, GGA: 3, GSA: 4, GSV: 5, ZDA: 17 };
export const PMTK314_FIELD_COUNT = 19;

/** `$PMTK886` navigation modes (no query command). */
export const PMTK886_MODES: readonly DynamicModelRow[] = [
  { code: 0, name: "normal", aliases: ["portable", "automotive"] },
  { code: 1, name: "fitness", aliases: ["pedestrian"] },
  { code: 2, name: "aviation", aliases: ["airborne", "airborne-1g"] },
  { code: 3, name: "balloon" },
];

/** `$PMTK251` speeds. */
export const PMTK251_BAUDS: readonly number[] = [4800, 9600, 14400, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

/** `$PMTK355` answer fields after the flag: `$PMTK001,355,3,GPS,GLONASS,BEIDOU,GALILEO`. */
export const PMTK355_SYSTEMS = ["gps", "glonass", "beidou", "galileo"] as const;

// ───────────────────────────── Quectel / Airoha PAIR ─────────────────────────────

/** `$PAIR062,<type>,<rate>` / `$PAIR063,<type>` message types. */
export const PAIR062_TYPES: Readonly<Record<string, number>> = { GGA: 0, GLL: 1, GSA: 2, GSV: 3, RMC: 4, VTG: 5, ZDA: 6 };

/** `$PAIR066` / `$PAIR067` field order. */
export const PAIR066_SYSTEMS = ["gps", "glonass", "galileo", "beidou", "qzss", "navic"] as const;

/** `$PAIR864,0,0,<baud>` speeds. */
export const PAIR864_BAUDS: readonly number[] = [9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

/** `$PAIR080` / `$PAIR081` navigation modes. */
export const PAIR080_MODES: readonly DynamicModelRow[] = [
  { code: 0, name: "normal", aliases: ["portable", "automotive"] },
  { code: 1, name: "fitness", aliases: ["pedestrian"] },
  { code: 2, name: "aviation", aliases: ["airborne", "airborne-1g"] },
  { code: 3, name: "balloon" },
  { code: 4, name: "stationary" },
  { code: 5, name: "drone" },
];

// ───────────────────────────── SiRF PSRF ─────────────────────────────

/** `$PSRF100,1,<baud>,8,1,0` speeds. */
export const PSRF100_BAUDS: readonly number[] = [4800, 9600, 19200, 38400, 57600, 115200];

/** `$PSRF103,<msg>,…` message numbers. */
export const PSRF103_MESSAGES: Readonly<Record<string, number>> = { GGA: 0, GLL: 1, GSA: 2, GSV: 3, RMC: 4, VTG: 5, ZDA: 8 };

// ───────────────────────────── u-blox UBX ─────────────────────────────

/** CFG-PRT / CFG-UART1-BAUDRATE / `$PUBX,41` speeds. */
export const UBX_BAUDS: readonly number[] = [4800, 9600, 19200, 38400, 57600, 115200, 230400, 460800, 921600];

/** Class and id of each message gnsskit switches: the standard NMEA sentences in class F0, and UBX messages by name. */
export const UBX_MESSAGE_IDS: Readonly<Record<string, readonly [number, number]>> = {
  GGA: [0xf0, 0x00],
  GLL: [0xf0, 0x01],
  GSA: [0xf0, 0x02],
  GSV: [0xf0, 0x03],
  RMC: [0xf0, 0x04],
  VTG: [0xf0, 0x05],
  ZDA: [0xf0, 0x08],
  "UBX-NAV-PVT": [0x01, 0x07],
  "UBX-NAV-SAT": [0x01, 0x35],
  "UBX-NAV-SIG": [0x01, 0x43],
  "UBX-NAV-STATUS": [0x01, 0x03],
  "UBX-NAV-DOP": [0x01, 0x04],
  "UBX-NAV-TIMEGPS": [0x01, 0x20],
  "UBX-NAV-TIMEUTC": [0x01, 0x21],
  "UBX-NAV-HPPOSLLH": [0x01, 0x14],
  "UBX-NAV-COV": [0x01, 0x36],
  "UBX-MON-HW": [0x0a, 0x09],
  "UBX-MON-RF": [0x0a, 0x38],
  "UBX-RXM-SFRBX": [0x02, 0x13],
};

/** CFG-NAV5 dynModel / CFG-NAVSPG-DYNMODEL. */
export const UBX_DYNAMIC_MODELS: readonly DynamicModelRow[] = [
  { code: 0, name: "portable" },
  { code: 2, name: "stationary" },
  { code: 3, name: "pedestrian", aliases: ["fitness"] },
  { code: 4, name: "automotive" },
  { code: 5, name: "sea" },
  { code: 6, name: "airborne-1g", aliases: ["airborne", "aviation"] },
  { code: 7, name: "airborne-2g" },
  { code: 8, name: "airborne-4g" },
  { code: 9, name: "wrist" },
  { code: 10, name: "bike" },
];

/** CFG-GNSS configuration blocks: gnssId per system, its L1 signal bit (sigCfgMask) and its tracking channels (M8 defaults). */
export const UBX_GNSS_BLOCKS = [
  { system: "gps", gnssId: 0, signal: 0x01, reserved: 8, max: 16 },
  { system: "sbas", gnssId: 1, signal: 0x01, reserved: 1, max: 3 },
  { system: "galileo", gnssId: 2, signal: 0x01, reserved: 4, max: 8 },
  { system: "beidou", gnssId: 3, signal: 0x01, reserved: 8, max: 16 },
  { system: "imes", gnssId: 4, signal: 0x01, reserved: 0, max: 8 },
  { system: "qzss", gnssId: 5, signal: 0x01, reserved: 0, max: 3 },
  { system: "glonass", gnssId: 6, signal: 0x01, reserved: 8, max: 14 },
] as const;

/** Configuration keys (generation 9+) gnsskit reads and writes, from the u-blox interface descriptions. */
export const UBX_KEYS = {
  "CFG-RATE-MEAS": 0x30210001,
  "CFG-RATE-NAV": 0x30210002,
  "CFG-UART1-BAUDRATE": 0x40520001,
  "CFG-NAVSPG-DYNMODEL": 0x20110021,
  "CFG-SIGNAL-GPS_ENA": 0x1031001f,
  "CFG-SIGNAL-GPS_L1CA_ENA": 0x10310001,
  "CFG-SIGNAL-SBAS_ENA": 0x10310020,
  "CFG-SIGNAL-SBAS_L1CA_ENA": 0x10310005,
  "CFG-SIGNAL-GAL_ENA": 0x10310021,
  "CFG-SIGNAL-GAL_E1_ENA": 0x10310007,
  "CFG-SIGNAL-BDS_ENA": 0x10310022,
  "CFG-SIGNAL-BDS_B1_ENA": 0x1031000d,
  "CFG-SIGNAL-QZSS_ENA": 0x10310024,
  "CFG-SIGNAL-QZSS_L1CA_ENA": 0x10310012,
  "CFG-SIGNAL-GLO_ENA": 0x10310025,
  "CFG-SIGNAL-GLO_L1_ENA": 0x10310018,
} as const;

/** Per system: its enable key and its L1 signal's key (both on for the system to be tracked). */
export const UBX_SIGNAL_KEYS: Readonly<Record<string, readonly [number, number]>> = {
  gps: [UBX_KEYS["CFG-SIGNAL-GPS_ENA"], UBX_KEYS["CFG-SIGNAL-GPS_L1CA_ENA"]],
  sbas: [UBX_KEYS["CFG-SIGNAL-SBAS_ENA"], UBX_KEYS["CFG-SIGNAL-SBAS_L1CA_ENA"]],
  galileo: [UBX_KEYS["CFG-SIGNAL-GAL_ENA"], UBX_KEYS["CFG-SIGNAL-GAL_E1_ENA"]],
  beidou: [UBX_KEYS["CFG-SIGNAL-BDS_ENA"], UBX_KEYS["CFG-SIGNAL-BDS_B1_ENA"]],
  qzss: [UBX_KEYS["CFG-SIGNAL-QZSS_ENA"], UBX_KEYS["CFG-SIGNAL-QZSS_L1CA_ENA"]],
  glonass: [UBX_KEYS["CFG-SIGNAL-GLO_ENA"], UBX_KEYS["CFG-SIGNAL-GLO_L1_ENA"]],
};

export type UbxPort = "uart1" | "usb";

/** CFG-MSGOUT key of each message on UART1; a port's key is the UART1 key plus its offset (I2C −1, UART2 +1, USB +2, SPI +3). */
const MSGOUT_UART1: Readonly<Record<string, number>> = {
  GGA: 0x209100bb,
  GLL: 0x209100ca,
  GSA: 0x209100c0,
  GSV: 0x209100c5,
  RMC: 0x209100ac,
  VTG: 0x209100b1,
  ZDA: 0x209100d9,
  "UBX-NAV-PVT": 0x20910007,
  "UBX-NAV-SAT": 0x20910016,
  "UBX-NAV-SIG": 0x20910346,
  "UBX-NAV-STATUS": 0x2091001b,
  "UBX-NAV-DOP": 0x20910039,
  "UBX-NAV-TIMEGPS": 0x20910048,
  "UBX-NAV-TIMEUTC": 0x2091005c,
  "UBX-NAV-HPPOSLLH": 0x20910034,
  "UBX-NAV-COV": 0x20910084,
  "UBX-MON-HW": 0x209101b5,
  "UBX-MON-RF": 0x2091035a,
  "UBX-RXM-SFRBX": 0x20910232,
};

export function ubxMsgoutKey(message: string, port: UbxPort): number | undefined {
  const uart1 = MSGOUT_UART1[message];
  return uart1 === undefined ? undefined : uart1 + (port === "usb" ? 2 : 0);
}

/** CFG-VALSET layers. */
export const UBX_LAYER_RAM = 0x01;
export const UBX_LAYER_BBR = 0x02;
export const UBX_LAYER_FLASH = 0x04;

/** Bytes of a key's value: bits 28–30 of the key (1 = one bit, stored in a byte); 0 for a key with no valid size. */
export function ubxKeySize(key: number): number {
  return [0, 1, 1, 2, 4, 8, 0, 0][(key >>> 28) & 7]!;
}

/** Key/value pairs in the VALSET/VALGET layout (little-endian keys and values). Throws RangeError for a key without a size. */
export function encodeUbxKeyValues(items: readonly (readonly [number, number])[]): Uint8Array {
  const bytes = new Uint8Array(items.reduce((n, [key]) => n + 4 + ubxKeySize(key), 0));
  let at = 0;
  for (const [key, value] of items) {
    const size = ubxKeySize(key);
    if (size === 0) throw new RangeError(`configuration key 0x${key.toString(16)} has no value size`);
    for (let i = 0; i < 4; i++) bytes[at + i] = (key >>> (8 * i)) & 0xff;
    at += 4;
    for (let i = 0; i < size; i++) bytes[at + i] = Math.floor(value / 2 ** (8 * i)) & 0xff;
    at += size;
  }
  return bytes;
}

/** The key/value pairs of a VALSET/VALGET body; undefined when cut short or a key has no size. */
export function decodeUbxKeyValues(bytes: Uint8Array): Map<number, number> | undefined {
  const out = new Map<number, number>();
  let at = 0;
  while (at < bytes.length) {
    if (at + 4 > bytes.length) return undefined;
    const key = (bytes[at]! | (bytes[at + 1]! << 8) | (bytes[at + 2]! << 16) | (bytes[at + 3]! << 24)) >>> 0;
    const size = ubxKeySize(key);
    if (size === 0 || at + 4 + size > bytes.length) return undefined;
    let value = 0;
    for (let i = 0; i < size; i++) value += bytes[at + 4 + i]! * 2 ** (8 * i);
    out.set(key, value);
    at += 4 + size;
  }
  return out;
}
