// A restart written while the receiver is sending a cycle (the host acts on the time change, after that cycle's
// first sentence): the rest of that cycle is the receiver's old output. It closes as any cycle does and the
// restart applies after it, dated when it was commanded: its old fix is no TTFF of 0 s, and the cycle detector
// stays in step (cut after the RMC, it took RMC for the ender and read every later cycle a sentence off).
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { createParser } from "../../src/parsing/index.js";
import { createTracker } from "../../src/state/index.js";
import type { Epoch, TrackerEvent } from "../../src/types.js";

const parser = createParser();
const parse = (text: string, atMs: number) => parser.parse({ text: withChecksum(text), checksum: "ok", receivedAtMs: atMs }, () => undefined)!;

/** A u-blox 8 cycle: RMC VTG GGA GSA GLL, fixed or searching without time. */
const cycle = (hhmmss: string | undefined): string[] =>
  hhmmss === undefined
    ? ["GPRMC,,V,,,,,,,,,,N", "GPVTG,,,,,,,,,N", "GPGGA,,,,,,0,00,99.99,,,,,,", "GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99", "GPGLL,,,,,,V,N"]
    : [
        `GPRMC,${hhmmss}.00,A,4807.038,N,01131.000,E,0.0,0.0,271126,,,A`,
        "GPVTG,,T,,M,0.0,N,0.0,K,A",
        `GPGGA,${hhmmss}.00,4807.038,N,01131.000,E,1,08,1.0,545.4,M,46.9,M,,`,
        "GPGSA,A,3,01,02,03,04,05,06,07,08,,,,,1.8,1.0,1.5",
        `GPGLL,4807.038,N,01131.000,E,${hhmmss}.00,A,A`,
      ];

describe("tracker: a restart commanded while a cycle is being received", () => {
  it("applies after that cycle: no TTFF from its old fix, the later cycles whole", () => {
    const tracker = createTracker({ timeBase: "receive" });
    const t0 = 1_800_000_000_000;
    const events: TrackerEvent[] = [...tracker.open(t0).events];
    const feed = (lines: string[], atMs: number): void => {
      for (const line of lines) events.push(...tracker.update(parse(line, atMs), atMs).events);
    };
    feed(cycle("120000"), t0);
    feed(cycle("120001"), t0 + 1000);
    const [first, ...rest] = cycle("120002");
    feed([first!], t0 + 2000);
    // the command goes out now, the rest of the 12:00:02 cycle is on the wire
    events.push(...tracker.restart("cold", t0 + 2000).events);
    feed(rest, t0 + 2030);
    for (let k = 1; k <= 5; k++) feed(cycle(undefined), t0 + 2000 + k * 1000);
    feed(cycle("120008"), t0 + 8000);
    feed(cycle("120009"), t0 + 9000);
    events.push(...tracker.end(t0 + 9500).events);

    const epochs = events.filter((e): e is { type: "epoch"; epoch: Epoch } => e.type === "epoch").map((e) => e.epoch);
    // every cycle whole, in step: RMC first, GLL last
    for (const epoch of epochs) expect(epoch.sentenceIds, String(epoch.timeOfDayMs)).toEqual(["RMC", "VTG", "GGA", "GSA", "GLL"]);
    // the receiver had a fix when the source opened (not measurable); the restart's first fix comes after its start
    const restartAt = events.findIndex((e) => e.type === "start" && e.start.basis === "commanded");
    const firstFix = events.slice(restartAt).find((e) => e.type === "first-fix");
    expect(firstFix).toMatchObject({ ttffMs: 6000, atMs: t0 + 8000 });
    expect(tracker.state.ttff).toMatchObject({ startedAtMs: t0 + 2000, ttffMs: 6000 });
    expect(tracker.state.start).toMatchObject({ type: "cold", basis: "commanded" });
  });
});
