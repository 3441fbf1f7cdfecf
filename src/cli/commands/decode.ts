// `gnsskit decode SOURCE`: a stream of epochs in one of the output formats. A file is decoded as fast
// as it can be; a live source until Ctrl-C, --count N epochs or --duration S. The summary goes to stderr.

import { statSync } from "node:fs";
import { Command, Option } from "commander";
import { openGps } from "../../gps.js";
import { createCsvWriter } from "../../output/csv.js";
import { withAssumedDate, withDatesBackfilled } from "../../output/date-backfill.js";
import { isoUtc } from "../../iso-time.js";
import { createGeoJsonWriter } from "../../output/geojson.js";
import { createGpxWriter } from "../../output/gpx.js";
import { createJsonWriter } from "../../output/json.js";
import { createKmlWriter } from "../../output/kml.js";
import { reportedByGpsd } from "../../output/gpsd.js";
import type { EpochWriter } from "../../output/writer.js";
import type { Epoch, SatelliteView, TrackerState } from "../../types.js";
import type { Source } from "../../sources/source.js";
import { isFileSource } from "../../node/sources/file.js";
import { addMethodsOptions, type MethodsOptions } from "../methods-flags.js";
import { addNtripOptions, loadNtripOption, type NtripOptions } from "../ntrip-flags.js";
import { fileProgress } from "../progress.js";
import {
  asCliError,
  formatSummary,
  createLinkLines,
  onInterrupt,
  sayWhileSilent,
  watchNothingReadable,
  parseBaud,
  parsePositive,
  parseUtcDate,
  sayWeekRollover,
  sourceFromArgument,
  WEEK_ROLLOVER_FIX_HELP,
  parseSpeed,
} from "../source-arg.js";
import { badArguments, sourceFailed } from "../errors.js";
import { openGpsdPrinter } from "../gpsd-printer.js";
import { chooseCompilerTier } from "../compiler-tier.js";
import { awaitFifoReaders } from "../fifo-output.js";
import { refuseOutputOverSource } from "../output-over-source.js";
import { openTextSink } from "../text-sink.js";
import { setLongTimeout } from "../../long-timeout.js";

const FORMATS = ["json", "gpsd", "csv", "gpx", "geojson", "kml"] as const;
type Format = (typeof FORMATS)[number];
/** Formats whose output is one document (a GPX, GeoJSON or KML file), not a stream of lines */
const DOCUMENT_FORMATS: ReadonlySet<Format> = new Set(["gpx", "geojson", "kml"]);

interface DecodeOptions extends MethodsOptions, NtripOptions {
  format: Format;
  output?: string;
  count?: string;
  duration?: string;
  baud?: string;
  speed?: string;
  points?: boolean;
  quiet?: boolean;
  weekRolloverFix?: boolean;
  /** --date YYYY-MM-DD: the UTC date of the log's first time of day, for a receiver that gives none. */
  date?: string;
}

/** Where the epochs go: a text writer into a sink, or the gpsd printer (its own thread). */
interface EpochOutput {
  epoch(epoch: Epoch): Promise<void> | undefined;
  /** gpsd format only: the last epoch's SKY again with its completed view. */
  skyUpdate?: (view: SatelliteView) => Promise<void> | undefined;
  readonly closed: boolean;
  /** After the last epoch (closing tags), with the tracker's state then (the date it ended with). */
  finish(state?: TrackerState): Promise<void> | undefined;
  end(): Promise<void>;
}

/** The size of the log a file source reads (0 for other sources, or a file that cannot be looked at yet). */
function fileBytes(source: Source): number {
  if (!isFileSource(source)) return 0;
  try {
    return statSync(source.name).size;
  } catch {
    return 0; // opening it says what is wrong
  }
}

