// The navigation messages of u-blox 5 to 7 receivers (and still sent by many u-blox 8 set-ups), before NAV-PVT
// and NAV-SAT: UBX-NAV-POSLLH, UBX-NAV-VELNED, UBX-NAV-SOL and UBX-NAV-SVINFO. The tracker reads them as it
// reads NAV-PVT and NAV-SAT (NAV-SVINFO is decoded into NAV-SAT's form).
//
//  NAV-POSLLH 0x01 0x02 (28)   NAV-VELNED 0x01 0x12 (36)    NAV-SOL 0x01 0x06 (52)
//   0 U4 iTOW ms                0 U4 iTOW ms                 0 U4 iTOW ms          24 U4 pAcc cm
//   4 I4 lon 1e-7 deg           4 I4 velN cm/s               4 I4 fTOW ns          28 I4 ecefVX cm/s
//   8 I4 lat 1e-7 deg           8 I4 velE cm/s               8 I2 week             32 I4 ecefVY cm/s
//  12 I4 height mm             12 I4 velD cm/s              10 U1 gpsFix 0..5      36 I4 ecefVZ cm/s
//  16 I4 hMSL mm               16 U4 speed (3D) cm/s        11 X1 flags: GPSfixOK  40 U4 sAcc cm/s
//  20 U4 hAcc mm               20 U4 gSpeed cm/s                  DiffSoln WKNSET   44 U2 pDOP 0.01
//  24 U4 vAcc mm               24 I4 heading 1e-5 deg             TOWSET          46 U1 reserved
//                              28 U4 sAcc cm/s              12 I4 ecefX cm         47 U1 numSV
//                              32 U4 cAcc 1e-5 deg          16 I4 ecefY cm         48 U1[4] reserved
//                                                           20 I4 ecefZ cm
//
//  NAV-SVINFO 0x01 0x30: 0 U4 iTOW, 4 U1 numCh, 5 X1 globalFlags, 6 U2 reserved; per channel at 8 + 12·n:
//  +0 U1 chn, +1 U1 svid (1–32 GPS, 33–64 BeiDou 6–37, 65–96 GLONASS, 120–158 SBAS, 159–163 BeiDou 1–5,
//  173–182 IMES, 193–199 QZSS, 211–246 Galileo, 255 GLONASS slot unknown), +2 X1 flags (0 svUsed, 1 diffCorr,
//  2 orbitAvail, 3 orbitEph, 4 unhealthy, 5 orbitAlm, 6 orbitAop, 7 smoothed), +3 X1 quality (bits 0–3), +4 U1 cno
//  dBHz, +5 I1 elev deg, +6 I2 azim deg, +8 I4 prRes cm.
import type { UbxNavPosLlh, UbxNavSat, UbxNavSol, UbxNavVelNed, UbxSatellite } from "../../types.js";
import { bit, CYCLE_TIME_LATER, i1, i2, i4, u1, u2, u4, UbxLayoutError, type UbxContext } from "./fields.js";
import { placeSatellite } from "./nav-sat.js";

export function decodeNavPosLlh(p: Uint8Array, ctx: UbxContext): UbxNavPosLlh {
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-POSLLH",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    lonDeg: i4(p, 4) * 1e-7,
    latDeg: i4(p, 8) * 1e-7,
    heightM: i4(p, 12) / 1000,
    hMSLM: i4(p, 16) / 1000,
    hAccM: u4(p, 20) / 1000,
    vAccM: u4(p, 24) / 1000,
  };
}

export function decodeNavVelNed(p: Uint8Array, ctx: UbxContext): UbxNavVelNed {
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-VELNED",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    velNMps: i4(p, 4) / 100,
    velEMps: i4(p, 8) / 100,
    velDMps: i4(p, 12) / 100,
    gSpeedMps: u4(p, 20) / 100,
    headingDeg: i4(p, 24) * 1e-5,
    sAccMps: u4(p, 28) / 100,
    cAccDeg: u4(p, 32) * 1e-5,
  };
}

export function decodeNavSol(p: Uint8Array, ctx: UbxContext): UbxNavSol {
  const flags = u1(p, 11);
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-SOL",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    fTOWNs: i4(p, 4),
    week: i2(p, 8),
    gpsFix: u1(p, 10),
    gpsFixOk: bit(flags, 0),
    diffSoln: bit(flags, 1),
    wknSet: bit(flags, 2),
    towSet: bit(flags, 3),
    ecefXM: i4(p, 12) / 100,
    ecefYM: i4(p, 16) / 100,
    ecefZM: i4(p, 20) / 100,
    pAccM: u4(p, 24) / 100,
    ecefVXMps: i4(p, 28) / 100,
    ecefVYMps: i4(p, 32) / 100,
    ecefVZMps: i4(p, 36) / 100,
    sAccMps: u4(p, 40) / 100,
    pDOP: u2(p, 44) / 100,
    numSV: u1(p, 47),
  };
}

/** NAV-SVINFO's one svid numbering → UBX gnssId and svId (gpsd's ubx_to_prn); undefined where none fits. */
function gnssOfSvinfo(svid: number): [number, number] | undefined {
  if (svid >= 1 && svid <= 32) return [0, svid];
  if (svid >= 33 && svid <= 64) return [3, svid - 27];
  if (svid >= 65 && svid <= 96) return [6, svid - 64];
  if (svid >= 120 && svid <= 158) return [1, svid];
  if (svid >= 159 && svid <= 163) return [3, svid - 158];
  if (svid >= 173 && svid <= 182) return [4, svid - 172];
  if (svid >= 193 && svid <= 199) return [5, svid - 192];
  if (svid >= 211 && svid <= 246) return [2, svid - 210];
  return undefined;
}

export function decodeNavSvInfo(p: Uint8Array, ctx: UbxContext): UbxNavSat | UbxLayoutError {
  const count = u1(p, 4);
  if (p.length < 8 + 12 * count) return new UbxLayoutError(`${count} channels need ${8 + 12 * count} bytes, the payload has ${p.length}`);
  const satellites: UbxSatellite[] = [];
  for (let n = 0; n < count; n++) {
    const at = 8 + 12 * n;
    const numbered = gnssOfSvinfo(u1(p, at + 1));
    if (numbered === undefined) continue;
    const [gnssId, svId] = numbered;
    const flags = u1(p, at + 2);
    const elev = i1(p, at + 5);
    const azim = i2(p, at + 6);
    const satellite: UbxSatellite = {
      gnssId,
      svId,
      cn0DbHz: u1(p, at + 4),
      prResM: i4(p, at + 8) / 100,
      qualityInd: Math.min(u1(p, at + 3) & 0x0f, 7),
      svUsed: bit(flags, 0),
      health: bit(flags, 4) ? 2 : 1,
      diffCorr: bit(flags, 1),
      // NAV-SAT's orbitSource: 1 ephemeris, 2 almanac, 4 AssistNow Autonomous, 0 none
      orbitSource: bit(flags, 3) ? 1 : bit(flags, 5) ? 2 : bit(flags, 6) ? 4 : 0,
      ephAvail: bit(flags, 3),
      almAvail: bit(flags, 5),
      anoAvail: false,
      aopAvail: bit(flags, 6),
    };
    satellites.push(placeSatellite(satellite, gnssId, svId, elev, azim));
  }
  return {
    protocol: "UBX",
    talker: "UBX",
    sentenceId: "UBX-NAV-SVINFO",
    receivedAtMs: ctx.receivedAtMs,
    iTOWMs: u4(p, 0),
    cycleTimeOfDayMs: CYCLE_TIME_LATER,
    satellites,
  };
}
