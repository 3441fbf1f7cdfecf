/*
 * The receive-time record format ("stamped log"): what `gnsskit record` writes and the framer reads back.
 *
 * A stamped log is the raw byte stream of the source, unchanged, with a receive-time prefix at line starts:
 *
 *     @2026-11-27T02:18:30.123Z $GPGGA,021830.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n
 *     @2026-11-27T02:18:30.131Z $GPRMC,...*hh\r\n
 *
 * - The prefix is exactly 26 characters: `@`, the time in ISO-8601 UTC with milliseconds as
 *   `Date.prototype.toISOString` prints it (`YYYY-MM-DDTHH:mm:ss.sssZ`, years 0000..9999), and one space.
 * - It may stand at the start of the input or right after a CR or LF byte. A writer puts one at the start of
 *   the file and after every LF (and may after a CR that ends a line on its own), with the receive time of the
 *   chunk that brought the line's first byte. It writes the prefix lazily, when that first byte arrives, so
 *   the time is true even when the line end came at the end of a chunk.
 * - A reader removes every prefix found at a line start, wherever it is (also inside a binary packet that
 *   happens to contain a LF byte), so the bytes left are exactly the bytes the source sent. From a prefix on,
 *   everything read takes that time as its receive time, until the next prefix.
 * - A line start that does not hold a valid prefix is plain data: unstamped logs read as they are, and a log
 *   may mix both (e.g. `#` comment lines without a prefix before the stamped data).
 */

import { FOUR_DIGIT_YEARS_FIRST_MS, FOUR_DIGIT_YEARS_LAST_MS, isoUtc } from "../iso-time.js";

/** Length of `@2026-11-27T02:18:30.123Z ` */
export const RECORD_PREFIX_LENGTH = 26;

const MS_PER_DAY = 86_400_000;

/**
 * Whether a receive time can stand in a prefix: a known time (not NaN) within the years 0000..9999
 * (toISOString switches to ±YYYYYY outside them, which the reader would not take back).
 */
export function isRecordableTime(receivedAtMs: number): boolean {
  const timeMs = Math.floor(receivedAtMs);
  return timeMs >= FOUR_DIGIT_YEARS_FIRST_MS && timeMs <= FOUR_DIGIT_YEARS_LAST_MS;
}

/** `@2026-11-27T02:18:30.123Z ` for a receive time in ms since 1970 (fractions of a ms are dropped). */
export function formatRecordPrefix(receivedAtMs: number): string {
  if (!isRecordableTime(receivedAtMs)) throw new RangeError(`record prefix: time ${receivedAtMs} is outside the years 0000..9999`);
  return `@${isoUtc(Math.floor(receivedAtMs))} `;
}

/** A line's receive time and the rest of the line, if the line starts with a record prefix. */
export function parseRecordPrefix(line: string): { receivedAtMs: number; rest: string } | undefined {
  const scanned = scanRecordPrefix(line, 0);
  if (typeof scanned !== "number") return undefined;
  return { receivedAtMs: scanned, rest: line.slice(RECORD_PREFIX_LENGTH) };
}

// `d` is a digit; any other character must match itself.
const PATTERN = "@dddd-dd-ddTdd:dd:dd.dddZ ";
const DIGIT = 100; // marker in PATTERN_CODES for "a digit here"
const PATTERN_CODES = Array.from(PATTERN, (char) => (char === "d" ? DIGIT : char.charCodeAt(0)));

/**
 * Reads a record prefix at `text[start]`: its time in ms, `"partial"` when the text ends before the prefix
 * could be told apart from other data (the caller waits for more input), `undefined` when it is not a prefix.
 */
export function scanRecordPrefix(text: string, start: number): number | "partial" | undefined {
  const available = Math.min(RECORD_PREFIX_LENGTH, text.length - start);
  for (let k = 0; k < available; k++) {
    const code = text.charCodeAt(start + k);
    const want = PATTERN_CODES[k];
    if (want === DIGIT ? code < 0x30 || code > 0x39 : code !== want) return undefined;
  }
  if (available < RECORD_PREFIX_LENGTH) return "partial";

  const year = readDigits(text, start + 1, 4);
  const month = readDigits(text, start + 6, 2);
  const day = readDigits(text, start + 9, 2);
  const hour = readDigits(text, start + 12, 2);
  const minute = readDigits(text, start + 15, 2);
  const second = readDigits(text, start + 18, 2);
  const millisecond = readDigits(text, start + 21, 3);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  if (hour > 23 || minute > 59 || second > 59) return undefined;
  return daysFromCivil(year, month, day) * MS_PER_DAY + ((hour * 60 + minute) * 60 + second) * 1000 + millisecond;
}

function readDigits(text: string, at: number, count: number): number {
  let value = 0;
  for (let k = 0; k < count; k++) value = value * 10 + text.charCodeAt(at + k) - 0x30;
  return value;
}

function isLeapYear(year: number): boolean {
  return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0);
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Days since 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil; Date.UTC maps years < 100 to 19xx). */
function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const shiftedMonth = (month + 9) % 12; // March = 0
  const dayOfYear = Math.floor((153 * shiftedMonth + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * 146_097 + dayOfEra - 719_468;
}
