// What the heading and vendor sentences add to an epoch: true heading, rate of turn, pitch and roll (HDT,
// THS, ROT, SkyTraq PSTI,036), Garmin's error estimates (PGRME) and SkyTraq's RTK status and baseline
// (PSTI,030 and 032). None of them takes part in cycle detection (no cycle time, not once per cycle): like
// GSA, each updates the pending epoch, the latest in a cycle winning. A heading comes from a compass or an
// antenna pair, not from the position fix: it is reported with or without a fix.
import type {
  Epoch,
  FixQuality,
  HdtSentence,
  PgrmeSentence,
  Psti030Sentence,
  Psti032Sentence,
  Psti036Sentence,
  RotSentence,
  RtkBaseline,
  ThsSentence,
} from "../types.js";

/** FAA mode letters (NMEA 2.3+, THS, PSTI) as a solution quality. */
export const FAA_QUALITY: Readonly<Record<string, FixQuality>> = {
  A: "autonomous",
  D: "dgps",
  P: "pps",
  R: "rtk-fixed",
  F: "rtk-float",
  E: "dead-reckoning",
  M: "manual",
  S: "simulated",
  N: "none",
};

/** The epoch values these sentences give, gathered while the cycle is pending. */
export interface Extras {
  headingTrueDeg?: number;
  headingMode?: FixQuality;
  rateOfTurnDegPerMin?: number;
  pitchDeg?: number;
  rollDeg?: number;
  /** 95 % */
  sphericalErrorM?: number;
  rtkRatio?: number;
  baseline?: RtkBaseline;
}

/** SkyTraq's mode letters for an RTK solution: O is an RTK float it does not document (gpsd reads it so). */
function rtkQuality(letter: string | undefined): RtkBaseline["quality"] | undefined {
  if (letter === "R") return "rtk-fixed";
  if (letter === "F" || letter === "O") return "rtk-float";
  return undefined;
}

/** HDT, THS, ROT, PSTI,032 and 036 into the cycle's extras. */
export function applyAttitude(x: Extras, s: HdtSentence | ThsSentence | RotSentence | Psti032Sentence | Psti036Sentence): void {
  switch (s.sentenceId) {
    case "HDT":
      if (s.headingTrueDeg === undefined) return;
      x.headingTrueDeg = s.headingTrueDeg;
      delete x.headingMode; // this heading comes without a mode
      return;
    case "THS": {
      // V: not valid (gpsd drops it too)
      const mode = s.modeIndicator === undefined || s.modeIndicator === "V" ? undefined : FAA_QUALITY[s.modeIndicator];
      if (s.headingTrueDeg === undefined || mode === undefined) return;
      x.headingTrueDeg = s.headingTrueDeg;
      x.headingMode = mode;
      return;
    }
    case "ROT":
      if (s.status === "valid" && s.rateOfTurnDegPerMin !== undefined) x.rateOfTurnDegPerMin = s.rateOfTurnDegPerMin;
      return;
    case "PSTI036": {
      // N (or no mode): the angles are not valid
      const mode = s.modeIndicator === undefined ? undefined : (rtkQuality(s.modeIndicator) ?? FAA_QUALITY[s.modeIndicator]);
      if (mode === undefined || mode === "none") return;
      if (s.headingTrueDeg !== undefined) x.headingTrueDeg = s.headingTrueDeg;
      if (s.pitchDeg !== undefined) x.pitchDeg = s.pitchDeg;
      if (s.rollDeg !== undefined) x.rollDeg = s.rollDeg;
      x.headingMode = mode;
      return;
    }
    case "PSTI032": {
      const quality = rtkQuality(s.modeIndicator);
      const { eastM, northM, upM, lengthM, courseDeg } = s;
      if (s.status !== "valid" || quality === undefined) return;
      if (eastM === undefined || northM === undefined || upM === undefined || lengthM === undefined || courseDeg === undefined) return;
      x.baseline = { quality, eastM, northM, upM, lengthM, courseDeg };
      return;
    }
  }
}

/** What a valid PSTI,030 says of the solution: its quality (mode letter), and RTK age and ratio when RTK runs. */
export function skytraqRtkStatus(s: Psti030Sentence): { quality?: FixQuality; ageS?: number; ratio?: number } | undefined {
  if (s.status !== "valid" || s.faaMode === undefined || s.faaMode === "N") return undefined;
  const status: { quality?: FixQuality; ageS?: number; ratio?: number } = {};
  const quality = rtkQuality(s.faaMode) ?? FAA_QUALITY[s.faaMode];
  if (quality !== undefined) status.quality = quality;
  // age and ratio both 0: no RTK running (gpsd reports neither then)
  if (s.rtkAgeS !== undefined && s.rtkRatio !== undefined && s.rtkAgeS + s.rtkRatio > 0.05) {
    status.ageS = s.rtkAgeS;
    status.ratio = s.rtkRatio;
  }
  return status;
}

/**
 * Garmin's EPE as gnsskit's error figures. Garmin states no confidence for PGRME; gpsd (after
 * gpsinformation.net) takes the figures as 50 % (CEP50, 1.18 σ) and scales them to 95 % by
 * CEP95/CEP50 = 2.45/1.18. gnsskit does the same, and keeps them as the 1-sigma values its own 95 % rules
 * (ephM = 2·hypot(σlat, σlon), epvM = 1.96·σalt, tracker.ts) turn back into those 95 % figures: the epoch's
 * ephM and epvM are Garmin's HPE and VPE at 95 %, and `--format gpsd` prints gpsd's epx = epy = HPE95/√2
 * and epv = VPE95.
 */
export function garminErrors(s: PgrmeSentence): { horizontalSigmaM?: number; verticalSigmaM?: number; spherical95M?: number } {
  const errors: { horizontalSigmaM?: number; verticalSigmaM?: number; spherical95M?: number } = {};
  if (s.horizontalErrorM !== undefined) errors.horizontalSigmaM = (s.horizontalErrorM * CEP50_TO_95) / (2 * Math.SQRT2);
  if (s.verticalErrorM !== undefined) errors.verticalSigmaM = (s.verticalErrorM * CEP50_TO_95) / 1.96;
  if (s.sphericalErrorM !== undefined) errors.spherical95M = s.sphericalErrorM * CEP50_TO_95;
  return errors;
}

/** gpsd's GPSD_CONFIDENCE / CEP50_SIGMA (gpsd.h): a 50 % figure to 95 %. */
const CEP50_TO_95 = 2.45 / 1.18;

/** The cycle's extras into its epoch; the error figure only with a fix (as ephM). */
export function addExtras(epoch: Epoch, x: Extras, hasFix: boolean): void {
  if (x.headingTrueDeg !== undefined) epoch.headingTrueDeg = x.headingTrueDeg;
  if (x.headingMode !== undefined) epoch.headingMode = x.headingMode;
  if (x.rateOfTurnDegPerMin !== undefined) epoch.rateOfTurnDegPerMin = x.rateOfTurnDegPerMin;
  if (x.pitchDeg !== undefined) epoch.pitchDeg = x.pitchDeg;
  if (x.rollDeg !== undefined) epoch.rollDeg = x.rollDeg;
  if (x.rtkRatio !== undefined) epoch.rtkRatio = x.rtkRatio;
  if (x.baseline !== undefined) epoch.baseline = x.baseline;
  if (hasFix && x.sphericalErrorM !== undefined) epoch.sphericalErrorM = x.sphericalErrorM;
}
