export { createFramer } from "./framer.js";
export type { Framer, FramerOptions, FramerStats } from "./framer.js";
export { formatRecordPrefix, parseRecordPrefix, scanRecordPrefix, RECORD_PREFIX_LENGTH } from "./record-format.js";
export { nmeaChecksum, withChecksum } from "./checksum.js";
