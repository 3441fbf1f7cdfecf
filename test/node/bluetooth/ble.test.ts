// The BLE source against the bluez5 mock: a Nordic UART service added with Mock.AddObject, NMEA
// streamed as 20-byte notifications by bluez-gps.py, and gnsskit's whole pipeline reading it.

import { afterEach, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { openGps } from "../../../src/gps.js";
import { withChecksum } from "../../../src/framing/checksum.js";
import { createBleSource, NUS_SERVICE_UUID } from "../../../src/node/bluetooth/index.js";
import { SourceError, type Source } from "../../../src/sources/source.js";
import type { GpsEvent, LinkEvent } from "../../../src/types.js";
import { fakeBluezMissing, startFakeBluez, type FakeBluez } from "./_bluez.js";

const missing = fakeBluezMissing();
if (missing !== undefined) console.log(`skipping BLE tests: ${missing}`);

const RTK = "C8:F0:9E:12:34:56";
const LOG = fileURLToPath(new URL("../../../fixtures/gn-multi-constellation.nmea", import.meta.url));
const NMEA = readFileSync(LOG, "latin1")
  .split("\n")
  .filter((line) => line.startsWith("$"))
  .map((line) => `${line.trim()}\r\n`)
  .join("");
// Both runs use one fixed clock, so receive times cannot make them differ; only the chunking does.
const clock = (): number => 1_720_340_000_000;

/** What the pipeline reports, without the link/error/close events that differ by transport. */
const comparable = (events: readonly GpsEvent[]): unknown[] =>
  events.filter((e) => e.type !== "link" && e.type !== "error" && e.type !== "close").map((e) => (e.type === "sentence" ? { sentence: e.sentence.raw } : e));

/** The unsplit text as one chunk from a live source that then drops, as the BLE run ends. */
function oneChunkSource(text: string): Source {
  let sent = false;
  return {
    name: "reference",
    live: true,
    open: async () => undefined,
    close: async () => undefined,
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (sent) throw new SourceError("reference: gone", { disconnected: true });
        sent = true;
        return { value: new TextEncoder().encode(text), done: false };
      },
    }),
  };
}

async function setUpReceiver(fake: FakeBluez, extra: string[] = []): Promise<{ tx: string; rx: string }> {
  await fake.run(["device", "--address", RTK, "--name", "RTK Facet", "--uuid", NUS_SERVICE_UUID]);
  const gatt = await fake.run(["gatt", "--address", RTK, ...extra]);
  return { tx: String(gatt["tx"]), rx: String(gatt["rx"]) };
}

