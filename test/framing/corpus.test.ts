// The gpsd regression logs through the framer (NmeaParser's corpus smoke test, stricter): never throws, the
// same events however the file is chunked, and every line that is a sentence on its own comes out as what it
// is (a frame, a checksum diagnostic). Gated: GNSSKIT_CORPUS (../shared/corpus/gpsd by default).

import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { nmeaChecksum } from "../../src/framing/index.js";
import { sharedPiece } from "../_shared.js";
import { bytesToLatin1, latin1, runFramer, type FramerRun } from "./framing-helpers.js";

const MAX_LINE_LENGTH = 200; // the framer's default

const corpusDir = sharedPiece("GNSSKIT_CORPUS", "framing corpus test").path;
const logs =
  corpusDir !== undefined
    ? readdirSync(corpusDir)
        .filter((name) => name.endsWith(".log"))
        .sort()
    : [];

/**
 * The chunks gpsfake would write: with a `# Delay-Cookie: X …` header the data is split at X and X is not sent
 * (tcp-torture.log); otherwise the file as it is.
 */
function chunksOf(bytes: Uint8Array): Uint8Array[] {
  const text = bytesToLatin1(bytes);
  const cookie = /^# Delay-Cookie: (\S)/m.exec(text)?.[1];
  if (cookie === undefined) return [bytes];
  const headerEnd = text.lastIndexOf("\n", text.search(/^[^#]/m)) + 1;
  const data = text.slice(headerEnd).split(cookie);
  return [text.slice(0, headerEnd), ...data].map(latin1);
}

interface Expected {
  frames: string[];
  checksumRaws: string[];
}

/** What each line that holds one sentence and nothing else must become. */
function expectedFromLines(text: string): Expected {
  const frames: string[] = [];
  const checksumRaws: string[] = [];
  for (const line of text.split(/\r\n|\r|\n/)) {
    if (line.length < 2 || line.length > MAX_LINE_LENGTH || (line[0] !== "$" && line[0] !== "!")) continue;
    if (!/^[$!][\x20-\x7e]+$/.test(line) || /[$!]/.test(line.slice(1))) continue;
    const star = line.indexOf("*");
    if (star === -1) {
      frames.push(`missing ${line}`);
    } else if (star === 1) {
      continue; // `$*..`: nothing to check, garbage
    } else if (/^\*[0-9A-Fa-f]{2}$/.test(line.slice(star))) {
      if (nmeaChecksum(line.slice(1, star)) === Number.parseInt(line.slice(star + 1), 16)) frames.push(`ok ${line}`);
      else checksumRaws.push(line);
    } else if (
      /^\*[0-9A-Fa-f]{2}[^0-9A-Fa-f]/.test(line.slice(star)) &&
      nmeaChecksum(line.slice(1, star)) === Number.parseInt(line.slice(star + 1, star + 3), 16)
    ) {
      frames.push(`ok ${line.slice(0, star + 3)}`); // the sentence ends at a checksum that holds
    } else {
      checksumRaws.push(line);
    }
  }
  return { frames, checksumRaws };
}

/** Multiset inclusion: every item of `part` is in `whole` as often. */
function missingFrom(whole: readonly string[], part: readonly string[]): string[] {
  const counts = new Map<string, number>();
  for (const item of whole) counts.set(item, (counts.get(item) ?? 0) + 1);
  const missing: string[] = [];
  for (const item of part) {
    const n = counts.get(item) ?? 0;
    if (n === 0) missing.push(item);
    else counts.set(item, n - 1);
  }
  return missing;
}

/** Deterministic uneven chunk sizes, 1..300 bytes. */
function rechunk(chunks: readonly Uint8Array[]): Uint8Array[] {
  const out: Uint8Array[] = [];
  let seed = 12345;
  for (const chunk of chunks) {
    for (let at = 0; at < chunk.length; ) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const size = 1 + (seed % 300);
      out.push(chunk.subarray(at, at + size));
      at += size;
    }
  }
  return out;
}

const totals = { logs: 0, bytes: 0, frames: 0, diagnostics: {} as Record<string, number> };

describe.skipIf(logs.length === 0)("framer on the gpsd corpus", () => {
  it.each(logs)("%s", (name) => {
    const bytes = new Uint8Array(readFileSync(join(corpusDir ?? "", name)));
    const chunks = chunksOf(bytes);
    const inputText = chunks.map(bytesToLatin1).join("");

    let run: FramerRun | undefined;
    expect(() => {
      run = runFramer(chunks);
    }).not.toThrow();
    if (run === undefined) return;

    const rechunked = runFramer(rechunk(chunks));
    expect(rechunked.events).toEqual(run.events);
    expect(run.stats.bytes).toBe(chunks.reduce((n, c) => n + c.length, 0));
    expect(run.stats.frames).toBe(run.frames.length);

    const expected = expectedFromLines(inputText);
    const frames = run.frames.map((f) => `${f.checksum} ${f.text}`);
    expect(missingFrom(frames, expected.frames), "sentences on their own line that did not come out as frames").toEqual([]);
    // raw is an excerpt of about 80 characters: compare the starts
    const checksumRaws = run.diagnostics.filter((d) => d.kind === "checksum").map((d) => (d.raw ?? "").replace(/…$/, "").slice(0, 60));
    const badLines = expected.checksumRaws.map((line) => line.slice(0, 60));
    expect(missingFrom(checksumRaws, badLines), "lines with a bad checksum not reported").toEqual([]);
    for (const frame of run.frames) expect(inputText.includes(frame.text)).toBe(true);

    totals.logs++;
    totals.bytes += run.stats.bytes;
    totals.frames += run.stats.frames;
    for (const [kind, count] of Object.entries(run.stats.diagnostics)) totals.diagnostics[kind] = (totals.diagnostics[kind] ?? 0) + count;
    if (totals.logs === logs.length) console.log(`framing corpus: ${JSON.stringify(totals)}`);
  });

  it("skips the binary packets of mixed logs by their length", () => {
    const protocols = (name: string): string[] => {
      const run = runFramer(chunksOf(new Uint8Array(readFileSync(join(corpusDir ?? "", name)))));
      return [...new Set(run.diagnostics.filter((d) => d.kind === "binary").map((d) => d.value ?? ""))];
    };
    if (logs.includes("ublox8-uniqid-monhw.log")) expect(protocols("ublox8-uniqid-monhw.log")).toEqual(["UBX"]);
    if (logs.includes("quectel-l76k-dual.log")) expect(protocols("quectel-l76k-dual.log")).toEqual(["CASIC"]);
  });
});
