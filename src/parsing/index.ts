// Parsing layer: frames → typed sentences (nmea-simple 3.3.0 where it is right, gnsskit's decoders where not).
export { createParser, type Parser, type ParserOptions } from "./parser.js";
export { talkerSystem, resolveSatelliteId, systemIdConstellation } from "./talkers.js";
export { CYCLE_ROLES, SENTENCE_REGISTRY, type CycleRole } from "./registry.js";
