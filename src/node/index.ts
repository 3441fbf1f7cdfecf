// gnsskit's Node adapters: transports, SOURCE strings, the gpsd-compatible server, replay, the simulator.
export { openSource, describeSpec, type OpenSourceOptions } from "./open-source.js";
export * from "./sources/index.js";
export { createReplaySource, type ReplayOptions, type ReplaySource } from "./replay.js";
export { createGpsdServer, type GpsdServer, type GpsdServerOptions } from "./gpsd-server/index.js";
export { createSimSource, parseSimSpec } from "../sim/index.js";
export * from "./bluetooth/index.js";
export * from "./methods/index.js";
