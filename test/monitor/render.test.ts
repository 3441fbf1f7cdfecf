import { describe, expect, it } from "vitest";
import { countSatellites, renderScreen, renderStatusLine, SKY_PLOT_MIN_WIDTH } from "../../src/cli/monitor/render.js";
import { NO_SIGNAL_MARKER, renderSkyPlot, SKY_MARKERS, skyPlotWidth } from "../../src/cli/monitor/skyplot.js";
import { colorWanted, lineLength, paint, textOf, type Line } from "../../src/cli/monitor/style.js";
import type { MonitorView } from "../../src/cli/monitor/view.js";
import type { Constellation, Epoch, Satellite } from "../../src/types.js";

const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

function sat(constellation: Constellation, svid: number, fields: Partial<Satellite>): Satellite {
  const cn0 = fields.cn0DbHz;
  return {
    constellation,
    svid,
    nmeaId: svid,
    key: `${constellation}:${svid}`,
    usedInFix: false,
    signals: cn0 === undefined ? [{ signalId: 1, usedInFix: false }] : [{ signalId: 1, cn0DbHz: cn0, usedInFix: fields.usedInFix ?? false }],
    ...fields,
  };
}

const SATELLITES: Satellite[] = [
  sat("gps", 5, { cn0DbHz: 45, elevationDeg: 90, azimuthDeg: 0, usedInFix: true }),
  sat("gps", 7, { cn0DbHz: 31, elevationDeg: 0, azimuthDeg: 90 }),
  sat("gps", 12, { elevationDeg: 0, azimuthDeg: 270 }),
  // Dual frequency: one satellite, two signals.
  sat("galileo", 11, {
    cn0DbHz: 40,
    elevationDeg: 0,
    azimuthDeg: 180,
    usedInFix: true,
    signals: [
      { signalId: 7, cn0DbHz: 40, usedInFix: true },
      { signalId: 1, cn0DbHz: 36, usedInFix: true },
    ],
  }),
];

function view(over: Partial<MonitorView> = {}): MonitorView {
  const satellites = { satellites: SATELLITES, inViewCount: 4, trackedCount: 3, usedCount: 2, signalCount: 5 };
  const epoch: Epoch = {
    timeMs: T0 + 42_000,
    receivedAtMs: T0 + 42_000,
    mode: "3d",
    quality: "autonomous",
    fixState: { kind: "fixed", mode: "3d", quality: "autonomous", sinceMs: T0 + 30_000 },
    latitudeDeg: 48.8584,
    longitudeDeg: -2.2945,
    altitudeMslM: 35.2,
    speedMps: 10,
    trackTrueDeg: 123.4,
    dop: { hdop: 0.9, vdop: 1.1, pdop: 1.42 },
    satellites,
    sentenceIds: ["GGA"],
  };
  return {
    source: "sim:?start=cold",
    link: { kind: "open" },
    bytes: 12_345,
    nowMs: T0 + 42_000,
    fixState: epoch.fixState,
    epoch,
    ttff: { startedAtMs: T0, ttffMs: 30_000, first3dMs: 31_500 },
    start: { type: "cold", basis: "inferred", evidence: ["no orbit data"] },
    satellites,
    diagnostics: {},
    method: "integrated",
    ...over,
  };
}

const searching = (): MonitorView => {
  const v = view();
  return {
    ...v,
    fixState: { kind: "searching", sinceMs: T0 },
    ttff: { startedAtMs: T0 },
    start: { type: "unknown", basis: "none", evidence: [] },
    nowMs: T0 + 12_500,
    epoch: { ...v.epoch!, mode: "none", quality: "none", fixState: { kind: "searching", sinceMs: T0 } },
    satellites: {
      ...v.satellites,
      usedCount: 0,
      satellites: SATELLITES.map((s) => ({ ...s, usedInFix: false, signals: s.signals.map((g) => ({ ...g, usedInFix: false })) })),
    },
  };
};

