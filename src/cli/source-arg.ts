// What every command that reads a SOURCE shares: argument parsing, error mapping to exit codes,
// Ctrl-C handling and the end-of-run summary on stderr.

import { SourceError, type Source } from "../sources/source.js";
import { isFleetSpec, parseSourceSpec, SourceSpecError, type SourceSpec } from "../sources/spec.js";
import { openSource, type OpenSourceOptions } from "../node/open-source.js";
import { ttffNotMeasuredText } from "../output/ttff-text.js";
import type { PipelineStats, TrackerState } from "../types.js";
import { badArguments, CliError, sourceFailed } from "./errors.js";

export function sourceFromArgument(text: string, options: OpenSourceOptions = {}): Source {
  try {
    return openSource(text, options);
  } catch (error) {
    if (error instanceof SourceSpecError || error instanceof TypeError) {
      throw badArguments(error.message);
    }
    if (error instanceof Error && /spec/i.test(error.name)) throw badArguments(error.message);
    throw error;
  }
}

/** `mqtt://host/PREFIX/+` (many devices: the fleet-aware commands branch on it), else undefined. */
export function fleetSpecOf(text: string): Extract<SourceSpec, { kind: "mqtt" }> | undefined {
  try {
    const spec = parseSourceSpec(text);
    return isFleetSpec(spec) ? spec : undefined;
  } catch {
    return undefined; // sourceFromArgument reports a bad SOURCE
  }
}

/** Map what a pipeline threw to the exit-code contract. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof SourceError) return sourceFailed(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return sourceFailed(message);
}

export function parseBaud(value: string): number | "auto" {
  if (value === "auto") return "auto";
  const baud = Number(value);
  if (!Number.isInteger(baud) || baud < 300 || baud > 4_000_000) throw badArguments(`--baud ${value}: expected a rate such as 9600, or auto`);
  return baud;
}

export function parsePositive(option: string, value: string, { integer = false } = {}): number {
  const number = Number(value);
  if (!Number.isFinite(number) || number <= 0 || (integer && !Number.isInteger(number))) {
    throw badArguments(`${option} ${value}: expected a positive ${integer ? "integer" : "number"}`);
  }
  return number;
}

/** Run `stop` on the first Ctrl-C / SIGTERM; a second one exits at once. Returns an uninstaller. */
export function onInterrupt(stop: () => void): () => void {
  let interrupted = false;
  const handler = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    stop();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

const seconds = (ms: number): string => `${(ms / 1000).toFixed(ms < 10_000 ? 2 : 1)} s`;

/** One paragraph for stderr: what went through, the fix, TTFF, start type, diagnostics by kind. */
export function formatSummary(name: string, stats: PipelineStats, state: TrackerState | undefined, live = false): string {
  const lines = [
    `gnsskit: ${name}: ${stats.sentences} sentences in ${stats.frames} frames (${stats.bytes} bytes), ${stats.epochs} epochs`,
  ];
  if (state) {
    lines.push(`  fixes: ${state.fixCount} epochs with a fix, ${state.reacquisitions} reacquisitions`);
    const { ttff, start } = state;
    if (ttff.ttffMs !== undefined) {
      const first3d = ttff.first3dMs === undefined ? "" : `, first 3D ${seconds(ttff.first3dMs)}`;
      lines.push(`  TTFF: ${seconds(ttff.ttffMs)}${first3d}`);
    } else if (ttffNotMeasuredText(ttff, live ? "source" : "log") !== undefined) {
      lines.push(`  TTFF: ${ttffNotMeasuredText(ttff, live ? "source" : "log")}`);
    } else if (state.fixState.kind === "non-gnss") {
      const what = { "dead-reckoning": "dead reckoning only", manual: "a manual position only", simulated: "simulated positions only (its simulator mode)" };
      lines.push(`  TTFF: no GNSS fix: the receiver reported ${what[state.fixState.quality]}`);
    } else {
      lines.push("  TTFF: no fix");
    }
    if (start.type !== "unknown") lines.push(`  start: ${start.type} (${start.basis}${start.evidence.length ? `: ${start.evidence.join("; ")}` : ""})`);
  }
  const diagnostics = Object.entries(stats.diagnostics)
    .filter(([, count]) => (count ?? 0) > 0)
    .map(([kind, count]) => `${count} ${kind}`);
  lines.push(`  diagnostics: ${diagnostics.length ? diagnostics.join(", ") : "none"}`);
  return lines.join("\n");
}

