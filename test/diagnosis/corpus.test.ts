// The diagnosis never contradicts the sentences: over every log of the gpsd corpus (real receivers), after
// every epoch, each line's evidence is checked against the epoch it cites, recomputed here from that epoch's
// satellites (not from the tracker's counts the diagnosis reads): its facts, what its rule claims of them, the
// numbers its text states, and every satellite it cites as that earlier epoch listed it.
// Gated: GNSSKIT_CORPUS=<directory of gpsd .log files>.

import { existsSync, readFileSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import type { Epoch } from "../../src/types.js";
import { createDiagnoser, sectorOf, type Diagnosis, type DiagnosisLine, type SatelliteSample } from "../../src/diagnosis/index.js";
import { memorySource } from "../_memory-source.js";

const dir = process.env.GNSSKIT_CORPUS;
const logs =
  dir !== undefined && existsSync(dir) && statSync(dir).isDirectory()
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".log"))
        .sort()
    : [];
if (logs.length === 0) console.log("diagnosis corpus test skipped: set GNSSKIT_CORPUS to the gpsd corpus (../shared/corpus/gpsd)");

const signal = (cn0: number | undefined): cn0 is number => cn0 !== undefined && Number.isFinite(cn0);
const RANGING = new Set(["gps", "glonass", "galileo", "beidou", "qzss", "navic"]);

/** The number a text states after a phrase, e.g. `tracking 7`. */
const stated = (text: string, pattern: RegExp): number | undefined => {
  const m = pattern.exec(text);
  return m?.[1] === undefined ? undefined : Number(m[1]);
};

/** Whether a cited satellite is what an epoch at its time showed. */
function shown(sample: SatelliteSample, epochs: Epoch[] | undefined): boolean {
  return (epochs ?? []).some((epoch) => {
    const s = epoch.satellites.satellites.find((x) => x.key === sample.key);
    if (sample.from === "almanac") return s === undefined || !signal(s.cn0DbHz);
    return (
      s !== undefined &&
      s.elevationDeg === sample.elevationDeg &&
      s.azimuthDeg === sample.azimuthDeg &&
      (signal(s.cn0DbHz) ? s.cn0DbHz === sample.cn0DbHz : sample.cn0DbHz === undefined)
    );
  });
}

