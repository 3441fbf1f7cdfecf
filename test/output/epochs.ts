// Hand-made epochs for the export and report tests.

import type { Epoch, FixQuality, FixMode, Satellite } from "../../src/types.js";

export interface EpochSpec {
  timeMs?: number;
  mode?: FixMode;
  quality?: FixQuality;
  latitudeDeg?: number;
  longitudeDeg?: number;
  altitudeMslM?: number;
  geoidSeparationM?: number;
  hdop?: number;
  vdop?: number;
  pdop?: number;
  satellitesUsed?: number;
  speedMps?: number;
  dgpsStationId?: string;
  dgpsAgeS?: number;
  satellites?: Satellite[];
}

export function satellite(constellation: Satellite["constellation"], svid: number, extra: Partial<Satellite> = {}): Satellite {
  return { constellation, svid, nmeaId: svid, key: `${constellation}:${svid}`, usedInFix: false, signals: [], ...extra };
}

export function makeEpoch(spec: EpochSpec): Epoch {
  const mode = spec.mode ?? (spec.latitudeDeg !== undefined ? "3d" : "none");
  const quality = spec.quality ?? (mode === "none" ? "none" : "autonomous");
  const sats = spec.satellites ?? [];
  const receivedAtMs = spec.timeMs ?? 0;
  const epoch: Epoch = {
    receivedAtMs,
    mode,
    quality,
    fixState: mode === "none" ? { kind: "searching", sinceMs: 0 } : { kind: "fixed", mode, quality, sinceMs: 0 },
    dop: {
      ...(spec.hdop !== undefined ? { hdop: spec.hdop } : {}),
      ...(spec.vdop !== undefined ? { vdop: spec.vdop } : {}),
      ...(spec.pdop !== undefined ? { pdop: spec.pdop } : {}),
    },
    satellites: {
      satellites: sats,
      inViewCount: sats.length,
      trackedCount: sats.filter((s) => s.cn0DbHz !== undefined).length,
      usedCount: sats.filter((s) => s.usedInFix).length,
      signalCount: sats.length,
    },
    sentenceIds: ["GGA", "GSA", "RMC"],
  };
  if (spec.timeMs !== undefined) {
    epoch.timeMs = spec.timeMs;
    epoch.timeOfDayMs = spec.timeMs % 86_400_000;
  }
  if (spec.latitudeDeg !== undefined) epoch.latitudeDeg = spec.latitudeDeg;
  if (spec.longitudeDeg !== undefined) epoch.longitudeDeg = spec.longitudeDeg;
  if (spec.altitudeMslM !== undefined) {
    epoch.altitudeMslM = spec.altitudeMslM;
    const geoid = spec.geoidSeparationM ?? 47.5;
    epoch.geoidSeparationM = geoid;
    epoch.altitudeHaeM = spec.altitudeMslM + geoid;
  }
  if (spec.satellitesUsed !== undefined) epoch.satellitesUsed = spec.satellitesUsed;
  if (spec.speedMps !== undefined) epoch.speedMps = spec.speedMps;
  if (spec.dgpsStationId !== undefined) epoch.dgpsStationId = spec.dgpsStationId;
  if (spec.dgpsAgeS !== undefined) epoch.dgpsAgeS = spec.dgpsAgeS;
  return epoch;
}

/** A drive east along 48.1°N at 10 m/s, 1 Hz, with a fix loss of `gap` epochs in the middle. */
export function drive(count: number, options: { gapAt?: number; gap?: number; startMs?: number } = {}): Epoch[] {
  const startMs = options.startMs ?? Date.UTC(2024, 4, 17, 9, 30, 0);
  const gapAt = options.gapAt ?? -1;
  const gap = options.gap ?? 0;
  const metresPerDegLon = 111_320 * Math.cos((48.1 * Math.PI) / 180);
  return Array.from({ length: count }, (_, i) => {
    const timeMs = startMs + i * 1000;
    if (i >= gapAt && i < gapAt + gap) return makeEpoch({ timeMs, mode: "none", hdop: 99.99 });
    return makeEpoch({
      timeMs,
      latitudeDeg: 48.1 + 0.00001 * Math.sin(i / 10),
      longitudeDeg: 11.5 + (i * 10) / metresPerDegLon,
      altitudeMslM: 520 + i * 0.1,
      hdop: 0.9 + (i % 5) * 0.1,
      vdop: 1.4,
      pdop: 1.7,
      satellitesUsed: 9,
      speedMps: 10,
      quality: i % 7 === 0 ? "dgps" : "autonomous",
    });
  });
}

/** Runs a writer over epochs and returns the whole text. */
export function writeAll(writer: { header(): string; epoch(e: Epoch): string; footer(): string }, epochs: Epoch[]): string {
  return writer.header() + epochs.map((e) => writer.epoch(e)).join("") + writer.footer();
}
