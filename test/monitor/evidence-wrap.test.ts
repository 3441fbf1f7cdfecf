// The start-type evidence on the monitor screen is broken at word boundaries under its label, never cut
// mid-word at the screen edge ("19 sate"), and shortened with an ellipsis after a whole word when long.

import { describe, expect, it } from "vitest";
import { renderScreen, wrapEvidence, wrapWords } from "../../src/cli/monitor/render.js";
import { textOf } from "../../src/cli/monitor/style.js";
import type { MonitorView } from "../../src/cli/monitor/view.js";

// What the tracker infers from the simulator's cold start (sim:?speed=max, as `decode` summarises it).
const EVIDENCE = [
  "first fix after 12.0 s (> 5 s: ephemeris had to be decoded)",
  "19 satellites with a signal but no elevation/azimuth: no orbit data",
  "time of day present while there was no fix: receiver clock running",
];

function view(evidence: string[]): MonitorView {
  return {
    source: "sim:?speed=max",
    link: { kind: "open" },
    bytes: 1000,
    nowMs: 20_000,
    fixState: { kind: "searching", sinceMs: 0 },
    ttff: { startedAtMs: 0 },
    start: { type: "cold", basis: "inferred", evidence },
    satellites: { satellites: [], inViewCount: 0, trackedCount: 0, usedCount: 0, signalCount: 0 },
    diagnostics: {},
    method: "integrated",
  };
}

describe("wrapWords / wrapEvidence", () => {
  const cases = [
    { name: "fits", input: { text: "cold start", width: 20, max: 3, indent: 0 }, want: ["cold start"] },
    { name: "breaks at spaces", input: { text: "one two three four", width: 9, max: 3, indent: 0 }, want: ["one two", "three", "four"] },
    { name: "continuations indented", input: { text: "one two three four", width: 9, max: 3, indent: 2 }, want: ["one two", "  three", "  four"] },
    { name: "too long: ellipsis after a whole word", input: { text: "aa bb cc dd ee ff gg", width: 6, max: 2, indent: 0 }, want: ["aa bb", "cc …"] },
    { name: "a word longer than the line is cut", input: { text: "abcdefghij k", width: 4, max: 3, indent: 0 }, want: ["abcd", "k"] },
    { name: "spaces collapse", input: { text: "  a   b ", width: 10, max: 1, indent: 0 }, want: ["a b"] },
  ];
  for (const { name, input, want } of cases) {
    it(name, () => expect(wrapWords(input.text, input.width, input.max, input.indent)).toEqual(want));
  }

  it("evidence: one item per line, at most maxLines, the last one shortened with …", () => {
    expect(wrapEvidence(["aa bb", "cc dd ee ff", "gg"], 8, 4)).toEqual(["aa bb", "cc dd ee", "  ff", "gg"]);
    expect(wrapEvidence(["aa bb", "cc dd ee ff", "gg"], 8, 3)).toEqual(["aa bb", "cc dd ee", "  ff …"]);
  });
});

describe("monitor screen: start evidence", () => {
  // Below SKY_PLOT_MIN_WIDTH the left column is the whole width; at 120 the sky plot takes the right side.
  for (const width of [80, 99, 60, 120]) {
    it(`at ${width} columns: whole words under the label, each item from its start, in order`, () => {
      const lines = renderScreen(view(EVIDENCE), { width, height: 40 }).map(textOf);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
      const at = lines.findIndex((l) => l.startsWith("Start"));
      expect(lines[at]).toMatch(/^Start\s+cold start \(inferred\)/);
      const shown: string[] = [];
      for (const line of lines.slice(at + 1)) {
        if (!line.startsWith(" ".repeat(12)) || line.trim() === "") break;
        // the evidence column, without the sky plot beside it (three spaces, then the plot)
        shown.push(line.slice(12).split("   ")[0]!.trim());
      }
      expect(shown.length).toBeGreaterThanOrEqual(3);
      const words = shown.join(" ").split(" ");
      const ellipsis = words.at(-1) === "…";
      const body = ellipsis ? words.slice(0, -1) : words;
      const all = EVIDENCE.join(" ").split(" ");
      expect(body).toEqual(all.slice(0, body.length));
      if (!ellipsis) expect(body).toEqual(all);
      // each item starts a line
      for (const item of EVIDENCE.filter((_, k) => !ellipsis || k < 2))
        expect(shown.some((l) => l.startsWith(item.split(" ").slice(0, 3).join(" ")))).toBe(true);
    });
  }

  it("the case reported: 80 columns shows '19 satellites' whole, on one line", () => {
    const text = renderScreen(view(EVIDENCE), { width: 80, height: 40 }).map(textOf).join("\n");
    expect(text).toMatch(/^ {12}19 satellites with a signal but no elevation\/azimuth: no orbit data$/m);
    expect(text).not.toMatch(/19 sate$/m);
  });

  it("why TTFF is not measured is given whole, wrapped at words under its label, on an 80-column screen", () => {
    const v: MonitorView = { ...view(EVIDENCE), ttff: { untimedCycles: 5, cyclesBeforeFix: 8, timeJumped: true, clockSet: true } };
    const text = renderScreen(v, { width: 80, height: 40 }).map(textOf);
    const at = text.findIndex((line) => line.startsWith("TTFF"));
    const reason = [text[at], text[at + 1], text[at + 2]].map((line) => (line ?? "").slice(12).trim()).join(" ");
    expect(reason).toContain("first fix after 8 cycles, the first 5 on a default clock the receiver then set from the satellites");
    for (const line of text) expect(line.length).toBeLessThanOrEqual(80);
  });
});

describe("monitor screen: a start that is not known", () => {
  const startLines = (v: MonitorView): string[] => {
    const lines = renderScreen(v, { width: 80, height: 40 }).map(textOf);
    const at = lines.findIndex((l) => l.startsWith("Start"));
    return lines.slice(at, at + 3).map((l) => l.trimEnd());
  };

  it("while searching: 'not known yet', nothing under it", () => {
    const lines = startLines({ ...view([]), start: { type: "unknown", basis: "inferred", evidence: [] } });
    expect(lines[0]).toMatch(/^Start\s+not known yet$/);
    expect(lines[1]).not.toMatch(/^ {12}\S/);
  });

  it("a receiver already fixed when first heard: 'not known' and why, not 'not known yet'", () => {
    const why = "the receiver already had a fix when first heard: it was running, so neither TTFF nor the start type can be told";
    const lines = startLines({ ...view([]), ttff: { fixAtStart: true }, start: { type: "unknown", basis: "inferred", evidence: [why] } });
    expect(lines[0]).toMatch(/^Start\s+not known$/);
    expect(
      lines
        .slice(1)
        .map((l) => l.trim())
        .join(" "),
    ).toBe(why);
  });
});
