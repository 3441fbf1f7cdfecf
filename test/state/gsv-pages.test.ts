// A receiver that sends one GSV page a cycle, in rotation (Garmin GPS 15H: fixtures/gsv-one-page-per-cycle.nmea): the
// view is assembled from the pages as they come, each page standing until it comes again or its rotation period is
// over, and it says it is incomplete until every page of the count is in.
import { describe, expect, it } from "vitest";
import { toSky } from "../../src/output/gpsd.js";
import { formatReportText } from "../../src/output/report/text.js";
import { csvRowsOf, epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

const FILE = "gsv-one-page-per-cycle.nmea";
const tod = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().slice(17, 19));

describe("one GSV page a cycle, in rotation", () => {
  it("the view grows page by page to the 12 in view, incomplete until the rotation is, and follows each page as it comes", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    expect(epochs.map((e) => [tod(e.timeOfDayMs), e.satellites.inViewCount, e.satellites.trackedCount, e.satellites.incomplete ?? false])).toEqual([
      ["00", 4, 0, true],
      ["01", 8, 2, true],
      ["02", 12, 4, false],
      ["03", 12, 4, false],
      ["04", 12, 4, false],
      ["05", 12, 4, false],
      // lost: 26 has no signal on the page of 09:12:08
      ["06", 12, 4, false],
      ["07", 12, 4, false],
      ["08", 12, 3, false],
      // 06 has set: 07 moves to page 1 and is taken off the page 2 that still stands
      ["09", 11, 3, false],
      ["10", 11, 3, false],
      ["11", 11, 3, false],
      // 8 in view on 2 pages: the 3-page list stands no longer
      ["12", 4, 1, true],
      ["13", 8, 3, false],
      ["14", 8, 3, false],
    ]);
    const at09 = epochs[9]?.satellites.satellites ?? [];
    expect(at09.filter((s) => s.svid === 7).map((s) => s.signals.length)).toEqual([1]);
    expect(at09.map((s) => s.svid)).toEqual([2, 4, 5, 7, 10, 13, 23, 24, 26, 29, 30]);
    // the fix's used satellites are all listed
    expect(epochs[3]?.satellites.satellites.filter((s) => s.usedInFix).map((s) => s.svid)).toEqual([10, 13, 26, 29]);
  });

  it("csv leaves the counts of an incomplete list empty (not measured); gpsd's SKY lists the satellites as they come", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    const { rows, field } = csvRowsOf(epochs);
    expect(rows.slice(0, 3).map((r) => [field(r, "satellitesTracked"), field(r, "satellitesInView")])).toEqual([
      ["", ""],
      ["", ""],
      ["4", "12"],
    ]);
    expect(epochs.slice(0, 3).map((e) => (toSky(e) as { nSat?: number }).nSat)).toEqual([4, 8, 12]);
  });

  it("the report lists the satellites and says how often the list was incomplete; 'Why no fix' never says nothing is heard", async () => {
    const text = formatReportText(reportOfEvents(await eventsOfLog({ file: FILE })));
    expect(text).toMatch(/gps +12 +4 +4 +41\.4 dB-Hz/);
    expect(text).toContain("list incomplete in 3 epochs of 14: GSV pages missing");
    expect(text).toContain("searching: none tracked of the 4 satellites listed so far; the receiver's satellite list is incomplete");
    expect(text).toContain("fix lost: tracking 4 (4 when it last had a fix, 1 s ago)");
    expect(text).not.toContain("no satellite heard");
    expect(text).not.toContain("none reported");
  });
});
