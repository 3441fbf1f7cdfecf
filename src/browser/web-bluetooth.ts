// A BLE receiver through Web Bluetooth (`navigator.bluetooth.requestDevice()`) as a Source: NMEA arrives as
// GATT notifications of the Nordic UART service's TX characteristic (or the HM-10 style FFE1), at most
// MTU-3 bytes each, so sentences come split; the framer reassembles them. Writes go to the RX
// characteristic in small pieces. A `gattserverdisconnected` event is a disconnect; with `reconnect`
// the source calls `gatt.connect()` again (Web Bluetooth allows that without a new user gesture).

import { SourceError } from "../sources/source.js";
import { createLinkSource, type Link, type LinkHandlers, type LinkSource } from "../sources/link-source.js";
import { resolveReconnect, type ReconnectOptions } from "../sources/reconnect.js";

/** A GATT characteristic as Web Bluetooth exposes it (the DOM lib has no Web Bluetooth types). */
export interface GattCharacteristicLike extends EventTarget {
  /** The last notified value; set before `characteristicvaluechanged` is dispatched. */
  readonly value?: DataView | null;
  readonly properties?: { write?: boolean; writeWithoutResponse?: boolean; notify?: boolean };
  startNotifications(): Promise<unknown>;
  stopNotifications?(): Promise<unknown>;
  writeValueWithoutResponse?(value: Uint8Array): Promise<void>;
  writeValueWithResponse?(value: Uint8Array): Promise<void>;
  writeValue?(value: Uint8Array): Promise<void>;
}

export interface GattServiceLike {
  getCharacteristic(uuid: string): Promise<GattCharacteristicLike>;
}

export interface GattServerLike {
  readonly connected: boolean;
  connect(): Promise<GattServerLike>;
  disconnect(): void;
  getPrimaryService(uuid: string): Promise<GattServiceLike>;
}

/** A `BluetoothDevice`: fires `gattserverdisconnected`. */
export interface BluetoothDeviceLike extends EventTarget {
  readonly id?: string;
  readonly name?: string | undefined;
  readonly gatt?: GattServerLike | undefined;
}

/** A GATT service with the characteristic the receiver notifies on (tx) and the one we write to (rx). */
export interface WebBleServiceSpec {
  service: string;
  tx: string;
  rx: string;
}

export type WebBleServicePreset = "nus" | "ffe0";

export const NUS_SERVICE_UUID = "6e400001-b5a3-f393-e0a9-e50e24dcca9e";
export const FFE0_SERVICE_UUID = "0000ffe0-0000-1000-8000-00805f9b34fb";

export const WEB_BLE_SERVICE_PRESETS: Readonly<Record<WebBleServicePreset, WebBleServiceSpec>> = {
  nus: { service: NUS_SERVICE_UUID, tx: "6e400003-b5a3-f393-e0a9-e50e24dcca9e", rx: "6e400002-b5a3-f393-e0a9-e50e24dcca9e" },
  ffe0: { service: FFE0_SERVICE_UUID, tx: "0000ffe1-0000-1000-8000-00805f9b34fb", rx: "0000ffe1-0000-1000-8000-00805f9b34fb" },
};

/** What `requestDevice` must list in `optionalServices`/`filters` for this source to reach the services. */
export const WEB_BLE_SERVICE_UUIDS: readonly string[] = [NUS_SERVICE_UUID, FFE0_SERVICE_UUID];

export interface WebBluetoothSourceOptions {
  /** Which GATT service carries NMEA. Default: Nordic UART, else FFE0/FFE1, whichever the device has. */
  service?: WebBleServicePreset | WebBleServiceSpec;
  /** Reconnect (gatt.connect() again) after the link drops, with capped backoff. Default false. */
  reconnect?: boolean | ReconnectOptions;
  /** Bytes per write (Web Bluetooth does not tell the MTU; 20 fits the smallest). Default 20. */
  writeChunkBytes?: number;
  /** Name shown in summaries. Default `webble:<device name or id>`. */
  name?: string;
}

export interface WebBluetoothSource extends LinkSource {
  /** The service in use once connected. */
  readonly service: WebBleServiceSpec | undefined;
}

const errorText = (error: unknown): string => (error instanceof Error ? `${error.name}: ${error.message}` : String(error));

const lower = (spec: WebBleServiceSpec): WebBleServiceSpec => ({ service: spec.service.toLowerCase(), tx: spec.tx.toLowerCase(), rx: spec.rx.toLowerCase() });

