// A recorded log as a source: not live, chunks as fast as the consumer pulls them. Opened by openLogFile
// (the same messages as every other command, gzip decompressed on the way).

import type { Source } from "../../sources/source.js";
import { describeReadError } from "../fs-errors.js";
import { createChunkSource } from "./_chunk-source.js";
import { openLogFile, type LogFile } from "./log-file.js";

export interface FileSourceOptions {
  /** Read size (bytes). Default 64 KiB. */
  chunkBytes?: number;
}

/** A file source also says how far it has read the file, for a progress bar. */
export interface FileSource extends Source {
  /** Bytes of the file read so far (compressed, for a gzip log) and its size; 0 before open(). */
  readonly fileProgress: { readBytes: number; sizeBytes: number };
}

export const isFileSource = (source: Source): source is FileSource => "fileProgress" in source;

export function createFileSource(path: string, options: FileSourceOptions = {}): FileSource {
  let file: LogFile | undefined;
  const source = createChunkSource({
    name: path,
    live: false,
    describeError: describeReadError,
    openReader: async () => {
      file = await openLogFile(path, options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes });
      return file.reader;
    },
  });
  return Object.defineProperty(source, "fileProgress", {
    get: () => ({ readBytes: file?.bytesRead ?? 0, sizeBytes: file?.sizeBytes ?? 0 }),
    enumerable: true,
  }) as FileSource;
}