/** Every contradiction between a line and the epochs it cites, in words. */
function contradictions(line: DiagnosisLine, epoch: Epoch, byTime: Map<number, Epoch[]>, diagnosis: Diagnosis): string[] {
  const out: string[] = [];
  const says = (ok: boolean, what: string): void => {
    if (!ok) out.push(`${line.rule}: ${what} ("${line.text}")`);
  };
  const sats = epoch.satellites.satellites;
  const tracked = sats.filter((s) => signal(s.cn0DbHz));
  const levels = tracked.map((s) => s.cn0DbHz as number);
  const f = line.epoch;
  says(f.atMs === epoch.receivedAtMs, "cites another epoch");
  says(f.tracked === tracked.length, `tracked ${f.tracked}, the epoch has ${tracked.length}`);
  says(f.used === epoch.satellites.usedCount, `used ${f.used}, the epoch has ${epoch.satellites.usedCount}`);
  says(f.mode === epoch.mode && f.fixState === epoch.fixState.kind, "mode or fix state");
  says(f.hasTime === (epoch.timeOfDayMs !== undefined), "time of day");
  says(f.strongestCn0DbHz === (levels.length === 0 ? undefined : Math.max(...levels)), "strongest C/N0");
  says(f.readable === tracked.filter((s) => (s.cn0DbHz as number) >= 27 && RANGING.has(s.constellation)).length, "readable");
  const tracking = stated(line.text, /tracking (\d+)/);
  if (tracking !== undefined) says(tracking === tracked.length, `says tracking ${tracking}`);
  const fixed = epoch.fixState.kind === "fixed";
  switch (line.rule) {
    case "searching":
      says(tracked.length === 0 && epoch.mode === "none" && !fixed, "searching with satellites tracked or a fix");
      break;
    case "time":
      says(tracked.length > 0 && epoch.timeOfDayMs === undefined && !fixed, "time not set, but the epoch has a time or a fix");
      break;
    case "ephemeris": {
      says(tracked.length > 0 && !fixed && epoch.mode === "none", "waiting for ephemeris with a fix or nothing tracked");
      const used = stated(line.text, /(\d+) used but no fix/);
      if (line.text.includes("none used")) says(epoch.satellites.usedCount === 0, "says none used");
      if (used !== undefined) says(used === epoch.satellites.usedCount, `says ${used} used`);
      break;
    }
    case "too-few": {
      says(tracked.length > 0 && !fixed && epoch.mode === "none", "too few with a fix or nothing tracked");
      const only = stated(line.text, /^only (\d+) tracked/);
      if (only !== undefined) says(only < 3, `says only ${only} tracked`);
      const readable = stated(line.text, /only (\d+) strong enough/);
      if (readable !== undefined) says(readable === f.readable && readable < 3, `says only ${readable} readable`);
      break;
    }
    case "two-d":
      says(fixed && epoch.mode === "2d", "2D line without a 2D fix");
      if (line.text.includes("does not say how many")) says(epoch.satellites.usedCount === 0, "says the count is not given");
      else if (line.text.includes("no satellite used")) says(epoch.noSatelliteUsed === true && epoch.satellites.usedCount === 0, "says none used");
      else says(stated(line.text, /2D fix with (\d+) used/) === epoch.satellites.usedCount, "used count");
      break;
    case "lost":
      says(epoch.fixState.kind === "lost" || epoch.fixState.kind === "non-gnss", "lost without losing the fix");
      break;
    case "weak-sky":
      for (const s of line.satellites)
        says(s.atMs === epoch.receivedAtMs && (s.elevationDeg ?? 0) >= 45 && signal(s.cn0DbHz), "a cited satellite is not a high one heard");
      says(line.satellites.length >= 3, "fewer than three high satellites");
      break;
    case "receiver-rf":
      says(epoch.rf !== undefined, "no RF report in the epoch");
      break;
    case "obstruction":
      break;
  }
  // "first locked N s ago": the cited lock was tracked then, N seconds before this epoch
  const ago = stated(line.text, /first locked (\d+) s ago/);
  if (ago !== undefined) {
    const first = line.satellites[0];
    says(first !== undefined && signal(first.cn0DbHz) && Math.floor((epoch.receivedAtMs - first.atMs) / 1000) === ago, "first lock");
  }
  for (const sample of line.satellites) says(shown(sample, byTime.get(sample.atMs)), `${sample.key} at ${sample.atMs} is not as cited`);
  if (line.rule === "obstruction") {
    // each blocked sector's cited satellites are in it, below its mask, and not heard in the clear
    for (const b of diagnosis.mask.blocked) {
      for (const s of b.samples) {
        says(
          sectorOf(s.azimuthDeg ?? NaN) === b.sector && (s.elevationDeg ?? 90) < b.belowElevationDeg,
          `${s.key} outside sector ${b.name} below ${b.belowElevationDeg}°`,
        );
      }
    }
  }
  return out;
}

/** Lines checked per rule over the corpus, and the logs that gave them. */
const seen = new Map<string, Set<string>>();

describe.skipIf(logs.length === 0)("the diagnosis of every corpus log never contradicts its sentences", () => {
  it.each(logs)(
    "%s",
    async (name) => {
      const bytes = new Uint8Array(readFileSync(join(dir!, name)));
      const diagnoser = createDiagnoser({ clock: "sentence" });
      const byTime = new Map<number, Epoch[]>();
      const problems: string[] = [];
      for await (const event of openGps({ source: memorySource(bytes) }).events()) {
        diagnoser.add(event);
        if (event.type !== "epoch" || event.epoch.incomplete === true) continue;
        const epoch = event.epoch;
        byTime.set(epoch.receivedAtMs, [...(byTime.get(epoch.receivedAtMs) ?? []), epoch]);
        const diagnosis = diagnoser.diagnosis();
        for (const line of diagnosis.lines) {
          seen.set(line.rule, (seen.get(line.rule) ?? new Set()).add(name));
          problems.push(...contradictions(line, epoch, byTime, diagnosis));
        }
      }
      expect(problems.slice(0, 5), JSON.stringify(problems.slice(0, 5))).toEqual([]);
    },
    120_000,
  );

  it("checked lines of every rule the corpus calls for", () => {
    console.log([...seen].map(([rule, names]) => `${rule}: ${names.size} logs`).join("; "));
    for (const rule of ["searching", "time", "ephemeris", "two-d", "lost", "weak-sky"]) expect(seen.get(rule)?.size ?? 0, rule).toBeGreaterThan(0);
  });
});
