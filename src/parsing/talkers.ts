// Talker ids and satellite numbering: which constellation a talker speaks for, and how an NMEA satellite
// number maps to (constellation, svid). The ranges follow gpsd's nmeaid_to_prn() and www/NMEA.adoc
// "Satellite IDs" (domain.md §4.6); a satellite's identity is never the bare number.
import type { Constellation, SatelliteId, TalkerSystem } from "../types.js";

/**
 * Talker id → system. GP gps, GL glonass, GA galileo, GB/BD beidou, GQ/QZ qzss, GI navic, GN multi.
 * II (integrated instrumentation) and IN (integrated navigation) relay whatever GNSS feeds them: multi.
 * PQ is Quectel's talker for BeiDou *or* QZSS, decided by a trailing system id: unknown at talker level.
 */
export function talkerSystem(talker: string): TalkerSystem {
  switch (talker) {
    case "GP":
      return "gps";
    case "GL":
      return "glonass";
    case "GA":
      return "galileo";
    case "GB":
    case "BD":
      return "beidou";
    case "GQ":
    case "QZ":
      return "qzss";
    case "GI":
      return "navic";
    case "GN":
    case "II":
    case "IN":
      return "multi";
    default:
      return "unknown";
  }
}

/** NMEA 4.10 system id (GSA field 18, GSV/GBS trailing fields) → constellation. 0 (Trimble QZSS) is not trusted. */
export function systemIdConstellation(systemId: number): Constellation | undefined {
  switch (systemId) {
    case 1:
      return "gps";
    case 2:
      return "glonass";
    case 3:
      return "galileo";
    case 4:
      return "beidou";
    case 5:
      return "qzss";
    case 6:
      return "navic";
    default:
      return undefined;
  }
}

/** The system id a talker implies for satellite numbering; 0 = none (GP, GN, II…: numbers are range-coded). */
function talkerSystemId(talker: string): number {
  switch (talker) {
    case "GL":
      return 2;
    case "GA":
      return 3;
    case "GB":
    case "BD":
      return 4;
    case "GQ":
    case "QZ":
      return 5;
    case "GI":
      return 6;
    default:
      return 0;
  }
}

const CONSTELLATIONS: ReadonlyArray<Constellation> = ["gps", "sbas", "glonass", "galileo", "beidou", "qzss", "navic"];
const GPS = 0;
const SBAS = 1;
const GLONASS = 2;
const GALILEO = 3;
const BEIDOU = 4;
const QZSS = 5;
const NAVIC = 6;

function code(constellation: number, svid: number): number {
  return constellation * 1024 + svid;
}

/** Constellation of a code from satelliteCode. */
export function codeConstellation(c: number): Constellation {
  return CONSTELLATIONS[c >> 10] as Constellation;
}

/** Svid of a code from satelliteCode. */
export function codeSvid(c: number): number {
  return c & 1023;
}

/**
 * NMEA satellite number → identity. An explicit NMEA 4.10 `systemId` (GSA field 18, Quectel's PQ system id)
 * wins over the talker; GP/GN/II and unknown talkers use the NMEA ≤ 4.0 "extended" ranges:
 * 1–32 GPS, 33–64 SBAS (PRN − 87), 65–96 GLONASS (64 + slot), 120–158 SBAS, 193–200 QZSS,
 * 201–264 BeiDou (u-blox/SiRF/Quectel), 301–356 Galileo, 401–463 BeiDou, 501–518 and 901–918 NavIC.
 * PQ without a system id means BeiDou (gpsd, Quectel EC25). IMES (173–182) and numbers in no range → undefined.
 */
export function resolveSatelliteId(talker: string, nmeaId: number, systemId?: number): SatelliteId | undefined {
  const c = satelliteCode(satelliteNumbering(talker, systemId), nmeaId);
  return c < 0 ? undefined : satelliteIdOfCode(c, nmeaId);
}

