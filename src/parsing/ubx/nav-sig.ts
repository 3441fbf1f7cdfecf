// UBX-NAV-SIG (0x01 0x43, version 0): one 16-byte block per signal (u-blox generation 9 and later).
//
//  offset type  field                      per signal, at 8 + 16·n:
//   0     U4    iTOW ms                     +0  U1  gnssId       +8  U1  corrSource
//   4     U1    version (0)                 +1  U1  svId         +9  U1  ionoModel
//   5     U1    numSigs                     +2  U1  sigId        +10 X2  sigFlags: bits 0–1 health, 2 prSmoothed,
//   6     U1[2] reserved                    +3  U1  freqId               3 prUsed, 4 crUsed, 5 doUsed,
//                                           +4  I2  prRes 0.1 m          6 prCorrUsed, 7 crCorrUsed, 8 doCorrUsed
//                                           +6  U1  cno dBHz     +12 U1[4] reserved
//                                           +7  U1  qualityInd
// Example (pygpsdata-NAV.log): GPS 2 L1 C/A (sigId 0) cno 31 dBHz, quality 7, pseudorange used.
import type { UbxNavSig, UbxSignal } from "../../types.js";
import { NMEA_SIGNAL_OF_UBX } from "../../signals.js";
import { bit, CYCLE_TIME_LATER, i2, u1, u2, u4, UbxLayoutError, type UbxContext } from "./fields.js";
import { satelliteIdentity } from "./ids.js";

export function decodeNavSig(p: Uint8Array, ctx: UbxContext): UbxNavSig | UbxLayoutError {
  const version = u1(p, 4);
  if (version !== 0) return new UbxLayoutError(`version ${version} is not the documented 0`);
  const count = u1(p, 5);
  if (p.length < 8 + 16 * count) return new UbxLayoutError(`${count} signals need ${8 + 16 * count} bytes, the payload has ${p.length}`);
  const signals: UbxSignal[] = [];
  for (let n = 0; n < count; n++) {
    const at = 8 + 16 * n;
    const gnssId = u1(p, at);
    const svId = u1(p, at + 1);
    const sigId = u1(p, at + 2);
    const flags = u2(p, at + 10);
    const signal: UbxSignal = {
      gnssId,
      svId,
      sigId,
      freqId: u1(p, at + 3),
      prResM: i2(p, at + 4) / 10,
      cn0DbHz: u1(p, at + 6),
      qualityInd: u1(p, at + 7),
      corrSource: u1(p, at + 8),
      ionoModel: u1(p, at + 9),
      health: flags & 3,
      prSmoothed: bit(flags, 2),
      prUsed: bit(flags, 3),
      crUsed: bit(flags, 4),
      doUsed: bit(flags, 5),
      prCorrUsed: bit(flags, 6),
      crCorrUsed: bit(flags, 7),
      doCorrUsed: bit(flags, 8),
    };
    const identity = satelliteIdentity(gnssId, svId);
    if (identity !== undefined) {
      signal.identity = identity;
      const nmea = NMEA_SIGNAL_OF_UBX[identity.constellation]?.[sigId];
      if (nmea !== undefined) signal.nmeaSignalId = nmea;
    }
    signals.push(signal);
  }
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-SIG",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    signals,
  };
}
