// `gnsskit record SOURCE -o FILE`: the source's bytes with receive-time prefixes and a `#` header line (or
// with --plain exactly the bytes as they came, no header), losing nothing on Ctrl-C or SIGTERM. The bytes also go through the pipeline, for --count (epochs) and the
// summary; the pipeline and the prefixes read the same clock, so decoding the recording gives the epochs
// decoding the live stream gave.
//
// A prefix is a receive time somebody measured, never a made-up one: the host's clock for a live source, the
// simulator's for `sim:`, the log's own time of each line for a log played with --speed (none before its first
// time of day). A log file read as fast as it goes has no receive times, and the host's clock while reading it
// is none of them (every line within a millisecond: the recording said TTFF 0.0 s, a hot start): its bytes are
// recorded as they are, its own `@time` stamps kept if it has them, so the recording decodes as the log does.
// So is a pipe (`record -`): it is clocked by what it carries, as `decode -` is (`cat log |` arrives in a blink,
// `replay --stamped |` brings its own stamps); a receiver's arrival times are recorded from the receiver itself
// (a serial port, tcp://, gpsd://).

import { Command } from "commander";
import { openGps } from "../../gps.js";
import { createRecorder, RecordError, type Recorder } from "../../node/record/index.js";
import { formatBytes } from "../../output/format.js";
import type { Source } from "../../sources/source.js";
import { RELEASE } from "../../state/week-rollover.js";
import { badArguments, sourceFailed } from "../errors.js";
import {
  asCliError,
  createLinkLines,
  fleetSpecOf,
  formatSummary,
  onInterrupt,
  parseBaud,
  parsePositive,
  parseSpeed,
  sayWhileSilent,
  watchNothingReadable,
  sourceFromArgument,
} from "../source-arg.js";
import { awaitFifoReaders } from "../fifo-output.js";
import { refuseOutputOverSource } from "../output-over-source.js";
import { addNtripOptions, loadNtripOption, type NtripOptions } from "../ntrip-flags.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { setLongTimeout } from "../../long-timeout.js";

interface RecordOptions extends NtripOptions {
  output?: string;
  plain?: boolean;
  rotateSize?: string;
  rotateTime?: string;
  count?: string;
  duration?: string;
  baud?: string;
  speed?: string;
  force?: boolean;
  append?: boolean;
  fsync?: string;
  quiet?: boolean;
}

/** Default of --fsync: what a power cut may take, at most. */
const DEFAULT_FSYNC_S = 5;

/** A recorder's failure as the exit-code contract has it: a path that cannot be used is a bad argument (2), a disk that refuses the data an output failure (1). */
function recordFailure(error: unknown): Error {
  if (error instanceof RecordError) return error.phase === "open" ? badArguments(error.message) : sourceFailed(error.message);
  return asCliError(error);
}

/** The source, with every chunk handed to `onChunk` (with its receive time, NaN when none) before the pipeline sees it. */
function teeSource(inner: Source, clock: (() => number) | undefined, onChunk: (chunk: Uint8Array, receivedAtMs: number) => void): Source {
  return {
    name: inner.name,
    live: inner.live,
    ...(clock === undefined ? {} : { clock }),
    open: () => inner.open(),
    close: () => inner.close(),
    get bytesWritten() {
      return inner.bytesWritten ?? 0;
    },
    ...(inner.write ? { write: (bytes: Uint8Array) => inner.write!(bytes) } : {}),
    ...(inner.onLink ? { onLink: (listener: Parameters<NonNullable<Source["onLink"]>>[0]) => inner.onLink!(listener) } : {}),
    [Symbol.asyncIterator]() {
      const chunks = inner[Symbol.asyncIterator]();
      return {
        async next() {
          const result = await chunks.next();
          if (!result.done) onChunk(result.value, clock === undefined ? Number.NaN : clock());
          return result;
        },
        async return() {
          await chunks.return?.();
          return { value: undefined, done: true };
        },
      };
    },
  };
}

const iso = (ms: number): string => (Number.isFinite(ms) ? new Date(ms).toISOString() : "unknown time");

