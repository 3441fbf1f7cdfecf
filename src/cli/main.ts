// The gnsskit command line: commander program, one module per command, the exit-code contract
// (0 done, 1 the source failed, 2 bad arguments) and no stack traces for users.

import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { CliError, EXIT_BAD_ARGUMENTS, EXIT_SOURCE_FAILED } from "./errors.js";

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
  ["locate", () => import("./commands/locate.js")],
  ["sky", () => import("./commands/sky.js")],
  ["simulate", () => import("./commands/simulate.js")],
  ["publish", () => import("./commands/publish.js")],
  ["fleet", () => import("./commands/fleet.js")],
];

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

/**
 * The program with every command, or only `commandName`'s when it names one (what running that command
 * needs; help, version and unknown commands get them all).
 */
export async function createProgram(commandName?: string): Promise<Command> {
  const program = new Command("gnsskit")
    .description("Toolkit for GPS/GNSS receivers that speak NMEA 0183: decode, monitor, record, replay, serve, simulate")
    .version(packageJson.version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  const only = COMMANDS.filter(([name]) => name === commandName);
  const modules = await Promise.all((only.length > 0 ? only : COMMANDS).map(([, load]) => load()));
  for (const { register } of modules) register(program);
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(): Promise<void> {
  try {
    const program = await createProgram(process.argv[2]);
    await program.parseAsync(process.argv);
  } catch (error) {
    process.exitCode = exitCodeFor(error);
  }
}

function exitCodeFor(error: unknown): number {
  if (error instanceof CommanderError) {
    // commander has printed its message already
    return error.exitCode === 0 ? 0 : EXIT_BAD_ARGUMENTS;
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

await main();
