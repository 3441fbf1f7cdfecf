// gnsskit's isomorphic core (Node and browsers): re-exports only. Positioning methods and receiver drivers:
// "gnsskit/methods" (their own entry, so a page that only decodes does not pay for them); Node adapters: "gnsskit/node".
export { openGps, type Gps, type GpsOptions } from "./gps.js";
export { createFramer, formatRecordPrefix, parseRecordPrefix, nmeaChecksum, withChecksum } from "./framing/index.js";
export type { Framer, FramerOptions, FramerStats } from "./framing/index.js";
export { createParser, talkerSystem, resolveSatelliteId, SENTENCE_REGISTRY } from "./parsing/index.js";
export type { Parser, ParserOptions } from "./parsing/index.js";
export { createTracker, transition } from "./state/index.js";
export type { Tracker, TrackerOptions, FixInput } from "./state/index.js";
export { SourceClosedError, SourceError, type Source } from "./sources/source.js";
export { parseSourceSpec, SourceSpecError, type SourceSpec } from "./sources/spec.js";
export type { EpochWriter } from "./output/writer.js";
export { createJsonWriter } from "./output/json.js";
export { createGpsdWriter, toTpv, toSky, GNSS_ID, gpsdPrn } from "./output/gpsd.js";
export { createCsvWriter } from "./output/csv.js";
export { createGpxWriter } from "./output/gpx.js";
export { createGeoJsonWriter } from "./output/geojson.js";
export { createKmlWriter } from "./output/kml.js";
export { ttffNotMeasuredText } from "./output/ttff-text.js";
export type * from "./types.js";
