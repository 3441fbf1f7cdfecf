// The framer turns bytes into text with Node's Buffer.latin1Slice where there is one, else with TextDecoder("latin1")
// (browsers: windows-1252, whose 0x80..0x9F it maps back). On Node both give each byte its own code: the two paths
// must frame any input alike, high bytes and binary packets included.
import fc from "fast-check";
import { describe, expect, it, vi } from "vitest";
import type { createFramer as CreateFramer } from "../../src/framing/framer.js";
import { withChecksum } from "../../src/framing/index.js";

type Seen = Array<[string, unknown]>;

function frameAll(createFramer: typeof CreateFramer, chunks: Uint8Array[]): Seen {
  const seen: Seen = [];
  const framer = createFramer({
    onFrame: (frame, commas) => seen.push(["frame", [frame.text, frame.checksum, commas.count, commas.end]]),
    onDiagnostic: (d) => seen.push(["diagnostic", [d.kind, d.message]]),
    onBinary: (packet) => {
      seen.push(["binary", [packet.protocol, [...packet.bytes]]]);
      return true;
    },
  });
  for (const chunk of chunks) framer.push(chunk, Number.NaN);
  framer.end();
  return seen;
}

async function withoutBuffer(): Promise<typeof CreateFramer> {
  vi.resetModules();
  const buffer = globalThis.Buffer;
  (globalThis as { Buffer?: unknown }).Buffer = undefined;
  try {
    return (await import("../../src/framing/framer.js")).createFramer;
  } finally {
    globalThis.Buffer = buffer;
    vi.resetModules();
  }
}

describe("the framer's two ways from bytes to text", () => {
  it("frame any bytes alike: sentences, high bytes, UBX packets, cut anywhere", async () => {
    const fast = (await import("../../src/framing/framer.js")).createFramer;
    const decoded = await withoutBuffer();
    expect(decoded).not.toBe(fast);
    const sentence = fc.constantFrom(
      withChecksum("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
      withChecksum("$GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W"),
      "$GPGLL,4916.45,N\u0099,12311.12,W*1D",
    );
    const piece = fc.oneof(
      sentence.map((text) => Uint8Array.from(Buffer.from(`${text}\r\n`, "latin1"))),
      fc.uint8Array({ maxLength: 40 }),
      fc.constant(Uint8Array.from([0xb5, 0x62, 0x01, 0x07, 0x00, 0x00, 0x08, 0x19])),
      fc.uint8Array({ minLength: 1, maxLength: 8 }).map((bytes) => bytes.map((b) => 0x80 + (b % 0x80))),
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 30 }), fc.integer({ min: 1, max: 64 }), (pieces, cut) => {
        const all = Uint8Array.from(pieces.flatMap((p) => [...p]));
        const chunks: Uint8Array[] = [];
        for (let i = 0; i < all.length; i += cut) chunks.push(all.subarray(i, i + cut));
        expect(frameAll(decoded, chunks)).toEqual(frameAll(fast, chunks));
      }),
      { numRuns: 300 },
    );
  });
});
