// UBX decoding (u-blox binary): whole packets from the framer → typed messages for the tracker.
export { createUbxDecoder } from "./decoder.js";
export { UBX_REGISTRY } from "./registry.js";
