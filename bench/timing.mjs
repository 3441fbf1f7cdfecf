// Timing commands as processes for the benchmarks: each run through bench/cpu.mjs (wall and CPU time, all
// threads), the best of a few runs, several commands taking turns.
import { spawnSync } from "node:child_process";
import { fileURLToPath } from "node:url";

const cpuTimer = fileURLToPath(new URL("cpu.mjs", import.meta.url));

/** One run of a command: its wall time and CPU time (all threads), exit status and stderr. */
export function timeOnce(command, argv, input) {
  const run = spawnSync(process.execPath, [cpuTimer, command, ...argv], {
    input,
    stdio: input === undefined ? ["ignore", "ignore", "pipe"] : ["pipe", "ignore", "pipe"],
    maxBuffer: 1 << 30,
  });
  const stderr = String(run.stderr ?? "");
  const times = /wallMs ([\d.]+) cpuMs ([\d.]+)\s*$/.exec(stderr);
  return { ms: times ? Number(times[1]) : Number.NaN, cpuMs: times ? Number(times[2]) : Number.NaN, status: run.status, stderr: stderr.replace(/wallMs .*\s*$/, "") };
}

/**
 * The best of `runs` runs of each command, the commands taking turns (A B A B …): on a shared machine whose
 * speed drifts, both bests then come from the same stretch of time, and their ratio means something.
 */
export function timeInTurns(commands, runs) {
  const best = commands.map(() => undefined);
  for (let i = 0; i < runs; i++) {
    commands.forEach(({ command, argv, input }, k) => {
      const run = timeOnce(command, argv, input);
      if (best[k] === undefined || run.ms < best[k].ms) best[k] = run;
    });
  }
  return best;
}
