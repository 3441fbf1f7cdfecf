// The drivers over a real serial link: a socat pseudo-terminal pair (Debian package socat), the serial
// source on one end and a fake MediaTek receiver process on the other that acks PMTK commands and records
// every byte it receives: the driver's bytes must arrive byte-exact.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, realpathSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { openSource } from "../../src/node/open-source.js";
import { concatBytes } from "../../src/methods/drivers/encoding.js";
import { createMtkDriver, mtkPing, probeDialect, sendCommand, type DriverCommand } from "../../src/methods/drivers/index.js";

const has = (name: string): boolean => spawnSync("sh", ["-c", `command -v ${name}`]).status === 0;
const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const FAKE = fileURLToPath(new URL("./fake_mtk_receiver.py", import.meta.url));
const haveTools = has("socat") && has(PYTHON);
if (!haveTools) console.log("drivers pty test skipped: needs socat (Debian package socat) and python3");

async function until(condition: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill("SIGTERM");
  });
}

describe.skipIf(!haveTools)("drivers over a socat pty pair", () => {
  let dir: string;
  let socat: ChildProcess | undefined;
  let fake: ChildProcess | undefined;
  let hostEnd: string;
  let record: string;
  beforeEach(async () => {
    dir = mkdtempSync(join(tmpdir(), "gnsskit-drivers-"));
    hostEnd = join(dir, "host");
    const receiverEnd = join(dir, "receiver");
    record = join(dir, "received.bin");
    socat = spawn("socat", [`pty,raw,echo=0,link=${hostEnd}`, `pty,raw,echo=0,link=${receiverEnd}`], { stdio: "ignore" });
    await until(() => existsSync(hostEnd) && existsSync(receiverEnd), "socat's links");
    fake = spawn(PYTHON, [FAKE, receiverEnd, record], { stdio: ["ignore", "pipe", "inherit"] });
    await new Promise<void>((resolve, reject) => {
      fake!.stdout!.once("data", () => resolve());
      fake!.once("exit", (code) => reject(new Error(`fake receiver exited with ${code}`)));
    });
  });
  afterEach(async () => {
    await stop(fake);
    await stop(socat);
    rmSync(dir, { recursive: true, force: true });
  });

  it("identifies the receiver, gets PMTK001 acks, and the bytes arrive exactly as the driver built them", async () => {
    // the link points at /dev/pts/N: a serial SOURCE, as the CLI would open it
    const source = openSource(realpathSync(hostEnd), { baud: 9600, reconnect: false });
    const gps = openGps({ source });
    const running = gps.run();
    const driver = createMtkDriver();
    const utcMs = Date.UTC(2024, 0, 15, 12, 0, 0);
    const commands: DriverCommand[] = [
      mtkPing(),
      driver.injectTime(utcMs),
      driver.injectPosition({ latitudeDeg: 48.1173, longitudeDeg: 11.5167, altitudeM: 545 }, utcMs),
      driver.setRate(5),
      driver.restart("cold"),
    ];
    try {
      const probe = await probeDialect(gps, { listenMs: 500 });
      // the fake acks the PMTK605 query (a real MTK would answer $PMTK705): MediaTek all the same
      expect(probe.dialect).toBe("mtk");
      expect(probe.evidence).toContain("$PMTK001 ack of PMTK605");
      const statuses: string[] = [];
      for (const command of commands) statuses.push((await sendCommand(gps, command, { timeoutMs: 5000 })).status);
      expect(statuses).toEqual(["acked", "acked", "acked", "acked", "sent"]);
      const expected = concatBytes(commands.map((c) => c.bytes));
      await until(() => existsSync(record) && readFileSync(record).length >= probe.bytesWritten + expected.length, "the bytes at the far end");
      const received = new Uint8Array(readFileSync(record));
      // the probe's queries first, then exactly the driver's bytes
      expect(received.length).toBe(probe.bytesWritten + expected.length);
      expect([...received.subarray(probe.bytesWritten)]).toEqual([...expected]);
    } finally {
      await gps.close();
      await running.catch(() => undefined);
    }
  }, 30_000);
});
