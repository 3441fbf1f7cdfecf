// A log saved as UTF-16 text: Windows PowerShell 5's `>` and Out-File write it (a byte-order mark, then two bytes per
// character), and so do editors asked for "Unicode". Every NMEA character then comes with a NUL beside it, and the
// framer would see no sentence at all. Found at the start of a stream (the mark FF FE or FE FF; without one, ASCII
// interleaved with NULs), it is turned back into one byte per character; any other stream passes unchanged.
// A character past U+00FF (a waypoint's name) becomes '?': that sentence fails its checksum, as it would have
// been sent (NMEA 0183 is ASCII), and is reported as such.

/** How many bytes of interleaved ASCII and NUL make a stream without a mark UTF-16 (four characters). */
const SNIFF_BYTES = 8;
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

/** Which orders of ASCII beside NUL `bytes` can still be the start of (a stream without a byte-order mark). */
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

  /** Decides from the bytes so far; undefined while they are too few to tell. */
  const sniff = (bytes: Uint8Array): Uint8Array | undefined => {
    const b0 = bytes[0] as number;
    if (bytes.length >= 2 && b0 === 0xff && bytes[1] === 0xfe) encoding = "utf-16le";
    else if (bytes.length >= 2 && b0 === 0xfe && bytes[1] === 0xff) encoding = "utf-16be";
    if (encoding !== undefined) return transcode(bytes.subarray(2));
    if (bytes.length === 1 && (b0 === 0xff || b0 === 0xfe)) return undefined;
    const { le, be } = interleaved(bytes.subarray(0, SNIFF_BYTES));
    if (!le && !be) {
      encoding = "bytes";
      return bytes;
    }
    if (bytes.length < SNIFF_BYTES) return undefined;
    encoding = le ? "utf-16le" : "utf-16be";
    return transcode(bytes);
  };

  return {
    get encoding() {
      return encoding;
    },
    push(chunk) {
      if (encoding === "bytes") return chunk;
      const bytes = joined(chunk);
      if (encoding !== undefined) return transcode(bytes);
      const out = sniff(bytes);
      if (out !== undefined) return out;
      held = bytes;
      return EMPTY;
    },
    end() {
      const rest = held;
      held = EMPTY;
      // a stream too short to tell is passed on as it came; a last odd byte of UTF-16 is half a character
      return encoding === undefined ? rest : EMPTY;
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
