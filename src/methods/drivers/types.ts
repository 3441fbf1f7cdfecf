// What a receiver driver hands back: bytes to write (counted: aiding costs data on a metered link), what
// answer to wait for where the chip answers, and a description a person can read.

import type { Dialect } from "../../dialects.js";
import type { Sentence } from "../../types.js";

export type { Dialect };
export type DialectGuess = Dialect | "unknown";
export type RestartKind = "hot" | "warm" | "cold" | "factory";

/** Something the receiver said that may answer a command: a parsed sentence, or a binary packet the framer skipped. */
export type ReceiverReply =
  | { kind: "sentence"; sentence: Sentence }
  | {
      kind: "binary";
      /** `UBX`, `SiRF`, `RTCM3`, `CASIC`, `MTK` as the framer names them */
      protocol: string;
      /** UBX class and id, from the packet header */
      ubxClass?: number;
      ubxId?: number;
      /** MediaTek binary packet command id (2: the ack of an EPO packet) */
      mtkCommand?: number;
      /** UBX or MediaTek binary payload (without header, checksum and end) */
      payload?: Uint8Array;
      byteCount?: number;
    };

/** The verdict on a reply that answers the command. */
export type AckVerdict =
  | { status: "ok"; detail: string }
  | { status: "rejected"; reason: "invalid" | "unsupported" | "failed" | "busy" | "nak"; message: string };

/**
 * Looks at each reply after the command was written: `undefined` = not an answer to this command (keep
 * waiting), else the verdict.
 */
export type AckMatcher = (reply: ReceiverReply) => AckVerdict | undefined;

export interface DriverCommand {
  bytes: Uint8Array;
  /** Short text for logs and reports, e.g. `PMTK740 UTC time 2024-01-15T12:00:00Z`. */
  description: string;
  /** Absent: the chip does not acknowledge this command (restarts, baud changes). */
  expectAck?: AckMatcher;
  /**
   * The chip acknowledges only when configured to (u-blox MGA with ackAiding): a timeout means "no ack
   * seen", not a failure.
   */
  ackOptional?: boolean;
}

/** An approximate position for aiding; altitude above the ellipsoid where known (MSL is close enough). */
export interface AidingPosition {
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeM: number;
  /** 1-sigma horizontal accuracy claimed to the chip; default 10 km (over-claiming hurts, under-claiming only slows). */
  accuracyM?: number;
}

export type DriverOperation = "restart" | "injectTime" | "injectPosition" | "setRate" | "setBaud";

export interface ReceiverDriver {
  readonly dialect: Dialect;
  /** Which operations this dialect has; the others throw UnsupportedCommandError. */
  readonly supports: Readonly<Record<DriverOperation, boolean>>;
  /** The restart command. Not acknowledged by MTK, SiRF and u-blox; Quectel PAIR acks it. */
  restart(kind: RestartKind): DriverCommand;
  /**
   * Commands for an assisted restart, in the order to send them: the restart, then time, then position
   * (u-blox: time before position). SiRF folds the aiding into the restart command itself (PSRF104).
   */
  assistedRestart(kind: RestartKind, aiding: { utcMs: number; position?: AidingPosition }): DriverCommand[];
  injectTime(utcMs: number): DriverCommand;
  injectPosition(position: AidingPosition, utcMs: number): DriverCommand;
  /** Navigation/output rate in Hz (chips' ranges differ; out of range throws RangeError). */
  setRate(hz: number): DriverCommand;
  /** Serial speed. Never acknowledged at the old speed: switch the host right after writing. */
  setBaud(baudRate: number): DriverCommand;
  /** The chip prints a startup message after a restart and wants it awaited before further commands (MTK). */
  readonly announcesRestart: boolean;
  /** Sentences that tell the chip has (re)started and takes commands again; none for chips that print nothing. */
  isStartupMessage(reply: ReceiverReply): boolean;
}

export class UnsupportedCommandError extends Error {
  override readonly name = "UnsupportedCommandError";
}

/**
 * The usual assisted restart: the restart, then the time, then the position (no chip uses a position, or
 * ephemeris, without the time).
 */
export function restartThenAid(driver: Pick<ReceiverDriver, "restart" | "injectTime" | "injectPosition">): ReceiverDriver["assistedRestart"] {
  return (kind, aiding) => {
    const commands = [driver.restart(kind), driver.injectTime(aiding.utcMs)];
    if (aiding.position !== undefined) commands.push(driver.injectPosition(aiding.position, aiding.utcMs));
    return commands;
  };
}
