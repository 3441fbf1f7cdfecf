import { mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { createFramer } from "../../src/framing/index.js";
import { RECORD_PREFIX_LENGTH, scanRecordPrefix } from "../../src/framing/record-format.js";
import { createRecorder, createStamper, rotatedPath } from "../../src/node/record/index.js";
import type { Frame } from "../../src/types.js";

const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0) & 0xff);
const text = (bytes: Uint8Array): string => Array.from(bytes, (b) => String.fromCharCode(b)).join("");
const concat = (parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
};

/** A stamped text's lines as { atMs, data } (data with its LF), and a line start without a prefix as atMs undefined. */
function readStamped(stamped: string): Array<{ atMs: number | undefined; data: string }> {
  const lines: Array<{ atMs: number | undefined; data: string }> = [];
  for (let start = 0; start < stamped.length; ) {
    const lf = stamped.indexOf("\n", start);
    const end = lf === -1 ? stamped.length : lf + 1;
    const atMs = scanRecordPrefix(stamped, start);
    if (typeof atMs === "number") lines.push({ atMs, data: stamped.slice(start + RECORD_PREFIX_LENGTH, end) });
    else lines.push({ atMs: undefined, data: stamped.slice(start, end) });
    start = end;
  }
  return lines;
}

const T0 = Date.UTC(2026, 10, 27, 2, 18, 30, 123);
const GGA = `${withChecksum("GPGGA,021830.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")}\r\n`;
const RMC = `${withChecksum("GPRMC,021830.00,A,4807.038,N,01131.000,E,0.0,,271126,,,A")}\r\n`;
// A UBX NAV packet whose payload holds LF and CR bytes: it must come back byte for byte.
const UBX = "\xb5\x62\x01\x07\x04\x00\x0a\x0d\x0a\xff\x1c\x5e";

