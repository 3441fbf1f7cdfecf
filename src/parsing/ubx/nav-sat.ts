// UBX-NAV-SAT (0x01 0x35, version 1): one 12-byte block per satellite in view (u-blox 8 and later).
//
//  offset type  field                      per satellite, at 8 + 12·n:
//   0     U4    iTOW ms                     +0  U1  gnssId           +6  I2  prRes 0.1 m
//   4     U1    version (1)                 +1  U1  svId             +8  X4  flags:
//   5     U1    numSvs                      +2  U1  cno dBHz               bits 0–2 qualityInd, 3 svUsed,
//   6     U1[2] reserved                    +3  I1  elev deg (±90;         4–5 health, 6 diffCorr, 7 smoothed,
//                                                    else unknown)         8–10 orbitSource, 11 ephAvail,
//                                           +4  I2  azim deg (0–360;      12 almAvail, 13 anoAvail, 14 aopAvail,
//                                                    unknown with elev)    16– corrections used
// Example (pygpsdata-NAV.log): 43 satellites, GPS 2 cno 31 dBHz, elev 18°, azim 221°, used, healthy, orbit
// from its ephemeris.
import type { UbxNavSat, UbxSatellite } from "../../types.js";
import { bit, CYCLE_TIME_LATER, i1, i2, u1, u4, UbxLayoutError, type UbxContext } from "./fields.js";
import { satelliteIdentity } from "./ids.js";

export function decodeNavSat(p: Uint8Array, ctx: UbxContext): UbxNavSat | UbxLayoutError {
  const version = u1(p, 4);
  if (version !== 1) return new UbxLayoutError(`version ${version} is not the documented 1`);
  const count = u1(p, 5);
  if (p.length < 8 + 12 * count) return new UbxLayoutError(`${count} satellites need ${8 + 12 * count} bytes, the payload has ${p.length}`);
  const satellites: UbxSatellite[] = [];
  for (let n = 0; n < count; n++) {
    const at = 8 + 12 * n;
    const gnssId = u1(p, at);
    const svId = u1(p, at + 1);
    const elev = i1(p, at + 3);
    const azim = i2(p, at + 4);
    const flags = u4(p, at + 8);
    const satellite: UbxSatellite = {
      gnssId,
      svId,
      cn0DbHz: u1(p, at + 2),
      prResM: i2(p, at + 6) / 10,
      qualityInd: flags & 7,
      svUsed: bit(flags, 3),
      health: (flags >>> 4) & 3,
      diffCorr: bit(flags, 6),
      orbitSource: (flags >>> 8) & 7,
      ephAvail: bit(flags, 11),
      almAvail: bit(flags, 12),
      anoAvail: bit(flags, 13),
      aopAvail: bit(flags, 14),
    };
    satellites.push(placeSatellite(satellite, gnssId, svId, elev, azim));
  }
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-SAT",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    satellites,
  };
}

/** A satellite's identity, and its look angles where the receiver knows them (elevation within ±90°). */
export function placeSatellite(satellite: UbxSatellite, gnssId: number, svId: number, elev: number, azim: number): UbxSatellite {
  const identity = satelliteIdentity(gnssId, svId);
  if (identity !== undefined) satellite.identity = identity;
  if (Math.abs(elev) <= 90) {
    satellite.elevDeg = elev;
    if (azim >= 0 && azim <= 360) satellite.azimDeg = azim === 360 ? 0 : azim;
  }
  return satellite;
}
