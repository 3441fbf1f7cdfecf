// The pipeline's two faces (async iterators and listeners), closing on break, and the clock rules.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openGps } from "../src/gps.js";
import type { Source } from "../src/sources/source.js";
import { SourceError } from "../src/sources/source.js";
import type { GpsEvent } from "../src/types.js";

const log = readFileSync(new URL("../fixtures/cold-start-ttff.nmea", import.meta.url));

/** An in-memory source delivering `bytes` in chunks of `chunkSize`; records open/close. */
function memorySource(bytes: Uint8Array, options: { chunkSize?: number; live?: boolean; clock?: () => number; failAfter?: number } = {}) {
  const chunkSize = options.chunkSize ?? 97;
  const calls = { opened: 0, closed: 0, delivered: 0 };
  let closed = false;
  const source: Source & { calls: typeof calls } = {
    name: "memory",
    live: options.live ?? false,
    ...(options.clock ? { clock: options.clock } : {}),
    calls,
    async open() {
      calls.opened++;
    },
    async *[Symbol.asyncIterator]() {
      for (let i = 0; i < bytes.length && !closed; i += chunkSize) {
        if (options.failAfter !== undefined && calls.delivered >= options.failAfter) {
          throw new SourceError("memory: link lost", { disconnected: true });
        }
        calls.delivered++;
        yield bytes.subarray(i, i + chunkSize);
      }
    },
    async close() {
      closed = true;
      calls.closed++;
    },
  };
  return source;
}

describe("openGps", () => {
  it("yields epochs and tracker events in order, ending with close", async () => {
    const gps = openGps({ source: memorySource(log) });
    const types: GpsEvent["type"][] = [];
    let ttffMs: number | undefined;
    for await (const event of gps.events()) {
      types.push(event.type);
      if (event.type === "first-fix") ttffMs = event.ttffMs;
    }
    expect(ttffMs).toBe(34_000); // the fixture's documented cold start
    expect(types.at(-1)).toBe("close");
    expect(types.indexOf("first-fix")).toBeGreaterThan(types.indexOf("epoch"));
    expect(gps.stats.epochs).toBe(types.filter((t) => t === "epoch").length);
    expect(gps.stats.sentences).toBeGreaterThan(100);
  });

  it("listeners and run() see the same epochs as the iterator", async () => {
    const viaIterator: number[] = [];
    for await (const epoch of openGps({ source: memorySource(log) }).epochs()) viaIterator.push(epoch.timeMs ?? -1);
    const gps = openGps({ source: memorySource(log, { chunkSize: 5 }) });
    const viaListener: number[] = [];
    const off = gps.on("epoch", (e) => viaListener.push(e.epoch.timeMs ?? -1));
    let frames = 0;
    gps.on("frame", () => frames++);
    await gps.run();
    off();
    expect(viaListener).toEqual(viaIterator);
    expect(frames).toBe(gps.stats.frames);
  });

  it("breaking out of the loop closes the source", async () => {
    const source = memorySource(log, { chunkSize: 50 });
    let seen = 0;
    for await (const _ of openGps({ source }).epochs()) {
      if (++seen === 2) break;
    }
    expect(source.calls.closed).toBe(1);
    expect(source.calls.delivered).toBeLessThan(Math.ceil(log.length / 50));
  });

  it("a transport failure throws out of the loop after the data that arrived", async () => {
    const gps = openGps({ source: memorySource(log, { failAfter: 20, chunkSize: 100 }) });
    const events: GpsEvent[] = [];
    await expect(async () => {
      for await (const event of gps.events()) events.push(event);
    }).rejects.toThrow(SourceError);
    // the 2000 bytes delivered, but for the fixture's `#` header lines: the receiver's bytes
    const header = log
      .toString("latin1")
      .split("\n")
      .filter((line) => line.startsWith("#"))
      .reduce((n, line) => n + line.length + 1, 0);
    expect(gps.stats.bytes).toBe(2000 - header);
    expect(events.some((e) => e.type === "error")).toBe(true);
  });

  it("a live source with a clock measures TTFF on that clock", async () => {
    // The same log fed at one sentence-second per clock second: TTFF must equal the log's 34 s.
    const lines = log
      .toString("latin1")
      .split("\n")
      .filter((line) => line.startsWith("$"));
    let nowMs = 1_000_000;
    let lastTime = "";
    const source: Source = {
      name: "clocked",
      live: true,
      clock: () => nowMs,
      async open() {
        // nothing to do: the bytes are in memory
      },
      async *[Symbol.asyncIterator]() {
        for (const line of lines) {
          const time = /^\$..(?:GGA|RMC),(\d{6})/.exec(line)?.[1];
          if (time && lastTime && time !== lastTime) nowMs += 1000;
          if (time) lastTime = time;
          yield new TextEncoder().encode(`${line}\n`);
        }
      },
      async close() {
        // nothing to do: the bytes are in memory
      },
    };
    const gps = openGps({ source, tickIntervalMs: 60_000 });
    let ttffMs: number | undefined;
    gps.on("first-fix", (e) => (ttffMs = e.ttffMs));
    await gps.run();
    expect(ttffMs).toBe(34_000);
  });
});
