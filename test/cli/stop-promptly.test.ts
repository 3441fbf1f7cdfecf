// The built CLI against peers that give nothing, or give up: a silent serial port during the baud hunt, a pipe
// whose reader went away, a FIFO with no writer, a TCP peer that closes at once or says nothing. Each run says
// what it waits for in one line, and --duration, the first Ctrl-C or SIGTERM ends it at once (DESIGN.md: never a
// hang). In peers: it starts socat, mkfifo, TCP servers and the CLI.

import { spawn, type ChildProcess } from "node:child_process";
import { execFileSync } from "node:child_process";
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
