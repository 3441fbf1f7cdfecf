// A log file opened for reading, the one way every command opens a file SOURCE (decode, report, replay,
// serve, monitor): the same messages for the same failures, and a gzip-compressed log (found by its magic
// bytes, whatever its name) read through zlib as it streams, so memory stays bounded.

import { open, type FileHandle } from "node:fs/promises";
import type { Readable } from "node:stream";
import { createGunzip } from "node:zlib";
import { SourceError } from "../../sources/source.js";
import { describeReadError } from "../fs-errors.js";

export interface LogFile {
  /** The log's bytes, decompressed when the file is gzip. */
  stream: Readable;
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

/**
 * Opens `path` for reading: a SourceError `cannot read PATH: <reason>` when it is missing, a directory or
 * not readable; otherwise its stream, decompressed on the way when it starts with gzip's magic bytes.
 * Errors while reading (a corrupt gzip stream) come out of the stream as SourceErrors `PATH: <reason>`.
 */
export async function openLogFile(path: string, options: OpenLogFileOptions = {}): Promise<LogFile> {
  let handle: FileHandle | undefined;
  let sizeBytes: number;
  let gzip: boolean;
  try {
    handle = await open(path, "r");
    const info = await handle.stat();
    if (info.isDirectory()) throw Object.assign(new Error("is a directory"), { code: "EISDIR" });
    sizeBytes = info.size;
    const magic = new Uint8Array(2);
    // A pipe or a device has no random access: read it as it comes, uncompressed.
    const { bytesRead } = info.isFile() ? await handle.read(magic, 0, 2, 0) : { bytesRead: 0 };
    gzip = bytesRead === 2 && magic[0] === GZIP_MAGIC[0] && magic[1] === GZIP_MAGIC[1];
  } catch (error) {
    await handle?.close();
    throw new SourceError(`cannot read ${path}: ${describeReadError(error)}`, { cause: error });
  }
  const file = handle.createReadStream({ highWaterMark: options.chunkBytes ?? 64 * 1024 });
  if (!gzip) {
    return {
      stream: file,
      gzip,
      sizeBytes,
      get bytesRead() {
        return file.bytesRead;
      },
    };
  }
  // pipe() keeps the back-pressure (bounded memory); a read error ends the decompression with that error,
  // and the end of the decompression (done, failed or destroyed by the reader) closes the file.
  const gunzip = createGunzip();
  file.once("error", (error) => gunzip.destroy(error));
  gunzip.once("error", () => file.destroy());
  gunzip.once("close", () => file.destroy());
  return {
    stream: file.pipe(gunzip),
    gzip,
    sizeBytes,
    get bytesRead() {
      return file.bytesRead;
    },
  };
}

/**
 * The first `maxBytes` bytes of the log (decompressed for gzip), or fewer when it is shorter. A gzip log
 * broken off within them gives what precedes the break (reading the log reports the break); one that
 * gives nothing at all throws.
 */
export async function readLogHead(path: string, maxBytes: number): Promise<Uint8Array> {
  const { stream } = await openLogFile(path);
  const chunks: Uint8Array[] = [];
  let length = 0;
  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array>) {
      chunks.push(chunk);
      length += chunk.byteLength;
      if (length >= maxBytes) break;
    }
  } catch (error) {
    if (length === 0) throw error;
  } finally {
    stream.destroy();
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

/** Bytes of text: printable ASCII, tabs and line ends. */
const isTextByte = (byte: number): boolean => (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;

/**
 * What a log's first bytes look like when they are not NMEA: `an ELF executable`, `a ZIP archive`,
 * `JSON text`, `text`, `binary data`…: the words of a one-line message. Undefined when there is nothing.
 */
export function describeLogContent(head: Uint8Array): string | undefined {
  if (head.length === 0) return undefined;
  const start = String.fromCharCode(...head.subarray(0, 8));
  const signature = SIGNATURES.find(([magic]) => start.startsWith(magic));
  if (signature !== undefined) return signature[1];
  const text = head.filter(isTextByte).length >= head.length * 0.95;
  if (!text) return "binary data";
  const first = String.fromCharCode(...head.subarray(0, 64)).trimStart();
  if (first.startsWith("{") || first.startsWith("[")) return "JSON text";
  if (first.startsWith("<")) return "XML or HTML text";
  return "text";
}
