import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { createFramer, nmeaChecksum, withChecksum } from "../../src/framing/index.js";
import { createLogPacer, readLogStart } from "../../src/replay/pacing.js";
import { mtkBinaryPacket } from "../../src/framing/mtk-binary.js";
import { casicPacket, concatBytes, latin1, rtcm3Packet, runFramer, sirfPacket, summarize, ubxPacket } from "./framing-helpers.js";
import { fixture } from "../cli/_bin.js";

const GGA = withChecksum("GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,");
const RMC = withChecksum("GPRMC,123519,A,4807.038,N,01131.000,E,022.4,084.4,230394,003.1,W");
const GSA = withChecksum("GPGSA,A,1,,,,,,,,,,,,,,,");
const VDM = withChecksum("AIVDM,1,1,,A,13aEOK?P00PD2wVMdLDRhgvL289?,0", "!");
const TXT = withChecksum("GPTXT,01,01,02,u-blox ag - www.u-blox.com");

/** The same sentence with its checksum off by one. */
function withWrongChecksum(body: string): string {
  const wrong = (nmeaChecksum(body) + 1) & 0xff;
  return `$${body}*${wrong.toString(16).toUpperCase().padStart(2, "0")}`;
}

/** A sentence whose checksum has hex letters, written in lower case. */
const lowerCaseSentence = (() => {
  for (let k = 0; k < 100; k++) {
    const sentence = withChecksum(`GPZDA,1200${String(k).padStart(2, "0")}.00,27,11,2026,00,00`);
    if (/[A-F]/.test(sentence.slice(-2))) return sentence.slice(0, -2) + sentence.slice(-2).toLowerCase();
  }
  throw new Error("no sentence with a letter in its checksum");
})();

interface Case {
  name: string;
  input: string | Uint8Array;
  maxLineLength?: number;
  want: string[];
}

const ok = (sentence: string): string => `F ok ${sentence}`;

describe("framer: line ends and sentence starts", () => {
  const cases: Case[] = [
    { name: "CRLF", input: `${GGA}\r\n${RMC}\r\n`, want: [ok(GGA), ok(RMC)] },
    { name: "LF only", input: `${GGA}\n${RMC}\n`, want: [ok(GGA), ok(RMC)] },
    { name: "lone CR", input: `${GGA}\r${RMC}\r`, want: [ok(GGA), ok(RMC)] },
    { name: "CR CR LF (Firefly 1a)", input: `${GGA}\r\r\n${RMC}\r\r\n`, want: [ok(GGA), ok(RMC)] },
    { name: "mixed line ends", input: `${GGA}\n${RMC}\r\n${GSA}\r`, want: [ok(GGA), ok(RMC), ok(GSA)] },
    { name: "empty lines are ignored", input: `\r\n\n\r\n${GGA}\r\n\r\n\r\n${RMC}\r\n\n`, want: [ok(GGA), ok(RMC)] },
    { name: "last line without line end", input: `${GGA}\r\n${RMC}`, want: [ok(GGA), ok(RMC)] },
    { name: "AIS sentence starting with !", input: `${VDM}\r\n`, want: [ok(VDM)] },
    { name: "spaces inside a TXT sentence", input: `${TXT}\r\n`, want: [ok(TXT)] },
    { name: "`$$` doubled start (st-teseo)", input: `$${GGA}\r\n$${RMC}\r\n`, want: ["D garbage 1", ok(GGA), "D garbage 1", ok(RMC)] },
    {
      name: "truncated sentence cut by a new `$`",
      input: `$GPGGA,1235${RMC}\r\n`,
      want: [`D garbage ${"$GPGGA,1235".length}`, ok(RMC)],
    },
    {
      name: "complete sentence followed by `$` without line end (gp-320fw)",
      input: `${GSA}${RMC}\r\n`,
      want: [ok(GSA), ok(RMC)],
    },
    {
      name: "complete sentence followed by a NUL byte",
      input: `${GSA}\x00${RMC}\r\n`,
      want: [ok(GSA), "D garbage 1", ok(RMC)],
    },
    {
      name: "terminal escape codes inside a sentence (et-332)",
      input: `${GSA.slice(0, -1)}\x1b[H\x1b[J\x1b[H\x1b[J${GSA.slice(-1)}\r\n${GGA}\r\n`,
      want: [`D garbage ${GSA.length + "\x1b[H\x1b[J\x1b[H\x1b[J".length}`, ok(GGA)],
    },
    {
      name: "garbage before the first sentence",
      input: `,1.7,-30.40,M,-13.9,M,,*7D\r\n${GGA}\r\n`,
      want: [`D garbage ${",1.7,-30.40,M,-13.9,M,,*7D".length}`, ok(GGA)],
    },
    {
      name: "a garbage run spans line ends (one diagnostic)",
      input: `noise\r\nmore noise\r\n${GGA}\r\n`,
      want: ["D garbage 17", ok(GGA)],
    },
    { name: "a lone `$` line is garbage", input: `$\r\n${GGA}\r\n`, want: ["D garbage 1", ok(GGA)] },
    { name: "`$*00`: nothing to check", input: `$*00\r\n${GGA}\r\n`, want: ["D garbage 4", ok(GGA)] },
    {
      name: "control byte inside a sentence",
      input: `$GPGGA,12\x0135\r\n${GGA}\r\n`,
      want: [`D garbage ${"$GPGGA,12\x0135".length}`, ok(GGA)],
    },
    {
      name: "8-bit byte inside a sentence",
      input: `$GPGGA,12\xe935\r\n${GGA}\r\n`,
      want: [`D garbage ${"$GPGGA,12\xe935".length}`, ok(GGA)],
    },
  ];
  it.each(cases)("$name", ({ input, maxLineLength, want }) => {
    const run = runFramer([input], maxLineLength === undefined ? {} : { maxLineLength });
    expect(summarize(run.events)).toEqual(want);
  });
});

