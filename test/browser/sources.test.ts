// Unit tests of the browser sources under Node (Blob, ReadableStream, EventTarget are Node 20 globals),
// against scripted fakes of Web Serial's SerialPort and Web Bluetooth's device. The same sources run in
// headless Chromium in e2e.test.ts.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { createFileReplaySource, createWebBluetoothSource, createWebSerialSource, openGps } from "../../src/browser/index.js";
import type { BluetoothDeviceLike, GattCharacteristicLike, SerialPortLike } from "../../src/browser/index.js";
import { formatRecordPrefix } from "../../src/framing/record-format.js";
import { createFileSource } from "../../src/node/sources/index.js";
import type { Source } from "../../src/sources/source.js";
import type { Epoch, GpsEvent, LinkEvent } from "../../src/types.js";

const FIXTURES = [
  "cold-start-ttff",
  "fix-lost-reacquired",
  "garbage-between-sentences",
  "gn-multi-constellation",
  "midnight-rollover",
  "nmea411-dual-frequency",
  "sim-tunnel",
];
const fixturePath = (name: string): string => new URL(`../../fixtures/${name}.nmea`, import.meta.url).pathname;
const fixtureBytes = (name: string): Uint8Array<ArrayBuffer> => new Uint8Array(readFileSync(fixturePath(name)));

interface Run {
  epochs: Epoch[];
  ttffMs: number | undefined;
  links: LinkEvent[];
  error: Error | undefined;
}

async function run(source: Source): Promise<Run> {
  const gps = openGps({ source });
  const result: Run = { epochs: [], ttffMs: undefined, links: [], error: undefined };
  try {
    for await (const event of gps.events()) collect(result, event);
  } catch (error) {
    result.error = error as Error;
  }
  return result;
}

function collect(result: Run, event: GpsEvent): void {
  if (event.type === "epoch") result.epochs.push(event.epoch);
  else if (event.type === "first-fix") result.ttffMs = event.ttffMs;
  else if (event.type === "link") result.links.push(event.link);
}

/** What a person compares between two runs of the same log: the fix and the satellites, not receive times. */
const fixOf = (epoch: Epoch | undefined) =>
  epoch && {
    mode: epoch.mode,
    quality: epoch.quality,
    latitudeDeg: epoch.latitudeDeg,
    longitudeDeg: epoch.longitudeDeg,
    altitudeMslM: epoch.altitudeMslM,
    timeMs: epoch.timeMs,
    used: epoch.satellites.usedCount,
    tracked: epoch.satellites.trackedCount,
    inView: epoch.satellites.inViewCount,
  };

/** A readable stream that hands out `bytes` in pieces of `size`, then ends or fails with `failWith`. */
function streamOf(bytes: Uint8Array, size: number, failWith?: Error): ReadableStream<Uint8Array> {
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.length) {
        if (failWith) controller.error(failWith);
        else controller.close();
        return;
      }
      controller.enqueue(bytes.slice(at, at + size));
      at += size;
    },
  });
}

const deviceLost = (): Error => Object.assign(new Error("The device has been lost."), { name: "NetworkError" });

/** A scripted SerialPort: `bytesAt(baud)` says what the line carries at each rate. */
function fakeSerialPort(bytesAt: (baudRate: number) => Uint8Array, chunkSize = 37) {
  const opens: number[] = [];
  const written: number[] = [];
  let closes = 0;
  let readable: ReadableStream<Uint8Array> | null = null;
  let writable: WritableStream<Uint8Array> | null = null;
  const port: SerialPortLike = {
    async open({ baudRate }) {
      if (readable !== null) throw Object.assign(new Error("The port is already open."), { name: "InvalidStateError" });
      opens.push(baudRate);
      readable = streamOf(bytesAt(baudRate), chunkSize, deviceLost());
      writable = new WritableStream<Uint8Array>({ write: (chunk) => void written.push(...chunk) });
    },
    async close() {
      if (readable?.locked || writable?.locked) throw Object.assign(new Error("locked"), { name: "InvalidStateError" });
      closes++;
      readable = null;
      writable = null;
    },
    get readable() {
      return readable;
    },
    get writable() {
      return writable;
    },
    getInfo: () => ({ usbVendorId: 0x1546, usbProductId: 0x01a7 }),
  };
  return { port, opens, written, closes: () => closes };
}

