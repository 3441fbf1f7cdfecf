// Receiver drivers: dialect identification, restarts, aiding, rates and acknowledgements per chip family.

export * from "./types.js";
export { pmtkAck, pairAck, ubxCfgAck, ubxMgaAck } from "./acks.js";
export { nmeaCommand, ubxFrame, ubxChecksum, gpsWeekTow, GPS_UTC_LEAP_SECONDS, DEFAULT_AIDING_ACCURACY_M } from "./encoding.js";
export { createMtkDriver, mtkPing } from "./mtk.js";
export { createSirfDriver, sirfQuery } from "./sirf.js";
export { createUbloxDriver, ubloxProbe, mgaIniTimeUtc, mgaIniPosLlh, type UbloxDriver } from "./ublox.js";
export { createQuectelDriver, quectelProbe } from "./quectel.js";
export {
  identifyDialect,
  probeDialect,
  createDialectTracker,
  type DialectClue,
  type DialectIdentification,
  type ProbeOptions,
  type ProbeResult,
} from "./identify.js";
export {
  sendCommand,
  waitForReply,
  onReply,
  binaryReply,
  receiverNow,
  DriverCommandError,
  DEFAULT_ACK_TIMEOUT_MS,
  type CommandPipeline,
  type CommandResult,
  type SendCommandOptions,
  type WaitOutcome,
} from "./send.js";
export { createDriver } from "./create.js";
export { loadOrbitData, orbitDataFits, orbitUploadSetup, uploadOrbits, type OrbitData, type OrbitUpload, type OrbitUploadOptions } from "./orbit-upload.js";
export {
  measureTtffRun,
  atCycleEnd,
  spread,
  isFixEpoch,
  fixPosition,
  restartPhaseMs,
  waitForFramePhase,
  waitReceiverMs,
  NAVIGATION_FRAME_MS,
  type TtffRun,
  type TtffRunOptions,
  type TtffPipeline,
  type Spread,
} from "./ttff.js";
