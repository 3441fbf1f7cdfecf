import { existsSync, mkdtempSync, readdirSync, readlinkSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { formatRecordPrefix } from "../../src/framing/record-format.js";
import { createReplaySource, type ReplayOptions } from "../../src/node/replay.js";
import { virtualScheduler } from "./_virtual-scheduler.js";
import { openGps } from "../../src/gps.js";
import { createFileSource } from "../../src/node/sources/index.js";
import { SourceError, type Source } from "../../src/sources/source.js";
import type { Epoch } from "../../src/types.js";
import { memorySource } from "../_memory-source.js";
import { DAY_2026_11_27, hhmmss, nmeaCycle, ubxLfCycles } from "../_ubx-lf-log.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-replay-test-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let fileCount = 0;
function logFile(content: string | Buffer): string {
  const path = join(dir, `log-${fileCount++}.nmea`);
  writeFileSync(path, content);
  return path;
}

const cycle = nmeaCycle;

interface Delivered {
  text: string;
  clockMs: number;
}

async function replay(path: string, options: ReplayOptions = {}, maxChunks = Infinity): Promise<Delivered[]> {
  const source = createReplaySource(path, { scheduler: virtualScheduler(), ...options });
  await source.open();
  const out: Delivered[] = [];
  for await (const chunk of source) {
    out.push({ text: Buffer.from(chunk).toString("latin1"), clockMs: source.clock() });
    if (out.length >= maxChunks) break;
  }
  await source.close();
  return out;
}

describe("replay source: pacing by sentence times", () => {
  const base = 12 * 3600;
  const body = [0, 1, 2].map((k) => cycle(base + k)).join("");
  const path = logFile(`# Name: test log\n# Notes: three cycles\n${body}`);

  it("delivers one chunk per cycle, comments dropped, bytes unchanged", async () => {
    const chunks = await replay(path, { speed: Infinity });
    expect(chunks.map((c) => c.text)).toEqual([0, 1, 2].map((k) => cycle(base + k)));
  });

  it("sets the clock to the log's UTC time of each cycle", async () => {
    const chunks = await replay(path, { speed: Infinity });
    expect(chunks.map((c) => c.clockMs)).toEqual([0, 1, 2].map((k) => DAY_2026_11_27 + (base + k) * 1000));
  });

  it("the clock has no time at open (NaN) and reads the log's time from its first timed line on", async () => {
    const source = createReplaySource(path, { speed: 1 });
    await source.open();
    // a receiver's untimed cycles before its first time of day must not look timed (TTFF would start late)
    expect(source.clock()).toBeNaN();
    const chunks = source[Symbol.asyncIterator]();
    await chunks.next();
    expect(source.clock()).toBe(DAY_2026_11_27 + base * 1000);
    expect(source.pacing).toBe("sentence-time");
    expect(source.live).toBe(true);
    await source.close();
  });

  // this process's descriptors open on `file` (Linux: /proc/self/fd)
  const openOn = (file: string): number =>
    readdirSync("/proc/self/fd").filter((fd) => {
      try {
        return readlinkSync(`/proc/self/fd/${fd}`) === file;
      } catch {
        return false; // the directory's own descriptor, gone once read
      }
    }).length;
  it.skipIf(!existsSync("/proc/self/fd"))("close() closes the log even when the reader stopped in the middle of it", async () => {
    // a reader that takes one cycle and closes the source, never finishing its iterator: the file was left
    // open until garbage collection closed it ("Closing file descriptor N on garbage collection")
    const log = logFile(body);
    const source = createReplaySource(log, { speed: Infinity });
    await source.open();
    await source[Symbol.asyncIterator]().next();
    expect(openOn(log)).toBe(1);
    await source.close();
    expect(openOn(log)).toBe(0);
  });

  const paceCases: Array<{ name: string; speed: number; want: number[] }> = [
    { name: "recorded pace", speed: 1, want: [1000, 1000] },
    { name: "ten times faster", speed: 10, want: [100, 100] },
    { name: "half speed", speed: 0.5, want: [2000, 2000] },
    { name: "as fast as possible", speed: Infinity, want: [] },
  ];
  for (const c of paceCases) {
    it(`waits between cycles: ${c.name}`, async () => {
      const scheduler = virtualScheduler();
      await replay(path, { speed: c.speed, scheduler });
      expect(scheduler.sleeps.map((ms) => Math.round(ms))).toEqual(c.want);
    });
  }
});

describe("replay source: stamped logs", () => {
  const t0 = Date.UTC(2026, 10, 27, 2, 18, 30, 123);
  const lines = [
    [t0, withChecksum("GPGGA,021830.00,,,,,0,00,,,M,,M,,")],
    [t0 + 8, withChecksum("GPGSV,1,1,01,05,40,100,")],
    [t0 + 1003, withChecksum("GPGGA,021831.00,,,,,0,00,,,M,,M,,")],
    [t0 + 2500, withChecksum("GPGGA,021832.00,,,,,0,00,,,M,,M,,")],
  ] as const;
  const path = logFile(lines.map(([t, s]) => `${formatRecordPrefix(t)}${s}\r\n`).join(""));

  it("strips the prefixes and paces by them, sentence times ignored", async () => {
    const scheduler = virtualScheduler();
    const chunks = await replay(path, { speed: 1, scheduler });
    expect(chunks.map((c) => c.text).join("")).toBe(lines.map(([, s]) => `${s}\r\n`).join(""));
    expect(chunks.map((c) => c.clockMs)).toEqual([t0, t0 + 8, t0 + 1003, t0 + 2500]);
    expect(scheduler.sleeps.map(Math.round)).toEqual([8, 995, 1497]);
  });
});

describe("replay source: offsets, loop, odd logs", () => {
  const base = 3600;
  const path = logFile([0, 1, 2, 3, 4].map((k) => cycle(base + k)).join(""));

  it("--from/--to select the cycles in [from, to) seconds from the first time", async () => {
    const chunks = await replay(path, { speed: Infinity, fromS: 1, toS: 3 });
    expect(chunks.map((c) => c.text)).toEqual([cycle(base + 1), cycle(base + 2)]);
    expect(chunks[0]?.clockMs).toBe(DAY_2026_11_27 + (base + 1) * 1000);
  });

  it("--loop starts again with the clock running on by one cycle", async () => {
    const chunks = await replay(path, { speed: Infinity, loop: true }, 7);
    expect(chunks.map((c) => c.text)).toEqual([0, 1, 2, 3, 4, 0, 1].map((k) => cycle(base + k)));
    const clocks = chunks.map((c) => c.clockMs - (DAY_2026_11_27 + base * 1000));
    expect(clocks).toEqual([0, 1000, 2000, 3000, 4000, 5000, 6000]);
  });

  it("crosses midnight without the clock going back", async () => {
    const chunks = await replay(logFile(cycle(86_399) + cycle(0)), { speed: Infinity });
    expect(chunks.map((c) => c.clockMs)).toEqual([DAY_2026_11_27 + 86_399_000, DAY_2026_11_27 + 86_400_000]);
  });

  it("times out of order inside a burst neither wait nor move the clock back", async () => {
    const scheduler = virtualScheduler();
    const text = cycle(base + 1) + withChecksum(`GPGGA,${hhmmss(base)},4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`) + "\r\n" + cycle(base + 2);
    const chunks = await replay(logFile(text), { speed: 1, scheduler });
    expect(chunks.map((c) => c.clockMs - DAY_2026_11_27)).toEqual([(base + 1) * 1000, (base + 2) * 1000]);
    expect(scheduler.sleeps).toEqual([1000]);
  });

  it("keeps binary bytes and CR-only line ends as they are", async () => {
    const binary = Buffer.from([0xb5, 0x62, 0x01, 0x07, 0x00, 0xff, 0x0a]);
    const content = Buffer.concat([Buffer.from(cycle(base).replaceAll("\r\n", "\r")), binary, Buffer.from(cycle(base + 1))]);
    const chunks = await replay(logFile(content), { speed: Infinity });
    expect(Buffer.concat(chunks.map((c) => Buffer.from(c.text, "latin1")))).toEqual(content);
    expect(chunks).toHaveLength(2);
  });

  it("ignores times of sentences with a bad checksum", async () => {
    const bad = "$GPGGA,235959.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*00\r\n";
    const chunks = await replay(logFile(cycle(base) + bad + cycle(base + 1)), { speed: Infinity });
    expect(chunks.map((c) => c.clockMs - DAY_2026_11_27)).toEqual([base * 1000, (base + 1) * 1000]);
  });

  it("a missing file fails open() with a SourceError", async () => {
    const source = createReplaySource(join(dir, "missing.nmea"));
    await expect(source.open()).rejects.toBeInstanceOf(SourceError);
  });

  it("refuses a speed that is not positive", () => {
    expect(() => createReplaySource(path, { speed: 0 })).toThrow(TypeError);
  });

  it("close() ends a replay waiting for its next cycle", async () => {
    const source = createReplaySource(path, { speed: 1e-6 });
    await source.open();
    const iterator = source[Symbol.asyncIterator]();
    const first = await iterator.next();
    expect(first.done).toBe(false);
    const next = iterator.next();
    await source.close();
    expect((await next).done).toBe(true);
  });
});

describe("replay source in the pipeline", () => {
  const coldStart = fileURLToPath(new URL("../../fixtures/cold-start-ttff.nmea", import.meta.url));

  async function ttffOf(source: Source): Promise<{ ttffMs: number | undefined; epochs: number }> {
    const gps = openGps({ source });
    let epochs = 0;
    for await (const _epoch of gps.epochs()) epochs++;
    return { ttffMs: gps.tracker?.state.ttff.ttffMs, epochs };
  }

  it("measures the same TTFF and epochs on a replay (any speed) as on the log decoded at once", async () => {
    const decoded = await ttffOf(createFileSource(coldStart));
    expect(decoded.ttffMs).toBe(34_000); // the fixture's documented TTFF
    const replayed = await ttffOf(createReplaySource(coldStart, { speed: Infinity }));
    expect(replayed).toEqual(decoded);
    const paced = await ttffOf(createReplaySource(coldStart, { speed: 2, scheduler: virtualScheduler() }));
    expect(paced).toEqual(decoded);
  });
});

describe("replay of a log with binary packets", () => {
  const comment = "# a comment line between cycles\r\n";
  const cycles = ubxLfCycles(4);
  const log = Buffer.concat([
    Buffer.from("# Name: u-blox NAV-PVT between NMEA cycles\n"),
    cycles[0]!,
    cycles[1]!,
    Buffer.from(comment),
    cycles[2]!,
    cycles[3]!,
  ]);
  const path = logFile(log);

  /** What a cycle says, without the clock time it ended at (a replay's clock is the log's, a decode's the sentences'). */
  const said = ({ receivedAtMs: _, fixState: __, ...epoch }: Epoch): Omit<Epoch, "receivedAtMs" | "fixState"> => epoch;
  async function decode(source: Source): Promise<{ epochs: Omit<Epoch, "receivedAtMs" | "fixState">[]; diagnostics: object; ubxMessages: number }> {
    const gps = openGps({ source });
    const epochs: Epoch[] = [];
    for await (const epoch of gps.epochs()) epochs.push(epoch);
    return { epochs: epochs.map(said), diagnostics: gps.stats.diagnostics, ubxMessages: gps.stats.ubxMessages };
  }

  it("replays the receiver's bytes, and decoding them gives the epochs decoding the file gives", async () => {
    const chunks = await replay(path, { speed: Infinity });
    const replayed = Buffer.concat(chunks.map((c) => Buffer.from(c.text, "latin1")));
    expect(replayed).toEqual(Buffer.concat(cycles));
    const decoded = await decode(createFileSource(path));
    expect(decoded.ubxMessages).toBe(4);
    expect(decoded.epochs.map((e) => [e.mode, e.sentenceIds.includes("UBX-NAV-PVT")])).toEqual(Array(4).fill(["3d", true]));
    expect(await decode(memorySource(replayed))).toEqual(decoded);
    expect(await decode(createReplaySource(path, { speed: Infinity }))).toEqual(decoded);
    expect(await decode(createReplaySource(path, { speed: 2, scheduler: virtualScheduler() }))).toEqual(decoded);
  });
});
