// The other consumers of mqtt://…/gnss/+: `serve` re-serves each device to gpsd's own client (gpspipe), and
// `report` gives one report per device over its window, the report of the device's log.

import { execFile, spawn, type ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openFleet, type Fleet } from "../../src/node/mqtt/fleet.js";
import { parseSourceSpec } from "../../src/sources/spec.js";
import { hasMosquitto, startBroker, until, type Broker } from "./_mosquitto.js";

const run = promisify(execFile);
const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "commands", "publish.js"));
const hasGpspipe = ((): boolean => {
  try {
    return existsSync("/usr/bin/gpspipe");
  } catch {
    return false;
  }
})();
const LOGS = ["cold-start-ttff", "fix-lost-reacquired", "gn-multi-constellation"];

function started(args: string[]): { child: ChildProcess; stdout: () => string; stderr: () => string; exited: Promise<number | null> } {
  const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (data: Buffer) => (stdout += data.toString()));
  child.stderr?.on("data", (data: Buffer) => (stderr += data.toString()));
  return { child, stdout: () => stdout, stderr: () => stderr, exited: new Promise((resolve) => child.once("close", resolve)) };
}

describe.skipIf(!hasMosquitto || !built)("serve and report of a fleet", () => {
  let broker: Broker;
  let watcher: Fleet;
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-consumers-"));
  beforeAll(async () => {
    broker = await startBroker();
    const spec = parseSourceSpec(`${broker.url}/gnss/+`);
    if (spec.kind !== "mqtt") throw new Error("not an mqtt spec");
    watcher = await openFleet(spec, { streams: false });
  });
  afterAll(async () => {
    await watcher?.close();
    await broker?.stop();
  });
  const publish = (prefix: string, speed: string): Promise<unknown> =>
    run(process.execPath, [
      cli,
      "publish",
      ...LOGS.map((name) => join("fixtures", `${name}.nmea`)),
      "--prefix",
      prefix,
      "--mqtt",
      broker.url,
      "--speed",
      speed,
      "--spool",
      join(dir, "spool"),
      "-q",
    ]);

  it("report …/+: one report per device, each the report of the device's log", async () => {
    const report = started(["report", `${broker.url}/reports/+`, "--json"]);
    await until("the report subscribed", () => /reading every device/.test(report.stderr()), 30_000);
    await publish("reports", "max");
    const spec = parseSourceSpec(`${broker.url}/reports/+`);
    if (spec.kind !== "mqtt") throw new Error("not an mqtt spec");
    const statuses = await openFleet(spec, { streams: false });
    await until("the devices offline", () => LOGS.every((name) => statuses.devices.get(name)?.online === false), 30_000);
    await statuses.close();
    report.child.kill("SIGINT");
    expect(await report.exited, report.stderr()).toBe(0);
    const { devices } = JSON.parse(report.stdout()) as { devices: Record<string, unknown> };
    expect(Object.keys(devices).sort()).toEqual([...LOGS].sort());
    for (const name of LOGS) {
      const log = join(dir, `${name}.nmea`);
      const { stdout } = await run(process.execPath, [cli, "replay", join("fixtures", `${name}.nmea`), "--speed", "max", "--stamped"]);
      writeFileSync(log, stdout, "latin1");
      const { stdout: alone } = await run(process.execPath, [cli, "report", log, "--json"]);
      expect(devices[name], name).toEqual(JSON.parse(alone));
    }
  }, 120_000);

  it.skipIf(!hasGpspipe)(
    "serve …/+: gpspipe reads every device's TPVs",
    async () => {
      const server = started(["serve", `${broker.url}/served/+`, "--port", "0"]);
      await until("the server listening", () => /serving 1 device .* on 127\.0\.0\.1:\d+/.test(server.stderr()), 30_000);
      const port = /on 127\.0\.0\.1:(\d+)/.exec(server.stderr())![1]!;
      const publishing = started([
        "publish",
        ...LOGS.map((name) => join("fixtures", `${name}.nmea`)),
        "--prefix",
        "served",
        "--mqtt",
        broker.url,
        "--speed",
        "2",
        "--spool",
        join(dir, "spool"),
        "-q",
      ]);
      await until("the devices added", () => LOGS.every((name) => server.stderr().includes(`device ${broker.url}/served/${name} added`)), 30_000);
      const { stdout } = await run("gpspipe", ["-w", "-n", "60", `127.0.0.1:${port}`], { timeout: 60_000 });
      // gpspipe has what it needs: the logs' remaining minutes at speed 2 are not waited for
      publishing.child.kill("SIGINT");
      await publishing.exited;
      server.child.kill("SIGTERM");
      expect(await server.exited).toBe(0);
      const tpvDevices = new Set(
        stdout
          .split("\n")
          .filter((line) => line.includes('"class":"TPV"'))
          .map((line) => (JSON.parse(line) as { device: string }).device),
      );
      expect(tpvDevices.size, stdout).toBeGreaterThanOrEqual(2);
      for (const device of tpvDevices) expect(device).toMatch(new RegExp(`^${broker.url}/served/(${LOGS.join("|")})$`));
      expect(stdout).toMatch(/"class":"DEVICES".*"path":"mqtt:\/\/127\.0\.0\.1:\d+\/served\//);
    },
    120_000,
  );
});
