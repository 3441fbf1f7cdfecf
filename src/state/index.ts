// The state layer: sentences → epochs, fix state, TTFF, start type, satellites.
export { createTracker, type Tracker, type TrackerOptions } from "./tracker.js";
export { transition, type FixInput } from "./fix-machine.js";
export { createSkyAssembler, satelliteKey, type SkyAssembler } from "./satellites.js";
export { inferStart, type StartEvidence } from "./start-type.js";
