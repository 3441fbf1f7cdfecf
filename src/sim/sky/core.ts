// The isomorphic part of the simulator's sky (no Node built-ins): the signal model and the nominal
// constellations the bundled almanacs are made of. Orbits, the sky and DOP are in src/orbits/.

export { nominalAlmanacs, nominalAlmanacText } from "./nominal.js";
export { CN0_TRACKING_DB_HZ, ENVIRONMENTS, signalCn0DbHz, skylineElevationDeg, type Environment } from "./signal.js";
