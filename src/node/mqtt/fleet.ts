// The reader's side of `gnsskit publish`: `mqtt://host/PREFIX/+` (every device) or `/PREFIX/DEVICE` (one).
// Each device is a Source of its receiver's bytes (the `nmea` payloads, duplicates removed by seq, in order),
// so every command runs the same pipeline on it as on a serial port; beside it, the device's retained state
// and status. The retained messages come first: a reader that starts late knows every device at once.

import { randomBytes } from "node:crypto";
import type { MqttClient } from "mqtt";
import { createSequenceCheck, type SequenceCheck } from "../../fleet/sequence.js";
import { formatCount } from "../../output/format.js";
import {
  decodeNmeaMessage,
  parseDeviceState,
  parseFleetEvent,
  parseFleetTopic,
  topicOf,
  type DeviceState,
  type FleetEvent,
  type FleetTopic,
  type NmeaMessage,
} from "../../fleet/wire.js";
import { SourceError, type Source } from "../../sources/source.js";
import { createPushedSource, type PushedSource } from "./pushed-source.js";
import { describeBroker, type SourceSpec } from "../../sources/spec.js";
import type { LinkEvent } from "../../types.js";
import { connectBroker, type BrokerConnection } from "./connect.js";

export type MqttSpec = Extract<SourceSpec, { kind: "mqtt" }>;

export interface FleetDevice {
  readonly name: string;
  /** The receiver's bytes as published (with their receive-time prefixes); only with `streams`. */
  readonly source: Source;
  /** The last state the publisher sent (retained: known at once, even while the device is away). */
  readonly state: DeviceState | undefined;
  /** `online`/`offline` from the retained status (the publisher's last will); undefined before any. */
  readonly online: boolean | undefined;
  /** This host's clock when anything of the device last came (ms), and when its last nmea message came. */
  readonly lastMessageAtMs: number | undefined;
  readonly lastNmeaAtMs: number | undefined;
  readonly sequence: SequenceCheck;
  /** Messages whose payload was not gnsskit's (another program on the same topics). */
  readonly foreign: number;
}

export interface FleetOptions {
  /** Read the devices' `nmea` streams (default true); false: state, status and events only (`fleet stats`). */
  streams?: boolean;
  /** Read the `events` topic. */
  events?: boolean;
  /** Anything of a device changed (state, status, a message): for redraws. */
  onChange?: (device: FleetDevice, topic: FleetTopic) => void;
  onEvent?: (event: FleetEvent) => void;
  /** Every nmea message taken (not duplicates), with this host's receive time: latency for the bench. */
  onNmea?: (device: FleetDevice, message: NmeaMessage, receivedAtMs: number) => void;
  /** The broker connection's news (lost, back). */
  onLink?: (event: LinkEvent) => void;
}

export interface Fleet {
  /** `mqtt://host:port/PREFIX/+`, without the password. */
  readonly name: string;
  readonly devices: ReadonlyMap<string, FleetDevice>;
  /** Calls `listener` for every device known and every one heard of later; returns an unsubscribe function. */
  onDevice(listener: (device: FleetDevice) => void): () => void;
  /** Resolves once the retained messages the broker held at subscription time are in (at most ~2 s). */
  readonly synced: Promise<void>;
  /** Resolves when the fleet is closed; rejects when the broker refused us for good. */
  readonly ended: Promise<void>;
  close(): Promise<void>;
}

const SYNC_LEVEL = "_gnsskit-sync";
const SYNC_TIMEOUT_MS = 2000;

