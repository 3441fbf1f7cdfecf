// `decode --format gpsd` prints on a second core once its output proves large: its SKY lines are most of the
// work after decoding (4 KB of JSON per epoch for a multi-constellation receiver). The decoding thread writes
// each epoch as a few hundred doubles (output/gpsd-wire.ts) into a batch buffer, and a batch is printed
// (gpsd-batch-print.ts) when full or when the decoding thread is about to wait for input, so a live source's
// epochs are printed as they come. The first batches are printed in this thread: a worker costs a thread's
// start-up (~100 ms of CPU), more than a small log's whole output (a log known to be large goes to the worker
// from the start: LARGE_INPUT_BYTES). Past IN_THREAD_DOUBLES a worker is started, and prints the batches from
// when it runs (this thread goes on printing until then, instead of waiting); three buffers go round and round:
// memory stays bounded whatever the log's size, and a slow reader holds the decoder back (back-pressure) instead
// of filling memory. Records print alone (a sky update carries
// its epoch's time and DOPs), so the worker takes over at any batch.

import { closeSync, openSync, writeSync } from "node:fs";
import { Worker } from "node:worker_threads";
import { epochRecordSize, skyUpdateRecordSize, writeEpochRecord, writeSkyUpdateRecord } from "../output/gpsd-wire.js";
import type { GpsdEpoch } from "../output/gpsd.js";
import { createBatchPrinter, type PrintStop } from "./gpsd-batch-print.js";
import { cannotCreate, sourceFailed, writeFailed } from "./errors.js";
import type { PrinterReply, PrinterRequest } from "./gpsd-printer-worker.js";
import { holdYoungGeneration } from "./young-generation.js";

export interface GpsdPrinter {
  /** Queue an epoch's TPV and SKY; resolves when there is room for more (undefined: there is already). */
  epoch(epoch: GpsdEpoch): Promise<void> | undefined;
  /** Queue the last epoch's SKY again with its completed view (GpsdWriter.skyUpdate); nothing before an epoch. */
  skyUpdate(view: GpsdEpoch["satellites"]): Promise<void> | undefined;
  /** True once the reader went away (EPIPE): stop producing. */
  readonly closed: boolean;
  /** Batches handed to the worker so far. */
  readonly batchesPosted: number;
  /** The worker has started running (it prints every batch from then on). */
  readonly workerRunning: boolean;
  /** Print what is queued and stop the worker. */
  end(): Promise<void>;
}

export interface GpsdPrinterOptions {
  /** Doubles of records printed in this thread before a worker takes over (default IN_THREAD_DOUBLES). */
  inThreadDoubles?: number;
  /** The size of the log being decoded, where known: a large one is printed by the worker from the start. */
  inputBytes?: number;
}

/** Doubles per batch buffer (512 KB): about a hundred epochs of a 60-satellite receiver. */
const BATCH_DOUBLES = 64 * 1024;
const BUFFERS = 3;
/** Records printed in this thread before a worker takes over: about 1 MB of a multi-constellation log. */
export const IN_THREAD_DOUBLES = 2 * BATCH_DOUBLES;
/**
 * A log this large is printed by the worker from its first batch: started at once, the worker runs (and the young
 * generation is held, young-generation.ts) before the decoding thread's heap has grown, whatever the machine's
 * load, and its start-up overlaps the decoder's. Printed in this thread first, a 200 MB log's peak RSS went from
 * 116 to 131 MB on a loaded machine, where the worker took long to come up. From 1 MB on the output is large enough
 * that the decoding thread printing its first 1 MB of records cost more than the worker's start-up (15 alternating
 * runs, median wall: 1.1 MB 440 → 420 ms, 2.3 MB 630 → 610, 4.5 MB 1060 → 1020); at 600 KB the start-up costs more
 * (310 → 360 ms).
 */
const LARGE_INPUT_BYTES = 1024 * 1024;
// Such a log's batches also go out only when full (and at the end): nobody waits for its lines as they come, and
// posted after each 64 KB chunk read, a third full, the posts took 0.6 s of the decoding thread's 51 MB
// (each one wakes the worker; on a busy machine the decoding thread waits for its core again).
/** The worker's heap: a batch's text at a time (it keeps nothing); a cap, so a leak fails instead of growing. */
// 16 MB rather than 32: its old generation grew to the cap before collecting, 9 MB more peak RSS on a 200 MB log.
const WORKER_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 8 };

/** Writes all of `bytes` to `fd`, or what it can: a reader that went away is the printer's to report. */
function writeQuietly(fd: number, bytes: Uint8Array): void {
  try {
    for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at);
  } catch {
    // EPIPE, EAGAIN: nothing more to do with a debug line
  }
}

