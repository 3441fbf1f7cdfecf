// A real mosquitto for the fleet tests: its own config in a temp dir, a free port, started, killed and started
// again on the same port (the outage test); every wait is for the port to accept, never a fixed sleep.

import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { createServer, connect } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const MOSQUITTO = "/usr/sbin/mosquitto";
export const hasMosquitto = existsSync(MOSQUITTO);
export const hasOpenssl = ((): boolean => {
  try {
    execFileSync("openssl", ["version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export interface BrokerOptions {
  /** A password file with this one user; anonymous clients refused. */
  user?: { name: string; password: string };
  /** A TLS listener with a self-signed certificate made here by openssl. */
  tls?: boolean;
}

export interface Broker {
  readonly port: number;
  /** `mqtt://127.0.0.1:PORT` (mqtts:// for TLS). */
  readonly url: string;
  readonly dir: string;
  /** What the broker printed (its log). */
  readonly log: () => string;
  start(): Promise<void>;
  /** SIGKILL, as a crash: nothing saved but the last autosave. */
  kill(): Promise<void>;
  stop(): Promise<void>;
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const address = server.address();
      server.close(() => resolve(typeof address === "object" && address !== null ? address.port : 0));
    });
  });
}

async function waitForPort(port: number, child: ChildProcess, log: () => string, timeoutMs = 15_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`mosquitto exited (${child.exitCode}):\n${log()}`);
    const accepted = await new Promise<boolean>((resolve) => {
      const socket = connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (accepted) return;
    if (Date.now() > until) throw new Error(`mosquitto did not listen on ${port} within ${timeoutMs} ms:\n${log()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export async function startBroker(options: BrokerOptions = {}): Promise<Broker> {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-mosquitto-"));
  // mosquitto started as root drops to its own user: it must read what is here and write its database
  chmodSync(dir, 0o777);
  const port = await freePort();
  const lines = [
    `listener ${port} 127.0.0.1`,
    "log_dest stderr",
    "log_type error",
    "log_type warning",
    "log_type notice",
    // sessions and retained messages survive a kill (saved every second), as on a production broker
    "persistence true",
    `persistence_location ${dir}/`,
    "autosave_interval 1",
  ];
  if (options.user !== undefined) {
    const passwords = join(dir, "passwords");
    writeFileSync(passwords, "");
    execFileSync("mosquitto_passwd", ["-b", passwords, options.user.name, options.user.password], { stdio: "ignore" });
    chmodSync(passwords, 0o644);
    lines.push("allow_anonymous false", `password_file ${passwords}`);
  } else {
    lines.push("allow_anonymous true");
  }
  if (options.tls === true) {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    const san = ["-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"];
    execFileSync("openssl", ["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert, "-days", "2", "-subj", "/CN=localhost", ...san], {
      stdio: "ignore",
    });
    chmodSync(key, 0o644);
    lines.push(`certfile ${cert}`, `keyfile ${key}`);
  }
  const config = join(dir, "mosquitto.conf");
  writeFileSync(config, `${lines.join("\n")}\n`);
  chmodSync(config, 0o644);

  let child: ChildProcess | undefined;
  let output = "";
  const log = (): string => output;
  const start = async (): Promise<void> => {
    const started = spawn(MOSQUITTO, ["-c", config], { stdio: ["ignore", "pipe", "pipe"] });
    child = started;
    started.stdout?.on("data", (data: Buffer) => (output += data.toString()));
    started.stderr?.on("data", (data: Buffer) => (output += data.toString()));
    await waitForPort(port, started, log);
  };
  const end = async (signal: NodeJS.Signals): Promise<void> => {
    const running = child;
    child = undefined;
    if (running === undefined || running.exitCode !== null || running.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => running.once("exit", () => resolve()));
    running.kill(signal);
    await exited;
  };
  await start();
  return {
    port,
    url: `${options.tls === true ? "mqtts" : "mqtt"}://127.0.0.1:${port}`,
    dir,
    log,
    start,
    kill: () => end("SIGKILL"),
    stop: () => end("SIGTERM"),
  };
}

/** Polls `test` until it holds; throws saying what was awaited after `timeoutMs`. */
export async function until(what: string, test: () => boolean, timeoutMs: number): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!test()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
