// `gnsskit ntrip sourcetable URL`: a caster's mountpoints, nearest first when a position is known (--lat/--lon, or
// the first fix of a receiver with --near SOURCE), as a table or JSON.

import { Command } from "commander";
import { describeNtrip, nearestStreams, NtripUrlError, parseNtripUrl, type NtripSpec, type SourcetableStream } from "../../corrections/ntrip.js";
import { openGps } from "../../gps.js";
import { fetchSourcetable } from "../../node/ntrip/client.js";
import { formatBytes, formatCount, formatDuration } from "../../output/format.js";
import { badArguments, sourceFailed } from "../errors.js";
import { asCliError, noDataReason, onInterrupt, parsePositive, sourceFromArgument } from "../source-arg.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { MAX_TIMEOUT_S } from "../../long-timeout.js";

interface SourcetableOptions {
  lat?: string;
  lon?: string;
  near?: string;
  timeout?: string;
  json?: boolean;
}

/** `--json`: the caster, where the distances count from, and its mountpoints nearest first. */
export interface SourcetableJson {
  caster: string;
  position: { latitudeDeg: number; longitudeDeg: number; from: "arguments" | string } | null;
  mountpoints: (SourcetableStream & { distanceM: number | null })[];
  casters: string[];
  networks: string[];
}

const NEAR_TIMEOUT_S = 120;

function coordinate(option: string, text: string, limit: number): number {
  const value = decimalNumber(text);
  if (!Number.isFinite(value) || Math.abs(value) > limit)
    throw badArguments(`${option} ${text}: expected degrees from -${limit} to ${limit}${notDecimalNote(text)}`);
  return value;
}

/** The first fix of a receiver (or a log), within `timeoutMs` of its clock or the wall clock. */
async function firstFixOf(sourceText: string, timeoutMs: number): Promise<{ latitudeDeg: number; longitudeDeg: number }> {
  const source = await sourceFromArgument(sourceText);
  const gps = openGps({ source });
  const uninstall = onInterrupt(() => void gps.close());
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void gps.close();
  }, timeoutMs);
  // a receiver may take minutes: the wait is said, not silent (a log is read at once; the simulator runs on its own clock)
  if (source.live && source.clockedBySentences !== true && source.clock === undefined)
    console.error(`gnsskit: --near ${source.name}: waiting up to ${formatDuration(timeoutMs)} for its first fix...`);
  try {
    for await (const epoch of gps.epochs()) {
      if (epoch.mode !== "none" && epoch.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined)
        return { latitudeDeg: epoch.latitudeDeg, longitudeDeg: epoch.longitudeDeg };
      const startedAtMs = gps.tracker?.state.ttff.startedAtMs;
      if (source.clock !== undefined && startedAtMs !== undefined && epoch.receivedAtMs - startedAtMs >= timeoutMs) {
        timedOut = true;
        break;
      }
    }
  } catch (error) {
    throw asCliError(error);
  } finally {
    clearTimeout(timer);
    uninstall();
    await gps.close();
  }
  const { stats } = gps;
  // what was heard, so that "no fix" is not said of a source that gave nothing, nor "within 2 min" of a log that ended
  const heard =
    stats.bytes === 0
      ? timedOut
        ? `no data within ${formatDuration(timeoutMs)}`
        : noDataReason(source.name)
      : stats.sentences === 0 && stats.ubxMessages === 0
        ? `no NMEA sentence nor UBX message in ${formatBytes(stats.bytes)}${timedOut ? ` within ${formatDuration(timeoutMs)}` : ""}`
        : `no fix ${timedOut ? `within ${formatDuration(timeoutMs)}` : "before its end"} (${formatCount(stats.epochs, "epoch")} without one)`;
  throw sourceFailed(`--near ${source.name}: ${heard}: give --lat/--lon instead`);
}

const distanceText = (m: number | undefined): string => (m === undefined ? "-" : m < 10_000 ? `${(m / 1000).toFixed(1)} km` : `${Math.round(m / 1000)} km`);

