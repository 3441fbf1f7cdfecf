/*
 * What `gnsskit publish` puts on an MQTT broker and an `mqtt://` SOURCE reads back: topics and payloads.
 * Isomorphic (Uint8Array and TextEncoder only), so a browser client over MQTT-over-WebSocket could read it too.
 *
 * Per device, under PREFIX/DEVICE/:
 *
 * | topic    | QoS | retained | payload |
 * | ---      | --- | ---      | ---     |
 * | `nmea`   | 1   | no       | the receiver's bytes in the record format (receive-time prefixes), after a header line with a sequence number |
 * | `tpv`    | 1   | no       | gpsd's TPV report of the epoch (one JSON object, as `decode --format gpsd`) |
 * | `sky`    | 1   | no       | gpsd's SKY report of the epoch |
 * | `epoch`  | 1   | no       | gnsskit's Epoch (as `decode --format json`) |
 * | `events` | 1   | no       | one FleetEvent: first fix, fix lost, reacquired, start type, method switched |
 * | `state`  | 1   | yes      | DeviceState: fix, TTFF, start type, methods, last position, last seen, counters |
 * | `status` | 1   | yes      | `online`, or `offline` (the last will, and a clean exit) |
 *
 * `nmea` is the truth the others are views of: a consumer runs the same tracker over the same bytes (with the
 * same receive times), so its epochs are those `gnsskit decode` gives for the device's recording, whatever
 * the views were thinned to. The sequence number makes QoS 1 exactly-once for the reader: a message the
 * broker delivers twice (a resend after a lost PUBACK, a spool resent after a crash) has a number already seen.
 */

/** The header line of an `nmea` payload: `#gnsskit seq=42 run=k3j2h1 queued=1767225600123 bytes=1234`. */
export interface NmeaHeader {
  /** 1, 2, 3… per device and run, without gaps unless the spool dropped its oldest messages. */
  seq: number;
  /** Names one numbering of seq: a spool that was lost (or a new device) starts a new run at 1. */
  run: string;
  /** The publisher's wall clock when the message was made (ms): broker round trip and spool delay. */
  queuedAtMs: number;
}

export interface NmeaMessage extends NmeaHeader {
  /** The receiver's bytes, with record prefixes when the publisher had a clock. */
  body: Uint8Array;
}

export const FLEET_TOPICS = ["nmea", "tpv", "sky", "epoch", "events", "state", "status"] as const;
export type FleetTopic = (typeof FLEET_TOPICS)[number];

const encoder = new TextEncoder();
const LF = 0x0a;
const RUN = /^[A-Za-z0-9_-]{1,32}$/;

/**
 * A `#` line: the framer skips comment lines, so a run of payloads written one after the other is itself a log
 * `gnsskit decode` reads (the spool is exactly that), as long as each body ends at a line end.
 */
export function encodeNmeaMessage(message: NmeaMessage): Uint8Array {
  if (!Number.isSafeInteger(message.seq) || message.seq < 1) throw new RangeError(`nmea message: bad seq ${message.seq}`);
  if (!RUN.test(message.run)) throw new RangeError(`nmea message: bad run "${message.run}"`);
  const header = encoder.encode(`#gnsskit seq=${message.seq} run=${message.run} queued=${Math.round(message.queuedAtMs)} bytes=${message.body.byteLength}\n`);
  const out = new Uint8Array(header.byteLength + message.body.byteLength);
  out.set(header, 0);
  out.set(message.body, header.byteLength);
  return out;
}

const HEADER = /^#gnsskit seq=(\d{1,15}) run=([A-Za-z0-9_-]{1,32}) queued=(\d{1,15}) bytes=(\d{1,12})$/;
/** A header line is short; reading further for its end would only scan a body. */
const MAX_HEADER_BYTES = 128;

/**
 * The message at `bytes[offset]` and where the next one starts (payloads one after the other, as in a spool
 * file), or why it is not one: a reader says so in one line rather than feed foreign bytes to the tracker.
 */
export function decodeNmeaMessage(bytes: Uint8Array, offset = 0): { message: NmeaMessage; next: number } | { error: string } {
  const limit = Math.min(bytes.byteLength, offset + MAX_HEADER_BYTES);
  let end = offset;
  while (end < limit && bytes[end] !== LF) end++;
  if (end >= limit) return { error: "no gnsskit header line" };
  const line = String.fromCharCode(...bytes.subarray(offset, end));
  const match = HEADER.exec(line);
  if (!match) return { error: `not a gnsskit header line: ${JSON.stringify(line.slice(0, 60))}` };
  const length = Number(match[4]);
  const from = end + 1;
  if (from + length > bytes.byteLength) return { error: `the header says ${length} bytes, ${bytes.byteLength - from} came` };
  const seq = Number(match[1]);
  if (seq < 1) return { error: "seq 0 in the header" };
  return {
    message: { seq, run: match[2] as string, queuedAtMs: Number(match[3]), body: bytes.subarray(from, from + length) },
    next: from + length,
  };
}

/**
 * A device name as one topic level: MQTT forbids `+`, `#` and `/` inside a level (and a `$` start is the
 * broker's own); everything else but letters, digits, `.`, `_` and `-` becomes `-` so names stay shell- and
 * file-safe (`record` writes DEVICE.nmea). `/dev/ttyUSB0` → `ttyUSB0`, `logs/van 3.nmea` → `van-3`,
 * `sim:?start=cold&seed=2` → `sim-start-cold-seed-2`.
 */
