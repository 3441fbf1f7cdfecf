// The sky: which satellites an observer sees at a time, from a set of almanac records.

import type { Constellation } from "../types.js";
import type { AlmanacRecord } from "./almanac.js";
import { geodeticToEcefM, gpsSecondsFromUtcMs, lookAngles, satelliteEcefM, type Vector3 } from "./orbit.js";
import { GPS_UTC_LEAP_SECONDS } from "../gps-time.js";

export interface Observer {
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeHaeM: number;
}

export interface SkySatellite {
  constellation: Constellation;
  svid: number;
  healthy: boolean;
  elevationDeg: number;
  azimuthDeg: number;
  rangeM: number;
  /** unit line-of-sight vector from the observer, local east/north/up */
  losEnu: [number, number, number];
}

export interface Sky {
  readonly constellations: Constellation[];
  /** Satellites above the elevation mask (default 0°) at a UTC time (ms since 1970) for an observer. */
  visibleAt(timeMs: number, observer: Observer, elevationMaskDeg?: number): SkySatellite[];
}

export interface SkyOptions {
  /** GPS − UTC in seconds; 18 since 2017 */
  leapSeconds?: number;
}

/** Constellation order in outputs: gpsd's gnssid order (GPS, SBAS, Galileo, BeiDou, QZSS, GLONASS, NavIC). */
export const CONSTELLATION_ORDER: readonly Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];

export function compareSatellites(a: { constellation: Constellation; svid: number }, b: { constellation: Constellation; svid: number }): number {
  return CONSTELLATION_ORDER.indexOf(a.constellation) - CONSTELLATION_ORDER.indexOf(b.constellation) || a.svid - b.svid;
}

/** A sky over the given almanac records. Records are copied; the sky holds no mutable state. */
export function createSky(records: AlmanacRecord[], options: SkyOptions = {}): Sky {
  const leapSeconds = options.leapSeconds ?? GPS_UTC_LEAP_SECONDS;
  const sorted = [...records].sort(compareSatellites);
  const constellations = CONSTELLATION_ORDER.filter((c) => sorted.some((r) => r.constellation === c));
  return {
    constellations,
    visibleAt(timeMs: number, observer: Observer, elevationMaskDeg = 0): SkySatellite[] {
      const gpsSeconds = gpsSecondsFromUtcMs(timeMs, leapSeconds);
      const observerEcef: Vector3 = geodeticToEcefM(observer.latitudeDeg, observer.longitudeDeg, observer.altitudeHaeM);
      const visible: SkySatellite[] = [];
      for (const record of sorted) {
        const look = lookAngles(satelliteEcefM(record, gpsSeconds), observer, observerEcef);
        if (!(look.elevationDeg > elevationMaskDeg)) continue;
        visible.push({
          constellation: record.constellation,
          svid: record.svid,
          healthy: record.healthy,
          elevationDeg: look.elevationDeg,
          azimuthDeg: look.azimuthDeg,
          rangeM: look.rangeM,
          losEnu: look.losEnu,
        });
      }
      return visible;
    },
  };
}
