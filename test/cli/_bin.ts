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

const once = new Map<string, SpawnSyncReturns<string>>();
/**
 * `runBin` for a run whose result its arguments decide (a fixture or a file of the test's own, no input): run
 * once, its result shared by the tests that check it.
 */
export function runBinOnce(args: readonly string[]): SpawnSyncReturns<string> {
  const key = JSON.stringify(args);
  let result = once.get(key);
  if (result === undefined) once.set(key, (result = runBin(args)));
  return result;
}
