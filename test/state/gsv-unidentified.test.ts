// Satellites a receiver lists without a number (fixtures/gsv-satellite-without-number.nmea): u-blox lists a GLONASS
// signal before it has read the satellite's slot, `$GLGSV,1,1,01,,,,29,1`. It is tracked and in view, of GLONASS, and
// no satellite: no number is made up for it, it has no key, it is never used.
import { describe, expect, it } from "vitest";
import { createSkyAssembler } from "../../src/state/satellites.js";
import { createReportBuilder } from "../../src/output/report/builder.js";
import { formatReportText } from "../../src/output/report/text.js";
import { createGpsdWriter } from "../../src/output/gpsd.js";
import { CSV_COLUMNS, createCsvWriter } from "../../src/output/csv.js";
import type { GsaSentence, GsvSentence, Sentence, UbxNavSat, UbxSatellite } from "../../src/types.js";
import { nmea, parseOne } from "../parsing/_helpers.js";
import { epochsOfLog, eventsOfLog } from "../output/log-epochs.js";
import { writeAll } from "../output/epochs.js";

const FILE = "gsv-satellite-without-number.nmea";

const parse = (body: string): Sentence => parseOne(nmea(body)).sentence as Sentence;

describe("a satellite listed without a number", () => {
  it("counts as tracked and in view of its constellation, and is no satellite of the list", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    expect(epochs.map((e) => [e.satellites.trackedCount, e.satellites.inViewCount, e.satellites.signalCount])).toEqual([
      [1, 1, 1],
      [3, 3, 3],
      [4, 4, 4],
      [2, 2, 2],
    ]);
    expect(epochs.map((e) => e.satellites.unidentified)).toEqual([
      [{ constellation: "glonass", inViewCount: 1, trackedCount: 1, signalCount: 1, cn0DbHz: 29 }],
      [{ constellation: "glonass", inViewCount: 1, trackedCount: 1, signalCount: 1, cn0DbHz: 27 }],
      [{ constellation: "glonass", inViewCount: 1, trackedCount: 1, signalCount: 1, cn0DbHz: 22 }],
      undefined,
    ]);
    // the list holds the numbered ones only, and none is used
    expect(epochs.map((e) => e.satellites.satellites.map((s) => s.key))).toEqual([
      [],
      ["gps:6", "gps:25"],
      ["gps:6", "gps:25", "glonass:6"],
      ["gps:6", "gps:25"],
    ]);
    expect(epochs.every((e) => e.satellites.usedCount === 0)).toBe(true);
  });

  it("the csv counts it: 1 tracked, 1 in view where the numbered satellites alone are none", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    const rows = writeAll(createCsvWriter(), epochs)
      .split("\r\n")
      .slice(1, -1)
      .map((line) => line.split(","));
    const tracked = CSV_COLUMNS.indexOf("satellitesTracked");
    const inView = CSV_COLUMNS.indexOf("satellitesInView");
    expect(rows.map((r) => [r[tracked], r[inView]])).toEqual([
      ["1", "1"],
      ["3", "3"],
      ["4", "4"],
      ["2", "2"],
    ]);
  });

  it("gpsd's SKY lists satellites by number: it leaves the unnamed one out, and its nSat counts its list", async () => {
    const epochs = await epochsOfLog({ file: FILE });
    const writer = createGpsdWriter();
    const skies = epochs
      .map((e) => writer.epoch(e))
      .join("")
      .split("\n")
      .filter((l) => l.includes('"class":"SKY"'))
      .map((l) => JSON.parse(l) as { nSat?: number; satellites?: { PRN: number }[] });
    expect(skies.map((s) => [s.nSat, s.satellites?.map((x) => x.PRN)])).toEqual([
      [undefined, undefined],
      [2, [6, 25]],
      [3, [6, 25, 70]],
      [2, [6, 25]],
    ]);
  });

  it("the report says what the receiver tracks, not 'no satellite tracked yet'", async () => {
    const builder = createReportBuilder();
    for (const event of await eventsOfLog({ file: FILE })) builder.add(event);
    const report = builder.result();
    expect(report.unidentified).toEqual([{ constellation: "glonass", epochsInView: 3, epochsTracked: 3, maxInView: 1, minCn0DbHz: 22, maxCn0DbHz: 29 }]);
    const text = formatReportText(report);
    expect(text).not.toContain("no satellite tracked");
    expect(text).toContain("tracking 1 (1 GLONASS, slot unknown, 29 dB-Hz), none used: waiting for ephemeris");
    expect(text).toContain("glonass: 1 satellite listed without its slot (not yet known) in 3 epochs, tracked in 3, 22–29 dB-Hz");
  });
});

