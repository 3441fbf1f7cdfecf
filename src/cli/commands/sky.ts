// `gnsskit sky`: the satellites an almanac predicts above the horizon for a place and time (what an
// assisted start expects to see). Without --almanac, the bundled nominal constellations.

import { Command } from "commander";
import { CONSTELLATION_NAME, formatCount } from "../../output/format.js";
import { GNSS_ID, gpsdPrn } from "../../output/gpsd.js";
import { loadBundledSky } from "../../node/almanacs.js";
import { createSky, parseAlmanac, type Sky } from "../../orbits/index.js";
import { badArguments } from "../errors.js";
import { GPS_EPOCH_MS, GPS_WEEK_MS } from "../../gps-time.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { optionFileErrorText, readOptionFile } from "../../node/option-file.js";

export interface SkyCommandOptions {
  almanac?: string;
  lat?: string;
  lon?: string;
  alt?: string;
  at?: string;
  mask?: string;
  json?: boolean;
}

export interface SkyJsonSatellite {
  /** gpsd's gnssid: 0 GPS, 1 SBAS, 2 Galileo, 3 BeiDou, 5 QZSS, 6 GLONASS, 7 NavIC */
  gnssid: number;
  svid: number;
  /** gpsd's PRN numbering */
  prn: number;
  elevationDeg: number;
  azimuthDeg: number;
  healthy: boolean;
}

export interface SkyJson {
  time: string;
  satellites: SkyJsonSatellite[];
}

export interface SkyReport {
  /** What goes to stdout (ends with a newline) */
  output: string;
  /** Notes for stderr (almanac problems, an old almanac) */
  warnings: string[];
  json: SkyJson;
}

/** An almanac further than this from the requested time still works, but its positions drift. */
const STALE_ALMANAC_WEEKS = 12;

function parseNumberOption(option: string, text: string | undefined, range: [number, number], what: string): number {
  const value = text === undefined ? Number.NaN : decimalNumber(text);
  if (!Number.isFinite(value) || value < range[0] || value > range[1]) {
    const shown = text === undefined || text.trim() === "" ? '""' : text;
    throw badArguments(`${option} ${shown}: expected ${what} between ${range[0]} and ${range[1]}${shown === '""' ? "" : notDecimalNote(shown)}`);
  }
  return value;
}

/** ISO 8601 time; without a zone designator it is taken as UTC (not the machine's local time). */
export function parseIsoTime(text: string): number | undefined {
  const trimmed = text.trim();
  if (!/^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/i.test(trimmed)) return undefined;
  // Date.parse rolls 2024-02-31 over into March: check the calendar date itself.
  const [year, month, day] = trimmed.slice(0, 10).split("-").map(Number);
  if (year === undefined || month === undefined || day === undefined) return undefined;
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate()) return undefined;
  const withZone = /[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(trimmed) ? `${trimmed.replace(" ", "T")}Z` : trimmed.replace(" ", "T");
  const ms = Date.parse(withZone);
  return Number.isFinite(ms) ? ms : undefined;
}

/** A YUMA/SEM almanac file as a sky; unreadable or empty is exit 2, problems and an old almanac go to `warnings`. */
export function loadAlmanacSky(path: string, timeMs: number, warnings: string[]): Sky {
  let text: string;
  try {
    text = readOptionFile(path).toString("utf8");
  } catch (error) {
    throw badArguments(`--almanac ${path}: cannot read the file (${optionFileErrorText(error)})`);
  }
  const { records, problems } = parseAlmanac(text, { referenceTimeMs: timeMs });
  if (records.length === 0) {
    throw badArguments(`--almanac ${path}: no almanac records${problems[0] ? ` (${problems[0]})` : ""}`);
  }
  if (problems.length > 0) {
    warnings.push(`almanac ${path}: ${formatCount(problems.length, "problem")}, first: ${problems[0] ?? ""}`);
  }
  const toaMs = Math.min(...records.map((r) => GPS_EPOCH_MS + r.week * GPS_WEEK_MS + r.toaS * 1000));
  const ageWeeks = Math.abs(timeMs - toaMs) / GPS_WEEK_MS;
  if (ageWeeks > STALE_ALMANAC_WEEKS) {
    warnings.push(`almanac ${path} is ${Math.round(ageWeeks)} weeks from the requested time: positions are approximate`);
  }
  return createSky(records);
}

