import { describe, it, expect } from "vitest";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { createKmlWriter } from "../../src/output/kml.js";
import { drive, makeEpoch, writeAll } from "./epochs.js";
import { xmllint, xmllintAvailable } from "./xml.js";

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => name === "Placemark" });

interface Placemark {
  name: string;
  LineString?: { altitudeMode: string; coordinates: string };
  Point?: { altitudeMode: string; coordinates: string };
}

function parseKml(text: string): Placemark[] {
  expect(XMLValidator.validate(text)).toBe(true);
  const doc = parser.parse(text);
  expect(doc.kml["@xmlns"]).toBe("http://www.opengis.net/kml/2.2");
  return (doc.kml.Document.Placemark ?? []) as Placemark[];
}

const tuples = (coordinates: string): number[][] =>
  coordinates
    .trim()
    .split(/\s+/)
    .map((t) => t.split(",").map(Number));

describe("createKmlWriter", () => {
  it("is well-formed XML (xmllint) with an escaped name", () => {
    const text = writeAll(createKmlWriter({ name: "Tom & Jerry's <drive>" }), drive(5));
    expect(parser.parse(text).kml.Document.name).toBe("Tom & Jerry's <drive>");
    if (xmllintAvailable) expect(xmllint(text, ["--noout"]).status).toBe(0);
  });

  it("writes a LineString per fix segment, lon,lat,MSL altitude, absolute", () => {
    const epochs = drive(20, { gapAt: 5, gap: 3 });
    const placemarks = parseKml(writeAll(createKmlWriter(), epochs));
    expect(placemarks).toHaveLength(2);
    const line = placemarks[1]!.LineString!;
    expect(line.altitudeMode).toBe("absolute");
    const points = tuples(line.coordinates);
    expect(points).toHaveLength(12);
    points.forEach((p, i) => {
      const e = epochs[8 + i]!;
      expect(Math.abs(p[0]! - e.longitudeDeg!)).toBeLessThan(1e-9);
      expect(Math.abs(p[1]! - e.latitudeDeg!)).toBeLessThan(1e-9);
      expect(p[2]).toBeCloseTo(e.altitudeMslM!, 3);
    });
  });

  it("writes a lone fix as a Point and a 2D stretch clamped to the ground", () => {
    const fix2d = (i: number) => makeEpoch({ timeMs: i, mode: "2d", latitudeDeg: 10, longitudeDeg: 20 + i / 1000 });
    const epochs = [makeEpoch({ timeMs: 0, latitudeDeg: 10, longitudeDeg: 20, altitudeMslM: 5 }), makeEpoch({ timeMs: 1 }), fix2d(2), fix2d(3), fix2d(4)];
    const placemarks = parseKml(writeAll(createKmlWriter(), epochs));
    expect(placemarks).toHaveLength(2);
    expect(tuples(placemarks[0]!.Point!.coordinates)).toEqual([[20, 10, 5]]);
    expect(placemarks[1]!.LineString!.altitudeMode).toBe("clampToGround");
    expect(tuples(placemarks[1]!.LineString!.coordinates)).toHaveLength(3);
  });

  it("keeps a 2D/3D change in one segment: absolute, 2D fixes at the last known MSL altitude", () => {
    const fix = (i: number, altitudeMslM?: number) =>
      makeEpoch({
        timeMs: i * 1000,
        mode: altitudeMslM === undefined ? "2d" : "3d",
        latitudeDeg: 10,
        longitudeDeg: 20 + i / 1000,
        ...(altitudeMslM !== undefined ? { altitudeMslM } : {}),
      });
    const epochs = [fix(0), fix(1), fix(2, 100), fix(3, 101), fix(4), fix(5), fix(6, 104), makeEpoch({ timeMs: 7000 }), fix(8, 50)];
    const placemarks = parseKml(writeAll(createKmlWriter(), epochs));
    expect(placemarks).toHaveLength(2);
    expect(placemarks[0]!.LineString!.altitudeMode).toBe("absolute");
    expect(tuples(placemarks[0]!.LineString!.coordinates).map((t) => t[2])).toEqual([100, 100, 100, 101, 101, 101, 104]);
    expect(tuples(placemarks[1]!.Point!.coordinates)).toEqual([[20.008, 10, 50]]);
    expect(placemarks[1]!.Point!.altitudeMode).toBe("absolute");
  });

  it("holds back at most maxPendingPoints fixes without altitude, then clamps the segment to the ground", () => {
    const writer = createKmlWriter({ maxPendingPoints: 3 });
    writer.header();
    const outputs = [0, 1, 2, 3].map((i) => writer.epoch(makeEpoch({ timeMs: i, mode: "2d", latitudeDeg: 10, longitudeDeg: 20 + i / 1000 })));
    expect(outputs.map((o) => o !== "")).toEqual([false, false, true, true]);
    const last = writer.epoch(makeEpoch({ timeMs: 4, latitudeDeg: 10, longitudeDeg: 20.004, altitudeMslM: 7 }));
    const text = `${writer.header()}${outputs.join("")}${last}${writer.footer()}`;
    const [placemark] = parseKml(text);
    expect(placemark!.LineString!.altitudeMode).toBe("clampToGround");
    expect(tuples(placemark!.LineString!.coordinates).map((t) => t.length)).toEqual([2, 2, 2, 2, 2]);
  });

  it("writes an empty Document when there is no fix", () => {
    expect(parseKml(writeAll(createKmlWriter(), [makeEpoch({ timeMs: 0 })]))).toEqual([]);
  });
});
