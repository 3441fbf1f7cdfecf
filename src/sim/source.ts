// The simulated receiver as a Source (`sim:?start=cold&env=urban-canyon&chip=mtk&seed=7&speed=20`).
// Its clock is the simulated UTC, from power-on at `at=` (default: now); `speed` is simulated seconds per wall
// second (`max` or 0: as fast as possible).

import { basename } from "node:path";
import { DIALECT_NAMES } from "../dialects.js";
import type { Constellation, LinkEvent } from "../types.js";
import { MIN_SPEED, SourceError, type Source } from "../sources/source.js";
import { loadBundledSky } from "../node/almanacs.js";
import type { Sky } from "../orbits/index.js";
import { ENVIRONMENTS, type Environment } from "./sky/index.js";
import { driveRoute, parseGeoJson, parseGpx, staticRoute, trackRoute, type Route } from "./motion/route.js";
import { createSimReceiver, type SimReceiver } from "./receiver/receiver.js";
import { SIM_MODELS } from "./receiver/config.js";
import { createRandom } from "./random.js";
import { createSimBase, type SimBase } from "./base.js";
import type { AidingKind, NmeaVersion, SimChip, SimProtocol, SimScenario, SimStartType, SimTruth } from "./receiver/types.js";
import { decimalNumber, notDecimalNote } from "../decimal.js";
import { optionFileErrorText, readOptionFile, TRACK_FILE_MAX_BYTES } from "../node/option-file.js";

/** Eiffel Tower, 35 m above mean sea level: the documented default place. */
export const DEFAULT_SIM_PLACE = { latitudeDeg: 48.8584, longitudeDeg: 2.2945, altitudeMslM: 35 } as const;
/**
 * Power-on time without `at=`: now, to the whole second (a receiver's cycles fall on whole seconds), so the
 * clock a consumer sees (cgps, the monitor) agrees with the host's. A run repeats only with `at=` given: the
 * same spec with the same `at=` and `seed=` gives the same bytes.
 */
export function defaultPowerOnMs(nowMs: number = Date.now()): number {
  return Math.floor(nowMs / 1000) * 1000;
}
/** Fixed geoid separation written in GGA (the value near Paris); the model has no geoid. */
export const DEFAULT_GEOID_SEPARATION_M = 45;

export interface SimOptions {
  start?: SimStartType;
  environment?: Environment;
  chip?: SimChip;
  /** The chip model within its dialect (`m8`, `f9`, `mt3339`, `mt3333`, …); the chip's first by default. */
  model?: string;
  seed?: number;
  /** Simulated seconds per wall second; 0 or Infinity = as fast as possible. Default 1. */
  speed?: number;
  latitudeDeg?: number;
  longitudeDeg?: number;
  /** Altitude above mean sea level (what GGA reports). */
  altitudeMslM?: number;
  /** Simulated UTC of power-on (ms since 1970); default now (defaultPowerOnMs). */
  startTimeMs?: number;
  rateHz?: number;
  nmeaVersion?: NmeaVersion;
  /** `drive` (generated), a GPX/GeoJSON file path, or a Route; static when absent. */
  route?: "drive" | string | Route;
  scenario?: SimScenario;
  /** Stop after this many simulated seconds. */
  durationS?: number;
  /** For start=assisted: what is injected (default time, position, ephemeris). */
  aiding?: AidingKind[];
  constellations?: Constellation[];
  elevationMaskDeg?: number;
  ackAiding?: boolean;
  /**
   * The link carries no speed of its own (the simulator served over TCP or a pseudo-terminal): this end follows
   * the chip's port when it changes speed, and says so in a link event. Default false: the source is a serial
   * link whose host end stays at its speed until `setBaudRate`, and bytes at different speeds are noise.
   */
  followReceiverSpeed?: boolean;
  /** An RTK rover: RTCM 3 written to it (`--ntrip`, a caster's stream) gives DGPS, RTK float, then RTK fixed. */
  rtk?: boolean;
  /**
   * A base station instead of a receiver: the RTCM 3 (1005 + MSM7) a reference receiver at the simulated place
   * sends for the sky's satellites (src/sim/base.ts), paced like the receiver's NMEA. Start-type options do not apply.
   */
  rtcmBase?: { stationId?: number };
  /** u-blox: NMEA (default), UBX navigation messages, or both. */
  protocol?: SimProtocol;
  /** Inject a sky (tests); the bundled almanacs by default. */
  sky?: Sky;
}

