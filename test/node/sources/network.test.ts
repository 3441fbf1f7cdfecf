// TCP client, UDP listener and gpsd client against real peers on 127.0.0.1: a Node net server,
// dgram senders, and Debian's gpsd reading a socat pty.

import { afterEach, describe, expect, it } from "vitest";
import { spawn, type ChildProcess } from "node:child_process";
import { createSocket } from "node:dgram";
import { createServer, type Server, type Socket } from "node:net";
import { join } from "node:path";
import { SerialPort } from "serialport";
import { createTcpSource } from "../../../src/node/sources/tcp.js";
import { createUdpSource } from "../../../src/node/sources/udp.js";
import { createGpsdSource } from "../../../src/node/sources/gpsd-client.js";
import { SourceError } from "../../../src/sources/source.js";
import { withChecksum } from "../../../src/framing/checksum.js";
import type { LinkEvent } from "../../../src/types.js";
import { freePort, waitForPort } from "../../_net.js";
import { hasCommand, startSocatPair, tempDir, waitFor } from "./_pty.js";

const decoder = new TextDecoder();
const sequenced = (n: number): string => `${withChecksum(`GPTXT,01,01,02,SEQ ${String(n).padStart(6, "0")}`)}\r\n`;
const sequenceNumbers = (text: string): number[] => [...text.matchAll(/SEQ (\d{6})\*/g)].map((m) => Number(m[1]));
const range = (from: number, to: number): number[] => Array.from({ length: to - from + 1 }, (_, i) => from + i);

async function readUntil(source: AsyncIterable<Uint8Array>, done: (text: string) => boolean): Promise<string> {
  let text = "";
  for await (const chunk of source) {
    text += decoder.decode(chunk, { stream: true });
    if (done(text)) break;
  }
  return text;
}

const cleanups: Array<() => Promise<void> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

function startNmeaServer(port: number, onClient: (socket: Socket) => void): Promise<Server> {
  const server = createServer(onClient);
  const sockets = new Set<Socket>();
  server.on("connection", (s) => {
    sockets.add(s);
    s.on("close", () => sockets.delete(s));
  });
  cleanups.push(
    () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  );
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

describe("TCP client source", () => {
  it("reassembles split writes and reconnects after the server drops the connection", async () => {
    const port = await freePort();
    let connection = 0;
    await startNmeaServer(port, (socket) => {
      connection++;
      const first = connection === 1;
      const text = (first ? range(1, 30) : range(31, 60)).map(sequenced).join("");
      // Write in odd-sized pieces, then (first connection only) hang up.
      let at = 0;
      const step = (): void => {
        if (at >= text.length) {
          if (first) socket.end();
          return;
        }
        socket.write(text.slice(at, (at += 37)), step);
      };
      step();
    });
    const events: LinkEvent[] = [];
    const source = createTcpSource("127.0.0.1", port, { reconnect: { initialDelayMs: 20, maxDelayMs: 100 } });
    source.onLink((e) => events.push(e));
    await source.open();
    const text = await readUntil(source, (t) => sequenceNumbers(t).includes(60));
    expect(sequenceNumbers(text)).toEqual(range(1, 60));
    expect(events.map((e) => e.type)).toEqual(["connected", "disconnected", "connected", "reconnected"]);
    expect(connection).toBe(2);
  });

  it("writes to the peer and counts the bytes", async () => {
    const port = await freePort();
    let heard = "";
    await startNmeaServer(port, (socket) => socket.on("data", (d: Buffer) => (heard += d.toString())));
    const source = createTcpSource("127.0.0.1", port, { reconnect: false });
    await source.open();
    const command = `${withChecksum("PMTK605")}\r\n`;
    await source.write(new TextEncoder().encode(command));
    await waitFor(() => heard === command, "the command at the server");
    expect(source.bytesWritten).toBe(command.length);
    await source.close();
    await expect(source.write(new TextEncoder().encode(command))).rejects.toThrow(/cannot write \(closed\)/);
  });

  it("fails open() with a one-line SourceError when nobody listens", async () => {
    const port = await freePort();
    const source = createTcpSource("127.0.0.1", port);
    await expect(source.open()).rejects.toThrow(new SourceError(`cannot connect to tcp://127.0.0.1:${port}: ECONNREFUSED`));
  });

  it("gives up after maxAttempts with a disconnected SourceError, after delivering the data", async () => {
    const port = await freePort();
    const server = await startNmeaServer(port, (socket) => {
      socket.end(range(1, 3).map(sequenced).join(""));
      server.close(); // nobody answers the retries
    });
    const source = createTcpSource("127.0.0.1", port, { reconnect: { initialDelayMs: 10, maxDelayMs: 20, maxAttempts: 2 } });
    await source.open();
    let text = "";
    const error = await (async () => {
      for await (const chunk of source) text += decoder.decode(chunk);
    })().catch((e: unknown) => e);
    expect(sequenceNumbers(text)).toEqual([1, 2, 3]);
    expect(error).toBeInstanceOf(SourceError);
    expect((error as SourceError).disconnected).toBe(true);
    expect((error as SourceError).message).toMatch(/gave up reconnecting after 2 attempts: cannot connect .*ECONNREFUSED/);
  });
});

const socketHandles = (): number => process.getActiveResourcesInfo().filter((r) => /TCP|UDP/.test(r)).length;
const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === "Timeout").length;

