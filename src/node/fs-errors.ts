// File-system errors in words a user can act on: `ENOENT` → "no such file", and so on. One wording for
// reading (every file SOURCE) and one for writing (every output file), so the same cause reads the same
// in every command.

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
  ENOTDIR: "a part of the path is not a directory",
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