describe("framer: checksums", () => {
  const body = "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,";
  const cases: Case[] = [
    { name: "correct", input: `${GGA}\r\n`, want: [ok(GGA)] },
    { name: "lower-case hex", input: `${lowerCaseSentence}\r\n`, want: [ok(lowerCaseSentence)] },
    { name: "mismatch: diagnostic, no frame", input: `${withWrongChecksum(body)}\r\n${RMC}\r\n`, want: ["D checksum", ok(RMC)] },
    { name: "one hex digit", input: `$${body}*4\r\n`, want: ["D checksum"] },
    { name: "three characters after *", input: `${GGA}7\r\n`, want: ["D checksum"] },
    {
      name: "junk after the two digits of a checksum that holds: the sentence ends at its checksum, the junk is garbage",
      input: `${GGA}x\r\n`,
      want: [ok(GGA), "D garbage 1"],
    },
    { name: "junk after the two digits of a wrong checksum", input: `$${body}*00x\r\n`, want: ["D checksum"] },
    { name: "a second checksum after one that holds", input: `${GGA}*43\r\n`, want: [ok(GGA), "D garbage 3"] },
    { name: "a space after the two digits (a padded line): the sentence, then the space as garbage", input: `${GGA} \r\n`, want: [ok(GGA), "D garbage 1"] },
    { name: "non-hex digits", input: `$${body}*4G\r\n`, want: ["D checksum"] },
    { name: "`*` and nothing else", input: `$${body}*\r\n`, want: ["D checksum"] },
    { name: "missing: frame plus no-checksum diagnostic", input: `$${body}\r\n`, want: ["D no-checksum", `F missing $${body}`] },
    { name: "cut by end of input after one digit: truncated", input: `$${body}*4`, want: [`D garbage ${body.length + 3}`] },
    { name: "no checksum at end of input: truncated", input: `$${body}`, want: [`D garbage ${body.length + 1}`] },
  ];
  it.each(cases)("$name", ({ input, want }) => {
    expect(summarize(runFramer([input]).events)).toEqual(want);
  });

  it("says what it got and what it computed", () => {
    const sent = withWrongChecksum(body);
    const [diagnostic] = runFramer([`${sent}\r\n`]).diagnostics;
    const computed = nmeaChecksum(body).toString(16).toUpperCase().padStart(2, "0");
    expect(diagnostic).toMatchObject({
      kind: "checksum",
      message: `nmea: GPGGA checksum mismatch: got ${sent.slice(-2)}, computed ${computed}`,
      raw: sent,
      sentenceId: "GGA",
      receivedAtMs: 1000,
    });
  });

  it("names the sentence of a missing checksum", () => {
    const run = runFramer([`$PMTK001,604,3\r\n`]);
    expect(run.diagnostics).toEqual([
      { kind: "no-checksum", message: "nmea: PMTK001 has no checksum", raw: "$PMTK001,604,3", sentenceId: "PMTK", receivedAtMs: 1000 },
    ]);
    expect(run.frames).toEqual([{ text: "$PMTK001,604,3", checksum: "missing", receivedAtMs: 1000 }]);
  });
});

