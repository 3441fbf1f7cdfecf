export { createStamper, type Stamper } from "./stamp.js";
export { createRecorder, RecordFileError, rotatedPath, type Recorder, type RecorderOptions, type RecordedFile } from "./recorder.js";
