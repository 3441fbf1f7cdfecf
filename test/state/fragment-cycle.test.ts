// A cycle closed before its time, position or any word on the fix came is no epoch of its own when the receiver
// states its fix in its cycles (tracker.ts, at CLOSE_BEFORE, at CLOSE_AFTER, and at the end of input): alone it would
// say "no fix", which nothing said.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { epochsOfLog } from "../output/log-epochs.js";

describe("a fragment of a cycle that says nothing of the fix", () => {
  it("a Garmin G5's VTG sent twice between two cycles joins the next cycle: no epoch without time, position or fix", async () => {
    const epochs = await epochsOfLog({ file: "vtg-repeat-between-cycles.nmea" });
    expect(epochs.map((e) => e.mode)).toEqual(["3d", "3d", "3d", "3d", "3d", "3d"]);
    const next = epochs.find((e) => e.timeOfDayMs === (20 * 3600 + 14 * 60 + 16) * 1000);
    expect(next?.sentenceIds).toEqual(["VTG", "VTG", "GGA", "GLL"]);
    // the later VTG's speed: 81.2 kn
    expect((next?.speedMps ?? 0) / (1852 / 3600)).toBeCloseTo(81.2, 6);
  });

  it("a Garmin's PGRMZ after a GSA that closed its cycle too early joins the next cycle: no untimed 'no fix' epoch at the first fix", async () => {
    const epochs = await epochsOfLog({ file: "garmin-pgrmz-after-early-close.nmea" });
    expect(epochs.every((e) => e.timeOfDayMs !== undefined)).toBe(true);
    expect(epochs.filter((e) => e.mode === "none" && e.fixState.kind === "fixed")).toEqual([]);
    // from the first fix on, one epoch per time of day, each a fix (the RMC a second behind the GGA, as the receiver sends it)
    const afterFix = epochs.slice(epochs.findIndex((e) => e.mode !== "none"));
    expect(afterFix.map((e) => e.mode)).toEqual(["2d", "3d", "3d", "3d", "3d", "3d", "3d", "3d"]);
    // the PGRMZ the early close left alone is in the 10:20:27 epoch
    expect(afterFix[2]?.sentenceIds).toEqual(["PGRMZ", "RMC"]);
  });

  it("a source that never states a fix (a speed log sending VTG alone) still gives an epoch per VTG", async () => {
    const lines = ["IIVTG,231.2,T,,M,5.1,N,9.4,K", "IIVTG,231.5,T,,M,5.3,N,9.8,K", "IIVTG,231.9,T,,M,5.2,N,9.6,K"];
    const epochs = await epochsOfLog({ text: `${lines.map((l) => withChecksum(l)).join("\r\n")}\r\n` });
    expect(epochs).toHaveLength(3);
    expect(epochs.every((e) => e.sentenceIds.length === 1)).toBe(true);
  });
});
