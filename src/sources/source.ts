// The Source contract (DESIGN.md): bytes in, no NMEA knowledge. Isomorphic: Uint8Array only.

import type { LinkEvent } from "../types.js";

/** A byte source: a serial port, a socket, a file, the simulator, a Web Serial port. */
export interface Source {
  /** Human-readable name shown in summaries and DEVICES replies, e.g. `/dev/ttyUSB0`, `sim:`. */
  readonly name: string;
  /** True for live sources (receive time = clock); false for logs replayed as fast as possible. */
  readonly live: boolean;
  /**
   * The arrival of its bytes is no clock, though they come as someone sends them: a pipe from another program
   * may carry a log at any speed (`cat log |`, a replay at --speed 10). Its sentences' own UTC times clock it
   * (or its `@time` stamps), as when the log is read from a file.
   */
  readonly clockedBySentences?: boolean;
  /**
   * Opening it powers the receiver on (the simulator): TTFF counts from the open even when the receiver's
   * first cycle has a fix. A real port opens on a receiver that may have been running for hours.
   */
  readonly startsReceiver?: boolean;
  open(): Promise<void>;
  /** Chunks as they arrive. Ends when the source closes; throws a SourceError on failure. */
  [Symbol.asyncIterator](): AsyncIterator<Uint8Array>;
  /** Send bytes to the receiver (commands), where the transport allows it. */
  write?(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
  /** Bytes written so far (commands, aiding): what the link cost. */
  readonly bytesWritten?: number;
  /**
   * The source's own clock in ms, where it has one: simulated time for `sim:`. Without it the
   * pipeline stamps chunks with the host's clock (live) or uses the log's own times (files).
   */
  readonly clock?: () => number;
  /** The link's speed in baud, where it has one (a serial port, the simulator's port). */
  readonly baudRate?: number | undefined;
  /**
   * Sets this end of the link to a new speed, after what was written has gone out: the host's half of a speed
   * change the receiver was told to make (`gnsskit config --baud`). Absent where the link has no speed (TCP).
   */
  setBaudRate?(baudRate: number): Promise<void>;
  /** Subscribe to link news (disconnected, reconnected, baud detected); returns an unsubscribe function. */
  onLink?(listener: (event: LinkEvent) => void): () => void;
}

/** Transport failures. `disconnected` marks a lost link that a reconnecting wrapper may retry. */
/**
 * The slowest pace a paced source plays at (`--speed`, `sim:?speed=`): a second of its time in 1000 s of wall time.
 * Slower, one cycle outlasts what a timer can wait (2^31 ms: Node warns and fires at once).
 */
export const MIN_SPEED = 0.001;

export class SourceError extends Error {
  override readonly name = "SourceError";
  readonly disconnected: boolean;
  constructor(message: string, options: { disconnected?: boolean; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.disconnected = options.disconnected ?? false;
  }
}

/** A write to a source that has ended or been closed: what was to be written never reached the receiver. */
export class SourceClosedError extends SourceError {}
