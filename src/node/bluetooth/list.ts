// Listing Bluetooth adapters and devices over BlueZ D-Bus: what BlueZ already knows (paired and
// cached devices), optionally after a discovery window that marks the devices in range.

import {
  ADAPTER_IFACE,
  BluetoothError,
  connectBluez,
  DEVICE_IFACE,
  OBJECT_MANAGER_IFACE,
  PROPERTIES_IFACE,
  unwrapProperties,
  type ConnectOptions,
  type Properties,
} from "./dbus.js";
import { deviceFrom, listingFrom, type BluetoothDevice, type BluetoothListing } from "./devices.js";

export interface ListBluetoothOptions extends ConnectOptions {
  /** Scan this many seconds (StartDiscovery) before listing. Default 0: list what BlueZ already knows. */
  discoverSeconds?: number;
  /** Only this adapter (`hci0`). Default: every adapter. */
  adapter?: string;
  /** Ends the discovery window early. */
  signal?: AbortSignal;
  /** Each device announced or updated during discovery, as it happens. */
  onDevice?: (device: BluetoothDevice) => void;
  /** Things worth telling the user that do not stop the listing (adapter powered off, discovery refused). */
  onNote?: (note: string) => void;
}

/** Adapters and devices; throws a BluetoothError (one-line message) without a bus, BlueZ or adapter. */
export async function listBluetooth(options: ListBluetoothOptions = {}): Promise<BluetoothListing> {
  const discoverSeconds = options.discoverSeconds ?? 0;
  if (!(discoverSeconds >= 0) || !Number.isFinite(discoverSeconds)) throw new TypeError(`invalid discovery time ${discoverSeconds} s`);
  const connection = await connectBluez(options);
  const { Variant } = await import("dbus-next");
  try {
    const objects = await connection.getManagedObjects();
    let listing = select(listingFrom(objects), options.adapter);
    if (discoverSeconds === 0 || options.signal?.aborted === true) return listing;

    // Updates carry only what changed: merge them into what BlueZ said before, to report whole devices.
    const known = new Map<string, Properties>();
    for (const [path, interfaces] of objects) {
      const props = interfaces.get(DEVICE_IFACE);
      if (props !== undefined) known.set(path, props);
    }
    const seen = new Set<string>();
    const inScope = (path: string): boolean => options.adapter === undefined || path.startsWith(`/org/bluez/${options.adapter}/`);
    const report = (path: string, props: Properties): void => {
      const merged = { ...known.get(path), ...props };
      known.set(path, merged);
      seen.add(path);
      const device = deviceFrom(path, merged, true);
      if (device !== undefined) options.onDevice?.(device);
    };
    const unsubscribe = await connection.subscribe((signal) => {
      if (!inScope(signal.path) && signal.member !== "InterfacesAdded") return;
      if (signal.interface === OBJECT_MANAGER_IFACE && signal.member === "InterfacesAdded") {
        const [path, interfaces] = signal.body as [string, Record<string, unknown>];
        const props = interfaces?.[DEVICE_IFACE];
        if (typeof path === "string" && inScope(path) && props !== undefined) report(path, unwrapProperties(props));
      } else if (signal.interface === PROPERTIES_IFACE && signal.member === "PropertiesChanged" && signal.body[0] === DEVICE_IFACE) {
        const changed = unwrapProperties(signal.body[1]);
        // An RSSI (or new advertisement data) means it is advertising now; other changes do not.
        if ("RSSI" in changed || "ManufacturerData" in changed || "ServiceData" in changed) report(signal.path, changed);
      }
    });

    const started: string[] = [];
    try {
      for (const adapter of listing.adapters) {
        if (!adapter.powered) {
          options.onNote?.(`${adapter.id} is powered off, not scanning with it (bluetoothctl power on)`);
          continue;
        }
        try {
          // Both radios: classic SPP receivers answer inquiry, BLE ones advertise.
          await connection.call(adapter.path, ADAPTER_IFACE, "SetDiscoveryFilter", "a{sv}", [{ Transport: new Variant("s", "auto") }]).catch(() => undefined);
          await connection.call(adapter.path, ADAPTER_IFACE, "StartDiscovery");
          started.push(adapter.path);
        } catch (error) {
          const message = error instanceof Error ? error.message : String(error);
          // InProgress: another client is scanning already, which serves as well.
          if (!/InProgress/.test(message)) options.onNote?.(`${adapter.id}: discovery refused (${message})`);
        }
      }
      if (started.length > 0 || listing.adapters.some((a) => a.discovering)) await sleep(discoverSeconds * 1000, options.signal);
      listing = select(listingFrom(await connection.getManagedObjects(), seen), options.adapter);
    } finally {
      unsubscribe();
      for (const path of started) await connection.call(path, ADAPTER_IFACE, "StopDiscovery").catch(() => undefined);
    }
    return listing;
  } finally {
    connection.close();
  }
}

/** The devices BlueZ knows (optionally after discovery), GPS-capable and paired first. */
export async function listBluetoothDevices(options: ListBluetoothOptions = {}): Promise<BluetoothDevice[]> {
  return (await listBluetooth(options)).devices;
}

function select(listing: BluetoothListing, adapter: string | undefined): BluetoothListing {
  if (listing.adapters.length === 0) {
    throw new BluetoothError("BlueZ sees no Bluetooth adapter (none plugged in, blocked by rfkill, or no Bluetooth in this kernel)", "no-adapter");
  }
  if (adapter === undefined) return listing;
  const adapters = listing.adapters.filter((a) => a.id === adapter);
  if (adapters.length === 0) {
    throw new BluetoothError(`no Bluetooth adapter ${adapter} (BlueZ has ${listing.adapters.map((a) => a.id).join(", ")})`, "no-adapter");
  }
  return { adapters, devices: listing.devices.filter((d) => d.adapter === adapter) };
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted === true) {
      resolve();
      return;
    }
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
