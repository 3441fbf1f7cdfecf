// The serial source against real pseudo-terminals: socat pairs (data, commands, unplug) and the
// python fake receiver that answers only at its true baud rate (autobaud).

import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { SerialPort } from "serialport";
import { createSerialSource } from "../../../src/node/sources/serial.js";
import { hangUpAwareBinding } from "../../../src/node/sources/serial-port.js";
import { SourceError } from "../../../src/sources/source.js";
import { withChecksum } from "../../../src/framing/checksum.js";
import type { LinkEvent } from "../../../src/types.js";
import { hasCommand, startFakeReceiver, startSocatPair, tempDir, waitFor, type SocatPair } from "./_pty.js";

const haveSocat = hasCommand("socat");
const havePython = hasCommand("python3") || hasCommand("/usr/bin/python3");
if (!haveSocat) console.log("skipping socat pty tests: socat is not installed (Debian package socat)");

const encoder = new TextEncoder();
const decoder = new TextDecoder("latin1");
const sequenced = (n: number): string => `${withChecksum(`GPTXT,01,01,02,SEQ ${String(n).padStart(6, "0")}`)}\r\n`;
const sequenceNumbers = (text: string): number[] => [...text.matchAll(/SEQ (\d{6})\*/g)].map((m) => Number(m[1]));

async function openPeer(
  path: string,
): Promise<{ port: SerialPort; received: () => string; write(text: string | Uint8Array): Promise<void>; close(): Promise<void> }> {
  const port = new SerialPort({ path, baudRate: 115200, autoOpen: false });
  await new Promise<void>((resolve, reject) => port.open((e) => (e ? reject(e) : resolve())));
  let text = "";
  port.on("data", (chunk: Buffer) => (text += decoder.decode(chunk)));
  port.on("error", () => undefined); // the peer dies with socat in the unplug test
  return {
    port,
    received: () => text,
    write: (data) => new Promise((resolve, reject) => port.write(data, (e) => (e ? reject(e) : port.drain((d) => (d ? reject(d) : resolve()))))),
    close: () => new Promise((resolve) => (port.isOpen ? port.close(() => resolve()) : resolve())),
  };
}

/** The link events since the backoff scheduled its 20 s wait, as `type` or `info: message`. */
function sinceLongWait(events: LinkEvent[]): string[] {
  const described = events.map((e) => (e.type === "info" ? `info: ${e.message}` : e.type));
  return described.slice(described.map((d) => /next in 20000 ms/.test(d)).lastIndexOf(true) + 1);
}

/** Pulls chunks in the background into one text. */
function collect(source: AsyncIterable<Uint8Array>): { text: () => string; done: Promise<unknown> } {
  let text = "";
  const done = (async () => {
    for await (const chunk of source) text += decoder.decode(chunk);
  })().catch((error: unknown) => error);
  return { text: () => text, done };
}

