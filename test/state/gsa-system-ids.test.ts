// GSA lists told apart by the NMEA 4.10 system id, whatever the talker: a receiver that puts GP on every GSA
// (fixtures/gsa-gp-talker-system-ids.nmea) lists one constellation per GSA, and the lists add up; a GSA of the same
// talker and system id as the one before begins the next cycle's list.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { formatReportText } from "../../src/output/report/text.js";
import { epochsOfLog, eventsOfLog, reportOfEvents, satellitesByConstellation } from "../output/log-epochs.js";

describe("GSA lists by system id", () => {
  it("adds up four GPGSA of system ids 1-4 to 22 used, each satellite in its own constellation", async () => {
    const epochs = await epochsOfLog({ file: "gsa-gp-talker-system-ids.nmea" });
    expect(epochs).toHaveLength(2);
    for (const epoch of epochs) {
      expect(epoch.satellitesUsed).toBe(22);
      expect(epoch.satellites.usedCount).toBe(22);
      expect(satellitesByConstellation(epoch, true)).toEqual({ gps: 5, glonass: 4, galileo: 5, beidou: 8 });
    }
  });

  it("a GSA of the same talker and system id begins a new list: the second cycle's list replaces the first's", async () => {
    const cycle = (time: string, ids: string): string =>
      [withChecksum(`GPGGA,${time},3547.2411,N,13924.2954,E,1,08,0.9,124.7,M,38.9,M,,`), withChecksum(`GPGSA,A,3,${ids},,,,,,,,,1.5,0.9,1.2,1`)].join("\r\n");
    const epochs = await epochsOfLog({
      text: `${cycle("102030.00", "01,02,03,04")}\r\n${cycle("102031.00", "05,06,07,08")}\r\n${cycle("102032.00", "09,10,11,12")}\r\n`,
    });
    expect(epochs.map((e) => e.satellitesUsed)).toEqual([4, 4, 4]);
  });

  it("one GSA per constellation under one talker without a system id: all counted, only the talker's own placed", async () => {
    // Septentrio: GPS 05,13,20 / GLONASS 71 / Galileo 04,11,19,26 / BeiDou 08,22,29,36, each $GPGSA; GGA says 12
    const epochs = await epochsOfLog({ file: "gsa-one-talker-per-constellation.nmea" });
    expect(epochs).toHaveLength(2);
    for (const epoch of epochs) {
      expect(epoch.satellitesUsed).toBe(12);
      expect(epoch.satellites.usedCount).toBe(12);
      // Galileo 11, 19, 26 are not the GPS 11, 19, 26 the GSV lists
      expect(epoch.satellites.satellites.filter((s) => s.usedInFix).map((s) => s.svid)).toEqual([5, 13, 20]);
    }
    const report = reportOfEvents(await eventsOfLog({ file: "gsa-one-talker-per-constellation.nmea" }));
    expect(report.usedNotNamedPerFix).toBe(9);
    expect(formatReportText(report)).toContain("and 9.0 used/fix counted by the receiver but not matched to a tracked satellite");
  });

  it("the same list sent twice in a block is the talker's list once (no count added)", async () => {
    const gga = (time: string): string => withChecksum(`GPGGA,${time},3547.2411,N,13924.2954,E,1,04,0.9,124.7,M,38.9,M,,`);
    const list = withChecksum("GPGSA,A,3,09,05,14,26,,,,,,,,,2.9,2.2,1.9");
    const gsv = withChecksum("GPGSV,1,1,04,09,40,100,40,05,30,200,41,14,20,300,38,26,60,050,44");
    const cycle = (time: string): string[] => [gga(time), list, list, gsv];
    const epochs = await epochsOfLog({ text: [...cycle("102030.00"), ...cycle("102031.00"), ...cycle("102032.00")].join("\r\n") + "\r\n" });
    expect(epochs.map((e) => e.satellitesUsed)).toEqual([4, 4, 4]);
    expect(epochs[1]?.satellites.satellites.filter((s) => s.usedInFix)).toHaveLength(4);
  });

  it("a further list whose ids the first list also has is another constellation's, not a repeat (Galileo 05, 13 beside GPS 05, 13)", async () => {
    const gga = (time: string): string => withChecksum(`GPGGA,${time},4807.0381,N,01131.0012,E,1,09,1.1,521.3,M,47.1,M,,`);
    const lists = [
      "GPGSA,A,3,05,13,20,,,,,,,,,,1.9,1.1,1.5",
      "GPGSA,A,3,71,,,,,,,,,,,,1.9,1.1,1.5",
      "GPGSA,A,3,05,13,,,,,,,,,,,1.9,1.1,1.5",
      "GPGSA,A,3,08,22,29,,,,,,,,,,1.9,1.1,1.5",
    ];
    const gsv = withChecksum("GPGSV,1,1,03,05,62,120,44,13,35,250,39,20,48,301,41");
    const cycle = (time: string): string[] => [gga(time), ...lists.map((l) => withChecksum(l)), gsv];
    const epochs = await epochsOfLog({ text: `${[...cycle("121500.00"), ...cycle("121501.00")].join("\r\n")}\r\n` });
    expect(epochs.map((e) => e.satellitesUsed)).toEqual([9, 9]);
  });
});
