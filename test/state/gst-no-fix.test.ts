// GST while the receiver has no fix: its figures are placeholders (a u-blox M8's 5773795 m), not the error of a
// position, which the cycle does not have (fixtures/gst-placeholder-no-fix.nmea).
import { describe, expect, it } from "vitest";
import { toTpv, tpvLine } from "../../src/output/gpsd.js";
import { epochsOfLog } from "../output/log-epochs.js";

describe("GST error estimates belong to a position", () => {
  it("a no-fix cycle's GST gives no errors; a fixed cycle's does", async () => {
    const epochs = await epochsOfLog({ file: "gst-placeholder-no-fix.nmea" });
    expect(epochs.map((e) => e.mode)).toEqual(["none", "none", "3d", "3d"]);
    for (const e of epochs.slice(0, 2)) {
      expect([e.latitudeErrorM, e.longitudeErrorM, e.altitudeErrorM, e.ephM, e.epvM]).toEqual([undefined, undefined, undefined, undefined, undefined]);
      // gpsd's TPV for such a cycle has no epx/epy either (gpsd 3.22 on the same lines)
      expect(toTpv(e)).not.toHaveProperty("epx");
      expect(tpvLine(e)).not.toContain('"epy"');
    }
    const fixed = epochs[2];
    expect(fixed).toMatchObject({ latitudeErrorM: 3.8, longitudeErrorM: 2.9, altitudeErrorM: 6.4 });
    expect(toTpv(fixed as NonNullable<typeof fixed>)).toMatchObject({ epy: 7.6, epx: 5.8 });
  });
});
