// Node only: the almanacs bundled with the package (fixtures/almanac/*.yuma.txt, made by src/sim/sky/nominal.ts).

import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createSky, parseAlmanac, type AlmanacRecord, type Sky, type SkyOptions } from "../orbits/index.js";

/**
 * The bundled almanac folder. This file sits at src/node/ (tests) or dist/node/ (package), both two levels
 * below the package root that holds fixtures/.
 */
export function bundledAlmanacDir(): string {
  return join(dirname(fileURLToPath(import.meta.url)), "..", "..", "fixtures", "almanac");
}

/** All records of the bundled almanacs. Throws only if the package's own files are missing or broken. */
export function loadBundledAlmanacRecords(): AlmanacRecord[] {
  const dir = bundledAlmanacDir();
  const files = readdirSync(dir)
    .filter((name) => name.endsWith(".yuma.txt"))
    .sort();
  const records: AlmanacRecord[] = [];
  for (const name of files) {
    const { records: fileRecords, problems } = parseAlmanac(readFileSync(join(dir, name), "utf8"));
    if (problems.length > 0) throw new Error(`bundled almanac ${name} is broken: ${problems.join("; ")}`);
    records.push(...fileRecords);
  }
  if (records.length === 0) throw new Error(`no bundled almanacs in ${dir}`);
  return records;
}

/** Loads fixtures/almanac/* (GPS, GLONASS, Galileo, BeiDou MEO, QZSS, SBAS) bundled with the package. */
export function loadBundledSky(options: SkyOptions = {}): Sky {
  return createSky(loadBundledAlmanacRecords(), options);
}
