// A stream whose receive-time stamps begin after unstamped lines (`replay --stamped` leaves a receiver's untimed
// first cycles unstamped): the host time of those lines does not compare with the stamps, so a TTFF whose start
// lies among them is not measured in seconds; without cycles before, it starts at the first stamp.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { createParser } from "../../src/parsing/index.js";
import { createTracker } from "../../src/state/index.js";
import type { TrackerEvent } from "../../src/types.js";

const untimedCycle = ["GPGGA,,,,,,0,00,,,M,,M,,", "GPRMC,,V,,,,,,,,,,N"];
const timedCycle = (hhmmss: string, fix: boolean): string[] =>
  fix
    ? [`GPGGA,${hhmmss},4807.038,N,01131.000,E,1,05,1.2,545.4,M,46.9,M,,`, `GPRMC,${hhmmss},A,4807.038,N,01131.000,E,0.0,0.0,271126,,`]
    : [`GPGGA,${hhmmss},,,,,0,00,,,M,,M,,`, `GPRMC,${hhmmss},V,,,,,,,271126,,,N`];

function feed(cycles: string[][], stampsFrom: number): { events: TrackerEvent[]; ttff: ReturnType<typeof createTracker>["state"]["ttff"] } {
  const parser = createParser();
  const tracker = createTracker({ timeBase: "receive" });
  const hostMs = 1_800_000_000_000; // the pipe's clock: nothing to do with the log's
  const logMs = Date.UTC(2026, 10, 27, 12, 0, 0);
  // openGps reopens on the stamps when they come with the first line, else opens on the host clock
  const events: TrackerEvent[] = [...tracker.open(stampsFrom === 0 ? logMs : hostMs).events];
  cycles.forEach((cycle, k) => {
    const stamped = k >= stampsFrom;
    const nowMs = stamped ? logMs + (k - stampsFrom) * 1000 : hostMs + k;
    if (k === stampsFrom && k > 0) events.push(...tracker.clockReplaced(nowMs).events);
    for (const text of cycle) {
      const sentence = parser.parse({ text: withChecksum(text), checksum: "ok", receivedAtMs: nowMs }, () => undefined);
      if (sentence) events.push(...tracker.update(sentence, nowMs).events);
    }
  });
  events.push(...tracker.end(logMs + cycles.length * 1000).events);
  return { events, ttff: tracker.state.ttff };
}

describe("tracker: the clock replaced under it", () => {
  it("untimed cycles on the host clock, then stamps: TTFF not measured, the first fix after N cycles", () => {
    const cycles = [
      untimedCycle,
      untimedCycle,
      untimedCycle,
      timedCycle("120000", false),
      timedCycle("120001", false),
      timedCycle("120002", true),
      timedCycle("120003", true),
    ];
    const { events, ttff } = feed(cycles, 3);
    expect(ttff.ttffMs).toBeUndefined();
    expect(ttff.untimedCycles).toBe(3);
    expect(ttff.cyclesBeforeFix).toBe(5);
    expect(events.find((e) => e.type === "first-fix")).toMatchObject({ cyclesBeforeFix: 5 });
    expect(events.some((e) => e.type === "fix-lost")).toBe(false); // no staleness across the two clocks
  });

  it("stamps from the first line: TTFF on the stamps", () => {
    const cycles = [timedCycle("120000", false), timedCycle("120001", false), timedCycle("120002", true)];
    const { ttff } = feed(cycles, 0);
    expect(ttff.ttffMs).toBe(2000);
    expect(ttff.untimedCycles).toBeUndefined();
  });
});