/** A `sim:` spec that cannot be understood: the CLI turns it into exit code 2. */
export class SimSpecError extends TypeError {
  override readonly name = "SimSpecError";
}

const STARTS: readonly SimStartType[] = ["cold", "warm", "hot", "assisted", "factory"];
const VERSIONS: readonly NmeaVersion[] = ["4.11", "4.10", "3.0", "2.3"];
const SCENARIOS: readonly SimScenario[] = ["none", "tunnel", "urban", "indoor"];
const AIDING: readonly AidingKind[] = ["time", "position", "ephemeris"];
const PROTOCOLS: readonly SimProtocol[] = ["nmea", "ubx", "both"];
const CONSTELLATIONS: readonly Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];
const ENV_ALIASES: Record<string, Environment> = { open: "open-sky", urban: "urban-canyon", "urban canyon": "urban-canyon" };
const VERSION_ALIASES: Record<string, NmeaVersion> = { "4.1": "4.10", "3.00": "3.0", "3.01": "3.0", "2.30": "2.3", "2.3": "2.3" };

export const SIM_SPEC_KEYS = [
  "start",
  "env",
  "chip",
  "seed",
  "speed",
  "lat",
  "lon",
  "alt",
  "at",
  "rate",
  "nmea",
  "route",
  "scenario",
  "duration",
  "assist",
  "gnss",
  "mask",
  "ackaiding",
  "model",
  "rtk",
  "protocol",
] as const;

function oneOf<T extends string>(key: string, value: string, allowed: readonly T[]): T {
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new SimSpecError(`sim: bad ${key} "${value}" (expected ${allowed.join(", ")})`);
}

function numberIn(key: string, value: string, min: number, max: number, integer = false, what = integer ? "an integer" : "a number"): number {
  const n = decimalNumber(value);
  if (!Number.isFinite(n) || n < min || n > max || (integer && !Number.isInteger(n))) {
    throw new SimSpecError(`sim: bad ${key} "${value}" (expected ${what} from ${min} to ${max})${notDecimalNote(value)}`);
  }
  return n;
}

function flag(key: string, value: string): boolean {
  const v = oneOf(key, value.toLowerCase(), ["0", "1", "true", "false"] as const);
  return v === "1" || v === "true";
}

function list<T extends string>(key: string, value: string, allowed: readonly T[]): T[] {
  const items = value
    .split(",")
    .map((v) => v.trim().toLowerCase())
    .filter((v) => v !== "");
  if (items.length === 0) throw new SimSpecError(`sim: ${key} is empty`);
  return items.map((v) => oneOf(key, v, allowed));
}