export function deviceNameOf(sourceName: string): string {
  const base = sourceName.replace(/^[a-z]+:\/\//i, "");
  const last =
    base
      .split(/[\\/]/)
      .filter((part) => part !== "")
      .pop() ?? base;
  const stem = /\.(nmea|log|txt|ubx|gz)$/i.test(last) ? last.replace(/\.[^.]+$/, "") : last;
  const cleaned = stem.replace(/[^A-Za-z0-9._-]+/g, "-").replace(/^[-.]+|-+$/g, "");
  return cleaned === "" ? "device" : cleaned;
}

/** Why a device name cannot be a topic level, or undefined when it can. */
export function deviceNameProblem(name: string): string | undefined {
  if (name === "") return "an empty device name";
  if (/[+#/]/.test(name)) return `device name "${name}": +, # and / cannot be in an MQTT topic level`;
  if (name.startsWith("$")) return `device name "${name}": a $ start is reserved for the broker`;
  if (encoder.encode(name).byteLength > 256) return `device name "${name.slice(0, 20)}…": longer than 256 bytes`;
  return undefined;
}

/** Why a prefix cannot be one, or undefined: one or more topic levels, no wildcards. */
export function prefixProblem(prefix: string): string | undefined {
  if (prefix === "") return "an empty prefix (give one, e.g. gnss)";
  if (/[+#]/.test(prefix)) return `prefix "${prefix}": + and # are wildcards, not names`;
  if (prefix.startsWith("/") || prefix.endsWith("/") || prefix.includes("//")) return `prefix "${prefix}": empty topic level`;
  if (prefix.startsWith("$")) return `prefix "${prefix}": a $ start is reserved for the broker`;
  return undefined;
}

export const topicOf = (prefix: string, device: string, topic: FleetTopic): string => `${prefix}/${device}/${topic}`;

/** `PREFIX/DEVICE/TOPIC` → its parts, when it is one of ours under `prefix`. */
export function parseFleetTopic(prefix: string, topic: string): { device: string; topic: FleetTopic } | undefined {
  if (!topic.startsWith(`${prefix}/`)) return undefined;
  const rest = topic.slice(prefix.length + 1).split("/");
  if (rest.length !== 2) return undefined;
  const [device, kind] = rest as [string, string];
  if (device === "" || !(FLEET_TOPICS as readonly string[]).includes(kind)) return undefined;
  return { device, topic: kind as FleetTopic };
}

/** What the receiver's fix was, in the state message (FixState without its clock times). */
export interface DeviceFix {
  kind: "idle" | "searching" | "fixed" | "non-gnss" | "lost";
  mode?: "2d" | "3d";
  quality?: string;
  /** For lost: why (no-fix-reported, stale, non-gnss). */
  reason?: string;
  /** The receiver did not state the fix's dimension (RMC or GLL alone: Epoch.dimensionUnstated); `mode` is gpsd's 2d */
  dimensionUnstated?: true;
}

/**
 * The retained `state` message: what a consumer, `fleet stats` or any dashboard needs to show the device
 * without having seen its stream (a consumer that starts later reads it at once). Times are the publisher's
 * wall clock (ms since 1970) unless named `…OnSourceMs` (the receiver's clock: simulated or replayed time).
 */
export interface DeviceState {
  device: string;
  /** The publisher's SOURCE, as it names it (`/dev/ttyUSB0`, `sim:?start=cold`, a log). */
  source: string;
  fix: DeviceFix;
  /** Time to first fix, ms, when measured; `ttffNote` says why not otherwise. */
  ttffMs?: number;
  first3dMs?: number;
  ttffNote?: string;
  start: { type: string; basis: string };
  /** Positioning methods in priority order (`integrated` without --methods) and the one giving the position. */
  methods: string[];
  method: string;
  usedCount: number;
  trackedCount: number;
  inViewCount: number;
  position?: { latitudeDeg: number; longitudeDeg: number; altitudeMslM?: number; timeMs?: number };
  /** Publisher wall clock when it started publishing this device, and when the device last sent a byte. */
  startedAtMs: number;
  lastSeenMs?: number;
  /** Counters since `startedAtMs`: epochs, epochs with a fix, fixes lost, reacquired. */
  epochs: number;
  fixEpochs: number;
  fixLosses: number;
  reacquisitions: number;
  /** The last `nmea` seq made when this state was (a consumer can tell how far behind it is). */
  seq: number;
  run: string;
}

/** One `events` message. `atOnSourceMs` is the receiver's clock; `atMs` the publisher's wall clock. */
export type FleetEvent = { device: string; atMs: number; atOnSourceMs?: number } & (
  | { type: "first-fix"; ttffMs?: number; mode: "2d" | "3d" }
  | { type: "fix-lost"; reason: string }
  | { type: "reacquired"; gapMs: number }
  | { type: "start"; start: string; basis: string }
  | { type: "method-changed"; from?: string; to?: string; reason: string }
);

/** A state or event message, checked enough that a foreign publisher's JSON cannot break a reader. */
export function parseDeviceState(text: string): DeviceState | undefined {
  const value = parseObject(text);
  if (value === undefined) return undefined;
  const ok =
    typeof value.device === "string" &&
    typeof value.fix === "object" &&
    value.fix !== null &&
    typeof (value.fix as { kind?: unknown }).kind === "string" &&
    typeof value.startedAtMs === "number" &&
    typeof value.epochs === "number" &&
    typeof value.fixEpochs === "number" &&
    typeof value.fixLosses === "number";
  return ok ? (value as unknown as DeviceState) : undefined;
}

export function parseFleetEvent(text: string): FleetEvent | undefined {
  const value = parseObject(text);
  if (value === undefined || typeof value.type !== "string" || typeof value.device !== "string" || typeof value.atMs !== "number") return undefined;
  return value as unknown as FleetEvent;
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(text);
    return typeof value === "object" && value !== null && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined; // not JSON: the caller counts it as a foreign message
  }
}
