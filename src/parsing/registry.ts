// The registry: one row per sentence id, with gpsd's minimum field count (the address field included, as gpsd
// counts: `$GPGGA,…` with 12 data fields has 13). A shorter sentence becomes a `too-few-fields` diagnostic.
// Adding a sentence = a file in sentences/, a row here, a case in parser.ts, a table test, a README row.
import type { Sentence } from "../types.js";
import type { FieldContext } from "./fields.js";
import { UBX_REGISTRY } from "./ubx/registry.js";
import { decodeCommandResponse } from "./sentences/command-response.js";
import { decodeDtm } from "./sentences/dtm.js";
import { decodeGbs } from "./sentences/gbs.js";
import { decodeGga } from "./sentences/gga.js";
import { decodeGrs } from "./sentences/grs.js";
import { decodeGll } from "./sentences/gll.js";
import { decodeGns } from "./sentences/gns.js";
import { decodeGsa } from "./sentences/gsa.js";
import { decodeGst } from "./sentences/gst.js";
import { decodeGsv } from "./sentences/gsv.js";
import { decodeHdt } from "./sentences/hdt.js";
import { decodePgrme } from "./sentences/pgrme.js";
import { decodePgrmz } from "./sentences/pgrmz.js";
import { decodePsti030 } from "./sentences/psti030.js";
import { decodePsti032 } from "./sentences/psti032.js";
import { decodePsti036 } from "./sentences/psti036.js";
import { decodeRmc } from "./sentences/rmc.js";
import { decodeRot } from "./sentences/rot.js";
import { decodeThs } from "./sentences/ths.js";
import { decodeTxt } from "./sentences/txt.js";
import { decodeVtg } from "./sentences/vtg.js";
import { decodeZda } from "./sentences/zda.js";

/**
 * What a sentence is to the receiver's reporting cycle: the one fact the tracker's cycle detector reads.
 * - `timed`: says something about one cycle's solution and carries that cycle's UTC time of day: once per
 *   cycle and talker, and its time takes part in cycle detection (GGA, RMC, GLL, GNS, ZDA, GBS);
 * - `once`: once per cycle and talker, but no time that takes part (VTG has none; GST's is left out, as gpsd does);
 * - `part`: belongs to the cycle it arrives in, any number of times (GSA, GSV, Garmin's PGRMZ, a heading sent
 *   after the fix's sentences); may end a cycle (a heading device on a multiplexer at its own rate may split one
 *   cycle: rule 7 unlearns it then);
 * - `end`: closes the cycle its time names (u-blox NAV-EOE, sent after every message of a navigation epoch);
 * - `neutral`: carries nothing for the epoch (text, datum, replies to commands).
 * UBX messages have rows of their own (ubx/registry.ts): the navigation messages are `timed` by their iTOW.
 */
export type CycleRole = "timed" | "once" | "part" | "end" | "neutral";

export interface RegistryRow {
  id: string;
  /** Minimum number of comma-separated fields, the address (`$GPGGA`) included. */
  minFields: number;
  description: string;
  cycle: CycleRole;
}

export interface StandardRow extends RegistryRow {
  decode: (ctx: FieldContext) => Sentence | undefined;
}

/** Talker-independent standard sentences (`--GGA`): any two-letter talker. */
export const STANDARD_SENTENCES: ReadonlyArray<StandardRow> = [
  {
    id: "GGA",
    minFields: 13,
    cycle: "timed",
    description: "Fix data: time of day, position, quality 0–8, satellites used, HDOP, altitude MSL, geoid separation, DGPS age/station",
    decode: decodeGga,
  },
  {
    id: "RMC",
    minFields: 8,
    cycle: "timed",
    description: "Recommended minimum: time, date (ddmmyy), status, position, speed, track, magnetic variation, FAA mode, 4.10 navigational status",
    decode: decodeRmc,
  },
  { id: "GLL", minFields: 7, cycle: "timed", description: "Position with time of day, status and FAA mode", decode: decodeGll },
  {
    id: "GNS",
    minFields: 13,
    cycle: "timed",
    description: "Multi-GNSS fix data: per-system mode letters, satellites used, HDOP, altitude, 4.10 navigational status",
    decode: decodeGns,
  },
  {
    id: "GSA",
    minFields: 18,
    cycle: "part",
    description: "Fix mode, satellites used (resolved per talker and 4.10 system id), PDOP/HDOP/VDOP",
    decode: decodeGsa,
  },
  {
    id: "GSV",
    minFields: 4,
    cycle: "part",
    description: "Satellites in view: id, elevation, azimuth, C/N0; 4.10 signal id; Quectel system id",
    decode: decodeGsv,
  },
  { id: "VTG", minFields: 5, cycle: "once", description: "Track (true, magnetic) and ground speed (knots, km/h), FAA mode", decode: decodeVtg },
  { id: "ZDA", minFields: 4, cycle: "timed", description: "Time of day, date (4-digit year), local zone", decode: decodeZda },
  { id: "GST", minFields: 8, cycle: "once", description: "Pseudorange error statistics: RMS, error ellipse, 1-sigma lat/lon/alt errors", decode: decodeGst },
  { id: "GBS", minFields: 7, cycle: "timed", description: "RAIM fault detection: expected lat/lon/alt errors, failed satellite, bias", decode: decodeGbs },
  {
    id: "GRS",
    minFields: 3,
    cycle: "neutral",
    description: "Range residuals (m) of the used satellites, in GSA's order, and whether they were used for the fix",
    decode: decodeGrs,
  },
  { id: "TXT", minFields: 5, cycle: "neutral", description: "Text messages (banners, antenna status, errors)", decode: decodeTxt },
  { id: "DTM", minFields: 2, cycle: "neutral", description: "Datum reference and offsets", decode: decodeDtm },
  { id: "HDT", minFields: 2, cycle: "part", description: "True heading (gyro compass, dual-antenna GNSS)", decode: decodeHdt },
  {
    id: "THS",
    minFields: 3,
    cycle: "part",
    description: "True heading and its mode (A autonomous, E estimated, M manual, S simulator, V not valid)",
    decode: decodeThs,
  },
  { id: "ROT", minFields: 3, cycle: "part", description: "Rate of turn (degrees per minute, negative to port) and status", decode: decodeRot },
];

