// Orbit data to a receiver, in its own dialect, with the flow control it asks for; every byte counted.
//
//  u-blox AssistNow   CFG-NAVX5 ackAiding on, then each MGA message (INI left out: the run injects the current
//                     time and position itself), the next one only once MGA-ACK-DATA0 answered the last
//                     (u-blox's flow control); a receiver that acks none is sent the rest unpaced
//  MTK EPO, 6 hours   host EPO: the set for now, $PMTK721,<SV>,<18 words> per satellite → $PMTK001,721,3
//  MTK EPO, days      flash EPO: $PMTK253,1,0 (binary protocol), packets 722 of three records, each acked by
//                     its sequence number (packet 2), the end packet (sequence 0xFFFF), packet 253 back to NMEA
//  Quectel (PAIR)     host EPO: the set for now, $PAIR471,0,<PRN>,<18 words> per GPS satellite → $PAIR001,471,0

import type { Dialect } from "../../dialects.js";
import { epoSetAt, EPO_RECORD_BYTES, parseAssistNow, parseEpo, type AssistNowData, type EpoData, type EpoRecord } from "../../orbits/assist-data.js";
import { MTK_BINARY_ACK, MTK_BINARY_EPO, MTK_BINARY_SET_FORMAT, MTK_EPO_END_SEQUENCE, mtkBinaryPacket } from "../../framing/mtk-binary.js";
import { pairAck, pmtkAck, ubxMgaAck } from "./acks.js";
import { nmeaCommand } from "./encoding.js";
import { DriverCommandError, sendCommand, type CommandPipeline, type CommandResult } from "./send.js";
import type { AckMatcher, DriverCommand } from "./types.js";
import { createUbloxDriver } from "./ublox.js";

export type OrbitData = { format: "assistnow"; data: AssistNowData; bytes: number } | { format: "epo"; data: EpoData; bytes: number };

/** A file's orbit data: AssistNow (UBX-MGA frames) or MediaTek EPO; a string says why it is neither. */
export function loadOrbitData(bytes: Uint8Array): OrbitData | string {
  if (bytes.length >= 2 && bytes[0] === 0xb5 && bytes[1] === 0x62) {
    const data = parseAssistNow(bytes);
    if (data.messages.length === 0) return "no UBX-MGA message in it (AssistNow data is UBX class 0x13)";
    return { format: "assistnow", data, bytes: bytes.length };
  }
  const epo = parseEpo(bytes);
  if (typeof epo === "string") return `neither AssistNow (UBX-MGA) nor EPO: ${epo}`;
  return { format: "epo", data: epo, bytes: bytes.length };
}

/** The dialects each format goes to. */
export function orbitDataFits(data: OrbitData, dialect: Dialect): boolean {
  return data.format === "assistnow" ? dialect === "ublox" : dialect === "mtk" || dialect === "quectel";
}

export interface OrbitUpload {
  format: OrbitData["format"];
  /** How it went: AssistNow, host EPO ($PMTK721 / $PAIR471) or flash EPO (binary) */
  method: "assistnow" | "host-epo" | "flash-epo";
  /** Messages (AssistNow), satellite records (host EPO) or packets (flash EPO) sent */
  sent: number;
  accepted: number;
  /** Refused by the receiver, with its reasons (first few) */
  refused: number;
  /** Sent without an answer */
  unanswered: number;
  bytesWritten: number;
  problems: string[];
  commands: CommandResult[];
}

export interface OrbitUploadOptions {
  /** The receiver's UTC now: which EPO set to send. */
  nowMs: number;
  ackTimeoutMs?: number;
  /** The caller sent `orbitUploadSetup`'s command already (before its time and position, which it then gets acked). */
  setupSent?: boolean;
}

/**
 * What a receiver must be told before the upload: u-blox acknowledges MGA messages only with CFG-NAVX5 ackAiding on.
 * Sent before the time and position, it gets those acknowledged too instead of waited out.
 */
export function orbitUploadSetup(dialect: Dialect, orbits: OrbitData): DriverCommand | undefined {
  return orbits.format === "assistnow" && dialect === "ublox" ? createUbloxDriver().enableAidingAcks() : undefined;
}

/** MGA-ACK-DATA0 for this very message: its id and the first four bytes of its payload echoed. */
function mgaAckOf(messageId: number, payload: Uint8Array): AckMatcher {
  const base = ubxMgaAck(messageId);
  return (reply) => {
    if (reply.kind !== "binary" || reply.payload === undefined || reply.payload.length < 8) return undefined;
    for (let k = 0; k < 4; k++) if (reply.payload[4 + k] !== payload[k]) return undefined;
    return base(reply);
  };
}

/** The binary ack (packet 2) of EPO packet `sequence`. */
function mtkEpoAck(sequence: number): AckMatcher {
  return (reply) => {
    if (reply.kind !== "binary" || reply.protocol !== "MTK" || reply.mtkCommand !== MTK_BINARY_ACK || reply.payload === undefined) return undefined;
    if ((reply.payload[0]! | (reply.payload[1]! << 8)) !== sequence) return undefined;
    return reply.payload[2] === 1
      ? { status: "ok", detail: `EPO packet ${sequence} taken` }
      : { status: "rejected", reason: "failed", message: `EPO packet ${sequence} refused (result ${reply.payload[2]})` };
  };
}

const hexWords = (record: Uint8Array): string => {
  const view = new DataView(record.buffer, record.byteOffset, record.byteLength);
  return Array.from({ length: EPO_RECORD_BYTES / 4 }, (_, k) =>
    view
      .getUint32(k * 4, true)
      .toString(16)
      .toUpperCase(),
  ).join(",");
};

