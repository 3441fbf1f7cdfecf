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
  | { kind: "sim"; spec: string };

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
      default:
        throw new SourceSpecError(`${text}: unknown source scheme "${name}://" (tcp, udp, gpsd, bt, ble, sim:, a path or -)`);
    }
  }
  if (text.startsWith("sim:")) throw new SourceSpecError(`${text}: simulator options go after "sim:?", e.g. sim:?start=cold`);
  if (/^COM\d+$/i.test(text) || /^\/dev\/(tty|cu\.|rfcomm|serial\/|pts\/)/.test(text)) return { kind: "serial", path: text };
  return { kind: "file", path: text };
}
