// A progress bar on stderr for long file work, only when stderr is a terminal (never in pipes or logs).
// cli-progress draws it: the established library for this, with throttled redraws and clean clearing. It is
// loaded when a bar is due (a terminal, a large file): its ~40 KB of code is not compiled by every short run.

import { isatty } from "node:tty";
import type { SingleBar } from "cli-progress";
import { isFileSource } from "../node/sources/file.js";
import type { Source } from "../sources/source.js";

export interface Progress {
  /** Redraw with how far the source has read its file. */
  update(): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };
/** Files smaller than this finish before a bar would be worth drawing. */
const MIN_BYTES = 8 * 1024 * 1024;

/**
 * A bar for a source that reads a file, in bytes of the file (so a gzip log counts compressed bytes); a no-op
 * for other sources, when stderr is not a TTY or the file is small. The bar starts at the first update, once
 * the source is open and knows the file's size; stderr is looked at only then, for a large file.
 */
export function fileProgress(source: Source, label: string): Progress {
  if (!isFileSource(source)) return NONE;
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  let bar: SingleBar | undefined;
  /** No bar: the file is small or stderr no terminal. */
  let none = false;
  let loading = false;
  let stopped = false;
  return {
    update() {
      if (none || stopped) return;
      const { readBytes, sizeBytes } = source.fileProgress;
      if (bar !== undefined) {
        bar.update(mb(readBytes));
        return;
      }
      // isatty, not process.stderr.isTTY: that makes stderr's stream, which loads Node's net module (1-6 ms of a
      // short run) and for a pipe sets O_NONBLOCK, on stdout as well when both are one pipe (2>&1): the gpsd
      // printer's writes to fd 1 would then fail whenever the pipe is full and wait (gpsd-printer.ts)
      none = sizeBytes < MIN_BYTES || !isatty(2);
      if (none || loading) return;
      loading = true;
      void import("cli-progress")
        .then((loaded) => {
          if (stopped) return;
          // a CommonJS package: Node's ES loader gives its exports by name, the bundle (esbuild) as the default
          const { SingleBar } = "SingleBar" in loaded ? loaded : (loaded as { default: typeof loaded }).default;
          bar = new SingleBar({
            format: `${label} [{bar}] {percentage}% | {value}/{total} MB | ETA {eta_formatted}`,
            stream: process.stderr,
            hideCursor: true,
            clearOnComplete: true,
            fps: 5,
          });
          bar.start(mb(sizeBytes), mb(source.fileProgress.readBytes));
        })
        // the bar is a courtesy: without it the work goes on (it threw in the bundle and ended the run)
        .catch(() => {
          none = true;
        });
    },
    stop() {
      stopped = true;
      bar?.stop();
    },
  };
}
