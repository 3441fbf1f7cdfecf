// The report's "Why no fix" is a list of stretches, each one rule and one stage of it, in the words of its first
// epoch: what only held then is said as of then. Fewer satellites tracked than a fix needs, each locked longer
// than an ephemeris takes, is a stretch of its own ("only 2 tracked"), not more of "waiting for ephemeris"
// (ublox-m8-coldstart2.nmea said so for 4 min 36 s).

import { describe, expect, it } from "vitest";
import { eventsOfLog, reportOfEvents } from "./log-epochs.js";

describe("the report's Why stretches", () => {
  it("two satellites tracked for 90 s: waiting for ephemeris up to the latest it takes, then the count", async () => {
    const report = reportOfEvents(await eventsOfLog({ file: "two-tracked-no-fix.nmea" }));
    const waits = report.diagnosis?.waiting ?? [];
    expect(waits.map((w) => [w.rule, (w.toMs ?? 0) - (w.fromMs ?? 0)])).toEqual([
      ["ephemeris", 38_000],
      ["too-few", 51_000],
    ]);
    expect(waits[0]?.text).toMatch(/waiting for ephemeris/);
    expect(waits[1]?.text).toBe(
      "only 2 tracked, a fix needs 3 (4 for 3D): none used; the 2 readable ones each locked longer than an ephemeris takes (18–36 s)",
    );
    for (const w of waits) expect(w.text).not.toMatch(/ ago\b/);
  });
});
