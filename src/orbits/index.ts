// Orbits from almanacs: YUMA/SEM parsing, IS-GPS-200 propagation, look angles, the sky an almanac predicts and
// its DOP. Used by real features (`gnsskit sky`, the assisted method's expected satellites) and by the
// simulator. Isomorphic: no Node built-ins (the almanacs bundled with the package load in src/node/almanacs.ts).

export { ALMANAC_CYCLE_MS, formatYumaAlmanac, parseAlmanac, parseSemAlmanac, parseYumaAlmanac, resolveGpsWeek, type AlmanacRecord } from "./almanac.js";
export { computeDop } from "./dop.js";
export {} from "./orbit.js";
export { createSky, type Sky, type SkyOptions, type SkySatellite } from "./sky.js";