export async function openGpsdPrinter(path: string | undefined, options: GpsdPrinterOptions = {}): Promise<GpsdPrinter> {
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
  const large = (options.inputBytes ?? 0) >= LARGE_INPUT_BYTES;
  let inThreadLeft = options.inThreadDoubles ?? (large ? 0 : IN_THREAD_DOUBLES);
  const here = createBatchPrinter(fd);
  let worker: Worker | undefined;
  /** The worker has started running: batches go to it from then on (before, this thread prints them). */
  let workerOnline = false;
  /** A worker could not be started, before any batch was its: this thread prints everything. */
  let noWorker = false;
  const free: Float64Array[] = Array.from({ length: BUFFERS }, () => new Float64Array(BATCH_DOUBLES));
  const waiting: Array<() => void> = [];
  let batch: Float64Array | undefined = free.pop();
  let used = 0;
  let postScheduled = false;
  let batchesPosted = 0;
  let closed = false;
  let failure: Error | undefined;
  let ended: (() => void) | undefined;
  /** Set once end() stops the worker: its exit is no failure then. */
  let stopping = false;
  /** The last epoch queued: a sky update completes it. */
  let lastEpoch: GpsdEpoch | undefined;
  /** The view of the last record written: an epoch with the same one later in the buffer says so (REPEATED_VIEW). */
  let lastView: GpsdEpoch["satellites"] | undefined;
  /** The worker runs (its start set V8's flags anew) and the young generation is not held yet. */
  let holdPending = false;

  const wake = (): void => {
    for (const resume of waiting.splice(0)) resume();
  };
  const stopped = (stop: PrintStop): void => {
    if (stop.type === "closed") closed = true;
    else failure ??= writeFailed(name, Object.assign(new Error(stop.message), { code: stop.code }));
  };

  const startWorker = (): Worker => {
    // stdout/stderr: streams of their own, copied here to fd 1 and 2 as they come (it prints to its fd itself; what
    // else it says is a debug line or an error). Left to pipe into this thread's process.stdout and process.stderr,
    // Node makes those streams, which sets O_NONBLOCK on fd 1 and 2 (one open file when 2>&1): into a pipe the
    // writes then failed (EAGAIN) whenever it was full and slept 2 ms each time (51 MB into a JSON reader: 5.1 s,
    // against 3.7 s with fd 1 left blocking).
    const started = new Worker(new URL("./gpsd-printer-worker.js", import.meta.url), {
      workerData: { fd },
      resourceLimits: WORKER_LIMITS,
      stdout: true,
      stderr: true,
    });
    started.stdout.on("data", (chunk: Uint8Array) => writeQuietly(1, chunk));
    started.stderr.on("data", (chunk: Uint8Array) => writeQuietly(2, chunk));
    started.on("message", (message: PrinterReply) => {
      switch (message.type) {
        case "done":
          if (message.buffer.byteLength === BATCH_DOUBLES * 8) free.push(new Float64Array(message.buffer));
          wake();
          break;
        case "closed":
        case "failed":
          stopped(message);
          break;
        case "ended":
          ended?.();
          break;
      }
    });
    // A large log's batches posted before the worker runs wait in its queue: decoding goes on without waiting for it.
    started.once("online", () => {
      workerOnline = true;
      holdPending = true;
    });
    const onWorkerGone = (error?: Error): void => {
      if (stopping || worker !== started) return;
      if (!workerOnline && batchesPosted === 0) {
        // nothing of the output was its: this thread goes on printing, as for a small log
        noWorker = true;
        worker = undefined;
        void started.terminate();
        return;
      }
      const why = error ? `: ${error.message}` : "";
      failure ??= workerOnline ? new Error(`the gpsd printer stopped${why}`) : sourceFailed(`cannot start the gpsd printer${why}`);
      wake();
      ended?.();
    };
    started.on("error", onWorkerGone);
    started.on("exit", () => onWorkerGone());
    return started;
  };

  /** None yet, one could start, and printing has not stopped. */
  const mayStartWorker = (): boolean => worker === undefined && !noWorker && !closed && failure === undefined;
  const post = (): void => {
    // a long decode once the worker runs: its memory bounded (young-generation.ts)
    if (holdPending) holdPending = !holdYoungGeneration();
    if (batch === undefined || used === 0) return;
    if (mayStartWorker() && used > inThreadLeft) worker = startWorker();
    // Until the worker runs, this thread prints: waiting for it would idle the decoder for its start-up (~100 ms
    // on 2 cores, 15 % of a 2 MB log's wall time). Nothing was posted yet, so the order holds.
    if (worker === undefined || (!workerOnline && !large)) {
      inThreadLeft -= used;
      const stop = here.print(batch, used);
      used = 0;
      if (stop !== undefined) stopped(stop);
      // this thread's share used up: the worker comes up while the next batches are made
      else if (mayStartWorker() && inThreadLeft <= 0) worker = startWorker();
      return;
    }
    const request: PrinterRequest = { type: "batch", buffer: batch.buffer as ArrayBuffer, length: used };
    worker.postMessage(request, [request.buffer]);
    batchesPosted++;
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
      if (!large) schedulePost();
      return undefined;
    }
    return makeRoom(size).then(() => {
      used = write(batch as Float64Array, used);
      if (!large) schedulePost();
    });
  };

  return {
    epoch(epoch) {
      lastEpoch = epoch;
      return queue(epochRecordSize(epoch), (out, at) => {
        const view = epoch.satellites;
        const repeated = at > 0 && view === lastView;
        lastView = view;
        return writeEpochRecord(out, at, epoch, repeated);
      });
    },
    skyUpdate(view) {
      const after = lastEpoch;
      if (after === undefined) return undefined;
      return queue(skyUpdateRecordSize(view), (out, at) => {
        lastView = view;
        return writeSkyUpdateRecord(out, at, view, after);
      });
    },
    get closed() {
      return closed;
    },
    get batchesPosted() {
      return batchesPosted;
    },
    get workerRunning() {
      return workerOnline;
    },
    async end() {
      try {
        if (failure === undefined) post();
        // a worker still starting, that was given nothing: no handshake to wait for its start-up for
        if (failure === undefined && worker !== undefined && batchesPosted > 0) {
          const done = new Promise<void>((resolve) => (ended = resolve));
          const request: PrinterRequest = { type: "end" };
          worker.postMessage(request);
          await done;
        }
      } finally {
        stopping = true;
        await worker?.terminate();
        if (!toStdout) closeSync(fd);
      }
      if (failure !== undefined && !closed) throw failure;
    },
  };
}