async function openOutput(format: Format, options: DecodeOptions, source: Source, inputBytes: number): Promise<EpochOutput> {
  if (format === "gpsd") {
    const printer = await openGpsdPrinter(options.output, { inputBytes });
    let index = 0;
    return {
      epoch: (epoch) => (reportedByGpsd(epoch, index++) ? printer.epoch(epoch) : undefined),
      skyUpdate: (view) => printer.skyUpdate(view),
      get closed() {
        return printer.closed;
      },
      finish: () => undefined,
      end: () => printer.end(),
    };
  }
  const written = writerFor(format, options, source.name);
  // The epochs before a log's first date dated back from it (output/date-backfill.ts): a log file's; a live
  // source's go out as they come (nothing held that a crash would lose), and json is the tracker's epochs.
  // --date: the user's date dates them forward instead, as they come (any source).
  const assumedDateMs = options.date === undefined ? undefined : parseUtcDate("--date", options.date);
  const backfill = format === "json" || assumedDateMs !== undefined || source.live ? undefined : withDatesBackfilled(written);
  const writer =
    format === "json" || assumedDateMs === undefined
      ? (backfill ?? written)
      : withAssumedDate(written, assumedDateMs, (receiverMs, assumedMs) => {
          if (!options.quiet) {
            console.error(
              `gnsskit: ${source.name}: the receiver's date for ${isoUtc(receiverMs).slice(11, 19)} is ${isoUtc(receiverMs).slice(0, 10)}, --date ${options.date} made it ${isoUtc(assumedMs).slice(0, 10)}: the receiver's dates are written from there on`,
            );
          }
        });
  const sink = await openTextSink(options.output);
  const header = writer.header();
  if (header) await sink.write(header);
  return {
    epoch(epoch) {
      const text = writer.epoch(epoch);
      return text ? sink.write(text) : undefined;
    },
    get closed() {
      return sink.closed;
    },
    finish(state) {
      // `state` only when the source was read to its end: a date read ahead of the last epoch written is not its
      const midnightMs = state?.dateMs;
      const todMs = state?.dateTimeOfDayMs;
      const dated = midnightMs === undefined || todMs === undefined ? "" : (backfill?.dateFrom({ timeMs: midnightMs + todMs, timeOfDayMs: todMs }) ?? "");
      return sink.write(dated + writer.footer());
    },
    end: () => sink.end(),
  };
}

function writerFor(format: Exclude<Format, "gpsd">, options: DecodeOptions, name: string): EpochWriter {
  switch (format) {
    case "json":
      return createJsonWriter();
    case "csv":
      return createCsvWriter();
    case "gpx":
      return createGpxWriter({ name });
    case "geojson":
      return createGeoJsonWriter({ points: options.points === true });
    case "kml":
      return createKmlWriter({ name });
  }
}

