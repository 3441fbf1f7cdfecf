// The --ntrip options themselves, apart from what runs them (src/cli/ntrip-option.ts), so that a command pays
// for loading the NTRIP client only when --ntrip is given.

import type { Command } from "commander";

export interface NtripOptions {
  ntrip?: string;
  ntripGga?: string;
}

export const DEFAULT_GGA_INTERVAL_S = 10;

export function addNtripOptions(command: Command): Command {
  return command
    .option(
      "--ntrip <URL>",
      "RTCM 3 corrections from an NTRIP caster, ntrip://[user:pass@]host[:port]/MOUNT (v1 or v2, port 2101 by default), written to the receiver",
    )
    .option("--ntrip-gga <S>", `send the receiver's GGA back to the caster every S seconds (0: only on connection; default ${DEFAULT_GGA_INTERVAL_S})`);
}

/** The NTRIP client's code, loaded when an --ntrip option is given. */
export async function loadNtripOption(options: NtripOptions): Promise<typeof import("./ntrip-option.js") | undefined> {
  return options.ntrip === undefined && options.ntripGga === undefined ? undefined : await import("./ntrip-option.js");
}
