// The start type's evidence is printed as it stands (decode's summary, monitor, report): its counts read as counts,
// one satellite in the singular (myguide-3100.log of the gpsd corpus printed "1 satellites with a signal").
import { describe, expect, it } from "vitest";
import { emptyEvidence, inferStart } from "../../src/state/start-type.js";

describe("start evidence in words", () => {
  it("one satellite is singular, more are plural", () => {
    const one = inferStart({ ...emptyEvidence(), epochsSeen: 5, ttffMs: 4000, predictedSatellites: 1, blindTrackedSatellites: 1 });
    expect(one.evidence).toContain("1 satellite with elevation/azimuth but no signal: almanac and time known");
    expect(one.evidence).toContain("1 satellite with a signal but no elevation/azimuth: no orbit data");
    const six = inferStart({ ...emptyEvidence(), epochsSeen: 5, ttffMs: 4000, predictedSatellites: 6, blindTrackedSatellites: 2 });
    expect(six.evidence).toContain("6 satellites with elevation/azimuth but no signal: almanac and time known");
    expect(six.evidence).toContain("2 satellites with a signal but no elevation/azimuth: no orbit data");
  });

  it("the receiver's own orbit sources (u-blox NAV-SAT) count the same way", () => {
    const info = inferStart({ ...emptyEvidence(), epochsSeen: 5, ttffMs: 30_000, orbits: { usable: 1, almanac: 3, none: 0 } });
    expect(info.evidence.join(" ")).toMatch(/1 satellite with an ephemeris \(or AssistNow\), 3 with an almanac only/);
  });

  it("a fix within 3 cycles (no clock): no warm or cold start from the weak cues, but a default clock set stays cold", () => {
    const quick = { ...emptyEvidence(), epochsSeen: 2, epochsWithoutTime: 1, cyclesBeforeFix: 1 };
    expect(inferStart(quick).type).toBe("unknown");
    expect(inferStart({ ...quick, predictedSatellites: 4 }).type).toBe("unknown");
    expect(inferStart({ ...quick, cyclesBeforeFix: 4 }).type).toBe("cold");
    const defaultClock = inferStart({ ...quick, cyclesBeforeFix: 2, clockSet: true });
    expect(defaultClock.type).toBe("cold");
    expect(defaultClock.evidence[0]).toBe("first fix after 2 cycles (no clock before it: time not measured)");
  });
});
