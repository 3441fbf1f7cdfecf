// What a receiver says of its used satellites when it names none (GGA's count, no GSA), and of corrections it did
// not use (GGA's `00,0000` beside quality 1): fixtures/gga-only-correction-placeholders.nmea.
import { describe, expect, it } from "vitest";
import { createReportBuilder } from "../../src/output/report/builder.js";
import { formatReportText } from "../../src/output/report/text.js";
import { epochsOfLog, eventsOfLog } from "./log-epochs.js";

const FILE = "gga-only-correction-placeholders.nmea";

describe("a receiver that counts its used satellites and names none", () => {
  it("its correction age and station only with a corrected fix: `00,0000` beside quality 1 is a placeholder", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    expect(epochs.map((e) => [e.quality, e.dgpsAgeS, e.dgpsStationId])).toEqual([
      ["autonomous", undefined, undefined],
      ["autonomous", undefined, undefined],
      ["dgps", 3, "0138"],
    ]);
  });

  it("the report's table gives no used count per constellation, and says the receiver's count instead of 0", async () => {
    const builder = createReportBuilder();
    for (const event of await eventsOfLog({ file: FILE })) builder.add(event);
    const report = builder.result();
    expect(report.constellations.map((c) => [c.constellation, c.tracked, c.used])).toEqual([["gps", 4, 0]]);
    expect(report.usedNotNamedPerFix).toBeCloseTo((19 + 18 + 18) / 3, 9);
    const text = formatReportText(report);
    expect(text).toMatch(/gps +4 +4 +- +39\.3 dB-Hz +-/);
    expect(text).toContain("used/fix 18.3: the receiver counts the satellites it uses (GGA/GNS) and names none of them");
  });
});
