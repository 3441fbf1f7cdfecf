// Writes what a source sends to a file: stamped (receive-time prefixes, framing/record-format.ts) or
// plain, with a `#` header line, rotation by size or time into FILE-0001.ext, FILE-0002.ext, ...
//
// Every chunk goes to the file with one write(2) as it arrives, nothing is held in memory: what was
// received before a Ctrl-C, a SIGTERM, a SIGKILL or a crash of the process is in the file (the kernel
// has it). What a power cut can take is what the kernel had not written to the disk yet: the file is
// fdatasync'd every `syncIntervalMs` (and when a part is closed), which bounds that loss.
// Files are rotated only at line starts, so each file is a log the framer reads on its own; a stream
// without line ends (binary only) stays in one file.
// A recorder never overwrites a file unless told to: an existing file or part is refused (or appended
// to, or overwritten, as asked). A part this run created that got none of the source's bytes (its header
// failed: disk full) is removed, so a failed recording leaves no empty file behind.

import { closeSync, constants, fdatasyncSync, fstatSync, openSync, readdirSync, readSync, unlinkSync, writeSync } from "node:fs";
import { basename, dirname, extname, join } from "node:path";
import { describeWriteError, statOrUndefined } from "../fs-errors.js";
import { createStamper, type Stamper } from "./stamp.js";

const LF = 0x0a;

/** What to do with a file (or part) that already exists. */
export type ExistingFile = "refuse" | "overwrite" | "append";

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
  /**
   * An existing regular file at the path (or an existing part): `refuse` (default) fails at open;
   * `overwrite` replaces it; `append` adds to it (with rotation: new parts after the last existing one).
   * Devices and FIFOs (`/dev/full`, a pipe) are written to whatever this says.
   */
  existing?: ExistingFile;
  /** fdatasync the file this often (wall time) while it has unsynced bytes; 0 = after every write; default never. */
  syncIntervalMs?: number;
}

export interface RecordedFile {
  path: string;
  /** Bytes in the file, header and prefixes included. */
  bytes: number;
}

/**
 * A failure to record: `open` when a file cannot be made at all (exists, no such directory, no permission:
 * the path given is the problem), `write` when the disk refused the data (ENOSPC, EIO, EFBIG).
 */
export class RecordError extends Error {
  override readonly name = "RecordError";
  constructor(
    message: string,
    readonly phase: "open" | "write",
    readonly code: string | undefined,
    options?: { cause?: unknown },
  ) {
    super(message, options);
  }
}

