// The logs people actually have (issue 18): every goal measured side by side in one run, on real receiver logs
// (the gpsd corpus at ../shared/corpus/gpsd or $GNSSKIT_CORPUS, its .log files joined and repeated in a temporary
// directory, never copied into the repository):
//   startup: `gnsskit --version` and decode of a 10-line file against `node -e 0`;
//   decode --format gpsd of one typical log (~180 KB), ~2 MB and ~51 MB against gpsd's gpsdecode -j -u, wall and
//   CPU time (all threads), and at 51 MB also with both piped into a reader that uses CPU (bench/json-reader.mjs);
//   the library (framer+parser+tracker to epochs) against nmea-simple's bare parse and GPS.js's sentences to
//   navigation state, cold (one pass, whole process) and warm (each in a process of its own, best of 6 passes:
//   bench/warm.mjs);
//   peak RSS of decode --format gpsd on a ~200 MB real log.
// Ends with one table: each goal, its figure, its target, met or not.
// Options: --runs R (process runs taking turns, best kept; default 5), --big-mb M (0 skips the RSS log).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { hasGpsdecode, opt, root, timeInTurns } from "./measure.mjs";

const runs = opt("--runs", 5);
const bigMb = opt("--big-mb", 200);
const corpus = process.env.GNSSKIT_CORPUS ?? join(root, "../shared/corpus/gpsd");
/** The corpus's typical single log (a B&G Zeus² 9 chartplotter: GPS with heading, wind and depth sentences, 182 KB). */
const typicalName = "bundg_zeus_9.log";

let names;
try {
  names = readdirSync(corpus)
    .filter((name) => name.endsWith(".log"))
    .sort();
} catch {
  console.log(`no gpsd corpus at ${corpus} (set GNSSKIT_CORPUS): real-log bench skipped`);
  process.exit(0);
}
if (!hasGpsdecode()) {
  console.log("gpsdecode not installed (Debian gpsd-clients): real-log bench skipped");
  process.exit(0);
}
const joined = Buffer.concat(names.map((name) => readFileSync(join(corpus, name))));
const dir = mkdtempSync(join(tmpdir(), "gnsskit-real-"));
/** The joined corpus repeated to at least `mb` MB, written to `name`. */
function repeated(name, mb) {
  const copies = Math.max(1, Math.ceil((mb * 1e6) / joined.length));
  const path = join(dir, name);
  writeFileSync(path, Buffer.concat(Array.from({ length: copies }, () => joined)));
  return { path, bytes: copies * joined.length, copies };
}
const typicalBytes = readFileSync(join(corpus, typicalName));
const typical = { path: join(corpus, typicalName), bytes: typicalBytes.length };
const tenLines = join(dir, "ten-lines.log");
// ten sentences from the typical log's first GGA on: a whole cycle, one TPV and SKY printed (its first ten lines are
// comments and sentences gnsskit does not decode, which would time an error path)
const sentenceLines = typicalBytes
  .toString("latin1")
  .split("\n")
  .filter((line) => line.startsWith("$"));
const firstGga = sentenceLines.findIndex((line) => line.slice(3, 6) === "GGA");
writeFileSync(tenLines, sentenceLines.slice(firstGga, firstGga + 10).join("\n") + "\n");
const twoMb = repeated("2mb.log", 2);
const fiftyMb = repeated("51mb.log", 51);
console.log(`corpus: ${names.length} logs joined, ${(joined.length / 1e6).toFixed(2)} MB a copy; ${runs} runs of each process taking turns, best kept\n`);

const bin = join(root, "bin/gnsskit.js");
const node = process.execPath;
const decode = (path) => ({ command: node, argv: [bin, "decode", path, "--format", "gpsd", "--quiet"] });
const gpsdecode = (path) => ({ command: "sh", argv: ["-c", `exec gpsdecode -j -u < '${path}'`] });
const ms = (r) => `${r.ms.toFixed(0)} ms (CPU ${r.cpuMs.toFixed(0)} ms)`;
const goals = [];
/** A row of the closing table; met is undefined for a figure printed beside a goal without one of its own. */
function goal(name, ours, peer, ratio, target, met) {
  goals.push({ name, ours, peer, ratio, target, met });
}

