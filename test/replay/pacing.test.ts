// The isomorphic pacer shared by the Node replay source and the browser's file replay: what it delivers
// must not depend on how the caller cut the log into chunks (fs buffers, Blob stream reads).
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { MTK_BINARY_ACK, mtkBinaryPacket } from "../../src/framing/mtk-binary.js";
import { formatRecordPrefix } from "../../src/framing/record-format.js";
import { rtcm3Frame } from "../../src/framing/rtcm3.js";
import { ubxFrame } from "../../src/framing/ubx.js";
import { createStamper } from "../../src/node/record/stamp.js";
import { createLogPacer, MAX_LINE_PIECE_BYTES, MAX_PACED_STEP_MS, readLogStart, type LogPacerOptions } from "../../src/replay/pacing.js";
import { virtualScheduler } from "./_virtual-scheduler.js";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (chunk: Uint8Array): string => String.fromCharCode(...chunk);

/** Cuts `log` into pieces of `size` bytes (the last one shorter). */
function cut(log: Uint8Array, size: number): Uint8Array[] {
  const pieces: Uint8Array[] = [];
  for (let at = 0; at < log.length; at += size) pieces.push(log.slice(at, at + size));
  return pieces;
}

async function pace(
  log: Uint8Array,
  pieceBytes: number,
  options: Partial<LogPacerOptions> = {},
): Promise<{ chunks: string[]; clocks: number[]; sleeps: number[] }> {
  const scheduler = virtualScheduler();
  const pacer = createLogPacer({
    start: readLogStart(log),
    speed: 1,
    maxChunkBytes: 64 * 1024,
    scheduler,
    signal: new AbortController().signal,
    ...options,
  });
  const chunks: string[] = [];
  const clocks: number[] = [];
  async function* pieces(): AsyncGenerator<Uint8Array> {
    yield* cut(log, pieceBytes);
  }
  for await (const chunk of pacer.chunks(pieces)) {
    chunks.push(text(chunk));
    clocks.push(pacer.clockMs);
  }
  return { chunks, clocks, sleeps: scheduler.sleeps.map(Math.round) };
}

const t0 = Date.UTC(2026, 10, 27, 2, 18, 30, 123);
const gga = (hhmmss: string): string => withChecksum(`GPGGA,${hhmmss},4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`);
const rmc = (hhmmss: string, ddmmyy: string): string => withChecksum(`GPRMC,${hhmmss},A,4807.038,N,01131.000,E,022.4,084.4,${ddmmyy},003.1,W`);

describe("readLogStart", () => {
  it.each([
    {
      name: "stamped: the first prefix",
      log: `# comment\n${formatRecordPrefix(t0)}${gga("021830.00")}\r\n${formatRecordPrefix(t0 + 900)}${gga("021831.00")}\r\n`,
      want: { pacing: "stamped", firstTimeMs: t0, dayBaseMs: 0 },
    },
    {
      name: "sentence times dated by a RMC",
      log: `${gga("120000.00")}\r\n${rmc("120000.00", "271126")}\r\n`,
      want: { pacing: "sentence-time", firstTimeMs: Date.UTC(2026, 10, 27, 12), dayBaseMs: Date.UTC(2026, 10, 27) },
    },
    {
      name: "a date stated after midnight belongs to the first line's previous day",
      log: `${gga("235959.00")}\r\n${rmc("000000.00", "281126")}\r\n`,
      want: { pacing: "sentence-time", firstTimeMs: Date.UTC(2026, 10, 27, 23, 59, 59), dayBaseMs: Date.UTC(2026, 10, 27) },
    },
    {
      name: "undated sentence times count from day 0",
      log: `${gga("000010.50")}\r\n`,
      want: { pacing: "sentence-time", firstTimeMs: 10_500, dayBaseMs: 0 },
    },
    { name: "no times", log: `${withChecksum("GPGSA,A,1,,,,,,,,,,,,,,,")}\r\n`, want: { pacing: "none", dayBaseMs: 0 } },
    {
      // read by the real parser: a two-digit year below 80 is 20yy, as decoding the log says (a hand-written
      // reading of its own once took 75 for 1975 here)
      name: "dates as the parser reads them",
      log: `${rmc("120000.00", "150375")}\r\n`,
      want: { pacing: "sentence-time", firstTimeMs: Date.UTC(2075, 2, 15, 12), dayBaseMs: Date.UTC(2075, 2, 15) },
    },
    {
      name: "a sentence with a bad checksum gives no time, as it gives no epoch",
      log: `${gga("120000.00").replace(/\*..$/, "*00")}\r\n${gga("120005.00")}\r\n`,
      want: { pacing: "sentence-time", firstTimeMs: Date.UTC(1970, 0, 1, 12, 0, 5), dayBaseMs: 0 },
    },
  ])("$name", ({ log, want }) => {
    expect(readLogStart(bytes(log))).toEqual(want);
  });
});

