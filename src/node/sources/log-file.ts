// A log file opened for reading, the one way every command opens a file SOURCE (decode, report, replay,
// serve, monitor): the same messages for the same failures, and a gzip-compressed log (found by its magic
// bytes, whatever its name) read through zlib as it streams, so memory stays bounded; a log saved as UTF-16 text
// is read as its characters (framing/utf16.ts).

import { close, closeSync, constants, createReadStream, fstat, fstatSync, open, openSync, read, readSync } from "node:fs";
import { promisify } from "node:util";
import { createGunzip } from "node:zlib";
import { SourceError } from "../../sources/source.js";
import { describeReadError, statOrUndefined } from "../fs-errors.js";
import { type ChunkReader, asLogText, chunksOf, readableChunks } from "./_chunk-source.js";

export interface LogFile {
  /** The log's bytes in order, decompressed when the file is gzip, one byte per character when it is UTF-16 text: one pass; close() ends it. */
  reader: ChunkReader;
  gzip: boolean;
  /** Bytes of the file itself (compressed when gzip). */
  sizeBytes: number;
  /** Bytes of the file read so far (compressed when gzip): for a progress bar. */
  readonly bytesRead: number;
}

export interface OpenLogFileOptions {
  /** Read size (bytes). Default 64 KiB. */
  chunkBytes?: number;
}

const GZIP_MAGIC = [0x1f, 0x8b] as const;

// node:fs's callbacks, not node:fs/promises: that module loads readline and the stream modules (a short run's ms)
const openAsync = promisify(open);
const fstatAsync = promisify(fstat);
const readAsync = promisify(read);
const closeAsync = promisify(close);
const closeQuietly = (fd: number): Promise<void> => closeAsync(fd).catch(() => undefined);
const closeSyncQuietly = (fd: number): void => {
  try {
    closeSync(fd);
  } catch {
    // nothing to tell: the reading is over
  }
};

/**
 * Opens `path` for reading: a SourceError `cannot read PATH: <reason>` when it is missing, a directory or
 * not readable; otherwise a reader of its bytes, decompressed on the way when it starts with gzip's magic bytes.
 * Errors while reading (a corrupt gzip stream) come out of the reader as they are; the caller words them.
 */
export async function openLogFile(path: string, options: OpenLogFileOptions = {}): Promise<LogFile> {
  const chunkBytes = options.chunkBytes ?? 64 * 1024;
  let fd: number | undefined;
  let info: Awaited<ReturnType<typeof fstatAsync>>;
  let gzip: boolean;
  try {
    // A regular file is opened and read in this thread (fileChunks): the first call into libuv's thread pool starts
    // its threads, 1.5-2 ms of a short run. Anything else through the pool, but a FIFO (fifoChunks).
    const stat = statOrUndefined(path);
    if (stat?.isFIFO() === true) return await openFifo(path);
    const regular = stat?.isFile() === true;
    fd = regular ? openSync(path, "r") : await openAsync(path, "r");
    info = regular ? fstatSync(fd) : await fstatAsync(fd);
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    const magic = new Uint8Array(2);
    // A pipe or a device has no random access: read it as it comes, uncompressed.
    const bytesRead = info.isFile() ? readSync(fd, magic, 0, 2, 0) : 0;
    gzip = bytesRead === 2 && magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  } catch (error) {
    if (fd !== undefined) await closeQuietly(fd);
    throw new SourceError(`cannot read ${path}: ${describeReadError(error)}`, { cause: error });
  }
  if (!gzip) {
    const chunks = fileChunks(fd, chunkBytes, info.isFile());
    return {
      reader: asLogText(chunks),
      gzip,
      sizeBytes: info.size,
      get bytesRead() {
        return chunks.bytesRead;
      },
    };
  }
  // pipe() keeps the back-pressure (bounded memory); a read error ends the decompression with that error,
  // and the end of the decompression (done, failed or destroyed by the reader) closes the file.
  const file = createReadStream("", { fd, highWaterMark: chunkBytes });
  const gunzip = createGunzip();
  file.once("error", (error) => gunzip.destroy(error));
  gunzip.once("error", () => file.destroy());
  gunzip.once("close", () => file.destroy());
  const decompressed = asLogText(readableChunks(file.pipe(gunzip)));
  const fileClosed = new Promise<void>((resolve) => file.once("close", () => resolve()));
  return {
    reader: {
      next: () => decompressed.next(),
      // the descriptor too: the file stream closes it after the decompression's end
      close: async () => {
        await decompressed.close();
        await fileClosed;
      },
    },
    gzip,
    sizeBytes: info.size,
    get bytesRead() {
      return file.bytesRead;
    },
  };
}

