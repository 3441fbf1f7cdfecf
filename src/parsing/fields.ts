// The field reader: straight-line decoders ask it for typed values by index and a human label.
// Empty (or absent) fields are `undefined`, never 0. A field that is present but not decodable gives
// `undefined` and reports a `field` diagnostic in go-nmea's words (`nmea: GLGSV invalid SNR: "A00"`);
// only the first one per sentence is reported (go-nmea keeps the first error), so one corrupt sentence
// counts once in the stats. Everything here works on char codes: no regexes, no exceptions, no Date.
import type { Diagnostic, Frame, TalkerSystem } from "../types.js";

/** One sentence being decoded: its fields (split once, `fields[0]` is the address with `$`) and where to report. */
export interface FieldContext {
  fields: string[];
  /** Address without the start character, e.g. `GLGSV`, `PMTK001` (used in messages). */
  address: string;
  /** Registry id, e.g. `GSV`, `PMTK`. */
  sentenceId: string;
  /** Talker as sent (`GP`, `GN`, `PQ`…; `P` for proprietary) and what it says about the system. */
  talker: string;
  system: TalkerSystem;
  frame: Frame;
  onDiagnostic: (d: Diagnostic) => void;
  /** A field diagnostic was already reported for this sentence. */
  reported: boolean;
}

const RAW_MAX = 120;

export function cutRaw(text: string): string {
  return text.length > RAW_MAX ? `${text.slice(0, RAW_MAX)}…` : text;
}

/** Report a present-but-undecodable field (first one per sentence only). */
export function invalid(ctx: FieldContext, label: string, value: string): undefined {
  if (!ctx.reported) {
    ctx.reported = true;
    ctx.onDiagnostic({
      kind: "field",
      message: `nmea: ${ctx.address} invalid ${label}: "${value}"`,
      raw: cutRaw(ctx.frame.text),
      sentenceId: ctx.sentenceId,
      field: label,
      value,
      receivedAtMs: ctx.frame.receivedAtMs,
    });
  }
  return undefined;
}

/** `[-+]digits[.digits]` → number, NaN when malformed. Exact like parseFloat (integer mantissa / power of ten). */
export function parseDecimal(s: string): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  let c = s.charCodeAt(0);
  if (c === 45) {
    neg = true;
    i = 1;
  } else if (c === 43) {
    i = 1;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 1;
  let dot = false;
  for (; i < n; i++) {
    c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      mantissa = mantissa * 10 + (c - 48);
      digits++;
      if (dot) scale *= 10;
    } else if (c === 46 && !dot) {
      dot = true;
    } else {
      return Number.NaN;
    }
  }
  if (digits === 0) return Number.NaN;
  // Beyond 15 digits the mantissa may not be exact: let the engine round (the format is already validated).
  const v = digits > 15 ? Number(s) : mantissa / scale;
  return neg ? -Math.abs(v) : v;
}

