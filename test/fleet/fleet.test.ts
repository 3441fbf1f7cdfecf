// 20 receivers through a real mosquitto: the built `gnsskit publish` plays 20 logs (16 fixtures, 4 simulated
// receivers recorded by `gnsskit record`) at 20× their pace, and a consumer reads mqtt://…/gnss/+ with the
// library. Each device's epochs equal `gnsskit decode` of the device's log: what its receiver sent with the
// receive times it came at (for a fixture, `replay --stamped`: its cycles at their log times, the cycles before
// the receiver knew the time unstamped; for a simulated receiver, its recording). Then a consumer started
// afterwards (`fleet stats`) finds every device in the retained state, and `record …/+ -o DIR` wrote one log
// per device that decodes the same.

import { execFile, spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { openFleet, type Fleet } from "../../src/node/mqtt/fleet.js";
import { parseSourceSpec } from "../../src/sources/spec.js";
import type { TrackerState } from "../../src/types.js";
import { hasMosquitto, startBroker, until, type Broker } from "./_mosquitto.js";

const run = promisify(execFile);
const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "commands", "publish.js"));
if (!hasMosquitto) console.log("fleet: /usr/sbin/mosquitto missing (apt-get install mosquitto): skipped");
if (!built) console.log("fleet: dist/ not built (npm run build): skipped");

const gnsskit = (...args: string[]): Promise<{ stdout: string; stderr: string }> =>
  run(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 });

