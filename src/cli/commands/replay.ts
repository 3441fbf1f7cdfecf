// `gnsskit replay FILE`: the log's bytes on stdout at their recorded pace (receive-time prefixes
// removed), as if a receiver were attached. `--stamped` prefixes each line with its log time instead
// (`@2026-…Z `, framing/record-format.ts), so a gnsskit reading the pipe runs on the log's clock rather than
// the pipe's: `gnsskit replay x.nmea --speed 10 --stamped | gnsskit monitor -` measures the log's TTFF.

import { Command } from "commander";
import { createReplaySource } from "../../node/replay.js";
import { createStamper } from "../../node/record/stamp.js";
import { describeLogContent, LOG_HEAD_BYTES, readLogHead } from "../../node/sources/log-file.js";
import { formatDuration } from "../../output/format.js";
import { badArguments, writeFailed } from "../errors.js";
import { asCliError, noDataReason, onInterrupt, parseSpeed } from "../source-arg.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";

interface ReplayCommandOptions {
  speed: string;
  loop?: boolean;
  from?: string;
  to?: string;
  stamped?: boolean;
}

/** Past any log (31 years): --from 1e308 was Infinity in ms, and the replay source's own words came out ("from/to offsets must satisfy 0 <= from < to"). */
const MAX_OFFSET_S = 1e9;

function parseSeconds(option: string, value: string): number {
  const seconds = decimalNumber(value);
  if (!Number.isFinite(seconds) || seconds < 0 || seconds > MAX_OFFSET_S)
    throw badArguments(`${option} ${value}: expected seconds from 0 to ${MAX_OFFSET_S}${notDecimalNote(value)}`);
  return seconds;
}

/** Write to stdout, waiting when the pipe is full; false once the reader has gone (EPIPE). */
function writeOut(bytes: Uint8Array): Promise<boolean> {
  return new Promise((resolve) => {
    if (process.stdout.destroyed || !process.stdout.writable) return resolve(false);
    const ok = process.stdout.write(bytes, (error) => {
      if (error) resolve(false);
    });
    if (ok) resolve(true);
    else process.stdout.once("drain", () => resolve(true));
  });
}

export async function replay(path: string, options: ReplayCommandOptions): Promise<void> {
  const stamper = options.stamped === true ? createStamper() : undefined;
  const speed = parseSpeed(options.speed);
  const fromS = options.from === undefined ? undefined : parseSeconds("--from", options.from);
  const toS = options.to === undefined ? undefined : parseSeconds("--to", options.to);
  if (toS !== undefined && toS <= (fromS ?? 0)) throw badArguments(`--to ${options.to} must come after --from ${options.from ?? "0"}`);
  let source: ReturnType<typeof createReplaySource>;
  try {
    source = createReplaySource(path, {
      speed,
      loop: options.loop === true,
      ...(fromS === undefined ? {} : { fromS }),
      ...(toS === undefined ? {} : { toS }),
    });
  } catch (error) {
    throw error instanceof TypeError ? badArguments(error.message) : error;
  }
  const uninstall = onInterrupt(() => void source.close());
  // A reader that goes away (`| head`) ends the replay quietly; a full disk ends it with one line, exit 1.
  let outputFailure: NodeJS.ErrnoException | undefined;
  const onPipeError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== "EPIPE") outputFailure ??= error;
    void source.close();
  };
  process.stdout.on("error", onPipeError);
  /** Bytes of the log played: none after --from past the log's end */
  let playedBytes = 0;
  try {
    await source.open();
    for await (const chunk of source) {
      playedBytes += chunk.length;
      // The pacer delivers whole lines of one log time, and its clock is that time. A log without times has none
      // to give, nor the untimed cycles a receiver sends before it knows the time: the stamper lets those lines go
      // out unstamped (clock NaN). A timed chunk may begin inside a line (a UBX packet cut at its sync bytes): no
      // prefix goes there.
      const bytes = stamper === undefined ? chunk : stamper.stamp(chunk, source.clock());
      if (!(await writeOut(bytes))) break;
    }
  } catch (error) {
    throw asCliError(error);
  } finally {
    uninstall();
    process.stdout.off("error", onPipeError);
    await source.close();
  }
  if (outputFailure !== undefined) throw writeFailed("standard output", outputFailure);
  if (playedBytes === 0 && fromS !== undefined && source.pacing !== "none" && source.pacing !== undefined) {
    // known only once the log was read: a bad argument all the same
    throw badArguments(`--from ${options.from}: ${path} ends before ${formatDuration(fromS * 1000)} after its first time: nothing replayed`);
  }
  if (source.pacing === "none") {
    const head = await readLogHead(path, LOG_HEAD_BYTES);
    const looks = describeLogContent(head);
    console.error(
      head.length === 0
        ? `gnsskit: ${path}: ${noDataReason(path)}`
        : `gnsskit: ${path}: no receive times or sentence times found${looks === undefined || looks === "text" ? "" : ` (${looks})`}; replayed without pacing${stamper === undefined ? "" : " and without stamps"}`,
    );
  }
}

export function register(program: Command): void {
  program
    .command("replay")
    .description("play a recorded log to stdout at its recorded pace, as if live (pipe it into monitor -, decode -, ...)")
    .argument(
      "<FILE>",
      "a log: plain NMEA or u-blox UBX (paced by the UTC its sentences and messages state) or recorded with receive-time prefixes (paced by them)",
    )
    .option("--speed <N|max>", "N × the recorded pace (max = as fast as possible)", "1")
    .option("--loop", "start again from the beginning at the end")
    .option("--from <S>", "start S seconds after the log's first time")
    .option("--to <S>", "stop S seconds after the log's first time")
    .option(
      "--stamped",
      "prefix each line with its log time (@ISO-TIME, as record writes): use it when piping into another gnsskit, which then measures TTFF and staleness on the log's clock instead of the pipe's (a receiver's cycles before its first time of day have no log time and stay unstamped)",
    )
    .addHelpText(
      "after",
      "\nWithout --stamped the output is the receiver's own bytes, for any tool.\n" +
        "Piping into another gnsskit? Use --stamped, so that it keeps the log's clock:\n" +
        "  gnsskit replay x.nmea --speed 10 --stamped | gnsskit monitor -\n" +
        "(plain lines are timed on arrival: at --speed 10, a 32 s TTFF reads 3.2 s).",
    )
    .action((path: string, options: ReplayCommandOptions) => replay(path, options));
}
