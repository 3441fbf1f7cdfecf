// CLI errors carry the exit code of the command-line contract (DESIGN.md):
// 0 done, 1 the source failed, 2 bad arguments. Bad data inside a source is never an exit failure.

import { describeWriteError } from "../node/fs-errors.js";

export const EXIT_SOURCE_FAILED = 1;
export const EXIT_BAD_ARGUMENTS = 2;

/** The contract as `--help` states it. */
export const EXIT_CODES_HELP = [
  "Exit codes: 0 done; 1 the source failed (cannot be opened or read, lost for good); 2 bad arguments,",
  "among them an output file that cannot be created or is the source log itself (-o, --html…, and",
  "standard output redirected onto the log: checked before the source is read).",
  "A write that fails later (disk full) is exit 1. Bad data inside a source is never a failure: it is",
  "counted and summarised on stderr. Every error is one line beginning with `gnsskit:`.",
].join("\n");

export class CliError extends Error {
  override readonly name = "CliError";
  constructor(
    message: string,
    readonly exitCode: typeof EXIT_SOURCE_FAILED | typeof EXIT_BAD_ARGUMENTS,
  ) {
    super(message);
  }
}

/** Bad arguments: printed as `gnsskit: <message>` and exit 2. */
export const badArguments = (message: string): CliError => new CliError(message, EXIT_BAD_ARGUMENTS);
/** The source failed (cannot open, lost for good): exit 1. */
export const sourceFailed = (message: string): CliError => new CliError(message, EXIT_SOURCE_FAILED);

/**
 * The one rule for output files (-o, --html…): each is created before the source is opened, and one that
 * cannot be is a bad argument (exit 2); a write that fails later (disk full) is exit 1. Same wording for both.
 */
export const cannotCreate = (path: string, error: unknown): CliError => badArguments(`cannot write ${path}: ${describeWriteError(error)}`);
/** A write to an output file failed while running (see cannotCreate): exit 1. */
export const writeFailed = (path: string, error: unknown): CliError => sourceFailed(`cannot write ${path}: ${describeWriteError(error)}`);
