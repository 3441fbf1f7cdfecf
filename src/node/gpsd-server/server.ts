// A gpsd-compatible JSON server (transports.md §6): existing gpsd clients (gpspipe, cgps, gpsmon,
// the gps Python module, OpenCPN…) use gnsskit's sources unchanged.
//
// Plain `node:net`: the protocol is a line of JSON per report plus a greedy request parser, and the
// robustness rules (bounded requests, bounded per-client output, client limit, idle timeout) need
// direct access to each socket's buffer, which a framework would only hide.

import { createServer, type Server, type Socket } from "node:net";
import { reportedByGpsd, toAtt, toSky, toTpv } from "../../output/gpsd.js";
import type { Epoch, GpsEvent, SatelliteView } from "../../types.js";
import {
  devicesObject,
  deviceObject,
  errorObject,
  initialWatchPolicy,
  mergeWatch,
  pollObject,
  versionObject,
  wantsJson,
  wantsNmea,
  watchObject,
  type DeviceInfo,
  type WatchPolicy,
} from "./protocol.js";
import { createRequestParser, DEFAULT_MAX_REQUEST_BYTES, type GpsdRequest, type RequestParser } from "./request-parser.js";

/** Anything that reports a receiver's events: a `Gps` from `openGps`, or an equivalent feed. */
export interface GpsdDeviceFeed {
  events(): AsyncIterable<GpsEvent>;
  /** Called when the server closes; a `Gps` closes its source. */
  close?(): Promise<void>;
}

/** When a device starts reading its feed. */
export interface GpsdDeviceOptions {
  /**
   * `listen` (default): from the moment the server listens, as a live receiver does.
   * `watch`: when a client first enables a watch on it, as gpsfake starts a log, so the first
   * client sees the feed from its start. Given a feed factory, a watch enabled after the feed has
   * ended starts a new one (a log replayed again from its start).
   */
  startOn?: "listen" | "watch";
}

export interface GpsdServerOptions {
  /** Address to listen on (default 127.0.0.1; anything else exposes the receiver to the network). */
  host?: string;
  /** TCP port (default 2947; 0 = any free port). */
  port?: number;
  /** Clients served at once; more are refused with an ERROR (default 64, as gpsd). */
  maxClients?: number;
  /** A client that watches nothing and sends nothing for this long is closed (default 180 000 ms). */
  idleTimeoutMs?: number;
  /** Longest request, characters (default 1024). */
  maxRequestBytes?: number;
  /** Output a client has not read yet; past this the client is dropped as a slow reader (default 256 KiB). */
  maxClientBufferBytes?: number;
  /** Accept `?DEVICE={…}` configuration requests (default false: refused with an ERROR). */
  allowControl?: boolean;
  /** VERSION `release` (default "gnsskit"). */
  release?: string;
  /** VERSION `rev` (default: `release`). */
  rev?: string;
  /**
   * One line per notable event: `info` for clients coming and going, `warn` for what an operator
   * should see (a client dropped or refused, a device failing or ending).
   */
  log?: (line: string, level: "info" | "warn") => void;
  /** Wall clock for POLL times and device activation (ms since 1970). */
  now?: () => number;
}

export interface GpsdServerStats {
  clientsAccepted: number;
  clientsRefused: number;
  /** Dropped for not reading their output. */
  slowClientsDropped: number;
  idleClientsClosed: number;
  requests: number;
  /** ERROR replies sent (unknown, malformed, oversize, refused requests). */
  errorReplies: number;
  epochs: number;
  sentences: number;
}

export interface GpsdServer {
  /**
   * Serve a receiver as device `name` (its DEVICE path): a feed, or a factory making one each time
   * the device starts (see `GpsdDeviceOptions.startOn`).
   */
  addDevice(name: string, feed: GpsdDeviceFeed | (() => GpsdDeviceFeed), options?: GpsdDeviceOptions): void;
  listen(): Promise<{ host: string; port: number }>;
  /** Stop listening, close every client and every device feed. */
  close(): Promise<void>;
  /** Resolves when every device's feed has ended for good (a device that waits for a watch, or would restart on one, has not). */
  devicesEnded(): Promise<void>;
  readonly clientCount: number;
  readonly stats: Readonly<GpsdServerStats>;
}