describe.skipIf(missing !== undefined)("createBleSource against the bluez5 mock", () => {
  let fake: FakeBluez | undefined;
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
  });

  it("reassembles NMEA split into 20-byte notifications: same sentences and epochs as the unsplit text", { timeout: 30_000 }, async () => {
    fake = await startFakeBluez();
    const { tx } = await setUpReceiver(fake);
    const file = join(fake.dir, "stream.nmea");
    writeFileSync(file, NMEA, "latin1");

    const reference: GpsEvent[] = [];
    await expect(
      (async () => {
        for await (const event of openGps({ source: oneChunkSource(NMEA), clock }).events()) reference.push(event);
      })(),
    ).rejects.toThrow("gone");
    const wantSentences = reference.filter((e) => e.type === "sentence").length;
    expect(wantSentences).toBe(NMEA.split("\r\n").length - 1);

    const source = createBleSource(RTK.toLowerCase(), { busAddress: fake.address, reconnect: false });
    const gps = openGps({ source, clock });
    const got: GpsEvent[] = [];
    let streamed: Promise<Record<string, unknown>> | undefined;
    // Link events reach the event loop only with the next chunk, so start the stream from a listener.
    // The mock emits the link drop after the last notification, and D-Bus keeps one sender's order.
    source.onLink((link) => {
      const peer = fake;
      if (link.type !== "connected" || peer === undefined) return;
      streamed = peer.run(["notify", "--char", tx, "--file", file, "--chunk", "20"]).then(async (sent) => {
        await peer.run(["disconnect", "--address", RTK]);
        return sent;
      });
    });
    const failure = await (async () => {
      for await (const event of gps.events()) got.push(event);
    })().catch((error: unknown) => error);

    const sent = await streamed;
    expect(sent).toEqual({ notifications: Math.ceil(NMEA.length / 20), bytes: NMEA.length });
    expect(source.bytesReceived).toBe(NMEA.length);
    expect(source.service?.service).toBe(NUS_SERVICE_UUID);
    expect(comparable(got)).toEqual(comparable(reference));
    expect(got.filter((e) => e.type === "epoch").length).toBeGreaterThan(2);
    // The link dropping ends the run with a disconnected SourceError, reported as events first.
    expect(failure).toBeInstanceOf(SourceError);
    expect((failure as SourceError).disconnected).toBe(true);
    expect((failure as SourceError).message).toBe(`ble://${RTK}: device disconnected`);
    const links = got.flatMap((e) => (e.type === "link" ? [e.link.type] : []));
    expect(links).toEqual(["connected", "disconnected"]);
    expect(got.at(-1)?.type).toBe("close");
  });

  it("writes commands to the RX characteristic in MTU-3 pieces", async () => {
    fake = await startFakeBluez();
    const { rx } = await setUpReceiver(fake, ["--mtu", "23"]);
    const source = createBleSource(RTK, { busAddress: fake.address, reconnect: false });
    await source.open();
    const command = `${withChecksum("PMTK314,0,1,0,1,1,5,0,0,0,0,0,0,0,0,0,0,0,0,0")}\r\n`;
    await source.write(new TextEncoder().encode(command));
    await source.write(new TextEncoder().encode(`${withChecksum("PMTK101")}\r\n`));
    const written = await fake.run(["written", "--char", rx]);
    await source.close();
    expect(written["text"]).toBe(`${command}${withChecksum("PMTK101")}\r\n`);
    const pieces = [20, 20, command.length - 40, withChecksum("PMTK101").length + 2];
    expect(written["writes"]).toEqual(pieces);
    expect(source.bytesWritten).toBe(command.length + withChecksum("PMTK101").length + 2);
  });

  it("uses the MTU BlueZ reports for the write size", async () => {
    fake = await startFakeBluez();
    const { rx } = await setUpReceiver(fake, ["--mtu", "50"]);
    const source = createBleSource(RTK, { busAddress: fake.address, reconnect: false });
    await source.open();
    const command = `${withChecksum("PMTK314,0,1,0,1,1,5,0,0,0,0,0,0,0,0,0,0,0,0,0")}\r\n`;
    await source.write(new TextEncoder().encode(command));
    await source.close();
    expect((await fake.run(["written", "--char", rx]))["writes"]).toEqual([47, command.length - 47]);
  });

  it("reconnects after the link drops and goes on streaming", { timeout: 30_000 }, async () => {
    fake = await startFakeBluez();
    const { tx } = await setUpReceiver(fake);
    const before = join(fake.dir, "before.nmea");
    const after = join(fake.dir, "after.nmea");
    const lines = NMEA.split("\r\n").filter((l) => l !== "");
    writeFileSync(before, `${lines.slice(0, 9).join("\r\n")}\r\n`);
    writeFileSync(after, `${lines.slice(9, 18).join("\r\n")}\r\n`);
    const source = createBleSource(RTK, { busAddress: fake.address, reconnect: { initialDelayMs: 20, maxAttempts: 5 } });
    const links: LinkEvent[] = [];
    source.onLink((event) => {
      links.push(event);
      if (event.type === "connected" && links.filter((l) => l.type === "connected").length === 1) void fake?.run(["notify", "--char", tx, "--file", before]);
      if (event.type === "reconnected") void fake?.run(["notify", "--char", tx, "--file", after]);
    });
    await source.open();
    let text = "";
    for await (const chunk of source) {
      text += new TextDecoder().decode(chunk);
      if (text === `${lines.slice(0, 9).join("\r\n")}\r\n`) await fake.run(["disconnect", "--address", RTK]);
      if (text.length >= NMEA.split("\r\n").slice(0, 18).join("\r\n").length + 2) break;
    }
    expect(text).toBe(`${lines.slice(0, 18).join("\r\n")}\r\n`);
    expect(links.map((l) => l.type)).toEqual(["connected", "disconnected", "connected", "reconnected"]);
    expect(links[1]).toMatchObject({ type: "disconnected", reason: "device disconnected" });
  });

  it("explains what is missing: unknown device, no such service", { timeout: 30_000 }, async () => {
    fake = await startFakeBluez();
    await fake.run(["device", "--address", RTK, "--name", "Headset"]);
    await fake.run(["gatt", "--address", RTK, "--service", "ffe0"]);
    const nus = createBleSource(RTK, { busAddress: fake.address, reconnect: false, service: "nus" });
    await expect(nus.open()).rejects.toThrow(`ble://${RTK} has no Nordic UART service (it offers FFE0)`);
    // The default takes FFE0 when there is no NUS.
    const auto = createBleSource(RTK, { busAddress: fake.address, reconnect: false });
    await auto.open();
    expect(auto.service?.tx).toBe("0000ffe1-0000-1000-8000-00805f9b34fb");
    await auto.close();

    const unknown = createBleSource("AA:BB:CC:DD:EE:FF", { busAddress: fake.address, reconnect: false, connectTimeoutMs: 300 });
    const error = await unknown.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toBe(
      "ble://AA:BB:CC:DD:EE:FF: BlueZ does not know AA:BB:CC:DD:EE:FF and a scan did not find it (is it on, advertising, in range?)",
    );
  });
});

describe("createBleSource without a system bus", () => {
  it("fails to open with one line", async () => {
    const source = createBleSource(RTK, { busAddress: `unix:path=${join(fileURLToPath(new URL(".", import.meta.url)), "no-such-bus")}`, reconnect: false });
    const error = await source.open().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as Error).message).toMatch(
      new RegExp(`^ble://${RTK}: no D-Bus system bus at unix:path=\\S+ \\(ENOENT\\): BlueZ is not reachable on this machine$`),
    );
  });
});