describe("close() mid-iteration releases everything", () => {
  it("TCP: a pending next() ends, the socket is gone", async () => {
    const port = await freePort();
    await startNmeaServer(port, (socket) => socket.write(sequenced(1)));
    const before = socketHandles();
    const source = createTcpSource("127.0.0.1", port, { reconnect: false });
    await source.open();
    let chunks = 0;
    const reading = (async () => {
      for await (const _chunk of source) chunks++;
      return "ended";
    })();
    await waitFor(() => chunks === 1, "the first chunk");
    await source.close();
    expect(await reading).toBe("ended");
    await waitFor(() => socketHandles() <= before, "the client socket to be released");
  });

  it("TCP: close() while waiting to reconnect cancels the retry timer", async () => {
    const port = await freePort();
    const server = await startNmeaServer(port, (socket) => {
      socket.end(sequenced(1));
      server.close();
    });
    const source = createTcpSource("127.0.0.1", port, { reconnect: { initialDelayMs: 60_000 } });
    const events: LinkEvent[] = [];
    source.onLink((e) => events.push(e));
    await source.open();
    const reading = (async () => {
      let n = 0;
      for await (const _chunk of source) n++;
      return n;
    })();
    await waitFor(() => events.some((e) => e.type === "disconnected"), "the disconnected event");
    expect(events.find((e) => e.type === "disconnected")).toMatchObject({ retryInMs: 60_000 });
    const timersWaiting = timers();
    await source.close();
    expect(await reading).toBe(1);
    expect(timers()).toBe(timersWaiting - 1);
  });

  it("UDP: close() ends the iteration and unbinds", async () => {
    const before = socketHandles();
    const source = createUdpSource(0, { host: "127.0.0.1" });
    await source.open();
    const reading = (async () => {
      for await (const _chunk of source) return "chunk";
      return "ended";
    })();
    await source.close();
    expect(await reading).toBe("ended");
    await waitFor(() => socketHandles() <= before, "the UDP socket to be released");
  });
});

describe("UDP listener source", () => {
  it("takes datagrams of one or several sentences, and terminates a datagram without a line end", async () => {
    const source = createUdpSource(0, { host: "127.0.0.1" });
    await source.open();
    const port = source.localPort;
    expect(port).toBeGreaterThan(0);
    const sender = createSocket("udp4");
    cleanups.push(() => new Promise<void>((resolve) => sender.close(() => resolve())));
    const datagrams = [
      sequenced(1),
      sequenced(2) + sequenced(3) + sequenced(4),
      sequenced(5).trimEnd(), // no CR LF: must not merge with 6
      sequenced(6),
    ];
    const reading = readUntil(source, (t) => sequenceNumbers(t).includes(6));
    for (const d of datagrams) await new Promise<void>((resolve, reject) => sender.send(d, port, "127.0.0.1", (e) => (e ? reject(e) : resolve())));
    const text = await reading;
    expect(sequenceNumbers(text)).toEqual(range(1, 6));
    expect(text).toContain(`${sequenced(5).trimEnd()}\r\n${sequenced(6)}`);
  });

  it("fails open() clearly when the port is taken", async () => {
    const taken = createSocket("udp4");
    await new Promise<void>((resolve) => taken.bind(0, "127.0.0.1", resolve));
    cleanups.push(() => new Promise<void>((resolve) => taken.close(() => resolve())));
    const port = taken.address().port;
    const source = createUdpSource(port, { host: "127.0.0.1" });
    // The other socket did not set SO_REUSEADDR, so Linux refuses the second bind.
    await expect(source.open()).rejects.toThrow(new SourceError(`cannot listen on udp://127.0.0.1:${port}: the port is in use (choose another port)`));
  });
});

