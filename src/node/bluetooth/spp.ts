// `bt://MAC`: a classic Bluetooth receiver over the serial port profile. On Linux the data path is
// an RFCOMM tty (/dev/rfcommN, made by `rfcomm bind`), which is a serial port: this source finds
// the tty bound to the address and hands the rest to the serial source (reconnects included).
// BlueZ's own SPP route (Profile1.NewConnection) passes a unix fd, which dbus-next cannot receive
// without a native addon, hence the tty.

import { execFile } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { LinkEvent } from "../../types.js";
import { SourceError, type Source } from "../../sources/source.js";
import { createSerialSource, type SerialSource, type SerialSourceOptions } from "../sources/serial.js";
import type { ConnectOptions } from "./dbus.js";
import { normalizeAddress, requireAddress } from "./devices.js";
import { listBluetoothDevices } from "./list.js";

export interface BluetoothSppSourceOptions extends Pick<SerialSourceOptions, "baudRate" | "reconnect" | "hunt" | "createPort"> {
  /** RFCOMM channel for `rfcomm bind` (default 1, what most GPS receivers use). */
  channel?: number;
  /** Run `rfcomm bind` when nothing is bound to the address (needs root or CAP_NET_ADMIN). Default false: the error gives the command. */
  bind?: boolean;
  /** The rfcomm tool (BlueZ's, Debian package bluez) for `bind`. Default `rfcomm` on the PATH. */
  rfcommCommand?: string;
  /** Where the kernel lists RFCOMM ttys with their `address` (default /sys/class/tty). */
  sysfsTtyDir?: string;
  /** Where their device nodes are (default /dev). */
  devDir?: string;
  /** Ask BlueZ about an unbound device to say what is missing (pairing, SPP). Default true; silent without BlueZ. */
  checkBluez?: boolean | ConnectOptions;
}

export interface RfcommBinding {
  /** `/dev/rfcomm0` */
  path: string;
  /** `rfcomm0` */
  tty: string;
  address: string;
  channel: number | undefined;
}

export interface BluetoothSppSource extends Source {
  /** The RFCOMM tty in use once open. */
  readonly path: string | undefined;
  readonly bytesWritten: number;
  write(bytes: Uint8Array): Promise<void>;
  onLink(listener: (event: LinkEvent) => void): () => void;
}

interface TtyDirs {
  sysfsTtyDir?: string;
  devDir?: string;
}

const readTrimmed = (path: string): string | undefined => {
  try {
    return readFileSync(path, "utf8").trim();
  } catch {
    return undefined; // a tty that vanished while listing
  }
};

/** RFCOMM ttys the kernel has bound (sysfs `rfcommN/address` and `channel`), by tty number. */
export function listRfcommBindings(dirs: TtyDirs = {}): RfcommBinding[] {
  const sysfs = dirs.sysfsTtyDir ?? "/sys/class/tty";
  const dev = dirs.devDir ?? "/dev";
  let names: string[];
  try {
    names = readdirSync(sysfs).filter((n) => /^rfcomm\d+$/.test(n));
  } catch {
    return [];
  }
  const bindings: RfcommBinding[] = [];
  for (const tty of names) {
    const address = normalizeAddress(readTrimmed(join(sysfs, tty, "address")) ?? "");
    if (address === undefined) continue;
    const channel = Number(readTrimmed(join(sysfs, tty, "channel")));
    bindings.push({ path: join(dev, tty), tty, address, channel: Number.isInteger(channel) && channel > 0 ? channel : undefined });
  }
  return bindings.sort((a, b) => Number(a.tty.slice(6)) - Number(b.tty.slice(6)));
}

export function findRfcommBinding(address: string, dirs: TtyDirs = {}): RfcommBinding | undefined {
  const mac = normalizeAddress(address);
  return listRfcommBindings(dirs).find((b) => b.address === mac);
}

/** The lowest rfcommN that is neither bound nor present in /dev. */
export function freeRfcommNumber(dirs: TtyDirs = {}): number {
  const taken = new Set(listRfcommBindings(dirs).map((b) => Number(b.tty.slice(6))));
  for (let n = 0; ; n++) if (!taken.has(n) && !existsSync(join(dirs.devDir ?? "/dev", `rfcomm${n}`))) return n;
}

