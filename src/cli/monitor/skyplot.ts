// A small sky plot in characters: zenith at the centre, the horizon on the outer ring, north up, east
// right; rings at 0°, 30° and 60° of elevation, the compass letters outside the horizon ring. A satellite is
// its system's shape, filled when used in the fix and hollow when tracked only (● ○ GPS, ■ □ GLONASS…), `×`
// when in view without a signal: no marker is a letter, so none reads as a compass point (S was SBAS, E
// Galileo), and used and tracked differ in glyph, not only in colour (NO_COLOR). Terminal cells are about
// twice as tall as wide, so a column step is half a row step.

import type { Constellation, Satellite } from "../../types.js";
import { sectorOf } from "../../diagnosis/index.js";
import { seg, type Line, type Role } from "./style.js";
import { CONSTELLATION_NAME } from "../../output/format.js";
import { CONSTELLATION_ORDER } from "./view.js";

/** Filled (used in the fix) and hollow (tracked only) shape of each system. */
export const SKY_MARKERS: Record<Constellation, { used: string; tracked: string }> = {
  gps: { used: "●", tracked: "○" },
  glonass: { used: "■", tracked: "□" },
  galileo: { used: "◆", tracked: "◇" },
  beidou: { used: "▲", tracked: "△" },
  qzss: { used: "▼", tracked: "▽" },
  navic: { used: "◀", tracked: "◁" },
  sbas: { used: "▶", tracked: "▷" },
};
/** A satellite in view that is not tracked (no C/N0). */
export const NO_SIGNAL_MARKER = "×";
/** Sky the diagnosis found blocked (src/diagnosis's mask): shaded under the markers. */
export const BLOCKED_MARKER = "╱";

/** Columns of a plot of `radius` (rows: 2 × radius + 3, the compass letters included). */
export const skyPlotWidth = (radius: number): number => 4 * radius + 5;

/**
 * Rows of a plot of `radius` rows from zenith to horizon: N above the horizon ring, S below, W and E beside it
 * (one blank column between). `title` sits at the start of the N row.
 */
export function renderSkyPlot(
  satellites: readonly Satellite[],
  radius: number,
  title = "",
  blocked: readonly { sector: number; belowElevationDeg: number }[] = [],
): Line[] {
  const rows = 2 * radius + 3;
  const cols = skyPlotWidth(radius);
  const cells: Array<Array<{ char: string; role: Role }>> = Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => ({ char: " ", role: "plain" as Role })),
  );
  const put = (row: number, col: number, char: string, role: Role): void => {
    const cell = cells[row]?.[col];
    if (cell) {
      cell.char = char;
      cell.role = role;
    }
  };
  // The ring's centre: one row below the N row, two columns right of the W letter.
  const centreRow = radius + 1;
  const centreCol = 2 * radius + 2;
  const position = (elevationDeg: number, azimuthDeg: number): [number, number] => {
    const distance = ((90 - Math.max(0, Math.min(90, elevationDeg))) / 90) * radius;
    const a = (azimuthDeg * Math.PI) / 180;
    return [Math.round(centreRow - distance * Math.cos(a)), Math.round(centreCol + 2 * distance * Math.sin(a))];
  };
  // Blocked sky first: the cells whose centre lies in a blocked sector, below its elevation.
  const below = new Map(blocked.map((b) => [b.sector, b.belowElevationDeg]));
  if (below.size > 0) {
    for (let row = 0; row < rows; row++) {
      for (let col = 0; col < cols; col++) {
        const north = centreRow - row;
        const east = (col - centreCol) / 2;
        const distance = Math.hypot(north, east);
        if (distance > radius) continue;
        const elevation = 90 - (distance / radius) * 90;
        const limit = below.get(sectorOf((Math.atan2(east, north) * 180) / Math.PI));
        if (limit !== undefined && elevation < limit) put(row, col, BLOCKED_MARKER, "dim");
      }
    }
  }
  // Dotted rings: a dot every 10° of azimuth on the horizon, fewer inside.
  for (const [elevation, step] of [
    [0, 10],
    [30, 15],
    [60, 30],
  ] as const) {
    for (let az = 0; az < 360; az += step) {
      const [row, col] = position(elevation, az);
      put(row, col, "·", "dim");
    }
  }
  put(centreRow, centreCol, "+", "dim");
  for (const [k, char] of [...title].entries()) put(0, k, char, "label");
  put(0, centreCol, "N", "label");
  put(rows - 1, centreCol, "S", "label");
  put(centreRow, 0, "W", "label");
  put(centreRow, cols - 1, "E", "label");
  // Untracked first, used last: the more important mark wins a shared cell.
  const rank = (s: Satellite): number => (s.usedInFix ? 2 : s.cn0DbHz !== undefined ? 1 : 0);
  const placed = satellites.filter((s) => s.elevationDeg !== undefined && s.azimuthDeg !== undefined).sort((a, b) => rank(a) - rank(b));
  for (const s of placed) {
    const [row, col] = position(s.elevationDeg!, s.azimuthDeg!);
    const marker = SKY_MARKERS[s.constellation];
    if (s.usedInFix) put(row, col, marker.used, "used");
    else if (s.cn0DbHz !== undefined) put(row, col, marker.tracked, "tracked");
    else put(row, col, NO_SIGNAL_MARKER, "dim");
  }
  return cells.map((row) => {
    const line: Line = [];
    for (const cell of row) {
      const last = line[line.length - 1];
      if (last && last.role === cell.role) last.text += cell.char;
      else line.push(seg(cell.char, cell.role));
    }
    return line;
  });
}

/**
 * The plot's key within `width` columns: what filled, hollow and × mean, then the shape of each system in
 * view (all systems when none is), as many per line as fit.
 */
export function skyPlotLegend(satellites: readonly Satellite[], width: number, blocked = false): Line[] {
  const used = [seg("filled", "used"), seg(": used")];
  const tracked = [seg("hollow", "tracked"), seg(": tracked")];
  // On one line from 29 columns; the narrowest plot (21 columns) takes them on two.
  const lines: Line[] = width >= 29 ? [[...used, seg("  "), ...tracked]] : [used, tracked];
  lines.push([seg(NO_SIGNAL_MARKER, "dim"), seg(": in view, no signal")]);
  if (blocked) lines.push([seg(BLOCKED_MARKER, "dim"), seg(": sky found blocked")]);
  const present = new Set(satellites.map((s) => s.constellation));
  const systems = CONSTELLATION_ORDER.filter((c) => present.size === 0 || present.has(c));
  let line: Line = [];
  let length = 0;
  for (const c of systems) {
    const item = `${SKY_MARKERS[c].used}${SKY_MARKERS[c].tracked} ${CONSTELLATION_NAME[c]}`;
    const gap = length === 0 ? 0 : 2;
    if (length > 0 && length + gap + item.length > width) {
      lines.push(line);
      line = [];
      length = 0;
    }
    line.push(seg(`${length === 0 ? "" : "  "}${item}`, "dim"));
    length += (length === 0 ? 0 : 2) + item.length;
  }
  if (line.length > 0) lines.push(line);
  return lines;
}