export async function decode(sourceText: string, options: DecodeOptions): Promise<void> {
  const count = options.count === undefined ? undefined : parsePositive("--count", options.count, { integer: true });
  const durationS = options.duration === undefined ? undefined : parsePositive("--duration", options.duration);
  const speed = options.speed === undefined ? undefined : parseSpeed(options.speed);
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  const ntripOption = await loadNtripOption(options);
  const ntrip = ntripOption?.parseNtripOptions(options);
  const source = await sourceFromArgument(sourceText, {
    ...(baud === undefined ? {} : { baud }),
    ...(speed === undefined ? {} : { speed }),
  });
  if (ntrip !== undefined) ntripOption?.checkCorrectionsReach(source);
  refuseOutputOverSource(source, [options.output], options.output === undefined || options.output === "-");
  const inputBytes = fileBytes(source);
  chooseCompilerTier(inputBytes);
  const releaseFifo = await awaitFifoReaders([options.output], { ...(durationS === undefined ? {} : { durationS }), quiet: options.quiet === true });
  const output = await openOutput(options.format, options, source, inputBytes).finally(releaseFifo);
  const weekRolloverFix = options.weekRolloverFix === true;
  const gps = openGps({ source, tracker: { weekRolloverFix } });
  if (!options.quiet) sayWeekRollover(gps, source.name, weekRolloverFix);
  const stop = (): void => void gps.close();
  const uninstall = onInterrupt(stop);
  // --duration runs on the source's own clock where it has one (simulated time for sim:, the log's time for
  // a paced replay): `sim:?speed=max --duration 60` means 60 simulated seconds. Else on the wall clock.
  const timer = durationS === undefined || source.clock !== undefined ? undefined : setLongTimeout(stop, durationS * 1000);
  /** A replay's clock starts at the log's first time of day: when TTFF has no start, --duration counts from there. */
  let firstClockMs: number | undefined;
  const sourceClockDone = (epoch: Epoch): boolean => {
    if (durationS === undefined || source.clock === undefined) return false;
    if (firstClockMs === undefined && epoch.timeOfDayMs !== undefined) firstClockMs = epoch.receivedAtMs;
    const openedAtMs = gps.tracker?.state.ttff.startedAtMs ?? firstClockMs;
    return openedAtMs !== undefined && epoch.receivedAtMs - openedAtMs >= durationS * 1000;
  };
  if (!options.quiet) {
    const linkLine = createLinkLines();
    gps.on("link", ({ link }) => {
      const line = linkLine(link);
      if (line !== undefined) console.error(`gnsskit: ${source.name}: ${line}`);
      else if (link.type === "baud-detected") console.error(`gnsskit: ${source.name}: ${link.baudRate} baud`);
      else if (link.type === "info") console.error(`gnsskit: ${source.name}: ${link.message}`);
    });
  }
  const quiet = (): void => undefined;
  const stopSilence = options.quiet ? quiet : sayWhileSilent(gps, (text) => console.error(`gnsskit: ${source.name}: ${text}`));
  const unreadable = watchNothingReadable(gps, {
    ...(options.quiet ? {} : { say: (text: string) => console.error(`gnsskit: ${source.name}: ${text}`) }),
    close: stop,
    endDevices: true,
  });
  const methods =
    options.methods === undefined
      ? { stop: async () => undefined }
      : await (await import("../methods-option.js")).startMethods(gps, options, options.quiet === true);
  const corrections =
    ntrip === undefined || ntripOption === undefined
      ? undefined
      : ntripOption.startCorrections(gps, ntrip, {
          ...(options.quiet ? {} : { say: ntripOption.sayOnStderr }),
          onFailure: () => stop(),
        });
  const progress = fileProgress(source, "decoding");
  // A sky view that changed between two epochs completes the epoch before it (gpsd format only):
  // listeners run while the pipeline reads, ahead of the loop below, so each is tagged with its epoch.
  const skyUpdates: Array<{ afterEpoch: number; view: SatelliteView }> = [];
  const skyUpdate = output.skyUpdate;
  if (skyUpdate !== undefined) {
    let epochView: SatelliteView | undefined;
    gps.on("epoch", ({ epoch }) => (epochView = epoch.satellites));
    gps.on("satellites", ({ satellites }) => {
      if (satellites !== epochView) skyUpdates.push({ afterEpoch: gps.stats.epochs, view: satellites });
    });
  }
  let epochs = 0;
  const writeSkyUpdates = async (written: number): Promise<void> => {
    while (skyUpdate !== undefined && skyUpdates.length > 0 && (skyUpdates[0]?.afterEpoch ?? Infinity) <= written) {
      await skyUpdate((skyUpdates.shift() as { view: SatelliteView }).view);
    }
  };
  let failure: unknown;
  /** The loop stopped before the source's end (--count, --duration, the reader went away). */
  let stoppedEarly = false;
  try {
    for await (const epoch of gps.epochs()) {
      if (skyUpdates.length > 0) await writeSkyUpdates(epochs);
      const room = output.epoch(epoch);
      if (room) await room;
      epochs++;
      if ((epochs & 0x3ff) === 0) progress.update();
      if (output.closed || (count !== undefined && epochs >= count) || sourceClockDone(epoch)) {
        stoppedEarly = true;
        break;
      }
    }
    await writeSkyUpdates(epochs);
    await output.finish(stoppedEarly ? undefined : gps.tracker?.state);
  } catch (error) {
    failure = error;
    // what was decoded before the failure (epochs held for a date) is written, and the document closed
    await Promise.resolve(output.finish()).catch(() => undefined);
  } finally {
    timer?.clear();
    stopSilence();
    unreadable.stop();
    progress.stop();
    uninstall();
    await output.end();
    await methods.stop();
    await corrections?.binding.close();
  }
  // an endless device that gave nothing readable (/dev/zero): its line is the failure, exit 1
  if (failure === undefined && unreadable.endedWhy !== undefined) failure = sourceFailed(`${source.name}: ${unreadable.endedWhy}`);
  // A source that never delivered a byte failed to open: its error says it all.
  const opened = unreadable.endedWhy === undefined && (failure === undefined || gps.stats.bytes > 0);
  if (!options.quiet && opened)
    console.error(await formatSummary(source.name, gps.stats, gps.tracker?.state, source.live && source.clockedBySentences !== true));
  ntripOption?.endCorrections(corrections, options.quiet === true);
  if (failure !== undefined) throw asCliError(failure);
}

