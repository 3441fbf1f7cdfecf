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

function id(constellation: Constellation, svid: number, nmeaId: number): SatelliteId {
  return { constellation, svid, nmeaId };
}

/**
 * NMEA satellite number → identity. An explicit NMEA 4.10 `systemId` (GSA field 18, Quectel's PQ system id)
 * wins over the talker; GP/GN/II and unknown talkers use the NMEA ≤ 4.0 "extended" ranges:
 * 1–32 GPS, 33–64 SBAS (PRN − 87), 65–96 GLONASS (64 + slot), 120–158 SBAS, 193–200 QZSS,
 * 201–264 BeiDou (u-blox/SiRF/Quectel), 301–356 Galileo, 401–463 BeiDou, 501–518 and 901–918 NavIC.
 * PQ without a system id means BeiDou (gpsd, Quectel EC25). IMES (173–182) and numbers in no range → undefined.
 */
export function resolveSatelliteId(talker: string, nmeaId: number, systemId?: number): SatelliteId | undefined {
  if (!Number.isInteger(nmeaId) || nmeaId < 1) return undefined;
  let system = systemId !== undefined && systemId >= 1 && systemId <= 6 ? systemId : talkerSystemId(talker);
  if (system === 0 && talker === "PQ" && nmeaId <= 64) system = 4;
  const n = nmeaId;
  switch (system) {
    case 2: // GLONASS: slot 1–32 in 4.10+, 65–96 in the extended numbering (u-blox, SiRF, Quectel)
      if (n <= 64) return id("glonass", n, n);
      if (n <= 96) return id("glonass", n - 64, n);
      return undefined;
    case 3: // Galileo: 1–36; Quectel 101–136; gpsd's 301–336
      if (n < 100) return id("galileo", n, n);
      if (n > 100 && n < 200) return id("galileo", n - 100, n);
      if (n > 300 && n < 400) return id("galileo", n - 300, n);
      return undefined;
    case 4: // BeiDou: 1–63; 201–264 (u-blox/SiRF/Quectel); 401–463
      if (n < 100) return id("beidou", n, n);
      if (n > 200 && n < 300) return id("beidou", n - 200, n);
      if (n > 400 && n < 500) return id("beidou", n - 400, n);
      return undefined;
    case 5: // QZSS: 1–10 (4.11); 193–202 (extended)
      if (n < 100) return id("qzss", n, n);
      if (n >= 193 && n <= 202) return id("qzss", n - 192, n);
      return undefined;
    case 6: // NavIC: 1–18; 501–518 (gpsd); 901–918 (Allystar)
      if (n < 100) return id("navic", n, n);
      if (n > 500 && n <= 518) return id("navic", n - 500, n);
      if (n > 900 && n <= 918) return id("navic", n - 900, n);
      return undefined;
    default: // GPS system id, or no system known: the extended ranges
      return extendedRange(n);
  }
}

function extendedRange(n: number): SatelliteId | undefined {
  if (n <= 32) return id("gps", n, n);
  if (n <= 64) return id("sbas", n + 87, n);
  if (n <= 96) return id("glonass", n - 64, n);
  if (n >= 120 && n <= 158) return id("sbas", n, n);
  if (n >= 193 && n <= 200) return id("qzss", n - 192, n);
  if (n >= 201 && n <= 264) return id("beidou", n - 200, n);
  if (n >= 301 && n <= 356) return id("galileo", n - 300, n);
  if (n >= 401 && n <= 463) return id("beidou", n - 400, n);
  if (n >= 501 && n <= 518) return id("navic", n - 500, n);
  if (n >= 901 && n <= 918) return id("navic", n - 900, n);
  return undefined;
}
