// Parsing layer: frames → typed sentences (nmea-simple 3.3.0 where it is right, gnsskit's decoders where not).
export { createParser, type Parser, type ParserOptions } from "./parser.js";
export { talkerSystem, resolveSatelliteId } from "./talkers.js";
export { SENTENCE_REGISTRY } from "./registry.js";
