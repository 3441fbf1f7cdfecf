// Receiver configuration in each dialect (`gnsskit config`): what can be asked (ConfigRequest), what a receiver
// says it is set to (ReceiverSettings), and per dialect a configurator that turns a request into the exact
// commands, each with the answer that acknowledges it, and the polls that read the settings back.
//
// One vocabulary for every dialect: rates in Hz, constellations as gnsskit names them, messages by their NMEA
// sentence name (GGA) or their UBX name (UBX-NAV-PVT), dynamic models by name (each dialect has its own
// table: u-blox's nine models, MediaTek's and Airoha's navigation modes).

import type { DynamicModelRow, UbxPort } from "../../dialect-commands.js";
import type { Constellation } from "../../types.js";
import { concatBytes, nmeaCommand } from "./encoding.js";
import type { Dialect, DriverCommand, ReceiverReply } from "./types.js";

export type { DynamicModelRow, UbxPort };

/** What `gnsskit config` asks for; absent fields are left as they are. */
export interface ConfigRequest {
  /** Navigation (output) rate. */
  rateHz?: number;
  /** The receiver's serial speed: the host follows and checks the receiver answers there. */
  baudRate?: number;
  /** Exactly these systems on, the others off. */
  constellations?: Constellation[];
  /** Exactly these messages output every navigation solution, every other message the dialect names off. */
  messages?: string[];
  /** A model name of the dialect's table (`pedestrian`, `automotive`, `fitness`, …). */
  dynamicModel?: string;
  /** Store the configuration where it survives a power cycle (flash/BBR/NVM). */
  save?: boolean;
  /** Restore the factory configuration, before anything else asked. */
  factoryReset?: boolean;
}

export type ConfigSetting = keyof ConfigRequest;

/** What the receiver says it is set to (polls); each field absent when it could not be read. */
export interface ReceiverSettings {
  /** Chip and firmware, as the receiver names them (`u-blox M8 ROM CORE 3.01, PROTVER 18.00`). */
  receiver?: string;
  /** u-blox protocol version (PROTVER), which says the generation: ≥ 23.01 configures through CFG-VALSET. */
  protocolVersion?: number;
  /** Measurement period in ms. */
  measurementMs?: number;
  /** Solutions per measurement (u-blox navRate); 1 elsewhere. */
  solutionsPerMeasurement?: number;
  baudRate?: number;
  /** Systems on (true) or off (false); absent: not said. */
  constellations?: Partial<Record<Constellation, boolean>>;
  /** Output messages and their rate (every N solutions; 0 off); absent: not said. */
  messages?: Partial<Record<string, number>>;
  dynamicModel?: string;
  /** Port protocols (u-blox CFG-PRT masks), kept when the speed changes. */
  port?: { inProtoMask: number; outProtoMask: number; mode: number };
}

/** A query for --show and for checks: its bytes and what in a reply answers it. */
export interface ConfigQuery {
  bytes: Uint8Array;
  description: string;
  /** `undefined`: not the answer (keep waiting); `refused`: the chip said no; else the settings it gives. */
  answer(reply: ReceiverReply): QueryAnswer | undefined;
}

export type QueryAnswer = { status: "ok"; settings: ReceiverSettings } | { status: "refused"; message: string };

export interface ConfigCommand extends DriverCommand {
  /** After this command (and its ack where the chip sends it at the old speed) the port runs at this speed. */
  switchesBaudTo?: number;
  /**
   * The chip's ack to this command may come at either speed or not at all (u-blox CFG-PRT and CFG-VALSET of the
   * UART speed): not waited for; the check at the new speed decides.
   */
  ackUnreliable?: boolean;
  /** The chip restarts and announces it (MediaTek `$PMTK010,001`): that message confirms the command. */
  confirmedByStartup?: boolean;
  /** The configuration (speed included) may be back at the factory values afterwards. */
  mayResetBaud?: boolean;
  /** Which setting the command carries out (for the report). */
  setting: ConfigSetting;
}

/** Why a dialect cannot do something: a sentence, or undefined when it can. */
export type Unsupported = string | undefined;

export interface ConfigContext {
  /** u-blox: 8 and older configure through CFG-PRT/RATE/MSG/GNSS/NAV5, 9 and newer through CFG-VALSET. */
  ubxGeneration?: 8 | 9;
  /** u-blox 9+: the port whose CFG-MSGOUT keys set the output (the one gnsskit talks through). */
  ubxPort?: UbxPort;
  /** Settings read before (absent in a dry run): what a change keeps (u-blox port protocols). */
  current?: ReceiverSettings;
  /** Messages seen in the output before (SiRF: a rate change applies to those). */
  observedMessages?: string[];
}

export interface DialectConfigurator {
  readonly dialect: Dialect;
  /** Messages the dialect switches, in its order. */
  readonly messages: readonly string[];
  /** Systems the dialect switches. */
  readonly constellations: readonly Constellation[];
  /** Dynamic models by name (empty: the dialect has none). */
  readonly dynamicModels: readonly string[];
  /** Why a setting cannot be made in this dialect (undefined: it can). */
  unsupported(setting: ConfigSetting, context: ConfigContext): Unsupported;
  /** The commands for a request, in the order to send them. Throws RangeError for a value out of the dialect's range. */
  plan(request: ConfigRequest, context: ConfigContext): ConfigCommand[];
  /** Polls that read the settings back, in order (later answers add to earlier ones). */
  queries(context: ConfigContext): ConfigQuery[];
  /** A harmless query the chip answers at once: proof the link works (at a new speed). Undefined for SiRF. */
  ping(context: ConfigContext): ConfigQuery | undefined;
  /** The speed the chip comes back at after a factory reset. */
  defaultBaudRate(context: ConfigContext): number;
}

