// A thin client for BlueZ on the D-Bus system bus over dbus-next's low-level API: plain method calls
// and match-rule signal subscriptions, no introspection proxies. Proxies subscribe only to signals
// that the introspection XML declares, which python-dbusmock's BlueZ omits; raw calls behave the
// same against the real bluetoothd and the mock. dbus-next is loaded lazily (Linux-only users).

import type { MessageBus, Message as DbusMessage } from "dbus-next";

export const BLUEZ = "org.bluez";
export const ADAPTER_IFACE = "org.bluez.Adapter1";
export const DEVICE_IFACE = "org.bluez.Device1";
export const GATT_SERVICE_IFACE = "org.bluez.GattService1";
export const GATT_CHARACTERISTIC_IFACE = "org.bluez.GattCharacteristic1";
export const PROPERTIES_IFACE = "org.freedesktop.DBus.Properties";
export const OBJECT_MANAGER_IFACE = "org.freedesktop.DBus.ObjectManager";

/** A BlueZ/D-Bus failure with a one-line message meant for users. */
export class BluetoothError extends Error {
  override readonly name = "BluetoothError";
  constructor(
    message: string,
    /** What went wrong, for callers that branch: no bus, no BlueZ, no adapter, BlueZ refused a call, timed out. */
    readonly code: "no-bus" | "no-bluez" | "no-adapter" | "no-device" | "bluez-error" | "timeout" | "not-bound",
    options: { cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
  }
}

/** Properties of one interface, variants unwrapped. */
export type Properties = Record<string, unknown>;
/** GetManagedObjects: object path → interface → properties. */
export type ManagedObjects = Map<string, Map<string, Properties>>;

export interface Signal {
  path: string;
  interface: string;
  member: string;
  body: unknown[];
}

export interface BluezConnection {
  /** A method call on org.bluez; `timeoutMs` overrides the connection's call timeout (Connect can take long). */
  call(path: string, iface: string, member: string, signature?: string, body?: unknown[], timeoutMs?: number): Promise<unknown[]>;
  getManagedObjects(): Promise<ManagedObjects>;
  /** Subscribe to org.bluez signals under `pathNamespace` (default: all); returns an unsubscribe function. */
  subscribe(listener: (signal: Signal) => void, pathNamespace?: string): Promise<() => void>;
  /** Called once when the bus connection breaks. */
  onBroken(listener: (reason: string) => void): void;
  close(): void;
}

export interface ConnectOptions {
  /** D-Bus address (`unix:path=…`). Default: DBUS_SYSTEM_BUS_ADDRESS, else the standard system bus socket. */
  busAddress?: string;
  /** How long one call may take (ms). Default 10000. */
  callTimeoutMs?: number;
}

const DEFAULT_SYSTEM_BUS = "unix:path=/var/run/dbus/system_bus_socket";

export function systemBusAddress(busAddress?: string): string {
  return busAddress ?? process.env["DBUS_SYSTEM_BUS_ADDRESS"] ?? DEFAULT_SYSTEM_BUS;
}

/** D-Bus variants arrive as `{signature, value}`; nested containers keep their own variants. */
export function unwrap(value: unknown): unknown {
  if (typeof value === "object" && value !== null && "signature" in value && "value" in value) {
    return (value as { value: unknown }).value;
  }
  return value;
}

export function unwrapProperties(raw: unknown): Properties {
  const out: Properties = {};
  if (typeof raw !== "object" || raw === null) return out;
  for (const [key, value] of Object.entries(raw)) out[key] = unwrap(value);
  return out;
}

function describeBusError(error: unknown, address: string): BluetoothError {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | null)?.code;
  if (code === "ENOENT" || code === "ECONNREFUSED") {
    return new BluetoothError(`no D-Bus system bus at ${address} (${String(code)}): BlueZ is not reachable on this machine`, "no-bus", { cause: error });
  }
  if (code === "EACCES") return new BluetoothError(`permission denied on the D-Bus system bus at ${address}`, "no-bus", { cause: error });
  return new BluetoothError(`D-Bus system bus at ${address}: ${message.split("\n")[0] ?? message}`, "no-bus", { cause: error });
}

/** Turns a D-Bus error reply into a one-line BluetoothError. */
export function describeCallError(error: unknown, what: string): BluetoothError {
  if (error instanceof BluetoothError) return error;
  const type = (error as { type?: unknown } | null)?.type;
  const text = (error as { text?: unknown } | null)?.text;
  const detail = typeof text === "string" && text !== "" ? text : error instanceof Error ? error.message : String(error);
  if (type === "org.freedesktop.DBus.Error.ServiceUnknown" || type === "org.freedesktop.DBus.Error.NameHasNoOwner") {
    return new BluetoothError("BlueZ (org.bluez) is not running on the D-Bus system bus: start bluetoothd (systemctl start bluetooth)", "no-bluez", {
      cause: error,
    });
  }
  if (type === "org.freedesktop.DBus.Error.AccessDenied") {
    return new BluetoothError(`${what}: access denied by the D-Bus policy (${detail})`, "bluez-error", { cause: error });
  }
  const name = typeof type === "string" ? type.replace(/^org\.bluez\.Error\./, "") : undefined;
  // Python services (dbusmock) put a traceback in the text: its last line says what happened.
  const lines = detail
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l !== "");
  const line = (lines[0]?.startsWith("Traceback") === true ? lines.at(-1) : lines[0]) ?? "";
  return new BluetoothError(`${what}: ${name === undefined ? "" : `${name}: `}${line}`.replace(/: $/, ""), "bluez-error", { cause: error });
}

