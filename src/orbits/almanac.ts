// Almanac files: YUMA and SEM (domain.md §6.2), read tolerantly and written back as YUMA.
// Real files vary: spacing, exponent notation, missing PRNs, unhealthy satellites (health 063), full or 10-bit
// weeks. Parsing never throws: what cannot be read becomes a line in `problems` and the record is skipped.

import type { Constellation } from "../types.js";
import { GPS_EPOCH_MS, GPS_WEEK_MS } from "../gps-time.js";

/** One satellite's almanac: Keplerian elements referenced to GPS time (IS-GPS-200 almanac subset). */
export interface AlmanacRecord {
  constellation: Constellation;
  /** Id within the constellation (GPS PRN, GLONASS slot, Galileo E-number, SBAS PRN 120..158, QZSS 1..10) */
  svid: number;
  healthy: boolean;
  /** Health code as written in the file (0 = usable) */
  healthCode: number;
  /** Full GPS week of the time of applicability (10-bit weeks resolved, see resolveGpsWeek) */
  week: number;
  /** Time of applicability, seconds into `week` */
  toaS: number;
  eccentricity: number;
  inclinationRad: number;
  /** Rate of right ascension Ω̇ */
  rightAscensionRateRadPerS: number;
  /** √A */
  sqrtSemiMajorAxisSqrtM: number;
  /** Ω0: longitude of the ascending node at the start of the week */
  rightAscensionAtWeekRad: number;
  argumentOfPerigeeRad: number;
  meanAnomalyRad: number;
  /** Clock bias */
  af0S: number;
  /** Clock drift */
  af1SPerS: number;
}

export interface AlmanacParseResult {
  records: AlmanacRecord[];
  problems: string[];
}

export interface AlmanacParseOptions {
  /**
   * A time near the almanac's (UTC ms since 1970), used to resolve a 10-bit week to the nearest full week.
   * Without it a 10-bit week is placed in the current rollover era (weeks 2048..3071, 2019-04-07 to 2038-11-20).
   */
  referenceTimeMs?: number;
}

/**
 * A receiver reads the broadcast almanac in 12.5 min: 25 pages, one per 30 s frame (domain.md §2.1). Until then
 * a receiver that started without one cannot predict the satellites it does not track.
 */
export const ALMANAC_CYCLE_MS = 750_000;

const CURRENT_ERA_FIRST_WEEK = 2048;

/** SVID ranges accepted per constellation (domain.md §1.5; QZSS as 1..10, PRN 193..202 mapped down). */
const SVID_RANGES: Record<Constellation, [number, number]> = {
  gps: [1, 63],
  sbas: [120, 158],
  glonass: [1, 32],
  galileo: [1, 50],
  beidou: [1, 63],
  qzss: [1, 10],
  navic: [1, 14],
};

const CONSTELLATIONS: readonly Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];

/** Resolves a GPS week number that may be 10-bit (< 1024) to a full week. Full weeks pass unchanged. */
export function resolveGpsWeek(week: number, referenceTimeMs?: number): number {
  if (week >= 1024) return week;
  if (referenceTimeMs === undefined) return week + CURRENT_ERA_FIRST_WEEK;
  const referenceWeek = (referenceTimeMs - GPS_EPOCH_MS) / GPS_WEEK_MS;
  const eras = Math.round((referenceWeek - week) / 1024);
  return week + 1024 * Math.max(0, eras);
}

/** Maps an almanac's satellite number to the constellation's svid; QZSS almanacs number by PRN (193..202). */
function svidFromAlmanacId(constellation: Constellation, id: number): number {
  if (constellation === "qzss" && id >= 193) return id - 192;
  return id;
}

/** The number the almanac file uses for a satellite (inverse of svidFromAlmanacId). */
function almanacIdFromSvid(constellation: Constellation, svid: number): number {
  return constellation === "qzss" ? svid + 192 : svid;
}

function parseConstellation(text: string): Constellation | undefined {
  const name = text.trim().toLowerCase();
  return (CONSTELLATIONS as readonly string[]).includes(name) ? (name as Constellation) : undefined;
}

