// The server's protocol and robustness over real loopback sockets, with feeds the test drives.

import type { Socket } from "node:net";
import { afterEach, describe, expect, it } from "vitest";
import { createGpsdServer, type GpsdServer, type GpsdServerOptions } from "../../src/node/gpsd-server/index.js";
import { toSky, toTpv } from "../../src/output/gpsd.js";
import { classes, connectClient, createManualFeed, epochAt, frameEvent, parsed, type ManualFeed } from "./_helpers.js";

const T0 = Date.UTC(2026, 10, 27, 12, 0, 0);
const servers: GpsdServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

async function startServer(
  options: GpsdServerOptions = {},
  deviceNames = ["/dev/ttyGPS0"],
): Promise<{ port: number; feeds: ManualFeed[]; server: GpsdServer; logs: string[] }> {
  const logs: string[] = [];
  const server = createGpsdServer({ port: 0, release: "gnsskit test", log: (line) => logs.push(line), ...options });
  servers.push(server);
  const feeds = deviceNames.map((name) => {
    const feed = createManualFeed();
    server.addDevice(name, feed.feed);
    return feed;
  });
  const { port } = await server.listen();
  return { port, feeds, server, logs };
}

describe("gpsd server: protocol", () => {
  it("greets with VERSION, proto 3.14, CRLF", async () => {
    const { port } = await startServer();
    const client = await connectClient(port);
    const [version] = parsed(await client.waitFor((l) => l.length >= 1));
    expect(version).toEqual({ class: "VERSION", release: "gnsskit test", rev: "gnsskit test", proto_major: 3, proto_minor: 14 });
    expect(client.raw()).toMatch(/^\{[^\n]*\}\r\n$/);
    client.close();
  });

  it("?WATCH replies DEVICES then WATCH, then streams TPV and SKY per epoch equal to the gpsd writer's", async () => {
    const { port, feeds } = await startServer();
    const client = await connectClient(port);
    client.send('?WATCH={"enable":true,"json":true};\n');
    await client.waitFor((l) => classes(l).includes("WATCH"));
    const epochs = [epochAt(T0), epochAt(T0 + 1000, 48.2)];
    for (const epoch of epochs) feeds[0]?.push({ type: "epoch", epoch });
    const lines = await client.waitFor((l) => classes(l).filter((c) => c === "SKY").length === 2);
    expect(classes(lines)).toEqual(["VERSION", "DEVICES", "WATCH", "TPV", "SKY", "TPV", "SKY"]);
    const [, devices, watch, ...reports] = parsed(lines);
    expect(devices).toMatchObject({ class: "DEVICES", devices: [{ class: "DEVICE", path: "/dev/ttyGPS0", driver: "NMEA0183" }] });
    expect(watch).toMatchObject({ enable: true, json: true, nmea: false, raw: 0 });
    expect(reports).toEqual(epochs.flatMap((e) => [toTpv(e, "/dev/ttyGPS0"), toSky(e, "/dev/ttyGPS0")]));
    expect(
      client
        .raw()
        .split("\r\n")
        .every((l) => !l.includes("\n")),
    ).toBe(true);
    expect(client.raw()).not.toContain("null");
    client.close();
  });

  it("a device that gives epochs but no sentence (a UBX-only receiver) has seen GPS data: DEVICE flags 1", async () => {
    const { port, feeds } = await startServer();
    const client = await connectClient(port);
    client.send('?WATCH={"enable":true,"json":true};\n');
    await client.waitFor((l) => classes(l).includes("WATCH"));
    feeds[0]?.push({ type: "epoch", epoch: epochAt(T0) });
    await client.waitFor((l) => classes(l).includes("SKY"));
    client.send("?DEVICES;\n");
    const lines = await client.waitFor((l) => classes(l).filter((c) => c === "DEVICES").length === 2);
    expect(parsed(lines).filter((o) => o.class === "DEVICES")).toMatchObject([{ devices: [{ flags: 0 }] }, { devices: [{ flags: 1 }] }]);
    client.close();
  });

  it("nmea watchers get the sentences CRLF-terminated, JSON watchers do not", async () => {
    const { port, feeds } = await startServer();
    const nmea = await connectClient(port);
    const json = await connectClient(port);
    nmea.send('?WATCH={"enable":true,"nmea":true}\r\n');
    json.send('?WATCH={"enable":true,"json":true}\n');
    await nmea.waitFor((l) => classes(l).includes("WATCH"));
    await json.waitFor((l) => classes(l).includes("WATCH"));
    const sentences = [
      "$GPGGA,120000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*48",
      "$GPRMC,120000.00,A,4807.038,N,01131.000,E,0.0,0.0,271126,,,A*6F",
    ];
    for (const s of sentences) feeds[0]?.push(frameEvent(s));
    feeds[0]?.push({ type: "epoch", epoch: epochAt(T0) });
    await nmea.waitFor((l) => l.filter((x) => x.startsWith("$")).length === 2);
    await json.waitFor((l) => classes(l).includes("SKY"));
    expect(nmea.lines.filter((l) => !l.startsWith("{"))).toEqual(sentences);
    expect(nmea.raw()).toContain(`${sentences[0]}\r\n${sentences[1]}\r\n`);
    expect(classes(nmea.lines)).toEqual(["VERSION", "DEVICES", "WATCH"]);
    expect(json.lines.some((l) => l.startsWith("$"))).toBe(false);
    nmea.close();
    json.close();
  });

  it("a sentence whose checksum fails, or noise framed by chance, is not passed on to nmea watchers, as gpsd drops it (audit F)", async () => {
    const { port, feeds } = await startServer();
    const nmea = await connectClient(port);
    nmea.send('?WATCH={"enable":true,"nmea":true}\r\n');
    await nmea.waitFor((l) => classes(l).includes("WATCH"));
    const good = "$GPZDA,120000.00,27,11,2026,00,00*6A";
    feeds[0]?.push({ type: "frame", frame: { text: "$GPZDA,120000.00,27,11,2026,00,00*6B", checksum: "bad", receivedAtMs: 0 } });
    feeds[0]?.push({ type: "frame", frame: { text: "$GPZDA,120001.00,27,11,2026,00,00", checksum: "missing", receivedAtMs: 0 } });
    feeds[0]?.push({ type: "frame", frame: { text: "$P(7x", checksum: "missing", receivedAtMs: 0 } }); // noise framed by chance
    feeds[0]?.push(frameEvent(good));
    await nmea.waitFor((l) => l.includes(good));
    expect(nmea.lines.filter((l) => l.startsWith("$"))).toEqual(["$GPZDA,120001.00,27,11,2026,00,00", good]);
    nmea.close();
  });

  it("gpsmon's request (raw 2, no enable, CRLF) and OpenCPN's (no terminator, class key) both stream NMEA", async () => {
    const { port, feeds } = await startServer();
    const gpsmon = await connectClient(port);
    const opencpn = await connectClient(port);
    gpsmon.send('?WATCH={"raw":2,"pps":true}\r\n');
    opencpn.send('?WATCH={"class":"WATCH", "nmea":true}');
    await gpsmon.waitFor((l) => classes(l).includes("WATCH"));
    await opencpn.waitFor((l) => classes(l).includes("WATCH"));
    feeds[0]?.push(frameEvent("$GPZDA,120000.00,27,11,2026,00,00*6A"));
    await gpsmon.waitFor((l) => l.includes("$GPZDA,120000.00,27,11,2026,00,00*6A"));
    await opencpn.waitFor((l) => l.includes("$GPZDA,120000.00,27,11,2026,00,00*6A"));
    expect(parsed(gpsmon.lines)[2]).toMatchObject({ class: "WATCH", enable: true, raw: 2, pps: true });
    gpsmon.close();
    opencpn.close();
  });

  it("?POLL: nothing active before a watch; the latest TPV and SKY after", async () => {
    const { port, feeds } = await startServer();
    const client = await connectClient(port);
    client.send("?POLL;");
    const [, first] = parsed(await client.waitFor((l) => classes(l).includes("POLL")));
    expect(first).toMatchObject({ class: "POLL", active: 0, tpv: [], gst: [], sky: [] });
    client.send('?WATCH={"enable":true};');
    await client.waitFor((l) => classes(l).includes("WATCH"));
    const probe = await connectClient(port);
    probe.send('?WATCH={"nmea":true}\n');
    await probe.waitFor((l) => classes(l).includes("WATCH"));
    const epoch = epochAt(T0, 10.5);
    feeds[0]?.push({ type: "epoch", epoch });
    feeds[0]?.push(frameEvent("$GPZDA,120000.00,27,11,2026,00,00*6A")); // delivered after the epoch: the epoch is in
    await probe.waitFor((l) => l.some((x) => x.startsWith("$GPZDA")));
    client.send("?POLL;\n");
    const polls = parsed(await client.waitFor((l) => classes(l).filter((c) => c === "POLL").length === 2)).filter((o) => o.class === "POLL");
    expect(polls[1]).toMatchObject({ active: 1, tpv: [toTpv(epoch, "/dev/ttyGPS0")], sky: [toSky(epoch, "/dev/ttyGPS0")] });
    expect(typeof polls[1]?.time).toBe("string");
    client.close();
    probe.close();
  });

  it("?DEVICES, ?DEVICE, ?VERSION answer; unknown and malformed requests get ERROR; junk gets nothing", async () => {
    const { port } = await startServer({}, ["/dev/ttyGPS0", "sim:"]);
    const client = await connectClient(port);
    client.send('hello there\r\n?DEVICES;?DEVICE;\n?VERSION;?BOGUS;\n?WATCH={not json}\n?WATCH={"json":"yes"}\n');
    const lines = await client.waitFor((l) => classes(l).length >= 9);
    const objects = parsed(lines);
    expect(classes(lines)).toEqual(["VERSION", "DEVICES", "DEVICE", "VERSION", "ERROR", "ERROR", "ERROR", "DEVICES", "WATCH"]);
    expect(objects[1]?.devices).toHaveLength(2);
    expect(objects[2]).toMatchObject({ class: "DEVICE", path: "/dev/ttyGPS0", driver: "NMEA0183" });
    expect(objects[4]).toEqual({ class: "ERROR", message: "Unrecognized request '?BOGUS;'" });
    expect(objects[5]?.message).toMatch(/^Invalid WATCH: /);
    expect(objects[6]?.message).toMatch(/"json" must be true or false/);
    client.close();
  });

  it("a request whose JSON is not closed by the line end gets an ERROR, and the connection goes on", async () => {
    const { port } = await startServer();
    const client = await connectClient(port);
    client.send("?WATCH={bad json;\n?VERSION;\n");
    await client.waitFor((l) => classes(l).length >= 3);
    client.send("?DEVICES;\n");
    await client.waitFor((l) => classes(l).length >= 4);
    client.send('?WATCH={"enable":true,"json":true\n');
    await client.waitFor((l) => classes(l).length >= 5);
    client.send('?WATCH={"enable":true,"json":true}\n');
    const lines = await client.waitFor((l) => classes(l).length >= 7);
    expect(classes(lines)).toEqual(["VERSION", "ERROR", "VERSION", "DEVICES", "ERROR", "DEVICES", "WATCH"]);
    const objects = parsed(lines);
    expect(objects[1]?.message).toMatch(/^Invalid WATCH: .*not closed/);
    expect(objects[4]?.message).toMatch(/^Invalid WATCH: .*not closed/);
    expect(objects[6]).toMatchObject({ class: "WATCH", enable: true, json: true });
    client.close();
  });

  it("?DEVICE={...} is refused without allowControl and answered with it", async () => {
    const refused = await startServer();
    const a = await connectClient(refused.port);
    a.send('?DEVICE={"path":"/dev/ttyGPS0","bps":9600}\n');
    const [, error] = parsed(await a.waitFor((l) => l.length >= 2));
    expect(error).toMatchObject({ class: "ERROR" });
    expect(String(error?.message)).toContain("--allow-control");
    expect(refused.logs.some((l) => l.includes("refused"))).toBe(true);
    a.close();

    const allowed = await startServer({ allowControl: true });
    const b = await connectClient(allowed.port);
    b.send('?DEVICE={"path":"/dev/ttyGPS0","bps":9600}\n');
    const [, device] = parsed(await b.waitFor((l) => l.length >= 2));
    expect(device).toMatchObject({ class: "DEVICE", path: "/dev/ttyGPS0" });
    b.close();
  });

  it("a watcher with a device gets only that device's reports", async () => {
    const { port, feeds } = await startServer({}, ["/dev/ttyA", "/dev/ttyB"]);
    const onlyB = await connectClient(port);
    const all = await connectClient(port);
    onlyB.send('?WATCH={"enable":true,"json":true,"device":"/dev/ttyB"}\n');
    all.send('?WATCH={"enable":true,"json":true}\n');
    await onlyB.waitFor((l) => classes(l).includes("WATCH"));
    await all.waitFor((l) => classes(l).includes("WATCH"));
    feeds[0]?.push({ type: "epoch", epoch: epochAt(T0, 1) });
    feeds[1]?.push({ type: "epoch", epoch: epochAt(T0, 2) });
    await all.waitFor((l) => classes(l).filter((c) => c === "SKY").length === 2);
    await onlyB.waitFor((l) => classes(l).includes("SKY"));
    feeds[0]?.push({ type: "epoch", epoch: epochAt(T0 + 1000, 1) });
    feeds[1]?.push({ type: "epoch", epoch: epochAt(T0 + 1000, 2) });
    await onlyB.waitFor((l) => classes(l).filter((c) => c === "SKY").length === 2);
    const devices = parsed(onlyB.lines)
      .filter((o) => o.class === "TPV")
      .map((o) => o.device);
    expect(devices).toEqual(["/dev/ttyB", "/dev/ttyB"]);
    const allDevices = new Set(
      parsed(all.lines)
        .filter((o) => o.class === "TPV")
        .map((o) => o.device),
    );
    expect(allDevices).toEqual(new Set(["/dev/ttyA", "/dev/ttyB"]));
    onlyB.close();
    all.close();
  });
});

