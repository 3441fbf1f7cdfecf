// TXT: text transmission (receiver banners, antenna status, reset notices).
//
//         1  2  3  4
//         |  |  |  |
//  $--TXT,xx,xx,xx,c--c*hh
//  1 total sentences  2 sentence number  3 text id (00 error, 01 warning, 02 notice, 07 user)  4 text
//
//  $GPTXT,01,01,02,u-blox ag - www.u-blox.com*50    (u-blox, gpsd bt451.log)
//
// The state of an active antenna's supervisor, sent as text (`txtAntennaStatus`):
//  $GPTXT,01,01,02,ANTSTATUS=OPEN*2B   u-blox 6/7 (INIT, DONTKNOW, OK, SHORT, OPEN; $GNTXT on GNSS receivers),
//                                      MediaTek/Quectel L80 (OK: the external antenna is used; OPEN, SHORT: the
//                                      internal one, the external found open or shorted), every second
//  $GPTXT,01,01,01,ANTENNA OPEN*25     CASIC AT6558 (ATGM332D/336H): OK, OPEN, SHORT, as a warning
//
// Decoded here: nmea-simple 3.3.0 has no TXT codec. A comma inside the text (not legal NMEA, but sent) is kept.
import type { AntennaStatus, TxtSentence } from "../../types.js";
import { type FieldContext, allFields, field, readInteger } from "../fields.js";
import { type SentenceValues, pad, sentence } from "../encode.js";

export const TXT = "TXT" as const;

export function decodeTxt(ctx: FieldContext): TxtSentence {
  const f = ctx.frame;
  const s: TxtSentence = {
    sentenceId: TXT,
    talker: ctx.talker,
    system: ctx.system,
    raw: f.text,
    checksum: f.checksum,
    receivedAtMs: f.receivedAtMs,
    text: ctx.count > 5 ? allFields(ctx).slice(4).join(",") : field(ctx, 4),
  };
  const total = readInteger(ctx, 1, "total messages", 0, 99);
  if (total !== undefined) s.totalMessages = total;
  const number = readInteger(ctx, 2, "message number", 0, 99);
  if (number !== undefined) s.messageNumber = number;
  const textId = readInteger(ctx, 3, "text id", 0, 99);
  if (textId !== undefined) s.textId = textId;
  return s;
}

/** The fields `decodeTxt` reads. */
export function encodeTxt(s: SentenceValues<TxtSentence>): string {
  return sentence(`${s.talker}TXT`, [
    s.totalMessages === undefined ? "" : pad(s.totalMessages, 2),
    s.messageNumber === undefined ? "" : pad(s.messageNumber, 2),
    s.textId === undefined ? "" : pad(s.textId, 2),
    s.text,
  ]);
}

const ANTENNA_TEXT = /^ANT(?:STATUS\s*=|ENNA)\s*(INIT|DONTKNOW|OK|SHORT|OPEN)$/i;
const ANTENNA_STATUS: Readonly<Record<string, AntennaStatus>> = { INIT: "init", DONTKNOW: "unknown", OK: "ok", SHORT: "short", OPEN: "open" };

/** The antenna supervisor's state a TXT states (`ANTSTATUS=OPEN`, `ANTENNA OK`), or undefined for other text. */
export function txtAntennaStatus(s: TxtSentence): AntennaStatus | undefined {
  const said = ANTENNA_TEXT.exec(s.text.trim())?.[1];
  return said === undefined ? undefined : ANTENNA_STATUS[said.toUpperCase()];
}
