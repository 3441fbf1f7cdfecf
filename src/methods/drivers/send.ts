// Writing a command and waiting for its answer, on the receiver's clock (simulated time for `sim:`) or the
// wall clock, whichever runs out first: a simulator at full speed and a real chip both time out sensibly.

import type { Gps } from "../../gps.js";
import type { BinaryPacket } from "../../types.js";
import type { AckVerdict, DriverCommand, ReceiverReply } from "./types.js";
import { SourceClosedError } from "../../sources/source.js";

/** The part of a Gps pipeline commands need. */
export type CommandPipeline = Pick<Gps, "write" | "on" | "source">;

export const DEFAULT_ACK_TIMEOUT_MS = 3000;

/** The receiver's clock where the source has one, else the wall clock. */
export function receiverNow(gps: Pick<Gps, "source">): number {
  return gps.source.clock?.() ?? Date.now();
}

/** A binary packet from the framer → a reply (UBX: class, id and payload). */
export function binaryReply(packet: BinaryPacket): ReceiverReply {
  const reply: ReceiverReply = { kind: "binary", protocol: packet.protocol, byteCount: packet.bytes.length };
  const { bytes } = packet;
  if (packet.protocol === "UBX" && bytes.length >= 8) {
    reply.ubxClass = bytes[2]!;
    reply.ubxId = bytes[3]!;
    const length = bytes[4]! | (bytes[5]! << 8);
    reply.payload = bytes.subarray(6, Math.min(6 + length, bytes.length - 2));
  }
  if (packet.protocol === "MTK" && bytes.length >= 9) {
    reply.mtkCommand = bytes[4]! | (bytes[5]! << 8);
    reply.payload = bytes.subarray(6, bytes.length - 3);
  }
  return reply;
}

/** Subscribe to every reply (sentences and binary packets); returns the unsubscribe function. */
export function onReply(gps: Pick<Gps, "on">, listener: (reply: ReceiverReply) => void): () => void {
  const offSentence = gps.on("sentence", ({ sentence }) => listener({ kind: "sentence", sentence }));
  const offBinary = gps.on("binary", ({ packet }) => listener(binaryReply(packet)));
  return () => {
    offSentence();
    offBinary();
  };
}

/** A wait in progress: `check()` looks again at once (call it when something happened), harmless once done. */
export interface Waiter {
  done: Promise<void>;
  check(): void;
}

/**
 * Resolves once `until()` holds or `timeoutMs` have passed since the start, on the receiver's clock or the
 * wall clock, whichever runs out first (a simulator at full speed and a silent chip both end the wait).
 * The start is now unless given; polled every 50 ms between checks.
 */
export function waitUntil(
  gps: Pick<Gps, "source">,
  options: { timeoutMs: number; until: () => boolean; startReceiverMs?: number; startWallMs?: number },
): Waiter {
  const startReceiverMs = options.startReceiverMs ?? receiverNow(gps);
  const startWallMs = options.startWallMs ?? Date.now();
  let check: () => void = () => undefined;
  const done = new Promise<void>((resolve) => {
    let finished = false;
    check = () => {
      if (finished) return;
      const elapsedMs = Math.max(receiverNow(gps) - startReceiverMs, Date.now() - startWallMs);
      if (options.until() || elapsedMs >= options.timeoutMs) {
        finished = true;
        clearInterval(timer);
        resolve();
      }
    };
    const timer = setInterval(check, 50);
    check();
  });
  return { done, check: () => check() };
}

export type WaitOutcome<T> = { kind: "match"; value: T } | { kind: "timeout" } | { kind: "closed" };

export interface WaitOptions {
  timeoutMs: number;
  /** Wall-clock check interval for a receiver that has fallen silent (default 50 ms). */
  pollMs?: number;
}

/**
 * Waits until `match` returns a value for a reply, the timeout elapses on the receiver's clock or the wall
 * clock, or the pipeline closes. `start()` subscribes at once: call it before writing what the reply answers.
 */
