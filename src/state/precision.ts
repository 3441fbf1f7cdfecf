// Differential and RTK progress: DGPS, RTK float and RTK fixed as states with their own times, beside the fix
// machine (which says fixed/lost; this says how precise, since when, and how often RTK fixed was lost).
//
//   start ──▶ first DGPS ──▶ first RTK float ──▶ first RTK fixed (time to fixed) ──▶ fixed lost ⟲
//                   ▲ corrections' first arrival (the correction feed says when): the same times counted from it
//
// Pure, like the tracker that owns it: times come in as arguments, on the tracker's clock.
import type { FixQuality, PrecisionInfo, TrackerEvent } from "../types.js";
import { isCorrectedQuality } from "./fix-machine.js";

/** The qualities that have a first time of their own. */
export type PrecisionQuality = "dgps" | "rtk-float" | "rtk-fixed";

export interface PrecisionTracker {
  /** The TTFF start (source opened, restart commanded): the times count from here. Unknown start: undefined. */
  start(atMs: number | undefined): void;
  /** Correction bytes reached the receiver at `atMs`. */
  corrections(atMs: number): void;
  /** A completed epoch's quality (`none` without a fix) at `atMs`; its events go to `events`. */
  epoch(quality: FixQuality, hasFix: boolean, atMs: number, events: TrackerEvent[]): void;
  info(): PrecisionInfo;
}

/** Corrections that arrived this recently before a restart are still flowing: the restart is their arrival. */
const CORRECTIONS_FLOWING_MS = 10_000;

export function createPrecisionTracker(): PrecisionTracker {
  let startMs: number | undefined;
  let info: PrecisionInfo = { rtkFixedLosses: 0, msByQuality: {} };
  let previous: { quality: FixQuality; atMs: number } | undefined;
  /** Qualities whose first epoch since the start was seen (also without a known start). */
  const seen = new Set<PrecisionQuality>();

  const first = (quality: PrecisionQuality, atMs: number, events: TrackerEvent[]): void => {
    const key = quality === "dgps" ? "firstDgpsMs" : quality === "rtk-float" ? "firstRtkFloatMs" : "firstRtkFixedMs";
    if (seen.has(quality)) return;
    seen.add(quality);
    const event: Extract<TrackerEvent, { type: "first-precision" }> = { type: "first-precision", quality, atMs };
    if (startMs !== undefined) {
      info[key] = Math.max(0, atMs - startMs);
      event.sinceStartMs = info[key];
    }
    if (info.correctionsSinceMs !== undefined && quality !== "dgps") {
      const since = Math.max(0, atMs - info.correctionsSinceMs);
      if (quality === "rtk-float") info.rtkFloatAfterCorrectionsMs = since;
      else info.rtkFixedAfterCorrectionsMs = since;
      event.sinceCorrectionsMs = since;
    }
    events.push(event);
  };

  return {
    start(atMs) {
      const last = info.lastCorrectionsAtMs;
      startMs = atMs;
      info = { rtkFixedLosses: 0, msByQuality: {} };
      previous = undefined;
      seen.clear();
      if (last !== undefined) {
        info.lastCorrectionsAtMs = last;
        if (atMs !== undefined && atMs - last <= CORRECTIONS_FLOWING_MS) info.correctionsSinceMs = atMs;
      }
    },
    corrections(atMs) {
      info.correctionsSinceMs ??= atMs;
      info.lastCorrectionsAtMs = atMs;
    },
    epoch(quality, hasFix, atMs, events) {
      const shown: FixQuality = hasFix ? quality : "none";
      if (previous !== undefined && atMs > previous.atMs) {
        info.msByQuality[previous.quality] = (info.msByQuality[previous.quality] ?? 0) + (atMs - previous.atMs);
      }
      if (previous?.quality === "rtk-fixed" && shown !== "rtk-fixed") {
        info.rtkFixedLosses++;
        events.push({ type: "rtk-fixed-lost", to: shown, heldMs: atMs - (info.rtkFixedSinceMs ?? atMs), atMs });
        delete info.rtkFixedSinceMs;
      }
      if (shown === "rtk-fixed" && previous?.quality !== "rtk-fixed") info.rtkFixedSinceMs = atMs;
      // RTK implies differential corrections: a receiver that goes straight to float has its DGPS time then too.
      if (isCorrectedQuality(shown)) first("dgps", atMs, events);
      if (shown === "rtk-float" || shown === "rtk-fixed") first("rtk-float", atMs, events);
      if (shown === "rtk-fixed") first("rtk-fixed", atMs, events);
      previous = { quality: shown, atMs };
    },
    info: () => ({ ...info, msByQuality: { ...info.msByQuality } }),
  };
}
