import { describe, it, expect } from "vitest";
import { transition, type FixInput } from "../../src/state/index.js";
import type { FixState } from "../../src/types.js";

const idle: FixState = { kind: "idle" };
const searching: FixState = { kind: "searching", sinceMs: 100 };
const fixed3d: FixState = { kind: "fixed", mode: "3d", quality: "autonomous", sinceMs: 200 };
const lost: FixState = { kind: "lost", sinceMs: 300, reason: "stale", lastFixAtMs: 250 };

const cases: Array<{ name: string; state: FixState; input: FixInput; want: FixState }> = [
  { name: "idle → searching on open", state: idle, input: { kind: "open", atMs: 10 }, want: { kind: "searching", sinceMs: 10 } },
  {
    name: "idle → fixed on a fix",
    state: idle,
    input: { kind: "fix", mode: "2d", quality: "autonomous", atMs: 10 },
    want: { kind: "fixed", mode: "2d", quality: "autonomous", sinceMs: 10 },
  },
  { name: "idle → searching on no-fix", state: idle, input: { kind: "no-fix", atMs: 10, lastFixAtMs: 10 }, want: { kind: "searching", sinceMs: 10 } },
  { name: "idle stays on stale", state: idle, input: { kind: "stale", atMs: 10, lastFixAtMs: 0 }, want: idle },
  {
    name: "searching → fixed",
    state: searching,
    input: { kind: "fix", mode: "3d", quality: "dgps", atMs: 500 },
    want: { kind: "fixed", mode: "3d", quality: "dgps", sinceMs: 500 },
  },
  { name: "searching stays on no-fix", state: searching, input: { kind: "no-fix", atMs: 500, lastFixAtMs: 500 }, want: searching },
  { name: "searching stays on stale", state: searching, input: { kind: "stale", atMs: 500, lastFixAtMs: 0 }, want: searching },
  { name: "searching restarts on open", state: searching, input: { kind: "open", atMs: 900 }, want: { kind: "searching", sinceMs: 900 } },
  { name: "fixed stays on the same fix", state: fixed3d, input: { kind: "fix", mode: "3d", quality: "autonomous", atMs: 900 }, want: fixed3d },
  {
    name: "fixed 3d → fixed 2d",
    state: fixed3d,
    input: { kind: "fix", mode: "2d", quality: "autonomous", atMs: 900 },
    want: { kind: "fixed", mode: "2d", quality: "autonomous", sinceMs: 900 },
  },
  {
    name: "fixed quality change",
    state: fixed3d,
    input: { kind: "fix", mode: "3d", quality: "rtk-fixed", atMs: 900 },
    want: { kind: "fixed", mode: "3d", quality: "rtk-fixed", sinceMs: 900 },
  },
  {
    name: "fixed → lost on no-fix",
    state: fixed3d,
    input: { kind: "no-fix", atMs: 900, lastFixAtMs: 800 },
    want: { kind: "lost", sinceMs: 900, reason: "no-fix-reported", lastFixAtMs: 800 },
  },
  {
    name: "fixed → lost on stale",
    state: fixed3d,
    input: { kind: "stale", atMs: 3000, lastFixAtMs: 800 },
    want: { kind: "lost", sinceMs: 3000, reason: "stale", lastFixAtMs: 800 },
  },
  { name: "fixed → searching on open (restart)", state: fixed3d, input: { kind: "open", atMs: 900 }, want: { kind: "searching", sinceMs: 900 } },
  {
    name: "lost → fixed (reacquired)",
    state: lost,
    input: { kind: "fix", mode: "2d", quality: "autonomous", atMs: 4000 },
    want: { kind: "fixed", mode: "2d", quality: "autonomous", sinceMs: 4000 },
  },
  { name: "lost stays on no-fix", state: lost, input: { kind: "no-fix", atMs: 4000, lastFixAtMs: 250 }, want: lost },
  { name: "lost stays on stale", state: lost, input: { kind: "stale", atMs: 4000, lastFixAtMs: 250 }, want: lost },
  { name: "lost → searching on open", state: lost, input: { kind: "open", atMs: 4000 }, want: { kind: "searching", sinceMs: 4000 } },
  {
    name: "lost on dead reckoning, then the receiver says no fix: as old a loss, its reason now no-fix-reported",
    state: { kind: "lost", sinceMs: 1000, reason: "non-gnss", lastFixAtMs: 900 },
    input: { kind: "no-fix", atMs: 9000, lastFixAtMs: 900 },
    want: { kind: "lost", sinceMs: 1000, reason: "no-fix-reported", lastFixAtMs: 900 },
  },
];

describe("transition", () => {
  for (const c of cases) {
    it(c.name, () => {
      expect(transition(c.state, c.input)).toEqual(c.want);
    });
  }
});