const haveGpsd = hasCommand("gpsd") && hasCommand("socat");
if (!haveGpsd) console.log("skipping gpsd client tests: gpsd or socat is not installed (Debian packages gpsd, socat)");

describe.skipIf(!haveGpsd)("gpsd client source against real gpsd", () => {
  async function startGpsd(device: string): Promise<number> {
    const port = await freePort();
    // -N foreground, -n poll the device without a client, -b read-only (never write to the pty); loopback only (no -G).
    const gpsd: ChildProcess = spawn("gpsd", ["-N", "-n", "-b", "-S", String(port), device], { stdio: "ignore" });
    cleanups.push(
      () =>
        new Promise<void>((resolve) => {
          if (gpsd.exitCode !== null) return resolve();
          gpsd.once("exit", () => resolve());
          gpsd.kill("SIGTERM");
        }),
    );
    await waitForPort(port, "gpsd");
    return port;
  }

  it("passes gpsd's NMEA through and drops its JSON", async () => {
    const tmp = tempDir();
    cleanups.push(() => tmp.remove());
    const linkA = join(tmp.dir, "ttyA");
    const linkB = join(tmp.dir, "ttyB");
    const socat = await startSocatPair(linkA, linkB);
    cleanups.push(() => socat.kill());
    const port = await startGpsd(linkA);
    const feeder = new SerialPort({ path: linkB, baudRate: 9600 });
    feeder.on("error", () => undefined);
    let n = 0;
    const timer = setInterval(() => feeder.write(sequenced(++n)), 50);
    cleanups.push(() => {
      clearInterval(timer);
      return new Promise<void>((resolve) => (feeder.isOpen ? feeder.close(() => resolve()) : resolve()));
    });

    const events: LinkEvent[] = [];
    const source = createGpsdSource("127.0.0.1", port, { reconnect: false });
    source.onLink((e) => events.push(e));
    await source.open();
    const text = await readUntil(source, (t) => sequenceNumbers(t).length >= 5);
    const lines = text.split("\r\n").filter((l) => l !== "");
    expect(lines.length).toBeGreaterThanOrEqual(5);
    for (const line of lines) expect(line).toMatch(/^\$GPTXT,01,01,02,SEQ \d{6}\*[0-9A-F]{2}$/);
    const seqs = sequenceNumbers(text);
    expect(seqs).toEqual(range(seqs[0] ?? 0, (seqs[0] ?? 0) + seqs.length - 1));
    expect(events[0]).toMatchObject({ type: "connected", detail: expect.stringMatching(new RegExp(`^gpsd://127\\.0\\.0\\.1:${port} \\(gpsd 3\\.\\d+`)) });
  });

  it("says so when no gpsd answers, or the peer is not gpsd", async () => {
    const port = await freePort();
    await expect(createGpsdSource("127.0.0.1", port).open()).rejects.toThrow(`cannot connect to gpsd://127.0.0.1:${port}: ECONNREFUSED`);
    await startNmeaServer(port, (socket) => socket.write(sequenced(1)));
    await expect(createGpsdSource("127.0.0.1", port).open()).rejects.toThrow(/does not speak gpsd's protocol .*use tcp:\/\//);
    const silent = await freePort();
    await startNmeaServer(silent, () => undefined);
    await expect(createGpsdSource("127.0.0.1", silent, { answerTimeoutMs: 300 }).open()).rejects.toThrow(/no gpsd answer within 300 ms/);
  });
});
