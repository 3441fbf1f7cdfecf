// Cycle detection on relayed streams (a chartplotter multiplexing its receiver, gpsd's bundg_zeus_9.log):
// fixtures → framer → parser → tracker, and hand-made sentences for the edges of each rule.
import { describe, it, expect } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { createFramer } from "../../src/framing/framer.js";
import { createParser } from "../../src/parsing/index.js";
import { createTracker } from "../../src/state/index.js";
import type { Epoch, GgaSentence, Sentence, TrackerEvent, VtgSentence } from "../../src/types.js";

const FIXTURES = join(import.meta.dirname, "..", "..", "fixtures");
const hms = (ms: number | undefined): string | undefined => (ms === undefined ? undefined : new Date(ms).toISOString().slice(11, 19));
/** ddmm.mmmm as sent → degrees, for comparing with the fixture's text */
const deg = (ddmm: string): number => Math.trunc(Number(ddmm) / 100) + (Number(ddmm) % 100) / 60;

function decodeFixture(name: string): { epochs: Epoch[]; closedBy: string[] } {
  const parser = createParser();
  const tracker = createTracker({ timeBase: "sentence" });
  const epochs: Epoch[] = [];
  const closedBy: string[] = [];
  const take = (events: TrackerEvent[], by: string): void => {
    for (const e of events) {
      if (e.type !== "epoch") continue;
      epochs.push(e.epoch);
      closedBy.push(by);
    }
  };
  take(tracker.open(0).events, "open");
  const framer = createFramer({
    onFrame: (frame) => {
      const sentence = parser.parse(frame, () => undefined);
      if (sentence) take(tracker.update(sentence, 0).events, sentence.raw.slice(3, 6));
    },
    onDiagnostic: () => undefined,
  });
  framer.push(new Uint8Array(readFileSync(join(FIXTURES, name))), 0);
  framer.end();
  take(tracker.end(0).events, "end");
  return { epochs, closedBy };
}

const base = { checksum: "ok" as const, receivedAtMs: 0, talker: "GP", system: "gps" as const };
const tod = (s: number): number => (10 * 3600 + s) * 1000;
const fixGga = (s: number, raw: string): GgaSentence => ({
  ...base,
  raw,
  sentenceId: "GGA",
  timeOfDayMs: tod(s),
  latitudeDeg: 52.8,
  longitudeDeg: 5.3,
  quality: 1,
  satellitesUsed: 8,
  altitudeMslM: 1,
});
const noFixGga = (): GgaSentence => ({ ...base, raw: "$GPGGA,,,,,,0,00,,,M,,M,,*66", sentenceId: "GGA", quality: 0, satellitesUsed: 0 });
const vtg = (raw: string, speedKnots: number): VtgSentence => ({ ...base, raw, sentenceId: "VTG", speedKnots, trackTrueDeg: 90 });

function epochsOf(sentences: Sentence[]): Epoch[] {
  const tracker = createTracker({ timeBase: "sentence" });
  const events: TrackerEvent[] = [...tracker.open(0).events];
  for (const s of sentences) events.push(...tracker.update(s, 0).events);
  events.push(...tracker.end(0).events);
  return events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : []));
}

describe("a sentence repeated back to back (transmission duplicate)", () => {
  it("multiplexer-duplicate-sentence.nmea: the repeated VTG and the repeated ender split no cycle", () => {
    const { epochs, closedBy } = decodeFixture("multiplexer-duplicate-sentence.nmea");
    expect(epochs.map((e) => hms(e.timeOfDayMs))).toEqual(["10:00:00", "10:00:01", "10:00:02", "10:00:03", "10:00:04"]);
    // each cycle keeps its last position (GLL), not the RMC position a premature close would leave
    const want = [
      ["5250.0000", "00518.0000"],
      ["5249.9990", "00517.9980"],
      ["5249.9980", "00517.9960"],
      ["5249.9970", "00517.9940"],
      ["5249.9965", "00517.9930"],
    ];
    epochs.forEach((e, i) => {
      const [lat, lon] = want[i] as [string, string];
      expect(e.latitudeDeg, `epoch ${i}`).toBeCloseTo(deg(lat), 9);
      expect(e.longitudeDeg, `epoch ${i}`).toBeCloseTo(deg(lon), 9);
      expect(e.mode).toBe("3d");
    });
    // the duplicate VTG is not applied twice; the duplicate GSV 2/2 does not join the next cycle
    // (ZDA gives only its date: cycles.ts rule 13)
    expect(epochs[2]?.sentenceIds).toEqual(["RMC", "VTG", "GGA", "GLL", "GSA", "GSV", "GSV"]);
    expect(epochs[4]?.sentenceIds).toEqual(["RMC", "VTG"]);
    // GSV is learned once two cycles ended with it (when 10:00:02 begins) and stays the ender through both duplicates
    expect(closedBy).toEqual(["RMC", "RMC", "GSV", "GSV", "end"]);
  });

  it("a receiver without time repeating one GGA alone still makes one epoch per repeat", () => {
    const epochs = epochsOf([noFixGga(), noFixGga(), noFixGga(), noFixGga()]);
    expect(epochs).toHaveLength(4);
    expect(epochs.every((e) => e.timeOfDayMs === undefined && e.mode === "none")).toBe(true);
  });

  it("a timed GGA sent twice is one epoch with its fix (not a second, stuck one)", () => {
    const a = "$GPGGA,100000,5248.0000,N,00518.0000,E,1,08,0.9,1,M,46.8,M,,*00";
    const b = "$GPGGA,100001,5248.0000,N,00518.0000,E,1,08,0.9,1,M,46.8,M,,*01";
    const epochs = epochsOf([fixGga(0, a), fixGga(0, a), fixGga(1, b)]);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode])).toEqual([
      ["10:00:00", "3d"],
      ["10:00:01", "3d"],
    ]);
  });

  it("the same VTG text in two cycles (not back to back) is applied in each", () => {
    const v = "$GPVTG,090.0,T,,M,5.0,N,9.3,K,A*00";
    const epochs = epochsOf([fixGga(0, "$GPGGA,0"), vtg(v, 5), fixGga(1, "$GPGGA,1"), vtg(v, 5)]);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.speedMps])).toEqual([
      ["10:00:00", (5 * 1852) / 3600],
      ["10:00:01", (5 * 1852) / 3600],
    ]);
  });

  it("a VTG repeated with other text is the next cycle, as before", () => {
    // (closed alone, it says nothing of the fix: it joins the next cycle, tracker.ts at CLOSE_BEFORE)
    const epochs = epochsOf([fixGga(0, "$GPGGA,0"), vtg("$GPVTG,a", 5), vtg("$GPVTG,b", 6), fixGga(1, "$GPGGA,1")]);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.sentenceIds])).toEqual([
      ["10:00:00", ["GGA", "VTG"]],
      ["10:00:01", ["VTG", "GGA"]],
    ]);
    expect(epochs[1]?.speedMps).toBeCloseTo((6 * 1852) / 3600, 9);
  });

  it("a cycle the end of input cuts before any time, position or word on the fix is no epoch (no next cycle to join)", () => {
    const epochs = epochsOf([fixGga(0, "$GPGGA,0"), vtg("$GPVTG,a", 5), vtg("$GPVTG,b", 6)]);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.sentenceIds])).toEqual([["10:00:00", ["GGA", "VTG"]]]);
  });
});

