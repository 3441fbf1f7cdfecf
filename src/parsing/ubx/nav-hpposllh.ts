// UBX-NAV-HPPOSLLH (0x01 0x14, version 0): the position at 0.1 mm (high-precision receivers). 36 bytes.
//
//  offset type  field                         offset type  field
//   0     U1    version (0)                     20    I4    hMSL mm
//   1     U1[2] reserved                        24    I1    lonHp 1e-9 deg
//   3     X1    flags: bit 0 invalidLlh         25    I1    latHp 1e-9 deg
//   4     U4    iTOW ms                         26    I1    heightHp 0.1 mm
//   8     I4    lon 1e-7 deg                    27    I1    hMSLHp 0.1 mm
//  12     I4    lat 1e-7 deg                    28    U4    hAcc 0.1 mm (1-sigma)
//  16     I4    height mm (ellipsoid)           32    U4    vAcc 0.1 mm (1-sigma)
// Example (pygpsdata-NAV-ZED-X20P.log): lat 53.450692471, lon -2.240230001.
import type { UbxNavHpPosLlh } from "../../types.js";
import { bit, CYCLE_TIME_LATER, i1, i4, u1, u4, UbxLayoutError, type UbxContext } from "./fields.js";

export function decodeNavHpPosLlh(p: Uint8Array, ctx: UbxContext): UbxNavHpPosLlh | UbxLayoutError {
  const version = u1(p, 0);
  if (version !== 0) return new UbxLayoutError(`version ${version} is not the documented 0`);
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-HPPOSLLH",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 4),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    invalidLlh: bit(u1(p, 3), 0),
    // whole and high-precision parts summed in their integer units first, so no rounding adds up
    lonDeg: (i4(p, 8) * 100 + i1(p, 24)) * 1e-9,
    latDeg: (i4(p, 12) * 100 + i1(p, 25)) * 1e-9,
    heightM: (i4(p, 16) * 10 + i1(p, 26)) / 10_000,
    hMSLM: (i4(p, 20) * 10 + i1(p, 27)) / 10_000,
    hAccM: u4(p, 28) / 10_000,
    vAccM: u4(p, 32) / 10_000,
  };
}
