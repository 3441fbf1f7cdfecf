import { describe, it, expect } from "vitest";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { XMLParser } from "fast-xml-parser";
import { createGpxWriter } from "../../src/output/gpx.js";
import { drive, makeEpoch, writeAll } from "./epochs.js";
import { sharedPiece } from "../_shared.js";
import { xmllint, xmllintAvailable } from "./xml.js";

const schemaDir = sharedPiece("GNSSKIT_SHARED_SCHEMAS", "GPX schema validation");
const schema = schemaDir.path !== undefined ? join(schemaDir.path, "gpx-1.1.xsd") : undefined;
const skipSchema =
  schema === undefined
    ? schemaDir.skip
    : !existsSync(schema)
      ? `${schema} does not exist`
      : !xmllintAvailable
        ? "xmllint is not installed (Debian libxml2-utils)"
        : undefined;
if (schema !== undefined && skipSchema !== undefined) console.log(`GPX schema validation skipped: ${skipSchema}`);

const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@", isArray: (name) => ["trkseg", "trkpt"].includes(name) });

interface Trkpt {
  "@lat": string;
  "@lon": string;
  [element: string]: unknown;
}

describe("createGpxWriter", () => {
  const epochs = drive(30, { gapAt: 12, gap: 4 });
  const dgpsEpoch = makeEpoch({
    timeMs: Date.UTC(2024, 4, 17, 10),
    latitudeDeg: -33.9,
    longitudeDeg: 179.9999999999,
    altitudeMslM: 3,
    quality: "dgps",
    dgpsAgeS: 2.5,
    dgpsStationId: "0042",
    satellitesUsed: 11,
    hdop: 0.7,
  });
  dgpsEpoch.magneticVariationDeg = -3.5;
  const text = writeAll(createGpxWriter({ name: 'Drive <A&B> "test"', creator: "gnsskit test" }), [...epochs, dgpsEpoch]);
  const gpx = parser.parse(text).gpx;

  it.skipIf(skipSchema !== undefined)("is valid against the GPX 1.1 XSD (xmllint --schema)", () => {
    const result = xmllint(text, ["--noout", "--schema", schema!]);
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
  });

  it.skipIf(skipSchema !== undefined)("is valid with no fix at all (empty track)", () => {
    const empty = writeAll(createGpxWriter(), [makeEpoch({ timeMs: 0 })]);
    expect(xmllint(empty, ["--noout", "--schema", schema!]).status).toBe(0);
  });

  it("starts a new trkseg after a fix loss and skips epochs without a fix", () => {
    expect(gpx.trk.name).toBe('Drive <A&B> "test"');
    const segments = gpx.trk.trkseg as { trkpt: Trkpt[] }[];
    expect(segments.map((s) => s.trkpt.length)).toEqual([12, 30 - 16 + 1]);
  });

  it("writes position, MSL elevation, time and fix data of each point", () => {
    const first = (gpx.trk.trkseg[0].trkpt as Trkpt[])[0]!;
    const e = epochs[0]!;
    expect(Math.abs(Number(first["@lat"]) - e.latitudeDeg!)).toBeLessThan(1e-9);
    expect(Math.abs(Number(first["@lon"]) - e.longitudeDeg!)).toBeLessThan(1e-9);
    expect(first["ele"]).toBeCloseTo(e.altitudeMslM!, 3);
    expect(first["time"]).toBe(new Date(e.timeMs!).toISOString());
    expect(first["fix"]).toBe("dgps"); // epoch 0 of drive() is a DGPS fix
    expect(first["sat"]).toBe(9);
    expect((gpx.trk.trkseg[0].trkpt as Trkpt[])[1]!["fix"]).toBe("3d");
  });

  it("keeps the XSD's ranges: lon 180 wraps to -180, magvar in [0,360), dgpsid 0..1023", () => {
    const last = (gpx.trk.trkseg[1].trkpt as Trkpt[]).at(-1)!;
    expect(last["@lon"]).toBe("-180.000000000");
    expect(last["magvar"]).toBe(356.5);
    expect(last["dgpsid"]).toBe(42);
    expect(last["ageofdgpsdata"]).toBe(2.5);
    expect(text).toMatch(/<pdop>1\.70<\/pdop>/);
    expect(text).not.toMatch(/NaN|null|undefined|Infinity/);
  });

  it("leaves the DGPS age and station out of a fix that used no corrections (GGA's 0.0,0000 placeholders beside quality 1)", () => {
    const autonomous = makeEpoch({ latitudeDeg: 1, longitudeDeg: 1, quality: "autonomous", dgpsAgeS: 0, dgpsStationId: "0000" });
    const rtk = makeEpoch({ latitudeDeg: 1, longitudeDeg: 1, quality: "rtk-fixed", dgpsAgeS: 1, dgpsStationId: "0000" });
    const out = writeAll(createGpxWriter(), [autonomous]);
    expect(out).not.toContain("<dgpsid>");
    expect(out).not.toContain("<ageofdgpsdata>");
    expect(writeAll(createGpxWriter(), [rtk])).toContain("<ageofdgpsdata>1.0</ageofdgpsdata><dgpsid>0</dgpsid>");
  });

  it("leaves <fix> out for dead reckoning, and dgpsid out when not 0..1023", () => {
    const dr = makeEpoch({ latitudeDeg: 1, longitudeDeg: 1, quality: "dead-reckoning", dgpsStationId: "ABC" });
    const out = writeAll(createGpxWriter(), [dr]);
    expect(out).toContain("<trkpt");
    expect(out).not.toContain("<fix>");
    expect(out).not.toContain("<dgpsid>");
  });

  it("leaves <fix> out where the receiver did not state the dimension (RMC or GLL alone), and writes 2d where it did", () => {
    const unstated = { ...makeEpoch({ latitudeDeg: 1, longitudeDeg: 1, mode: "2d" }), dimensionUnstated: true as const };
    expect(writeAll(createGpxWriter(), [unstated])).not.toContain("<fix>");
    expect(writeAll(createGpxWriter(), [makeEpoch({ latitudeDeg: 1, longitudeDeg: 1, mode: "2d" })])).toContain("<fix>2d</fix>");
  });
});
