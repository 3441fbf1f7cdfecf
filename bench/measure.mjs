// What the benches share: timing in this process (best of a few) and of processes (wall and CPU time through
// bench/cpu.mjs, commands taking turns).
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { performance } from "node:perf_hooks";

export const root = new URL("..", import.meta.url).pathname;

// Node reads and parses the file NODE_EXTRA_CA_CERTS names at every start, before any code runs: a host that names
// its CA bundle there (220 KB here) adds some 40 ms to every Node process timed, `node -e 0` included, which would
// flatter every start-up ratio (a 10-line decode: 1.38x node with it, 1.75x without). The processes timed start
// without it, as Node does on a host that does not set it.
if (process.env.NODE_EXTRA_CA_CERTS) {
  console.log(`(NODE_EXTRA_CA_CERTS=${process.env.NODE_EXTRA_CA_CERTS} left out of the processes timed: Node would parse it at each start)`);
  process.env.NODE_EXTRA_CA_CERTS = "";
}
export const fmt = (n) => Math.round(n).toLocaleString("en-US");

/** The number after `--name` on this process's command line, else dflt. */
export function opt(name, dflt) {
  const i = process.argv.indexOf(name, 2);
  return i >= 0 ? Number(process.argv[i + 1]) : dflt;
}

/** The best wall time of `runs` calls of fn, in this process (warm after the first). */
export function best(label, fn, runs = 3) {
  let bestMs = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return { label, ms: bestMs, result };
}

/** One run of a command through bench/cpu.mjs (stdin from `input` or `inputFile`): wall and CPU time (all threads). */
export function timeOnce({ command, argv, input }) {
  const run = spawnSync(process.execPath, [join(root, "bench/cpu.mjs"), command, ...argv], {
    input,
    stdio: input === undefined ? ["ignore", "ignore", "pipe"] : ["pipe", "ignore", "pipe"],
    maxBuffer: 1 << 30,
  });
  const stderr = String(run.stderr ?? "");
  const times = /wallMs ([\d.]+) cpuMs ([\d.]+)\s*$/.exec(stderr);
  return {
    ms: times ? Number(times[1]) : Number.NaN,
    cpuMs: times ? Number(times[2]) : Number.NaN,
    status: run.status,
    stderr: stderr.replace(/wallMs .*\s*$/, ""),
  };
}

/**
 * The best of `runs` runs of each command, the commands taking turns (A B A B …): on a shared machine whose
 * speed drifts, both bests then come from the same stretch of time, and their ratio means something.
 */
export function timeInTurns(commands, runs) {
  const bests = commands.map(() => undefined);
  for (let i = 0; i < runs; i++) {
    commands.forEach((command, k) => {
      const run = timeOnce(command);
      // a run that failed timed an error path, not the work: say so beside the figure
      if (run.status !== 0) console.log(`(exit ${run.status}: ${[command.command, ...command.argv].join(" ")}: ${run.stderr.trim().split("\n")[0] ?? ""})`);
      if (bests[k] === undefined || run.ms < bests[k].ms) bests[k] = run;
    });
  }
  return bests;
}

export const hasGpsdecode = () => spawnSync("sh", ["-c", "command -v gpsdecode"]).status === 0;
