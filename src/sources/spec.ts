// SOURCE strings of the command-line contract (DESIGN.md), parsed without opening anything.

export type SourceSpec =
  | { kind: "stdin" }
  | { kind: "file"; path: string }
  | { kind: "serial"; path: string }
  | { kind: "tcp"; host: string; port: number }
  | { kind: "udp"; host?: string; port: number }
  | { kind: "gpsd"; host: string; port: number; device?: string }
  | { kind: "bt"; address: string }
  | { kind: "ble"; address: string }
  | { kind: "sim"; spec: string }
  /** Receivers published by `gnsskit publish`: one device, or every device under the prefix (`device: "+"`). */
  | { kind: "mqtt"; broker: BrokerAddress; prefix: string; device: string };

/** An MQTT broker: `mqtt[s]://[user[:pass]@]host[:port]`. */
export interface BrokerAddress {
  protocol: "mqtt" | "mqtts";
  host: string;
  port: number;
  username?: string;
  password?: string;
}

export class SourceSpecError extends Error {
  override readonly name = "SourceSpecError";
}

const MAC = /^[0-9A-Fa-f]{2}(:[0-9A-Fa-f]{2}){5}$/;

function hostPort(rest: string, scheme: string, defaultPort?: number): { host: string; port: number } {
  // [::1]:2947, host:port, host (with a default port)
  const match = /^(\[[^\]]+\]|[^:/]*)(?::(\d+))?\/?$/.exec(rest);
  if (!match) throw new SourceSpecError(`${scheme}://${rest}: expected ${scheme}://HOST:PORT`);
  const host = (match[1] ?? "").replace(/^\[|\]$/g, "");
  const port = match[2] === undefined ? defaultPort : Number(match[2]);
  if (port === undefined) throw new SourceSpecError(`${scheme}://${rest}: a port is required (${scheme}://HOST:PORT)`);
  if (!Number.isInteger(port) || port < 1 || port > 65535) throw new SourceSpecError(`${scheme}://${rest}: port must be 1-65535`);
  return { host, port };
}

/** Parse a SOURCE argument: `-`, a path, `/dev/ttyUSB0`, `COM3`, `tcp://h:p`, `udp://:p`, `gpsd://h:p`, `bt://MAC`, `ble://MAC`, `sim:`. */
export function parseSourceSpec(text: string): SourceSpec {
  if (text === "") throw new SourceSpecError("empty SOURCE");
  if (text === "-") return { kind: "stdin" };
  if (text === "sim:" || text.startsWith("sim:?") || text === "sim") return { kind: "sim", spec: text === "sim" ? "sim:" : text };
  const scheme = /^([a-z][a-z0-9+.-]*):\/\/(.*)$/i.exec(text);
  if (scheme) {
    const name = (scheme[1] ?? "").toLowerCase();
    const rest = scheme[2] ?? "";
    switch (name) {
      case "tcp":
        return { kind: "tcp", ...hostPort(rest, "tcp") };
      case "udp": {
        const { host, port } = hostPort(rest, "udp");
        return host === "" ? { kind: "udp", port } : { kind: "udp", host, port };
      }
      case "gpsd": {
        const slash = rest.indexOf("/");
        const address = slash < 0 ? rest : rest.slice(0, slash);
        const device = slash < 0 ? undefined : rest.slice(slash + 1);
        const { host, port } = hostPort(address, "gpsd", 2947);
        const spec: SourceSpec = { kind: "gpsd", host: host === "" ? "127.0.0.1" : host, port };
        return device ? { ...spec, device: `/${device}` } : spec;
      }
      case "bt":
      case "ble":
        if (!MAC.test(rest)) throw new SourceSpecError(`${text}: expected ${name}://AA:BB:CC:DD:EE:FF`);
        return { kind: name, address: rest.toUpperCase() };
      case "file":
        return { kind: "file", path: rest };
      case "mqtt":
      case "mqtts":
        return parseMqttSpec(text);
      default:
        throw new SourceSpecError(`${text}: unknown source scheme "${name}://" (tcp, udp, gpsd, bt, ble, mqtt, sim:, a path or -)`);
    }
  }
  if (text.startsWith("sim:")) throw new SourceSpecError(`${text}: simulator options go after "sim:?", e.g. sim:?start=cold`);
  if (/^COM\d+$/i.test(text) || /^\/dev\/(tty|cu\.|rfcomm|serial\/|pts\/)/.test(text)) return { kind: "serial", path: text };
  return { kind: "file", path: text };
}

const decode = (part: string): string => {
  try {
    return decodeURIComponent(part);
  } catch {
    return part; // a lone % stays as typed
  }
};

/** `mqtt[s]://[user[:pass]@]host[:port]` → its parts (default ports 1883, 8883). Throws SourceSpecError. */
export function parseBrokerUrl(text: string): BrokerAddress & { path: string } {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new SourceSpecError(`${text}: expected mqtt://[USER:PASS@]HOST[:PORT] or mqtts://…`);
  }
  const protocol = url.protocol.replace(/:$/, "").toLowerCase();
  if (protocol !== "mqtt" && protocol !== "mqtts") throw new SourceSpecError(`${text}: expected mqtt:// or mqtts:// (TLS)`);
  if (url.hostname === "") throw new SourceSpecError(`${text}: no broker host`);
  if (url.search !== "" || url.hash !== "") throw new SourceSpecError(`${text}: ? and # have no meaning here (# is MQTT's wildcard: use +)`);
  const port = url.port === "" ? (protocol === "mqtts" ? 8883 : 1883) : Number(url.port);
  // URL takes port 0, which no broker listens on (a connection refused, exit 1, for what was a bad argument)
  if (port < 1) throw new SourceSpecError(`${text}: port must be 1-65535`);
  return {
    protocol,
    host: url.hostname.replace(/^\[|\]$/g, ""),
    port,
    ...(url.username === "" ? {} : { username: decode(url.username) }),
    ...(url.password === "" ? {} : { password: decode(url.password) }),
    path: url.pathname,
  };
}

/** `mqtt://host[:port]/PREFIX/+` (every device) or `/PREFIX/DEVICE` (one). */
function parseMqttSpec(text: string): SourceSpec {
  const { path, ...broker } = parseBrokerUrl(text.replace(/#/g, "%23"));
  const levels = path.replace(/^\//, "").split("/");
  const usage = `expected ${broker.protocol}://HOST[:PORT]/PREFIX/+ (every device) or /PREFIX/DEVICE`;
  if (levels.length < 2 || levels.some((level) => level === "")) throw new SourceSpecError(`${text}: ${usage}`);
  const device = decode(levels[levels.length - 1] as string);
  const prefix = levels.slice(0, -1).map(decode).join("/");
  if (/[+#]/.test(prefix)) throw new SourceSpecError(`${text}: + stands for the devices, after the prefix (${usage})`);
  if (device !== "+" && /[+#]/.test(device)) throw new SourceSpecError(`${text}: ${usage}`);
  return { kind: "mqtt", broker, prefix, device };
}

/** The broker as shown to users: no password (`mqtt://alice@host:1883`). */
export function describeBroker(broker: BrokerAddress): string {
  const host = broker.host.includes(":") ? `[${broker.host}]` : broker.host;
  return `${broker.protocol}://${broker.username === undefined ? "" : `${broker.username}@`}${host}:${broker.port}`;
}

/** True for `mqtt://host/PREFIX/+`: many devices, which only the fleet-aware commands read. */
export function isFleetSpec(spec: SourceSpec): spec is Extract<SourceSpec, { kind: "mqtt" }> {
  return spec.kind === "mqtt" && spec.device === "+";
}
