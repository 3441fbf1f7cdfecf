// The report as one self-contained HTML page: inline CSS, inline SVG plots, no scripts, no fonts,
// nothing fetched, so it opens offline and can be mailed as a single file.

import type { Constellation } from "../../types.js";
import { escapeXml } from "../export-format.js";
import { CONSTELLATION_COLOURS, heatStrip, lineChart, skyPlot, timeUnit, trackPlot } from "./svg.js";
import { FIX_CLASS_LABELS, formatReportText } from "./text.js";
import type { FixClass, Report } from "./types.js";
import type { TruthPlotData } from "./truth.js";

export interface ReportHtmlOptions {
  /** Page title, e.g. the log's file name */
  title?: string;
}

const FIX_CLASS_COLOURS: Record<FixClass, string> = {
  none: "#d62728",
  fix: "#98df8a",
  "2d": "#ffbf00",
  "3d": "#2ca02c",
  dgps: "#17becf",
  "rtk-float": "#9467bd",
  "rtk-fixed": "#4b0082",
  pps: "#1f77b4",
  "dead-reckoning": "#8c564b",
  manual: "#7f7f7f",
  "time-only": "#bcbd22",
  simulated: "#e377c2",
  "no-data": "#dddddd",
};

/** RINEX system letters, the usual short satellite names (G12, R7, E19, C30). */
const RINEX_LETTERS: Record<Constellation, string> = { gps: "G", glonass: "R", galileo: "E", beidou: "C", qzss: "J", sbas: "S", navic: "I" };

// Plots fill the page's width: time plots a row each, the square sky and track plots side by side when the
// page is wide enough (each at most as tall as a screen), one under the other on a narrow one, where the
// time plots keep a readable width and scroll sideways.
const STYLE = `
body{font-family:system-ui,-apple-system,"Segoe UI",Roboto,Helvetica,Arial,sans-serif;margin:24px;color:#222;background:#fafafa}
h1{font-size:22px;margin:0 0 12px}h2{font-size:16px;margin:18px 0 8px}
pre{background:#fff;border:1px solid #ddd;padding:12px;font-size:12.5px;line-height:1.35;overflow:auto}
.plots{display:grid;grid-template-columns:repeat(auto-fit,minmax(min(100%,460px),1fr));gap:16px}
figure{margin:0;background:#fff;border:1px solid #ddd;padding:6px;min-width:0}
figure.wide{grid-column:1/-1;overflow-x:auto}figure.wide svg.plot{min-width:760px}
figure.square svg{max-height:calc(100vh - 80px)}
svg.plot{display:block;width:100%;height:auto}
figcaption{font-size:12px;color:#555;padding:4px}
svg .plot-title{font-size:14px;font-weight:600;fill:#222}
svg .label{font-size:12px;fill:#333}svg .tick{font-size:10.5px;fill:#555}
svg .legend{font-size:11px;fill:#333}svg .sat-label{font-size:11px;fill:#333}
svg .grid{stroke:#e4e4e4;stroke-width:1}svg .axis{stroke:#888}
svg .frame{fill:none;stroke:#aaa}
svg .heat-lane{fill:#f1f1f1}svg .heat-grid{stroke:#000;stroke-opacity:0.12;stroke-width:1}
svg .heat-label{font-size:11px;fill:#333;font-variant-numeric:tabular-nums}svg .heat-group{font-size:12px;font-weight:600}
`;

function constellationLegend(constellations: Iterable<Constellation>): { name: string; colour: string }[] {
  return [...new Set(constellations)].map((c) => ({ name: c, colour: CONSTELLATION_COLOURS[c] }));
}

function figure(svg: string, caption: string, shape: "wide" | "square"): string {
  return `<figure class="${shape}">${svg}<figcaption>${escapeXml(caption)}</figcaption></figure>`;
}

const satelliteLabel = (constellation: Constellation, key: string): string => `${RINEX_LETTERS[constellation]}${key.slice(key.indexOf(":") + 1)}`;

