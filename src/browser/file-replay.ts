// A log file the user picked (File API: a File or any Blob) as a Source.
//
// speed = Infinity: the bytes as fast as the consumer pulls them, not live, no clock: exactly what the
// Node file source gives `gnsskit decode` (stamped logs use their prefixes, plain logs their sentence times).
// A finite speed replays as if live, paced as `gnsskit replay` does (src/replay/pacing.ts: receive-time
// prefixes, else sentence times; the source's clock is the log's time of the chunk being delivered, so TTFF
// and staleness read as recorded). This file only reads the Blob.

import { SourceError, type Source } from "../sources/source.js";
import { createTextDecoding, logText } from "../framing/utf16.js";
import { createLogPacer, LOG_START_BYTES, readLogStart, type LogPacer, type LogPacing, type LogStart } from "../replay/pacing.js";

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
  readonly pacing: LogPacing | undefined;
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
  let pacer: LogPacer | undefined;
  let opened = false;
  let iterating = false;
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;

  async function* rawChunks(): AsyncGenerator<Uint8Array> {
    // a log saved as UTF-16 (Windows PowerShell's `>`) read as its characters
    const decoding = createTextDecoding();
    try {
      for (;;) {
        if (closing.signal.aborted) return;
        const { value, done } = await (reader ??= file.stream().getReader()).read();
        if (done) {
          const rest = decoding.end();
          if (rest.length > 0) yield rest;
          return;
        }
        if (value === undefined) continue;
        const text = decoding.push(value);
        for (let at = 0; at < text.length; at += maxChunkBytes) yield text.subarray(at, at + maxChunkBytes);
      }
    } catch (error) {
      if (closing.signal.aborted) return;
      throw new SourceError(`${name}: read failed: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
    } finally {
      reader?.releaseLock();
      reader = undefined;
    }
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
          head = new Uint8Array(await file.slice(0, LOG_START_BYTES).arrayBuffer());
        } catch (error) {
          throw new SourceError(`cannot read ${name}: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
        }
        logStart = readLogStart(logText(head));
        pacer = createLogPacer({ start: logStart, speed, maxChunkBytes, signal: closing.signal });
      }
      opened = true;
    },
    [Symbol.asyncIterator]() {
      if (!opened) throw new TypeError("open() the file source before reading it");
      if (iterating) throw new TypeError("a file source can be read once");
      iterating = true;
      return pacer ? pacer.chunks(rawChunks) : rawChunks();
    },
    async close() {
      closing.abort();
      await reader?.cancel().catch(() => undefined);
    },
  };
  // The log's own time drives the tracker when paced; unpaced logs carry their times in the data.
  return paced ? Object.defineProperty(source, "clock", { value: () => pacer?.clockMs ?? Number.NaN, enumerable: true }) : source;
}
