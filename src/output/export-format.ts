// Number, time and text formatting shared by the export writers (CSV, GPX, GeoJSON, KML).
// Fixed decimals keep files diff-stable; nothing non-finite is ever written.

import { isoUtc } from "../iso-time.js";
import type { Epoch } from "../types.js";

/** Decimals per kind of value: lat/lon 9 (≈0.1 mm), metres 3, speeds 3, angles 2, DOP 2. */
export const DECIMALS = { degrees: 9, metres: 3, speed: 3, angle: 2, dop: 2, seconds: 1 } as const;

/** `value` with `decimals` fixed digits, or undefined when it is not a finite number. Never `-0.000`. */
export function formatFixed(value: number | undefined, decimals: number): string | undefined {
  if (value === undefined || !Number.isFinite(value)) return undefined;
  const text = value.toFixed(decimals);
  // toFixed keeps the sign of tiny negatives: -0.0000000001 → "-0.000000000"
  return /^-0\.?0*$/.test(text) ? text.slice(1) : text;
}

/** ISO 8601 UTC with milliseconds, or undefined for an unknown or out-of-range time. */
export function formatIsoTime(timeMs: number | undefined): string | undefined {
  if (timeMs === undefined || !Number.isFinite(timeMs)) return undefined;
  // the range Date takes (±8.64e15 ms): beyond it isoUtc, as toISOString, throws
  return Math.abs(timeMs) > 8.64e15 ? undefined : isoUtc(timeMs);
}

/** `hh:mm:ss.sss` for a UTC time of day in ms. */
export function formatTimeOfDay(timeOfDayMs: number | undefined): string | undefined {
  if (timeOfDayMs === undefined || !Number.isFinite(timeOfDayMs) || timeOfDayMs < 0) return undefined;
  return isoUtc(timeOfDayMs % 86_400_000).slice(11, 23);
}

const XML_ESCAPES: Record<string, string> = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&apos;" };

/** Text safe in XML content and attributes; characters XML 1.0 forbids are dropped. */
export function escapeXml(text: string): string {
  return (
    text
      // biome-ignore lint/suspicious/noControlCharactersInRegex: XML 1.0 forbids these characters
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, "")
      .replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
  );
}

/**
 * Whether the epoch's altitude is a measurement: a 3D fix's. A 2D fix is solved on a height the receiver holds
 * (its GSA says mode 2; epoch-merge.ts `dimension` calls a "2D" fix whose altitude moves 3D), so its GGA's altitude
 * is that held height, not measured: every writer and the report leave it out, as gpsd's TPV does.
 */
export function altitudeMeasured(epoch: Pick<Epoch, "mode">): boolean {
  return epoch.mode === "3d";
}

/** A position an export can place: a fix (2D/3D) with finite, in-range latitude and longitude. */
export function hasPosition(epoch: Epoch): epoch is Epoch & { latitudeDeg: number; longitudeDeg: number } {
  const { latitudeDeg: lat, longitudeDeg: lon } = epoch;
  return (
    epoch.mode !== "none" &&
    lat !== undefined &&
    lon !== undefined &&
    Number.isFinite(lat) &&
    Number.isFinite(lon) &&
    Math.abs(lat) <= 90 &&
    Math.abs(lon) <= 180
  );
}

/** Longitude in [-180, 180) after rounding to `decimals` (GPX's longitudeType excludes +180). */
export function wrapLongitude(lonDeg: number, decimals: number): number {
  const rounded = Number(lonDeg.toFixed(decimals));
  return rounded >= 180 ? rounded - 360 : rounded;
}
