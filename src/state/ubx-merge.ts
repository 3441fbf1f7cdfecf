// What a cycle's UBX navigation messages say of its epoch, gathered while the cycle is pending. When a receiver
// sends NMEA and UBX for one solution, the UBX values win field by field wherever UBX gives one (epoch-merge.ts
// applies them over the NMEA values when it builds the epoch): they are the same solution at a finer
// resolution (1e-7° and mm against NMEA's 1e-5′ and 0.1 m), with the receiver's own accuracy estimates and
// its explicit fix verdict. Within UBX the richer message wins: NAV-HPPOSLLH's position (0.1 mm) over NAV-PVT's
// (or the older NAV-POSLLH's), over NAV-SOL's ECEF; NAV-COV's per-axis errors over hAcc/vAcc; NAV-DOP over the
// pDOP of NAV-PVT or NAV-SOL; NAV-PVT's velocity over NAV-VELNED's over NAV-SOL's ECEF one; NAV-PVT's fix over
// NAV-SOL's over NAV-STATUS's.
//
// The u-blox rules read here (interface description, NAV-PVT):
// - a fix counts only with gnssFixOK ("valid fix, within the DOP and accuracy masks"; u-blox's NMEA marks the
//   others invalid too); gpsd reports fixType alone. fixType 1 (dead reckoning only) is a 2D dead-reckoning
//   position, 5 ("time only fix": a timing receiver holding a surveyed-in or entered position, gpsd's status 7)
//   a 3D "time-only" one, not NMEA's manual input;
// - carrSoln 2/1 with diffSoln is RTK fixed/float, diffSoln alone DGPS;
// - invalidLlh: the position and heights are not valid: no fix;
// - a 2D fix's height is the one it holds, not a measurement: left out, as the NMEA of such a fix leaves it
//   (its geoid separation, the receiver's model at the position, stays);
// - headMot is the track only when headAcc is below 180° (u-blox's "no heading"); NAV-SOL gives no heading, only
//   an ECEF velocity and its speed accuracy sAcc: its track is taken only when the ground speed exceeds sAcc (a
//   direction within the velocity's own noise is none);
// - NAV-SOL's ECEF position gives the height above the ellipsoid, not above sea level (no geoid model here):
//   the epoch gets altitudeHaeM alone unless the cycle's NMEA or NAV-POSLLH gives both;
// - accuracies are 1-sigma: hAcc (a horizontal radius) is σ√2 split over north and east, vAcc the vertical
//   σ, so the epoch's 95 % figures follow from the same rule as GST's (ephM = 2·hypot(σN, σE), epvM = 1.96·σ).
import { ecefToGeodetic, ecefVectorToEnu } from "../orbits/orbit.js";
import type { FixMode, FixQuality, UbxNavCov, UbxNavDop, UbxNavHpPosLlh, UbxNavPosLlh, UbxNavPvt, UbxNavSol, UbxNavStatus, UbxNavVelNed } from "../types.js";

export interface UbxFix {
  mode: FixMode;
  quality: FixQuality;
  /** The receiver said it has no (valid) fix */
  noFixReported: boolean;
}

/** Ranks within UBX: a richer message's value replaces a poorer one's. */
const ECEF = 0;
const NED = 1;
const PVT = 2;
const HIGH_PRECISION = 3;
const COVARIANCE = 4;
/** Whose fix verdict stands: NAV-PVT's over NAV-SOL's over NAV-STATUS's. */
const FIX_RANK = { status: 1, sol: 2, pvt: 3 } as const;

export interface UbxCycle {
  fix?: UbxFix;
  fixRank?: number;
  latitudeDeg?: number;
  longitudeDeg?: number;
  /** Applied only to a 3D fix (epoch-merge.ts): a 2D fix holds its height */
  altitudeMslM?: number;
  geoidSeparationM?: number;
  /** Height above the ellipsoid with no altitude above sea level (NAV-SOL's ECEF); 3D fixes only, as altitudeMslM */
  altitudeHaeM?: number;
  positionRank?: number;
  speedMps?: number;
  trackTrueDeg?: number;
  climbMps?: number;
  velocityRank?: number;
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
  /** NAV-PVT's or NAV-SOL's numSV */
  usedCount?: number;
}

