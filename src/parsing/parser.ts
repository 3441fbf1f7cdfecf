// Frame → typed sentence. The line is split once; the framer has already judged the checksum (the verdict
// travels on the sentence); dispatch goes through a per-parser Map built from the registry (never a plain
// object: nmea-simple's `decoders[id]` answers `$GPconstructor`). Nothing here throws on data: every
// failure is a Diagnostic and `undefined`.
import type { Diagnostic, Frame, Sentence } from "../types.js";
import { type FieldContext, cutRaw } from "./fields.js";
import { PROPRIETARY_SENTENCES, STANDARD_SENTENCES, type StandardRow } from "./registry.js";
import { decodeProprietary, proprietaryVendor } from "./sentences/proprietary.js";
import { talkerSystem } from "./talkers.js";

export interface ParserOptions {
  /** Parse frames whose checksum is missing (default true, as gpsd does). Frames with bad checksums never reach you. */
  acceptMissingChecksum?: boolean;
}

export interface Parser {
  /** One frame → one typed sentence, or undefined (with a diagnostic) when it cannot be decoded. Never throws. */
  parse(frame: Frame, onDiagnostic: (d: Diagnostic) => void): Sentence | undefined;
}

export function createParser(options: ParserOptions = {}): Parser {
  const acceptMissingChecksum = options.acceptMissingChecksum ?? true;
  const standard = new Map<string, StandardRow>(STANDARD_SENTENCES.map((row) => [row.id, row]));
  const proprietaryMinFields = new Map<string, number>(PROPRIETARY_SENTENCES.map((row) => [row.id, row.minFields]));

  function report(
    onDiagnostic: (d: Diagnostic) => void,
    frame: Frame,
    kind: Diagnostic["kind"],
    message: string,
    sentenceId?: string,
  ): undefined {
    const d: Diagnostic = { kind, message, raw: cutRaw(frame.text), receivedAtMs: frame.receivedAtMs };
    if (sentenceId !== undefined) d.sentenceId = sentenceId;
    onDiagnostic(d);
    return undefined;
  }

  function parse(frame: Frame, onDiagnostic: (d: Diagnostic) => void): Sentence | undefined {
    const text = frame.text;
    const len = text.length;
    if (frame.checksum === "missing" && !acceptMissingChecksum) {
      return report(onDiagnostic, frame, "no-checksum", `nmea: sentence without checksum: "${cutRaw(text)}"`);
    }
    let end = len;
    if (len >= 3 && text.charCodeAt(len - 3) === 42) end = len - 3;
    else {
      const star = text.lastIndexOf("*");
      if (star >= 0) end = star;
    }
    const fields = text.slice(0, end).split(",");
    const address = fields[0] ?? "";
    const start = address.charCodeAt(0);
    if ((start !== 36 && start !== 33) || !isAddress(address)) {
      return report(onDiagnostic, frame, "unknown-sentence", `nmea: malformed sentence address "${address}"`);
    }

    // Standard sentence: two-letter talker + three-letter id. `PQ` is Quectel's talker for BeiDou/QZSS GSV/GSA.
    if (address.length === 6) {
      const c1 = address.charCodeAt(1);
      const talker = address.slice(1, 3);
      if (c1 !== 80 || talker === "PQ") {
        const row = standard.get(address.slice(3));
        if (row !== undefined) return decodeStandard(row, talker, fields, frame, onDiagnostic);
      }
    }

    // Proprietary: $P + vendor.
    if (address.charCodeAt(1) === 80) {
      const name = address.slice(1);
      const vendor = proprietaryVendor(name);
      if (vendor !== undefined && isProprietaryName(vendor, name)) {
        const minFields = proprietaryMinFields.get(vendor) ?? 1;
        if (fields.length < minFields) {
          return report(
            onDiagnostic,
            frame,
            "too-few-fields",
            `nmea: ${name} has ${fields.length} fields, needs at least ${minFields}`,
            vendor,
          );
        }
        const ctx = context(fields, name, vendor, "P", frame, onDiagnostic);
        try {
          return decodeProprietary(ctx, vendor);
        } catch (e) {
          return decoderFailure(ctx, e);
        }
      }
    }
    return report(onDiagnostic, frame, "unknown-sentence", `nmea: sentence type "${address.slice(1)}" not supported`);
  }

  function decodeStandard(
    row: StandardRow,
    talker: string,
    fields: string[],
    frame: Frame,
    onDiagnostic: (d: Diagnostic) => void,
  ): Sentence | undefined {
    if (fields.length < row.minFields) {
      return report(
        onDiagnostic,
        frame,
        "too-few-fields",
        `nmea: ${talker}${row.id} has ${fields.length} fields, needs at least ${row.minFields}`,
        row.id,
      );
    }
    const ctx = context(fields, talker + row.id, row.id, talker, frame, onDiagnostic);
    try {
      return row.decode(ctx);
    } catch (e) {
      return decoderFailure(ctx, e);
    }
  }

  return { parse };
}

function context(
  fields: string[],
  address: string,
  sentenceId: string,
  talker: string,
  frame: Frame,
  onDiagnostic: (d: Diagnostic) => void,
): FieldContext {
  return { fields, address, sentenceId, talker, system: talkerSystem(talker), frame, onDiagnostic, reported: false };
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

/** `$` or `!`, then upper-case letters and digits only. */
function isAddress(address: string): boolean {
  const n = address.length;
  if (n < 2) return false;
  for (let i = 1; i < n; i++) {
    const c = address.charCodeAt(i);
    if (!((c >= 65 && c <= 90) || (c >= 48 && c <= 57))) return false;
  }
  return true;
}

/** PMTK/PSRF/PAIR need a numeric message id (`PMTKCHN` is something else), PUBX stands alone, PQTM needs a name. */
function isProprietaryName(vendor: string, name: string): boolean {
  if (vendor === "PUBX") return name.length === 4;
  if (vendor === "PQTM") return name.length > 4;
  if (name.length === 4) return false;
  for (let i = 4; i < name.length; i++) {
    const c = name.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}
