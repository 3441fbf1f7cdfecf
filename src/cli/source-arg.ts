// What every command that reads a SOURCE shares: argument parsing, error mapping to exit codes,
// Ctrl-C handling and the end-of-run summary on stderr.

import type { Gps } from "../gps.js";
import { MIN_SPEED, SourceError, type Source } from "../sources/source.js";
import { RELEASE } from "../state/week-rollover.js";
import { isFleetSpec, parseSourceSpec, SourceSpecError, type SourceSpec } from "../sources/spec.js";
import { isSerialDevice, openSourceOnDemand, type OpenSourceOptions } from "../node/transports.js";
import { describeLogContent, LOG_HEAD_BYTES, readLogHead, UBX_LOG } from "../node/sources/log-file.js";
import { formatBytes, formatCount, formatDuration } from "../output/format.js";
import { antennaText, receiverTtffText } from "../output/receiver-text.js";
import { nonGnssTtffText, ttffNotMeasuredText } from "../output/ttff-text.js";
import { precisionLine } from "../output/corrections-text.js";
import { utcMidnightMs } from "../parsing/fields.js";
import { decimalNumber, notDecimalNote } from "../decimal.js";
import type { LinkEvent, PipelineStats, TrackerState } from "../types.js";
import { badArguments, CliError, sourceFailed } from "./errors.js";
import { statOrUndefined } from "../node/fs-errors.js";

/** The Source of a SOURCE argument, its transport's module loaded on demand (a decode of a file loads no simulator). */
export async function sourceFromArgument(text: string, options: OpenSourceOptions = {}): Promise<Source> {
  try {
    return await openSourceOnDemand(text, options);
  } catch (error) {
    if (error instanceof SourceSpecError || error instanceof TypeError) {
      throw badArguments(error.message);
    }
    if (error instanceof Error && /spec/i.test(error.name)) throw badArguments(error.message);
    throw error;
  }
}

/** `mqtt://host/PREFIX/+` (many devices: the fleet-aware commands branch on it), else undefined. */
export function fleetSpecOf(text: string): Extract<SourceSpec, { kind: "mqtt" }> | undefined {
  try {
    const spec = parseSourceSpec(text);
    return isFleetSpec(spec) ? spec : undefined;
  } catch {
    return undefined; // sourceFromArgument reports a bad SOURCE
  }
}

/** Map what a pipeline threw to the exit-code contract. */
export function asCliError(error: unknown): CliError {
  if (error instanceof CliError) return error;
  if (error instanceof SourceError) return sourceFailed(error.message);
  const message = error instanceof Error ? error.message : String(error);
  return sourceFailed(message);
}

export function parseBaud(value: string): number | "auto" {
  if (value === "auto") return "auto";
  const baud = decimalNumber(value);
  if (!Number.isInteger(baud) || baud < 300 || baud > 4_000_000)
    throw badArguments(`--baud ${value}: expected a rate such as 9600, or auto${notDecimalNote(value)}`);
  return baud;
}

export function parsePositive(option: string, value: string, { integer = false, max = Number.POSITIVE_INFINITY } = {}): number {
  const number = decimalNumber(value);
  if (!Number.isFinite(number) || number <= 0 || number > max || (integer && !Number.isInteger(number))) {
    const upTo = Number.isFinite(max) ? ` up to ${max}` : "";
    throw badArguments(`${option} ${value}: expected a positive ${integer ? "integer" : "number"}${upTo}${notDecimalNote(value)}`);
  }
  return number;
}

/** `--speed N|max`: a log's pace multiplier, Infinity for `max`; exit 2 for anything else. */
export function parseSpeed(value: string): number {
  if (value === "max") return Infinity;
  const speed = decimalNumber(value);
  if (!Number.isFinite(speed) || speed < MIN_SPEED) {
    throw badArguments(`--speed ${value}: expected max or a number from ${MIN_SPEED} (a second of the log in ${1 / MIN_SPEED} s) up${notDecimalNote(value)}`);
  }
  return speed;
}

