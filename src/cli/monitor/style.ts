// Styled text for the monitor: lines are lists of segments, each with a role; `paint` turns them into
// strings, with ANSI colours or without (NO_COLOR, plain output). Width is counted in characters: every
// character the monitor draws (box and block elements, ·, °) is one terminal column wide.

export type Role =
  | "plain"
  | "title"
  | "label"
  | "dim"
  | "used"
  | "tracked"
  | "ok"
  | "warn"
  | "bad"
  | "cn0-none"
  | "cn0-weak"
  | "cn0-low"
  | "cn0-fair"
  | "cn0-good";

export interface Segment {
  text: string;
  role?: Role;
}

export type Line = Segment[];

const ANSI: Record<Role, string> = {
  plain: "",
  title: "\x1b[1;7m",
  label: "\x1b[1m",
  dim: "\x1b[2m",
  used: "\x1b[1;32m",
  tracked: "\x1b[33m",
  ok: "\x1b[1;32m",
  warn: "\x1b[1;33m",
  bad: "\x1b[1;31m",
  // C/N0 bands of GPSTest's sky view: below 10, 10–21.67, 21.67–33.3, 33.3–45, 45 dB-Hz and up.
  "cn0-none": "\x1b[90m",
  "cn0-weak": "\x1b[31m",
  "cn0-low": "\x1b[38;5;208m",
  "cn0-fair": "\x1b[33m",
  "cn0-good": "\x1b[32m",
};
const RESET = "\x1b[0m";

/** GPSTest's C/N0 colour thresholds (GpsSkyView.java): 10, 21.67, 33.3, 45 dB-Hz. */
export function cn0Role(cn0DbHz: number): Role {
  if (cn0DbHz < 10) return "cn0-none";
  if (cn0DbHz < 21.67) return "cn0-weak";
  if (cn0DbHz < 33.3) return "cn0-low";
  if (cn0DbHz < 45) return "cn0-fair";
  return "cn0-good";
}

export const seg = (text: string, role: Role = "plain"): Segment => ({ text, role });

export function lineLength(line: Line): number {
  let n = 0;
  for (const s of line) n += s.text.length;
  return n;
}

/** Cut a line to `width` characters. */
export function cut(line: Line, width: number): Line {
  const out: Line = [];
  let left = width;
  for (const s of line) {
    if (left <= 0) break;
    const text = s.text.length > left ? s.text.slice(0, left) : s.text;
    out.push({ ...s, text });
    left -= text.length;
  }
  return out;
}

/** Pad (or cut) a line to exactly `width` characters. */
export function padTo(line: Line, width: number): Line {
  const cutLine = cut(line, width);
  const length = lineLength(cutLine);
  return length < width ? [...cutLine, seg(" ".repeat(width - length))] : cutLine;
}

export const textOf = (line: Line): string => line.map((s) => s.text).join("");

/** A line as a terminal string: ANSI colours when `color`, else the plain characters. */
export function paint(line: Line, color: boolean): string {
  if (!color) return textOf(line);
  let out = "";
  for (const s of line) {
    const code = ANSI[s.role ?? "plain"];
    out += code === "" || s.text === "" ? s.text : `${code}${s.text}${RESET}`;
  }
  return out;
}

/** NO_COLOR (no-color.org: set and not empty) or TERM=dumb: no colours. */
export function colorWanted(env: Record<string, string | undefined>): boolean {
  if (env.NO_COLOR !== undefined && env.NO_COLOR !== "") return false;
  return env.TERM !== "dumb";
}
