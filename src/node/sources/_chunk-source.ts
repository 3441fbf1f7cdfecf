// A Source over a reader of chunks (a file, stdin): pulled one chunk at a time, so a slow consumer slows the
// reading (back-pressure), and `break` closes the reader. A Node Readable (stdin, a gzip log's decompression)
// becomes such a reader through its own async iterator (readableChunks); a plain file is read from its
// descriptor (log-file.ts), without loading Node's stream modules.

import type { Readable } from "node:stream";
import { createTextDecoding } from "../../framing/utf16.js";
import { SourceError, type Source } from "../../sources/source.js";

/** Chunks pulled one at a time; close() ends the reading early and releases what it holds. */
export interface ChunkReader {
  next(): Promise<IteratorResult<Uint8Array, undefined>>;
  close(): Promise<void>;
}

/** A Readable as a ChunkReader: its async iterator, and close() destroying it (resolved once it is closed). */
export function readableChunks(stream: Readable): ChunkReader {
  let inner: AsyncIterator<Uint8Array> | undefined;
  return {
    async next() {
      inner ??= stream[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
      const result = await inner.next();
      return result.done === true ? { value: undefined, done: true } : result;
    },
    close() {
      if (stream.destroyed) return Promise.resolve();
      return new Promise<void>((resolve) => {
        stream.once("close", () => resolve());
        stream.destroy();
      });
    },
  };
}

/**
 * The reader's bytes as text a framer reads: a log saved as UTF-16 (framing/utf16.ts) turned back into one byte per
 * character, any other passed on as it is. The reader is left as it was until its first chunk says which.
 */
export function asLogText(reader: ChunkReader): ChunkReader {
  const decoding = createTextDecoding();
  let ended = false;
  return {
    async next() {
      for (;;) {
        if (ended) return { value: undefined, done: true };
        const result = await reader.next();
        if (result.done === true) {
          ended = true;
          const rest = decoding.end();
          return rest.length > 0 ? { value: rest, done: false } : result;
        }
        const text = decoding.push(result.value);
        if (text.length > 0) return { value: text, done: false };
      }
    },
    close: () => {
      ended = true; // nothing held is handed out after close
      return reader.close();
    },
  };
}

/** The reader's chunks, for `for await`; the reader is closed at the end, on an error and when the loop stops early. */
export async function* chunksOf(reader: ChunkReader): AsyncGenerator<Uint8Array, void, undefined> {
  try {
    for (;;) {
      const { value, done } = await reader.next();
      if (done) return;
      yield value;
    }
  } finally {
    await reader.close();
  }
}

export interface ChunkSourceOptions {
  name: string;
  live: boolean;
  /** Source.clockedBySentences */
  clockedBySentences?: boolean;
  /** Opens the reader; rejects with a one-line SourceError. */
  openReader(): Promise<ChunkReader>;
  /** Turns a read error into a one-line message. */
  describeError(error: unknown): string;
}

export function createChunkSource(options: ChunkSourceOptions): Source {
  let reader: ChunkReader | undefined;
  let closed = false;
  let closing: Promise<void> | undefined;

  /** Once: a second call waits for the same end. */
  const close = (): Promise<void> => {
    closed = true;
    closing ??= reader?.close() ?? Promise.resolve();
    return closing;
  };

  return {
    name: options.name,
    live: options.live,
    ...(options.clockedBySentences === undefined ? {} : { clockedBySentences: options.clockedBySentences }),
    async open() {
      if (reader !== undefined) throw new SourceError(`${options.name}: already opened`);
      reader = await options.openReader();
      if (closed) await reader.close();
    },
    close,
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      const open = reader;
      if (open === undefined) {
        return { next: () => Promise.reject(new SourceError(`${options.name}: read before open()`)) };
      }
      return {
        async next() {
          if (closed) return { value: undefined, done: true };
          try {
            const result = await open.next();
            return closed ? { value: undefined, done: true } : result;
          } catch (error) {
            if (closed) return { value: undefined, done: true }; // close() ended the reading under us
            throw new SourceError(`${options.name}: ${options.describeError(error)}`, { cause: error });
          }
        },
        async return() {
          await close();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