/** A calendar date YYYY-MM-DD (a real day, years 1980..9999: none before GPS) as its UTC midnight in ms; exit 2 otherwise. */
export function parseUtcDate(option: string, value: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(value);
  const ms = match === null || Number(match[1]) < 1980 ? Number.NaN : utcMidnightMs(Number(match[1]), Number(match[2]), Number(match[3]));
  if (Number.isNaN(ms)) throw badArguments(`${option} ${value}: expected a date as YYYY-MM-DD (e.g. 2019-03-08)`);
  return ms;
}

/** How long a live source may stay silent after opening before the command gives up on it. */
export const FIRST_DATA_TIMEOUT_MS = 15_000;

/** Resolves when the first bytes have been framed (a frame or a diagnostic), false after `timeoutMs` or on close. */
function firstData(gps: Gps, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const offs: (() => void)[] = [];
    const done = (value: boolean): void => {
      for (const off of offs) off();
      clearTimeout(timer);
      resolve(value);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    offs.push(
      gps.on("frame", () => done(true)),
      gps.on("diagnostic", () => done(true)),
      gps.on("close", () => done(false)),
    );
  });
}

/**
 * Waits for the source's first bytes. When none come it closes the pipeline and throws the source's own failure
 * (`ended()` awaits the pipeline's run and returns what it failed with) or "no data within …": exit 1 either way.
 */
export async function expectFirstData(gps: Gps, name: string, ended: () => Promise<unknown>, timeoutMs = FIRST_DATA_TIMEOUT_MS): Promise<void> {
  if (await firstData(gps, timeoutMs)) return;
  await gps.close();
  const failure = await ended();
  if (failure !== undefined) throw asCliError(failure);
  throw sourceFailed(`${name}: no data within ${formatDuration(timeoutMs)}`);
}

/**
 * How long a live source may stay silent before a run says it is still waiting: 10 s (GNSSKIT_NO_DATA_NOTICE_MS
 * sets it, for tests).
 */
export function noDataNoticeMs(): number {
  const ms = Number(process.env.GNSSKIT_NO_DATA_NOTICE_MS);
  return Number.isFinite(ms) && ms > 0 ? ms : 10_000;
}

/**
 * A live source that gives nothing (a TCP peer that accepts and says nothing) is not a silent run: once, after
 * `afterMs` without a byte, `say` gets "connected, no data for 10 s (still waiting)" (without "connected, " while
 * the link is down). The run goes on waiting: Ctrl-C, --duration or the source's failure end it. Returns the stop.
 */
export function sayWhileSilent(gps: Gps, say: (text: string, silence: { connected: boolean; forMs: number }) => void, afterMs = noDataNoticeMs()): () => void {
  if (!gps.source.live || gps.source.clockedBySentences === true || gps.source.clock !== undefined) return () => undefined;
  let connected = gps.source.onLink === undefined;
  const offs: (() => void)[] = [];
  const stop = (): void => {
    clearTimeout(timer);
    for (const off of offs.splice(0)) off();
  };
  const timer = setTimeout(() => {
    stop();
    if (gps.stats.bytes === 0) say(`${connected ? "connected, " : ""}no data for ${formatDuration(afterMs)} (still waiting)`, { connected, forMs: afterMs });
  }, afterMs);
  timer.unref();
  offs.push(
    gps.on("link", ({ link }) => {
      if (link.type === "connected" || link.type === "reconnected") connected = true;
      else if (link.type === "disconnected") connected = false;
    }),
    gps.on("frame", stop),
    gps.on("diagnostic", stop),
    gps.on("close", stop),
  );
  return stop;
}

/** Bytes a source may give without anything gnsskit reads before a run says so (a log's first sentence comes within a kB). */
export const NOTHING_READABLE_BYTES = 1_000_000;

