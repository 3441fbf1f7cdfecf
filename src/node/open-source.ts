// SOURCE strings → Source objects (Node). The one place that knows every transport.

import { statSync } from "node:fs";
import { createSimSource } from "../sim/index.js";
import { describeBroker, isFleetSpec, parseSourceSpec, SourceSpecError, type SourceSpec } from "../sources/spec.js";
import type { Source } from "../sources/source.js";
import { createBleSource, createBluetoothSppSource } from "./bluetooth/index.js";
import { createMqttDeviceSource } from "./mqtt/device-source.js";
import { createReplaySource } from "./replay.js";
import {
  createFileSource,
  createGpsdSource,
  createSerialSource,
  createStdinSource,
  createTcpSource,
  createUdpSource,
} from "./sources/index.js";

export interface OpenSourceOptions {
  /** Serial speed: a number or "auto" (default). */
  baud?: number | "auto";
  /** For a log file: replay it at this pace (1 = as recorded) instead of as fast as possible. */
  speed?: number;
  /** Reconnect live links (serial, TCP) after a disconnect (default true). */
  reconnect?: boolean;
}

function isRegularFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false; // missing or unreadable: the serial/file source reports it with its own message
  }
}

/** A character device, symlinks followed (a udev name such as /dev/gps0 → ttyUSB0, a socat pty link). */
function isCharacterDevice(path: string): boolean {
  try {
    return statSync(path).isCharacterDevice();
  } catch {
    return false;
  }
}

export function describeSpec(spec: SourceSpec): string {
  switch (spec.kind) {
    case "stdin":
      return "standard input";
    case "file":
    case "serial":
      return spec.path;
    case "tcp":
      return `tcp://${spec.host}:${spec.port}`;
    case "udp":
      return `udp://${spec.host ?? ""}:${spec.port}`;
    case "gpsd":
      return `gpsd://${spec.host}:${spec.port}${spec.device ?? ""}`;
    case "bt":
      return `bt://${spec.address}`;
    case "ble":
      return `ble://${spec.address}`;
    case "sim":
      return spec.spec;
    case "mqtt":
      return `${describeBroker(spec.broker)}/${spec.prefix}/${spec.device}`;
  }
}

/** Open nothing yet: build the Source for a SOURCE string. Throws SourceSpecError (or a TypeError from a factory) on bad strings. */
export function openSource(text: string, options: OpenSourceOptions = {}): Source {
  let spec = parseSourceSpec(text);
  if (spec.kind === "serial" && isRegularFile(spec.path)) spec = { kind: "file", path: spec.path };
  // Any other path that names a device is a serial port, whatever its name; file:// keeps it a file.
  else if (spec.kind === "file" && !/^file:\/\//i.test(text) && isCharacterDevice(spec.path)) spec = { kind: "serial", path: spec.path };
  const reconnect = options.reconnect ?? true;
  switch (spec.kind) {
    case "stdin":
      return createStdinSource();
    case "file":
      return options.speed === undefined ? createFileSource(spec.path) : createReplaySource(spec.path, { speed: options.speed });
    case "serial":
      return createSerialSource(spec.path, { baudRate: options.baud ?? "auto", reconnect });
    case "tcp":
      return createTcpSource(spec.host, spec.port, { reconnect });
    case "udp":
      return createUdpSource(spec.port, spec.host === undefined ? {} : { host: spec.host });
    case "gpsd":
      return createGpsdSource(spec.host, spec.port, spec.device === undefined ? {} : { device: spec.device });
    case "sim":
      return createSimSource(spec.spec);
    case "bt":
      return createBluetoothSppSource(spec.address, { baudRate: options.baud ?? "auto", reconnect });
    case "ble":
      return createBleSource(spec.address, { reconnect });
    case "mqtt":
      if (isFleetSpec(spec)) {
        throw new SourceSpecError(
          `${text}: + is every device under ${spec.prefix}: this command reads one (${spec.prefix}/DEVICE); monitor, serve, report, record and fleet stats take them all`,
        );
      }
      return createMqttDeviceSource(spec);
  }
}
