// The simulator's sky: almanacs, orbit propagation, signal model, DOP. Everything except bundled.ts is
// isomorphic; browser code imports ./core.js to stay clear of node:fs.

export * from "./core.js";
export { bundledAlmanacDir, loadBundledAlmanacRecords, loadBundledSky } from "./bundled.js";