export function createBluetoothSppSource(address: string, options: BluetoothSppSourceOptions = {}): BluetoothSppSource {
  const mac = requireAddress(address);
  const channel = options.channel ?? 1;
  if (!(Number.isInteger(channel) && channel >= 1 && channel <= 30)) throw new TypeError(`invalid RFCOMM channel ${channel}: 1 to 30`);
  const name = `bt://${mac}`;
  const dirs: TtyDirs = {
    ...(options.sysfsTtyDir === undefined ? {} : { sysfsTtyDir: options.sysfsTtyDir }),
    ...(options.devDir === undefined ? {} : { devDir: options.devDir }),
  };
  const listeners = new Set<(event: LinkEvent) => void>();
  let serial: SerialSource | undefined;
  let serialPath: string | undefined;
  let closed = false;

  const emit = (event: LinkEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  const resolveTty = async (): Promise<RfcommBinding> => {
    const bound = findRfcommBinding(mac, dirs);
    if (bound !== undefined) return bound;
    const n = freeRfcommNumber(dirs);
    if (options.bind === true) {
      await run(options.rfcommCommand ?? "rfcomm", ["bind", String(n), mac, String(channel)]).catch((error: unknown) => {
        const why = error instanceof Error ? error.message : String(error);
        throw new SourceError(`${name}: \`rfcomm bind ${n} ${mac} ${channel}\` failed (${why}); run it as root: sudo rfcomm bind ${n} ${mac} ${channel}`, {
          cause: error,
        });
      });
      const made = findRfcommBinding(mac, dirs);
      if (made !== undefined) {
        emit({ type: "info", message: `bound ${made.path} (rfcomm bind ${n} ${mac} ${channel})` });
        return made;
      }
    }
    const hint =
      options.checkBluez === false
        ? undefined
        : await bluezHint(mac, options.checkBluez === true || options.checkBluez === undefined ? {} : options.checkBluez);
    throw new SourceError(
      `${name}: no RFCOMM tty is bound to it${hint === undefined ? "" : ` (${hint})`}; bind one with: sudo rfcomm bind ${n} ${mac} ${channel}  (then /dev/rfcomm${n} also works as a serial SOURCE)`,
    );
  };

  return {
    name,
    live: true,
    get path() {
      return serialPath;
    },
    get bytesWritten() {
      return serial?.bytesWritten ?? 0;
    },
    async open() {
      if (serial !== undefined) throw new SourceError(`${name}: already opened`);
      const binding = await resolveTty();
      if (closed) return;
      serialPath = binding.path;
      serial = createSerialSource(binding.path, {
        baudRate: options.baudRate ?? "auto",
        reconnect: options.reconnect ?? true,
        ...(options.hunt === undefined ? {} : { hunt: options.hunt }),
        ...(options.createPort === undefined ? {} : { createPort: options.createPort }),
      });
      serial.onLink(emit);
      emit({ type: "info", message: `via ${binding.path}${binding.channel === undefined ? "" : ` (RFCOMM channel ${binding.channel})`}` });
      await serial.open();
    },
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      if (serial === undefined) {
        return { next: () => Promise.reject(new SourceError(`${name}: not open`)) };
      }
      return serial[Symbol.asyncIterator]();
    },
    async write(bytes) {
      if (serial === undefined) throw new SourceError(`${name}: cannot write (not open yet)`);
      await serial.write(bytes);
    },
    async close() {
      closed = true;
      await serial?.close();
    },
    onLink(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/** What BlueZ says about an unbound device, or undefined when BlueZ is not reachable. */
async function bluezHint(mac: string, connect: ConnectOptions): Promise<string | undefined> {
  try {
    const devices = await listBluetoothDevices({ callTimeoutMs: 3000, ...connect });
    const device = devices.find((d) => d.address === mac);
    if (device === undefined) return `BlueZ does not know it: pair it first, e.g. bluetoothctl pair ${mac}`;
    const what = device.name === undefined ? "" : `${device.name}, `;
    if (!device.paired) return `${what}known to BlueZ but not paired: bluetoothctl pair ${mac}`;
    if (!device.profiles.includes("spp") && device.uuids.length > 0)
      return `${what}paired, but it announces no serial port profile (SPP); is it a BLE receiver? try ble://${mac}`;
    return `${what}paired`;
  } catch {
    return undefined;
  }
}

function run(command: string, args: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    execFile(command, args, { timeout: 10_000 }, (error, _stdout, stderr) => {
      if (error === null) resolve();
      else if (error.code === "ENOENT") reject(new Error(`${command} is not installed (Debian package bluez)`));
      else reject(new Error((stderr.trim().split("\n").pop() ?? "") || error.message));
    });
  });
}
