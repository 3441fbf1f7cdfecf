// Why a receiver has no fix yet, what its sky shows, and how far its fixes are from the truth: the diagnosis
// (a reducer of the tracker's epochs, beside it) and its rules. The `gnsskit/diagnosis` entry.
export { createDiagnoser, watchDiagnosis, type Diagnoser, type DiagnoserOptions } from "./diagnoser.js";
export { epochFacts } from "./facts.js";
export { waitingLine, type WaitingContext } from "./waiting.js";
export { obstructionLines, receiverRfLines, weakSkyLine } from "./sky.js";
export { createSkyMaskObserver, sectorOf, SECTOR_NAMES, type SkyMaskObserver } from "./sky-mask.js";
export { createHistory, type History, type Lock } from "./history.js";
export {
  BIT_SYNC_MAX_MS,
  DECODE_CN0_DB_HZ,
  HIGH_ELEVATION_DEG,
  OPEN_SKY_HIGH_CN0_DB_HZ,
  ephemerisWindow,
  messageLayout,
  timeWindow,
  type MessageLayout,
  type Window,
} from "./physics.js";
export type * from "./types.js";
export { RANGING } from "./types.js";
