// UBX-NAV-DOP (0x01 0x04): dilutions of precision, each U2 × 0.01. 18 bytes.
//
//  offset type  field          offset type  field
//   0     U4    iTOW ms         10    U2    vDOP
//   4     U2    gDOP            12    U2    hDOP
//   6     U2    pDOP            14    U2    nDOP
//   8     U2    tDOP            16    U2    eDOP
// Example (pygpsdata-NAV.log): gDOP 1.14, pDOP 1.01, tDOP 0.53, vDOP 0.83, hDOP 0.58, nDOP 0.46, eDOP 0.35.
import type { UbxNavDop } from "../../types.js";
import { CYCLE_TIME_LATER, u2, u4, type UbxContext } from "./fields.js";

export function decodeNavDop(p: Uint8Array, ctx: UbxContext): UbxNavDop {
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-DOP",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    gDOP: u2(p, 4) / 100,
    pDOP: u2(p, 6) / 100,
    tDOP: u2(p, 8) / 100,
    vDOP: u2(p, 10) / 100,
    hDOP: u2(p, 12) / 100,
    nDOP: u2(p, 14) / 100,
    eDOP: u2(p, 16) / 100,
  };
}
