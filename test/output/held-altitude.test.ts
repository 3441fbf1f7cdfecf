// A 2D fix is solved on a height the receiver holds: the altitude its GGA gives is that height, no measurement.
// fixtures/gsa-2d-height-held-at-ellipsoid.nmea: GSA mode 2 with three satellites and GGA -35.2 m MSL with a
// geoid of 35.2 m (the ellipsoid height held at 0). No output gives it as an altitude, as gpsd's TPV gives none;
// a 3D fix's altitude is written as before.

import { describe, expect, it } from "vitest";
import { createCsvWriter } from "../../src/output/csv.js";
import { createGeoJsonWriter } from "../../src/output/geojson.js";
import { createGpxWriter } from "../../src/output/gpx.js";
import { toTpv } from "../../src/output/gpsd.js";
import { createKmlWriter } from "../../src/output/kml.js";
import { formatReportText } from "../../src/output/report/index.js";
import type { Epoch } from "../../src/types.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "./log-epochs.js";
import { writeAll } from "./epochs.js";

const FIXTURE = { file: "gsa-2d-height-held-at-ellipsoid.nmea" } as const;

describe("a 2D fix's held height", () => {
  it("is kept in the epoch as the receiver gave it, and is 2D", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs.map((e) => [e.mode, e.altitudeMslM, e.altitudeHaeM])).toEqual(Array(4).fill(["2d", -35.2, 0]));
  });

  it("is no altitude in csv, GPX, GeoJSON, KML or gpsd's TPV", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    const csv = writeAll(createCsvWriter({ lineEnding: "\n" }), epochs)
      .trim()
      .split("\n");
    const header = csv[0]!.split(",");
    for (const row of csv.slice(1)) {
      const cells = row.split(",");
      expect(cells[header.indexOf("altitudeMslM")]).toBe("");
      expect(cells[header.indexOf("altitudeHaeM")]).toBe("");
      expect(cells[header.indexOf("mode")]).toBe("2d");
    }
    expect(writeAll(createGpxWriter(), epochs)).not.toContain("<ele>");
    const geojson = writeAll(createGeoJsonWriter(), epochs);
    expect(geojson).not.toContain("altitudeMslM");
    expect(geojson).toContain('"coordinates":[[6.146201667,46.205686667],');
    expect(writeAll(createKmlWriter(), epochs)).toContain("<altitudeMode>clampToGround</altitudeMode>");
    for (const e of epochs) expect(toTpv(e)).not.toHaveProperty("altMSL");
  });

  it("is no altitude in the report's position: not measured, where it said -35.2 m MSL with a spread of 0.00 m", async () => {
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.scatter).toMatchObject({ kind: "static", samples: 4, heldAltitudeFixes: 4 });
    expect(report.scatter).not.toHaveProperty("meanAltitudeMslM");
    expect(report.scatter).not.toHaveProperty("altitudeStdDevM");
    const text = formatReportText(report);
    expect(text).toContain("altitude not measured (2D fixes only: the receiver held its height)");
    expect(text).not.toContain("m MSL");
  });

  it("leaves a 3D fix's altitude as it was, and says how many 2D fixes were left out", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    const threeD: Epoch[] = epochs.map((e, k) => (k < 2 ? { ...e, mode: "3d", altitudeMslM: 410 + k, altitudeHaeM: 445.2 + k } : e));
    const csv = writeAll(createCsvWriter({ lineEnding: "\n" }), threeD).split("\n");
    expect(csv[1]).toContain(",410.000,445.200,");
    expect(writeAll(createGpxWriter(), threeD).match(/<ele>/g)).toHaveLength(2);
    expect(toTpv(threeD[0]!)).toMatchObject({ altMSL: 410, altHAE: 445.2 });
  });
});