/** Connects and subscribes; rejects with a SourceError when the broker cannot be reached or refuses us. */
export async function openFleet(spec: MqttSpec, options: FleetOptions = {}): Promise<Fleet> {
  const { prefix } = spec;
  const streams = options.streams ?? true;
  const name = `${describeBroker(spec.broker)}/${prefix}/${spec.device}`;
  const linkListeners = new Set<(event: LinkEvent) => void>();
  const subscribeLink = (listener: (event: LinkEvent) => void): (() => void) => {
    linkListeners.add(listener);
    return () => linkListeners.delete(listener);
  };
  let endFleet: (error?: Error) => void = () => undefined;
  const ended = new Promise<void>((resolve, reject) => {
    endFleet = (error) => (error === undefined ? resolve() : reject(error));
  });
  ended.catch(() => undefined); // a reader that never awaits it hears of it through its device sources

  interface Device extends FleetDevice {
    source: PushedSource;
    state: DeviceState | undefined;
    online: boolean | undefined;
    lastMessageAtMs: number | undefined;
    lastNmeaAtMs: number | undefined;
    foreign: number;
  }
  const deviceListeners = new Set<(device: FleetDevice) => void>();
  const devices = new Map<string, Device>();
  const deviceNamed = (deviceName: string): Device => {
    let device = devices.get(deviceName);
    if (device === undefined) {
      device = {
        name: deviceName,
        source: createPushedSource(`${describeBroker(spec.broker)}/${prefix}/${deviceName}`, subscribeLink),
        state: undefined,
        online: undefined,
        lastMessageAtMs: undefined,
        lastNmeaAtMs: undefined,
        sequence: createSequenceCheck(),
        foreign: 0,
      };
      devices.set(deviceName, device);
      for (const listener of deviceListeners) listener(device);
    }
    return device;
  };

  const connection: BrokerConnection = await connectBroker(spec.broker, {
    role: "fleet",
    // the broker going down and up: what publishers send before we are back waits in our session
    session: { expiryS: 600 },
    onLink: (event) => {
      options.onLink?.(event);
      for (const listener of linkListeners) listener(event);
    },
    onFatal: (error) => {
      for (const device of devices.values()) device.source.end(error);
      endFleet(error);
    },
  });
  const client: MqttClient = connection.client;
  const syncTopic = `${prefix}/${SYNC_LEVEL}/${randomBytes(6).toString("hex")}`;
  let markSynced: () => void = () => undefined;
  const synced = new Promise<void>((resolve) => (markSynced = resolve));

  client.on("message", (topic, payload) => {
    if (topic === syncTopic) return markSynced();
    const parsed = parseFleetTopic(prefix, topic);
    if (parsed === undefined || (spec.device !== "+" && parsed.device !== spec.device)) return;
    const device = deviceNamed(parsed.device);
    device.lastMessageAtMs = Date.now();
    const bytes = new Uint8Array(payload.buffer, payload.byteOffset, payload.byteLength);
    switch (parsed.topic) {
      case "nmea": {
        const decoded = decodeNmeaMessage(bytes);
        if ("error" in decoded) {
          device.foreign++;
          if (device.foreign === 1) device.source.info(`${topic}: ${decoded.error}: left out`);
          break;
        }
        const { message } = decoded;
        const verdict = device.sequence.check(message.run, message.seq);
        if (verdict.kind === "duplicate") break;
        if (verdict.kind === "gap")
          device.source.info(`${message.seq - verdict.lost}…${message.seq - 1}: ${formatCount(verdict.lost, "message")} lost (the publisher's spool was full)`);
        if (verdict.kind === "new-run") device.source.info("the publisher started a new numbering (its spool was lost, or another publisher took the name)");
        device.lastNmeaAtMs = device.lastMessageAtMs;
        options.onNmea?.(device, message, device.lastMessageAtMs);
        if (message.body.byteLength > 0) device.source.push(message.body);
        break;
      }
      case "state": {
        const state = parseDeviceState(new TextDecoder().decode(bytes));
        if (state === undefined) device.foreign++;
        else device.state = state;
        break;
      }
      case "status": {
        const text = new TextDecoder().decode(bytes).trim();
        if (text === "online" || text === "offline") device.online = text === "online";
        break;
      }
      case "events": {
        const event = parseFleetEvent(new TextDecoder().decode(bytes));
        if (event === undefined) device.foreign++;
        else options.onEvent?.(event);
        break;
      }
      default:
        break;
    }
    options.onChange?.(device, parsed.topic);
  });

  const device = spec.device;
  const topics = [...(streams ? (["nmea"] as const) : []), "state", "status", ...(options.events === true ? (["events"] as const) : [])].map((topic) =>
    topicOf(prefix, device, topic as FleetTopic),
  );
  try {
    await client.subscribeAsync(syncTopic, { qos: 1 });
    const granted = await client.subscribeAsync(topics, { qos: 1 });
    const refused = granted.find((grant) => grant.qos === 128 || (grant.qos as number) >= 0x80);
    if (refused !== undefined) throw new SourceError(`${name}: the broker refused the subscription to ${refused.topic} (not allowed for this user?)`);
  } catch (error) {
    await connection.close(false);
    throw error instanceof SourceError ? error : new SourceError(`${name}: cannot subscribe: ${error instanceof Error ? error.message : String(error)}`);
  }
  // The broker sends a subscription's retained messages before a message published after it: when ours comes
  // back, every device's state is in. A broker that refuses the publish (an ACL) only makes this wait longer.
  client.publish(syncTopic, "sync", { qos: 1 });
  setTimeout(markSynced, SYNC_TIMEOUT_MS).unref?.();

  let closed = false;
  return {
    name,
    devices,
    onDevice(listener) {
      deviceListeners.add(listener);
      for (const device of devices.values()) listener(device);
      return () => deviceListeners.delete(listener);
    },
    synced,
    ended,
    async close() {
      if (closed) return;
      closed = true;
      for (const device of devices.values()) device.source.end();
      await connection.close(false);
      endFleet();
    },
  };
}