function hostEpoCommand(dialect: "mtk" | "quectel", record: EpoRecord): DriverCommand {
  const words = hexWords(record.bytes);
  const prn = record.svid.toString(16).toUpperCase();
  return dialect === "mtk"
    ? { bytes: nmeaCommand(`PMTK721,${prn},${words}`), description: `PMTK721 EPO of G${record.svid}`, expectAck: pmtkAck(721) }
    : { bytes: nmeaCommand(`PAIR471,0,${prn},${words}`), description: `PAIR471 EPO of G${record.svid}`, expectAck: pairAck(471) };
}

/** Sends the orbit data the receiver takes; never throws for a refused piece (it is counted), only when the link closes. */
export async function uploadOrbits(gps: CommandPipeline, dialect: Dialect, orbits: OrbitData, options: OrbitUploadOptions): Promise<OrbitUpload> {
  const ackTimeoutMs = options.ackTimeoutMs ?? 1000;
  const upload: OrbitUpload = {
    format: orbits.format,
    method: "assistnow",
    sent: 0,
    accepted: 0,
    refused: 0,
    unanswered: 0,
    bytesWritten: 0,
    problems: [],
    commands: [],
  };
  let acksSeen = false;
  /** One piece: its ack awaited (optional ones: until a receiver that never acks shows it never does). */
  const send = async (command: DriverCommand, counts = true): Promise<void> => {
    const paced = command.expectAck !== undefined && (command.ackOptional !== true || acksSeen || upload.sent === 0);
    const asSent = paced ? command : { bytes: command.bytes, description: command.description };
    if (counts) upload.sent++;
    try {
      const result = await sendCommand(gps, asSent, { timeoutMs: ackTimeoutMs });
      upload.commands.push(result);
      upload.bytesWritten += result.bytesWritten;
      if (!counts) return;
      if (result.status === "acked") {
        upload.accepted++;
        acksSeen = true;
      } else upload.unanswered++;
    } catch (error) {
      if (!(error instanceof DriverCommandError) || error.reason === "closed") throw error;
      upload.commands.push({ status: "sent", description: command.description, bytesWritten: command.bytes.length });
      upload.bytesWritten += command.bytes.length;
      if (!counts) return;
      if (error.reason === "rejected") {
        upload.refused++;
        acksSeen = true;
      } else upload.unanswered++;
      if (upload.problems.length < 5) upload.problems.push(error.message);
    }
  };

  if (orbits.format === "assistnow") {
    if (dialect !== "ublox") throw new RangeError(`AssistNow data is for u-blox receivers, not ${dialect}`);
    const setup = orbitUploadSetup(dialect, orbits);
    if (setup !== undefined && options.setupSent !== true) await send(setup, false);
    for (const message of orbits.data.messages) {
      if (message.kind === "ini-time" || message.kind === "ini-position") continue;
      const what = message.svid === undefined ? `MGA 0x${message.messageId.toString(16)}` : `MGA ${message.kind} ${message.constellation} ${message.svid}`;
      await send({ bytes: message.frame, description: what, expectAck: mgaAckOf(message.messageId, message.payload), ackOptional: true });
    }
    return upload;
  }

  if (dialect !== "mtk" && dialect !== "quectel") throw new RangeError(`EPO data is for MediaTek and Quectel receivers, not ${dialect}`);
  const epo = orbits.data;
  if (dialect === "mtk" && epo.sets.length > 1 && epo.recordBytes === EPO_RECORD_BYTES) {
    // Days of sets: the chip's flash takes them all, over the binary protocol.
    upload.method = "flash-epo";
    await send({ bytes: nmeaCommand("PMTK253,1,0"), description: "PMTK253 binary protocol for the EPO upload (not acknowledged)" }, false);
    const records = epo.sets.flatMap((s) => s.records);
    for (let k = 0, sequence = 0; k < records.length; k += 3, sequence++) {
      const payload = new Uint8Array(2 + 3 * EPO_RECORD_BYTES);
      payload.set([sequence & 0xff, sequence >> 8]);
      records.slice(k, k + 3).forEach((r, j) => payload.set(r.bytes, 2 + j * EPO_RECORD_BYTES));
      await send({ bytes: mtkBinaryPacket(MTK_BINARY_EPO, payload), description: `EPO packet ${sequence}`, expectAck: mtkEpoAck(sequence) });
    }
    const end = new Uint8Array(2 + 3 * EPO_RECORD_BYTES);
    end.set([0xff, 0xff]);
    await send({ bytes: mtkBinaryPacket(MTK_BINARY_EPO, end), description: "EPO end packet", expectAck: mtkEpoAck(MTK_EPO_END_SEQUENCE) }, false);
    await send(
      { bytes: mtkBinaryPacket(MTK_BINARY_SET_FORMAT, new Uint8Array([0, 0, 0, 0, 0])), description: "binary packet 253: back to NMEA (not acknowledged)" },
      false,
    );
    return upload;
  }
  // One set of 6 hours (or a Quectel chip): the set for now, into the chip's RAM.
  upload.method = "host-epo";
  const set = epoSetAt(epo, options.nowMs);
  if (set === undefined) {
    upload.problems.push(`no EPO set covers ${new Date(options.nowMs).toISOString()}: the file is out of date`);
    return upload;
  }
  for (const record of set.records) if (record.svid >= 1 && record.svid <= 32) await send(hostEpoCommand(dialect, record));
  return upload;
}
