// The epochs of a fixture log, through the real pipeline (openGps over an in-memory source), as
// `gnsskit decode` sees them.

import { readFileSync } from "node:fs";
import { openGps } from "../../src/gps.js";
import { createReportBuilder, type Report } from "../../src/output/report/index.js";
import type { Epoch, GpsEvent } from "../../src/types.js";
import { memorySource } from "../_memory-source.js";
import { createCsvWriter } from "../../src/output/csv.js";
import { writeAll } from "./epochs.js";

type Fixture = { file: string } | { text: string };

const bytesOf = (fixture: Fixture): Uint8Array =>
  "file" in fixture ? new Uint8Array(readFileSync(new URL(`../../fixtures/${fixture.file}`, import.meta.url))) : new TextEncoder().encode(fixture.text);

/** A fixture's text without the lines `drop` picks (a log as a receiver sending fewer sentences would have it). */
export function fixtureWithout(file: string, drop: (line: string) => boolean): { text: string } {
  const text = readFileSync(new URL(`../../fixtures/${file}`, import.meta.url), "latin1");
  return {
    text: text
      .split("\n")
      .filter((line) => !drop(line))
      .join("\n"),
  };
}

/** `fixture` is a file name under fixtures/, or the log's text itself. */
export async function epochsOfLog(fixture: Fixture): Promise<Epoch[]> {
  const epochs: Epoch[] = [];
  for await (const epoch of openGps({ source: memorySource(bytesOf(fixture)) }).epochs()) epochs.push(epoch);
  return epochs;
}

/** Every event but frames, as `gnsskit report` feeds its builder. */
export async function eventsOfLog(fixture: Fixture): Promise<GpsEvent[]> {
  const events: GpsEvent[] = [];
  for await (const event of openGps({ source: memorySource(bytesOf(fixture)) }).events()) if (event.type !== "frame") events.push(event);
  return events;
}

/** The report `gnsskit report` makes of these events. */
export function reportOfEvents(events: Iterable<GpsEvent>): Report {
  const builder = createReportBuilder();
  for (const event of events) builder.add(event);
  return builder.result();
}

/** How many of the epoch's satellites each constellation has (only those used in the fix, when `usedOnly`). */
export function satellitesByConstellation(epoch: Epoch, usedOnly: boolean): Record<string, number> {
  const out: Record<string, number> = {};
  for (const s of epoch.satellites.satellites) if (!usedOnly || s.usedInFix) out[s.constellation] = (out[s.constellation] ?? 0) + 1;
  return out;
}

/** The csv writer's rows of `epochs`, split into fields, and a field of a row by its column name. */
export function csvRowsOf(epochs: Epoch[]): { rows: string[][]; field: (row: string[], name: string) => string | undefined } {
  const [header = [], ...rows] = writeAll(createCsvWriter(), epochs)
    .trim()
    .split("\r\n")
    .map((r) => r.split(","));
  return { rows, field: (row, name) => row[header.indexOf(name)] };
}
