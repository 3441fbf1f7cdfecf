// Runs a Node script (argv[2..]) in this process and prints its peak RSS (kB) to stderr on exit.
// On Linux the peak is VmHWM from /proc/self/status: getrusage's maxRSS survives exec, so a child spawned by
// a big benchmark process would report the parent's size at fork time instead of its own.
import { readFileSync } from "node:fs";

const [script, ...rest] = process.argv.slice(2);
process.argv = [process.argv[0], script, ...rest];
function peakRssKb() {
  try {
    const match = /^VmHWM:\s+(\d+) kB/m.exec(readFileSync("/proc/self/status", "utf8"));
    if (match) return Number(match[1]);
  } catch {
    // not Linux: fall back to getrusage
  }
  return process.resourceUsage().maxRSS;
}
process.on("exit", () => process.stderr.write(`maxRSS ${peakRssKb()}\n`));
await import(new URL(script, `file://${process.cwd()}/`).href);
