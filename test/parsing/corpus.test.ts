// Corpus smoke test (NmeaParser's shape): every frame of every gpsd log, through the real framer, either parses
// or yields an expected diagnostic; nothing throws; no decoded number is NaN or infinite.
// Gated: GNSSKIT_CORPUS (../shared/corpus/gpsd by default).
import { readFileSync, readdirSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/index.js";
import { SENTENCE_REGISTRY, createParser } from "../../src/parsing/index.js";
import type { Diagnostic, DiagnosticKind, Sentence } from "../../src/types.js";
import { sharedPiece } from "../_shared.js";

const dir = sharedPiece("GNSSKIT_CORPUS", "parsing corpus test").path;
const logs =
  dir !== undefined
    ? readdirSync(dir)
        .filter((f) => f.endsWith(".log"))
        .sort()
    : [];

const PARSER_KINDS: ReadonlySet<DiagnosticKind> = new Set(["unknown-sentence", "too-few-fields", "field"]);
const IDS = new Set(SENTENCE_REGISTRY.map((r) => r.id));

/** Every number reachable in the sentence is finite (a bad value must never come out as a number). */
function nonFinite(value: unknown, path: string, out: string[]): void {
  if (typeof value === "number") {
    if (!Number.isFinite(value)) out.push(path);
  } else if (Array.isArray(value)) {
    value.forEach((v, i) => nonFinite(v, `${path}[${i}]`, out));
  } else if (value !== null && typeof value === "object") {
    for (const [k, v] of Object.entries(value)) nonFinite(v, `${path}.${k}`, out);
  }
}

function run(file: string) {
  const parser = createParser();
  const sentences: Sentence[] = [];
  const parserDiagnostics: Diagnostic[] = [];
  let frames = 0;
  let silentDrops = 0;
  const framer = createFramer({
    onFrame: (frame) => {
      frames++;
      const before = parserDiagnostics.length;
      const s = parser.parse(frame, (d) => parserDiagnostics.push(d));
      if (s !== undefined) sentences.push(s);
      else if (parserDiagnostics.length === before) silentDrops++;
    },
    onDiagnostic: () => undefined,
  });
  framer.push(new Uint8Array(readFileSync(file)), 0);
  framer.end();
  return { frames, sentences, parserDiagnostics, silentDrops };
}

describe.skipIf(logs.length === 0)("gpsd corpus", () => {
  const totals = { frames: 0, sentences: 0, byKind: new Map<string, number>() };
  for (const log of logs) {
    it(log, () => {
      const r = run(resolve(dir as string, log));
      expect(r.silentDrops).toBe(0);
      for (const d of r.parserDiagnostics) expect(PARSER_KINDS.has(d.kind), d.message).toBe(true);
      const bad: string[] = [];
      for (const s of r.sentences) {
        expect(IDS.has(s.sentenceId)).toBe(true);
        nonFinite(s, s.raw, bad);
      }
      expect(bad).toEqual([]);
      totals.frames += r.frames;
      totals.sentences += r.sentences.length;
      for (const d of r.parserDiagnostics) totals.byKind.set(d.kind, (totals.byKind.get(d.kind) ?? 0) + 1);
    });
  }
  it("summary", () => {
    console.log(
      `parsing corpus: ${logs.length} logs, ${totals.frames} frames, ${totals.sentences} sentences, diagnostics ${JSON.stringify(Object.fromEntries(totals.byKind))}`,
    );
    expect(totals.sentences).toBeGreaterThan(totals.frames / 2);
  });
});
