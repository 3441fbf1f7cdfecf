// NMEA over TCP, client side (phone apps, multiplexers, SparkFun RTK on 2948, port 10110):
// bytes as the peer sends them; a closed or reset connection is a lost link, retried with backoff.

import { connect as netConnect, type Socket } from "node:net";
import { SourceError } from "../../sources/source.js";
import { createLinkSource, type Link, type LinkHandlers, type LinkSource } from "../../sources/link-source.js";
import { resolveReconnect, type ReconnectOptions } from "../../sources/reconnect.js";

export interface TcpSourceOptions {
  /** Reconnect after the peer closes or the connection drops. Default true. */
  reconnect?: boolean | ReconnectOptions;
  /** Give up a connection attempt after this long (ms). Default 10000. */
  connectTimeoutMs?: number;
}

/** Opens a TCP connection; rejects with a one-line SourceError. */
export function connectSocket(host: string, port: number, name: string, timeoutMs: number, signal?: AbortSignal): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = netConnect({ host, port });
    // the source closed while connecting (Ctrl-C): no waiting for the answer or the timeout
    const onAbort = (): void => {
      clearTimeout(timer);
      socket.destroy();
      reject(new SourceError(`${name}: closed while connecting`));
    };
    signal?.addEventListener("abort", onAbort, { once: true });
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      socket.destroy();
      reject(new SourceError(`cannot connect to ${name}: no answer within ${timeoutMs} ms`));
    }, timeoutMs);
    socket.once("connect", () => {
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(timer);
      socket.removeAllListeners("error");
      resolve(socket);
    });
    socket.once("error", (error: NodeJS.ErrnoException) => {
      signal?.removeEventListener("abort", onAbort);
      clearTimeout(timer);
      socket.destroy();
      reject(new SourceError(`cannot connect to ${name}: ${error.code ?? error.message}`, { cause: error }));
    });
  });
}

/** Wires an open socket to a link: every kind of end is `lost`. */
export function socketLink(socket: Socket, handlers: Pick<LinkHandlers, "lost">, onData: (chunk: Uint8Array) => void): Link {
  let closing = false;
  socket.setNoDelay(true);
  socket.setKeepAlive(true, 10_000);
  socket.on("data", (chunk: Buffer) => onData(chunk));
  socket.on("end", () => {
    if (!closing) handlers.lost("connection closed by the peer");
    socket.destroy();
  });
  socket.on("error", (error: NodeJS.ErrnoException) => {
    if (!closing) handlers.lost(`connection error: ${error.code ?? error.message}`);
  });
  socket.on("close", () => {
    if (!closing) handlers.lost("connection closed");
  });
  return {
    write: (bytes) =>
      new Promise<void>((resolve, reject) => {
        if (socket.destroyed || !socket.writable) {
          reject(new SourceError("cannot write: connection closed", { disconnected: true }));
          return;
        }
        socket.write(bytes, (error) => (error ? reject(new SourceError(`write failed: ${error.message}`, { disconnected: true })) : resolve()));
      }),
    close: () =>
      new Promise<void>((resolve) => {
        closing = true;
        if (socket.destroyed) {
          resolve();
          return;
        }
        socket.once("close", () => resolve());
        socket.destroy();
      }),
    pause: () => socket.pause(),
    resume: () => socket.resume(),
  };
}

export function createTcpSource(host: string, port: number, options: TcpSourceOptions = {}): LinkSource {
  const name = `tcp://${host.includes(":") ? `[${host}]` : host}:${port}`;
  const timeoutMs = options.connectTimeoutMs ?? 10_000;
  return createLinkSource({
    name,
    reconnect: resolveReconnect(options.reconnect, true),
    connect: async (handlers) => {
      const socket = await connectSocket(host, port, name, timeoutMs, handlers.signal);
      handlers.event({ type: "connected", detail: name });
      return socketLink(socket, handlers, (chunk) => handlers.data(chunk));
    },
  });
}
