// `gnsskit serve SOURCE...`: a gpsd-compatible JSON server, so existing gpsd clients (gpspipe, cgps,
// gpsmon, xgps, the gps Python module, OpenCPN…) read gnsskit's sources unchanged. Each SOURCE is a
// device. A log file is replayed at its recorded pace from the first client's watch, as gpsfake
// does, and from its start again at a watch after it ended; live sources are read from launch.

import { statSync } from "node:fs";
import { Command } from "commander";
import { openGps, type Gps } from "../../gps.js";
import { createGpsdServer, type GpsdDeviceFeed } from "../../node/gpsd-server/index.js";
import { createReplaySource } from "../../node/replay.js";
import { describeLogContent, LOG_HEAD_BYTES, readLogHead } from "../../node/sources/log-file.js";
import type { Source } from "../../sources/source.js";
import { parseSourceSpec } from "../../sources/spec.js";
import { RELEASE } from "../../state/week-rollover.js";
import type { GpsEvent } from "../../types.js";
import type { Fleet, MqttSpec } from "../../node/mqtt/fleet.js";
import { formatCount } from "../../output/format.js";
import { badArguments, sourceFailed } from "../errors.js";
import { openFleetArgument } from "../fleet/reading.js";
import {
  fleetSpecOf,
  noDataReason,
  onInterrupt,
  parseBaud,
  parsePositive,
  parseSpeed,
  sayWeekRollover,
  sourceFromArgument,
  WEEK_ROLLOVER_FIX_HELP,
  watchNothingReadable,
} from "../source-arg.js";
import { addNtripOptions, loadNtripOption, type NtripOptions } from "../ntrip-flags.js";
import type { CommandCorrections } from "../ntrip-option.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { describeListenError } from "../../node/listen-errors.js";

interface ServeOptions extends NtripOptions {
  host?: string;
  port: string;
  speed?: string;
  loop?: boolean;
  allowControl?: boolean;
  maxClients: string;
  baud?: string;
  verbose?: boolean;
  quiet?: boolean;
  weekRolloverFix?: boolean;
}

const isLoopback = (host: string): boolean => host === "localhost" || host === "::1" || /^127\.\d+\.\d+\.\d+$/.test(host);

/** A log file, as `openSource` would decide; such a SOURCE is replayed at pace rather than decoded at once. */
function logFilePath(text: string): string | undefined {
  let spec;
  try {
    spec = parseSourceSpec(text);
  } catch {
    return undefined; // sourceFromArgument reports the bad SOURCE
  }
  if (spec.kind !== "file" && spec.kind !== "serial") return undefined;
  try {
    return statSync(spec.path).isFile() ? spec.path : undefined;
  } catch {
    return spec.kind === "file" ? spec.path : undefined;
  }
}

function parsePort(value: string): number {
  const port = decimalNumber(value);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badArguments(`--port ${value}: expected 0-65535 (0 = any free port)${notDecimalNote(value)}`);
  return port;
}

function speedOf(value: string | undefined): number {
  return value === undefined ? 1 : parseSpeed(value);
}

/** The source, opened already: the pipeline's own `open()` does nothing (a stream source refuses a second one). */
function alreadyOpen(source: Source): Source {
  return new Proxy(source, {
    get(target, key) {
      if (key === "open") return async (): Promise<void> => undefined;
      const value: unknown = Reflect.get(target, key, target);
      return typeof value === "function" ? (value as (...args: unknown[]) => unknown).bind(target) : value;
    },
  });
}

/** The Gps as the server's feed, remembering how it ended. */
function feedOf(gps: Gps, failures: Map<string, unknown>, name: string): GpsdDeviceFeed {
  return {
    async *events(): AsyncGenerator<GpsEvent> {
      try {
        yield* gps.events();
      } catch (error) {
        failures.set(name, error);
        throw error;
      }
    },
    close: () => gps.close(),
  };
}

/** Connects to each fleet's broker; one that cannot be reached closes the sources opened already: exit 1. */
async function openFleets(specs: readonly MqttSpec[], sources: readonly Source[]): Promise<Fleet[]> {
  if (specs.length === 0) return [];
  const fleets: Fleet[] = [];
  try {
    for (const spec of specs) fleets.push(await openFleetArgument(spec));
  } catch (error) {
    await Promise.all([...fleets.map((fleet) => fleet.close()), ...sources.map((source) => source.close().catch(() => undefined))]);
    throw error;
  }
  return fleets;
}

