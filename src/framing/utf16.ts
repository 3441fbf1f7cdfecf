// A log saved as UTF-16 text: Windows PowerShell 5's `>` and Out-File write it (a byte-order mark, then two bytes per
// character), and so do editors asked for "Unicode". Every NMEA character then comes with a NUL beside it, and the
// framer would see no sentence at all. Found at the start of a stream (the mark FF FE or FE FF; without one, ASCII
// interleaved with NULs), it is turned back into one byte per character; any other stream passes unchanged.
// A character past U+00FF (a waypoint's name) becomes '?': that sentence fails its checksum, as it would have
// been sent (NMEA 0183 is ASCII), and is reported as such.

/**
 * How many bytes of ASCII beside NULs make a stream UTF-16: after a byte-order mark two characters (serial noise
 * `FF FE` before plain NMEA is no mark: the bytes after it are not ASCII beside NULs); without one eight, the first a
 * line's start (`$`, `!`, `#`, `@`, a line end): in a binary log caught mid-packet, four such pairs occur by chance.
 */
const MARKED_SNIFF_BYTES = 2 + 4;
const UNMARKED_SNIFF_BYTES = 16;
const REPLACEMENT = 0x3f; // '?'

export interface TextDecoding {
  /** "utf-16le" / "utf-16be" once found, "bytes" for any other stream; undefined while too few bytes came to tell. */
  readonly encoding: "utf-16le" | "utf-16be" | "bytes" | undefined;
  /** The chunk's bytes as the framer should see them (possibly none yet, possibly with held bytes before them). */
  push(chunk: Uint8Array): Uint8Array;
  /** What is still held at the end of the stream (a stream shorter than the sniff, or a last odd byte). */
  end(): Uint8Array;
}

const EMPTY = new Uint8Array(0);

/** ASCII a log can hold: printable, tab, CR, LF. */
const isLogAscii = (b: number): boolean => (b >= 0x20 && b < 0x7f) || b === 0x09 || b === 0x0a || b === 0x0d;

/** Which orders of ASCII beside NUL `bytes` can still be the start of. */
function interleaved(bytes: Uint8Array): { le: boolean; be: boolean } {
  let le = true;
  let be = true;
  for (let i = 0; i < bytes.length; i++) {
    const b = bytes[i] as number;
    const nulHere = (i & 1) === 1;
    le &&= nulHere ? b === 0 : isLogAscii(b);
    be &&= nulHere ? isLogAscii(b) : b === 0;
  }
  return { le, be };
}

/** A character a log's line starts with. */
const isLineStart = (b: number | undefined): boolean => b === 0x24 || b === 0x21 || b === 0x23 || b === 0x40 || b === 0x0a || b === 0x0d;

/** A new decoding for one stream, from its first byte. */
export function createTextDecoding(): TextDecoding {
  let encoding: TextDecoding["encoding"];
  /** Bytes not yet passed on: the sniff's, or a code unit's first byte. */
  let held: Uint8Array = EMPTY;

  const joined = (chunk: Uint8Array): Uint8Array => {
    if (held.length === 0) return chunk;
    const all = new Uint8Array(held.length + chunk.length);
    all.set(held);
    all.set(chunk, held.length);
    held = EMPTY;
    return all;
  };

  const transcode = (bytes: Uint8Array): Uint8Array => {
    const units = bytes.length >> 1;
    const out = new Uint8Array(units);
    const little = encoding === "utf-16le";
    for (let i = 0; i < units; i++) {
      const a = bytes[2 * i] as number;
      const b = bytes[2 * i + 1] as number;
      const unit = little ? a | (b << 8) : (a << 8) | b;
      out[i] = unit < 0x100 ? unit : REPLACEMENT;
    }
    if (bytes.length & 1) held = bytes.slice(bytes.length - 1);
    return out;
  };

  /** Decides from the bytes so far; undefined while they are too few to tell (at the stream's end, `final`: all there is). */
  const sniff = (bytes: Uint8Array, final: boolean): Uint8Array | undefined => {
    if (bytes.length === 0) return undefined;
    const b0 = bytes[0] as number;
    const b1 = bytes[1];
    const mark = b0 === 0xff && (b1 === undefined || b1 === 0xfe) ? "le" : b0 === 0xfe && (b1 === undefined || b1 === 0xff) ? "be" : undefined;
    if (mark !== undefined) {
      const after = interleaved(bytes.subarray(2, MARKED_SNIFF_BYTES));
      if (mark === "le" ? after.le : after.be) {
        if (bytes.length < MARKED_SNIFF_BYTES && !(final && bytes.length >= 3)) return undefined;
        encoding = mark === "le" ? "utf-16le" : "utf-16be";
        return transcode(bytes.subarray(2));
      }
    } else {
      const { le, be } = interleaved(bytes.subarray(0, UNMARKED_SNIFF_BYTES));
      if ((le && isLineStart(b0)) || (be && (b1 === undefined || isLineStart(b1)))) {
        if (bytes.length < UNMARKED_SNIFF_BYTES && !(final && bytes.length >= 4)) return undefined;
        encoding = le ? "utf-16le" : "utf-16be";
        return transcode(bytes);
      }
    }
    encoding = "bytes";
    return bytes;
  };

  return {
    get encoding() {
      return encoding;
    },
    push(chunk) {
      if (encoding === "bytes") return chunk;
      const bytes = joined(chunk);
      if (encoding !== undefined) return transcode(bytes);
      const out = sniff(bytes, false);
      if (out !== undefined) return out;
      held = bytes;
      return EMPTY;
    },
    end() {
      const rest = held;
      held = EMPTY;
      // a stream that ended before the sniff's length is judged on what it has (then passed on as it came, or
      // transcoded); a last odd byte of UTF-16 is half a character
      if (encoding === undefined) return rest.length === 0 ? rest : (sniff(rest, true) ?? rest);
      return EMPTY;
    },
  };
}

/** A whole buffer (a log's head) as the framer should see it. */
export function logText(bytes: Uint8Array): Uint8Array {
  const decoding = createTextDecoding();
  const text = decoding.push(bytes);
  const rest = decoding.end();
  if (rest.length === 0) return text;
  const all = new Uint8Array(text.length + rest.length);
  all.set(text);
  all.set(rest, text.length);
  return all;
}
