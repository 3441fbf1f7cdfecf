// GRS (range residuals) is known and neutral to the cycle: a u-blox M8's two GNGRS per cycle (one per
// constellation's GSA) neither split the cycle nor count as unsupported sentences.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { eventsOfLog } from "../output/log-epochs.js";

const cycle = (tod: string): string[] => [
  withChecksum(`GNGGA,${tod},,,,,0,00,99.99,,,,,,`),
  withChecksum("GNGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99"),
  withChecksum(`GNGLL,,,,,${tod},V,N`),
  withChecksum(`GNGRS,${tod},1,,,,,,,,,,,,`),
  withChecksum(`GNGRS,${tod},1,,,,,,,,,,,,`),
  withChecksum(`GNGST,${tod},0.0000,,,,5773795,5773795,5773794`),
  withChecksum(`GNZDA,${tod},12,09,2018,00,00`),
];

describe("GRS in a u-blox cycle", () => {
  it("three cycles are three epochs, with no diagnostic", async () => {
    const text = `${["181604.00", "181605.00", "181606.00"].flatMap(cycle).join("\n")}\n`;
    const events = await eventsOfLog({ text });
    expect(events.filter((e) => e.type === "diagnostic")).toEqual([]);
    const epochs = events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
    expect(epochs.map((e) => e.timeOfDayMs)).toEqual([65_764_000, 65_765_000, 65_766_000]);
  });
});
