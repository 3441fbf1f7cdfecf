// Writing sentences: what each sentence file's encoder shares (field formats, the checksum). An encoder takes
// the values its decoder gives back (a Sentence without its frame facts), so decode(encode(values)) is
// values again, to the precision written (test/parsing/round-trip.test.ts); the simulator writes its
// receivers' sentences through these encoders, in each chip's habits (EncodeStyle).
import { withChecksum } from "../framing/checksum.js";
import type { Sentence } from "../types.js";

/** A sentence's values: what its decoder gives, without the frame it came in. */
export type SentenceValues<T extends Sentence> = Omit<T, "raw" | "checksum" | "receivedAtMs" | "system">;

/** A receiver's formatting habits (decimals, padding, units beside empty values), taken from their logs. */
export interface EncodeStyle {
  /** Decimals of the seconds of a time of day (u-blox 2, MediaTek 3) */
  timeDecimals: number;
  /** Decimals of the minutes of a latitude/longitude */
  latLonDecimals: number;
  /** Write a count on two digits (`04`): u-blox, SiRF */
  padCount: boolean;
  /** Write a unit (`M`) beside an empty value, as MediaTek does */
  unitsWhenEmpty: boolean;
}

export const DEFAULT_STYLE: EncodeStyle = { timeDecimals: 2, latLonDecimals: 5, padCount: true, unitsWhenEmpty: false };

export const pad = (n: number, width: number): string => String(n).padStart(width, "0");
export const fixed = (v: number | undefined, digits: number): string => (v === undefined ? "" : v.toFixed(digits));

/** ms since UTC midnight → `hhmmss.ss` (fraction truncated, as receivers print it). */
export function formatTimeOfDay(todMs: number | undefined, decimals: number): string {
  if (todMs === undefined) return "";
  const totalS = Math.floor(todMs / 1000);
  const base = `${pad(Math.floor(totalS / 3600) % 24, 2)}${pad(Math.floor(totalS / 60) % 60, 2)}${pad(totalS % 60, 2)}`;
  if (decimals === 0) return base;
  // integer steps: (570 / 1000) * 100 is 56.99999… in floating point, and .57 was written .56
  const ms = Math.floor(todMs) % 1000;
  const fraction = decimals >= 3 ? ms * 10 ** (decimals - 3) : Math.floor(ms / 10 ** (3 - decimals));
  return `${base}.${pad(fraction, decimals)}`;
}

/** UTC midnight (ms since 1970) → `ddmmyy`. */
export function formatDdmmyy(dateMs: number | undefined): string {
  if (dateMs === undefined) return "";
  const d = new Date(dateMs);
  return `${pad(d.getUTCDate(), 2)}${pad(d.getUTCMonth() + 1, 2)}${pad(d.getUTCFullYear() % 100, 2)}`;
}

/** Degrees → `ddmm.mmmm` (or `dddmm.mmmm`) and hemisphere; empty fields when undefined. */
export function formatAngle(deg: number | undefined, degreeDigits: 2 | 3, decimals: number, hemispheres: [string, string]): [string, string] {
  if (deg === undefined) return ["", ""];
  const hemisphere = deg < 0 ? hemispheres[1] : hemispheres[0];
  const scale = 10 ** decimals;
  // Round on the whole minutes value so 59.99995 carries into the degrees.
  const totalMinutesScaled = Math.round(Math.abs(deg) * 60 * scale);
  const degrees = Math.floor(totalMinutesScaled / (60 * scale));
  const minutes = (totalMinutesScaled - degrees * 60 * scale) / scale;
  return [`${pad(degrees, degreeDigits)}${minutes.toFixed(decimals).padStart(decimals + 3, "0")}`, hemisphere];
}

/** Latitude and longitude fields: `ddmm.mm,N,dddmm.mm,E`, all four empty without a position. */
export function formatPosition(latitudeDeg: number | undefined, longitudeDeg: number | undefined, style: EncodeStyle): string[] {
  if (latitudeDeg === undefined || longitudeDeg === undefined) return ["", "", "", ""];
  return [...formatAngle(latitudeDeg, 2, style.latLonDecimals, ["N", "S"]), ...formatAngle(longitudeDeg, 3, style.latLonDecimals, ["E", "W"])];
}

/** A count as the receiver writes it: `4` or `04`. */
export const formatCount = (n: number | undefined, style: EncodeStyle): string => (n === undefined ? "" : style.padCount ? pad(n, 2) : String(n));

/** Values with an undefined one left out: a sentence's optional values are absent, never undefined. */
export type Defined<T> = { [K in keyof T as undefined extends T[K] ? never : K]: T[K] } & {
  [K in keyof T as undefined extends T[K] ? K : never]?: Exclude<T[K], undefined>;
};
// a loop over the keys: the simulator encodes every sentence through here, and entries/filter/fromEntries was
// an eighth of a simulated hour's CPU
export function defined<T extends object>(values: T): Defined<T> {
  const kept: Record<string, unknown> = {};
  for (const key of Object.keys(values)) {
    const value = (values as Record<string, unknown>)[key];
    if (value !== undefined) kept[key] = value;
  }
  return kept as Defined<T>;
}

/** `--XXX,field,…` with its checksum. */
export const sentence = (address: string, fields: readonly string[]): string => withChecksum([address, ...fields].join(","));
