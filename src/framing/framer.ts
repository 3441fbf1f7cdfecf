// The framer: bytes in arbitrary chunks → NMEA frames and diagnostics. It never throws on data and keeps
// its memory bounded (a partial line up to maxLineLength, a few bytes of look-ahead, 80-character excerpts).
//
// Two layers, both streaming:
// 1. record prefixes (`@2026-…Z `, see record-format.ts) are removed at line starts before anything else,
//    so a stamped log frames exactly like the raw stream (a prefix can even sit inside a UBX packet);
// 2. a byte state machine: idle → sentence (`$`/`!` … CR/LF) | binary packet (skipped by declared length)
//    | `#` comment line | overlong line; everything else is garbage, reported once per run. A `#` line that is a
//    NovAtel-style ASCII log (`#BESTPOSA,…;…*<CRC-32>`, its CRC holding: asciiLogOf) is the receiver's, not the
//    log's: counted as a skipped packet of that protocol, not as a comment.
//
// Chunks are decoded once to a string (one char per byte) and scanned with charCodeAt; the chunk's bytes travel
// beside it for the two loops that read every byte (a line's checksum, a binary packet's copy). Any split of the input
// gives the same frames and diagnostics: decisions that need look-ahead (binary headers, record prefixes)
// wait for the next chunk rather than guess.

import type { BinaryPacket, ChecksumVerdict, Diagnostic, DiagnosticKind, Frame } from "../types.js";
import { EXCERPT_LENGTH, printable } from "./printable.js";
import { RECORD_PREFIX_LENGTH, scanRecordPrefix } from "./record-format.js";

/**
 * Where a frame's commas are (offsets in its text, before the `*`), found while the framer sums the
 * checksum: the parser then splits the fields without scanning the text again. Valid only during the
 * onFrame call (the framer reuses it).
 */
export interface FrameCommas {
  offsets: Int32Array;
  count: number;
  /** Where the last field ends: the `*`'s offset, or the text's length when there is no checksum. */
  end: number;
}

export interface FramerOptions {
  onFrame: (frame: Frame, commas: FrameCommas) => void;
  onDiagnostic: (diagnostic: Diagnostic) => void;
  /** Longest accepted line in characters (default 256; gpsd accepts ~128, real logs have longer PUBX/TXT and 203-character $PMTKCHN). */
  maxLineLength?: number;
  /**
   * Complete binary packets (UBX messages, SiRF replies…) with their bytes, for a decoder or receiver drivers.
   * It returns true when it took the packet (a decoder read it, and says itself what was wrong with it);
   * otherwise, or without it (the bytes are then not kept), a `binary` diagnostic counts the packet as skipped.
   */
  onBinary?: (packet: BinaryPacket) => boolean | void;
}

export interface FramerStats {
  bytes: number;
  /**
   * Of `bytes`, those a log adds to what the receiver sent: record prefixes and `#` comment lines (with their
   * line end), as a replay leaves them out. `bytes - annotationBytes` is the same for a log, its recording
   * and its replay.
   */
  annotationBytes: number;
  frames: number;
  diagnostics: Partial<Record<DiagnosticKind, number>>;
}

export interface Framer {
  push(chunk: Uint8Array, receivedAtMs: number): void;
  /** Same as push for text already decoded (each char code = one byte, latin1). */
  pushText(text: string, receivedAtMs: number): void;
  /** End of input: flush a partial last line (a final line without newline that is a complete sentence is a frame). */
  end(): void;
  readonly stats: FramerStats;
  /** `stats.annotationBytes` without copying the diagnostics, for a count per chunk. */
  readonly annotationBytes: number;
  /**
   * Inside a binary packet (or its header, not yet complete): the next byte belongs to it, so a `#` there is
   * no comment line. A log's replay reads it to leave the receiver's binary bytes whole.
   */
  readonly inBinaryPacket: boolean;
}

export function createFramer(options: FramerOptions): Framer {
  return new StreamFramer(options);
}

const DEFAULT_MAX_LINE_LENGTH = 256;
/**
 * How far past the cap a line may run after a `*hh` that does not hold: a logger's `,<Unix ms>` (21 characters) or
 * padding spaces, for a mismatch. After one that holds the sentence ends at it, whatever length follows.
 */
const ADDED_AFTER_CHECKSUM_ROOM = 64;
/**
 * A Unicore receiver's answer to a command (`$command,config ins enable,response: OK*21`): its checksum takes the `$`
 * in, and it holds so. Only this address: for any sentence, a checksum off by 0x24 would let a damaged one through.
 */
const UNICORE_RESPONSE = "$command,";
/** Longest `#` line read as a possible ASCII log (a longer one stays a comment: its CRC is not checked). */
const MAX_ASCII_LOG = 4096;
/** `#NAMEA,<header>;<data>*<8 hex digits>`: NovAtel's ASCII log format (OEM6/7 firmware reference), Unicore's too. */
const ASCII_LOG = /^#([A-Z][A-Z0-9]*A),([^,;]*)[^;]*;.*\*([0-9A-Fa-f]{8})$/s;

/** NovAtel's 32-bit CRC (polynomial 0xEDB88320, initial 0, no final xor) over text[from, to). */
function asciiLogCrc(text: string, from: number, to: number): number {
  let crc = 0;
  for (let k = from; k < to; k++) {
    let t = (crc ^ text.charCodeAt(k)) & 0xff;
    for (let bit = 0; bit < 8; bit++) t = t & 1 ? (t >>> 1) ^ 0xedb88320 : t >>> 1;
    crc = (crc >>> 8) ^ t;
  }
  return crc >>> 0;
}

/**
 * A `#` line that is a receiver's ASCII log, its CRC holding: its name and maker (the header's second field is
 * NovAtel's port, `COM1`, `ICOM1`; Unicore's CPU idle, a number: `#BESTNAVA,97,GPS,FINE,…`), or undefined for a comment.
 */
function asciiLogOf(line: string): { name: string; maker: string } | undefined {
  const m = ASCII_LOG.exec(line);
  if (m === null) return undefined;
  if (asciiLogCrc(line, 1, line.length - 9) !== Number.parseInt(m[3] as string, 16)) return undefined;
  const name = m[1] as string;
  // Unicore's own logs (BESTNAVA, UNIHEADINGA…), or its header's CPU idle where NovAtel's has the port
  const unicore = name === "BESTNAVA" || name.startsWith("UNI") || /^\d+$/.test(m[2] as string);
  return { name, maker: unicore ? "Unicore" : "NovAtel" };
}