export interface Recorder {
  /** Opens the first file (header stamped with `atMs`, NaN when not known yet). Throws a RecordError. */
  open(atMs: number): void;
  /**
   * Appends a chunk received at `receivedAtMs`; NaN when its time is unknown: its lines go in unstamped (and
   * count for no rotation by time). Throws a RecordError on a write failure (disk full...).
   */
  write(chunk: Uint8Array, receivedAtMs: number): void;
  /** Syncs and closes the current file (a RecordError when the sync fails); safe to call more than once. */
  /** Closes the current part; `dropIfEmpty`: remove it when this run created it and none of the source's bytes went in. */
  close(options?: { dropIfEmpty?: boolean }): void;
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

/** Numbers of the parts of `path` that exist, ascending. */
function existingParts(path: string): number[] {
  const ext = extname(path);
  const stem = basename(path, ext);
  const pattern = new RegExp(`^${stem.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}-(\\d{4,})${ext.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
  let names: string[];
  try {
    names = readdirSync(dirname(path));
  } catch {
    return []; // a missing directory fails at the part's open, with its name
  }
  return names
    .flatMap((name) => {
      const m = pattern.exec(name);
      return m ? [Number(m[1])] : [];
    })
    .sort((a, b) => a - b);
}

const codeOf = (error: unknown): string | undefined => (error as NodeJS.ErrnoException).code;

export function createRecorder(options: RecorderOptions): Recorder {
  const rotating = options.rotateSizeBytes !== undefined || options.rotateTimeMs !== undefined;
  const existing = options.existing ?? "refuse";
  const syncIntervalMs = options.syncIntervalMs;
  const files: RecordedFile[] = [];
  let fd: number | undefined;
  let current: RecordedFile | undefined;
  /** This run made the current part's file (so it may remove it when it holds nothing of the source). */
  let createdCurrent = false;
  /** Where the source's bytes start in the current part (after its header). */
  let dataStartsAt = 0;
  let partStartedAtMs = 0;
  let nextPart = 1;
  let stamper: Stamper = createStamper();
  let sourceBytes = 0;
  let atLineStart = true;
  let closed = false;
  let unsynced = false;
  let syncTimer: ReturnType<typeof setInterval> | undefined;

  const writeFailed = (path: string, error: unknown): RecordError =>
    new RecordError(`cannot write ${path}: ${describeWriteError(error)}`, "write", codeOf(error), { cause: error });

  const sync = (): void => {
    if (fd === undefined || !unsynced || current === undefined) return;
    try {
      fdatasyncSync(fd);
      unsynced = false;
    } catch (error) {
      // EINVAL: a pipe or a device that cannot sync; nothing to keep safe there
      if (codeOf(error) === "EINVAL" || codeOf(error) === "EROFS") unsynced = false;
      else throw writeFailed(current.path, error);
    }
  };

  const writeAll = (bytes: Uint8Array): void => {
    if (fd === undefined || current === undefined) throw new TypeError(`recorder: ${options.path} is not open`);
    try {
      for (let offset = 0; offset < bytes.byteLength; ) {
        const n = writeSync(fd, bytes, offset);
        offset += n;
        current.bytes += n;
      }
    } catch (error) {
      throw writeFailed(current.path, error);
    }
    unsynced = true;
    if (syncIntervalMs === 0) sync();
  };

  /** Opens `path` as the rules say; returns the descriptor and whether this run created the file. */
  const openFile = (path: string, mode: ExistingFile): { fd: number; created: boolean } => {
    const fail = (error: unknown): RecordError => {
      const code = codeOf(error);
      if (code === "EEXIST") return new RecordError(`${path} exists: give --force to overwrite it or --append to add to it`, "open", code, { cause: error });
      return new RecordError(
        `cannot write ${path}: ${describeWriteError(error)}`,
        code === "ENOSPC" || code === "EIO" || code === "EDQUOT" ? "write" : "open",
        code,
        { cause: error },
      );
    };
    try {
      return { fd: openSync(path, "wx", 0o644), created: true };
    } catch (error) {
      if (codeOf(error) !== "EEXIST") throw fail(error);
      // A pipe or a device (/dev/stdout into `| head`, /dev/full) is opened for writing only: opened for reading too,
      // this process held a reader of its own pipe, so the reader's going away never gave EPIPE and the recording
      // went on into a full pipe, blocked in write(2) for ever (deaf to signals).
      if (statOrUndefined(path)?.isFile() === false) {
        try {
          return { fd: openSync(path, constants.O_WRONLY), created: false };
        } catch (again) {
          throw fail(again);
        }
      }
      let opened: number;
      try {
        opened = openSync(path, mode === "append" ? "a+" : "r+");
      } catch (again) {
        throw fail(again);
      }
      const stat = fstatSync(opened);
      if (!stat.isFile()) return { fd: opened, created: false }; // /dev/full, a FIFO: nothing to overwrite
      if (mode === "refuse") {
        closeSync(opened);
        throw fail(error);
      }
      if (mode === "overwrite") {
        closeSync(opened);
        try {
          return { fd: openSync(path, "w"), created: false };
        } catch (again) {
          throw fail(again);
        }
      }
      // append: start on a line of our own
      if (stat.size > 0) {
        const last = new Uint8Array(1);
        readSync(opened, last, 0, 1, stat.size - 1);
        if (last[0] !== LF) {
          try {
            writeSync(opened, new Uint8Array([LF]));
          } catch (writeError) {
            closeSync(opened);
            throw writeFailed(path, writeError);
          }
        }
      }
      return { fd: opened, created: false };
    }
  };

  /**
   * After a failure: the current part is closed as it is (no sync: the disk just refused), and removed if
   * this run made it and none of the source's bytes went into it.
   */
  const abandonPart = (): void => {
    if (fd !== undefined) {
      try {
        closeSync(fd);
      } catch {
        // closing what failed: nothing more to lose
      }
      fd = undefined;
    }
    if (current === undefined || !createdCurrent || current.bytes > dataStartsAt) return;
    try {
      unlinkSync(current.path);
      files.splice(files.indexOf(current), 1);
      current = undefined;
    } catch {
      // it stays: listed in the summary with its size
    }
  };

  /** Runs `step`; a RecordError abandons the current part first. */
  const guarded = (step: () => void): void => {
    try {
      step();
    } catch (error) {
      if (error instanceof RecordError) abandonPart();
      throw error;
    }
  };

  const closePart = (): void => {
    if (fd === undefined) return;
    try {
      sync();
    } finally {
      closeSync(fd);
      fd = undefined;
    }
  };

  const openPart = (atMs: number): void => {
    let path = options.path;
    if (rotating) {
      // A part that appeared meanwhile is never written over: the next free number is taken.
      for (;;) {
        path = rotatedPath(options.path, nextPart++);
        try {
          const opened = openFile(path, existing === "overwrite" ? "overwrite" : "refuse");
          fd = opened.fd;
          createdCurrent = opened.created;
          break;
        } catch (error) {
          if (!(error instanceof RecordError && error.code === "EEXIST" && files.length > 0)) throw error;
        }
      }
    } else {
      const opened = openFile(path, existing);
      fd = opened.fd;
      createdCurrent = opened.created;
    }
    current = { path, bytes: 0 };
    files.push(current);
    partStartedAtMs = atMs;
    stamper = createStamper();
    const header = options.header ? new TextEncoder().encode(`# ${options.header({ number: files.length, startedAtMs: atMs })}\n`) : new Uint8Array(0);
    dataStartsAt = header.byteLength;
    writeAll(header);
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
    // A part opened before any time was known (a paced log's untimed first lines) counts from its first known one.
    if (Number.isNaN(partStartedAtMs)) partStartedAtMs = receivedAtMs;
    writeAll(options.plain ? segment : stamper.stamp(segment, receivedAtMs));
    atLineStart = segment[segment.byteLength - 1] === LF;
  };

  return {
    open(atMs) {
      if (files.length > 0) throw new TypeError("recorder: already open");
      if (rotating) {
        const parts = existingParts(options.path);
        const last = parts.at(-1);
        if (last !== undefined && existing === "refuse") {
          throw new RecordError(
            `${rotatedPath(options.path, parts[0]!)} exists: give --force to overwrite the parts or --append to add new ones after ${basename(rotatedPath(options.path, last))}`,
            "open",
            "EEXIST",
          );
        }
        if (last !== undefined && existing === "append") nextPart = last + 1;
      }
      guarded(() => openPart(atMs));
      if (syncIntervalMs !== undefined && syncIntervalMs > 0) {
        syncTimer = setInterval(() => {
          try {
            sync();
          } catch {
            // the next write meets the same failure and reports it
          }
        }, syncIntervalMs);
        syncTimer.unref();
      }
    },
    write(chunk, receivedAtMs) {
      if (closed) throw new TypeError("recorder: closed");
      if (chunk.byteLength === 0) return;
      guarded(() => {
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
      });
    },
    close(closeOptions) {
      if (closed) return;
      closed = true;
      if (syncTimer !== undefined) clearInterval(syncTimer);
      guarded(closePart);
      // the source failed before it gave anything: the part this run created holds nothing of it
      if (closeOptions?.dropIfEmpty === true) abandonPart();
    },
    get files() {
      return files;
    },
    get sourceBytes() {
      return sourceBytes;
    },
  };
}