describe("the sky assembler's count of satellites without a number", () => {
  it("one satellite listed in two signal groups counts once, its two signals twice; a GSA never flags it", () => {
    const sky = createSkyAssembler();
    sky.noteOther();
    sky.gsv(parse("GLGSV,1,1,02,70,40,120,33,,,,29,1") as GsvSentence);
    sky.gsv(parse("GLGSV,1,1,02,70,40,120,30,,,,24,3") as GsvSentence);
    sky.gsa(parse("GNGSA,A,3,70,,,,,,,,,,,,1.5,1.0,1.1,2") as GsaSentence);
    sky.noteOther();
    const view = sky.view();
    expect(view).toMatchObject({ inViewCount: 2, trackedCount: 2, usedCount: 1, signalCount: 4 });
    expect(view.unidentified).toEqual([{ constellation: "glonass", inViewCount: 1, trackedCount: 1, signalCount: 2, cn0DbHz: 29 }]);
    expect(view.satellites.map((s) => [s.key, s.usedInFix])).toEqual([["glonass:6", true]]);
  });

  it("the view is rebuilt only when they change: a repeat keeps the view, another C/N0 makes a new one", () => {
    const sky = createSkyAssembler();
    const block = (body: string) => {
      sky.noteOther();
      const changed = sky.gsv(parse(body) as GsvSentence);
      sky.noteOther();
      return changed;
    };
    block("GLGSV,1,1,01,,,,29,1");
    const first = sky.view();
    expect(block("GLGSV,1,1,01,,,,29,1")).toBe(false);
    expect(sky.view()).toBe(first);
    expect(block("GLGSV,1,1,01,,,,31,1")).toBe(true);
    expect(sky.view().unidentified?.[0]?.cn0DbHz).toBe(31);
    // the group gone from the next block: nothing is left of it
    sky.noteOther();
    sky.gsv(parse("GPGSV,1,1,01,05,40,100,35,1") as GsvSentence);
    sky.noteOther();
    expect(sky.view()).toMatchObject({ inViewCount: 1, trackedCount: 1 });
    expect(sky.view().unidentified).toBeUndefined();
  });

  it("a GP talker's record without a number has no constellation to give; one without a C/N0 is in view, not tracked", () => {
    const sky = createSkyAssembler();
    sky.noteOther();
    sky.gsv(parse("GPGSV,1,1,03,05,40,100,35,,,,31,,56,279,") as GsvSentence);
    sky.noteOther();
    expect(sky.view()).toMatchObject({ inViewCount: 3, trackedCount: 2, signalCount: 2 });
    expect(sky.view().unidentified).toEqual([{ inViewCount: 2, trackedCount: 1, signalCount: 1, cn0DbHz: 31 }]);
  });

  it("UBX NAV-SAT's GLONASS slot 255 (not yet known) is counted the same way", () => {
    const glonass = (svId: number, cn0DbHz: number): UbxSatellite => ({
      gnssId: 6,
      svId,
      ...(svId === 255 ? {} : { identity: { constellation: "glonass", svid: svId, nmeaId: svId } }),
      cn0DbHz,
      prResM: 0,
      qualityInd: 4,
      svUsed: false,
      health: 1,
      diffCorr: false,
      orbitSource: 0,
      ephAvail: false,
      almAvail: false,
      anoAvail: false,
      aopAvail: false,
    });
    const message: UbxNavSat = {
      protocol: "UBX",
      talker: "UBX",
      sentenceId: "UBX-NAV-SAT",
      receivedAtMs: 0,
      iTOWMs: 1000,
      cycleTimeOfDayMs: Number.NaN,
      satellites: [glonass(3, 33), glonass(255, 24), glonass(255, 0)],
    };
    const sky = createSkyAssembler();
    sky.navSat(message);
    expect(sky.view()).toMatchObject({ inViewCount: 3, trackedCount: 2, signalCount: 2 });
    expect(sky.view().unidentified).toEqual([{ constellation: "glonass", inViewCount: 2, trackedCount: 1, signalCount: 1, cn0DbHz: 24 }]);
    expect(sky.view().satellites.map((s) => s.key)).toEqual(["glonass:3"]);
  });
});
