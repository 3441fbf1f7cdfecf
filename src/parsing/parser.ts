// Frame → typed sentence. The line is split once; the framer has already judged the checksum (the verdict
// travels on the sentence); dispatch goes through a per-parser Map built from the registry (never a plain
// object: nmea-simple's `decoders[id]` answers `$GPconstructor`). Nothing here throws on data: every
// failure is a Diagnostic and `undefined`.
import type { FrameCommas } from "../framing/framer.js";
import type { Diagnostic, Frame, Sentence } from "../types.js";
import { type FieldContext, cutRaw } from "./fields.js";
import { PROPRIETARY_MESSAGES, PROPRIETARY_SENTENCES, STANDARD_SENTENCES, type StandardRow } from "./registry.js";
import { decodeProprietary, proprietaryVendor } from "./sentences/proprietary.js";
import { talkerSystem } from "./talkers.js";

export interface ParserOptions {
  /** Parse frames whose checksum is missing (default true, as gpsd does). Frames with bad checksums never reach you. */
  acceptMissingChecksum?: boolean;
}

export interface Parser {
  /**
   * One frame → one typed sentence, or undefined (with a diagnostic) when it cannot be decoded. Never throws.
   * `commas`: where the framer found the frame's commas (saves a second scan of the text).
   */
  parse(frame: Frame, onDiagnostic: (d: Diagnostic) => void, commas?: FrameCommas): Sentence | undefined;
}

