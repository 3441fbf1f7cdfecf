// SOURCE strings → Source objects (Node). The one place that knows every transport.

import { readlinkSync, statSync } from "node:fs";
import { createSimSource } from "../sim/index.js";
import { describeBroker, isFleetSpec, parseSourceSpec, SourceSpecError, type SourceSpec } from "../sources/spec.js";
import type { Source } from "../sources/source.js";
import { createBleSource, createBluetoothSppSource } from "./bluetooth/index.js";
import { createMqttDeviceSource } from "./mqtt/device-source.js";
import { createReplaySource } from "./replay.js";
import { createFileSource, createGpsdSource, createSerialSource, createStdinSource, createTcpSource, createUdpSource } from "./sources/index.js";

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

/**
 * A character device that may be a serial port, symlinks followed (a udev name such as /dev/gps0 → ttyUSB0,
 * a socat pty link). One that Linux files under another class than tty (/dev/null, /dev/zero, /dev/urandom
 * are "mem") is not: it is read as a file. Where sysfs does not say (pseudo-terminals, other systems), it may be.
 */
export function isSerialDevice(path: string): boolean {
  let rdev: number;
  try {
    const info = statSync(path);
    if (!info.isCharacterDevice()) return false;
    rdev = info.rdev;
  } catch {
    return false;
  }
  // Linux's dev_t: major in bits 8-19, minor in bits 0-7 and 20-31.
  const major = (rdev >>> 8) & 0xfff;
  const minor = (rdev & 0xff) | ((rdev >>> 12) & 0xfff00);
  try {
    return /\/tty$/.test(readlinkSync(`/sys/dev/char/${major}:${minor}/subsystem`));
  } catch {
    return true;
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
  // Any other path that names a serial device is a serial port, whatever its name; file:// keeps it a file.
  else if (spec.kind === "file" && !/^file:\/\//i.test(text) && isSerialDevice(spec.path)) spec = { kind: "serial", path: spec.path };
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
