// `npm run bench`: every benchmark of the project, one after the other, each printing ratios and
// figures measured side by side in one run (never asserted in tests).
//   node bench/run.mjs [--quick]   (--quick: smaller logs and shorter soaks, for a first look)
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import "./measure.mjs"; // its start-up environment, once for every bench

const quick = process.argv.includes("--quick");
const here = (name) => fileURLToPath(new URL(name, import.meta.url));
const benches = [
  { name: "core throughput and memory (core issue)", file: "core.mjs", args: quick ? ["--sentences", "300000", "--big-mb", "50"] : [] },
  {
    name: "real logs: startup, every size against gpsdecode, the library, memory (issue 18)",
    file: "real-logs.mjs",
    args: quick ? ["--runs", "2", "--big-mb", "0"] : [],
  },
  { name: "UBX throughput: a UBX-only simulated u-blox log (issue 15)", file: "ubx.mjs", args: quick ? ["--messages", "100000"] : [] },
  { name: "serial soak over a pty at 115200 baud (receivers issue)", file: "serial-soak.mjs", args: quick ? ["--seconds", "20"] : ["--seconds", "600"] },
  { name: "gpsd-compatible server under load (serve issue)", file: "serve-load.mjs", args: quick ? ["--duration", "5"] : [] },
  { name: "browser bundle size of the core (browser issue)", file: "bundle-size.mjs", args: [] },
  {
    name: "hostile peers: bad network answers, a connection flood on serve (issue 14)",
    file: "hostile-peers.mjs",
    args: quick ? ["--timeout", "5", "--connections", "500"] : [],
  },
  { name: "the README's main command to the monitor's first screen (first-run issue)", file: "first-screen.mjs", args: quick ? ["--runs", "3"] : [] },
  { name: "receivers through a local mosquitto, and decode over many files (fleet issue)", file: "fleet.mjs", args: quick ? ["--quick"] : [] },
];
let failed = 0;
for (const bench of benches) {
  const path = here(bench.file);
  console.log(`\n=== ${bench.name}: node bench/${bench.file} ${bench.args.join(" ")}`);
  if (!existsSync(path)) {
    console.log(`(bench/${bench.file} is not there: skipped)`);
    continue;
  }
  const run = spawnSync(process.execPath, [path, ...bench.args], { stdio: "inherit" });
  if (run.status !== 0) {
    failed++;
    console.log(`bench/${bench.file} exited ${run.status}`);
  }
}
process.exitCode = failed === 0 ? 0 : 1;