/** `sim:?start=cold&env=urban-canyon&...` → options; throws SimSpecError with a readable message. */
export function parseSimSpec(spec: string, now: () => number = Date.now): SimOptions {
  const m = /^sim:(?:\/\/)?(?:\?(.*))?$/s.exec(spec.trim());
  if (m === null) throw new SimSpecError(`not a simulator spec: "${spec}" (expected sim: or sim:?key=value&...)`);
  const options: SimOptions = {};
  const params = new URLSearchParams(m[1] ?? "");
  const seen = new Set<string>();
  for (const [rawKey, rawValue] of params) {
    const key = rawKey.toLowerCase();
    const value = rawValue.trim();
    if (seen.has(key)) throw new SimSpecError(`sim: ${key} given twice`);
    seen.add(key);
    switch (key) {
      case "start":
        options.start = oneOf(key, value.toLowerCase(), STARTS);
        break;
      case "env": {
        const v = value.toLowerCase();
        options.environment = ENV_ALIASES[v] ?? oneOf(key, v, ENVIRONMENTS);
        break;
      }
      case "chip":
        options.chip = oneOf(key, value.toLowerCase(), DIALECT_NAMES);
        break;
      case "seed":
        options.seed = numberIn(key, value, 0, 2 ** 32 - 1, true);
        break;
      case "speed":
        // 0 is `max` inside; a user's 0 (nothing would move) or a pace that makes one simulated second longer than a
        // timer can wait (2^31 ms: Node warns and fires at once) is refused
        options.speed = value.toLowerCase() === "max" ? 0 : numberIn(key, value, MIN_SPEED, 1e6, false, "max or a number");
        break;
      case "lat":
        options.latitudeDeg = numberIn(key, value, -90, 90);
        break;
      case "lon":
        options.longitudeDeg = numberIn(key, value, -180, 180);
        break;
      case "alt":
        options.altitudeMslM = numberIn(key, value, -500, 20_000);
        break;
      case "at": {
        if (value.toLowerCase() === "now") {
          options.startTimeMs = defaultPowerOnMs(now());
          break;
        }
        const t = /^\d{4}-\d\d-\d\d/.test(value) ? Date.parse(value) : NaN;
        if (!Number.isFinite(t)) throw new SimSpecError(`sim: bad at "${value}" (expected an ISO time such as 2026-11-26T12:00:00Z, or now)`);
        options.startTimeMs = t;
        break;
      }
      case "rate":
        options.rateHz = numberIn(key, value, 1, 10, true);
        break;
      case "nmea":
        options.nmeaVersion = VERSION_ALIASES[value] ?? oneOf(key, value, VERSIONS);
        break;
      case "route":
        if (value === "") throw new SimSpecError("sim: route is empty (expected drive or a .gpx/.geojson file)");
        options.route = value;
        break;
      case "scenario":
        options.scenario = oneOf(key, value.toLowerCase(), SCENARIOS);
        break;
      case "duration":
        options.durationS = numberIn(key, value, 0, 1e9);
        break;
      case "assist":
        options.aiding = list(key, value, AIDING);
        break;
      case "gnss":
        options.constellations = list(key, value, CONSTELLATIONS);
        break;
      case "mask":
        options.elevationMaskDeg = numberIn(key, value, 0, 60);
        break;
      case "model": {
        const name = value.toLowerCase();
        const row = SIM_MODELS.find((m) => m.name === name);
        if (row === undefined) throw new SimSpecError(`sim: bad model "${value}" (expected ${SIM_MODELS.map((m) => m.name).join(", ")})`);
        options.model = row.name;
        break;
      }
      case "protocol":
        options.protocol = oneOf(key, value.toLowerCase(), PROTOCOLS);
        break;
      case "ackaiding":
        options.ackAiding = flag(key, value);
        break;
      case "rtk":
        options.rtk = flag(key, value);
        break;
      default:
        throw new SimSpecError(`sim: unknown key "${rawKey}" (known: ${SIM_SPEC_KEYS.join(", ")})`);
    }
  }
  if (options.aiding !== undefined && options.start !== "assisted") {
    throw new SimSpecError("sim: assist= needs start=assisted");
  }
  if (options.model !== undefined) {
    // A model names its chip: model=f9 is a u-blox.
    const chip = SIM_MODELS.find((m) => m.name === options.model)!.chip;
    if (options.chip !== undefined && options.chip !== chip) throw new SimSpecError(`sim: model ${options.model} is a ${chip} chip, not ${options.chip}`);
    options.chip = chip;
  }
  if (options.protocol !== undefined && options.protocol !== "nmea" && options.chip !== "ublox") {
    throw new SimSpecError(`sim: protocol=${options.protocol} needs chip=ublox (the other chips speak NMEA only)`);
  }
  return options;
}

