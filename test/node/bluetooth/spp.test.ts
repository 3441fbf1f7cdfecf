// bt:// (classic SPP): the RFCOMM tty found by address in a sysfs-shaped directory, the data path
// through the serial source over a socat pseudo-terminal standing in for /dev/rfcommN, and the
// messages when nothing is bound (with what the bluez5 mock says about the device).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { openGps } from "../../../src/gps.js";
import { withChecksum } from "../../../src/framing/checksum.js";
import {
  createBluetoothSppSource,
  findRfcommBinding,
  freeRfcommNumber,
  listRfcommBindings,
  NUS_SERVICE_UUID,
  SPP_UUID,
} from "../../../src/node/bluetooth/index.js";
import { SourceError } from "../../../src/sources/source.js";
import type { GpsEvent, LinkEvent } from "../../../src/types.js";
import { hasCommand, startSocatPair, tempDir, waitFor, type SocatPair } from "../sources/_pty.js";
import { fakeBluezMissing, startFakeBluez, type FakeBluez } from "./_bluez.js";

const GLO = "00:1B:C1:07:A2:3F";
const OTHER = "00:0B:0D:87:65:43";
const haveSocat = hasCommand("socat");
if (!haveSocat) console.log("skipping the RFCOMM pty test: socat is not installed (Debian package socat)");
const bluezMissing = fakeBluezMissing();
if (bluezMissing !== undefined) console.log(`skipping the BlueZ hints of bt://: ${bluezMissing}`);

/** What the kernel shows for `rfcomm bind N MAC CH`: /sys/class/tty/rfcommN/{address,channel} (address in lower case). */
function fakeBinding(sysfs: string, tty: string, address: string, channel: number): void {
  mkdirSync(join(sysfs, tty), { recursive: true });
  writeFileSync(join(sysfs, tty, "address"), `${address.toLowerCase()}\n`);
  writeFileSync(join(sysfs, tty, "channel"), `${channel}\n`);
}

const SENTENCES = [
  "GPRMC,083000.00,A,3723.2475,N,12158.3416,W,0.12,,070724,,,A",
  "GPGGA,083000.00,3723.2475,N,12158.3416,W,1,09,0.9,12.5,M,-25.7,M,,",
  "GPGSA,A,3,02,07,13,22,,,,,,,,,1.6,0.9,1.3",
  "GPRMC,083001.00,A,3723.2476,N,12158.3417,W,0.12,,070724,,,A",
  "GPGGA,083001.00,3723.2476,N,12158.3417,W,1,09,0.9,12.6,M,-25.7,M,,",
  "GPGSA,A,3,02,07,13,22,,,,,,,,,1.5,0.9,1.2",
  "GPRMC,083002.00,A,3723.2477,N,12158.3418,W,0.12,,070724,,,A",
].map((body) => withChecksum(body));

describe("RFCOMM bindings from sysfs", () => {
  let tmp: ReturnType<typeof tempDir>;
  beforeEach(() => (tmp = tempDir()));
  afterEach(() => tmp.remove());

  it("finds the tty bound to an address in any spelling, and the lowest free number", () => {
    const sysfs = join(tmp.dir, "sys");
    const dev = join(tmp.dir, "dev");
    mkdirSync(dev, { recursive: true });
    fakeBinding(sysfs, "rfcomm0", OTHER, 1);
    fakeBinding(sysfs, "rfcomm2", GLO, 3);
    mkdirSync(join(sysfs, "ttyS0"));
    writeFileSync(join(dev, "rfcomm1"), ""); // a stale node: not free either
    const dirs = { sysfsTtyDir: sysfs, devDir: dev };
    expect(listRfcommBindings(dirs)).toEqual([
      { path: join(dev, "rfcomm0"), tty: "rfcomm0", address: OTHER, channel: 1 },
      { path: join(dev, "rfcomm2"), tty: "rfcomm2", address: GLO, channel: 3 },
    ]);
    expect(findRfcommBinding("00-1b-c1-07-a2-3f", dirs)?.path).toBe(join(dev, "rfcomm2"));
    expect(findRfcommBinding("11:22:33:44:55:66", dirs)).toBeUndefined();
    expect(freeRfcommNumber(dirs)).toBe(3);
    expect(listRfcommBindings({ sysfsTtyDir: join(tmp.dir, "missing") })).toEqual([]);
  });

  it("rejects bad addresses and channels as programmer errors", () => {
    expect(() => createBluetoothSppSource("00:1B:C1:07:A2")).toThrow(TypeError);
    expect(() => createBluetoothSppSource(GLO, { channel: 31 })).toThrow("invalid RFCOMM channel 31: 1 to 30");
  });
});

