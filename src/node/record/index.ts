export { createStamper, type Stamper } from "./stamp.js";
export { createRecorder, rotatedPath, RecordError, type Recorder, type RecorderOptions, type RecordedFile, type ExistingFile } from "./recorder.js";
