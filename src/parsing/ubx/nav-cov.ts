// UBX-NAV-COV (0x01 0x36, version 0): the covariance of the position and velocity, north-east-down, as R4
// (IEEE 754 single precision). 64 bytes.
//
//  offset type  field                      offset type  field
//   0     U4    iTOW ms                      40    R4    velCovNN m²/s²
//   4     U1    version (0)                  44    R4    velCovNE
//   5     U1    posCovValid                  48    R4    velCovND
//   6     U1    velCovValid                  52    R4    velCovEE
//   7     U1[9] reserved                     56    R4    velCovED
//  16     R4    posCovNN m²                  60    R4    velCovDD
//  20     R4    posCovNE, 24 posCovND, 28 posCovEE, 32 posCovED, 36 posCovDD
// Example (pygpsdata-NAV.log): posCovNN 1.16 m², posCovEE 0.88 m², posCovDD 4.24 m².
import type { UbxNavCov } from "../../types.js";
import { CYCLE_TIME_LATER, u1, u4, UbxLayoutError, type UbxContext } from "./fields.js";

export function decodeNavCov(p: Uint8Array, ctx: UbxContext): UbxNavCov | UbxLayoutError {
  const version = u1(p, 4);
  if (version !== 0) return new UbxLayoutError(`version ${version} is not the documented 0`);
  const view = new DataView(p.buffer, p.byteOffset, p.byteLength);
  const r4 = (at: number): number => view.getFloat32(at, true);
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-COV",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    posCovValid: u1(p, 5) !== 0,
    velCovValid: u1(p, 6) !== 0,
    posCovNNM2: r4(16),
    posCovNEM2: r4(20),
    posCovNDM2: r4(24),
    posCovEEM2: r4(28),
    posCovEDM2: r4(32),
    posCovDDM2: r4(36),
    velCovNNM2ps2: r4(40),
    velCovEEM2ps2: r4(52),
    velCovDDM2ps2: r4(60),
  };
}
