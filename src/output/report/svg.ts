// SVG plots for the HTML report, written as text (no DOM, no libraries): a line chart with axes,
// a fix-state strip, a heat strip (one row per satellite), a polar sky plot, and a track on local
// east/north metres with a scale bar. Each plot scales to the width it is given (viewBox, width 100%);
// time plots are drawn wide, so that their text keeps its size on a page of common width.
// Every drawn datum carries class "mark" so tests can count what was plotted.

import type { Constellation } from "../../types.js";
import { escapeXml } from "../export-format.js";
import { labelBaseline, labelHeight, labelWidth, placeLabels, type Box } from "../labels.js";

/** Width of the time plots' viewBox: about a page's width, so 1 unit is about 1 pixel. */
export const WIDE_PLOT_WIDTH = 1200;

export const CONSTELLATION_COLOURS: Record<Constellation, string> = {
  gps: "#1f77b4",
  glonass: "#d62728",
  galileo: "#2ca02c",
  beidou: "#ff7f0e",
  qzss: "#9467bd",
  sbas: "#7f7f7f",
  navic: "#8c564b",
};

const n = (value: number): string => (Math.round(value * 10) / 10).toString();

/** Round tick values covering [min, max] with about `count` steps. */
export function niceTicks(min: number, max: number, count = 5): number[] {
  if (!(max > min)) return [min];
  const raw = (max - min) / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((f) => f * magnitude).find((s) => s >= raw) ?? raw;
  const ticks: number[] = [];
  for (let v = Math.ceil(min / step) * step; v <= max + step * 1e-9; v += step) ticks.push(Number(v.toFixed(10)));
  return ticks;
}

/** How to label elapsed time on an axis: seconds, minutes or hours, by the span. */
export function timeUnit(spanMs: number): { divisor: number; label: string } {
  if (spanMs <= 5 * 60_000) return { divisor: 1000, label: "s" };
  if (spanMs <= 3 * 3_600_000) return { divisor: 60_000, label: "min" };
  return { divisor: 3_600_000, label: "h" };
}

export interface LineSeries {
  name: string;
  colour: string;
  /** [x, y] in data units; a step larger than `gapX` breaks the line */
  points: [number, number][];
  width?: number;
  opacity?: number;
}

export interface LineChartOptions {
  id: string;
  title: string;
  xLabel: string;
  yLabel: string;
  series: LineSeries[];
  xMin?: number;
  xMax?: number;
  yMin?: number;
  yMax?: number;
  gapX?: number;
  width?: number;
  height?: number;
  legend?: { name: string; colour: string }[];
  /** Coloured bands along the x axis (e.g. fix state), drawn above the plot area */
  bands?: { x0: number; x1: number; colour: string; label: string }[];
}

const MARGIN = { left: 56, right: 16, top: 34, bottom: 44 };

function frame(id: string, title: string, width: number, height: number, body: string): string {
  return (
    // No fixed size: as wide as its box, as tall as the viewBox's proportions make it.
    `<svg id="${id}" class="plot" xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="100%" preserveAspectRatio="xMidYMin meet" role="img" aria-label="${escapeXml(title)}">` +
    `<title>${escapeXml(title)}</title>` +
    `<rect x="0" y="0" width="${width}" height="${height}" fill="#fff"/>` +
    `<text x="${width / 2}" y="18" text-anchor="middle" class="plot-title">${escapeXml(title)}</text>` +
    body +
    "</svg>"
  );
}

