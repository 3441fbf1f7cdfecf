// The monitor's Why lines and the sky plot's blocked sectors, from a diagnosis made by the real diagnoser:
// the waiting line under the Why label (two lines at most, one on a short terminal), the sky findings after it,
// within the screen's width; the plain status line says why too; the hatch covers a blocked sector's sky below
// its elevation and nothing else.

import { describe, expect, it } from "vitest";
import { renderScreen, renderStatusLine, wrapWords } from "../../src/cli/monitor/render.js";
import { whyLines } from "../../src/cli/monitor/why.js";
import { BLOCKED_MARKER, renderSkyPlot } from "../../src/cli/monitor/skyplot.js";
import { lineLength, textOf } from "../../src/cli/monitor/style.js";
import { createDiagnoser, type Diagnosis } from "../../src/diagnosis/index.js";
import { makeEpoch, satellite } from "../output/epochs.js";
import type { GpsEvent } from "../../src/types.js";
import { screenView, T0 } from "./_views.js";

/** A receiver powered on at T0, tracking five satellites since T0 + 2 s, with the time: waiting for ephemeris. */
function waitingDiagnosis(): Diagnosis {
  const diagnoser = createDiagnoser({ receiverStarts: true });
  const sats = [1, 2, 3, 4, 5].map((k) => satellite("gps", k, { elevationDeg: 20 + 10 * k, azimuthDeg: 60 * k, cn0DbHz: 40 + k }));
  for (const [atMs, list] of [
    [T0 + 1000, []],
    [T0 + 2000, sats],
    [T0 + 14_000, sats],
  ] as const) {
    diagnoser.add({ type: "epoch", epoch: { ...makeEpoch({ timeMs: atMs, satellites: [...list] }), sentenceIds: ["GGA", "GSV", "RMC"] } } as GpsEvent);
  }
  return diagnoser.diagnosis();
}

const blockedEast: Diagnosis["mask"] = {
  observedSectors: [2, 6],
  blocked: [
    {
      sector: 2,
      name: "E",
      fromAzimuthDeg: 67.5,
      toAzimuthDeg: 112.5,
      belowElevationDeg: 45,
      atLeast: false,
      missing: ["gps:9"],
      weak: [],
      clear: [],
      samples: [],
    },
  ],
};

describe("the monitor says why", () => {
  it("under the Why label, broken at words within the screen, one line on a short terminal", () => {
    const diagnosis = waitingDiagnosis();
    const waiting = diagnosis.lines[0]!;
    expect(waiting.text).toMatch(/^tracking 5, none used: waiting for ephemeris .*first locked 12 s ago; a fix expected/);
    for (const [width, height] of [
      [80, 40],
      [160, 50],
      [80, 24],
    ] as const) {
      const screen = renderScreen(screenView(undefined, { diagnosis }), { width, height }).map(textOf);
      const at = screen.findIndex((l) => l.startsWith("Why "));
      const method = screen.findIndex((l) => l.startsWith("Method "));
      expect(at, screen.join("\n")).toBeGreaterThan(0);
      expect(screen.every((l) => l.length <= width)).toBe(true);
      // the Why column (left of the sky plot, when there is one) holds the line's words in order
      const why = screen
        .slice(at, method)
        .map((l) => l.slice(12).split(/ {3,}/)[0]!.trim())
        .join(" ");
      expect(waiting.text.replace(/\s+/g, " ").startsWith(why.replace(/ …$/, ""))).toBe(true);
      // whole (its estimate at the end seen) on a tall terminal, over as many lines as the column needs; one
      // line on a 24-line terminal
      if (height <= 24) expect(method - at, why).toBe(1);
      else expect(why.replace(/\s+/g, " "), screen.join("\n")).toBe(waiting.text.replace(/\s+/g, " "));
      if (width === 80 && height > 24) expect(method - at).toBe(3);
    }
    expect(renderStatusLine(screenView(undefined, { diagnosis }))).toContain(`why: ${waiting.text}`);
  });

  it("lists the sky's findings after the waiting line", () => {
    const diagnosis: Diagnosis = {
      clocked: true,
      lines: [
        {
          rule: "obstruction",
          kind: "sky",
          text: "E (68–113°) blocked below 45°: 3 predicted, 0 tracked in the clear",
          epoch: waitingDiagnosis().lines[0]!.epoch,
          satellites: [],
        },
      ],
      mask: blockedEast,
    };
    const screen = renderScreen(screenView(undefined, { diagnosis }), { width: 200, height: 40 }).map(textOf);
    expect(screen.find((l) => l.startsWith("Why "))).toContain("Why         E (68–113°) blocked below 45°: 3 predicted, 0 tracked in the clear");
    expect(screen.some((l) => l.includes(`${BLOCKED_MARKER}: sky found blocked`))).toBe(true);
  });

  it("gives each finding a line before a long one takes more, and the room left to the first", () => {
    const waiting = waitingDiagnosis().lines[0]!;
    const sky = (text: string): Diagnosis["lines"][number] => ({ rule: "obstruction", kind: "sky", text, epoch: waiting.epoch, satellites: [] });
    const diagnosis: Diagnosis = {
      clocked: true,
      lines: [
        waiting,
        sky("NE–SE (23–158°) blocked below 55–64°: 6 predicted, 0 tracked in the clear"),
        sky("W (248–293°) blocked below 47°: 2 predicted, 0 tracked in the clear"),
      ],
      mask: blockedEast,
    };
    const wrap = (text: string, width: number, maxLines: number, indent = 0): string[] => wrapWords(text, width, maxLines, indent);
    // 40 columns: the waiting line needs 5, each sky line 2; with 4 lines, 2 + 1 + 1
    const four = whyLines(diagnosis, 40, 4, wrap);
    expect(four.map((l) => l.role)).toEqual(["warn", "warn", "dim", "dim"]);
    expect(four[1]!.text.endsWith("…")).toBe(true);
    expect(four[2]!.text).toMatch(/^NE–SE .*…$/);
    expect(four[3]!.text).toMatch(/^W \(248/);
    // room for all: each whole, none cut
    const all = whyLines(diagnosis, 40, 20, wrap);
    expect(all).toHaveLength(5 + 2 + 2);
    expect(all.some((l) => l.text.endsWith("…"))).toBe(false);
    // fewer lines than findings: the first ones, one line each
    expect(whyLines(diagnosis, 40, 2, wrap).map((l) => l.role)).toEqual(["warn", "dim"]);
  });

  it("hatches a blocked sector's sky below its elevation, and no other", () => {
    const radius = 9;
    const rows = renderSkyPlot([], radius, "", blockedEast.blocked).map(textOf);
    const centreRow = radius + 1;
    const centreCol = 2 * radius + 2;
    let hatched = 0;
    rows.forEach((row, r) => {
      [...row].forEach((char, c) => {
        if (char !== BLOCKED_MARKER) return;
        hatched++;
        const north = centreRow - r;
        const east = (c - centreCol) / 2;
        const azimuth = ((Math.atan2(east, north) * 180) / Math.PI + 360) % 360;
        const elevation = 90 - (Math.hypot(north, east) / radius) * 90;
        expect(azimuth).toBeGreaterThanOrEqual(67.5);
        expect(azimuth).toBeLessThan(112.5);
        expect(elevation).toBeLessThan(45);
      });
    });
    expect(hatched).toBeGreaterThan(10);
    expect(rows.every((row) => lineLength([{ text: row }]) === rows[0]!.length)).toBe(true);
    // without a mask, no hatch
    expect(renderSkyPlot([], radius).map(textOf).join("")).not.toContain(BLOCKED_MARKER);
  });
});
