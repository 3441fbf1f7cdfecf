// A fake BlueZ for the Bluetooth tests: a private dbus-daemon with a permissive policy and
// python-dbusmock's bluez5 template owning org.bluez on it (transports.md §3), plus the
// bluez-gps.py driver that adds devices, GATT services and notifications.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const PYTHON = "/usr/bin/python3";
export const BLUEZ_GPS = fileURLToPath(new URL("../../fixtures-tools/bluez-gps.py", import.meta.url));

/** Why the fake BlueZ cannot run here, or undefined when it can. */
export function fakeBluezMissing(): string | undefined {
  if (spawnSync("sh", ["-c", "command -v dbus-daemon"]).status !== 0) return "dbus-daemon is not installed (Debian package dbus)";
  if (!existsSync(PYTHON)) return `${PYTHON} is missing`;
  if (spawnSync(PYTHON, ["-c", "import dbusmock, dbus"]).status !== 0) return "python3-dbusmock is not installed (Debian package python3-dbusmock)";
  return undefined;
}

export interface FakeBluez {
  /** The private bus address (`unix:path=…`). */
  address: string;
  dir: string;
  /** Runs bluez-gps.py with these arguments; resolves its JSON reply. */
  run(args: string[]): Promise<Record<string, unknown>>;
  /** org.bluez.Mock (template) call via dbus-send, e.g. ("AddAdapter", "string:hci0", "string:my-computer"). */
  mock(method: string, ...args: string[]): void;
  stop(): Promise<void>;
}

/** A private bus with the bluez5 mock on it (`mock: false`: the bus alone) and, unless `adapter: false`, adapter hci0. */
export async function startFakeBluez(options: { adapter?: boolean; mock?: boolean } = {}): Promise<FakeBluez> {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-bluez-"));
  const socket = join(dir, "bus");
  writeFileSync(
    join(dir, "bus.conf"),
    `<busconfig>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow send_destination="*" eavesdrop="true"/>
    <allow eavesdrop="true"/>
    <allow own="*"/>
  </policy>
</busconfig>
`,
  );
  const daemon = spawn("dbus-daemon", [`--config-file=${join(dir, "bus.conf")}`, "--nofork", "--print-address=1"], { stdio: ["ignore", "pipe", "ignore"] });
  const address = await new Promise<string>((resolve, reject) => {
    let out = "";
    daemon.stdout?.on("data", (chunk: Buffer) => {
      out += chunk.toString();
      const line = out.split("\n")[0];
      if (out.includes("\n") && line !== undefined) resolve(line.trim());
    });
    daemon.once("exit", (code) => reject(new Error(`dbus-daemon exited with ${code}`)));
  });
  if (options.mock === false) {
    return {
      address,
      dir,
      run: () => Promise.reject(new Error("no mock on this bus")),
      mock: () => {
        throw new Error("no mock on this bus");
      },
      stop: async () => {
        await stopAll([daemon]);
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const mockProcess = spawn(PYTHON, ["-m", "dbusmock", "--system", "--template", "bluez5"], {
    env: { ...process.env, DBUS_SYSTEM_BUS_ADDRESS: address },
    stdio: ["ignore", "ignore", "pipe"],
  });
  let mockLog = "";
  mockProcess.stderr?.on("data", (chunk: Buffer) => (mockLog += chunk.toString()));
  const owned = (): boolean =>
    spawnSync(
      "dbus-send",
      [`--bus=${address}`, "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus", "org.freedesktop.DBus.NameHasOwner", "string:org.bluez"],
      { encoding: "utf8" },
    ).stdout.includes("boolean true");
  const deadline = Date.now() + 15_000;
  while (!owned()) {
    if (Date.now() > deadline || mockProcess.exitCode !== null) {
      await stopAll([mockProcess, daemon]);
      throw new Error(`the bluez5 mock did not come up: ${mockLog.slice(-500)}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  const fake: FakeBluez = {
    address,
    dir,
    run: (args) =>
      new Promise((resolve, reject) => {
        const child = spawn(PYTHON, [BLUEZ_GPS, "--bus", address, ...args], { stdio: ["ignore", "pipe", "pipe"] });
        let out = "";
        let err = "";
        child.stdout.on("data", (c: Buffer) => (out += c.toString()));
        child.stderr.on("data", (c: Buffer) => (err += c.toString()));
        child.once("exit", (code) => {
          if (code !== 0) reject(new Error(`bluez-gps.py ${args[0] ?? ""} failed (${code}): ${err.trim().split("\n").slice(-3).join(" | ")}`));
          else resolve(JSON.parse(out) as Record<string, unknown>);
        });
      }),
    mock(method, ...args) {
      const result = spawnSync("dbus-send", [`--bus=${address}`, "--print-reply", "--dest=org.bluez", "/", `org.bluez.Mock.${method}`, ...args], {
        encoding: "utf8",
      });
      if (result.status !== 0) throw new Error(`Mock.${method}: ${result.stderr.trim()}`);
    },
    stop: async () => {
      await stopAll([mockProcess, daemon]);
      rmSync(dir, { recursive: true, force: true });
    },
  };
  if (options.adapter !== false) fake.mock("AddAdapter", "string:hci0", "string:my-computer");
  return fake;
}

async function stopAll(children: ChildProcess[]): Promise<void> {
  for (const child of children) {
    if (child.exitCode !== null || child.signalCode !== null) continue;
    await new Promise<void>((resolve) => {
      child.once("exit", () => resolve());
      child.kill("SIGTERM");
    });
  }
}
