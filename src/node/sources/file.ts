// A recorded log as a source: not live, chunks as fast as the consumer pulls them. Opened by openLogFile
// (the same messages as every other command, gzip decompressed on the way).

import type { LinkEvent } from "../../types.js";
import type { Source } from "../../sources/source.js";
import { FIFO_WAIT_NOTICE_MS, fifoWaitText, isFifo } from "../fifo.js";
import { describeReadError } from "../fs-errors.js";
import { createChunkSource } from "./_chunk-source.js";
import { openLogFile, type LogFile } from "./log-file.js";

export interface FileSourceOptions {
  /** Read size (bytes). Default 64 KiB. */
  chunkBytes?: number;
  /** A FIFO that gave nothing for this long is said to wait for a writer (an info link event). Default 1000 ms. */
  waitingNoticeMs?: number;
}

/** A file source also says how far it has read the file, for a progress bar. */
export interface FileSource extends Source {
  /** Bytes of the file read so far (compressed, for a gzip log) and its size; 0 before open(). */
  readonly fileProgress: { readBytes: number; sizeBytes: number };
}

export const isFileSource = (source: Source): source is FileSource => "fileProgress" in source;

export function createFileSource(path: string, options: FileSourceOptions = {}): FileSource {
  let file: LogFile | undefined;
  // A FIFO gives nothing until a program opens it for writing: said once on the link, so that a run waiting on it
  // is not silent (and the monitor does not call it connected before its first byte).
  const fifo = isFifo(path);
  const listeners = new Set<(event: LinkEvent) => void>();
  let waiting: ReturnType<typeof setTimeout> | undefined;
  const stopWaiting = (): void => clearTimeout(waiting);
  const source = createChunkSource({
    name: path,
    live: false,
    describeError: describeReadError,
    openReader: async () => {
      file = await openLogFile(path, options.chunkBytes === undefined ? {} : { chunkBytes: options.chunkBytes });
      if (!fifo) return file.reader;
      const reader = file.reader;
      waiting = setTimeout(() => {
        for (const listener of [...listeners]) listener({ type: "info", message: fifoWaitText(path, "writer") });
      }, options.waitingNoticeMs ?? FIFO_WAIT_NOTICE_MS);
      waiting.unref();
      return {
        next: () => reader.next().finally(stopWaiting),
        close: () => {
          stopWaiting();
          return reader.close();
        },
      };
    },
  });
  if (fifo) {
    Object.defineProperty(source, "onLink", {
      value: (listener: (event: LinkEvent) => void) => {
        listeners.add(listener);
        return () => listeners.delete(listener);
      },
      enumerable: true,
    });
  }
  return Object.defineProperty(source, "fileProgress", {
    get: () => ({ readBytes: file?.bytesRead ?? 0, sizeBytes: file?.sizeBytes ?? 0 }),
    enumerable: true,
  }) as FileSource;
}
