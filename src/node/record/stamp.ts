// Inserts receive-time prefixes into a raw byte stream (the stamped-log format of
// framing/record-format.ts). The source's bytes pass through unmodified, binary included: a prefix goes
// before the first byte of each line, written only when that byte arrives, so the time is the arrival
// time of the line's first byte even when the previous line ended at the end of a chunk. A chunk whose time is
// unknown (NaN: a paced log's lines before its first time of day, a source without a clock) goes out unstamped:
// a prefix is a time somebody measured, never a made-up one; its lines are then timed as a plain log's are.
// A line that already begins with a prefix (a stamped stream piped in: `replay --stamped | record -`) keeps its
// own and gets no second one: its time was measured where it was first recorded.

import { formatRecordPrefix, isRecordableTime, RECORD_PREFIX_LENGTH, scanRecordPrefix } from "../../framing/record-format.js";

const LF = 0x0a;
const AT = 0x40;

/** A record prefix begins at `at` (or may: the chunk ends within its first bytes), as the framer reads one. */
const prefixedAt = (chunk: Uint8Array, at: number): boolean =>
  chunk[at] === AT && scanRecordPrefix(String.fromCharCode(...chunk.subarray(at, at + RECORD_PREFIX_LENGTH)), 0) !== undefined;

export interface Stamper {
  /**
   * The chunk's bytes with a prefix (stamped with `receivedAtMs`) before each line start in it; unstamped when the
   * time is unknown (NaN) or cannot be written (outside the years 0000..9999), its line ends still followed, so the
   * next stamp goes at a line start.
   */
  stamp(chunk: Uint8Array, receivedAtMs: number): Uint8Array;
  /** True when the next byte starts a line (nothing written yet, or the last byte was a LF). */
  readonly atLineStart: boolean;
}

const encodeAscii = (text: string): Uint8Array => Uint8Array.from(text, (char) => char.charCodeAt(0));

export function createStamper(): Stamper {
  let atLineStart = true;
  const pass = (chunk: Uint8Array): Uint8Array => {
    if (chunk.byteLength > 0) atLineStart = chunk[chunk.byteLength - 1] === LF;
    return chunk;
  };
  return {
    stamp(chunk, receivedAtMs) {
      if (!isRecordableTime(receivedAtMs)) return pass(chunk);
      if (chunk.byteLength === 0) return chunk;
      // Line starts in this chunk: its first byte if a line is due, and every byte after a LF.
      const starts: number[] = [];
      if (atLineStart && !prefixedAt(chunk, 0)) starts.push(0);
      for (let at = chunk.indexOf(LF); at !== -1 && at + 1 < chunk.byteLength; at = chunk.indexOf(LF, at + 1))
        if (!prefixedAt(chunk, at + 1)) starts.push(at + 1);
      atLineStart = chunk[chunk.byteLength - 1] === LF;
      if (starts.length === 0) return chunk;
      const prefix = encodeAscii(formatRecordPrefix(receivedAtMs));
      const out = new Uint8Array(chunk.byteLength + starts.length * prefix.byteLength);
      let from = 0;
      let to = 0;
      for (const start of starts) {
        out.set(chunk.subarray(from, start), to);
        to += start - from;
        out.set(prefix, to);
        to += prefix.byteLength;
        from = start;
      }
      out.set(chunk.subarray(from), to);
      return out;
    },
    get atLineStart() {
      return atLineStart;
    },
  };
}
