// The field reader: straight-line decoders ask it for typed values by index and a human label.
// Empty (or absent) fields are `undefined`, never 0. A field that is present but not decodable gives
// `undefined` and reports a `field` diagnostic in go-nmea's words (`nmea: GLGSV invalid SNR: "A00"`);
// only the first one per sentence is reported (go-nmea keeps the first error), so one corrupt sentence
// counts once in the stats. Everything here works on char codes: no regexes, no exceptions, no Date.
import type { Diagnostic, Frame, TalkerSystem } from "../types.js";

/**
 * One sentence being decoded. The text is not split: `starts[i]`/`ends[i]` delimit field i (field 0 is the
 * address with `$`), and numbers are parsed straight from the text, so a GSV costs no substring per field.
 */
export interface FieldContext {
  text: string;
  /** Number of comma-separated fields, the address included (gpsd's count). */
  count: number;
  starts: Int32Array;
  ends: Int32Array;
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
  /** The fields as strings, made on first use (nmea-simple codecs and proprietary sentences need them). */
  split: string[] | undefined;
}

/** Field i as a string ("" when empty or absent). */
export function field(ctx: FieldContext, i: number): string {
  if (i >= ctx.count) return "";
  return ctx.text.slice(ctx.starts[i], ctx.ends[i]);
}

/** True when field i is absent or empty. */
export function isEmpty(ctx: FieldContext, i: number): boolean {
  return i >= ctx.count || ctx.starts[i] === ctx.ends[i];
}

/** All fields as strings, `[0]` being the address with `$` (nmea-simple's layout). */
export function allFields(ctx: FieldContext): string[] {
  if (ctx.split === undefined) {
    const fields = new Array<string>(ctx.count);
    for (let i = 0; i < ctx.count; i++) fields[i] = field(ctx, i);
    ctx.split = fields;
  }
  return ctx.split;
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

function invalidField(ctx: FieldContext, label: string, i: number): undefined {
  return ctx.reported ? undefined : invalid(ctx, label, field(ctx, i));
}

/** `[-+]digits[.digits]` in text[a, b) → number, NaN when malformed. Exact like parseFloat (integer / power of ten). */
export function parseDecimalRange(text: string, a: number, b: number): number {
  let i = a;
  let neg = false;
  let c = text.charCodeAt(a);
  if (c === 45) {
    neg = true;
    i++;
  } else if (c === 43) {
    i++;
  }
  let mantissa = 0;
  let digits = 0;
  let scale = 1;
  let dot = false;
  for (; i < b; i++) {
    c = text.charCodeAt(i);
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
  const v = digits > 15 ? Math.abs(Number(text.slice(a, b))) : mantissa / scale;
  return neg ? -v : v;
}

/** `[-+]digits` in text[a, b) → integer, NaN when malformed. */
export function parseIntegerRange(text: string, a: number, b: number): number {
  let i = a;
  let neg = false;
  const c0 = text.charCodeAt(a);
  if (c0 === 45) {
    neg = true;
    i++;
  } else if (c0 === 43) {
    i++;
  }
  if (i >= b) return Number.NaN;
  let v = 0;
  for (; i < b; i++) {
    const c = text.charCodeAt(i);
    if (c < 48 || c > 57) return Number.NaN;
    v = v * 10 + (c - 48);
  }
  return neg ? -v : v;
}

/** `[-+]digits` → integer, NaN when malformed. */
export function parseInteger(s: string): number {
  return parseIntegerRange(s, 0, s.length);
}

/** A decimal number in [min, max]. */
export function readNumber(ctx: FieldContext, i: number, label: string, min: number, max: number): number | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  const v = parseDecimalRange(ctx.text, a, b);
  if (v >= min && v <= max) return v;
  return invalidField(ctx, label, i);
}

/** An integer (no decimal point) in [min, max]. */
export function readInteger(ctx: FieldContext, i: number, label: string, min: number, max: number): number | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  const v = parseIntegerRange(ctx.text, a, b);
  if (v >= min && v <= max) return v;
  return invalidField(ctx, label, i);
}

