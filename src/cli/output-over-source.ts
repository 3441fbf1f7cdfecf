// An output that is the source log itself (`decode x.nmea -o x.nmea`, `report x.nmea --html x.nmea`, `record
// x.nmea -o x.nmea --force`, `decode x.nmea >> x.nmea`) would empty the log before it is read, or feed the output
// back into the input: refused before anything is opened, as GNU cat refuses an input file that is its output.

import { fstatSync, type Stats } from "node:fs";
import { isFileSource } from "../node/sources/file.js";
import type { Source } from "../sources/source.js";
import { badArguments } from "./errors.js";
import { statOrUndefined } from "../node/fs-errors.js";

/** The same file: device and inode, so a symbolic or hard link to the log is caught too. */
const sameFile = (a: Stats, b: Stats): boolean => a.dev === b.dev && a.ino === b.ino;

/** What a path is, or nothing where it cannot be told (missing, a name too long…): opening it says why. */
function statOrNothing(path: string): Stats | undefined {
  try {
    return statOrUndefined(path);
  } catch {
    return undefined;
  }
}

/**
 * Throws a bad-arguments error (exit 2) when one of `outputs` (`-` and undefined are standard output) or, with
 * `stdoutWritten`, standard output redirected to a file, is the source's log file.
 */
export function refuseOutputOverSource(source: Source, outputs: ReadonlyArray<string | undefined>, stdoutWritten: boolean): void {
  if (!isFileSource(source)) return;
  const log = statOrNothing(source.name);
  if (log === undefined || !log.isFile()) return; // opening it says what is wrong
  for (const path of outputs) {
    if (path === undefined || path === "-") continue;
    const output = statOrNothing(path);
    if (output !== undefined && sameFile(output, log)) {
      throw badArguments(`${path} is the source log ${source.name}: gnsskit will not write over the log it reads (give another output file)`);
    }
  }
  if (!stdoutWritten) return;
  let stdout: Stats | undefined;
  try {
    stdout = fstatSync(1);
  } catch {
    stdout = undefined; // no standard output: nothing is written over the log
  }
  if (stdout?.isFile() === true && sameFile(stdout, log)) {
    throw badArguments(`standard output is the source log ${source.name}: the output would be read back as input (redirect it to another file)`);
  }
}
