// OpenCelliD-format CSV files: streamed line by line (full exports are gigabytes), keeping every cell or
// only the areas of the cells asked about.

import { createReadStream } from "node:fs";
import { createCellDatabase, type CellDatabase } from "../../methods/network/cell-database.js";
import type { CellObservation } from "../../methods/network/types.js";
import { boundedLines } from "../option-file.js";

/** An OpenCelliD row is some 100 characters: a line past this is no row (readline held /dev/zero until a RangeError). */
const MAX_LINE_CHARS = 64_000;

export interface LoadCellCsvOptions {
  /** Keep only rows in these cells' areas (radio, mcc, net, area): enough for lookups and the area fallback. */
  only?: readonly CellObservation[];
  /** Stop collecting problems after this many (default 20). */
  maxProblems?: number;
}

const RADIO_LABELS: Record<CellObservation["radio"], string[]> = { gsm: ["GSM"], wcdma: ["UMTS", "WCDMA"], lte: ["LTE"], nr: ["NR"], cdma: ["CDMA"] };

/** Throws only when the file cannot be opened or holds a line no row is (the caller reports it); bad rows become problems. */
export async function loadCellCsvFile(path: string, options: LoadCellCsvOptions = {}): Promise<{ database: CellDatabase; problems: string[]; rows: number }> {
  const database = createCellDatabase();
  const problems: string[] = [];
  const maxProblems = options.maxProblems ?? 20;
  const prefixes = options.only?.flatMap((c) => RADIO_LABELS[c.radio].map((r) => `${r},${c.mcc},${c.mnc},${c.lac},`));
  const stream = createReadStream(path, { encoding: "utf8" });
  await new Promise<void>((resolve, reject) => {
    stream.once("open", () => resolve());
    stream.once("error", reject);
  });
  let rows = 0;
  let first = true;
  for await (const line of boundedLines(stream as AsyncIterable<string>, MAX_LINE_CHARS)) {
    const isHeader = first && /^\s*radio\s*,/i.test(line);
    first = false;
    if (!isHeader && prefixes !== undefined && !prefixes.some((p) => line.toUpperCase().startsWith(p))) continue;
    if (!isHeader) rows++;
    const problem = database.addLine(line);
    if (problem !== undefined && problems.length < maxProblems) problems.push(problem);
  }
  return { database, problems, rows };
}
