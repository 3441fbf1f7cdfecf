// Load benchmark for `gnsskit serve` (issue 7): N concurrent watchers on loopback over a 10 Hz source
// for a fixed time. Prints whether every watcher received every epoch, delivery latency percentiles,
// and the server's RSS; meanwhile 1000 malformed requests arrive and slow readers that never read
// flood it with requests; the server must keep serving the others.
//
// The server runs in a child process (this file with --child) so its RSS is its own; the watchers run
// here. Source: the simulator (`sim:?start=hot&rate=10`) at real time. Needs `npm run build` first.
//
//   node bench/serve-load.mjs [--duration S=10] [--watchers N=200] [--malformed N=1000] [--slow N=5] [--rate HZ=10]
import { spawn } from "node:child_process";
import { connect } from "node:net";
import { performance } from "node:perf_hooks";
import { createInterface } from "node:readline";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const wallMs = () => performance.timeOrigin + performance.now();

if (args.includes("--child")) await child();
else await parent();

// ───────────────────────────── server side ─────────────────────────────
async function child() {
  const { createGpsdServer } = await import("../dist/node/gpsd-server/index.js");
  const { openGps } = await import("../dist/gps.js");
  const { openSource } = await import("../dist/node/open-source.js");
  const rate = opt("--rate", 10);
  const out = (object) => process.stdout.write(`${JSON.stringify(object)}\n`);
  const server = createGpsdServer({
    port: 0,
    maxClients: 1000,
    maxClientBufferBytes: 256 * 1024,
    log: (line, level) => {
      if (level === "warn") out({ log: line });
    },
  });
  const { port } = await server.listen();
  const gps = openGps({ source: openSource(`sim:?start=hot&rate=${rate}&speed=1&seed=7`) });
  let emitted = 0;
  // Stamp each epoch as the server broadcasts it: the device feed is the server's only input.
  const feed = {
    async *events() {
      for await (const event of gps.events()) {
        if (event.type === "epoch") out({ epoch: emitted++, at: wallMs() });
        yield event;
      }
    },
    close: () => gps.close(),
  };
  const rssTimer = setInterval(() => out({ rss: process.memoryUsage().rss }), 500);
  out({ port, rss: process.memoryUsage().rss });
  for await (const line of createInterface({ input: process.stdin })) {
    if (line === "go") server.addDevice("sim:", feed);
    if (line === "stop") {
      await gps.close();
      await server.devicesEnded();
      out({ done: emitted, stats: server.stats, rss: process.memoryUsage().rss });
    }
    if (line === "exit") break;
  }
  clearInterval(rssTimer);
  await server.close();
  process.exit(0);
}