/** Proprietary families kept as ProprietarySentence {messageType, fields}. */
export const PROPRIETARY_SENTENCES: ReadonlyArray<RegistryRow> = [
  { id: "PMTK", minFields: 1, cycle: "neutral", description: "MediaTek replies: $PMTK001 ack, $PMTK010 startup, $PMTK011, $PMTK705 firmware, …" },
  { id: "PUBX", minFields: 2, cycle: "neutral", description: "u-blox proprietary ($PUBX,nn,…)" },
  { id: "PSRF", minFields: 1, cycle: "neutral", description: "SiRF proprietary ($PSRFnnn)" },
  { id: "PAIR", minFields: 1, cycle: "neutral", description: "Quectel/Airoha replies: $PAIR001 ack, $PAIR010 aiding request, …" },
  { id: "PQTM", minFields: 1, cycle: "neutral", description: "Quectel named replies ($PQTMVERNO, $PQTM…OK/ERROR)" },
  {
    id: "PGRM",
    minFields: 1,
    cycle: "neutral",
    description: "Garmin proprietary without a decoder of its own ($PGRMT model and self-test, $PGRMM datum, $PGRMF, $PGRMV, $PGRMB…)",
  },
];

/**
 * Proprietary messages decoded into typed values, by full address (`$PGRMZ`), or address + first field for
 * the families that carry their message id there (`$PSTI,030` is PSTI030).
 */
export const PROPRIETARY_MESSAGES: ReadonlyArray<StandardRow> = [
  { id: "PGRMZ", minFields: 4, cycle: "part", description: "Garmin altitude (feet → metres MSL) and fix dimension", decode: decodePgrmz },
  { id: "PGRME", minFields: 7, cycle: "part", description: "Garmin estimated position error: horizontal, vertical, spherical (metres)", decode: decodePgrme },
  { id: "PSTI030", minFields: 16, cycle: "part", description: "SkyTraq RTK position, ENU velocity, FAA mode, RTK age and ratio", decode: decodePsti030 },
  {
    id: "PSTI032",
    minFields: 11,
    cycle: "part",
    description: "SkyTraq RTK baseline base → rover: status, mode, east/north/up, length, course",
    decode: decodePsti032,
  },
  { id: "PSTI036", minFields: 8, cycle: "part", description: "SkyTraq heading, pitch and roll (RTK moving base) with mode", decode: decodePsti036 },
  // its address is lower case: the parser finds it by its text (`$command,`), not as a $P vendor's
  {
    id: "command",
    minFields: 3,
    cycle: "neutral",
    description: "Unicore's answer to a command ($command,<command>,response: OK)",
    decode: decodeCommandResponse,
  },
];

/** The registry: one row per sentence id (for the README's supported-sentences table). */
export const SENTENCE_REGISTRY: ReadonlyArray<RegistryRow> = [
  ...STANDARD_SENTENCES.map(({ id, minFields, description, cycle }) => ({ id, minFields, description, cycle })),
  ...PROPRIETARY_SENTENCES,
  ...PROPRIETARY_MESSAGES.map(({ id, minFields, description, cycle }) => ({ id, minFields, description, cycle })),
];

/** Each sentence or UBX message id's role in the reporting cycle (the ids a parsed message carries). */
export const CYCLE_ROLES: ReadonlyMap<string, CycleRole> = new Map([
  ...SENTENCE_REGISTRY.map((row): [string, CycleRole] => [row.id, row.cycle]),
  ...UBX_REGISTRY.map((row): [string, CycleRole] => [`UBX-${row.name}`, row.cycle]),
]);