export async function serve(sourceTexts: string[], options: ServeOptions): Promise<void> {
  const port = parsePort(options.port);
  const speed = speedOf(options.speed);
  const maxClients = parsePositive("--max-clients", options.maxClients, { integer: true });
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  const host = options.host ?? "127.0.0.1";
  if (host === "") throw badArguments("--host: expected an address such as 127.0.0.1 or 0.0.0.0");

  const ntripOption = await loadNtripOption(options);
  const ntrip = ntripOption?.parseNtripOptions(options);
  const replayOf = (path: string): Source => createReplaySource(path, { speed, loop: options.loop === true });
  // mqtt://HOST/PREFIX/+: every device published there, each a device of this server as it is heard
  const fleetSpecs = sourceTexts.flatMap((text) => fleetSpecOf(text) ?? []);
  sourceTexts = sourceTexts.filter((text) => fleetSpecOf(text) === undefined);
  const logPaths = sourceTexts.map(logFilePath);
  const sources: Source[] = await Promise.all(
    sourceTexts.map((text, index) => {
      const path = logPaths[index];
      return path === undefined ? sourceFromArgument(text, baud === undefined ? {} : { baud }) : replayOf(path);
    }),
  );
  const live = sources.filter((_, index) => logPaths[index] === undefined);
  if (ntrip !== undefined) {
    if (live.length !== 1)
      throw badArguments(`--ntrip corrects one live receiver: ${live.length === 0 ? "no SOURCE is one (logs are replayed)" : `${live.length} are given`}`);
    ntripOption?.checkCorrectionsReach(live[0]!);
  }
  const names = new Set<string>();
  for (const source of sources) {
    if (names.has(source.name)) throw badArguments(`${source.name} is given twice`);
    names.add(source.name);
  }
  // Open every source before announcing anything: one that cannot be opened is told once, exit 1.
  for (const [index, source] of sources.entries()) {
    try {
      await source.open();
    } catch (error) {
      await Promise.all(sources.slice(0, index + 1).map((s) => s.close().catch(() => undefined)));
      throw sourceFailed(error instanceof Error ? error.message : String(error));
    }
  }

  const fleets = await openFleets(fleetSpecs, sources);
  const say = (line: string): void => {
    if (!options.quiet) console.error(`gnsskit: ${line}`);
  };
  // a log that holds nothing to serve is said before clients come for it (decode says so at its end)
  for (const path of logPaths) {
    if (path === undefined) continue;
    const head = await readLogHead(path, LOG_HEAD_BYTES).catch(() => undefined);
    if (head === undefined) continue;
    const looks = describeLogContent(head);
    if (head.length === 0) say(`${path}: ${noDataReason(path)}: its clients will get nothing from it`);
    else if (looks !== undefined && looks !== "text") say(`${path}: not NMEA (${looks}): its clients will get nothing from it`);
  }
  const version = RELEASE.version;
  const server = createGpsdServer({
    host,
    port,
    maxClients,
    allowControl: options.allowControl === true,
    release: `gnsskit ${version}`,
    rev: version,
    log: (line, level) => {
      if (level === "warn" || options.verbose) say(line);
    },
  });
  const failures = new Map<string, unknown>();
  const weekRolloverFix = options.weekRolloverFix === true;
  /** Sources whose week-rollover line was printed (a log replayed again is not told twice). */
  const rolloverSaid = new Set<string>();
  const pipeline = (source: Source): Gps => {
    const gps = openGps({ source, tracker: { weekRolloverFix } });
    if (!options.quiet) sayWeekRollover(gps, source.name, weekRolloverFix, undefined, rolloverSaid);
    return gps;
  };
  let corrections: CommandCorrections | undefined;
  let stop = (): void => undefined;
  for (const [index, source] of sources.entries()) {
    const path = logPaths[index];
    if (path === undefined) {
      const gps = pipeline(alreadyOpen(source));
      if (ntrip !== undefined && ntripOption !== undefined) {
        corrections = ntripOption.startCorrections(gps, ntrip, {
          ...(options.quiet ? {} : { say: ntripOption.sayOnStderr }),
          onFailure: () => stop(),
        });
      }
      // bytes and nothing readable (a device at a wrong rate, /dev/urandom): said once, as decode says it
      watchNothingReadable(gps, { say: (text) => say(`${source.name}: ${text}`), close: () => void gps.close(), endDevices: false });
      server.addDevice(source.name, feedOf(gps, failures, source.name));
      continue;
    }
    // The first replay reads the source opened above; a replay after the end reads the file anew.
    let first: Source | undefined = alreadyOpen(source);
    const nextReplay = (): GpsdDeviceFeed => {
      const replay = first ?? replayOf(path);
      first = undefined;
      return feedOf(pipeline(replay), failures, source.name);
    };
    server.addDevice(source.name, nextReplay, { startOn: "watch" });
  }

  for (const fleet of fleets) {
    fleet.onDevice((device) => {
      server.addDevice(device.source.name, feedOf(openGps({ source: device.source }), failures, device.source.name));
      say(`device ${device.source.name} added`);
    });
  }

  let address: { host: string; port: number };
  try {
    address = await server.listen();
  } catch (error) {
    await server.close();
    throw sourceFailed(`cannot listen on ${host}:${port}: ${describeListenError(error, host, { portOption: "--port", usualHolder: "gpsd" })}`);
  }
  if (!isLoopback(host)) {
    say(`warning: listening on ${host}, beyond this machine: anyone who can reach port ${address.port} can read the receiver's position`);
  }
  const served = [...sources.map((s) => s.name), ...fleets.map((f) => f.name)];
  say(`serving ${formatCount(served.length, "device")} (${served.join(", ")}) on ${address.host}:${address.port}`);

  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  if (corrections?.failure !== undefined) stop(); // the caster refused before the server was up
  const uninstall = onInterrupt(() => stop());
  // If every device failed (none could be opened), there is nothing to serve: exit 1. A fleet fails when the
  // broker refuses us for good.
  const fleetFailed = Promise.race(fleets.map((fleet) => fleet.ended.then(() => new Promise<never>(() => undefined))));
  const allFailed =
    fleets.length > 0
      ? fleetFailed.then(
          () => false,
          (error: unknown) => (failures.set("fleet", error), true),
        )
      : server.devicesEnded().then(() => failures.size === sources.length);
  const outcome = await Promise.race([stopped.then(() => "stopped" as const), allFailed.then((failed) => (failed ? ("failed" as const) : undefined))]);
  if (outcome === undefined) await stopped;
  uninstall();
  await corrections?.binding.close();
  await Promise.all(fleets.map((fleet) => fleet.close()));
  await server.close();
  const { stats } = server;
  say(
    `served ${formatCount(stats.clientsAccepted, "client")} (${stats.slowClientsDropped} dropped as slow readers, ${stats.clientsRefused} refused), ` +
      `${formatCount(stats.epochs, "epoch")}, ${formatCount(stats.sentences, "sentence")}, ${formatCount(stats.errorReplies, "ERROR reply", "ERROR replies")}`,
  );
  ntripOption?.endCorrections(corrections, options.quiet === true);
  if (outcome === "failed") {
    const first = failures.values().next().value;
    throw sourceFailed(first instanceof Error ? first.message : String(first));
  }
}

