// Offline cell positioning over an OpenCelliD-format CSV (transports.md §7):
//   radio,mcc,net,area,cell,unit,lon,lat,range,samples,changeable,created,updated,averageSignal
// Lookup key (radio, mcc, net, area, cell) → tower position and range. Several known cells are averaged
// (weights 1/range²); no known cell but a known area gives the area's centre (Ichnaea's `lacf` fallback).
// Such files hold cells only: Wi-Fi observations cannot be used offline.
//
// What the radius is: OpenCelliD gives `range` as the approximate radius, in metres, of the area the
// cell could be in, with no confidence (column list at
// https://community.opencellid.org/t/documenting-the-columns-in-the-downloadable-cells-database-csv/186).
// The radius answered here is gnsskit's own: a circle around the weighted centre covering every used
// cell's whole range circle, so a covering radius, not a statistical one. Ichnaea does the same for
// cells: a station is a circle just large enough to hold its observations
// (https://ichnaea.readthedocs.io/en/latest/algo/observations.html), the cell radius is answered as the
// accuracy (…/algo/accuracy.html), and its API calls that accuracy 95 % (…/api/geolocate.html). So: 95 %
// when every used cell has a range; unknown when one had none and UNKNOWN_CELL_RANGE_M stood in for it.

import { networkFix } from "./accuracy.js";
import type { CellObservation, CellRadio, NetworkFix, NetworkProvider, NetworkResult, Observations, RadiusConfidence } from "./types.js";
import { distanceM } from "../../geodesy.js";

export interface CellRecord {
  radio: CellRadio;
  mcc: number;
  mnc: number;
  lac: number;
  cellId: number;
  latitudeDeg: number;
  longitudeDeg: number;
  /** OpenCelliD `range`: radius of the area the cell is heard in, metres (undefined when 0 or empty) */
  rangeM?: number;
  samples?: number;
}

const RADIOS: Record<string, CellRadio> = { GSM: "gsm", UMTS: "wcdma", WCDMA: "wcdma", LTE: "lte", NR: "nr", CDMA: "cdma" };
const COLUMNS = ["radio", "mcc", "net", "area", "cell", "unit", "lon", "lat", "range", "samples"] as const;
/** Range assumed for a cell whose `range` is 0 or empty (a macro cell's typical reach). */
export const UNKNOWN_CELL_RANGE_M = 2000;

export interface CellDatabase {
  /** Add CSV text (a header line is recognised and may reorder columns); returns the problems found. */
  addCsv(text: string): string[];
  /** Add one data line (after the header). */
  addLine(line: string): string | undefined;
  readonly size: number;
  lookup(cell: Pick<CellObservation, "radio" | "mcc" | "mnc" | "lac" | "cellId">): CellRecord | undefined;
  /** All cells of an area (LAC/TAC) */
  area(cell: Pick<CellObservation, "radio" | "mcc" | "mnc" | "lac">): CellRecord[];
}

const cellKey = (c: { radio: CellRadio; mcc: number; mnc: number; lac: number; cellId: number }): string => `${c.radio}/${c.mcc}/${c.mnc}/${c.lac}/${c.cellId}`;
const areaKey = (c: { radio: CellRadio; mcc: number; mnc: number; lac: number }): string => `${c.radio}/${c.mcc}/${c.mnc}/${c.lac}`;

export function createCellDatabase(): CellDatabase {
  const cells = new Map<string, CellRecord>();
  const areas = new Map<string, CellRecord[]>();
  let columns: Record<(typeof COLUMNS)[number], number> = Object.fromEntries(COLUMNS.map((c, i) => [c, i])) as Record<(typeof COLUMNS)[number], number>;
  let lineNumber = 0;

  const addLine = (line: string): string | undefined => {
    lineNumber++;
    const text = line.trim();
    if (text === "" || text.startsWith("#")) return undefined;
    const fields = text.split(",").map((f) => f.trim());
    if (fields[0]?.toLowerCase() === "radio") {
      const header = fields.map((f) => f.toLowerCase());
      const missing = COLUMNS.filter((c) => c !== "unit" && c !== "samples" && !header.includes(c));
      if (missing.length > 0) return `line ${lineNumber}: header lacks ${missing.join(", ")}`;
      columns = Object.fromEntries(COLUMNS.map((c) => [c, header.indexOf(c)])) as typeof columns;
      return undefined;
    }
    const get = (c: (typeof COLUMNS)[number]): string => (columns[c] < 0 ? "" : (fields[columns[c]] ?? ""));
    const radio = RADIOS[get("radio").toUpperCase()];
    if (radio === undefined) return `line ${lineNumber}: unknown radio "${get("radio")}"`;
    const int = (c: (typeof COLUMNS)[number]): number | undefined => (/^\d+$/.test(get(c)) ? Number(get(c)) : undefined);
    const num = (c: (typeof COLUMNS)[number]): number | undefined => (get(c) === "" ? undefined : Number.isFinite(Number(get(c))) ? Number(get(c)) : undefined);
    const mcc = int("mcc");
    const mnc = int("net");
    const lac = int("area");
    const cellId = int("cell");
    const lon = num("lon");
    const lat = num("lat");
    if (mcc === undefined || mnc === undefined || lac === undefined || cellId === undefined)
      return `line ${lineNumber}: mcc/net/area/cell must be whole numbers`;
    if (lat === undefined || lon === undefined || Math.abs(lat) > 90 || Math.abs(lon) > 180) return `line ${lineNumber}: bad lat/lon`;
    const record: CellRecord = { radio, mcc, mnc, lac, cellId, latitudeDeg: lat, longitudeDeg: lon };
    const range = num("range");
    if (range !== undefined && range > 0) record.rangeM = range;
    const samples = int("samples");
    if (samples !== undefined) record.samples = samples;
    const key = cellKey(record);
    const previous = cells.get(key);
    cells.set(key, record);
    const list = areas.get(areaKey(record)) ?? [];
    if (previous !== undefined) list.splice(list.indexOf(previous), 1);
    list.push(record);
    areas.set(areaKey(record), list);
    return undefined;
  };

  return {
    addCsv(text) {
      const problems: string[] = [];
      for (const line of text.split(/\r?\n/)) {
        const problem = addLine(line);
        if (problem !== undefined) problems.push(problem);
      }
      return problems;
    },
    addLine,
    get size() {
      return cells.size;
    },
    lookup: (cell) => cells.get(cellKey(cell)),
    area: (cell) => areas.get(areaKey(cell)) ?? [],
  };
}

