// Numbers as people read them, the same everywhere gnsskit prints text (decode's summary, monitor, report,
// ttff, locate): one rule for durations, one for byte counts, and counts with their noun in the right number.
import type { Constellation } from "../types.js";

/** Each constellation's name as text gnsskit prints names it (report, monitor, sky, diagnosis). */
export const CONSTELLATION_NAME: Record<Constellation, string> = {
  gps: "GPS",
  glonass: "GLONASS",
  galileo: "Galileo",
  beidou: "BeiDou",
  qzss: "QZSS",
  navic: "NavIC",
  sbas: "SBAS",
};

/**
 * A duration: `0.4 s`, `7.0 s`, `59.9 s`, `1 min 45 s`, `2 h 07 min`. Measured durations (TTFF, gaps) keep a
 * tenth of a second under a minute; `running` is for a clock that ticks on screen ("fix for 42 s"): whole
 * seconds, rounded down so that it never runs ahead. Not a number or negative: `—`.
 */
export function formatDuration(ms: number, { running = false }: { running?: boolean } = {}): string {
  if (!Number.isFinite(ms) || ms < 0) return "—";
  if (running) return clockText(Math.floor(ms / 1000));
  // Rounded first, so that 59.96 s reads `1 min 00 s`, not `60.0 s`.
  const tenths = Math.round(ms / 100);
  if (tenths < 600) return `${(tenths / 10).toFixed(1)} s`;
  return clockText(Math.round(ms / 1000));
}

/** Whole seconds: `42 s`, `1 min 45 s`, `2 h 07 min`. */
function clockText(totalS: number): string {
  if (totalS < 60) return `${totalS} s`;
  if (totalS < 3600) return `${Math.floor(totalS / 60)} min ${String(totalS % 60).padStart(2, "0")} s`;
  return `${Math.floor(totalS / 3600)} h ${String(Math.floor((totalS % 3600) / 60)).padStart(2, "0")} min`;
}

/** `1 epoch`, `2 epochs`, `0 fixes` (with `plural` when adding an s is wrong). */
export function formatCount(count: number, noun: string, plural = `${noun}s`): string {
  return `${count} ${count === 1 ? noun : plural}`;
}

/**
 * A byte count in SI units, as file managers and `ls -h --si` give them: `7933 B` exactly below 10 kB, then
 * one decimal: `47.3 kB`, `10.5 MB`, `1.2 GB`.
 */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return "—";
  if (bytes < 10_000) return `${Math.round(bytes)} B`;
  for (const [unit, size] of [
    ["kB", 1e3],
    ["MB", 1e6],
    ["GB", 1e9],
  ] as const) {
    const value = bytes / size;
    if (value < 999.95) return `${value.toFixed(1)} ${unit}`;
  }
  return `${(bytes / 1e12).toFixed(1)} TB`;
}
