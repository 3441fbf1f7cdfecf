// `decode --format gpsd` prints on a second core: its SKY lines are most of the work after decoding (4 KB of
// JSON per epoch for a multi-constellation receiver). The decoding thread writes each epoch as a few hundred
// doubles (output/gpsd-wire.ts) into a batch buffer; a worker thread makes the text with the same gpsd writer
// and writes it. Batches go out when full or when the decoding thread is about to wait for input, so a live
// source's epochs are printed as they come. Three buffers go round and round: memory stays bounded whatever
// the log's size, and a slow reader holds the decoder back (back-pressure) instead of filling memory.

import { closeSync, openSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { epochRecordSize, skyUpdateRecordSize, writeEpochRecord, writeSkyUpdateRecord } from "../output/gpsd-wire.js";
import type { GpsdEpoch } from "../output/gpsd.js";
import { cannotCreate, sourceFailed, writeFailed } from "./errors.js";
import type { PrinterReply, PrinterRequest } from "./gpsd-printer-worker.js";

export interface GpsdPrinter {
  /** Queue an epoch's TPV and SKY; resolves when there is room for more (undefined: there is already). */
  epoch(epoch: GpsdEpoch): Promise<void> | undefined;
  /** Queue the last epoch's SKY again with its completed view (GpsdWriter.skyUpdate). */
  skyUpdate(view: GpsdEpoch["satellites"]): Promise<void> | undefined;
  /** True once the reader went away (EPIPE): stop producing. */
  readonly closed: boolean;
  /** Print what is queued and stop the worker. */
  end(): Promise<void>;
}

/** Doubles per batch buffer (512 KB): about a hundred epochs of a 60-satellite receiver. */
const BATCH_DOUBLES = 64 * 1024;
const BUFFERS = 3;

export async function openGpsdPrinter(path: string | undefined): Promise<GpsdPrinter> {
  const toStdout = path === undefined || path === "-";
  let fd = 1;
  if (!toStdout) {
    try {
      fd = openSync(path, "w");
    } catch (error) {
      throw cannotCreate(path, error);
    }
  }
  const name = toStdout ? "standard output" : path;
  const worker = new Worker(new URL("./gpsd-printer-worker.js", import.meta.url), { workerData: { fd } });
  const free: Float64Array[] = Array.from({ length: BUFFERS }, () => new Float64Array(BATCH_DOUBLES));
  const waiting: Array<() => void> = [];
  let batch: Float64Array | undefined = free.pop();
  let used = 0;
  let postScheduled = false;
  let closed = false;
  let failure: Error | undefined;
  let ended: (() => void) | undefined;
  /** Set once end() stops the worker: its exit is no failure then. */
  let stopping = false;

  const wake = (): void => {
    for (const resume of waiting.splice(0)) resume();
  };
  worker.on("message", (message: PrinterReply) => {
    switch (message.type) {
      case "done":
        if (message.buffer.byteLength === BATCH_DOUBLES * 8) free.push(new Float64Array(message.buffer));
        wake();
        break;
      case "closed":
        closed = true;
        break;
      case "failed":
        failure ??= writeFailed(name, Object.assign(new Error(message.message), { code: message.code }));
        break;
      case "ended":
        ended?.();
        break;
    }
  });
  // Batches posted before the worker runs wait in its queue: decoding starts without waiting for it.
  let started = false;
  worker.once("online", () => (started = true));
  const onWorkerGone = (error?: Error): void => {
    if (stopping) return;
    const why = error ? `: ${error.message}` : "";
    failure ??= started ? new Error(`the gpsd printer stopped${why}`) : sourceFailed(`cannot start the gpsd printer${why}`);
    wake();
    ended?.();
  };
  worker.on("error", onWorkerGone);
  worker.on("exit", () => onWorkerGone());

  const post = (): void => {
    if (batch === undefined || used === 0) return;
    const request: PrinterRequest = { type: "batch", buffer: batch.buffer as ArrayBuffer, length: used };
    worker.postMessage(request, [request.buffer]);
    batch = free.pop();
    used = 0;
  };
  const schedulePost = (): void => {
    if (postScheduled) return;
    postScheduled = true;
    // after the events of this chunk, before the pipeline waits for the next one
    setImmediate(() => {
      postScheduled = false;
      post();
    });
  };
  /** Room for `size` doubles, waiting for a buffer back from the worker when all three are out. */
  const makeRoom = async (size: number): Promise<void> => {
    post();
    if (size > BATCH_DOUBLES) {
      // a sky larger than a batch: a buffer of its own, dropped after use (the pool's stays in the pool)
      if (batch !== undefined) free.push(batch);
      batch = new Float64Array(size);
      return;
    }
    while (batch === undefined) {
      if (failure !== undefined) throw failure;
      batch = free.pop();
      if (batch === undefined) await new Promise<void>((resume) => waiting.push(resume));
    }
  };
  const queue = (size: number, write: (out: Float64Array, at: number) => number): Promise<void> | undefined => {
    if (failure !== undefined) return Promise.reject(failure);
    if (closed) return undefined;
    if (batch !== undefined && used + size <= batch.length) {
      used = write(batch, used);
      schedulePost();
      return undefined;
    }
    return makeRoom(size).then(() => {
      used = write(batch as Float64Array, used);
      schedulePost();
    });
  };

  return {
    epoch: (epoch) => queue(epochRecordSize(epoch), (out, at) => writeEpochRecord(out, at, epoch)),
    skyUpdate: (view) => queue(skyUpdateRecordSize(view), (out, at) => writeSkyUpdateRecord(out, at, view)),
    get closed() {
      return closed;
    },
    async end() {
      try {
        if (failure === undefined) {
          post();
          const done = new Promise<void>((resolve) => (ended = resolve));
          const request: PrinterRequest = { type: "end" };
          worker.postMessage(request);
          await done;
        }
      } finally {
        stopping = true;
        await worker.terminate();
        if (!toStdout) closeSync(fd);
      }
      if (failure !== undefined && !closed) throw failure;
    },
  };
}