/**
 * A whole SiRF binary packet's own checks: A0 A2, a 15-bit length, the payload's 15-bit sum as its checksum, B0 B3.
 * Random bytes (a port at the wrong speed) begin with A0 A2 once in 64 KB: only a packet that holds is SiRF's.
 */
function sirfPacketHolds(bytes: Uint8Array): boolean {
  const length = (((bytes[2] ?? 0) << 8) | (bytes[3] ?? 0)) & 0x7fff;
  if (bytes.length !== length + 8) return false;
  let sum = 0;
  for (let k = 4; k < 4 + length; k++) sum = (sum + (bytes[k] ?? 0)) & 0x7fff;
  const checksum = (((bytes[4 + length] ?? 0) << 8) | (bytes[5 + length] ?? 0)) & 0x7fff;
  return sum === checksum && bytes[6 + length] === 0xb0 && bytes[7 + length] === 0xb3;
}

/** Declared binary payloads above this are taken for a false sync, not skipped. */
const MAX_BINARY_PAYLOAD = 4096;

const LF = 0x0a;
const CR = 0x0d;
const BANG = 0x21;
const HASH = 0x23;
const DOLLAR = 0x24;
const STAR = 0x2a;
const TAB = 0x09;
const COMMA = 0x2c;
/** MediaTek binary packets (`04 24`: EPO upload acks, binary-mode output) begin with a control character. */
const MTK_PREAMBLE = 0x04;

const NOT_ROW = 0;
const ROW_AT_LINE_START = 1;
const ROW_AFTER_CHECKSUM = 2;
/** How much of a logger's text on a line is compared with the lines before. */
const ROW_SHAPE_LENGTH = 40;
/** How many shapes of a logger's text are remembered (a Python logger has one per kind of row). */
const ROW_SHAPES_KEPT = 16;

const IDLE = 0;
const SENTENCE = 1;
const COMMENT = 2;
const TOO_LONG = 3;
const BINARY = 4;
type State = typeof IDLE | typeof SENTENCE | typeof COMMENT | typeof TOO_LONG | typeof BINARY;

const NOT_BINARY = 0;
const BINARY_STARTED = 1;
const NEED_MORE = 2;
type BinaryStart = typeof NOT_BINARY | typeof BINARY_STARTED | typeof NEED_MORE;

type BinaryProtocol = BinaryPacket["protocol"];

class StreamFramer implements Framer {
  readonly #onFrame: (frame: Frame, commas: FrameCommas) => void;
  readonly #onDiagnostic: (diagnostic: Diagnostic) => void;
  readonly #onBinary: ((packet: BinaryPacket) => boolean | void) | undefined;
  /** The packet's bytes, kept only when onBinary is set. */
  #binaryBytes: Uint8Array | undefined;
  readonly #maxLineLength: number;
  readonly #decoder = new TextDecoder("latin1");
  /** Code points the decoder gives for bytes 0x80..0x9F when it is windows-1252 (browsers), back to bytes. */
  readonly #byteOfCodePoint: Map<number, number>;

  #bytes = 0;
  #annotationBytes = 0;
  /** After a comment line's text: 1 = its line end may follow, 2 = its CR was seen, its LF may follow. */
  #commentEnd = 0;
  /** The comment line so far (up to MAX_ASCII_LOG characters; longer: "" and #commentLong), for asciiLogOf. */
  #commentText = "";
  #commentLong = false;
  #frames = 0;
  readonly #diagnosticCounts: Partial<Record<DiagnosticKind, number>> = {};

  #chunkTimeMs = 0;
  /** Time of the last record prefix read; it overrides the chunk time. */
  #recordedAtMs: number | undefined;

  // layer 1: record prefixes
  /** The character before the next input is a line end (or there is none yet). */
  #lineStartBefore = true;
  /** An `@…` at a line start that may still become a prefix. */
  #prefixCarry = "";

  // layer 2: the state machine
  #state: State = IDLE;
  #atLineStart = true;
  /** Bytes whose meaning depends on bytes not yet received (a binary header). */
  #carry = "";

  // sentence in progress
  #partial = "";
  #sentenceLength = 0;
  readonly #commas: FrameCommas;
  #xor = 0;
  /**
   * Where the first `!` inside the sentence's text is (before its `*`), or -1. A FLARM puts one in a field
   * (`$PFLAA,…,C03745!FLR_C03745,…*53`): the sentence is whole when its checksum, taken over the `!`, holds; else the
   * `!` began an encapsulated sentence (`!AIVDM`) and what came before it was cut short.
   */
  #bangAt = -1;
  #starSeen = false;
  #tailLength = 0;
  #tail0 = 0;
  #tail1 = 0;

  // overlong line being dropped
  #tooLongBytes = 0;
  #tooLongExcerpt = "";

  // binary packet being skipped
  #binaryRemaining = 0;
  #binaryLength = 0;
  #binaryProtocol: BinaryProtocol = "UBX";
  #binaryDetail = "";
  #binaryHeader = "";

  // garbage run
  #garbageBytes = 0;
  /** Line-end bytes after the last garbage byte: counted only if more garbage follows. */
  #garbagePendingEol = 0;
  #garbageExcerpt = "";
  /**
   * Where the garbage run began: ROW_AT_LINE_START, ROW_AFTER_CHECKSUM (right after a sentence that ended at a
   * checksum that holds, on its line), or NOT_ROW. With the three below it tells a logger's text on a sentence's line
   * (#isLoggerText).
   */
  #garbageRowStart = NOT_ROW;
  /** Line ends inside the run (a run of CR/LF bytes is one; those at its end are not counted). */
  #garbageBreaks = 0;
  /** Every byte of the run is printable ASCII or a line end, and none came from a cut sentence. */
  #garbagePlainText = true;
  /** The run ended where a `$`/`!` began, on the run's last line. */
  #garbageBeforeSentence = false;
  /** The run's last line (digits as 0, at most ROW_SHAPE_LENGTH characters): the shape a logger repeats on each line. */
  #garbageLineShape = "";
  /** The sentence just framed ended at its checksum before other text on its line. */
  #afterChecksum = false;
  /** The shapes of the last rows of logger text, most recent first (ROW_SHAPES_KEPT at most). */
  readonly #rowShapes: string[] = [];

