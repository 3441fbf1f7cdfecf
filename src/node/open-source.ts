// SOURCE strings → Source objects (Node), every transport's module loaded (transports.ts has the switch).

import * as sim from "../sim/index.js";
import type { Source } from "../sources/source.js";
import * as ble from "./bluetooth/ble.js";
import * as bluetoothSpp from "./bluetooth/spp.js";
import * as mqtt from "./mqtt/device-source.js";
import * as replay from "./replay.js";
import * as file from "./sources/file.js";
import * as gpsd from "./sources/gpsd-client.js";
import * as serial from "./sources/serial.js";
import * as stdin from "./sources/stdin.js";
import * as tcp from "./sources/tcp.js";
import * as udp from "./sources/udp.js";
import { openSourceWith, type OpenSourceOptions } from "./transports.js";

export { describeSpec, type OpenSourceOptions } from "./transports.js";

const MODULES = { stdin, file, replay, serial, tcp, udp, gpsd, sim, bluetoothSpp, ble, mqtt };

/** Open nothing yet: build the Source for a SOURCE string. Throws SourceSpecError (or a TypeError from a factory) on bad strings. */
export function openSource(text: string, options: OpenSourceOptions = {}): Source {
  return openSourceWith(MODULES, text, options);
}