/**
 * A FIFO (mkfifo), read as it comes. A blocking open waits in a thread of libuv's pool until a writer opens it, and
 * nothing could end that wait: Ctrl-C and SIGTERM went unheard, with no word on stderr. Opened non-blocking, it opens
 * at once; read through a libuv pipe handle (a net.Socket on the descriptor), it is polled, so data is read when a
 * writer sends it, the end comes when the last writer closes it, and close() ends the wait at once.
 */
async function openFifo(path: string): Promise<LogFile> {
  const fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK);
  const { Socket } = await import("node:net");
  const socket = new Socket({ fd, readable: true, writable: false });
  let bytesRead = 0;
  const chunks = readableChunks(socket);
  return {
    reader: asLogText({
      async next() {
        const result = await chunks.next();
        if (result.done !== true) bytesRead += result.value.byteLength;
        return result;
      },
      close: () => chunks.close(),
    }),
    gzip: false,
    sizeBytes: 0,
    get bytesRead() {
      return bytesRead;
    },
  };
}

/**
 * An uncompressed log read straight from its descriptor: a buffer per chunk (the reader may keep them; a short read,
 * a pipe's line, is copied out so as not to hold a whole buffer), a pipe's next chunk read ahead while the reader works
 * on the last (as a stream's buffer does: waiting for each read was 4 % of a 51 MB decode) and no more (back-pressure), the
 * descriptor closed at the end, on an error or by close(), never while a read is under way. A regular file is read
 * from its start by position, in this thread and when asked (a copy from the page cache: through the thread pool,
 * whose start and hops were 3-6 ms of a 10-line or 182 KB decode, and a 51 MB decode no faster); a pipe or a device
 * through the pool, one read ahead. Not a Node stream: loading the stream modules was 4-7 ms of every short run (issue 18), and a
 * file needs none of them.
 */
function fileChunks(fd: number, chunkBytes: number, seekable: boolean): ChunkReader & { readonly bytesRead: number } {
  /** Bytes read so far: where the next read starts (seekable files). */
  let position = 0;
  let open = true;
  /** The read under way, if any (the one asked for or the one ahead): the next chunk (empty at the end), or its error. */
  let ahead: Promise<Uint8Array> | undefined;
  let released: Promise<void> | undefined;
  const readChunk = (): Promise<Uint8Array> => {
    const buffer = Buffer.allocUnsafeSlow(chunkBytes);
    const at = position;
    const fitted = (got: number): Uint8Array =>
      got === chunkBytes ? buffer : got < chunkBytes / 2 ? Buffer.from(buffer.subarray(0, got)) : buffer.subarray(0, got);
    let reading: Promise<Uint8Array>;
    if (seekable) {
      try {
        reading = Promise.resolve(fitted(readSync(fd, buffer, 0, chunkBytes, at)));
      } catch (error) {
        reading = Promise.reject(error);
      }
    } else reading = readAsync(fd, buffer, 0, chunkBytes, null).then(({ bytesRead: got }) => fitted(got));
    // the error is the reader's, heard when it asks for this chunk; unasked (closed early), it is dropped
    reading.catch(() => undefined);
    return reading;
  };
  /** Once: after the read under way, the descriptor (a second call waits for the same). */
  const release = (): Promise<void> => {
    open = false;
    released ??= (async () => {
      await ahead?.catch(() => undefined);
      if (seekable) closeSyncQuietly(fd);
      else await closeQuietly(fd);
    })();
    return released;
  };
  return {
    get bytesRead() {
      return position;
    },
    async next() {
      if (!open) return { value: undefined, done: true };
      let chunk: Uint8Array;
      try {
        ahead ??= readChunk();
        chunk = await ahead;
      } catch (error) {
        ahead = undefined;
        await release();
        throw error;
      }
      ahead = undefined;
      if (!open) return { value: undefined, done: true }; // closed while reading
      if (chunk.length === 0) {
        await release();
        return { value: undefined, done: true };
      }
      position += chunk.length;
      // a pipe's next read runs in the pool while the reader works; a regular file's is a copy made when asked
      if (!seekable) ahead = readChunk();
      return { value: chunk, done: false };
    },
    close: release,
  };
}

/**
 * The first `maxBytes` bytes of the log (decompressed for gzip), or fewer when it is shorter. A gzip log
 * broken off within them gives what precedes the break (reading the log reports the break); one that
 * gives nothing at all throws.
 */
