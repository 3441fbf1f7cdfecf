// Fleet benchmark (issue 17): N simulated receivers at 1 Hz and 10 Hz published by one `gnsskit publish`
// process through a local mosquitto (started here on a free port, its own config in a temp dir), one consumer
// (this process: the library's mqtt:// fleet, a pipeline per device). Prints, as measured in this run:
// messages and epochs delivered, the broker round trip (publisher queued the nmea message → consumer got it)
// p50/p99, and the CPU per receiver of the publisher (simulator included), the consumer and the broker, from
// which the number of receivers a core holds. Then decode over many files: worker threads against one by one.
//
//   node bench/fleet.mjs [--seconds S=20] [--quick]      (needs npm run build and /usr/sbin/mosquitto)
import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { createServer, connect } from "node:net";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const root = fileURLToPath(new URL("..", import.meta.url));
const cli = join(root, "bin", "gnsskit.js");
const args = process.argv.slice(2);
const quick = args.includes("--quick");
const seconds = Number(args[args.indexOf("--seconds") + 1]) || (quick ? 8 : 20);
const MOSQUITTO = "/usr/sbin/mosquitto";
if (!existsSync(MOSQUITTO)) {
  console.log("fleet bench: /usr/sbin/mosquitto not installed (apt-get install mosquitto): skipped");
  process.exit(0);
}
if (!existsSync(join(root, "dist", "node", "mqtt", "fleet.js"))) {
  console.log("fleet bench: dist/ not built (npm run build): skipped");
  process.exit(0);
}
const { openFleet } = await import("../dist/node/mqtt/fleet.js");
const { openGps } = await import("../dist/gps.js");
const { parseSourceSpec } = await import("../dist/sources/spec.js");

