// The worker thread of `decode --format gpsd` (gpsd-printer.ts): prints the batches of records it is sent
// (gpsd-batch-print.ts) and hands each buffer back.

import { parentPort, workerData } from "node:worker_threads";
import { createBatchPrinter, type PrintStop } from "./gpsd-batch-print.js";

export type PrinterRequest = { type: "batch"; buffer: ArrayBuffer; length: number } | { type: "end" };
export type PrinterReply = { type: "done"; buffer: ArrayBuffer } | PrintStop | { type: "ended" };

const port = parentPort;
const printer = createBatchPrinter((workerData as { fd: number }).fd);

function reply(message: PrinterReply, transfer: ArrayBuffer[] = []): void {
  port?.postMessage(message, transfer);
}

port?.on("message", (message: PrinterRequest) => {
  if (message.type === "end") {
    reply({ type: "ended" });
    return;
  }
  const stop = printer.print(new Float64Array(message.buffer, 0, message.length), message.length);
  if (stop !== undefined) reply(stop);
  reply({ type: "done", buffer: message.buffer }, [message.buffer]);
});
