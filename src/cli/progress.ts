// A progress bar on stderr for long file work, only when stderr is a terminal (never in pipes or logs).
// cli-progress draws it: the established library for this, with throttled redraws and clean clearing.

import { statSync } from "node:fs";
import { SingleBar } from "cli-progress";

export interface Progress {
  update(bytesDone: number): void;
  stop(): void;
}

const NONE: Progress = { update: () => undefined, stop: () => undefined };
/** Files smaller than this finish before a bar would be worth drawing. */
const MIN_BYTES = 8 * 1024 * 1024;

/** A bar for reading `path` (bytes), or a no-op when stderr is not a TTY or the file is small. */
export function fileProgress(path: string | undefined, label: string): Progress {
  if (path === undefined || !process.stderr.isTTY) return NONE;
  let total: number;
  try {
    const stat = statSync(path);
    if (!stat.isFile()) return NONE;
    total = stat.size;
  } catch {
    return NONE; // the source itself reports an unreadable file
  }
  if (total < MIN_BYTES) return NONE;
  const bar = new SingleBar({
    format: `${label} [{bar}] {percentage}% | {value}/{total} MB | ETA {eta_formatted}`,
    stream: process.stderr,
    hideCursor: true,
    clearOnComplete: true,
    fps: 5,
  });
  const mb = (bytes: number): number => Math.round(bytes / 1e6);
  bar.start(mb(total), 0);
  return {
    update: (bytesDone) => bar.update(mb(bytesDone)),
    stop: () => bar.stop(),
  };
}
