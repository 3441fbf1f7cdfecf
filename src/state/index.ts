// The state layer: sentences → epochs, fix state, TTFF, start type, satellites.
export { createTracker, type Tracker, type TrackerOptions } from "./tracker.js";
export { transition, type FixInput } from "./fix-machine.js";
