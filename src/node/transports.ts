// SOURCE strings → Source objects (Node). The one place that knows every transport: openSource (open-source.ts, the
// library's) has every transport's module loaded; openSourceOnDemand loads the one a SOURCE needs, so that a command
// line reading a file does not load the simulator, Bluetooth or the other transports (a fifth of a short run's code).

import { readlinkSync, statSync } from "node:fs";
import { describeBroker, isFleetSpec, parseSourceSpec, SourceSpecError, type SourceSpec } from "../sources/spec.js";
import type { Source } from "../sources/source.js";
import { statOrUndefined } from "./fs-errors.js";

/** The module of each transport. */
export interface TransportModules {
  stdin: typeof import("./sources/stdin.js");
  file: typeof import("./sources/file.js");
  replay: typeof import("./replay.js");
  serial: typeof import("./sources/serial.js");
  tcp: typeof import("./sources/tcp.js");
  udp: typeof import("./sources/udp.js");
  gpsd: typeof import("./sources/gpsd-client.js");
  sim: typeof import("../sim/index.js");
  bluetoothSpp: typeof import("./bluetooth/spp.js");
  ble: typeof import("./bluetooth/ble.js");
  mqtt: typeof import("./mqtt/device-source.js");
}

/** Gets a transport's module and creates the Source from it: R is a Source, or a promise of one. */
type LoadTransport<R> = <K extends keyof TransportModules>(transport: K, create: (module: TransportModules[K]) => Source) => R;

/** Each transport's module, imported when asked for. */
const IMPORT_TRANSPORT: { [K in keyof TransportModules]: () => Promise<TransportModules[K]> } = {
  stdin: () => import("./sources/stdin.js"),
  file: () => import("./sources/file.js"),
  replay: () => import("./replay.js"),
  serial: () => import("./sources/serial.js"),
  tcp: () => import("./sources/tcp.js"),
  udp: () => import("./sources/udp.js"),
  gpsd: () => import("./sources/gpsd-client.js"),
  sim: () => import("../sim/index.js"),
  bluetoothSpp: () => import("./bluetooth/spp.js"),
  ble: () => import("./bluetooth/ble.js"),
  mqtt: () => import("./mqtt/device-source.js"),
};

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

/**
 * The one switch from SOURCE strings to transports: `load(transport, create)` gets the transport's module (at once
 * for openSource, on demand for openSourceOnDemand) and creates the Source from it. Throws SourceSpecError (or a
 * TypeError from a factory) on bad strings.
 */
function openWith<R>(text: string, options: OpenSourceOptions, load: LoadTransport<R>): R {
  let spec = parseSourceSpec(text);
  if (spec.kind === "serial" && isRegularFile(spec.path)) spec = { kind: "file", path: spec.path };
  // Any other path that names a serial device is a serial port, whatever its name; file:// keeps it a file.
  else if (spec.kind === "file" && !/^file:\/\//i.test(text) && isSerialDevice(spec.path)) spec = { kind: "serial", path: spec.path };
  const reconnect = options.reconnect ?? true;
  switch (spec.kind) {
    case "stdin":
      return load("stdin", (m) => m.createStdinSource());
    case "file": {
      // a FIFO is read as it comes, paced by its writer: a paced replay reads a log twice, a FIFO gives its bytes once
      const speed = statOrUndefined(spec.path)?.isFIFO() === true ? undefined : options.speed;
      return speed === undefined ? load("file", (m) => m.createFileSource(spec.path)) : load("replay", (m) => m.createReplaySource(spec.path, { speed }));
    }
    case "serial":
      return load("serial", (m) => m.createSerialSource(spec.path, { baudRate: options.baud ?? "auto", reconnect }));
    case "tcp":
      return load("tcp", (m) => m.createTcpSource(spec.host, spec.port, { reconnect }));
    case "udp":
      return load("udp", (m) => m.createUdpSource(spec.port, spec.host === undefined ? {} : { host: spec.host }));
    case "gpsd":
      return load("gpsd", (m) => m.createGpsdSource(spec.host, spec.port, spec.device === undefined ? {} : { device: spec.device }));
    case "sim":
      return load("sim", (m) => m.createSimSource(spec.spec));
    case "bt":
      return load("bluetoothSpp", (m) => m.createBluetoothSppSource(spec.address, { baudRate: options.baud ?? "auto", reconnect }));
    case "ble":
      return load("ble", (m) => m.createBleSource(spec.address, { reconnect }));
    case "mqtt":
      if (isFleetSpec(spec)) {
        throw new SourceSpecError(
          `${text}: + is every device under ${spec.prefix}: this command reads one (${spec.prefix}/DEVICE); monitor, serve, report, record and fleet stats take them all`,
        );
      }
      return load("mqtt", (m) => m.createMqttDeviceSource(spec));
  }
}

/** Build the Source for a SOURCE string, given every transport's module. */
export function openSourceWith(modules: TransportModules, text: string, options: OpenSourceOptions = {}): Source {
  return openWith(text, options, (transport, create) => create(modules[transport]));
}

/** openSource with only the transport the SOURCE needs loaded (the command line). */
export async function openSourceOnDemand(text: string, options: OpenSourceOptions = {}): Promise<Source> {
  return openWith(text, options, async (transport, create) => create(await IMPORT_TRANSPORT[transport]()));
}
