// The worker thread of `decode --format gpsd` (gpsd-printer.ts): turns the epochs' records (gpsd-wire.ts)
// into TPV and SKY lines with the gpsd writer, as the decoding thread would, and writes them to the output.

import { writeSync } from "node:fs";
import { parentPort, workerData } from "node:worker_threads";
import { createGpsdWriter } from "../output/gpsd.js";

export type PrinterRequest = { type: "batch"; buffer: ArrayBuffer; length: number } | { type: "end" };
export type PrinterReply =
  | { type: "done"; buffer: ArrayBuffer }
  | { type: "closed" }
  | { type: "failed"; message: string; code?: string }
  | { type: "ended" };

const FLUSH_AT = 64 * 1024;
const port = parentPort;
const { fd } = workerData as { fd: number };
const writer = createGpsdWriter();
/** The reader went away (EPIPE) or writing failed: the rest is dropped. */
let stopped = false;
const pause = new Int32Array(new SharedArrayBuffer(4));

function reply(message: PrinterReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

function writeAll(text: string): void {
  if (stopped || text === "") return;
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
      reply(code === "EPIPE" ? { type: "closed" } : { type: "failed", message: (error as Error).message, ...(code === undefined ? {} : { code }) });
      return;
    }
  }
}

port?.on("message", (message: PrinterRequest) => {
  if (message.type === "end") {
    reply({ type: "ended" });
    return;
  }
  const data = new Float64Array(message.buffer, 0, message.length);
  let text = "";
  for (let at = 0; at < message.length; ) {
    const { text: lines, next } = writer.record(data, at);
    text += lines;
    at = next;
    if (text.length >= FLUSH_AT) {
      writeAll(text);
      text = "";
    }
  }
  writeAll(text);
  reply({ type: "done", buffer: message.buffer }, [message.buffer]);
});
