// Acknowledgement matchers: which reply answers which command, and what it says (domain.md §3).
//
//  $PMTK001,<cmd>,<flag>     0 invalid packet, 1 unsupported, 2 valid but failed, 3 succeeded
//  $PAIR001,<cmd>,<result>   0 success, 1 in process (a final answer follows), 2 failed, 3 not supported, 4 busy
//  UBX ACK-ACK 05 01 / ACK-NAK 05 00   payload = acked class, id (CFG messages)
//  UBX MGA-ACK-DATA0 13 60   only when ackAiding is enabled; payload type 1 ack / 0 nak + infoCode
//
// The framer reports UBX packets as `binary` diagnostics with their header only, so ACK-ACK/NAK is told
// apart by its id but not tied to the acked message, and an MGA-ACK's verdict byte is not visible.

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

/** UBX ACK-ACK / ACK-NAK after a CFG message (which message it acks is not visible: see the header). */
export function ubxCfgAck(messageClass: number, messageId: number): AckMatcher {
  const name = `UBX ${hex2(messageClass)} ${hex2(messageId)}`;
  return (reply) => {
    if (reply.kind !== "binary" || reply.protocol !== "UBX" || reply.ubxClass !== 0x05) return undefined;
    if (reply.ubxId === 0x01) return { status: "ok", detail: `${name}: ACK-ACK` };
    if (reply.ubxId === 0x00) return { status: "rejected", reason: "nak", message: `${name}: ACK-NAK (the receiver refused the message)` };
    return undefined;
  };
}

/** UBX MGA-ACK-DATA0 after an MGA message (only sent when ackAiding is on: optional). */
export function ubxMgaAck(): AckMatcher {
  return (reply) => {
    if (reply.kind !== "binary" || reply.protocol !== "UBX" || reply.ubxClass !== 0x13 || reply.ubxId !== 0x60) return undefined;
    return { status: "ok", detail: "MGA-ACK seen (ack or nak not visible without the UBX payload)" };
  };
}