export function lineChart(options: LineChartOptions): string {
  const width = options.width ?? WIDE_PLOT_WIDTH;
  const height = options.height ?? 300;
  const all = options.series.flatMap((s) => s.points);
  const xs = all.map((p) => p[0]);
  const ys = all.map((p) => p[1]);
  const xMin = options.xMin ?? (xs.length ? Math.min(...xs) : 0);
  const xMax = Math.max(options.xMax ?? (xs.length ? Math.max(...xs) : 1), xMin + 1e-9);
  const yMin = options.yMin ?? (ys.length ? Math.min(...ys) : 0);
  let yMax = options.yMax ?? (ys.length ? Math.max(...ys) : 1);
  if (!(yMax > yMin)) yMax = yMin + 1;
  const left = MARGIN.left;
  const legend = options.legend ?? options.series.map((s) => ({ name: s.name, colour: s.colour }));
  const top = MARGIN.top + (legend.length > 0 ? 14 : 0) + (options.bands ? 14 : 0);
  const plotW = width - left - MARGIN.right;
  const plotH = height - top - MARGIN.bottom;
  const px = (x: number): number => left + ((x - xMin) / (xMax - xMin)) * plotW;
  const py = (y: number): number => top + plotH - ((Math.min(Math.max(y, yMin), yMax) - yMin) / (yMax - yMin)) * plotH;

  const parts: string[] = [];
  for (const tick of niceTicks(yMin, yMax)) {
    parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${n(py(tick))}" y2="${n(py(tick))}" class="grid"/>`);
    parts.push(`<text x="${left - 6}" y="${n(py(tick) + 4)}" text-anchor="end" class="tick">${tick}</text>`);
  }
  for (const tick of niceTicks(xMin, xMax, 8)) {
    parts.push(`<line x1="${n(px(tick))}" x2="${n(px(tick))}" y1="${top + plotH}" y2="${top + plotH + 4}" class="axis"/>`);
    parts.push(`<text x="${n(px(tick))}" y="${top + plotH + 16}" text-anchor="middle" class="tick">${tick}</text>`);
  }
  parts.push(`<rect x="${left}" y="${top}" width="${plotW}" height="${plotH}" class="frame"/>`);
  parts.push(`<text x="${left + plotW / 2}" y="${height - 8}" text-anchor="middle" class="label">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text transform="translate(14 ${top + plotH / 2}) rotate(-90)" text-anchor="middle" class="label">${escapeXml(options.yLabel)}</text>`);
  for (const band of options.bands ?? []) {
    const x0 = px(band.x0);
    const w = Math.max(0.5, px(band.x1) - x0);
    parts.push(
      `<rect x="${n(x0)}" y="${top - 12}" width="${n(w)}" height="10" fill="${band.colour}" class="mark band"><title>${escapeXml(band.label)}</title></rect>`,
    );
  }
  for (const series of options.series) {
    if (series.points.length === 0) continue;
    let d = "";
    let previousX: number | undefined;
    for (const [x, y] of series.points) {
      const command = previousX === undefined || (options.gapX !== undefined && x - previousX > options.gapX) ? "M" : "L";
      d += `${command}${n(px(x))} ${n(py(y))}`;
      previousX = x;
    }
    // A lone point still shows: round caps draw a dot for a zero-length segment.
    if (series.points.length === 1) d += "h0.01";
    parts.push(
      `<path d="${d}" fill="none" stroke="${series.colour}" stroke-width="${series.width ?? 1.5}" stroke-linecap="round" stroke-linejoin="round"` +
        `${series.opacity !== undefined ? ` stroke-opacity="${series.opacity}"` : ""} class="mark"><title>${escapeXml(series.name)}</title></path>`,
    );
  }
  let lx = left;
  const legendY = MARGIN.top - 8;
  for (const item of legend) {
    parts.push(`<rect x="${n(lx)}" y="${legendY}" width="10" height="10" fill="${item.colour}"/>`);
    parts.push(`<text x="${n(lx + 14)}" y="${legendY + 9}" class="legend">${escapeXml(item.name)}</text>`);
    lx += 24 + item.name.length * 6.5;
  }
  return frame(options.id, options.title, width, height, parts.join(""));
}

export interface HeatRow {
  /** Tooltip name (the satellite's key) and the label at the row's start (`G12`) */
  name: string;
  label: string;
  /** Rows of one group (a constellation) sit together under its heading */
  group: string;
  colour: string;
  /** [x, value, emphasised]: emphasised cells are drawn full height, the others half (used vs tracked only) */
  points: [number, number, boolean][];
}

