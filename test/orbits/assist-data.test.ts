// Orbit data files: u-blox AssistNow (the corpus's real MGA messages, and the simulator's own) and MediaTek EPO.
// The ephemeris the simulator writes is read back here with the field layout of u-blox's MGA-GPS-EPH (offsets and
// scales as the protocol specification gives them) and propagated: it must put the satellite where its almanac does.

import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadBundledAlmanacRecords } from "../../src/node/almanacs.js";
import { sharedPiece } from "../_shared.js";
import type { AlmanacRecord } from "../../src/orbits/almanac.js";
import { assistNowSpan, epoSetAt, parseAssistNow, parseEpo, writeAssistNowFile, writeEpoFile } from "../../src/orbits/assist-data.js";
import { gpsSecondsFromUtcMs, satelliteEcefM, SECONDS_PER_WEEK } from "../../src/orbits/orbit.js";

const corpus = sharedPiece("GNSSKIT_UBX_CORPUS", "AssistNow corpus test").path;

const AT_MS = Date.parse("2026-11-26T12:00:00Z");
const HOUR_MS = 3_600_000;
const records = loadBundledAlmanacRecords();
const healthyGps = records.filter((r) => r.constellation === "gps" && r.healthy);

/** MGA-GPS-EPH payload → the orbit elements it carries (u-blox M8 protocol layout). */
function readMgaGpsEph(payload: Uint8Array, week: number): AlmanacRecord {
  const v = new DataView(payload.buffer, payload.byteOffset, payload.byteLength);
  const semicircles = (offset: number, exp: number): number => (v.getInt32(offset, true) / 2 ** exp) * Math.PI;
  return {
    constellation: "gps",
    svid: payload[2]!,
    healthy: payload[6] === 0,
    healthCode: payload[6]!,
    week,
    toaS: v.getUint16(40, true) * 16,
    eccentricity: v.getUint32(32, true) / 2 ** 33,
    sqrtSemiMajorAxisSqrtM: v.getUint32(36, true) / 2 ** 19,
    meanAnomalyRad: semicircles(24, 31),
    rightAscensionAtWeekRad: semicircles(44, 31),
    inclinationRad: semicircles(52, 31),
    argumentOfPerigeeRad: semicircles(56, 31),
    rightAscensionRateRadPerS: semicircles(60, 43),
    af0S: 0,
    af1SPerS: 0,
  };
}

describe.skipIf(corpus === undefined)("AssistNow: the corpus's real file", () => {
  const read = () => parseAssistNow(new Uint8Array(readFileSync(join(corpus!, "assistnow.log"))));

  it("every frame an MGA message, checksums good, each classified", () => {
    const data = read();
    expect([data.badFrames, data.skippedBytes, data.otherFrames]).toEqual([0, 0, 0]);
    const count = (kind: string, constellation?: string): number => data.messages.filter((m) => m.kind === kind && m.constellation === constellation).length;
    expect([count("ini-time"), count("ini-position")]).toEqual([1, 1]);
    expect([count("ephemeris", "gps"), count("ephemeris", "galileo"), count("ephemeris", "beidou"), count("ephemeris", "glonass")]).toEqual([10, 10, 11, 10]);
    expect([count("almanac", "gps"), count("almanac", "galileo"), count("almanac", "beidou"), count("almanac", "glonass")]).toEqual([31, 22, 25, 22]);
  });

  it("a GPS ephemeris is good for ±2 h about its toe, placed in the receiver's week", () => {
    const data = read();
    for (const m of data.messages.filter((x) => x.kind === "ephemeris" && x.constellation === "gps")) {
      const toeS = new DataView(m.payload.buffer, m.payload.byteOffset).getUint16(40, true) * 16;
      const span = assistNowSpan(m.messageId, m.payload, AT_MS)!;
      expect(span.validUntilMs - span.validFromMs).toBe(4 * HOUR_MS);
      const middleGpsS = gpsSecondsFromUtcMs(span.validFromMs + 2 * HOUR_MS, 18);
      expect(middleGpsS % SECONDS_PER_WEEK).toBe(toeS);
      expect(Math.abs(middleGpsS - gpsSecondsFromUtcMs(AT_MS, 18))).toBeLessThanOrEqual(SECONDS_PER_WEEK / 2);
    }
  });
});