function loadRoute(path: string, origin: { latitudeDeg: number; longitudeDeg: number; altitudeHaeM: number }): Route {
  let text: string;
  try {
    text = readOptionFile(path, TRACK_FILE_MAX_BYTES).toString("utf8");
  } catch (error) {
    throw new SimSpecError(`sim: cannot read route file ${path}: ${optionFileErrorText(error)}`);
  }
  let points;
  try {
    points = /\.(geo)?json$/i.test(path) || text.trimStart().startsWith("{") ? parseGeoJson(text) : parseGpx(text);
  } catch (error) {
    throw new SimSpecError(`sim: route file ${path} is not valid GeoJSON: ${(error as Error).message}`);
  }
  if (points.length === 0) throw new SimSpecError(`sim: route file ${path} has no track points (GPX trkpt/rtept or a GeoJSON LineString)`);
  return trackRoute(basename(path), points, { altitudeHaeM: origin.altitudeHaeM });
}

/** A base station stepped like a receiver: it takes no commands; its truth is its place, always fixed. */
function baseStation(base: SimBase, route: Route): SimReceiver {
  const place = route.at(0);
  const truth: SimTruth = {
    startType: "hot",
    startedAtMs: 0,
    restartCount: 0,
    latitudeDeg: place.latitudeDeg,
    longitudeDeg: place.longitudeDeg,
    altitudeHaeM: place.altitudeHaeM,
    environment: "open-sky",
    mode: "3d",
    satellitesTracked: 0,
    satellitesUsed: 0,
    fixLosses: 0,
    receiverState: { timeKnown: true, positionKnown: true, almanacKnown: true, locked: [] },
  };
  // a base station's serial port is set once: it takes no commands, so no speed change either
  const BASE_BAUD = 115_200;
  return { truth, intervalMs: base.intervalMs, baudRate: BASE_BAUD, step: (t) => base.step(t), receive: () => new Uint8Array(0), receiveAtSpeeds: () => [] };
}

/** Steps run back to back (due, not waited for) before the event loop gets a turn. */
const MAX_STEPS_WITHOUT_MACROTASK = 20;
/** Event-loop turns left to the host after a reply before the next step (speed=max). */
const HOST_TURNS_AFTER_REPLY = 8;
/** Time spent stepping back to back before the event loop gets a turn. */
const MAX_MS_WITHOUT_MACROTASK = 10;

export type SimSource = Source & {
  write(bytes: Uint8Array): Promise<void>;
  /** The host end's speed; bytes between ends at different speeds are noise, as on a UART. */
  readonly baudRate: number;
  setBaudRate(baudRate: number): Promise<void>;
  readonly truth: SimTruth;
  /** The options the source runs with (defaults filled in). */
  readonly options: Readonly<SimOptions> & { startTimeMs: number; seed: number; speed: number };
};