const rowOf = (lines: Line[], id: string): Line => {
  const line = lines.find((l) => textOf(l).includes(` ${id} `));
  if (!line) throw new Error(`no row for ${id} in:\n${lines.map(textOf).join("\n")}`);
  return line;
};
/** The row's own segments (a wide screen puts the sky plot on the same line, after the row). */
const rowText = (lines: Line[], id: string): string => {
  const text = textOf(rowOf(lines, id));
  return text.slice(text.indexOf(` ${id} `) - 1, text.indexOf(` ${id} `) + 40);
};

describe("monitor screen", () => {
  it("used and tracked-only satellites differ in characters, not only in colour", () => {
    const lines = renderScreen(view(), { width: 80, height: 40 });
    const used = rowText(lines, "G05");
    const tracked = rowText(lines, "G07");
    const untracked = rowText(lines, "G12");
    expect(used).toMatch(/^\* G05 +█+ +45/);
    expect(used).not.toContain("░");
    expect(tracked).toMatch(/^ {2}G07 +░+ +31/);
    expect(tracked).not.toMatch(/[█*]/);
    expect(untracked).toMatch(/^ {2}G12 +· +—/);
    // Bars are as long as C/N0 says: 45 dB-Hz gets more cells than 31.
    expect(used.split("█").length).toBeGreaterThan(tracked.split("░").length);
    expect(paint(rowOf(lines, "G05"), false)).not.toContain("\x1b");
  });

  it("with colour, used bars and tracked bars are painted in different colours; without, no escape at all", () => {
    const lines = renderScreen(view(), { width: 140, height: 40 });
    const used = paint(rowOf(lines, "G05"), true);
    const tracked = paint(rowOf(lines, "G07"), true);
    const ESC = "\x1b";
    expect(used).toMatch(new RegExp(`${ESC}\\[1;32m█+${ESC}\\[0m`));
    expect(tracked).toMatch(new RegExp(`${ESC}\\[33m░+${ESC}\\[0m`));
    expect(tracked).not.toContain(`${ESC}[1;32m░`);
    for (const line of lines) expect(paint(line, false)).not.toContain("\x1b");
  });

  it("shows fix, TTFF, start type, method, position, DOP and the counts per constellation and in total", () => {
    const text = renderScreen(view(), { width: 140, height: 40 }).map(textOf).join("\n");
    expect(text).toContain("3D fix for 12 s");
    expect(text).toContain("TTFF        30.0 s (3D after 31.5 s)");
    expect(text).toContain("cold start (inferred)");
    expect(text).toContain("no orbit data");
    expect(text).toContain("Method      integrated");
    expect(text).toContain("48.858400° N  2.294500° W");
    expect(text).toContain("35.2 m MSL");
    expect(text).toContain("36.0 km/h");
    expect(text).toContain("H 0.90  V 1.10  P 1.42");
    expect(text).toContain("2 used · 3 tracked · 4 in view   signals: 3 used · 4 tracked");
    expect(text).toMatch(/GPS +1 used · 2 tracked · 3 in view/);
    expect(text).toMatch(/Galileo +1 used · 1 tracked · 1 in view/);
    expect(text).toContain("E1 40 E5a 36");
  });

  it("before the first fix, TTFF is a timer running on the source's clock", () => {
    const at = (nowMs: number): string =>
      renderScreen({ ...searching(), nowMs }, { width: 80, height: 30 })
        .map(textOf)
        .join("\n");
    expect(at(T0 + 12_500)).toContain("TTFF        12 s and counting (no fix yet)");
    expect(at(T0 + 12_500)).toContain("SEARCHING (no fix) for 12 s");
    expect(at(T0 + 75_000)).toContain("TTFF        1 min 15 s and counting (no fix yet)");
    expect(at(T0 + 75_000)).toContain("Position    —");
  });

  it("fits any terminal: no line wider than it, no more lines than it has; the sky plot only from 100 columns", () => {
    for (const width of [30, 40, 60, 80, 99, 100, 140, 200]) {
      for (const height of [10, 24, 40]) {
        const lines = renderScreen(view(), { width, height });
        expect(lines.length).toBeLessThanOrEqual(height);
        for (const line of lines) expect(lineLength(line)).toBeLessThanOrEqual(width);
        const sky = lines.some((l) => /\bSky\b/.test(textOf(l)));
        expect(sky, `${width}x${height}`).toBe(width >= SKY_PLOT_MIN_WIDTH && height >= 16);
      }
    }
  });

  it("a short, narrow terminal folds rows into columns before it hides any", () => {
    const many: Satellite[] = Array.from({ length: 24 }, (_, k) =>
      sat(k < 12 ? "gps" : "glonass", (k % 12) + 1, { cn0DbHz: 30 + k, elevationDeg: 10 + k, azimuthDeg: 15 * k, usedInFix: k % 2 === 0 }),
    );
    const v = view({ satellites: { satellites: many, inViewCount: 24, trackedCount: 24, usedCount: 12, signalCount: 24 } });
    const lines = renderScreen(v, { width: 80, height: 24 }).map(textOf);
    expect(lines.length).toBeLessThanOrEqual(24);
    const listed = lines.join("\n").match(/\b[GR]\d\d\b/g) ?? [];
    expect(new Set(listed).size).toBe(24);
    expect(lines.join("\n")).not.toContain("more lines");
    // Too small for all: a note says how much is hidden.
    const tiny = renderScreen(v, { width: 40, height: 16 }).map(textOf).join("\n");
    expect(tiny).toMatch(/… \d+ more lines: enlarge the window/);
  });

  it("says when the link is down and when diagnostics were counted", () => {
    const text = renderScreen(view({ link: { kind: "disconnected", reason: "device unplugged", retryInMs: 2000 }, diagnostics: { checksum: 3, garbage: 1 } }), {
      width: 140,
      height: 30,
    })
      .map(textOf)
      .join("\n");
    expect(text).toContain("DISCONNECTED (device unplugged), retrying in 2.0 s");
    expect(text).toContain("3 checksum · 1 garbage");
  });
});

