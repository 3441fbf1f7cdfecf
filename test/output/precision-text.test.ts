// The precision line of the summary and the monitor: "RTK" only once an RTK solution came; a DGPS or SBAS receiver's
// line is "DGPS", and a log without a known start names what came instead of "differential or RTK epochs".
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { formatSummary } from "../../src/cli/source-arg.js";
import { precisionLine } from "../../src/output/corrections-text.js";
import type { PrecisionInfo } from "../../src/types.js";
import { memorySource } from "../_memory-source.js";

const info = (over: Partial<PrecisionInfo>): PrecisionInfo => ({ rtkFixedLosses: 0, msByQuality: {}, ...over });

describe("precisionLine", () => {
  it.each([
    { name: "plain fixes only", precision: info({ msByQuality: { autonomous: 9000 } }), want: undefined },
    {
      name: "DGPS from a known start",
      precision: info({ firstDgpsMs: 3000, msByQuality: { dgps: 9000 } }),
      want: { label: "DGPS", text: "first after 3.0 s" },
    },
    {
      name: "DGPS, no known start (a log begun with a fix)",
      precision: info({ msByQuality: { dgps: 9000, autonomous: 2000 } }),
      want: { label: "DGPS", text: "seen, but no known start to time the first from" },
    },
    {
      name: "RTK from a known start, with the corrections' arrival and a loss",
      precision: info({
        firstDgpsMs: 3000,
        firstRtkFloatMs: 8000,
        firstRtkFixedMs: 42_000,
        rtkFixedAfterCorrectionsMs: 31_000,
        rtkFixedLosses: 1,
        msByQuality: { "rtk-fixed": 60_000 },
      }),
      want: { label: "RTK", text: "RTK fixed after 42.0 s (31.0 s after the corrections), RTK float after 8.0 s, DGPS after 3.0 s; RTK fixed lost 1×" },
    },
    {
      name: "RTK, no known start",
      precision: info({ msByQuality: { "rtk-fixed": 5000, dgps: 1000 } }),
      want: { label: "RTK", text: "RTK fixed and DGPS seen, but no known start to time the first from" },
    },
  ])("$name", ({ precision, want }) => expect(precisionLine(precision)).toEqual(want));
});

async function summaryOf(text: string): Promise<string> {
  const gps = openGps({ source: memorySource(new TextEncoder().encode(text)) });
  for await (const _ of gps.epochs());
  return formatSummary("memory", gps.stats, gps.tracker?.state);
}

describe("the summary of a DGPS receiver's log (GGA quality 2 throughout, as gpsd's garmin15x and mt3339 logs)", () => {
  it("says DGPS, not RTK", async () => {
    const summary = await summaryOf(
      [
        "$GPGGA,120000.00,4807.0380,N,01131.0000,E,2,08,0.9,545.4,M,46.9,M,,*64",
        "$GPGGA,120001.00,4807.0380,N,01131.0000,E,2,08,0.9,545.4,M,46.9,M,,*65",
        "$GPGGA,120002.00,4807.0380,N,01131.0000,E,2,08,0.9,545.4,M,46.9,M,,*66",
        "",
      ].join("\r\n"),
    );
    expect(summary).toContain("\n  DGPS: seen, but no known start to time the first from\n");
    expect(summary).not.toContain("RTK");
  });
});