describe("gpsd server: devices started by a watch (a log, as gpsfake)", () => {
  async function startLazy(): Promise<{ port: number; made: ManualFeed[]; server: GpsdServer }> {
    const server = createGpsdServer({ port: 0, release: "gnsskit test" });
    servers.push(server);
    const made: ManualFeed[] = [];
    server.addDevice(
      "/logs/a.nmea",
      () => {
        const feed = createManualFeed();
        made.push(feed);
        return feed.feed;
      },
      { startOn: "watch" },
    );
    const { port } = await server.listen();
    return { port, made, server };
  }

  it("waits for a client that enables a watch, which then gets the feed from its start", async () => {
    const { port, made } = await startLazy();
    const client = await connectClient(port);
    client.send('?VERSION;\n?DEVICES;\n?WATCH={"enable":false}\n?POLL;\n');
    await client.waitFor((l) => classes(l).includes("POLL"));
    expect(made).toHaveLength(0);
    client.send('?WATCH={"enable":true,"json":true}\n');
    await client.waitFor((l) => classes(l).filter((c) => c === "WATCH").length === 2);
    expect(made).toHaveLength(1);
    made[0]?.push({ type: "epoch", epoch: epochAt(T0) });
    const lines = await client.waitFor((l) => classes(l).includes("TPV"));
    expect(parsed(lines).find((o) => o.class === "TPV")).toEqual(toTpv(epochAt(T0), "/logs/a.nmea"));
    client.close();
  });

  it("a watch while the feed runs joins it; a watch after its end starts a new one", async () => {
    const { port, made, server } = await startLazy();
    const first = await connectClient(port);
    first.send('?WATCH={"enable":true,"json":true}\n');
    await first.waitFor((l) => classes(l).includes("WATCH"));
    const second = await connectClient(port);
    second.send('?WATCH={"enable":true,"nmea":true}\n');
    await second.waitFor((l) => classes(l).includes("WATCH"));
    expect(made).toHaveLength(1);
    made[0]?.end();
    // the device loop sees the end in promise continuations: done by the next macrotask
    await new Promise((resolve) => setImmediate(resolve));
    const third = await connectClient(port);
    third.send('?WATCH={"enable":true,"json":true}\n');
    await third.waitFor((l) => classes(l).includes("WATCH"));
    expect(made).toHaveLength(2);
    made[1]?.push({ type: "epoch", epoch: epochAt(T0) });
    await first.waitFor((l) => classes(l).includes("TPV"));
    await third.waitFor((l) => classes(l).includes("TPV"));
    let ended = false;
    void server.devicesEnded().then(() => (ended = true));
    await new Promise((resolve) => setImmediate(resolve));
    expect(ended).toBe(false); // a device started by watches never ends for good while serving
    for (const c of [first, second, third]) c.close();
  });

  it("a watch for another device does not start it", async () => {
    const { port, made } = await startLazy();
    const client = await connectClient(port);
    client.send('?WATCH={"enable":true,"json":true,"device":"/dev/other"}\n');
    await client.waitFor((l) => classes(l).includes("WATCH"));
    expect(made).toHaveLength(0);
    client.close();
  });
});

