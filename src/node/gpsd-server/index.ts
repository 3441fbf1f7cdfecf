// The gpsd-compatible server.

export { createGpsdServer } from "./server.js";
export type { GpsdDeviceFeed, GpsdServer, GpsdServerOptions } from "./server.js";
