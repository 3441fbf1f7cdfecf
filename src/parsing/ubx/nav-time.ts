// UBX-NAV-TIMEGPS (0x01 0x20, 16 bytes) and UBX-NAV-TIMEUTC (0x01 0x21, 20 bytes): the receiver's GPS and UTC
// time solutions; TIMEGPS also says GPS − UTC (leap seconds).
//
//  NAV-TIMEGPS                                NAV-TIMEUTC
//  offset type  field                         offset type  field
//   0     U4    iTOW ms                        0     U4    iTOW ms
//   4     I4    fTOW ns (iTOW's fraction)      4     U4    tAcc ns
//   8     I2    week                           8     I4    nano ns
//  10     I1    leapS s (GPS − UTC)           12     U2    year
//  11     X1    valid: towValid weekValid     14     U1    month, 15 U1 day, 16 U1 hour, 17 U1 min, 18 U1 sec
//               leapSValid                    19     X1    valid: validTOW validWKN validUTC, utcStandard (4–7)
//  12     U4    tAcc ns
// Examples (pygpsdata-NAV.log): TIMEGPS week 2187, leapS 18, all valid; TIMEUTC 2021-12-04 11:34:59, validUTC.
import type { UbxNavTimeGps, UbxNavTimeUtc } from "../../types.js";
import { bit, CYCLE_TIME_LATER, gpsTimeToUtcMs, i1, i2, i4, setUtcTime, u1, u2, u4, type UbxContext } from "./fields.js";

export function decodeNavTimeGps(p: Uint8Array, ctx: UbxContext): UbxNavTimeGps {
  const iTOWMs = u4(p, 0);
  const valid = u1(p, 11);
  const m: UbxNavTimeGps = {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-TIMEGPS",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs,
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    fTOWNs: i4(p, 4),
    week: i2(p, 8),
    leapS: i1(p, 10),
    towValid: bit(valid, 0),
    weekValid: bit(valid, 1),
    leapSValid: bit(valid, 2),
    tAccNs: u4(p, 12),
  };
  if (m.towValid && m.weekValid && m.leapSValid) setUtcTime(m, gpsTimeToUtcMs(m.week, iTOWMs, m.fTOWNs, m.leapS * 1000));
  return m;
}

export function decodeNavTimeUtc(p: Uint8Array, ctx: UbxContext): UbxNavTimeUtc {
  const valid = u1(p, 19);
  const m: UbxNavTimeUtc = {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-TIMEUTC",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    tAccNs: u4(p, 4),
    validTOW: bit(valid, 0),
    validWKN: bit(valid, 1),
    validUTC: bit(valid, 2),
  };
  if (m.validUTC) setUtcTime(m, Date.UTC(u2(p, 12), u1(p, 14) - 1, u1(p, 15), u1(p, 16), u1(p, 17), u1(p, 18)) + Math.round(i4(p, 8) / 1e6));
  return m;
}
