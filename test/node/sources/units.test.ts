// Unit tests: the link validator used by the baud hunt, the backoff policy, the USB-id table,
// dialect guessing, the port lister's fallback, and probing/serial through SerialPortMock.

import { afterEach, describe, expect, it, vi } from "vitest";
import { mkdtempSync, rmSync, symlinkSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SerialPortMock } from "serialport";
import { createLinkValidator, huntBaudRate, type BaudHuntPort } from "../../../src/sources/autobaud.js";
import { createReconnectPolicy } from "../../../src/sources/reconnect.js";
import { classifyPort, listSerialPorts, probePort } from "../../../src/node/sources/ports.js";
import { createSerialSource, type SerialPortLike } from "../../../src/node/sources/serial.js";
import { withChecksum } from "../../../src/framing/checksum.js";
import type { LinkEvent } from "../../../src/types.js";

const encoder = new TextEncoder();
const line = (body: string): string => `${withChecksum(body)}\r\n`;
const GGA = line("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,");
const RMC = line("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W");
/** UBX-NAV-STATUS poll-like frame with a computed Fletcher checksum. */
function ubxFrame(cls: number, id: number, payload: number[]): Uint8Array {
  const body = [cls, id, payload.length & 0xff, payload.length >> 8, ...payload];
  let a = 0;
  let b = 0;
  for (const x of body) {
    a = (a + x) & 0xff;
    b = (b + a) & 0xff;
  }
  return Uint8Array.from([0xb5, 0x62, ...body, a, b]);
}
const noise = (n: number, seed: number): Uint8Array => {
  let x = seed;
  return Uint8Array.from({ length: n }, () => ((x = (x * 1103515245 + 12345) >>> 0) >>> 16) & 0xff);
};

describe("link validator", () => {
  const corrupt = GGA.replace("4807", "4808");
  const cases = [
    { name: "two valid sentences", input: [GGA + RMC], want: { validSentences: 2, consecutiveValid: 2, invalidSentences: 0, validUbxFrames: 0 } },
    { name: "split mid-sentence", input: [GGA.slice(0, 20), GGA.slice(20) + RMC.slice(0, 5), RMC.slice(5)], want: { validSentences: 2, consecutiveValid: 2 } },
    { name: "a bad checksum breaks the run", input: [GGA + corrupt + RMC], want: { validSentences: 2, consecutiveValid: 1, invalidSentences: 1 } },
    { name: "lower-case hex accepted", input: [GGA.replace(/\*([0-9A-F]{2})/, (_m, h: string) => `*${h.toLowerCase()}`) + RMC], want: { consecutiveValid: 2 } },
    { name: "no checksum is not valid", input: ["$GPGGA,1,2,3\r\n" + RMC], want: { validSentences: 1, invalidSentences: 1 } },
    { name: "noise only", input: [noise(2000, 1)], want: { validSentences: 0, validUbxFrames: 0, firstValidOffset: undefined } },
    {
      name: "a UBX frame",
      input: [ubxFrame(0x01, 0x03, [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16])],
      want: { validUbxFrames: 1, junkBytes: 0, firstValidOffset: 0 },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const validator = createLinkValidator();
      for (const part of c.input) validator.push(typeof part === "string" ? encoder.encode(part) : part);
      expect(validator.verdict).toMatchObject(c.want);
    });
  }

  it("reports where the first valid frame starts after leading noise", () => {
    const validator = createLinkValidator();
    const lead = "xx\r\n#junk\n";
    validator.push(encoder.encode(lead + GGA));
    expect(validator.verdict.firstValidOffset).toBe(lead.length);
  });
});

describe("baud hunt (fake port: valid data only at the true rate)", () => {
  function fakePort(trueRate: number): BaudHuntPort & { rates: number[]; stop(): void } {
    const rates: number[] = [];
    let listener: ((chunk: Uint8Array) => void) | undefined;
    let current = 0;
    const timer = setInterval(() => listener?.(current === trueRate ? encoder.encode(GGA) : noise(GGA.length, current)), 5);
    return {
      rates,
      setBaudRate: (rate) => {
        rates.push(rate);
        current = rate;
        return Promise.resolve();
      },
      onData: (l) => {
        listener = l;
        return () => (listener = undefined);
      },
      onLost: () => () => undefined,
      stop: () => clearInterval(timer),
    };
  }

  it("tries the last good rate first, then the hunt order", async () => {
    const port = fakePort(38400);
    const found = await huntBaudRate(port, { lastGoodBaudRate: 230400, perRateMs: 300 }).finally(() => port.stop());
    expect(found.baudRate).toBe(38400);
    expect(port.rates).toEqual([230400, 9600, 4800, 115200, 38400]);
    expect(new TextDecoder().decode(found.received).startsWith("$GPGGA")).toBe(true);
  });
});

