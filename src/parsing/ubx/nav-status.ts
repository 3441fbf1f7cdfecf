// UBX-NAV-STATUS (0x01 0x03): receiver navigation status, with the receiver's own TTFF. 16 bytes.
//
//  offset type  field
//   0     U4    iTOW ms
//   4     U1    gpsFix 0..5 (as NAV-PVT's fixType)
//   5     X1    flags: bit 0 gpsFixOk, 1 diffSoln, 2 wknSet, 3 towSet
//   6     X1    fixStat: bit 0 diffCorr, 1 carrSolnValid, 6–7 mapMatching
//   7     X1    flags2: bits 0–1 psmState, 3–4 spoofDetState, 6–7 carrSoln
//   8     U4    ttff ms (time to first fix)
//  12     U4    msss ms (since startup or reset)
// Example (pygpsdata-NAV.log): gpsFix 3, gpsFixOk, diffSoln, wknSet, towSet, ttff 23.352 s, msss 10402.347 s.
import type { UbxNavStatus } from "../../types.js";
import { bit, CYCLE_TIME_LATER, u1, u4, type UbxContext } from "./fields.js";

export function decodeNavStatus(p: Uint8Array, ctx: UbxContext): UbxNavStatus {
  const flags = u1(p, 5);
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-STATUS",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    gpsFix: u1(p, 4),
    gpsFixOk: bit(flags, 0),
    diffSoln: bit(flags, 1),
    wknSet: bit(flags, 2),
    towSet: bit(flags, 3),
    carrSoln: (u1(p, 7) >>> 6) & 3,
    ttffMs: u4(p, 8),
    msssMs: u4(p, 12),
  };
}
