// fixtures/rmc-sixty-minutes.nmea: an instrument's RMC writes 60 minutes for the next degree (a rounding without
// carry), read as that degree with a diagnostic, as gpsd reads it; once it writes 61.5 minutes, no angle: that
// cycle stated a fix whose position cannot be read, which is neither a fix of gnsskit's nor a "no fix", and never
// an epoch of mode none with fix state fixed.

import { describe, expect, it } from "vitest";
import { createParser } from "../../src/parsing/parser.js";
import type { Diagnostic, Frame } from "../../src/types.js";
import { formatReportText } from "../../src/output/report/index.js";
import { epochsOfLog, eventsOfLog, reportOfEvents } from "../output/log-epochs.js";

const FIXTURE = { file: "rmc-sixty-minutes.nmea" } as const;

describe("minutes of 60 and a position that cannot be read", () => {
  it("reads 60.000 minutes as the next degree with a diagnostic; 61.5 stays invalid", async () => {
    const events = await eventsOfLog(FIXTURE);
    const diagnostics = events.flatMap((e) => (e.type === "diagnostic" ? [e.diagnostic.message] : []));
    expect(diagnostics).toEqual([
      `nmea: IIRMC latitude "4360.000" has 60 minutes: read as 44°00'`,
      `nmea: IIRMC longitude "00560.000" has 60 minutes: read as 6°00'`,
      `nmea: IIRMC invalid longitude: "00561.500"`,
    ]);
    const epochs = await epochsOfLog(FIXTURE);
    expect(epochs[2]).toMatchObject({ mode: "2d", latitudeDeg: 44 });
    expect(epochs[3]?.longitudeDeg).toBe(6);
  });

  it("keeps the fix a sentence stated when its position cannot be read: no mode none with fix state fixed", async () => {
    const epochs = await epochsOfLog(FIXTURE);
    for (const e of epochs) expect(e.mode === "none" && e.fixState.kind === "fixed").toBe(false);
    const unreadable = epochs[4]!;
    expect(unreadable).toMatchObject({ mode: "2d", incomplete: true, positionUnreadable: true, fixState: { kind: "fixed" } });
    expect(unreadable.latitudeDeg).toBeUndefined();
    expect(epochs.filter((e) => e.positionUnreadable === true)).toHaveLength(1);
  });

  it("counts that cycle neither as a fix nor as no fix in the report", async () => {
    const report = reportOfEvents(await eventsOfLog(FIXTURE));
    expect(report.fixAvailability.filter((a) => a.epochs > 0).map((a) => [a.fixClass, a.epochs, a.durationMs])).toEqual([["fix", 5, 6000]]); // GLL alone: its dimension not stated;
    expect(report.unreadablePositionEpochs).toBe(1);
    expect(report.fixLosses.count).toBe(0);
    expect(formatReportText(report)).toContain("epochs: 5 (5 with a fix), and 1 whose position could not be read (Diagnostics), left out");
  });

  it("a GGA flags the position it sent and that cannot be read", () => {
    const diagnostics: Diagnostic[] = [];
    const parser = createParser();
    const frame = (text: string): Frame => ({ text, checksum: "missing", receivedAtMs: 0 });
    const gga = parser.parse(frame("$GPGGA,120004,4400.002,N,00561.500,E,1,05,1.2,30.0,M,47.0,M,,"), (d) => diagnostics.push(d));
    expect(gga).toMatchObject({ sentenceId: "GGA", positionUnreadable: true });
    expect((gga as { latitudeDeg?: number }).latitudeDeg).toBeCloseTo(44.0000333, 6);
    expect(diagnostics).toHaveLength(1);
  });
});
