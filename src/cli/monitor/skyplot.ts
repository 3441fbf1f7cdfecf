// A small sky plot in characters: zenith at the centre, the horizon on the outer ring, north up, east
// right; rings at 0°, 30° and 60° of elevation. A satellite is its system letter: upper case when used
// in the fix, lower case when tracked but not used, `o` when in view but not tracked. Terminal cells
// are about twice as tall as wide, so a column step is half a row step.

import type { Satellite } from "../../types.js";
import { seg, type Line, type Role } from "./style.js";
import { CONSTELLATION_LETTER } from "./view.js";

/** Rows of a plot of `radius` rows (its width is 4 × radius + 1 columns). */
export function renderSkyPlot(satellites: readonly Satellite[], radius: number): Line[] {
  const rows = 2 * radius + 1;
  const cols = 4 * radius + 1;
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
  const position = (elevationDeg: number, azimuthDeg: number): [number, number] => {
    const distance = ((90 - Math.max(0, Math.min(90, elevationDeg))) / 90) * radius;
    const a = (azimuthDeg * Math.PI) / 180;
    return [Math.round(radius - distance * Math.cos(a)), Math.round(2 * radius + 2 * distance * Math.sin(a))];
  };
  // Dotted rings: a dot every 10° of azimuth on the horizon, fewer inside.
  for (const [elevation, step] of [[0, 10], [30, 15], [60, 30]] as const) {
    for (let az = 0; az < 360; az += step) {
      const [row, col] = position(elevation, az);
      put(row, col, "·", "dim");
    }
  }
  put(radius, 2 * radius, "+", "dim");
  put(0, 2 * radius, "N", "label");
  put(rows - 1, 2 * radius, "S", "label");
  put(radius, 0, "W", "label");
  put(radius, cols - 1, "E", "label");
  // Untracked first, used last: the more important mark wins a shared cell.
  const rank = (s: Satellite): number => (s.usedInFix ? 2 : s.cn0DbHz !== undefined ? 1 : 0);
  const placed = satellites.filter((s) => s.elevationDeg !== undefined && s.azimuthDeg !== undefined).sort((a, b) => rank(a) - rank(b));
  for (const s of placed) {
    const [row, col] = position(s.elevationDeg!, s.azimuthDeg!);
    const letter = CONSTELLATION_LETTER[s.constellation];
    if (s.usedInFix) put(row, col, letter, "used");
    else if (s.cn0DbHz !== undefined) put(row, col, letter.toLowerCase(), "tracked");
    else put(row, col, "o", "dim");
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
