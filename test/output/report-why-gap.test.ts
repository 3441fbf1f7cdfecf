// A "Why" stretch does not run across a gap in the log: a receiver off for 53 s between two runs was "tracking 1,
// waiting for ephemeris for 1 min 50 s" (sweep F, a SIMCom SIM33 whose lines carry the host's clock). A gap is an
// interval over 10 s and 2.5 × the log's cadence (report/cadence.ts): the stretch ends a cycle after its last epoch.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { eventsOfLog, reportOfEvents } from "./log-epochs.js";

const hhmmss = (s: number): string => {
  const t = new Date(Date.UTC(2024, 0, 1, 12, 0, 0) + s * 1000).toISOString();
  return `${t.slice(11, 13)}${t.slice(14, 16)}${t.slice(17, 19)}.00`;
};
const searching = (s: number): string =>
  [withChecksum(`GPGGA,${hhmmss(s)},,,,,0,00,99.99,,,,,,`), withChecksum("GPGSV,1,1,01,09,,,27"), withChecksum(`GPRMC,${hhmmss(s)},V,,,,,,,010124,,,N`)].join(
    "\r\n",
  );

describe("a Why stretch and a gap in the log", () => {
  it("ends a cycle after the last epoch before the gap; the same wait after it is a stretch of its own", async () => {
    const seconds = [...Array.from({ length: 10 }, (_, k) => k), ...Array.from({ length: 10 }, (_, k) => 70 + k)];
    const report = reportOfEvents(await eventsOfLog({ text: `${seconds.map(searching).join("\r\n")}\r\n` }));
    const waiting = report.diagnosis?.waiting ?? [];
    const spans = waiting.map((w) => [((w.fromMs ?? 0) - (waiting[0]?.fromMs ?? 0)) / 1000, ((w.toMs ?? 0) - (w.fromMs ?? 0)) / 1000]);
    expect(spans).toEqual([
      [0, 10],
      [70, 9],
    ]);
  });
});
