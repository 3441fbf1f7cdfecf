// Chunking: serialport-style split writes and fast-check properties. Any split of the input must give the
// same frames and diagnostics as the whole, and valid sentences must survive garbage around them.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { formatRecordPrefix, withChecksum } from "../../src/framing/index.js";
import { bytesToLatin1, casicPacket, concatBytes, latin1, rtcm3Packet, runFramer, sirfPacket, splitAt, summarize, ubxPacket } from "./framing-helpers.js";

const GGA = withChecksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,");
const RMC = withChecksum("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W");

describe("split writes", () => {
  it("frames a sentence split into two writes (serialport's DelimiterParser test, applied)", () => {
    const run = runFramer([`${GGA.slice(0, 20)}`, `${GGA.slice(20)}\r\n${RMC.slice(0, 5)}`, `${RMC.slice(5)}\r\n`]);
    expect(summarize(run.events)).toEqual([`F ok ${GGA}`, `F ok ${RMC}`]);
  });

  it("frames a stream fed one byte at a time like the whole", () => {
    const input = concatBytes(
      `junk${GGA}\r\n$$${RMC}\r\n`,
      ubxPacket(0x0a, 0x04, [...latin1("$GP\r\n")]),
      `@2026-11-27T02:18:30.123Z ${GGA}\r`,
      `\n#c\r\n$GPGGA,1*00\r\n${"9".repeat(300)}`,
    );
    const whole = runFramer([input]);
    const byteByByte = runFramer(
      splitAt(
        input,
        Array.from(input, (_, k) => k),
      ),
    );
    expect(byteByByte.events).toEqual(whole.events);
    expect(byteByByte.stats).toEqual(whole.stats);
    expect(summarize(whole.events)).toContain(`F ok ${RMC}`);
  });

  it("keeps memory bounded: a megabyte without a line end is one diagnostic", () => {
    const huge = `$GPTXT,${"A".repeat(1_000_000)}`;
    const chunks = Array.from({ length: 100 }, (_, k) => huge.slice(k * 10_007, (k + 1) * 10_007));
    const run = runFramer([...chunks, huge.slice(100 * 10_007), `\r\n${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual([`D too-long ${huge.length}`, `F ok ${GGA}`]);
    const noise = "\x01".repeat(1_000_000);
    const garbage = runFramer([noise, `${GGA}\r\n`]);
    expect(summarize(garbage.events)).toEqual([`D garbage ${noise.length}`, `F ok ${GGA}`]);
    expect(garbage.diagnostics[0]?.raw?.length).toBeLessThan(100);
  });
});

// ───────────── properties ─────────────

/** Printable ASCII for sentence fields: no `$`, `!`, `*`. */
const fieldChar = fc.integer({ min: 0x20, max: 0x7e }).filter((c) => c !== 0x24 && c !== 0x21 && c !== 0x2a);
const fieldText = fc.array(fieldChar, { maxLength: 40 }).map((codes) => String.fromCharCode(...codes));

const validSentence = fc
  .tuple(fc.constantFrom("GPGGA", "GNRMC", "GLGSV", "PMTK001", "PUBX", "BDGSA", "AIVDM"), fc.array(fieldText, { maxLength: 4 }), fc.boolean())
  .map(([address, fields, bang]) => withChecksum([address, ...fields].join(","), bang ? "!" : "$"));

/** Pieces that exercise every path: sentences, fragments, line ends, sync bytes, packets, prefixes, comments. */
const piece: fc.Arbitrary<Uint8Array> = fc.oneof(
  validSentence.map(latin1),
  fc.constantFrom("\r\n", "\n", "\r", "$", "!", "$$", "*", "*4", "#", "@", "\x00", "\x1b[H").map(latin1),
  fc.constantFrom([0xb5], [0xb5, 0x62], [0xa0, 0xa2], [0xd3], [0xd3, 0x00], [0xba, 0xce], [0xb0, 0xb3]).map((b) => Uint8Array.from(b)),
  fc.array(fc.integer({ min: 0, max: 255 }), { maxLength: 12 }).map((b) => Uint8Array.from(b)),
  fc
    .array(fc.integer({ min: 0, max: 255 }), { maxLength: 40 })
    .chain((payload) => fc.constantFrom(ubxPacket(0x0a, 0x04, payload), sirfPacket(payload), rtcm3Packet(payload), casicPacket(1, 0, payload))),
  fc.integer({ min: 0, max: 4_102_444_800_000 }).map((ms) => latin1(formatRecordPrefix(ms))),
  fc.constant(latin1(`$GPTXT,${"x".repeat(230)}*00`)),
);
const messyInput = fc.array(piece, { maxLength: 40 }).map((pieces) => concatBytes(...pieces));

const splitPoints = (input: Uint8Array): fc.Arbitrary<number[]> => fc.array(fc.integer({ min: 0, max: input.length }), { maxLength: 12 });

describe("framer properties", () => {
  it("any bytes, split anywhere: never throws, same frames, diagnostics and stats as whole", () => {
    fc.assert(
      fc.property(
        fc.oneof(messyInput, fc.uint8Array({ maxLength: 400 })).chain((input) => fc.tuple(fc.constant(input), splitPoints(input))),
        ([input, offsets]) => {
          const whole = runFramer([input]);
          const split = runFramer(splitAt(input, offsets));
          expect(split.events).toEqual(whole.events);
          expect(split.commas).toEqual(whole.commas);
          expect(split.stats).toEqual(whole.stats);
          expect(whole.stats.bytes).toBe(input.length);
        },
      ),
      { numRuns: 400 },
    );
  });

  it("push(bytes) and pushText(latin1 text) agree", () => {
    fc.assert(
      fc.property(messyInput, (input) => {
        expect(runFramer([bytesToLatin1(input)]).events).toEqual(runFramer([input]).events);
      }),
      { numRuns: 150 },
    );
  });

  it("every frame is a checksum-valid or checksum-less sentence of printable ASCII", () => {
    fc.assert(
      fc.property(messyInput, (input) => {
        const run = runFramer([input]);
        run.frames.forEach((frame, k) => {
          // the commas handed to the parser are the text's, up to the checksum
          const body = frame.text.split("*")[0] as string;
          expect(run.commas[k]).toEqual([...body].flatMap((c, at) => (c === "," ? [at] : [])));
          expect(run.fieldEnds[k]).toBe(body.length);
          expect(frame.text).toMatch(/^[$!][\x20-\x7e]+$/);
          // a `!` inside a field is a FLARM id's when the checksum over it holds; never in the address
          expect(frame.text.slice(1)).not.toMatch(/[$]/);
          expect((frame.text.slice(1).split(",")[0] as string).includes("!")).toBe(false);
          if (frame.checksum === "ok") expect(withChecksum(frame.text.slice(1, -3), frame.text[0] === "!" ? "!" : "$")).toBe(frame.text);
          else expect(frame.text).not.toContain("*");
        });
      }),
      { numRuns: 300 },
    );
  });

  // Garbage that cannot corrupt a sentence after it: no sentence start (`$`/`!`), no line end (it would let a
  // `#` or `@` start a comment or prefix), no bytes >= 0x80 (binary sync), and no `#` first (each piece of
  // garbage stands at a line start, where `#` opens a comment line). Control bytes, `*`, `@` are fine.
  const harmlessGarbage = fc
    .array(
      fc.integer({ min: 0, max: 0x7f }).filter((c) => c !== 0x24 && c !== 0x21 && c !== 0x0a && c !== 0x0d),
      { maxLength: 30 },
    )
    .map((codes) => String.fromCharCode(...codes))
    .filter((text) => !text.startsWith("#"));
  const lineEnd = fc.constantFrom("\r\n", "\n", "\r", "\r\r\n");

  it("valid sentences interleaved with harmless garbage all come out, in order, and every garbage byte is reported once", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(harmlessGarbage, fc.boolean(), validSentence, lineEnd), { maxLength: 15 }),
        fc.array(fc.nat(), { maxLength: 8 }),
        (items, offsets) => {
          // Garbage either runs straight into the `$` or sits on its own line before it.
          const text = items.map(([garbage, ownLine, sentence, end]) => `${garbage}${ownLine ? "\r\n" : ""}${sentence}${end}`).join("");
          const input = latin1(text);
          const run = runFramer(
            splitAt(
              input,
              offsets.map((o) => o % (input.length + 1)),
            ),
          );
          expect(run.frames.map((f) => f.text)).toEqual(items.map(([, , sentence]) => sentence));
          expect(run.frames.every((f) => f.checksum === "ok")).toBe(true);
          // a piece of garbage whose shape came before may be taken for a logger's text: skipped all the same
          const garbage = run.diagnostics.filter((d) => d.kind === "garbage" || d.kind === "logger-text");
          expect(garbage.map((d) => d.byteCount)).toEqual(items.filter(([g]) => g.length > 0).map(([g]) => g.length));
          expect(run.diagnostics.length).toBe(garbage.length);
        },
      ),
      { numRuns: 300 },
    );
  });
});