/** A `# constellation: glonass` header line, as the bundled almanacs carry. */
function headerConstellation(text: string, problems: string[]): Constellation | undefined {
  const match = /^\s*#\s*constellation\s*:\s*(\S+)/im.exec(text);
  if (!match?.[1]) return undefined;
  const constellation = parseConstellation(match[1]);
  if (!constellation) problems.push(`unknown constellation in header: "${match[1]}"`);
  return constellation;
}

/** Parses a number as almanacs write it: `0.1604127884E-001`, `-1.204976738`, `589824.0000`. */
function parseNumber(text: string | undefined): number | undefined {
  if (text === undefined) return undefined;
  const cleaned = text.trim().replace(/[dD]/, "E");
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(cleaned)) return undefined;
  const value = Number(cleaned);
  return Number.isFinite(value) ? value : undefined;
}

type YumaField =
  | "id"
  | "health"
  | "eccentricity"
  | "toa"
  | "inclination"
  | "rightAscensionRate"
  | "sqrtA"
  | "rightAscensionAtWeek"
  | "argumentOfPerigee"
  | "meanAnomaly"
  | "af0"
  | "af1"
  | "week";

/** Field labels by their letters only, lower-case (`Rate of Right Ascen(r/s)` → `rateofrightascenrs`). */
const YUMA_LABELS: Array<[prefix: string, field: YumaField]> = [
  ["id", "id"],
  ["prn", "id"],
  ["health", "health"],
  ["eccentricity", "eccentricity"],
  ["timeofapplicability", "toa"],
  ["orbitalinclination", "inclination"],
  ["rateofrightascen", "rightAscensionRate"],
  ["sqrta", "sqrtA"],
  ["rightascenatweek", "rightAscensionAtWeek"],
  ["argumentofperigee", "argumentOfPerigee"],
  ["meananom", "meanAnomaly"],
  ["af0", "af0"],
  ["af1", "af1"],
  ["week", "week"],
];

const YUMA_FIELD_NAMES: Record<YumaField, string> = {
  id: "ID",
  health: "Health",
  eccentricity: "Eccentricity",
  toa: "Time of Applicability",
  inclination: "Orbital Inclination",
  rightAscensionRate: "Rate of Right Ascen",
  sqrtA: "SQRT(A)",
  rightAscensionAtWeek: "Right Ascen at Week",
  argumentOfPerigee: "Argument of Perigee",
  meanAnomaly: "Mean Anom",
  af0: "Af0",
  af1: "Af1",
  week: "week",
};

function yumaField(label: string): YumaField | undefined {
  const letters = label.toLowerCase().replace(/[^a-z0-9]/g, "");
  for (const [prefix, field] of YUMA_LABELS) {
    if (letters.startsWith(prefix)) return field;
  }
  return undefined;
}

/** Checks the elements every record needs to propagate; returns the reason it cannot, or undefined. */
function implausibility(record: AlmanacRecord): string | undefined {
  if (!(record.eccentricity >= 0 && record.eccentricity < 1)) return `eccentricity ${record.eccentricity} outside [0, 1)`;
  if (!(record.sqrtSemiMajorAxisSqrtM > 2000)) return `SQRT(A) ${record.sqrtSemiMajorAxisSqrtM} m^1/2 is below the Earth's surface`;
  if (!(record.toaS >= 0 && record.toaS <= 604_800)) return `time of applicability ${record.toaS} s outside the week`;
  if (!(Math.abs(record.inclinationRad) <= Math.PI)) return `inclination ${record.inclinationRad} rad out of range`;
  const [low, high] = SVID_RANGES[record.constellation];
  if (record.svid < low || record.svid > high) return `svid ${record.svid} outside ${record.constellation} range ${low}..${high}`;
  return undefined;
}