describe.skipIf(!haveSocat)("serial source over socat ptys", () => {
  let tmp: ReturnType<typeof tempDir>;
  let socat: SocatPair | undefined;
  let linkA: string;
  let linkB: string;
  beforeEach(async () => {
    tmp = tempDir();
    linkA = join(tmp.dir, "ttyA");
    linkB = join(tmp.dir, "ttyB");
    socat = await startSocatPair(linkA, linkB);
  });
  afterEach(async () => {
    await socat?.kill();
    tmp.remove();
  });

  it("delivers bytes intact across arbitrary write splits, binary included", async () => {
    const source = createSerialSource(linkA, { baudRate: 9600, reconnect: false });
    await source.open();
    const peer = await openPeer(linkB);
    const ubx = new Uint8Array([0xb5, 0x62, 0x01, 0x07, 0x00, 0x00, 0x08, 0x19, 0x00, 0xff, 0x0d]);
    const parts: Uint8Array[] = [];
    for (let n = 1; n <= 40; n++) parts.push(encoder.encode(sequenced(n)));
    parts.splice(20, 0, ubx);
    const all = new Uint8Array(parts.reduce((s, p) => s + p.length, 0));
    let at = 0;
    for (const p of parts) all.set(p, (at += p.length) - p.length);
    // Split at awkward places: mid-sentence, between CR and LF, inside the binary frame.
    const cuts = [0, 7, 33, 34, 35, 200, 700, 701, 1000, all.length];
    const got: number[] = [];
    const reader = (async () => {
      for await (const chunk of source) {
        got.push(...chunk);
        if (got.length >= all.length) break;
      }
    })();
    for (let i = 0; i + 1 < cuts.length; i++) await peer.write(all.subarray(cuts[i], cuts[i + 1]));
    await reader;
    expect(Uint8Array.from(got)).toEqual(all);
    await peer.close();
    await source.close();
  });

  it("writes commands that reach the other end and counts the bytes", async () => {
    const source = createSerialSource(linkA, { baudRate: 115200, reconnect: false });
    await source.open();
    const peer = await openPeer(linkB);
    const commands = [withChecksum("PMTK101"), withChecksum("PMTK220,100")].map((c) => `${c}\r\n`);
    for (const command of commands) await source.write(encoder.encode(command));
    await waitFor(() => peer.received().length >= commands.join("").length, "the commands at the peer");
    expect(peer.received()).toBe(commands.join(""));
    expect(source.bytesWritten).toBe(commands.join("").length);
    await peer.close();
    await source.close();
  });

  it("closes the port when the consumer breaks out of for-await", async () => {
    const source = createSerialSource(linkA, { baudRate: 9600, reconnect: false });
    await source.open();
    const peer = await openPeer(linkB);
    await peer.write(sequenced(1));
    for await (const chunk of source) {
      expect(chunk.length).toBeGreaterThan(0);
      break;
    }
    // serialport locks the device: a second opener succeeds only if the first one let go.
    const again = createSerialSource(linkA, { baudRate: 9600, reconnect: false });
    await again.open();
    await again.close();
    await peer.close();
  });

  it("close() during a pending read ends the iteration without an error", async () => {
    const source = createSerialSource(linkA, { baudRate: 9600 });
    await source.open();
    const reading = (async () => {
      for await (const _chunk of source) return "chunk";
      return "ended";
    })();
    await source.close();
    expect(await reading).toBe("ended");
    await expect(source.write(encoder.encode("x"))).rejects.toThrow(/cannot write \(closed\)/);
  });

  it("survives an unplug: delivers what arrived, reports disconnected/reconnected, resumes on the same path", async () => {
    const events: LinkEvent[] = [];
    const source = createSerialSource(linkA, { baudRate: 115200, reconnect: { initialDelayMs: 50, maxDelayMs: 200 } });
    source.onLink?.((e) => events.push(e));
    await source.open();
    let peer = await openPeer(linkB);

    // Phase 1: nobody pulls yet, so the chunks sit in the source's queue when the link dies.
    let before = "";
    for (let n = 1; n <= 100; n++) before += sequenced(n);
    await peer.write(before);
    await waitFor(() => source.bytesReceived === before.length, "phase-1 bytes at the source");
    await socat?.kill();
    await waitFor(() => events.some((e) => e.type === "disconnected"), "the disconnected event");
    await expect(source.write(encoder.encode(`${withChecksum("PMTK000")}\r\n`))).rejects.toBeInstanceOf(SourceError);

    // Phase 2: the device comes back under the same path.
    socat = await startSocatPair(linkA, linkB);
    await waitFor(() => events.some((e) => e.type === "reconnected"), "the reconnected event");
    peer = await openPeer(linkB);
    let after = "";
    for (let n = 101; n <= 150; n++) after += sequenced(n);
    await peer.write(after);

    const seen: number[] = [];
    let text = "";
    for await (const chunk of source) {
      text += decoder.decode(chunk);
      seen.splice(0, seen.length, ...sequenceNumbers(text));
      if (seen.includes(150)) break;
    }
    expect(seen).toEqual(Array.from({ length: 150 }, (_, i) => i + 1));
    const kinds = events.map((e) => e.type).filter((t) => t === "disconnected" || t === "reconnected");
    expect(kinds).toEqual(["disconnected", "reconnected"]);
    await peer.close();
  });

  const comebacks = [
    { name: "reopens the moment the device node reappears, not at the next backoff tick, and reads what the device sends from its first byte", nested: false },
    { name: "also when the node's directory goes away with it (as /dev/serial/by-id does with the last USB serial device)", nested: true },
  ];
  for (const c of comebacks) {
    it(c.name, async () => {
      const device = c.nested ? join(tmp.dir, "serial", "by-id", "usb-gnss-receiver") : linkA;
      if (c.nested) {
        await socat?.kill();
        mkdirSync(dirname(device), { recursive: true });
        socat = await startSocatPair(device, linkB);
      }
      const events: LinkEvent[] = [];
      // A backoff that has grown to 20 s by the time the device comes back: only the watch can reopen in time.
      const source = createSerialSource(device, { baudRate: 115200, reconnect: { initialDelayMs: 200, factor: 10, maxDelayMs: 60_000 } });
      source.onLink?.((e) => events.push(e));
      await source.open();
      const reader = collect(source);
      const before = await openPeer(linkB);
      await before.write(sequenced(0));
      await waitFor(() => sequenceNumbers(reader.text()).includes(0), "a line before the unplug");
      await socat?.kill(); // the unplug: socat removes the link
      if (c.nested) rmSync(join(tmp.dir, "serial"), { recursive: true });
      await waitFor(() => events.some((e) => e.type === "info" && /next in 20000 ms/.test(e.message)), "the backoff to reach 20 s");
      expect(events.filter((e) => e.type === "reconnected")).toEqual([]);

      // The device comes back under the same name; its other end appears only once the source has opened it.
      if (c.nested) mkdirSync(dirname(device), { recursive: true });
      socat = await startSocatPair(device, linkB, { waitForOpenOfA: true });
      await waitFor(() => existsSync(linkB), "the source to open the device (socat then makes the peer's end)");
      const peer = await openPeer(linkB);
      let sent = "";
      for (let n = 1; n <= 50; n++) sent += sequenced(n);
      await peer.write(sent);
      await waitFor(() => sequenceNumbers(reader.text()).includes(50), "the device's lines at the source");
      expect(sequenceNumbers(reader.text())).toEqual(Array.from({ length: 51 }, (_, i) => i));

      // The order of what happened: the node was seen back, the port reopened, and no backoff tick came between.
      expect(sinceLongWait(events)).toEqual(["info: the device node is back: reopening now", "connected", "reconnected"]);
      await peer.close();
      await before.close();
      await source.close();
    });
  }

  it("without reconnect, ends the iteration with a disconnected SourceError after the queued data", async () => {
    const source = createSerialSource(linkA, { baudRate: 9600, reconnect: false });
    await source.open();
    const peer = await openPeer(linkB);
    await peer.write(sequenced(1) + sequenced(2));
    await waitFor(() => source.bytesReceived > 0, "data at the source");
    await socat?.kill();
    const reader = collect(source);
    const error = await reader.done;
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).disconnected).toBe(true);
    expect(sequenceNumbers(reader.text())).toEqual([1, 2]);
  });

  // serialport's own read re-reads at once when a read returns no bytes, which is what a hung-up tty returns:
  // a read issued after the other end went away spun for ever (bindings-cpp#162). Issued after the hang-up here,
  // as it is when the consumer was behind or the host busy at the unplug.
  it("a read issued after the device hung up fails as a disconnect instead of spinning", async () => {
    const { SerialPort } = await import("serialport");
    const port = await hangUpAwareBinding(SerialPort.binding).open({ path: linkA, baudRate: 9600 });
    const peer = await openPeer(linkB);
    await peer.write("$GPTXT,01,01,02,before*00\r\n");
    const buffer = Buffer.alloc(256);
    const first = await port.read(buffer, 0, buffer.length);
    expect(buffer.subarray(0, first.bytesRead).toString("latin1")).toContain("before");
    await socat?.kill();
    const outcome = await Promise.race([
      port.read(buffer, 0, buffer.length).then(
        (r) => `read ${r.bytesRead} bytes`,
        (e: Error & { disconnect?: boolean }) => `${e.disconnect === true ? "disconnect" : "error"}: ${e.message}`,
      ),
      new Promise<string>((resolve) => setTimeout(() => resolve("still reading after 5 s"), 5000)),
    ]);
    expect(outcome).toMatch(/^disconnect: /);
    await port.close().catch(() => undefined);
  });

  it("fails open() with a one-line message for a missing device", async () => {
    const source = createSerialSource(join(tmp.dir, "nope"), { baudRate: 9600 });
    await expect(source.open()).rejects.toThrow(/cannot open .*nope: no such device$/);
  });
});

