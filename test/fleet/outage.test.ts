// The broker killed (SIGKILL) for 10 s in the middle of a run and started again: the publisher spools, sends
// the spool in order when the broker is back, and the consumer gets every nmea message once, in order (QoS 1
// duplicates dropped by seq), so its epochs run on through the outage without a gap. And a publisher killed
// while the broker is away resumes its spool when started again.

import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { openFleet } from "../../src/node/mqtt/fleet.js";
import { parseSourceSpec } from "../../src/sources/spec.js";
import type { Epoch } from "../../src/types.js";
import { hasMosquitto, startBroker, until, type Broker } from "./_mosquitto.js";

const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "commands", "publish.js"));

describe.skipIf(!hasMosquitto || !built)("broker outage", () => {
  let broker: Broker | undefined;
  afterAll(async () => {
    await broker?.stop();
  });

  it("killed for 5 s mid-run: every message arrives once, in order, and the epochs have no gap", async () => {
    broker = await startBroker();
    const spec = parseSourceSpec(`${broker.url}/gnss/+`);
    if (spec.kind !== "mqtt") throw new Error("not an mqtt spec");
    const seqs = new Map<string, number[]>();
    const fleet = await openFleet(spec, { onNmea: (device, message) => seqs.set(device.name, [...(seqs.get(device.name) ?? []), message.seq]) });
    const epochs = new Map<string, Epoch[]>();
    const runs: Promise<void>[] = [];
    fleet.onDevice((device) => {
      const list: Epoch[] = [];
      epochs.set(device.name, list);
      runs.push(
        (async () => {
          for await (const epoch of openGps({ source: device.source }).epochs()) list.push(epoch);
        })(),
      );
    });

    // a 1 Hz and a 10 Hz receiver, 36 s each at four times real time (9 s: the epochs are checked on the
    // receiver's clock): the outage falls in the middle
    const spool = mkdtempSync(join(tmpdir(), "gnsskit-outage-"));
    const publisher = spawn(
      process.execPath,
      [
        cli,
        "publish",
        "sim:?start=hot&seed=5&duration=36&speed=4",
        "sim:?start=hot&seed=6&rate=10&duration=36&speed=4",
        "--device",
        "slow",
        "--device",
        "fast",
        "--mqtt",
        broker.url,
        "--spool",
        spool,
      ],
      { stdio: ["ignore", "ignore", "pipe"] },
    );
    let stderr = "";
    publisher.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
    const exited = new Promise<number | null>((resolve) => publisher.once("close", resolve));

    await until("8 messages of the 1 Hz receiver", () => (seqs.get("slow")?.length ?? 0) >= 8, 60_000);
    await broker.kill();
    const killedAtMs = Date.now();
    // the outage itself: five seconds without a broker, 20 s of the receivers' 36 (not a wait for a peer)
    await new Promise((resolve) => setTimeout(resolve, 5_000));
    await until("the publisher spooling", () => /slow: broker .* lost/.test(stderr) && /fast: broker .* lost/.test(stderr), 5_000);
    const receivedDuringOutage = seqs.get("slow")?.length ?? 0;
    await broker.start();
    expect(await exited, stderr).toBe(0);
    await until("both devices offline", () => ["slow", "fast"].every((name) => fleet.devices.get(name)?.online === false), 30_000);
    await fleet.close();
    await Promise.all(runs);

    expect(Date.now() - killedAtMs).toBeGreaterThan(5_000);
    const sent = new Map(
      [...stderr.matchAll(/^gnsskit: sim:\?start=hot&seed=(\d)[^\n]*\n(?:[^\n]*\n)*? {2}published: (\d+) nmea messages/gm)].map((m) => [
        m[1] === "5" ? "slow" : "fast",
        Number(m[2]),
      ]),
    );
    expect(stderr).toMatch(/slow: broker back after \d+\.\d s: sending [1-9]\d* spooled messages/);
    for (const name of ["slow", "fast"]) {
      const got = seqs.get(name) ?? [];
      const count = sent.get(name);
      expect(count, `${name}: the publisher's count\n${stderr}`).toBeGreaterThan(30);
      // every message once and in order: exactly 1..N
      expect(got, name).toEqual(Array.from({ length: count ?? 0 }, (_, k) => k + 1));
      expect(fleet.devices.get(name)?.sequence.lost, name).toBe(0);
      // the epochs go on through the outage: one a cycle of the receiver's clock
      const list = epochs.get(name) ?? [];
      const stepMs = name === "slow" ? 1000 : 100;
      expect(list.length, name).toBeGreaterThanOrEqual(35 * (1000 / stepMs));
      for (let k = 1; k < list.length; k++) expect(list[k]!.receivedAtMs - list[k - 1]!.receivedAtMs, `${name} epoch ${k}`).toBe(stepMs);
    }
    expect(receivedDuringOutage).toBeLessThan(sent.get("slow") ?? 0);
  }, 180_000);

  it("a publisher killed while spooling: started again, it sends its spool first, and the numbering goes on", async () => {
    broker ??= await startBroker();
    const spec = parseSourceSpec(`${broker.url}/gnss/van`);
    if (spec.kind !== "mqtt") throw new Error("not an mqtt spec");
    const seqs: number[] = [];
    const fleet = await openFleet(spec, { onNmea: (_device, message) => seqs.push(message.seq) });
    const spool = mkdtempSync(join(tmpdir(), "gnsskit-resume-"));
    const publish = (source: string, speed: string): { exited: Promise<number | null>; stderr: () => string; kill: () => void } => {
      const child = spawn(process.execPath, [cli, "publish", source, "--device", "van", "--speed", speed, "--mqtt", broker!.url, "--spool", spool], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (data: Buffer) => (stderr += data.toString()));
      return { exited: new Promise((resolve) => child.once("close", resolve)), stderr: () => stderr, kill: () => child.kill("SIGKILL") };
    };
    const first = publish(join("fixtures", "sim-urban-canyon.nmea"), "4");
    await until("10 messages", () => seqs.length >= 10, 60_000);
    await broker.kill();
    await until("the publisher spooling", () => /van: broker .* lost/.test(first.stderr()), 10_000);
    const spooledFrom = seqs.length;
    // a few more cycles go to the spool only, then the publisher dies without a word
    const deviceSpool = join(spool, `127.0.0.1-${broker.port}`, "gnss", "van");
    const spooledAfter = (): number =>
      existsSync(deviceSpool)
        ? readdirSync(deviceSpool)
            .filter((name) => name.endsWith(".nmea"))
            .flatMap((name) => [...readFileSync(join(deviceSpool, name), "latin1").matchAll(/^#gnsskit seq=(\d+) /gm)].map((m) => Number(m[1])))
            .filter((seq) => seq > spooledFrom).length
        : 0;
    await until("4 messages in the spool only", () => spooledAfter() >= 4, 20_000);
    first.kill();
    expect(await first.exited).toBe(null);
    await broker.start();
    const second = publish(join("fixtures", "cold-start-ttff.nmea"), "max");
    expect(await second.exited, second.stderr()).toBe(0);
    expect(second.stderr()).toMatch(/van: resuming the spool: [1-9]\d* messages the broker never acknowledged/);
    await until("the device offline", () => fleet.devices.get("van")?.online === false, 30_000);
    await fleet.close();
    // every number once, in order, through the kill of both
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, k) => k + 1));
    expect(seqs.length).toBeGreaterThan(spooledFrom + 40); // the spool, then the 40 cycles of the second log
    expect(fleet.devices.get("van")?.sequence.lost).toBe(0);
  }, 180_000);
});