/** `[-+]digits` → integer, NaN when malformed. */
export function parseInteger(s: string): number {
  const n = s.length;
  let i = 0;
  let neg = false;
  const c0 = s.charCodeAt(0);
  if (c0 === 45) {
    neg = true;
    i = 1;
  } else if (c0 === 43) {
    i = 1;
  }
  if (i >= n) return Number.NaN;
  let v = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** A decimal number in [min, max]. */
export function readNumber(ctx: FieldContext, i: number, label: string, min: number, max: number): number | undefined {
  const s = ctx.fields[i];
  if (s === undefined || s === "") return undefined;
  const v = parseDecimal(s);
  if (v >= min && v <= max) return v;
  return invalid(ctx, label, s);
}

/** An integer (no decimal point) in [min, max]. */
export function readInteger(ctx: FieldContext, i: number, label: string, min: number, max: number): number | undefined {
  const s = ctx.fields[i];
  if (s === undefined || s === "") return undefined;
  const v = parseInteger(s);
  if (v >= min && v <= max) return v;
  return invalid(ctx, label, s);
}

/** True when field i is a well-formed decimal (used to vet values nmea-simple decoded). */
export function isDecimalField(ctx: FieldContext, i: number, label: string, min: number, max: number): boolean {
  return readNumber(ctx, i, label, min, max) !== undefined;
}

/** A one-character field among `allowed` (e.g. "AV"); anything else is invalid. */
export function readLetter(ctx: FieldContext, i: number, label: string, allowed: string): string | undefined {
  const s = ctx.fields[i];
  if (s === undefined || s === "") return undefined;
  if (s.length === 1 && allowed.includes(s)) return s;
  return invalid(ctx, label, s);
}

/** Non-empty text field as sent. */
export function readText(ctx: FieldContext, i: number): string | undefined {
  const s = ctx.fields[i];
  return s === undefined || s === "" ? undefined : s;
}

/**
 * `hhmmss[.s…]` → ms since UTC midnight, with every fractional digit kept (`.125` → 125 ms, `.1234` → 123.4 ms).
 * Hours 0–23, minutes 0–59, seconds 0–60 (a leap second is legal).
 */
export function readTimeOfDay(ctx: FieldContext, i: number, label = "time"): number | undefined {
  const s = ctx.fields[i];
  if (s === undefined || s === "") return undefined;
  const v = parseTimeOfDay(s);
  return Number.isNaN(v) ? invalid(ctx, label, s) : v;
}

export function parseTimeOfDay(s: string): number {
  const n = s.length;
  if (n < 6) return Number.NaN;
  let hms = 0;
  for (let k = 0; k < 6; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return Number.NaN;
    hms = hms * 10 + (c - 48);
  }
  const hh = Math.floor(hms / 10000);
  const mm = Math.floor(hms / 100) % 100;
  const ss = hms % 100;
  if (hh > 23 || mm > 59 || ss > 60) return Number.NaN;
  let ms = ((hh * 60 + mm) * 60 + ss) * 1000;
  if (n > 6) {
    if (s.charCodeAt(6) !== 46) return Number.NaN;
    let frac = 0;
    let scale = 1;
    for (let k = 7; k < n; k++) {
      const c = s.charCodeAt(k);
      if (c < 48 || c > 57) return Number.NaN;
      if (scale < 1e9) {
        frac = frac * 10 + (c - 48);
        scale *= 10;
      }
    }
    if (scale > 1) ms += (frac * 1000) / scale;
  }
  return ms;
}

/** Days in a month (1–12) of a proleptic Gregorian year. */
function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** UTC midnight of a calendar date in ms, NaN when the date does not exist. `Date.UTC` allocates nothing. */
export function utcMidnightMs(year: number, month: number, day: number): number {
  if (!(month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return Number.NaN;
  return Date.UTC(year, month - 1, day);
}

/**
 * RMC `ddmmyy` → UTC midnight in ms. Two-digit years pivot like gpsd (century 2000, wrapped back at 2080):
 * yy < 80 → 20yy, else 19yy. Month 1–12 and a day that exists in that month.
 */
export function readDdmmyy(ctx: FieldContext, i: number, label = "date"): number | undefined {
  const s = ctx.fields[i];
  if (s === undefined || s === "") return undefined;
  if (s.length !== 6) return invalid(ctx, label, s);
  const v = parseInteger(s);
  if (!(v >= 0) || s.charCodeAt(0) === 45 || s.charCodeAt(0) === 43) return invalid(ctx, label, s);
  const dd = Math.floor(v / 10000);
  const mm = Math.floor(v / 100) % 100;
  const yy = v % 100;
  const ms = utcMidnightMs(yy < 80 ? 2000 + yy : 1900 + yy, mm, dd);
  return Number.isNaN(ms) ? invalid(ctx, label, s) : ms;
}

/**
 * NMEA `[d]ddmm.mmmm` + hemisphere → signed degrees. The decimal point is required (gpsd's rule; nmea-simple
 * turns a dot-less value into 0). Minutes < 60; |latitude| ≤ 90, |longitude| ≤ 180. Both fields empty →
 * undefined; a value without a valid hemisphere is invalid.
 */
export function readCoordinate(ctx: FieldContext, i: number, isLatitude: boolean): number | undefined {
  const s = ctx.fields[i];
  const h = ctx.fields[i + 1];
  if (s === undefined || s === "") return undefined;
  const label = isLatitude ? "latitude" : "longitude";
  const deg = parseNmeaDegrees(s);
  if (Number.isNaN(deg) || deg > (isLatitude ? 90 : 180)) return invalid(ctx, label, s);
  if (isLatitude) {
    if (h === "N") return deg;
    if (h === "S") return -deg;
  } else {
    if (h === "E") return deg;
    if (h === "W") return -deg;
  }
  return invalid(ctx, `${label} hemisphere`, h ?? "");
}

/** `dddmm.mmmm` → unsigned degrees (NaN when malformed). Integer minutes come from the digits, not from a subtraction. */
export function parseNmeaDegrees(s: string): number {
  const n = s.length;
  let whole = 0;
  let k = 0;
  for (; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c === 46) break;
    if (c < 48 || c > 57) return Number.NaN;
    whole = whole * 10 + (c - 48);
  }
  if (k === 0 || k >= n) return Number.NaN;
  let frac = 0;
  let scale = 1;
  for (k++; k < n; k++) {
    const c = s.charCodeAt(k);
    if (c < 48 || c > 57) return Number.NaN;
    if (scale < 1e12) {
      frac = frac * 10 + (c - 48);
      scale *= 10;
    }
  }
  const degrees = Math.floor(whole / 100);
  const minutes = (whole % 100) + frac / scale;
  if (minutes >= 60) return Number.NaN;
  return degrees + minutes / 60;
}

/** A single hexadecimal digit (NMEA 4.10 signal id) → 0–15. */
export function readHexDigit(ctx: FieldContext, i: number, label: string): number | undefined {
  const s = ctx.fields[i];
  if (s === undefined || s === "") return undefined;
  if (s.length === 1) {
    const c = s.charCodeAt(0);
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 65 && c <= 70) return c - 55;
    if (c >= 97 && c <= 102) return c - 87;
  }
  return invalid(ctx, label, s);
}
