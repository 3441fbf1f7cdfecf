// Casters for the NTRIP tests: RTKLIB's str2str (a real NTRIP v1 caster, Debian rtklib) fed by the test or by the
// simulated base, and a small NTRIP v2 caster written here from the protocol (HTTP/1.1, chunked, gnss/sourcetable;
// none is packaged), which also records what the client sent.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { connect, createServer, type Server, type Socket } from "node:net";

export const hasStr2str = spawnSync("sh", ["-c", "command -v str2str"]).status === 0;

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === "object" && address !== null ? address.port : 0;
}

/** Resolves once something accepts connections on the port (polled: str2str prints nothing when it listens). */
export async function waitForListener(port: number, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const ok = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: "127.0.0.1", port });
      socket.once("connect", () => {
        socket.destroy();
        resolve(true);
      });
      socket.once("error", () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > deadline) throw new Error(`nothing listens on ${port} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface Str2strCaster {
  port: number;
  /** Bytes for the caster's clients (through str2str's tcpsvr input; `-in tcpcli` callers pass none). */
  feed(bytes: Uint8Array): Promise<void>;
  stop(): Promise<void>;
  readonly process: ChildProcess;
}

/**
 * `str2str -in tcpsvr://:IN -out ntripc://user:pass@:PORT/MOUNT` (or `-in INPUT` when given, e.g. tcpcli://host:port
 * of `gnsskit simulate --rtcm --tcp`). `port` reuses a port (a caster cut and started again).
 */
export async function startStr2str(options: {
  mount: string;
  user: string;
  password: string;
  input?: string;
  port?: number;
  sourcetableEntry?: string;
}): Promise<Str2strCaster> {
  const port = options.port ?? (await freePort());
  const inPort = options.input === undefined ? await freePort() : undefined;
  const input = options.input ?? `tcpsvr://:${inPort}`;
  const mount = options.sourcetableEntry === undefined ? options.mount : `${options.mount}:${options.sourcetableEntry}`;
  const child = spawn("str2str", ["-in", input, "-out", `ntripc://${options.user}:${options.password}@:${port}/${mount}`], {
    stdio: ["ignore", "ignore", "pipe"],
  });
  child.stderr!.resume();
  await waitForListener(port);
  let feeder: Socket | undefined;
  return {
    port,
    process: child,
    async feed(bytes) {
      if (inPort === undefined) throw new Error("this str2str reads its own input");
      if (feeder === undefined) {
        await waitForListener(inPort);
        feeder = connect({ host: "127.0.0.1", port: inPort });
        feeder.on("error", () => undefined);
        await new Promise<void>((resolve) => feeder!.once("connect", () => resolve()));
      }
      await new Promise<void>((resolve) => feeder!.write(bytes, () => resolve()));
    },
    async stop() {
      feeder?.destroy();
      if (child.exitCode !== null || child.signalCode !== null) return;
      const exited = new Promise<void>((resolve) => child.once("exit", () => resolve()));
      child.kill("SIGINT"); // str2str stops on SIGINT
      const timer = setTimeout(() => child.kill("SIGKILL"), 3000);
      await exited;
      clearTimeout(timer);
    },
  };
}

// ───────────────────────────── an NTRIP v2 caster of the test's own ─────────────────────────────

export interface V2Request {
  requestLine: string;
  headers: Map<string, string>;
  /** Lines the client sent after its request (GGA sentences). */
  lines: string[];
}

export interface V2Mount {
  name: string;
  /** STR record fields after the mountpoint (identifier;format;...) for the sourcetable */
  str?: string;
}

export interface V2CasterOptions {
  mounts: V2Mount[];
  user?: string;
  password?: string;
  /** How a stream is answered: chunked data (default), or a 200 and then nothing. */
  streamMode?: "chunked" | "silent";
  /** Sourcetable sent chunked (default) or with Content-Length. */
  sourcetableChunked?: boolean;
  /** Raw answer instead of any of the above (a server that is no caster). */
  rawAnswer?: string;
}

export interface V2Caster {
  port: number;
  requests: V2Request[];
  /** Sends bytes to every stream client, in HTTP/1.1 chunks of the given sizes (the rest in one chunk). */
  send(bytes: Uint8Array, chunkSizes?: number[]): void;
  /** Stream clients connected now. */
  readonly clients: number;
  /** Resolves once `n` stream clients have connected in all. */
  streamsOpened(n: number): Promise<void>;
  close(): Promise<void>;
}

