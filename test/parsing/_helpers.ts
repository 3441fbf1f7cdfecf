// Test helpers for the parser tables: frames from literal sentences, one parse with its diagnostics.
import { withChecksum } from "../../src/framing/checksum.js";
import { createParser, type ParserOptions } from "../../src/parsing/index.js";
import type { Diagnostic, Frame, Sentence } from "../../src/types.js";

export function frame(text: string, receivedAtMs = 1000): Frame {
  return { text, checksum: /\*[0-9A-Fa-f]{2}$/.test(text) ? "ok" : "missing", receivedAtMs };
}

export function parseOne(text: string, options?: ParserOptions): { sentence: Sentence | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const sentence = createParser(options).parse(frame(text), (d) => diagnostics.push(d));
  return { sentence, diagnostics };
}

/** `GPGGA,…` → `$GPGGA,…*hh` with a computed checksum (for synthetic rows). */
export function nmea(body: string): string {
  return withChecksum(body);
}

export interface Row {
  name: string;
  raw: string;
  /** Expected subset of the sentence (toMatchObject); omitted with err when the sentence is dropped. */
  want?: Record<string, unknown>;
  /** Keys that must be absent (undefined, never 0). */
  absent?: string[];
  /** Expected diagnostic message (the first one). */
  err?: string;
  /** Expected diagnostic kind when no exact message is pinned. */
  kind?: Diagnostic["kind"];
  /** The sentence is dropped (undefined). */
  dropped?: boolean;
}

export function check(row: Row, expect: typeof import("vitest").expect): void {
  const { sentence, diagnostics } = parseOne(row.raw);
  if (row.err !== undefined) expect(diagnostics[0]?.message).toBe(row.err);
  if (row.kind !== undefined) expect(diagnostics[0]?.kind).toBe(row.kind);
  if (row.err === undefined && row.kind === undefined) expect(diagnostics).toEqual([]);
  if (row.dropped) {
    expect(sentence).toBeUndefined();
    return;
  }
  expect(sentence).toBeDefined();
  if (row.want !== undefined) expect(sentence).toMatchObject(row.want);
  for (const key of row.absent ?? []) expect(sentence).not.toHaveProperty(key);
}
