// Proprietary replies and banners receivers send ($P + vendor), kept as text fields for the receiver drivers.
//
//  $PMTKnnn,f1,…    MediaTek (and Quectel L76/L80/L86, GlobalTop):  $PMTK001,<cmd>,<flag> ack (0 invalid,
//                   1 unsupported, 2 failed, 3 ok), $PMTK010,001 startup, $PMTK011,MTKGPS, $PMTK705,<firmware>,…
//  $PUBX,nn,f1,…    u-blox (the message number is the first field)
//  $PSRFnnn,f1,…    SiRF
//  $PAIRnnn,f1,…    Quectel/Airoha (LC29H, LC76G…): $PAIR001,<cmd>,<result> ack, $PAIR010 aiding request
//  $PQTMxxx,f1,…    Quectel (named, not numbered: $PQTMVERNO, $PQTMCFGMSGRATE,OK…): messageName only
//  $PGRMx,f1,…      Garmin (named by letters: $PGRMT model, version and self-test, $PGRMM datum, $PGRMF, $PGRMV,
//                   $PGRMB…): messageName only; PGRME and PGRMZ have decoders of their own (registry.ts)
//
//  $PGRMT,GPS 15-H Ver. 2.02,P,P,R,R,P,,35,R*..                (Garmin GPS 15-H, marine-api Garmin-GPS15.txt)
//
//  $PMTK705,AXN_2.51_3339_19071200,0002,QUECTEL-L70,1.0*32     (Quectel L70, gpsd quectel-L70.log)
//  $PMTK010,001*2E                                             (MediaTek 3301, gpsd mtk-3301.log)
//
// Decoded here, not by nmea-simple: its MTK codec maps every data field through parseNumberOrString, which
// never returns a string (`num === NaN` is always false), so the firmware string of $PMTK705 becomes NaN.
// Non-numbered variants ($PMTKCHN, $PSRFEPE, $PSRFTXT…) are not these replies: unknown-sentence.
import type { ProprietarySentence } from "../../types.js";
import { type FieldContext, allFields, invalid, parseInteger } from "../fields.js";

export type ProprietaryVendor = ProprietarySentence["sentenceId"];

/** `PMTK001` → vendor `PMTK`; undefined when the address is not one of the proprietary families decoded here. */
export function proprietaryVendor(address: string): ProprietaryVendor | undefined {
  if (address.length < 4) return undefined;
  const head = address.slice(0, 4);
  switch (head) {
    case "PMTK":
    case "PUBX":
    case "PSRF":
    case "PAIR":
    case "PQTM":
    case "PGRM":
      return head;
    default:
      return undefined;
  }
}

/** Decode a proprietary sentence; undefined (with a diagnostic) when its message number is not a number. */
export function decodeProprietary(ctx: FieldContext, vendor: ProprietaryVendor): ProprietarySentence | undefined {
  const fields = allFields(ctx);
  let name: string;
  let messageType: number | undefined;
  let data: string[];
  if (vendor === "PUBX") {
    name = fields[1] ?? "";
    messageType = parseInteger(name);
    if (!(messageType >= 0)) return invalid(ctx, "message id", name);
    data = fields.slice(2);
  } else {
    name = ctx.address.slice(4);
    data = fields.slice(1);
    if (vendor === "PQTM" || vendor === "PGRM") {
      if (name === "") return invalid(ctx, "message name", name);
    } else {
      messageType = parseInteger(name);
      if (!(messageType >= 0)) return invalid(ctx, "message id", name);
    }
  }
  const f = ctx.frame;
  const s: ProprietarySentence = {
    sentenceId: vendor,
    talker: "P",
    system: "unknown",
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
    messageName: name,
    fields: data,
  };
  if (messageType !== undefined) s.messageType = messageType;
  return s;
}
