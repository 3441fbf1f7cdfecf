// A receiver that names its used satellites in GSA and sends no GSV (set to GGA, GSA and RMC to save bandwidth):
// the report said it "counts the satellites it uses (GGA/GNS) and names none of them". It names them: the view
// says how many of its used satellites no GSV lists (fixtures/gsa-used-no-gsv.nmea).
import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "./log-epochs.js";

const FIXTURE = { file: "gsa-used-no-gsv.nmea" } as const;

describe("used satellites a GSA names and no GSV lists", () => {
  it("are counted in the view as named, not listed", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs.map((e) => [e.satellites.usedCount, e.satellites.usedUnlistedCount, e.satellites.satellites.length])).toEqual(Array(4).fill([7, 7, 0]));
  });

  it("are named by the receiver in the report, not 'names none of them'", async () => {
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.usedUnlistedPerFix).toBe(7);
    expect(report.usedNotNamedPerFix).toBeUndefined();
    const text = formatReportText(report);
    expect(text).toContain("used/fix 7.0, named by the receiver's GSA (no GSV lists the satellites in view)");
    expect(text).not.toContain("names none of them");
  });
});