export async function readLogHead(path: string, maxBytes: number): Promise<Uint8Array> {
  const { reader } = await openLogFile(path);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of chunksOf(reader)) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= maxBytes) break;
    }
  } catch (error) {
    if (length === 0) throw error;
  }
  const head = new Uint8Array(Math.min(length, maxBytes));
  let at = 0;
  for (const chunk of chunks) {
    const part = chunk.subarray(0, head.length - at);
    head.set(part, at);
    at += part.length;
  }
  return head;
}

/** How much of a log describeLogContent is given: past a gpsd log's comment header (a few hundred bytes). */
export const LOG_HEAD_BYTES = 4096;

/** What a log that begins with a UBX packet looks like. */
export const UBX_LOG = "u-blox UBX binary, no NMEA";

/** Magic numbers of files that people hand to gnsskit by mistake, and what to call them. */
const SIGNATURES: ReadonlyArray<readonly [string, string]> = [
  ["\x7fELF", "an ELF executable"],
  ["MZ", "a Windows executable"],
  ["\x1f\x8b", "gzip data inside gzip"],
  ["BZh", "bzip2-compressed (decompress it first: bunzip2)"],
  ["\xfd7zXZ\x00", "xz-compressed (decompress it first: unxz)"],
  ["\x28\xb5\x2f\xfd", "zstd-compressed (decompress it first: unzstd)"],
  ["PK\x03\x04", "a ZIP archive"],
  ["\x89PNG", "a PNG image"],
  ["\xff\xd8\xff", "a JPEG image"],
  ["%PDF", "a PDF document"],
  ["\xb5\x62", UBX_LOG],
  ["\xa0\xa2", "SiRF binary, no NMEA"],
];

const isLetter = (code: number): boolean => (code >= 0x41 && code <= 0x5a) || (code >= 0x61 && code <= 0x7a);
/** Receivers' binary protocols whose start is told by more than a magic string (their first bytes: `start`). */
const PROTOCOL_PATTERNS: ReadonlyArray<readonly [(start: string) => boolean, string]> = [
  // RTCM 3: preamble 0xD3, six reserved zero bits, a 10-bit length
  [(start) => start.charCodeAt(0) === 0xd3 && start.length > 1 && start.charCodeAt(1) <= 0x03, "RTCM 3 binary, no NMEA"],
  // Motorola Oncore binary: @@ and a two-letter message id (upper case first)
  [
    (start) => start.startsWith("@@") && start.charCodeAt(2) >= 0x41 && start.charCodeAt(2) <= 0x5a && isLetter(start.charCodeAt(3)),
    "Motorola Oncore binary, no NMEA",
  ],
];

/** The bytes past a head's leading comment lines (`#…`: gpsd's logs and gnsskit's recordings begin so). */
function pastComments(head: Uint8Array): Uint8Array {
  let at = 0;
  while (at < head.length && (head[at] === 0x23 || head[at] === 0x0a || head[at] === 0x0d)) {
    if (head[at] !== 0x23) {
      at++;
      continue;
    }
    const end = head.indexOf(0x0a, at);
    if (end < 0) return head.subarray(head.length);
    at = end + 1;
  }
  return head.subarray(at);
}

/** Bytes of text: printable ASCII, tabs and line ends. */
const isTextByte = (byte: number): boolean => (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * What a log's first bytes look like when they are not NMEA: `an ELF executable`, `a ZIP archive`, `SiRF binary,
 * no NMEA`, `JSON text`, `text`, `binary data`…: the words of a one-line message, read past its leading comment
 * lines. Undefined when there is nothing.
 */
export function describeLogContent(whole: Uint8Array): string | undefined {
  if (whole.length === 0) return undefined;
  const past = pastComments(whole);
  // comment lines alone are text; else what follows them is what the log holds
  const head = past.length === 0 ? whole : past;
  const start = String.fromCharCode(...head.subarray(0, 8));
  const signature = SIGNATURES.find(([magic]) => start.startsWith(magic)) ?? PROTOCOL_PATTERNS.find(([looksLike]) => looksLike(start));
  if (signature !== undefined) return signature[1];
  const text = head.filter(isTextByte).length >= head.length * 0.95;
  if (!text) return "binary data";
  const first = String.fromCharCode(...head.subarray(0, 64)).trimStart();
  if (first.startsWith("{") || first.startsWith("[")) return "JSON text";
  if (first.startsWith("<")) return "XML or HTML text";
  return "text";
}
