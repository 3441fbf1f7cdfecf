import { describe, it, expect } from "vitest";
import { createReportBuilder, formatDistance, formatReportText, renderReportHtml, type Report } from "../../src/output/report/index.js";
import { drive, makeEpoch } from "./epochs.js";
import { staticScenario } from "./report-events.js";

function build(events: Iterable<Parameters<ReturnType<typeof createReportBuilder>["add"]>[0]>, options = {}): Report {
  const builder = createReportBuilder(options);
  for (const e of events) builder.add(e);
  return builder.result();
}

/** Horizontal distance in metres between two nearby points (local flat earth, WGS-84 radii). */
function distanceM(a: { latitudeDeg: number; longitudeDeg: number }, b: { latitudeDeg: number; longitudeDeg: number }): number {
  const lat = (a.latitudeDeg * Math.PI) / 180;
  const e2 = 6.69437999014e-3;
  const w = Math.sqrt(1 - e2 * Math.sin(lat) ** 2);
  const north = (((6_378_137 * (1 - e2)) / w ** 3) * (b.latitudeDeg - a.latitudeDeg) * Math.PI) / 180;
  const east = ((6_378_137 / w) * Math.cos(lat) * (b.longitudeDeg - a.longitudeDeg) * Math.PI) / 180;
  return Math.hypot(north, east);
}

const nearestRank = (sorted: number[], p: number): number => sorted[Math.ceil((p / 100) * sorted.length) - 1]!;