export interface HeatStripOptions {
  id: string;
  title: string;
  xLabel: string;
  xMin: number;
  xMax: number;
  /** The x width of one point (a bucket) */
  cellX: number;
  rows: HeatRow[];
  valueLabel: string;
  /** The colour scale's range: values below and above take its ends */
  valueMin: number;
  valueMax: number;
  /** Values are drawn in steps of this (neighbouring cells of one step merge into one rectangle) */
  valueStep: number;
  /** The key's words for full and half height */
  emphasis: { full: string; half: string };
  width?: number;
}

/** Viridis, sampled: dark blue-violet (weak) to yellow (strong), readable in grey and by the colour-blind. */
const VIRIDIS = ["#440154", "#482878", "#3e4989", "#31688e", "#26828e", "#1f9e89", "#35b779", "#6ece58", "#b5de2b", "#fde725"];

function viridis(fraction: number): string {
  const f = Math.min(1, Math.max(0, fraction)) * (VIRIDIS.length - 1);
  const k = Math.min(VIRIDIS.length - 2, Math.floor(f));
  const mix = (a: string, b: string, t: number): string => {
    const channel = (hex: string, i: number): number => parseInt(hex.slice(1 + 2 * i, 3 + 2 * i), 16);
    return `#${[0, 1, 2]
      .map((i) =>
        Math.round(channel(a, i) + (channel(b, i) - channel(a, i)) * t)
          .toString(16)
          .padStart(2, "0"),
      )
      .join("")}`;
  };
  return mix(VIRIDIS[k]!, VIRIDIS[k + 1]!, f - k);
}

/** At most this many cells across: about 4 units each on a wide plot; more buckets are averaged into one cell. */
const MAX_HEAT_COLUMNS = 300;

/**
 * One row per series (a satellite), time along x, the value as colour (a stepped viridis scale with its key),
 * and the row's emphasis (used in the fix) as full height against half height: used and tracked-only read
 * apart without colour. Rows are grouped under headings, labelled at the start and with their mean at the end.
 */
