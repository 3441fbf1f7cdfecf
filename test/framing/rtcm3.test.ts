// RTCM 3 frames: CRC-24Q, the stream framer (resync, corrupt frames counted once and never passed on, any split
// the same), 1005 station positions; against the real frames of the u-blox corpus, with gpsd's gpsdecode as the
// outside decoder. Corpus part gated: GNSSKIT_UBX_CORPUS (../shared/corpus/ubx, set by .ci/run).

import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  BitWriter,
  createRtcm3Framer,
  crc24q,
  decodeStationPosition,
  encodeStationPosition,
  msmSatelliteCount,
  readBits,
  readSignedBits,
  rtcm3Frame,
  rtcm3MessageType,
  rtcm3Payload,
} from "../../src/framing/rtcm3.js";

interface Seen {
  frames: number[];
  corrupt: (number | undefined)[];
  skipped: number;
}

function frameAll(chunks: Uint8Array[]): Seen {
  const seen: Seen = { frames: [], corrupt: [], skipped: 0 };
  const framer = createRtcm3Framer({
    frame: (_frame, type) => seen.frames.push(type),
    corrupt: (_bytes, type) => seen.corrupt.push(type),
    skipped: (count) => (seen.skipped += count),
  });
  for (const chunk of chunks) framer.push(chunk);
  framer.end();
  return seen;
}

const concat = (...parts: Uint8Array[]): Uint8Array => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const text = (s: string): Uint8Array => new TextEncoder().encode(s);
const message = (type: number, extraBytes: number): Uint8Array => {
  const w = new BitWriter().unsigned(type, 12).unsigned(0, 4);
  for (let i = 0; i < extraBytes; i++) w.unsigned((i * 37) & 0xff, 8);
  return rtcm3Frame(w.toBytes());
};

describe("CRC-24Q", () => {
  it("gives the catalogue check value (CRC-24/LTE-A = CRC-24Q) for 123456789", () => {
    expect(crc24q(text("123456789"))).toBe(0xcde703);
  });
});

describe("bit fields", () => {
  it("writes and reads fields across byte boundaries, signed and up to 38 bits", () => {
    const w = new BitWriter()
      .unsigned(1005, 12)
      .signed(-1, 3)
      .signed(-123_456_789_012, 38)
      .unsigned(2 ** 37 + 5, 38);
    const bytes = w.toBytes();
    expect(readBits(bytes, 0, 12)).toBe(1005);
    expect(readSignedBits(bytes, 12, 3)).toBe(-1);
    expect(readSignedBits(bytes, 15, 38)).toBe(-123_456_789_012);
    expect(readBits(bytes, 53, 38)).toBe(2 ** 37 + 5);
    expect(() => new BitWriter().unsigned(8, 3)).toThrow(RangeError);
  });

  it("1005 round-trips at 0.1 mm", () => {
    const payload = encodeStationPosition(42, [4_201_000.123_4, 177_000.000_1, -4_779_000.987_6]);
    expect(decodeStationPosition(payload)).toEqual({ messageType: 1005, stationId: 42, ecefM: [4_201_000.1234, 177_000.0001, -4_779_000.9876] });
  });
});

