// Real pseudo-terminal peers for the serial tests: socat pty pairs and the python fake receiver.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const hasCommand = (name: string): boolean => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;

/** Debian's python (the pyenv one on the PATH may lack nothing here, but /usr/bin/python3 is the CI one). */
export const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";

export const FAKEGPS = fileURLToPath(new URL("../../fixtures-tools/fakegps_baud.py", import.meta.url));

export function tempDir(): { dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-pty-"));
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function waitFor(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

export interface SocatPair {
  process: ChildProcess;
  /** Ends socat (the "unplug") and waits for it to exit. */
  kill(): Promise<void>;
}

/**
 * `socat pty,link=a pty,link=b`: what is written to one end comes out of the other. With `waitForOpenOfA`
 * socat makes `a` and waits until a process opens it before it makes `b` (`wait-slave`): `b` appears only
 * once the reader of `a` is there.
 */
export async function startSocatPair(linkA: string, linkB: string, options: { waitForOpenOfA?: boolean } = {}): Promise<SocatPair> {
  const child = spawn(
    "socat",
    [`pty,raw,echo=0,link=${linkA}${options.waitForOpenOfA ? ",wait-slave,pty-interval=0.02" : ""}`, `pty,raw,echo=0,link=${linkB}`],
    { stdio: "ignore" },
  );
  await waitFor(() => existsSync(linkA) && (options.waitForOpenOfA === true || existsSync(linkB)), "socat's pty links");
  return { process: child, kill: () => stop(child) };
}

/** The fake receiver that talks sense only at `trueBaud`. */
export async function startFakeReceiver(trueBaud: number, link: string, intervalS = 0.1): Promise<{ kill(): Promise<void> }> {
  const child = spawn(PYTHON, [FAKEGPS, String(trueBaud), link, "--interval", String(intervalS)], { stdio: ["ignore", "pipe", "inherit"] });
  await new Promise<void>((resolve, reject) => {
    child.stdout?.once("data", () => resolve());
    child.once("exit", (code) => reject(new Error(`fake receiver exited with ${code}`)));
  });
  return { kill: () => stop(child) };
}

function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}
