// The publisher's disk spool (src/node/mqtt/spool.ts): in order, acknowledged messages leave the disk, a
// restart resumes what the broker never acknowledged, a full spool drops its oldest messages first, and a
// segment on disk is a log gnsskit decodes.
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { decodeNmeaMessage, encodeNmeaMessage } from "../../src/fleet/wire.js";
import { openSpool, type Spool } from "../../src/node/mqtt/spool.js";
import { createFileSource } from "../../src/node/sources/file.js";
import { openGps } from "../../src/gps.js";

const dirOf = (): string => join(mkdtempSync(join(tmpdir(), "gnsskit-spool-")), "device");
const cycle = (k: number): Uint8Array => {
  const hhmmss = `1200${String(k).padStart(2, "0")}`;
  const gga = `GPGGA,${hhmmss}.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`;
  const sum = [...gga]
    .reduce((x, c) => x ^ c.charCodeAt(0), 0)
    .toString(16)
    .toUpperCase()
    .padStart(2, "0");
  return new TextEncoder().encode(`@2026-11-26T12:00:${String(k).padStart(2, "0")}.000Z $${gga}*${sum}\r\n`);
};
function append(spool: Spool, k: number): void {
  const seq = spool.nextSeq;
  spool.append(seq, encodeNmeaMessage({ seq, run: spool.run, queuedAtMs: 0, body: cycle(k) }));
}
const seqOf = (payload: Uint8Array): number => {
  const decoded = decodeNmeaMessage(payload);
  if ("error" in decoded) throw new Error(decoded.error);
  return decoded.message.seq;
};

describe("spool", () => {
  it("sends in order; what the broker took leaves the disk", () => {
    const dir = dirOf();
    const spool = openSpool({ dir, maxBytes: 1_000_000, segmentBytes: 400 });
    for (let k = 0; k < 10; k++) append(spool, k);
    const taken = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(() => spool.take()!);
    expect(taken.map((m) => m.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(taken.map((m) => seqOf(m.payload))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    expect(spool.take()).toBeUndefined();
    const segmentsBefore = readdirSync(dir).filter((n) => n.endsWith(".nmea")).length;
    expect(segmentsBefore).toBeGreaterThan(2);
    for (let seq = 1; seq <= 10; seq++) spool.acknowledge(seq);
    spool.close();
    expect(readdirSync(dir).filter((n) => n.endsWith(".nmea"))).toEqual([]);
    expect(readFileSync(join(dir, "acked"), "utf8")).toBe(`${spool.run} 10\n`);
    expect(existsSync(join(dir, "lock"))).toBe(false);
  });

  it("a restart resumes what was never acknowledged, with the same run and the numbering going on", () => {
    const dir = dirOf();
    const first = openSpool({ dir, maxBytes: 1_000_000, segmentBytes: 300 });
    for (let k = 0; k < 10; k++) append(first, k);
    for (let k = 0; k < 5; k++) first.take();
    for (const seq of [1, 2, 3]) first.acknowledge(seq);
    first.close(); // 4 and 5 in flight, 6..10 waiting
    const second = openSpool({ dir, maxBytes: 1_000_000, segmentBytes: 300 });
    expect(second.run).toBe(first.run);
    expect(second.resumed).toBe(7);
    expect(second.nextSeq).toBe(11);
    const resent: number[] = [];
    for (let m = second.take(); m !== undefined; m = second.take()) resent.push(m.seq);
    expect(resent).toEqual([4, 5, 6, 7, 8, 9, 10]);
    second.close();
  });

  it("after a crash (no close): resumes from the last acknowledged position written, a cut message ends the segment", () => {
    const dir = dirOf();
    const crashed = openSpool({ dir, maxBytes: 1_000_000 });
    for (let k = 0; k < 4; k++) append(crashed, k);
    // the process dies while writing message 5: half of it on disk, the lock left behind
    const segment = join(dir, readdirSync(dir).find((n) => n.endsWith(".nmea"))!);
    const fifth = encodeNmeaMessage({ seq: 5, run: crashed.run, queuedAtMs: 0, body: cycle(4) });
    writeFileSync(segment, fifth.subarray(0, 30), { flag: "a" });
    const resumed = openSpool({ dir, maxBytes: 1_000_000 });
    expect(resumed.resumed).toBe(4);
    expect(resumed.nextSeq).toBe(5);
    resumed.close();
  });

  it("full: the oldest segments go first, and the count says how many", () => {
    const dir = dirOf();
    const spool = openSpool({ dir, maxBytes: 1000, segmentBytes: 250 });
    for (let k = 0; k < 30; k++) append(spool, k);
    expect(spool.bytes).toBeLessThanOrEqual(1000 + 250);
    expect(spool.dropped).toBeGreaterThan(0);
    const left: number[] = [];
    for (let m = spool.take(); m !== undefined; m = spool.take()) left.push(m.seq);
    expect(left.at(-1)).toBe(30); // the newest kept
    expect(left[0]).toBe(30 - left.length + 1); // contiguous after the dropped ones
    expect(spool.dropped + left.length).toBe(30);
    spool.close();
  });

  it("a second gnsskit on the same device's spool is refused while the first runs", () => {
    const dir = dirOf();
    const spool = openSpool({ dir, maxBytes: 1_000_000 });
    writeFileSync(join(dir, "lock"), `${process.ppid}\n`); // a live process that is not us
    expect(() => openSpool({ dir, maxBytes: 1_000_000 })).toThrow(/in use by another gnsskit \(pid \d+\)/);
    spool.close();
  });

  it("a segment is a stamped log: the pipeline reads its cycles through the header lines", async () => {
    const dir = dirOf();
    const spool = openSpool({ dir, maxBytes: 1_000_000 });
    for (let k = 0; k < 5; k++) append(spool, k);
    const segment = join(dir, readdirSync(dir).find((n) => n.endsWith(".nmea"))!);
    const epochs = [];
    const gps = openGps({ source: createFileSource(segment) });
    for await (const epoch of gps.epochs()) epochs.push(epoch);
    expect(epochs.map((e) => e.receivedAtMs - Date.UTC(2026, 10, 26, 12))).toEqual([0, 1000, 2000, 3000, 4000]);
    expect(gps.stats.diagnostics).toEqual({});
    spool.close();
  });
});
