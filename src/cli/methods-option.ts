// `--methods integrated,assisted,network` (order = priority) for the commands that run a receiver:
// the positioner runs beside the command's pipeline, its events go to stderr (or to the command), its summary
// at the end. `--wifi`/`--cell` give the network method fixed observations instead of the host's scan.

import type { Gps } from "../gps.js";
import { formatMethodSummary, formatPositionerEvent } from "../methods/index.js";
import type { Observations } from "../methods/network/types.js";
import type { MethodName, MethodSummary, PositionerEvent } from "../methods/types.js";
import { parseMethodList, runWithMethods, type MethodsRun } from "../node/methods/index.js";
import { observationsFromOptions } from "./commands/locate.js";
import { badArguments } from "./errors.js";
import type { MethodsOptions } from "./methods-flags.js";
import { optionFileErrorText } from "../node/option-file.js";

export { addMethodsOptions, type MethodsOptions } from "./methods-flags.js";

export interface StartMethodsHooks {
  /** Every positioner event, in order (a full-screen view, ttff's aiding position). */
  onEvent?: (event: PositionerEvent) => void;
  /** Where event lines and setup notes go (default stderr, `gnsskit: ` prefixed); false: nowhere. */
  print?: false | ((line: string) => void);
  /** The methods this command can run (default all); another in --methods is a bad argument saying `why`. */
  allowed?: { methods: readonly MethodName[]; why: string };
}

export interface StartedMethods {
  run?: MethodsRun;
  /** The methods asked for, in priority order (empty without --methods). */
  names: MethodName[];
  /** Stops the positioner; prints the per-method summary (stderr, unless quiet, once) and returns it. */
  stop(): Promise<MethodSummary[] | undefined>;
  /**
   * Stops the positioner without printing (stop() prints later): before a command closes the source
   * itself, so that the summary does not blame the receiver for that close.
   */
  halt(): Promise<void>;
}

/** Parses --methods and the network options without starting anything (throws badArguments). */
export function parseMethodsOptions(
  options: MethodsOptions,
  allowed?: StartMethodsHooks["allowed"],
): { names: MethodName[]; observations?: Observations; notes: string[] } {
  const networkOnly = [
    ["--provider", options.provider],
    ["--key", options.key],
    ["--wifi", options.wifi],
    ["--cell", options.cell],
  ].filter(([, value]) => value !== undefined);
  if (options.methods === undefined) {
    if (networkOnly.length > 0) throw badArguments(`${String(networkOnly[0]![0])} is for the network method: it needs --methods ...,network`);
    return { names: [], notes: [] };
  }
  let names: MethodName[];
  try {
    names = parseMethodList(options.methods);
  } catch (error) {
    throw badArguments(error instanceof Error ? error.message : String(error));
  }
  if (allowed !== undefined) {
    const refused = names.find((n) => !allowed.methods.includes(n));
    if (refused !== undefined) throw badArguments(`--methods ${refused}: ${allowed.why}`);
  }
  if (networkOnly.length > 0 && !names.includes("network"))
    throw badArguments(`${String(networkOnly[0]![0])} is for the network method: add network to --methods`);
  const notes: string[] = [];
  if (options.wifi === undefined && options.cell === undefined) return { names, notes };
  const observations = observationsFromOptions(options, notes);
  return { names, observations, notes };
}

/** Starts the positioner when --methods is given. */
export async function startMethods(gps: Gps, options: MethodsOptions, quiet: boolean, hooks: StartMethodsHooks = {}): Promise<StartedMethods> {
  const { names, observations, notes } = parseMethodsOptions(options, hooks.allowed);
  if (names.length === 0) return { names, stop: async () => undefined, halt: async () => undefined };
  const print = hooks.print === false || quiet ? undefined : (hooks.print ?? ((line: string): void => void process.stderr.write(`gnsskit: ${line}\n`)));
  let run: MethodsRun;
  try {
    const apiKey = options.key ?? process.env.GNSSKIT_GEOLOCATION_KEY;
    run = await runWithMethods({
      methods: names,
      gps,
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(observations === undefined ? {} : { observations: () => observations, cellsForCsv: observations.cells }),
      onEvent: (event) => {
        hooks.onEvent?.(event);
        const line = formatPositionerEvent(event);
        if (line !== undefined) print?.(line);
      },
    });
  } catch (error) {
    if (error instanceof TypeError) throw badArguments(error.message);
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined && options.provider !== undefined)
      throw badArguments(`--provider ${options.provider}: cannot read the file (${optionFileErrorText(error)})`);
    throw error;
  }
  for (const note of [...notes, ...run.notes]) print?.(note);
  let stopped: Promise<MethodSummary[]> | undefined;
  let printed = false;
  return {
    run,
    names,
    async stop() {
      const summary = await (stopped ??= run.stop());
      if (!quiet && !printed) process.stderr.write(`${formatMethodSummary(summary)}\n`);
      printed = true;
      return summary;
    },
    async halt() {
      await (stopped ??= run.stop());
    },
  };
}
