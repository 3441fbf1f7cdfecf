// A FIFO named as a SOURCE or as an output: nothing comes from one until a program opens it for writing, and
// nothing can be written to one until a program opens it for reading. Either wait is said, never silent, and can
// be given up (a signal, --duration, Ctrl-C): a blocking open(2) of a FIFO without a reader held the thread, deaf
// to timers and signals.

import { constants, openSync } from "node:fs";
import { statOrUndefined } from "./fs-errors.js";

/** A FIFO that gave nothing, or that no program reads, for this long is said to wait. */
export const FIFO_WAIT_NOTICE_MS = 1000;

export const isFifo = (path: string): boolean => statOrUndefined(path)?.isFIFO() === true;

/** What a run that waits on a FIFO says: for its writer (a FIFO as SOURCE) or its reader (a FIFO as output). */
export function fifoWaitText(path: string, waitingFor: "writer" | "reader"): string {
  return waitingFor === "writer"
    ? `waiting for a writer on ${path} (a FIFO: nothing comes until a program writes to it)`
    : `waiting for a reader on ${path} (a FIFO: nothing is written until a program reads it)`;
}

export interface WaitForReaderOptions {
  /** Gives the wait up: the promise then resolves undefined. */
  signal?: AbortSignal;
  /** Called once when no reader came within `noticeMs`. */
  onWaiting?: () => void;
  noticeMs?: number;
  /** How often a reader is looked for. Default 50 ms. */
  pollMs?: number;
}

/**
 * Waits until a program has the FIFO `path` open for reading. Resolves a descriptor open for writing
 * (non-blocking): held while the caller opens its own (which then returns at once), so that the reader does not
 * see the end of the file in between; the caller closes it after. Undefined when `signal` gave the wait up.
 * Throws what open(2) throws other than "no reader" (ENXIO).
 */
export function waitForFifoReader(path: string, options: WaitForReaderOptions = {}): Promise<number | undefined> {
  const startedAtMs = Date.now();
  let told = false;
  let timer: ReturnType<typeof setTimeout> | undefined;
  return new Promise<number | undefined>((resolve, reject) => {
    const giveUp = (): void => {
      clearTimeout(timer);
      resolve(undefined);
    };
    if (options.signal?.aborted === true) return giveUp();
    options.signal?.addEventListener("abort", giveUp, { once: true });
    const done = (settle: () => void): void => {
      options.signal?.removeEventListener("abort", giveUp);
      settle();
    };
    const attempt = (): void => {
      try {
        const fd = openSync(path, constants.O_WRONLY | constants.O_NONBLOCK);
        return done(() => resolve(fd));
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== "ENXIO") return done(() => reject(error));
      }
      if (!told && Date.now() - startedAtMs >= (options.noticeMs ?? FIFO_WAIT_NOTICE_MS)) {
        told = true;
        options.onWaiting?.();
      }
      timer = setTimeout(attempt, options.pollMs ?? 50);
    };
    attempt();
  });
}