export function heatStrip(options: HeatStripOptions): string {
  const width = options.width ?? WIDE_PLOT_WIDTH;
  const left = 60;
  const right = 64;
  const top = 66;
  const rowH = 12;
  const rowGap = 3;
  const headingH = 17;
  const plotW = width - left - right;
  const span = Math.max(options.xMax - options.xMin, 1e-9);
  const px = (x: number): number => left + ((x - options.xMin) / span) * plotW;
  const steps = Math.round((options.valueMax - options.valueMin) / options.valueStep);
  const level = (value: number): number => Math.min(steps, Math.max(0, Math.round((value - options.valueMin) / options.valueStep)));
  const levelColour = (k: number): string => viridis(k / steps);
  // Columns of `per` buckets each, so no plot has more than MAX_HEAT_COLUMNS cells across.
  const buckets = Math.max(1, Math.round(span / options.cellX));
  const per = Math.max(1, Math.ceil(buckets / MAX_HEAT_COLUMNS));
  const columnX = options.cellX * per;

  const parts: string[] = [];
  let y = top;
  let group: string | undefined;
  for (const row of options.rows) {
    if (row.group !== group) {
      if (group !== undefined) y += 4;
      group = row.group;
      parts.push(`<text x="4" y="${y + 12}" class="heat-group" fill="${row.colour}">${escapeXml(group)}</text>`);
      parts.push(`<line x1="${left}" x2="${left + plotW}" y1="${y + headingH - 4}" y2="${y + headingH - 4}" class="grid"/>`);
      y += headingH;
    }
    // Mean value and emphasised share per column.
    const columns = new Map<number, { sum: number; count: number; emphasised: number }>();
    for (const [x, value, emphasised] of row.points) {
      const column = Math.floor((x - options.xMin) / columnX + 1e-9);
      const c = columns.get(column) ?? { sum: 0, count: 0, emphasised: 0 };
      c.sum += value;
      c.count++;
      if (emphasised) c.emphasised++;
      columns.set(column, c);
    }
    const cells = [...columns.entries()]
      .sort((a, b) => a[0] - b[0])
      .map(([column, c]) => ({ column, k: level(c.sum / c.count), full: c.emphasised * 2 >= c.count }));
    parts.push(`<rect x="${left}" y="${y}" width="${plotW}" height="${rowH}" class="heat-lane"/>`);
    parts.push(`<text x="${left - 6}" y="${y + rowH - 2}" text-anchor="end" class="heat-label">${escapeXml(row.label)}</text>`);
    // Neighbouring cells of one step and one height merge into one rectangle.
    for (let i = 0; i < cells.length; ) {
      const first = cells[i]!;
      let j = i + 1;
      while (j < cells.length && cells[j]!.column === cells[j - 1]!.column + 1 && cells[j]!.k === first.k && cells[j]!.full === first.full) j++;
      const x0 = px(options.xMin + first.column * columnX);
      const x1 = Math.min(left + plotW, px(options.xMin + (cells[j - 1]!.column + 1) * columnX));
      const h = first.full ? rowH : rowH * 0.45;
      const value = options.valueMin + first.k * options.valueStep;
      parts.push(
        `<rect x="${n(x0)}" y="${n(y + (rowH - h) / 2)}" width="${n(Math.max(0.8, x1 - x0))}" height="${n(h)}" fill="${levelColour(first.k)}" class="mark">` +
          `<title>${escapeXml(`${row.label}: ${value} ${options.valueLabel}, ${first.full ? options.emphasis.full : options.emphasis.half}`)}</title></rect>`,
      );
      i = j;
    }
    const values = row.points.map((p) => p[1]);
    const mean = values.reduce((a, b) => a + b, 0) / Math.max(1, values.length);
    const usedShare = row.points.filter((p) => p[2]).length / Math.max(1, row.points.length);
    parts.push(
      `<text x="${left + plotW + 6}" y="${y + rowH - 2}" class="heat-label"><title>${escapeXml(`${row.name}: mean ${mean.toFixed(1)} ${options.valueLabel}, ${options.emphasis.full} ${Math.round(usedShare * 100)} % of its time`)}</title>${Math.round(mean)}</text>`,
    );
    y += rowH + rowGap;
  }
  if (options.rows.length === 0) {
    parts.push(`<text x="${left + plotW / 2}" y="${top + 20}" text-anchor="middle" class="label">no satellite with a C/N0</text>`);
    y += 30;
  }
  const bottom = y;
  // Time axis under the rows, grid lines through them.
  for (const tick of niceTicks(options.xMin, options.xMax, 8)) {
    parts.push(`<line x1="${n(px(tick))}" x2="${n(px(tick))}" y1="${top}" y2="${bottom + 4}" class="heat-grid"/>`);
    parts.push(`<text x="${n(px(tick))}" y="${bottom + 16}" text-anchor="middle" class="tick">${tick}</text>`);
  }
  parts.push(`<text x="${left + plotW / 2}" y="${bottom + 34}" text-anchor="middle" class="label">${escapeXml(options.xLabel)}</text>`);
  parts.push(`<text x="${left + plotW + 6}" y="${top - 6}" class="tick">mean</text>`);
  // The key: the colour steps with their values, then full and half height.
  const keyY = 30;
  const stepW = Math.min(24, 360 / (steps + 1));
  parts.push(`<text x="${left}" y="${keyY + 10}" class="legend">${escapeXml(options.valueLabel)}</text>`);
  const keyX = left + 8 + labelWidth(options.valueLabel, 11) * 0.9;
  for (let k = 0; k <= steps; k++) {
    parts.push(`<rect x="${n(keyX + k * stepW)}" y="${keyY}" width="${n(stepW)}" height="12" fill="${levelColour(k)}"/>`);
    const value = options.valueMin + k * options.valueStep;
    if (value % 10 === 0) parts.push(`<text x="${n(keyX + k * stepW + stepW / 2)}" y="${keyY + 24}" text-anchor="middle" class="tick">${value}</text>`);
  }
  let kx = keyX + (steps + 1) * stepW + 24;
  for (const [full, words] of [
    [true, options.emphasis.full],
    [false, options.emphasis.half],
  ] as const) {
    const h = full ? 12 : 12 * 0.45;
    parts.push(`<rect x="${n(kx)}" y="${n(keyY + (12 - h) / 2)}" width="28" height="${n(h)}" fill="${levelColour(Math.round(steps * 0.6))}"/>`);
    parts.push(`<text x="${n(kx + 34)}" y="${keyY + 10}" class="legend">${escapeXml(`${full ? "full height" : "half height"}: ${words}`)}</text>`);
    kx += 34 + labelWidth(`${full ? "full height" : "half height"}: ${words}`, 11) * 0.95 + 24;
  }
  return frame(options.id, options.title, width, bottom + 44, parts.join(""));
}

