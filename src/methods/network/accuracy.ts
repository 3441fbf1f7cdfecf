// A provider's accuracy radius at its own confidence → the 95 % radius the rest of gnsskit uses
// (satellite methods: eph, else HDOP × a 95 % UERE).
//
// Model: the horizontal error is circular normal, σ on each axis, so the error's length R is Rayleigh
// distributed: P(R ≤ r) = 1 − exp(−r² / 2σ²). The radius holding a fraction p is therefore
// r_p = σ · sqrt(2 ln(1 / (1 − p))), and between two confidences σ cancels:
//   r_q = r_p · sqrt(ln(1 / (1 − q)) / ln(1 / (1 − p)))
// 68 % → 95 %: sqrt(ln(1/0.05) / ln(1/0.32)) = sqrt(2.996 / 1.139) ≈ 1.62. Network errors are not
// really circular normal (a cell's coverage is a wedge, Wi-Fi errors have long tails): this is the usual
// convention, stated, not a measured fit.

import type { NetworkFix, RadiusConfidence } from "./types.js";

/** The confidence of every radius gnsskit compares (`accuracyM`). */
export const GNSSKIT_RADIUS_CONFIDENCE = 0.95;

/**
 * How a radius of unknown confidence is read: as 68 %, the lowest confidence providers commonly
 * state (Android), so its 95 % radius comes out larger; a larger radius is the safe side both for the
 * positioner (satellite fixes win) and for aiding (the receiver searches wider).
 */
export const UNKNOWN_CONFIDENCE_READ_AS = 0.68;

/** True for a confidence the Rayleigh conversion accepts: a probability strictly between 0 and 1. */
export function isConfidence(value: unknown): value is number {
  return typeof value === "number" && Number.isFinite(value) && value > 0 && value < 1;
}

/** A provider's declared confidence, checked when the provider is made. */
export function checkedConfidence(confidence: RadiusConfidence): RadiusConfidence {
  if (confidence !== "unknown" && !isConfidence(confidence)) throw new RangeError(`radiusConfidence must be between 0 and 1 or "unknown", got ${confidence}`);
  return confidence;
}

/** Radius at confidence `from` → radius at confidence `to` (circular normal; see the file comment). */
export function convertRadius(radiusM: number, from: number, to: number = GNSSKIT_RADIUS_CONFIDENCE): number {
  if (!isConfidence(from) || !isConfidence(to)) throw new RangeError(`confidence must be between 0 and 1 (exclusive), got ${from} → ${to}`);
  return radiusM * Math.sqrt(Math.log(1 / (1 - to)) / Math.log(1 / (1 - from)));
}

/** The 95 % radius for a provider's radius at its stated confidence ("unknown": read as 68 %). */
export function radius95(radiusM: number, confidence: RadiusConfidence): number {
  return convertRadius(radiusM, confidence === "unknown" ? UNKNOWN_CONFIDENCE_READ_AS : confidence);
}

/** A fix whose `accuracyM` is the 95 % radius, keeping what the provider said. */
export function networkFix(latitudeDeg: number, longitudeDeg: number, providerAccuracyM: number, providerConfidence: RadiusConfidence): NetworkFix {
  return { latitudeDeg, longitudeDeg, accuracyM: radius95(providerAccuracyM, providerConfidence), providerAccuracyM, providerConfidence };
}

/** `68 %`, `95 %`, `unknown confidence` (for messages). */
export function formatConfidence(confidence: RadiusConfidence): string {
  if (confidence === "unknown") return "unknown confidence";
  return `${Number((confidence * 100).toFixed(1))} %`;
}
