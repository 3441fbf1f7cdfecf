// A receiver that goes on calling it a fix after it lost lock (a Garmin GPS 15H for seconds: RMC A, GGA quality 1
// with 00 satellites used, an empty GSA, every SNR 00): counted as the fixes it says they are, and said to have
// used no satellite (sweep E, M3). Fixture: garmin-coasting-no-satellites.nmea.
import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/text.js";
import { eventsOfLog, reportOfEvents } from "./log-epochs.js";

const FILE = "garmin-coasting-no-satellites.nmea";

describe("fixes with no satellite used (coasting)", () => {
  it("the report counts them apart and Why says the 2D fix is the last solution carried on", async () => {
    const report = reportOfEvents(await eventsOfLog({ file: FILE }));
    expect(report.fixesWithoutSatellites).toBe(3);
    expect(report.fixAvailability.map((a) => [a.fixClass, a.epochs])).toEqual([
      ["2d", 3],
      ["3d", 2],
    ]);
    const text = formatReportText(report);
    expect(text).toContain("(3 fixes with no satellite used, as the receiver says (GGA/GNS 00): its last solution carried on (coasting), not measured then)");
    expect(report.diagnosis?.final.map((l) => l.text)).toEqual([
      "2D fix with no satellite used, as the receiver says: its last solution carried on (coasting), not a measurement",
    ]);
  });

  it("per-system GNS count their own systems: a GLGNS N,00 beside GPGNS 08 is no fix without satellites", async () => {
    const sentence = (body: string): string => {
      let sum = 0;
      for (const c of body) sum ^= c.charCodeAt(0);
      return `$${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}`;
    };
    const lines: string[] = [];
    for (let k = 0; k < 3; k++) {
      const t = `12000${k}.00`;
      lines.push(
        `GPGNS,${t},4807.0380,N,01131.0000,E,A,08,0.9,545.4,46.9,,,V`,
        `GLGNS,${t},4807.0380,N,01131.0000,E,N,00,0.9,545.4,46.9,,,V`,
        `GNRMC,${t},A,4807.0380,N,01131.0000,E,0.0,0.0,070326,,,A,V`,
      );
    }
    const events = await eventsOfLog({ text: `${lines.map(sentence).join("\r\n")}\r\n` });
    const report = reportOfEvents(events);
    expect(report.fixesWithoutSatellites).toBeUndefined();
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => e.satellitesUsed)).toEqual([8, 8, 8]);
  });
});
