// A hand-made log as GpsEvents: a static receiver with a cold start, a fix loss and reacquisition,
// GPS + GLONASS satellites crossing the sky, banners and diagnostics.

import type { GpsEvent, Satellite, Sentence } from "../../src/types.js";
import { makeEpoch, satellite } from "./epochs.js";

export const START_MS = Date.UTC(2024, 4, 17, 9, 0, 0);

/** Deterministic noise in [-1, 1). */
function noise(i: number, salt: number): number {
  const x = Math.sin(i * 12.9898 + salt * 78.233) * 43758.5453;
  return (x - Math.floor(x)) * 2 - 1;
}

export interface ScenarioOptions {
  epochs?: number;
  /** Epoch index of the first fix */
  firstFixAt?: number;
  /** [from, to) epochs without a fix after the first fix */
  outage?: [number, number];
}

export interface Scenario {
  events: GpsEvent[];
  /** Positions of the fixes (for checking statistics by brute force) */
  fixes: { latitudeDeg: number; longitudeDeg: number }[];
  hdops: number[];
}

function txt(text: string, atMs: number): Sentence {
  return { sentenceId: "TXT", talker: "GP", system: "gps", raw: `$GPTXT,01,01,02,${text}*00`, checksum: "ok", receivedAtMs: atMs, text, textId: 2 };
}

export function staticScenario(options: ScenarioOptions = {}): Scenario {
  const count = options.epochs ?? 300;
  const firstFixAt = options.firstFixAt ?? 30;
  const [outFrom, outTo] = options.outage ?? [150, 170];
  const events: GpsEvent[] = [];
  const fixes: Scenario["fixes"] = [];
  const hdops: number[] = [];
  events.push({ type: "sentence", sentence: txt("u-blox ag - www.u-blox.com", START_MS) });
  events.push({ type: "sentence", sentence: txt("HW UBX-M8030 00080000", START_MS) });
  events.push({ type: "start", start: { type: "cold", basis: "inferred", evidence: ["no satellites in view at start", "no time"] }, atMs: START_MS });
  for (let i = 0; i < count; i++) {
    const atMs = START_MS + i * 1000;
    const hasFix = i >= firstFixAt && !(i >= outFrom && i < outTo);
    const sats: Satellite[] = [];
    for (let k = 0; k < 8; k++) {
      const constellation = k < 5 ? "gps" : "glonass";
      const svid = k < 5 ? 2 + k * 5 : 65 + k;
      sats.push(
        satellite(constellation, svid, {
          azimuthDeg: (k * 45 + i * 0.2) % 360,
          elevationDeg: 10 + ((k * 11 + i * 0.1) % 70),
          ...(i > 5 ? { cn0DbHz: 25 + k * 2 + Math.round(noise(i, k) * 3) } : {}),
          usedInFix: hasFix && k < 6,
        }),
      );
    }
    if (hasFix) {
      const latitudeDeg = 48.1 + noise(i, 100) * 2e-5;
      const longitudeDeg = 11.5 + noise(i, 200) * 3e-5;
      const hdop = 0.8 + ((i * 7) % 13) / 10;
      fixes.push({ latitudeDeg, longitudeDeg });
      hdops.push(hdop);
      events.push({
        type: "epoch",
        epoch: makeEpoch({
          timeMs: atMs,
          latitudeDeg,
          longitudeDeg,
          altitudeMslM: 500 + noise(i, 300) * 4,
          hdop,
          vdop: 1.5,
          pdop: 1.9,
          satellitesUsed: 6,
          satellites: sats,
          speedMps: 0.1,
        }),
      });
    } else {
      events.push({ type: "epoch", epoch: makeEpoch({ timeMs: atMs, satellites: sats }) });
    }
    if (i === firstFixAt) {
      events.push({ type: "first-fix", ttffMs: firstFixAt * 1000, mode: "3d", atMs });
      events.push({ type: "first-3d", ttffMs: firstFixAt * 1000, atMs });
    }
    if (i === outFrom) events.push({ type: "fix-lost", reason: "no-fix-reported", atMs });
    if (i === outTo) events.push({ type: "reacquired", gapMs: (outTo - outFrom) * 1000, atMs });
    if (i % 100 === 50) {
      events.push({ type: "diagnostic", diagnostic: { kind: "checksum", message: `nmea: GPGGA bad checksum ${i}`, receivedAtMs: atMs } });
    }
  }
  events.push({ type: "diagnostic", diagnostic: { kind: "garbage", message: "12 bytes of garbage", byteCount: 12 } });
  return { events, fixes, hdops };
}
