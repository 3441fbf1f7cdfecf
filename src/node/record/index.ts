export { createStamper } from "./stamp.js";
export { createRecorder, rotatedPath, type Recorder } from "./recorder.js";
