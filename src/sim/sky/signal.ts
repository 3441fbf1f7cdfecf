// Signal model: the C/N0 a receiver would measure for a satellite, from its elevation and the environment.
//
// Model (an engineering approximation, not a propagation simulation):
// - Open sky: a patch antenna's gain pattern plus the path gives about 49 dB-Hz at the zenith, 43 at 30°,
//   35–36 near 5° (30 + 19·√sin el), ±1 dB measurement noise. GEO SBAS signals are ~2 dB weaker.
// - Obstructions are a skyline: per environment, the elevation of the obstacle top in each 15° azimuth sector,
//   a fixed function of the azimuth, so a satellite stays blocked while it moves behind the same building
//   (per-epoch random blockage would make satellites flicker). Below the skyline the direct signal is lost;
//   some satellites (chosen per satellite, also fixed) still arrive by reflection, 8–14 dB weaker and fading.
// - Suburban: skyline 0–20°; below it, in sectors with a house the signal is lost, elsewhere it crosses
//   trees (−6..−14 dB).
// - Urban canyon: a street running 20°/200°: 15° skyline along it, 30–60° across it; multipath noise on all.
// - Indoor: no skyline, but building loss of 19 dB at the zenith (roof) to 29 dB at the horizon (walls), ±2 dB
//   per satellite: only satellites above ~35° stay trackable (most of the sky is lost) and only those above
//   ~50° can be acquired, so an unaided start rarely succeeds. Tunnel: nothing.
// Values below CN0_TRACKING_DB_HZ are reported as not trackable (undefined).

import type { Constellation } from "../../types.js";
import { normal, type Random } from "../random.js";

export type Environment = "open-sky" | "suburban" | "urban-canyon" | "indoor" | "tunnel";

export const ENVIRONMENTS: readonly Environment[] = ["open-sky", "suburban", "urban-canyon", "indoor", "tunnel"];

/** A receiver keeps tracking a signal down to about this C/N0 (dB-Hz). */
export const CN0_TRACKING_DB_HZ = 20;

interface SatelliteGeometry {
  constellation: Constellation;
  svid: number;
  elevationDeg: number;
  azimuthDeg: number;
}

/** A fixed number in [0, 1) for a key: FNV-1a, then an avalanche step. */
function hashUnit(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    h ^= key.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  return (h >>> 0) / 4294967296;
}

/** C/N0 with a clear line of sight, before noise. */
export function openSkyCn0DbHz(elevationDeg: number, constellation: Constellation): number {
  const sinEl = Math.max(0, Math.sin((elevationDeg * Math.PI) / 180));
  const base = 30 + 19 * Math.sqrt(sinEl);
  return constellation === "sbas" ? base - 2 : base;
}

/** Elevation of the obstacles' top at an azimuth, for an environment with a skyline; 0 when open. */
function azimuthSector(azimuthDeg: number): number {
  return Math.floor((((azimuthDeg % 360) + 360) % 360) / 15);
}

export function skylineElevationDeg(environment: Environment, azimuthDeg: number): number {
  const sector = azimuthSector(azimuthDeg);
  const spread = hashUnit(`${environment}:sector:${sector}`);
  switch (environment) {
    case "suburban":
      return 20 * spread;
    case "urban-canyon": {
      const fromStreet = Math.abs(((azimuthDeg - 20 + 540) % 180) - 90);
      // fromStreet: 90 = along the street axis (either direction), 0 = across it.
      return fromStreet > 70 ? 15 : 30 + 30 * spread;
    }
    default:
      return 0;
  }
}

/**
 * C/N0 a receiver would measure for this satellite in this environment, with noise; undefined = blocked or
 * too weak to track. `random` supplies the noise (use a seeded one for reproducible runs).
 */
export function signalCn0DbHz(sat: SatelliteGeometry, environment: Environment, random: Random): number | undefined {
  if (environment === "tunnel" || sat.elevationDeg <= 0) return undefined;
  const key = `${sat.constellation}:${sat.svid}`;
  const clear = openSkyCn0DbHz(sat.elevationDeg, sat.constellation);
  let cn0: number | undefined;
  switch (environment) {
    case "open-sky":
      cn0 = clear + normal(random, 0, 1);
      break;
    case "suburban": {
      const blocked = sat.elevationDeg < skylineElevationDeg(environment, sat.azimuthDeg);
      if (!blocked) {
        cn0 = clear - 1 + normal(random, 0, 1.2);
        break;
      }
      // Two sectors in five are houses (signal lost), the rest trees (attenuated).
      if (hashUnit(`suburban:house:${azimuthSector(sat.azimuthDeg)}`) < 0.4) return undefined;
      cn0 = clear - 6 - 8 * hashUnit(`${key}:foliage`) + normal(random, 0, 2);
      break;
    }
    case "urban-canyon": {
      const blocked = sat.elevationDeg < skylineElevationDeg(environment, sat.azimuthDeg);
      if (blocked) {
        // About a third of the hidden satellites reach the antenna by reflection: weak and fading.
        if (hashUnit(`${key}:reflection`) > 0.35) return undefined;
        cn0 = clear - 8 - 6 * hashUnit(`${key}:reflection-loss`) + normal(random, 0, 3);
      } else {
        cn0 = clear - 2 + normal(random, 0, 2.5);
      }
      break;
    }
    case "indoor": {
      const sinEl = Math.sin((sat.elevationDeg * Math.PI) / 180);
      const buildingLossDb = 29 - 10 * sinEl + 4 * (hashUnit(`${key}:wall`) - 0.5);
      cn0 = clear - buildingLossDb + normal(random, 0, 2);
      break;
    }
  }
  if (cn0 === undefined || cn0 < CN0_TRACKING_DB_HZ) return undefined;
  return Math.min(cn0, 55);
}