export async function record(sourceText: string, options: RecordOptions): Promise<void> {
  const fleet = fleetSpecOf(sourceText);
  if (fleet !== undefined) return (await import("../fleet/record.js")).recordFleet(fleet, options, RELEASE.version);
  if (options.output === undefined) throw badArguments("record: -o FILE is required");
  if (options.output === "-") throw badArguments("record: -o - is not supported: give a file name");
  const rotateSizeMb = options.rotateSize === undefined ? undefined : parsePositive("--rotate-size", options.rotateSize);
  const rotateTimeS = options.rotateTime === undefined ? undefined : parsePositive("--rotate-time", options.rotateTime);
  const count = options.count === undefined ? undefined : parsePositive("--count", options.count, { integer: true });
  const durationS = options.duration === undefined ? undefined : parsePositive("--duration", options.duration);
  const speed = options.speed === undefined ? undefined : parseSpeed(options.speed);
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  const ntripOption = await loadNtripOption(options);
  const ntrip = ntripOption?.parseNtripOptions(options);
  if (options.force === true && options.append === true) throw badArguments("record: --force and --append exclude each other");
  let fsyncS = DEFAULT_FSYNC_S;
  if (options.fsync !== undefined) {
    fsyncS = decimalNumber(options.fsync);
    if (!Number.isFinite(fsyncS) || fsyncS < 0) throw badArguments(`--fsync ${options.fsync}: expected seconds ≥ 0${notDecimalNote(options.fsync)}`);
  }
  const inner = await sourceFromArgument(sourceText, {
    ...(baud === undefined ? {} : { baud }),
    ...(speed === undefined ? {} : { speed }),
  });
  if (ntrip !== undefined) ntripOption?.checkCorrectionsReach(inner);
  refuseOutputOverSource(inner, [options.output], false);
  // The source's own clock (simulated or replayed time) where it has one, else the host's for a live source; none
  // for a log file read as fast as it goes, nor for a pipe, which its own sentences or stamps clock.
  const clockedByArrival = inner.live && inner.clockedBySentences !== true;
  const clock: (() => number) | undefined = inner.clock ?? (clockedByArrival ? (): number => Date.now() : undefined);
  const noReceiveTimes = inner.live ? "a pipe, clocked by what it carries" : "a log read as fast as it goes";
  if (clock === undefined && rotateTimeS !== undefined) {
    throw badArguments(
      `record: --rotate-time needs receive times, and ${inner.name} is ${noReceiveTimes}, which has none (a log file played with --speed N has its log times); --rotate-size cuts it by size`,
    );
  }
  const version = RELEASE.version;
  const plain = options.plain === true;
  const recorder: Recorder = createRecorder({
    path: options.output,
    plain,
    existing: options.force === true ? "overwrite" : options.append === true ? "append" : "refuse",
    syncIntervalMs: fsyncS * 1000,
    ...(rotateSizeMb === undefined ? {} : { rotateSizeBytes: Math.round(rotateSizeMb * 1_000_000) }),
    ...(rotateTimeS === undefined ? {} : { rotateTimeMs: rotateTimeS * 1000 }),
    // Plain mode is the receiver's bytes and nothing else: a tool that reads raw NMEA must not meet a header.
    ...(plain
      ? {}
      : {
          header: ({ number, startedAtMs }: { number: number; startedAtMs: number }) =>
            clock === undefined
              ? `gnsskit ${version} record; source: ${inner.name}` +
                (number > 1 ? `; part ${number}` : "") +
                `; ${noReceiveTimes}: its bytes as they are, no receive-time prefixes added (its own @time stamps, if any, kept)`
              : `gnsskit ${version} record; source: ${inner.name}; started: ${iso(startedAtMs)}` +
                (number > 1 ? `; part ${number}` : "") +
                "; receive-time prefixes @YYYY-MM-DDTHH:mm:ss.sssZ at line starts",
        }),
  });
  const releaseFifo = await awaitFifoReaders([options.output], { ...(durationS === undefined ? {} : { durationS }), quiet: options.quiet === true });
  try {
    recorder.open(clock === undefined ? Number.NaN : clock());
  } catch (error) {
    throw recordFailure(error);
  } finally {
    releaseFifo();
  }

  let writeFailure: unknown;
  let startedAtMs: number | undefined;
  let stopping = false;
  // stop() runs only once the pipeline below exists.
  const stop = (): void => {
    stopping = true;
    void gps.close();
  };
  const source = teeSource(inner, clock, (chunk, receivedAtMs) => {
    if (writeFailure !== undefined) return;
    try {
      recorder.write(chunk, receivedAtMs);
    } catch (error) {
      writeFailure = error;
      stop();
      return;
    }
    // On a source with its own clock (sim:, a paced log) the duration is measured on that clock, from its first
    // known time (a paced log's lines before its first time of day have none).
    if (Number.isFinite(receivedAtMs)) startedAtMs ??= receivedAtMs;
    if (durationS !== undefined && inner.clock !== undefined && startedAtMs !== undefined && receivedAtMs - startedAtMs >= durationS * 1000) stop();
  });
  const gps = openGps({ source, ...(clock === undefined ? {} : { clock }) });
  const corrections =
    ntrip === undefined || ntripOption === undefined
      ? undefined
      : ntripOption.startCorrections(gps, ntrip, {
          ...(options.quiet ? {} : { say: ntripOption.sayOnStderr }),
          onFailure: () => stop(),
        });
  const uninstall = onInterrupt(stop);
  const timer = durationS === undefined || inner.clock !== undefined ? undefined : setLongTimeout(stop, durationS * 1000);
  if (!options.quiet) {
    const linkLine = createLinkLines();
    gps.on("link", ({ link }) => {
      const line = linkLine(link);
      if (line !== undefined) console.error(`gnsskit: ${inner.name}: ${line}`);
      else if (link.type === "baud-detected") console.error(`gnsskit: ${inner.name}: ${link.baudRate} baud`);
    });
  }
  const stopSilence = options.quiet ? () => undefined : sayWhileSilent(gps, (text) => console.error(`gnsskit: ${inner.name}: ${text}`));
  // /dev/zero recorded would fill the disk: a device that need not end is stopped once it gave nothing readable
  const unreadable = watchNothingReadable(gps, {
    ...(options.quiet ? {} : { say: (text: string) => console.error(`gnsskit: ${inner.name}: ${text}`) }),
    close: stop,
    endDevices: true,
  });
  let epochs = 0;
  let failure: unknown;
  try {
    for await (const _epoch of gps.epochs()) {
      epochs++;
      if (stopping || (count !== undefined && epochs >= count)) break;
    }
  } catch (error) {
    failure = error;
  } finally {
    timer?.clear();
    stopSilence();
    unreadable.stop();
    uninstall();
    await corrections?.binding.close();
    await gps.close();
    try {
      // a source that failed before giving a byte leaves no recording behind (record of a missing file)
      recorder.close({ dropIfEmpty: failure !== undefined && recorder.sourceBytes === 0 });
    } catch (error) {
      writeFailure ??= error;
    }
  }
  const summarised = !options.quiet && (failure === undefined || gps.stats.bytes > 0);
  if (summarised) {
    console.error(await formatSummary(inner.name, gps.stats, gps.tracker?.state, inner.live && inner.clockedBySentences !== true));
    for (const file of recorder.files) console.error(`  recorded: ${file.path} (${formatBytes(file.bytes)})`);
    if (clock === undefined && recorder.sourceBytes > 0) {
      console.error(
        inner.live
          ? "  no receive times added: a pipe is clocked by what it carries, as decode - reads it (arrival times: record the receiver from its port, tcp:// or gpsd://)"
          : "  no receive times added: a log read as fast as it goes has none (a log file played with --speed N is stamped with its log times)",
      );
    }
  }
  ntripOption?.endCorrections(corrections, !summarised);
  if (writeFailure !== undefined) throw recordFailure(writeFailure);
  if (failure !== undefined) throw asCliError(failure);
  if (unreadable.endedWhy !== undefined) throw sourceFailed(`${inner.name}: ${unreadable.endedWhy}`);
}