/**
 * A device read as a file that need not ever end: a character device that is not a serial port (/dev/zero,
 * /dev/urandom, /dev/kmsg) or a block device. Undefined for anything else (a regular file, a FIFO, a terminal,
 * standard input, a network or simulated source), else what it is, in words for "PATH is … and may never end".
 */
export function endlessDeviceKind(name: string): string | undefined {
  const info = statOrUndefined(name);
  if (info === undefined) return undefined;
  if (info.isBlockDevice()) return "a block device";
  if (info.isCharacterDevice() && !isSerialDevice(name)) return "a character device, not a serial port,";
  return undefined;
}

export interface NothingReadableWatch {
  stop(): void;
  /** Why the watch ended the run (an endless device that gave nothing readable), else undefined. */
  readonly endedWhy: string | undefined;
}

/**
 * A source other than a regular file (which ends, and whose summary says what it held) that gives
 * `afterBytes` without one NMEA sentence or UBX message gnsskit decodes is not a silent run: `say` gets, once,
 * "nothing readable so far: 1.0 MB read, …; still reading (Ctrl-C stops)". With `endDevices`, a device that may
 * never end (`endlessDeviceKind`) is closed instead (`close`), and `endedWhy` says why: decode and report of
 * /dev/zero would read forever. Checked on a timer: the bytes are counted by the pipeline, whatever the source.
 */
export function watchNothingReadable(
  gps: Gps,
  options: { say?: (text: string) => void; close: () => void; endDevices: boolean; afterBytes?: number },
): NothingReadableWatch {
  const { name } = gps.source;
  const afterBytes = options.afterBytes ?? NOTHING_READABLE_BYTES;
  const none = { stop: () => undefined, endedWhy: undefined };
  if (statOrUndefined(name)?.isFile() === true) return none;
  const device = options.endDevices ? endlessDeviceKind(name) : undefined;
  let endedWhy: string | undefined;
  const readable = (): boolean => gps.stats.sentences > 0 || gps.stats.ubxMessages > 0;
  const check = (): void => {
    if (readable()) return stop();
    const { bytes } = gps.stats;
    if (bytes < afterBytes) return;
    stop();
    const skipped = gps.stats.diagnostics.binary ?? 0;
    const packets = skipped > 0 ? ` (${formatCount(skipped, "binary packet")} skipped)` : "";
    if (device !== undefined) {
      endedWhy = `not NMEA: no sentence and no UBX message gnsskit decodes in the first ${formatBytes(bytes)}${packets}; stopped: ${name} is ${device} and may never end`;
      options.close();
      return;
    }
    const baud = gps.source.setBaudRate !== undefined ? "; a wrong --baud?" : "";
    options.say?.(
      `nothing readable so far: ${formatBytes(bytes)} read, no NMEA sentence and no UBX message gnsskit decodes${packets}${baud}; still reading (Ctrl-C stops)`,
    );
  };
  const timer = setInterval(check, 200);
  timer.unref();
  const offs = [gps.on("close", () => stop())];
  function stop(): void {
    clearInterval(timer);
    for (const off of offs.splice(0)) off();
  }
  return {
    stop,
    get endedWhy() {
      return endedWhy;
    },
  };
}

/**
 * The lines of a link's losses and returns, with a peer that accepts and closes at once collapsed: the first two
 * connections in a row that end at once are told as they come, then a line at the 4th, 8th, 16th… with the count
 * and the next wait, and no "reconnected" line for those that did not last. Undefined: nothing to print.
 */