describe("createReportBuilder on a static log", () => {
  const scenario = staticScenario({ epochs: 300, firstFixAt: 30, outage: [150, 170] });
  const report = build(scenario.events);

  it("counts epochs, duration and time in each fix state", () => {
    expect(report.epochs).toBe(300);
    expect(report.epochsWithFix).toBe(scenario.fixes.length);
    expect(report.durationMs).toBe(299_000);
    const share = Object.fromEntries(report.fixAvailability.map((a) => [a.fixClass, a.fraction]));
    expect(share["none"]).toBeCloseTo(50 / 300, 6);
    expect(share["3d"]).toBeCloseTo(250 / 300, 6);
    expect(report.fixAvailability.reduce((s, a) => s + a.fraction, 0)).toBeCloseTo(1, 9);
  });

  it("takes TTFF, start type, fix losses and reacquisitions from the tracker's events", () => {
    expect(report.ttff.ttffMs).toBe(30_000);
    expect(report.ttff.first3dMs).toBe(30_000);
    expect(report.ttff.start?.type).toBe("cold");
    expect(report.fixLosses.count).toBe(1);
    expect(report.reacquisitions).toMatchObject({ count: 1, totalMs: 20_000, maxMs: 20_000 });
  });

  it("summarises satellites per constellation", () => {
    const gps = report.constellations.find((c) => c.constellation === "gps")!;
    const glonass = report.constellations.find((c) => c.constellation === "glonass")!;
    expect(gps).toMatchObject({ seen: 5, tracked: 5, used: 5 });
    expect(glonass).toMatchObject({ seen: 3, tracked: 3, used: 1 });
    // mean C/N0 by brute force over the epoch events
    const values = scenario.events.flatMap((e) =>
      e.type === "epoch" ? e.epoch.satellites.satellites.filter((s) => s.constellation === "gps" && s.cn0DbHz !== undefined).map((s) => s.cn0DbHz!) : [],
    );
    expect(gps.meanCn0DbHz).toBeCloseTo(values.reduce((a, b) => a + b, 0) / values.length, 9);
    expect(glonass.meanUsedPerFix).toBeCloseTo(1, 9);
  });

  it("marks each C/N0 point used or tracked only: used from the first fix, not in the outage, never for a satellite left out", () => {
    const series = (key: string): { tMs: number; used: boolean }[] => report.plots.cn0.find((s) => s.key === key)!.points;
    const usedAt = (key: string, fromS: number, toS: number): boolean[] => [
      ...new Set(
        series(key)
          .filter((p) => p.tMs >= fromS * 1000 && p.tMs < toS * 1000)
          .map((p) => p.used),
      ),
    ];
    expect(usedAt("gps:2", 6, 30)).toEqual([false]);
    expect(usedAt("gps:2", 30, 150)).toEqual([true]);
    expect(usedAt("gps:2", 150, 170)).toEqual([false]);
    expect(usedAt("gps:2", 170, 300)).toEqual([true]);
    expect(usedAt("glonass:72", 0, 300)).toEqual([false]);
  });

  it("gives exact HDOP percentiles (nearest rank)", () => {
    const sorted = [...scenario.hdops].sort((a, b) => a - b);
    expect(report.dop.hdop?.p50).toBeCloseTo(nearestRank(sorted, 50), 9);
    expect(report.dop.hdop?.p95).toBeCloseTo(nearestRank(sorted, 95), 9);
    expect(report.dop.hdop?.count).toBe(sorted.length);
  });

  it("computes CEP50/CEP95 around the mean position", () => {
    expect(report.scatter.kind).toBe("static");
    if (report.scatter.kind !== "static") return;
    const mean = {
      latitudeDeg: scenario.fixes.reduce((s, f) => s + f.latitudeDeg, 0) / scenario.fixes.length,
      longitudeDeg: scenario.fixes.reduce((s, f) => s + f.longitudeDeg, 0) / scenario.fixes.length,
    };
    expect(report.scatter.meanLatitudeDeg).toBeCloseTo(mean.latitudeDeg, 9);
    expect(report.scatter.meanLongitudeDeg).toBeCloseTo(mean.longitudeDeg, 9);
    const distances = scenario.fixes.map((f) => distanceM(mean, f)).sort((a, b) => a - b);
    expect(report.scatter.cep50M).toBeCloseTo(nearestRank(distances, 50), 3);
    expect(report.scatter.cep95M).toBeCloseTo(nearestRank(distances, 95), 3);
    expect(report.scatter.cep95M).toBeGreaterThan(report.scatter.cep50M);
  });

  it("identifies the receiver and counts diagnostics by kind", () => {
    expect(report.receiver.vendor).toBe("u-blox");
    expect(report.receiver.lines).toEqual(["u-blox ag - www.u-blox.com", "HW UBX-M8030 00080000"]);
    expect(report.diagnostics.byKind).toEqual({ checksum: 3, garbage: 1 });
    expect(report.diagnostics.total).toBe(4);
  });

  it("prints a text summary with the figures", () => {
    const text = formatReportText(report);
    expect(text).toContain("TTFF: 30.0 s (3d fix)");
    expect(text).toContain("start: cold (inferred)");
    expect(text).toMatch(/no fix\s+16\.7%/);
    expect(text).toMatch(/reacquisitions: 1 \(gap mean 20\.0 s/);
    expect(text).toContain(`CEP50 ${(report.scatter as { cep50M: number }).cep50M.toFixed(2)} m`);
    expect(text).toMatch(/checksum\s+3/);
    expect(text).not.toMatch(/NaN|undefined/);
  });
});

describe("static or moving without a speed sentence", () => {
  const metresPerDegLon = 111_320 * Math.cos((39.2 * Math.PI) / 180);
  /** A GGA-only RTK receiver: fixes a second apart, `stepM` metres east each time, no speed. */
  const rtk = (count: number, stepM: number, quality: "rtk-fixed" | "rtk-float") =>
    Array.from({ length: count }, (_, i) => {
      const epoch = makeEpoch({
        timeMs: Date.UTC(2024, 4, 17, 16, 2, 0) + i * 1000,
        latitudeDeg: 39.2,
        longitudeDeg: -77.25 + (i * stepM) / metresPerDegLon,
        quality,
      });
      delete epoch.speedMps;
      return { type: "epoch" as const, epoch };
    });

  it("RTK-fixed positions spread over more than 10 m (a drone's GGA-only log): moving, no scatter statistics", () => {
    expect(build(rtk(120, 1, "rtk-fixed")).scatter.kind).toBe("moving");
  });

  it("RTK-fixed positions within centimetres, or RTK float ones spread as far: static", () => {
    expect(build(rtk(120, 0.0002, "rtk-fixed")).scatter.kind).toBe("static");
    expect(build(rtk(120, 0.2, "rtk-float")).scatter.kind).toBe("static");
  });
});

describe("createReportBuilder bounds", () => {
  it("says 'moving' and skips the scatter statistics for a drive", () => {
    const report = build(drive(600).map((epoch) => ({ type: "epoch" as const, epoch })));
    expect(report.scatter.kind).toBe("moving");
    // 599 steps of 10 m, as drive() lays them on a sphere; the report measures on the ellipsoid (±0.3%)
    const pathLengthM = report.scatter.kind === "moving" ? report.scatter.pathLengthM : 0;
    expect(Math.abs(pathLengthM - 5990) / 5990).toBeLessThan(0.003);
    expect(formatReportText(report)).toContain(`moving: ${formatDistance(pathLengthM)} travelled`);
  });

  it("keeps every plotted series within plotPoints on a long log", () => {
    const scenario = staticScenario({ epochs: 20_000, firstFixAt: 10, outage: [5000, 5100] });
    const report = build(scenario.events, { plotPoints: 500 });
    const { plots } = report;
    expect(report.epochs).toBe(20_000);
    expect(plots.bucketMs).toBe(64_000); // 1 s doubled until 20 000 s fit in 500 buckets
    for (const s of [plots.fixClass, plots.satellites, plots.dop, plots.track]) {
      expect(s.length).toBeGreaterThan(100);
      expect(s.length).toBeLessThanOrEqual(500);
    }
    for (const s of [...plots.cn0, ...plots.sky]) expect(s.points.length).toBeLessThanOrEqual(500);
    // Merged buckets keep means: the used count is 6 whenever there is a fix.
    expect(plots.satellites.filter((r) => r.used !== undefined).every((r) => r.used! >= 0 && r.used! <= 6)).toBe(true);
  });

  it("never throws on odd events and reports nothing for no epochs", () => {
    const report = build([{ type: "close", atMs: 0 }]);
    expect(report.epochs).toBe(0);
    expect(report.scatter.kind).toBe("none");
    expect(formatReportText(report)).toContain("no fix");
    expect(renderReportHtml(report)).toContain('id="plot-track"');
  });
});

describe("renderReportHtml", () => {
  const html = renderReportHtml(build(staticScenario().events), { title: "static <test> log" });

  it("is self-contained: no scripts, no external references", () => {
    expect(html).not.toMatch(/<script|<link|@import|url\(|src=/i);
    expect(html).not.toMatch(/https?:\/\/(?!www\.w3\.org\/2000\/svg)/);
    expect(html).toContain("<title>static &lt;test&gt; log</title>");
  });

  it("holds the five plots with data marks", () => {
    for (const id of ["plot-sky", "plot-cn0", "plot-satellites", "plot-dop", "plot-track"]) {
      const start = html.indexOf(`<svg id="${id}"`);
      expect(start, id).toBeGreaterThan(0);
      const svg = html.slice(start, html.indexOf("</svg>", start));
      expect(svg.match(/class="mark/g)?.length ?? 0, id).toBeGreaterThan(0);
    }
  });
});
