// GSA lists told apart by the NMEA 4.10 system id, whatever the talker: a receiver that puts GP on every GSA
// (fixtures/gsa-gp-talker-system-ids.nmea) lists one constellation per GSA, and the lists add up; a GSA of the same
// talker and system id as the one before begins the next cycle's list.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { epochsOfLog, satellitesByConstellation } from "../output/log-epochs.js";

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
});