describe("sky plot", () => {
  it("zenith at the centre, east right, west left, south down, the compass letters outside the horizon ring", () => {
    const radius = 4;
    const rows = renderSkyPlot(SATELLITES, radius, "Sky").map(textOf);
    expect(rows).toHaveLength(2 * radius + 3);
    expect(rows.every((r) => r.length === skyPlotWidth(radius))).toBe(true);
    const [row, col] = [radius + 1, 2 * radius + 2]; // the zenith
    expect(rows[row]![col]).toBe("●"); // G05 used, at 90° elevation
    expect(rows[row]![col + 2 * radius]).toBe("○"); // G07 tracked only, east horizon
    expect(rows[row]![col - 2 * radius]).toBe("×"); // G12 not tracked, west horizon
    expect(rows[row + radius]![col]).toBe("◆"); // E11 used, south horizon
    // N above the ring, S below, W and E beside it, one column out: no satellite can cover them.
    expect(rows[0]!.startsWith("Sky")).toBe(true);
    expect(rows[0]![col]).toBe("N");
    expect(rows[2 * radius + 2]![col]).toBe("S");
    expect(rows[row]![0]).toBe("W");
    expect(rows[row]![skyPlotWidth(radius) - 1]).toBe("E");
  });

  it("no satellite marker is a letter: an SBAS satellite due south or a Galileo one due east does not read as S or E", () => {
    const radius = 6;
    const edge = (constellation: Constellation, azimuthDeg: number, usedInFix: boolean): Satellite =>
      sat(constellation, 40, { cn0DbHz: 40, elevationDeg: 0, azimuthDeg, usedInFix });
    const rows = renderSkyPlot([edge("sbas", 180, true), edge("galileo", 90, false), edge("gps", 0, true), edge("glonass", 270, false)], radius).map(textOf);
    const letters = rows.join("").match(/[A-Za-z]/g) ?? [];
    expect(letters.sort()).toEqual(["E", "N", "S", "W"]); // the compass, once each
    expect(rows.join("")).toContain("▶"); // SBAS used
    expect(rows.join("")).toContain("◇"); // Galileo tracked
  });

  it("used and tracked differ in glyph for every system, and every marker differs from every other", () => {
    const glyphs = Object.values(SKY_MARKERS).flatMap((m) => [m.used, m.tracked]);
    expect(new Set([...glyphs, NO_SIGNAL_MARKER, "·", "+"]).size).toBe(glyphs.length + 3);
    for (const glyph of glyphs) expect([...glyph].length === 1 && glyph.charCodeAt(0) > 0x7f, glyph).toBe(true); // one non-ASCII character: no letter
  });

  it("without colour the plot and its legend still say used, tracked and not tracked", () => {
    const lines = renderScreen(view(), { width: 140, height: 40 });
    const plain = lines.map((l) => paint(l, false)).join("\n");
    expect(plain).not.toContain("\x1b");
    expect(plain).toContain("filled: used  hollow: tracked");
    expect(plain).toContain("×: in view, no signal");
    expect(plain).toMatch(/●○ GPS {2}◆◇ Galileo/);
    expect(plain).not.toMatch(/■□ GLONASS/); // only the systems in view
  });
});

