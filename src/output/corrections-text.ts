// Corrections and RTK progress in words, the same in monitor, the end-of-run summary, ttff and report.

import type { PrecisionInfo } from "../types.js";
import { formatBytes, formatCount, formatDuration } from "./format.js";

/** What a correction feed delivered (src/corrections/feed.ts CorrectionStats, as far as the text needs it). */
export interface CorrectionFigures {
  bytesReceived: number;
  framesForwarded: number;
  corruptFrames: number;
  skippedBytes: number;
  framesByType: Record<number, number>;
  bytesPerMinute: number;
  ageMs?: number;
  ggaSent?: number;
}

/** `1077 ×30, 1087 ×30, 1005 ×3 and 2 more types`: the most frequent first. */
export function messageTypesText(framesByType: Record<number, number>, most = 6): string {
  const entries = Object.entries(framesByType)
    .map(([type, count]) => [Number(type), count] as const)
    .sort((a, b) => b[1] - a[1] || a[0] - b[0]);
  const shown = entries.slice(0, most).map(([type, count]) => `${type} ×${count}`);
  const rest = entries.length - shown.length;
  return rest > 0 ? `${shown.join(", ")} and ${formatCount(rest, "more type")}` : shown.join(", ");
}

/** `12.3 kB (4.1 kB/min), age 0.8 s, 345 frames (1077 ×30, …), 1 corrupt (dropped), 3 GGA sent` */
export function correctionFiguresText(figures: CorrectionFigures): string {
  const parts = [`${formatBytes(figures.bytesReceived)} (${formatBytes(figures.bytesPerMinute)}/min)`];
  if (figures.ageMs !== undefined) parts.push(`age ${formatDuration(figures.ageMs)}`);
  const types = messageTypesText(figures.framesByType);
  parts.push(`${formatCount(figures.framesForwarded, "frame")} forwarded${types === "" ? "" : ` (${types})`}`);
  if (figures.corruptFrames > 0) parts.push(`${figures.corruptFrames} corrupt (dropped)`);
  if (figures.skippedBytes > 0) parts.push(`${formatBytes(figures.skippedBytes)} not RTCM 3 (dropped)`);
  if (figures.ggaSent !== undefined && figures.ggaSent > 0) parts.push(`${figures.ggaSent} GGA sent`);
  return parts.join(", ");
}

/**
 * `RTK fixed after 42.0 s (31.0 s after the corrections), float after 8.0 s, DGPS after 3.0 s; fixed lost 1×`;
 * undefined when no epoch was better than a plain fix. `fixedSinceMs`: how long the current RTK fixed has lasted.
 */
export function precisionText(precision: PrecisionInfo): string | undefined {
  const parts: string[] = [];
  const first = (label: string, sinceStartMs: number | undefined, afterCorrectionsMs: number | undefined): void => {
    if (sinceStartMs === undefined && afterCorrectionsMs === undefined) return;
    const start = sinceStartMs === undefined ? "" : ` after ${formatDuration(sinceStartMs)}`;
    const corrections = afterCorrectionsMs === undefined ? "" : ` (${formatDuration(afterCorrectionsMs)} after the corrections)`;
    parts.push(`${label}${start}${corrections}`);
  };
  first("RTK fixed", precision.firstRtkFixedMs, precision.rtkFixedAfterCorrectionsMs);
  first("RTK float", precision.firstRtkFloatMs, precision.rtkFloatAfterCorrectionsMs);
  first("DGPS", precision.firstDgpsMs, undefined);
  const seen = (["dgps", "rtk-float", "rtk-fixed"] as const).some((q) => (precision.msByQuality[q] ?? 0) > 0) || precision.rtkFixedSinceMs !== undefined;
  if (parts.length === 0 && !seen && precision.rtkFixedLosses === 0) return undefined;
  if (parts.length === 0) parts.push("differential or RTK epochs, but no time from a known start");
  const losses = precision.rtkFixedLosses > 0 ? `; RTK fixed lost ${precision.rtkFixedLosses}×` : "";
  return `${parts.join(", ")}${losses}`;
}