const TICKS = Number(execFileSync("getconf", ["CLK_TCK"], { encoding: "utf8" }).trim()) || 100;
/** CPU seconds (user + system) of a process so far, from /proc (Linux). */
function cpuOf(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8")
      .replace(/^.*\) /, "")
      .split(" ");
    return (Number(fields[11]) + Number(fields[12])) / TICKS;
  } catch {
    return Number.NaN;
  }
}
const freePort = () =>
  new Promise((resolve) => {
    const server = createServer();
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
async function waitForPort(port) {
  for (;;) {
    const ok = await new Promise((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => (socket.destroy(), resolve(true)));
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
const percentile = (sorted, p) => (sorted.length === 0 ? Number.NaN : sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))]);

const dir = mkdtempSync(join(tmpdir(), "gnsskit-bench-fleet-"));
const port = await freePort();
writeFileSync(join(dir, "mosquitto.conf"), `listener ${port} 127.0.0.1\nallow_anonymous true\nmax_queued_messages 100000\n`);
const broker = spawn(MOSQUITTO, ["-c", join(dir, "mosquitto.conf")], { stdio: "ignore" });
await waitForPort(port);
const url = `mqtt://127.0.0.1:${port}`;

async function run(receivers, rateHz) {
  const prefix = `bench-${receivers}-${rateHz}`;
  const spec = parseSourceSpec(`${url}/${prefix}/+`);
  const latencies = [];
  let messages = 0;
  let epochs = 0;
  const runs = [];
  const consumerCpu0 = process.cpuUsage();
  const fleet = await openFleet(spec, {
    onNmea: (_device, message, receivedAtMs) => {
      messages++;
      latencies.push(receivedAtMs - message.queuedAtMs);
    },
  });
  fleet.onDevice((device) => {
    const gps = openGps({ source: device.source });
    gps.on("epoch", () => epochs++);
    runs.push(gps.run().catch(() => undefined));
  });
  const sources = Array.from({ length: receivers }, (_, k) => `sim:?start=hot&seed=${k + 1}&rate=${rateHz}&duration=${seconds}`);
  const publisher = spawn(process.execPath, [cli, "publish", ...sources, "--prefix", prefix, "--mqtt", url, "--spool", join(dir, "spool"), "-q"], {
    stdio: "ignore",
  });
  const brokerCpu0 = cpuOf(broker.pid);
  let publisherCpu = 0;
  const sampler = setInterval(() => {
    const cpu = cpuOf(publisher.pid);
    if (Number.isFinite(cpu)) publisherCpu = cpu;
  }, 200);
  const exitCode = await new Promise((resolve) => publisher.once("exit", resolve));
  clearInterval(sampler);
  // what the broker still has for us
  const end = Date.now() + 10_000;
  while ([...fleet.devices.values()].some((d) => d.online !== false) && Date.now() < end) await new Promise((resolve) => setTimeout(resolve, 50));
  await fleet.close();
  await Promise.all(runs);
  const consumer = process.cpuUsage(consumerCpu0);
  const brokerCpu = cpuOf(broker.pid) - brokerCpu0;
  latencies.sort((a, b) => a - b);
  const perReceiver = (cpuS) => (cpuS / (receivers * seconds)) * 100;
  const consumerS = (consumer.user + consumer.system) / 1e6;
  return {
    receivers,
    rateHz,
    exitCode,
    messages,
    epochs,
    expectedEpochs: receivers * seconds * rateHz,
    p50: percentile(latencies, 0.5),
    p99: percentile(latencies, 0.99),
    publisherPct: perReceiver(publisherCpu),
    consumerPct: perReceiver(consumerS),
    brokerPct: perReceiver(brokerCpu),
  };
}

console.log(
  `mosquitto on ${url}; each run ${seconds} s of simulated receivers (hot start) published by one gnsskit publish, consumed here; ${availableParallelism()} cores`,
);
console.log("receivers  rate   nmea msgs  epochs in/out       round trip p50 / p99   CPU per receiver: publisher+sim / consumer / broker (% of a core)");
const plan = quick
  ? [
      [10, 1],
      [50, 1],
      [10, 10],
    ]
  : [
      [10, 1],
      [100, 1],
      [300, 1],
      [10, 10],
      [50, 10],
    ];
const results = [];
for (const [receivers, rateHz] of plan) {
  const r = await run(receivers, rateHz);
  results.push(r);
  console.log(
    `${String(r.receivers).padStart(9)}  ${String(r.rateHz).padStart(2)} Hz  ${String(r.messages).padStart(9)}  ${`${r.epochs}/${r.expectedEpochs}`.padStart(15)}  ${`${r.p50.toFixed(1)} / ${r.p99.toFixed(1)} ms`.padStart(22)}   ` +
      `${r.publisherPct.toFixed(2)}% / ${r.consumerPct.toFixed(2)}% / ${r.brokerPct.toFixed(2)}%${r.exitCode === 0 ? "" : `  (publisher exited ${r.exitCode})`}`,
  );
}
for (const rateHz of [1, 10]) {
  const worst = results.filter((r) => r.rateHz === rateHz).at(-1);
  if (worst === undefined) continue;
  const per = (pct) => (pct > 0 ? Math.floor(100 / pct) : Infinity);
  console.log(
    `at ${rateHz} Hz, one core holds about ${per(worst.publisherPct)} publishing receivers (with their simulator), ${per(worst.consumerPct)} consumed receivers, ${per(worst.brokerPct)} receivers through the broker (from the ${worst.receivers}-receiver run)`,
  );
}
broker.kill("SIGTERM");

// decode over many files: one command (worker threads) against one decode per file
const logs = [];
for (let k = 0; k < (quick ? 4 : 8); k++) {
  const path = join(dir, `log-${k}.nmea`);
  execFileSync(process.execPath, [cli, "record", `sim:?start=cold&seed=${k + 1}&speed=max&rate=10&duration=${quick ? 120 : 600}`, "-o", path, "-q"]);
  logs.push(path);
}
const time = (argv) => {
  const t0 = performance.now();
  execFileSync(process.execPath, [cli, ...argv], { stdio: ["ignore", "ignore", "ignore"], maxBuffer: 1 << 30 });
  return performance.now() - t0;
};
const sequentialMs = logs.reduce((sum, log) => sum + time(["decode", log, "--format", "gpsd", "-o", "/dev/null", "-q"]), 0);
const parallelMs = time(["decode", ...logs, "--format", "gpsd", "-o", "/dev/null", "-q"]);
console.log(
  `decode --format gpsd of ${logs.length} logs (10 Hz, ${quick ? 2 : 10} min each): one by one ${(sequentialMs / 1000).toFixed(1)} s, in one command ${(parallelMs / 1000).toFixed(1)} s ` +
    `(${(sequentialMs / parallelMs).toFixed(2)}× on ${availableParallelism()} cores)`,
);