  constructor(options: FramerOptions) {
    this.#onFrame = options.onFrame;
    this.#onDiagnostic = options.onDiagnostic;
    this.#onBinary = options.onBinary;
    const maxLineLength = options.maxLineLength ?? DEFAULT_MAX_LINE_LENGTH;
    if (!Number.isInteger(maxLineLength) || maxLineLength < 1) {
      throw new RangeError(`framer: maxLineLength must be a positive integer, got ${maxLineLength}`);
    }
    this.#maxLineLength = maxLineLength;
    this.#commas = { offsets: new Int32Array(maxLineLength + 1), count: 0, end: 0 };
    this.#byteOfCodePoint = highByteMap(this.#decoder);
  }

  get stats(): FramerStats {
    return { bytes: this.#bytes, annotationBytes: this.#annotationBytes, frames: this.#frames, diagnostics: { ...this.#diagnosticCounts } };
  }

  /** `stats.annotationBytes` without copying the diagnostics, for a count per chunk. */
  get annotationBytes(): number {
    return this.#annotationBytes;
  }

  get inBinaryPacket(): boolean {
    return this.#state === BINARY || this.#carry !== "";
  }

  push(chunk: Uint8Array, receivedAtMs: number): void {
    this.#bytes += chunk.length;
    this.#chunkTimeMs = receivedAtMs;
    if (chunk.length > 0)
      this.#stripPrefixes(nodeLatin1Slice === undefined ? this.#decoder.decode(chunk) : nodeLatin1Slice.call(chunk, 0, chunk.length), chunk);
  }

  pushText(text: string, receivedAtMs: number): void {
    this.#bytes += text.length;
    this.#chunkTimeMs = receivedAtMs;
    if (text.length > 0) this.#stripPrefixes(text, this.#bytesOf(text));
  }

  end(): void {
    if (this.#prefixCarry !== "") {
      // Input ended inside what could have been a prefix: it is data.
      const carried = this.#prefixCarry;
      this.#prefixCarry = "";
      this.#scanSegment(carried, this.#bytesOf(carried), 0, carried.length);
    }
    if (this.#carry !== "") {
      const carried = this.#carry;
      this.#carry = "";
      this.#run(carried, this.#bytesOf(carried), 0, carried.length, true);
    }
    switch (this.#state) {
      case SENTENCE:
        this.#finishSentence(this.#partial, false);
        break;
      case TOO_LONG:
        this.#reportTooLong();
        break;
      case BINARY:
        this.#reportBinary(true);
        this.#binaryBytes = undefined;
        break;
      case COMMENT:
        // a last line without its line end
        this.#endCommentLine();
        break;
      default:
        break;
    }
    this.#flushGarbage();
    this.#state = IDLE;
    this.#partial = "";
    this.#atLineStart = true;
    this.#lineStartBefore = true;
    this.#commentEnd = 0;
    this.#recordedAtMs = undefined;
  }

  // ───────────── layer 1: record prefixes ─────────────

  /** `bytes`: text's bytes, each at its character's index (#runLines reads them). */
  #stripPrefixes(text: string, textBytes: Uint8Array): void {
    let s = text;
    let bytes = textBytes;
    if (this.#prefixCarry !== "") {
      const carried = this.#prefixCarry;
      s = carried + text;
      bytes = new Uint8Array(s.length);
      bytes.set(this.#bytesOf(carried));
      bytes.set(textBytes, carried.length);
      this.#prefixCarry = "";
    }
    let from = 0;
    let at = s.indexOf("@");
    while (at !== -1) {
      const lineStart = at === 0 ? this.#lineStartBefore : isLineEnd(s.charCodeAt(at - 1));
      if (lineStart) {
        const scanned = scanRecordPrefix(s, at);
        if (typeof scanned === "number") {
          this.#scanSegment(s, bytes, from, at);
          this.#recordedAtMs = scanned;
          this.#annotationBytes += RECORD_PREFIX_LENGTH;
          from = at + RECORD_PREFIX_LENGTH;
          at = s.indexOf("@", from);
          continue;
        }
        if (scanned === "partial") {
          this.#scanSegment(s, bytes, from, at);
          this.#prefixCarry = s.slice(at);
          this.#lineStartBefore = true;
          return;
        }
      }
      at = s.indexOf("@", at + 1);
    }
    this.#scanSegment(s, bytes, from, s.length);
    this.#lineStartBefore = isLineEnd(s.charCodeAt(s.length - 1));
  }

  // ───────────── layer 2: the state machine ─────────────

  #scanSegment(s: string, bytes: Uint8Array, start: number, end: number): void {
    let from = start;
    // A carried binary header needs at most a few more bytes to be decided.
    while (this.#carry !== "" && from < end) {
      const take = Math.min(end, from + 8);
      const joined = this.#carry + s.slice(from, take);
      this.#carry = "";
      this.#run(joined, this.#bytesOf(joined), 0, joined.length, false);
      from = take;
    }
    if (from < end) this.#run(s, bytes, from, end, false);
  }

