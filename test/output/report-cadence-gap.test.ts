// A log's own steady cadence is no gap (report/builder.ts): a phone's logger or a power-saving receiver writing one
// cycle every 12 s (a Pixel 6 through GnssLogger) showed 16 % "no data (gap)", at 30 s two thirds. A gap is an
// interval over 10 s and over 2.5 times the log's cadence (the median of its last five intervals): a 40 s hole
// in a 1 Hz log still is one.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { eventsOfLog, reportOfEvents } from "./log-epochs.js";

const hhmmss = (s: number): string => {
  const t = new Date(Date.UTC(2024, 0, 1, 12, 0, 0) + s * 1000).toISOString();
  return `${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}.00`;
};
const cycle = (s: number): string =>
  [
    withChecksum(`GPGGA,${hhmmss(s)},4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,`),
    withChecksum(`GPRMC,${hhmmss(s)},A,4807.038,N,01131.000,E,0.0,0.0,010124,,,A`),
  ].join("\r\n");

async function availability(seconds: number[]): Promise<Record<string, number>> {
  const report = reportOfEvents(await eventsOfLog({ text: `${seconds.map(cycle).join("\r\n")}\r\n` }));
  return Object.fromEntries(report.fixAvailability.map((a) => [a.fixClass, Math.round(a.durationMs / 1000)]));
}

describe("gaps against the log's own cadence", () => {
  it("a cycle every 12 s, or every 30 s, is 100 % 3D, no gap", async () => {
    expect(await availability(Array.from({ length: 20 }, (_, k) => 12 * k))).toEqual({ "3d": 240 });
    expect(await availability(Array.from({ length: 20 }, (_, k) => 30 * k))).toEqual({ "3d": 600 });
  });

  it("a 40 s hole in a 1 Hz log is a gap of 30 s; a hole of 2.5 cycles in a 12 s log is one too", async () => {
    const oneHz = [...Array.from({ length: 20 }, (_, k) => k), ...Array.from({ length: 20 }, (_, k) => 59 + k)];
    expect(await availability(oneHz)).toEqual({ "3d": 49, "no-data": 30 });
    const twelve = [...Array.from({ length: 10 }, (_, k) => 12 * k), ...Array.from({ length: 10 }, (_, k) => 108 + 60 + 12 * k)];
    expect(await availability(twelve)).toEqual({ "3d": 258, "no-data": 30 });
  });
});