/** A Source over the simulated receiver. Throws SimSpecError for a bad spec or an unreadable route file. */
export function createSimSource(spec: string | SimOptions): SimSource {
  const parsed = typeof spec === "string" ? parseSimSpec(spec) : spec;
  const name = typeof spec === "string" ? spec : "sim:";
  const seed = parsed.seed ?? 1;
  const startTimeMs = parsed.startTimeMs ?? defaultPowerOnMs();
  const speed = parsed.speed ?? 1;
  const geoidSeparationM = DEFAULT_GEOID_SEPARATION_M;
  const origin = {
    latitudeDeg: parsed.latitudeDeg ?? DEFAULT_SIM_PLACE.latitudeDeg,
    longitudeDeg: parsed.longitudeDeg ?? DEFAULT_SIM_PLACE.longitudeDeg,
    altitudeHaeM: (parsed.altitudeMslM ?? DEFAULT_SIM_PLACE.altitudeMslM) + geoidSeparationM,
  };
  const scenario = parsed.scenario ?? "none";
  let route: Route;
  if (typeof parsed.route === "object") route = parsed.route;
  else if (parsed.route === "drive" || (parsed.route === undefined && scenario === "tunnel")) route = driveRoute(origin, seed);
  else if (parsed.route !== undefined) route = loadRoute(parsed.route, origin);
  else route = staticRoute(origin.latitudeDeg, origin.longitudeDeg, origin.altitudeHaeM);

  const sky = parsed.sky ?? loadBundledSky();
  const receiver: SimReceiver =
    parsed.rtcmBase !== undefined
      ? baseStation(createSimBase({ sky, ...origin, startTimeMs, seed, ...parsed.rtcmBase }), route)
      : createSimReceiver({
          sky,
          route,
          startTimeMs,
          seed,
          scenario,
          geoidSeparationM,
          ...(parsed.chip === undefined ? {} : { chip: parsed.chip }),
          ...(parsed.model === undefined ? {} : { model: parsed.model }),
          ...(parsed.nmeaVersion === undefined ? {} : { nmeaVersion: parsed.nmeaVersion }),
          ...(parsed.start === undefined ? {} : { start: parsed.start }),
          ...(parsed.aiding === undefined ? {} : { aiding: parsed.aiding }),
          ...(parsed.rateHz === undefined ? {} : { rateHz: parsed.rateHz }),
          ...(parsed.environment === undefined ? {} : { environment: parsed.environment }),
          ...(parsed.constellations === undefined ? {} : { constellations: parsed.constellations }),
          ...(parsed.elevationMaskDeg === undefined ? {} : { elevationMaskDeg: parsed.elevationMaskDeg }),
          ...(parsed.ackAiding === undefined ? {} : { ackAiding: parsed.ackAiding }),
          ...(parsed.rtk === undefined ? {} : { rtk: parsed.rtk }),
          ...(parsed.protocol === undefined ? {} : { protocol: parsed.protocol }),
        });

  const endMs = parsed.durationS === undefined ? Infinity : startTimeMs + parsed.durationS * 1000;
  const asFastAsPossible = speed === 0 || !Number.isFinite(speed);
  let simNowMs = startTimeMs;
  let nextEpochMs = startTimeMs;
  let opened = false;
  let closed = false;
  let iterating = false;
  let bytesWritten = 0;
  let wallStartMs = 0;
  let simAtWallStartMs = startTimeMs;
  /** Wall time of the last step (or of open()): paced time flows on from it until the next step. */
  let stepWallMs: number | undefined;
  /** While a step's chunk is being taken, the clock stays at the step: its receive time is exactly the step's. */
  let delivering = false;
  const pending: Uint8Array[] = [];
  let wake: (() => void) | undefined;
  const linkListeners = new Set<(event: LinkEvent) => void>();
  /** The host end of the serial link; the chip's end is `receiver.baudRate`. */
  let hostBaud = receiver.baudRate;
  const noise = createRandom(seed ^ 0x5a17);
  /** What the host reads of bytes the chip sent at `sentAt` baud: themselves, or noise of their length. */
  const overTheWire = (bytes: Uint8Array, sentAt: number): Uint8Array => {
    if (sentAt === hostBaud) return bytes;
    return bytes.map(() => Math.floor(noise() * 256));
  };
  const emitLink = (event: LinkEvent): void => {
    for (const listener of linkListeners) listener(event);
  };

  const wakeUp = (): void => {
    const w = wake;
    wake = undefined;
    w?.();
  };

  const sleep = (ms: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(
        () => {
          wake = undefined;
          resolve();
        },
        Math.max(0, ms),
      );
      wake = () => {
        clearTimeout(timer);
        resolve();
      };
    });

  async function* chunks(): AsyncGenerator<Uint8Array> {
    // Steps not due yet wait on a timer; steps already due (speed=max, or a pace the host cannot
    // keep) would run back to back on promise continuations alone, and the consumer's sockets,
    // timers and signals would wait for the end of the run. So after a few steps or a few ms
    // without a macrotask, one is taken.
    let stepsSinceMacrotask = 0;
    let macrotaskAtMs = Date.now();
    while (!closed) {
      if (pending.length > 0) {
        yield pending.shift()!; // a reply arrives now, between steps
        // The host answers a reply at once (the next piece of an upload after its ack): a macrotask before the next
        // step lets it, so a receiver that is silent between acks (MediaTek in binary mode) does not see time run on.
        // One turn is not always enough: the host's answer may go through a few (a stream's write, a timer of 0,
        // a promise chain after a parse), and a step between them moves the receiver's time under it: an aiding
        // message then lands a second late, and the host's TTFF differs from the receiver's.
        if (pending.length === 0 && asFastAsPossible) {
          for (let turn = 0; turn < HOST_TURNS_AFTER_REPLY && pending.length === 0 && !closed; turn++)
            await new Promise<void>((resolve) => setImmediate(resolve));
          stepsSinceMacrotask = 0;
          macrotaskAtMs = Date.now();
        }
        continue;
      }
      if (nextEpochMs > endMs) return;
      if (!asFastAsPossible) {
        const dueWallMs = wallStartMs + (nextEpochMs - simAtWallStartMs) / speed;
        const waitMs = dueWallMs - Date.now();
        if (waitMs > 0) {
          await sleep(waitMs);
          stepsSinceMacrotask = 0;
          macrotaskAtMs = Date.now();
          continue; // re-check: a write or close may have woken us
        }
      }
      if (stepsSinceMacrotask >= MAX_STEPS_WITHOUT_MACROTASK || Date.now() - macrotaskAtMs >= MAX_MS_WITHOUT_MACROTASK) {
        await new Promise<void>((resolve) => setImmediate(resolve));
        stepsSinceMacrotask = 0;
        macrotaskAtMs = Date.now();
        continue; // re-check: a write or close may have come in
      }
      stepsSinceMacrotask++;
      simNowMs = nextEpochMs;
      stepWallMs = Date.now();
      const bytes = overTheWire(receiver.step(nextEpochMs), receiver.baudRate);
      nextEpochMs += receiver.intervalMs;
      if (bytes.length > 0) {
        delivering = true;
        yield bytes;
        delivering = false;
      }
    }
  }

  return {
    name,
    live: true,
    startsReceiver: true,
    truth: receiver.truth,
    options: { ...parsed, startTimeMs, seed, speed },
    get bytesWritten() {
      return bytesWritten;
    },
    // Paced, time flows between steps too (never past the next one): what happens between two sentences (a
    // network answer in 30 ms) is timed in simulated time, not rounded down to the last step. A chunk is
    // taken at its step's time, so receive times (and TTFF) stay those of the steps.
    clock: () => (stepWallMs === undefined || delivering || asFastAsPossible ? simNowMs : Math.min(nextEpochMs, simNowMs + (Date.now() - stepWallMs) * speed)),
    async open() {
      if (closed) throw new SourceError(`${name}: closed`);
      opened = true;
      wallStartMs = Date.now();
      simAtWallStartMs = simNowMs;
      stepWallMs = wallStartMs;
      emitLink({ type: "connected", detail: "simulated receiver" });
    },
    [Symbol.asyncIterator]() {
      if (!opened) throw new SourceError(`${name}: read before open()`);
      if (iterating) throw new SourceError(`${name}: already being read`);
      iterating = true;
      return chunks();
    },
    get baudRate() {
      return hostBaud;
    },
    async setBaudRate(baudRate: number) {
      if (!(Number.isInteger(baudRate) && baudRate > 0)) throw new TypeError(`invalid baud rate ${baudRate}`);
      hostBaud = baudRate;
    },
    async write(bytes: Uint8Array) {
      if (!opened || closed) throw new SourceError(`${name}: not open`);
      bytesWritten += bytes.length;
      // At another speed than the chip's port, the chip reads noise: nothing it would answer.
      if (hostBaud !== receiver.baudRate) return;
      for (const reply of receiver.receiveAtSpeeds(bytes, simNowMs)) pending.push(overTheWire(reply.bytes, reply.baudRate));
      if (parsed.followReceiverSpeed && receiver.baudRate !== hostBaud) {
        hostBaud = receiver.baudRate;
        emitLink({ type: "info", message: `the simulated receiver's port is now at ${hostBaud} baud` });
      }
      wakeUp();
    },
    async close() {
      closed = true;
      wakeUp();
    },
    onLink(listener) {
      linkListeners.add(listener);
      return () => linkListeners.delete(listener);
    },
  };
}
