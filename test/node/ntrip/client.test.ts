// The NTRIP client against real casters: RTKLIB's str2str (NTRIP v1) relaying the real RTCM 3 of the u-blox corpus
// (and its corrupted copy), and an NTRIP v2 caster of the test's own (HTTP/1.1 chunked). One line for each way it
// goes wrong: 401, 404, a sourcetable instead of the stream, not a caster, no answer, silence (retried).
// Corpus parts gated: GNSSKIT_UBX_CORPUS (../shared/corpus/ubx, set by .ci/run); str2str parts: Debian rtklib.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { createCorrectionFeed, type CorrectionStats } from "../../../src/corrections/feed.js";
import { createRtcm3Framer, rtcm3Frame, BitWriter } from "../../../src/framing/rtcm3.js";
import { createNtripSource, fetchSourcetable, type NtripSource } from "../../../src/node/ntrip/client.js";
import type { LinkEvent } from "../../../src/types.js";
import { hasStr2str, startStr2str, startV2Caster, type Str2strCaster, type V2Caster } from "./_casters.js";

const corpus = process.env["GNSSKIT_UBX_CORPUS"];
const mixed = corpus === undefined ? undefined : join(corpus, "pygpsdata-MIXED-RTCM3.log");
const withCorpus = corpus !== undefined && mixed !== undefined && existsSync(mixed);
if (!withCorpus) console.log("NTRIP corpus tests skipped: set GNSSKIT_UBX_CORPUS (../shared/corpus/ubx)");
if (!hasStr2str) console.log("NTRIP str2str tests skipped: str2str is not installed (Debian package rtklib)");

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

/** Reads the caster through a feed until `done(stats)` holds (checked after each chunk). */
async function readUntil(source: NtripSource, done: (stats: CorrectionStats) => boolean, forwarded: number[] = []): Promise<CorrectionStats> {
  const feed = createCorrectionFeed((_frame, type) => forwarded.push(type));
  await source.open();
  for await (const chunk of source) {
    feed.push(chunk, Date.now());
    if (done(feed.stats(Date.now()))) break;
  }
  return feed.stats(Date.now());
}

/** Message numbers of the frames in a file, by the framer's own reading (what a caster relaying it must deliver). */
function typesIn(path: string): number[] {
  const types: number[] = [];
  const framer = createRtcm3Framer({ frame: (_f, type) => types.push(type) });
  framer.push(new Uint8Array(readFileSync(path)));
  framer.end();
  return types;
}

const frame = (type: number, bytes: number): Uint8Array => {
  const w = new BitWriter().unsigned(type, 12).unsigned(0, 4);
  for (let i = 0; i < bytes; i++) w.unsigned((i * 29 + type) & 0xff, 8);
  return rtcm3Frame(w.toBytes());
};

async function str2str(options: Parameters<typeof startStr2str>[0]): Promise<Str2strCaster> {
  const caster = await startStr2str(options);
  cleanups.push(() => caster.stop());
  return caster;
}
async function v2(options: Parameters<typeof startV2Caster>[0]): Promise<V2Caster> {
  const caster = await startV2Caster(options);
  cleanups.push(() => caster.close());
  return caster;
}
function client(url: string, options: Parameters<typeof createNtripSource>[1] = {}): NtripSource {
  const source = createNtripSource(url, { reconnect: false, ...options });
  cleanups.push(() => source.close());
  return source;
}

