// The gpsd-compatible server: `createGpsdServer` plus the protocol pieces it is built from.

export { createGpsdServer } from "./server.js";
export type { GpsdDeviceFeed, GpsdDeviceOptions, GpsdServer, GpsdServerOptions, GpsdServerStats } from "./server.js";
export { createRequestParser, DEFAULT_MAX_REQUEST_BYTES } from "./request-parser.js";
export type { GpsdRequest, RequestParser, RequestParserOptions } from "./request-parser.js";
export { initialWatchPolicy, mergeWatch, PROTO_MAJOR, PROTO_MINOR, watchObject } from "./protocol.js";
export type { DeviceInfo, WatchPolicy } from "./protocol.js";
