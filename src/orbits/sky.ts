// The sky: which satellites an observer sees at a time, from a set of almanac records.

import type { Constellation } from "../types.js";
import type { AlmanacRecord } from "./almanac.js";
import { geodeticToEcefM, gpsSecondsFromUtcMs, localFrame, lookAnglesInFrame, preparedEcefM, prepareRecord } from "./orbit.js";
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
  /**
   * Satellites above the elevation mask (default 0°) at a UTC time (ms since 1970) for an observer; of the
   * constellations in `only` when given (the others' orbits are not worked out).
   */
  visibleAt(timeMs: number, observer: Observer, elevationMaskDeg?: number, only?: readonly Constellation[]): SkySatellite[];
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
  // the simulator asks for every satellite every simulated second: each record's constants once, the observer's once a call
  const prepared = sorted.map(prepareRecord);
  return {
    constellations,
    visibleAt(timeMs: number, observer: Observer, elevationMaskDeg = 0, only?: readonly Constellation[]): SkySatellite[] {
      const gpsSeconds = gpsSecondsFromUtcMs(timeMs, leapSeconds);
      const frame = localFrame(
        geodeticToEcefM(observer.latitudeDeg, observer.longitudeDeg, observer.altitudeHaeM),
        observer.latitudeDeg,
        observer.longitudeDeg,
      );
      const visible: SkySatellite[] = [];
      for (const satellite of prepared) {
        const record = satellite.record;
        if (only !== undefined && !only.includes(record.constellation)) continue;
        const look = lookAnglesInFrame(preparedEcefM(satellite, gpsSeconds), frame);
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
