// The built CLI as a user runs it: bin/gnsskit.js in a child process (npm test builds dist/ first).
import { spawnSync, type SpawnSyncReturns } from "node:child_process";
import { fileURLToPath } from "node:url";

export const cli = fileURLToPath(new URL("../../bin/gnsskit.js", import.meta.url));
export const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));

export interface RunOptions {
  /** Standard input (default: none). */
  input?: string | Buffer;
  env?: NodeJS.ProcessEnv;
}

/** `gnsskit ARGS…` to its end: exit status, stdout and stderr as text. */
export function runBin(args: readonly string[], options: RunOptions = {}): SpawnSyncReturns<string> {
  return spawnSync(process.execPath, [cli, ...args], {
    input: options.input ?? "",
    encoding: "utf8",
    maxBuffer: 1 << 28,
    timeout: 60_000,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
}
