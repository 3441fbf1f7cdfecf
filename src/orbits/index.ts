// Orbits from almanacs: YUMA/SEM parsing, IS-GPS-200 propagation, look angles, the sky an almanac predicts and
// its DOP. Used by real features (`gnsskit sky`, the assisted method's expected satellites) and by the
// simulator. Isomorphic: no Node built-ins (the almanacs bundled with the package load in src/node/almanacs.ts).

export {
  ALMANAC_CYCLE_MS,
  formatYumaAlmanac,
  parseAlmanac,
  parseSemAlmanac,
  parseYumaAlmanac,
  resolveGpsWeek,
  type AlmanacParseOptions,
  type AlmanacParseResult,
  type AlmanacRecord,
} from "./almanac.js";
export { computeDop, type DopValues } from "./dop.js";
export {
  ecefToGeodetic,
  geodeticToEcefM,
  gpsSecondsFromUtcMs,
  lookAngles,
  orbitalPeriodS,
  orbitStateAtTk,
  satelliteEcefM,
  semiMajorAxisM,
  utcMsFromGpsSeconds,
  type LookAngles,
  type OrbitState,
  type Vector3,
} from "./orbit.js";
export {
  CONSTELLATION_ORDER,
  DEFAULT_LEAP_SECONDS,
  compareSatellites,
  createSky,
  type Observer,
  type Sky,
  type SkyOptions,
  type SkySatellite,
} from "./sky.js";