/** True when field i is a well-formed decimal in range (used to vet values nmea-simple decoded). */
export function isDecimalField(ctx: FieldContext, i: number, label: string, min: number, max: number): boolean {
  return readNumber(ctx, i, label, min, max) !== undefined;
}

/** A one-character field among `allowed` (e.g. "AV"); anything else is invalid. */
export function readLetter(ctx: FieldContext, i: number, label: string, allowed: string): string | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  if (b - a === 1) {
    const ch = ctx.text.charAt(a);
    if (allowed.includes(ch)) return ch;
  }
  return invalidField(ctx, label, i);
}

/** Non-empty text field as sent. */
export function readText(ctx: FieldContext, i: number): string | undefined {
  return isEmpty(ctx, i) ? undefined : field(ctx, i);
}

/**
 * `hhmmss[.s…]` → ms since UTC midnight, with every fractional digit kept (`.125` → 125 ms, `.1234` → 123.4 ms).
 * Hours 0–23, minutes 0–59, seconds 0–60 (a leap second is legal).
 */
export function readTimeOfDay(ctx: FieldContext, i: number, label = "time"): number | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  const v = parseTimeOfDayRange(ctx.text, a, b);
  return Number.isNaN(v) ? invalidField(ctx, label, i) : v;
}

function parseTimeOfDayRange(text: string, a: number, b: number): number {
  if (b - a < 6) return Number.NaN;
  let hms = 0;
  for (let k = a; k < a + 6; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return Number.NaN;
    hms = hms * 10 + (c - 48);
  }
  const hh = Math.floor(hms / 10000);
  const mm = Math.floor(hms / 100) % 100;
  const ss = hms % 100;
  if (hh > 23 || mm > 59 || ss > 60) return Number.NaN;
  let ms = ((hh * 60 + mm) * 60 + ss) * 1000;
  if (b - a > 6) {
    if (text.charCodeAt(a + 6) !== 46) return Number.NaN;
    let frac = 0;
    let scale = 1;
    for (let k = a + 7; k < b; k++) {
      const c = text.charCodeAt(k);
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

/** A two-digit year as gpsd reads RMC's: yy < 80 → 20yy, else 19yy (undefined stays undefined). */
export function pivotYear(yy: number | undefined): number | undefined {
  return yy === undefined ? undefined : yy < 80 ? 2000 + yy : 1900 + yy;
}

/**
 * RMC `ddmmyy` → UTC midnight in ms. Two-digit years pivot like gpsd (century 2000, wrapped back at 2080):
 * yy < 80 → 20yy, else 19yy. Month 1–12 and a day that exists in that month.
 */
export function readDdmmyy(ctx: FieldContext, i: number, label = "date"): number | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  if (b - a !== 6) return invalidField(ctx, label, i);
  let v = 0;
  for (let k = a; k < b; k++) {
    const c = ctx.text.charCodeAt(k);
    if (c < 48 || c > 57) return invalidField(ctx, label, i);
    v = v * 10 + (c - 48);
  }
  const dd = Math.floor(v / 10000);
  const mm = Math.floor(v / 100) % 100;
  const yy = v % 100;
  const ms = utcMidnightMs(pivotYear(yy) as number, mm, dd);
  return Number.isNaN(ms) ? invalidField(ctx, label, i) : ms;
}

/**
 * NMEA `[d]ddmm.mmmm` + hemisphere → signed degrees. The decimal point is required (gpsd's rule; nmea-simple
 * turns a dot-less value into 0). Minutes < 60, or exactly 60 (`01760.000`: a formatter that rounded 17°59.9996'
 * without carrying the degree; read as 18°00', as gpsd reads it, with a `field` diagnostic); |latitude| ≤ 90,
 * |longitude| ≤ 180. An empty value → undefined; a value without a valid hemisphere is invalid.
 */
export function readCoordinate(ctx: FieldContext, i: number, isLatitude: boolean): number | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  const deg = parseNmeaDegreesRange(ctx.text, a, b);
  if (Number.isNaN(deg) || deg > (isLatitude ? 90 : 180)) return invalidField(ctx, isLatitude ? "latitude" : "longitude", i);
  if (deg === CARRIED_MINUTES) return carriedDegree(ctx, i, isLatitude);
  return readHemisphere(ctx, i, isLatitude, deg);
}

/** `deg` signed by the hemisphere field after field i (N/S, E/W); invalid without one. */
function readHemisphere(ctx: FieldContext, i: number, isLatitude: boolean, deg: number): number | undefined {
  let hemisphere = 0;
  if (i + 1 < ctx.count && (ctx.ends[i + 1] as number) - (ctx.starts[i + 1] as number) === 1) {
    hemisphere = ctx.text.charCodeAt(ctx.starts[i + 1] as number);
  }
  if (isLatitude) {
    if (hemisphere === 78) return deg; // N
    if (hemisphere === 83) return -deg; // S
  } else {
    if (hemisphere === 69) return deg; // E
    if (hemisphere === 87) return -deg; // W
  }
  return invalidField(ctx, isLatitude ? "latitude hemisphere" : "longitude hemisphere", i + 1);
}

/** Whether field i holds a coordinate that readCoordinate could not read (present, not empty). */
export function coordinateUnreadable(ctx: FieldContext, i: number, value: number | undefined): boolean {
  return value === undefined && !isEmpty(ctx, i);
}

/** parseNmeaDegreesRange's answer for minutes of exactly 60 (the degrees are read again by carriedDegree). */
const CARRIED_MINUTES = -1;

/** `01760.000` → 18°00': the degree a formatter's rounding did not carry, said in a diagnostic (not `reported`). */
function carriedDegree(ctx: FieldContext, i: number, isLatitude: boolean): number | undefined {
  const text = field(ctx, i);
  const deg = Math.floor(Number.parseInt(text, 10) / 100) + 1;
  const label = isLatitude ? "latitude" : "longitude";
  if (deg > (isLatitude ? 90 : 180)) return invalidField(ctx, label, i);
  ctx.onDiagnostic({
    kind: "field",
    message: `nmea: ${ctx.address} ${label} "${text}" has 60 minutes: read as ${deg}°00'`,
    raw: cutRaw(ctx.frame.text),
    sentenceId: ctx.sentenceId,
    field: label,
    value: text,
    receivedAtMs: ctx.frame.receivedAtMs,
  });
  return readHemisphere(ctx, i, isLatitude, deg);
}

// Integer minutes come from the digits, not from a floating-point subtraction (gpsd's decode_lat_or_lon).
function parseNmeaDegreesRange(text: string, a: number, b: number): number {
  let whole = 0;
  let k = a;
  for (; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c === 46) break;
    if (c < 48 || c > 57) return Number.NaN;
    whole = whole * 10 + (c - 48);
  }
  if (k === a || k >= b) return Number.NaN;
  let frac = 0;
  let scale = 1;
  for (k++; k < b; k++) {
    const c = text.charCodeAt(k);
    if (c < 48 || c > 57) return Number.NaN;
    if (scale < 1e12) {
      frac = frac * 10 + (c - 48);
      scale *= 10;
    }
  }
  const degrees = Math.floor(whole / 100);
  const minutes = (whole % 100) + frac / scale;
  if (minutes === 60) return CARRIED_MINUTES;
  if (minutes > 60) return Number.NaN;
  return degrees + minutes / 60;
}

/** A single hexadecimal digit (NMEA 4.10 signal id) → 0–15. */
export function readHexDigit(ctx: FieldContext, i: number, label: string): number | undefined {
  if (i >= ctx.count) return undefined;
  const a = ctx.starts[i] as number;
  const b = ctx.ends[i] as number;
  if (a === b) return undefined;
  if (b - a === 1) {
    const c = ctx.text.charCodeAt(a);
    if (c >= 48 && c <= 57) return c - 48;
    if (c >= 65 && c <= 70) return c - 55;
    if (c >= 97 && c <= 102) return c - 87;
  }
  return invalidField(ctx, label, i);
}
