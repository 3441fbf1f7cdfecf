// UBX decoding (u-blox binary): whole packets from the framer → typed messages for the tracker.
export { createUbxDecoder, DEFAULT_LEAP_SECONDS, type UbxDecoder } from "./decoder.js";
export { UBX_REGISTRY, ubxName, type UbxRow } from "./registry.js";
export { gnssIdOf, satelliteIdentity } from "./ids.js";
