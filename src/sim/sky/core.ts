// The isomorphic part of the sky (no Node built-ins): what a browser may import.

export {
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
export { nominalAlmanacs, nominalAlmanacText, type NominalAlmanac } from "./nominal.js";
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
  CN0_ACQUISITION_DB_HZ,
  CN0_TRACKING_DB_HZ,
  ENVIRONMENTS,
  openSkyCn0DbHz,
  signalCn0DbHz,
  skylineElevationDeg,
  type Environment,
} from "./signal.js";
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