export function waitForReply<T>(
  gps: CommandPipeline,
  match: (reply: ReceiverReply) => T | undefined,
  options: WaitOptions,
): { start(): Promise<WaitOutcome<T>> } {
  return {
    start() {
      return new Promise<WaitOutcome<T>>((resolve) => {
        const startedReceiverMs = receiverNow(gps);
        const startedWallMs = Date.now();
        let done = false;
        const finish = (outcome: WaitOutcome<T>): void => {
          if (done) return;
          done = true;
          offReply();
          offClose();
          offEpoch();
          clearInterval(timer);
          resolve(outcome);
        };
        const checkTime = (): void => {
          if (receiverNow(gps) - startedReceiverMs >= options.timeoutMs || Date.now() - startedWallMs >= options.timeoutMs) finish({ kind: "timeout" });
        };
        const offReply = onReply(gps, (reply) => {
          if (done) return;
          const value = match(reply);
          if (value !== undefined) finish({ kind: "match", value });
        });
        const offEpoch = gps.on("epoch", checkTime);
        const offClose = gps.on("close", () => finish({ kind: "closed" }));
        const timer = setInterval(checkTime, options.pollMs ?? 50);
      });
    },
  };
}

export type CommandResult =
  | { status: "sent"; description: string; bytesWritten: number }
  | { status: "acked"; description: string; bytesWritten: number; detail: string }
  | { status: "no-ack-seen"; description: string; bytesWritten: number };

export class DriverCommandError extends Error {
  override readonly name = "DriverCommandError";
  constructor(
    message: string,
    readonly reason: "rejected" | "timeout" | "closed",
    readonly verdict?: AckVerdict,
  ) {
    super(message);
  }
}

export interface SendCommandOptions {
  timeoutMs?: number;
  /**
   * Runs right before the bytes are written (e.g. `gps.markRestart`): a simulator applies a command inside
   * the write, so marking afterwards could let a reporting cycle slip in between.
   */
  beforeWrite?: () => void;
  /** Runs right after the bytes are written, before any waiting (e.g. `gps.markRestart`). */
  afterWrite?: () => void;
}

/** The source may end between a command's decision and its write: that is the link closing, as in the wait after. */
async function writeOrClosed(gps: CommandPipeline, command: DriverCommand): Promise<void> {
  try {
    await gps.write(command.bytes);
  } catch (error) {
    if (error instanceof SourceClosedError) throw new DriverCommandError(`${command.description}: the source closed`, "closed");
    throw error;
  }
}

/**
 * Writes a command and, where the chip acknowledges it, waits for the answer. Resolves `sent` at once for
 * commands that are never acknowledged (restarts, baud), `acked` on success, `no-ack-seen` when an optional
 * ack did not come; throws DriverCommandError when the chip refuses, does not answer, or the link closes.
 */
export async function sendCommand(gps: CommandPipeline, command: DriverCommand, options: SendCommandOptions = {}): Promise<CommandResult> {
  const timeoutMs = options.timeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const bytesWritten = command.bytes.length;
  const { description, expectAck } = command;
  if (expectAck === undefined) {
    options.beforeWrite?.();
    await writeOrClosed(gps, command);
    options.afterWrite?.();
    return { status: "sent", description, bytesWritten };
  }
  const answer = waitForReply(gps, expectAck, { timeoutMs }).start();
  options.beforeWrite?.();
  await writeOrClosed(gps, command);
  options.afterWrite?.();
  const outcome = await answer;
  switch (outcome.kind) {
    case "match":
      if (outcome.value.status === "ok") return { status: "acked", description, bytesWritten, detail: outcome.value.detail };
      throw new DriverCommandError(`${description}: refused: ${outcome.value.message}`, "rejected", outcome.value);
    case "timeout":
      if (command.ackOptional) return { status: "no-ack-seen", description, bytesWritten };
      throw new DriverCommandError(`${description}: no answer within ${(timeoutMs / 1000).toFixed(1)} s (wrong dialect, or a receive-only link?)`, "timeout");
    case "closed":
      throw new DriverCommandError(`${description}: the source closed before the answer`, "closed");
  }
}