describe("gpsd server: robustness", () => {
  it("refuses clients past the limit with an ERROR, and serves again when one leaves", async () => {
    const { port, server } = await startServer({ maxClients: 2 });
    const a = await connectClient(port);
    const b = await connectClient(port);
    await a.waitFor((l) => l.length >= 1);
    await b.waitFor((l) => l.length >= 1);
    const c = await connectClient(port);
    await c.closed;
    expect(parsed(c.lines)[0]).toMatchObject({ class: "ERROR" });
    expect(server.stats.clientsRefused).toBe(1);
    a.close();
    await new Promise<void>((resolve) => {
      const check = (): void => (server.clientCount < 2 ? resolve() : void setTimeout(check, 10));
      check();
    });
    const d = await connectClient(port);
    expect(classes(await d.waitFor((l) => l.length >= 1))).toEqual(["VERSION"]);
    b.close();
    d.close();
  });

  it("an oversize request gets an ERROR and the connection goes on", async () => {
    const { port } = await startServer({ maxRequestBytes: 100 });
    const client = await connectClient(port);
    client.send(`?WATCH={"device":"${"x".repeat(500)}"}\n?VERSION;\n`);
    const lines = await client.waitFor((l) => classes(l).length >= 3);
    expect(classes(lines)).toEqual(["VERSION", "ERROR", "VERSION"]);
    client.close();
  });

  it("a request after an oversize one on the same line is answered, also when the oversize one comes over several reads", async () => {
    const { port } = await startServer({ maxRequestBytes: 100 });
    const client = await connectClient(port);
    await client.waitFor((l) => l.length >= 1);
    client.send(`?${"A".repeat(500)};?VERSION;\n`);
    await client.waitFor((l) => classes(l).length >= 3);
    // The long part alone first: the server refuses it before the rest of the line arrives.
    client.send(`?WATCH={"device":"${"x".repeat(500)}`);
    await client.waitFor((l) => classes(l).length >= 4);
    client.send('"};?VERSION;\n');
    const lines = await client.waitFor((l) => classes(l).length >= 5);
    expect(classes(lines)).toEqual(["VERSION", "ERROR", "VERSION", "ERROR", "VERSION"]);
    client.close();
  });

  it("a feed that never waits does not starve the server: a client is greeted and served while it runs", async () => {
    // Every event is ready at once, as from a log or a simulation read as fast as possible: the
    // device loop would run on promise continuations only, and sockets would wait for its end.
    const limit = 100_000;
    let produced = 0;
    let stopped = false;
    const server = createGpsdServer({ port: 0, release: "gnsskit test" });
    servers.push(server);
    server.addDevice("/dev/busy", {
      async *events() {
        while (!stopped && produced < limit) yield { type: "epoch", epoch: epochAt(T0 + 100 * produced++) };
      },
      close: async () => {
        stopped = true;
      },
    });
    const { port } = await server.listen();
    const client = await connectClient(port);
    expect(classes(await client.waitFor((l) => l.length >= 1, 10_000))).toEqual(["VERSION"]);
    client.send('?WATCH={"enable":true,"json":true}\n');
    const lines = await client.waitFor((l) => classes(l).filter((c) => c === "TPV").length >= 3, 10_000);
    const producedWhenServed = produced;
    expect(classes(lines).slice(0, 5)).toEqual(["VERSION", "DEVICES", "WATCH", "TPV", "SKY"]);
    expect(producedWhenServed).toBeLessThan(limit); // served while the feed ran, not after its end
    client.close();
    await server.close();
    expect(produced).toBeLessThan(limit); // close() ended the feed
  });

  it("closes an idle client that watches nothing, keeps an idle watcher", async () => {
    const { port, server } = await startServer({ idleTimeoutMs: 150 });
    const idle = await connectClient(port);
    const watcher = await connectClient(port);
    watcher.send('?WATCH={"enable":true,"json":true}\n');
    await idle.closed;
    expect(server.stats.idleClientsClosed).toBe(1);
    expect(watcher.socket.destroyed).toBe(false);
    watcher.send("?VERSION;\n");
    await watcher.waitFor((l) => classes(l).filter((c) => c === "VERSION").length === 2);
    watcher.close();
  });

  it("drops a client that does not read once the output held for it passes the limit, while another client receives everything", async () => {
    // The kernel takes what it can of the unread output first (its socket buffers, whatever their size on
    // this host); the server's own bound applies to what it holds beyond that. So the test pushes until the
    // drop, at the fast client's pace, and checks the drop happened at the bound, not where the kernel was.
    const limit = 256 * 1024;
    const { port, feeds, server, logs } = await startServer({ maxClientBufferBytes: limit });
    const slow = await connectClient(port);
    const fast = await connectClient(port);
    slow.send('?WATCH={"enable":true,"nmea":true}\n');
    fast.send('?WATCH={"enable":true,"nmea":true}\n');
    await slow.waitFor((l) => classes(l).includes("WATCH"));
    await fast.waitFor((l) => classes(l).includes("WATCH"));
    slow.socket.pause();
    const sentence = `$GPTXT,01,01,02,${"X".repeat(16_000)}*00`;
    const line = `${sentence}\r\n`;
    const fastCount = countRepeats(fast.socket, line);
    // a batch within the limit: the fast client has read the previous one when the next comes, it is never dropped
    const batch = Math.floor(limit / line.length);
    let pushed = 0;
    let pushedAtDrop: number | undefined;
    while (pushedAtDrop === undefined || pushed < pushedAtDrop + 4 * batch) {
      for (let i = 0; i < batch; i++) feeds[0]?.push(frameEvent(sentence));
      pushed += batch;
      await fastCount.until(pushed);
      if (server.stats.slowClientsDropped > 0) pushedAtDrop ??= pushed;
    }
    expect(server.stats.slowClientsDropped).toBe(1);
    expect(fastCount.bad()).toBe(false);
    const drop = logs.map((l) => /slow reader \((\d+) bytes unread, limit (\d+)\)/.exec(l)).find((m) => m !== null);
    const unread = Number(drop?.[1]);
    expect(Number(drop?.[2])).toBe(limit);
    expect(unread).toBeLessThanOrEqual(limit);
    expect(unread + line.length).toBeGreaterThan(limit);
    // reading at last, the slow client gets a cut stream and the end of the connection
    const slowCount = countRepeats(slow.socket, line);
    slow.socket.resume();
    await slow.closed;
    expect(slowCount.bad()).toBe(false);
    expect(slowCount.count()).toBeLessThan(pushedAtDrop as number);
    fast.close();
  });
});