describe.skipIf(!havePython).concurrent("baud-rate hunt against the fake receiver (each its own pty)", () => {
  const cases = [
    { name: "57600 (after 9600, 4800, 115200, 38400 fail)", trueBaud: 57600, rejectedBefore: [9600, 4800, 115200, 38400] },
    { name: "4800 (after 9600 fails)", trueBaud: 4800, rejectedBefore: [9600] },
  ];
  for (const c of cases) {
    it(`finds ${c.name}`, async () => {
      const tmp = tempDir();
      const link = join(tmp.dir, "ttyFAKE");
      const fake = await startFakeReceiver(c.trueBaud, link);
      try {
        const attempts: Array<{ baudRate: number; accepted: boolean }> = [];
        const events: LinkEvent[] = [];
        const source = createSerialSource(link, {
          baudRate: "auto",
          reconnect: false,
          hunt: { perRateMs: 1200, onAttempt: (a) => attempts.push({ baudRate: a.baudRate, accepted: a.accepted }) },
        });
        source.onLink?.((e) => events.push(e));
        await source.open();
        expect(source.baudRate).toBe(c.trueBaud);
        expect(events).toContainEqual({ type: "baud-detected", baudRate: c.trueBaud });
        expect(attempts).toEqual([...c.rejectedBefore.map((b) => ({ baudRate: b, accepted: false })), { baudRate: c.trueBaud, accepted: true }]);
        // What the hunt heard at the right rate is delivered, starting with a whole sentence.
        let text = "";
        for await (const chunk of source) {
          text += decoder.decode(chunk);
          if (sequenceNumbers(text).length >= 3) break;
        }
        expect(text.startsWith("$GP")).toBe(true);
      } finally {
        await fake.kill();
        tmp.remove();
      }
    });
  }

  it("gives up after one cycle with a clear SourceError", async () => {
    const tmp = tempDir();
    const link = join(tmp.dir, "ttyFAKE");
    const fake = await startFakeReceiver(57600, link);
    try {
      const source = createSerialSource(link, { baudRate: "auto", reconnect: false, hunt: { baudRates: [9600, 4800], perRateMs: 800 } });
      await expect(source.open()).rejects.toThrow(/no valid NMEA or UBX data at any of 9600, 4800 baud/);
    } finally {
      await fake.kill();
      tmp.remove();
    }
  });
});
