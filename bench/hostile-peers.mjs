// Hostile peers (issue 14): what one bad network answer costs `gnsskit locate` (peak RSS, time, bytes
// reported) — an answer that inflates without end (gzip members of zeros, sent although identity was asked),
// a plain body without end, and a body trickling a byte at a time — beside a normal answer; and the file
// descriptors `gnsskit serve` holds under `ulimit -n 256` while 2,000 idle connections are open.
// Needs `npm run build` first.
//
//   node bench/hostile-peers.mjs [--timeout S=60] [--connections N=2000]
import { spawn } from "node:child_process";
import { readdirSync, mkdtempSync } from "node:fs";
import { createServer } from "node:http";
import { connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

const args = process.argv.slice(2);
const opt = (name, dflt) => {
  const i = args.indexOf(name);
  return i >= 0 ? Number(args[i + 1]) : dflt;
};
const root = fileURLToPath(new URL("../", import.meta.url));
const BIN = join(root, "bin", "gnsskit.js");
const RSS = join(root, "bench", "rss.mjs");
const WIFI = join(root, "fixtures", "network", "nmcli-wifi.txt");

// ───────────────────────────── locate against bad answers ─────────────────────────────
const member = gzipSync(Buffer.alloc(1 << 20), { level: 9 });
const server = createServer((req, res) => {
  req.resume();
  req.on("end", () => {
    const pump = (next) => {
      const go = () => {
        while (!res.destroyed) if (!res.write(next())) return void res.once("drain", go);
      };
      go();
    };
    if (req.url.startsWith("/ok")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      res.end('{"location":{"lat":48.85837,"lng":2.29448},"accuracy":42.5}');
    } else if (req.url.startsWith("/gzip-bomb")) {
      res.writeHead(200, { "Content-Type": "application/json", "Content-Encoding": "gzip" });
      pump(() => member);
    } else if (req.url.startsWith("/endless")) {
      res.writeHead(200, { "Content-Type": "application/json" });
      pump(() => Buffer.alloc(64 * 1024, 0x20));
    } else {
      res.writeHead(200, { "Content-Type": "application/json" });
      const timer = setInterval(() => (res.destroyed ? clearInterval(timer) : res.write(" ")), 10);
    }
  });
});
await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
const base = `http://127.0.0.1:${server.address().port}`;

function locate(path) {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(
      process.execPath,
      [RSS, BIN, "locate", "--provider", `${base}${path}`, "--wifi", WIFI, "--timeout", String(opt("--timeout", 60)), "--json"],
      {
        stdio: ["ignore", "pipe", "pipe"],
        env: { ...process.env, GNSSKIT_STATE_DIR: mkdtempSync(join(tmpdir(), "gnsskit-bench-")) },
      },
    );
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (t) => (stdout += t));
    child.stderr.on("data", (t) => (stderr += t));
    child.on("exit", (code) => {
      const ms = performance.now() - started;
      const rssKb = Number(/maxRSS (\d+)/.exec(stderr)?.[1] ?? NaN);
      let json = {};
      try {
        json = JSON.parse(stdout);
      } catch {
        // no JSON: the error line says why
      }
      const line = stderr.split("\n").find((l) => l.startsWith("gnsskit: ") && !l.includes("note:")) ?? "";
      resolve({ path, code, ms, rssKb, bytesReceived: json.bytesReceived, line });
    });
  });
}

console.log("locate against one answer each (peak RSS of the locate process, wall time, bytes it reports):");
for (const path of ["/ok", "/gzip-bomb", "/endless", "/trickle"]) {
  const r = await locate(path);
  console.log(
    `  ${path.padEnd(11)} exit ${r.code}  peak RSS ${(r.rssKb / 1024).toFixed(1).padStart(6)} MiB  ${(r.ms / 1000).toFixed(2).padStart(6)} s  ` +
      `bytesReceived ${String(r.bytesReceived ?? "-").padStart(7)}  ${r.line.slice(0, 110)}`,
  );
}
server.closeAllConnections();
server.close();

// ───────────────────────────── serve under a connection flood ─────────────────────────────
const connections = opt("--connections", 2000);
const serve = spawn("bash", ["-c", `ulimit -n 256; exec "${process.execPath}" "${BIN}" serve --port 0 "sim:?start=hot&rate=1"`], {
  stdio: ["ignore", "ignore", "pipe"],
});
const port = await new Promise((resolve, reject) => {
  let text = "";
  serve.stderr.on("data", (t) => {
    text += t;
    const m = /on 127\.0\.0\.1:(\d+)/.exec(text);
    if (m) resolve(Number(m[1]));
  });
  serve.once("exit", () => reject(new Error(`serve exited: ${text}`)));
});
const fds = () => readdirSync(`/proc/${serve.pid}/fd`).length;
const idle = fds();
const sockets = [];
let answered = 0;
let refused = 0;
const started = performance.now();
const connectOne = () =>
  new Promise((resolve) => {
    const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true }); // never closes its end
    sockets.push(socket);
    let text = "";
    socket.setEncoding("utf8");
    socket.on("data", (t) => {
      text += t;
      if (!text.includes("\n")) return;
      answered++;
      if (text.includes('"class":"ERROR"')) refused++;
      resolve();
    });
    socket.on("error", () => resolve());
    socket.on("close", () => resolve());
  });
// In batches of 100, each answered before the next: a burst past the listen backlog has its SYNs retried for minutes.
for (let opened = 0; opened < connections; opened += 100) await Promise.all(Array.from({ length: Math.min(100, connections - opened) }, connectOne));
const flooded = fds();
console.log(
  `serve under ulimit -n 256: ${connections} idle connections in ${((performance.now() - started) / 1000).toFixed(2)} s, ${answered} answered (${refused} refused with ERROR); ` +
    `server fds ${idle} idle, ${flooded} with every connection still open (client limit 64)`,
);
for (const s of sockets) s.destroy();
serve.kill("SIGTERM");