/** The deviation scatter around the truth and the errors over time, against the receiver's claimed radius. */
function truthFigures(report: Report, truth: TruthPlotData, axis: { x: (tMs: number) => number; xLabel: string; xMax: number; gapX: number }): string[] {
  const summary = report.truth!;
  const h = summary.horizontal;
  const circles = [
    ...(h === undefined
      ? []
      : [
          { radiusM: h.p50M, label: `CEP50 ${h.p50M.toFixed(1)} m (true)`, colour: "#2ca02c" },
          { radiusM: h.p95M, label: `CEP95 ${h.p95M.toFixed(1)} m (true)`, colour: "#ff7f0e" },
        ]),
    ...(summary.claimed === undefined
      ? []
      : [
          {
            radiusM: summary.claimed.medianRadiusM,
            label: `claimed 95 % ${summary.claimed.medianRadiusM.toFixed(1)} m (median)`,
            colour: "#9467bd",
            dash: "2 3",
          },
        ]),
  ];
  const within =
    summary.claimed === undefined
      ? ""
      : ` The receiver's own 95 % radius (median, dotted) held the true error in ${(summary.claimed.withinShare * 100).toFixed(1)} % of the fixes; an honest one holds 95 %.`;
  const series = (key: "horizontalM" | "verticalM" | "claimedM"): [number, number][] =>
    truth.error.flatMap((row) => (row[key] === undefined ? [] : [[axis.x(row.tMs), row[key]!] as [number, number]]));
  // Clipped a little above the 95 % errors and the claimed radius: a few wild fixes would flatten the rest.
  const values = truth.error.flatMap((row) => [row.horizontalM ?? 0, Math.abs(row.verticalM ?? 0)]);
  const limit = Math.max(1, h?.p95M ?? 0, summary.vertical?.p95M ?? 0, summary.claimed?.medianRadiusM ?? 0) * 1.5;
  const clipped = values.some((v) => v > limit);
  const yMax = clipped ? limit : Math.max(1, ...values) * 1.05;
  const yMin = truth.error.some((row) => (row.verticalM ?? 0) < 0) ? -yMax : 0;
  return [
    figure(
      trackPlot({
        id: "plot-deviation",
        title: "Deviation from the truth",
        track: [],
        scatter: truth.deviation,
        mean: { eastM: 0, northM: 0 },
        centreLabel: "truth",
        circles,
      }),
      `Each fix's error east and north of where the antenna really was (+), a sample of ${truth.deviation.length}; the CEP50 and CEP95 circles of the true error.${within}`,
      "square",
    ),
    figure(
      lineChart({
        id: "plot-truth-error",
        title: "Error against the truth",
        xLabel: axis.xLabel,
        yLabel: "metres",
        yMin,
        yMax,
        xMin: 0,
        xMax: axis.xMax,
        gapX: axis.gapX,
        series: [
          { name: "horizontal error", colour: "#1f77b4", points: series("horizontalM"), width: 2 },
          { name: "vertical error (reported − true)", colour: "#2ca02c", points: series("verticalM") },
          { name: "claimed 95 % radius", colour: "#9467bd", points: series("claimedM"), opacity: 0.8 },
        ],
      }),
      "Horizontal distance from the truth and the height's error (bucket means) over time, against the receiver's own 95 % horizontal radius: where the blue line rises above the purple one the receiver claimed more than it delivered." +
        (clipped ? ` Clipped at ±${Math.round(yMax)} m (the largest errors: ${Math.round(Math.max(...values))} m).` : ""),
      "wide",
    ),
  ];
}