export function createParser(options: ParserOptions = {}): Parser {
  const acceptMissingChecksum = options.acceptMissingChecksum ?? true;
  // Dispatch on the address's character codes: no substring, no string hashing per sentence.
  const standard = new Map<number, StandardRow>(STANDARD_SENTENCES.map((row) => [idCode(row.id, 0), row]));
  /** Talker and address strings, made once per parser (a log has a handful). */
  const talkers = new Map<number, string>();
  const addresses = new Map<number, string>();
  const proprietaryMinFields = new Map<string, number>(PROPRIETARY_SENTENCES.map((row) => [row.id, row.minFields]));
  const proprietaryMessages = new Map<string, StandardRow>(PROPRIETARY_MESSAGES.map((row) => [row.id, row]));

  function report(onDiagnostic: (d: Diagnostic) => void, frame: Frame, kind: Diagnostic["kind"], message: string, sentenceId?: string): undefined {
    const d: Diagnostic = { kind, message, raw: cutRaw(frame.text), receivedAtMs: frame.receivedAtMs };
    if (sentenceId !== undefined) d.sentenceId = sentenceId;
    onDiagnostic(d);
    return undefined;
  }

  // Field offsets, reused from one sentence to the next (a re-entrant call from a diagnostic listener gets its own).
  let starts = new Int32Array(64);
  let ends = new Int32Array(64);
  let busy = false;
  /** The standard sentences' field context, refilled per sentence (decoders keep nothing of it). */
  const shared = context("", 0, starts, ends, "", "", "", { text: "", checksum: "ok", receivedAtMs: 0 }, () => undefined);

  function parse(frame: Frame, onDiagnostic: (d: Diagnostic) => void, commas?: FrameCommas): Sentence | undefined {
    const text = frame.text;
    if (frame.checksum === "missing" && !acceptMissingChecksum) {
      return report(onDiagnostic, frame, "no-checksum", `nmea: sentence without checksum: "${cutRaw(text)}"`);
    }
    const end = commas === undefined ? fieldsEnd(text) : commas.end;
    const reentrant = busy;
    let st = reentrant ? new Int32Array(64) : starts;
    let en = reentrant ? new Int32Array(64) : ends;
    let count = 0;
    let from = 0;
    if (commas !== undefined) {
      const offsets = commas.offsets;
      const n = commas.count;
      if (n >= st.length) {
        const size = Math.max(n + 1, st.length * 2);
        st = new Int32Array(size);
        en = new Int32Array(size);
        if (!reentrant) {
          starts = st;
          ends = en;
        }
      }
      for (; count < n; count++) {
        const comma = offsets[count] as number;
        st[count] = from;
        en[count] = comma;
        from = comma + 1;
      }
      st[count] = from;
      en[count] = end;
      count++;
    } else
      for (;;) {
        if (count === st.length) {
          const grownStarts = new Int32Array(count * 2);
          grownStarts.set(st);
          const grownEnds = new Int32Array(count * 2);
          grownEnds.set(en);
          st = grownStarts;
          en = grownEnds;
          if (!reentrant) {
            starts = st;
            ends = en;
          }
        }
        let comma = text.indexOf(",", from);
        if (comma < 0 || comma > end) comma = end;
        st[count] = from;
        en[count] = comma;
        count++;
        if (comma === end) break;
        from = comma + 1;
      }
    const addressEnd = en[0] as number;
    const start = text.charCodeAt(0);
    if ((start !== 36 && start !== 33) || !isAddress(text, addressEnd)) {
      // Unicore's answer to a command: a lower-case address of its own (sentences/command-response.ts)
      if (addressEnd === COMMAND_ADDRESS.length && text.startsWith(COMMAND_ADDRESS)) return parseCommandResponse(text, count, st, en, frame, onDiagnostic);
      return report(onDiagnostic, frame, "unknown-sentence", `nmea: malformed sentence address "${text.slice(0, addressEnd)}"`);
    }

    busy = true;
    try {
      // Standard sentence: two-letter talker + three-letter id. `PQ` is Quectel's talker for BeiDou/QZSS GSV/GSA.
      if (addressEnd === 6) {
        const c1 = text.charCodeAt(1);
        const c2 = text.charCodeAt(2);
        // `$P…` is proprietary, except Quectel's PQ talker
        const row = c1 !== 80 || c2 === 81 ? standard.get(idCode(text, 3)) : undefined;
        if (row !== undefined) {
          const talkerCode = (c1 - 48) * 43 + (c2 - 48);
          let talker = talkers.get(talkerCode);
          if (talker === undefined) talkers.set(talkerCode, (talker = text.slice(1, 3)));
          if (count < row.minFields) {
            return report(onDiagnostic, frame, "too-few-fields", `nmea: ${talker}${row.id} has ${count} fields, needs at least ${row.minFields}`, row.id);
          }
          const addressCode = talkerCode * ID_CODES + idCode(text, 3);
          let address = addresses.get(addressCode);
          if (address === undefined) addresses.set(addressCode, (address = talker + row.id));
          const ctx = reentrant
            ? context(text, count, st, en, address, row.id, talker, frame, onDiagnostic)
            : refill(shared, text, count, st, en, address, row.id, talker, frame, onDiagnostic);
          try {
            return row.decode(ctx);
          } catch (e) {
            return decoderFailure(ctx, e);
          }
        }
      }

      // Proprietary ($P + vendor) or not supported: apart, so that their first one does not throw this function's optimised code away
      return parseOther(text, count, st, en, addressEnd, frame, onDiagnostic);
    } finally {
      busy = reentrant;
    }
  }

  /** `$command,…,response: …`: Unicore's answer to a command. */
  function parseCommandResponse(
    text: string,
    count: number,
    st: Int32Array,
    en: Int32Array,
    frame: Frame,
    onDiagnostic: (d: Diagnostic) => void,
  ): Sentence | undefined {
    const row = proprietaryMessages.get("command") as StandardRow;
    if (count < row.minFields)
      return report(onDiagnostic, frame, "too-few-fields", `nmea: command has ${count} fields, needs at least ${row.minFields}`, row.id);
    const ctx = context(text, count, st, en, "command", row.id, "P", frame, onDiagnostic);
    try {
      return row.decode(ctx);
    } catch (e) {
      return decoderFailure(ctx, e);
    }
  }

  /** A sentence that is not a standard one: proprietary ($P + vendor), else not supported. */
  function parseOther(
    text: string,
    count: number,
    st: Int32Array,
    en: Int32Array,
    addressEnd: number,
    frame: Frame,
    onDiagnostic: (d: Diagnostic) => void,
  ): Sentence | undefined {
    if (text.charCodeAt(1) === 80) {
      const name = text.slice(1, addressEnd);
      let address = name;
      let message = proprietaryMessages.get(name);
      if (message === undefined && count > 1) {
        // a family with its message id in the first field: `$PSTI,030` is row PSTI030
        const id = text.slice(st[1], en[1]);
        message = proprietaryMessages.get(name + id);
        address = `${name},${id}`;
      }
      if (message !== undefined) {
        if (count < message.minFields) {
          return report(onDiagnostic, frame, "too-few-fields", `nmea: ${address} has ${count} fields, needs at least ${message.minFields}`, message.id);
        }
        const ctx = context(text, count, st, en, address, message.id, "P", frame, onDiagnostic);
        try {
          return message.decode(ctx);
        } catch (e) {
          return decoderFailure(ctx, e);
        }
      }
      const vendor = proprietaryVendor(name);
      if (vendor !== undefined && isProprietaryName(vendor, name)) {
        const minFields = proprietaryMinFields.get(vendor) ?? 1;
        if (count < minFields) {
          return report(onDiagnostic, frame, "too-few-fields", `nmea: ${name} has ${count} fields, needs at least ${minFields}`, vendor);
        }
        const ctx = context(text, count, st, en, name, vendor, "P", frame, onDiagnostic);
        try {
          return decodeProprietary(ctx, vendor);
        } catch (e) {
          return decoderFailure(ctx, e);
        }
      }
    }
    return report(onDiagnostic, frame, "unknown-sentence", `nmea: sentence type "${text.slice(1, addressEnd)}" not supported`);
  }

  return { parse };
}

