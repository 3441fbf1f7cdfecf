// The built CLI against peers that give nothing, or give up: a silent serial port during the baud hunt, a pipe
// whose reader went away, a FIFO with no writer, a TCP peer that closes at once or says nothing. Each run says
// what it waits for in one line, and --duration, the first Ctrl-C or SIGTERM ends it at once (DESIGN.md: never a
// hang). In peers: it starts socat, mkfifo, TCP servers and the CLI.

import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createServer, type Server, type Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { cli } from "./_bin.js";
import { hasCommand, startSocatPair, tempDir, waitFor, type SocatPair } from "../node/sources/_pty.js";

interface Running {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  /** Exit status (or 128 + signal number) and the ms from the call to the exit. */
  exited: Promise<{ status: number | null; signal: NodeJS.Signals | null; atMs: number }>;
}

const children: ChildProcess[] = [];
const cleanups: Array<() => unknown> = [];
afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill("SIGKILL");
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

function start(args: readonly string[], options: { env?: NodeJS.ProcessEnv } = {}): Running {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"], env: { ...process.env, ...options.env } });
  children.push(child);
  let out = "";
  let err = "";
  child.stdout?.on("data", (chunk: Buffer) => (out += chunk.toString("utf8")));
  child.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
  const exited = new Promise<{ status: number | null; signal: NodeJS.Signals | null; atMs: number }>((resolve) =>
    child.once("close", (status, signal) => resolve({ status, signal, atMs: Date.now() })),
  );
  return { child, stdout: () => out, stderr: () => err, exited };
}

/** Sends `signal` and resolves with the exit and how long it took (ms). */
async function signalAndWait(run: Running, signal: NodeJS.Signals): Promise<{ status: number | null; signal: NodeJS.Signals | null; tookMs: number }> {
  const sentAtMs = Date.now();
  run.child.kill(signal);
  const exit = await run.exited;
  return { status: exit.status, signal: exit.signal, tookMs: exit.atMs - sentAtMs };
}

const haveSocat = hasCommand("socat");

describe.skipIf(!haveSocat)("a silent serial port during the baud hunt (socat pty)", () => {
  let socat: SocatPair | undefined;
  let pty: string;
  const setUp = async (): Promise<void> => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    pty = `${tmp.dir}/ttyA`;
    socat = await startSocatPair(pty, `${tmp.dir}/ttyB`);
    cleanups.push(() => socat?.kill());
  };

  it("--duration ends the hunt: exit 0 within a second of it (the hunt alone is 13.5 s)", async () => {
    await setUp();
    const startedMs = Date.now();
    const run = start(["decode", pty, "--duration", "1"]);
    const exit = await run.exited;
    expect(exit.status).toBe(0);
    expect(exit.atMs - startedMs).toBeLessThan(5000);
    expect(run.stderr()).toContain("no data received");
  });

  it("the first SIGINT or SIGTERM ends the hunt at once, with the summary", async () => {
    await setUp();
    for (const signal of ["SIGINT", "SIGTERM"] as const) {
      const run = start(["decode", pty]);
      // the hunt is under way once the port is open: give the process time to start and open it
      await new Promise((resolve) => setTimeout(resolve, 1500));
      const exit = await signalAndWait(run, signal);
      expect(exit.signal).toBeNull();
      expect(exit.status).toBe(0);
      expect(exit.tookMs).toBeLessThan(2000);
      expect(run.stderr()).toContain("no data received");
    }
  });
});

