// A log file the user picked (File API: a File or any Blob) as a Source.
//
// speed = Infinity: the bytes as fast as the consumer pulls them, not live, no clock: exactly what the
// Node file source gives `gnsskit decode` (stamped logs use their prefixes, plain logs their sentence times).
// A finite speed replays as if live: pacing comes from the receive-time prefixes of a stamped log, else from
// the UTC times inside the sentences, as `gnsskit replay` does. A line waits only when its time passes the
// latest time seen (receivers print a cycle in one burst, sometimes with times out of order), and the
// source's clock is the log's time of the chunk being delivered, so TTFF and staleness read as recorded.

import { nmeaChecksum } from "../framing/checksum.js";
import { RECORD_PREFIX_LENGTH, scanRecordPrefix } from "../framing/record-format.js";
import { SourceError, type Source } from "../sources/source.js";

export interface FileReplayOptions {
  /** 1 = as recorded (default), 10 = ten times faster, Infinity = as fast as possible. */
  speed?: number;
  /** Largest chunk delivered at once (bytes). Default 64 KiB. */
  maxChunkBytes?: number;
  /** Name shown in summaries. Default: the file's name, else `file:`. */
  name?: string;
}

export interface FileReplaySource extends Source {
  /** How the log is paced, known after `open()`; `undefined` at speed Infinity (no pacing). */
  readonly pacing: "stamped" | "sentence-time" | "none" | undefined;
}

const MS_PER_DAY = 86_400_000;
const HALF_DAY_MS = MS_PER_DAY / 2;
const LOOKAHEAD_BYTES = 64 * 1024;
const LF = 0x0a;
const CR = 0x0d;

/** Index of the hhmmss field for sentences that carry a UTC time of day. */
const TIME_FIELD: Readonly<Record<string, number>> = { GGA: 1, RMC: 1, GLL: 5, GNS: 1, ZDA: 1, GST: 1, GBS: 1 };

/** One char per byte, so binary survives and positions match the bytes. */
function latin1(bytes: Uint8Array): string {
  let text = "";
  for (let at = 0; at < bytes.length; at += 8192) text += String.fromCharCode(...bytes.subarray(at, at + 8192));
  return text;
}

/** Fields of a checksum-valid sentence (`$` … `*hh`), else undefined. */
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

function timeOfDayMs(field: string | undefined): number | undefined {
  if (field === undefined || !/^\d{6}(\.\d+)?$/.test(field)) return undefined;
  const hours = Number(field.slice(0, 2));
  const minutes = Number(field.slice(2, 4));
  const seconds = Number(field.slice(4));
  if (hours > 23 || minutes > 59 || seconds >= 61) return undefined;
  return Math.round(((hours * 60 + minutes) * 60 + seconds) * 1000);
}

/** UTC midnight stated by a RMC or ZDA. */
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
    year = yy < 69 ? 2000 + yy : 1900 + yy;
  } else if (type === "ZDA") {
    if (!fields[2] || !fields[3] || !fields[4]) return undefined;
    day = Number(fields[2]);
    month = Number(fields[3]);
    year = Number(fields[4]);
  } else {
    return undefined;
  }
  if (!(day >= 1 && day <= 31 && month >= 1 && month <= 12 && year >= 1980 && year <= 9999)) return undefined;
  return Date.UTC(year, month - 1, day);
}

function lineTimeOfDayMs(fields: readonly string[] | undefined): number | undefined {
  if (!fields) return undefined;
  const index = TIME_FIELD[sentenceType(fields[0] ?? "")];
  return index === undefined ? undefined : timeOfDayMs(fields[index]);
}

interface LogLine {
  /** The line's bytes, prefix removed, line end kept. */
  bytes: Uint8Array;
  text: string;
  stampedAtMs?: number;
}