/** Copies a notification's bytes: the DataView may be reused by the browser for the next one. */
function bytesOf(view: DataView): Uint8Array {
  return new Uint8Array(view.buffer.slice(view.byteOffset, view.byteOffset + view.byteLength));
}

export function createWebBluetoothSource(device: BluetoothDeviceLike, options: WebBluetoothSourceOptions = {}): WebBluetoothSource {
  const gatt = device.gatt;
  if (gatt === undefined) throw new TypeError("this Bluetooth device has no GATT server (Web Bluetooth reaches BLE devices only)");
  const name = options.name ?? `webble:${device.name ?? device.id ?? "device"}`;
  const candidates =
    options.service === undefined
      ? [WEB_BLE_SERVICE_PRESETS.nus, WEB_BLE_SERVICE_PRESETS.ffe0]
      : [lower(typeof options.service === "string" ? WEB_BLE_SERVICE_PRESETS[options.service] : options.service)];
  const writeChunkBytes = options.writeChunkBytes ?? 20;
  if (!(Number.isInteger(writeChunkBytes) && writeChunkBytes > 0)) throw new TypeError(`invalid writeChunkBytes ${writeChunkBytes}: a positive integer`);
  let inUse: WebBleServiceSpec | undefined;

  const connect = async (handlers: LinkHandlers): Promise<Link> => {
    let server: GattServerLike;
    try {
      server = await gatt.connect();
    } catch (error) {
      throw new SourceError(`${name}: GATT connect failed: ${errorText(error)}`, { cause: error, disconnected: true });
    }
    let spec: WebBleServiceSpec | undefined;
    let service: GattServiceLike | undefined;
    const misses: string[] = [];
    for (const candidate of candidates) {
      try {
        service = await server.getPrimaryService(candidate.service);
        spec = candidate;
        break;
      } catch (error) {
        misses.push(`${candidate.service}: ${errorText(error)}`);
      }
    }
    if (spec === undefined || service === undefined) {
      gatt.disconnect();
      throw new SourceError(`${name}: no NMEA service (${misses.join("; ")}); list it in requestDevice's optionalServices`);
    }
    let tx: GattCharacteristicLike;
    let rx: GattCharacteristicLike;
    try {
      tx = await service.getCharacteristic(spec.tx);
      rx = spec.rx === spec.tx ? tx : await service.getCharacteristic(spec.rx);
    } catch (error) {
      gatt.disconnect();
      throw new SourceError(`${name}: characteristic missing: ${errorText(error)}`, { cause: error });
    }
    inUse = spec;

    const onValue = (event: Event): void => {
      const target = event.target as GattCharacteristicLike | null;
      const view = target?.value;
      if (view) handlers.data(bytesOf(view));
    };
    const onDisconnected = (): void => handlers.lost("GATT server disconnected");
    tx.addEventListener("characteristicvaluechanged", onValue);
    device.addEventListener("gattserverdisconnected", onDisconnected);
    const detach = (): void => {
      tx.removeEventListener("characteristicvaluechanged", onValue);
      device.removeEventListener("gattserverdisconnected", onDisconnected);
    };
    try {
      await tx.startNotifications();
    } catch (error) {
      detach();
      gatt.disconnect();
      throw new SourceError(`${name}: cannot start notifications: ${errorText(error)}`, { cause: error });
    }
    handlers.event({ type: "connected", detail: `${name} (${spec.service === NUS_SERVICE_UUID ? "Nordic UART" : spec.service})` });

    const writeOne = async (piece: Uint8Array): Promise<void> => {
      const props = rx.properties;
      if (rx.writeValueWithoutResponse && props?.writeWithoutResponse !== false) return rx.writeValueWithoutResponse(piece);
      if (rx.writeValueWithResponse) return rx.writeValueWithResponse(piece);
      if (rx.writeValue) return rx.writeValue(piece);
      throw new SourceError(`${name}: the RX characteristic takes no writes`);
    };

    return {
      async write(bytes) {
        try {
          for (let at = 0; at < bytes.byteLength; at += writeChunkBytes) await writeOne(bytes.slice(at, at + writeChunkBytes));
        } catch (error) {
          if (error instanceof SourceError) throw error;
          throw new SourceError(`${name}: write failed: ${errorText(error)}`, { cause: error, disconnected: !gatt.connected });
        }
      },
      async close() {
        detach();
        await tx.stopNotifications?.().catch(() => undefined);
        if (gatt.connected) gatt.disconnect();
      },
    };
  };

  const link = createLinkSource({ name, connect, reconnect: resolveReconnect(options.reconnect, false) });
  return Object.defineProperty(link, "service", { get: () => inUse, enumerable: true }) as WebBluetoothSource;
}