function addRecord(records: AlmanacRecord[], problems: string[], record: AlmanacRecord, where: string): void {
  const reason = implausibility(record);
  if (reason) {
    problems.push(`${where}: ${reason}; record skipped`);
    return;
  }
  if (records.some((r) => r.constellation === record.constellation && r.svid === record.svid)) {
    problems.push(`${where}: duplicate ${record.constellation} svid ${record.svid}; the first record is kept`);
    return;
  }
  records.push(record);
}

/**
 * Parses a YUMA almanac (one block per satellite, `Label: value` lines). The constellation comes from the
 * argument, else a `# constellation: NAME` header line, else GPS.
 */
export function parseYumaAlmanac(text: string, constellation?: Constellation, options: AlmanacParseOptions = {}): AlmanacParseResult {
  const problems: string[] = [];
  const records: AlmanacRecord[] = [];
  const system = constellation ?? headerConstellation(text, problems) ?? "gps";

  const blocks: Array<{ line: number; fields: Map<YumaField, string> }> = [];
  let current: { line: number; fields: Map<YumaField, string> } | undefined;
  const lines = text.split(/\r?\n|\r/);
  lines.forEach((rawLine, index) => {
    const line = rawLine.trim();
    if (line === "" || line.startsWith("#")) return;
    if (line.startsWith("*")) {
      current = undefined;
      return;
    }
    const colon = line.indexOf(":");
    if (colon < 0) {
      problems.push(`line ${index + 1}: not a "Label: value" line: "${line.slice(0, 60)}"`);
      return;
    }
    const field = yumaField(line.slice(0, colon));
    if (!field) {
      problems.push(`line ${index + 1}: unknown field "${line.slice(0, colon).trim()}"`);
      return;
    }
    if (field === "id" || !current) {
      current = { line: index + 1, fields: new Map() };
      blocks.push(current);
    }
    if (current.fields.has(field)) problems.push(`line ${index + 1}: ${YUMA_FIELD_NAMES[field]} repeated; the last value is used`);
    current.fields.set(field, line.slice(colon + 1).trim());
  });

  for (const block of blocks) {
    const where = `YUMA record at line ${block.line}`;
    const values = new Map<YumaField, number>();
    const missing: string[] = [];
    const unreadable: string[] = [];
    for (const field of Object.keys(YUMA_FIELD_NAMES) as YumaField[]) {
      const raw = block.fields.get(field);
      if (raw === undefined) {
        // Clock terms are not needed to place a satellite.
        if (field !== "af0" && field !== "af1") missing.push(YUMA_FIELD_NAMES[field]);
        continue;
      }
      const value = parseNumber(raw);
      if (value === undefined) unreadable.push(`${YUMA_FIELD_NAMES[field]} "${raw}"`);
      else values.set(field, value);
    }
    if (missing.length > 0 || unreadable.length > 0) {
      const parts = [missing.length > 0 ? `missing ${missing.join(", ")}` : "", unreadable.length > 0 ? `unreadable ${unreadable.join(", ")}` : ""].filter(
        (p) => p !== "",
      );
      problems.push(`${where}: ${parts.join("; ")}; record skipped`);
      continue;
    }
    const get = (field: YumaField): number => values.get(field) ?? 0;
    const healthCode = Math.trunc(get("health"));
    addRecord(
      records,
      problems,
      {
        constellation: system,
        svid: svidFromAlmanacId(system, Math.trunc(get("id"))),
        healthy: healthCode === 0,
        healthCode,
        week: resolveGpsWeek(Math.trunc(get("week")), options.referenceTimeMs),
        toaS: get("toa"),
        eccentricity: get("eccentricity"),
        inclinationRad: get("inclination"),
        rightAscensionRateRadPerS: get("rightAscensionRate"),
        sqrtSemiMajorAxisSqrtM: get("sqrtA"),
        rightAscensionAtWeekRad: get("rightAscensionAtWeek"),
        argumentOfPerigeeRad: get("argumentOfPerigee"),
        meanAnomalyRad: get("meanAnomaly"),
        af0S: get("af0"),
        af1SPerS: get("af1"),
      },
      where,
    );
  }
  if (records.length === 0 && problems.length === 0) problems.push("no almanac records found");
  return { records, problems };
}

