// Byte encodings shared by the drivers: NMEA command lines (checksum computed) and UBX frames
// (8-bit Fletcher computed), plus the UTC/GPS time fields the aiding commands carry.

import { withChecksum } from "../../framing/checksum.js";
export { GPS_UTC_LEAP_SECONDS, gpsWeekTow } from "../../gps-time.js";

export { concatBytes } from "../../sources/bytes.js";
export { ubxChecksum, ubxFrame } from "../../framing/ubx.js";

const encoder = new TextEncoder();

/** `PMTK101` → the bytes of `$PMTK101*32\r\n`. */
export function nmeaCommand(body: string): Uint8Array {
  return encoder.encode(`${withChecksum(body)}\r\n`);
}

/** Several command lines as one write. */
export interface UtcFields {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  millisecond: number;
}

export function utcFields(utcMs: number): UtcFields {
  if (!Number.isFinite(utcMs)) throw new RangeError(`not a time: ${utcMs}`);
  const d = new Date(utcMs);
  return {
    year: d.getUTCFullYear(),
    month: d.getUTCMonth() + 1,
    day: d.getUTCDate(),
    hour: d.getUTCHours(),
    minute: d.getUTCMinutes(),
    second: d.getUTCSeconds(),
    millisecond: d.getUTCMilliseconds(),
  };
}

const two = (n: number): string => String(n).padStart(2, "0");

/** `2024,01,15,12,00,00`: the UTC field list of PMTK740/741 and PAIR590 (whole seconds). */
export function utcFieldList(utcMs: number): string {
  const t = utcFields(utcMs);
  return `${t.year},${two(t.month)},${two(t.day)},${two(t.hour)},${two(t.minute)},${two(t.second)}`;
}

export function isoSeconds(utcMs: number): string {
  return new Date(Math.floor(utcMs / 1000) * 1000).toISOString().replace(".000Z", "Z");
}

/** Fixed decimals without a trailing `-0`. */
export function fixed(value: number, decimals: number): string {
  const text = value.toFixed(decimals);
  return /^-0(\.0*)?$/.test(text) ? text.slice(1) : text;
}

export function checkPosition(position: { latitudeDeg: number; longitudeDeg: number; altitudeM: number; accuracyM?: number }): void {
  const { latitudeDeg, longitudeDeg, altitudeM, accuracyM } = position;
  if (!(Math.abs(latitudeDeg) <= 90) || !(Math.abs(longitudeDeg) <= 180) || !Number.isFinite(altitudeM)) {
    throw new RangeError(`not a position: ${latitudeDeg}, ${longitudeDeg}, ${altitudeM} m`);
  }
  if (accuracyM !== undefined && !(accuracyM > 0)) throw new RangeError(`accuracy must be positive, got ${accuracyM}`);
}

export const DEFAULT_AIDING_ACCURACY_M = 10_000;
