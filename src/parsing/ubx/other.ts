// The small UBX messages: NAV-EOE (the end of a navigation epoch), RXM-SFRBX (a navigation-message subframe:
// counted, its words not decoded), INF-* (the receiver's text) and ACK-ACK/ACK-NAK.
//
//  NAV-EOE 0x01 0x61: 0 U4 iTOW ms
//  RXM-SFRBX 0x02 0x13: 0 U1 gnssId, 1 U1 svId, 2 U1 sigId, 3 U1 freqId, 4 U1 numWords, 5 U1 chn, 6 U1 version,
//                       7 U1 reserved, 8 U4[numWords] dwrd
//  INF-ERROR/WARNING/NOTICE/TEST/DEBUG 0x04 0x00..0x04: the text, ASCII, any length
//  ACK-NAK 0x05 0x00 / ACK-ACK 0x05 0x01: 0 U1 clsID, 1 U1 msgID of the message answered
import type { UbxAck, UbxInf, UbxNavEoe, UbxRxmSfrbx } from "../../types.js";
import { CYCLE_TIME_LATER, asciiField, u1, u4, type UbxContext } from "./fields.js";
import { satelliteIdentity } from "./ids.js";

export function decodeNavEoe(p: Uint8Array, ctx: UbxContext): UbxNavEoe {
  return { protocol: "UBX", talker: "UBX", sentenceId: "UBX-NAV-EOE", receivedAtMs: ctx.receivedAtMs, iTOWMs: u4(p, 0), cycleTimeOfDayMs: CYCLE_TIME_LATER };
}

export function decodeRxmSfrbx(p: Uint8Array, ctx: UbxContext): UbxRxmSfrbx {
  const gnssId = u1(p, 0);
  const svId = u1(p, 1);
  const m: UbxRxmSfrbx = { protocol: "UBX", talker: "UBX", sentenceId: "UBX-RXM-SFRBX", receivedAtMs: ctx.receivedAtMs, gnssId, svId, numWords: u1(p, 4) };
  const identity = satelliteIdentity(gnssId, svId);
  if (identity !== undefined) m.identity = identity;
  return m;
}

const INF_IDS: readonly UbxInf["sentenceId"][] = ["UBX-INF-ERROR", "UBX-INF-WARNING", "UBX-INF-NOTICE", "UBX-INF-TEST", "UBX-INF-DEBUG"];

/** An INF decoder for one of the five message ids (0 error … 4 debug). */
export function decodeInf(id: number): (p: Uint8Array, ctx: UbxContext) => UbxInf {
  const sentenceId = INF_IDS[id] as UbxInf["sentenceId"];
  return (p, ctx) => ({ protocol: "UBX", talker: "UBX", sentenceId, receivedAtMs: ctx.receivedAtMs, text: asciiField(p, 0, p.length) });
}

export function decodeAck(acked: boolean): (p: Uint8Array, ctx: UbxContext) => UbxAck {
  return (p, ctx) => ({
    protocol: "UBX",
    talker: "UBX",
    sentenceId: acked ? "UBX-ACK-ACK" : "UBX-ACK-NAK",
    receivedAtMs: ctx.receivedAtMs,
    clsId: u1(p, 0),
    msgId: u1(p, 1),
  });
}
