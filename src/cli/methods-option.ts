// `--methods integrated,assisted,network` (order = priority) for the commands that run a receiver:
// the positioner runs beside the command's pipeline, its events go to stderr, its summary at the end.

import type { Command } from "commander";
import type { Gps } from "../gps.js";
import { formatMethodSummary, formatPositionerEvent } from "../methods/index.js";
import { parseMethodList, runWithMethods, type MethodsRun } from "../node/methods/index.js";
import { badArguments } from "./errors.js";

export interface MethodsOptions {
  methods?: string;
  provider?: string;
  key?: string;
}

export function addMethodsOptions(command: Command): Command {
  return command
    .option("--methods <LIST>", "positioning methods in priority order: integrated, assisted, bluetooth, network (e.g. integrated,network)")
    .option("--provider <URL|FILE.csv>", "network method: an Ichnaea-compatible geolocate URL (default BeaconDB) or an OpenCelliD-format CSV")
    .option("--key <KEY>", "network method: API key (or GNSSKIT_GEOLOCATION_KEY)");
}

/** Starts the positioner when --methods is given; `stop()` prints the per-method summary. */
export async function startMethods(gps: Gps, options: MethodsOptions, quiet: boolean): Promise<{ run?: MethodsRun; stop(): Promise<void> }> {
  if (options.methods === undefined) return { stop: async () => undefined };
  let run: MethodsRun;
  try {
    const apiKey = options.key ?? process.env.GNSSKIT_GEOLOCATION_KEY;
    run = await runWithMethods({
      methods: parseMethodList(options.methods),
      gps,
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      ...(apiKey === undefined ? {} : { apiKey }),
      onEvent: (event) => {
        const line = formatPositionerEvent(event);
        if (line && !quiet) process.stderr.write(`gnsskit: ${line}\n`);
      },
    });
  } catch (error) {
    if (error instanceof TypeError) throw badArguments(error.message);
    throw error;
  }
  if (!quiet) for (const note of run.notes) process.stderr.write(`gnsskit: ${note}\n`);
  return {
    run,
    async stop() {
      const summary = await run.stop();
      if (!quiet) process.stderr.write(`${formatMethodSummary(summary)}\n`);
    },
  };
}
