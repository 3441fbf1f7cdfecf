// Timed playback of a recorded log, as if live: the pacing behind `gnsskit replay`, `serve FILE` and the
// browser's file replay. The caller reads the log (fs on Node, a Blob in a browser) and hands its bytes over.
//
// Pacing comes from the receive-time prefixes of a stamped log (`@2026-…Z `, framing/record-format.ts),
// else from the UTC times of day inside the sentences, read by the real framer and parser (any sentence
// the parser gives a time of day, dates from RMC/ZDA as the tracker reads them). A line waits
// only when its time passes the latest time seen so far: receivers print a cycle as one burst, and some
// print times out of order inside it (the Ashtech AC12 log in the gpsd corpus), which must not stall.
// The pacer's clock is the log's time at the moment each chunk is delivered, so what the tracker
// measures (TTFF, staleness) is what it measured live, whatever the speed. A step of the log's time longer
// than MAX_PACED_STEP_MS is not waited for: it is a gap in the recording or the receiver's clock being set
// (a default clock hours off until the satellites give the time), not time a user wants to sit through;
// the clock still steps, so the measurements are those of the log.

import { createFramer } from "../framing/framer.js";
import { RECORD_PREFIX_LENGTH, scanRecordPrefix } from "../framing/record-format.js";
import { createParser } from "../parsing/index.js";
import { createUbxDecoder } from "../parsing/ubx/index.js";
import { concatBytes, latin1 } from "../sources/bytes.js";

/** How a log is paced: receive-time prefixes, sentence times, or none found. */
export type LogPacing = "stamped" | "sentence-time" | "none";

/** What the first part of a log tells: how it is paced, its first time, and a date for sentence times. */
export interface LogStart {
  pacing: LogPacing;
  firstTimeMs?: number;
  /** For sentence-time logs: UTC midnight of the first stated date, so the clock reads as real UTC. */
  dayBaseMs: number;
}

/** How many bytes of the log's head `readLogStart` looks at. */
export const LOG_START_BYTES = 64 * 1024;

/** Where pacing reads the time and waits; `sleep` must resolve early when `signal` aborts. */
export interface PacingScheduler {
  now(): number;
  sleep(ms: number, signal: AbortSignal): Promise<void>;
}

