// One GSV sequence over several talkers (fixtures/gsv-sequence-across-talkers.nmea): a next part of another talker
// continues the sequence when its part count and satellites in view are the sequence's.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { epochsOfLog, satellitesByConstellation } from "../output/log-epochs.js";

describe("a GSV sequence across talkers", () => {
  it("a Trimble's 4 parts over GP, GL and GA are one view of 13, each satellite in its constellation", async () => {
    const epochs = await epochsOfLog({ file: "gsv-sequence-across-talkers.nmea" });
    expect(epochs).toHaveLength(2);
    for (const epoch of epochs) {
      expect(epoch.satellites.inViewCount).toBe(13);
      expect(satellitesByConstellation(epoch, false)).toEqual({ gps: 7, glonass: 4, galileo: 2 });
      expect(satellitesByConstellation(epoch, true)).toEqual({ gps: 6, glonass: 4 });
    }
  });

  it("a part of another talker whose satellites-in-view count differs is no continuation: that part is kept apart, as its own group's page", async () => {
    const lines = [
      "GPGGA,120000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,",
      "GPGSV,2,1,06,01,40,083,46,02,17,308,41,12,07,344,39,14,22,228,45",
      "GLGSV,2,2,05,73,52,022,52,74,62,247,50",
      "GPRMC,120000.00,A,4807.038,N,01131.000,E,0.0,0.0,071226,,",
    ];
    const epochs = await epochsOfLog({ text: `${lines.map((l) => withChecksum(l)).join("\r\n")}\r\n` });
    const view = epochs[0]?.satellites;
    // not joined to the GPS sequence (which then would be whole): a page 2 of a GLONASS group of its own, both incomplete
    expect(view?.satellites.map((s) => s.key)).toEqual(["gps:1", "gps:2", "gps:12", "gps:14", "glonass:9", "glonass:10"]);
    expect(view?.incomplete).toBe(true);
  });
});
