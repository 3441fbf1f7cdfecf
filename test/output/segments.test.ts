// One segmentation rule for GPX, GeoJSON and KML: a segment is a run of consecutive epochs with a
// position, a fix loss ends it, a 2D/3D change does not. Checked on a real log through the pipeline.
import { describe, it, expect } from "vitest";
import { XMLParser } from "fast-xml-parser";
import { createGeoJsonWriter } from "../../src/output/geojson.js";
import { createGpxWriter } from "../../src/output/gpx.js";
import { createKmlWriter } from "../../src/output/kml.js";
import { hasPosition } from "../../src/output/export-format.js";
import type { Epoch } from "../../src/types.js";
import { writeAll } from "./epochs.js";
import { epochsOfLog } from "./log-epochs.js";

const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["trkseg", "trkpt", "Placemark"].includes(name) });

/** Fix counts of the runs of consecutive positioned epochs, computed from the epochs themselves. */
function runsOf(epochs: readonly Epoch[]): number[] {
  const runs: number[] = [];
  let run = 0;
  for (const epoch of epochs) {
    if (hasPosition(epoch)) run++;
    else if (run > 0) [runs[runs.length], run] = [run, 0];
  }
  if (run > 0) runs.push(run);
  return runs;
}

function gpxSegments(epochs: Epoch[]): number[] {
  const gpx = xml.parse(writeAll(createGpxWriter(), epochs)).gpx;
  return (gpx.trk.trkseg as { trkpt: unknown[] }[]).map((s) => s.trkpt.length);
}

function geoJsonFeatures(epochs: Epoch[]): { type: string; coordinates: number[][] }[] {
  const doc = JSON.parse(writeAll(createGeoJsonWriter({ maxLinePoints: 100_000 }), epochs)) as {
    features: { geometry: { type: string; coordinates: number[] | number[][] } }[];
  };
  return doc.features.map(({ geometry }) => ({
    type: geometry.type,
    coordinates: geometry.type === "Point" ? [geometry.coordinates as number[]] : (geometry.coordinates as number[][]),
  }));
}

interface Placemark {
  LineString?: { altitudeMode: string; coordinates: string };
  Point?: { altitudeMode: string; coordinates: string };
}
function kmlPlacemarks(epochs: Epoch[]): { altitudeMode: string; tuples: number[][] }[] {
  const placemarks = (xml.parse(writeAll(createKmlWriter(), epochs)).kml.Document.Placemark ?? []) as Placemark[];
  return placemarks.map((p) => {
    const geometry = p.LineString ?? p.Point!;
    return {
      altitudeMode: geometry.altitudeMode,
      tuples: String(geometry.coordinates)
        .trim()
        .split(/\s+/)
        .map((t) => t.split(",").map(Number)),
    };
  });
}

describe("GPX, GeoJSON and KML segments on fixtures/sim-tunnel.nmea", async () => {
  const epochs = await epochsOfLog({ file: "sim-tunnel.nmea" });
  const runs = runsOf(epochs);
  const firstFix = epochs.findIndex(hasPosition);

  it("the log has a 2D fix followed by 3D ones in the same run, and a fix loss", () => {
    expect(epochs[firstFix]!.mode).toBe("2d");
    expect(epochs[firstFix]!.altitudeMslM).toBeUndefined();
    expect(epochs[firstFix + 1]!.mode).toBe("3d");
    expect(runs.length).toBe(2);
  });

  it("the three formats cut the same segments, with the same fixes", () => {
    expect(gpxSegments(epochs)).toEqual(runs);
    expect(geoJsonFeatures(epochs).map((f) => f.coordinates.length)).toEqual(runs);
    expect(kmlPlacemarks(epochs).map((p) => p.tuples.length)).toEqual(runs);
  });

  it("KML draws the 2D fix of a 3D segment at the segment's first known MSL altitude, absolute", () => {
    const [first] = kmlPlacemarks(epochs);
    expect(first!.altitudeMode).toBe("absolute");
    expect(first!.tuples.every((t) => t.length === 3)).toBe(true);
    expect(first!.tuples[0]![2]).toBeCloseTo(epochs[firstFix + 1]!.altitudeMslM!, 3);
    expect(first!.tuples[1]![2]).toBeCloseTo(epochs[firstFix + 1]!.altitudeMslM!, 3);
  });

  it("GeoJSON positions of one feature all have the same dimension", () => {
    const features = geoJsonFeatures(epochs);
    for (const f of features) expect(new Set(f.coordinates.map((p) => p.length)).size).toBe(1);
    // The first segment holds the 2D fix without a height: two dimensions; the second is all 3D.
    expect(features[0]!.coordinates[0]).toHaveLength(2);
    expect(features[1]!.coordinates[0]).toHaveLength(3);
    const secondStart = epochs.findIndex((e, i) => i > firstFix + runs[0]! && hasPosition(e));
    expect(features[1]!.coordinates[0]![2]).toBeCloseTo(epochs[secondStart]!.altitudeHaeM ?? NaN, 3);
  });
});
