// "gnsskit/config": receiver configuration in every dialect the drivers know (UBX generations 8 and 9+, PMTK,
// PAIR, PSRF): the commands and polls per dialect, and carrying them out over a live pipeline. Isomorphic; apart
// from "gnsskit/methods" so a page that only positions does not bundle it.

import type { DialectConfigurator } from "./config.js";
import { createMtkConfigurator } from "./mtk.js";
import { createQuectelConfigurator } from "./quectel.js";
import { createSirfConfigurator } from "./sirf.js";
import type { Dialect } from "./types.js";
import { createUbloxConfigurator } from "./ubx-config.js";

export {
  CONSTELLATION_NAMES,
  NMEA_MESSAGES,
  UBX_MESSAGES,
  mergeSettings,
  messageName,
  type ConfigCommand,
  type ConfigContext,
  type ConfigQuery,
  type ConfigRequest,
  type ConfigSetting,
  type DialectConfigurator,
  type QueryAnswer,
  type ReceiverSettings,
  type UbxPort,
} from "./config.js";
export {
  applyConfig,
  checkOutput,
  linkAnswers,
  observeOutput,
  readSettings,
  runQuery,
  type ApplyOptions,
  type ConfigPipeline,
  type ConfigStepResult,
  type ObservedOutput,
  type OutputCheck,
  type QueryOutcome,
  type QueryReport,
  type StepStatus,
} from "./configure.js";
export { VALSET_PROTOCOL_VERSION } from "./ubx-config.js";
export { createMtkConfigurator, createQuectelConfigurator, createSirfConfigurator, createUbloxConfigurator };

/** The configuration commands and polls of a dialect. */
export function createConfigurator(dialect: Dialect): DialectConfigurator {
  switch (dialect) {
    case "mtk":
      return createMtkConfigurator();
    case "sirf":
      return createSirfConfigurator();
    case "ublox":
      return createUbloxConfigurator();
    case "quectel":
      return createQuectelConfigurator();
  }
}
