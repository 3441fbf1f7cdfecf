// The nmea-simple 3.3.0 codecs gnsskit keeps as decoders (VTG, GLL, GNS, GST), reached through the package's
// public `DefaultPacketFactory.getParser` (no deep imports), and called on the fields gnsskit already split:
// no second split, no second checksum pass, no exception for unknown ids. Its values are used only where the
// raw field was present and well-formed: empty stays undefined (it would say 0), and its time-of-day Date
// (stamped with the host's date) is never used. test/parsing/characterization.test.ts pins what this relies on.
import { DefaultPacketFactory, type Packet } from "nmea-simple";
import { type FieldContext, allFields, invalid } from "./fields.js";

/** Run nmea-simple's codec for `sentenceId` on already split fields; a codec exception becomes a diagnostic. */
export function nmeaSimpleDecode(ctx: FieldContext, sentenceId: "VTG" | "GLL" | "GNS" | "GST"): Packet | undefined {
  const stub = { talkerId: ctx.talker, sentenceId, chxOk: true as const };
  try {
    return DefaultPacketFactory.getParser(stub)(stub, allFields(ctx));
  } catch (e) {
    // Codecs throw TypeErrors on fields they expected; the registry's minFields should make this unreachable.
    return invalid(ctx, "sentence (nmea-simple)", e instanceof Error ? e.message : String(e));
  }
}
