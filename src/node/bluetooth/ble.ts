// `ble://MAC`: a BLE receiver or bridge streaming NMEA as GATT notifications (Nordic UART service,
// or the HM-10 style FFE0/FFE1 pair) through BlueZ on D-Bus. Notifications carry at most MTU-3
// bytes, so sentences arrive split; the framer reassembles them, this source passes bytes on as
// they come. Writes go to the RX characteristic in MTU-3 pieces.

import { SourceError } from "../../sources/source.js";
import { createLinkSource, type Link, type LinkHandlers, type LinkSource } from "../../sources/link-source.js";
import { resolveReconnect, type ReconnectOptions } from "../../sources/reconnect.js";
import {
  ADAPTER_IFACE,
  BluetoothError,
  connectBluez,
  DEVICE_IFACE,
  GATT_CHARACTERISTIC_IFACE,
  GATT_SERVICE_IFACE,
  OBJECT_MANAGER_IFACE,
  PROPERTIES_IFACE,
  unwrapProperties,
  type BluezConnection,
  type ConnectOptions,
  type ManagedObjects,
  type Signal,
} from "./dbus.js";
import { FFE0_SERVICE_UUID, NUS_SERVICE_UUID, requireAddress } from "./devices.js";

/** A GATT service with the characteristic the receiver notifies on (tx) and the one it takes writes on (rx). */
export interface BleServiceSpec {
  service: string;
  /** Notified by the receiver (its transmit line). */
  tx: string;
  /** Written by us (its receive line); may be the same characteristic as tx. */
  rx: string;
}

export type BleServicePreset = "nus" | "ffe0";

export const BLE_SERVICE_PRESETS: Readonly<Record<BleServicePreset, BleServiceSpec>> = {
  nus: { service: NUS_SERVICE_UUID, tx: "6e400003-b5a3-f393-e0a9-e50e24dcca9e", rx: "6e400002-b5a3-f393-e0a9-e50e24dcca9e" },
  ffe0: { service: FFE0_SERVICE_UUID, tx: "0000ffe1-0000-1000-8000-00805f9b34fb", rx: "0000ffe1-0000-1000-8000-00805f9b34fb" },
};

const SERVICE_LABEL: Readonly<Record<string, string>> = { [NUS_SERVICE_UUID]: "Nordic UART", [FFE0_SERVICE_UUID]: "FFE0" };

export interface BleSourceOptions extends ConnectOptions {
  /** Which GATT service carries NMEA. Default: Nordic UART, else FFE0/FFE1, whichever the device has. */
  service?: BleServicePreset | BleServiceSpec;
  /** Adapter to use (`hci0`). Default: the one that knows the device. */
  adapter?: string;
  /** Reconnect after the link drops, with capped backoff. Default true. */
  reconnect?: boolean | ReconnectOptions;
  /** How long to wait for BlueZ to find the device, connect and resolve its services (ms). Default 20000. */
  connectTimeoutMs?: number;
  /** Bytes per write. Default: the characteristic's MTU - 3 where BlueZ reports it, else 20. */
  writeChunkBytes?: number;
}

export interface BleSource extends LinkSource {
  /** The service in use once connected. */
  readonly service: BleServiceSpec | undefined;
}

const lower = (spec: BleServiceSpec): BleServiceSpec => ({ service: spec.service.toLowerCase(), tx: spec.tx.toLowerCase(), rx: spec.rx.toLowerCase() });

