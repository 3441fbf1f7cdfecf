// The monitor's raw pane and pause as pure rendering: the receiver's last lines at the bottom of the screen,
// newest last, escaped by the framer; PAUSED in the title with the bytes read since.

import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/framer.js";
import { createRawLog, rawLineOf, ubxRawLine, type RawLine } from "../../src/cli/monitor/raw.js";
import { renderScreen } from "../../src/cli/monitor/render.js";
import { lineLength, paint, textOf } from "../../src/cli/monitor/style.js";
import { screenView } from "./_views.js";

/** The raw lines the monitor keeps for these bytes: frames as they are, what the framer rejected as its diagnostic. */
function rawLinesOf(bytes: string): RawLine[] {
  const log = createRawLog();
  const framer = createFramer({
    onFrame: (frame) => log.push({ text: frame.text }),
    onDiagnostic: (diagnostic) => {
      const line = rawLineOf(diagnostic);
      if (line !== undefined) log.push(line);
    },
  });
  framer.push(
    Uint8Array.from(bytes, (c) => c.charCodeAt(0)),
    0,
  );
  framer.end();
  return log.lines();
}

const GGA = "$GPGGA,120000.00,4851.5040,N,00217.6700,E,1,08,0.9,35.2,M,45.0,M,,*57";

describe("raw log", () => {
  it("keeps the last lines in order, however many came", () => {
    const log = createRawLog(3);
    for (let k = 1; k <= 7; k++) log.push({ text: `line ${k}` });
    expect(log.lines().map((l) => l.text)).toEqual(["line 5", "line 6", "line 7"]);
    expect(log.total).toBe(7);
  });

  it("a receiver's control bytes reach the pane escaped, never as a terminal sequence; rejected lines say why", () => {
    const lines = rawLinesOf(`${GGA}\r\n\x1b[2J\x1b]0;pwned\x07garbage\r\n$GPGSA,A,3,01*00\r\n\xb5\x62\x01\x07\x00\x00\x08\x19\r\n`);
    expect(lines[0]).toEqual({ text: GGA });
    const garbage = lines.find((l) => l.problem === "garbage");
    expect(garbage?.text).toContain("\\x1b[2J\\x1b]0;pwned\\x07garbage");
    expect(lines.find((l) => l.problem === "checksum")?.text).toBe("$GPGSA,A,3,01*00");
    expect(lines.find((l) => l.problem === "binary")?.text).toMatch(/^UBX packet .*skipped/);
    const control = (text: string): boolean => [...text].some((c) => c.charCodeAt(0) < 0x20 || (c.charCodeAt(0) >= 0x7f && c.charCodeAt(0) <= 0x9f));
    for (const line of lines) expect(control(line.text), line.text).toBe(false);
  });

  it("a parser's diagnostic (a sentence already shown) adds no line", () => {
    expect(rawLineOf({ kind: "unknown-sentence", message: "nmea: unknown sentence XYZ" })).toBeUndefined();
    expect(rawLineOf({ kind: "field", message: "nmea: GPGSV invalid SNR" })).toBeUndefined();
  });
});

describe("raw pane", () => {
  const many = (n: number): RawLine[] => Array.from({ length: n }, (_, k) => ({ text: `$GPTXT,01,01,02,line ${k + 1}*00` }));

  it("the bottom third of the screen: a heading, then the newest lines, the last one at the bottom", () => {
    const lines = renderScreen(screenView(undefined, { raw: { lines: many(50), total: 1234 } }), { width: 80, height: 24 }).map(textOf);
    expect(lines).toHaveLength(24);
    expect(lines[16]).toMatch(/^Raw {2}the receiver's last lines, newest at the bottom \(1234 in all\) · r: hide$/);
    expect(lines.slice(17)).toEqual(
      many(50)
        .slice(-7)
        .map((l) => l.text),
    );
    expect(lines[0]).toMatch(/r: raw · p: pause · q: quit $/);
  });

  it("keeps its height at the bottom when the screen above is short or few lines came, and says when none did", () => {
    const lines = renderScreen(screenView(undefined, { raw: { lines: [], total: 0 } }), { width: 100, height: 40 }).map(textOf);
    expect(lines).toHaveLength(40);
    expect(lines.at(-13)).toMatch(/^Raw /);
    expect(lines.at(-1)).toBe("nothing received yet");
  });

  it("a line wider than the screen ends in …; a rejected line is marked, within the width", () => {
    const long = `$PMTKCHN,${"0".repeat(200)}*00`;
    const raw = { lines: [{ text: long }, { text: "\\x1b[2Jgarbage", problem: "garbage" as const }], total: 2 };
    const lines = renderScreen(screenView(undefined, { raw }), { width: 80, height: 24 });
    const text = lines.map(textOf);
    expect(text.at(-2)).toBe(`${long.slice(0, 79)}…`);
    expect(text.at(-1)).toBe("\\x1b[2Jgarbage  ‹garbage›");
    expect(paint(lines.at(-1)!, true)).toContain("\x1b[1;31m\\x1b[2Jgarbage"); // the escaped text, in the bad colour
    for (const line of lines) expect(lineLength(line)).toBeLessThanOrEqual(80);
  });

  it("fits any terminal with the pane on", () => {
    for (const width of [30, 80, 140]) {
      for (const height of [6, 10, 24, 50]) {
        const lines = renderScreen(screenView(undefined, { raw: { lines: many(300), total: 300 } }), { width, height });
        expect(lines.length, `${width}x${height}`).toBeLessThanOrEqual(height);
        for (const line of lines) expect(lineLength(line)).toBeLessThanOrEqual(width);
        expect(textOf(lines.at(-1)!)).toContain("line 300");
      }
    }
  });
});

describe("pause", () => {
  it("the title says PAUSED with what was read since, and p resumes; without colour too", () => {
    const lines = renderScreen(screenView(undefined, { paused: { bytesSince: 12_345 } }), { width: 100, height: 30 });
    const title = paint(lines[0]!, false);
    expect(title).toMatch(/^ gnsskit monitor · sim:\?start=cold +PAUSED, 12\.3 kB read since {2}r: raw · p: resume · q: quit $/);
    expect(title).toHaveLength(100);
    // A narrow terminal keeps PAUSED and the keys; the source name gives way.
    const narrow = textOf(renderScreen(screenView(undefined, { paused: { bytesSince: 10 } }), { width: 60, height: 20 })[0]!);
    expect(narrow).toMatch(/PAUSED, 10 B read since {2}r: raw · p: resume · q: quit $/);
  });
});

describe("raw pane: UBX messages", () => {
  it("a navigation message by name and iTOW, a text message (INF) escaped, the others by name", () => {
    const base = { protocol: "UBX" as const, talker: "UBX" as const, receivedAtMs: 0 };
    expect(ubxRawLine({ ...base, sentenceId: "UBX-NAV-EOE", iTOWMs: 74_560_000, cycleTimeOfDayMs: 0 })).toEqual({ text: "UBX NAV-EOE  iTOW 74560000 ms" });
    expect(ubxRawLine({ ...base, sentenceId: "UBX-INF-WARNING", text: "bad\x1b[2Jthing" })).toEqual({ text: "UBX INF-WARNING: bad\\x1b[2Jthing" });
    expect(ubxRawLine({ ...base, sentenceId: "UBX-ACK-ACK", clsId: 6, msgId: 1 })).toEqual({ text: "UBX ACK-ACK" });
  });
});