describe("stamper", () => {
  const cases: Array<{ name: string; chunks: Array<[string, number]>; want: Array<{ atMs: number | undefined; data: string }> }> = [
    {
      name: "two whole lines in one chunk: both stamped with its time",
      chunks: [[GGA + RMC, T0]],
      want: [
        { atMs: T0, data: GGA },
        { atMs: T0, data: RMC },
      ],
    },
    {
      name: "a line ending at a chunk's end: the next line gets the next chunk's time (lazy prefix)",
      chunks: [
        [GGA, T0],
        [RMC, T0 + 950],
      ],
      want: [
        { atMs: T0, data: GGA },
        { atMs: T0 + 950, data: RMC },
      ],
    },
    {
      name: "a line split over chunks keeps the time of its first byte",
      chunks: [
        [GGA.slice(0, 10), T0],
        [GGA.slice(10) + RMC.slice(0, 3), T0 + 40],
        [RMC.slice(3), T0 + 80],
      ],
      want: [
        { atMs: T0, data: GGA },
        { atMs: T0 + 40, data: RMC },
      ],
    },
    {
      name: "binary bytes pass unchanged; a LF inside a packet is a line start like any other",
      chunks: [[GGA + UBX + RMC, T0]],
      want: [
        { atMs: T0, data: GGA },
        { atMs: T0, data: UBX.slice(0, 7) },
        { atMs: T0, data: UBX.slice(7, 9) },
        { atMs: T0, data: UBX.slice(9) + RMC },
      ],
    },
    {
      // a paced log's lines before its first time of day: the clock is NaN there, which failed `record --speed`
      name: "a chunk of unknown time (NaN) goes unstamped; a later time stamps the next line start, not the middle of a line",
      chunks: [
        [GGA, Number.NaN],
        [RMC.slice(0, 9), Number.NaN],
        [RMC.slice(9) + GGA, T0],
      ],
      want: [
        { atMs: undefined, data: GGA },
        { atMs: undefined, data: RMC },
        { atMs: T0, data: GGA },
      ],
    },
    {
      name: "a time the prefix cannot hold (the year 10000) goes unstamped too",
      chunks: [
        [GGA, Date.UTC(10_000, 0, 1)],
        [RMC, T0],
      ],
      want: [
        { atMs: undefined, data: GGA },
        { atMs: T0, data: RMC },
      ],
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const stamper = createStamper();
      const stamped = text(concat(c.chunks.map(([t, at]) => stamper.stamp(latin1(t), at))));
      expect(readStamped(stamped)).toEqual(c.want);
      // Without its prefixes the file is exactly the source's bytes.
      expect(
        readStamped(stamped)
          .map((l) => l.data)
          .join(""),
      ).toBe(c.chunks.map(([t]) => t).join(""));
      expect(stamper.atLineStart).toBe(
        c.chunks
          .map(([t]) => t)
          .join("")
          .endsWith("\n"),
      );
    });
  }

  it("a line that already has a prefix keeps its own (a stamped stream piped in); an Oncore '@@' line is stamped", () => {
    const stamper = createStamper();
    const stamped = `@2026-01-02T03:04:05.000Z ${GGA}`;
    const oncore = "@@Ea\x07\xd4\x00\r\n";
    const out = text(concat([stamper.stamp(latin1(stamped + RMC), T0), stamper.stamp(latin1(oncore), T0 + 10), stamper.stamp(latin1(stamped), T0 + 20)]));
    expect(readStamped(out).map((line) => line.atMs)).toEqual([Date.UTC(2026, 0, 2, 3, 4, 5), T0, T0 + 10, Date.UTC(2026, 0, 2, 3, 4, 5)]);
    // a prefix split after its `@` by the chunking: still one prefix
    const split = createStamper();
    const halves = text(concat([split.stamp(latin1("@"), T0), split.stamp(latin1(stamped.slice(1)), T0 + 10)]));
    expect(halves).toBe(stamped);
  });

  it("the framer reads a stamped stream back: same frames, each at its line's receive time", () => {
    const stamper = createStamper();
    const chunks: Array<[string, number]> = [
      [GGA.slice(0, 30), T0],
      [GGA.slice(30) + UBX, T0 + 10],
      [RMC, T0 + 20],
    ];
    const stamped = concat(chunks.map(([t, at]) => stamper.stamp(latin1(t), at)));
    const frames: Frame[] = [];
    const framer = createFramer({ onFrame: (f) => frames.push(f), onDiagnostic: () => undefined });
    // Split the stamped file at every 7 bytes: prefixes cut in two are still found.
    for (let at = 0; at < stamped.byteLength; at += 7) framer.push(stamped.subarray(at, at + 7), Number.NaN);
    framer.end();
    expect(frames.map((f) => [f.text, f.receivedAtMs])).toEqual([
      [GGA.trimEnd(), T0],
      // The UBX packet's last LF started the line RMC ends up in, in the chunk of T0 + 10.
      [RMC.trimEnd(), T0 + 10],
    ]);
  });
});