export function createBleSource(address: string, options: BleSourceOptions = {}): BleSource {
  const mac = requireAddress(address);
  const name = `ble://${mac}`;
  const candidates =
    options.service === undefined
      ? [BLE_SERVICE_PRESETS.nus, BLE_SERVICE_PRESETS.ffe0]
      : [lower(typeof options.service === "string" ? BLE_SERVICE_PRESETS[options.service] : options.service)];
  const connectTimeoutMs = options.connectTimeoutMs ?? 20_000;
  if (options.writeChunkBytes !== undefined && !(Number.isInteger(options.writeChunkBytes) && options.writeChunkBytes > 0)) {
    throw new TypeError(`invalid writeChunkBytes ${options.writeChunkBytes}: a positive integer`);
  }
  let inUse: BleServiceSpec | undefined;

  const connect = async (handlers: LinkHandlers): Promise<Link> => {
    let connection: BluezConnection;
    try {
      connection = await connectBluez(options);
    } catch (error) {
      throw asSourceError(name, error);
    }
    const cleanups: Array<() => void | Promise<void>> = [() => connection.close()];
    const cleanup = async (): Promise<void> => {
      for (const step of cleanups.splice(0).reverse()) await Promise.resolve(step()).catch(() => undefined);
    };
    try {
      const link = await open(connection, handlers, cleanups);
      return link;
    } catch (error) {
      await cleanup();
      throw asSourceError(name, error);
    }

    async function open(bus: BluezConnection, h: LinkHandlers, onClose: typeof cleanups): Promise<Link> {
      const deadline = Date.now() + connectTimeoutMs;
      const { Variant } = await import("dbus-next");
      // Signals first, so nothing between a call and its effect is missed.
      const watchers = new Set<(signal: Signal) => void>();
      const unsubscribe = await bus.subscribe((signal) => {
        for (const watch of [...watchers]) watch(signal);
      });
      onClose.push(unsubscribe);

      const devicePath = await findDevice(bus, mac, options.adapter, deadline, watchers, Variant);
      let objects = await bus.getManagedObjects();
      const deviceProps = objects.get(devicePath)?.get(DEVICE_IFACE) ?? {};
      let lost = false;
      let ready = false;
      const deviceChanged = new Set<(changed: Record<string, unknown>) => void>();
      watchers.add((signal) => {
        if (signal.interface === PROPERTIES_IFACE && signal.member === "PropertiesChanged" && signal.path === devicePath && signal.body[0] === DEVICE_IFACE) {
          const changed = unwrapProperties(signal.body[1]);
          for (const listener of [...deviceChanged]) listener(changed);
          if (changed["Connected"] === false && ready && !lost) {
            lost = true;
            h.lost("device disconnected");
          }
        } else if (signal.interface === OBJECT_MANAGER_IFACE && signal.member === "InterfacesRemoved" && signal.body[0] === devicePath && ready && !lost) {
          lost = true;
          h.lost("device removed from BlueZ");
        }
      });
      bus.onBroken((reason) => {
        if (ready && !lost) {
          lost = true;
          h.lost(`D-Bus connection lost: ${reason}`);
        }
      });

      if (deviceProps["ServicesResolved"] !== true) {
        const resolved = waitFor(
          deviceChanged,
          (changed) => changed["ServicesResolved"] === true,
          deadline,
          `${name}: connected but services were not resolved`,
        );
        if (deviceProps["Connected"] !== true) {
          try {
            await bus.call(devicePath, DEVICE_IFACE, "Connect", undefined, undefined, Math.max(1, deadline - Date.now()));
            onClose.push(() => bus.call(devicePath, DEVICE_IFACE, "Disconnect").then(() => undefined));
          } catch (error) {
            const message = error instanceof Error ? error.message : String(error);
            if (!/AlreadyConnected|InProgress/.test(message)) {
              resolved.cancel();
              throw new BluetoothError(`${name}: cannot connect (${message.replace(/^Connect on \S+: /, "")})`, "bluez-error", { cause: error });
            }
          }
        }
        // The Connect reply may come after ServicesResolved: read the state once more before waiting.
        objects = await bus.getManagedObjects();
        if (objects.get(devicePath)?.get(DEVICE_IFACE)?.["ServicesResolved"] === true) resolved.cancel();
        else await resolved.promise;
        objects = await bus.getManagedObjects();
      }

      const found = findCharacteristics(objects, devicePath, candidates);
      if (found === undefined) {
        const services = servicesOf(objects, devicePath);
        throw new BluetoothError(
          `${name} has no ${candidates.map((c) => SERVICE_LABEL[c.service] ?? c.service).join(" or ")} service (it offers ${services.length === 0 ? "none" : services.join(", ")})`,
          "no-device",
        );
      }
      const { spec, txPath, rxPath, rxMtu } = found;
      const chunkBytes = options.writeChunkBytes ?? (rxMtu !== undefined && rxMtu > 3 ? rxMtu - 3 : 20);
      watchers.add((signal) => {
        if (
          signal.path !== txPath ||
          signal.interface !== PROPERTIES_IFACE ||
          signal.member !== "PropertiesChanged" ||
          signal.body[0] !== GATT_CHARACTERISTIC_IFACE
        )
          return;
        const value = unwrapProperties(signal.body[1])["Value"];
        if (value instanceof Uint8Array && value.length > 0) h.data(Uint8Array.from(value));
      });
      await bus.call(txPath, GATT_CHARACTERISTIC_IFACE, "StartNotify");
      onClose.push(() => bus.call(txPath, GATT_CHARACTERISTIC_IFACE, "StopNotify").then(() => undefined));
      inUse = spec;
      ready = true;
      const label = SERVICE_LABEL[spec.service] ?? spec.service;
      h.event({ type: "connected", detail: `${name} (${label} service, ${chunkBytes}-byte writes)` });

      return {
        write: async (bytes) => {
          if (lost) throw new SourceError(`${name}: cannot write (disconnected)`, { disconnected: true });
          for (let at = 0; at < bytes.length; at += chunkBytes) {
            const piece = Buffer.from(bytes.subarray(at, at + chunkBytes));
            try {
              await bus.call(rxPath, GATT_CHARACTERISTIC_IFACE, "WriteValue", "aya{sv}", [piece, {}]);
            } catch (error) {
              throw new SourceError(`${name}: write failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
            }
          }
        },
        close: async () => {
          lost = true;
          await cleanup();
        },
      };
    }
  };

  const source = createLinkSource({ name, connect, reconnect: resolveReconnect(options.reconnect, true) });
  return Object.defineProperty(source, "service", { get: () => inUse, enumerable: true }) as BleSource;
}

/** The device's object path; scans for it (up to the deadline) when BlueZ does not know it yet. */
async function findDevice(
  bus: BluezConnection,
  mac: string,
  adapter: string | undefined,
  deadline: number,
  watchers: Set<(signal: Signal) => void>,
  Variant: typeof import("dbus-next").Variant,
): Promise<string> {
  const objects = await bus.getManagedObjects();
  const adapters = [...objects].filter(([path, ifaces]) => ifaces.has(ADAPTER_IFACE) && (adapter === undefined || path.endsWith(`/${adapter}`)));
  if (adapters.length === 0) {
    throw new BluetoothError(adapter === undefined ? "BlueZ sees no Bluetooth adapter" : `no Bluetooth adapter ${adapter}`, "no-adapter");
  }
  const isOurs = (path: string, props: Record<string, unknown> | undefined): boolean =>
    typeof props?.["Address"] === "string" && props["Address"].toUpperCase() === mac && (adapter === undefined || path.startsWith(`/org/bluez/${adapter}/`));
  for (const [path, ifaces] of objects) if (isOurs(path, ifaces.get(DEVICE_IFACE))) return path;

  // Unknown to BlueZ: an LE scan makes it appear (InterfacesAdded) if it advertises.
  const scanning = adapters.filter(([, ifaces]) => ifaces.get(ADAPTER_IFACE)?.["Powered"] === true).map(([path]) => path);
  if (scanning.length === 0)
    throw new BluetoothError(`BlueZ does not know ${mac} and no adapter is powered on to scan for it (bluetoothctl power on)`, "no-device");
  const appeared = new Set<(path: string) => void>();
  const watch = (signal: Signal): void => {
    if (signal.interface !== OBJECT_MANAGER_IFACE || signal.member !== "InterfacesAdded") return;
    const [path, interfaces] = signal.body as [string, Record<string, unknown> | undefined];
    const props = interfaces?.[DEVICE_IFACE];
    if (props !== undefined && isOurs(path, unwrapProperties(props))) for (const listener of [...appeared]) listener(path);
  };
  watchers.add(watch);
  const found = waitFor(appeared, () => true, deadline, `BlueZ does not know ${mac} and a scan did not find it (is it on, advertising, in range?)`);
  const started: string[] = [];
  try {
    for (const path of scanning) {
      await bus.call(path, ADAPTER_IFACE, "SetDiscoveryFilter", "a{sv}", [{ Transport: new Variant("s", "le") }]).catch(() => undefined);
      await bus.call(path, ADAPTER_IFACE, "StartDiscovery").then(
        () => started.push(path),
        () => undefined,
      );
    }
    return await found.promise;
  } finally {
    found.cancel();
    watchers.delete(watch);
    for (const path of started) await bus.call(path, ADAPTER_IFACE, "StopDiscovery").catch(() => undefined);
  }
}

/** Resolves with the first value `accept`ed from `listeners`, or rejects at the deadline. */
function waitFor<T>(
  listeners: Set<(value: T) => void>,
  accept: (value: T) => boolean,
  deadline: number,
  timeoutMessage: string,
): { promise: Promise<T>; cancel(): void } {
  let cancel = (): void => undefined;
  const promise = new Promise<T>((resolve, reject) => {
    const listener = (value: T): void => {
      if (!accept(value)) return;
      done();
      resolve(value);
    };
    const timer = setTimeout(
      () => {
        done();
        reject(new BluetoothError(timeoutMessage, "timeout"));
      },
      Math.max(0, deadline - Date.now()),
    );
    const done = (): void => {
      clearTimeout(timer);
      listeners.delete(listener);
    };
    cancel = done;
    listeners.add(listener);
  });
  promise.catch(() => undefined); // a cancelled wait is never awaited
  return { promise, cancel: () => cancel() };
}

interface FoundCharacteristics {
  spec: BleServiceSpec;
  txPath: string;
  rxPath: string;
  rxMtu: number | undefined;
}

function findCharacteristics(objects: ManagedObjects, devicePath: string, candidates: readonly BleServiceSpec[]): FoundCharacteristics | undefined {
  for (const spec of candidates) {
    for (const [servicePath, ifaces] of objects) {
      const service = ifaces.get(GATT_SERVICE_IFACE);
      if (service === undefined || !servicePath.startsWith(`${devicePath}/`) || String(service["UUID"]).toLowerCase() !== spec.service) continue;
      let txPath: string | undefined;
      let rxPath: string | undefined;
      let rxMtu: number | undefined;
      for (const [charPath, charIfaces] of objects) {
        const char = charIfaces.get(GATT_CHARACTERISTIC_IFACE);
        if (char === undefined || char["Service"] !== servicePath) continue;
        const uuid = String(char["UUID"]).toLowerCase();
        if (uuid === spec.tx) txPath = charPath;
        if (uuid === spec.rx) {
          rxPath = charPath;
          rxMtu = typeof char["MTU"] === "number" ? char["MTU"] : undefined;
        }
      }
      if (txPath !== undefined && rxPath !== undefined) return { spec, txPath, rxPath, rxMtu };
    }
  }
  return undefined;
}

function servicesOf(objects: ManagedObjects, devicePath: string): string[] {
  const uuids: string[] = [];
  for (const [path, ifaces] of objects) {
    const uuid = ifaces.get(GATT_SERVICE_IFACE)?.["UUID"];
    if (path.startsWith(`${devicePath}/`) && typeof uuid === "string") uuids.push(SERVICE_LABEL[uuid.toLowerCase()] ?? uuid);
  }
  return uuids;
}

function asSourceError(name: string, error: unknown): SourceError {
  if (error instanceof SourceError) return error;
  const message = error instanceof Error ? error.message : String(error);
  return new SourceError(message.startsWith(name) ? message : `${name}: ${message}`, { cause: error });
}
