// Timed playback of a recorded log, as if live: `gnsskit replay`, `serve FILE`, and the library.
//
// Pacing comes from the receive-time prefixes of a stamped log (`@2026-…Z `, framing/record-format.ts),
// else from the UTC times of day inside the sentences (GGA, RMC, GLL, GNS, ZDA, GST, GBS). A line waits
// only when its time passes the latest time seen so far: receivers print a cycle as one burst, and some
// print times out of order inside it (the Ashtech AC12 log in the gpsd corpus), which must not stall.
// The source's `clock` is the log's time at the moment each chunk is delivered, so what the tracker
// measures (TTFF, staleness) is what it measured live, whatever the speed.

import { open as openFile, type FileHandle } from "node:fs/promises";
import { createReadStream } from "node:fs";
import { nmeaChecksum } from "../framing/checksum.js";
import { RECORD_PREFIX_LENGTH, scanRecordPrefix } from "../framing/record-format.js";
import { SourceError, type Source } from "../sources/source.js";

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
export interface ReplayScheduler {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

const realScheduler: ReplayScheduler = {
  now: () => performance.now(),
  sleep: (ms, signal) =>
    new Promise((resolve) => {
      if (signal.aborted) return resolve();
      const done = (): void => {
        clearTimeout(timer);
        signal.removeEventListener("abort", done);
        resolve();
      };
      const timer = setTimeout(done, ms);
      signal.addEventListener("abort", done);
    }),
};

export interface ReplaySource extends Source {
  readonly clock: () => number;
  /** How the log is paced, known after `open()`: receive-time prefixes, sentence times, or none found. */
  readonly pacing: "stamped" | "sentence-time" | "none" | undefined;
}

const MS_PER_DAY = 86_400_000;
const HALF_DAY_MS = MS_PER_DAY / 2;
const LOOKAHEAD_BYTES = 64 * 1024;

/** Index of the hhmmss field for sentences that carry a UTC time of day. */
const TIME_FIELD: Readonly<Record<string, number>> = { GGA: 1, RMC: 1, GLL: 5, GNS: 1, ZDA: 1, GST: 1, GBS: 1 };

/** Fields of a checksummed NMEA sentence (`$` … `*hh`), or undefined when it is not one or the checksum is wrong. */
function sentenceFields(text: string): string[] | undefined {
  const start = text.indexOf("$");
  if (start < 0 || start > 2) return undefined;
  const star = text.lastIndexOf("*");
  if (star < start) return undefined;
  const body = text.slice(start + 1, star);
  const given = Number.parseInt(text.slice(star + 1, star + 3), 16);
  if (!Number.isFinite(given) || given !== nmeaChecksum(body)) return undefined;
  return body.split(",");
}

const sentenceType = (address: string): string => (address.startsWith("P") ? address : address.slice(2));

/** hhmmss(.sss) → ms since midnight. */
function timeOfDayMs(field: string | undefined): number | undefined {
  if (field === undefined || !/^\d{6}(\.\d+)?$/.test(field)) return undefined;
  const hours = Number(field.slice(0, 2));
  const minutes = Number(field.slice(2, 4));
  const seconds = Number(field.slice(4));
  if (hours > 23 || minutes > 59 || seconds >= 61) return undefined;
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/** The UTC midnight (ms since 1970) a RMC or ZDA states, if any. */
function dateMs(fields: readonly string[]): number | undefined {
  const type = sentenceType(fields[0] ?? "");
  let day: number;
  let month: number;
  let year: number;
  if (type === "RMC") {
    const ddmmyy = fields[9];
    if (ddmmyy === undefined || !/^\d{6}$/.test(ddmmyy)) return undefined;
    day = Number(ddmmyy.slice(0, 2));
    month = Number(ddmmyy.slice(2, 4));
    const yy = Number(ddmmyy.slice(4, 6));
    year = yy < 69 ? 2000 + yy : 1900 + yy; // gpsd's pivot
  } else if (type === "ZDA") {
    day = Number(fields[2]);
    month = Number(fields[3]);
    year = Number(fields[4]);
    if (!fields[2] || !fields[3] || !fields[4]) return undefined;
  } else {
    return undefined;
  }
  if (!(day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1980 && year <= 9999)) return undefined;
  return Date.UTC(year, month - 1, day);
}

/** The sentence time of day a line carries, if it is a good sentence with a time field. */
function lineTimeOfDayMs(line: string): number | undefined {
  const fields = sentenceFields(line);
  if (!fields) return undefined;
  const index = TIME_FIELD[sentenceType(fields[0] ?? "")];
  return index === undefined ? undefined : timeOfDayMs(fields[index]);
}

/** A line of the log: its bytes (prefix removed) and its receive time if stamped. */
interface LogLine {
  text: string;
  stampedAtMs?: number;
}

/**
 * Splits latin1 text (one char per byte, so binary survives) into lines at LF and at a CR not followed
 * by LF, and removes a record prefix at each line start. `final` flushes the unterminated tail.
 */
function createLineSplitter(): { push(text: string, final: boolean): LogLine[] } {
  let carry = "";
  return {
    push(text, final) {
      const data = carry + text;
      carry = "";
      const lines: LogLine[] = [];
      let start = 0;
      for (let i = 0; i < data.length; i++) {
        const c = data.charCodeAt(i);
        if (c === 0x0a || (c === 0x0d && i + 1 < data.length && data.charCodeAt(i + 1) !== 0x0a)) {
          lines.push(toLine(data.slice(start, i + 1)));
          start = i + 1;
        } else if (c === 0x0d && i + 1 === data.length && !final) {
          break; // CR at the end: whether a LF follows is in the next chunk
        }
      }
      const tail = data.slice(start);
      if (final) {
        if (tail.length > 0) lines.push(toLine(tail));
      } else {
        carry = tail;
      }
      return lines;
    },
  };
}

function toLine(text: string): LogLine {
  const stamp = scanRecordPrefix(text, 0);
  return typeof stamp === "number" ? { text: text.slice(RECORD_PREFIX_LENGTH), stampedAtMs: stamp } : { text };
}

const isComment = (text: string): boolean => text.startsWith("#");

/** What the first part of the log tells: how it is paced, its first time, and a date for sentence times. */
interface LogStart {
  pacing: "stamped" | "sentence-time" | "none";
  firstTimeMs?: number;
  /** For sentence-time logs: UTC midnight of the first stated date, so the clock reads as real UTC. */
  dayBaseMs: number;
}

async function readLogStart(handle: FileHandle): Promise<LogStart> {
  const buffer = Buffer.alloc(LOOKAHEAD_BYTES);
  const { bytesRead } = await handle.read(buffer, 0, LOOKAHEAD_BYTES, 0);
  const lines = createLineSplitter().push(buffer.toString("latin1", 0, bytesRead), true);
  const firstStamp = lines.find((l) => l.stampedAtMs !== undefined)?.stampedAtMs;
  if (firstStamp !== undefined) return { pacing: "stamped", firstTimeMs: firstStamp, dayBaseMs: 0 };
  let firstTod: number | undefined;
  let dayBase: number | undefined;
  let dateTod: number | undefined;
  for (const line of lines) {
    if (isComment(line.text)) continue;
    const fields = sentenceFields(line.text);
    if (!fields) continue;
    const index = TIME_FIELD[sentenceType(fields[0] ?? "")];
    const tod = index === undefined ? undefined : timeOfDayMs(fields[index]);
    if (tod !== undefined) firstTod ??= tod;
    const date = dateMs(fields);
    if (date !== undefined && tod !== undefined) {
      dayBase = date;
      dateTod = tod;
      break;
    }
  }
  if (firstTod === undefined) return { pacing: "none", dayBaseMs: 0 };
  // A date stated after midnight passed since the first line belongs to the next day.
  let base = dayBase ?? 0;
  if (dateTod !== undefined && firstTod - dateTod > HALF_DAY_MS) base -= MS_PER_DAY;
  return { pacing: "sentence-time", firstTimeMs: base + firstTod, dayBaseMs: base };
}

export function createReplaySource(path: string, options: ReplayOptions = {}): ReplaySource {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new TypeError("speed must be a positive number (Infinity = as fast as possible)");
  const fromMs = (options.fromS ?? 0) * 1000;
  const toMs = options.toS === undefined ? Infinity : options.toS * 1000;
  if (!(fromMs >= 0) || !(toMs > fromMs)) throw new TypeError("from/to offsets must satisfy 0 <= from < to");
  const maxChunkBytes = options.maxChunkBytes ?? 64 * 1024;

  let logStart: LogStart | undefined;
  let clockMs = Number.NaN;
  let closed = false;
  let opened = false;
  let iterating = false;
  const scheduler = options.scheduler ?? realScheduler;
  const closing = new AbortController();
  const sleep = (ms: number): Promise<void> => scheduler.sleep(ms, closing.signal);

  async function* chunks(start: LogStart): AsyncGenerator<Uint8Array> {
    const first = start.firstTimeMs ?? 0;
    let loopOffsetMs = 0;
    let stepMs: number | undefined;
    // Wall-clock anchor: log time `anchorLogMs` was delivered at performance time `anchorWallMs`.
    let anchorLogMs: number | undefined;
    let anchorWallMs = 0;

    const waitUntil = async (logMs: number): Promise<void> => {
      const nowWall = scheduler.now();
      if (anchorLogMs === undefined || logMs < anchorLogMs || !Number.isFinite(speed)) {
        anchorLogMs = logMs;
        anchorWallMs = nowWall;
        return;
      }
      const dueWall = anchorWallMs + (logMs - anchorLogMs) / speed;
      if (dueWall > nowWall) await sleep(dueWall - nowWall);
    };

    for (;;) {
      let latestMs: number | undefined; // log time within this pass (no loop offset)
      let dayOffsetMs = 0;
      let skipping = fromMs > 0;
      let ended = false;
      let emitted = false;
      let pending: string[] = [];
      let pendingBytes = 0;
      const take = (): Uint8Array => {
        const bytes = Buffer.from(pending.join(""), "latin1");
        pending = [];
        pendingBytes = 0;
        return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
      };
      const logTimeOf = (line: LogLine): number | undefined => {
        if (start.pacing === "stamped") return line.stampedAtMs;
        if (start.pacing !== "sentence-time") return undefined;
        const tod = lineTimeOfDayMs(line.text);
        if (tod === undefined) return undefined;
        let t = start.dayBaseMs + dayOffsetMs + tod;
        // Past midnight the time of day starts again: move to the next day.
        if (latestMs !== undefined && t < latestMs - HALF_DAY_MS) {
          dayOffsetMs += MS_PER_DAY;
          t += MS_PER_DAY;
        }
        return t;
      };
      /** Adds one line; yields the chunk before it when the line starts a later time, or when the chunk is full. */
      async function* addLine(line: LogLine): AsyncGenerator<Uint8Array> {
        if (isComment(line.text)) return;
        const lineMs = logTimeOf(line);
        if (lineMs !== undefined && (latestMs === undefined || lineMs > latestMs)) {
          if (latestMs !== undefined) stepMs ??= lineMs - latestMs;
          if (lineMs - first >= toMs) {
            ended = true;
            return;
          }
          latestMs = lineMs;
          skipping = lineMs - first < fromMs;
          if (!skipping) {
            if (pending.length > 0) yield take(); // the earlier time's lines, delivered at the earlier time
            if (closed) return;
            await waitUntil(lineMs + loopOffsetMs);
            clockMs = lineMs + loopOffsetMs;
          }
        }
        if (skipping) return;
        emitted = true;
        pending.push(line.text);
        pendingBytes += line.text.length;
        if (pendingBytes >= maxChunkBytes) yield take();
      }

      const splitter = createLineSplitter();
      const stream = createReadStream(path, { highWaterMark: 64 * 1024 });
      try {
        for await (const buffer of stream as AsyncIterable<Buffer>) {
          for (const line of splitter.push(buffer.toString("latin1"), false)) {
            yield* addLine(line);
            if (closed || ended) break;
          }
          if (closed || ended) break;
        }
        if (!closed && !ended) for (const line of splitter.push("", true)) yield* addLine(line);
      } catch (error) {
        throw new SourceError(`${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      } finally {
        stream.destroy();
      }
      if (closed) return;
      if (pending.length > 0) yield take();
      if (options.loop !== true || !emitted) return;
      // A log without times cannot be paced: at least do not spin through it.
      if (start.pacing === "none" && Number.isFinite(speed)) await sleep(1000 / speed);
      loopOffsetMs += (latestMs ?? first) - first + (stepMs ?? 1000);
    }
  }

  return {
    name: path,
    live: true,
    clock: () => clockMs,
    get pacing() {
      return logStart?.pacing;
    },
    async open() {
      if (opened) return;
      let handle: FileHandle | undefined;
      try {
        handle = await openFile(path, "r");
        logStart = await readLogStart(handle);
      } catch (error) {
        throw new SourceError(`cannot open ${path}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
      } finally {
        await handle?.close();
      }
      opened = true;
      clockMs = (logStart.firstTimeMs ?? 0) + (options.fromS ?? 0) * 1000;
    },
    [Symbol.asyncIterator]() {
      if (!logStart) throw new TypeError("open() the replay source before reading it");
      if (iterating) throw new TypeError("a replay source can be read once");
      iterating = true;
      return chunks(logStart);
    },
    async close() {
      closed = true;
      closing.abort();
    },
  };
}
