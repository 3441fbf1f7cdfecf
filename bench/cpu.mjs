// Runs a command (argv[2..]) as a child with this process's stdin/stdout/stderr and prints, last on stderr,
// `wallMs W cpuMs C`: the child's wall time and its CPU time (user + system, all its threads), from
// /proc/self/stat's cutime/cstime (the waited-for children's CPU: Linux). A decoder that uses two cores
// shows it here: less wall time than CPU time.
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { performance } from "node:perf_hooks";

const [command, ...args] = process.argv.slice(2);
const ticksPerSecond = Number(spawnSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).stdout) || 100;
/** cutime + cstime in clock ticks (fields 16 and 17; the command name in parentheses may hold spaces). */
function childrenCpuTicks() {
  try {
    const stat = readFileSync("/proc/self/stat", "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return Number(fields[13]) + Number(fields[14]);
  } catch {
    return Number.NaN; // not Linux: the CPU time is not measured
  }
}
const before = childrenCpuTicks();
const t0 = performance.now();
const run = spawnSync(command, args, { stdio: "inherit" });
const wallMs = performance.now() - t0;
const cpuMs = ((childrenCpuTicks() - before) * 1000) / ticksPerSecond;
process.stderr.write(`wallMs ${wallMs.toFixed(1)} cpuMs ${cpuMs.toFixed(0)}\n`);
process.exitCode = run.status ?? 1;
