// UBX satellite numbering: gnssId + svId → gnsskit's satellite identity (u-blox ZED-F9P interface
// description, "Satellite numbering"; gpsd's ubx2_to_prn). Numbers outside the documented ranges, IMES and
// GLONASS slot 255 (frequency known, slot not yet) have no identity.
import type { Constellation, SatelliteId } from "../../types.js";

/** gnssId → constellation (4 is IMES, which gnsskit does not track). */
const UBX_GNSS: ReadonlyArray<Constellation | undefined> = ["gps", "sbas", "galileo", "beidou", undefined, "qzss", "glonass", "navic"];

/** The gnssId of a constellation (the simulator writes UBX). */
export const gnssIdOf = (constellation: Constellation): number => UBX_GNSS.indexOf(constellation);

export function satelliteIdentity(gnssId: number, svId: number): SatelliteId | undefined {
  const constellation = UBX_GNSS[gnssId];
  if (constellation === undefined || svId < 1) return undefined;
  let svid: number | undefined;
  switch (constellation) {
    case "gps":
      svid = svId <= 32 ? svId : undefined;
      break;
    case "sbas":
      svid = svId >= 120 && svId <= 158 ? svId : undefined;
      break;
    case "galileo": // 1–36, or the PRN 211–246
      svid = svId <= 36 ? svId : svId >= 211 && svId <= 246 ? svId - 210 : undefined;
      break;
    case "beidou":
      svid = svId <= 63 ? svId : undefined;
      break;
    case "qzss": // 1–10, or the PRN 193–202
      svid = svId <= 10 ? svId : svId >= 193 && svId <= 202 ? svId - 192 : undefined;
      break;
    case "glonass": // slot 1–32; 255: slot unknown
      svid = svId <= 32 ? svId : undefined;
      break;
    case "navic":
      svid = svId <= 14 ? svId : undefined;
      break;
  }
  return svid === undefined ? undefined : { constellation, svid, nmeaId: svId };
}

/**
 * The constellation of a satellite the receiver lists without its number: a GLONASS signal tracked before its slot
 * was read (svId 255, as u-blox documents it). Undefined for every other number, identified or not.
 */
export function unidentifiedConstellation(gnssId: number, svId: number): Constellation | undefined {
  return UBX_GNSS[gnssId] === "glonass" && svId === 255 ? "glonass" : undefined;
}
