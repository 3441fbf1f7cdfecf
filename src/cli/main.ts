// The gnsskit command line: commander program, one module per command, the exit-code contract
// (0 done, 1 the source failed, 2 bad arguments) and no stack traces for users.

import { writeSync } from "node:fs";
import type { Command } from "commander";
import { RELEASE } from "../state/week-rollover.js";
import { CliError, EXIT_BAD_ARGUMENTS, EXIT_CODES_HELP, EXIT_SOURCE_FAILED, writeFailed } from "./errors.js";

type Register = (program: Command) => void;

/** One module per command, loaded only when needed: `gnsskit decode …` does not load the other commands' code. */
const COMMANDS: ReadonlyArray<readonly [string, () => Promise<{ register: Register }>]> = [
  ["decode", () => import("./commands/decode.js")],
  ["monitor", () => import("./commands/monitor.js")],
  ["record", () => import("./commands/record.js")],
  ["report", () => import("./commands/report.js")],
  ["replay", () => import("./commands/replay.js")],
  ["serve", () => import("./commands/serve.js")],
  ["ports", () => import("./commands/ports.js")],
  ["ttff", () => import("./commands/ttff.js")],
  ["config", () => import("./commands/config.js")],
  ["locate", () => import("./commands/locate.js")],
  ["sky", () => import("./commands/sky.js")],
  ["simulate", () => import("./commands/simulate.js")],
  ["ntrip", () => import("./commands/ntrip.js")],
  ["publish", () => import("./commands/publish.js")],
  ["fleet", () => import("./commands/fleet.js")],
];

const VERSION_FLAGS: ReadonlySet<string | undefined> = new Set(["-V", "--version"]);

/**
 * The program with the commands its first argument needs: only the command it names, none for the version,
 * all of them otherwise (help, an unknown command and its suggestions).
 */
export async function createProgram(commandName?: string): Promise<Command> {
  const { Command } = await import("commander");
  const program = new Command("gnsskit")
    .description("Toolkit for GPS/GNSS receivers that speak NMEA 0183: decode, monitor, record, replay, serve, simulate")
    .version(RELEASE.version)
    .addHelpText("after", `\n${EXIT_CODES_HELP}`)
    .exitOverride();
  const only = COMMANDS.filter(([name]) => name === commandName);
  const needed = only.length > 0 ? only : VERSION_FLAGS.has(commandName) ? [] : COMMANDS;
  const modules = await Promise.all(needed.map(([, load]) => load()));
  for (const { register } of modules) register(program);
  oneLineErrors(program, "gnsskit");
  return program;
}

/**
 * commander's own errors (unknown option, missing argument, bad choice…) as every other error of gnsskit:
 * one line `gnsskit: …` naming the help to read, exit 2 (exitCodeFor). Applied to each command, which knows its name.
 */
function oneLineErrors(command: Command, path: string): void {
  command.exitOverride().configureOutput({
    // help and version text written at once: a reader that went away (`gnsskit --help | head -0`) gets nothing,
    // and the run no stack trace (commander's stream write raised an unhandled EPIPE)
    writeOut: writeStdout,
    outputError: (text, write) => {
      const message = text
        .replace(/^error:\s*/, "")
        .replace(/\s*\n\s*/g, " ")
        .trim();
      write(`gnsskit: ${message} (see ${path} --help)\n`);
    },
  });
  for (const sub of command.commands) oneLineErrors(sub, `${path} ${sub.name()}`);
}

function writeStdout(text: string): void {
  try {
    writeSync(1, text);
  } catch (error) {
    // the reader went away (EPIPE): nothing to say to it; a full disk is said (the help was not written)
    if ((error as NodeJS.ErrnoException).code !== "EPIPE") failedStdout(error);
  }
}

/** A write to standard output failed (a full disk, an I/O error), said once: exit 1 once the run ends. */
let stdoutFailed = false;
function failedStdout(error: unknown): void {
  if (!stdoutFailed) console.error(`gnsskit: ${writeFailed("standard output", error).message}`);
  stdoutFailed = true;
  process.exitCode = EXIT_SOURCE_FAILED;
}

/**
 * Standard output's failures where the command has no word of its own for them (a report, sky or --json printed
 * whole to a full disk threw Node's "Unhandled 'error' event" with its stack): a reader gone (EPIPE) ends the run
 * quietly, any other failure is one line and exit 1. A command that listens itself (decode's sink, replay,
 * monitor) words its own, and this one stays silent. Hooked on process.stdout's first use, not made here: the
 * stream (and Node's stream modules, some ms of a short run) exists only for a command that writes to it, and a
 * decode --format gpsd sets the pipe up for its printing worker before anything touches it.
 */
function stdoutFailures(): void {
  const descriptor = Object.getOwnPropertyDescriptor(process, "stdout");
  const get = descriptor?.get;
  if (get === undefined || descriptor?.configurable !== true) return;
  let stream: NodeJS.WriteStream | undefined;
  Object.defineProperty(process, "stdout", {
    configurable: true,
    enumerable: descriptor.enumerable ?? true,
    get() {
      if (stream !== undefined) return stream;
      const created = get.call(process) as NodeJS.WriteStream;
      stream = created;
      created.on("error", (error: NodeJS.ErrnoException) => {
        if (created.listenerCount("error") > 1) return;
        if (error.code !== "EPIPE") failedStdout(error);
        process.exit();
      });
      return created;
    },
  });
}

async function main(): Promise<void> {
  // `gnsskit --version` alone is answered before commander is loaded (a fifth of that run): what commander prints
  if (process.argv.length === 3 && VERSION_FLAGS.has(process.argv[2])) {
    writeStdout(`${RELEASE.version}\n`);
    return;
  }
  stdoutFailures();
  try {
    const program = await createProgram(process.argv[2]);
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = await exitCodeFor(error);
  }
}

async function exitCodeFor(error: unknown): Promise<number> {
  const { CommanderError } = await import("commander");
  if (error instanceof CommanderError) {
    // commander has printed its message already (the help, unless standard output failed)
    if (error.exitCode === 0) return stdoutFailed ? EXIT_SOURCE_FAILED : 0;
    return EXIT_BAD_ARGUMENTS;
  }
  if (error instanceof CliError) {
    console.error(`gnsskit: ${error.message}`);
    return error.exitCode;
  }
  const message = error instanceof Error ? error.message : String(error);
  console.error(`gnsskit: ${message}`);
  if (process.env.GNSSKIT_DEBUG && error instanceof Error) console.error(error.stack);
  return EXIT_SOURCE_FAILED;
}

// not awaited: the bundle runs as CommonJS (its code cache, scripts/bundle-cli.mjs), which has no top-level await;
// main() catches what it can throw
void main();