  /**
   * Runs the state machine over s[start, end) (`bytes`: s's bytes, for #runLines). `final`: no more input will come
   * (decide with what is there).
   * Here only what nearly every byte is: a sentence and the line end after it. The rest (comments, binary packets,
   * garbage, overlong lines) is #step's: kept out of this loop, the first comment or packet of a log does not
   * throw this loop's optimised code away (V8 compiled it again after each rare path a multi-vendor log reached).
   */
  #run(s: string, bytes: Uint8Array, start: number, end: number, final: boolean): void {
    let i = start;
    while (i < end) {
      const state = this.#state;
      if (state === SENTENCE) {
        // only at the range start: a sentence begun in IDLE runs to its end or to the range end
        i = this.#runSentence(s, i, end, i);
        continue;
      }
      if (state === IDLE && this.#commentEnd === 0) {
        const c = s.charCodeAt(i);
        if (c === DOLLAR || c === BANG) {
          const next = this.#garbageBytes === 0 ? this.#runLines(s, bytes, i, end) : i;
          if (next !== i) {
            i = next;
            continue;
          }
          this.#beginSentence();
          i = this.#runSentence(s, i + 1, end, i);
          continue;
        }
        if ((c === LF || c === CR) && this.#garbageBytes === 0) {
          this.#atLineStart = true;
          i++;
          continue;
        }
      }
      i = this.#step(s, bytes, i, end, final);
      if (i < 0) return; // the rest waits in the carry
    }
  }

  /**
   * What nearly every line of a log is, in one loop: from s[i] (a `$` or `!`, idle, no garbage pending), whole
   * sentences `…*hh` with a good checksum, each followed by its line end, within the length cap. Returns where it
   * stopped (s[i] itself when it took nothing): at the first line it does not take whole (cut by the range end,
   * too long, a bad or missing checksum, an odd byte), which #runSentence then reads from its start. Per character
   * it does what #runSentence does; per line it skips that path's state (the baseline tiers pay for every field).
   * `bytes`: s's bytes (a byte ≥ 0x80 never continues a sentence, whatever character a decoder made of it).
   */
  #runLines(s: string, bytes: Uint8Array, i: number, end: number): number {
    const commas = this.#commas;
    const offsets = commas.offsets;
    const max = this.#maxLineLength;
    const receivedAtMs = this.#recordedAtMs ?? this.#chunkTimeMs;
    let at = i;
    let taken = i;
    while (at < end) {
      const first = s.charCodeAt(at);
      if (first !== DOLLAR && first !== BANG) break;
      const stop = end - at > max ? at + max : end;
      let xor = 0;
      let count = 0;
      let j = at + 1;
      while (j < stop) {
        const c = bytes[j] as number; // as s.charCodeAt(j) for every sentence character, a third faster in the baseline tiers
        if ((c > STAR && c <= 0x7e) || (c >= 0x20 && c < STAR && c !== BANG && c !== DOLLAR)) {
          if (c === COMMA) offsets[count++] = j - at;
          xor ^= c;
          j++;
        } else break;
      }
      // `*hh` and a line end, the text within the cap: anything else is the state machine's
      const lineEnd = j + 3;
      if (lineEnd >= end || lineEnd - at > max || j - at < 2 || s.charCodeAt(j) !== STAR) break;
      const c = s.charCodeAt(lineEnd);
      if (c !== LF && c !== CR) break;
      const high = hexValue(s.charCodeAt(j + 1));
      const low = hexValue(s.charCodeAt(j + 2));
      if (high < 0 || low < 0 || high * 16 + low !== xor) break;
      commas.count = count;
      commas.end = j - at;
      this.#frames++;
      this.#onFrame({ text: s.slice(at, lineEnd), checksum: "ok", receivedAtMs }, commas);
      at = lineEnd + 1;
      while (at < end) {
        const e = s.charCodeAt(at);
        if (e !== LF && e !== CR) break;
        at++;
      }
      taken = at;
    }
    if (taken !== i) this.#atLineStart = true;
    return taken;
  }

  #beginSentence(): void {
    if (this.#garbageBytes > 0) this.#garbageBeforeSentence = this.#garbagePendingEol === 0;
    this.#state = SENTENCE;
    this.#atLineStart = false;
    this.#partial = "";
    this.#sentenceLength = 1;
    this.#commas.count = 0;
    this.#xor = 0;
    this.#bangAt = -1;
    this.#starSeen = false;
    this.#tailLength = 0;
  }

  /** The state machine at s[i], in any state: returns where it stopped, or -1 when s[i, end) was carried (a binary header cut short). */
  #step(s: string, bytes: Uint8Array, i: number, end: number, final: boolean): number {
    switch (this.#state) {
      case IDLE: {
        const c = s.charCodeAt(i);
        const rowStart = this.#atLineStart ? ROW_AT_LINE_START : this.#afterChecksum ? ROW_AFTER_CHECKSUM : NOT_ROW;
        this.#afterChecksum = false;
        if (this.#commentEnd !== 0) this.#endComment(c);
        if (c === DOLLAR || c === BANG) {
          this.#beginSentence();
          return this.#runSentence(s, i + 1, end, i);
        }
        if (c === LF || c === CR) {
          this.#atLineStart = true;
          if (this.#garbageBytes > 0) this.#addGarbageEol(c);
          return i + 1;
        }
        if (c === HASH && this.#atLineStart) {
          this.#state = COMMENT;
          this.#atLineStart = false;
          this.#annotationBytes++;
          this.#commentText = "#";
          this.#commentLong = false;
          return i + 1;
        }
        this.#atLineStart = false;
        const started = c >= 0x80 || c === MTK_PREAMBLE ? this.#startBinary(s, i, end, final) : NOT_BINARY;
        if (started === NEED_MORE) {
          this.#carry = s.slice(i, end);
          return -1;
        }
        if (started === NOT_BINARY) {
          this.#addGarbageChar(s, i, rowStart);
          return i + 1;
        }
        return i;
      }
      case SENTENCE:
        return this.#runSentence(s, i, end, i);
      case COMMENT: {
        let j = i;
        while (j < end) {
          const c = s.charCodeAt(j);
          if (c === LF || c === CR) {
            this.#state = IDLE;
            this.#commentEnd = 1;
            break;
          }
          j++;
        }
        this.#annotationBytes += j - i;
        if (!this.#commentLong) {
          if (this.#commentText.length + (j - i) > MAX_ASCII_LOG) {
            this.#commentLong = true;
            this.#commentText = "";
          } else this.#commentText += s.slice(i, j);
        }
        if (this.#state === IDLE) this.#endCommentLine();
        return j;
      }
      case TOO_LONG: {
        let j = i;
        while (j < end && isSentenceChar(s.charCodeAt(j))) j++;
        this.#tooLongBytes += j - i;
        if (j < end) {
          this.#reportTooLong();
          this.#state = IDLE; // the line end, `$`/`!` or odd byte is handled there
        }
        return j;
      }
      case BINARY: {
        const take = Math.min(end - i, this.#binaryRemaining);
        const kept = this.#binaryBytes;
        if (kept) kept.set(bytes.subarray(i, i + take), this.#binaryLength - this.#binaryRemaining);
        this.#binaryRemaining -= take;
        if (this.#binaryRemaining === 0) {
          const taken =
            kept !== undefined &&
            this.#onBinary?.({ protocol: this.#binaryProtocol, bytes: kept, receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs }) === true;
          if (!taken) this.#reportBinary(false, kept);
          this.#binaryBytes = undefined;
          this.#state = IDLE;
          this.#atLineStart = false;
        }
        return i + take;
      }
    }
  }

  /**
   * A comment line ended: one that is a receiver's ASCII log (asciiLogOf) is the receiver's bytes, line end
   * included, and a skipped packet of its protocol (a `binary` diagnostic naming its maker), not the log's own.
   */
  #endCommentLine(): void {
    const text = this.#commentText;
    this.#commentText = "";
    const log = this.#commentLong ? undefined : asciiLogOf(text);
    if (log === undefined) return;
    this.#annotationBytes -= text.length;
    this.#commentEnd = 0;
    this.#emitDiagnostic({
      kind: "binary",
      message: `binary: ${log.maker} ASCII log ${log.name} skipped (${text.length} bytes)`,
      raw: printable(text),
      value: log.maker,
      byteCount: text.length,
      receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs,
    });
  }

  /** Counts a comment line's end as the log's too: LF, CR LF, or a CR alone (the lines a replay leaves out). */
  #endComment(c: number): void {
    if (c === LF || (c === CR && this.#commentEnd === 1)) this.#annotationBytes++;
    this.#commentEnd = c === CR && this.#commentEnd === 1 ? 2 : 0;
  }

  /**
   * Scans a sentence from s[i]; its text in this range starts at s[segmentStart] (the `$`, or the range start
   * when the sentence began in an earlier chunk). Returns where scanning stopped.
   */
  #runSentence(s: string, i: number, end: number, segmentStart: number): number {
    let j = i;
    const room = this.#maxLineLength - this.#sentenceLength;
    const stop = end - i > room ? i + room : end;
    if (!this.#starSeen) {
      let xor = this.#xor;
      const commas = this.#commas;
      const offsets = commas.offsets;
      let count = commas.count;
      // s[j] is character `toText + j` of the sentence (`$` is 0)
      const toText = this.#sentenceLength - i;
      while (j < stop) {
        const c = s.charCodeAt(j);
        // printable ASCII except `!`, `$`, `*`; the first test catches almost every byte of a sentence
        if ((c > STAR && c <= 0x7e) || (c >= 0x20 && c < STAR && c !== BANG && c !== DOLLAR)) {
          if (c === COMMA) offsets[count++] = toText + j;
          xor ^= c;
          j++;
        } else if (c === BANG && count > 0) {
          // inside a field (after the address: `!!GPGGA` is no sentence of its own): judged at its end (#bangAt)
          if (this.#bangAt < 0) this.#bangAt = toText + j;
          xor ^= c;
          j++;
        } else break;
      }
      commas.count = count;
      this.#xor = xor;
      if (j < stop && s.charCodeAt(j) === STAR) {
        this.#starSeen = true;
        j++;
      }
    }
    let endsAtChecksum = false;
    if (this.#starSeen) {
      // what a logger writes after `*hh` (isAddedAfterChecksum) is not the sentence's: it may pass the cap
      const tailStop = end - i > room + ADDED_AFTER_CHECKSUM_ROOM ? i + room + ADDED_AFTER_CHECKSUM_ROOM : end;
      while (j < tailStop) {
        const c = s.charCodeAt(j);
        if (!isSentenceChar(c)) break;
        const k = this.#tailLength;
        // `*hh` holds and what follows cannot continue a checksum field (no hex digit): the sentence ends here, and
        // the rest of the line (a logger's `\r\n'`, its time, spaces) is not NMEA, however long it runs
        if (k === 2 && hexValue(c) < 0 && this.#checksumFieldHolds()) {
          endsAtChecksum = true;
          break;
        }
        this.#tailLength = k + 1;
        if (k === 0) this.#tail0 = c;
        else if (k === 1) this.#tail1 = c;
        j++;
      }
    }
    this.#sentenceLength += j - i;
    if (endsAtChecksum) {
      this.#state = IDLE;
      this.#finishSentence(this.#textUpTo(s, segmentStart, j), false);
      this.#afterChecksum = true;
      this.#partial = "";
      return j;
    }
    if (j === end) {
      this.#partial += s.slice(segmentStart, end);
      return end;
    }

    const c = s.charCodeAt(j);
    if (c === LF || c === CR) {
      this.#state = IDLE;
      this.#finishSentence(this.#textUpTo(s, segmentStart, j), true);
    } else if (c === DOLLAR || c === BANG) {
      this.#state = IDLE;
      this.#finishSentence(this.#textUpTo(s, segmentStart, j), false);
    } else if (isSentenceChar(c) || c === STAR) {
      // Only reachable at `stop`: one more character would pass the length cap.
      this.#state = TOO_LONG;
      const text = this.#textUpTo(s, segmentStart, j);
      this.#tooLongBytes = text.length;
      this.#tooLongExcerpt = text.slice(0, EXCERPT_LENGTH);
    } else {
      // A control or 8-bit byte ends the sentence like a new `$` would: a complete `…*hh` before it stands,
      // anything else is garbage. The byte itself is looked at again when idle (binary sync?).
      this.#state = IDLE;
      this.#finishSentence(this.#textUpTo(s, segmentStart, j), false);
    }
    this.#partial = "";
    return j;
  }

  #textUpTo(s: string, segmentStart: number, j: number): string {
    const here = s.slice(segmentStart, j);
    return this.#partial === "" ? here : this.#partial + here;
  }

  /**
   * Judges a sentence's text (from `$`/`!`, no line end). `atLineEnd` false: it was cut by a new `$`/`!`, a
   * control or 8-bit byte, or the end of input; then only a sentence that ends in `*hh` counts (gp-320fw sends
   * `…*1E$GPRMC` with no line end), the rest is a truncated fragment: garbage.
   */
  #finishSentence(sentenceText: string, atLineEnd: boolean): void {
    // a `!` in the address (before the first comma) begins a sentence whatever the checksum says (`!!GPGGA*56`)
    const bangInAddress = this.#bangAt > 0 && (this.#commas.count === 0 || this.#bangAt < (this.#commas.offsets[0] as number));
    if (this.#bangAt > 0 && (bangInAddress || !this.#checksumHolds(sentenceText))) {
      // the `!` began a sentence of its own: what came before it was cut short (as a `$` there would have left it)
      const at = this.#bangAt;
      this.#addGarbageText(sentenceText.slice(0, at));
      this.#rescan(sentenceText.slice(at));
      this.#finishSentence(sentenceText.slice(at), atLineEnd);
      return;
    }
    let text = sentenceText;
    let trailer = "";
    if (!this.#starSeen) {
      if (atLineEnd && text.length > 1) {
        this.#report("no-checksum", `nmea: ${addressOf(text)} has no checksum`, text);
        this.#emitFrame(text, "missing");
      } else {
        this.#addGarbageText(text);
      }
      return;
    }
    let starIndex = text.length - this.#tailLength - 1;
    if (starIndex <= 1) {
      this.#addGarbageText(text); // `$*hh`: nothing to check
      return;
    }
    const high = hexValue(this.#tail0);
    const low = hexValue(this.#tail1);
    if (this.#tailLength > 2 && high >= 0 && low >= 0 && (isAddedAfterChecksum(text, starIndex + 3) || this.#endsAtChecksum(text, starIndex + 3))) {
      // A logger's `…*hh,1568222348220` (Android's GnssLogger and GPSTest write `NMEA,<sentence>,<Unix ms>`), or
      // spaces a padded or hand-edited line has: the sentence ends at its checksum, even a wrong one (then reported as
      // a mismatch); what follows is not NMEA. #runSentence ends a sentence whose checksum holds before any such text:
      // here only one split out of a longer text (#rescan) still has it (#endsAtChecksum).
      trailer = text.slice(starIndex + 3);
      text = text.slice(0, starIndex + 3);
      this.#tailLength = 2;
      starIndex = text.length - 3;
    }
    if (text.length > this.#maxLineLength) {
      // the sentence itself (to its checksum) is over the cap; only a logger's addition may pass it
      this.#tooLongBytes = sentenceText.length;
      this.#tooLongExcerpt = sentenceText.slice(0, EXCERPT_LENGTH);
      this.#reportTooLong();
      return;
    }
    if (this.#tailLength === 2 && high >= 0 && low >= 0) {
      const sent = high * 16 + low;
      if (sent === this.#xor || (sent === (this.#xor ^ DOLLAR) && text.startsWith(UNICORE_RESPONSE))) {
        this.#emitFrame(text, "ok");
      } else {
        this.#report("checksum", `nmea: ${addressOf(text)} checksum mismatch: got ${text.slice(starIndex + 1)}, computed ${hex2(this.#xor)}`, text);
      }
      if (trailer !== "") this.#addGarbageText(trailer);
    } else if (atLineEnd) {
      this.#report("checksum", `nmea: ${addressOf(text)} malformed checksum: "${this.#printable(text.slice(starIndex), false)}"`, text);
    } else {
      this.#addGarbageText(text);
    }
  }

  /** The sentence's `*hh` (with nothing, or what a logger adds, after it) is the checksum of its text. */
  #checksumHolds(text: string): boolean {
    if (!this.#checksumFieldHolds()) return false;
    const after = text.length - this.#tailLength + 2;
    return this.#tailLength === 2 || isAddedAfterChecksum(text, after) || this.#endsAtChecksum(text, after);
  }

  /** The two characters after the `*` are hex digits and the checksum of the text before it. */
  #checksumFieldHolds(): boolean {
    if (!this.#starSeen || this.#tailLength < 2) return false;
    const high = hexValue(this.#tail0);
    const low = hexValue(this.#tail1);
    return high >= 0 && low >= 0 && high * 16 + low === this.#xor;
  }

  /**
   * The sentence ends at its `*hh` (text[at] is the character after it): the checksum holds and text[at] cannot
   * continue a checksum field. What a sentence split out of a longer text (#rescan) has after it, as #runSentence's rule.
   */
  #endsAtChecksum(text: string, at: number): boolean {
    return at < text.length && hexValue(text.charCodeAt(at)) < 0 && this.#checksumFieldHolds();
  }

  /** The checksum, commas, `*` and `!` of `text` (a sentence cut out of a longer one), as the scan would have found them. */
  #rescan(text: string): void {
    const commas = this.#commas;
    commas.count = 0;
    this.#xor = 0;
    this.#bangAt = -1;
    this.#starSeen = false;
    this.#tailLength = 0;
    for (let i = 1; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (this.#starSeen) {
        const k = this.#tailLength++;
        if (k === 0) this.#tail0 = c;
        else if (k === 1) this.#tail1 = c;
      } else if (c === STAR) {
        this.#starSeen = true;
      } else {
        if (c === COMMA) commas.offsets[commas.count++] = i;
        if (c === BANG && this.#bangAt < 0) this.#bangAt = i;
        this.#xor ^= c;
      }
    }
  }

  #emitFrame(text: string, checksum: ChecksumVerdict): void {
    if (this.#garbageBytes > 0) this.#flushGarbage();
    this.#frames++;
    this.#commas.end = this.#starSeen ? text.length - this.#tailLength - 1 : text.length;
    this.#onFrame({ text, checksum, receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs }, this.#commas);
  }

  /** Input text as it may be shown: escaped (printable.ts), the decoder's high code points as their bytes. */
  #printable(text: string, more: boolean): string {
    return printable(text, { more, byteOf: (c) => this.#byteOfCodePoint.get(c) });
  }

  #report(kind: DiagnosticKind, message: string, sentence: string): void {
    const diagnostic: Diagnostic = {
      kind,
      message,
      raw: this.#printable(sentence, false),
      receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs,
    };
    const sentenceId = sentenceIdOf(sentence);
    if (sentenceId !== undefined) diagnostic.sentenceId = sentenceId;
    this.#emitDiagnostic(diagnostic);
  }

  #emitDiagnostic(diagnostic: Diagnostic): void {
    if (diagnostic.kind !== "garbage" && this.#garbageBytes > 0) this.#flushGarbage();
    this.#diagnosticCounts[diagnostic.kind] = (this.#diagnosticCounts[diagnostic.kind] ?? 0) + 1;
    this.#onDiagnostic(diagnostic);
  }

  #reportTooLong(): void {
    const excerpt = this.#tooLongExcerpt;
    const diagnostic: Diagnostic = {
      kind: "too-long",
      message: `nmea: ${addressOf(excerpt)} line longer than ${this.#maxLineLength} characters, ${this.#tooLongBytes} bytes dropped`,
      raw: this.#printable(excerpt, true),
      byteCount: this.#tooLongBytes,
      receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs,
    };
    const sentenceId = sentenceIdOf(excerpt);
    if (sentenceId !== undefined) diagnostic.sentenceId = sentenceId;
    this.#emitDiagnostic(diagnostic);
    this.#tooLongBytes = 0;
    this.#tooLongExcerpt = "";
  }

  // ───────────── binary packets ─────────────

  /** At a byte ≥ 0x80: starts skipping a binary packet if s[i] begins a plausible header. */
  #startBinary(s: string, i: number, end: number, final: boolean): BinaryStart {
    const available = end - i;
    const b0 = this.#byteAt(s, i);
    const b1 = available > 1 ? this.#byteAt(s, i + 1) : -1;
    let protocol: BinaryProtocol;
    let headerLength: number;
    switch (b0) {
      case 0xb5:
        protocol = "UBX";
        headerLength = 6;
        if (available > 1 && b1 !== 0x62) return NOT_BINARY;
        break;
      case 0xa0:
        protocol = "SiRF";
        headerLength = 4;
        if (available > 1 && b1 !== 0xa2) return NOT_BINARY;
        break;
      case 0xd3:
        protocol = "RTCM3";
        headerLength = 3;
        // six reserved bits, zero in every RTCM 3 frame
        if (available > 1 && (b1 < 0 || (b1 & 0xfc) !== 0)) return NOT_BINARY;
        break;
      case MTK_PREAMBLE:
        protocol = "MTK";
        headerLength = 6;
        if (available > 1 && b1 !== 0x24) return NOT_BINARY;
        break;
      case 0xba:
        protocol = "CASIC";
        headerLength = 4;
        if (available > 1 && b1 !== 0xce) return NOT_BINARY;
        break;
      default:
        return NOT_BINARY;
    }
    if (available < headerLength) return final ? NOT_BINARY : NEED_MORE;

    const header: number[] = [];
    for (let k = 0; k < headerLength; k++) {
      const b = this.#byteAt(s, i + k);
      if (b < 0) return NOT_BINARY;
      header.push(b);
    }
    const [, h1 = 0, h2 = 0, h3 = 0, h4 = 0, h5 = 0] = header;
    let payloadLength: number;
    let packetLength: number;
    let detail = "";
    switch (protocol) {
      case "UBX": // B5 62 class id len(LE16) payload ckA ckB
        payloadLength = h4 | (h5 << 8);
        packetLength = 8 + payloadLength;
        detail = ` class 0x${hex2(h2)} id 0x${hex2(h3)}`;
        break;
      case "SiRF": // A0 A2 len(BE16) payload checksum(2) B0 B3
        payloadLength = (h2 << 8) | h3;
        packetLength = 8 + payloadLength;
        break;
      case "RTCM3": // D3 000000ll llllllll payload crc(3)
        payloadLength = ((h1 & 0x03) << 8) | h2;
        packetLength = 6 + payloadLength;
        break;
      case "MTK": // 04 24 len(LE16, whole packet) id(LE16) payload checksum(1) 0D 0A
        packetLength = h2 | (h3 << 8);
        payloadLength = packetLength - 9;
        detail = ` command ${h4 | (h5 << 8)}`;
        if (payloadLength < 0) return NOT_BINARY;
        break;
      case "CASIC": // BA CE len(LE16) class id payload checksum(4)
        payloadLength = h2 | (h3 << 8);
        packetLength = 10 + payloadLength;
        break;
    }
    if (payloadLength > MAX_BINARY_PAYLOAD) return NOT_BINARY;

    if (this.#garbageBytes > 0) this.#flushGarbage();
    this.#state = BINARY;
    this.#binaryProtocol = protocol;
    this.#binaryLength = packetLength;
    this.#binaryRemaining = packetLength;
    this.#binaryBytes = this.#onBinary ? new Uint8Array(packetLength) : undefined;
    this.#binaryDetail = detail;
    this.#binaryHeader = header.map(hex2).join(" ");
    return BINARY_STARTED;
  }

  /** `bytes`: the whole packet where it was kept; one whose own check fails is named no protocol (random bytes). */
  #reportBinary(truncated: boolean, bytes?: Uint8Array): void {
    const received = this.#binaryLength - this.#binaryRemaining;
    const how = truncated ? `truncated at ${received} of ${this.#binaryLength} bytes` : `${received} bytes`;
    const fails = bytes !== undefined && this.#binaryProtocol === "SiRF" && !sirfPacketHolds(bytes);
    this.#emitDiagnostic({
      kind: "binary",
      message: fails
        ? `binary: ${received} bytes skipped that begin like a SiRF packet (A0 A2) but fail its checksum or end (B0 B3): not SiRF`
        : `binary: ${this.#binaryProtocol} packet${this.#binaryDetail} skipped (${how})`,
      raw: this.#binaryHeader,
      ...(fails ? {} : { value: this.#binaryProtocol }),
      byteCount: received,
      receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs,
    });
  }

  /** The bytes of text that came without them (pushText, pieces joined across chunks), as #byteAt reads them. */
  #bytesOf(text: string): Uint8Array {
    const bytes = new Uint8Array(text.length);
    for (let k = 0; k < text.length; k++) bytes[k] = this.#byteAt(text, k) & 0xff;
    return bytes;
  }

  #byteAt(s: string, i: number): number {
    const c = s.charCodeAt(i);
    return c <= 0xff ? c : (this.#byteOfCodePoint.get(c) ?? -1);
  }

  // ───────────── garbage ─────────────

  #addGarbageChar(s: string, i: number, rowStart: number): void {
    if (this.#garbageBytes === 0) this.#startGarbageRun(rowStart);
    else if (this.#garbagePendingEol > 0) {
      this.#garbageBreaks++;
      this.#garbageLineShape = "";
    }
    this.#garbageBytes += this.#garbagePendingEol + 1;
    this.#garbagePendingEol = 0;
    if (this.#garbageExcerpt.length < EXCERPT_LENGTH) this.#garbageExcerpt += s.charAt(i);
    const c = s.charCodeAt(i);
    // a tab separates a logger's columns (a CanSat's sensor readings before each sentence) as a comma does
    if ((c < 0x20 && c !== TAB) || c > 0x7e) this.#garbagePlainText = false;
    else if (this.#garbageLineShape.length < ROW_SHAPE_LENGTH) {
      // a number is one 0 in the shape, whatever its digits and sign: readings of 36.85, 914.73 and -0.5 are one shape
      const digit = c >= 0x30 && c <= 0x39;
      if (!digit) this.#garbageLineShape += s.charAt(i);
      else {
        let shape = this.#garbageLineShape;
        if (shape.endsWith("-") || shape.endsWith("+")) shape = shape.slice(0, -1);
        this.#garbageLineShape = shape.endsWith("0") ? shape : `${shape}0`;
      }
    }
  }

  #startGarbageRun(rowStart: number): void {
    this.#garbageRowStart = rowStart;
    this.#garbageBreaks = 0;
    this.#garbagePlainText = true;
    this.#garbageBeforeSentence = false;
    this.#garbageLineShape = "";
  }

  /** Text that was (part of) a sentence: never a logger's. */
  #addGarbageText(text: string): void {
    if (this.#garbageBytes === 0) this.#startGarbageRun(NOT_ROW);
    this.#garbagePlainText = false;
    this.#garbageBytes += this.#garbagePendingEol + text.length;
    this.#garbagePendingEol = 0;
    const room = EXCERPT_LENGTH - this.#garbageExcerpt.length;
    if (room > 0) this.#garbageExcerpt += text.length > room ? text.slice(0, room) : text;
  }

  #addGarbageEol(c: number): void {
    this.#garbagePendingEol++;
    if (this.#garbageExcerpt.length < EXCERPT_LENGTH) this.#garbageExcerpt += c === CR ? "\r" : "\n";
  }

  #flushGarbage(): void {
    const byteCount = this.#garbageBytes;
    if (byteCount === 0) return;
    let excerpt = this.#garbageExcerpt;
    let cut = excerpt.length;
    while (cut > 0 && isLineEnd(excerpt.charCodeAt(cut - 1))) cut--;
    excerpt = excerpt.slice(0, cut);
    this.#garbageBytes = 0;
    this.#garbagePendingEol = 0;
    this.#garbageExcerpt = "";
    const raw = this.#printable(excerpt, byteCount > excerpt.length);
    const loggerText = this.#isLoggerText();
    this.#emitDiagnostic({
      kind: loggerText ? "logger-text" : "garbage",
      message: `${loggerText ? "logger text" : "garbage"}: ${byteCount} ${byteCount === 1 ? "byte" : "bytes"} skipped: "${raw}"`,
      raw,
      byteCount,
      receivedAtMs: this.#recordedAtMs ?? this.#chunkTimeMs,
    });
  }

  /**
   * The garbage run just ended is a logger's text on its sentences' lines, as loggers write it on every line: plain
   * text from a line start to a sentence on that line (a receive time, a row label: `2017-05-25T21:22:02 -->> `,
   * `NMEA,`), or from a checksum that holds to the line end (a logger's time, `\r\n', parsed: …`), or both with one
   * line end between; and its last line has the shape (digits aside) of such a line before it. The first of a shape
   * stays garbage, and so does any run with a cut sentence, a control or 8-bit byte, or a line of its own.
   */
  #isLoggerText(): boolean {
    const start = this.#garbageRowStart;
    if (!this.#garbagePlainText || start === NOT_ROW) return false;
    const breaks = this.#garbageBreaks;
    const row = this.#garbageBeforeSentence ? breaks === 0 || (breaks === 1 && start === ROW_AFTER_CHECKSUM) : breaks === 0 && start === ROW_AFTER_CHECKSUM;
    if (!row) return false;
    const shapes = this.#rowShapes;
    const shape = this.#garbageLineShape;
    const at = shapes.indexOf(shape);
    if (at === 0) return true;
    if (at > 0) shapes.splice(at, 1);
    else if (shapes.length === ROW_SHAPES_KEPT) shapes.pop();
    shapes.unshift(shape);
    return at > 0;
  }
}

