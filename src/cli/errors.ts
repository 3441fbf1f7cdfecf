// CLI errors carry the exit code of the command-line contract (DESIGN.md):
// 0 done, 1 the source failed, 2 bad arguments. Bad data inside a source is never an exit failure.

export const EXIT_SOURCE_FAILED = 1;
export const EXIT_BAD_ARGUMENTS = 2;

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
