// Standard input (`-`): a pipe from another tool, or a log redirected into gnsskit.

import { fstatSync } from "node:fs";
import type { Readable } from "node:stream";
import type { Source } from "../../sources/source.js";
import { describeReadError } from "../fs-errors.js";
import { asLogText, createChunkSource, readableChunks } from "./_chunk-source.js";

export interface StdinSourceOptions {
  /**
   * Whether the input comes as another program sends it. Default: false when stdin is a regular file
   * (`< log.nmea`), true for pipes and terminals (`socat … | gnsskit decode -`). Either way a pipe is clocked
   * by its sentences' UTC (or its `@time` stamps), not by arrival: `cat log | gnsskit report -` must say
   * what `gnsskit report log` says.
   */
  live?: boolean;
  /** Read this stream instead of `process.stdin` (tests, embedding). */
  stream?: Readable;
}

export function createStdinSource(options: StdinSourceOptions = {}): Source {
  const stream = options.stream;
  return createChunkSource({
    name: "-",
    live: options.live ?? (stream !== undefined || !stdinIsRegularFile()),
    clockedBySentences: true,
    describeError: (error) => `reading standard input: ${describeReadError(error)}`,
    openReader: () => Promise.resolve(asLogText(readableChunks(stream ?? process.stdin))),
  });
}

function stdinIsRegularFile(): boolean {
  try {
    return fstatSync(0).isFile();
  } catch {
    return false; // no fd 0 (detached): nothing to read, treat as a pipe
  }
}