function isLineEnd(c: number): boolean {
  return c === LF || c === CR;
}

/**
 * What a logger or an editor added after a sentence's checksum, from `at` to the end of `text`: `,` and 1-20 digits
 * (a logger's time), spaces (a padded or hand-edited line), or both.
 */
function isAddedAfterChecksum(text: string, at: number): boolean {
  let end = text.length;
  while (end > at && text.charCodeAt(end - 1) === 0x20) end--;
  if (end === at) return true;
  const digits = end - at - 1;
  if (digits < 1 || digits > 20 || text.charCodeAt(at) !== COMMA) return false;
  for (let i = at + 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (c < 0x30 || c > 0x39) return false;
  }
  return true;
}

/** A character that may continue a sentence: printable ASCII except the start marks `$` and `!`. */
function isSentenceChar(c: number): boolean {
  return c >= 0x20 && c <= 0x7e && c !== DOLLAR && c !== BANG;
}

const HEX_VALUES = Int8Array.from({ length: 0x80 }, (_, c) => "0123456789ABCDEF".indexOf(String.fromCharCode(c).toUpperCase()));

/**
 * A checksum digit's value (upper or lower case), −1 for anything else. A table, not comparisons: optimised code
 * compiled before the first lower-case checksum of a log (Magellan) had no feedback for them and was thrown away.
 */