function toLine(bytes: Uint8Array): LogLine {
  const text = latin1(bytes);
  const stamp = scanRecordPrefix(text, 0);
  return typeof stamp === "number"
    ? { bytes: bytes.subarray(RECORD_PREFIX_LENGTH), text: text.slice(RECORD_PREFIX_LENGTH), stampedAtMs: stamp }
    : { bytes, text };
}

/** Splits bytes into lines at LF and at a lone CR; `final` flushes the unterminated tail. */
function createLineSplitter(): (chunk: Uint8Array, final: boolean) => LogLine[] {
  let carry = new Uint8Array(0);
  return (chunk, final) => {
    const data = carry.length === 0 ? chunk : concat([carry, chunk]);
    carry = new Uint8Array(0);
    const lines: LogLine[] = [];
    let start = 0;
    for (let i = 0; i < data.length; i++) {
      const c = data[i];
      if (c === LF || (c === CR && i + 1 < data.length && data[i + 1] !== LF)) {
        lines.push(toLine(data.subarray(start, i + 1)));
        start = i + 1;
      } else if (c === CR && i + 1 === data.length && !final) {
        break; // whether a LF follows is in the next chunk
      }
    }
    const tail = data.subarray(start);
    if (final) {
      if (tail.length > 0) lines.push(toLine(tail));
    } else {
      carry = tail.slice();
    }
    return lines;
  };
}

function concat(chunks: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.length;
  }
  return out;
}

interface LogStart {
  pacing: "stamped" | "sentence-time" | "none";
  firstTimeMs?: number;
  /** For sentence times: UTC midnight of the first stated date, so the clock reads as real UTC. */
  dayBaseMs: number;
}

function readLogStart(head: Uint8Array): LogStart {
  const lines = createLineSplitter()(head, true);
  const firstStamp = lines.find((l) => l.stampedAtMs !== undefined)?.stampedAtMs;
  if (firstStamp !== undefined) return { pacing: "stamped", firstTimeMs: firstStamp, dayBaseMs: 0 };
  let firstTod: number | undefined;
  let dayBase: number | undefined;
  let dateTod: number | undefined;
  for (const line of lines) {
    if (line.text.startsWith("#")) continue;
    const fields = sentenceFields(line.text);
    const tod = lineTimeOfDayMs(fields);
    if (tod !== undefined) firstTod ??= tod;
    const date = fields && dateMs(fields);
    if (date !== undefined && tod !== undefined) {
      dayBase = date;
      dateTod = tod;
      break;
    }
  }
  if (firstTod === undefined) return { pacing: "none", dayBaseMs: 0 };
  let base = dayBase ?? 0;
  // A date stated after midnight passed since the first line belongs to the next day.
  if (dateTod !== undefined && firstTod - dateTod > HALF_DAY_MS) base -= MS_PER_DAY;
  return { pacing: "sentence-time", firstTimeMs: base + firstTod, dayBaseMs: base };
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done);
  });
}

