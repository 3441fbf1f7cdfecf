// An assisted cold start on the simulator against an unaided one, through the positioner and the u-blox
// driver. What the model implies (src/sim/receiver/receiver.ts):
//  - unaided cold: a blind search (>= 2 s), bit sync (>= 0.5 s), then the ephemeris read whole before a
//    satellite is usable: GPS-like subframes 1-3 (3 x 6 s) or GLONASS strings 1-5 (5 x 2 s), a part counting
//    when read from its first bit (up to one 1 s epoch of slack): no first fix before 2 + 0.5 + 10 - 1 = 11.5 s;
//  - with time, a position within 30 km and ephemeris injected, satellites are usable as soon as they are
//    locked: after the last aiding message only the aided search (0.8-3.3 s) is left, plus epoch granularity.
// So assisted TTFF <= aiding time + 3.3 s + 2 epochs < 11.5 s <= unaided TTFF, and both equal what the model drew.

import { describe, expect, it } from "vitest";
import { createPositioner, createReceiverMethods, type Location, type PositionerEvent } from "../../src/methods/index.js";
import { ubxFrame } from "../../src/methods/drivers/index.js";
import { createSimSource, type SimSource } from "../../src/sim/index.js";
import { loadBundledAlmanacRecords, loadBundledSky } from "../../src/node/almanacs.js";
import { encodeGpsEphemeris } from "../../src/orbits/assist-data.js";
import { gpsSecondsFromUtcMs } from "../../src/orbits/orbit.js";
import type { Epoch } from "../../src/types.js";

const sky = loadBundledSky();
const EPOCH_MS = 1000;
const UNAIDED_COLD_MIN_TTFF_MS = 2000 + 500 + Math.min(3 * 6000, 5 * 2000) - EPOCH_MS;
const AIDED_SEARCH_MAX_MS = 800 + 2500;

const almanac = loadBundledAlmanacRecords();

/** UBX-MGA-GPS-EPH (13 00, 68-byte payload, 76 bytes framed) of a satellite, toe on the hour of `timeMs`: the chip uses an ephemeris within ±2 h of its toe only. */
function mgaGpsEph(svid: number, timeMs: number): Uint8Array {
  const record = almanac.find((r) => r.constellation === "gps" && r.svid === svid)!;
  return ubxFrame(0x13, 0x00, encodeGpsEphemeris(record, svid, Math.floor(gpsSecondsFromUtcMs(timeMs, 18) / 3600) * 3600));
}

interface Run {
  source: SimSource;
  events: PositionerEvent[];
  ttflMs: number;
  firstFixEpoch: Epoch | undefined;
}

async function run(seed: number, assisted: boolean): Promise<Run> {
  const source = createSimSource(`sim:?start=cold&chip=ublox&seed=${seed}&speed=max&duration=240&at=2026-11-26T12:00:00Z`);
  const orbitSvids: number[] = [];
  const methods = createReceiverMethods({
    source: () => source,
    aiding: {
      dialect: "ublox",
      sky,
      orbitData: ({ expected, timeMs }) => {
        const gps = expected.filter((s) => s.constellation === "gps" && s.healthy).map((s) => s.svid);
        orbitSvids.push(...gps);
        const frames = gps.map((svid) => mgaGpsEph(svid, timeMs));
        const out = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
        let offset = 0;
        for (const f of frames) {
          out.set(f, offset);
          offset += f.length;
        }
        return out;
      },
    },
  });
  // An approximate position 2 km from the antenna, as a persisted last fix would give.
  const lastKnown: Omit<Location, "ageMs"> = {
    method: "integrated",
    latitudeDeg: 48.8584 + 0.018,
    longitudeDeg: 2.2945,
    accuracyM: 50,
    timeMs: source.options.startTimeMs - 86_400_000,
    valid: true,
  };
  const positioner = createPositioner({ methods: [assisted ? methods.assisted : methods.unaided], clock: () => source.clock!(), lastKnown, tickIntervalMs: 0 });
  const events: PositionerEvent[] = [];
  let firstFixEpoch: Epoch | undefined;
  const done = new Promise<number>((resolve, reject) => {
    positioner.on("first-location", (e) => (e.ttflMs === undefined ? reject(new Error("TTFL not measured")) : resolve(e.ttflMs)));
    positioner.on("method-state", (e) => {
      if (e.state === "unavailable" && /closed/.test(e.why)) reject(new Error(`no fix: ${e.why}`));
    });
  });
  for (const type of ["location", "method-changed", "method-state", "first-location", "cost", "expected-satellites", "aiding", "note"] as const)
    positioner.on(type, (e) => events.push(e));
  positioner.start();
  methods.gps!.on("epoch", ({ epoch }) => {
    if (firstFixEpoch === undefined && epoch.fixState.kind === "fixed") firstFixEpoch = epoch;
  });
  const ttflMs = await done;
  await positioner.stop();
  expect(orbitSvids.length > 0).toBe(assisted);
  return { source, events, ttflMs, firstFixEpoch };
}