type Json = Record<string, unknown>;

interface Client {
  readonly socket: Socket;
  readonly label: string;
  readonly parser: RequestParser;
  policy: WatchPolicy;
  closed: boolean;
}

interface Device {
  readonly name: string;
  /** The next feed to run; undefined once a single feed has been used. */
  readonly nextFeed: () => GpsdDeviceFeed | undefined;
  readonly startOn: "listen" | "watch";
  /** Started again by a watch once its feed has ended. */
  readonly restartable: boolean;
  readonly info: DeviceInfo;
  feed?: GpsdDeviceFeed;
  lastTpv?: Json;
  lastSky?: Json;
  /** The last epoch reported, for a SKY corrected by satellites completed after its report. */
  lastEpoch?: Epoch;
  lastEpochTimeMs?: number;
  /** The feed being read, until it ends. */
  running?: Promise<void>;
  /** Whether a feed has run and ended with no new one to come. */
  finished: boolean;
}

const KNOWN_REQUESTS = new Set(["WATCH", "POLL", "DEVICES", "DEVICE", "VERSION"]);
/** Longest a device's feed may hold the event loop before the server gives sockets, timers and signals a turn. */
const DEVICE_SLICE_MS = 20;

/**
 * Watches for turns of the event loop. A feed that never waits (a log or a simulation read as fast
 * as possible) runs the device loop on promise continuations alone, and no client would be accepted,
 * written to or read, nor a signal handled, until it ended.
 */
function createTurnWatch(sliceMs: number): { overdue(): boolean; takeTurn(): Promise<void> } {
  let turnAtMs = Date.now();
  let watching = false;
  const observe = (): void => {
    watching = false;
    turnAtMs = Date.now();
  };
  return {
    overdue() {
      if (!watching) {
        // The loop turned since the last look: this run of continuations started about now.
        watching = true;
        turnAtMs = Date.now();
        setImmediate(observe);
        return false;
      }
      return Date.now() - turnAtMs >= sliceMs;
    },
    async takeTurn() {
      await new Promise<void>((resolve) => setImmediate(resolve));
    },
  };
}
const line = (object: Json): string => `${JSON.stringify(object)}\r\n`;

/** NMEA's address field (`$GPGGA,`, `!AIVDM,`, `$PUBX,`): a talker and sentence id in capitals and digits. */
const NMEA_ADDRESS = /^[$!][A-Z][A-Z0-9]{1,7},/;

/**
 * What nmea watchers get: a sentence whose checksum holds, or one sent without a checksum that has an NMEA address.
 * A checksum that fails is damage, and text framed by chance in noise has no address (`$P(`): /dev/urandom as
 * SOURCE gave its watchers thousands of both. gpsd's packet layer drops them alike.
 */
function passedOn(frame: { text: string; checksum: string }): boolean {
  return frame.checksum === "ok" || (frame.checksum === "missing" && NMEA_ADDRESS.test(frame.text));
}

