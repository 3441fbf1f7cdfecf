// A Source over a Node Readable (a file, stdin): pulled through the stream's own async iterator,
// so a slow consumer slows the reading (back-pressure), and `break` destroys the stream.

import type { Readable } from "node:stream";
import { SourceError, type Source } from "../../sources/source.js";

export interface StreamSourceOptions {
  name: string;
  live: boolean;
  /** Source.clockedBySentences */
  clockedBySentences?: boolean;
  /** Opens the stream; rejects with a one-line SourceError. */
  openStream(): Promise<Readable>;
  /** Turns a read error into a one-line message. */
  describeError(error: unknown): string;
}

export function createStreamSource(options: StreamSourceOptions): Source {
  let stream: Readable | undefined;
  let closed = false;

  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    const open = stream;
    if (open === undefined || open.destroyed) return;
    await new Promise<void>((resolve) => {
      open.once("close", () => resolve());
      open.destroy();
    });
  };

  return {
    name: options.name,
    live: options.live,
    ...(options.clockedBySentences === undefined ? {} : { clockedBySentences: options.clockedBySentences }),
    async open() {
      if (stream !== undefined) throw new SourceError(`${options.name}: already opened`);
      stream = await options.openStream();
      if (closed) stream.destroy();
    },
    close,
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      const open = stream;
      if (open === undefined) {
        return { next: () => Promise.reject(new SourceError(`${options.name}: read before open()`)) };
      }
      const inner = open[Symbol.asyncIterator]() as AsyncIterator<Uint8Array>;
      return {
        async next() {
          if (closed) return { value: undefined, done: true };
          try {
            const result = await inner.next();
            return closed ? { value: undefined, done: true } : result;
          } catch (error) {
            if (closed) return { value: undefined, done: true }; // close() destroyed the stream under us
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
