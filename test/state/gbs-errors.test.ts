// GBS (RAIM) gives the expected errors of its cycle's solution; gpsd prints them as epy, epx and epv (ait250.log).
// They were decoded and dropped. A cycle with a GBS alone at the start of the input is the cycle the input began in
// after its position (the RMC before it), not "no fix": fixtures/gbs-error-estimates.nmea.
import { describe, expect, it } from "vitest";
import { toTpv } from "../../src/output/gpsd.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

const FIXTURE = { file: "gbs-error-estimates.nmea" } as const;

describe("GBS error estimates", () => {
  it("fill the cycle's errors as gpsd prints them: epy the latitude error, epx the longitude's", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    const fixes = epochs.filter((e) => e.incomplete !== true);
    expect(fixes.map((e) => [toTpv(e).epy, toTpv(e).epx])).toEqual([
      [7.3, 5.2],
      [7.4, 5.3],
      [7.4, 5.3],
    ]);
    expect(fixes[0]?.ephM).toBeCloseTo(Math.hypot(7.3, 5.2), 6);
  });

  it("a GBS alone at the input's start is a cut cycle, no 'no fix'", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs[0]).toMatchObject({ incomplete: true, sentenceIds: ["GBS"] });
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.fixAvailability.map((a) => a.fixClass)).not.toContain("none");
  });
});
