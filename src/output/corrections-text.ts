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
 * The precision line: `RTK` and `RTK fixed after 42.0 s (31.0 s after the corrections), RTK float after 8.0 s, DGPS
 * after 3.0 s; RTK fixed lost 1×`; `DGPS` and `first after 3.0 s` where no RTK solution came (a DGPS or SBAS
 * receiver: its line does not say RTK); undefined when no epoch was better than a plain fix. Without a known start
 * (a log begun with a fix) it names what came: `RTK fixed and DGPS seen, but no known start to time the first from`.
 */
export function precisionLine(precision: PrecisionInfo): { label: "RTK" | "DGPS"; text: string } | undefined {
  const ms = (q: "dgps" | "rtk-float" | "rtk-fixed"): number => precision.msByQuality[q] ?? 0;
  const rtk =
    precision.firstRtkFixedMs !== undefined ||
    precision.firstRtkFloatMs !== undefined ||
    ms("rtk-fixed") > 0 ||
    ms("rtk-float") > 0 ||
    precision.rtkFixedSinceMs !== undefined ||
    precision.rtkFixedLosses > 0;
  if (!rtk && precision.firstDgpsMs === undefined && ms("dgps") === 0) return undefined;
  const parts: string[] = [];
  const first = (label: string, sinceStartMs: number | undefined, afterCorrectionsMs: number | undefined): void => {
    if (sinceStartMs === undefined && afterCorrectionsMs === undefined) return;
    const start = sinceStartMs === undefined ? "" : ` after ${formatDuration(sinceStartMs)}`;
    const corrections = afterCorrectionsMs === undefined ? "" : ` (${formatDuration(afterCorrectionsMs)} after the corrections)`;
    parts.push(`${label}${start}${corrections}`);
  };
  first("RTK fixed", precision.firstRtkFixedMs, precision.rtkFixedAfterCorrectionsMs);
  first("RTK float", precision.firstRtkFloatMs, precision.rtkFloatAfterCorrectionsMs);
  first(rtk ? "DGPS" : "first", precision.firstDgpsMs, undefined);
  if (parts.length === 0) {
    const kinds = [
      ...(precision.rtkFixedSinceMs !== undefined || ms("rtk-fixed") > 0 || precision.rtkFixedLosses > 0 ? ["RTK fixed"] : []),
      ...(ms("rtk-float") > 0 ? ["RTK float"] : []),
      ...(ms("dgps") > 0 ? ["DGPS"] : []),
    ];
    const seen = rtk && kinds.length > 0 ? `${kinds.length > 1 ? `${kinds.slice(0, -1).join(", ")} and ${kinds.at(-1)}` : kinds[0]} seen` : "seen";
    parts.push(`${seen}, but no known start to time the first from`);
  }
  const losses = precision.rtkFixedLosses > 0 ? `; RTK fixed lost ${precision.rtkFixedLosses}×` : "";
  return { label: rtk ? "RTK" : "DGPS", text: `${parts.join(", ")}${losses}` };
}