export function formatSourcetable(report: SourcetableJson): string {
  const header = ["mountpoint", "distance", "format", "systems", "country", "carrier", "GGA", "auth", "details"];
  const rows = report.mountpoints.map((m) => [
    m.mountpoint,
    distanceText(m.distanceM ?? undefined),
    m.format || "-",
    m.navSystem || "-",
    m.country || "-",
    m.carrier === undefined ? "-" : (["none", "L1", "L1+L2"][m.carrier] ?? String(m.carrier)),
    m.nmeaRequired ? "yes" : "no",
    m.authentication || "-",
    m.formatDetails.length > 40 ? `${m.formatDetails.slice(0, 39)}…` : m.formatDetails,
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const where =
    report.position === null
      ? "no position: table order"
      : `nearest first from ${report.position.latitudeDeg.toFixed(5)}, ${report.position.longitudeDeg.toFixed(5)} (${report.position.from === "arguments" ? "--lat/--lon" : report.position.from})`;
  return `${[`${report.caster}: ${formatCount(report.mountpoints.length, "mountpoint")}, ${where}`, line(header), ...rows.map(line)].join("\n")}\n`;
}

export async function sourcetable(url: string, options: SourcetableOptions): Promise<void> {
  let spec: NtripSpec;
  try {
    spec = parseNtripUrl(url, { requireMountpoint: false });
  } catch (error) {
    if (error instanceof NtripUrlError) throw badArguments(error.message);
    throw error;
  }
  if ((options.lat === undefined) !== (options.lon === undefined)) throw badArguments("--lat and --lon go together");
  if (options.near !== undefined && options.lat !== undefined) throw badArguments("--near and --lat/--lon: choose one");
  const timeoutMs = (options.timeout === undefined ? NEAR_TIMEOUT_S : parsePositive("--timeout", options.timeout, { max: MAX_TIMEOUT_S })) * 1000;
  let position: SourcetableJson["position"] = null;
  if (options.lat !== undefined && options.lon !== undefined) {
    position = { latitudeDeg: coordinate("--lat", options.lat, 90), longitudeDeg: coordinate("--lon", options.lon, 180), from: "arguments" };
  } else if (options.near !== undefined) {
    position = { ...(await firstFixOf(options.near, timeoutMs)), from: `the first fix of ${options.near}` };
  }
  let table;
  try {
    table = await fetchSourcetable(spec);
  } catch (error) {
    throw asCliError(error);
  }
  const ranked = nearestStreams(table.streams, position ?? undefined);
  const report: SourcetableJson = {
    caster: describeNtrip({ ...spec, mountpoint: "" }),
    position,
    mountpoints: ranked.map(({ stream, distanceM }) => ({ ...stream, distanceM: distanceM ?? null })),
    casters: table.casters,
    networks: table.networks,
  };
  process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatSourcetable(report));
}

export function register(program: Command): void {
  const ntrip = program
    .command("ntrip")
    .description("NTRIP casters: their sourcetables (the corrections themselves: --ntrip on monitor, decode, record, serve, ttff)");
  ntrip
    .command("sourcetable")
    .description("a caster's mountpoints (NTRIP v1 or v2), nearest first when a position is known")
    .argument("<URL>", "the caster: ntrip://[user:pass@]host[:port][/] (port 2101 by default)")
    .option("--lat <D>", "latitude to rank mountpoints by distance, degrees")
    .option("--lon <D>", "longitude, degrees")
    .option("--near <SOURCE>", "rank from the first fix of a receiver or log (/dev/ttyUSB0, sim:, a log file)")
    .option("--timeout <S>", `with --near: give up waiting for a fix after S seconds (default ${NEAR_TIMEOUT_S})`)
    .option(
      "--json",
      "one JSON object: { caster, position, mountpoints: [{ mountpoint, identifier, format, formatDetails, carrier, navSystem, network, country, latitudeDeg, longitudeDeg, nmeaRequired, distanceM, ... }], casters, networks }",
    )
    .action((url: string, options: SourcetableOptions) => sourcetable(url, options));
}