describe("status line (stdout not a terminal)", () => {
  it("one plain line with the fix, position, counts and TTFF", () => {
    const line = renderStatusLine(view());
    expect(line).toBe(
      "2026-11-26T12:00:42Z  3D fix for 12 s  48.858400,-2.294500  alt 35.2 m  36.0 km/h  HDOP 0.90  sats 2 used/3 tracked/4 in view  TTFF 30.0 s  cold start (inferred)",
    );
    expect(renderStatusLine(searching())).toContain("SEARCHING (no fix) for 12 s  sats 0 used/3 tracked/4 in view  TTFF - (12 s without a fix)");
    // a device that has said nothing of a fix (a heading sensor, a u-blox sending NAV-SAT alone) is not searching
    // a diagnosis that would say what it waits for (a u-blox sending NAV-SAT alone: "14 used but no fix")
    const epoch = { atMs: T0, mode: "none" as const, fixState: "searching" as const, hasTime: true, tracked: 3, used: 2, readable: 3 };
    const waitingLine = {
      rule: "ephemeris" as const,
      kind: "waiting" as const,
      text: "tracking 3, 2 used but no fix: waiting for ephemeris",
      epoch,
      satellites: [],
    };
    const diagnosis = { clocked: true, lines: [waitingLine], mask: { blocked: [], observedSectors: [] } };
    expect(renderStatusLine({ ...searching(), diagnosis })).toContain("why: tracking 3, 2 used but no fix");
    const unstated = renderStatusLine({ ...searching(), diagnosis, fixStatusHeard: false });
    expect(unstated).toContain("NO FIX STATUS (nothing it sent says whether it has a fix) for 12 s");
    // nor is it waiting for a fix it never said it lacks
    expect(unstated).toContain("TTFF - (no fix stated)");
    expect(unstated).not.toContain("without a fix");
    expect(unstated).not.toContain("why:");
  });
});

describe("helpers", () => {
  it("counts satellites and signals apart", () => {
    expect(countSatellites(SATELLITES)).toEqual({ used: 2, tracked: 3, inView: 4, usedSignals: 3, trackedSignals: 4 });
  });

  const envs: Array<{ env: Record<string, string | undefined>; want: boolean }> = [
    { env: {}, want: true },
    { env: { NO_COLOR: "1" }, want: false },
    { env: { NO_COLOR: "" }, want: true },
    { env: { TERM: "dumb" }, want: false },
  ];
  for (const e of envs) it(`colour for ${JSON.stringify(e.env)}: ${e.want}`, () => expect(colorWanted(e.env)).toBe(e.want));
});

