// BlueZ objects → gnsskit's view of Bluetooth adapters and devices, flagged by the GPS-relevant
// profiles they announce (classic SPP, BLE Nordic UART, HM-10 style FFE0).

import { ADAPTER_IFACE, DEVICE_IFACE, type ManagedObjects, type Properties } from "./dbus.js";

export const SPP_UUID = "00001101-0000-1000-8000-00805f9b34fb";
export const NUS_SERVICE_UUID = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
export const FFE0_SERVICE_UUID = "0000ffe0-0000-1000-8000-00805f9b34fb";

/** A profile a GPS receiver may stream NMEA over. */
export type BluetoothProfile = "spp" | "nus" | "ffe0";

const PROFILE_BY_UUID: ReadonlyMap<string, BluetoothProfile> = new Map([
  [SPP_UUID, "spp"],
  [NUS_SERVICE_UUID, "nus"],
  [FFE0_SERVICE_UUID, "ffe0"],
]);

export interface BluetoothAdapter {
  /** `hci0` */
  id: string;
  path: string;
  address: string | undefined;
  name: string | undefined;
  powered: boolean;
  discovering: boolean;
}

export interface BluetoothDevice {
  /** Adapter id (`hci0`) the device is known to. */
  adapter: string | undefined;
  /** `AA:BB:CC:DD:EE:FF` */
  address: string;
  name: string | undefined;
  /** User-set alias (BlueZ falls back to the name or the address). */
  alias: string | undefined;
  /** Last advertised signal strength; undefined when BlueZ has none (not seen recently). */
  rssiDbm: number | undefined;
  uuids: string[];
  paired: boolean;
  trusted: boolean;
  connected: boolean;
  /** GPS-relevant profiles among the UUIDs. */
  profiles: BluetoothProfile[];
  /** Seen advertising during this listing's discovery window (in range now). */
  seenInDiscovery: boolean;
  /** The SOURCE to give gnsskit for it, when a profile says how: `bt://…` for SPP, `ble://…` for NUS/FFE0. */
  source: string | undefined;
  /** BlueZ object path. */
  path: string;
}

const text = (value: unknown): string | undefined => (typeof value === "string" && value !== "" ? value : undefined);
const flag = (value: unknown): boolean => value === true;

export function profilesOf(uuids: readonly string[]): BluetoothProfile[] {
  const found = new Set<BluetoothProfile>();
  for (const uuid of uuids) {
    const profile = PROFILE_BY_UUID.get(uuid.toLowerCase());
    if (profile !== undefined) found.add(profile);
  }
  return (["spp", "nus", "ffe0"] as const).filter((p) => found.has(p));
}

export function adapterFrom(path: string, props: Properties): BluetoothAdapter {
  return {
    id: path.split("/").pop() ?? path,
    path,
    address: text(props["Address"]),
    name: text(props["Alias"]) ?? text(props["Name"]),
    powered: flag(props["Powered"]),
    discovering: flag(props["Discovering"]),
  };
}

export function deviceFrom(path: string, props: Properties, seenInDiscovery = false): BluetoothDevice | undefined {
  const address = text(props["Address"])?.toUpperCase();
  if (address === undefined) return undefined;
  const uuids = Array.isArray(props["UUIDs"]) ? props["UUIDs"].filter((u): u is string => typeof u === "string").map((u) => u.toLowerCase()) : [];
  const profiles = profilesOf(uuids);
  const rssi = props["RSSI"];
  const adapterPath = text(props["Adapter"]);
  const name = text(props["Name"]);
  const alias = text(props["Alias"]);
  return {
    adapter: adapterPath === undefined ? undefined : adapterPath.split("/").pop(),
    address,
    name,
    // BlueZ reports the address (with dashes) as the alias of a nameless device.
    alias: alias === undefined || alias === name || alias.replace(/-/g, ":").toUpperCase() === address ? undefined : alias,
    rssiDbm: typeof rssi === "number" && rssi !== 0 ? rssi : undefined,
    uuids,
    paired: flag(props["Paired"]),
    trusted: flag(props["Trusted"]),
    connected: flag(props["Connected"]),
    profiles,
    seenInDiscovery,
    source: profiles.includes("spp") ? `bt://${address}` : profiles.length > 0 ? `ble://${address}` : undefined,
    path,
  };
}

export interface BluetoothListing {
  adapters: BluetoothAdapter[];
  devices: BluetoothDevice[];
}

/** GPS-capable first, then paired, then by signal strength, then by address: a stable order. */
export function compareDevices(a: BluetoothDevice, b: BluetoothDevice): number {
  return (
    Number(b.profiles.length > 0) - Number(a.profiles.length > 0) ||
    Number(b.paired) - Number(a.paired) ||
    (b.rssiDbm ?? -1000) - (a.rssiDbm ?? -1000) ||
    a.address.localeCompare(b.address)
  );
}

export function listingFrom(objects: ManagedObjects, seen: ReadonlySet<string> = new Set()): BluetoothListing {
  const adapters: BluetoothAdapter[] = [];
  const devices: BluetoothDevice[] = [];
  for (const [path, interfaces] of objects) {
    const adapterProps = interfaces.get(ADAPTER_IFACE);
    if (adapterProps !== undefined) adapters.push(adapterFrom(path, adapterProps));
    const deviceProps = interfaces.get(DEVICE_IFACE);
    if (deviceProps !== undefined) {
      const device = deviceFrom(path, deviceProps, seen.has(path));
      if (device !== undefined) devices.push(device);
    }
  }
  adapters.sort((a, b) => a.id.localeCompare(b.id));
  devices.sort(compareDevices);
  return { adapters, devices };
}

/** `aa:bb:…`, `AA-BB-…` → `AA:BB:…`; undefined when it is not a Bluetooth address. */
export function normalizeAddress(address: string): string | undefined {
  const canonical = address.trim().toUpperCase().replace(/-/g, ":");
  return /^[0-9A-F]{2}(:[0-9A-F]{2}){5}$/.test(canonical) ? canonical : undefined;
}

/** The canonical address, or a TypeError for a programmer's bad argument. */
export function requireAddress(address: string): string {
  const mac = normalizeAddress(address);
  if (mac === undefined) throw new TypeError(`invalid Bluetooth address "${address}" (want AA:BB:CC:DD:EE:FF)`);
  return mac;
}