function context(
  text: string,
  count: number,
  starts: Int32Array,
  ends: Int32Array,
  address: string,
  sentenceId: string,
  talker: string,
  frame: Frame,
  onDiagnostic: (d: Diagnostic) => void,
): FieldContext {
  return {
    text,
    count,
    starts,
    ends,
    address,
    sentenceId,
    talker,
    system: talkerSystem(talker),
    frame,
    onDiagnostic,
    reported: false,
    split: undefined,
  };
}

function refill(
  ctx: FieldContext,
  text: string,
  count: number,
  starts: Int32Array,
  ends: Int32Array,
  address: string,
  sentenceId: string,
  talker: string,
  frame: Frame,
  onDiagnostic: (d: Diagnostic) => void,
): FieldContext {
  ctx.text = text;
  ctx.count = count;
  ctx.starts = starts;
  ctx.ends = ends;
  ctx.address = address;
  ctx.sentenceId = sentenceId;
  if (ctx.talker !== talker) {
    ctx.talker = talker;
    ctx.system = talkerSystem(talker);
  }
  ctx.frame = frame;
  ctx.onDiagnostic = onDiagnostic;
  ctx.reported = false;
  ctx.split = undefined;
  return ctx;
}

/** A decoder bug must not escape the data path: it becomes a field diagnostic. */
function decoderFailure(ctx: FieldContext, e: unknown): undefined {
  ctx.onDiagnostic({
    kind: "field",
    message: `nmea: ${ctx.address} could not be decoded: ${e instanceof Error ? e.message : String(e)}`,
    raw: cutRaw(ctx.frame.text),
    sentenceId: ctx.sentenceId,
    receivedAtMs: ctx.frame.receivedAtMs,
  });
  return undefined;
}

/** Where a frame's last field ends: at its `*`, or its end when it has no checksum. */
function fieldsEnd(text: string): number {
  const len = text.length;
  if (len >= 3 && text.charCodeAt(len - 3) === 42) return len - 3;
  const star = text.lastIndexOf("*");
  return star >= 0 ? star : len;
}

/** The address of Unicore's answers to commands. */
const COMMAND_ADDRESS = "$command";

/** Number of distinct idCode values: addresses are digits and upper-case letters ('0'..'Z', 43 codes). */
const ID_CODES = 43 * 43 * 43;

/** Three address characters from `at` as one small integer (talker × ID_CODES + id stays a small integer too). */
function idCode(text: string, at: number): number {
  return ((text.charCodeAt(at) - 48) * 43 + (text.charCodeAt(at + 1) - 48)) * 43 + (text.charCodeAt(at + 2) - 48);
}

/** text[1, end) (after `$` or `!`): upper-case letters and digits only. */
function isAddress(text: string, end: number): boolean {
  if (end < 2) return false;
  for (let i = 1; i < end; i++) {
    const c = text.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** PMTK/PSRF/PAIR need a numeric message id (`PMTKCHN` is something else), PUBX stands alone, PQTM and PGRM need a name. */
function isProprietaryName(vendor: string, name: string): boolean {
  if (vendor === "PUBX") return name.length === 4;
  if (vendor === "PQTM" || vendor === "PGRM") return name.length > 4;
  if (name.length === 4) return false;
  for (let i = 4; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
