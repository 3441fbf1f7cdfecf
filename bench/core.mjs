// Core throughput benchmark (the core issue): on one generated multi-constellation log of ≥ 1M
// sentences, in one run, sentences/s for
//   (a) line splitting alone, (b) nmea-simple's parseNmeaSentence alone, (c) gnsskit's pipeline to
//   epochs (framer + parser + tracker, in memory), (d) `gnsskit decode --format gpsd` end to end as a
//   process, and gpsd's `gpsdecode -j -u` on the same file when installed; then peak RSS of (d) on a
//   200 MB log. Prints ratios measured side by side. Options: --sentences N, --big-mb M (0 skips it),
//   --runs R (process runs of (d) and gpsdecode taking turns, best kept; default 3). (d) prints on a second
//   thread (src/cli/gpsd-printer.ts): CPU times are printed beside the wall times.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { writeLog } from "./generate-log.mjs";
import { best, opt, fmt, hasGpsdecode, root, timeInTurns } from "./measure.mjs";
import { gnsskit } from "./pipeline-gnsskit.mjs";
import { nmeaSimple } from "./pipeline-nmea-simple.mjs";

const sentences = opt("--sentences", 1_000_000);
const bigMb = opt("--big-mb", 200);
/** Process runs of (d) and gpsdecode, taking turns, best kept for each (as for (a)–(c)): one run on a shared machine is noise. */
const processRuns = opt("--runs", 3);
const log = join(tmpdir(), `gnsskit-bench-${process.pid}.nmea`);

/** Line splitting as the peers do it (parser-readline, nmea-simple users): split, count the non-empty lines. */
function splitLines(text) {
  let count = 0;
  for (const line of text.split("\n")) if (line.length > 1) count++;
  return count;
}

console.log(`generating ${fmt(sentences)} sentences…`);
const n = await writeLog(log, sentences);
const bytes = readFileSync(log);
const text = bytes.toString("latin1");
console.log(`log: ${fmt(n)} sentences, ${(bytes.length / 1e6).toFixed(1)} MB\n`);

const a = best("(a) line splitting alone", () => splitLines(text));
const b = best("(b) nmea-simple parseNmeaSentence", () => nmeaSimple(text), 2);
const c = best("(c) gnsskit framer+parser+tracker → epochs", () => gnsskit(bytes), 3);
const [d, gpsdecode] = timeInTurns(
  [
    { command: process.execPath, argv: [join(root, "bin/gnsskit.js"), "decode", log, "--format", "gpsd", "--quiet"] },
    ...(hasGpsdecode() ? [{ command: "gpsdecode", argv: ["-j", "-u"], input: bytes }] : []),
  ],
  processRuns,
);
const rate = (ms) => (n / ms) * 1000;
const rows = [a, b, c, { label: "(d) gnsskit decode --format gpsd (process)", ms: d.ms, cpuMs: d.cpuMs }];
if (gpsdecode) rows.push({ label: "gpsd gpsdecode -j -u (process)", ms: gpsdecode.ms, cpuMs: gpsdecode.cpuMs });
const cpu = (r) => (r.cpuMs === undefined ? "" : `, CPU ${r.cpuMs.toFixed(0)} ms`);
for (const r of rows) console.log(`${r.label.padEnd(48)} ${fmt(rate(r.ms)).padStart(11)} sentences/s  (${r.ms.toFixed(0)} ms${cpu(r)})`);
console.log("");
console.log(`ratio (c)/(b) pipeline vs nmea-simple bare parse: ${(b.ms / c.ms).toFixed(2)}x   (target ≥ 1.0x)`);
if (gpsdecode) {
  console.log(`ratio (d)/gpsdecode end to end:                    ${(gpsdecode.ms / d.ms).toFixed(2)}x   (target ≥ 3x)`);
  // decode prints on a second thread (src/cli/gpsd-printer.ts); gpsdecode uses one: the CPU it costs, side by side
  console.log(`  in CPU time (all threads):                       ${(gpsdecode.cpuMs / d.cpuMs).toFixed(2)}x`);
} else console.log("gpsdecode not installed (Debian gpsd-clients): end-to-end ratio not measured");
if (d.status !== 0) console.log(`decode exited ${d.status}: ${d.stderr.trim()}`);
unlinkSync(log);

if (bigMb > 0) {
  const big = join(tmpdir(), `gnsskit-bench-big-${process.pid}.nmea`);
  const perSentence = bytes.length / n;
  const bigN = await writeLog(big, Math.ceil((bigMb * 1e6) / perSentence));
  const size = statSync(big).size;
  const t0 = performance.now();
  const run = spawnSync(process.execPath, [join(root, "bench/rss.mjs"), join(root, "bin/gnsskit.js"), "decode", big, "--format", "gpsd", "--quiet"], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  const ms = performance.now() - t0;
  const rss = /maxRSS (\d+)/.exec(String(run.stderr));
  console.log(
    `\npeak RSS, decode --format gpsd of a ${(size / 1e6).toFixed(0)} MB log (${fmt(bigN)} sentences): ${rss ? (Number(rss[1]) / 1024).toFixed(0) : "?"} MB (target < 150 MB), ${fmt((bigN / ms) * 1000)} sentences/s`,
  );
  if (existsSync(big)) unlinkSync(big);
}
