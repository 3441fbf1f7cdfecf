// The simulator: a seeded receiver model over a real sky, as a Source (`sim:?...`).

export { createSimSource, parseSimSpec, type SimSource } from "./source.js";
export {} from "./motion/route.js";
export type {} from "./sky/index.js";
export type {} from "../orbits/index.js";
export {} from "../node/almanacs.js";