describe("recorder", () => {
  const dir = (): string => mkdtempSync(join(tmpdir(), "gnsskit-record-"));

  it("names rotated parts FILE-0001.ext", () => {
    expect(rotatedPath("/x/track.nmea", 1)).toBe("/x/track-0001.nmea");
    expect(rotatedPath("/x/log", 12)).toBe("/x/log-0012");
  });

  it("writes a header line, then the stamped bytes; plain mode writes the bytes unchanged", () => {
    const d = dir();
    for (const plain of [false, true]) {
      const path = join(d, plain ? "plain.nmea" : "stamped.nmea");
      const recorder = createRecorder({ path, plain, header: ({ number }) => `test part ${number}` });
      recorder.open(T0);
      recorder.write(latin1(GGA.slice(0, 20)), T0);
      recorder.write(latin1(GGA.slice(20) + UBX + RMC), T0 + 5);
      recorder.close();
      const written = readFileSync(path, "latin1");
      expect(written.startsWith("# test part 1\n")).toBe(true);
      const body = written.slice("# test part 1\n".length);
      if (plain) expect(body).toBe(GGA + UBX + RMC);
      else
        expect(
          readStamped(body)
            .map((l) => l.data)
            .join(""),
        ).toBe(GGA + UBX + RMC);
      expect(recorder.sourceBytes).toBe((GGA + UBX + RMC).length);
      expect(recorder.files).toEqual([{ path, bytes: written.length }]);
    }
  });

  it("rotates by size at line starts: every part starts with a header and a whole stamped line", () => {
    const d = dir();
    const path = join(d, "r.nmea");
    const recorder = createRecorder({ path, rotateSizeBytes: 300, header: ({ number }) => `part ${number}` });
    recorder.open(T0);
    const lines = Array.from({ length: 20 }, (_, k) => `$GPTXT,01,01,02,line ${String(k).padStart(2, "0")}*00\r\n`);
    // Two lines per chunk, the second cut in half across chunks.
    const stream = lines.join("");
    for (let at = 0, k = 0; at < stream.length; at += 50, k++) recorder.write(latin1(stream.slice(at, at + 50)), T0 + k);
    recorder.close();
    const names = readdirSync(d).sort();
    expect(names.length).toBeGreaterThan(2);
    expect(names).toEqual(names.map((_, k) => `r-${String(k + 1).padStart(4, "0")}.nmea`));
    let data = "";
    for (const [k, name] of names.entries()) {
      const content = readFileSync(join(d, name), "latin1");
      const [header, ...rest] = readStamped(content);
      expect(header).toEqual({ atMs: undefined, data: `# part ${k + 1}\n` });
      expect(rest.every((l) => l.atMs !== undefined && l.data.startsWith("$GPTXT"))).toBe(true);
      // A part is cut only once it is over the limit, at the first line start after it.
      if (k < names.length - 1) expect(content.length - (rest.at(-1)?.data.length ?? 0) - RECORD_PREFIX_LENGTH).toBeLessThan(300);
      data += rest.map((l) => l.data).join("");
    }
    expect(data).toBe(stream);
  });

  it("rotates by receive time", () => {
    const d = dir();
    const path = join(d, "t.log");
    const recorder = createRecorder({ path, rotateTimeMs: 10_000 });
    recorder.open(T0);
    for (let s = 0; s < 25; s++) recorder.write(latin1(GGA), T0 + s * 1000);
    recorder.close();
    const parts = readdirSync(d).sort();
    expect(parts).toEqual(["t-0001.log", "t-0002.log", "t-0003.log"]);
    const times = parts.map((p) => readStamped(readFileSync(join(d, p), "latin1")).map((l) => ((l.atMs ?? 0) - T0) / 1000));
    expect(times).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      [20, 21, 22, 23, 24],
    ]);
  });

  it("lines of unknown time go in unstamped; rotation by time counts from the first known time", () => {
    const d = dir();
    const path = join(d, "u.log");
    const recorder = createRecorder({ path, rotateTimeMs: 10_000, header: ({ number }) => `part ${number}` });
    recorder.open(Number.NaN);
    recorder.write(latin1(GGA), Number.NaN);
    recorder.write(latin1(RMC), Number.NaN);
    for (let s = 0; s < 25; s++) recorder.write(latin1(GGA), T0 + s * 1000);
    recorder.close();
    const parts = readdirSync(d).sort();
    expect(parts).toEqual(["u-0001.log", "u-0002.log", "u-0003.log"]);
    const lines = parts.map((p) => readStamped(readFileSync(join(d, p), "latin1")).slice(1));
    expect(lines[0]!.slice(0, 2)).toEqual([
      { atMs: undefined, data: GGA },
      { atMs: undefined, data: RMC },
    ]);
    expect(lines.map((part) => part.flatMap((l) => (l.atMs === undefined ? [] : [(l.atMs - T0) / 1000])))).toEqual([
      [0, 1, 2, 3, 4, 5, 6, 7, 8, 9],
      [10, 11, 12, 13, 14, 15, 16, 17, 18, 19],
      [20, 21, 22, 23, 24],
    ]);
  });

  it("an unwritable path fails at open with a one-line message", () => {
    const recorder = createRecorder({ path: "/nonexistent-dir/x.nmea" });
    expect(() => recorder.open(T0)).toThrow(/cannot write \/nonexistent-dir\/x.nmea: no such directory/);
  });
});