export interface SkyTrack {
  name: string;
  label: string;
  colour: string;
  points: { tMs: number; azimuthDeg: number; elevationDeg: number; used: boolean }[];
}

/** A part of the sky: azimuths clockwise from `fromAzimuthDeg` to `toAzimuthDeg`, from the horizon up to `belowElevationDeg`. */
export interface SkyWedge {
  fromAzimuthDeg: number;
  toAzimuthDeg: number;
  belowElevationDeg: number;
  label: string;
}

const BLOCKED_FILL = "#c8c8c8";

/** The wedge between the horizon ring and the ring at its elevation, over its azimuths. */
function wedgePath(wedge: SkyWedge, at: (azimuthDeg: number, elevationDeg: number) => [number, number], radius: number): string {
  const span = (((wedge.toAzimuthDeg - wedge.fromAzimuthDeg) % 360) + 360) % 360 || 360;
  const outer = radius;
  const inner = (radius * (90 - Math.min(90, Math.max(0, wedge.belowElevationDeg)))) / 90;
  const [x0, y0] = at(wedge.fromAzimuthDeg, 0);
  const [x1, y1] = at(wedge.fromAzimuthDeg + span, 0);
  const [x2, y2] = at(wedge.fromAzimuthDeg + span, wedge.belowElevationDeg);
  const [x3, y3] = at(wedge.fromAzimuthDeg, wedge.belowElevationDeg);
  const large = span > 180 ? 1 : 0;
  const d = `M${n(x0)} ${n(y0)}A${n(outer)} ${n(outer)} 0 ${large} 1 ${n(x1)} ${n(y1)}L${n(x2)} ${n(y2)}A${n(inner)} ${n(inner)} 0 ${large} 0 ${n(x3)} ${n(y3)}Z`;
  return `<path d="${d}" fill="${BLOCKED_FILL}" fill-opacity="0.55" stroke="none" class="mark blocked"><title>${escapeXml(wedge.label)}</title></path>`;
}

/** Font size of the satellite labels on the sky plot (CSS `.sat-label`). */
const SAT_LABEL_FONT = 11;

/**
 * A polar plot: azimuth clockwise from north at the top, elevation 90° at the centre. Each track ends in a dot
 * (filled when used) labelled beside it where the label overlaps no other dot, label or compass letter; a
 * label with no free place is left out (the dot keeps its tooltip).
 */
