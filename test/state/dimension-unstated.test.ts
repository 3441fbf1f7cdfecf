// RMC and GLL cannot tell 2D from 3D: a fix only they speak of, with no GSA, GGA/GNS, PGRMZ or UBX fix and no altitude
// known, has a dimension the receiver did not state (an AIS transponder's RMC+GBS, an instrument bus's GLL). The report
// called all of it "2D" with "Why only 2D: the receiver does not say how many satellites it uses"; it is now a fix
// whose dimension is not stated. gpsd's TPV keeps mode 2, as gpsd prints it.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { toTpv } from "../../src/output/gpsd.js";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

const text = (lines: string[]): { text: string } => ({ text: `${lines.join("\r\n")}\r\n` });
const gll = (t: string): string => withChecksum(`GPGLL,6005.071,N,02332.346,E,${t},A,A`);
const rmc = (t: string): string => withChecksum(`GPRMC,${t},A,6005.071,N,02332.346,E,3.0,221.8,040819,,,A`);
const gga = (t: string, altitude: string): string => withChecksum(`GPGGA,${t},6005.071,N,02332.346,E,1,07,1.1,${altitude},M,17.0,M,,`);

describe("a fix whose dimension the receiver does not state", () => {
  it("RMC alone (with GBS), or GLL alone: dimension not stated, gpsd's mode 2, no 'Why only 2D'", async () => {
    for (const fixture of [{ file: "gbs-error-estimates.nmea" }, text(["095559", "095600", "095601"].map(gll))]) {
      const epochs = (await epochsOfLog(fixture)).filter((e) => e.incomplete !== true);
      expect(epochs.map((e) => [e.mode, e.dimensionUnstated, toTpv(e).mode])).toEqual(Array(epochs.length).fill(["2d", true, 2]));
      const report = reportOfEvents(await eventsOfLog(fixture));
      expect(report.fixAvailability.map((a) => a.fixClass)).toEqual(["fix"]);
      const out = formatReportText(report);
      expect(out).toContain("fix, 2D/3D not stated  100.0%");
      expect(out).not.toContain("Why only 2D");
    }
  });

  it("is stated where a GGA gives it, and kept by an RMC-only cycle after it (gpsd: RMC never downgrades a 3D)", async () => {
    const lines = [gga("120000", "45.0"), rmc("120000"), gga("120001", ""), rmc("120001"), rmc("120002"), gga("120003", "45.0"), rmc("120003"), rmc("120004")];
    const epochs = await epochsOfLog(text(lines));
    expect(epochs.map((e) => [e.mode, e.dimensionUnstated])).toEqual([
      ["3d", undefined],
      ["3d", undefined],
      ["3d", undefined],
      ["3d", undefined],
      ["3d", undefined],
    ]);
  });
});