/** Bytes a UART shows at a wrong rate: no valid sentence in them. */
function lineNoise(length: number, seed: number): Uint8Array {
  const out = new Uint8Array(length);
  let x = seed;
  for (let i = 0; i < length; i++) {
    x = (x * 1103515245 + 12345) >>> 0;
    out[i] = (x >>> 16) & 0xff;
  }
  return out;
}

describe("createFileReplaySource", () => {
  it.each(FIXTURES)("%s at speed Infinity gives the epochs of the Node file source", async (name) => {
    const browser = await run(createFileReplaySource(new File([fixtureBytes(name)], `${name}.nmea`), { speed: Infinity, maxChunkBytes: 100 }));
    const node = await run(createFileSource(fixturePath(name)));
    expect(node.epochs.length).toBeGreaterThan(0);
    expect(browser.epochs).toEqual(node.epochs);
    expect(browser.ttffMs).toBe(node.ttffMs);
  });

  it("paces a plain log by its sentence times and measures the same TTFF as decoding it", async () => {
    const bytes = fixtureBytes("cold-start-ttff");
    const source = createFileReplaySource(new Blob([bytes]), { speed: 2000 });
    const clocks: number[] = [];
    const gps = openGps({ source });
    const result: Run = { epochs: [], ttffMs: undefined, links: [], error: undefined };
    for await (const event of gps.events()) {
      collect(result, event);
      if (event.type === "epoch") clocks.push(source.clock?.() ?? Number.NaN);
    }
    const decoded = await run(createFileSource(fixturePath("cold-start-ttff")));
    expect(source.pacing).toBe("sentence-time");
    expect(source.live).toBe(true);
    expect(result.ttffMs).toBe(decoded.ttffMs);
    expect(result.epochs.map(fixOf)).toEqual(decoded.epochs.map(fixOf));
    // The clock is the log's UTC time: 2024-03-15 10:15:00 is the first sentence of the fixture.
    expect(clocks[0]).toBeGreaterThanOrEqual(Date.UTC(2024, 2, 15, 10, 15, 0));
    expect(clocks.every((t, i) => i === 0 || t >= (clocks[i - 1] ?? 0))).toBe(true);
  });

  it("paces a stamped log by its prefixes and strips them", async () => {
    const lines = new TextDecoder("latin1").decode(fixtureBytes("fix-lost-reacquired")).split(/(?<=\n)/);
    const t0 = Date.UTC(2026, 10, 27, 2, 0, 0);
    let sentence = 0;
    const stamped = lines.map((line) => (line.startsWith("$GPGGA") ? sentence++ : sentence, `${formatRecordPrefix(t0 + sentence * 1000)}${line}`)).join("");
    const source = createFileReplaySource(new Blob([stamped]), { speed: 5000 });
    const result = await run(source);
    const decoded = await run(createFileSource(fixturePath("fix-lost-reacquired")));
    expect(source.pacing).toBe("stamped");
    expect(result.epochs.map(fixOf)).toEqual(decoded.epochs.map(fixOf));
    expect(result.epochs.at(-1)?.receivedAtMs).toBeGreaterThan(t0);
  });

  it("reads a log saved as UTF-16 (PowerShell's >) as the ASCII log, paced or not", async () => {
    const utf16 = readFileSync(new URL("../../fixtures/powershell-redirect-utf16.log", import.meta.url));
    const ascii = await run(createFileSource(fixturePath("gn-multi-constellation")));
    for (const speed of [Infinity, 5000]) {
      const source = createFileReplaySource(new File([utf16], "log.nmea"), { speed, maxChunkBytes: 101 });
      const result = await run(source);
      expect(result.epochs.map(fixOf)).toEqual(ascii.epochs.map(fixOf));
      if (speed !== Infinity) expect(source.pacing).toBe("sentence-time");
    }
  });

  it("stops reading when the loop is left early", async () => {
    const source = createFileReplaySource(new Blob([fixtureBytes("sim-tunnel")]), { speed: Infinity, maxChunkBytes: 512 });
    const gps = openGps({ source });
    let epochs = 0;
    for await (const _ of gps.epochs()) if (++epochs === 3) break;
    expect(epochs).toBe(3);
    expect(gps.stats.bytes).toBeLessThan(fixtureBytes("sim-tunnel").length);
  });

  it("rejects a speed that is not positive", () => {
    expect(() => createFileReplaySource(new Blob([]), { speed: 0 })).toThrow(TypeError);
  });
});

