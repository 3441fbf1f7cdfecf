// Little-endian field readers over a UBX payload (u-blox: U1/I1/U2/I2/U4/I4/X*), and what every decoder
// shares: its context (receive time, iTOW → cycle time of day), GPS week and time → UTC, and the answer for a payload it cannot read.
// The framer and decoder have checked the length against the message's minimum before a decoder runs.

import { GPS_EPOCH_MS, GPS_WEEK_MS } from "../../gps-time.js";

export const u1 = (p: Uint8Array, at: number): number => p[at] as number;
export const i1 = (p: Uint8Array, at: number): number => ((p[at] as number) << 24) >> 24;
export const u2 = (p: Uint8Array, at: number): number => (p[at] as number) | ((p[at + 1] as number) << 8);
export const i2 = (p: Uint8Array, at: number): number => (u2(p, at) << 16) >> 16;
export const i4 = (p: Uint8Array, at: number): number =>
  (p[at] as number) | ((p[at + 1] as number) << 8) | ((p[at + 2] as number) << 16) | ((p[at + 3] as number) << 24);
export const u4 = (p: Uint8Array, at: number): number => i4(p, at) >>> 0;
/** Bit `bit` of a flags value. */
export const bit = (flags: number, n: number): boolean => ((flags >>> n) & 1) === 1;

/** A zero-terminated (or field-filling) ASCII string of `length` bytes, as MON-VER and INF carry them. */
export function asciiField(p: Uint8Array, at: number, length: number): string {
  let text = "";
  for (let k = at; k < at + length && k < p.length; k++) {
    const c = p[k] as number;
    if (c === 0) break;
    text += String.fromCharCode(c);
  }
  return text;
}

export const DAY_MS = 86_400_000;
export const mod = (value: number, by: number): number => ((value % by) + by) % by;

/** GPS week, time of week (ms, and its ns fraction) less GPS − UTC → UTC, ms since 1970 (NAV-SOL, NAV-TIMEGPS). */
export const gpsTimeToUtcMs = (week: number, towMs: number, fTOWNs: number, leapMs: number): number =>
  GPS_EPOCH_MS + week * GPS_WEEK_MS + towMs + Math.round(fTOWNs / 1e6) - leapMs;

/** A UTC time as a message carries it: the day's start and the time of day, ms. */
export function setUtcTime(m: { dateMs?: number; timeOfDayMs?: number }, utcMs: number): void {
  m.dateMs = Math.floor(utcMs / DAY_MS) * DAY_MS;
  m.timeOfDayMs = utcMs - m.dateMs;
}

/** What a decoder gets besides the payload. */
export interface UbxContext {
  receivedAtMs: number;
}

/** A navigation message's cycleTimeOfDayMs until the decoder (decoder.ts) sets it from its iTOW. */
export const CYCLE_TIME_LATER = 0;

/** A payload whose content does not fit its message's layout: the decoder says why (one diagnostic line). */
export class UbxLayoutError {
  constructor(readonly message: string) {}
}