describe("RTCM 3 stream framer", () => {
  const a = message(1005, 17);
  const b = message(1077, 200);
  const c = message(1230, 3);

  it("finds frames between NMEA and noise, counting what lies outside them", () => {
    const seen = frameAll([concat(text("$GPGGA,1*00\r\n"), a, text("xx"), b, c, new Uint8Array([0xd3]))]);
    expect(seen.frames).toEqual([1005, 1077, 1230]);
    expect(seen.corrupt).toEqual([]);
    expect(seen.skipped).toBe(13 + 2 + 1);
  });

  it("counts a corrupt frame once, never passes it on, and keeps the frame after it", () => {
    const damaged = b.slice();
    damaged[100] = damaged[100]! ^ 0x40;
    expect(frameAll([concat(a, damaged, c)])).toEqual({ frames: [1005, 1230], corrupt: [1077], skipped: 0 });
  });

  it("a corrupted length field does not cost the next frame", () => {
    const damaged = a.slice();
    damaged[2] = 0xff; // claims 255 bytes: its CRC window runs over the frames after it
    expect(frameAll([concat(damaged, b, c)])).toEqual({ frames: [1077, 1230], corrupt: [1005], skipped: 0 });
  });

  it("any split of the input gives the same frames, corrupt counts and skipped bytes", () => {
    const damaged = c.slice();
    damaged[4] = damaged[4]! ^ 1;
    const input = concat(text("$GPRMC*00\r\n"), a, damaged, b, text("\xd3\x00"), c);
    const whole = frameAll([input]);
    fc.assert(
      fc.property(fc.uniqueArray(fc.integer({ min: 1, max: input.length - 1 }), { maxLength: 12 }), (cuts) => {
        const sorted = [...cuts].sort((x, y) => x - y);
        const chunks = [0, ...sorted].map((from, k) => input.subarray(from, sorted[k] ?? input.length));
        expect(frameAll(chunks)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it("never throws on any bytes", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 3000 }), (bytes) => void frameAll([bytes])),
      { numRuns: 300 },
    );
  });
});

const corpus = process.env["GNSSKIT_UBX_CORPUS"];
const mixed = corpus === undefined ? undefined : join(corpus, "pygpsdata-MIXED-RTCM3.log");
const hasGpsdecode = spawnSync("sh", ["-c", "command -v gpsdecode"]).status === 0;
if (corpus === undefined) console.log("RTCM 3 corpus test skipped: set GNSSKIT_UBX_CORPUS (../shared/corpus/ubx)");
else if (!hasGpsdecode) console.log("RTCM 3 corpus test skipped: gpsdecode is not installed (Debian package gpsd-clients)");

interface GpsdRtcm3 {
  class: string;
  type: number;
  x?: number;
  y?: number;
  z?: number;
}

/** gpsd's own decoding of a file's RTCM 3 frames (it checks the CRC too). */
function gpsdecode(path: string): GpsdRtcm3[] {
  const result = spawnSync("gpsdecode", ["-j"], { input: readFileSync(path), encoding: "utf8" });
  return result.stdout
    .split("\n")
    .filter((line) => line.startsWith("{"))
    .map((line) => JSON.parse(line) as GpsdRtcm3)
    .filter((m) => m.class === "RTCM3");
}

describe.skipIf(corpus === undefined || !hasGpsdecode || (mixed !== undefined && !existsSync(mixed)))("real RTCM 3 (u-blox corpus, gpsdecode)", () => {
  const framesOf = (path: string): { types: number[]; frames: Uint8Array[]; seen: Seen } => {
    const frames: Uint8Array[] = [];
    const seen: Seen = { frames: [], corrupt: [], skipped: 0 };
    const framer = createRtcm3Framer({
      frame: (frame, type) => {
        frames.push(frame);
        seen.frames.push(type);
      },
      corrupt: (_n, type) => seen.corrupt.push(type),
      skipped: (n) => (seen.skipped += n),
    });
    framer.push(new Uint8Array(readFileSync(path)));
    framer.end();
    return { types: seen.frames, frames, seen };
  };

  it("finds the frames gpsdecode finds, and the 1005 position it decodes", () => {
    const ours = framesOf(mixed!);
    const theirs = gpsdecode(mixed!);
    expect(ours.types).toEqual(theirs.map((m) => m.type));
    expect(ours.types).toEqual([1005, 4072, 1077, 1087, 1097, 1127, 1230]);
    expect(ours.seen.corrupt).toEqual([]);
    expect(ours.seen.skipped).toBeGreaterThan(0); // the NMEA and UBX around them
    const station = decodeStationPosition(rtcm3Payload(ours.frames[0]!))!;
    const gpsd = theirs[0]!;
    expect(station.ecefM[0]).toBeCloseTo(gpsd.x!, 4);
    expect(station.ecefM[1]).toBeCloseTo(gpsd.y!, 4);
    expect(station.ecefM[2]).toBeCloseTo(gpsd.z!, 4);
    expect(ours.frames.map((f) => rtcm3MessageType(f))).toEqual(ours.types);
    expect(msmSatelliteCount(rtcm3Payload(ours.frames[2]!))).toBeGreaterThan(4);
  });

  it("the copy with a corrupted CRC: one corrupt 1005, the others as gpsdecode finds them", () => {
    const path = join(corpus!, "pygpsdata-MIXED-RTCM3BADCRC.log");
    const ours = framesOf(path);
    expect(ours.seen.corrupt).toEqual([1005]);
    expect(ours.types).toEqual(gpsdecode(path).map((m) => m.type));
    expect(ours.types).not.toContain(1005);
  });
});
