// The report's "Why no fix" runs on the log's own clock, whatever its first bytes are: a plain log's cycles before
// the receiver's first time of day have no clock time ("before the first time"), also where the log begins with a
// binary packet (a UBX log, or NMEA after a binary packet), whose event comes before the first sentence or UBX
// message says what clock the log has.
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { ubxFrame } from "../../src/framing/ubx.js";
import { createReportBuilder, formatReportText, type Report } from "../../src/output/report/index.js";
import { concatBytes } from "../../src/sources/bytes.js";
import { withChecksum } from "../../src/framing/index.js";
import { memorySource } from "../_memory-source.js";

async function reportOf(bytes: Uint8Array): Promise<Report> {
  const builder = createReportBuilder();
  for await (const event of openGps({ source: memorySource(bytes) }).events()) builder.add(event);
  return builder.result();
}

const concat = (...parts: Uint8Array[]): Uint8Array => concatBytes(parts);

const text = (lines: string[]): Uint8Array => new TextEncoder().encode(lines.map((l) => `${l}\r\n`).join(""));

/** A UBX packet gnsskit does not decode (NAV-POSECEF): a binary event, no UBX message. */
const posEcef = ubxFrame(0x01, 0x01, new Uint8Array(20));

// three satellites heard; one cycle without a time of day, then timed cycles without a fix
const nmea = text([
  "$GPGSV,1,1,03,01,,,30,02,,,32,03,,,35*7E",
  "$GPRMC,,V,,,,,,,,,,N*53",
  "$GPGSV,1,1,03,01,,,30,02,,,32,03,,,35*7E",
  "$GPRMC,120000.00,V,,,,,,,070623,,,N*7E",
  "$GPGSV,1,1,03,01,,,30,02,,,32,03,,,35*7E",
  "$GPRMC,120001.00,V,,,,,,,070623,,,N*7F",
  "$GPGSV,1,1,03,01,,,30,02,,,32,03,,,35*7E",
  "$GPRMC,120002.00,V,,,,,,,070623,,,N*7C",
]);

/** NAV-PVT with no fix; with a valid date and time of day from `timed` on. */
function navPvt(second: number, timed: boolean): Uint8Array {
  const p = new Uint8Array(92);
  const view = new DataView(p.buffer);
  view.setUint32(0, (12 * 3600 + second + 18) * 1000, true); // iTOW: 12:00:ss UTC on a Sunday
  view.setUint16(4, 2023, true);
  p.set([7, 2, 12, 0, second], 6); // 2023-07-02 12:00:ss
  p[11] = timed ? 0x07 : 0x00; // validDate, validTime, fullyResolved
  p[20] = 0; // no fix
  return ubxFrame(0x01, 0x07, p);
}

/** NAV-SAT: three GPS satellites tracked (code locked), none used. */
function navSat(second: number): Uint8Array {
  const p = new Uint8Array(8 + 3 * 12);
  const view = new DataView(p.buffer);
  view.setUint32(0, (12 * 3600 + second + 18) * 1000, true);
  p[4] = 1;
  p[5] = 3;
  for (let n = 0; n < 3; n++) {
    const at = 8 + 12 * n;
    p.set([0, n + 1, 30 + n], at); // GPS n+1, 30.. dB-Hz
    view.setUint32(at + 8, 4 | (1 << 12), true); // code locked, almanac
  }
  return ubxFrame(0x01, 0x35, p);
}

const navEoe = (second: number): Uint8Array => {
  const p = new Uint8Array(4);
  new DataView(p.buffer).setUint32(0, (12 * 3600 + second + 18) * 1000, true);
  return ubxFrame(0x01, 0x61, p);
};

const ubxLog = concat(...[0, 1, 2, 3].flatMap((s) => [navPvt(s, s > 0), navSat(s), navEoe(s)]));