describe("reconnect policy", () => {
  it("grows by the factor and stops at the cap", () => {
    const policy = createReconnectPolicy({ initialDelayMs: 100, maxDelayMs: 1000, factor: 3 });
    expect([0, 1, 2, 3, 10].map((a) => policy.delayMs(a))).toEqual([100, 300, 900, 1000, 1000]);
    expect(policy.maxAttempts).toBe(Number.POSITIVE_INFINITY);
  });
  it("rejects nonsense options", () => {
    expect(() => createReconnectPolicy({ initialDelayMs: 500, maxDelayMs: 100 })).toThrow(TypeError);
  });
});

describe("USB ids and dialects", () => {
  const ports = [
    { name: "u-blox 8", input: { path: "/dev/ttyACM0", vendorId: "1546", productId: "01a8" }, want: { likelihood: "gnss", knownAs: "u-blox 8" } },
    { name: "other u-blox product", input: { path: "/dev/ttyACM1", vendorId: "1546", productId: "0502" }, want: { likelihood: "gnss", knownAs: "u-blox" } },
    { name: "Garmin, upper-case hex", input: { path: "/dev/ttyUSB0", vendorId: "091E", productId: "0003" }, want: { likelihood: "gnss" } },
    { name: "MediaTek", input: { path: "/dev/ttyACM2", vendorId: "0e8d", productId: "3329" }, want: { likelihood: "gnss" } },
    { name: "DeLorme", input: { path: "/dev/ttyUSB1", vendorId: "1163", productId: "0200" }, want: { likelihood: "gnss" } },
    { name: "PL2303", input: { path: "/dev/ttyUSB2", vendorId: "067b", productId: "2303" }, want: { likelihood: "maybe" } },
    { name: "CP210x", input: { path: "/dev/ttyUSB3", vendorId: "10c4", productId: "ea60" }, want: { likelihood: "maybe" } },
    { name: "FTDI", input: { path: "/dev/ttyUSB4", vendorId: "0403", productId: "6001" }, want: { likelihood: "maybe" } },
    { name: "CH340", input: { path: "/dev/ttyUSB5", vendorId: "1a86", productId: "7523" }, want: { likelihood: "maybe" } },
    { name: "ATEN", input: { path: "/dev/ttyUSB6", vendorId: "0557", productId: "2008" }, want: { likelihood: "maybe" } },
    { name: "Bluetooth rfcomm", input: { path: "/dev/rfcomm0" }, want: { likelihood: "maybe" } },
    { name: "built-in UART", input: { path: "/dev/ttyS0" }, want: { likelihood: "other" } },
    { name: "FTDI other product", input: { path: "/dev/ttyUSB7", vendorId: "0403", productId: "6015" }, want: { likelihood: "other" } },
  ];
  for (const c of ports) it(`classifies ${c.name}`, () => expect(classifyPort(c.input)).toMatchObject(c.want));
});

describe("listSerialPorts", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  });

  it("sorts likely receivers first, from serialport's listing (SerialPortMock's binding)", async () => {
    const binding = SerialPortMock.binding;
    binding.reset();
    binding.createPort("/dev/ttyS0");
    binding.createPort("/dev/ttyUSB0", { vendorId: "067b", productId: "2303" });
    binding.createPort("/dev/ttyACM0", { vendorId: "1546", productId: "01a7", manufacturer: "u-blox AG - www.u-blox.com" });
    const listed = await listSerialPorts({ list: () => binding.list() });
    expect(listed.map((p) => [p.path, p.likelihood])).toEqual([
      ["/dev/ttyACM0", "gnss"],
      ["/dev/ttyUSB0", "maybe"],
      ["/dev/ttyS0", "other"],
    ]);
    binding.reset();
  });

  it("falls back to /dev/serial/by-id with a one-line note when udevadm is missing", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-byid-"));
    dirs.push(dir);
    mkdirSync(join(dir, "dev"));
    const byId = join(dir, "by-id");
    mkdirSync(byId);
    symlinkSync("../dev/ttyACM0", join(byId, "usb-u-blox_AG_u-blox_7-if00"));
    const notes: string[] = [];
    const missing = Object.assign(new Error("spawn udevadm ENOENT"), { code: "ENOENT" });
    const listed = await listSerialPorts({ list: () => Promise.reject(missing), onNote: (n) => notes.push(n), byIdDir: byId });
    expect(listed).toEqual([{ path: join(dir, "dev/ttyACM0"), pnpId: "usb-u-blox_AG_u-blox_7-if00", likelihood: "other" }]);
    expect(notes).toEqual([`udevadm not found (Debian package "udev"): listing ${byId} without USB ids`]);
  });
});

