// The report's used/fix is a mean over the fixes whose used satellites the receiver stated (a GGA/GNS count or a GSA
// list): a fix with neither says nothing of them, and counting it as 0 used made a Garmin 38's 5 used per fix 4.2
// (gpsd's garmin38.log: its first fix comes from an RMC before any GGA).
import { describe, expect, it } from "vitest";
import { createReportBuilder } from "../../src/output/report/builder.js";
import { eventsOfLog } from "./log-epochs.js";

function sentence(body: string): string {
  let sum = 0;
  for (const c of body) sum ^= c.charCodeAt(0);
  return `$${body}*${sum.toString(16).toUpperCase().padStart(2, "0")}`;
}

async function reportOf(bodies: string[]) {
  const builder = createReportBuilder();
  for (const event of await eventsOfLog({ text: `${bodies.map(sentence).join("\r\n")}\r\n` })) builder.add(event);
  return builder.result();
}

const rmc = (t: string) => `GPRMC,${t},A,5212.9821,N,00653.1014,E,0.04,0.00,230808,,,A`;
const gga = (t: string, used: number) => `GPGGA,${t},5212.9821,N,00653.1014,E,1,${used},1.2,102.9,M,47.1,M,,`;
const gsa = "GPGSA,A,3,21,28,08,25,10,,,,,,,,2.1,1.2,1.7";
const gsv = ["GPGSV,2,1,05,21,13,320,42,28,42,144,52,08,63,065,50,25,30,100,45", "GPGSV,2,2,05,10,20,200,44"];

describe("used satellites per fix", () => {
  it("leave out a fix that states none: an RMC-only first fix, then GGA+GSA+GSV cycles with 5", async () => {
    const report = await reportOf([rmc("120000.00"), ...["120001.00", "120002.00", "120003.00"].flatMap((t) => [gga(t, 5), gsa, ...gsv, rmc(t)])]);
    expect(report.epochsWithFix).toBe(4);
    expect(report.constellations.map((c) => [c.constellation, c.used, c.meanUsedPerFix])).toEqual([["gps", 5, 5]]);
    expect(report.usedNotNamedPerFix).toBeUndefined();
  });

  it("of a receiver that only counts them: the mean of its counts, not diluted by a fix without one", async () => {
    const report = await reportOf([rmc("120000.00"), ...["120001.00", "120002.00"].flatMap((t) => [gga(t, 6), rmc(t)])]);
    expect(report.epochsWithFix).toBe(3);
    expect(report.usedNotNamedPerFix).toBe(6);
  });
});