describe("report: the diagnosis's clock is the log's", () => {
  it.each([
    { name: "NMEA", bytes: nmea },
    { name: "NMEA after a binary packet", bytes: concat(posEcef, nmea) },
    { name: "UBX", bytes: ubxLog },
    { name: "UBX after a packet it does not decode", bytes: concat(posEcef, ubxLog) },
  ])("$name: the untimed first cycle is before the first time, and no row lasts longer than the log", async ({ bytes }) => {
    const report = await reportOf(bytes);
    expect(report.epochClock).toBe("sentence");
    expect(report.epochsWithoutTime).toBe(1);
    const waiting = report.diagnosis?.waiting ?? [];
    expect(waiting.length).toBeGreaterThan(0);
    expect(waiting[0]!.fromMs).toBeUndefined();
    for (const row of waiting) if (row.fromMs !== undefined) expect(row.toMs! - row.fromMs).toBeLessThanOrEqual(report.durationMs!);
    expect(formatReportText(report)).toMatch(/^ {2}before the first time /m);
  });
});

describe("report: what the diagnosis keeps of the packets before the clock is known", () => {
  it("a UBX log that begins with MON-HW (antenna short): the front-end report still counts", async () => {
    const hw = new Uint8Array(60);
    hw.set([3, 1, 0x01 | (1 << 2)], 20); // aStatus short, aPower on, jamming ok
    const report = await reportOf(concat(ubxFrame(0x0a, 0x09, hw), ubxLog));
    expect(report.diagnosis?.final.map((l) => l.text)).toContain("the receiver reports its antenna: short circuit in the antenna or its cable");
  });
});

describe("a log that never says what clock it has (nothing gnsskit decodes)", () => {
  it("still has a diagnosis in the report (report --json: `diagnosis` is always there)", async () => {
    const report = await reportOf(concat(posEcef, posEcef, posEcef));
    expect(report.diagnosis).toEqual({ waiting: [], omitted: 0, final: [], mask: { blocked: [], observedSectors: [] } });
  });
});

describe("the heading of what the receiver waited for", () => {
  it("says 'Why only 2D' for a receiver whose GGA gave a fix without a height all along", async () => {
    const gga = (t: string): string => withChecksum(`GPGGA,${t},6005.038,N,02332.279,E,1,03,2.1,,M,,M,,`);
    const report = await reportOf(text(["120000", "120001", "120002", "120003"].map(gga)));
    const out = formatReportText(report);
    expect(out).toContain("Why only 2D (what the receiver waited for, as it changed)");
    expect(out).not.toContain("Why no fix");
  });

  it("gives no 'Why only 2D' for RMC alone, which cannot tell 2D from 3D: a fix whose dimension is not stated", async () => {
    const rmc = (t: string): string => withChecksum(`GPRMC,${t},A,6005.038,N,02332.279,E,3.0,221.8,040819,,,D`);
    const report = await reportOf(text(["120000", "120001", "120002", "120003"].map(rmc)));
    const out = formatReportText(report);
    expect(out).not.toContain("Why only 2D");
    expect(out).not.toContain("Why no fix");
    expect(report.fixAvailability.map((a) => a.fixClass)).toEqual(["dgps"]);
  });
});

describe("cycles without a time of day between timed ones", () => {
  it("are the receiver's words for the interval: 30 cycles of `$GPRMC,,V` between two fixes 31 s apart are no fix, not a gap", async () => {
    const fix = (t: string): string[] => [
      withChecksum(`GPRMC,${t},A,5505.365117,N,03858.958455,E,0.5,82.2,310317,,,D`),
      withChecksum(`GPGGA,${t},5505.365117,N,03858.958455,E,2,09,1.3,2188.0,M,14.0,M,,`),
    ];
    const noFix = ["$GPRMC,,V,,,,,,,,,,N*53", "$GPGGA,,,,,,0,,,,,,,,*66"];
    const lines = [...fix("110129"), ...fix("110130"), ...Array.from({ length: 30 }, () => noFix).flat(), ...fix("110201"), ...fix("110202")];
    const report = await reportOf(text(lines));
    const noFixEntry = report.fixAvailability.find((a) => a.fixClass === "none");
    expect(noFixEntry?.durationMs).toBe(31_000);
    expect(report.fixAvailability.find((a) => a.fixClass === "no-data")).toBeUndefined();
  });
});