/** Opens a private connection to the system bus and checks it answers (Hello). */
export async function connectBluez(options: ConnectOptions = {}): Promise<BluezConnection> {
  const address = systemBusAddress(options.busAddress);
  const callTimeoutMs = options.callTimeoutMs ?? 10_000;
  const dbus = await import("dbus-next");
  let bus: MessageBus;
  try {
    bus = dbus.sessionBus({ busAddress: address });
  } catch (error) {
    throw describeBusError(error, address);
  }
  const brokenListeners: Array<(reason: string) => void> = [];
  let broken: string | undefined;
  let closed = false;
  const pending = new Set<(error: BluetoothError) => void>();
  const breakWith = (error: BluetoothError): void => {
    if (broken !== undefined || closed) return;
    broken = error.message;
    for (const reject of [...pending]) reject(error);
    for (const listener of brokenListeners) listener(error.message);
  };
  bus.on("error", (error: unknown) => breakWith(describeBusError(error, address)));

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      bus.disconnect();
      reject(new BluetoothError(`no answer from the D-Bus system bus at ${address}`, "no-bus"));
    }, callTimeoutMs);
    bus.once("connect", () => {
      clearTimeout(timer);
      resolve();
    });
    bus.once("error", (error: unknown) => {
      clearTimeout(timer);
      closed = true;
      try {
        bus.disconnect();
      } catch {
        // the socket never opened: nothing to close
      }
      reject(describeBusError(error, address));
    });
  });

  const rawCall = (message: DbusMessage, what: string, timeoutMs = callTimeoutMs): Promise<DbusMessage | null> =>
    new Promise((resolve, reject) => {
      if (broken !== undefined) {
        reject(new BluetoothError(broken, "no-bus"));
        return;
      }
      const fail = (error: BluetoothError): void => {
        clearTimeout(timer);
        pending.delete(fail);
        reject(error);
      };
      const timer = setTimeout(() => fail(new BluetoothError(`${what}: no answer from BlueZ within ${timeoutMs} ms`, "timeout")), timeoutMs);
      pending.add(fail);
      bus.call(message).then(
        (reply) => {
          clearTimeout(timer);
          pending.delete(fail);
          resolve(reply);
        },
        (error: unknown) => fail(describeCallError(error, what)),
      );
    });

  const busCall = (member: string, signature: string, body: unknown[]): Promise<DbusMessage | null> =>
    rawCall(
      new dbus.Message({ destination: "org.freedesktop.DBus", path: "/org/freedesktop/DBus", interface: "org.freedesktop.DBus", member, signature, body }),
      member,
    );

  const call: BluezConnection["call"] = async (path, iface, member, signature, body, timeoutMs) => {
    const message = new dbus.Message({
      destination: BLUEZ,
      path,
      interface: iface,
      member,
      ...(signature === undefined ? {} : { signature, body: body ?? [] }),
    });
    const reply = await rawCall(message, `${member} on ${path}`, timeoutMs);
    return reply?.body ?? [];
  };

  return {
    call,
    async getManagedObjects() {
      const [raw] = await call("/", OBJECT_MANAGER_IFACE, "GetManagedObjects");
      const objects: ManagedObjects = new Map();
      if (typeof raw !== "object" || raw === null) return objects;
      for (const [path, interfaces] of Object.entries(raw)) {
        const byInterface = new Map<string, Properties>();
        if (typeof interfaces === "object" && interfaces !== null) {
          for (const [iface, props] of Object.entries(interfaces)) byInterface.set(iface, unwrapProperties(props));
        }
        objects.set(path, byInterface);
      }
      return objects;
    },
    async subscribe(listener, pathNamespace) {
      // The daemon rewrites sender='org.bluez' to its owner, so only BlueZ's own signals match.
      const rule = `type='signal',sender='${BLUEZ}'${pathNamespace === undefined || pathNamespace === "/" ? "" : `,path_namespace='${pathNamespace}'`}`;
      const inNamespace = (path: string): boolean =>
        pathNamespace === undefined || pathNamespace === "/" || path === pathNamespace || path.startsWith(`${pathNamespace}/`);
      const onMessage = (message: DbusMessage): void => {
        if (message.type !== dbus.MessageType.SIGNAL || typeof message.path !== "string" || !inNamespace(message.path)) return;
        if (message.interface !== PROPERTIES_IFACE && message.interface !== OBJECT_MANAGER_IFACE) return;
        listener({ path: message.path, interface: message.interface, member: message.member, body: message.body });
      };
      await busCall("AddMatch", "s", [rule]);
      bus.on("message", onMessage);
      return () => {
        bus.removeListener("message", onMessage);
        if (!closed && broken === undefined) void busCall("RemoveMatch", "s", [rule]).catch(() => undefined);
      };
    },
    onBroken(listener) {
      brokenListeners.push(listener);
    },
    close() {
      if (closed) return;
      closed = true;
      for (const reject of [...pending]) reject(new BluetoothError("D-Bus connection closed", "no-bus"));
      bus.disconnect();
    },
  };
}
