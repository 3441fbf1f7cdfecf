// Acknowledgement matchers: which reply answers which command, and what it says (domain.md §3).
//
//  $PMTK001,<cmd>,<flag>     0 invalid packet, 1 unsupported, 2 valid but failed, 3 succeeded
//  $PAIR001,<cmd>,<result>   0 success, 1 in process (a final answer follows), 2 failed, 3 not supported, 4 busy
//  UBX ACK-ACK 05 01 / ACK-NAK 05 00   payload = acked class, id (CFG messages)
//  UBX MGA-ACK-DATA0 13 60   only when ackAiding is enabled; payload type (1 accepted / 0 not), version,
//                            infoCode, acked MGA message id, 4 bytes of the acked message's payload

import type { ProprietarySentence } from "../../types.js";
import type { AckMatcher, AckVerdict, ReceiverReply } from "./types.js";

function proprietary(reply: ReceiverReply, vendor: ProprietarySentence["sentenceId"], messageType: number): ProprietarySentence | undefined {
  if (reply.kind !== "sentence") return undefined;
  const s = reply.sentence;
  if (s.sentenceId !== vendor || s.messageType !== messageType) return undefined;
  return s;
}

const PMTK_FLAGS: Record<string, AckVerdict> = {
  "0": { status: "rejected", reason: "invalid", message: "invalid packet (flag 0)" },
  "1": { status: "rejected", reason: "unsupported", message: "unsupported command (flag 1)" },
  "2": { status: "rejected", reason: "failed", message: "valid command, but the action failed (flag 2)" },
  "3": { status: "ok", detail: "succeeded (flag 3)" },
};

/** `$PMTK001,<cmd>,<flag>` for command number `cmd`. */
export function pmtkAck(cmd: number): AckMatcher {
  return (reply) => {
    const s = proprietary(reply, "PMTK", 1);
    if (s === undefined || Number(s.fields[0]) !== cmd || s.fields[0] === "") return undefined;
    const flag = (s.fields[1] ?? "").trim();
    const verdict = PMTK_FLAGS[flag];
    if (verdict === undefined) return { status: "rejected", reason: "invalid", message: `PMTK001 with an unknown flag "${flag}"` };
    return verdict.status === "ok" ? verdict : { ...verdict, message: `PMTK${String(cmd).padStart(3, "0")}: ${verdict.message}` };
  };
}

const PAIR_RESULTS: Record<string, AckVerdict | "pending"> = {
  "0": { status: "ok", detail: "success (result 0)" },
  "1": "pending",
  "2": { status: "rejected", reason: "failed", message: "failed (result 2)" },
  "3": { status: "rejected", reason: "unsupported", message: "not supported (result 3)" },
  "4": { status: "rejected", reason: "busy", message: "busy (result 4)" },
};

/** `$PAIR001,<cmd>,<result>`; result 1 ("in process") is not an answer yet. */
export function pairAck(cmd: number): AckMatcher {
  return (reply) => {
    const s = proprietary(reply, "PAIR", 1);
    if (s === undefined || s.fields[0] === "" || Number(s.fields[0]) !== cmd) return undefined;
    const result = (s.fields[1] ?? "").trim();
    const verdict = PAIR_RESULTS[result];
    if (verdict === "pending") return undefined;
    if (verdict === undefined) return { status: "rejected", reason: "invalid", message: `PAIR001 with an unknown result "${result}"` };
    return verdict.status === "ok" ? verdict : { ...verdict, message: `PAIR${String(cmd).padStart(3, "0")}: ${verdict.message}` };
  };
}

const hex2 = (n: number): string => n.toString(16).toUpperCase().padStart(2, "0");

/** UBX ACK-ACK / ACK-NAK answering the CFG message `messageClass`/`messageId` (its payload names it). */
export function ubxCfgAck(messageClass: number, messageId: number): AckMatcher {
  const name = `UBX ${hex2(messageClass)} ${hex2(messageId)}`;
  return (reply) => {
    if (reply.kind !== "binary" || reply.protocol !== "UBX" || reply.ubxClass !== 0x05) return undefined;
    const payload = reply.payload;
    if (payload === undefined || payload[0] !== messageClass || payload[1] !== messageId) return undefined;
    if (reply.ubxId === 0x01) return { status: "ok", detail: `${name}: ACK-ACK` };
    if (reply.ubxId === 0x00) return { status: "rejected", reason: "nak", message: `${name}: ACK-NAK (the receiver refused the message)` };
    return undefined;
  };
}

/** Why a receiver refused MGA aiding (MGA-ACK-DATA0 infoCode, u-blox M8 protocol). */
const MGA_INFO: Readonly<Record<number, string>> = {
  1: "the receiver does not know the time, so it cannot use the data",
  2: "the message version is not supported",
  3: "the message size does not match its version",
  4: "the data could not be stored in the receiver's database",
  5: "the receiver is not ready to use the data",
  6: "the message type is unknown",
};

/** UBX MGA-ACK-DATA0 answering MGA message `mgaId` (class 0x13), only sent when ackAiding is on: optional. */
export function ubxMgaAck(mgaId?: number): AckMatcher {
  return (reply) => {
    if (reply.kind !== "binary" || reply.protocol !== "UBX" || reply.ubxClass !== 0x13 || reply.ubxId !== 0x60) return undefined;
    const payload = reply.payload;
    if (payload === undefined || payload.length < 4) return undefined;
    if (mgaId !== undefined && payload[3] !== mgaId) return undefined;
    if (payload[0] === 1) return { status: "ok", detail: `MGA-ACK: message 0x${hex2(payload[3]!)} accepted` };
    const info = MGA_INFO[payload[2]!] ?? `infoCode ${payload[2]}`;
    return { status: "rejected", reason: "nak", message: `MGA-ACK: message 0x${hex2(payload[3]!)} not used: ${info}` };
  };
}
