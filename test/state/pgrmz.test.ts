// Garmin's PGRMZ altitude (whole feet; a FLARM's is barometric) only fills a cycle without a GGA or GNS altitude.
import { describe, expect, it } from "vitest";
import { epochsOfLog } from "../output/log-epochs.js";

describe("PGRMZ beside GGA", () => {
  it("a FLARM's pressure altitude (PGRMZ 71 ft) never replaces the GGA's 91.7 m, whichever cycle it is counted in", async () => {
    const epochs = await epochsOfLog({ file: "flarm-pgrmz-pressure-altitude.nmea" });
    expect(epochs.map((e) => e.altitudeMslM)).toEqual([91.7, 91.7, 91.7]);
  });

  it("fills a Garmin's GLL-only cycles, which are 3D with it", async () => {
    const epochs = await epochsOfLog({ file: "garmin-pgrmz-altitude.nmea" });
    const gllCycles = epochs.filter((e) => e.sentenceIds.includes("PGRMZ"));
    expect(gllCycles.length).toBeGreaterThan(0);
    for (const e of gllCycles) {
      const feet = (e.altitudeMslM ?? Number.NaN) / 0.3048; // PGRMZ's whole feet (48, 49…), not a GGA's decimetres
      expect(Math.abs(feet - Math.round(feet))).toBeLessThan(1e-6);
      expect(e.mode).toBe("3d");
    }
  });
});
