// The monitor's fix label says the dimension only where the receiver stated it: a fix only RMC or GLL speak of
// (Epoch.dimensionUnstated: an AIS transponder's RMC) is "fix (2D/3D not stated)", not "2D fix".
import { describe, expect, it } from "vitest";
import { fixLabel } from "../../src/cli/monitor/render.js";
import type { FixState } from "../../src/types.js";

const fixed = (mode: "2d" | "3d", quality: "autonomous" | "dgps"): FixState => ({ kind: "fixed", mode, quality, sinceMs: 0 });

describe("the monitor's fix label", () => {
  it("gives the dimension the receiver stated", () => {
    expect(fixLabel(fixed("2d", "autonomous")).text).toBe("2D fix");
    expect(fixLabel(fixed("3d", "dgps")).text).toBe("DGPS 3D fix");
  });

  it("gives none where the receiver did not state it", () => {
    expect(fixLabel(fixed("2d", "autonomous"), true, true).text).toBe("fix (2D/3D not stated)");
    expect(fixLabel(fixed("2d", "dgps"), true, true).text).toBe("DGPS fix (2D/3D not stated)");
  });
});
