// The simulator: a seeded receiver model over a real sky, as a Source (`sim:?...`) and as parts.

export * from "./receiver/index.js";
export {
  createSimSource,
  parseSimSpec,
  SimSpecError,
  DEFAULT_SIM_PLACE,
  SIM_SPEC_KEYS,
  type SimOptions,
  type SimSource,
} from "./source.js";
export { driveRoute, parseGeoJson, parseGpx, staticRoute, trackRoute, type Route, type RoutePoint, type TrackPoint } from "./motion/route.js";
export type { Environment } from "./sky/index.js";
export type { Sky } from "../orbits/index.js";
export { loadBundledSky } from "../node/almanacs.js";
