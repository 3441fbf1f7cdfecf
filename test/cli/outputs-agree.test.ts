// One definition of "used", one count, everywhere: for the same fixture, decode's JSON, gpsd lines, CSV and
// GPX, the report and the monitor's status lines give each epoch the same used / tracked / in-view counts.
import { runBinAsync } from "./_bin.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..", "..");
const built = existsSync(join(root, "dist", "cli", "main.js"));
if (!built) console.log("outputs-agree test skipped: dist/ is not built (npm run build)");

const gnsskit = async (...args: string[]): Promise<string> => {
  const run = await runBinAsync(args);
  expect(run.status, run.stderr).toBe(0);
  return run.stdout;
};

interface JsonSignal {
  cn0DbHz?: number | undefined;
  usedInFix: boolean;
}
interface JsonEpoch {
  mode: string;
  satellitesUsed?: number;
  incomplete?: boolean;
  satellites: {
    usedCount: number;
    trackedCount: number;
    inViewCount: number;
    satellites: { constellation: string; svid: number; usedInFix: boolean; cn0DbHz?: number; signals: JsonSignal[] }[];
  };
}
interface Sky {
  nSat?: number;
  uSat?: number;
  satellites?: { gnssid: number; svid: number; used: boolean; ss?: number }[];
}

describe.skipIf(!built).concurrent("outputs agree on used, tracked and in view", () => {
  it.each(["gsa-used-beyond-gga-cap.nmea", "l2-listed-untracked.nmea", "truncated-last-cycle.nmea", "gn-multi-constellation.nmea"])(
    "%s",
    async (name) => {
      const log = join(root, "fixtures", name);
      const epochs = (await gnsskit("decode", log, "--format", "json"))
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as JsonEpoch);
      expect(epochs.length).toBeGreaterThan(2);
      for (const e of epochs) {
        // the epoch's count and its view's are one number
        expect(e.satellitesUsed).toBe(e.satellites.usedCount);
        expect(e.satellites.satellites.filter((s) => s.usedInFix).length).toBeLessThanOrEqual(e.satellites.usedCount);
      }

      // CSV: one row per epoch
      const rows = (await gnsskit("decode", log, "--format", "csv")).trim().split(/\r?\n/);
      const header = (rows.shift() ?? "").split(",");
      const column = (row: string, name: string): string | undefined => row.split(",")[header.indexOf(name)];
      expect(rows).toHaveLength(epochs.length);
      rows.forEach((row, k) => {
        const e = epochs[k] as JsonEpoch;
        expect(column(row, "satellitesUsed")).toBe(String(e.satellites.usedCount));
        const viewKnown = e.satellites.satellites.length > 0;
        expect(column(row, "satellitesTracked")).toBe(viewKnown ? String(e.satellites.trackedCount) : "");
        expect(column(row, "satellitesInView")).toBe(viewKnown ? String(e.satellites.inViewCount) : "");
      });

      // GPX: <sat> of each track point (the epochs with a position)
      const sats = [...(await gnsskit("decode", log, "--format", "gpx")).matchAll(/<sat>(\d+)<\/sat>/g)].map((m) => Number(m[1]));
      expect(sats).toEqual(epochs.filter((e) => e.mode !== "none").map((e) => e.satellites.usedCount));

      // gpsd: the first SKY after each TPV is that epoch's; used per signal, only where the signal has a C/N0
      const lines = (await gnsskit("decode", log, "--format", "gpsd")).trim().split("\n");
      const skies: Sky[] = [];
      lines.forEach((l, k) => {
        if (l.includes('"class":"TPV"')) skies.push(JSON.parse(lines[k + 1] as string) as Sky);
      });
      expect(skies).toHaveLength(epochs.length);
      skies.forEach((sky, k) => {
        const e = epochs[k] as JsonEpoch;
        const view = e.satellites.satellites;
        if (view.length === 0) {
          expect(sky.satellites).toBeUndefined();
          expect(sky.uSat).toBe(e.satellites.usedCount);
          return;
        }
        const signals = view.flatMap((s) => (s.signals.length > 0 ? s.signals : [{ cn0DbHz: s.cn0DbHz, usedInFix: s.usedInFix }]));
        expect(sky.nSat).toBe(signals.length);
        expect(sky.uSat).toBe(signals.filter((g) => g.usedInFix).length);
        expect((sky.satellites ?? []).every((s) => !s.used || (s.ss ?? 0) > 0)).toBe(true);
        const usedSatellites = new Set((sky.satellites ?? []).filter((s) => s.used).map((s) => `${s.gnssid}:${s.svid}`));
        expect(usedSatellites.size).toBe(view.filter((s) => s.usedInFix).length);
      });

      // the monitor's status line per epoch
      const statuses = (await gnsskit("monitor", log, "--speed", "max")) // off a terminal: a status line a log second, at any pace
        .trim()
        .split("\n")
        .map((l) => /sats (\d+) used\/(\d+) tracked\/(\d+) in view/.exec(l)?.slice(1).map(Number));
      const last = epochs.at(-1) as JsonEpoch;
      expect(statuses.at(-1)).toEqual([last.satellites.usedCount, last.satellites.trackedCount, last.satellites.inViewCount]);

      // the report: the satellites it says were used are those the epochs flag (the cut last cycle left out)
      const report = await gnsskit("report", log, "--json");
      const summary = JSON.parse(report) as { satellites: { constellation: string; svid: number; epochsUsed: number }[] };
      const usedInReport = new Set(summary.satellites.filter((s) => s.epochsUsed > 0).map((s) => `${s.constellation}:${s.svid}`));
      const usedInEpochs = new Set(
        epochs
          .filter((e) => e.incomplete !== true && e.mode !== "none")
          .flatMap((e) => e.satellites.satellites.filter((s) => s.usedInFix).map((s) => `${s.constellation}:${s.svid}`)),
      );
      expect(usedInReport).toEqual(usedInEpochs);
    },
    60_000,
  );
});
