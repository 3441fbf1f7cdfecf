// UBX throughput benchmark: on a UBX-heavy log from the simulated u-blox (UBX only: per epoch NAV-PVT, NAV-SAT,
// NAV-SIG, NAV-STATUS, NAV-DOP, NAV-TIMEUTC, NAV-EOE), messages/s for (a) gnsskit's framer + UBX decoder alone,
// (b) framer + UBX decoder + tracker to epochs, in memory, (c) `gnsskit decode --format gpsd` end to end as a
// process, and gpsd's `gpsdecode -j` on the same file when installed: the outside peer figure (pyubx2's
// UBXReader is the peer, but PyPI is not reachable from this project's machines).
// Options: --messages N (default 1,000,000), --runs R (process runs taking turns, best kept; default 3).
import { spawnSync } from "node:child_process";
import { closeSync, openSync, readFileSync, unlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { createFramer } from "../dist/framing/framer.js";
import { createUbxDecoder } from "../dist/parsing/ubx/index.js";
import { createTracker } from "../dist/state/index.js";
import { hasGpsdecode, timeInTurns } from "./measure.mjs";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const messages = opt("--messages", 1_000_000);
const processRuns = opt("--runs", 3);
const root = new URL("..", import.meta.url).pathname;
const bin = join(root, "bin/gnsskit.js");
const log = join(tmpdir(), `gnsskit-bench-ubx-${process.pid}.ubx`);
const fmt = (n) => Math.round(n).toLocaleString("en-US");
/** Messages per epoch the simulated u-blox sends with protocol=ubx. */
const PER_EPOCH = 7;

function best(fn, runs = 3) {
  let bestMs = Infinity;
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = fn();
    bestMs = Math.min(bestMs, performance.now() - t0);
  }
  return { ms: bestMs, result };
}

/** The log through the framer and UBX decoder, and with `track` into the tracker too: messages and epochs. */
function gnsskit(bytes, track) {
  const decoder = createUbxDecoder();
  const tracker = track ? createTracker({ timeBase: "sentence" }) : undefined;
  let decoded = 0;
  let epochs = 0;
  const onDiagnostic = () => undefined;
  const count = (update) => {
    for (const e of update.events) if (e.type === "epoch") epochs++;
  };
  if (tracker) count(tracker.open(0));
  const framer = createFramer({
    onFrame: () => undefined,
    onDiagnostic,
    onBinary(packet) {
      if (packet.protocol !== "UBX") return false;
      const message = decoder.decode(packet.bytes, packet.receivedAtMs, onDiagnostic);
      if (message === undefined) return true;
      decoded++;
      if (tracker) count(tracker.update(message, packet.receivedAtMs));
      return true;
    },
  });
  const chunk = 64 * 1024;
  for (let i = 0; i < bytes.length; i += chunk) framer.push(bytes.subarray(i, i + chunk), Number.NaN);
  framer.end();
  if (tracker) count(tracker.end(Number.NaN));
  return { decoded, epochs };
}

const seconds = Math.ceil(messages / PER_EPOCH);
console.log(`generating ${fmt(seconds)} s of a simulated u-blox sending UBX only…`);
const out = openSync(log, "w");
const sim = spawnSync(
  process.execPath,
  [bin, "simulate", "--chip", "ublox", "--protocol", "ubx", "--start", "hot", "--at", "2026-01-01T00:00:00Z", "--speed", "max", "--duration", String(seconds)],
  {
    stdio: ["ignore", out, "inherit"],
  },
);
closeSync(out);
if (sim.status !== 0) throw new Error(`simulate failed (${sim.status})`);
try {
  const bytes = readFileSync(log);
  const a = best(() => gnsskit(bytes, false));
  const b = best(() => gnsskit(bytes, true));
  const n = b.result.decoded;
  console.log(`log: ${fmt(n)} UBX messages, ${fmt(b.result.epochs)} epochs, ${(bytes.length / 1e6).toFixed(1)} MB\n`);
  const withGpsdecode = hasGpsdecode();
  const [c, gpsdecode] = timeInTurns(
    [
      { command: process.execPath, argv: [bin, "decode", log, "--format", "gpsd", "--quiet"] },
      ...(withGpsdecode ? [{ command: "gpsdecode", argv: ["-j"], input: bytes }] : []),
    ],
    processRuns,
  );
  const rows = [
    { label: "(a) gnsskit framer + UBX decoder", ...a },
    { label: "(b) gnsskit framer + UBX decoder + tracker", ...b },
    { label: "(c) gnsskit decode --format gpsd (process)", ...c },
  ];
  if (gpsdecode) rows.push({ label: "gpsd gpsdecode -j (process)", ...gpsdecode });
  const cpu = (r) => (r.cpuMs === undefined ? "" : `, CPU ${r.cpuMs.toFixed(0)} ms`);
  for (const r of rows) console.log(`${r.label.padEnd(44)} ${fmt((n / r.ms) * 1000).padStart(11)} messages/s  (${r.ms.toFixed(0)} ms${cpu(r)})`);
  if (gpsdecode) console.log(`\nratio (c)/gpsdecode end to end: ${(gpsdecode.ms / c.ms).toFixed(2)}x; in CPU time: ${(gpsdecode.cpuMs / c.cpuMs).toFixed(2)}x`);
  console.log("pyubx2 (the issue's peer): not measured, PyPI is not reachable here");
} finally {
  unlinkSync(log);
}
