// The built CLI as a user runs it: bin/gnsskit.js in a child process (npm test builds dist/ first).
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
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

/** `run(args)` the first time these arguments come, its result again after. */
function memoized<T>(run: (args: readonly string[]) => T): (args: readonly string[]) => T {
  const results = new Map<string, T>();
  return (args) => {
    const key = JSON.stringify(args);
    let result = results.get(key);
    if (result === undefined) results.set(key, (result = run(args)));
    return result;
  };
}

/**
 * `runBin` for a run whose result its arguments decide (a fixture or a file of the test's own, no input): run
 * once, its result shared by the tests that check it.
 */
export const runBinOnce = memoized((args) => runBin(args));

export interface RunResult {
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** stdout as the bytes it was (a replay's output fed to another run) */
  stdoutBytes: Buffer;
}

/**
 * `runBin` that leaves the test's worker free while the CLI runs: a file whose tests run at once
 * (describe.concurrent) keeps several CLI processes going, as a user's shell would, instead of one at a time.
 */
export function runBinAsync(args: readonly string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { env: options.env ?? process.env, timeout: 60_000 });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on("data", (chunk: Buffer) => out.push(chunk));
    child.stderr.on("data", (chunk: Buffer) => err.push(chunk));
    child.once("error", reject);
    child.once("close", (status, signal) => {
      const stdoutBytes = Buffer.concat(out);
      resolve({ status, signal, stdout: stdoutBytes.toString("utf8"), stderr: Buffer.concat(err).toString("utf8"), stdoutBytes });
    });
    // a run that fails before reading its input closes the pipe: that is its answer, not the test's error
    child.stdin.once("error", () => undefined);
    child.stdin.end(options.input ?? "");
  });
}

/** `runBinOnce` for concurrent tests: the first caller starts the run, the others share its result. */
export const runBinOnceAsync = memoized((args) => runBinAsync(args));