describe.skipIf(!haveSocat)("bt:// over a pty standing in for /dev/rfcommN", () => {
  let tmp: ReturnType<typeof tempDir>;
  let socat: SocatPair | undefined;
  let sysfs: string;
  let dev: string;
  let peerLink: string;
  beforeEach(async () => {
    tmp = tempDir();
    sysfs = join(tmp.dir, "sys");
    dev = join(tmp.dir, "dev");
    mkdirSync(dev);
    peerLink = join(tmp.dir, "receiver");
    socat = await startSocatPair(join(dev, "rfcomm0"), peerLink);
  });
  afterEach(async () => {
    await socat?.kill();
    tmp.remove();
  });

  async function openPeer(): Promise<SerialPort> {
    const port = new SerialPort({ path: peerLink, baudRate: 9600, autoOpen: false });
    await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
    port.on("error", () => undefined); // it dies with socat in the unplug step
    return port;
  }

  it("reads the receiver through the serial source: sentences, epochs, commands, unplug", { timeout: 30_000 }, async () => {
    fakeBinding(sysfs, "rfcomm0", GLO, 1);
    const source = createBluetoothSppSource(GLO.toLowerCase(), { sysfsTtyDir: sysfs, devDir: dev, baudRate: "auto", reconnect: false });
    expect(source.name).toBe(`bt://${GLO}`);
    const links: LinkEvent[] = [];
    source.onLink((link) => links.push(link));
    const peer = await openPeer();
    let heard = "";
    peer.on("data", (chunk: Buffer) => (heard += chunk.toString("latin1")));
    // The receiver talks continuously, as a Bluetooth GPS does once the link is up (the baud hunt listens first).
    const talk = setInterval(() => peer.write(SENTENCES.map((s) => `${s}\r\n`).join("")), 100);
    const gps = openGps({ source });
    const events: GpsEvent[] = [];
    const failure = await (async () => {
      for await (const event of gps.events()) {
        events.push(event);
        if (event.type === "epoch" && events.filter((e) => e.type === "epoch").length === 3) {
          clearInterval(talk);
          await gps.write(new TextEncoder().encode(`${withChecksum("PMTK101")}\r\n`));
          await waitFor(() => heard.includes("\n"), "the command at the receiver");
          await socat?.kill(); // the link drops: rfcomm hangs up the tty
        }
      }
    })().catch((error: unknown) => error);
    clearInterval(talk);
    expect(source.path).toBe(join(dev, "rfcomm0"));
    expect(heard).toBe(`${withChecksum("PMTK101")}\r\n`);
    const sentences = events.flatMap((e) => (e.type === "sentence" ? [e.sentence.raw] : []));
    expect(sentences.length).toBeGreaterThanOrEqual(7);
    // Whole sentences in the receiver's order: every one is the successor of the one before.
    for (let i = 1; i < sentences.length; i++) {
      const at = SENTENCES.indexOf(sentences[i - 1] ?? "");
      expect(sentences[i]).toBe(SENTENCES[(at + 1) % SENTENCES.length]);
    }
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    // GGA says 9, GSA lists 4: GSA is the receiver's word on the satellites it used
    expect(epochs[0]).toMatchObject({ mode: "3d", latitudeDeg: expect.closeTo(37 + 23.2475 / 60, 9), satellitesUsed: 4 });
    expect(links[0]).toEqual({ type: "info", message: `via ${join(dev, "rfcomm0")} (RFCOMM channel 1)` });
    expect(links.map((l) => l.type)).toEqual(["info", "baud-detected", "connected", "disconnected"]);
    expect(failure).toBeInstanceOf(SourceError);
    expect((failure as SourceError).disconnected).toBe(true);
  });

  it("binds the tty itself with bind: true, through the rfcomm tool", async () => {
    // A stand-in for BlueZ's rfcomm: it records its arguments and makes the sysfs entry and the node, as
    // the kernel would; the node leads to the same pty.
    const tool = join(tmp.dir, "rfcomm");
    writeFileSync(
      tool,
      `#!/bin/sh\necho "$@" > ${tmp.dir}/rfcomm.args\nmkdir -p ${sysfs}/rfcomm$2\necho "$3" | tr A-F a-f > ${sysfs}/rfcomm$2/address\necho "$4" > ${sysfs}/rfcomm$2/channel\nln -s "$(readlink ${dev}/rfcomm0)" ${dev}/rfcomm$2\n`,
    );
    chmodSync(tool, 0o755);
    const source = createBluetoothSppSource(GLO, {
      sysfsTtyDir: sysfs,
      devDir: dev,
      bind: true,
      channel: 2,
      rfcommCommand: tool,
      baudRate: 9600,
      reconnect: false,
    });
    const links: LinkEvent[] = [];
    source.onLink((link) => links.push(link));
    await source.open();
    await source.close();
    // rfcomm0 exists in dev (the pty), so the first free number is 1: the tool made rfcomm1, not the pty.
    expect(readFileSync(join(tmp.dir, "rfcomm.args"), "utf8").trim()).toBe(`bind 1 ${GLO} 2`);
    expect(links[0]).toEqual({ type: "info", message: `bound ${join(dev, "rfcomm1")} (rfcomm bind 1 ${GLO} 2)` });
  });
});

