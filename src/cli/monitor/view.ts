// What the monitor shows, gathered from the pipeline in one plain object, so rendering is a pure
// function of it (tested without a terminal).

import type { CorrectionBindingStats } from "../../corrections/bind.js";
import type { Constellation, DiagnosticKind, Epoch, FixState, PrecisionInfo, ReceiverStatus, SatelliteView, StartInfo, TtffInfo } from "../../types.js";
import type { Diagnosis } from "../../diagnosis/index.js";
import type { MethodsView } from "./methods.js";
import type { RawLine } from "./raw.js";

export type LinkState =
  | { kind: "opening" }
  | { kind: "open"; detail?: string }
  | { kind: "disconnected"; reason: string; retryInMs?: number; atMs?: number }
  | { kind: "reconnected"; downForMs: number }
  | { kind: "ended" };

export interface MonitorView {
  /** The SOURCE as named by the source (`/dev/ttyUSB0`, `sim:?start=cold`, a file). */
  source: string;
  link: LinkState;
  /** Bytes received so far. */
  bytes: number;
  baudRate?: number;
  /** Now on the source's clock (ms), for running timers; undefined when the source has no clock. */
  nowMs?: number;
  /** A receiver on its own clock (true) or a log or pipe clocked by its sentences (false): says where TTFF started. */
  live?: boolean;
  fixState: FixState;
  /** The receiver has said whether it has a fix (TrackerState.fixStatusEpochs): else "searching" is no claim of its */
  fixStatusHeard?: boolean;
  /** The last completed epoch. */
  epoch?: Epoch;
  ttff: TtffInfo;
  /** What the receiver says about itself (u-blox UBX: its own TTFF, antenna, jamming); absent or empty for NMEA */
  receiver?: ReceiverStatus;
  start: StartInfo;
  satellites: SatelliteView;
  diagnostics: Partial<Record<DiagnosticKind, number>>;
  /** The positioning method that produced the position: `integrated` for an attached receiver. */
  method: string;
  /** One line that says what the method is. */
  methodDetail?: string;
  /** With `--methods`: the positioner's methods (replaces `method`/`methodDetail` on screen). */
  methods?: MethodsView;
  /** The raw pane, when shown (key r): the receiver's last lines, oldest first, and how many came in all. */
  raw?: { lines: readonly RawLine[]; total: number };
  /** Set while the display is paused (key p): the bytes read since, for the data keeps being read and counted. */
  paused?: { bytesSince: number };
  /** Why there is no fix yet, what the sky shows (src/diagnosis): the Why lines and the sky plot's blocked sectors */
  diagnosis?: Diagnosis;
  /** DGPS / RTK float / RTK fixed times and losses (the tracker's). */
  precision?: PrecisionInfo;
  /** With `--ntrip`: the caster's name and what its corrections delivered. */
  corrections?: { name: string; stats: CorrectionBindingStats };
}

export const CONSTELLATION_ORDER: readonly Constellation[] = ["gps", "glonass", "galileo", "beidou", "qzss", "navic", "sbas"];

/** RINEX system letters, as satellites are named in logs and sky plots. */
export const CONSTELLATION_LETTER: Record<Constellation, string> = {
  gps: "G",
  glonass: "R",
  galileo: "E",
  beidou: "C",
  qzss: "J",
  navic: "I",
  sbas: "S",
};

// NMEA 4.10/4.11 signal ids (GSV's last field) per system, short names.
const SIGNAL_NAMES: Partial<Record<Constellation, readonly string[]>> = {
  gps: ["", "L1", "L1P", "L1M", "L2P", "L2C", "L2C", "L5", "L5"],
  glonass: ["", "G1", "G1P", "G2", "G2P"],
  galileo: ["", "E5a", "E5b", "E5", "E6", "E6", "E1", "E1"],
  beidou: ["", "B1I", "B1Q", "B1C", "B1A", "B2a", "B2b", "B2", "B3I", "B3Q", "B3A", "B2I", "B2Q"],
  qzss: ["", "L1", "L1C", "L1C", "LIS", "L2C", "L2C", "L5", "L5", "L6", "L6"],
  navic: ["", "L5", "S", "L1"],
  sbas: ["", "L1", "L5"],
};

export function signalName(constellation: Constellation, signalId: number | undefined): string {
  if (signalId === undefined) return "";
  return SIGNAL_NAMES[constellation]?.[signalId] || `sig${signalId.toString(16).toUpperCase()}`;
}
