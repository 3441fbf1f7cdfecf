#!/usr/bin/env node
// Serial soak: a pty "receiver" (a child process) writes 10 Hz multi-constellation NMEA through a
// socat pty pair, paced at 115200 baud (10 bits per byte), into createSerialSource read by the whole
// pipeline (openGps: framer, parser, tracker). Prints sentences written vs framed (each compared byte for
// byte), epochs, peak RSS, and per-sentence latency from the last byte written (the receiver's write
// callback) to the epoch event that carries the sentence; beside it, the epoch's own delay (its last
// sentence written → its epoch event). Both ends read CLOCK_MONOTONIC (process.hrtime), so times compare
// across the two processes.
//
//   node bench/serial-soak.mjs [--seconds N] [--json]     (N = simulated seconds; default 20, 600 = 10 min)
// Needs: `npm run build` (dist/), socat.

import { fork, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const BAUD = 115200;
const EPOCH_HZ = 10;
const dist = (path) => new URL(`../dist/${path}`, import.meta.url);

function argument(name, fallback) {
  const at = process.argv.indexOf(name);
  return at < 0 ? fallback : process.argv[at + 1];
}

// ───────────── the simulated receiver's output ─────────────

function* epochSentences(withChecksum, epochs) {
  const pad = (n, w) => String(n).padStart(w, "0");
  const constellations = [
    { talker: "GP", systemId: 1, prns: [2, 5, 7, 9, 13, 15, 18, 20, 23, 26, 29, 30] },
    { talker: "GL", systemId: 2, prns: [65, 66, 72, 73, 80, 81, 87, 88] },
    { talker: "GA", systemId: 3, prns: [1, 4, 9, 11, 19, 24, 31, 36] },
    { talker: "GB", systemId: 4, prns: [6, 9, 14, 16, 21, 27, 33, 42] },
  ];
  for (let epoch = 0; epoch < epochs; epoch++) {
    const t = 12 * 3600 + epoch / EPOCH_HZ;
    const hhmmss = `${pad(Math.floor(t / 3600), 2)}${pad(Math.floor(t / 60) % 60, 2)}${pad(Math.floor(t) % 60, 2)}.${pad(Math.round((t % 1) * 100), 2)}`;
    const lat = `4807.${pad(38 + (epoch % 1000), 4)}`;
    const out = [
      `GNGGA,${hhmmss},${lat},N,01131.0000,E,1,24,0.7,545.4,M,46.9,M,,`,
      `GNRMC,${hhmmss},A,${lat},N,01131.0000,E,0.02,84.4,230394,,,A,V`,
      `GNVTG,84.4,T,,M,0.02,N,0.04,K,A`,
    ];
    for (const c of constellations) {
      const used = c.prns.slice(0, 6).map((p) => pad(p, 2));
      out.push(`GNGSA,A,3,${[...used, "", "", "", "", "", ""].slice(0, 12).join(",")},1.2,0.7,1.0,${c.systemId}`);
    }
    for (const c of constellations) {
      const total = Math.ceil(c.prns.length / 4);
      for (let m = 0; m < total; m++) {
        const sats = c.prns
          .slice(m * 4, m * 4 + 4)
          .map((p, i) => `${pad(p, 2)},${pad(10 + ((p * 7 + i) % 80), 2)},${pad((p * 37) % 360, 3)},${pad(25 + ((p + epoch) % 25), 2)}`);
        out.push(`${c.talker}GSV,${total},${m + 1},${pad(c.prns.length, 2)},${sats.join(",")},1`);
      }
    }
    out.push(`GNZDA,${hhmmss},23,03,1994,00,00`);
    for (const body of out) yield `${withChecksum(body)}\r\n`;
  }
}

// ───────────── child: the receiver writing into its end of the pty pair ─────────────

async function runReceiver(path, epochs) {
  const { SerialPort } = await import("serialport");
  const { withChecksum } = await import(dist("framing/checksum.js"));
  const port = new SerialPort({ path, baudRate: BAUD, autoOpen: false });
  await new Promise((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  const writtenAtNs = [];
  let bytes = 0;
  const start = process.hrtime.bigint();
  for (const sentence of epochSentences(withChecksum, epochs)) {
    // Pace to the line rate: a byte is 10 bits on the wire at 8N1.
    const dueNs = start + BigInt(Math.round(((bytes * 10) / BAUD) * 1e9));
    const waitMs = Number(dueNs - process.hrtime.bigint()) / 1e6;
    if (waitMs > 1) await new Promise((r) => setTimeout(r, waitMs));
    await new Promise((resolve, reject) => port.write(sentence, (e) => (e ? reject(e) : resolve())));
    writtenAtNs.push(process.hrtime.bigint());
    bytes += sentence.length;
  }
  await new Promise((resolve) => port.drain(() => resolve()));
  // Wait until the report is handed over: a 10-minute soak's report is megabytes, lost if the channel closes first.
  await new Promise((resolve) => process.send?.({ type: "done", bytes, writtenAtNs: writtenAtNs.map(String) }, resolve) ?? resolve());
  await new Promise((resolve) => port.close(() => resolve()));
  process.disconnect?.();
}

// ───────────── parent: socat, the source, the measurements ─────────────

const percentile = (sorted, p) => sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];

async function main() {
  const seconds = Number(argument("--seconds", "20"));
  if (!(seconds > 0)) throw new Error(`--seconds ${argument("--seconds")}: expected a positive number`);
  const epochs = Math.round(seconds * EPOCH_HZ);
  if (!existsSync(fileURLToPath(dist("node/sources/index.js")))) {
    console.error("serial-soak: dist/ is missing: run `npm run build` first");
    process.exit(1);
  }
  if (spawnSync("sh", ["-c", "command -v socat"]).status !== 0) {
    console.log("serial-soak: skipped: socat is not installed (Debian package socat)");
    return;
  }
  const { createSerialSource } = await import(dist("node/sources/index.js"));
  const { openGps } = await import(dist("gps.js"));
  const { withChecksum } = await import(dist("framing/checksum.js"));
  const expected = [...epochSentences(withChecksum, epochs)];

  const dir = mkdtempSync(join(tmpdir(), "gnsskit-soak-"));
  const linkSource = join(dir, "ttySource");
  const linkReceiver = join(dir, "ttyReceiver");
  const socat = spawn("socat", [`pty,raw,echo=0,link=${linkSource}`, `pty,raw,echo=0,link=${linkReceiver}`], { stdio: "ignore" });
  try {
    for (let i = 0; i < 200 && !(existsSync(linkSource) && existsSync(linkReceiver)); i++) await new Promise((r) => setTimeout(r, 25));
    const source = createSerialSource(linkSource, { baudRate: BAUD, reconnect: false });
    const gps = openGps({ source });

    let peakRssBytes = process.memoryUsage().rss;
    const sampler = setInterval(() => (peakRssBytes = Math.max(peakRssBytes, process.memoryUsage().rss)), 100);
    // Sentence k (in the order written) was framed as frame k; each epoch event takes the frames since the last one.
    let framed = 0;
    let mismatched = 0;
    let diagnostics = 0;
    let unassignedFrom = 0;
    const epochAtNs = []; // per frame: when the epoch event that carried it came
    const epochLastFrame = []; // per epoch event: index of its last frame
    const epochEventNs = [];
    let allEpochs;
    const allEpochsIn = new Promise((resolve) => (allEpochs = resolve));
    gps.on("frame", ({ frame }) => {
      if (`${frame.text}\r\n` !== expected[framed] || frame.checksum !== "ok") mismatched++;
      framed++;
    });
    gps.on("diagnostic", () => diagnostics++);
    gps.on("epoch", () => {
      const now = process.hrtime.bigint();
      for (let k = unassignedFrom; k < framed; k++) epochAtNs[k] = now;
      if (framed > unassignedFrom) {
        epochLastFrame.push(framed - 1);
        epochEventNs.push(now);
      }
      unassignedFrom = framed;
      if (epochEventNs.length >= epochs) allEpochs();
    });
    gps.on("close", () => allEpochs());

    const child = fork(fileURLToPath(import.meta.url), ["--receiver", linkReceiver, "--epochs", String(epochs)], { stdio: "inherit" });
    const report = new Promise((resolve, reject) => {
      child.on("message", (m) => m.type === "done" && resolve(m));
      // Settled already if the report came; else the receiver ended without one.
      child.on("exit", (code) => reject(new Error(`receiver exited with ${code} before its report`)));
    });
    const startedNs = process.hrtime.bigint();

    const running = gps.run().catch((error) => error);
    const done = await report;
    // Everything written has been handed to the pty; give the tail a bounded time to arrive. The last
    // cycle's epoch comes at its ender (learned from the cycles before), else when the pipeline ends.
    let tailTimer;
    await Promise.race([allEpochsIn, new Promise((r) => (tailTimer = setTimeout(r, 5000)))]);
    clearTimeout(tailTimer);
    const elapsedS = Number(process.hrtime.bigint() - startedNs) / 1e9;
    clearInterval(sampler);
    await gps.close();
    const failure = await running;
    if (failure !== undefined) throw failure;

    const written = done.writtenAtNs.map(BigInt);
    const ms = (ns) => Number(ns) / 1e6;
    const sentenceLatenciesMs = [];
    for (let k = 0; k < Math.min(framed, written.length); k++) if (epochAtNs[k] !== undefined) sentenceLatenciesMs.push(ms(epochAtNs[k] - written[k]));
    const epochLatenciesMs = epochEventNs.map((at, e) => ms(at - written[epochLastFrame[e]]));
    const figures = (values) => {
      const sorted = [...values].sort((a, b) => a - b);
      if (sorted.length === 0) return { p50: null, p99: null, max: null };
      return {
        p50: Number(percentile(sorted, 50).toFixed(3)),
        p99: Number(percentile(sorted, 99).toFixed(3)),
        max: Number(sorted[sorted.length - 1].toFixed(3)),
      };
    };
    const result = {
      simulatedSeconds: seconds,
      epochs,
      bytes: done.bytes,
      elapsedS: Number(elapsedS.toFixed(1)),
      sentencesWritten: written.length,
      sentencesReceived: framed,
      dropped: written.length - framed,
      mismatched,
      diagnostics,
      epochEvents: epochEventNs.length,
      sentencesWithoutEpoch: framed - sentenceLatenciesMs.length,
      peakRssMb: Number((peakRssBytes / 2 ** 20).toFixed(1)),
      /** Per sentence: its last byte written → the epoch event that carries it. */
      latencyMs: figures(sentenceLatenciesMs),
      /** Per epoch: its last sentence's last byte written → its epoch event (the pipeline's own delay). */
      epochLatencyMs: figures(epochLatenciesMs),
    };
    if (process.argv.includes("--json")) {
      console.log(JSON.stringify({ bench: "serial-soak", ...result }));
    } else {
      console.log(
        [
          `serial-soak: ${epochs} epochs (${seconds} s simulated at ${EPOCH_HZ} Hz), ${result.bytes} bytes paced at ${BAUD} baud through socat, ${result.elapsedS} s`,
          `  sentences written ${result.sentencesWritten}, framed ${result.sentencesReceived}, dropped ${result.dropped}, corrupted ${mismatched}, diagnostics ${diagnostics}; epoch events ${result.epochEvents} of ${epochs}`,
          `  per sentence, last byte written → its epoch event: p50 ${result.latencyMs.p50} ms, p99 ${result.latencyMs.p99} ms, max ${result.latencyMs.max} ms`,
          `  per epoch, its last byte written → epoch event:    p50 ${result.epochLatencyMs.p50} ms, p99 ${result.epochLatencyMs.p99} ms, max ${result.epochLatencyMs.max} ms`,
          `  peak RSS ${result.peakRssMb} MB`,
        ].join("\n"),
      );
    }
    if (result.dropped !== 0 || mismatched !== 0 || result.epochEvents !== epochs) process.exitCode = 1;
  } finally {
    socat.kill("SIGTERM");
    rmSync(dir, { recursive: true, force: true });
  }
}

if (process.argv.includes("--receiver")) {
  await runReceiver(argument("--receiver"), Number(argument("--epochs")));
} else {
  await main();
}