export function register(program: Command): void {
  const command = program
    .command("decode")
    .description("decode a log or a live source to a stream of epochs (summary on stderr)")
    .argument(
      "<SOURCE...>",
      "a log file, - (stdin), /dev/ttyUSB0, COM3, tcp://HOST:PORT, udp://:PORT, gpsd://HOST:PORT, mqtt://HOST/PREFIX/DEVICE, sim:?...; several log files are decoded on all cores and printed in their order",
    )
    .addOption(new Option("-f, --format <format>", "output format").choices(FORMATS).default("json"))
    .option("-o, --output <FILE>", "write to FILE instead of stdout")
    .option("-n, --count <N>", "stop after N epochs")
    .option("--duration <S>", "stop after S seconds of the source's clock (simulated time for sim:, the log's time with --speed; else the wall clock)")
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option(
      "--speed <N|max>",
      "replay a log at N × its recorded pace instead of as fast as possible (max: paced by its own times, no waiting; --duration is then the log's time)",
    )
    .option("--points", "geojson: Point features only, no LineString")
    .option("--week-rollover-fix", WEEK_ROLLOVER_FIX_HELP)
    .option(
      "--date <YYYY-MM-DD>",
      "the UTC date of the first time of day of each log, for a receiver that gives none (GGA alone): csv, gpx, geojson and kml are dated from it across midnights; the receiver's own date wins once given",
    )
    .option("-q, --quiet", "no summary on stderr");
  addNtripOptions(addMethodsOptions(command)).action(async (sourceTexts: string[], options: DecodeOptions) => {
    if (options.date !== undefined) {
      parseUtcDate("--date", options.date);
      if (options.format === "json" || options.format === "gpsd") {
        throw badArguments(`--date dates csv, gpx, geojson and kml; --format ${options.format} gives the receiver's own times`);
      }
    }
    if (sourceTexts.length === 1) return decode(sourceTexts[0] as string, options);
    // several log files: one per core, printed in their order (as one decode after the other); a document format
    // would be several documents in one file, which no reader takes; CSV's header is printed once
    if (DOCUMENT_FORMATS.has(options.format)) {
      throw badArguments(
        `decode: --format ${options.format} is one document per log: decode one log at a time (-o FILE each), or several with --format json, gpsd or csv`,
      );
    }
    const { output, ...perFile } = options;
    const { runPerFile } = await import("../per-file.js");
    await runPerFile("decode", sourceTexts, () => ({ ...perFile }), { ...(output === undefined ? {} : { output }), headerLine: options.format === "csv" });
  });
}
