// NMEA over UDP, listening (gps2udp, OpenCPN, multiplexers, SparkFun RTK on 10110). A datagram holds
// one or several whole sentences; one that lacks its final line end gets one, so that its last
// sentence cannot run into the next datagram's first.

import { createSocket, type Socket } from "node:dgram";
import { SourceError } from "../../sources/source.js";
import { createLinkSource, type LinkSource } from "../../sources/link-source.js";
import { describeListenError } from "../listen-errors.js";

export interface UdpSourceOptions {
  /** Address to listen on. Default `0.0.0.0` (every IPv4 interface: senders are usually other devices). */
  host?: string;
}

export interface UdpSource extends LinkSource {
  /** The port actually bound once open (useful with port 0). */
  readonly localPort: number | undefined;
}

const LF = 0x0a;

export function createUdpSource(port: number, options: UdpSourceOptions = {}): UdpSource {
  const host = options.host ?? "0.0.0.0";
  const name = `udp://${host === "0.0.0.0" ? "" : host.includes(":") ? `[${host}]` : host}:${port}`;
  let socket: Socket | undefined;
  const source = createLinkSource({
    name,
    reconnect: undefined,
    connect: (handlers) =>
      new Promise((resolve, reject) => {
        const bound = createSocket({ type: host.includes(":") ? "udp6" : "udp4", reuseAddr: true });
        let closing = false;
        bound.once("error", (error: NodeJS.ErrnoException) => {
          bound.close();
          reject(new SourceError(`cannot listen on ${name}: ${describeListenError(error, host)}`, { cause: error }));
        });
        bound.bind({ port, address: host }, () => {
          bound.removeAllListeners("error");
          socket = bound;
          bound.on("error", (error) => {
            if (!closing) handlers.lost(`socket error: ${error.message}`);
          });
          bound.on("message", (datagram: Buffer) => {
            if (datagram.length === 0) return;
            if (datagram[datagram.length - 1] === LF) {
              handlers.data(datagram);
              return;
            }
            const terminated = new Uint8Array(datagram.length + 2);
            terminated.set(datagram);
            terminated.set([0x0d, LF], datagram.length);
            handlers.data(terminated);
          });
          handlers.event({ type: "connected", detail: `listening on ${name}` });
          resolve({
            close: () =>
              new Promise<void>((done) => {
                closing = true;
                bound.close(() => done());
              }),
          });
        });
      }),
  });
  return Object.defineProperty(source, "localPort", {
    get: () => (socket === undefined ? undefined : safePort(socket)),
    enumerable: true,
  }) as UdpSource;
}

function safePort(socket: Socket): number | undefined {
  try {
    return socket.address().port;
  } catch {
    return undefined; // not bound any more
  }
}
