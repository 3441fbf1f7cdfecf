// NTRIP without I/O (src/corrections/ntrip.ts) and the correction feed (feed.ts): URLs, requests, answers, chunked
// bodies split anywhere, sourcetables, nearest first; what the feed forwards, drops and counts.

import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  answerHeadLength,
  createChunkedDecoder,
  nearestStreams,
  ntripRequest,
  isAnswerStatusLine,
  parseAnswerHead,
  parseNtripUrl,
  parseSourcetable,
  refusalText,
} from "../../src/corrections/ntrip.js";
import { createCorrectionFeed } from "../../src/corrections/feed.js";
import { BitWriter, rtcm3Frame } from "../../src/framing/rtcm3.js";

const bytes = (s: string): Uint8Array => new Uint8Array(Buffer.from(s, "latin1"));

describe("ntrip:// URLs", () => {
  const rows: [string, ReturnType<typeof parseNtripUrl> | string][] = [
    ["ntrip://caster.example/MOUNT", { host: "caster.example", port: 2101, mountpoint: "MOUNT" }],
    ["ntrip://u:p@127.0.0.1:2102/SIM", { host: "127.0.0.1", port: 2102, mountpoint: "SIM", username: "u", password: "p" }],
    ["ntrip://user%40mail.example:pa%3Ass@[::1]:2101/M1", { host: "::1", port: 2101, mountpoint: "M1", username: "user@mail.example", password: "pa:ss" }],
    ["ntrip://caster.example/", "no mountpoint"],
    ["ntrip://caster.example:99999/M", "ntrip://caster.example:99999/M: expected ntrip://"],
    ["tcp://caster.example/M", "expected ntrip://"],
    ["ntrip://caster.example/A/B", "a mountpoint is one word"],
    // a % that is no escape stays as typed, as in mqtt:// (decodeURIComponent's "URI malformed" was the whole message, exit 1)
    ["ntrip://u:50%@caster.example/M%zz", { host: "caster.example", port: 2101, mountpoint: "M%zz", username: "u", password: "50%" }],
  ];
  for (const [text, want] of rows) {
    it(text, () => {
      if (typeof want === "string") expect(() => parseNtripUrl(text)).toThrow(want);
      else expect(parseNtripUrl(text)).toEqual(want);
    });
  }
});

describe("the request", () => {
  const spec = parseNtripUrl("ntrip://u:p@caster.example/MOUNT");
  it("v2: HTTP/1.1 with Host, Ntrip-Version, Basic auth and the GGA header", () => {
    expect(ntripRequest(spec, { userAgent: "gnsskit/1", gga: "$GPGGA,1*00" })).toBe(
      "GET /MOUNT HTTP/1.1\r\nHost: caster.example:2101\r\nNtrip-Version: Ntrip/2.0\r\nUser-Agent: NTRIP gnsskit/1\r\nAuthorization: Basic dTpw\r\nNtrip-GGA: $GPGGA,1*00\r\nConnection: close\r\n\r\n",
    );
  });
  it("v1: the 2004 request", () => {
    expect(ntripRequest(spec, { version: 1, userAgent: "gnsskit/1" })).toBe(
      "GET /MOUNT HTTP/1.0\r\nUser-Agent: NTRIP gnsskit/1\r\nAuthorization: Basic dTpw\r\n\r\n",
    );
  });
});

