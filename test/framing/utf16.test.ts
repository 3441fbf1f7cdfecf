// A log saved as UTF-16 text (Windows PowerShell's `>`): turned back into one byte per character however its bytes
// are cut into chunks; every other stream passes through untouched.
import fc from "fast-check";
import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTextDecoding, logText } from "../../src/framing/utf16.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const SENTENCES = "$GPGGA,083000.00,3723.2475,N,12158.3416,W,1,09,0.9,12.5,M,-25.7,M,,*7E\r\n$GPGSA,A,3,02,07,13,22,,,,,,,,,1.6,0.9,1.3*27\r\n";

/** `text` as UTF-16 in either order, with or without the byte-order mark. */
function utf16(text: string, order: "le" | "be", mark: boolean): Uint8Array {
  const le = Buffer.from((mark ? "\ufeff" : "") + text, "utf16le");
  return order === "le" ? Uint8Array.from(le) : Uint8Array.from(le).map((_, i, all) => all[i ^ 1] as number);
}

/** The chunks of `bytes` cut at `cuts` (positions, any order), through one decoding, joined. */
function decodeInChunks(bytes: Uint8Array, cuts: readonly number[]): { text: string; encoding: string | undefined } {
  const decoding = createTextDecoding();
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const to of [...at, bytes.length]) {
    parts.push(decoding.push(bytes.subarray(from, Math.max(from, to))));
    from = Math.max(from, to);
  }
  parts.push(decoding.end());
  return { text: Buffer.concat(parts).toString("latin1"), encoding: decoding.encoding };
}

describe("UTF-16 logs", () => {
  it.each([
    ["le", true, "utf-16le"],
    ["be", true, "utf-16be"],
    ["le", false, "utf-16le"],
    ["be", false, "utf-16be"],
  ] as const)("%s with mark %s: the sentences as ASCII, in one chunk", (order, mark, encoding) => {
    const result = decodeInChunks(utf16(SENTENCES, order, mark), []);
    expect(result).toEqual({ text: SENTENCES, encoding });
  });

  it("gives the same text however the bytes are cut (both orders, with and without a mark)", () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[\x20-\x7e\r\n]{4,80}$/),
        fc.constantFrom("le" as const, "be" as const),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 8 }),
        (body, order, mark, cuts) => {
          const text = `$${body}`;
          expect(decodeInChunks(utf16(text, order, mark), cuts).text).toBe(text);
        },
      ),
    );
  });

  it("passes any other stream through untouched, the same chunk objects, however it is cut", () => {
    const decoding = createTextDecoding();
    const chunk = Buffer.from(SENTENCES, "latin1");
    expect(decoding.push(chunk)).toBe(chunk);
    expect(decoding.encoding).toBe("bytes");
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 1, maxLength: 200 }), fc.array(fc.nat(), { maxLength: 6 }), (bytes, cuts) => {
        const { text, encoding } = decodeInChunks(bytes, cuts);
        // a stream that starts as UTF-16 would is UTF-16; everything else comes out byte for byte
        if (encoding === "bytes" || encoding === undefined) expect(text).toBe(Buffer.from(bytes).toString("latin1"));
      }),
    );
  });

  it("a binary log caught at any byte is not taken for UTF-16 (the repository's UBX logs, from every offset)", () => {
    for (const name of readdirSync(FIXTURES).filter((f) => f.endsWith(".ubx"))) {
      const bytes = new Uint8Array(readFileSync(join(FIXTURES, name)));
      for (let at = 0; at < bytes.length; at++) {
        const decoding = createTextDecoding();
        decoding.push(bytes.subarray(at));
        if (decoding.encoding !== "bytes") throw new Error(`${name} from byte ${at}: taken for ${decoding.encoding}`);
      }
    }
  });

  it("two bytes of serial noise that happen to be FF FE before plain NMEA are no byte-order mark", () => {
    const plain = Buffer.from(SENTENCES, "latin1");
    const noisy = Uint8Array.from([0xff, 0xfe, ...plain]);
    expect(logText(noisy)).toEqual(noisy);
  });

  it("UBX, RTCM3 and a gzip's magic are not UTF-16", () => {
    for (const start of [
      [0xb5, 0x62, 0x01, 0x07, 0x5c, 0x00, 0x00, 0x00],
      [0xd3, 0x00, 0x13, 0x3e, 0xd0, 0x00, 0x03, 0x8a],
      [0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00],
    ]) {
      const bytes = Uint8Array.from(start);
      expect(logText(bytes)).toEqual(bytes);
    }
  });

  it("a character past U+00FF becomes '?', so its sentence fails its checksum instead of being read wrong", () => {
    const text = "$GPWPL,3605.441,N,08640.773,W,GC1A37=\u{1f600}*57\r\n";
    expect(Buffer.from(logText(utf16(text, "le", true))).toString("latin1")).toBe("$GPWPL,3605.441,N,08640.773,W,GC1A37=??*57\r\n");
  });

  it("a stream too short to tell is passed on as it came; a last half character is dropped", () => {
    expect(decodeInChunks(Uint8Array.from([0x24, 0x00, 0x47]), []).text).toBe("$\0G");
    expect(decodeInChunks(Uint8Array.from([0xff, 0xfe, 0x24, 0x00, 0x47]), [3]).text).toBe("$");
  });
});
