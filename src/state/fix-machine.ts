// The fix-state machine: one transition function over the FixState union (style.md §3.4).
//
//   idle ──open──▶ searching ──fix──▶ fixed(mode, quality) ──no-fix / stale / non-gnss──▶ lost ──fix──▶ fixed
//                      │  ▲                                                                          │
//                      │  └──────────────────────── open (restart) from any state ◀─────────────────┘
//                      └──non-gnss──▶ non-gnss(mode, quality) ──fix──▶ fixed
//
// "fix" here is a qualifying fix (domain.md §2.2). Dead-reckoning, manual or simulated solutions are
// `non-gnss`: a position the receiver reports but did not solve from satellites. Searching receivers that
// report one (a receiver in its own simulator mode) are in state non-gnss, not searching; a fixed receiver
// that goes on dead reckoning has lost its fix (reason non-gnss).
import type { FixQuality, FixState, NonGnssQuality } from "../types.js";

/** Dead reckoning, a manual or time-only position, the receiver's simulator: reported positions, not GNSS fixes. */
const NON_GNSS_QUALITIES: ReadonlySet<string> = new Set<NonGnssQuality>(["dead-reckoning", "manual", "time-only", "simulated"]);
export const isNonGnssQuality = (quality: string): quality is NonGnssQuality => NON_GNSS_QUALITIES.has(quality);

/** A fix that used corrections (DGPS, RTK float or fixed): its correction age and station are the corrections'. */
export const isCorrectedQuality = (quality: FixQuality | undefined): boolean => quality === "dgps" || quality === "rtk-fixed" || quality === "rtk-float";

export type FixInput =
  /** The source opened or a restart was commanded: TTFF starts again. */
  | { kind: "open"; atMs: number }
  /** An epoch with a qualifying fix. */
  | { kind: "fix"; mode: "2d" | "3d"; quality: FixQuality; atMs: number }
  /** An epoch where the receiver said explicitly that it has no fix (GGA quality 0, RMC V, GSA mode 1). */
  | { kind: "no-fix"; atMs: number; lastFixAtMs: number }
  /** No qualifying fix for longer than the staleness threshold. */
  | { kind: "stale"; atMs: number; lastFixAtMs: number }
  /** An epoch with a position that is not a GNSS fix (dead reckoning, manual, the receiver's simulator). */
  | { kind: "non-gnss"; mode: "2d" | "3d"; quality: NonGnssQuality; atMs: number; lastFixAtMs?: number };

export function transition(state: FixState, input: FixInput): FixState {
  switch (input.kind) {
    case "open":
      return { kind: "searching", sinceMs: input.atMs };
    case "fix":
      if (state.kind === "fixed" && state.mode === input.mode && state.quality === input.quality) return state;
      return { kind: "fixed", mode: input.mode, quality: input.quality, sinceMs: input.atMs };
    case "no-fix":
      if (state.kind === "fixed") {
        return { kind: "lost", sinceMs: input.atMs, reason: "no-fix-reported", lastFixAtMs: input.lastFixAtMs };
      }
      if (state.kind === "idle" || state.kind === "non-gnss") return { kind: "searching", sinceMs: input.atMs };
      // lost when it went on dead reckoning, and now it says it has no fix: the loss is as old, its reason now this
      if (state.kind === "lost" && state.reason === "non-gnss") return { ...state, reason: "no-fix-reported" };
      return state;
    case "stale":
      if (state.kind === "fixed") {
        return { kind: "lost", sinceMs: input.atMs, reason: "stale", lastFixAtMs: input.lastFixAtMs };
      }
      return state;
    case "non-gnss":
      if (state.kind === "fixed") {
        return { kind: "lost", sinceMs: input.atMs, reason: "non-gnss", lastFixAtMs: input.lastFixAtMs ?? state.sinceMs };
      }
      if (state.kind === "lost") return state;
      if (state.kind === "non-gnss" && state.mode === input.mode && state.quality === input.quality) return state;
      return { kind: "non-gnss", mode: input.mode, quality: input.quality, sinceMs: input.atMs };
  }
}
