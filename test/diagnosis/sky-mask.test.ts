// The sky mask's evidence rules, on hand-written logs (fixtures/sky-mask-*.nmea, each header says what and why):
// a satellite is weak only against its own system's open sky, a sector is blocked only where several satellites
// were missing or weak for a minute or more, and a receiver that moved gets no compass mask of its way.

import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { createDiagnoser, type Diagnosis } from "../../src/diagnosis/index.js";
import { memorySource } from "../_memory-source.js";

async function diagnose(name: string): Promise<Diagnosis> {
  const log = readFileSync(new URL(`../../fixtures/${name}`, import.meta.url));
  const diagnoser = createDiagnoser({ clock: "sentence" });
  for await (const event of openGps({ source: memorySource(log) }).events()) diagnoser.add(event);
  return diagnoser.diagnosis();
}

const obstruction = (d: Diagnosis): string[] => d.lines.filter((l) => l.rule === "obstruction").map((l) => l.text);

describe("the sky mask", () => {
  it("judges a satellite against its own system's open sky: GPS at 45 dB-Hz beside BeiDou at 52 is not weak", async () => {
    const d = await diagnose("sky-mask-open-sky-systems.nmea");
    // the west was observed (GPS 6, GPS 2, BeiDou 38 there), and nothing in it is blocked
    expect(d.mask.observedSectors).toContain(6);
    expect(d.mask.blocked).toEqual([]);
    expect(obstruction(d)).toEqual([]);
  });

  it("finds the building in the west from three satellites, and not a wall in one weak satellite in the east", async () => {
    const d = await diagnose("sky-mask-wall-west.nmea");
    expect(d.mask.blocked.map((b) => b.name)).toEqual(["W"]);
    const west = d.mask.blocked[0]!;
    // between GPS 2 at 35° (weak) and GPS 6 at 59° (clear)
    expect(west.belowElevationDeg).toBeGreaterThan(35);
    expect(west.belowElevationDeg).toBeLessThan(59);
    expect(west.missing).toEqual(["gps:5"]);
    expect(west.weak).toEqual(["beidou:14", "gps:2"]);
    expect(d.mask.moved).toBeUndefined();
    const [line] = obstruction(d);
    expect(line).toMatch(
      /^W \(248–293°\) blocked below \d+°: 3 predicted, 0 tracked in the clear \(2 heard only 6 dB or more below their system's open sky\)$/,
    );
    expect(line).not.toMatch(/reflection/);
  });

  it("gives no compass mask for a receiver driving 4.5 km, and says it was not measured", async () => {
    const d = await diagnose("sky-mask-moving-receiver.nmea");
    expect(d.mask.blocked).toEqual([]);
    expect(d.mask.moved?.farthestM).toBeGreaterThan(4400);
    expect(d.mask.moved?.farthestM).toBeLessThan(4600);
    expect(obstruction(d)).toEqual([
      "blocked directions: not measured, the receiver moved (up to 4.5 km from where it started): a direction of the sky is blocked at one place, not along a way",
    ]);
  });

  it("names no sector where the whole sky is weak (indoors): the weak-sky line says why the west is not heard, and nothing is shaded", async () => {
    const d = await diagnose("sky-mask-indoors.nmea");
    expect(d.lines.map((l) => l.rule)).toContain("weak-sky");
    expect(obstruction(d)).toEqual([]);
    expect(d.mask.blocked).toEqual([]);
  });

  it("names no sector blocked up to 70° or more: something over the antenna, said in one line", async () => {
    const d = await diagnose("sky-mask-roof.nmea");
    expect(d.lines.map((l) => l.rule)).not.toContain("weak-sky");
    expect(obstruction(d)).toEqual([
      "sky attenuated overhead: satellites missing or weak up to at least 78° (in 1 sector of 45°): something over the antenna (indoors, a roof, a vehicle), not walls around it, which leave the sky above 70° clear",
    ]);
    expect(d.mask.blocked).toEqual([]);
  });
});