function round(value: number, decimals: number): number {
  const factor = 10 ** decimals;
  return Math.round(value * factor) / factor;
}

/** Computes the command's output (no printing), so it can be tested without a process. */
export function skyReport(options: SkyCommandOptions, nowMs: number): SkyReport {
  if (options.lat === undefined) throw badArguments("--lat is required (degrees, north positive)");
  if (options.lon === undefined) throw badArguments("--lon is required (degrees, east positive)");
  const latitudeDeg = parseNumberOption("--lat", options.lat, [-90, 90], "degrees");
  const longitudeDeg = parseNumberOption("--lon", options.lon, [-180, 180], "degrees");
  const altitudeHaeM = options.alt === undefined ? 0 : parseNumberOption("--alt", options.alt, [-1000, 100_000], "metres");
  const maskDeg = options.mask === undefined ? 0 : parseNumberOption("--mask", options.mask, [0, 90], "degrees");
  let timeMs = nowMs;
  if (options.at !== undefined) {
    const parsed = parseIsoTime(options.at);
    if (parsed === undefined) throw badArguments(`--at ${options.at}: expected an ISO 8601 time such as 2024-03-24T20:42:21Z`);
    timeMs = parsed;
  }

  const warnings: string[] = [];
  const sky = options.almanac === undefined ? loadBundledSky() : loadAlmanacSky(options.almanac, timeMs, warnings);
  const satellites = sky.visibleAt(timeMs, { latitudeDeg, longitudeDeg, altitudeHaeM }, maskDeg);
  const json: SkyJson = {
    time: new Date(timeMs).toISOString(),
    satellites: satellites.map((s) => ({
      gnssid: GNSS_ID[s.constellation],
      svid: s.svid,
      prn: gpsdPrn(s.constellation, s.svid),
      elevationDeg: round(s.elevationDeg, 2),
      azimuthDeg: round(s.azimuthDeg, 2),
      healthy: s.healthy,
    })),
  };
  if (options.json) return { output: `${JSON.stringify(json)}\n`, warnings, json };

  const source = options.almanac ?? "bundled nominal constellations";
  const lines = [
    `Sky at ${json.time} from ${latitudeDeg.toFixed(5)}, ${longitudeDeg.toFixed(5)}, ${altitudeHaeM} m` + ` (mask ${maskDeg}°, almanac: ${source})`,
    `${formatCount(satellites.length, "satellite")} above the mask`,
    "",
    `${"GNSS".padEnd(8)}${"SVID".padStart(5)}${"PRN".padStart(5)}${"ELEV".padStart(7)}${"AZIM".padStart(7)}  HEALTH`,
  ];
  for (const s of satellites) {
    lines.push(
      `${CONSTELLATION_NAME[s.constellation].padEnd(8)}${String(s.svid).padStart(5)}${String(gpsdPrn(s.constellation, s.svid)).padStart(5)}` +
        `${s.elevationDeg.toFixed(1).padStart(7)}${s.azimuthDeg.toFixed(1).padStart(7)}  ${s.healthy ? "ok" : "unhealthy"}`,
    );
  }
  return { output: `${lines.join("\n")}\n`, warnings, json };
}

export function register(program: Command): void {
  program
    .command("sky")
    .description("the satellites an almanac predicts above the horizon for a place and time (what an assisted start expects to see)")
    .option("--almanac <FILE>", "YUMA or SEM almanac (default: the bundled nominal GPS, SBAS, Galileo, BeiDou, QZSS, GLONASS constellations)")
    .option("--lat <D>", "latitude, degrees (north positive), required")
    .option("--lon <D>", "longitude, degrees (east positive), required")
    .option("--alt <M>", "height above the WGS-84 ellipsoid, metres (default 0)")
    .option("--at <ISO-TIME>", "time, ISO 8601, UTC unless a zone is given (default: now)")
    .option("--mask <DEG>", "elevation mask, degrees (default 0)")
    .option("--json", "JSON: { time, satellites: [{ gnssid, svid, prn, elevationDeg, azimuthDeg, healthy }] }")
    .action((options: SkyCommandOptions) => {
      const report = skyReport(options, Date.now());
      for (const warning of report.warnings) process.stderr.write(`gnsskit: ${warning}\n`);
      process.stdout.write(report.output);
    });
}