export async function startV2Caster(options: V2CasterOptions): Promise<V2Caster> {
  const requests: V2Request[] = [];
  const streams = new Set<Socket>();
  const sockets = new Set<Socket>();
  let opened = 0;
  const waiters: { n: number; resolve: () => void }[] = [];
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on("close", () => {
      sockets.delete(socket);
      streams.delete(socket);
    });
    socket.on("error", () => undefined);
    let buffer = "";
    let request: V2Request | undefined;
    socket.on("data", (data: Buffer) => {
      buffer += data.toString("latin1");
      if (request !== undefined) {
        const parts = buffer.split("\r\n");
        buffer = parts.pop() ?? "";
        request.lines.push(...parts.filter((l) => l !== ""));
        return;
      }
      const end = buffer.indexOf("\r\n\r\n");
      if (end < 0) return;
      const [requestLine = "", ...headerLines] = buffer.slice(0, end).split("\r\n");
      buffer = buffer.slice(end + 4);
      const headers = new Map(
        headerLines.map((l) => [l.slice(0, l.indexOf(":")).trim().toLowerCase(), l.slice(l.indexOf(":") + 1).trim()] as [string, string]),
      );
      request = { requestLine, headers, lines: [] };
      requests.push(request);
      if (options.rawAnswer !== undefined) {
        socket.end(options.rawAnswer);
        return;
      }
      const mount = /^GET \/(\S*) HTTP\/1\.[01]$/.exec(requestLine)?.[1] ?? "";
      if (mount === "") {
        const table = `${options.mounts.map((m) => `STR;${m.name};${m.str ?? ""}`).join("\r\n")}\r\nENDSOURCETABLE\r\n`;
        if (options.sourcetableChunked === false) {
          socket.end(
            `HTTP/1.1 200 OK\r\nNtrip-Version: Ntrip/2.0\r\nContent-Type: gnss/sourcetable\r\nContent-Length: ${Buffer.byteLength(table)}\r\nConnection: close\r\n\r\n${table}`,
          );
        } else {
          const half = Math.floor(table.length / 2);
          socket.end(
            `HTTP/1.1 200 OK\r\nNtrip-Version: Ntrip/2.0\r\nContent-Type: gnss/sourcetable\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n` +
              `${half.toString(16)}\r\n${table.slice(0, half)}\r\n${(table.length - half).toString(16)}\r\n${table.slice(half)}\r\n0\r\n\r\n`,
          );
        }
        return;
      }
      if (options.user !== undefined) {
        const expected = `Basic ${Buffer.from(`${options.user}:${options.password ?? ""}`).toString("base64")}`;
        if (headers.get("authorization") !== expected) {
          socket.end('HTTP/1.1 401 Unauthorized\r\nNtrip-Version: Ntrip/2.0\r\nWWW-Authenticate: Basic realm="/MOUNT"\r\nContent-Length: 0\r\n\r\n');
          return;
        }
      }
      if (!options.mounts.some((m) => m.name === mount)) {
        socket.end("HTTP/1.1 404 Not Found\r\nNtrip-Version: Ntrip/2.0\r\nContent-Length: 0\r\n\r\n");
        return;
      }
      const chunked = options.streamMode !== "silent";
      socket.write(
        `HTTP/1.1 200 OK\r\nNtrip-Version: Ntrip/2.0\r\nCache-Control: no-store, no-cache, max-age=0\r\nContent-Type: gnss/data\r\n${chunked ? "Transfer-Encoding: chunked\r\n" : ""}\r\n`,
      );
      streams.add(socket);
      opened++;
      for (const w of [...waiters]) if (opened >= w.n) w.resolve();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const address = server.address();
  return {
    port: typeof address === "object" && address !== null ? address.port : 0,
    requests,
    get clients() {
      return streams.size;
    },
    send(bytes, chunkSizes = []) {
      if (options.streamMode === "silent") return;
      const pieces: Uint8Array[] = [];
      let at = 0;
      for (const size of chunkSizes) {
        if (at >= bytes.length) break;
        pieces.push(bytes.subarray(at, at + size));
        at += size;
      }
      if (at < bytes.length) pieces.push(bytes.subarray(at));
      for (const socket of streams) {
        for (const piece of pieces) socket.write(Buffer.concat([Buffer.from(`${piece.length.toString(16)}\r\n`), Buffer.from(piece), Buffer.from("\r\n")]));
      }
    },
    streamsOpened(n) {
      return new Promise((resolve) => {
        if (opened >= n) resolve();
        else waiters.push({ n, resolve });
      });
    },
    async close() {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
