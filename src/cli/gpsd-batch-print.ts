// Prints batches of gpsd records (output/gpsd-wire.ts) to a file descriptor: the one printing loop of
// `decode --format gpsd`, run in the decoding thread while the output is small and in the printer's worker
// once it proves large (gpsd-printer.ts).

import { writeSync } from "node:fs";
import { createGpsdWriter } from "../output/gpsd.js";

/** Why printing stopped: the reader went away (EPIPE), or a write failed. The rest is dropped. */
export type PrintStop = { type: "closed" } | { type: "failed"; message: string; code?: string };

export interface BatchPrinter {
  /** Prints the records in data[0, length); says why it stopped the first time it does (then prints nothing more). */
  print(data: Float64Array, length: number): PrintStop | undefined;
}

/** Text is written in pieces of about this many characters. */
const FLUSH_AT = 64 * 1024;

export function createBatchPrinter(fd: number): BatchPrinter {
  const writer = createGpsdWriter();
  const pause = new Int32Array(new SharedArrayBuffer(4));
  let stopped = false;

  const writeAll = (text: string): PrintStop | undefined => {
    if (stopped || text === "") return undefined;
    const bytes = Buffer.from(text, "utf8");
    let offset = 0;
    while (offset < bytes.length) {
      try {
        offset += writeSync(fd, bytes, offset, bytes.length - offset);
      } catch (error) {
        const code = (error as NodeJS.ErrnoException).code;
        // a non-blocking pipe that is full: wait for the reader
        if (code === "EAGAIN") {
          Atomics.wait(pause, 0, 0, 2);
          continue;
        }
        stopped = true;
        return code === "EPIPE" ? { type: "closed" } : { type: "failed", message: (error as Error).message, ...(code === undefined ? {} : { code }) };
      }
    }
    return undefined;
  };

  return {
    print(data, length) {
      if (stopped) return undefined;
      let text = "";
      for (let at = 0; at < length; ) {
        const { text: lines, next } = writer.record(data, at);
        text += lines;
        at = next;
        if (text.length >= FLUSH_AT) {
          const stop = writeAll(text);
          if (stop !== undefined) return stop;
          text = "";
        }
      }
      return writeAll(text);
    },
  };
}