describe("serial source and probe over SerialPortMock", () => {
  const mockPort = (options: { path: string; baudRate: number }): SerialPortLike =>
    new SerialPortMock({ path: options.path, baudRate: options.baudRate, autoOpen: false }) as unknown as SerialPortLike;

  it("probes a u-blox-looking port: baud and dialect from its sentences", async () => {
    const binding = SerialPortMock.binding;
    binding.reset();
    binding.createPort("/dev/ttyMOCK0", { echo: false, record: true });
    let feeder: ReturnType<typeof setInterval> | undefined;
    const createPort = (options: { path: string; baudRate: number }): SerialPortLike => {
      const port = new SerialPortMock({ path: options.path, baudRate: options.baudRate, autoOpen: false });
      port.on("open", () => {
        feeder = setInterval(() => port.port?.emitData(Buffer.from(GGA + line("PUBX,00,081350.00,4717.113210,N"))), 10);
      });
      port.on("close", () => clearInterval(feeder));
      return port as unknown as SerialPortLike;
    };
    const result = await probePort("/dev/ttyMOCK0", { serial: { createPort }, listenMs: 2000 });
    clearInterval(feeder);
    expect(result.baudRate).toBe(9600); // MockBinding ignores the rate: the first one tried wins
    expect(result.dialect).toBe("ublox");
    expect(result.evidence[0]).toMatch(/^\$PUBX,00 reply/);
    expect(result.bytesWritten).toBe(0); // its $PUBX said it: nothing asked
    expect(result.sample[0]).toBe(GGA.trim());
    binding.reset();
  });

  it("reports an unplug (serialport's disconnected close) and fails without reconnect", async () => {
    const binding = SerialPortMock.binding;
    binding.reset();
    binding.createPort("/dev/ttyMOCK1", { echo: false });
    let opened: SerialPortMock | undefined;
    const source = createSerialSource("/dev/ttyMOCK1", {
      baudRate: 4800,
      reconnect: false,
      createPort: (o) => {
        opened = mockPort(o) as unknown as SerialPortMock;
        return opened as unknown as SerialPortLike;
      },
    });
    const events: LinkEvent[] = [];
    source.onLink((e) => events.push(e));
    await source.open();
    opened?.port?.emitData(Buffer.from(GGA));
    const iterator = source[Symbol.asyncIterator]();
    expect(new TextDecoder().decode((await iterator.next()).value as Uint8Array)).toBe(GGA);
    // MockBinding has no public unplug; its private hook produces serialport's real close(err.disconnected).
    (opened as unknown as { _disconnected(e: Error): void })._disconnected(Object.assign(new Error("gone"), { disconnected: true }));
    await expect(iterator.next()).rejects.toMatchObject({ name: "SourceError", disconnected: true });
    expect(events).toContainEqual({ type: "disconnected", reason: "device disconnected" });
    binding.reset();
  });
  it("asks resolvePath for the path on every open (a device back under a new name)", async () => {
    const binding = SerialPortMock.binding;
    binding.reset();
    binding.createPort("/dev/ttyMOCK2", { echo: false });
    binding.createPort("/dev/ttyMOCK3", { echo: false });
    const asked: boolean[] = [];
    const opened: SerialPortMock[] = [];
    const source = createSerialSource("/dev/serial/by-id/usb-test", {
      baudRate: 9600,
      reconnect: { initialDelayMs: 5 },
      resolvePath: ({ reconnect }) => {
        asked.push(reconnect);
        return Promise.resolve(reconnect ? "/dev/ttyMOCK3" : "/dev/ttyMOCK2");
      },
      createPort: (o) => {
        const port = mockPort(o) as unknown as SerialPortMock;
        opened.push(port);
        return port as unknown as SerialPortLike;
      },
    });
    expect(source.name).toBe("/dev/serial/by-id/usb-test");
    const events: LinkEvent[] = [];
    source.onLink((e) => events.push(e));
    await source.open();
    (opened[0] as unknown as { _disconnected(e: Error): void })._disconnected(Object.assign(new Error("gone"), { disconnected: true }));
    const iterator = source[Symbol.asyncIterator]();
    const next = iterator.next();
    await vi.waitFor(() => expect(events.map((e) => e.type)).toContain("reconnected"));
    opened[1]?.port?.emitData(Buffer.from(GGA));
    expect(new TextDecoder().decode((await next).value as Uint8Array)).toBe(GGA);
    expect(asked).toEqual([false, true]);
    expect(opened.map((p) => p.path)).toEqual(["/dev/ttyMOCK2", "/dev/ttyMOCK3"]);
    await source.close();
    binding.reset();
  });
});