export function renderReportHtml(report: Report, options: ReportHtmlOptions = {}): string {
  const title = options.title ?? "GNSS log report";
  const { plots } = report;
  const spanMs = Math.max(plots.bucketMs, ...plots.fixClass.map((p) => p.tMs + plots.bucketMs));
  const unit = timeUnit(spanMs);
  const x = (tMs: number): number => tMs / unit.divisor;
  const xLabel = `time since the first epoch (${unit.label})`;
  const gapX = x(plots.bucketMs * 2.5);
  const xMax = x(spanMs);
  const bands = plots.fixClass.map((p) => ({
    x0: x(p.tMs),
    x1: x(p.tMs + plots.bucketMs),
    colour: FIX_CLASS_COLOURS[p.fixClass],
    label: FIX_CLASS_LABELS[p.fixClass],
  }));
  const bandLegend = [...new Set(plots.fixClass.map((p) => p.fixClass))].map((c) => ({
    name: FIX_CLASS_LABELS[c],
    colour: FIX_CLASS_COLOURS[c],
  }));

  const series = <K extends string>(rows: ({ tMs: number } & Partial<Record<K, number>>)[], key: K): [number, number][] =>
    rows.flatMap((row) => {
      const value = row[key];
      return typeof value === "number" ? [[x(row.tMs), value] as [number, number]] : [];
    });

  const figures: string[] = [];
  figures.push(
    figure(
      skyPlot(
        "plot-sky",
        "Sky plot: satellite tracks",
        plots.sky.map((s) => ({
          name: s.key,
          label: satelliteLabel(s.constellation, s.key),
          colour: CONSTELLATION_COLOURS[s.constellation],
          points: s.points,
        })),
        constellationLegend(plots.sky.map((s) => s.constellation)),
        plots.bucketMs * 2.5,
        undefined,
        (report.diagnosis?.mask.blocked ?? []).map((b) => ({
          fromAzimuthDeg: b.fromAzimuthDeg,
          toAzimuthDeg: b.toAzimuthDeg,
          belowElevationDeg: b.belowElevationDeg,
          label: `${b.name} blocked below ${b.atLeast ? "at least " : ""}${b.belowElevationDeg}°`,
        })),
      ),
      "Azimuth clockwise from north, elevation 90° at the centre, horizon at the rim. Each line is one satellite's path; the dot is its last position, filled when it was used in the fix." +
        ((report.diagnosis?.mask.blocked.length ?? 0) > 0
          ? " Shaded: the sectors found blocked, up to the elevation below which predicted satellites went unheard or only weakly heard."
          : ""),
      "square",
    ),
  );
  // The two square plots first, side by side on a wide page; the time plots below, a row each.
  const static_ = report.scatter.kind === "static" ? report.scatter : undefined;
  figures.push(
    figure(
      trackPlot({
        id: "plot-track",
        title: static_ ? "Position scatter" : "Track",
        // A static receiver's track is noise: its scatter says more.
        track: static_ ? [] : plots.track,
        gapMs: plots.bucketMs * 2.5,
        scatter: static_ ? plots.scatter : [],
        ...(static_ && plots.mean ? { mean: plots.mean } : {}),
        circles: static_
          ? [
              { radiusM: static_.cep50M, label: `CEP50 ${static_.cep50M.toFixed(1)} m`, colour: "#2ca02c" },
              { radiusM: static_.cep95M, label: `CEP95 ${static_.cep95M.toFixed(1)} m`, colour: "#ff7f0e" },
            ]
          : [],
      }),
      static_
        ? `A sample of the fixes around their mean position ${static_.meanLatitudeDeg.toFixed(7)}, ${static_.meanLongitudeDeg.toFixed(7)} (+), ` +
            "in local east/north metres; the CEP50 and CEP95 circles are centred on the mean, as in the summary."
        : plots.origin
          ? `The track in local east/north metres from the first fix, ${plots.origin.latitudeDeg.toFixed(6)}, ${plots.origin.longitudeDeg.toFixed(6)}.`
          : "No fix: nothing to draw.",
      "square",
    ),
  );

  if (report.truth !== undefined && plots.truth !== undefined) figures.push(...truthFigures(report, plots.truth, { x, xLabel, xMax, gapX }));
  figures.push(
    figure(
      heatStrip({
        id: "plot-cn0",
        title: "C/N0 per satellite",
        xLabel,
        xMin: 0,
        xMax,
        cellX: x(plots.bucketMs),
        valueLabel: "C/N0 dB-Hz",
        valueMin: 10,
        valueMax: 50,
        valueStep: 2.5,
        emphasis: { full: "used in the fix", half: "tracked, not used" },
        rows: plots.cn0.map((s) => ({
          name: s.key,
          label: satelliteLabel(s.constellation, s.key),
          group: s.constellation,
          colour: CONSTELLATION_COLOURS[s.constellation],
          points: s.points.map((p) => [x(p.tMs), p.cn0DbHz, p.used]),
        })),
      }),
      "Carrier-to-noise density of each tracked satellite over time (bucket means), one row per satellite grouped by constellation, " +
        "with its mean at the end of the row. Full height: used in the fix; half height: tracked but not used; blank: not tracked.",
      "wide",
    ),
  );
  figures.push(
    figure(
      lineChart({
        id: "plot-satellites",
        title: "Satellites used, tracked and in view",
        xLabel,
        yLabel: "satellites",
        yMin: 0,
        yMax: Math.max(4, ...plots.satellites.map((r) => Math.max(r.used ?? 0, r.tracked ?? 0, r.inView ?? 0) + 1)),
        xMin: 0,
        xMax,
        gapX,
        bands,
        series: [
          { name: "in view", colour: "#aaaaaa", points: series(plots.satellites, "inView") },
          { name: "tracked", colour: "#ff7f0e", points: series(plots.satellites, "tracked") },
          { name: "used", colour: "#1f77b4", points: series(plots.satellites, "used"), width: 2 },
        ],
        legend: [{ name: "in view", colour: "#aaaaaa" }, { name: "tracked", colour: "#ff7f0e" }, { name: "used", colour: "#1f77b4" }, ...bandLegend],
      }),
      "Top strip: fix state over time. Lines: satellites in view (GSV), tracked (with a C/N0) and used in the fix.",
      "wide",
    ),
  );
  const dopValues = plots.dop.flatMap((row) => [row.hdop, row.vdop, row.pdop].filter((v): v is number => v !== undefined));
  const dopMax = Math.min(20, Math.max(2, ...dopValues.map((v) => Math.ceil(v))));
  figures.push(
    figure(
      lineChart({
        id: "plot-dop",
        title: "Dilution of precision",
        xLabel,
        yLabel: "DOP",
        yMin: 0,
        yMax: dopMax,
        xMin: 0,
        xMax,
        gapX,
        series: [
          { name: "HDOP", colour: "#1f77b4", points: series(plots.dop, "hdop"), width: 2 },
          { name: "VDOP", colour: "#2ca02c", points: series(plots.dop, "vdop") },
          { name: "PDOP", colour: "#d62728", points: series(plots.dop, "pdop") },
        ],
      }),
      `HDOP, VDOP and PDOP of epochs with a fix${dopValues.some((v) => v > dopMax) ? ` (clipped at ${dopMax})` : ""}.`,
      "wide",
    ),
  );
  return (
    "<!DOCTYPE html>\n" +
    `<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>${escapeXml(title)}</title><style>${STYLE}</style></head><body>\n` +
    `<h1>${escapeXml(title)}</h1>\n` +
    `<h2>Summary</h2>\n<pre>${escapeXml(formatReportText(report))}</pre>\n` +
    `<h2>Plots</h2>\n<div class="plots">\n${figures.join("\n")}\n</div>\n` +
    "</body></html>\n"
  );
}