describe("bt:// when nothing is bound", () => {
  let tmp: ReturnType<typeof tempDir>;
  let fake: FakeBluez | undefined;
  beforeEach(() => (tmp = tempDir()));
  afterEach(async () => {
    await fake?.stop();
    fake = undefined;
    tmp.remove();
  });

  const openError = async (options: Parameters<typeof createBluetoothSppSource>[1]): Promise<string> => {
    const error = await createBluetoothSppSource(GLO, { sysfsTtyDir: join(tmp.dir, "sys"), devDir: join(tmp.dir, "dev"), ...options })
      .open()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SourceError);
    return (error as Error).message;
  };

  it("gives the rfcomm bind command", async () => {
    expect(await openError({ checkBluez: false })).toBe(
      `bt://${GLO}: no RFCOMM tty is bound to it; bind one with: sudo rfcomm bind 0 ${GLO} 1  (then /dev/rfcomm0 also works as a serial SOURCE)`,
    );
    fakeBinding(join(tmp.dir, "sys"), "rfcomm0", OTHER, 1);
    expect(await openError({ checkBluez: false, channel: 4 })).toBe(
      `bt://${GLO}: no RFCOMM tty is bound to it; bind one with: sudo rfcomm bind 1 ${GLO} 4  (then /dev/rfcomm1 also works as a serial SOURCE)`,
    );
  });

  it("says why binding failed when asked to bind", async () => {
    expect(await openError({ bind: true, rfcommCommand: join(tmp.dir, "no-rfcomm"), checkBluez: false })).toBe(
      `bt://${GLO}: \`rfcomm bind 0 ${GLO} 1\` failed (${join(tmp.dir, "no-rfcomm")} is not installed (Debian package bluez)); run it as root: sudo rfcomm bind 0 ${GLO} 1`,
    );
  });

  it("stays quiet about BlueZ when there is no bus", async () => {
    expect(await openError({ checkBluez: { busAddress: `unix:path=${join(tmp.dir, "no-bus")}` } })).toBe(
      `bt://${GLO}: no RFCOMM tty is bound to it; bind one with: sudo rfcomm bind 0 ${GLO} 1  (then /dev/rfcomm0 also works as a serial SOURCE)`,
    );
  });

  it.skipIf(bluezMissing !== undefined)("adds what BlueZ knows: unknown, not paired, paired, no SPP", { timeout: 30_000 }, async () => {
    fake = await startFakeBluez();
    const checkBluez = { busAddress: fake.address };
    const tail = `; bind one with: sudo rfcomm bind 0 ${GLO} 1  (then /dev/rfcomm0 also works as a serial SOURCE)`;
    expect(await openError({ checkBluez })).toBe(
      `bt://${GLO}: no RFCOMM tty is bound to it (BlueZ does not know it: pair it first, e.g. bluetoothctl pair ${GLO})${tail}`,
    );
    await fake.run(["device", "--address", GLO, "--name", "Garmin GLO", "--uuid", SPP_UUID]);
    expect(await openError({ checkBluez })).toBe(
      `bt://${GLO}: no RFCOMM tty is bound to it (Garmin GLO, known to BlueZ but not paired: bluetoothctl pair ${GLO})${tail}`,
    );
    fake.mock("PairDevice", "string:hci0", `string:${GLO}`, "int32:7936");
    // PairDevice gives the mock's phone UUIDs: paired, but no SPP among them.
    expect(await openError({ checkBluez })).toBe(
      `bt://${GLO}: no RFCOMM tty is bound to it (Garmin GLO, paired, but it announces no serial port profile (SPP); is it a BLE receiver? try ble://${GLO})${tail}`,
    );
    await fake.run(["device", "--address", OTHER, "--name", "Holux M-241", "--paired", "--uuid", SPP_UUID, "--uuid", NUS_SERVICE_UUID]);
    const holux = await createBluetoothSppSource(OTHER, { sysfsTtyDir: join(tmp.dir, "sys"), devDir: join(tmp.dir, "dev"), checkBluez })
      .open()
      .catch((e: unknown) => (e as Error).message);
    expect(holux).toBe(
      `bt://${OTHER}: no RFCOMM tty is bound to it (Holux M-241, paired); bind one with: sudo rfcomm bind 0 ${OTHER} 1  (then /dev/rfcomm0 also works as a serial SOURCE)`,
    );
  });
});