export function createLinkLines(): (link: LinkEvent) => string | undefined {
  let collapsing = false;
  return (link) => {
    if (link.type === "disconnected") {
      const repeats = link.shortLived ?? 0;
      collapsing = repeats >= 2;
      if (!collapsing) return `disconnected (${link.reason})`;
      if ((repeats & (repeats - 1)) !== 0) return undefined; // not a power of two
      const next = link.retryInMs === undefined ? "" : `; next try in ${formatDuration(link.retryInMs)}`;
      return `disconnected again (${link.reason}): ${repeats} connections in a row ended at once${next}`;
    }
    if (link.type === "reconnected") return collapsing ? undefined : `reconnected after ${formatDuration(link.downForMs)}`;
    return undefined;
  };
}

/** Run `stop` on the first Ctrl-C / SIGTERM; a second one exits at once. Returns an uninstaller. */
export function onInterrupt(stop: () => void): () => void {
  let interrupted = false;
  const handler = (): void => {
    if (interrupted) process.exit(130);
    interrupted = true;
    stop();
  };
  process.on("SIGINT", handler);
  process.on("SIGTERM", handler);
  return () => {
    process.off("SIGINT", handler);
    process.off("SIGTERM", handler);
  };
}

/**
 * One paragraph for stderr: what went through, the fix, TTFF, start type, diagnostics by kind. A source that
 * gave nothing, or nothing NMEA, gets one line that says so instead (what a file looks like, when it is one).
 */
export async function formatSummary(name: string, stats: PipelineStats, state: TrackerState | undefined, live = false): Promise<string> {
  const nothing = await noNmeaReason(name, stats);
  if (nothing !== undefined) return `gnsskit: ${name}: ${nothing}`;
  const ubx = stats.ubxMessages > 0 ? `, ${formatCount(stats.ubxMessages, "UBX message")}` : "";
  const loggerText = stats.diagnostics["logger-text"] ?? 0;
  const lines = [
    `gnsskit: ${name}: ${formatCount(stats.sentences, "sentence")} in ${formatCount(stats.frames, "frame")}${ubx} (${formatBytes(stats.bytes)}), ${formatCount(stats.epochs, "epoch")}`,
  ];
  if (state) {
    lines.push(`  fixes: ${formatCount(state.fixCount, "epoch")} with a fix, ${formatCount(state.reacquisitions, "reacquisition")}`);
    const { ttff, start } = state;
    // after restarts the state's TTFF and start type are the last run's: said so (the report gives each run's)
    const restarts = state.restarts ?? 0;
    const TTFF = restarts > 0 ? `TTFF of the last run (after ${formatCount(restarts, "restart")}; \`gnsskit report\` gives each run's)` : "TTFF";
    if (ttff.ttffMs !== undefined) {
      const first3d = ttff.first3dMs === undefined ? "" : `, first 3D ${formatDuration(ttff.first3dMs)}`;
      lines.push(`  ${TTFF}: ${formatDuration(ttff.ttffMs)}${first3d}`);
    } else if (ttffNotMeasuredText(ttff, restarts > 0 ? "restart" : live ? "source" : "log", loggerText > 0) !== undefined) {
      lines.push(`  ${TTFF}: ${ttffNotMeasuredText(ttff, restarts > 0 ? "restart" : live ? "source" : "log", loggerText > 0)}`);
    } else if (state.fixState.kind === "non-gnss") {
      lines.push(`  ${TTFF}: ${nonGnssTtffText(state.fixState.quality)}`);
    } else if (state.fixStatusEpochs === 0) {
      lines.push(`  ${TTFF}: no fix stated: nothing the receiver sent says whether it has a fix (no position, no 'no fix' in what gnsskit decodes)`);
    } else {
      lines.push(`  ${TTFF}: no fix`);
    }
    const receiverTtff = receiverTtffText(state.receiver);
    if (receiverTtff !== undefined) lines.push(`  receiver's TTFF: ${receiverTtff}`);
    if (start.type !== "unknown") lines.push(`  start: ${start.type} (${start.basis}${start.evidence.length ? `: ${start.evidence.join("; ")}` : ""})`);
    const precision = precisionLine(state.precision);
    if (precision !== undefined) lines.push(`  ${precision.label}: ${precision.text}`);
    const antenna = antennaText(state.receiver);
    if (antenna !== undefined) lines.push(`  antenna: ${antenna}`);
  }
  // a logger's text on every line is what the log is, not damage: said apart, once
  const diagnostics = Object.entries(stats.diagnostics)
    .filter(([kind, count]) => (count ?? 0) > 0 && kind !== "logger-text")
    .map(([kind, count]) => `${count} ${kind}`);
  lines.push(`  diagnostics: ${diagnostics.length ? diagnostics.join(", ") : "none"}`);
  if (loggerText > 0) lines.push(`  logger's text around the sentences: ${formatCount(loggerText, "line")}, skipped (not NMEA)`);
  return lines.join("\n");
}