// ───────────────────────────── client side ─────────────────────────────
async function parent() {
  const durationS = opt("--duration", 10);
  const watcherCount = opt("--watchers", 200);
  const malformedCount = opt("--malformed", 1000);
  const slowCount = opt("--slow", 5);
  const rate = opt("--rate", 10);

  const server = spawn(process.execPath, [new URL(import.meta.url).pathname, "--child", "--rate", String(rate)], { stdio: ["pipe", "pipe", "inherit"] });
  const emittedAt = new Map();
  const rssSamples = [];
  const serverLogs = [];
  let port;
  let done;
  const ready = new Promise((resolve) => {
    createInterface({ input: server.stdout }).on("line", (line) => {
      const msg = JSON.parse(line);
      if (msg.rss !== undefined) rssSamples.push(msg.rss);
      if (msg.port !== undefined) resolve((port = msg.port));
      if (msg.epoch !== undefined) emittedAt.set(msg.epoch, msg.at);
      if (msg.log !== undefined) serverLogs.push(msg.log);
      if (msg.done !== undefined) done?.(msg);
    });
  });
  await ready;
  const finished = new Promise((resolve) => (done = resolve));

  // Watchers: JSON watch, count TPVs in order, latency = receipt - the server's broadcast stamp.
  const latencies = [];
  const watchers = [];
  for (let i = 0; i < watcherCount; i++) {
    watchers.push(
      await new Promise((resolve) => {
        const w = { tpv: 0, sky: 0, closed: false, partial: "", watching: false, receivedAt: [] };
        const socket = connect(port, "127.0.0.1", () => socket.write('?WATCH={"enable":true,"json":true};\n'));
        socket.setEncoding("utf8");
        socket.on("data", (text) => {
          const at = wallMs();
          w.partial += text;
          let end;
          while ((end = w.partial.indexOf("\n")) >= 0) {
            const line = w.partial.slice(0, end);
            w.partial = w.partial.slice(end + 1);
            if (line.startsWith('{"class":"TPV"')) {
              w.receivedAt.push(at);
              w.tpv++;
            } else if (line.startsWith('{"class":"SKY"')) w.sky++;
            else if (line.startsWith('{"class":"WATCH"') && !w.watching) {
              w.watching = true;
              resolve(w);
            }
          }
        });
        socket.on("close", () => (w.closed = true));
        socket.on("error", () => undefined);
        w.socket = socket;
      }),
    );
  }
  server.stdin.write("go\n");
  const t0 = performance.now();

  // Slow readers: watch everything, flood requests, never read.
  const slow = [];
  for (let i = 0; i < slowCount; i++) {
    const socket = connect(port, "127.0.0.1", () => {
      socket.pause();
      socket.write('?WATCH={"enable":true,"json":true,"nmea":true};\n');
      socket.write("?DEVICES;".repeat(100_000));
    });
    socket.on("error", () => undefined);
    slow.push(socket);
  }

  // Malformed requests, spread over the run on a few connections.
  let errorReplies = 0;
  const kinds = ["?WATCH={not json}\n", "?BOGUS;\n", '?WATCH={"json":"yes"}\n', `?WATCH={"device":"${"x".repeat(2000)}"}\n`, "?WATCH=[1,2,3]\n", "?;\n"];
  const malformedConnections = 10;
  const perConnection = Math.ceil(malformedCount / malformedConnections);
  let malformedSent = 0;
  for (let c = 0; c < malformedConnections; c++) {
    const socket = connect(port, "127.0.0.1");
    socket.setEncoding("utf8");
    socket.on("data", (text) => (errorReplies += text.split('{"class":"ERROR"').length - 1));
    socket.on("error", () => undefined);
    let sent = 0;
    const timer = setInterval(
      () => {
        const batch = Math.min(10, perConnection - sent, malformedCount - malformedSent);
        for (let k = 0; k < batch; k++) socket.write(kinds[(malformedSent + k) % kinds.length]);
        sent += batch;
        malformedSent += batch;
        if (batch <= 0) {
          clearInterval(timer);
          setTimeout(() => socket.destroy(), 1000);
        }
      },
      (durationS * 500) / (perConnection / 10),
    );
  }

  await new Promise((r) => setTimeout(r, durationS * 1000));
  server.stdin.write("stop\n");
  const result = await finished;
  // Let the last reports arrive.
  const deadline = performance.now() + 3000;
  while (performance.now() < deadline && watchers.some((w) => w.tpv < result.done)) await new Promise((r) => setTimeout(r, 20));
  const elapsedS = (performance.now() - t0) / 1000;

  for (const w of watchers) {
    w.receivedAt.forEach((at, n) => {
      const sent = emittedAt.get(n);
      if (sent !== undefined) latencies.push(at - sent);
    });
  }
  const complete = watchers.filter((w) => w.tpv === result.done && w.sky === result.done).length;
  latencies.sort((a, b) => a - b);
  const pct = (p) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? NaN;
  const mb = (bytes) => (bytes / 1024 / 1024).toFixed(1);
  console.log(`serve-load: ${watcherCount} watchers over a ${rate} Hz sim: source for ${elapsedS.toFixed(1)} s`);
  console.log(`  epochs broadcast: ${result.done}; watchers that received every TPV and SKY: ${complete}/${watcherCount}`);
  console.log(
    `  delivery latency (broadcast → watcher): p50 ${pct(50).toFixed(2)} ms, p90 ${pct(90).toFixed(2)} ms, p99 ${pct(99).toFixed(2)} ms, max ${pct(100).toFixed(2)} ms (${latencies.length} samples)`,
  );
  console.log(`  server RSS: start ${mb(rssSamples[0])} MB, peak ${mb(Math.max(...rssSamples))} MB, end ${mb(result.rss)} MB`);
  console.log(
    `  malformed requests sent: ${malformedSent}; ERROR replies received: ${errorReplies}; server ERROR replies in total: ${result.stats.errorReplies}`,
  );
  console.log(`  slow readers (never read, flooding ?DEVICES): ${slowCount}; dropped by the server: ${result.stats.slowClientsDropped}`);
  console.log(`  watchers still connected at the end: ${watchers.filter((w) => !w.closed).length}/${watcherCount}`);
  for (const line of serverLogs.slice(0, 3)) console.log(`  server log: ${line}`);
  const ok = complete === watcherCount && result.done > 0 && errorReplies >= malformedSent;
  console.log(`  verdict: ${ok ? "OK" : "FAILED"}`);
  for (const w of watchers) w.socket.destroy();
  for (const socket of slow) socket.destroy();
  server.stdin.write("exit\n");
  process.exitCode = ok ? 0 : 1;
}