export function skyPlot(
  id: string,
  title: string,
  tracks: SkyTrack[],
  legend: { name: string; colour: string }[],
  /** A time step longer than this breaks a track (the satellite set and rose again) */
  gapMs = Infinity,
  size = 560,
  /** Parts of the sky found blocked (the diagnosis's mask), shaded from the horizon up to their elevation */
  blocked: readonly SkyWedge[] = [],
): string {
  const cx = size / 2;
  const cy = size / 2 + 10;
  const radius = size / 2 - 36;
  const at = (azimuthDeg: number, elevationDeg: number): [number, number] => {
    const r = (radius * (90 - Math.min(90, Math.max(0, elevationDeg)))) / 90;
    const a = (azimuthDeg * Math.PI) / 180;
    return [cx + r * Math.sin(a), cy - r * Math.cos(a)];
  };
  const parts: string[] = [];
  const fixed: Box[] = [];
  for (const wedge of blocked) parts.push(wedgePath(wedge, at, radius));
  for (const elevation of [0, 30, 60]) {
    const r = (radius * (90 - elevation)) / 90;
    parts.push(`<circle cx="${cx}" cy="${cy}" r="${n(r)}" class="grid" fill="none"/>`);
    parts.push(`<text x="${cx + 3}" y="${n(cy - r + 11)}" class="tick">${elevation}°</text>`);
    fixed.push({ x: cx + 3, y: cy - r + 11 - labelBaseline(10.5), width: labelWidth(`${elevation}°`, 10.5), height: labelHeight(10.5) });
  }
  for (const [azimuth, name] of [
    [0, "N"],
    [90, "E"],
    [180, "S"],
    [270, "W"],
  ] as const) {
    const [x1, y1] = at(azimuth, 0);
    parts.push(`<line x1="${cx}" y1="${cy}" x2="${n(x1)}" y2="${n(y1)}" class="grid"/>`);
    const [tx, ty] = at(azimuth, -9);
    const [lx, ly] = [cx + (tx - cx) * 1.08, cy + (ty - cy) * 1.08];
    parts.push(`<text x="${n(lx)}" y="${n(ly + 4)}" text-anchor="middle" class="label">${name}</text>`);
    fixed.push({ x: lx - 6, y: ly + 4 - labelBaseline(12), width: 12, height: labelHeight(12) });
  }
  const ends: { track: SkyTrack; last: SkyTrack["points"][number]; x: number; y: number }[] = [];
  for (const track of tracks) {
    if (track.points.length === 0) continue;
    const coordinates = track.points.map((p) => at(p.azimuthDeg, p.elevationDeg));
    const d =
      coordinates
        .map(([x, y], i) => {
          const jump = i === 0 || (track.points[i]?.tMs ?? 0) - (track.points[i - 1]?.tMs ?? 0) > gapMs;
          return `${jump ? "M" : "L"}${n(x)} ${n(y)}`;
        })
        .join("") + (coordinates.length === 1 ? "h0.01" : "");
    parts.push(
      `<path d="${d}" fill="none" stroke="${track.colour}" stroke-width="2" stroke-opacity="0.55" stroke-linecap="round" class="mark"><title>${escapeXml(track.name)}</title></path>`,
    );
    const last = track.points[track.points.length - 1];
    const end = coordinates[coordinates.length - 1];
    if (last !== undefined && end !== undefined) ends.push({ track, last, x: end[0], y: end[1] });
  }
  const DOT_RADIUS = 4.5;
  for (const { track, last, x, y } of ends) {
    parts.push(
      `<circle cx="${n(x)}" cy="${n(y)}" r="${DOT_RADIUS}" fill="${last.used ? track.colour : "#fff"}" stroke="${track.colour}" stroke-width="1.5" class="mark"><title>${escapeXml(`${track.name}: az ${last.azimuthDeg}°, el ${last.elevationDeg}°${last.used ? ", used" : ""}`)}</title></circle>`,
    );
  }
  // Labels: the used satellites' first, as they matter most when room runs out.
  const order = ends.map((_, k) => k).sort((a, b) => Number(ends[b]!.last.used) - Number(ends[a]!.last.used));
  const boxes = placeLabels(
    order.map((k) => ({
      x: ends[k]!.x,
      y: ends[k]!.y,
      radius: DOT_RADIUS + 0.75,
      width: labelWidth(ends[k]!.track.label, SAT_LABEL_FONT),
      height: labelHeight(SAT_LABEL_FONT),
    })),
    { x: 0, y: 24, width: size, height: size - 24 },
    fixed,
  );
  let unlabelled = 0;
  order.forEach((k, i) => {
    const box = boxes[i];
    if (box === undefined) unlabelled++;
    else parts.push(`<text x="${n(box.x)}" y="${n(box.y + labelBaseline(SAT_LABEL_FONT))}" class="sat-label">${escapeXml(ends[k]!.track.label)}</text>`);
  });
  let ly = size + 4;
  const legendParts: string[] = [];
  let lx = 8;
  const items = [
    ...legend,
    { name: "filled: used at the end", colour: "#333" },
    ...(blocked.length > 0 ? [{ name: "shaded: blocked (inferred)", colour: BLOCKED_FILL }] : []),
  ];
  for (const item of items) {
    // an item that would run past the edge starts the next line
    if (lx > 8 && lx + 14 + item.name.length * 6.5 > size) [lx, ly] = [8, ly + 16];
    legendParts.push(`<rect x="${n(lx)}" y="${ly}" width="10" height="10" fill="${item.colour}"/>`);
    legendParts.push(`<text x="${n(lx + 14)}" y="${ly + 9}" class="legend">${escapeXml(item.name)}</text>`);
    lx += 24 + item.name.length * 6.5;
    if (lx > size - 60) [lx, ly] = [8, ly + 16];
  }
  if (unlabelled > 0) {
    [lx, ly] = lx === 8 ? [lx, ly] : [8, ly + 16];
    legendParts.push(
      `<text x="${lx}" y="${ly + 9}" class="legend">${unlabelled} label${unlabelled === 1 ? "" : "s"} left out where dots crowd: hover a dot for its name</text>`,
    );
  }
  return frame(id, title, size, ly + 22, parts.join("") + legendParts.join(""));
}