describe("createWebSerialSource", () => {
  it("reads a fixed rate to the same fix as the log, and a failed read is a disconnect", async () => {
    const log = fixtureBytes("gn-multi-constellation");
    const fake = fakeSerialPort(() => log);
    const source = createWebSerialSource(fake.port, { baudRate: 4800 });
    const result = await run(source);
    const decoded = await run(createFileSource(fixturePath("gn-multi-constellation")));
    expect(source.name).toBe("webserial:1546:01a7");
    expect(fake.opens).toEqual([4800]);
    expect(fixOf(result.epochs.at(-1))).toEqual(fixOf(decoded.epochs.at(-1)));
    expect(result.epochs.length).toBe(decoded.epochs.length);
    expect(result.error).toMatchObject({ name: "SourceError", disconnected: true });
    expect(result.error?.message).toContain("NetworkError");
    expect(result.links.map((l) => l.type)).toEqual(["connected", "disconnected"]);
    expect(fake.closes()).toBe(1);
  });

  it("hunts the baud rate by reopening the port until valid sentences arrive", async () => {
    const log = fixtureBytes("cold-start-ttff");
    const fake = fakeSerialPort((baud) => (baud === 38400 ? log : lineNoise(4096, baud)));
    const source = createWebSerialSource(fake.port, { baudRate: "auto", perRateMs: 2000 });
    const result = await run(source);
    const decoded = await run(createFileSource(fixturePath("cold-start-ttff")));
    expect(fake.opens).toEqual([9600, 4800, 115200, 38400]);
    expect(source.baudRate).toBe(38400);
    expect(result.links[0]).toEqual({ type: "baud-detected", baudRate: 38400 });
    expect(fixOf(result.epochs.at(-1))).toEqual(fixOf(decoded.epochs.at(-1)));
    // Nothing read at 38400 is lost between the hunt's verdict and the pipeline.
    expect(result.epochs.length).toBe(decoded.epochs.length);
  });

  it("fails to open when no rate carries NMEA", async () => {
    const fake = fakeSerialPort((baud) => lineNoise(2048, baud));
    const source = createWebSerialSource(fake.port, { baudRate: "auto", baudRates: [9600, 4800], perRateMs: 2000 });
    await expect(source.open()).rejects.toThrow(/no valid NMEA or UBX data at any of 9600, 4800 baud/);
    expect(fake.closes()).toBe(2);
  });

  it("writes commands to the port and closes it when the loop is left", async () => {
    const fake = fakeSerialPort(() => fixtureBytes("sim-tunnel"), 64);
    const source = createWebSerialSource(fake.port, { baudRate: 9600 });
    const gps = openGps({ source });
    let epochs = 0;
    for await (const _ of gps.epochs()) {
      if (++epochs === 1) await gps.write(new TextEncoder().encode("$PMTK101*32\r\n"));
      if (epochs === 2) break;
    }
    expect(new TextDecoder().decode(new Uint8Array(fake.written))).toBe("$PMTK101*32\r\n");
    expect(source.bytesWritten).toBe(13);
    expect(fake.closes()).toBe(1);
  });
});