// startup; what the command line's code cache did (GNSSKIT_DEBUG=bundle: one line a bundle file), said beside the figures
const cacheLines =
  String(spawnSync(node, [bin, "decode", tenLines, "--quiet"], { env: { ...process.env, GNSSKIT_DEBUG: "bundle" } }).stderr).match(/^gnsskit: debug: .*$/gm) ??
  [];
const cacheUsed = cacheLines.filter((line) => line.endsWith("code cache used")).length;
console.log(`code cache: used for ${cacheUsed} of the ${cacheLines.length} bundle files a decode loads\n`);
const [nodeZero, version, small] = timeInTurns([{ command: node, argv: ["-e", "0"] }, { command: node, argv: [bin, "--version"] }, decode(tenLines)], runs);
goal(
  "startup: gnsskit --version",
  ms(version),
  `node -e 0: ${ms(nodeZero)}`,
  `${(version.ms / nodeZero.ms).toFixed(2)}x node`,
  "≤ 1.5x node",
  version.ms <= 1.5 * nodeZero.ms,
);
goal(
  "startup: decode of a 10-line file",
  ms(small),
  `node -e 0: ${ms(nodeZero)}`,
  `${(small.ms / nodeZero.ms).toFixed(2)}x node`,
  "≤ 1.5x node",
  small.ms <= 1.5 * nodeZero.ms,
);

// real logs of every size, against gpsdecode
const [typicalOurs, typicalGpsd, nodeAgain] = timeInTurns([decode(typical.path), gpsdecode(typical.path), { command: node, argv: ["-e", "0"] }], runs);
goal(
  `typical log (${(typical.bytes / 1e3).toFixed(0)} KB)`,
  ms(typicalOurs),
  `node -e 0: ${ms(nodeAgain)}`,
  `${(typicalOurs.ms / nodeAgain.ms).toFixed(2)}x node`,
  "≤ 2x node",
  typicalOurs.ms <= 2 * nodeAgain.ms,
);
goal(
  "  the same, against gpsdecode",
  ms(typicalOurs),
  `gpsdecode ${ms(typicalGpsd)}`,
  `${(typicalGpsd.ms / typicalOurs.ms).toFixed(2)}x (CPU ${(typicalGpsd.cpuMs / typicalOurs.cpuMs).toFixed(2)}x)`,
  "(no target)",
  undefined,
);
const speedup = (ours, peer) => `${(peer.ms / ours.ms).toFixed(2)}x (CPU ${(peer.cpuMs / ours.cpuMs).toFixed(2)}x)`;
const [twoOurs, twoGpsd] = timeInTurns([decode(twoMb.path), gpsdecode(twoMb.path)], runs);
goal(
  `${(twoMb.bytes / 1e6).toFixed(1)} MB (${twoMb.copies} copies)`,
  ms(twoOurs),
  `gpsdecode ${ms(twoGpsd)}`,
  speedup(twoOurs, twoGpsd),
  "≥ 1x gpsdecode",
  twoOurs.ms <= twoGpsd.ms,
);
const bigRuns = Math.min(runs, 3);
const [fiftyOurs, fiftyGpsd] = timeInTurns([decode(fiftyMb.path), gpsdecode(fiftyMb.path)], bigRuns);
goal(
  `${(fiftyMb.bytes / 1e6).toFixed(0)} MB (${fiftyMb.copies} copies)`,
  ms(fiftyOurs),
  `gpsdecode ${ms(fiftyGpsd)}`,
  speedup(fiftyOurs, fiftyGpsd),
  "≥ 3x, CPU ≥ 2x",
  fiftyGpsd.ms >= 3 * fiftyOurs.ms && fiftyGpsd.cpuMs >= 2 * fiftyOurs.cpuMs,
);
const reader = join(root, "bench/json-reader.mjs");
const piped = (producer) => ({ command: "sh", argv: ["-c", `${producer} | '${node}' '${reader}'`] });
const [pipedOurs, pipedGpsd] = timeInTurns(
  [piped(`'${node}' '${bin}' decode '${fiftyMb.path}' --format gpsd --quiet`), piped(`gpsdecode -j -u < '${fiftyMb.path}'`)],
  bigRuns,
);
goal(
  `${(fiftyMb.bytes / 1e6).toFixed(0)} MB into a JSON-parsing reader`,
  ms(pipedOurs),
  `gpsdecode ${ms(pipedGpsd)}`,
  speedup(pipedOurs, pipedGpsd),
  "≥ 3x, CPU ≥ 2x",
  pipedGpsd.ms >= 3 * pipedOurs.ms && pipedGpsd.cpuMs >= 2 * pipedOurs.cpuMs,
);