describe("framer: length cap", () => {
  const longBody = `PUBX,00,${"1234567890,".repeat(30)}`; // about 338 characters
  const longSentence = withChecksum(longBody);

  it("drops a line over the default cap of 256 with one too-long diagnostic, then resumes", () => {
    const run = runFramer([`${longSentence}\r\n${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual([`D too-long ${longSentence.length}`, ok(GGA)]);
    expect(run.diagnostics[0]?.message).toBe(`nmea: PUBX line longer than 256 characters, ${longSentence.length} bytes dropped`);
    expect(run.diagnostics[0]?.sentenceId).toBe("PUBX");
    expect(run.diagnostics[0]?.raw?.length).toBeLessThanOrEqual(81);
  });

  it("accepts a line of exactly maxLineLength and refuses one more character", () => {
    const atCap = runFramer([`${GGA}\r\n`], { maxLineLength: GGA.length });
    expect(summarize(atCap.events)).toEqual([ok(GGA)]);
    const overCap = runFramer([`${GGA}\r\n`], { maxLineLength: GGA.length - 1 });
    expect(summarize(overCap.events)).toEqual([`D too-long ${GGA.length}`]);
  });

  it("takes a long line with a raised cap", () => {
    expect(summarize(runFramer([`${longSentence}\r\n`], { maxLineLength: 400 }).events)).toEqual([ok(longSentence)]);
  });

  it("ends the dropped line at a new sentence start", () => {
    const run = runFramer([`${longSentence.slice(0, 300)}${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual(["D too-long 300", ok(GGA)]);
  });

  it("ends the dropped line at a binary packet", () => {
    const packet = ubxPacket(0x01, 0x07, [0x24, 0x47, 0x50, 0x0a]);
    const run = runFramer([concatBytes(longSentence.slice(0, 300), packet, `${GGA}\r\n`)]);
    expect(summarize(run.events)).toEqual(["D too-long 300", `D binary ${packet.length}`, ok(GGA)]);
  });

  it("refuses a bad cap", () => {
    expect(() => createFramer({ onFrame: () => undefined, onDiagnostic: () => undefined, maxLineLength: 0 })).toThrow(RangeError);
  });
});

describe("framer: binary packets", () => {
  // Payloads with `$`, `!`, CR, LF and a whole sentence inside: none of it may come out as a frame.
  const tricky = [...latin1(`${RMC}\r\n$!\r\n`), 0x00, 0xff, 0x24];
  const packets: { name: string; packet: Uint8Array; protocol: string }[] = [
    { name: "UBX", packet: ubxPacket(0x0a, 0x04, tricky), protocol: "UBX" },
    { name: "SiRF", packet: sirfPacket([0x06, ...tricky]), protocol: "SiRF" },
    { name: "RTCM3", packet: rtcm3Packet([0x3e, 0xd0, ...tricky]), protocol: "RTCM3" },
    { name: "CASIC", packet: casicPacket(0x01, 0x00, tricky), protocol: "CASIC" },
  ];

  it.each(packets)("skips a $name packet by its declared length", ({ packet, protocol }) => {
    const run = runFramer([concatBytes(`${GGA}\r\n`, packet, `${GSA}\r\n`, packet, packet, GSA, "\r\n")]);
    expect(summarize(run.events)).toEqual([ok(GGA), `D binary ${packet.length}`, ok(GSA), `D binary ${packet.length}`, `D binary ${packet.length}`, ok(GSA)]);
    expect(run.diagnostics[0]).toMatchObject({ kind: "binary", value: protocol, byteCount: packet.length });
    expect(run.diagnostics[0]?.message).toContain(protocol);
  });

  it.each(packets)("finds a $name packet right after a sentence without line end", ({ packet }) => {
    const run = runFramer([concatBytes(GGA, packet, GSA, "\r\n")]);
    expect(summarize(run.events)).toEqual([ok(GGA), `D binary ${packet.length}`, ok(GSA)]);
  });

  it("reports UBX class and id", () => {
    const run = runFramer([ubxPacket(0x0a, 0x04, [1, 2, 3])]);
    expect(run.diagnostics[0]?.message).toBe("binary: UBX packet class 0x0A id 0x04 skipped (11 bytes)");
  });

  it("takes a declared length over 4096 for garbage, so a `$` after it starts a sentence", () => {
    const fake = [0xb5, 0x62, 0x01, 0x02, 0x01, 0x20]; // length 0x2001
    const run = runFramer([concatBytes(Uint8Array.from(fake), `${GGA}\r\n`)]);
    expect(summarize(run.events)).toEqual(["D garbage 6", ok(GGA)]);
  });

  it("takes sync bytes without their second byte for garbage", () => {
    const run = runFramer([concatBytes(Uint8Array.from([0xb5, 0x24]), `GPRMC${RMC.slice(6)}\r\n`)]);
    expect(summarize(run.events)).toEqual(["D garbage 1", ok(RMC)]);
  });

  it("RTCM3 needs its six reserved bits clear", () => {
    const run = runFramer([concatBytes(Uint8Array.from([0xd3, 0x04, 0x05]), `${GGA}\r\n`)]);
    expect(summarize(run.events)).toEqual(["D garbage 3", ok(GGA)]);
  });

  it("reports a packet cut by the end of input as truncated", () => {
    const packet = ubxPacket(0x0a, 0x04, tricky);
    const run = runFramer([packet.subarray(0, 20)]);
    expect(summarize(run.events)).toEqual(["D binary 20"]);
    expect(run.diagnostics[0]?.message).toContain(`truncated at 20 of ${packet.length} bytes`);
  });

  it("takes an incomplete header at the end of input for garbage", () => {
    expect(summarize(runFramer([Uint8Array.from([0xb5, 0x62, 0x01])]).events)).toEqual(["D garbage 3"]);
  });

  it("reads bytes 0x80..0x9F exactly (UBX length byte 0x8C)", () => {
    const packet = ubxPacket(0x0a, 0x04, new Array<number>(0x18c).fill(0x24));
    const run = runFramer([concatBytes(packet, `${GGA}\r\n`)]);
    expect(summarize(run.events)).toEqual([`D binary ${packet.length}`, ok(GGA)]);
  });
});

describe("framer: comments, garbage excerpts, stats", () => {
  it("skips # comment lines silently, only at a line start", () => {
    const run = runFramer([`# Name: test log\r\n# Chipset: $GPGGA is not a frame here\n${GGA}\r\nab#c\r\n`]);
    expect(summarize(run.events)).toEqual([ok(GGA), "D garbage 4"]);
  });

  it("escapes non-printable bytes and cuts the excerpt", () => {
    const noise = `\x00\x01abc\\${"x".repeat(200)}`;
    const run = runFramer([`${noise}\r\n${GGA}\r\n`]);
    const [garbage] = run.diagnostics;
    expect(garbage?.byteCount).toBe(noise.length);
    expect(garbage?.raw?.startsWith("\\x00\\x01abc\\\\xxx")).toBe(true);
    expect(garbage?.raw?.endsWith("…")).toBe(true);
    expect(garbage?.raw?.length).toBeLessThanOrEqual(82);
    expect(garbage?.message).toBe(`garbage: ${noise.length} bytes skipped: "${garbage?.raw}"`);
  });

  it("counts bytes, frames and diagnostics", () => {
    const input = concatBytes(`xx${GGA}\r\n${withWrongChecksum("GPGSA,A,1")}\r\n$GPVTG,1\r\n`, ubxPacket(1, 2, [3]));
    const run = runFramer([input]);
    expect(run.stats).toEqual({
      bytes: input.length,
      annotationBytes: 0,
      frames: 2,
      diagnostics: { garbage: 1, checksum: 1, "no-checksum": 1, binary: 1 },
    });
  });

  it("stamps frames with the time of the chunk that completed them", () => {
    const run = runFramer([GGA.slice(0, 30), `${GGA.slice(30)}\r\n${RMC.slice(0, 10)}`, `${RMC.slice(10)}\r\n`], {}, [10, 20, 30]);
    expect(run.frames.map((f) => [f.text, f.receivedAtMs])).toEqual([
      [GGA, 20],
      [RMC, 30],
    ]);
  });

  it("gives the same result for push and pushText, and keeps going after end()", () => {
    const input = concatBytes(`\xe9${GGA}\r\n`, ubxPacket(0x0a, 0x04, [0x80, 0x9f, 0x24]), `${RMC}\r\n`);
    const viaBytes = runFramer([input]);
    let text = "";
    for (const b of input) text += String.fromCharCode(b);
    const viaText = runFramer([text]);
    expect(viaText.events).toEqual(viaBytes.events);

    const frames: string[] = [];
    const framer = createFramer({ onFrame: (f) => frames.push(f.text), onDiagnostic: () => undefined });
    framer.pushText(GGA, 1);
    framer.end();
    framer.pushText(`${RMC}\r\n`, 2);
    framer.end();
    expect(frames).toEqual([GGA, RMC]);
  });
});

describe("framer: record prefixes", () => {
  const t1 = "2026-11-27T02:18:30.123Z";
  const t2 = "2026-11-27T02:18:31.007Z";

  it("takes the receive time from the prefix, until the next one", () => {
    const run = runFramer([`@${t1} ${GGA}\r\n${RMC}\r\n@${t2} ${GSA}\r\n`], {}, [5]);
    expect(run.frames.map((f) => [f.text, f.receivedAtMs])).toEqual([
      [GGA, Date.parse(t1)],
      [RMC, Date.parse(t1)],
      [GSA, Date.parse(t2)],
    ]);
  });

  it("does not count a prefix or comment line as garbage", () => {
    const run = runFramer([`# Name: stamped\n@${t1} # a stamped comment\r\n@${t1} ${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual([ok(GGA)]);
  });

  it("counts a log's prefixes and comment lines apart: what is left is what its replay delivers", async () => {
    // Comment lines ending in LF, CR LF, a CR alone and CR CR LF (a CR alone, then an empty line), prefixes on
    // sentences and on a comment: the receiver's bytes are what the pacer of `gnsskit replay` passes on.
    const log = `# Name: stamped\n@${t1} # a stamped comment\r\n@${t1} ${GGA}\r\n#cr\r${RMC}\n#crcr\r\r\n@${t2} ${GSA}\r\n#last`;
    const pacer = createLogPacer({ start: readLogStart(latin1(log)), speed: Infinity, maxChunkBytes: 1 << 16, signal: new AbortController().signal });
    let replayed = 0;
    for await (const chunk of pacer.chunks(async function* () {
      yield latin1(log);
    }))
      replayed += chunk.length;
    for (let cut = 0; cut <= log.length; cut++) {
      const { stats } = runFramer([log.slice(0, cut), log.slice(cut)]);
      expect(stats.bytes).toBe(log.length);
      expect(stats.bytes - stats.annotationBytes).toBe(replayed);
    }
  });

  it("takes an invalid prefix for garbage", () => {
    const run = runFramer([`@2026-13-27T02:18:30.123Z ${GGA}\r\n`], {}, [5]);
    expect(summarize(run.events)).toEqual(["D garbage 26", ok(GGA)]);
    expect(run.frames[0]?.receivedAtMs).toBe(5);
  });

  it("only at a line start", () => {
    const run = runFramer([`${GGA}\r\nx@${t1} ${RMC}\r\n`], {}, [5]);
    expect(summarize(run.events)).toEqual([ok(GGA), "D garbage 27", ok(RMC)]);
  });

  it("removes prefixes inside a binary packet, so the packet keeps its length", () => {
    // A recorder stamps every line start, also after a LF byte inside a UBX packet (class 0x0A is a LF).
    const packet = ubxPacket(0x0a, 0x04, [...latin1(`a\nb$\r\n`), 0x0a]);
    let stamped = `@${t1} `;
    for (const b of packet) stamped += String.fromCharCode(b) + (b === 0x0a ? `@${t2} ` : "");
    stamped += `${GGA}\r\n@${t2} ${RMC}\r\n`;
    const run = runFramer([latin1(stamped)]);
    expect(summarize(run.events)).toEqual([`D binary ${packet.length}`, ok(GGA), ok(RMC)]);
    expect(run.frames.map((f) => f.receivedAtMs)).toEqual([Date.parse(t2), Date.parse(t2)]);
  });

  it("waits for a prefix split across chunks", () => {
    const input = `${GGA}\r\n@${t2} ${RMC}\r\n`;
    for (let cut = GGA.length + 2; cut < GGA.length + 30; cut++) {
      const run = runFramer([input.slice(0, cut), input.slice(cut)], {}, [1, 2]);
      expect(run.frames.map((f) => [f.text, f.receivedAtMs])).toEqual([
        [GGA, 1],
        [RMC, Date.parse(t2)],
      ]);
    }
  });

  it("takes a prefix cut by the end of input for garbage", () => {
    expect(summarize(runFramer([`${GGA}\r\n@2026-11-27T02`]).events)).toEqual([ok(GGA), "D garbage 14"]);
  });
});

describe("framer: binary packets handed over whole", () => {
  it("gives onBinary each complete packet's bytes, header to checksum, across chunk splits", () => {
    const ack = ubxPacket(0x05, 0x01, [0x06, 0x04]); // UBX ACK-ACK for CFG-RST
    const packets: Array<{ protocol: string; bytes: number[] }> = [];
    const frames: string[] = [];
    const framer = createFramer({
      onFrame: (f) => frames.push(f.text),
      onDiagnostic: () => undefined,
      onBinary: (p) => void packets.push({ protocol: p.protocol, bytes: [...p.bytes] }),
    });
    const whole = concatBytes(`${GGA}\r\n`, ack, `${GGA}\r\n`);
    for (let i = 0; i < whole.length; i += 3) framer.push(whole.subarray(i, i + 3), 0);
    framer.end();
    expect(packets).toEqual([{ protocol: "UBX", bytes: [...ack] }]);
    expect(frames).toEqual([GGA, GGA]);
  });

  it("hands over MediaTek binary packets (04 24 …, an EPO upload's acks) and reads the NMEA around them", () => {
    const ack = mtkBinaryPacket(2, Uint8Array.from([5, 0, 1])); // packet 5 of an EPO upload taken
    const packets: Array<{ protocol: string; bytes: number[] }> = [];
    const frames: string[] = [];
    const diagnostics: string[] = [];
    const framer = createFramer({
      onFrame: (f) => frames.push(f.text),
      onDiagnostic: (d) => diagnostics.push(d.message),
      onBinary: (p) => void packets.push({ protocol: p.protocol, bytes: [...p.bytes] }),
    });
    const whole = concatBytes(`${GGA}\r\n`, ack, `${GGA}\r\n`);
    for (let i = 0; i < whole.length; i += 2) framer.push(whole.subarray(i, i + 2), 0);
    framer.end();
    expect(packets).toEqual([{ protocol: "MTK", bytes: [...ack] }]);
    expect(frames).toEqual([GGA, GGA]);
    expect(diagnostics).toEqual([`binary: MTK packet command 2 skipped (${ack.length} bytes)`]);
  });

  it("counts a packet as skipped only when onBinary does not take it (a decoder that took it reports for itself)", () => {
    const ack = ubxPacket(0x05, 0x01, [0x06, 0x04]);
    const kinds = (take: boolean | undefined): string[] => {
      const seen: string[] = [];
      const framer = createFramer({ onFrame: () => undefined, onDiagnostic: (d) => void seen.push(d.kind), onBinary: () => take });
      framer.push(concatBytes(ack, `${GGA}\r\n`, ack), 0);
      framer.end();
      return seen;
    };
    expect(kinds(true)).toEqual([]);
    expect(kinds(false)).toEqual(["binary", "binary"]);
    expect(kinds(undefined)).toEqual(["binary", "binary"]);
  });

  it("does not hand over a packet cut off by the end of input", () => {
    const ack = ubxPacket(0x05, 0x01, [0x06, 0x04]);
    const packets: unknown[] = [];
    const framer = createFramer({ onFrame: () => undefined, onDiagnostic: () => undefined, onBinary: (p) => void packets.push(p) });
    framer.push(ack.subarray(0, ack.length - 2), 0);
    framer.end();
    expect(packets).toEqual([]);
  });
});

describe("framer: a Unicore receiver's command responses", () => {
  it("take the `$` into their checksum: framed when it holds so, a checksum error when it does not", () => {
    const run = runFramer([readFileSync(fixture("unicore-command-response.nmea"))]);
    expect(run.frames.map((f) => f.text.slice(0, 14))).toEqual([
      "$GNGGA,081736.",
      "$GNRMC,081736.",
      "$command,confi",
      "$command,gpgsv",
      "$GNGGA,081737.",
      "$GNRMC,081737.",
    ]);
    expect(run.frames.every((f) => f.checksum === "ok")).toBe(true);
    expect(run.diagnostics.map((d) => `${d.kind} ${d.raw}`)).toEqual(["checksum $command,mode rover,response: OK*00"]);
  });

  it("no other sentence: a checksum off by the `$`'s 0x24 is still a checksum error", () => {
    const body = "GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,";
    const offBy = `$${body}*${(nmeaChecksum(body) ^ 0x24).toString(16).toUpperCase().padStart(2, "0")}`;
    expect(summarize(runFramer([`${offBy}\r\n`]).events)).toEqual(["D checksum"]);
  });
});

describe("framer: a receiver's NovAtel-style ASCII logs on `#` lines", () => {
  // fixtures/novatel-ascii-logs.nmea: two `# Name:`/`# Notes:` comment lines, #TIMEA and two #BESTPOSA whose CRC-32
  // holds, and a last #BESTPOSA whose CRC does not (a comment then), between GGA and RMC
  const log = readFileSync(fixture("novatel-ascii-logs.nmea"), "latin1");
  const lines = log.split("\r\n").filter((l) => l !== "");
  const comments = [lines[0]!, lines[1]!, lines.at(-3)!];

  it("are the receiver's bytes and skipped packets of NovAtel's, at any chunk split; comments and a failing CRC stay the log's", async () => {
    const pacer = createLogPacer({ start: readLogStart(latin1(log)), speed: Infinity, maxChunkBytes: 1 << 16, signal: new AbortController().signal });
    let replayed = 0;
    for await (const chunk of pacer.chunks(async function* () {
      yield latin1(log);
    }))
      replayed += chunk.length;
    const annotation = comments.reduce((n, l) => n + l.length + 2, 0);
    expect(replayed).toBe(log.length - annotation);
    for (let cut = 0; cut <= log.length; cut += 7) {
      const run = runFramer([log.slice(0, cut), log.slice(cut)]);
      expect(run.stats.annotationBytes).toBe(annotation);
      expect(run.frames).toHaveLength(6);
      expect(run.diagnostics.map((d) => [d.kind, d.value, d.message])).toEqual([
        ["binary", "NovAtel", "binary: NovAtel ASCII log TIMEA skipped (157 bytes)"],
        ["binary", "NovAtel", "binary: NovAtel ASCII log BESTPOSA skipped (215 bytes)"],
        ["binary", "NovAtel", "binary: NovAtel ASCII log BESTPOSA skipped (215 bytes)"],
      ]);
    }
  });

  it("name Unicore by its logs or its header's CPU idle where NovAtel has its port; a last line without its line end counts", () => {
    const crc = (text: string): string => {
      let c = 0;
      for (let k = 0; k < text.length; k++) {
        let t = (c ^ text.charCodeAt(k)) & 0xff;
        for (let bit = 0; bit < 8; bit++) t = t & 1 ? (t >>> 1) ^ 0xedb88320 : t >>> 1;
        c = (c >>> 8) ^ t;
      }
      return (c >>> 0).toString(16).padStart(8, "0");
    };
    const body = "BESTNAVA,97,GPS,FINE,2294,472312000,0,0,18,16;SOL_COMPUTED,SINGLE,40.07895,116.23651,65.83,-8.49,WGS84";
    const run = runFramer([`${GGA}\r\n#${body}*${crc(body)}`]);
    expect(run.diagnostics.map((d) => d.value)).toEqual(["Unicore"]);
    expect(run.stats.annotationBytes).toBe(0);
  });
});