export function register(program: Command): void {
  const command = program
    .command("serve")
    .description("serve sources to gpsd clients (gpspipe, cgps, gpsmon, xgps, python gps, OpenCPN) with gpsd's JSON protocol")
    .argument(
      "<SOURCE...>",
      "one device per SOURCE: a log file (replayed at its recorded pace from the first client's watch, as gpsfake does, and from its start again at a watch after it ended), " +
        "/dev/ttyUSB0, tcp://HOST:PORT, udp://:PORT, gpsd://HOST:PORT, sim:?... (live sources are read from launch), " +
        "mqtt://HOST/PREFIX/+ (every device gnsskit publish put there, each a device as it is heard)",
    )
    .option("--host <ADDRESS>", "address to listen on; a non-loopback address exposes the receiver to the network (a warning is printed)", "127.0.0.1")
    .option("--port <N>", "TCP port (0 = any free port)", "2947")
    .option("--speed <N|max>", "replay log files at N × their recorded pace (max = as fast as possible)", "1")
    .option("--loop", "replay log files again from the start when they end")
    .option("--allow-control", "accept ?DEVICE={...} configuration requests (refused by default)")
    .option("--max-clients <N>", "clients served at once", "64")
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option("-v, --verbose", "log every client that connects and leaves")
    .option("-q, --quiet", "print nothing on stderr")
    .option("--week-rollover-fix", WEEK_ROLLOVER_FIX_HELP);
  addNtripOptions(command).action((sourceTexts: string[], options: ServeOptions) => serve(sourceTexts, options));
}
