// Timed playback of a recorded log, as if live: `gnsskit replay`, `serve FILE`, and the library.
// The pacing (stamped or sentence times, midnight, clock, from/to, speed, loop) is src/replay/pacing.ts;
// this file reads the log from disk.

import { SourceError, type Source } from "../sources/source.js";
import { createLogPacer, LOG_START_BYTES, readLogStart, type LogPacer, type LogPacing, type LogStart, type PacingScheduler } from "../replay/pacing.js";
import { describeReadError, statOrUndefined } from "./fs-errors.js";
import { type ChunkReader, chunksOf } from "./sources/_chunk-source.js";
import { openLogFile, readLogHead } from "./sources/log-file.js";

export interface ReplayOptions {
  /** Pace: 1 = as recorded (default), 10 = ten times faster, Infinity = as fast as possible. */
  speed?: number;
  /** Start again from the beginning at the end (or at `toS`), the clock running on. */
  loop?: boolean;
  /** Skip what was received before this many seconds from the log's first time. */
  fromS?: number;
  /** Stop at this many seconds from the log's first time. */
  toS?: number;
  /** Largest chunk delivered at once, bytes (default 64 KiB). */
  maxChunkBytes?: number;
  /** Time keeping for pacing (default: `performance.now` and `setTimeout`); tests pass a virtual one. */
  scheduler?: ReplayScheduler;
}

/** Where pacing reads the time and waits; `sleep` must resolve early when `signal` aborts. */
export type ReplayScheduler = PacingScheduler;

export interface ReplaySource extends Source {
  readonly clock: () => number;
  /** How the log is paced, known after `open()`: receive-time prefixes, sentence times, or none found. */
  readonly pacing: LogPacing | undefined;
}

export function createReplaySource(path: string, options: ReplayOptions = {}): ReplaySource {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new TypeError("speed must be a positive number (Infinity = as fast as possible)");
  const fromMs = (options.fromS ?? 0) * 1000;
  const toMs = options.toS === undefined ? Infinity : options.toS * 1000;
  if (!(fromMs >= 0) || !(toMs > fromMs)) throw new TypeError("from/to offsets must satisfy 0 <= from < to");
  const maxChunkBytes = options.maxChunkBytes ?? 64 * 1024;
  // A paced replay reads the log's head for its pacing, then the log from its start: a FIFO gives its bytes once (the
  // second open waited for another writer, for ever and deaf to Ctrl-C).
  if (statOrUndefined(path)?.isFIFO() === true)
    throw new TypeError(`${path} is a FIFO: a paced replay reads a log twice, a FIFO gives its bytes once (decode and monitor read it as it comes)`);

  let logStart: LogStart | undefined;
  let pacer: LogPacer | undefined;
  let iterating = false;
  const closing = new AbortController();
  /** The pass being read: close() ends it, also for a reader that stopped without finishing its iterator. */
  let reading: ChunkReader | undefined;

  /** The log from its start (once per pass of a loop), decompressed when gzip. */
  async function* readLog(): AsyncGenerator<Uint8Array> {
    const { reader } = await openLogFile(path);
    reading = reader;
    try {
      yield* chunksOf(reader);
    } catch (error) {
      throw new SourceError(`${path}: ${describeReadError(error)}`, { cause: error });
    }
  }

  return {
    name: path,
    live: true,
    clock: () => pacer?.clockMs ?? Number.NaN,
    get pacing() {
      return logStart?.pacing;
    },
    async open() {
      if (pacer) return;
      try {
        logStart = readLogStart(await readLogHead(path, LOG_START_BYTES));
      } catch (error) {
        // openLogFile's `cannot read PATH: …`, or a gzip log that breaks off within its head
        throw error instanceof SourceError ? error : new SourceError(`${path}: ${describeReadError(error)}`, { cause: error });
      }
      const scheduler = options.scheduler;
      pacer = createLogPacer({
        start: logStart,
        speed,
        fromMs,
        toMs,
        loop: options.loop === true,
        maxChunkBytes,
        signal: closing.signal,
        ...(scheduler === undefined ? {} : { scheduler }),
      });
    },
    [Symbol.asyncIterator]() {
      if (!pacer) throw new TypeError("open() the replay source before reading it");
      if (iterating) throw new TypeError("a replay source can be read once");
      iterating = true;
      return pacer.chunks(readLog);
    },
    async close() {
      closing.abort();
      await reading?.close();
    },
  };
}
