// ZDA's time is the moment it was sent (cycles.ts rule 13): once the receiver has sent a solution's time, a ZDA gives
// only its date and makes no epoch of its own, wherever its time falls (50 ms after the fix, between two cycles).
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { epochsOfLog } from "../output/log-epochs.js";

const lines = (...sentences: string[]): string => `${sentences.map((s) => withChecksum(s)).join("\r\n")}\r\n`;

describe("ZDA after a solution's time", () => {
  it("50 ms after the fix (fixtures/zda-after-fix-time.nmea): one dated epoch per fix, none without a position", async () => {
    const epochs = await epochsOfLog({ file: "zda-after-fix-time.nmea" });
    expect(epochs.map((e) => [e.timeMs === undefined ? undefined : new Date(e.timeMs).toISOString(), e.mode])).toEqual([
      ["2017-12-20T23:56:47.000Z", "3d"],
      ["2017-12-20T23:56:48.000Z", "3d"],
      ["2017-12-20T23:56:49.000Z", "3d"],
      ["2017-12-20T23:56:50.000Z", "3d"],
    ]);
  });

  it("between two cycles of an instrument bus (GLL every 2 s, ZDA a second before the next): no epoch of its own", async () => {
    const epochs = await epochsOfLog({
      text: lines(
        "GPGLL,6005.038,N,02332.279,E,095626,A,D",
        "GPZDA,095627,04,08,2019,00,",
        "GPGLL,6005.039,N,02332.280,E,095628,A,D",
        "GPZDA,095629,04,08,2019,00,",
        "GPGLL,6005.040,N,02332.281,E,095630,A,D",
        "GPZDA,095631,04,08,2019,00,",
        "GPGLL,6005.041,N,02332.282,E,095632,A,D",
      ),
    });
    expect(epochs.map((e) => e.mode)).toEqual(["2d", "2d", "2d", "2d"]);
    expect(epochs.slice(1).every((e) => e.timeMs !== undefined && new Date(e.timeMs).toISOString().startsWith("2019-08-04T09:56"))).toBe(true);
  });

  it("a receiver that sends ZDA alone (a timing receiver) still has an epoch per ZDA, with its time", async () => {
    const epochs = await epochsOfLog({
      text: lines("GPZDA,120000.00,07,12,2026,00,00", "GPZDA,120001.00,07,12,2026,00,00", "GPZDA,120002.00,07,12,2026,00,00"),
    });
    expect(epochs.map((e) => (e.timeMs === undefined ? undefined : new Date(e.timeMs).toISOString()))).toEqual([
      "2026-12-07T12:00:00.000Z",
      "2026-12-07T12:00:01.000Z",
      "2026-12-07T12:00:02.000Z",
    ]);
  });
});
