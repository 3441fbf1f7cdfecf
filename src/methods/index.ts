// "gnsskit/methods": the positioner, the satellite methods (integrated, assisted, bluetooth), the network
// method and its providers, and the receiver drivers they use. Isomorphic; the core ("gnsskit") does not
// re-export it, so a page that only decodes NMEA does not bundle it.
export type * from "./types.js";
export { METHOD_NAMES } from "./types.js";
export { createPositioner, type Positioner, type PositionerOptions } from "./positioner.js";
export {
  createReceiverMethods,
  epochLocation,
  type AidingOptions,
  type OrbitDataRequest,
  type ReceiverMethods,
  type ReceiverMethodsOptions,
} from "./receiver.js";
export * from "./network/index.js";
export { formatPositionerEvent, formatMethodSummary } from "./format.js";
export * from "./drivers/index.js";
