// One device of `gnsskit publish`: its source through the pipeline, and what the pipeline sees on the broker
// (topics in src/fleet/wire.ts). The receiver's bytes are stamped with their receive time (the record format)
// and the pipeline reads the stamped bytes, so the publisher's epochs are those a consumer (or `gnsskit decode`
// of the spool) computes from the same bytes. Every `nmea` message goes through the disk spool; the views
// (tpv, sky, epoch) are live and skipped while the broker is away; events and state wait in memory (state:
// the latest only).
//
// One MQTT connection per device: its last will (`status` = offline) is the device's.

import { openGps, sourceClock, type Gps } from "../../gps.js";
import { deviceStateOf } from "../../fleet/device-state.js";
import { encodeNmeaMessage, topicOf, type DeviceState, type FleetEvent, type FleetTopic } from "../../fleet/wire.js";
import { createFramer } from "../../framing/framer.js";
import { createGpsdWriter, reportedByGpsd } from "../../output/gpsd.js";
import { formatCount, formatDuration } from "../../output/format.js";
import { concatBytes } from "../../sources/bytes.js";
import { SourceError, type Source } from "../../sources/source.js";
import type { BrokerAddress } from "../../sources/spec.js";
import type { Epoch, LinkEvent } from "../../types.js";
import { createStamper } from "../record/stamp.js";
import { connectBroker, type BrokerConnection } from "./connect.js";
import { createOsmandForwarder, type OsmandForwarder } from "./osmand.js";
import { openSpool, type Spool } from "./spool.js";

export interface DevicePublisherOptions {
  source: Source;
  device: string;
  prefix: string;
  broker: BrokerAddress;
  /** This device's spool directory and its bound. */
  spoolDir: string;
  spoolMaxBytes: number;
  /** At most this many messages a second per topic, on the receiver's clock (a 10 Hz receiver at 1: one nmea message per 10 cycles, one view of 10). */
  rateHz?: number;
  osmandUrl?: string;
  /** Publish tpv, sky and epoch (default true); without them, consumers compute the views from nmea. */
  views?: boolean;
  /** Lines for stderr (link news, spool, forwarder problems), without the `gnsskit: ` prefix. */
  say?: (line: string) => void;
}

export interface PublisherStats {
  nmeaMessages: number;
  nmeaBytes: number;
  views: number;
  viewsSkipped: number;
  events: number;
}

export interface DevicePublisher {
  readonly device: string;
  readonly gps: Gps;
  readonly spool: Spool;
  readonly stats: PublisherStats;
  /** Connects (the first connection must succeed: throws a SourceError saying why). */
  connect(): Promise<void>;
  /** Runs the source to its end, then waits until the broker has every spooled message (or stop()). */
  run(): Promise<void>;
  /** Ctrl-C: end the source; stop waiting for the broker after a short grace (the spool keeps the rest). */
  stop(): void;
  /** With --methods: the methods in priority order, and each switch of the method giving the position. */
  setMethods(names: string[]): void;
  methodChanged(change: { from?: string; to?: string; reason: string }): void;
}

/** Payload bytes held back at most this long (wall clock) waiting for a line end or the epoch's end. */
const HOLD_MS = 1000;
const MAX_BODY_BYTES = 64 * 1024;
/** Views expire on the broker after this (MQTT 5): a subscriber's queued TPV from an hour ago helps nobody. */
const VIEW_EXPIRY_S = 60;
const EVENT_EXPIRY_S = 86_400;
/** The state is sent again at least this often, so `lastSeenMs` moves while nothing else changes. */
const STATE_EVERY_MS = 5000;
const STOP_GRACE_MS = 3000;
const LF = 0x0a;

interface Outgoing {
  topic: FleetTopic;
  payload: Uint8Array | string;
  retain?: boolean;
  expiryS?: number;
  /** An nmea message's seq: acknowledged in the spool. */
  seq?: number;
}

