// UBX-NAV-PVT (0x01 0x07): the navigation solution: time, position, velocity, accuracy. 92 bytes (u-blox 8
// and later; u-blox 7 sends the first 84).
//
//  offset type  field                         offset type  field
//   0     U4    iTOW ms                        40     U4    hAcc mm (1-sigma)
//   4     U2    year                           44     U4    vAcc mm (1-sigma)
//   6     U1    month 1..12                    48     I4    velN mm/s
//   7     U1    day 1..31                      52     I4    velE mm/s
//   8     U1    hour                           56     I4    velD mm/s
//   9     U1    min                            60     I4    gSpeed mm/s
//  10     U1    sec (60 at a leap second)      64     I4    headMot 1e-5 deg
//  11     X1    valid: validDate validTime     68     U4    sAcc mm/s
//               fullyResolved validMag         72     U4    headAcc 1e-5 deg
//  12     U4    tAcc ns                        76     U2    pDOP 0.01
//  16     I4    nano ns (may be negative)      78     X2    flags3: invalidLlh, lastCorrectionAge (bits 1–4)
//  20     U1    fixType 0..5                   80     U1[4] reserved
//  21     X1    flags: gnssFixOK diffSoln      84     I4    headVeh 1e-5 deg
//               psmState(3) headVehValid       88     I2    magDec 1e-2 deg
//               carrSoln(2)                    90     U2    magAcc 1e-2 deg
//  22     X1    flags2: confirmedAvai …
//  23     U1    numSV
//  24     I4    lon 1e-7 deg
//  28     I4    lat 1e-7 deg
//  32     I4    height mm (ellipsoid)
//  36     I4    hMSL mm
// Example (pyubx2's pygpsdata-NAV.log): iTOW 11:34:59 fixType 3, gnssFixOK, diffSoln, 26 SV, lat 53.4507228,
// lon -2.2402855, hMSL 42.701 m, hAcc 1.491 m.
import type { UbxNavPvt } from "../../types.js";
import { bit, CYCLE_TIME_LATER, DAY_MS, i2, i4, mod, setUtcTime, u1, u2, u4, type UbxContext } from "./fields.js";

/** lastCorrectionAge (flags3 bits 1–4): the upper end of each range, s, as gpsd reports it; 0 is "not available". */
const CORRECTION_AGE_S = [undefined, 1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120, 240] as const;

export function decodeNavPvt(p: Uint8Array, ctx: UbxContext): UbxNavPvt {
  const iTOWMs = u4(p, 0);
  const valid = u1(p, 11);
  const flags = u1(p, 21);
  const flags3 = u2(p, 78);
  const m: UbxNavPvt = {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-PVT",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs,
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    fullyResolved: bit(valid, 2),
    tAccNs: u4(p, 12),
    fixType: u1(p, 20),
    gnssFixOK: bit(flags, 0),
    diffSoln: bit(flags, 1),
    carrSoln: (flags >>> 6) & 3,
    numSV: u1(p, 23),
    lonDeg: i4(p, 24) * 1e-7,
    latDeg: i4(p, 28) * 1e-7,
    heightM: i4(p, 32) / 1000,
    hMSLM: i4(p, 36) / 1000,
    hAccM: u4(p, 40) / 1000,
    vAccM: u4(p, 44) / 1000,
    velNMps: i4(p, 48) / 1000,
    velEMps: i4(p, 52) / 1000,
    velDMps: i4(p, 56) / 1000,
    gSpeedMps: i4(p, 60) / 1000,
    headMotDeg: i4(p, 64) * 1e-5,
    sAccMps: u4(p, 68) / 1000,
    headAccDeg: u4(p, 72) * 1e-5,
    pDOP: u2(p, 76) / 100,
    invalidLlh: bit(flags3, 0),
  };
  const age = CORRECTION_AGE_S[Math.min((flags3 >>> 1) & 0x0f, CORRECTION_AGE_S.length - 1)];
  if (age !== undefined) m.lastCorrectionAgeS = age;
  if (bit(valid, 1)) {
    // the second may be 60 (a leap second) and nano negative: count from the start of the day
    const dayMs = ((u1(p, 8) * 60 + u1(p, 9)) * 60 + u1(p, 10)) * 1000 + Math.round(i4(p, 16) / 1e6);
    if (bit(valid, 0)) setUtcTime(m, Date.UTC(u2(p, 4), u1(p, 6) - 1, u1(p, 7)) + dayMs);
    else m.timeOfDayMs = mod(dayMs, DAY_MS);
  }
  if (p.length >= 92 && bit(valid, 3)) m.magDecDeg = i2(p, 88) / 100;
  return m;
}