/** fixType, gnssFixOK, diffSoln, carrSoln (NAV-PVT, NAV-SOL, NAV-STATUS) → mode and quality. */
export function ubxFix(fixType: number, fixOk: boolean, diffSoln: boolean, carrSoln: number): UbxFix {
  switch (fixType) {
    case 1:
      return { mode: "2d", quality: "dead-reckoning", noFixReported: false };
    case 5:
      return { mode: "3d", quality: "time-only", noFixReported: false };
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

const NO_FIX: UbxFix = { mode: "none", quality: "none", noFixReported: true };

function setFix(c: UbxCycle, rank: number, fix: UbxFix): void {
  if ((c.fixRank ?? 0) > rank) return;
  c.fixRank = rank;
  c.fix = fix;
}

function setErrors(c: UbxCycle, rank: number, northM: number, eastM: number, downM: number): void {
  if ((c.errorsRank ?? -1) > rank) return;
  c.errorsRank = rank;
  c.latitudeErrorM = northM;
  c.longitudeErrorM = eastM;
  c.altitudeErrorM = downM;
}

/** hAcc (a horizontal radius, σ√2) split over north and east; vAcc the vertical σ. */
const setAccuracies = (c: UbxCycle, rank: number, hAccM: number, vAccM: number): void => setErrors(c, rank, hAccM / Math.SQRT2, hAccM / Math.SQRT2, vAccM);

/** `heights`: above the ellipsoid and mean sea level (NAV-SOL's ECEF gives only the first). */
function setPosition(c: UbxCycle, rank: number, latDeg: number, lonDeg: number, heights: { heightM: number; hMSLM?: number }): void {
  if ((c.positionRank ?? -1) > rank) return;
  c.positionRank = rank;
  c.latitudeDeg = latDeg;
  c.longitudeDeg = lonDeg;
  if (heights.hMSLM === undefined) {
    c.altitudeHaeM = heights.heightM;
    delete c.altitudeMslM;
    delete c.geoidSeparationM;
    return;
  }
  delete c.altitudeHaeM;
  c.altitudeMslM = heights.hMSLM;
  // the geoid separation is the receiver's model at the position, 2D or not
  c.geoidSeparationM = heights.heightM - heights.hMSLM;
}

/** `hdop`, `vdop`: NAV-DOP's alone (NAV-PVT and NAV-SOL carry only pDOP). */
function setDop(c: UbxCycle, rank: number, pdop: number, hdop?: number, vdop?: number): void {
  if ((c.dopRank ?? -1) > rank) return;
  c.dopRank = rank;
  c.pdop = pdop;
  if (hdop !== undefined) c.hdop = hdop;
  if (vdop !== undefined) c.vdop = vdop;
}

/** `headingDeg` undefined: no heading (its accuracy above 180°, or none worth a direction). */
function setVelocity(c: UbxCycle, rank: number, gSpeedMps: number, headingDeg: number | undefined, velDMps: number): void {
  if ((c.velocityRank ?? -1) > rank) return;
  c.velocityRank = rank;
  c.speedMps = gSpeedMps;
  if (headingDeg !== undefined) c.trackTrueDeg = headingDeg;
  else delete c.trackTrueDeg;
  c.climbMps = -velDMps;
}

export function applyNavPvt(c: UbxCycle, m: UbxNavPvt): void {
  setFix(c, FIX_RANK.pvt, m.invalidLlh ? NO_FIX : ubxFix(m.fixType, m.gnssFixOK, m.diffSoln, m.carrSoln));
  c.usedCount = m.numSV;
  if (m.pDOP > 0) setDop(c, PVT, m.pDOP);
  if (m.invalidLlh) return;
  setPosition(c, PVT, m.latDeg, m.lonDeg, m);
  setVelocity(c, PVT, m.gSpeedMps, m.headAccDeg < 180 ? m.headMotDeg : undefined, m.velDMps);
  if (m.magDecDeg !== undefined) c.magneticVariationDeg = m.magDecDeg;
  if (m.diffSoln && m.lastCorrectionAgeS !== undefined) c.dgpsAgeS = m.lastCorrectionAgeS;
  setAccuracies(c, PVT, m.hAccM, m.vAccM);
}

/** NAV-SOL (u-blox 5 to 7): its fix where the cycle has no NAV-PVT, its ECEF position and velocity where nothing better. */
export function applyNavSol(c: UbxCycle, m: UbxNavSol): void {
  setFix(c, FIX_RANK.sol, ubxFix(m.gpsFix, m.gpsFixOk, m.diffSoln, 0));
  c.usedCount ??= m.numSV;
  if (m.pDOP > 0) setDop(c, ECEF, m.pDOP);
  if (m.ecefXM === 0 && m.ecefYM === 0 && m.ecefZM === 0) return;
  const p = ecefToGeodetic([m.ecefXM, m.ecefYM, m.ecefZM]);
  // no geoid: the height above the ellipsoid alone (NAV-POSLLH or GGA of the cycle give the one above sea level)
  setPosition(c, ECEF, p.latitudeDeg, p.longitudeDeg, { heightM: p.altitudeHaeM });
  const [eastMps, northMps, upMps] = ecefVectorToEnu([m.ecefVXMps, m.ecefVYMps, m.ecefVZMps], p.latitudeDeg, p.longitudeDeg);
  const gSpeedMps = Math.hypot(eastMps, northMps);
  const headingDeg = gSpeedMps > m.sAccMps ? ((Math.atan2(eastMps, northMps) * 180) / Math.PI + 360) % 360 : undefined;
  setVelocity(c, ECEF, gSpeedMps, headingDeg, -upMps);
}

export function applyNavPosLlh(c: UbxCycle, m: UbxNavPosLlh): void {
  setPosition(c, PVT, m.latDeg, m.lonDeg, m);
  setAccuracies(c, PVT, m.hAccM, m.vAccM);
}

export function applyNavVelNed(c: UbxCycle, m: UbxNavVelNed): void {
  setVelocity(c, NED, m.gSpeedMps, m.cAccDeg < 180 ? m.headingDeg : undefined, m.velDMps);
}

/** NAV-STATUS's fix verdict stands where the cycle has no NAV-PVT or NAV-SOL. */
export function applyNavStatus(c: UbxCycle, m: UbxNavStatus): void {
  setFix(c, FIX_RANK.status, ubxFix(m.gpsFix, m.gpsFixOk, m.diffSoln, m.carrSoln));
}

export function applyNavHpPosLlh(c: UbxCycle, m: UbxNavHpPosLlh): void {
  if (m.invalidLlh) return;
  setPosition(c, HIGH_PRECISION, m.latDeg, m.lonDeg, m);
  setAccuracies(c, HIGH_PRECISION, m.hAccM, m.vAccM);
}

export function applyNavCov(c: UbxCycle, m: UbxNavCov): void {
  if (!m.posCovValid) return;
  setErrors(c, COVARIANCE, Math.sqrt(m.posCovNNM2), Math.sqrt(m.posCovEEM2), Math.sqrt(m.posCovDDM2));
}

export function applyNavDop(c: UbxCycle, m: UbxNavDop): void {
  setDop(c, HIGH_PRECISION, m.pDOP, m.hDOP, m.vDOP);
}
