// The monitor's "Why" lines: what the receiver waits for (src/diagnosis), with its estimate, then what the sky
// and the receiver's front end show, broken at word boundaries under the label column.

import type { Diagnosis } from "../../diagnosis/index.js";
import { seg, type Line, type Role } from "./style.js";

/**
 * At most `maxLines` lines of `width` columns (after the label), the diagnosis's lines in order (the waiting line
 * first): each finding that fits gets one line, then the room left goes to the first ones that need more, so an
 * estimate at the end of a long waiting line is seen when the screen has room. `wrap` is the monitor's word wrap.
 */
export function whyLines(
  diagnosis: Diagnosis | undefined,
  width: number,
  maxLines: number,
  wrap: (text: string, width: number, maxLines: number, indent?: number) => string[],
): { text: string; role: Role }[] {
  if (diagnosis === undefined || maxLines <= 0) return [];
  const shown = diagnosis.lines.slice(0, maxLines);
  let spare = maxLines - shown.length;
  return shown.flatMap((line) => {
    const whole = wrap(line.text, width, Number.POSITIVE_INFINITY, 2).length;
    const lines = Math.min(whole, 1 + spare);
    spare -= lines - 1;
    const role: Role = line.kind === "waiting" ? "warn" : line.kind === "receiver" ? "bad" : "dim";
    return wrap(line.text, width, lines, 2).map((text) => ({ text, role }));
  });
}

/** The lines as the monitor draws them: the label on the first, the column under it on the rest. */
export function whyBlock(lines: { text: string; role: Role }[], labelled: (label: string, ...rest: Line) => Line): Line[] {
  return lines.map((l, k) => labelled(k === 0 ? "Why" : "", seg(l.text, l.role)));
}