/** The identity of a code from satelliteCode (≥ 0), as the receiver numbered it. */
export function satelliteIdOfCode(c: number, nmeaId: number): SatelliteId {
  return { constellation: codeConstellation(c), svid: codeSvid(c), nmeaId };
}

/** Quectel's PQ talker without a system id: BeiDou up to 64 (gpsd, Quectel EC25), the extended ranges above. */
const PQ_NUMBERING = 7;

/**
 * How a sentence numbers its satellites (resolveSatelliteId's first step, the same for all the satellites of a
 * sentence): its system id where it gives one (1–6), else what its talker implies (0: the extended ranges).
 */
export function satelliteNumbering(talker: string, systemId?: number): number {
  const system = systemId !== undefined && systemId >= 1 && systemId <= 6 ? systemId : talkerSystemId(talker);
  return system === 0 && talker === "PQ" ? PQ_NUMBERING : system;
}

/**
 * The constellation a sentence numbering its satellites as `numbering` says speaks for as a whole, without a number:
 * a talker or system id naming one (GL, GA, GB/BD, GQ/QZ, GI, 4.10 system ids 2–6); undefined for GPS's system id,
 * GP, GN and the like, whose sentences may carry any constellation by their numbers' ranges.
 */
export function numberingConstellation(numbering: number): Constellation | undefined {
  return numbering === 1 ? undefined : systemIdConstellation(numbering);
}

/** Satellite `nmeaId` of a sentence numbering its satellites as `numbering` says: constellation × 1024 + svid, or −1. */
export function satelliteCode(numbering: number, nmeaId: number): number {
  if (!Number.isInteger(nmeaId) || nmeaId < 1) return -1;
  const n = nmeaId;
  switch (numbering) {
    case 2: // GLONASS: slot 1–32 in 4.10+, 65–96 in the extended numbering (u-blox, SiRF, Quectel)
      if (n <= 64) return code(GLONASS, n);
      if (n <= 96) return code(GLONASS, n - 64);
      return -1;
    case 3: // Galileo: 1–36; Quectel 101–136; gpsd's 301–336
      if (n < 100) return code(GALILEO, n);
      if (n > 100 && n < 200) return code(GALILEO, n - 100);
      if (n > 300 && n < 400) return code(GALILEO, n - 300);
      return -1;
    case 4: // BeiDou: 1–63; 201–264 (u-blox/SiRF/Quectel); 401–463
      if (n < 100) return code(BEIDOU, n);
      if (n > 200 && n < 300) return code(BEIDOU, n - 200);
      if (n > 400 && n < 500) return code(BEIDOU, n - 400);
      return -1;
    case 5: // QZSS: 1–10 (4.11); 193–202 (extended)
      if (n < 100) return code(QZSS, n);
      if (n >= 193 && n <= 202) return code(QZSS, n - 192);
      return -1;
    case 6: // NavIC: 1–18; 501–518 (gpsd); 901–918 (Allystar)
      if (n < 100) return code(NAVIC, n);
      if (n > 500 && n <= 518) return code(NAVIC, n - 500);
      if (n > 900 && n <= 918) return code(NAVIC, n - 900);
      return -1;
    case PQ_NUMBERING:
      return n <= 64 ? code(BEIDOU, n) : extendedRange(n);
    default: // GPS system id, or no system known: the extended ranges
      return extendedRange(n);
  }
}

function extendedRange(n: number): number {
  if (n <= 32) return code(GPS, n);
  if (n <= 64) return code(SBAS, n + 87);
  if (n <= 96) return code(GLONASS, n - 64);
  if (n >= 120 && n <= 158) return code(SBAS, n);
  if (n >= 193 && n <= 200) return code(QZSS, n - 192);
  if (n >= 201 && n <= 264) return code(BEIDOU, n - 200);
  if (n >= 301 && n <= 356) return code(GALILEO, n - 300);
  if (n >= 401 && n <= 463) return code(BEIDOU, n - 400);
  if (n >= 501 && n <= 518) return code(NAVIC, n - 500);
  if (n >= 901 && n <= 918) return code(NAVIC, n - 900);
  return -1;
}
