import { describe, it, expect } from "vitest";
import { createGeoJsonWriter } from "../../src/output/geojson.js";
import { drive, makeEpoch, writeAll } from "./epochs.js";

type Position = number[];
interface Feature {
  type: string;
  geometry: { type: string; coordinates: Position | Position[] };
  properties: Record<string, unknown> & { points?: Record<string, unknown>[] };
}

/** RFC 7946 rules the output must keep; returns the features. */
function checkRfc7946(text: string): Feature[] {
  expect(text).not.toMatch(/null|NaN|Infinity|undefined/);
  const doc = JSON.parse(text) as Record<string, unknown>;
  expect(doc["type"]).toBe("FeatureCollection");
  expect(doc).not.toHaveProperty("crs"); // §4: no crs member
  const features = doc["features"] as Feature[];
  expect(Array.isArray(features)).toBe(true);
  const checkPosition = (p: Position): void => {
    expect(p.length === 2 || p.length === 3).toBe(true);
    expect(p.every(Number.isFinite)).toBe(true);
    expect(Math.abs(p[0]!)).toBeLessThanOrEqual(180);
    expect(Math.abs(p[1]!)).toBeLessThanOrEqual(90);
  };
  for (const f of features) {
    expect(f.type).toBe("Feature");
    expect(typeof f.properties).toBe("object");
    if (f.geometry.type === "Point") checkPosition(f.geometry.coordinates as Position);
    else {
      expect(f.geometry.type).toBe("LineString");
      const coordinates = f.geometry.coordinates as Position[];
      expect(coordinates.length).toBeGreaterThanOrEqual(2); // §3.1.4
      coordinates.forEach(checkPosition);
      expect(f.properties.points).toHaveLength(coordinates.length);
    }
  }
  return features;
}

describe("createGeoJsonWriter", () => {
  it("writes an empty FeatureCollection when there is no fix", () => {
    const features = checkRfc7946(writeAll(createGeoJsonWriter(), [makeEpoch({ timeMs: 0 })]));
    expect(features).toEqual([]);
  });

  it("writes a single fix as a Point feature, [lon, lat, ellipsoid height]", () => {
    const e = makeEpoch({ timeMs: 0, latitudeDeg: 48.5, longitudeDeg: -11.25, altitudeMslM: 500, geoidSeparationM: 47 });
    const [feature, ...rest] = checkRfc7946(writeAll(createGeoJsonWriter(), [e]));
    expect(rest).toEqual([]);
    expect(feature!.geometry).toEqual({ type: "Point", coordinates: [-11.25, 48.5, 547] });
    expect(feature!.properties["altitudeMslM"]).toBe(500);
  });

  it("a point carries the vessel's heading when its epoch has one", () => {
    const e = { ...makeEpoch({ timeMs: 0, latitudeDeg: 50.2, longitudeDeg: -8.1 }), headingTrueDeg: 4.3 };
    const [feature] = checkRfc7946(writeAll(createGeoJsonWriter(), [e]));
    expect(feature!.properties["headingTrueDeg"]).toBe(4.3);
    const [plain] = checkRfc7946(writeAll(createGeoJsonWriter(), [makeEpoch({ timeMs: 0, latitudeDeg: 50.2, longitudeDeg: -8.1 })]));
    expect(plain!.properties).not.toHaveProperty("headingTrueDeg");
  });

  it("writes a LineString per fix segment whose points carry per-point properties", () => {
    const epochs = drive(25, { gapAt: 10, gap: 2 });
    const features = checkRfc7946(writeAll(createGeoJsonWriter(), epochs));
    expect(features.map((f) => (f.geometry.coordinates as Position[]).length)).toEqual([10, 13]);
    const line = features[0]!;
    const coordinates = line.geometry.coordinates as Position[];
    coordinates.forEach((p, i) => {
      const e = epochs[i]!;
      expect(Math.abs(p[0]! - e.longitudeDeg!)).toBeLessThan(1e-9);
      expect(Math.abs(p[1]! - e.latitudeDeg!)).toBeLessThan(1e-9);
      expect(line.properties.points![i]!["time"]).toBe(new Date(e.timeMs!).toISOString());
      expect(line.properties.points![i]!["hdop"]).toBeCloseTo(e.dop.hdop!, 2);
    });
    expect(features[1]!.properties["segment"]).toBe(1);
  });

  it("gives every position of a feature a height, or none of them (a 2D/3D change does not cut)", () => {
    const epochs = drive(6);
    const noHeight = makeEpoch({ timeMs: epochs[2]!.timeMs!, mode: "2d", latitudeDeg: 48.1, longitudeDeg: 11.5001 });
    const mixed = [...epochs.slice(0, 2), noHeight, ...epochs.slice(3)];
    const [line] = checkRfc7946(writeAll(createGeoJsonWriter(), mixed));
    expect((line!.geometry.coordinates as Position[]).map((p) => p.length)).toEqual([2, 2, 2, 2, 2, 2]);
    expect(line!.properties.points![0]!["altitudeMslM"]).toBeCloseTo(epochs[0]!.altitudeMslM!, 3);
    const [full] = checkRfc7946(writeAll(createGeoJsonWriter(), epochs));
    const coordinates = full!.geometry.coordinates as Position[];
    expect(coordinates.map((p) => p.length)).toEqual([3, 3, 3, 3, 3, 3]);
    coordinates.forEach((p, i) => expect(p[2]).toBeCloseTo(epochs[i]!.altitudeHaeM!, 3));
  });

  it("cuts long segments into continuous LineStrings of bounded size", () => {
    const epochs = drive(10);
    const features = checkRfc7946(writeAll(createGeoJsonWriter({ maxLinePoints: 4 }), epochs));
    const lines = features.map((f) => f.geometry.coordinates as Position[]);
    expect(lines.map((l) => l.length)).toEqual([4, 4, 4]); // 1-4, 4-7, 7-10
    for (let i = 1; i < lines.length; i++) expect(lines[i]![0]).toEqual(lines[i - 1]!.at(-1));
    expect(new Set(lines.flat().map((p) => p.join(","))).size).toBe(10);
  });

  it("writes one Point per fix with points: true", () => {
    const epochs = drive(12, { gapAt: 3, gap: 5 });
    const features = checkRfc7946(writeAll(createGeoJsonWriter({ points: true }), epochs));
    expect(features).toHaveLength(7);
    expect(features.every((f) => f.geometry.type === "Point")).toBe(true);
    expect(features[3]!.properties["time"]).toBe(new Date(epochs[8]!.timeMs!).toISOString());
  });

  it("streams: text never lags more than maxLinePoints epochs behind", () => {
    const writer = createGeoJsonWriter({ maxLinePoints: 50 });
    let written = writer.header().length;
    let sinceOutput = 0;
    for (const e of drive(1000)) {
      const out = writer.epoch(e);
      sinceOutput = out === "" ? sinceOutput + 1 : 0;
      written += out.length;
      expect(sinceOutput).toBeLessThan(50);
    }
    expect(written).toBeGreaterThan(1000 * 40);
  });
});