/**
 * Counts the repeats of `line` a socket receives from now on, without keeping them; `bad()` tells
 * whether anything else came, `until(n)` fails if the connection ends first. Reading a large stream this
 * way costs little, whatever the kernel buffered.
 */
function countRepeats(socket: Socket, line: string): { count(): number; bad(): boolean; until(n: number): Promise<void> } {
  let offset = 0;
  let complete = 0;
  let bad = false;
  let waiter: { n: number; resolve: () => void; reject: (error: Error) => void } | undefined;
  socket.removeAllListeners("data"); // the test client's line collector would keep every byte
  socket.once("close", () => waiter?.reject(new Error(`connection closed after ${complete} lines`)));
  socket.on("data", (text: string) => {
    for (let i = 0; i < text.length; ) {
      const take = Math.min(line.length - offset, text.length - i);
      if (text.slice(i, i + take) !== line.slice(offset, offset + take)) bad = true;
      i += take;
      offset += take;
      if (offset === line.length) {
        offset = 0;
        complete++;
      }
    }
    if (waiter !== undefined && complete >= waiter.n) waiter.resolve();
  });
  return {
    count: () => complete,
    bad: () => bad,
    until: (n) =>
      complete >= n
        ? Promise.resolve()
        : new Promise<void>((resolve, reject) => {
            waiter = { n, resolve, reject };
          }),
  };
}
