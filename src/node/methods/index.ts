// Node adapters of the positioning methods: host Wi-Fi/cell readers, the last-fix state file, CSV loading, wiring.
export { parseNmcliWifi, parseMmcliLocation, splitNmcliTerse, qualityToDbm, parseKeyValue } from "./host-output.js";
export {
  readHostObservations,
  execRunner,
  type CommandRunner,
  type CommandOutput,
  type HostObservationOptions,
  type HostObservations,
} from "./host-observations.js";
export { defaultStateDir, defaultStateFile, loadLastFix, saveLastFix } from "./state-file.js";
export { loadCellCsvFile, type LoadCellCsvOptions } from "./cell-csv-file.js";
export { runWithMethods, parseMethodList, createProvider, type RunWithMethodsOptions, type MethodsRun, type ProviderChoice } from "./run.js";