describe("record -o /dev/stdout into a pipe whose reader goes away", () => {
  it("ends at once with exit 1 and one line, and counts only what the pipe took", async () => {
    // a shell pipe, as a user types it (a child's stdout from spawn is a socket, which /dev/stdout cannot open)
    const shell = spawn(
      "bash",
      [
        "-c",
        'timeout -s KILL 20 "$0" "$1" record "sim:?speed=max" -o /dev/stdout | head -1 >/dev/null; echo "status ${PIPESTATUS[0]}" >&2',
        process.execPath,
        cli,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    children.push(shell);
    let err = "";
    shell.stderr?.on("data", (chunk: Buffer) => (err += chunk.toString("utf8")));
    const startedMs = Date.now();
    await new Promise((resolve) => shell.once("close", resolve));
    // before: it filled the pipe and blocked in write(2) for ever, deaf to SIGTERM (here killed at 20 s: 137)
    expect(err).toContain("status 1");
    expect(Date.now() - startedMs).toBeLessThan(10_000);
    expect(err).toContain("gnsskit: cannot write /dev/stdout: the reader closed the pipe");
    // the count is what write(2) took: the header line head read, and no 64 KiB of a pipe it also read itself
    const recorded = Number(/recorded: \/dev\/stdout \((\d+) B\)/.exec(err)?.[1]);
    expect(recorded).toBeGreaterThan(0);
    expect(recorded).toBeLessThan(65_536);
  });
});

describe.skipIf(process.platform === "win32")("a FIFO with no writer", () => {
  const fifo = (): string => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const path = `${tmp.dir}/feed`;
    execFileSync("mkfifo", [path]);
    return path;
  };

  it("decode and monitor say they wait for a writer, and the first SIGTERM or SIGINT ends them at once", async () => {
    const path = fifo();
    for (const [command, signal] of [
      ["decode", "SIGTERM"],
      ["monitor", "SIGINT"],
    ] as const) {
      const run = start([command, path]);
      // decode says it on stderr; monitor off a terminal on its stdout, as a link line
      const said = (): string => (command === "decode" ? run.stderr() : run.stdout());
      await waitFor(() => said().includes("waiting for a writer"), `${command}'s waiting line`, 10_000);
      expect(said()).toContain(command === "decode" ? `gnsskit: ${path}: waiting for a writer on ${path}` : `link: waiting for a writer on ${path}`);
      const exit = await signalAndWait(run, signal);
      expect(exit.signal).toBeNull();
      expect(exit.status).toBe(0);
      expect(exit.tookMs).toBeLessThan(2000);
    }
  });

  it("a writer that comes later is read whole; replay refuses a FIFO (exit 2: it would read it twice)", async () => {
    const path = fifo();
    const run = start(["decode", path, "-f", "csv"]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    // the writer opens, writes and closes: the run ends at the FIFO's end
    writeFileSync(
      path,
      "$GPGGA,101500.00,4807.0380,N,01131.0000,E,1,05,1.8,414.3,M,48.0,M,,*69\r\n$GPGGA,101501.00,4807.0380,N,01131.0000,E,1,05,1.8,414.3,M,48.0,M,,*68\r\n",
    );
    const exit = await run.exited;
    expect(exit.status).toBe(0);
    expect(run.stderr()).toContain("2 sentences");
    const replay = start(["replay", path]);
    expect((await replay.exited).status).toBe(2);
    expect(replay.stderr()).toContain("is a FIFO");
  });
});

/** A TCP server on 127.0.0.1 whose connections get `onConnection`; resolves with its port. */
async function tcpPeer(onConnection: (socket: Socket) => void): Promise<number> {
  const server: Server = createServer(onConnection);
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
      }),
  );
  return (server.address() as { port: number }).port;
}

describe("a TCP peer that accepts and says nothing", () => {
  it("decode says once that it is connected and still waiting; monitor off a terminal prints a waiting status line", async () => {
    const sockets: Socket[] = [];
    const port = await tcpPeer((socket) => sockets.push(socket));
    cleanups.push(() => {
      for (const socket of sockets) socket.destroy();
    });
    const env = { GNSSKIT_NO_DATA_NOTICE_MS: "500" };
    const decode = start(["decode", `tcp://127.0.0.1:${port}`], { env });
    const monitor = start(["monitor", `tcp://127.0.0.1:${port}`], { env });
    await waitFor(() => decode.stderr().includes("still waiting") && monitor.stdout().includes("waiting for data"), "the waiting lines", 10_000);
    expect(decode.stderr()).toContain(`gnsskit: tcp://127.0.0.1:${port}: connected, no data for 0.5 s (still waiting)`);
    expect(monitor.stdout()).toContain("waiting for data  connected, nothing received for 0.5 s");
    for (const run of [decode, monitor]) {
      const exit = await signalAndWait(run, "SIGINT");
      expect(exit.status).toBe(0);
      expect(exit.tookMs).toBeLessThan(2000);
    }
    // said once, not once per notice period
    expect(decode.stderr().match(/still waiting/g)?.length).toBe(1);
  });
});

describe("a TCP peer that accepts and closes at once", () => {
  it("backs off (0.25, 0.5, 1, 2 s…) instead of reconnecting every 0.3 s, and says so in a few lines", async () => {
    let connections = 0;
    // one whole GGA and half an RMC, then the end: every connection dies before a cycle is complete
    const port = await tcpPeer((socket) => {
      connections++;
      socket.end("$GPGGA,101500.00,4807.0380,N,01131.0000,E,1,05,1.8,414.3,M,48.0,M,,*69\r\n$GPRMC,1015");
    });
    const run = start(["decode", `tcp://127.0.0.1:${port}`, "-f", "csv"]);
    await waitFor(() => run.stderr().includes("4 connections in a row ended at once"), "the collapsed line", 10_000);
    const exit = await signalAndWait(run, "SIGINT");
    expect(exit.status).toBe(0);
    expect(exit.tookMs).toBeLessThan(2000);
    // 5 connections by the 4th drop's line (waits 0.25 + 0.5 + 1 s); at a fixed 0.25-0.3 s there were 77 in 20 s
    expect(connections).toBeLessThanOrEqual(6);
    const lines = run.stderr().split("\n");
    expect(lines.filter((line) => line.includes("disconnected")).length).toBeLessThanOrEqual(3);
    expect(lines.filter((line) => line.includes("reconnected after")).length).toBe(1);
    expect(run.stderr()).toContain("disconnected again (connection closed by the peer): 4 connections in a row ended at once; next try in 2.0 s");
  });
});
