// The simulated u-blox speaking UBX (sim:?chip=ublox&protocol=ubx) gives the epochs it gives in NMEA: same seed,
// same power-on time, the same solution written in two formats, through gnsskit's two decoders into one tracker.
// They must agree within each format's rounding on everything both formats carry: time, fix mode and quality,
// position, altitude, geoid separation, speed, track, DOPs, used count and the sky (satellites, elevation,
// azimuth, C/N0, used; the signals that have a C/N0). Not compared, by design: the 95 % error figures (UBX
// carries the receiver's own hAcc/vAcc, this NMEA has no GST: gnsskit estimates from DOP), the climb (NAV-PVT
// states velD; from NMEA it is derived from the altitude) and the sentence ids. `protocol=both` gives one
// epoch per solution, equal to the UBX ones.
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { createSimSource } from "../../src/sim/source.js";
import type { Epoch, Satellite } from "../../src/types.js";

const AT = "at=2025-03-01T12:00:00Z";

async function epochsOf(spec: string): Promise<Epoch[]> {
  const gps = openGps({ source: createSimSource(spec) });
  const epochs: Epoch[] = [];
  for await (const epoch of gps.epochs()) epochs.push(epoch);
  return epochs;
}

/** What both formats carry, rounded to the coarser format's resolution. */
function comparable(e: Epoch): Record<string, unknown> {
  const round = (v: number | undefined, step: number): number | undefined => (v === undefined ? undefined : Math.round(v / step));
  const sky = (s: Satellite): string => {
    const signals = s.signals.filter((g) => g.cn0DbHz !== undefined).map((g) => `${g.signalId}:${g.cn0DbHz}${g.usedInFix ? "*" : ""}`);
    return `${s.key} el${s.elevationDeg} az${s.azimuthDeg} cn0 ${s.cn0DbHz}${s.usedInFix ? " used" : ""} [${signals.join(" ")}]`;
  };
  return {
    at: e.receivedAtMs,
    timeMs: e.timeMs,
    timeOfDayMs: e.timeOfDayMs,
    mode: e.mode,
    quality: e.quality,
    fixState: e.fixState.kind,
    // NMEA: 1e-5 minute (1.7e-7°), 0.1 m, 0.001 knot, 0.01°; UBX: 1e-7°, 1 mm, 1 mm/s, 1e-5°
    latitude: round(e.latitudeDeg, 1e-6),
    longitude: round(e.longitudeDeg, 1e-6),
    altitudeMsl: round(e.altitudeMslM, 0.2),
    geoidSeparation: round(e.geoidSeparationM, 0.2),
    speed: round(e.speedMps, 0.01),
    track: round(e.trackTrueDeg, 0.1),
    dop: e.dop,
    satellitesUsed: e.satellitesUsed,
    used: e.satellites.usedCount,
    tracked: e.satellites.trackedCount,
    sky: e.satellites.satellites.map(sky),
  };
}

/** Differences of values that are equal when rounded to `step` from either side. */
function agree(nmea: Record<string, unknown>, ubx: Record<string, unknown>): string[] {
  const out: string[] = [];
  for (const key of Object.keys(nmea)) {
    const a = nmea[key];
    const b = ubx[key];
    if (typeof a === "number" && typeof b === "number" && Math.abs(a - b) <= 1) continue;
    if (JSON.stringify(a) !== JSON.stringify(b)) out.push(`${key}: NMEA ${JSON.stringify(a)}, UBX ${JSON.stringify(b)}`);
  }
  return out;
}

describe("simulated u-blox: UBX epochs equal NMEA epochs (same seed, same at=)", () => {
  for (const scenario of ["start=cold&seed=3", "start=warm&seed=5&route=drive", "start=hot&env=urban-canyon&seed=11"]) {
    it(scenario, async () => {
      const base = `sim:?chip=ublox&speed=max&duration=90&${AT}&${scenario}`;
      const [nmea, ubx, both] = await Promise.all([epochsOf(`${base}&protocol=nmea`), epochsOf(`${base}&protocol=ubx`), epochsOf(`${base}&protocol=both`)]);
      expect(nmea.length).toBeGreaterThan(80);
      expect(ubx.map((e) => e.receivedAtMs)).toEqual(nmea.map((e) => e.receivedAtMs));
      expect(both.map((e) => e.receivedAtMs)).toEqual(nmea.map((e) => e.receivedAtMs));
      const fixes = ubx.filter((e) => e.mode !== "none").length;
      expect(fixes).toBeGreaterThan(20);
      for (let i = 0; i < nmea.length; i++) {
        const n = comparable(nmea[i] as Epoch);
        expect(agree(n, comparable(ubx[i] as Epoch)), `epoch ${i} (${new Date(n.at as number).toISOString()})`).toEqual([]);
        expect(comparable(both[i] as Epoch), `both, epoch ${i}`).toEqual(comparable(ubx[i] as Epoch));
      }
      // UBX says what NMEA cannot: the receiver's accuracy, health and orbit source of each satellite
      const last = ubx.at(-1) as Epoch;
      expect(last.ephM).toBeGreaterThan(0);
      expect(last.satellites.satellites.every((s) => s.health === "healthy" && s.orbitSource !== undefined)).toBe(true);
    }, 120_000);
  }
});