describe("a whole cycle sent twice (cycles.ts rule 15)", () => {
  it("multiplexer-cycle-sent-twice.nmea: one 3D epoch per time of day, no loss, the GGA learned as the ender", () => {
    const { epochs, closedBy } = decodeFixture("multiplexer-cycle-sent-twice.nmea");
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode])).toEqual([
      ["10:14:58", "3d"],
      ["10:15:00", "3d"],
      ["10:15:02", "3d"],
      ["10:15:04", "3d"],
      ["10:15:06", "3d"],
      ["10:15:08", "3d"],
    ]);
    // the first copy's GLL carries the cycle before (late); the second copy's, caught up, joins its cycle once
    expect(epochs[1]?.sentenceIds).toEqual(["RMC", "PGRME", "PGRMZ", "GSA", "GSV", "GGA", "GLL", "GSV"]);
    // the copy's PGRME, PGRMZ and GSA are dropped, its GSV (fresher signals) kept: it joins the next cycle
    expect(epochs[3]?.sentenceIds).toEqual(["GSV", "RMC", "PGRME", "PGRMZ", "GSA", "GSV", "GGA"]);
    // 10:15:06: the first copy's GGA is the 10:15:04 one again (a stale copy, late); the cycle's own comes in the second
    expect(epochs[4]?.altitudeMslM).toBeCloseTo(400.3, 9);
    expect(epochs[4]?.sentenceIds.filter((id) => id === "GGA")).toEqual(["GGA"]);
    // (the last copy's GSV, after the last cycle's ender, says nothing of the fix: no epoch at the end)
    expect(closedBy).toEqual(["RMC", "RMC", "GGA", "GGA", "GGA", "GGA"]);
  });

  it("a GGA repeating its time while the RMC moves on is still a receiver latched on its last fix (Trimble Placer 450)", () => {
    const gga = (s: number): GgaSentence => fixGga(s, `$GPGGA,${s}`);
    const rmc = (s: number, valid: boolean): Sentence => ({
      ...base,
      raw: `$GPRMC,${s},${valid ? "A" : "V"}`,
      sentenceId: "RMC",
      timeOfDayMs: tod(s),
      status: valid ? "valid" : "warning",
      ...(valid ? { latitudeDeg: 52.8, longitudeDeg: 5.3 } : {}),
    });
    // GGA RMC cycles; from 10:00:02 on the GGA repeats 10:00:02 word for word while the RMC moves on
    const epochs = epochsOf([gga(0), rmc(0, true), gga(1), rmc(1, true), gga(2), rmc(2, true), gga(2), rmc(3, true), gga(2), rmc(4, true)]);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode])).toEqual([
      ["10:00:00", "3d"],
      ["10:00:01", "3d"],
      ["10:00:02", "3d"],
      ["10:00:02", "none"],
      ["10:00:03", "2d"],
      ["10:00:02", "none"],
      ["10:00:04", "2d"],
    ]);
  });

  it("the same, the RMC and GGA of a cycle sent again: one epoch, not a latched GGA", () => {
    const gga = (s: number): GgaSentence => fixGga(s, `$GPGGA,${s}`);
    const rmc = (s: number): Sentence => ({
      ...base,
      raw: `$GPRMC,${s}`,
      sentenceId: "RMC",
      timeOfDayMs: tod(s),
      status: "valid",
      latitudeDeg: 52.8,
      longitudeDeg: 5.3,
    });
    const epochs = epochsOf([rmc(0), gga(0), rmc(0), gga(0), rmc(1), gga(1), rmc(1), gga(1), rmc(2), gga(2)]);
    expect(epochs.map((e) => [hms(e.timeOfDayMs), e.mode])).toEqual([
      ["10:00:00", "3d"],
      ["10:00:01", "3d"],
      ["10:00:02", "3d"],
    ]);
  });
});
