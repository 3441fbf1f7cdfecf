// The gnsskit command line: commander program, one module per command, the exit-code contract
// (0 done, 1 the source failed, 2 bad arguments) and no stack traces for users.

import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { CliError, EXIT_BAD_ARGUMENTS, EXIT_SOURCE_FAILED } from "./errors.js";
import { register as registerDecode } from "./commands/decode.js";
import { register as registerLocate } from "./commands/locate.js";
import { register as registerMonitor } from "./commands/monitor.js";
import { register as registerPorts } from "./commands/ports.js";
import { register as registerRecord } from "./commands/record.js";
import { register as registerReport } from "./commands/report.js";
import { register as registerReplay } from "./commands/replay.js";
import { register as registerServe } from "./commands/serve.js";
import { register as registerSimulate } from "./commands/simulate.js";
import { register as registerSky } from "./commands/sky.js";
import { register as registerTtff } from "./commands/ttff.js";

const packageJson = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };

export function createProgram(): Command {
  const program = new Command("gnsskit")
    .description("Toolkit for GPS/GNSS receivers that speak NMEA 0183: decode, monitor, record, replay, serve, simulate")
    .version(packageJson.version)
    .showHelpAfterError("(run with --help for usage)")
    .exitOverride();
  for (const register of [registerDecode, registerMonitor, registerRecord, registerReport, registerReplay, registerServe, registerPorts, registerTtff, registerLocate, registerSky, registerSimulate]) {
    register(program);
  }
  for (const command of program.commands) command.exitOverride();
  return program;
}

async function main(): Promise<void> {
  const program = createProgram();
  try {
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
