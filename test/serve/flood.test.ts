// `gnsskit serve` as a process under `ulimit -n 256`, flooded with 2,000 connections that never close
// (allowHalfOpen: they keep their end open after the server's, as a careless or hostile peer does): every
// connection gets an answer (VERSION, or ERROR past --max-clients), the refused ones are closed by the
// server at once, so its descriptors stay bounded by the client limit, and a client arriving during the
// flood is answered, and served once a slot is free.

import { spawn, execFileSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { connect, type Socket } from "node:net";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${root}bin/gnsskit.js`;
const CONNECTIONS = 2000;
const MAX_CLIENTS = 64;
const BATCH = 100;

function serveBuilt(): boolean {
  if (!existsSync(`${root}dist/cli/main.js`)) return false;
  try {
    execFileSync(process.execPath, [BIN, "serve", "--help"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
/** This process's soft descriptor limit (the test holds every connection open). */
function ownFdLimit(): number {
  try {
    return Number(/^Max open files\s+(\d+)/m.exec(readFileSync("/proc/self/limits", "utf8"))?.[1] ?? 0);
  } catch {
    return 0;
  }
}
const skip = !serveBuilt()
  ? "`serve` is not in dist/ (run `npm run build`)"
  : !existsSync("/proc/self/fd")
    ? "no /proc to count descriptors"
    : ownFdLimit() < CONNECTIONS + 200
      ? `this process may open only ${ownFdLimit()} descriptors (needs ${CONNECTIONS + 200}: ulimit -n)`
      : undefined;
if (skip !== undefined) console.warn(`skipped: ${skip}`);

interface Peer {
  socket: Socket;
  firstLine: Promise<string | undefined>;
}

/** A connection that never closes its end; `firstLine` is what the server said first (undefined: closed silently). */
function peer(port: number): Peer {
  const socket = connect({ port, host: "127.0.0.1", allowHalfOpen: true });
  socket.setEncoding("utf8");
  socket.on("error", () => undefined);
  const firstLine = new Promise<string | undefined>((resolve) => {
    let text = "";
    socket.on("data", (chunk: string) => {
      text += chunk;
      const end = text.indexOf("\n");
      if (end >= 0) resolve(text.slice(0, end));
    });
    socket.on("end", () => resolve(undefined));
    socket.on("close", () => resolve(undefined));
  });
  return { socket, firstLine };
}

async function waitUntil(condition: () => boolean, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

const classOf = (line: string | undefined): string => (line === undefined ? "nothing" : ((JSON.parse(line) as { class?: string }).class ?? "?"));

const children: ChildProcess[] = [];
// Also after a timeout, when the test body never reaches its own cleanup.
afterEach(() => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
});

describe.skipIf(skip !== undefined)("gnsskit serve under ulimit -n 256, 2,000 idle connections", () => {
  it("answers every connection, closes the refused ones, keeps its descriptors bounded and serves a client again", async () => {
    const child = spawn(
      "bash",
      ["-c", `ulimit -n 256; exec "${process.execPath}" "${BIN}" serve --port 0 --max-clients ${MAX_CLIENTS} "sim:?start=hot&rate=1"`],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    children.push(child);
    const peers: Peer[] = [];
    try {
      const port = await new Promise<number>((resolve, reject) => {
        let text = "";
        child.stderr.setEncoding("utf8");
        child.stderr.on("data", (chunk: string) => {
          text += chunk;
          const match = /on 127\.0\.0\.1:(\d+)/.exec(text);
          if (match) resolve(Number(match[1]));
        });
        child.once("exit", () => reject(new Error(`serve exited: ${text}`)));
      });
      const fds = (): number => readdirSync(`/proc/${child.pid}/fd`).length;
      const idleFds = fds();

      // In batches, each answered before the next: a burst past the listen backlog would have its SYNs
      // dropped and retried by the kernel for minutes, whatever the server does.
      const first: (string | undefined)[] = [];
      for (let opened = 0; opened < CONNECTIONS; opened += BATCH) {
        const batch = Array.from({ length: Math.min(BATCH, CONNECTIONS - opened) }, () => peer(port));
        peers.push(...batch);
        first.push(...(await Promise.all(batch.map((p) => p.firstLine))));
      }
      const counts = first.reduce<Record<string, number>>((n, line) => ({ ...n, [classOf(line)]: (n[classOf(line)] ?? 0) + 1 }), {});
      expect(counts).toEqual({ VERSION: MAX_CLIENTS, ERROR: CONNECTIONS - MAX_CLIENTS });

      // The refused are closed by the server although their peers keep their end open.
      const bound = idleFds + MAX_CLIENTS + 8;
      await waitUntil(() => fds() <= bound, `at most ${bound} descriptors in the server (idle ${idleFds}, now ${fds()})`);

      // A client arriving during the flood is told why, not left waiting…
      const late = peer(port);
      peers.push(late);
      expect(classOf(await late.firstLine)).toBe("ERROR");
      // …and once the idle clients leave, a client gets the banner.
      for (const [i, line] of first.entries()) if (classOf(line) === "VERSION") peers[i]!.socket.destroy();
      await waitUntil(() => fds() <= idleFds + 8, "the served clients' descriptors to be released");
      const legitimate = peer(port);
      peers.push(legitimate);
      expect(classOf(await legitimate.firstLine)).toBe("VERSION");
    } finally {
      for (const p of peers) p.socket.destroy();
      child.kill("SIGTERM");
    }
  }, 120_000);
});
