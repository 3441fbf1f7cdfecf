// The isomorphic part of the simulator's sky (no Node built-ins): the signal model and the nominal
// constellations the bundled almanacs are made of. Orbits, the sky and DOP are in src/orbits/.

export { nominalAlmanacs, nominalAlmanacText, type NominalAlmanac } from "./nominal.js";
export {
  CN0_ACQUISITION_DB_HZ,
  CN0_TRACKING_DB_HZ,
  ENVIRONMENTS,
  openSkyCn0DbHz,
  signalCn0DbHz,
  skylineElevationDeg,
  type Environment,
} from "./signal.js";