export function register(program: Command): void {
  const command = program
    .command("record")
    .description("record a source's bytes to a file with receive-time prefixes (decode and replay read it back); Ctrl-C or SIGTERM stops it losing nothing")
    .argument(
      "<SOURCE>",
      "/dev/ttyUSB0, COM3, tcp://HOST:PORT, udp://:PORT, gpsd://HOST:PORT, mqtt://HOST/PREFIX/DEVICE or /+ (every device), - (stdin), sim:?..., a log file",
    )
    .option(
      "-o, --output <FILE>",
      "the file to write (required); with rotation FILE-0001.ext, FILE-0002.ext, ...; for mqtt://HOST/PREFIX/+ a directory: one DEVICE.nmea per device",
    )
    .option("--plain", "the bytes as they came, without receive-time prefixes or header line (a plain NMEA log for an NMEA receiver)")
    .option("--rotate-size <MB>", "start a new file at the next line once the current one holds MB megabytes (10^6 bytes)")
    .option("--rotate-time <S>", "start a new file at the next line every S seconds of receive time (a log file: with --speed)")
    .option("-n, --count <N>", "stop after N epochs")
    .option("--duration <S>", "stop after S seconds (of the source's clock for sim: and paced logs)")
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option(
      "--speed <N|max>",
      "a log file as SOURCE: play it at N × its recorded pace (max: no waits), each line stamped with its log time as replay --stamped does; without it the log is copied as it is, with no receive times added",
    )
    .option("--force", "overwrite FILE (or the parts) if it exists; by default an existing file is refused")
    .option("--append", "add to an existing FILE after a new header line (with rotation: new parts after the last existing one)")
    .option("--fsync <S>", `flush the file to the disk every S seconds (0: after every write); default ${DEFAULT_FSYNC_S}`)
    .option("-q, --quiet", "no summary on stderr")
    .addHelpText(
      "after",
      "\nWhat the file keeps: each chunk is written as it is read. Ctrl-C and SIGTERM lose nothing and end the\n" +
        "file on a whole line; SIGKILL or a crash keep everything written before it (the last line may be cut);\n" +
        `a power cut loses at most the last --fsync seconds (default ${DEFAULT_FSYNC_S}). An existing FILE is never\n` +
        "overwritten unless --force is given.\n" +
        "Receive times: the host's clock for a receiver, the simulated clock for sim:. A log file has none:\n" +
        "it is copied as it is (its own @time stamps kept), so the recording decodes as the log does; with\n" +
        "--speed each line is stamped with its log time (lines before its first time of day stay unstamped).\n" +
        "Exit codes: 0 done; 1 the source failed or the disk refused the data (the parts written stay);\n" +
        "2 bad arguments (FILE exists, its directory is missing or not writable).",
    );
  addNtripOptions(command).action((sourceText: string, options: RecordOptions) => record(sourceText, options));
}
