// A logger's text on every line (a third-party receive time before each sentence, `2023-06-02T14:05:11.204 <- `) is
// not a damaged link: the summary says it once, apart from the diagnostics, the report gives one example, and the
// TTFF hint does not ask to record receive times the log may already carry. fixtures/receive-time-prefix-rows.nmea.
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { formatSummary } from "../../src/cli/source-arg.js";
import { openGps } from "../../src/gps.js";
import { createReportBuilder, formatReportText } from "../../src/output/report/index.js";
import { memorySource } from "../_memory-source.js";

const bytes = new Uint8Array(readFileSync(new URL("../../fixtures/receive-time-prefix-rows.nmea", import.meta.url)));

async function run(input: Uint8Array): Promise<{ summary: string; report: string }> {
  const gps = openGps({ source: memorySource(input) });
  const builder = createReportBuilder();
  for await (const event of gps.events()) builder.add(event);
  const summary = await formatSummary("memory", gps.stats, gps.tracker?.state);
  return { summary, report: formatReportText(builder.result()) };
}

describe("a logger's receive time before every sentence", async () => {
  const { summary, report } = await run(bytes);

  it("is said once in the summary, with its count, and not as garbage", () => {
    expect(summary).toContain("  diagnostics: 2 garbage, 1 no-checksum, 1 too-few-fields\n");
    expect(summary).toContain("  logger's text around the sentences: 26 lines, skipped (not NMEA)");
  });

  it("the report lists it with one example", () => {
    expect(report).toMatch(/ {2}logger-text +26\n/);
    expect(report.match(/e\.g\. logger text: /g)).toHaveLength(1);
    expect(report).toContain('e.g. logger text: 27 bytes skipped: "2023-06-02T14:05:11.318 <- "');
  });

  it("the TTFF hint does not ask to record receive times the log may have", () => {
    for (const text of [summary, report]) {
      const ttff = text.split("\n").find((line) => line.startsWith("  TTFF: ")) ?? "";
      expect(ttff).toContain("first 3 on a default clock");
      expect(ttff).not.toContain("to keep receive times");
      expect(ttff).toContain("the log's lines carry a logger's text");
    }
  });

  it("without the prefixes the same log asks for receive times, and has no logger text", async () => {
    const plain = new TextEncoder().encode(new TextDecoder().decode(bytes).replace(/^2023-\S+ <- /gm, ""));
    const bare = await run(plain);
    expect(bare.summary).toContain("(record the receiver itself with `gnsskit record` to keep receive times)");
    expect(bare.summary).not.toContain("logger's text");
  });
});
