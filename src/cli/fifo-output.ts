// An output that is a FIFO (decode -o, record -o, report --html): nothing can be written to it until a program
// reads it, and opening it for writing waited in open(2), silently and deaf to --duration and Ctrl-C. Its reader is
// waited for first, said on stderr as a FIFO SOURCE's writer is (node/fifo.ts), and the wait ends with --duration
// or Ctrl-C: one line, exit 1.

import { closeSync } from "node:fs";
import { fifoWaitText, isFifo, waitForFifoReader } from "../node/fifo.js";
import { formatDuration } from "../output/format.js";
import { cannotCreate, sourceFailed } from "./errors.js";
import { onInterrupt } from "./source-arg.js";
import { setLongTimeout } from "../long-timeout.js";

/**
 * Waits for a reader on each of `paths` that is a FIFO (none: returns at once). Returns the release of the
 * descriptors held meanwhile, to call once the outputs are open (their reader then never sees an end between).
 */
export async function awaitFifoReaders(paths: readonly (string | undefined)[], options: { durationS?: number; quiet?: boolean } = {}): Promise<() => void> {
  const fifos = paths.filter((path): path is string => path !== undefined && path !== "-" && isFifo(path));
  if (fifos.length === 0) return () => undefined;
  const held: number[] = [];
  const abort = new AbortController();
  let why = "";
  const uninstall = onInterrupt(() => {
    why = "stopped while waiting for one";
    abort.abort();
  });
  const timer =
    options.durationS === undefined
      ? undefined
      : setLongTimeout(() => {
          why = `none within --duration ${formatDuration((options.durationS ?? 0) * 1000)}`;
          abort.abort();
        }, options.durationS * 1000);
  try {
    for (const path of fifos) {
      let fd: number | undefined;
      try {
        fd = await waitForFifoReader(path, {
          signal: abort.signal,
          ...(options.quiet === true ? {} : { onWaiting: () => console.error(`gnsskit: ${fifoWaitText(path, "reader")}`) }),
        });
      } catch (error) {
        throw cannotCreate(path, error);
      }
      if (fd === undefined) throw sourceFailed(`cannot write ${path}: no program reads the FIFO (${why}); nothing written`);
      held.push(fd);
    }
  } catch (error) {
    for (const fd of held) closeSync(fd);
    throw error;
  } finally {
    timer?.clear();
    uninstall();
  }
  return () => {
    for (const fd of held.splice(0)) closeSync(fd);
  };
}
