// decode's summary gives the tracker's TTFF and start type, which after restarts are the last run's, while the
// report's headline is the first run's: the summary said "not measurable: the receiver already had a fix when the
// log began" of a log whose report said the first fix came after 1 cycle (sweep F, ecodroid-m8-cr-mixed.nmea). It
// says which run: fixtures/startup-announced-restart.nmea, two restarts announced by the receiver.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSummary } from "../../src/cli/source-arg.js";
import { openGps } from "../../src/gps.js";
import { memorySource } from "../_memory-source.js";

async function summaryOf(file: string): Promise<string> {
  const gps = openGps({ source: memorySource(new Uint8Array(readFileSync(new URL(`../../fixtures/${file}`, import.meta.url)))) });
  for await (const _ of gps.events()) {
    // drained
  }
  return formatSummary("memory", gps.stats, gps.tracker?.state);
}

describe("the summary's TTFF after restarts", () => {
  it("is said to be the last run's, with the count of restarts", async () => {
    const summary = await summaryOf("startup-announced-restart.nmea");
    expect(summary).toMatch(/ {2}TTFF of the last run \(after 2 restarts; `gnsskit report` gives each run's\): not measured: first fix after 5 cycles/);
  });

  it("is plain TTFF for a log without restarts", async () => {
    const summary = await summaryOf("cold-start-ttff.nmea");
    expect(summary).toMatch(/\n {2}TTFF: /);
    expect(summary).not.toContain("last run");
  });
});