describe("satellites listed without a number (u-blox: a GLONASS slot not yet read)", () => {
  it("count as tracked and in view, in their constellation's heading, with no row of their own", async () => {
    const { screenView } = await import("./_views.js");
    const unidentified = [{ constellation: "glonass" as const, inViewCount: 1, trackedCount: 1, signalCount: 1, cn0DbHz: 29 }];
    expect(countSatellites([], 0, unidentified)).toEqual({ used: 0, tracked: 1, inView: 1, usedSignals: 0, trackedSignals: 1 });
    const view = screenView(undefined, { satellites: { satellites: [], inViewCount: 1, trackedCount: 1, usedCount: 0, signalCount: 1, unidentified } });
    const text = renderScreen(view, { width: 140, height: 40 }).map(textOf).join("\n");
    expect(text).toMatch(/Satellites\s+0 used · 1 tracked · 1 in view/);
    expect(text).toMatch(/GLONASS\s+0 used · 1 tracked · 1 in view\s+\(1 slot unknown, 29 dB-Hz\)/);
    expect(renderStatusLine(view)).toContain("sats 0 used/1 tracked/1 in view");
  });
});

describe("a UBX receiver's word on itself", () => {
  it("its own TTFF beside gnsskit's, its antenna and jamming (a short circuit in bad)", async () => {
    const { screenView } = await import("./_views.js");
    const view = screenView(undefined, {
      ttff: { startedAtMs: 0, ttffMs: 28_300 },
      receiver: { ttffMs: 27_950, msssMs: 61_000, antenna: "short", antennaPower: "on", jamming: "ok", jammingIndicator: 12 },
    });
    const rows = renderScreen(view, { width: 140, height: 40 });
    const text = rows.map(textOf).join("\n");
    expect(text).toContain("TTFF        28.3 s");
    expect(text).toContain("receiver: 28.0 s (its own, NAV-STATUS; running 1 min 01 s when first heard)");
    const antenna = rows.find((row) => textOf(row).startsWith("Antenna"));
    expect(antenna === undefined ? "" : textOf(antenna)).toMatch(/^Antenna\s+short, powered; jamming ok \(CW indicator 12 of 255\)/);
    expect(antenna?.some((s) => s.role === "bad")).toBe(true);
  });

  it("an NMEA receiver's screen has neither line", async () => {
    const { screenView } = await import("./_views.js");
    const text = renderScreen(screenView(undefined, { receiver: {} }), { width: 140, height: 40 })
      .map(textOf)
      .join("\n");
    expect(text).not.toContain("receiver:");
    expect(text).not.toContain("Antenna");
  });
});

describe("a receiver that lists no satellites (no GSV, no NAV-SAT): tracked and in view unknown, not 0", () => {
  // hemi and motorola-t805 in gpsd's logs: GGA's count of satellites used, no list of them
  const noList = (): MonitorView => view({ satellites: { satellites: [], inViewCount: 0, trackedCount: 0, usedCount: 4, signalCount: 0 } });

  it("the status line gives the used count alone", () => {
    const line = renderStatusLine(noList());
    expect(line).toContain("  sats 4 used (no satellite list)  ");
    expect(line).not.toMatch(/tracked|in view/);
  });

  it("the screen says the receiver lists none", () => {
    const text = renderScreen(noList(), { width: 140, height: 40 }).map(textOf).join("\n");
    expect(text).toMatch(/^Satellites +4 used · tracked and in view unknown: the receiver lists no satellites( |$)/m);
    expect(text).not.toMatch(/^Satellites.*0 tracked/m);
  });

  it("a receiver that lists them keeps its three counts", () => {
    expect(renderStatusLine(view())).toContain("sats 2 used/3 tracked/4 in view");
  });
});
