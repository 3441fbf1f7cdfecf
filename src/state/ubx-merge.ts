// What a cycle's UBX navigation messages say of its epoch, gathered while the cycle is pending. When a receiver
// sends NMEA and UBX for one solution, the UBX values win field by field wherever UBX gives one (epoch-merge.ts
// applies them over the NMEA values when it builds the epoch): they are the same solution at a finer
// resolution (1e-7° and mm against NMEA's 1e-5′ and 0.1 m), with the receiver's own accuracy estimates and
// its explicit fix verdict. Within UBX the richer message wins: NAV-HPPOSLLH's position (0.1 mm) over NAV-PVT's,
// NAV-COV's per-axis errors over NAV-PVT's hAcc, NAV-DOP over NAV-PVT's pDOP, NAV-PVT's fix over NAV-STATUS's.
//
// The u-blox rules read here (interface description, NAV-PVT):
// - a fix counts only with gnssFixOK ("valid fix, within the DOP and accuracy masks"; u-blox's NMEA marks the
//   others invalid too); gpsd reports fixType alone. fixType 1 (dead reckoning only) is a 2D dead-reckoning
//   position, 5 (time only: a surveyed-in or entered position, gpsd's status 7) a 3D "manual" one;
// - carrSoln 2/1 with diffSoln is RTK fixed/float, diffSoln alone DGPS;
// - invalidLlh: the position and heights are not valid: no fix;
// - a 2D fix's height is the one it holds, not a measurement: left out, as the NMEA of such a fix leaves it
//   (its geoid separation, the receiver's model at the position, stays);
// - headMot is the track only when headAcc is below 180° (u-blox's "no heading");
// - accuracies are 1-sigma: hAcc (a horizontal radius) is σ√2 split over north and east, vAcc the vertical
//   σ, so the epoch's 95 % figures follow from the same rule as GST's (ephM = 2·hypot(σN, σE), epvM = 1.96·σ).
import type { FixMode, FixQuality, UbxNavCov, UbxNavDop, UbxNavHpPosLlh, UbxNavPvt, UbxNavStatus } from "../types.js";

export interface UbxFix {
  mode: FixMode;
  quality: FixQuality;
  /** The receiver said it has no (valid) fix */
  noFixReported: boolean;
}

/** Ranks within UBX: a richer message's value replaces a poorer one's. */
const PVT = 1;
const HIGH_PRECISION = 2;
const COVARIANCE = 3;

export interface UbxCycle {
  fix?: UbxFix;
  fixFromPvt?: boolean;
  latitudeDeg?: number;
  longitudeDeg?: number;
  altitudeMslM?: number;
  geoidSeparationM?: number;
  positionRank?: number;
  speedMps?: number;
  trackTrueDeg?: number;
  climbMps?: number;
  magneticVariationDeg?: number;
  dgpsAgeS?: number;
  latitudeErrorM?: number;
  longitudeErrorM?: number;
  altitudeErrorM?: number;
  errorsRank?: number;
  hdop?: number;
  vdop?: number;
  pdop?: number;
  dopRank?: number;
  /** NAV-PVT numSV */
  usedCount?: number;
}

/** fixType, gnssFixOK, diffSoln, carrSoln (NAV-PVT, NAV-STATUS) → mode and quality. */
export function ubxFix(fixType: number, fixOk: boolean, diffSoln: boolean, carrSoln: number): UbxFix {
  switch (fixType) {
    case 1:
      return { mode: "2d", quality: "dead-reckoning", noFixReported: false };
    case 5:
      return { mode: "3d", quality: "manual", noFixReported: false };
    case 2:
    case 3:
    case 4: {
      if (!fixOk) return { mode: "none", quality: "none", noFixReported: true };
      const quality: FixQuality = !diffSoln ? "autonomous" : carrSoln === 2 ? "rtk-fixed" : carrSoln === 1 ? "rtk-float" : "dgps";
      return { mode: fixType === 2 ? "2d" : "3d", quality, noFixReported: false };
    }
    default:
      return { mode: "none", quality: "none", noFixReported: true };
  }
}

function setErrors(c: UbxCycle, rank: number, northM: number, eastM: number, downM: number): void {
  if ((c.errorsRank ?? 0) > rank) return;
  c.errorsRank = rank;
  c.latitudeErrorM = northM;
  c.longitudeErrorM = eastM;
  c.altitudeErrorM = downM;
}

function setPosition(c: UbxCycle, rank: number, m: { latDeg: number; lonDeg: number; heightM: number; hMSLM: number }, withHeight: boolean): void {
  if ((c.positionRank ?? 0) > rank) return;
  c.positionRank = rank;
  c.latitudeDeg = m.latDeg;
  c.longitudeDeg = m.lonDeg;
  // the geoid separation is the receiver's model at the position, 2D or not
  c.geoidSeparationM = m.heightM - m.hMSLM;
  if (withHeight) c.altitudeMslM = m.hMSLM;
  else delete c.altitudeMslM;
}

export function applyNavPvt(c: UbxCycle, m: UbxNavPvt): void {
  const fix = m.invalidLlh ? { mode: "none" as const, quality: "none" as const, noFixReported: true } : ubxFix(m.fixType, m.gnssFixOK, m.diffSoln, m.carrSoln);
  c.fix = fix;
  c.fixFromPvt = true;
  c.usedCount = m.numSV;
  if (m.pDOP > 0 && (c.dopRank ?? 0) <= PVT) {
    c.dopRank = PVT;
    c.pdop = m.pDOP;
  }
  if (fix.mode === "none") return;
  const threeD = fix.mode === "3d";
  setPosition(c, PVT, m, threeD);
  c.speedMps = m.gSpeedMps;
  if (m.headAccDeg < 180) c.trackTrueDeg = m.headMotDeg;
  if (threeD) c.climbMps = -m.velDMps;
  if (m.magDecDeg !== undefined) c.magneticVariationDeg = m.magDecDeg;
  if (m.diffSoln && m.lastCorrectionAgeS !== undefined) c.dgpsAgeS = m.lastCorrectionAgeS;
  setErrors(c, PVT, m.hAccM / Math.SQRT2, m.hAccM / Math.SQRT2, m.vAccM);
}

/** NAV-STATUS's fix verdict stands where the cycle has no NAV-PVT. */
export function applyNavStatus(c: UbxCycle, m: UbxNavStatus): void {
  if (c.fixFromPvt === true) return;
  c.fix = ubxFix(m.gpsFix, m.gpsFixOk, m.diffSoln, m.carrSoln);
}

export function applyNavHpPosLlh(c: UbxCycle, m: UbxNavHpPosLlh): void {
  if (m.invalidLlh) return;
  // its heights only where the cycle's fix is 3D (NAV-PVT, which u-blox sends first, says)
  setPosition(c, HIGH_PRECISION, m, c.fix?.mode === "3d");
  setErrors(c, HIGH_PRECISION, m.hAccM / Math.SQRT2, m.hAccM / Math.SQRT2, m.vAccM);
}

export function applyNavCov(c: UbxCycle, m: UbxNavCov): void {
  if (!m.posCovValid) return;
  setErrors(c, COVARIANCE, Math.sqrt(m.posCovNNM2), Math.sqrt(m.posCovEEM2), Math.sqrt(m.posCovDDM2));
}

export function applyNavDop(c: UbxCycle, m: UbxNavDop): void {
  c.dopRank = HIGH_PRECISION;
  c.hdop = m.hDOP;
  c.vdop = m.vDOP;
  c.pdop = m.pDOP;
}