/** A scripted BLE device: notifications of `mtu - 3` bytes of the log on the TX characteristic, then a disconnect. */
function fakeBleDevice(log: Uint8Array, serviceUuid: string, txUuid: string, rxUuid: string, payload = 20) {
  const written: Uint8Array[] = [];
  let connected = false;
  const device = new EventTarget() as BluetoothDeviceLike & EventTarget;
  class Characteristic extends EventTarget {
    value: DataView | null = null;
    properties = { notify: true, writeWithoutResponse: true };
    async startNotifications() {
      // Notifications arrive on later tasks, after the source has subscribed.
      setTimeout(() => {
        for (let at = 0; at < log.length && connected; at += payload) {
          this.value = new DataView(log.slice(at, at + payload).buffer);
          this.dispatchEvent(new Event("characteristicvaluechanged"));
        }
        connected = false;
        device.dispatchEvent(new Event("gattserverdisconnected"));
      }, 5);
      return this;
    }
    async writeValueWithoutResponse(value: Uint8Array) {
      written.push(value.slice());
    }
  }
  const tx = new Characteristic();
  const rx = txUuid === rxUuid ? tx : new Characteristic();
  const server = {
    get connected() {
      return connected;
    },
    async connect() {
      connected = true;
      return server;
    },
    disconnect() {
      connected = false;
    },
    async getPrimaryService(uuid: string) {
      if (uuid !== serviceUuid) throw Object.assign(new Error(`No Services matching UUID ${uuid} found in Device.`), { name: "NotFoundError" });
      return {
        async getCharacteristic(c: string): Promise<GattCharacteristicLike> {
          if (c === txUuid) return tx;
          if (c === rxUuid) return rx;
          throw Object.assign(new Error("no such characteristic"), { name: "NotFoundError" });
        },
      };
    },
  };
  Object.assign(device, { name: "GNSS BLE", id: "abc", gatt: server });
  return { device, written };
}

describe("createWebBluetoothSource", () => {
  it.each([
    {
      name: "Nordic UART",
      service: "6e400001-b5a3-f393-e0a9-e50e24dcca9e",
      tx: "6e400003-b5a3-f393-e0a9-e50e24dcca9e",
      rx: "6e400002-b5a3-f393-e0a9-e50e24dcca9e",
    },
    {
      name: "HM-10 FFE0 (fallback)",
      service: "0000ffe0-0000-1000-8000-00805f9b34fb",
      tx: "0000ffe1-0000-1000-8000-00805f9b34fb",
      rx: "0000ffe1-0000-1000-8000-00805f9b34fb",
    },
  ])("$name: notifications in 20-byte pieces make the same fix as the log; disconnect is reported", async ({ service, tx, rx }) => {
    const log = fixtureBytes("nmea411-dual-frequency");
    const fake = fakeBleDevice(log, service, tx, rx);
    const source = createWebBluetoothSource(fake.device);
    const result = await run(source);
    const decoded = await run(createFileSource(fixturePath("nmea411-dual-frequency")));
    expect(source.service?.service).toBe(service);
    expect(fixOf(result.epochs.at(-1))).toEqual(fixOf(decoded.epochs.at(-1)));
    expect(result.epochs.length).toBe(decoded.epochs.length);
    expect(result.links.map((l) => l.type)).toEqual(["connected", "disconnected"]);
    expect(result.error).toMatchObject({ name: "SourceError", disconnected: true });
  });

  it("splits writes into pieces for the RX characteristic", async () => {
    const nus = ["6e400001-b5a3-f393-e0a9-e50e24dcca9e", "6e400003-b5a3-f393-e0a9-e50e24dcca9e", "6e400002-b5a3-f393-e0a9-e50e24dcca9e"] as const;
    const fake = fakeBleDevice(new Uint8Array(0), ...nus);
    const source = createWebBluetoothSource(fake.device, { service: "nus" });
    await source.open();
    const command = new TextEncoder().encode("$PMTK314,0,1,0,1,1,5,0,0,0,0,0,0,0,0,0,0,0,0,0*2C\r\n");
    await source.write(command);
    await source.close();
    expect(fake.written.map((w) => w.length)).toEqual([20, 20, command.length - 40]);
    expect(new TextDecoder().decode(Uint8Array.from(fake.written.flatMap((w) => [...w])))).toBe(new TextDecoder().decode(command));
  });

  it("fails to open with a clear message when the device has no NMEA service", async () => {
    const fake = fakeBleDevice(new Uint8Array(0), "0000180f-0000-1000-8000-00805f9b34fb", "a", "b");
    await expect(createWebBluetoothSource(fake.device).open()).rejects.toThrow(/no NMEA service/);
  });
});