function hexValue(c: number): number {
  return c < HEX_VALUES.length ? (HEX_VALUES[c] as number) : -1;
}

function hex2(value: number): string {
  return value.toString(16).toUpperCase().padStart(2, "0");
}

/** The address field: `GPGGA` in `$GPGGA,…*47`, cut short if it runs on. */
function addressOf(text: string): string {
  let end = 1;
  while (end < text.length && end <= 16) {
    const c = text.charCodeAt(end);
    if (c === 0x2c || c === STAR) break;
    end++;
  }
  return end > 1 ? text.slice(1, end) : "sentence";
}

/** `GGA` for `$GPGGA`, `VDM` for `!AIVDM`, `PMTK` for `$PMTK001`, `PUBX` for `$PUBX,00`. */
function sentenceIdOf(text: string): string | undefined {
  const address = addressOf(text);
  if (address === "sentence") return undefined;
  if (address.charCodeAt(0) === 0x50 /* P */) {
    let end = 1;
    while (end < address.length && isUpperLetter(address.charCodeAt(end))) end++;
    return address.slice(0, end);
  }
  return address.length === 5 ? address.slice(2) : address;
}

function isUpperLetter(c: number): boolean {
  return c >= 0x41 && c <= 0x5a;
}

/**
 * Node's Buffer.prototype.latin1Slice, where there is one: a string of one char per byte, each its own code, as Node's
 * TextDecoder("latin1") gives, which goes through ICU on Node 20 (0.45 ms per 64 KB chunk alone, against 0.017; the
 * framer over 11 MB took 34 ms with it, 25 without). A browser has none and decodes with its TextDecoder
 * (windows-1252: highByteMap).
 */
const nodeLatin1Slice = (globalThis as { Buffer?: { prototype: { latin1Slice?: (this: Uint8Array, start: number, end: number) => string } } }).Buffer?.prototype
  .latin1Slice;

/** The decoder's code points for bytes 0x80..0x9F (windows-1252 in browsers, identity in Node) → bytes. */
function highByteMap(decoder: TextDecoder): Map<number, number> {
  const bytes = new Uint8Array(0x20);
  for (let k = 0; k < bytes.length; k++) bytes[k] = 0x80 + k;
  const text = decoder.decode(bytes);
  const map = new Map<number, number>();
  for (let k = 0; k < text.length; k++) {
    const c = text.charCodeAt(k);
    if (c > 0xff) map.set(c, 0x80 + k);
  }
  return map;
}
