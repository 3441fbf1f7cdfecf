// The raw pane's memory: the last lines the receiver sent, as gpsmon and u-center's text console show them.
// Sentences are the framer's frames (printable ASCII by construction); what the framer could not take as a
// sentence (garbage, a bad checksum, an overlong line, a binary packet) comes as its diagnostic, whose
// excerpt the framer has already escaped (`\x1b`, `\r`), so no receiver byte reaches the terminal as a
// control sequence.

import { printable } from "../../framing/printable.js";
import type { Diagnostic, DiagnosticKind, UbxMessage } from "../../types.js";

export interface RawLine {
  text: string;
  /** Set when the line is not a good sentence: what the framer found wrong with it. */
  problem?: DiagnosticKind;
}

export interface RawLog {
  push(line: RawLine): void;
  /** The kept lines, oldest first. */
  lines(): RawLine[];
  /** Lines pushed since the start (kept or not). */
  readonly total: number;
}

/** How many lines are kept: more than any terminal shows. */
export const RAW_LOG_LINES = 200;

export function createRawLog(capacity = RAW_LOG_LINES): RawLog {
  const ring: RawLine[] = [];
  let next = 0;
  let total = 0;
  return {
    push(line) {
      if (ring.length < capacity) ring.push(line);
      else ring[next] = line;
      next = (next + 1) % capacity;
      total++;
    },
    lines() {
      return ring.length < capacity ? [...ring] : [...ring.slice(next), ...ring.slice(0, next)];
    },
    get total() {
      return total;
    },
  };
}

/** Diagnostics of bytes the framer did not pass on as sentences; the parser's (a sentence shown already) are not. */
const FRAMER_KINDS: ReadonlySet<DiagnosticKind> = new Set(["garbage", "logger-text", "binary", "too-long", "checksum", "no-checksum"]);

/** The raw line for a diagnostic, or undefined when its bytes were shown as a sentence. */
export function rawLineOf(diagnostic: Diagnostic): RawLine | undefined {
  if (!FRAMER_KINDS.has(diagnostic.kind)) return undefined;
  // A binary packet's excerpt is its header bytes: its message names it instead (`UBX packet NAV-PVT skipped`).
  const text = diagnostic.kind === "binary" || diagnostic.raw === undefined ? diagnostic.message.replace(/^binary: /, "") : diagnostic.raw;
  return { text, problem: diagnostic.kind };
}

/** A decoded UBX message as one line: its name, its iTOW for a navigation message, the text of an INF message (escaped). */
export function ubxRawLine(message: UbxMessage): RawLine {
  const name = `UBX ${message.sentenceId.slice(4)}`;
  if ("text" in message) return { text: `${name}: ${printable(message.text, { more: false })}` };
  return { text: "iTOWMs" in message ? `${name}  iTOW ${message.iTOWMs} ms` : name };
}