describe.skipIf(!hasStr2str)("str2str, an NTRIP v1 caster", () => {
  it.skipIf(!withCorpus)("relays the corpus's real RTCM 3: every frame forwarded, the NMEA and UBX around them dropped", async () => {
    const caster = await str2str({ mount: "SIM", user: "u", password: "p" });
    const source = client(`ntrip://u:p@127.0.0.1:${caster.port}/SIM`);
    const expected = typesIn(mixed!);
    const bytes = new Uint8Array(readFileSync(mixed!));
    const forwarded: number[] = [];
    const reading = readUntil(source, (s) => s.framesForwarded >= 3 * expected.length, forwarded);
    // str2str relays what arrives after the client connected: feed until three copies went through
    const feeding = (async () => {
      while (forwarded.length < 3 * expected.length && source.bytesReceived >= 0) {
        await caster.feed(bytes);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const stats = await reading;
    await feeding;
    // whole copies, in the file's order (str2str may start mid-copy: align on the first 1005)
    const start = forwarded.indexOf(1005);
    expect(forwarded.slice(start, start + 2 * expected.length)).toEqual([...expected, ...expected]);
    expect(stats.corruptFrames).toBe(0);
    expect(stats.skippedBytes).toBeGreaterThan(0);
    expect(stats.framesByType[1077]).toBeGreaterThanOrEqual(3);
  });

  it.skipIf(!withCorpus)("the copy with a corrupted CRC: the 1005 is counted corrupt and never forwarded", async () => {
    const caster = await str2str({ mount: "SIM", user: "u", password: "p" });
    const source = client(`ntrip://u:p@127.0.0.1:${caster.port}/SIM`);
    const bytes = new Uint8Array(readFileSync(join(corpus!, "pygpsdata-MIXED-RTCM3BADCRC.log")));
    const forwarded: number[] = [];
    const reading = readUntil(source, (s) => s.corruptFrames >= 2 && s.framesByType[1230] !== undefined && s.framesByType[1230] >= 2, forwarded);
    let done = false;
    const feeding = (async () => {
      while (!done) {
        await caster.feed(bytes);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const stats = await reading;
    done = true;
    await feeding;
    expect(stats.corruptFrames).toBeGreaterThanOrEqual(2);
    expect(forwarded).not.toContain(1005);
    expect(forwarded).toContain(1077);
  });

  it("a wrong password is one line: the caster refused the user", async () => {
    const caster = await str2str({ mount: "SIM", user: "u", password: "p" });
    const source = client(`ntrip://u:wrong@127.0.0.1:${caster.port}/SIM`);
    await expect(source.open()).rejects.toThrow(
      `ntrip://u@127.0.0.1:${caster.port}/SIM: the caster refused user u (401 Unauthorized: wrong user or password?)`,
    );
  });

  it("an unknown mountpoint gets str2str's sourcetable: said so, with the mountpoints it lists", async () => {
    const caster = await str2str({ mount: "SIM", user: "u", password: "p" });
    const source = client(`ntrip://u:p@127.0.0.1:${caster.port}/NOPE`);
    await expect(source.open()).rejects.toThrow(
      `ntrip://u@127.0.0.1:${caster.port}/NOPE: the caster sent its sourcetable instead of a stream: no mountpoint NOPE (it lists SIM)`,
    );
  });

  it("its sourcetable, with the STR record it was given", async () => {
    const caster = await str2str({
      mount: "SIM",
      user: "u",
      password: "p",
      sourcetableEntry: "SIM;RTCM 3.3;1005(10),1077(1);2;GPS+GLO;SNIP;FRA;48.85;2.29;0;0;str2str;none;B;N;9600;test",
    });
    const table = await fetchSourcetable(`ntrip://127.0.0.1:${caster.port}/`);
    expect(table.streams).toHaveLength(1);
    expect(table.streams[0]).toMatchObject({ mountpoint: "SIM", format: "RTCM 3.3", carrier: 2, latitudeDeg: 48.85, longitudeDeg: 2.29, authentication: "B" });
  });
});

describe("an NTRIP v2 caster (HTTP/1.1, chunked)", () => {
  it("decodes the chunked stream whatever the chunk sizes, with Basic auth, Ntrip-Version and the GGA sent", async () => {
    const caster = await v2({ mounts: [{ name: "RTCM3" }], user: "rover", password: "s3cr:t" });
    const gga = "$GPGGA,120000.00,4851.50,N,00217.67,E,1,12,0.8,35.0,M,45.0,M,,*4C";
    const source = client(`ntrip://rover:s3cr%3At@127.0.0.1:${caster.port}/RTCM3`, { gga: () => gga, ggaIntervalMs: 100 });
    const frames = [frame(1005, 17), frame(1077, 300), frame(1230, 3), frame(1087, 200)];
    const all = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const f of frames) {
      all.set(f, at);
      at += f.length;
    }
    const forwarded: number[] = [];
    const reading = readUntil(source, (s) => s.framesForwarded >= 12, forwarded);
    await caster.streamsOpened(1);
    caster.send(all, [1, 2, 30, 7, 255, 1]);
    caster.send(all, [600]);
    // the GGA again on the open stream (every ggaIntervalMs), then the last copy
    while ((caster.requests[0]?.lines.length ?? 0) < 2) await new Promise((resolve) => setTimeout(resolve, 20));
    caster.send(all, [3]);
    const stats = await reading;
    expect(forwarded).toEqual([1005, 1077, 1230, 1087, 1005, 1077, 1230, 1087, 1005, 1077, 1230, 1087]);
    expect(stats.skippedBytes).toBe(0);
    const request = caster.requests[0]!;
    expect(request.requestLine).toBe("GET /RTCM3 HTTP/1.1");
    expect(request.headers.get("ntrip-version")).toBe("Ntrip/2.0");
    expect(request.headers.get("authorization")).toBe(`Basic ${Buffer.from("rover:s3cr:t").toString("base64")}`);
    expect(request.headers.get("user-agent")).toMatch(/^NTRIP gnsskit\//);
    expect(request.headers.get("ntrip-gga")).toBe(gga);
    expect(request.lines.every((l) => l === gga)).toBe(true);
    expect(source.ggaSent).toBeGreaterThanOrEqual(3);
  });

  it("401 without credentials, 404 for an unknown mountpoint: one line each", async () => {
    const caster = await v2({ mounts: [{ name: "RTCM3" }], user: "rover", password: "x" });
    await expect(client(`ntrip://127.0.0.1:${caster.port}/RTCM3`).open()).rejects.toThrow(
      "the caster wants a user and password (401 Unauthorized): ntrip://USER:PASS@host/MOUNT",
    );
    await expect(client(`ntrip://rover:x@127.0.0.1:${caster.port}/MISSING`).open()).rejects.toThrow(
      "the caster has no mountpoint MISSING (404 Not Found; gnsskit ntrip sourcetable lists them)",
    );
  });

  it("a server that is no caster, and one that never answers", async () => {
    const ssh = await v2({ mounts: [], rawAnswer: "SSH-2.0-OpenSSH_9.6\r\n" });
    await expect(client(`ntrip://127.0.0.1:${ssh.port}/X`).open()).rejects.toThrow('not an NTRIP caster: it answered "SSH-2.0-OpenSSH_9.6"');
    const mute = await v2({ mounts: [], rawAnswer: "" });
    // the raw answer closes at once: without an answer
    await expect(client(`ntrip://127.0.0.1:${mute.port}/X`).open()).rejects.toThrow("the caster closed the connection without answering");
  });

  it("a caster that falls silent: the link is lost after the silence timeout and opened again", async () => {
    const caster = await v2({ mounts: [{ name: "M" }], streamMode: "silent" });
    const source = createNtripSource(`ntrip://127.0.0.1:${caster.port}/M`, { silenceTimeoutMs: 300, reconnect: { initialDelayMs: 50, maxDelayMs: 50 } });
    cleanups.push(() => source.close());
    const events: LinkEvent[] = [];
    source.onLink((event) => events.push(event));
    await source.open();
    const iterator = source[Symbol.asyncIterator]();
    void iterator.next().catch(() => undefined);
    await caster.streamsOpened(2);
    while (!events.some((e) => e.type === "reconnected")) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(events.map((e) => e.type).slice(0, 3)).toEqual(["connected", "disconnected", "connected"]);
    expect(events.find((e) => e.type === "disconnected")).toMatchObject({ reason: "no data from the caster for 0.3 s" });
  });

  it("its sourcetable, chunked or with a length, ranked nearest first", async () => {
    const mounts = [
      { name: "FAR", str: "Far;RTCM 3.2;1005(10);2;GPS;NET;DEU;52.52;13.40;0;0;x;none;B;N;5000;" },
      { name: "NEAR", str: "Near;RTCM 3.2;1005(10),1077(1);2;GPS+GAL;NET;FRA;48.80;2.30;1;0;x;none;B;N;5000;" },
      { name: "NOWHERE", str: "Nowhere;RTCM 3.2;;0;;;;0;0;0;0;x;none;N;N;0;" },
    ];
    for (const sourcetableChunked of [true, false]) {
      const caster = await v2({ mounts, sourcetableChunked });
      const table = await fetchSourcetable(`ntrip://127.0.0.1:${caster.port}`);
      expect(table.streams.map((s) => s.mountpoint)).toEqual(["FAR", "NEAR", "NOWHERE"]);
      expect(table.streams[1]).toMatchObject({ nmeaRequired: true, navSystem: "GPS+GAL", bitrateBps: 5000 });
      expect(table.streams[2]!.latitudeDeg).toBeUndefined();
    }
  });
});
