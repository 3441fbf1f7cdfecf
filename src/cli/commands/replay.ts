// `gnsskit replay FILE`: the log's bytes on stdout at their recorded pace (receive-time prefixes
// removed), as if a receiver were attached: `gnsskit replay x.nmea | gnsskit monitor -`.

import { Command } from "commander";
import { createReplaySource } from "../../node/replay.js";
import { badArguments } from "../errors.js";
import { asCliError, onInterrupt, parsePositive } from "../source-arg.js";

interface ReplayCommandOptions {
  speed: string;
  loop?: boolean;
  from?: string;
  to?: string;
}

function parseSeconds(option: string, value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds < 0) throw badArguments(`${option} ${value}: expected seconds (0 or more)`);
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
  const speed = options.speed === "max" ? Infinity : parsePositive("--speed", options.speed);
  const fromS = options.from === undefined ? undefined : parseSeconds("--from", options.from);
  const toS = options.to === undefined ? undefined : parseSeconds("--to", options.to);
  if (toS !== undefined && toS <= (fromS ?? 0)) throw badArguments(`--to ${options.to} must come after --from ${options.from ?? "0"}`);
  const source = createReplaySource(path, {
    speed,
    loop: options.loop === true,
    ...(fromS === undefined ? {} : { fromS }),
    ...(toS === undefined ? {} : { toS }),
  });
  const uninstall = onInterrupt(() => void source.close());
  // A reader that goes away (`| head`) ends the replay quietly.
  const onPipeError = (): void => void source.close();
  process.stdout.on("error", onPipeError);
  try {
    await source.open();
    for await (const chunk of source) {
      if (!(await writeOut(chunk))) break;
    }
  } catch (error) {
    throw asCliError(error);
  } finally {
    uninstall();
    process.stdout.off("error", onPipeError);
    await source.close();
  }
  if (source.pacing === "none") console.error(`gnsskit: ${path}: no receive times or sentence times found; replayed without pacing`);
}

export function register(program: Command): void {
  program
    .command("replay")
    .description("play a recorded log to stdout at its recorded pace, as if live (pipe it into monitor -, decode -, ...)")
    .argument("<FILE>", "a log: plain NMEA (paced by its sentence times) or recorded with receive-time prefixes (paced by them)")
    .option("--speed <N|max>", "N × the recorded pace (max = as fast as possible)", "1")
    .option("--loop", "start again from the beginning at the end")
    .option("--from <S>", "start S seconds after the log's first time")
    .option("--to <S>", "stop S seconds after the log's first time")
    .action((path: string, options: ReplayCommandOptions) => replay(path, options));
}
