// File-system errors in words a user can act on: `ENOENT` → "no such file", and so on. One wording for
// reading (every file SOURCE) and one for writing (every output file), so the same cause reads the same
// in every command.

import { statSync, type Stats } from "node:fs";

/**
 * What is at `path`, or undefined when it cannot be known for any reason: missing, a file named as a directory
 * (`log.nmea/`, ENOTDIR), a symbolic-link loop (ELOOP), a directory that may not be searched (EACCES). A look
 * before opening: the open that follows says why in words (describeReadError). `statSync`'s throwIfNoEntry only
 * spares ENOENT, and the others came out as Node's own text ("ENOTDIR: not a directory, stat '…'").
 */
export function statOrUndefined(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

const codeOf = (error: unknown): string => (error as NodeJS.ErrnoException | undefined)?.code ?? "";
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

const COMMON: Readonly<Record<string, string>> = {
  EACCES: "permission denied",
  EPERM: "permission denied",
  EISDIR: "is a directory",
  EMFILE: "too many open files",
  ENFILE: "too many open files",
  EIO: "input/output error",
  ENAMETOOLONG: "file name too long",
  ELOOP: "too many levels of symbolic links",
  ENOTDIR: "a part of the path is not a directory",
};

const READING: Readonly<Record<string, string>> = {
  ...COMMON,
  ENOENT: "no such file",
  // zlib, reading a gzip log
  Z_BUF_ERROR: "gzip data cut short (the file is truncated)",
};

const WRITING: Readonly<Record<string, string>> = {
  ...COMMON,
  ENOENT: "no such directory",
  EROFS: "read-only file system",
  ENOSPC: "no space left on the device",
  EDQUOT: "disk quota exceeded",
  EFBIG: "file too large",
  // a pipe (`-o /dev/stdout | head -1`) whose reader has gone: what was written after that is lost
  EPIPE: "the reader closed the pipe",
};

/** Why a file could not be read; a zlib data error (a gzip log) included. */
export function describeReadError(error: unknown): string {
  if (codeOf(error) === "Z_DATA_ERROR") return `not valid gzip data (${messageOf(error)})`;
  return READING[codeOf(error)] ?? messageOf(error);
}

/** Why a file could not be created or written. */
export function describeWriteError(error: unknown): string {
  return WRITING[codeOf(error)] ?? messageOf(error);
}
