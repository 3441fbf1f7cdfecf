// The unit project runs in this process only: starting a program fails the test that tries, with the
// way out. esbuild's own service process is part of the toolchain, not a peer. Run before every test file
// of a worker that keeps its modules (isolate: false): the guard goes in once.
import childProcess from "node:child_process";
import { syncBuiltinESMExports } from "node:module";

const ESBUILD_BINARY = /[\\/](esbuild|@esbuild[\\/][^\\/]+)[\\/]/;
const STARTERS = ["spawn", "spawnSync", "exec", "execSync", "execFile", "execFileSync", "fork"] as const;
const GUARDED = Symbol.for("gnsskit.unit-guard");

const starters = childProcess as unknown as Record<(typeof STARTERS)[number], (...args: unknown[]) => unknown> & { [GUARDED]?: true };
for (const name of starters[GUARDED] ? [] : STARTERS) {
  const original = starters[name];
  starters[name] = (...args: unknown[]): unknown => {
    const command = String(args[0]);
    if (ESBUILD_BINARY.test(command)) return original(...args);
    throw new Error(`a unit test started \`${command}\`: tests that start programs belong to the peers project (PEERS in vitest.config.ts)`);
  };
}
starters[GUARDED] = true;
syncBuiltinESMExports();