export interface TrackPlotOptions {
  id: string;
  title: string;
  /** The track (bucket means), east/north metres */
  track: { tMs: number; eastM: number; northM: number }[];
  /** A time step longer than this breaks the track line (a fix loss) */
  gapMs?: number;
  /** Single fixes (a sample), east/north metres */
  scatter: { eastM: number; northM: number }[];
  mean?: { eastM: number; northM: number };
  /** What the centre of the circles is (default "mean position"; a deviation plot's is the truth) */
  centreLabel?: string;
  /** Circles around the mean, e.g. CEP50 and CEP95 */
  circles?: { radiusM: number; label: string; colour: string; dash?: string }[];
  size?: number;
}

/** The track on local east/north metres (equal scale on both axes), with a scale bar. */
export function trackPlot(options: TrackPlotOptions): string {
  const size = options.size ?? 560;
  const points = [...options.track, ...options.scatter];
  const parts: string[] = [];
  if (points.length === 0) return frame(options.id, options.title, size, size, "");
  const extra = (options.circles ?? []).map((c) => c.radiusM);
  const pad = Math.max(0, ...extra);
  const cx0 = options.mean?.eastM ?? 0;
  const cy0 = options.mean?.northM ?? 0;
  const minE = Math.min(...points.map((p) => p.eastM), cx0 - pad);
  const maxE = Math.max(...points.map((p) => p.eastM), cx0 + pad);
  const minN = Math.min(...points.map((p) => p.northM), cy0 - pad);
  const maxN = Math.max(...points.map((p) => p.northM), cy0 + pad);
  const spanM = Math.max(maxE - minE, maxN - minN, 1) * 1.1;
  const plot = size - 2 * 30;
  const top = 34;
  const scale = plot / spanM;
  const midE = (minE + maxE) / 2;
  const midN = (minN + maxN) / 2;
  const px = (e: number): number => size / 2 + (e - midE) * scale;
  const py = (north: number): number => top + plot / 2 - (north - midN) * scale;

  parts.push(`<rect x="30" y="${top}" width="${plot}" height="${plot}" class="frame"/>`);
  parts.push(`<text x="${size - 34}" y="${top + 14}" text-anchor="end" class="label">N ↑</text>`);
  for (const p of options.scatter)
    parts.push(`<circle cx="${n(px(p.eastM))}" cy="${n(py(p.northM))}" r="1.6" fill="#1f77b4" fill-opacity="0.35" class="mark"/>`);
  if (options.track.length > 0) {
    const gapMs = options.gapMs ?? Infinity;
    const d =
      options.track
        .map((p, i) => {
          const jump = i === 0 || p.tMs - (options.track[i - 1]?.tMs ?? p.tMs) > gapMs;
          return `${jump ? "M" : "L"}${n(px(p.eastM))} ${n(py(p.northM))}`;
        })
        .join("") + (options.track.length === 1 ? "h0.01" : "");
    parts.push(
      `<path d="${d}" fill="none" stroke="#d62728" stroke-width="1.8" stroke-linecap="round" stroke-linejoin="round" class="mark"><title>track</title></path>`,
    );
    const first = options.track[0]!;
    const last = options.track[options.track.length - 1]!;
    parts.push(`<circle cx="${n(px(first.eastM))}" cy="${n(py(first.northM))}" r="5" fill="#2ca02c" class="mark"><title>start</title></circle>`);
    parts.push(`<rect x="${n(px(last.eastM) - 4)}" y="${n(py(last.northM) - 4)}" width="8" height="8" fill="#000" class="mark"><title>end</title></rect>`);
  }
  if (options.mean !== undefined) {
    for (const circle of options.circles ?? []) {
      parts.push(
        `<circle cx="${n(px(options.mean.eastM))}" cy="${n(py(options.mean.northM))}" r="${n(circle.radiusM * scale)}" fill="none" stroke="${circle.colour}" stroke-width="1.5" stroke-dasharray="${circle.dash ?? "5 3"}" class="mark"><title>${escapeXml(circle.label)}</title></circle>`,
      );
    }
    parts.push(
      `<path d="M${n(px(options.mean.eastM) - 6)} ${n(py(options.mean.northM))}h12M${n(px(options.mean.eastM))} ${n(py(options.mean.northM) - 6)}v12" stroke="#000" stroke-width="2" class="mark"><title>${escapeXml(options.centreLabel ?? "mean position")}</title></path>`,
    );
  }
  // Scale bar: a round length near a quarter of the plot.
  const target = spanM / 4;
  const magnitude = 10 ** Math.floor(Math.log10(target));
  const barM =
    [1, 2, 5, 10]
      .map((f) => f * magnitude)
      .reverse()
      .find((s) => s <= target) ?? magnitude;
  const barPx = barM * scale;
  const barY = top + plot - 12;
  parts.push(`<path d="M40 ${barY - 5}v5h${n(barPx)}v-5" fill="none" stroke="#000" stroke-width="2" class="scale-bar"/>`);
  const barLabel = barM >= 1000 ? `${barM / 1000} km` : barM >= 1 ? `${barM} m` : `${Math.round(barM * 100)} cm`;
  parts.push(`<text x="${n(40 + barPx / 2)}" y="${barY - 8}" text-anchor="middle" class="tick">${barLabel}</text>`);
  const legend = [
    ...(options.track.length > 0 ? [{ name: "track", colour: "#d62728" }] : []),
    ...(options.scatter.length > 0 ? [{ name: "fixes (sample)", colour: "#1f77b4" }] : []),
    ...(options.circles ?? []).map((c) => ({ name: c.label, colour: c.colour })),
  ];
  let lx = 30;
  let ly = top + plot + 8;
  for (const item of legend) {
    // an item that would run past the edge starts the next line
    if (lx > 30 && lx + 14 + item.name.length * 6.5 > size) [lx, ly] = [30, ly + 16];
    parts.push(`<rect x="${n(lx)}" y="${ly}" width="10" height="10" fill="${item.colour}"/>`);
    parts.push(`<text x="${n(lx + 14)}" y="${ly + 9}" class="legend">${escapeXml(item.name)}</text>`);
    lx += 24 + item.name.length * 6.5;
  }
  // The scatter is drawn around the mean (where its CEP circles are centred), a track from its start.
  const axes =
    options.mean !== undefined
      ? `east/north metres around the ${options.centreLabel ?? "mean position"} (+), equal scale`
      : "east/north metres from the first fix, equal scale";
  parts.push(`<text x="${size / 2}" y="${ly + 28}" text-anchor="middle" class="label">${axes}</text>`);
  return frame(options.id, options.title, size, ly + 36, parts.join(""));
}
