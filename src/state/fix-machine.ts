// The fix-state machine: one transition function over the FixState union (style.md §3.4).
//
//   idle ──open──▶ searching ──fix──▶ fixed(mode, quality) ──no-fix / stale──▶ lost ──fix──▶ fixed
//                      ▲                                                                     │
//                      └──────────────────────── open (restart) from any state ◀────────────┘
//
// "fix" here is a qualifying fix (domain.md §2.2): the tracker never feeds dead-reckoning,
// manual or simulated solutions as `fix`.
import type { FixQuality, FixState } from "../types.js";

export type FixInput =
  /** The source opened or a restart was commanded: TTFF starts again. */
  | { kind: "open"; atMs: number }
  /** An epoch with a qualifying fix. */
  | { kind: "fix"; mode: "2d" | "3d"; quality: FixQuality; atMs: number }
  /** An epoch where the receiver said explicitly that it has no fix (GGA quality 0, RMC V, GSA mode 1). */
  | { kind: "no-fix"; atMs: number; lastFixAtMs: number }
  /** No qualifying fix for longer than the staleness threshold. */
  | { kind: "stale"; atMs: number; lastFixAtMs: number };

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
      if (state.kind === "idle") return { kind: "searching", sinceMs: input.atMs };
      return state;
    case "stale":
      if (state.kind === "fixed") {
        return { kind: "lost", sinceMs: input.atMs, reason: "stale", lastFixAtMs: input.lastFixAtMs };
      }
      return state;
  }
}