const SEMICIRCLE = Math.PI;
/** SEM inclinations are offsets from i0 = 0.30 semicircles (IS-GPS-200). */
const SEM_REFERENCE_INCLINATION_SEMICIRCLES = 0.3;
/** PRN, SVN, URA, e, δi, Ω̇, √A, Ω0, ω, M0, af0, af1, health, configuration */
const SEM_VALUES_PER_RECORD = 14;

/**
 * Parses a SEM almanac: a header (`count title`, then `week toa`) and one block of 14 numbers per satellite,
 * angles in semicircles. The constellation comes from the argument, a `# constellation:` line, else GPS.
 */
export function parseSemAlmanac(text: string, constellation?: Constellation, options: AlmanacParseOptions = {}): AlmanacParseResult {
  const problems: string[] = [];
  const records: AlmanacRecord[] = [];
  const system = constellation ?? headerConstellation(text, problems) ?? "gps";

  const lines = text
    .split(/\r?\n|\r/)
    .map((line, index) => ({ text: line.trim(), number: index + 1 }))
    .filter((line) => !line.text.startsWith("#"));
  const contentLines = lines.filter((line) => line.text !== "");
  const countLine = contentLines[0];
  const weekLine = contentLines[1];
  if (!countLine || !weekLine) {
    return { records, problems: ["SEM almanac: header (record count, week and time of applicability) missing"] };
  }
  const declaredCount = parseNumber(countLine.text.split(/\s+/)[0]);
  const [weekText, toaText] = weekLine.text.split(/\s+/);
  const weekValue = parseNumber(weekText);
  const toaS = parseNumber(toaText);
  if (weekValue === undefined || toaS === undefined) {
    return { records, problems: [`SEM almanac line ${weekLine.number}: expected "week toa", got "${weekLine.text.slice(0, 60)}"`] };
  }
  const week = resolveGpsWeek(Math.trunc(weekValue), options.referenceTimeMs);

  // Records are blocks of numbers separated by blank lines; files without blank lines are cut every 14 numbers.
  const blocks: Array<{ line: number; tokens: string[] }> = [];
  let block: { line: number; tokens: string[] } | undefined;
  for (const line of lines.slice(lines.indexOf(weekLine) + 1)) {
    if (line.text === "") {
      block = undefined;
      continue;
    }
    if (!block) {
      block = { line: line.number, tokens: [] };
      blocks.push(block);
    }
    block.tokens.push(...line.text.split(/\s+/));
  }
  for (const { line, tokens } of blocks) {
    if (tokens.length % SEM_VALUES_PER_RECORD !== 0) {
      problems.push(`SEM record at line ${line}: ${tokens.length} values, expected ${SEM_VALUES_PER_RECORD}; skipped`);
      continue;
    }
    for (let start = 0; start < tokens.length; start += SEM_VALUES_PER_RECORD) {
      const where = `SEM record at line ${line}`;
      const numbers = tokens.slice(start, start + SEM_VALUES_PER_RECORD).map(parseNumber);
      const bad = numbers.findIndex((n) => n === undefined);
      if (bad >= 0) {
        problems.push(`${where}: unreadable value "${tokens[start + bad] ?? ""}"; record skipped`);
        continue;
      }
      const v = (index: number): number => numbers[index] ?? 0;
      const healthCode = Math.trunc(v(12));
      addRecord(
        records,
        problems,
        {
          constellation: system,
          svid: svidFromAlmanacId(system, Math.trunc(v(0))),
          healthy: healthCode === 0,
          healthCode,
          week,
          toaS,
          eccentricity: v(3),
          inclinationRad: (SEM_REFERENCE_INCLINATION_SEMICIRCLES + v(4)) * SEMICIRCLE,
          rightAscensionRateRadPerS: v(5) * SEMICIRCLE,
          sqrtSemiMajorAxisSqrtM: v(6),
          rightAscensionAtWeekRad: v(7) * SEMICIRCLE,
          argumentOfPerigeeRad: v(8) * SEMICIRCLE,
          meanAnomalyRad: v(9) * SEMICIRCLE,
          af0S: v(10),
          af1SPerS: v(11),
        },
        where,
      );
    }
  }
  if (declaredCount !== undefined && declaredCount !== records.length + problems.filter((p) => p.startsWith("SEM record")).length) {
    problems.push(`SEM almanac: header announces ${declaredCount} records, ${records.length} read`);
  }
  if (records.length === 0 && problems.length === 0) problems.push("no almanac records found");
  return { records, problems };
}