describe("assisted cold start on sim: (u-blox: MGA-INI time and position, MGA-GPS-EPH orbits)", () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}: the assisted first fix comes before an unaided one can, each as the model drew it`, async () => {
      const unaided = await run(seed, false);
      const aided = await run(seed, true);

      // Each measured TTFF is the model's own.
      expect(unaided.ttflMs).toBe(unaided.source.truth.ttffMs);
      expect(aided.ttflMs).toBe(aided.source.truth.ttffMs);
      expect(aided.source.truth.startType).toBe("assisted");
      expect(unaided.source.truth.startType).toBe("cold");

      expect(unaided.ttflMs).toBeGreaterThanOrEqual(UNAIDED_COLD_MIN_TTFF_MS);
      const lastAidingMs = Math.max(...aided.events.filter((e) => e.type === "aiding").map((e) => e.atMs)) - aided.source.options.startTimeMs;
      expect(aided.ttflMs).toBeLessThanOrEqual(lastAidingMs + AIDED_SEARCH_MAX_MS + 2 * EPOCH_MS);
      expect(lastAidingMs + AIDED_SEARCH_MAX_MS + 2 * EPOCH_MS).toBeLessThan(UNAIDED_COLD_MIN_TTFF_MS);

      // The aiding, as sent: acks on, time and position acknowledged, orbit data written; its bytes counted.
      const aiding = aided.events.filter((e): e is Extract<PositionerEvent, { type: "aiding" }> => e.type === "aiding").flatMap((e) => e.steps);
      expect(aiding.map((s) => [s.description.split(" ").slice(0, 2).join(" "), s.outcome])).toEqual([
        ["UBX CFG-NAVX5", "acked"],
        ["UBX MGA-INI-TIME_UTC", "acked"],
        ["UBX MGA-INI-POS_LLH", "acked"],
        ["orbit data:", "sent"],
      ]);
      expect(aiding.slice(0, 3).map((s) => s.bytes)).toEqual([48, 32, 28]);
      const expected = aided.events.find((e): e is Extract<PositionerEvent, { type: "expected-satellites" }> => e.type === "expected-satellites")!;
      const orbitBytes = 76 * expected.satellites.filter((s) => s.constellation === "gps" && s.healthy).length;
      expect(aiding[3]!.bytes).toBe(orbitBytes);
      const costs = aided.events.filter((e): e is Extract<PositionerEvent, { type: "cost" }> => e.type === "cost");
      expect(costs.at(-1)!.totalSent).toBe(48 + 32 + 28 + orbitBytes);
      expect(aided.source.bytesWritten).toBe(48 + 32 + 28 + orbitBytes);
      expect(unaided.events.some((e) => e.type === "cost")).toBe(false);

      // Expected satellites come before the fix, and the fix uses satellites among them.
      const order = aided.events.map((e) => e.type);
      expect(order.indexOf("expected-satellites")).toBeLessThan(order.indexOf("first-location"));
      const expectedKeys = new Set(expected.satellites.map((s) => `${s.constellation}:${s.svid}`));
      const used = aided.firstFixEpoch!.satellites.satellites.filter((s) => s.usedInFix);
      expect(used.length).toBeGreaterThanOrEqual(3);
      for (const s of used) expect(expectedKeys.has(s.key)).toBe(true);
    });
  }
});
