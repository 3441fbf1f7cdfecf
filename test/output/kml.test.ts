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
  coordinates.trim().split(/\s+/).map((t) => t.split(",").map(Number));

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
    const epochs = [
      makeEpoch({ timeMs: 0, latitudeDeg: 10, longitudeDeg: 20, altitudeMslM: 5 }),
      makeEpoch({ timeMs: 1 }),
      fix2d(2),
      fix2d(3),
      fix2d(4),
    ];
    const placemarks = parseKml(writeAll(createKmlWriter(), epochs));
    expect(placemarks).toHaveLength(2);
    expect(tuples(placemarks[0]!.Point!.coordinates)).toEqual([[20, 10, 5]]);
    expect(placemarks[1]!.LineString!.altitudeMode).toBe("clampToGround");
    expect(tuples(placemarks[1]!.LineString!.coordinates)).toHaveLength(3);
  });

  it("writes an empty Document when there is no fix", () => {
    expect(parseKml(writeAll(createKmlWriter(), [makeEpoch({ timeMs: 0 })]))).toEqual([]);
  });
});
