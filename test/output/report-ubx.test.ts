// The report of a UBX receiver: its messages counted by name, MON-VER and its INF notices as its identity, its
// antenna, jamming and own TTFF (the tracker's receiver events) beside gnsskit's figures.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { memorySource } from "../_memory-source.js";
import { createReportBuilder } from "../../src/output/report/builder.js";
import { formatReportText } from "../../src/output/report/text.js";
import type { GpsEvent, UbxMessage } from "../../src/types.js";

const ubx = { protocol: "UBX" as const, talker: "UBX" as const, receivedAtMs: 1000 };

describe("report of a UBX receiver", () => {
  it("counts its messages, names it from MON-VER and INF-NOTICE, gives its antenna and its own TTFF", () => {
    const builder = createReportBuilder();
    const messages: UbxMessage[] = [
      { ...ubx, sentenceId: "UBX-INF-NOTICE", text: "u-blox AG - www.u-blox.com" },
      {
        ...ubx,
        sentenceId: "UBX-MON-VER",
        swVersion: "EXT CORE 1.00 (f17067)",
        hwVersion: "00190000",
        extensions: ["FWVER=HPG 1.50", "PROTVER=27.50", "MOD=ZED-F9P"],
      },
      { ...ubx, sentenceId: "UBX-NAV-EOE", iTOWMs: 0, cycleTimeOfDayMs: 0 },
      { ...ubx, sentenceId: "UBX-NAV-EOE", iTOWMs: 1000, cycleTimeOfDayMs: 1000 },
    ];
    const events: GpsEvent[] = [
      ...messages.map((message): GpsEvent => ({ type: "ubx", message })),
      {
        type: "receiver",
        receiver: { ttffMs: 27_950, msssMs: 60_000, antenna: "open", antennaPower: "on", jamming: "warning", jammingIndicator: 140 },
        atMs: 1000,
      },
    ];
    for (const event of events) builder.add(event);
    const report = builder.result();
    expect(report.ubxMessages).toBe(4);
    expect(report.sentenceCounts).toEqual({ "UBX-INF-NOTICE": 1, "UBX-MON-VER": 1, "UBX-NAV-EOE": 2 });
    expect(report.receiver).toMatchObject({
      vendor: "u-blox",
      lines: ["u-blox AG - www.u-blox.com", "MON-VER EXT CORE 1.00 (f17067), hardware 00190000, FWVER=HPG 1.50, PROTVER=27.50, MOD=ZED-F9P"],
      status: { ttffMs: 27_950, antenna: "open", jamming: "warning" },
    });
    const text = formatReportText(report);
    expect(text).toContain("sentences: 0, UBX messages: 4");
    expect(text).toContain("  antenna: open, powered; jamming warning (CW indicator 140 of 255)");
    expect(text).toContain("  receiver's TTFF: 28.0 s (its own, NAV-STATUS; running 1 min 00 s when first heard)");
  });
});

describe("report of a UBX log begun mid-cycle (fixtures/ubx-running-fix-repeated-nav-sat.ubx)", () => {
  it("leaves the first cycle out as cut short by the log's start: no 'no fix' share, no TTFF, one epoch per iTOW", async () => {
    const bytes = readFileSync(new URL("../../fixtures/ubx-running-fix-repeated-nav-sat.ubx", import.meta.url));
    const builder = createReportBuilder();
    for await (const event of openGps({ source: memorySource(bytes) }).events()) builder.add(event);
    const report = builder.result();
    expect(report).toMatchObject({ epochs: 4, epochsWithFix: 4, incompleteEpochs: 1, incompleteAtStart: 1 });
    const text = formatReportText(report);
    expect(text).toMatch(/^ {2}epochs: 4 \(4 with a fix\), and 1 cut short by the start of the log, left out,/m);
    expect(text).not.toMatch(/no fix +\d/);
    expect(text).toMatch(/TTFF: not measurable: the receiver already had a fix when the log began/);
  });
});
