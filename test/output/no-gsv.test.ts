// A receiver that sends no GSV: its satellites tracked and in view are unknown, and the exports say so
// (an empty CSV field, no GeoJSON property), not 0. Checked on a real log with its GSV lines removed.
import { readFileSync } from "node:fs";
import { describe, it, expect } from "vitest";
import { CSV_COLUMNS, createCsvWriter } from "../../src/output/csv.js";
import { createGeoJsonWriter } from "../../src/output/geojson.js";
import { hasPosition } from "../../src/output/export-format.js";
import type { Epoch } from "../../src/types.js";
import { writeAll } from "./epochs.js";
import { epochsOfLog } from "./log-epochs.js";

const log = readFileSync(new URL("../../fixtures/sim-tunnel.nmea", import.meta.url), "utf8");
const without = (pattern: RegExp): string =>
  log
    .split("\n")
    .filter((line) => !pattern.test(line))
    .join("\n");

function csvColumn(epochs: Epoch[], name: string): string[] {
  const rows = writeAll(createCsvWriter({ lineEnding: "\n" }), epochs)
    .trimEnd()
    .split("\n")
    .slice(1);
  return rows.map((row) => row.split(",")[CSV_COLUMNS.indexOf(name)]!);
}

function geoJsonPoints(epochs: Epoch[]): Record<string, unknown>[] {
  const doc = JSON.parse(writeAll(createGeoJsonWriter({ points: true }), epochs)) as { features: { properties: Record<string, unknown> }[] };
  return doc.features.map((f) => f.properties);
}

describe("exports of a log without GSV", async () => {
  const cases = [
    { name: "GGA, GSA and RMC, no GSV", epochs: await epochsOfLog({ text: without(/^\$..GSV,/) }), gsv: false },
    { name: "GGA and RMC only", epochs: await epochsOfLog({ text: without(/^\$..(GSV|GSA),/) }), gsv: false },
    { name: "the same log with its GSV", epochs: await epochsOfLog({ text: log }), gsv: true },
  ];

  it.each(cases)("$name: satellites tracked and in view in CSV", ({ epochs, gsv }) => {
    expect(epochs.filter(hasPosition).length).toBeGreaterThan(100);
    const tracked = csvColumn(epochs, "satellitesTracked");
    const inView = csvColumn(epochs, "satellitesInView");
    const used = csvColumn(epochs, "satellitesUsed");
    expect(used.filter((u) => u !== "").length).toBeGreaterThan(100); // GGA/GSA still count the used ones
    if (gsv) {
      expect(tracked).toEqual(epochs.map((e) => String(e.satellites.trackedCount)));
      expect(inView).toEqual(epochs.map((e) => String(e.satellites.inViewCount)));
      expect(inView.some((n) => Number(n) > 0)).toBe(true);
    } else {
      expect(epochs.every((e) => e.satellites.inViewCount === 0 && e.satellites.satellites.length === 0)).toBe(true);
      expect(new Set(tracked)).toEqual(new Set([""]));
      expect(new Set(inView)).toEqual(new Set([""]));
    }
  });

  it.each(cases)("$name: satellitesTracked in GeoJSON", ({ epochs, gsv }) => {
    const points = geoJsonPoints(epochs);
    const fixes = epochs.filter(hasPosition);
    expect(points).toHaveLength(fixes.length);
    if (gsv) expect(points.map((p) => p["satellitesTracked"])).toEqual(fixes.map((e) => e.satellites.trackedCount));
    else {
      expect(points.filter((p) => "satellitesTracked" in p)).toEqual([]);
      expect(points.every((p) => typeof p["satellitesUsed"] === "number")).toBe(true);
    }
  });
});