// the library, one thread, against nmea-simple's bare parse
const onePass = join(root, "bench/one-pass.mjs");
const [coldOurs, coldPeer, coldGpsJs] = timeInTurns(
  [
    { command: node, argv: [onePass, "gnsskit", twoMb.path] },
    { command: node, argv: [onePass, "nmea-simple", twoMb.path] },
    { command: node, argv: [onePass, "gps.js", twoMb.path] },
  ],
  runs,
);
goal(
  `library cold, ${(twoMb.bytes / 1e6).toFixed(1)} MB, whole process`,
  ms(coldOurs),
  `nmea-simple ${ms(coldPeer)}`,
  `${(coldPeer.ms / coldOurs.ms).toFixed(2)}x`,
  "≥ 1.5x nmea-simple",
  coldPeer.ms >= 1.5 * coldOurs.ms,
);
goal("  the same, against GPS.js", ms(coldOurs), `GPS.js ${ms(coldGpsJs)}`, `${(coldGpsJs.ms / coldOurs.ms).toFixed(2)}x`, "(no target)", undefined);
// warm: each library in a process of its own, the same number of passes (bench/warm.mjs), every pass printed
const warmLog = join(dir, "warm.log");
writeFileSync(warmLog, readFileSync(fiftyMb.path).subarray(0, 10 * joined.length));
/** bench/warm.mjs's passes of `library` over the warm log: { passesMs, bestMs }. */
function warm(library) {
  const run = spawnSync(node, [join(root, "bench/warm.mjs"), library, warmLog], { encoding: "utf8" });
  const result = JSON.parse(run.stdout);
  console.log(`library warm, ${library}: passes ${result.passesMs.join(", ")} ms`);
  return result;
}
const warmOurs = warm("gnsskit");
const warmPeer = warm("nmea-simple");
const warmGpsJs = warm("gps.js");
const warmMb = (10 * joined.length) / 1e6;
goal(
  `library warm, ${warmMb.toFixed(1)} MB, best of 6 passes`,
  `${warmOurs.bestMs} ms`,
  `nmea-simple ${warmPeer.bestMs} ms`,
  `${(warmPeer.bestMs / warmOurs.bestMs).toFixed(2)}x`,
  "≥ 1.5x nmea-simple",
  warmPeer.bestMs >= 1.5 * warmOurs.bestMs,
);
goal(
  "  the same, its first 3 passes",
  `${Math.min(...warmOurs.passesMs.slice(0, 3))} ms`,
  `nmea-simple ${Math.min(...warmPeer.passesMs.slice(0, 3))} ms`,
  `${(Math.min(...warmPeer.passesMs.slice(0, 3)) / Math.min(...warmOurs.passesMs.slice(0, 3))).toFixed(2)}x`,
  "(still warming)",
  undefined,
);
goal(
  "  the same, against GPS.js",
  `${warmOurs.bestMs} ms`,
  `GPS.js ${warmGpsJs.bestMs} ms`,
  `${(warmGpsJs.bestMs / warmOurs.bestMs).toFixed(2)}x`,
  "(no target)",
  undefined,
);

// memory
if (bigMb > 0) {
  rmSync(fiftyMb.path);
  const big = repeated("big.log", bigMb);
  const run = spawnSync(node, [join(root, "bench/rss.mjs"), bin, "decode", big.path, "--format", "gpsd", "--quiet"], { stdio: ["ignore", "ignore", "pipe"] });
  const rss = /maxRSS (\d+)/.exec(String(run.stderr));
  const mb = rss ? Number(rss[1]) / 1024 : Number.NaN;
  goal(`peak RSS, ${(big.bytes / 1e6).toFixed(0)} MB real log`, `${mb.toFixed(0)} MB`, "", "", "< 120 MB", mb < 120);
}
rmSync(dir, { recursive: true, force: true });

const widths = [40, 26, 30, 20, 20];
const row = (cells) =>
  cells
    .map((c, k) => String(c).padEnd(widths[k] ?? 0))
    .join(" ")
    .trimEnd();
console.log(row(["goal (real logs)", "gnsskit", "side by side", "figure", "target"]) + " met");
for (const g of goals) console.log(row([g.name, g.ours, g.peer, g.ratio, g.target]) + (g.met === undefined ? "" : g.met ? " yes" : " NO"));
