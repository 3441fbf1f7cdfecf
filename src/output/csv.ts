// CSV export (RFC 4180): a header row, then one row per epoch, fixes or not.
// Position columns stay empty while there is no fix; unknown values are empty fields, never 0 (satellites
// tracked and in view are unknown when the receiver sends no GSV).

import type { Epoch, SatelliteView } from "../types.js";
import type { EpochWriter } from "./writer.js";
import { DECIMALS, altitudeMeasured, formatFixed, formatIsoTime, formatTimeOfDay, hasPosition } from "./export-format.js";

export interface CsvWriterOptions {
  /** Field separator; `,` by default (`;` suits spreadsheets in comma-decimal locales). */
  separator?: "," | ";" | "\t";
  /** Line ending; RFC 4180 says CRLF, the default. */
  lineEnding?: "\r\n" | "\n";
}

interface Column {
  name: string;
  value: (epoch: Epoch, positioned: boolean) => string | undefined;
}

const COLUMNS: readonly Column[] = [
  { name: "time", value: (e) => formatIsoTime(e.timeMs) },
  { name: "timeOfDay", value: (e) => formatTimeOfDay(e.timeOfDayMs) },
  { name: "latitudeDeg", value: (e, p) => (p ? formatFixed(e.latitudeDeg, DECIMALS.degrees) : undefined) },
  { name: "longitudeDeg", value: (e, p) => (p ? formatFixed(e.longitudeDeg, DECIMALS.degrees) : undefined) },
  // a 2D fix's altitude is the height it held, no measurement
  { name: "altitudeMslM", value: (e, p) => (p && altitudeMeasured(e) ? formatFixed(e.altitudeMslM, DECIMALS.metres) : undefined) },
  { name: "altitudeHaeM", value: (e, p) => (p && altitudeMeasured(e) ? formatFixed(e.altitudeHaeM, DECIMALS.metres) : undefined) },
  { name: "speedMps", value: (e, p) => (p ? formatFixed(e.speedMps, DECIMALS.speed) : undefined) },
  { name: "trackTrueDeg", value: (e, p) => (p ? formatFixed(e.trackTrueDeg, DECIMALS.angle) : undefined) },
  { name: "climbMps", value: (e, p) => (p ? formatFixed(e.climbMps, DECIMALS.speed) : undefined) },
  { name: "mode", value: (e) => e.mode },
  { name: "quality", value: (e) => e.quality },
  { name: "fixState", value: (e) => e.fixState.kind },
  { name: "satellitesUsed", value: (e) => formatFixed(e.satellitesUsed, 0) },
  { name: "satellitesTracked", value: (e) => (satelliteCountsKnown(e.satellites) ? formatFixed(e.satellites.trackedCount, 0) : undefined) },
  { name: "satellitesInView", value: (e) => (satelliteCountsKnown(e.satellites) ? formatFixed(e.satellites.inViewCount, 0) : undefined) },
  { name: "hdop", value: (e) => formatFixed(e.dop.hdop, DECIMALS.dop) },
  { name: "vdop", value: (e) => formatFixed(e.dop.vdop, DECIMALS.dop) },
  { name: "pdop", value: (e) => formatFixed(e.dop.pdop, DECIMALS.dop) },
  { name: "ephM", value: (e, p) => (p ? formatFixed(e.ephM, DECIMALS.metres) : undefined) },
  { name: "epvM", value: (e, p) => (p ? formatFixed(e.epvM, DECIMALS.metres) : undefined) },
  { name: "dgpsAgeS", value: (e) => formatFixed(e.dgpsAgeS, DECIMALS.seconds) },
  { name: "dgpsStationId", value: (e) => e.dgpsStationId },
  // a compass's or antenna pair's, with or without a fix (HDT, THS, ROT, PSTI,036)
  { name: "headingTrueDeg", value: (e) => formatFixed(e.headingTrueDeg, DECIMALS.angle) },
  { name: "rateOfTurnDegPerMin", value: (e) => formatFixed(e.rateOfTurnDegPerMin, DECIMALS.angle) },
  { name: "pitchDeg", value: (e) => formatFixed(e.pitchDeg, DECIMALS.angle) },
  { name: "rollDeg", value: (e) => formatFixed(e.rollDeg, DECIMALS.angle) },
];

/** The CSV header's column names, in order. */
export const CSV_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);

/**
 * Whether a view's tracked and in-view counts mean anything: a receiver that sends no GSV (nor NAV-SAT) leaves
 * the view empty (nothing listed, none in view), and its counts of 0 are then unknown, not zero. The exports and
 * the monitor read it alike.
 */
export function satelliteViewKnown(view: SatelliteView): boolean {
  return view.inViewCount > 0 || view.satellites.length > 0;
}

/**
 * Whether the tracked and in-view counts are the receiver's: a view is known, and complete (a receiver that sends its
 * GSV list a page a cycle, before a rotation is complete, or one whose pages did not all come, lists fewer than it
 * has: its counts would be lower bounds, so they are not measured).
 */
export function satelliteCountsKnown(view: SatelliteView): boolean {
  return satelliteViewKnown(view) && view.incomplete !== true;
}

/** RFC 4180: quote a field that holds the separator, a quote, CR or LF; double inner quotes. */
export function quoteCsvField(field: string, separator = ","): string {
  return field.includes(separator) || /["\r\n]/.test(field) ? `"${field.replace(/"/g, '""')}"` : field;
}

export function createCsvWriter(options: CsvWriterOptions = {}): EpochWriter {
  const separator = options.separator ?? ",";
  const lineEnding = options.lineEnding ?? "\r\n";
  const row = (fields: readonly string[]): string => fields.map((f) => quoteCsvField(f, separator)).join(separator) + lineEnding;
  return {
    header: () => row(CSV_COLUMNS),
    epoch: (epoch) => {
      const positioned = hasPosition(epoch);
      return row(COLUMNS.map((c) => c.value(epoch, positioned) ?? ""));
    },
    footer: () => "",
  };
}
