// The simulator: a seeded receiver model over a real sky, as a Source (`sim:?...`).

export { createSimSource, parseSimSpec, type SimSource } from "./source.js";
