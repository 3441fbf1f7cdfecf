export { createStamper } from "./stamp.js";
export { createRecorder, rotatedPath, RecordError, type Recorder } from "./recorder.js";
