// The isomorphic part of the sky (no Node built-ins): what a browser may import.

export { formatYumaAlmanac, parseAlmanac, parseSemAlmanac, parseYumaAlmanac, resolveGpsWeek, type AlmanacRecord } from "./almanac.js";
export { computeDop } from "./dop.js";
export { nominalAlmanacs, nominalAlmanacText } from "./nominal.js";
export { CN0_TRACKING_DB_HZ, ENVIRONMENTS, signalCn0DbHz, skylineElevationDeg, type Environment } from "./signal.js";
export { createSky, type Sky, type SkySatellite } from "./sky.js";
