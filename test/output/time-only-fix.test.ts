// A u-blox "time only fix" (NAV-PVT/NAV-SOL/NAV-STATUS fixType 5: a timing receiver that surveyed its position in,
// or was given it) is said as the receiver says it: quality time-only, "TIME ONLY" in the monitor, "time only" in
// the report and the summary, gpsd's status 7 as before. NMEA's manual input (GGA quality 7, FAA mode M) stays
// "manual": an entered position. fixtures/ubx-time-only-surveyed-in.ubx.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { formatSummary } from "../../src/cli/source-arg.js";
import { renderStatusLine } from "../../src/cli/monitor/render.js";
import { createGpsdWriter } from "../../src/output/gpsd.js";
import { createReportBuilder, formatReportText } from "../../src/output/report/index.js";
import type { Epoch, GpsEvent } from "../../src/types.js";
import { memorySource } from "../_memory-source.js";
import { screenView } from "../monitor/_views.js";
import { writeAll } from "./epochs.js";
import { epochsOfLog } from "./log-epochs.js";

const FIXTURE = "ubx-time-only-surveyed-in.ubx";

async function run(bytes: Uint8Array): Promise<{ events: GpsEvent[]; summary: string }> {
  const gps = openGps({ source: memorySource(bytes) });
  const events: GpsEvent[] = [];
  for await (const event of gps.events()) if (event.type !== "frame") events.push(event);
  return { events, summary: await formatSummary("memory", gps.stats, gps.tracker?.state) };
}

describe("a u-blox time only fix (fixType 5)", async () => {
  const { events, summary } = await run(new Uint8Array(readFileSync(new URL(`../../fixtures/${FIXTURE}`, import.meta.url))));
  const epochs = events.flatMap((e): Epoch[] => (e.type === "epoch" ? [e.epoch] : []));

  it("is a 3D time-only position, not a GNSS fix, and gpsd's status 7", () => {
    expect(epochs).toHaveLength(4);
    for (const epoch of epochs) expect(epoch).toMatchObject({ mode: "3d", quality: "time-only", fixState: { kind: "non-gnss", quality: "time-only" } });
    const tpvs = writeAll(createGpsdWriter(), epochs)
      .split("\n")
      .filter((l) => l.includes('"TPV"'))
      .map((l) => JSON.parse(l) as { status?: number; mode: number });
    expect(tpvs).toHaveLength(4);
    for (const tpv of tpvs) expect(tpv).toMatchObject({ status: 7, mode: 3 });
  });

  it("the summary, the monitor and the report say time only, not a manual position", () => {
    expect(summary).toContain("  TTFF: no position fix: the receiver reported time only (a surveyed-in or entered position)\n");
    const last = epochs.at(-1)!;
    const line = renderStatusLine(screenView(undefined, { fixState: last.fixState, epoch: last, satellites: last.satellites, nowMs: last.receivedAtMs }));
    expect(line).toContain("TIME ONLY (a surveyed-in or entered position)");
    const builder = createReportBuilder();
    for (const event of events) builder.add(event);
    const text = formatReportText(builder.result());
    expect(text).toMatch(/^ {2}time only +100\.0%/m);
    expect(text).toContain("no GNSS fix (time only): tracking 8");
    // the report says what the summary says: no epoch is a GNSS fix, and no TTFF is one
    expect(text).toMatch(/^ {2}epochs: 4 \(0 with a fix, 4 with a position that is not a GNSS fix\),/m);
    expect(text).toContain("Time to first fix\n  TTFF: no position fix: the receiver reported time only (a surveyed-in or entered position)\n");
    for (const said of [summary, line, text]) expect(said.toLowerCase()).not.toContain("manual");
  });
});

describe("NMEA's manual input stays a manual position", () => {
  it("GGA quality 7: quality manual, MANUAL POSITION, gpsd's status 7", async () => {
    const epochs = await epochsOfLog({
      text: [
        "$GPGGA,120000.00,4807.0380,N,01131.0000,E,7,05,1.2,545.4,M,46.9,M,,*66",
        "$GPGGA,120001.00,4807.0380,N,01131.0000,E,7,05,1.2,545.4,M,46.9,M,,*67",
        "",
      ].join("\r\n"),
    });
    expect(epochs.map((e) => e.quality)).toEqual(["manual", "manual"]);
    const last = epochs.at(-1)!;
    expect(renderStatusLine(screenView(undefined, { fixState: last.fixState, epoch: last, satellites: last.satellites }))).toContain(
      "MANUAL POSITION (entered, not measured)",
    );
    expect(writeAll(createGpsdWriter(), epochs)).toContain('"status":7,"mode":3');
  });
});

describe("the report of positions that are not GNSS fixes says what the summary says", () => {
  it("a receiver in its simulator mode (fixtures/receiver-simulator-mode.nmea)", async () => {
    const gps = openGps({ source: memorySource(new Uint8Array(readFileSync(new URL("../../fixtures/receiver-simulator-mode.nmea", import.meta.url)))) });
    const builder = createReportBuilder();
    for await (const event of gps.events()) if (event.type !== "frame") builder.add(event);
    const summary = await formatSummary("memory", gps.stats, gps.tracker?.state);
    const report = builder.result();
    const text = formatReportText(report);
    expect(text).toContain(`(0 with a fix, ${report.epochs} with a position that is not a GNSS fix)`);
    // and no figure of a fix is theirs: no fix count, no DOP or used satellites per fix
    expect(report.epochsWithFix).toBe(0);
    expect(JSON.stringify(report)).not.toMatch(/"meanUsedPerFix"/);
    const ttff = /^ {2}TTFF: (.*)$/m.exec(summary)?.[1];
    expect(ttff).toBe("no GNSS fix: the receiver reported simulated positions only (its simulator mode)");
    expect(text).toContain(`Time to first fix\n  TTFF: ${ttff}\n`);
  });
});