describe("the caster's answer", () => {
  const rows: [string, string, ReturnType<typeof parseAnswerHead>][] = [
    ["v1 stream", "ICY 200 OK\r\n", { kind: "stream", version: 1, chunked: false }],
    ["v2 chunked stream", "HTTP/1.1 200 OK\r\nNtrip-Version: Ntrip/2.0\r\nTransfer-Encoding: chunked\r\n\r\n", { kind: "stream", version: 2, chunked: true }],
    ["v1 sourcetable", "SOURCETABLE 200 OK\r\nContent-Length: 26\r\n\r\n", { kind: "sourcetable", contentLength: 26, chunked: false }],
    ["v2 sourcetable", "HTTP/1.1 200 OK\r\nContent-Type: gnss/sourcetable\r\n\r\n", { kind: "sourcetable", chunked: false }],
    ["401", "HTTP/1.0 401 Unauthorized\r\n", { kind: "refused", status: 401, reason: "Unauthorized" }],
    ["no caster", "SSH-2.0-OpenSSH\r\n", { kind: "refused", status: 0, reason: "SSH-2.0-OpenSSH" }],
    // NTRIP v1 casters' own refusals (audit E, L2: read as "not an NTRIP caster")
    ["v1 bad password", "ERROR - Bad Password\r\n", { kind: "refused", status: 401, reason: "ERROR - Bad Password" }],
    ["v1 bad mountpoint", "ERROR - Bad Mountpoint\r\n", { kind: "refused", status: 404, reason: "ERROR - Bad Mountpoint" }],
    ["v1 other refusal", "ERROR - Too many connections\r\n", { kind: "refused", status: 0, reason: "ERROR - Too many connections" }],
  ];
  for (const [name, head, want] of rows) it(name, () => expect(parseAnswerHead(head)).toEqual(want));

  it("finds where the body starts: ICY alone (str2str) or after the blank line", () => {
    expect(answerHeadLength(bytes("ICY 200 OK\r\n\xd3\x00"))).toBe(12);
    expect(answerHeadLength(bytes("ICY 200 OK\r\n\r\n\xd3"))).toBe(14);
    expect(answerHeadLength(bytes("HTTP/1.1 200 OK\r\nA: b\r\n"))).toBeUndefined();
    expect(answerHeadLength(bytes("HTTP/1.1 200 OK\r\nA: b\r\n\r\nxyz"))).toBe(25);
  });

  it("words a v1 caster's own refusal in its words", () => {
    const spec = parseNtripUrl("ntrip://bob:hunter2@c/M");
    expect(refusalText({ kind: "refused", status: 401, reason: "ERROR - Bad Password" }, spec)).toBe(
      'the caster refused user bob ("ERROR - Bad Password": wrong user or password?)',
    );
    expect(refusalText({ kind: "refused", status: 0, reason: "ERROR - Too many connections" }, spec)).toBe(
      'the caster refused: "ERROR - Too many connections"',
    );
    expect(isAnswerStatusLine("ERROR - Bad Password")).toBe(true);
  });

  it("words refusals, never with the password", () => {
    const spec = parseNtripUrl("ntrip://bob:hunter2@c/M");
    const text = refusalText({ kind: "refused", status: 401, reason: "" }, spec);
    expect(text).toBe("the caster refused user bob (401 Unauthorized: wrong user or password?)");
    expect(text).not.toContain("hunter2");
  });
});