/** `--week-rollover-fix`, taken by the commands that print the receiver's times (decode, report, monitor, serve). */
export const WEEK_ROLLOVER_FIX_HELP =
  "add 1024 GPS weeks (19.6 years) to every date the receiver sends: for a receiver the GPS week rollover sent back (a 2019 log dated 1999)";

/**
 * The tracker's week-rollover news as one line, once per pipeline (and once per `said` set when a command
 * opens several pipelines for one source, as serve replaying a log again does).
 */
export function sayWeekRollover(
  gps: Gps,
  name: string,
  fixing: boolean,
  say: (line: string) => void = (line) => console.error(line),
  said = new Set<string>(),
): void {
  gps.on("week-rollover", ({ dateMs }) => {
    if (said.has(name)) return;
    said.add(name);
    say(weekRolloverText(name, dateMs, fixing));
  });
}

export function weekRolloverText(name: string, dateMs: number, fixing: boolean): string {
  const date = new Date(dateMs).toISOString().slice(0, 10);
  const old = `the receiver's dates (${date}) are more than 1024 weeks (19.6 years) before this gnsskit's release (${RELEASE.date})`;
  return fixing
    ? `gnsskit: ${name}: ${old}, even with --week-rollover-fix`
    : `gnsskit: ${name}: ${old}: GPS week rollover? --week-rollover-fix adds 1024 weeks`;
}

/**
 * Why there is nothing to summarise: no byte at all, or not one NMEA sentence (every frame found by chance
 * in binary data lacks a checksum). Undefined when the source gave NMEA, however damaged.
 */
export async function noNmeaReason(name: string, stats: PipelineStats): Promise<string | undefined> {
  if (stats.bytes === 0) return noDataReason(name);
  const file = statOrUndefined(name)?.isFile() === true;
  if (stats.sentences > 0 || stats.ubxMessages > 0 || stats.frames > (stats.diagnostics["no-checksum"] ?? 0)) return undefined;
  const looks = file ? describeLogContent(await readLogHead(name, LOG_HEAD_BYTES).catch(() => new Uint8Array(0))) : undefined;
  const also = looks === undefined ? "" : ` (${looks})`;
  // a UBX log of messages gnsskit does not decode (AssistNow data, configuration): a receiver's data, not garbage
  const skipped = stats.diagnostics.binary ?? 0;
  if (looks === UBX_LOG && skipped > 0)
    return `no sentence and no message gnsskit decodes in ${formatBytes(stats.bytes)}: ${formatCount(skipped, "binary packet")} skipped${also}`;
  return `not NMEA: no sentence in ${formatBytes(stats.bytes)}${also}`;
}

/** Why a source gave no byte of data: an empty file, a file of comments, an empty device, a link that sent nothing. */
export function noDataReason(name: string): string {
  const path = statOrUndefined(name);
  if (path?.isFile() === true) return path.size === 0 ? "the file is empty" : "no data: only comment lines";
  // /dev/null is read as a file (openSource): empty; a serial port just sent nothing.
  return path?.isCharacterDevice() === true && !isSerialDevice(name) ? "the device is empty (no data to read)" : "no data received";
}