export function createFileReplaySource(file: Blob, options: FileReplayOptions = {}): FileReplaySource {
  const speed = options.speed ?? 1;
  if (!(speed > 0)) throw new TypeError("speed must be a positive number (Infinity = as fast as possible)");
  const paced = Number.isFinite(speed);
  const maxChunkBytes = options.maxChunkBytes ?? 64 * 1024;
  const fileName = "name" in file && typeof file.name === "string" && file.name !== "" ? file.name : undefined;
  const name = options.name ?? fileName ?? "file:";
  const closing = new AbortController();
  let logStart: LogStart | undefined;
  let clockMs = Number.NaN;
  let opened = false;
  let iterating = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  async function* rawChunks(): AsyncGenerator<Uint8Array> {
    try {
      for (;;) {
        if (closing.signal.aborted) return;
        const { value, done } = await (reader ??= file.stream().getReader()).read();
        if (done) return;
        if (value === undefined) continue;
        for (let at = 0; at < value.length; at += maxChunkBytes) yield value.subarray(at, at + maxChunkBytes);
      }
    } catch (error) {
      if (closing.signal.aborted) return;
      throw new SourceError(`${name}: read failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      reader?.releaseLock();
      reader = undefined;
    }
  }

  async function* pacedChunks(start: LogStart): AsyncGenerator<Uint8Array> {
    const split = createLineSplitter();
    let latestMs: number | undefined;
    let dayOffsetMs = 0;
    let anchorLogMs: number | undefined;
    let anchorWallMs = 0;
    let pending: Uint8Array[] = [];
    let pendingBytes = 0;
    const take = (): Uint8Array => {
      const bytes = concat(pending);
      pending = [];
      pendingBytes = 0;
      return bytes;
    };
    const waitUntil = async (logMs: number): Promise<void> => {
      const nowWall = performance.now();
      if (anchorLogMs === undefined || logMs < anchorLogMs) {
        anchorLogMs = logMs;
        anchorWallMs = nowWall;
        return;
      }
      const dueWall = anchorWallMs + (logMs - anchorLogMs) / speed;
      if (dueWall > nowWall) await sleep(dueWall - nowWall, closing.signal);
    };
    const logTimeOf = (line: LogLine): number | undefined => {
      if (start.pacing === "stamped") return line.stampedAtMs;
      if (start.pacing !== "sentence-time") return undefined;
      const tod = lineTimeOfDayMs(sentenceFields(line.text));
      if (tod === undefined) return undefined;
      let t = start.dayBaseMs + dayOffsetMs + tod;
      // Past midnight the time of day starts again: move to the next day.
      if (latestMs !== undefined && t < latestMs - HALF_DAY_MS) {
        dayOffsetMs += MS_PER_DAY;
        t += MS_PER_DAY;
      }
      return t;
    };
    async function* addLine(line: LogLine): AsyncGenerator<Uint8Array> {
      if (line.text.startsWith("#")) return;
      const lineMs = logTimeOf(line);
      if (lineMs !== undefined && (latestMs === undefined || lineMs > latestMs)) {
        latestMs = lineMs;
        if (pending.length > 0) yield take(); // the earlier time's lines, delivered at the earlier time
        if (closing.signal.aborted) return;
        await waitUntil(lineMs);
        clockMs = lineMs;
      }
      pending.push(line.bytes);
      pendingBytes += line.bytes.length;
      if (pendingBytes >= maxChunkBytes) yield take();
    }

    for await (const chunk of rawChunks()) {
      for (const line of split(chunk, false)) {
        yield* addLine(line);
        if (closing.signal.aborted) return;
      }
    }
    if (closing.signal.aborted) return;
    for (const line of split(new Uint8Array(0), true)) yield* addLine(line);
    if (pending.length > 0 && !closing.signal.aborted) yield take();
    // A log without times cannot be paced: it went out in one go (at least it did not spin).
  }

  const source: FileReplaySource = {
    name,
    live: paced,
    get pacing() {
      return logStart?.pacing;
    },
    async open() {
      if (opened) return;
      if (paced) {
        let head: Uint8Array;
        try {
          head = new Uint8Array(await file.slice(0, LOOKAHEAD_BYTES).arrayBuffer());
        } catch (error) {
          throw new SourceError(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        logStart = readLogStart(head);
        clockMs = logStart.firstTimeMs ?? 0;
      }
      opened = true;
    },
    [Symbol.asyncIterator]() {
      if (!opened) throw new TypeError("open() the file source before reading it");
      if (iterating) throw new TypeError("a file source can be read once");
      iterating = true;
      return logStart ? pacedChunks(logStart) : rawChunks();
    },
    async close() {
      closing.abort();
      await reader?.cancel().catch(() => undefined);
    },
  };
  // The log's own time drives the tracker when paced; unpaced logs carry their times in the data.
  return paced ? Object.defineProperty(source, "clock", { value: () => clockMs, enumerable: true }) : source;
}