export function createGpsdServer(options: GpsdServerOptions = {}): GpsdServer {
  const host = options.host ?? "127.0.0.1";
  const port = options.port ?? 2947;
  const maxClients = options.maxClients ?? 64;
  const idleTimeoutMs = options.idleTimeoutMs ?? 180_000;
  const maxRequestBytes = options.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES;
  const maxClientBufferBytes = options.maxClientBufferBytes ?? 256 * 1024;
  const release = options.release ?? "gnsskit";
  const versionLine = line(versionObject(release, options.rev ?? release));
  const log = options.log ?? ((): void => undefined);
  const now = options.now ?? Date.now;
  for (const [key, value] of Object.entries({ maxClients, idleTimeoutMs, maxRequestBytes, maxClientBufferBytes })) {
    if (!(value > 0)) throw new TypeError(`${key} must be positive`);
  }

  const clients = new Set<Client>();
  const devices: Device[] = [];
  const stats: GpsdServerStats = {
    clientsAccepted: 0,
    clientsRefused: 0,
    slowClientsDropped: 0,
    idleClientsClosed: 0,
    requests: 0,
    errorReplies: 0,
    epochs: 0,
    sentences: 0,
  };
  let server: Server | undefined;
  let listening = false;
  let closing = false;

  function drop(client: Client, reason: string): void {
    if (client.closed) return;
    client.closed = true;
    clients.delete(client);
    log(`client ${client.label} dropped: ${reason}`, "warn");
    client.socket.destroy();
  }

  /** Queue text for a client; a client whose unread output passes the cap is dropped. */
  function send(client: Client, text: string): void {
    if (client.closed) return;
    const unread = client.socket.writableLength;
    if (unread + text.length > maxClientBufferBytes) {
      stats.slowClientsDropped++;
      drop(client, `slow reader (${unread} bytes unread, limit ${maxClientBufferBytes})`);
      return;
    }
    client.socket.write(text);
  }

  function sendError(client: Client, message: string): void {
    stats.errorReplies++;
    send(client, line(errorObject(message)));
  }

  const deviceInfos = (): DeviceInfo[] => devices.map((d) => d.info);

  function handleRequest(client: Client, request: GpsdRequest): void {
    stats.requests++;
    if (request.kind === "oversize") {
      log(`client ${client.label}: request of ${request.byteCount} bytes refused (limit ${maxRequestBytes})`, "info");
      sendError(client, `Request too long (limit ${maxRequestBytes} bytes)`);
      return;
    }
    if (!KNOWN_REQUESTS.has(request.name)) {
      sendError(client, `Unrecognized request '${request.text}'`);
      return;
    }
    if (request.kind === "invalid") {
      sendError(client, `Invalid ${request.name}: ${request.message}`);
      return;
    }
    switch (request.name) {
      case "WATCH": {
        if (request.argument !== undefined) {
          const merged = mergeWatch(client.policy, request.argument);
          client.policy = merged.policy;
          if (merged.problems.length > 0) sendError(client, `Invalid WATCH: ${merged.problems.join("; ")}`);
        }
        send(client, line(devicesObject(deviceInfos())));
        send(client, line(watchObject(client.policy)));
        startWatched(client);
        return;
      }
      case "POLL": {
        // As gpsd: nothing is active for a client that has not enabled a watch.
        const active = client.policy.enable ? devices.filter((d) => d.lastTpv !== undefined) : [];
        const tpv = active.flatMap((d) => (d.lastTpv ? [d.lastTpv] : []));
        const sky = active.flatMap((d) => (d.lastSky ? [d.lastSky] : []));
        send(client, line(pollObject(now(), active.length, tpv, sky)));
        return;
      }
      case "DEVICES":
        send(client, line(devicesObject(deviceInfos())));
        return;
      case "DEVICE": {
        if (request.argument === undefined) {
          const device = devices.find((d) => d.name === client.policy.device) ?? devices[0];
          send(client, line(device ? deviceObject(device.info) : errorObject("No devices")));
          return;
        }
        if (options.allowControl !== true) {
          log(`client ${client.label}: device configuration refused (server started without --allow-control)`, "warn");
          sendError(client, "Device configuration refused: the server was started without --allow-control");
          return;
        }
        const path = request.argument.path;
        const device = typeof path === "string" ? devices.find((d) => d.name === path) : devices[0];
        if (!device) {
          sendError(client, `Can't configure DEVICE: no such device '${String(path)}'`);
          return;
        }
        // No receiver setting is configurable through gpsd's DEVICE object yet: report it unchanged.
        log(`client ${client.label}: DEVICE configuration ${JSON.stringify(request.argument)} accepted, nothing to change`, "info");
        send(client, line(deviceObject(device.info)));
        return;
      }
      case "VERSION":
        send(client, versionLine);
        return;
    }
  }

  function onConnection(socket: Socket): void {
    const label = `${socket.remoteAddress ?? "?"}:${socket.remotePort ?? "?"}`;
    socket.on("error", () => undefined); // resets are normal; 'close' follows and cleans up
    if (closing || clients.size >= maxClients) {
      stats.clientsRefused++;
      log(`client ${label} refused: ${closing ? "server closing" : `client limit ${maxClients} reached`}`, "warn");
      // Closed as soon as the ERROR is out, as gpsd does: a half-close would keep the descriptor until
      // the peer closes too, and a flood of peers that never do would exhaust the server's descriptors.
      socket.end(line(errorObject(`Too many clients (limit ${maxClients})`)), () => socket.destroy());
      return;
    }
    stats.clientsAccepted++;
    const client: Client = { socket, label, parser: createRequestParser({ maxRequestBytes }), policy: initialWatchPolicy(), closed: false };
    clients.add(client);
    log(`client ${label} connected (${clients.size} of ${maxClients})`, "info");
    socket.setNoDelay(true);
    socket.setEncoding("utf8");
    socket.setTimeout(idleTimeoutMs);
    socket.on("timeout", () => {
      if (client.policy.enable) return; // a watcher reads a stream; it need not talk
      stats.idleClientsClosed++;
      drop(client, `idle for ${idleTimeoutMs} ms without a request or a watch`);
    });
    socket.on("data", (text: string) => {
      for (const request of client.parser.push(text)) {
        if (client.closed) return;
        handleRequest(client, request);
      }
    });
    socket.on("close", () => {
      if (client.closed) return;
      client.closed = true;
      clients.delete(client);
      log(`client ${label} disconnected`, "info");
    });
    send(client, versionLine);
  }

  function broadcastEpoch(device: Device, epoch: Epoch): void {
    stats.epochs++;
    device.info.seenGps = true; // a UBX-only receiver sends no sentence
    const tpv = toTpv(epoch, device.name);
    const att = toAtt(epoch, device.name);
    const sky = toSky(epoch, device.name);
    device.lastTpv = tpv;
    device.lastSky = sky;
    device.lastEpoch = epoch;
    if (epoch.timeMs !== undefined) {
      const previous = device.lastEpochTimeMs;
      if (previous !== undefined && epoch.timeMs > previous && epoch.timeMs - previous <= 60_000) {
        device.info.cycleS = (epoch.timeMs - previous) / 1000;
      }
      device.lastEpochTimeMs = epoch.timeMs;
    }
    let text: string | undefined;
    for (const client of clients) {
      if (!wantsJson(client.policy, device.name)) continue;
      text ??= line(tpv) + (att === undefined ? "" : line(att)) + line(sky);
      send(client, text);
    }
  }

  /**
   * Satellites completed after their epoch was reported (a GSV block sent after the cycle's last timed
   * sentence) describe that epoch's sky: send its SKY again with the completed view, as decode does.
   */
  function broadcastSkyUpdate(device: Device, view: SatelliteView): void {
    const epoch = device.lastEpoch;
    if (epoch === undefined || view === epoch.satellites) return;
    device.lastEpoch = { ...epoch, satellites: view };
    const sky = toSky(device.lastEpoch, device.name);
    device.lastSky = sky;
    let text: string | undefined;
    for (const client of clients) {
      if (!wantsJson(client.policy, device.name)) continue;
      text ??= line(sky);
      send(client, text);
    }
  }

  function broadcastSentence(device: Device, sentence: string): void {
    stats.sentences++;
    device.info.seenGps = true;
    let text: string | undefined;
    for (const client of clients) {
      if (!wantsNmea(client.policy, device.name)) continue;
      text ??= `${sentence}\r\n`;
      send(client, text);
    }
  }

  async function runDevice(device: Device, feed: GpsdDeviceFeed): Promise<void> {
    device.info.activatedAtMs = now();
    delete device.lastEpochTimeMs; // a log replayed again goes back in time
    delete device.lastEpoch;
    const turns = createTurnWatch(DEVICE_SLICE_MS);
    let epochIndex = 0;
    try {
      for await (const event of feed.events()) {
        if (turns.overdue()) await turns.takeTurn();
        if (closing) break;
        switch (event.type) {
          case "frame":
            if (passedOn(event.frame)) broadcastSentence(device, event.frame.text);
            break;
          case "epoch":
            if (reportedByGpsd(event.epoch, epochIndex++)) broadcastEpoch(device, event.epoch);
            break;
          case "satellites":
            broadcastSkyUpdate(device, event.satellites);
            break;
          case "link":
            if (event.link.type === "disconnected") log(`device ${device.name}: disconnected (${event.link.reason})`, "warn");
            else if (event.link.type === "reconnected") log(`device ${device.name}: reconnected`, "warn");
            break;
          default:
            break;
        }
      }
      if (!closing) log(`device ${device.name}: end of data${device.restartable ? " (started again at the next watch)" : ""}`, "warn");
    } catch (error) {
      if (!closing) log(`device ${device.name}: ${error instanceof Error ? error.message : String(error)}`, "warn");
    }
  }

  const endWaiters: Array<() => void> = [];
  function noteEnded(): void {
    if (!devices.every((d) => d.finished)) return;
    for (const resolve of endWaiters.splice(0)) resolve();
  }

  function start(device: Device): void {
    if (closing || device.running !== undefined || device.finished) return;
    const feed = device.nextFeed();
    if (feed === undefined) return;
    device.feed = feed;
    device.running = runDevice(device, feed).then(() => {
      delete device.running;
      if (!device.restartable) device.finished = true;
      noteEnded();
    });
  }

  /** A client enabled a watch: start the devices that wait for one (a log, as gpsfake does). */
  function startWatched(client: Client): void {
    if (!client.policy.enable || !listening) return;
    for (const device of devices) {
      if (device.startOn !== "watch" || device.running !== undefined) continue;
      if (client.policy.device !== undefined && client.policy.device !== device.name) continue;
      log(`device ${device.name}: started by the watch of client ${client.label}`, "info");
      start(device);
    }
  }

  return {
    addDevice(name, feed, deviceOptions = {}) {
      if (devices.some((d) => d.name === name)) throw new TypeError(`device ${name} added twice`);
      const startOn = deviceOptions.startOn ?? "listen";
      let single: GpsdDeviceFeed | undefined = typeof feed === "function" ? undefined : feed;
      const nextFeed =
        typeof feed === "function"
          ? feed
          : (): GpsdDeviceFeed | undefined => {
              const next = single;
              single = undefined;
              return next;
            };
      // Only a device started by watches runs again: a live receiver's feed ends for good.
      const restartable = typeof feed === "function" && startOn === "watch";
      const device: Device = { name, nextFeed, startOn, restartable, info: { path: name, seenGps: false }, finished: false };
      devices.push(device);
      if (listening && startOn === "listen") start(device);
    },
    listen() {
      if (server) throw new TypeError("the server is already listening");
      const created = createServer(onConnection);
      server = created;
      return new Promise((resolve, reject) => {
        created.once("error", reject);
        created.listen(port, host, () => {
          created.off("error", reject);
          created.on("error", (error) => log(`server: ${error.message}`, "warn"));
          listening = true;
          for (const device of devices) if (device.startOn === "listen") start(device);
          const address = created.address();
          resolve({ host, port: typeof address === "object" && address !== null ? address.port : port });
        });
      });
    },
    async close() {
      if (closing) return;
      closing = true;
      const stopped = new Promise<void>((resolve) => {
        if (server && listening) server.close(() => resolve());
        else resolve();
      });
      for (const client of [...clients]) {
        client.closed = true;
        clients.delete(client);
        client.socket.destroy();
      }
      await Promise.all(devices.map((d) => d.feed?.close?.().catch(() => undefined)));
      await Promise.all(devices.map((d) => d.running));
      for (const device of devices) device.finished = true;
      noteEnded();
      await stopped;
    },
    devicesEnded() {
      return new Promise<void>((resolve) => {
        endWaiters.push(resolve);
        noteEnded();
      });
    },
    get clientCount() {
      return clients.size;
    },
    stats,
  };
}
