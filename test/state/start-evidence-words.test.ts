// The start type's evidence is printed as it stands (decode's summary, monitor, report): its counts read as counts,
// one satellite in the singular (myguide-3100.log of the gpsd corpus printed "1 satellites with a signal").
import { describe, expect, it } from "vitest";
import { emptyEvidence, inferStart, observeEpoch } from "../../src/state/start-type.js";

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

  it("orbits that would make it hot, and a first fix many of the receiver's own cycles later: warm, not hot", () => {
    const orbits = { usable: 4, almanac: 5, none: 0 };
    const slow = inferStart({ ...emptyEvidence(), epochsSeen: 3, orbits, cyclesBeforeFix: 252, cycleMs: 1000 });
    expect(slow.type).toBe("warm");
    expect(slow.evidence[0]).toBe(
      "first fix after 252 cycles (no clock before it: time not measured): at the receiver's cycle of 1.0 s, more than 5 s: ephemeris had to be decoded",
    );
    expect(inferStart({ ...emptyEvidence(), epochsSeen: 3, orbits, cyclesBeforeFix: 3, cycleMs: 1000 }).type).toBe("hot");
    // no timed cycle to say how long a cycle is: the orbits' word stands
    expect(inferStart({ ...emptyEvidence(), epochsSeen: 3, orbits, cyclesBeforeFix: 252 }).type).toBe("hot");
  });
});

describe("start evidence: a running clock only when the time was there from the first cycle", () => {
  const view = { satellites: [], inViewCount: 0, usedCount: 0 } as unknown as Parameters<typeof observeEpoch>[1]["satellites"];
  const observe = (cycles: { hasTime: boolean; defaultClock?: boolean }[]): ReturnType<typeof inferStart> => {
    const e = emptyEvidence();
    for (const c of cycles) observeEpoch(e, { ...c, isFix: false, satellites: view });
    return inferStart(e);
  };
  const untimed = { hasTime: false };
  const timed = { hasTime: true };

  it("time from the first cycle: the receiver's clock was running", () => {
    expect(observe([timed, timed, timed]).evidence).toContain("time of day present from the first cycle while there was no fix: receiver clock running");
  });

  it("time only after cycles without one (u-blox M8 from power-on: `$GNRMC,,V` 4 times, then 234505.34): no clock at power-on, cold", () => {
    const start = observe([untimed, untimed, untimed, untimed, timed, timed]);
    expect(start.evidence.join("\n")).not.toMatch(/clock running/);
    expect(start.evidence).toContain(
      "no time of day (or a default clock's) in the first 4 cycles, then one while there was no fix: no clock at power-on, its time set from the satellites",
    );
    expect(start.type).toBe("cold");
  });

  it("a default clock's time (MediaTek 1980) is no time the receiver knew", () => {
    const onDefault = { hasTime: true, defaultClock: true };
    const start = observe([onDefault, onDefault, onDefault, timed]);
    expect(start.evidence.join("\n")).not.toMatch(/clock running/);
    expect(start.evidence.join("\n")).toMatch(/in the first 3 cycles, then one while there was no fix: no clock at power-on/);
  });

  it("one cycle without time can be the log's cut start: still a running clock, said so", () => {
    expect(observe([untimed, timed, timed]).evidence).toContain(
      "time of day present from the second cycle (the first may be cut by the log's start) while there was no fix: receiver clock running",
    );
  });
});
