// Network positioning: providers (Ichnaea/BeaconDB, Google, offline OpenCelliD CSV) and the method.
export type * from "./types.js";
export {
  createIchnaeaProvider,
  BEACONDB_GEOLOCATE_URL,
  ICHNAEA_RADIUS_CONFIDENCE,
  DEFAULT_USER_AGENT,
  DEFAULT_NETWORK_TIMEOUT_MS,
  type IchnaeaProviderOptions,
} from "./ichnaea.js";
export { createGoogleProvider, googleRadiusConfidence, GOOGLE_GEOLOCATE_URL, type GoogleProviderOptions } from "./google.js";
export { convertRadius, radius95, networkFix, formatConfidence, isConfidence, GNSSKIT_RADIUS_CONFIDENCE, UNKNOWN_CONFIDENCE_READ_AS } from "./accuracy.js";
export {
  createCellDatabase,
  createCellDatabaseProvider,
  combineCells,
  UNKNOWN_CELL_RANGE_M,
  type CellDatabase,
  type CellRecord,
  type CellDatabaseProviderOptions,
} from "./cell-database.js";
export { normaliseMac, prepareWifi, usableCells } from "./observations.js";
export {
  httpError,
  parseLocationResponse,
  postJson,
  createRedactor,
  MAX_ANSWER_BYTES,
  MAX_ACCURACY_M,
  MAX_REDIRECTS,
  type FetchLike,
  type ResponseLike,
} from "./http.js";
export { createNetworkMethod, type NetworkMethod, type NetworkMethodOptions } from "./method.js";
