import { createMtkDriver } from "./mtk.js";
import { createQuectelDriver } from "./quectel.js";
import { createSirfDriver } from "./sirf.js";
import { createUbloxDriver } from "./ublox.js";
import type { Dialect, ReceiverDriver } from "./types.js";

/** The driver for a dialect. */
export function createDriver(dialect: Dialect): ReceiverDriver {
  switch (dialect) {
    case "mtk":
      return createMtkDriver();
    case "sirf":
      return createSirfDriver();
    case "ublox":
      return createUbloxDriver();
    case "quectel":
      return createQuectelDriver();
  }
}
