// Text output to stdout or a file, buffered in large writes and honouring back-pressure, so that
// decoding a 200 MB log runs in constant memory; a closed pipe (`| head`) ends the run quietly.

import { createWriteStream } from "node:fs";
import type { Writable } from "node:stream";
import { cannotCreate, writeFailed, type CliError } from "./errors.js";

export interface TextSink {
  /** Append text; resolves when it is safe to write more. */
  write(text: string): Promise<void> | undefined;
  /** True once the reader went away (EPIPE): stop producing. */
  readonly closed: boolean;
  end(): Promise<void>;
}

const FLUSH_AT = 64 * 1024;

export async function openTextSink(path: string | undefined): Promise<TextSink> {
  let stream: Writable = process.stdout;
  if (path !== undefined && path !== "-") {
    const file = createWriteStream(path);
    await new Promise<void>((resolve, reject) => {
      file.once("open", () => resolve());
      file.once("error", (error) => reject(cannotCreate(path, error)));
    });
    stream = file;
  }
  let pending: string[] = [];
  let size = 0;
  let closed = false;
  /** A write that failed (disk full): the rest is dropped, and end() reports it. */
  let failure: CliError | undefined;
  stream.on("error", (error: NodeJS.ErrnoException) => {
    closed = true;
    if (error.code !== "EPIPE") failure ??= writeFailed(path ?? "standard output", error);
  });
  const flush = (): Promise<void> | undefined => {
    if (size === 0 || closed) return undefined;
    const text = pending.join("");
    pending = [];
    size = 0;
    if (stream.write(text)) return undefined;
    return new Promise((resolve) => {
      const done = (): void => {
        stream.off("drain", done);
        stream.off("close", done);
        resolve();
      };
      stream.on("drain", done);
      stream.on("close", done);
    });
  };
  return {
    write(text) {
      if (closed || text === "") return undefined;
      pending.push(text);
      size += text.length;
      return size >= FLUSH_AT ? flush() : undefined;
    },
    get closed() {
      return closed;
    },
    async end() {
      await flush();
      if (stream !== process.stdout && !stream.destroyed) {
        await new Promise<void>((resolve) => stream.end(() => resolve()));
      }
      if (failure !== undefined) throw failure;
    },
  };
}