/** Confidence of a covering radius: 95 % (as Ichnaea reads a cell's radius) unless a range was guessed. */
function coveringConfidence(records: readonly CellRecord[]): RadiusConfidence {
  return records.every((r) => r.rangeM !== undefined) ? 0.95 : "unknown";
}

/**
 * Weighted centre of cells, with a radius that covers every cell's own range around it (the fix's
 * `providerAccuracyM`; `accuracyM` is its 95 % radius, see the file comment).
 */
export function combineCells(records: readonly CellRecord[]): NetworkFix | undefined {
  if (records.length === 0) return undefined;
  const [only] = records;
  if (records.length === 1 && only !== undefined)
    return networkFix(only.latitudeDeg, only.longitudeDeg, only.rangeM ?? UNKNOWN_CELL_RANGE_M, coveringConfidence(records));
  let wSum = 0;
  let lat = 0;
  let lon = 0;
  for (const r of records) {
    const w = 1 / (r.rangeM ?? UNKNOWN_CELL_RANGE_M) ** 2;
    wSum += w;
    lat += w * r.latitudeDeg;
    lon += w * r.longitudeDeg;
  }
  lat /= wSum;
  lon /= wSum;
  const coveringM = Math.max(...records.map((r) => distanceM({ latitudeDeg: lat, longitudeDeg: lon }, r) + (r.rangeM ?? UNKNOWN_CELL_RANGE_M)));
  return networkFix(lat, lon, coveringM, coveringConfidence(records));
}

export interface CellDatabaseProviderOptions {
  database: CellDatabase;
  /** Shown in messages, e.g. the CSV file name. */
  label?: string;
}

export function createCellDatabaseProvider(options: CellDatabaseProviderOptions): NetworkProvider {
  const name = `opencellid ${options.label ?? "database"}`;
  return {
    name,
    async locate(observations: Observations): Promise<NetworkResult> {
      const notes: string[] = [];
      if (observations.wifi.length > 0) {
        notes.push(
          `${observations.wifi.length} Wi-Fi access point${observations.wifi.length === 1 ? "" : "s"} ignored: OpenCelliD-format databases hold cells only`,
        );
      }
      const base = { provider: name, notes, bytesSent: 0, bytesReceived: 0, durationMs: 0 };
      if (observations.cells.length === 0) {
        return {
          ...base,
          ok: false,
          error: { kind: "no-observations", message: `${name}: no cell observations (Wi-Fi cannot be looked up in a cell database)` },
        };
      }
      const known = observations.cells.map((c) => options.database.lookup(c)).filter((r): r is CellRecord => r !== undefined);
      const exact = combineCells(known);
      if (exact !== undefined) {
        if (known.length < observations.cells.length)
          notes.push(`${observations.cells.length - known.length} of ${observations.cells.length} cells not in the database`);
        return { ...base, ok: true, fix: exact };
      }
      const areaCells = observations.cells.flatMap((c) => options.database.area(c));
      const area = combineCells(areaCells);
      if (area !== undefined) {
        notes.push(`no observed cell is in the database; centre of ${areaCells.length} known cell${areaCells.length === 1 ? "" : "s"} of the same area`);
        return { ...base, ok: true, fix: { ...area, fallback: "lacf" } };
      }
      const shown = observations.cells.map((c) => `${c.radio} ${c.mcc}/${c.mnc} LAC ${c.lac} CID ${c.cellId}`).join("; ");
      return { ...base, ok: false, error: { kind: "not-found", message: `${name}: none of the cells is in the database (${shown})` } };
    },
  };
}