/** `performance.now` and `setTimeout`. */
export const realTimeScheduler: PacingScheduler = {
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

const MS_PER_DAY = 86_400_000;
/** Longer than any receiver's reporting interval (the slowest usual ones send every 30 s). */
export const MAX_PACED_STEP_MS = 60_000;
const HALF_DAY_MS = MS_PER_DAY / 2;
const LF = 0x0a;
const CR = 0x0d;
/** A UBX packet's first byte (µ, never in NMEA text). */
const UBX_SYNC_1 = 0xb5;

/** What one line of a log says of time: its time of day, and the UTC midnight of the date it states. */
interface LineTimes {
  timeOfDayMs?: number;
  dateMs?: number;
}

/** A run of the receiver's bytes that ends between packets, the time it states, and its receive time if stamped. */
interface TimedPart {
  bytes: Uint8Array;
  times: LineTimes;
  /** The prefix of the last line its bytes came in: a packet counts from when it was whole. */
  stampedAtMs?: number;
}

interface LogReader {
  /** The parts a line completes: none while a binary packet goes on past the line's end. */
  read(line: LogLine): TimedPart[];
  /** The end of the log: the part still open (a last line without its line end, a packet cut short). */
  end(): TimedPart[];
}

/**
 * Reads a log through the real framer, parser and UBX decoder, so a log is paced by what gnsskit decodes from it
 * (the same checksums, sentences and two-digit-year pivot; a UBX message's UTC where it says the time is valid),
 * not by a second reading of its own, and passes on exactly the bytes the framer takes for the receiver's.
 *
 * - A binary packet is framed by its own length, as the framer frames it: the bytes of a UBX, SiRF, RTCM 3…
 *   packet (which may hold a CR, a LF, a `#`, a `@`) are never a line end, a comment or a cut. A part ends only
 *   where the framer is between packets: at a line end, or before a UBX sync byte (so each UBX message's time goes
 *   with its bytes, and a line holding several cycles is paced cycle by cycle).
 * - The log's own bytes, `#` comment lines and record prefixes, are those the framer counts apart
 *   (`annotationBytes`, which `decode` subtracts too): so a replay gives what decoding the log counts as the
 *   receiver's. Both begin at a line start and a comment runs to its line end, so in a piece cut at line ends and
 *   before sync bytes they are its first bytes.
 */
function createLogReader(): LogReader {
  const parser = createParser();
  const ubx = createUbxDecoder();
  const ignore = (): void => undefined;
  let times: LineTimes = {};
  const take = (m: { timeOfDayMs?: number; dateMs?: number }, dated: boolean): void => {
    if (m.timeOfDayMs === undefined) return;
    times = { timeOfDayMs: m.timeOfDayMs, ...(dated && m.dateMs !== undefined ? { dateMs: m.dateMs } : {}) };
  };
  const framer = createFramer({
    onFrame: (frame) => {
      const sentence = parser.parse(frame, ignore);
      if (sentence !== undefined && "timeOfDayMs" in sentence) take(sentence, sentence.sentenceId === "RMC" || sentence.sentenceId === "ZDA");
    },
    onDiagnostic: ignore,
    onBinary: (packet) => {
      if (packet.protocol !== "UBX") return false;
      const message = ubx.decode(packet.bytes, 0, ignore);
      if (message !== undefined && "timeOfDayMs" in message) take(message, true);
      return true;
    },
  });
  // the open part
  let held: Uint8Array[] = [];
  let heldBytes = 0;
  let stampedAtMs: number | undefined;
  const close = (parts: TimedPart[]): void => {
    if (held.length > 0) {
      const bytes = held.length === 1 ? (held[0] as Uint8Array) : concatBytes(held);
      parts.push(stampedAtMs === undefined ? { bytes, times } : { bytes, times, stampedAtMs });
    }
    held = [];
    heldBytes = 0;
    times = {};
    stampedAtMs = undefined;
  };
  return {
    read(line) {
      const parts: TimedPart[] = [];
      const { bytes } = line;
      for (let from = 0; from < bytes.length; ) {
        const next = bytes.indexOf(UBX_SYNC_1, from + 1);
        const to = next === -1 ? bytes.length : next;
        const annotated = framer.annotationBytes;
        framer.push(bytes.subarray(from, to), 0);
        const kept = from + framer.annotationBytes - annotated;
        if (kept < to) {
          held.push(bytes.subarray(kept, to));
          heldBytes += to - kept;
          stampedAtMs = line.stampedAtMs ?? stampedAtMs;
        }
        // a line without its line end (the log's last) waits for end(): its sentence is whole only there; a part
        // that outgrew any sentence goes on all the same (a line end may never come)
        const lineEnd = to < bytes.length || bytes[to - 1] === LF || bytes[to - 1] === CR;
        if (!framer.inBinaryPacket && (lineEnd || heldBytes > MAX_LINE_PIECE_BYTES)) close(parts);
        from = to;
      }
      return parts;
    },
    end() {
      framer.end();
      const parts: TimedPart[] = [];
      close(parts);
      return parts;
    },
  };
}

/** A line of the log: its bytes (record prefix and line end included) and its receive time if stamped. */
interface LogLine {
  bytes: Uint8Array;
  stampedAtMs?: number;
}

function toLine(bytes: Uint8Array): LogLine {
  const stamp = scanRecordPrefix(latin1(bytes.subarray(0, RECORD_PREFIX_LENGTH)), 0);
  return typeof stamp === "number" ? { bytes, stampedAtMs: stamp } : { bytes };
}

/**
 * A line longer than this goes on in pieces: a line end may never come (`replay /dev/zero`, a file of one line), and
 * the whole line was held, each chunk copied onto it again (one 50 MB line: 33 s and 250 MB; /dev/zero: no byte out,
 * ever). Far above any sentence (the framer's cap is 256 bytes) and any record prefix.
 */
export const MAX_LINE_PIECE_BYTES = 64 * 1024;

/**
 * Splits bytes into lines at LF and at a CR not followed by LF (where a record prefix may stand), and reads the
 * prefix at each line start. `final` flushes the unterminated tail. These lines are where prefixes are; the
 * reader, not the lines, says where the receiver's sentences and packets are. A line over MAX_LINE_PIECE_BYTES is
 * passed on in pieces as it comes; only its first piece is a line start.
 */
function createLineSplitter(): (chunk: Uint8Array, final: boolean) => LogLine[] {
  let carry = new Uint8Array(0);
  /** The carry (or the next byte) continues a line whose first piece went on already: no prefix at its start. */
  let midLine = false;
  const lineOf = (bytes: Uint8Array): LogLine => (midLine ? { bytes } : toLine(bytes));
  return (chunk, final) => {
    const data = carry.length === 0 ? chunk : concatBytes([carry, chunk]);
    // The carry holds no line end, except maybe a CR at its very end: scan from there.
    const scanFrom = Math.max(0, carry.length - 1);
    carry = new Uint8Array(0);
    const lines: LogLine[] = [];
    let start = 0;
    for (let i = scanFrom; i < data.length; i++) {
      const c = data[i];
      if (c === LF || (c === CR && i + 1 < data.length && data[i + 1] !== LF)) {
        lines.push(lineOf(data.subarray(start, i + 1)));
        midLine = false;
        start = i + 1;
      } else if (c === CR && i + 1 === data.length && !final) {
        break; // CR at the end: whether a LF follows is in the next chunk
      }
    }
    const tail = data.subarray(start);
    if (final) {
      if (tail.length > 0) lines.push(lineOf(tail));
      midLine = false;
    } else if (tail.length > MAX_LINE_PIECE_BYTES) {
      // a CR at the very end stays: whether a LF follows is in the next chunk
      const kept = tail[tail.length - 1] === CR ? 1 : 0;
      lines.push(lineOf(tail.slice(0, tail.length - kept)));
      midLine = true;
      carry = tail.slice(tail.length - kept);
    } else {
      carry = tail.slice();
    }
    return lines;
  };
}

/** How the log is paced, from its first `LOG_START_BYTES` bytes (or all of it when shorter). */
export function readLogStart(head: Uint8Array): LogStart {
  const lines = createLineSplitter()(head, true);
  const firstStamp = lines.find((l) => l.stampedAtMs !== undefined)?.stampedAtMs;
  if (firstStamp !== undefined) return { pacing: "stamped", firstTimeMs: firstStamp, dayBaseMs: 0 };
  let firstTod: number | undefined;
  let dayBase: number | undefined;
  let dateTod: number | undefined;
  const reader = createLogReader();
  for (let k = 0; k <= lines.length; k++) {
    const line = lines[k];
    const parts = line === undefined ? reader.end() : reader.read(line);
    const dated = parts.find((p) => p.times.dateMs !== undefined);
    firstTod ??= parts.find((p) => p.times.timeOfDayMs !== undefined)?.times.timeOfDayMs;
    if (dated?.times.timeOfDayMs !== undefined && dated.times.dateMs !== undefined) {
      dayBase = dated.times.dateMs;
      dateTod = dated.times.timeOfDayMs;
      break;
    }
  }
  if (firstTod === undefined) return { pacing: "none", dayBaseMs: 0 };
  // A date stated after midnight passed since the first line belongs to the next day.
  let base = dayBase ?? 0;
  if (dateTod !== undefined && firstTod - dateTod > HALF_DAY_MS) base -= MS_PER_DAY;
  return { pacing: "sentence-time", firstTimeMs: base + firstTod, dayBaseMs: base };
}

export interface LogPacerOptions {
  /** What `readLogStart` found in the log's head. */
  start: LogStart;
  /** 1 = as recorded, 10 = ten times faster, Infinity = no waits (chunks still end where a new time starts). */
  speed: number;
  /** Skip what was received before this many ms from the log's first time. Default: skip nothing. */
  fromMs?: number;
  /** Stop at this many ms from the log's first time. Default: at the end. */
  toMs?: number;
  /** Start again from the beginning at the end (or at `toMs`), the clock running on. */
  loop?: boolean;
  /** Largest chunk delivered at once, bytes. */
  maxChunkBytes: number;
  /** Default `realTimeScheduler`; tests pass a virtual one. */
  scheduler?: PacingScheduler;
  /** Aborting stops the playback: a wait ends at once and nothing more is delivered. */
  signal: AbortSignal;
}

export interface LogPacer {
  /**
   * The log's time at the chunk being delivered (loop passes add up). Before the first timed line: a stamped
   * log's first stamp (+ fromMs); NaN for sentence times (the untimed cycles a receiver sends before it knows
   * the time have no clock, and TTFF must not start at the first time of day) and for a log without times.
   */
  readonly clockMs: number;
  /** The log's bytes in paced chunks, comments dropped. `readLog` gives the log from its beginning, once per pass. */
  chunks(readLog: () => AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array>;
}

export function createLogPacer(options: LogPacerOptions): LogPacer {
  const { start, speed, maxChunkBytes, signal } = options;
  const scheduler = options.scheduler ?? realTimeScheduler;
  const first = start.firstTimeMs ?? 0;
  const skipBeforeMs = options.fromMs ?? Number.NEGATIVE_INFINITY;
  const toMs = options.toMs ?? Number.POSITIVE_INFINITY;
  let clockMs = start.pacing === "stamped" ? first + (options.fromMs ?? 0) : Number.NaN;
  const sleep = (ms: number): Promise<void> => scheduler.sleep(ms, signal);

  async function* chunks(readLog: () => AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
    let loopOffsetMs = 0;
    let stepMs: number | undefined;
    // Wall-clock anchor: log time `anchorLogMs` was delivered at scheduler time `anchorWallMs`.
    let anchorLogMs: number | undefined;
    let anchorWallMs = 0;
    let lastWaitedLogMs = Number.NEGATIVE_INFINITY;

    const waitUntil = async (logMs: number): Promise<void> => {
      const nowWall = scheduler.now();
      if (anchorLogMs === undefined || logMs < anchorLogMs || !Number.isFinite(speed) || logMs - lastWaitedLogMs > MAX_PACED_STEP_MS) {
        lastWaitedLogMs = logMs;
        anchorLogMs = logMs;
        anchorWallMs = nowWall;
        return;
      }
      lastWaitedLogMs = logMs;
      const dueWall = anchorWallMs + (logMs - anchorLogMs) / speed;
      if (dueWall > nowWall) await sleep(dueWall - nowWall);
    };

    for (;;) {
      let latestMs: number | undefined; // log time within this pass (no loop offset)
      let dayOffsetMs = 0;
      let skipping = skipBeforeMs > 0;
      let ended = false;
      let emitted = false;
      let pending: Uint8Array[] = [];
      let pendingBytes = 0;
      const take = (): Uint8Array => {
        const bytes = concatBytes(pending);
        pending = [];
        pendingBytes = 0;
        return bytes;
      };
      const reader = createLogReader();
      const logTimeOf = ({ times, stampedAtMs }: TimedPart): number | undefined => {
        if (start.pacing === "stamped") return stampedAtMs;
        if (start.pacing !== "sentence-time") return undefined;
        const tod = times.timeOfDayMs;
        if (tod === undefined) return undefined;
        let t = start.dayBaseMs + dayOffsetMs + tod;
        // Past midnight the time of day starts again: move to the next day.
        if (latestMs !== undefined && t < latestMs - HALF_DAY_MS) {
          dayOffsetMs += MS_PER_DAY;
          t += MS_PER_DAY;
        }
        return t;
      };
      async function* addParts(parts: TimedPart[]): AsyncGenerator<Uint8Array> {
        for (const part of parts) {
          yield* addPart(part);
          if (signal.aborted || ended) return;
        }
      }
      /** Yields the chunk before the part when the part starts a later time, or when the chunk is full. */
      async function* addPart(part: TimedPart): AsyncGenerator<Uint8Array> {
        const lineMs = logTimeOf(part);
        if (lineMs !== undefined && (latestMs === undefined || lineMs > latestMs)) {
          if (latestMs !== undefined) stepMs ??= lineMs - latestMs;
          if (lineMs - first >= toMs) {
            ended = true;
            return;
          }
          latestMs = lineMs;
          skipping = lineMs - first < skipBeforeMs;
          if (!skipping) {
            if (pending.length > 0) yield take(); // the earlier time's lines, delivered at the earlier time
            if (signal.aborted) return;
            await waitUntil(lineMs + loopOffsetMs);
            clockMs = lineMs + loopOffsetMs;
          }
        }
        if (skipping) return;
        emitted = true;
        pending.push(part.bytes);
        pendingBytes += part.bytes.length;
        if (pendingBytes >= maxChunkBytes) yield take();
      }

      const split = createLineSplitter();
      for await (const chunk of readLog()) {
        for (const line of split(chunk, false)) {
          yield* addParts(reader.read(line));
          if (signal.aborted || ended) break;
        }
        if (signal.aborted || ended) break;
      }
      if (!signal.aborted && !ended) for (const line of split(new Uint8Array(0), true)) yield* addParts(reader.read(line));
      if (!signal.aborted && !ended) yield* addParts(reader.end());
      if (signal.aborted) return;
      if (pending.length > 0) yield take();
      if (options.loop !== true || !emitted) return;
      // A log without times cannot be paced: at least do not spin through it.
      if (start.pacing === "none" && Number.isFinite(speed)) await sleep(1000 / speed);
      loopOffsetMs += (latestMs ?? first) - first + (stepMs ?? 1000);
    }
  }

  return {
    get clockMs() {
      return clockMs;
    },
    chunks,
  };
}
