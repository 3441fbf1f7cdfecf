// The simulator's sky: the signal model (C/N0 by elevation and environment) and the nominal constellations
// of the bundled almanacs, over the orbits of src/orbits/.

export * from "./core.js";
