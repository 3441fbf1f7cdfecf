// Tracked is one rule for every output: a C/N0 above 0. A GSV `00` (Garmin, SiRF, older MediaTek: a channel with
// nothing in it) is in view, not tracked, in the view, csv, report and diagnosis alike; gpsd's SKY keeps the 0 the
// receiver sent (fixtures/gsv-snr-00-not-tracked.nmea).
import { describe, expect, it } from "vitest";
import { toSky } from "../../src/output/gpsd.js";
import { formatReportText } from "../../src/output/report/text.js";
import { csvRowsOf, epochsOfLog, eventsOfLog, reportOfEvents } from "./log-epochs.js";

const FILE = "gsv-snr-00-not-tracked.nmea";

describe("a GSV SNR of 00", () => {
  it("leaves the satellite untracked in the view: no C/N0, its signal the receiver's 0", async () => {
    const [first] = await epochsOfLog({ file: FILE });
    const view = first?.satellites;
    expect([view?.inViewCount, view?.trackedCount, view?.signalCount]).toEqual([11, 2, 2]);
    expect(view?.satellites.filter((s) => s.cn0DbHz !== undefined).map((s) => [s.svid, s.cn0DbHz])).toEqual([
      [17, 32],
      [24, 40],
    ]);
    expect(view?.satellites.find((s) => s.svid === 1)?.signals).toEqual([{ usedInFix: false, cn0DbHz: 0 }]);
  });

  it("csv, report, diagnosis and gpsd agree: 2 tracked of 11, mean C/N0 over the 2, ss 0 kept for the nine", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    const { rows, field } = csvRowsOf(epochs);
    expect(rows.map((r) => `${field(r, "satellitesTracked")}/${field(r, "satellitesInView")}`)).toEqual(Array(epochs.length).fill("2/11"));

    const report = reportOfEvents(await eventsOfLog({ file: FILE }));
    expect(report.constellations.map((c) => [c.constellation, c.seen, c.tracked, c.meanCn0DbHz])).toEqual([["gps", 11, 2, 36]]);
    const text = formatReportText(report);
    expect(text).toContain("tracking 2, none used: waiting for ephemeris");
    expect(text).not.toContain("too weak");

    const sky = toSky(epochs[0]!) as { satellites: { PRN: number; ss?: number }[] };
    expect(sky.satellites.filter((s) => s.ss === 0).map((s) => s.PRN)).toEqual([1, 4, 5, 6, 9, 14, 20, 25, 30]);
  });
});
