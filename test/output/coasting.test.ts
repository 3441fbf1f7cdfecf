// A receiver that goes on calling it a fix after it lost lock (a Garmin GPS 15H for seconds: RMC A, GGA quality 1
// with 00 satellites used, an empty GSA, every SNR 00): counted as the fixes it says they are, and said to have
// used no satellite (sweep E, M3). Fixture: garmin-coasting-no-satellites.nmea.
import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/text.js";
import { eventsOfLog, reportOfEvents } from "./log-epochs.js";

const FILE = "garmin-coasting-no-satellites.nmea";

describe("fixes with no satellite used (coasting)", () => {
  it("the report counts them apart and Why says the 2D fix is the last solution carried on", async () => {
    const report = reportOfEvents(await eventsOfLog({ file: FILE }));
    expect(report.fixesWithoutSatellites).toBe(3);
    expect(report.fixAvailability.map((a) => [a.fixClass, a.epochs])).toEqual([
      ["2d", 3],
      ["3d", 2],
    ]);
    const text = formatReportText(report);
    expect(text).toContain("(3 fixes with no satellite used, as the receiver says (GGA 00): its last solution carried on (coasting), not measured then)");
    expect(report.diagnosis?.final.map((l) => l.text)).toEqual([
      "2D fix with no satellite used, as the receiver says: its last solution carried on (coasting), not a measurement",
    ]);
  });
});
