// Writes what a source sends to a file: stamped (receive-time prefixes, framing/record-format.ts) or
// plain, with a `#` header line, rotation by size or time into FILE-0001.ext, FILE-0002.ext, ...
//
// Every chunk goes to the file with one write(2) as it arrives, nothing is held in memory: what was
// received before a Ctrl-C, a SIGTERM or even a crash of the process is in the file. A receiver sends
// at most some kB/s, so a system call per chunk costs nothing that matters.
// Files are rotated only at line starts, so each file is a log the framer reads on its own; a stream
// without line ends (binary only) stays in one file.

import { closeSync, openSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { describeWriteError } from "../fs-errors.js";
import { createStamper, type Stamper } from "./stamp.js";

const LF = 0x0a;

export interface RecorderOptions {
  /** FILE of `-o FILE`; with rotation, the parts are FILE-0001.ext, FILE-0002.ext, ... */
  path: string;
  /** Write the bytes as they came, without receive-time prefixes. */
  plain?: boolean;
  /** Start a new file at the next line start once the current one holds this many bytes. */
  rotateSizeBytes?: number;
  /** Start a new file at the next line start once this much receive time has passed in the current one. */
  rotateTimeMs?: number;
  /** Text of the `#` line at the top of each file (without `#` and line end). */
  header?: (part: { number: number; startedAtMs: number }) => string;
}

/** A file the recorder could not create (`created` false: a bad path) or could not write (true: disk full...). */
export class RecordFileError extends Error {
  override readonly name = "RecordFileError";
  constructor(
    message: string,
    readonly created: boolean,
    options: { cause: unknown },
  ) {
    super(message, options);
  }
}

export interface RecordedFile {
  path: string;
  /** Bytes in the file, header and prefixes included. */
  bytes: number;
}

export interface Recorder {
  /** Opens the first file (header stamped with `atMs`). Throws a RecordFileError `cannot write PATH: <reason>`. */
  open(atMs: number): void;
  /** Appends a chunk received at `receivedAtMs`. Throws a RecordFileError `cannot write PATH: <reason>` (disk full...). */
  write(chunk: Uint8Array, receivedAtMs: number): void;
  /** Closes the current file; safe to call more than once. */
  close(): void;
  readonly files: readonly RecordedFile[];
  /** Bytes of the source recorded (without header and prefixes). */
  readonly sourceBytes: number;
}

/** `track.nmea`, 3 → `track-0003.nmea`. */
export function rotatedPath(path: string, part: number): string {
  const ext = extname(path);
  const stem = basename(path, ext);
  return join(dirname(path), `${stem}-${String(part).padStart(4, "0")}${ext}`);
}

export function createRecorder(options: RecorderOptions): Recorder {
  const rotating = options.rotateSizeBytes !== undefined || options.rotateTimeMs !== undefined;
  const files: RecordedFile[] = [];
  let fd: number | undefined;
  let current: RecordedFile | undefined;
  let partStartedAtMs = 0;
  let stamper: Stamper = createStamper();
  let sourceBytes = 0;
  let atLineStart = true;
  let closed = false;

  const writeAll = (bytes: Uint8Array): void => {
    if (fd === undefined || current === undefined) throw new Error(`recorder: ${options.path} is not open`);
    try {
      for (let offset = 0; offset < bytes.byteLength; ) offset += writeSync(fd, bytes, offset);
    } catch (error) {
      throw new RecordFileError(`cannot write ${current.path}: ${describeWriteError(error)}`, true, { cause: error });
    }
    current.bytes += bytes.byteLength;
  };

  const openPart = (atMs: number): void => {
    const number = files.length + 1;
    const path = rotating ? rotatedPath(options.path, number) : options.path;
    try {
      fd = openSync(path, "w");
    } catch (error) {
      throw new RecordFileError(`cannot write ${path}: ${describeWriteError(error)}`, false, { cause: error });
    }
    current = { path, bytes: 0 };
    files.push(current);
    partStartedAtMs = atMs;
    stamper = createStamper();
    if (options.header) writeAll(new TextEncoder().encode(`# ${options.header({ number, startedAtMs: atMs })}\n`));
  };

  const closePart = (): void => {
    if (fd !== undefined) closeSync(fd);
    fd = undefined;
  };

  const rotationDue = (atMs: number): boolean =>
    current !== undefined &&
    ((options.rotateSizeBytes !== undefined && current.bytes >= options.rotateSizeBytes) ||
      (options.rotateTimeMs !== undefined && atMs - partStartedAtMs >= options.rotateTimeMs));

  const writeSegment = (segment: Uint8Array, receivedAtMs: number): void => {
    if (rotating && atLineStart && rotationDue(receivedAtMs)) {
      closePart();
      openPart(receivedAtMs);
    }
    writeAll(options.plain ? segment : stamper.stamp(segment, receivedAtMs));
    atLineStart = segment[segment.byteLength - 1] === LF;
  };

  return {
    open(atMs) {
      if (files.length > 0) throw new TypeError("recorder: already open");
      openPart(atMs);
    },
    write(chunk, receivedAtMs) {
      if (closed) throw new TypeError("recorder: closed");
      if (chunk.byteLength === 0) return;
      if (fd === undefined) openPart(receivedAtMs);
      sourceBytes += chunk.byteLength;
      if (!rotating) {
        writeSegment(chunk, receivedAtMs);
        return;
      }
      // Cut after each LF so a rotation can happen at any line start inside the chunk.
      let from = 0;
      for (let lf = chunk.indexOf(LF); lf !== -1; lf = chunk.indexOf(LF, lf + 1)) {
        writeSegment(chunk.subarray(from, lf + 1), receivedAtMs);
        from = lf + 1;
      }
      if (from < chunk.byteLength) writeSegment(chunk.subarray(from), receivedAtMs);
    },
    close() {
      closed = true;
      closePart();
    },
    get files() {
      return files;
    },
    get sourceBytes() {
      return sourceBytes;
    },
  };
}
