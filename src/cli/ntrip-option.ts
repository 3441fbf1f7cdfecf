// `--ntrip ntrip://[user:pass@]host[:port]/MOUNT` for the commands that read a receiver (monitor, decode, record,
// serve, ttff): RTCM 3 corrections from a caster, written to the receiver through its own source. One parser, one
// way of telling what the caster does (a line per connection change on stderr), one summary. Loaded only when
// --ntrip is given (the options themselves: ntrip-flags.ts).

import { bindCorrections, type CorrectionBinding } from "../corrections/bind.js";
import { NtripUrlError, parseNtripUrl, type NtripSpec } from "../corrections/ntrip.js";
import type { Gps } from "../gps.js";
import type { Source } from "../sources/source.js";
import { createNtripSource } from "../node/ntrip/client.js";
import { correctionFiguresText } from "../output/corrections-text.js";
import { formatDuration } from "../output/format.js";
import { badArguments, sourceFailed, type CliError } from "./errors.js";
import { DEFAULT_GGA_INTERVAL_S, type NtripOptions } from "./ntrip-flags.js";
import { decimalNumber, notDecimalNote } from "../decimal.js";

export interface ParsedNtrip {
  spec: NtripSpec;
  ggaIntervalMs: number;
}

/** The usual way to tell the caster's news: a line on stderr. */
export const sayOnStderr = (text: string, casterName: string): void => console.error(`gnsskit: ${casterName}: ${text}`);

/** The options checked before anything is opened: a bad URL or interval is exit 2. */
export function parseNtripOptions(options: NtripOptions): ParsedNtrip | undefined {
  if (options.ntrip === undefined) {
    if (options.ntripGga !== undefined) throw badArguments("--ntrip-gga needs --ntrip");
    return undefined;
  }
  let spec: NtripSpec;
  try {
    spec = parseNtripUrl(options.ntrip);
  } catch (error) {
    if (error instanceof NtripUrlError) throw badArguments(`--ntrip ${error.message}`);
    throw error;
  }
  const ggaS = options.ntripGga === undefined ? DEFAULT_GGA_INTERVAL_S : decimalNumber(options.ntripGga);
  if (!Number.isFinite(ggaS) || ggaS < 0) throw badArguments(`--ntrip-gga ${options.ntripGga}: expected seconds ≥ 0${notDecimalNote(options.ntripGga ?? "")}`);
  return { spec, ggaIntervalMs: ggaS * 1000 };
}

export interface StartCorrectionsOptions {
  /** News of the caster in words (`connected (NTRIP 1)`), for the command to print with the caster's name; none with --quiet. */
  say?: (text: string, casterName: string) => void;
  /** The caster could not be used at all (refused, no such mountpoint, unreachable for good): the command stops, exit 1. */
  onFailure: () => void;
}

/** A command's corrections: the caster bound to its receiver, and the failure that stopped the command, once one did. */
export interface CommandCorrections {
  readonly binding: CorrectionBinding;
  readonly failure: CliError | undefined;
}

/** Corrections need a receiver they can reach: a bad argument (exit 2) otherwise, checked before any output is made. */
export function checkCorrectionsReach(receiver: Source): void {
  if (receiver.write === undefined || !receiver.live || receiver.clockedBySentences === true) {
    throw badArguments(
      `--ntrip: ${receiver.name} takes no writes (a log, a pipe or a receive-only stream): corrections need a receiver they can reach (a serial port, tcp://, bt://, sim:?rtk=1)`,
    );
  }
}

/** Binds the caster to the pipeline's receiver; the receiver's source must take writes. */
export function startCorrections(
  gps: Pick<Gps, "write" | "on" | "source" | "noteCorrections">,
  parsed: ParsedNtrip,
  options: StartCorrectionsOptions,
): CommandCorrections {
  const receiver = gps.source;
  checkCorrectionsReach(receiver);
  const caster = createNtripSource(parsed.spec, { ggaIntervalMs: parsed.ggaIntervalMs });
  const binding = bindCorrections(gps, caster);
  const say = (text: string): void => options.say?.(text, caster.name);
  binding.on((event) => {
    switch (event.type) {
      case "link": {
        const link = event.link;
        if (link.type === "connected") say(`connected${link.detail === undefined ? "" : ` (${link.detail})`}`);
        else if (link.type === "disconnected")
          say(`disconnected (${link.reason})${link.retryInMs === undefined ? "" : `, retrying in ${formatDuration(link.retryInMs)}`}`);
        else if (link.type === "reconnected") say(`reconnected after ${formatDuration(link.downForMs)}`);
        else if (link.type === "info") say(link.message);
        return;
      }
      case "first-frame":
        say(`first corrections (RTCM ${event.messageType}) written to ${receiver.name}`);
        return;
      case "forward-failed":
        say(`corrections no longer reach ${receiver.name}: ${event.message}`);
        return;
      case "failed":
        return;
    }
  });
  let failure: CliError | undefined;
  const fail = (error: CliError): void => {
    failure ??= error;
    options.onFailure();
  };
  binding.opened.catch((error: unknown) => fail(sourceFailed(error instanceof Error ? error.message : String(error))));
  void binding.done.then(() => {
    const link = binding.stats().link;
    if (link.kind === "failed") fail(sourceFailed(link.reason));
  });
  return {
    binding,
    get failure() {
      return failure;
    },
  };
}

/**
 * The end of a command's corrections, after the source's summary (the link closed): what the caster delivered,
 * unless quiet; or the caster's failure, thrown (exit 1).
 */
export function endCorrections(corrections: CommandCorrections | undefined, quiet: boolean): void {
  if (corrections === undefined) return;
  if (corrections.failure !== undefined) throw corrections.failure;
  if (!quiet) console.error(correctionsSummary(corrections.binding));
}

/** The end-of-run line of what the caster delivered (what the receiver made of it is in the source's summary). */
function correctionsSummary(binding: CorrectionBinding): string {
  return `gnsskit: ${binding.source.name}: ${correctionFiguresText(binding.stats())}`;
}
