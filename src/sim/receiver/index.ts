// The simulated receiver's public pieces.

export { createSimReceiver, DEFAULT_CONSTELLATIONS, type SimReceiver } from "./receiver.js";
export { handleCommand, startupBanner, type CommandEffect, type RestartKind } from "./dialects.js";
export { createCommandReader, ubxChecksum, ubxFrame, type HostCommand } from "./ubx.js";
export type { AidingKind, NmeaVersion, SimChip, SimReceiverOptions, SimReceiverState, SimScenario, SimStartType, SimTruth } from "./types.js";
