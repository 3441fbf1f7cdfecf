// A file an option names (--almanac, --truth, --wifi, --assist-file, sim:?route=): read whole, but never more than
// such a file holds. readFileSync waits for an end: `--almanac /dev/zero` read for ever, silent. A pipe or a FIFO
// (`--wifi <(nmcli …)`) still works: it ends.

import { closeSync, openSync, readSync } from "node:fs";

/** Far past any almanac, Wi-Fi scan or orbit data (an EPO file of 30 days is some 2 MB). */
export const OPTION_FILE_MAX_BYTES = 64_000_000;
/** Far past a week of a 1 Hz track (GPX: some 100 bytes a point): --truth, sim:?route=. */
export const TRACK_FILE_MAX_BYTES = 256_000_000;

const CHUNK_BYTES = 1 << 20;

/** Read past `maxBytes`: not a file of the kind the option takes. `code` EFBIG, as open(2) says of a file too large. */
export class OptionFileTooLargeError extends Error {
  readonly code = "EFBIG";
  constructor(readonly maxBytes: number) {
    super(`more than ${maxBytes / 1_000_000} MB, more than such a file holds: a device that never ends?`);
  }
}

/** A line past what a line of such a file holds (a CSV read line by line): `code` EFBIG too. */
export class OptionFileLineTooLongError extends Error {
  readonly code = "EFBIG";
  constructor(readonly maxLineBytes: number) {
    super(`a line of more than ${maxLineBytes / 1000} kB, longer than any row of such a file: a device that never ends?`);
  }
}

/** The lines of a text stream (LF or CRLF), none longer than `maxLineBytes` characters: OptionFileLineTooLongError. */
export async function* boundedLines(chunks: AsyncIterable<string>, maxLineBytes: number): AsyncGenerator<string> {
  let carry = "";
  for await (const chunk of chunks) {
    const parts = (carry + chunk).split("\n");
    carry = parts.pop() ?? "";
    for (const line of parts) {
      if (line.length > maxLineBytes) throw new OptionFileLineTooLongError(maxLineBytes);
      yield line.endsWith("\r") ? line.slice(0, -1) : line;
    }
    if (carry.length > maxLineBytes) throw new OptionFileLineTooLongError(maxLineBytes);
  }
  if (carry !== "") yield carry.endsWith("\r") ? carry.slice(0, -1) : carry;
}

/** The whole of `path`, at most `maxBytes`; throws what open(2)/read(2) throw, or OptionFileTooLargeError. */
export function readOptionFile(path: string, maxBytes = OPTION_FILE_MAX_BYTES): Buffer {
  const fd = openSync(path, "r");
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
      const got = readSync(fd, buffer, 0, CHUNK_BYTES, null);
      if (got === 0) return Buffer.concat(chunks, total);
      total += got;
      if (total > maxBytes) throw new OptionFileTooLargeError(maxBytes);
      chunks.push(got === CHUNK_BYTES ? buffer : Buffer.from(buffer.subarray(0, got)));
    }
  } finally {
    closeSync(fd);
  }
}

/** What went wrong, as the options' messages put it in brackets: the errno code, or the limit in words. */
export function optionFileErrorText(error: unknown): string {
  if (error instanceof OptionFileTooLargeError || error instanceof OptionFileLineTooLongError) return error.message;
  return (error as NodeJS.ErrnoException | undefined)?.code ?? String(error);
}