export const NMEA_MESSAGES = ["GGA", "GLL", "GSA", "GSV", "RMC", "VTG", "ZDA"] as const;

export const UBX_MESSAGES = [
  "UBX-NAV-PVT",
  "UBX-NAV-SAT",
  "UBX-NAV-SIG",
  "UBX-NAV-STATUS",
  "UBX-NAV-DOP",
  "UBX-NAV-TIMEGPS",
  "UBX-NAV-TIMEUTC",
  "UBX-NAV-HPPOSLLH",
  "UBX-NAV-COV",
  "UBX-MON-HW",
  "UBX-MON-RF",
  "UBX-RXM-SFRBX",
] as const;

export const CONSTELLATION_NAMES: readonly Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];

/** Later answers add to (and win over) earlier ones; systems and messages merge name by name. */
export function mergeSettings(into: ReceiverSettings, more: ReceiverSettings): ReceiverSettings {
  const { constellations, messages, ...rest } = more;
  Object.assign(into, rest);
  if (constellations !== undefined) into.constellations = { ...into.constellations, ...constellations };
  if (messages !== undefined) into.messages = { ...into.messages, ...messages };
  return into;
}

/** `gga` → `GGA`, `nav-pvt` / `ubx-nav-pvt` → `UBX-NAV-PVT`; undefined when gnsskit does not know the message. */
export function messageName(text: string): string | undefined {
  const upper = text.trim().toUpperCase();
  if ((NMEA_MESSAGES as readonly string[]).includes(upper)) return upper;
  const ubx = upper.startsWith("UBX-") ? upper : `UBX-${upper}`;
  return (UBX_MESSAGES as readonly string[]).includes(ubx) ? ubx : undefined;
}

/** Milliseconds between solutions for a rate in Hz, within `[minMs, maxMs]`; RangeError with the dialect's words otherwise. */
export function periodMs(what: string, hz: number, minMs: number, maxMs: number): number {
  const ms = Math.round(1000 / hz);
  if (!(hz > 0) || !(ms >= minMs && ms <= maxMs)) {
    throw new RangeError(`${what}: rate ${hz} Hz out of ${fixedHz(1000 / maxMs)}..${fixedHz(1000 / minMs)} Hz`);
  }
  return ms;
}

const fixedHz = (hz: number): string => String(Math.round(hz * 1000) / 1000);

export function dynamicModelCode(what: string, table: readonly DynamicModelRow[], name: string): DynamicModelRow {
  const wanted = name.trim().toLowerCase();
  const row = table.find((r) => r.name === wanted || r.aliases?.includes(wanted));
  if (row === undefined) throw new RangeError(`${what}: no dynamic model "${name}" (${table.map((r) => r.name).join(", ")})`);
  return row;
}

/** A navigation-mode command of an NMEA dialect (PMTK886, PAIR080): `SENTENCE,code` with the code from its table. */
export function navigationModeCommand(
  sentence: "PMTK886" | "PAIR080",
  table: readonly DynamicModelRow[],
  name: string,
  expectAck: NonNullable<DriverCommand["expectAck"]>,
): ConfigCommand {
  const row = dynamicModelCode(sentence, table, name);
  return {
    bytes: nmeaCommand(`${sentence},${row.code}`),
    description: `${sentence} navigation mode ${row.name} (${row.code})`,
    expectAck,
    setting: "dynamicModel",
  };
}

export function dynamicModelName(table: readonly DynamicModelRow[], code: number): string {
  return table.find((r) => r.code === code)?.name ?? `code ${code}`;
}

export const dynamicModelNames = (table: readonly DynamicModelRow[]): string[] => table.flatMap((r) => [r.name, ...(r.aliases ?? [])]);

/** The proprietary sentence a reply is, when it is `vendor` number `messageType`. */
export function proprietaryReply(reply: ReceiverReply, vendor: "PMTK" | "PAIR" | "PSRF" | "PUBX", messageType: number): string[] | undefined {
  if (reply.kind !== "sentence") return undefined;
  const s = reply.sentence;
  if (s.sentenceId !== vendor || s.messageType !== messageType) return undefined;
  return s.fields;
}

/** Integer field, or undefined when empty or not a whole number. */
export function intField(text: string | undefined): number | undefined {
  if (text === undefined || !/^\s*-?\d+\s*$/.test(text)) return undefined;
  return Number(text);
}

/** A 0/1 flag field, or undefined when it is neither. */
export function flagField(text: string | undefined): boolean | undefined {
  return text === "1" ? true : text === "0" ? false : undefined;
}

/** The commands of a one-setting plan as one driver command (a SiRF rate is four PSRF103 lines, none acknowledged). */
export function asOneCommand(commands: readonly ConfigCommand[]): DriverCommand {
  if (commands.length === 1) return commands[0]!;
  return { bytes: concatBytes(commands.map((c) => c.bytes)), description: commands.map((c) => c.description).join("; ") };
}