describe("AssistNow written by the simulator for its sky", () => {
  const file = writeAssistNowFile(records, AT_MS);
  const data = parseAssistNow(file);

  it("one MGA-GPS-EPH per healthy GPS satellite, MGA-QZSS-EPH for QZSS, all valid now", () => {
    const gps = data.messages.filter((m) => m.constellation === "gps");
    expect(gps.map((m) => m.svid).sort((a, b) => a! - b!)).toEqual(healthyGps.map((r) => r.svid).sort((a, b) => a - b));
    expect(data.messages.every((m) => m.kind === "ephemeris" && m.frame.length === 76)).toBe(true);
    for (const m of data.messages) {
      const span = assistNowSpan(m.messageId, m.payload, AT_MS)!;
      expect(AT_MS).toBeGreaterThanOrEqual(span.validFromMs);
      expect(AT_MS).toBeLessThan(span.validUntilMs);
    }
  });

  it("its ephemeris, read back by the specification's layout, puts each satellite within 10 m of its almanac position", () => {
    const nowGpsS = gpsSecondsFromUtcMs(AT_MS, 18);
    const week = Math.floor(nowGpsS / SECONDS_PER_WEEK);
    for (const m of data.messages.filter((x) => x.constellation === "gps")) {
      const almanac = healthyGps.find((r) => r.svid === m.svid)!;
      for (const offsetS of [0, 1800, 3600]) {
        const a = satelliteEcefM(almanac, nowGpsS + offsetS);
        const e = satelliteEcefM(readMgaGpsEph(m.payload, week), nowGpsS + offsetS);
        expect(Math.hypot(a[0] - e[0], a[1] - e[1], a[2] - e[2]), `G${m.svid} +${offsetS} s`).toBeLessThan(10);
      }
    }
  });
});

describe("MediaTek EPO", () => {
  it("three days of 6-hour sets: 12 sets of 32 72-byte records, from the set that holds the time", () => {
    const file = writeEpoFile(records, AT_MS, 3);
    expect(file.length).toBe(12 * 32 * 72);
    const epo = parseEpo(file);
    if (typeof epo === "string") throw new Error(epo);
    expect(epo.recordBytes).toBe(72);
    expect(epo.sets).toHaveLength(12);
    expect(epo.sets.map((s) => s.gpsHour - epo.sets[0]!.gpsHour)).toEqual(Array.from({ length: 12 }, (_, k) => 6 * k));
    const gpsHour = Math.floor(gpsSecondsFromUtcMs(AT_MS, 18) / 3600);
    expect(epo.sets[0]!.gpsHour % 6).toBe(0);
    expect(gpsHour - epo.sets[0]!.gpsHour).toBeLessThan(6);
    expect(epo.sets[0]!.records.filter((r) => r.svid !== 0).map((r) => r.svid)).toEqual(healthyGps.map((r) => r.svid).sort((a, b) => a - b));
    expect(epoSetAt(epo, AT_MS)).toBe(epo.sets[0]);
    expect(epoSetAt(epo, AT_MS + 2 * 24 * HOUR_MS)).toBe(epo.sets[8]);
    expect(epoSetAt(epo, AT_MS + 3 * 24 * HOUR_MS)).toBeUndefined();
    expect(epoSetAt(epo, AT_MS - 6 * HOUR_MS)).toBeUndefined();
  });

  it("what is not an EPO file is said so, never parsed into wrong records", () => {
    const file = writeEpoFile(records, AT_MS, 0.25);
    expect(parseEpo(file.subarray(0, file.length - 1))).toMatch(/no whole number of 2304-byte sets/);
    expect(parseEpo(new TextEncoder().encode("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n".repeat(40)))).toMatch(/not an EPO file/);
    const mixed = writeEpoFile(records, AT_MS, 0.5);
    mixed.set([0, 0, 0], 2304 + 5 * 72); // a record of the second set with another hour
    expect(parseEpo(mixed)).toMatch(/set 2 mixes GPS hours/);
  });
});
