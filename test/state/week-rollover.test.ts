// The week-rollover reference is this version's date: it must move with the version (package.json).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { beforeRollover, GPS_WEEK_ROLLOVER_MS, RELEASE, RELEASE_DATE_MS } from "../../src/state/week-rollover.js";

describe("GPS week rollover reference", () => {
  it("is dated with the version package.json gives (update RELEASE when the version changes)", () => {
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    expect(RELEASE.version).toBe(pkg.version);
    expect(Number.isFinite(RELEASE_DATE_MS)).toBe(true);
  });

  it("doubts a date more than 1024 weeks before the release, not one after", () => {
    expect(GPS_WEEK_ROLLOVER_MS).toBe(7168 * 86_400_000);
    expect(beforeRollover(RELEASE_DATE_MS - GPS_WEEK_ROLLOVER_MS - 1)).toBe(true);
    expect(beforeRollover(RELEASE_DATE_MS - GPS_WEEK_ROLLOVER_MS)).toBe(false);
  });
});