/** Detects YUMA (`Label: value` lines) or SEM (numbers only) and parses accordingly. */
export function parseAlmanac(text: string, options: AlmanacParseOptions = {}): AlmanacParseResult {
  const content = text
    .split(/\r?\n|\r/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"));
  if (content.length === 0) return { records: [], problems: ["empty almanac: no records"] };
  if (content.some((line) => /^(ID|PRN)\s*:/i.test(line) || /almanac for/i.test(line))) {
    return parseYumaAlmanac(text, undefined, options);
  }
  if (/^\d+(\s+\S.*)?$/.test(content[0] ?? "") && /^\d+\s+[\d.]+$/.test(content[1] ?? "")) {
    return parseSemAlmanac(text, undefined, options);
  }
  return { records: [], problems: ['not a YUMA or SEM almanac (no "ID:" lines, no SEM header)'] };
}

function yumaNumber(value: number): string {
  // YUMA's look: a mantissa in [0.1, 1) with a three-digit exponent, e.g. 0.1604127884E-001.
  if (value === 0) return " 0.0000000000E+000";
  const exponent = Math.floor(Math.log10(Math.abs(value))) + 1;
  let mantissa = value / 10 ** exponent;
  let shifted = exponent;
  if (Math.abs(mantissa) >= 1) {
    mantissa /= 10;
    shifted += 1;
  }
  const sign = mantissa < 0 ? "-" : " ";
  const expSign = shifted < 0 ? "-" : "+";
  return `${sign}${Math.abs(mantissa).toFixed(10)}E${expSign}${String(Math.abs(shifted)).padStart(3, "0")}`;
}

function fixed(value: number, digits: number): string {
  return `${value < 0 ? "" : " "}${value.toFixed(digits)}`;
}

/** Writes records as a YUMA almanac (the 10-bit week, as real files do), after optional `#` header lines. */
export function formatYumaAlmanac(records: AlmanacRecord[], headerLines: string[] = []): string {
  const out: string[] = headerLines.map((line) => `# ${line}`.trimEnd());
  if (out.length > 0) out.push("");
  for (const r of records) {
    const id = almanacIdFromSvid(r.constellation, r.svid);
    const week10 = r.week % 1024;
    const label = String(id).padStart(2, "0");
    out.push(
      `******** Week ${week10} almanac for PRN-${label} ********`,
      `ID:                         ${label}`,
      `Health:                     ${String(r.healthCode).padStart(3, "0")}`,
      `Eccentricity:              ${yumaNumber(r.eccentricity)}`,
      `Time of Applicability(s):  ${fixed(r.toaS, 4)}`,
      `Orbital Inclination(rad):  ${fixed(r.inclinationRad, 10)}`,
      `Rate of Right Ascen(r/s):  ${yumaNumber(r.rightAscensionRateRadPerS)}`,
      `SQRT(A)  (m 1/2):          ${fixed(r.sqrtSemiMajorAxisSqrtM, 6)}`,
      `Right Ascen at Week(rad):  ${yumaNumber(r.rightAscensionAtWeekRad)}`,
      `Argument of Perigee(rad):  ${fixed(r.argumentOfPerigeeRad, 9)}`,
      `Mean Anom(rad):            ${yumaNumber(r.meanAnomalyRad)}`,
      `Af0(s):                    ${yumaNumber(r.af0S)}`,
      `Af1(s/s):                  ${yumaNumber(r.af1SPerS)}`,
      `week:                       ${week10}`,
      "",
    );
  }
  return out.join("\n");
}