describe.skipIf(!hasMosquitto || !built)("20 devices published and consumed through mosquitto", () => {
  let broker: Broker;
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-fleet-"));
  /** What is published, and beside it the device's log. */
  const devices: Array<{ name: string; published: string; log: string }> = [];

  beforeAll(async () => {
    broker = await startBroker();
    const fixtures = readdirSync("fixtures")
      .filter((name) => name.endsWith(".nmea"))
      .sort()
      .slice(0, 16);
    // the 20 logs made at once: most of a CLI run is its start
    const made = fixtures.map(async (name) => {
      const published = join("fixtures", name);
      const { stdout } = await gnsskit("replay", published, "--speed", "max", "--stamped");
      const log = join(dir, name);
      writeFileSync(log, stdout, "latin1");
      return { name: basename(name, ".nmea"), published, log };
    });
    const simulated = (["cold", "warm", "hot", "cold"] as const).map(async (start, k) => {
      const log = join(dir, `sim-${start}-${k}.nmea`);
      await gnsskit("record", `sim:?start=${start}&seed=${k + 11}&speed=max&duration=45`, "-o", log, "-q");
      return { name: basename(log, ".nmea"), published: log, log };
    });
    devices.push(...(await Promise.all([...made, ...simulated])));
  }, 120_000);

  afterAll(async () => {
    await broker?.stop();
  });

  it("each device's epochs equal gnsskit decode of its log; fleet stats and record find them all afterwards", async () => {
    expect(devices).toHaveLength(20);
    const spec = parseSourceSpec(`${broker.url}/gnss/+`);
    if (spec.kind !== "mqtt") throw new Error("not an mqtt spec");
    const bodyBytes = new Map<string, number>();
    const fleet: Fleet = await openFleet(spec, {
      onNmea: (device, message) => bodyBytes.set(device.name, (bodyBytes.get(device.name) ?? 0) + message.body.byteLength),
    });
    const lines = new Map<string, string[]>();
    const trackers = new Map<string, () => TrackerState | undefined>();
    const runs: Promise<void>[] = [];
    fleet.onDevice((device) => {
      const out: string[] = [];
      lines.set(device.name, out);
      const gps = openGps({ source: device.source });
      trackers.set(device.name, () => gps.tracker?.state);
      runs.push(
        (async () => {
          for await (const epoch of gps.epochs()) out.push(`${JSON.stringify(epoch)}\n`);
        })(),
      );
    });

    // a second consumer, the CLI's: one log per device
    const recorded = join(dir, "recorded");
    const recorder = spawn(process.execPath, [cli, "record", `${broker.url}/gnss/+`, "-o", recorded], { stdio: ["ignore", "ignore", "pipe"] });
    let recorderErr = "";
    recorder.stderr.on("data", (data: Buffer) => (recorderErr += data.toString()));
    const recorderExit = new Promise<number | null>((resolve) => recorder.once("close", resolve));
    await until("the recorder subscribed", () => /recording every device/.test(recorderErr), 30_000);
    const published = await gnsskit("publish", ...devices.map((d) => d.published), "--mqtt", broker.url, "--speed", "20", "--spool", join(dir, "spool"));
    expect(published.stderr).toMatch(/publishing 20 devices/);
    // the publisher sends `offline` once the broker has all of a device's messages, after them
    await until("every device offline", () => fleet.devices.size === 20 && [...fleet.devices.values()].every((d) => d.online === false), 30_000);
    await fleet.close();
    await Promise.all(runs);
    // the recorder got the same messages (its subscription came before the publisher started)
    const recordedBytes = (device: string): number => {
      const path = join(recorded, `${device}.nmea`);
      if (!existsSync(path)) return -1;
      const text = readFileSync(path, "latin1");
      return text.length - text.indexOf("\n") - 1; // without the header line
    };
    await until("the recorder's 20 files complete", () => devices.every((d) => recordedBytes(d.name) === bodyBytes.get(d.name)), 30_000);
    recorder.kill("SIGINT");
    expect(await recorderExit, recorderErr).toBe(0);
    expect(recorderErr).toMatch(/20 devices recorded in /);

    // the 20 logs decoded by one run, and the 20 recordings by another (several files: decoded on all cores,
    // printed in their order, the same bytes as one run per file), cut where the consumer's device ends
    const [{ stdout: decodedLogs }, { stdout: decodedRecordings }] = await Promise.all([
      gnsskit("decode", ...devices.map((d) => d.log), "-q"),
      gnsskit("decode", ...devices.map((d) => join(recorded, `${d.name}.nmea`)), "-q"),
    ]);
    const logLines = decodedLogs.split(/(?<=\n)/);
    const recordingLines = decodedRecordings.split(/(?<=\n)/);
    let epochs = 0;
    for (const { name: device } of devices) {
      const consumed = lines.get(device) ?? [];
      const decoded = logLines.slice(epochs, epochs + consumed.length).join("");
      expect(consumed.length, device).toBeGreaterThan(1);
      expect(consumed.join(""), `${device}: the consumer's epochs`).toBe(decoded);
      expect(recordingLines.slice(epochs, epochs + consumed.length).join(""), `${device}: decode of what record wrote`).toBe(decoded);
      epochs += consumed.length;
      expect(fleet.devices.get(device)?.sequence.duplicates ?? -1).toBe(0);
    }
    // nothing decoded beyond the consumed epochs
    expect(logLines).toHaveLength(epochs);
    expect(recordingLines).toHaveLength(epochs);
    expect(epochs).toBeGreaterThan(250);

    // A consumer started now reads the retained state: what each publisher's tracker said, which is what the
    // consumer above computed from the bytes.
    const { stdout: statsJson } = await gnsskit("fleet", "stats", `${broker.url}/gnss/+`, "--json");
    const stats = JSON.parse(statsJson) as {
      devices: Array<{ device: string; online?: boolean; epochs: number; ttffMs?: number; ttffNote?: string; availability?: number }>;
      ttff: { devices: number };
    };
    expect(stats.devices.map((d) => d.device).sort()).toEqual(devices.map((d) => d.name).sort());
    for (const d of stats.devices) {
      const state = trackers.get(d.device)?.();
      expect(d.online, d.device).toBe(false);
      expect(d.epochs, d.device).toBe(state?.epochCount);
      expect(d.ttffMs, d.device).toBe(state?.ttff.ttffMs);
      expect(d.availability, d.device).toBeCloseTo((state?.fixCount ?? 0) / (state?.epochCount ?? 1), 9);
    }
    expect(stats.ttff.devices).toBeGreaterThanOrEqual(3);
    // its receiver set a default clock 10 h 25 min off before its first fix: stamped on that clock, no TTFF
    const clockSet = stats.devices.find((d) => d.device === "default-clock-set-before-fix");
    expect(clockSet).toBeDefined();
    expect(clockSet?.ttffMs).toBeUndefined();
    expect(clockSet?.ttffNote).toMatch(/first fix after 8 cycles/);
    const { stdout: statsText } = await gnsskit("fleet", "stats", `${broker.url}/gnss/+`);
    expect(statsText).toMatch(/20 devices \(0 online, 20 offline\)/);
    expect(statsText).toMatch(/^cold-start-ttff +offline +3D fix +\d+\.\d% +34\.0 s/m);
    expect(statsText).toMatch(/^TTFF over \d+ devices: min [\d.]+ s, median [\d.]+ s, p90 [\d.]+ s, max [\d.]+ s/m);
  }, 240_000);
});