export function createDevicePublisher(options: DevicePublisherOptions): DevicePublisher {
  const { device, prefix, source: inner } = options;
  const say = options.say ?? ((): void => undefined);
  const spool = openSpool({ dir: options.spoolDir, maxBytes: options.spoolMaxBytes });
  const minGapMs = options.rateHz === undefined ? 0 : 1000 / options.rateHz;
  const stats: PublisherStats = { nmeaMessages: 0, nmeaBytes: 0, views: 0, viewsSkipped: 0, events: 0 };
  const startedAtMs = Date.now();
  let lastSeenMs: number | undefined;
  let methods = ["integrated"];
  let method = "integrated";
  let fixLosses = 0;

  // The clock openGps would pick; the bytes carry it as record prefixes (none: a log read as fast as possible,
  // a pipe: its own stamps or sentence times clock it, as they clock `decode`).
  const clock = sourceClock(inner);
  const stamper = createStamper();

  // The body being gathered: stamped bytes not yet in an nmea message.
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  // Where a message may end: after a line end outside any binary packet (a UBX or RTCM 3 packet may hold a LF).
  // The subscriber's copy of the topic is the messages one after the other, each behind its `#` header line: a
  // header inside a packet would break it. A framer of its own follows the bytes to tell (held bytes up to safeCut).
  const packets = createFramer({ onFrame: () => undefined, onDiagnostic: () => undefined, onBinary: () => true });
  let safeCut = 0;
  const hold = (bytes: Uint8Array): void => {
    let from = 0;
    for (let lf = bytes.indexOf(LF); lf !== -1; lf = bytes.indexOf(LF, lf + 1)) {
      packets.push(bytes.subarray(from, lf + 1), Number.NaN);
      from = lf + 1;
      if (!packets.inBinaryPacket) safeCut = heldBytes + from;
    }
    if (from < bytes.byteLength) packets.push(bytes.subarray(from), Number.NaN);
    held.push(bytes);
    heldBytes += bytes.byteLength;
  };
  let epochSinceFlush = false;
  let lastFlushEpochMs = Number.NEGATIVE_INFINITY;
  let holdTimer: ReturnType<typeof setTimeout> | undefined;

  let connection: BrokerConnection | undefined;
  let window = 16;
  let inFlight = 0;
  let stopping = false;
  let fatal: SourceError | undefined;
  const control: Outgoing[] = [];
  const views: Outgoing[] = [];
  let stateDirty = false;
  let lastStateMs = 0;
  let wakeDrain: (() => void) | undefined;

  const writer = createGpsdWriter({ device: inner.name });
  const state = (): DeviceState =>
    deviceStateOf(gps.tracker?.state, {
      device,
      source: inner.name,
      live: inner.live && inner.clockedBySentences !== true,
      startedAtMs,
      ...(lastSeenMs === undefined ? {} : { lastSeenMs }),
      methods,
      method,
      fixLosses,
      seq: spool.nextSeq - 1,
      run: spool.run,
    });

  const send = (message: Outgoing): void => {
    const client = connection?.client;
    if (client === undefined) return;
    inFlight++;
    const payload =
      typeof message.payload === "string" ? message.payload : Buffer.from(message.payload.buffer, message.payload.byteOffset, message.payload.byteLength);
    client.publish(
      topicOf(prefix, device, message.topic),
      payload,
      {
        qos: 1,
        retain: message.retain === true,
        ...(message.expiryS !== undefined && connection?.protocolVersion === 5 ? { properties: { messageExpiryInterval: message.expiryS } } : {}),
      },
      (error) => {
        inFlight--;
        if (error === undefined || error === null) {
          if (message.seq !== undefined) spool.acknowledge(message.seq);
        } else if (message.seq === undefined && message.topic !== "tpv" && message.topic !== "sky" && message.topic !== "epoch") {
          control.unshift(message); // the client was ended with it in flight: not sent
        }
        pump();
      },
    );
  };

  /** Sends what waits, control first, then nmea and views in turn, never more than the broker's window in flight. */
  let nmeaTurn = true;
  const pump = (): void => {
    if (!connection?.client.connected) return;
    if (stateDirty) {
      stateDirty = false;
      lastStateMs = Date.now();
      const at = control.findIndex((m) => m.topic === "state");
      if (at >= 0) control.splice(at, 1);
      control.push({ topic: "state", payload: JSON.stringify(state()), retain: true });
    }
    while (inFlight < window) {
      const next = control.shift() ?? (nmeaTurn ? (takeNmea() ?? views.shift()) : (views.shift() ?? takeNmea()));
      nmeaTurn = !nmeaTurn;
      if (next === undefined) break;
      send(next);
    }
    if (spool.waiting === 0 && control.length === 0 && views.length === 0 && inFlight === 0) wakeDrain?.();
  };
  const takeNmea = (): Outgoing | undefined => {
    const message = spool.take();
    return message === undefined ? undefined : { topic: "nmea", payload: message.payload, seq: message.seq };
  };

  /** The held bytes up to their last line end outside a binary packet (all of them when `force`) become an nmea message. */
  const flush = (force: boolean): void => {
    if (heldBytes === 0) return;
    const all = concatBytes(held);
    const cut = force ? all.byteLength : safeCut;
    if (cut === 0) return;
    const body = all.subarray(0, cut);
    held = cut < all.byteLength ? [all.subarray(cut)] : [];
    heldBytes = all.byteLength - cut;
    safeCut = 0;
    const seq = spool.nextSeq;
    try {
      spool.append(seq, encodeNmeaMessage({ seq, run: spool.run, queuedAtMs: Date.now(), body }));
    } catch (error) {
      fatal ??= new SourceError(`spool ${options.spoolDir}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      void gps.close();
      return;
    }
    stats.nmeaMessages++;
    stats.nmeaBytes += body.byteLength;
    epochSinceFlush = false;
    pump();
  };
  /** Before the next chunk: an epoch completed (and --rate allows a message), or a stream without line ends. */
  const flushIfDue = (): void => {
    if (heldBytes >= MAX_BODY_BYTES) flush(true);
    else if (epochSinceFlush) flush(false);
  };
  /** A source that goes quiet in mid-cycle: what came is sent after HOLD_MS anyway, up to its last line end. */
  const armHoldTimer = (): void => {
    if (holdTimer !== undefined) return;
    holdTimer = setTimeout(() => {
      holdTimer = undefined;
      flush(false);
    }, HOLD_MS);
    holdTimer.unref?.();
  };

  // The source as the pipeline reads it: stamped, each chunk gathered for the next nmea message. Asking for the
  // next chunk means the last one went through the tracker: an epoch it completed is ready to go.
  const source: Source = {
    name: inner.name,
    live: inner.live,
    ...(inner.clockedBySentences === undefined ? {} : { clockedBySentences: inner.clockedBySentences }),
    ...(inner.startsReceiver === undefined ? {} : { startsReceiver: inner.startsReceiver }),
    ...(clock === undefined ? {} : { clock }),
    open: () => inner.open(),
    close: () => inner.close(),
    ...(inner.write ? { write: (bytes: Uint8Array) => inner.write!(bytes) } : {}),
    ...(inner.onLink ? { onLink: (listener: (event: LinkEvent) => void) => inner.onLink!(listener) } : {}),
    get bytesWritten() {
      return inner.bytesWritten ?? 0;
    },
    [Symbol.asyncIterator]() {
      const chunks = inner[Symbol.asyncIterator]();
      return {
        async next() {
          flushIfDue();
          const result = await chunks.next();
          if (result.done) return result;
          lastSeenMs = Date.now();
          const receivedAtMs = clock?.() ?? Number.NaN;
          // through the stamper even unstamped (a paced log before its first time): it follows the line ends, so
          // the first stamp after goes at a line start, not into the middle of a line
          const bytes = stamper.stamp(result.value, receivedAtMs);
          hold(bytes);
          armHoldTimer();
          return { done: false, value: bytes };
        },
        async return() {
          await chunks.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };

  const gps = openGps({ source });
  const event = (body: FleetEvent): void => {
    stats.events++;
    control.push({ topic: "events", payload: JSON.stringify(body), expiryS: EVENT_EXPIRY_S });
    stateDirty = true;
    pump();
  };
  const stamp = (atOnSourceMs: number): { device: string; atMs: number; atOnSourceMs?: number } => ({
    device,
    atMs: Date.now(),
    ...(Number.isFinite(atOnSourceMs) ? { atOnSourceMs } : {}),
  });
  gps.on("first-fix", (e) => event({ ...stamp(e.atMs), type: "first-fix", mode: e.mode, ...(e.ttffMs === undefined ? {} : { ttffMs: e.ttffMs }) }));
  gps.on("fix-lost", (e) => {
    fixLosses++;
    event({ ...stamp(e.atMs), type: "fix-lost", reason: e.reason });
  });
  gps.on("reacquired", (e) => event({ ...stamp(e.atMs), type: "reacquired", gapMs: e.gapMs }));
  let lastStart = "unknown none";
  gps.on("start", (e) => {
    // the evidence grows cycle by cycle; the event is for a new verdict
    if (`${e.start.type} ${e.start.basis}` === lastStart) return;
    lastStart = `${e.start.type} ${e.start.basis}`;
    event({ ...stamp(e.atMs), type: "start", start: e.start.type, basis: e.start.basis });
  });
  gps.on("state", () => (stateDirty = true));
  let osmand: OsmandForwarder | undefined;
  if (options.osmandUrl !== undefined) osmand = createOsmandForwarder({ url: options.osmandUrl, device, onProblem: say });
  let lastViewEpochMs = Number.NEGATIVE_INFINITY;
  const thinned = (lastMs: number, epoch: Epoch): boolean =>
    minGapMs > 0 && Number.isFinite(epoch.receivedAtMs) && Number.isFinite(lastMs) && epoch.receivedAtMs - lastMs < minGapMs;
  let epochIndex = 0;
  gps.on("epoch", ({ epoch }) => {
    const reported = reportedByGpsd(epoch, epochIndex++);
    if (!thinned(lastFlushEpochMs, epoch)) {
      epochSinceFlush = true;
      lastFlushEpochMs = epoch.receivedAtMs;
    }
    if (Date.now() - lastStateMs >= STATE_EVERY_MS) stateDirty = true;
    if (thinned(lastViewEpochMs, epoch)) return;
    lastViewEpochMs = epoch.receivedAtMs;
    osmand?.epoch(epoch);
    if (options.views === false) return;
    if (!connection?.client.connected) {
      stats.viewsSkipped++;
      return;
    }
    // a slow broker: the newest views, not a growing queue
    if (views.length > 3 * window) views.splice(0, views.length - 3 * window);
    if (reported) {
      // TPV, then an ATT when the epoch has an attitude, then SKY
      const lines = writer.epoch(epoch).split("\n");
      const tpv = lines[0] ?? "";
      const sky = lines.find((line) => line.startsWith('{"class":"SKY"')) ?? "";
      views.push({ topic: "tpv", payload: tpv, expiryS: VIEW_EXPIRY_S }, { topic: "sky", payload: sky, expiryS: VIEW_EXPIRY_S });
    }
    views.push({ topic: "epoch", payload: JSON.stringify(epoch), expiryS: VIEW_EXPIRY_S });
    stats.views++;
    pump();
  });

  const statusOnline = (): void => {
    control.unshift({ topic: "status", payload: "online", retain: true });
    stateDirty = true;
  };

  /** Resolves once the broker has every message, after `timeoutMs`, or at endDrain() (a second Ctrl-C, a fatal error). */
  let endDrain: (() => void) | undefined;
  const drained = (timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = Number.isFinite(timeoutMs) ? setTimeout(finish, timeoutMs) : undefined;
      function finish(): void {
        if (timer !== undefined) clearTimeout(timer);
        wakeDrain = endDrain = undefined;
        resolve();
      }
      wakeDrain = endDrain = finish;
      if (fatal !== undefined) finish();
      else pump();
    });

  return {
    device,
    gps,
    spool,
    stats,
    async connect() {
      try {
        connection = await connectBroker(options.broker, {
          role: "publish",
          will: { topic: topicOf(prefix, device, "status"), payload: Buffer.from("offline"), qos: 1, retain: true },
          onLink: (link) => {
            if (link.type === "disconnected") say(`${device}: broker ${connection?.name ?? ""} lost (${link.reason}): spooling to ${options.spoolDir}`);
            else if (link.type === "reconnected") {
              say(`${device}: broker back after ${formatDuration(link.downForMs)}: sending ${spool.waiting} spooled messages`);
              statusOnline();
            }
          },
          onFatal: (error) => {
            fatal ??= error;
            void gps.close();
            endDrain?.();
          },
        });
      } catch (error) {
        spool.close();
        throw error;
      }
      window = Math.max(1, Math.min(32, connection.receiveMaximum));
      connection.client.on("connect", () => pump());
      if (spool.resumed > 0) say(`${device}: resuming the spool: ${formatCount(spool.resumed, "message")} the broker never acknowledged`);
      statusOnline();
      pump();
    },
    async run() {
      if (connection === undefined) throw new TypeError("connect() first");
      let failure: unknown;
      const ticker = setInterval(() => {
        if (Date.now() - lastStateMs >= STATE_EVERY_MS) stateDirty = true;
        pump();
      }, 1000);
      ticker.unref?.();
      try {
        await gps.run();
      } catch (error) {
        failure = error;
      }
      if (holdTimer !== undefined) clearTimeout(holdTimer);
      flush(true);
      stateDirty = true;
      // What the broker has not taken yet: wait for it, unless stopped (the spool keeps it for the next run).
      const waiting = (): number => spool.waiting + spool.inFlight;
      if (!stopping && fatal === undefined && waiting() > 0 && !connection.client.connected) {
        say(
          `${device}: the source ended; waiting for the broker to take ${waiting()} spooled messages (Ctrl-C leaves them in ${options.spoolDir} for the next run)`,
        );
      }
      await drained(stopping ? STOP_GRACE_MS : Number.POSITIVE_INFINITY);
      clearInterval(ticker);
      await osmand?.close(stopping ? 1000 : 5000);
      // a clean exit: the device goes offline now, not when the broker's keepalive gives up
      if (connection.client.connected && fatal === undefined) {
        control.push({ topic: "state", payload: JSON.stringify(state()), retain: true }, { topic: "status", payload: "offline", retain: true });
        stateDirty = false;
        await drained(STOP_GRACE_MS);
      }
      await connection.close(connection.client.connected);
      spool.close();
      if (waiting() > 0) say(`${device}: ${formatCount(waiting(), "message")} stay in the spool ${options.spoolDir} (sent at the next run)`);
      if (spool.dropped > 0) say(`${device}: the spool was full: ${spool.dropped} oldest messages dropped`);
      if (fatal !== undefined) throw fatal;
      if (failure !== undefined) throw failure;
    },
    stop() {
      if (stopping) {
        endDrain?.();
        return;
      }
      stopping = true;
      void gps.close();
      // already waiting for the broker after the source ended: a short grace, then the spool keeps the rest
      if (endDrain !== undefined) setTimeout(() => endDrain?.(), STOP_GRACE_MS).unref?.();
    },
    setMethods(names) {
      methods = names;
      method = names[0] ?? "integrated";
      stateDirty = true;
    },
    methodChanged(change) {
      method = change.to ?? "none";
      event({
        ...stamp(Number.NaN),
        type: "method-changed",
        ...(change.from === undefined ? {} : { from: change.from }),
        ...(change.to === undefined ? {} : { to: change.to }),
        reason: change.reason,
      });
    },
  };
}
