// A TXT of text id 00 (error) or 01 (warning) is the receiver reporting a fault of its own: the report counts it in
// its diagnostics with the time of day before its first, and does not list it among the lines that identify the
// receiver (u-blox ZED-F9K's `$GNTXT,01,01,00,txbuf alloc` was printed as an identity line). Banners (02) stay identity.

import { describe, expect, it } from "vitest";
import { formatReportText } from "../../src/output/report/text.js";
import { eventsOfLog, fixtureWithout, reportOfEvents } from "./log-epochs.js";

describe("the receiver's own errors and warnings (TXT 00, 01)", () => {
  it("are diagnostics, counted with the time before the first, and no identity line; banners (02) are", async () => {
    const report = reportOfEvents(await eventsOfLog({ file: "txt-error-warning.nmea" }));
    expect(report.receiver.lines).toEqual(["u-blox AG - www.u-blox.com", "HW UBX 9 00190000"]);
    expect(report.receiverMessages).toEqual([
      { severity: "error", text: "txbuf alloc", count: 2, firstAfter: "12:00:01.000", meaning: "u-blox: its output buffer was full, sentences were dropped" },
      { severity: "warning", text: "clock drift high", count: 1, firstAfter: "12:00:03.000" },
    ]);
    const text = formatReportText(report);
    const diagnostics = text.slice(text.indexOf("\nDiagnostics\n"));
    expect(diagnostics).toContain(
      '  the receiver reports an error: "txbuf alloc" (u-blox: its output buffer was full, sentences were dropped) ×2, first after 12:00:01.000',
    );
    expect(diagnostics).toContain('  the receiver reports a warning: "clock drift high" ×1, first after 12:00:03.000');
    expect(diagnostics).not.toContain("  none");
  });

  it("an error text of a maker's names it: \"txbuf alloc\" alone is u-blox's", async () => {
    const report = reportOfEvents(await eventsOfLog(fixtureWithout("txt-error-warning.nmea", (line) => line.includes(",02,"))));
    expect(report.receiver.vendor).toBe("u-blox");
    expect(report.receiver.lines).toEqual([]);
  });
});