describe("createLogPacer", () => {
  // Stamped lines with CRLF, a lone CR, a binary packet holding 0x80..0xff bytes and a LF, a comment.
  const binary = String.fromCharCode(0xb5, 0x62, 0x01, 0x07, 0x80, 0xff, 0x0a);
  const lines = [
    `${formatRecordPrefix(t0)}${gga("021830.00")}\r\n`,
    `${formatRecordPrefix(t0 + 8)}${withChecksum("GPGSV,1,1,01,05,40,100,")}\r`,
    `${formatRecordPrefix(t0 + 8)}${binary}`,
    "# a comment the replay drops\n",
    `${formatRecordPrefix(t0 + 1003)}${gga("021831.00")}\r\n`,
    `${formatRecordPrefix(t0 + 2500)}${gga("021832.00")}`, // no line end at the end of the log
  ];
  const log = bytes(lines.join(""));
  const delivered = lines.filter((l) => !l.startsWith("#")).map((l) => l.slice(26));

  it.each([1, 2, 3, 7, 26, 27, 64, log.length])("gives the same chunks, clock and waits whatever the pieces (%i bytes)", async (size) => {
    const { chunks, clocks, sleeps } = await pace(log, size);
    expect(chunks).toEqual([delivered[0], delivered[1]! + delivered[2]!, delivered[3], delivered[4]]);
    expect(clocks).toEqual([t0, t0 + 8, t0 + 1003, t0 + 2500]);
    expect(sleeps).toEqual([8, 995, 1497]);
  });

  it("a step of the log's time over a minute is not waited for; the clock still steps (a recording gap, a receiver's clock set)", async () => {
    const hours = 10 * 3_600_000;
    const gapLog = bytes(
      [0, 1000, 2000 + hours, 3000 + hours, 3000 + hours + MAX_PACED_STEP_MS, 4000 + hours + 2 * MAX_PACED_STEP_MS + 1]
        .map((ms) => `${formatRecordPrefix(t0 + ms)}${gga("021830.00")}\r\n`)
        .join(""),
    );
    const { clocks, sleeps } = await pace(gapLog, 64, { speed: 2 });
    expect(clocks).toEqual([
      t0,
      t0 + 1000,
      t0 + 2000 + hours,
      t0 + 3000 + hours,
      t0 + 3000 + hours + MAX_PACED_STEP_MS,
      t0 + 4000 + hours + 2 * MAX_PACED_STEP_MS + 1,
    ]);
    // a minute exactly is still waited for (at speed 2: 30 s); a minute and 1 ms is not
    expect(sleeps).toEqual([500, 500, MAX_PACED_STEP_MS / 2]);
  });

  it("the same for sentence times: a default clock set ten hours on before the first fix", async () => {
    const log = bytes([gga("235958.00"), gga("235959.00"), gga("101500.00"), gga("101501.00")].map((l) => `${l}\r\n`).join(""));
    const { sleeps } = await pace(log, 64);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("cuts a full chunk at maxChunkBytes, within one time", async () => {
    const { chunks, clocks } = await pace(log, 5, { maxChunkBytes: 1, speed: Infinity });
    expect(chunks).toEqual(delivered);
    expect(clocks).toEqual([t0, t0 + 8, t0 + 8, t0 + 1003, t0 + 2500]);
  });

  it("from/to keep the times in [from, to) after the first; the clock starts at from", async () => {
    const pacer = createLogPacer({
      start: readLogStart(log),
      speed: Infinity,
      fromMs: 5,
      toMs: 2000,
      maxChunkBytes: 1 << 16,
      signal: new AbortController().signal,
    });
    expect(pacer.clockMs).toBe(t0 + 5);
    const { chunks } = await pace(log, 10, { fromMs: 5, toMs: 2000 });
    expect(chunks).toEqual([delivered[1]! + delivered[2]!, delivered[3]]);
  });

  it("an aborted signal ends the pacing without delivering the rest", async () => {
    const closing = new AbortController();
    const pacer = createLogPacer({ start: readLogStart(log), speed: 1, maxChunkBytes: 1 << 16, scheduler: virtualScheduler(), signal: closing.signal });
    const got: string[] = [];
    for await (const chunk of pacer.chunks(async function* () {
      yield log;
    })) {
      got.push(text(chunk));
      closing.abort();
    }
    expect(got).toEqual([delivered[0]]);
  });
});

describe("UBX logs", () => {
  /** A UBX-NAV-TIMEUTC packet stating a valid UTC; `tAccNs` lets a test put any bytes inside it. */
  function navTimeUtc(utcMs: number, tAccNs = 0): string {
    const p = new DataView(new ArrayBuffer(20));
    const d = new Date(utcMs);
    p.setUint32(0, (utcMs / 1000) % 604_800, true);
    p.setUint32(4, tAccNs, true);
    p.setUint16(12, d.getUTCFullYear(), true);
    [d.getUTCMonth() + 1, d.getUTCDate(), d.getUTCHours(), d.getUTCMinutes(), d.getUTCSeconds(), 0x07].forEach((v, k) => p.setUint8(14 + k, v));
    return text(ubxFrame(0x01, 0x21, new Uint8Array(p.buffer)));
  }
  const u0 = Date.UTC(2026, 0, 1, 0, 0, 0);
  // the second packet holds a LF followed by `#`: the line after it begins inside the packet, it is no comment
  const cycles = [navTimeUtc(u0), navTimeUtc(u0 + 1000, 0x0023_230a), navTimeUtc(u0 + 2000)];
  const log = bytes(cycles.join(""));

  it("a UBX-only log is paced by its messages' UTC", () => {
    expect(readLogStart(log)).toEqual({ pacing: "sentence-time", firstTimeMs: u0, dayBaseMs: u0 });
  });

  it.each([1, 5, 29, log.length])("delivers every byte of its packets, one chunk per second (%i-byte pieces)", async (size) => {
    const { chunks, clocks, sleeps } = await pace(log, size);
    // a LF inside a packet is no line end: the packet goes whole, at its own time
    expect(chunks).toEqual(cycles);
    expect(clocks).toEqual([u0, u0 + 1000, u0 + 2000]);
    expect(sleeps).toEqual([1000, 1000]);
  });

  it("a stamped log keeps the `#` after a LF inside a packet, its prefix removed", async () => {
    // a writer stamps the file's start and every LF, also one inside a packet
    const stamped = formatRecordPrefix(u0 + 5) + cycles.join("").replace("\n", `\n${formatRecordPrefix(u0 + 1005)}`);
    const { chunks } = await pace(bytes(stamped), 7);
    expect(chunks.join("")).toEqual(cycles.join(""));
  });
});

describe("binary packets are the receiver's bytes: framed by their own length, never cut into lines or at a comment", () => {
  // Inside a packet a CR alone, then a LF followed by `#` (gpsd's logs hold such UBX, SiRF and RTCM 3 packets):
  // payload bytes, neither a line end nor the start of a comment line.
  const awkward = [0x0d, 0x00, 0x00, 0x0a, 0x23, 0x20, 0x0d, 0x0a, 0x23, 0x0a, 0x0d];
  // The framer skips each by the length in its header (checksums are not its business here).
  const packets: Record<string, Uint8Array> = {
    UBX: ubxFrame(0x02, 0x15, Uint8Array.of(0, 0, ...awkward, 0, 0, 0, 0)),
    SiRF: Uint8Array.of(0xa0, 0xa2, 0x00, awkward.length + 1, 0x04, ...awkward, 0x00, 0x00, 0xb0, 0xb3),
    RTCM3: rtcm3Frame(Uint8Array.of(0x43, 0x20, ...awkward)),
    CASIC: Uint8Array.of(0xba, 0xce, awkward.length, 0x00, 0x05, 0x01, ...awkward, 0, 0, 0, 0),
    MTK: mtkBinaryPacket(MTK_BINARY_ACK, Uint8Array.of(...awkward)), // ends in CR LF
  };
  const noon = Date.UTC(2023, 5, 7, 12);
  const line = (s: number): Uint8Array => bytes(`${rmc(`12000${s}.00`, "070623")}\r\n`);
  const join = (parts: Uint8Array[]): Uint8Array => Uint8Array.from(parts.flatMap((p) => [...p]));
  const comments = [bytes("# Name: packets holding a CR, then a LF and `#`\n# Notes: between NMEA lines\n"), bytes("# a comment line between sentences\r\n")];
  /** How many times the packet stands whole in a chunk. */
  const wholeIn = (chunks: string[], packet: Uint8Array): number => chunks.reduce((n, c) => n + c.split(text(packet)).length - 1, 0);

  describe.each(Object.entries(packets))("%s", (_name, packet) => {
    const receiver = join([line(0), packet, line(1), packet, line(2)]);
    const log = join([comments[0]!, line(0), packet, line(1), comments[1]!, packet, line(2)]);

    it.each([1, 2, 3, 7, 16, log.length])("a replay gives the log's bytes less its comment lines, each packet whole (%i-byte pieces)", async (size) => {
      expect(readLogStart(log)).toEqual({ pacing: "sentence-time", firstTimeMs: noon, dayBaseMs: Date.UTC(2023, 5, 7) });
      const { chunks, clocks } = await pace(log, size, { speed: Infinity });
      expect(chunks.join("")).toBe(text(receiver));
      expect(wholeIn(chunks, packet)).toBe(2);
      expect(clocks).toEqual([noon, noon + 1000, noon + 2000]);
    });

    it("the same in a stamped log: the prefixes after a LF inside a packet are removed, a packet goes at the time of its last byte", async () => {
      // as `record` writes it: a prefix at every line start, also after a LF inside a packet; the first packet
      // came in two chunks, cut after its first LF and `#`
      const stamper = createStamper();
      const cutAt = packet.findIndex((b, k) => b === 0x0a && packet[k + 1] === 0x23) + 2;
      const stamped = join([
        stamper.stamp(comments[0]!, Number.NaN),
        stamper.stamp(line(0), t0),
        stamper.stamp(packet.subarray(0, cutAt), t0 + 10),
        stamper.stamp(packet.subarray(cutAt), t0 + 20),
        stamper.stamp(line(1), t0 + 1000),
        stamper.stamp(comments[1]!, Number.NaN),
        stamper.stamp(packet, t0 + 1010),
        stamper.stamp(line(2), t0 + 2000),
      ]);
      expect(readLogStart(stamped)).toEqual({ pacing: "stamped", firstTimeMs: t0, dayBaseMs: 0 });
      for (const size of [1, 5, 26, 27, stamped.length]) {
        const { chunks, clocks } = await pace(stamped, size, { speed: Infinity });
        expect(chunks.join("")).toBe(text(receiver));
        expect(wholeIn(chunks, packet)).toBe(2);
        expect(clocks[chunks.findIndex((c) => c.includes(text(packet)))]).toBe(t0 + 20);
      }
    });
  });
});

describe("a line that never ends (audit F: replay /dev/zero gave no byte and held all it read)", () => {
  it("goes on in pieces as it comes, memory bounded: a generator of zeros that never ends", async () => {
    const pacer = createLogPacer({ start: { pacing: "none", dayBaseMs: 0 }, speed: Infinity, maxChunkBytes: 64 * 1024, signal: new AbortController().signal });
    let pulledBytes = 0;
    async function* zeros(): AsyncGenerator<Uint8Array> {
      for (;;) {
        // held without a line end, 16 MB is far past any piece: the pacer must have given bytes out by then
        if (pulledBytes > 16_000_000) throw new Error(`${pulledBytes} bytes read, none given out`);
        pulledBytes += 64 * 1024;
        yield new Uint8Array(64 * 1024);
      }
    }
    let outBytes = 0;
    let largestChunk = 0;
    for await (const chunk of pacer.chunks(zeros)) {
      outBytes += chunk.length;
      largestChunk = Math.max(largestChunk, chunk.length);
      if (outBytes >= 1_000_000) break;
    }
    expect(outBytes).toBeGreaterThanOrEqual(1_000_000);
    expect(pulledBytes - outBytes).toBeLessThan(4 * MAX_LINE_PIECE_BYTES);
    expect(largestChunk).toBeLessThanOrEqual(2 * MAX_LINE_PIECE_BYTES);
  });

  it("gives every byte, and a stamped line after a long one keeps its stamp", async () => {
    const long = "x".repeat(5 * MAX_LINE_PIECE_BYTES + 17);
    const log = bytes(`${formatRecordPrefix(t0)}${gga("021830.00")}\r\n${long}\r\n${formatRecordPrefix(t0 + 1000)}${gga("021831.00")}\r\n`);
    for (const pieceBytes of [1000, 64 * 1024, 300_000]) {
      const { chunks, clocks } = await pace(log, pieceBytes, { speed: Infinity });
      expect(chunks.join("")).toBe(`${gga("021830.00")}\r\n${long}\r\n${gga("021831.00")}\r\n`);
      expect(clocks.at(-1)).toBe(t0 + 1000);
      // what is held is bounded by the pieces read, not by the line
      expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(Math.max(pieceBytes, MAX_LINE_PIECE_BYTES) + MAX_LINE_PIECE_BYTES);
    }
  });
});
