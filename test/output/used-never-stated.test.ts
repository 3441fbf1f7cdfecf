// A source none of whose fixes states a satellite used (GGA 00, an empty GSA list, GSV without SNR, a moving
// position: a chartplotter relaying its GPS, fixtures/relay-gga-00.nmea) is not coasting: "142 fixes with no
// satellite used (coasting), not measured" was said of every fix of such a log. Its used satellites are not stated.
import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "./log-epochs.js";

const FIXTURE = { file: "relay-gga-00.nmea" } as const;

describe("a relay that never states the satellites its fixes used", () => {
  it("its fixes are fixes, none of them coasting", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs.map((e) => [e.mode, e.noSatelliteUsed])).toEqual(Array(5).fill(["3d", undefined]));
  });

  it("the report says the use is not stated, not 0.0 used per fix", async () => {
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.fixesWithoutSatellites).toBeUndefined();
    expect(report.usedNeverStated).toBe(true);
    expect(report.constellations.map((c) => [c.constellation, c.meanUsedPerFix])).toEqual([["gps", undefined]]);
    const text = formatReportText(report);
    expect(text).toContain("used: not stated: no fix of the log comes with a satellite used");
    expect(text).not.toContain("coasting");
  });
});
