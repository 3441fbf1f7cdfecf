// On receive times (a live source, a stamped stream) the receive clock is the TTFF clock, unless it stepped before
// the first fix by more than a cycle can last: a source that fell silent, or stamps a replay made from a log whose
// receiver set its default clock (they step with it, 10 h 25 min on fixtures/default-clock-set-before-fix.nmea).
// No clock then ran over the start: the cycles are counted, as for a plain log. A commanded start keeps its clock.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { createParser } from "../../src/parsing/index.js";
import { createTracker } from "../../src/state/index.js";
import type { TrackerEvent, TtffInfo } from "../../src/types.js";

interface Line {
  text: string;
  atMs: number;
}

function run(lines: Line[], restart?: "cold"): { events: TrackerEvent[]; ttff: TtffInfo } {
  const parser = createParser();
  const tracker = createTracker({ timeBase: "receive" });
  const first = lines[0]?.atMs ?? 0;
  const events: TrackerEvent[] = [...tracker.open(first).events];
  if (restart) events.push(...tracker.restart(restart, first).events);
  for (const { text, atMs } of lines) {
    const sentence = parser.parse({ text, checksum: "ok", receivedAtMs: atMs }, () => undefined);
    if (sentence) events.push(...tracker.update(sentence, atMs).events);
  }
  events.push(...tracker.end((lines.at(-1)?.atMs ?? 0) + 1000).events);
  return { events, ttff: tracker.state.ttff };
}

const todMs = (hhmmss: string): number => ((Number(hhmmss.slice(0, 2)) * 60 + Number(hhmmss.slice(2, 4))) * 60 + Number(hhmmss.slice(4))) * 1000;

/** The fixture stamped as `replay --stamped` stamps it: each line at its cycle's UTC (the receiver's date and time). */
function stampedLikeReplay(): Line[] {
  const text = readFileSync(new URL("../../fixtures/default-clock-set-before-fix.nmea", import.meta.url), "utf8");
  let day = Date.UTC(1980, 0, 5);
  let lastTod = 0;
  return text
    .split("\n")
    .filter((l) => l.startsWith("$"))
    .map((l) => {
      // GSV has no time: it keeps its cycle's
      const tod = /^\$GP(GGA|RMC),/.test(l) ? todMs(l.split(",")[1]!) : lastTod;
      if (tod < lastTod) day += 86_400_000;
      lastTod = tod;
      return { text: l, atMs: day + tod };
    });
}

const cycle = (hhmmss: string, fix: boolean, atMs: number): Line[] =>
  (fix
    ? [`GPGGA,${hhmmss},4807.038,N,01131.000,E,1,05,1.2,545.4,M,46.9,M,,`, `GPRMC,${hhmmss},A,4807.038,N,01131.000,E,0.0,0.0,271126,,`]
    : [`GPGGA,${hhmmss},,,,,0,00,,,M,,M,,`, `GPRMC,${hhmmss},V,,,,,,,271126,,,N`]
  ).map((t) => ({ text: withChecksum(t), atMs }));
const untimedCycle = (atMs: number): Line[] => ["GPGGA,,,,,,0,00,,,M,,M,,", "GPRMC,,V,,,,,,,,,,N"].map((t) => ({ text: withChecksum(t), atMs }));

describe("tracker on receive times: a step of the receive clock before the first fix", () => {
  it("stamps that step with a default clock being set: not measured, 8 cycles, the first 5 on a default clock", () => {
    const { events, ttff } = run(stampedLikeReplay());
    expect(ttff.ttffMs).toBeUndefined();
    expect(ttff).toMatchObject({ cyclesBeforeFix: 8, untimedCycles: 5, timeJumped: true, clockSet: true });
    expect(events.find((e) => e.type === "first-fix")).toMatchObject({ cyclesBeforeFix: 8, clockSet: true });
  });

  it("a live receiver setting its clock while the receive clock runs on: TTFF is the receive time (8 s)", () => {
    const lines = stampedLikeReplay();
    const t0 = 1_800_000_000_000;
    // one receive second per cycle (three sentences each), whatever the receiver's own clock says
    const live = lines.map((l, i) => ({ text: l.text, atMs: t0 + Math.floor(i / 3) * 1000 }));
    const { ttff } = run(live);
    expect(ttff.ttffMs).toBe(8000);
    expect(ttff.cyclesBeforeFix).toBeUndefined();
  });

  it("a source silent for 45 s before the first fix: the cycles are counted, the silence said", () => {
    const t0 = 1_800_000_000_000;
    const lines = [...untimedCycle(t0), ...untimedCycle(t0 + 1000), ...untimedCycle(t0 + 46_000), ...cycle("120001", true, t0 + 47_000)];
    const { events, ttff } = run(lines);
    expect(ttff.ttffMs).toBeUndefined();
    expect(ttff).toMatchObject({ cyclesBeforeFix: 3, untimedCycles: 2, silenceBeforeFix: true });
    expect(ttff.timeJumped).toBeUndefined();
    expect(events.find((e) => e.type === "first-fix")).toMatchObject({ silenceBeforeFix: true });
  });

  it("a silence of 20 s (less than a cycle can last) is timed over", () => {
    const t0 = 1_800_000_000_000;
    const lines = [...untimedCycle(t0), ...untimedCycle(t0 + 20_000), ...cycle("120001", true, t0 + 21_000)];
    expect(run(lines).ttff.ttffMs).toBe(21_000);
  });

  it("a commanded restart knows its start: a receiver silent for 45 s after it still gets its TTFF", () => {
    const t0 = 1_800_000_000_000;
    const lines = [...untimedCycle(t0), ...untimedCycle(t0 + 45_000), ...cycle("120001", true, t0 + 46_000)];
    expect(run(lines, "cold").ttff.ttffMs).toBe(46_000);
  });
});

describe("GPS week rollover is judged on the dates of fixes", () => {
  it("a default clock (1980) before a fix dated 2008 is no rollover", () => {
    const { events } = run(stampedLikeReplay());
    expect(events.some((e) => e.type === "week-rollover")).toBe(false);
  });

  it("fixes dated 1999 (a receiver the rollover sent back) are", () => {
    const t0 = 1_800_000_000_000;
    const lines = [
      { text: withChecksum("GPRMC,120000,A,4807.038,N,01131.000,E,0.0,0.0,150499,,"), atMs: t0 },
      { text: withChecksum("GPGGA,120000,4807.038,N,01131.000,E,1,05,1.2,545.4,M,46.9,M,,"), atMs: t0 },
      { text: withChecksum("GPRMC,120001,A,4807.038,N,01131.000,E,0.0,0.0,150499,,"), atMs: t0 + 1000 },
      { text: withChecksum("GPGGA,120001,4807.038,N,01131.000,E,1,05,1.2,545.4,M,46.9,M,,"), atMs: t0 + 1000 },
    ];
    expect(run(lines).events.filter((e) => e.type === "week-rollover")).toHaveLength(1);
  });
});