describe("chunked bodies", () => {
  const payload = new Uint8Array(Array.from({ length: 700 }, (_, i) => (i * 7) & 0xff));
  const encode = (sizes: number[]): Uint8Array => {
    const parts: Buffer[] = [];
    let at = 0;
    for (const size of sizes) {
      const piece = payload.subarray(at, at + size);
      at += piece.length;
      if (piece.length === 0) break;
      parts.push(Buffer.from(`${piece.length.toString(16)};ext=1\r\n`), Buffer.from(piece), Buffer.from("\r\n"));
    }
    if (at < payload.length) parts.push(Buffer.from(`${(payload.length - at).toString(16)}\r\n`), Buffer.from(payload.subarray(at)), Buffer.from("\r\n"));
    parts.push(Buffer.from("0\r\nX-Trailer: 1\r\n\r\n"));
    return new Uint8Array(Buffer.concat(parts));
  };

  it("any chunking of the body, any split of the bytes: the same data, then the end", () => {
    fc.assert(
      fc.property(
        fc.array(fc.integer({ min: 1, max: 300 }), { maxLength: 6 }),
        fc.array(fc.integer({ min: 1, max: 2000 }), { maxLength: 8 }),
        (sizes, cuts) => {
          const wire = encode(sizes);
          const out: number[] = [];
          const errors: string[] = [];
          const decoder = createChunkedDecoder(
            (b) => out.push(...b),
            (m) => errors.push(m),
          );
          const points = [...new Set(cuts.map((c) => c % wire.length))].sort((a, b) => a - b);
          let from = 0;
          for (const to of [...points, wire.length]) {
            decoder.push(wire.subarray(from, to));
            from = to;
          }
          expect(errors).toEqual([]);
          expect(new Uint8Array(out)).toEqual(payload);
          expect(decoder.ended).toBe(true);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("a size line that is no hex number is an error, once, not data", () => {
    const errors: string[] = [];
    const out: number[] = [];
    const decoder = createChunkedDecoder(
      (b) => out.push(...b),
      (m) => errors.push(m),
    );
    decoder.push(bytes("zz\r\nabc\r\n5\r\nhello\r\n"));
    expect(errors).toEqual(['bad chunk size "zz"']);
    expect(out).toEqual([]);
  });
});

describe("sourcetables", () => {
  const text = [
    "CAS;caster.example;2101;Example;Org;0;DEU;50.0;8.0;0.0.0.0;0;http://example/",
    "NET;EX;Org;B;N;http://example;none;x;none",
    "STR;PARIS;Paris;RTCM 3.2;1005(10),1077(1);2;GPS+GLO;EX;FRA;48.85;2.35;0;0;sNTRIP;none;B;N;4800;",
    "STR;VRS;VRS;RTCM 3.3;1004(1);2;GPS;EX;FRA;46.00;2.00;1;1;x;none;B;Y;9600;note;with;semicolons",
    "STR;BERLIN;Berlin;RTCM 3.2;;2;GPS;EX;DEU;52.52;13.40;0;0;x;none;N;N;0;",
    "STR;NOPOS;x;RTCM 3;;0;;;;0.00;0.00;0;0;x;none;N;N;0;",
    "garbage line",
    "ENDSOURCETABLE",
  ].join("\r\n");

  it("reads STR, CAS and NET records; 0;0 is no position", () => {
    const table = parseSourcetable(text);
    expect(table.streams.map((s) => s.mountpoint)).toEqual(["PARIS", "VRS", "BERLIN", "NOPOS"]);
    expect(table.streams[1]).toMatchObject({ nmeaRequired: true, solution: 1, fee: true, bitrateBps: 9600, misc: "note;with;semicolons" });
    expect(table.streams[3]!.latitudeDeg).toBeUndefined();
    expect(table.casters).toHaveLength(1);
    expect(table.networks).toHaveLength(1);
    expect(table.unknownLines).toBe(1);
  });

  it("nearest first from a position; those without a position last", () => {
    const ranked = nearestStreams(parseSourcetable(text).streams, { latitudeDeg: 48.8584, longitudeDeg: 2.2945 });
    expect(ranked.map((r) => r.stream.mountpoint)).toEqual(["PARIS", "VRS", "BERLIN", "NOPOS"]);
    expect(ranked[0]!.distanceM).toBeGreaterThan(3000);
    expect(ranked[0]!.distanceM).toBeLessThan(6000);
    expect(ranked[3]!.distanceM).toBeUndefined();
    const fromBerlin = nearestStreams(parseSourcetable(text).streams, { latitudeDeg: 52.5, longitudeDeg: 13.4 });
    expect(fromBerlin[0]!.stream.mountpoint).toBe("BERLIN");
  });
});

describe("the correction feed", () => {
  const frame = (type: number, n: number): Uint8Array => {
    const w = new BitWriter().unsigned(type, 12).unsigned(0, 4);
    for (let i = 0; i < n; i++) w.unsigned(i & 0xff, 8);
    return rtcm3Frame(w.toBytes());
  };

  it("forwards checked frames only, counts per type, corrupt and dropped bytes, bytes a minute and age", () => {
    const forwarded: number[] = [];
    const feed = createCorrectionFeed((_f, type) => forwarded.push(type));
    const bad = frame(1077, 100);
    bad[50] = bad[50]! ^ 1;
    // one second apart: 1005 + noise, then a corrupt 1077, then a good one
    feed.push(new Uint8Array([...frame(1005, 17), ...bytes("$GPGGA*00\r\n")]), 10_000);
    feed.push(bad, 11_000);
    feed.push(frame(1077, 100), 12_000);
    expect(forwarded).toEqual([1005, 1077]);
    const stats = feed.stats(12_500);
    expect(stats).toMatchObject({
      framesForwarded: 2,
      corruptFrames: 1,
      skippedBytes: 11,
      framesByType: { 1005: 1, 1077: 1 },
      firstFrameAtMs: 10_000,
      lastFrameAtMs: 12_000,
    });
    expect(stats.bytesReceived).toBe(25 + 11 + 2 * 108);
    // 252 bytes over the 2.5 s since the first byte
    expect(stats.bytesPerMinute).toBeCloseTo((252 * 60) / 2.5, 5);
    // a minute later only what came in the last minute counts
    feed.push(frame(1230, 4), 70_000);
    expect(feed.stats(71_000).bytesPerMinute).toBe(108 + 12);
  });
});
