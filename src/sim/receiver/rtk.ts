// The simulated rover's RTK engine (`sim:?rtk=1`): what a receiver makes of the RTCM 3 written to it.
//
// - It takes any frame whose CRC checks. A 1005/1006 gives the base position; observations (MSM1–7 with 4 or more
//   satellites, or the legacy 1001–1004/1009–1012) are the corrections proper.
// - With fresh observations (≤ 10 s old, RTK_AGE_LIMIT_MS) and a 3D fix: DGPS at once, RTK float after a drawn
//   2–5 s of uninterrupted corrections, RTK fixed after a further drawn 10–40 s (×3 in an urban canyon, where
//   multipath delays the ambiguity search). These are engineering choices in the range of single-base L1/L2 RTK
//   (u-blox F9P: fixed "in seconds" to a minute; RTKLIB's demo data converge in 10–60 s).
// - A base farther than BASELINE_LIMIT_M (or unknown: no 1005/1006 yet) gives DGPS only: the ambiguities of a long
//   baseline do not resolve.
// - When corrections stop: RTK holds for RTK_AGE_LIMIT_MS, then the receiver falls back to DGPS while they are
//   younger than DGPS_TIMEOUT_MS (u-blox's default dgnssTimeout, 60 s), then to its own fix. Each return of the
//   corrections converges again (new draws).
// - The solution's error shrinks toward the truth: fixed 1 cm-class, float decimetres, DGPS about half of autonomous.

import { geodeticToEcefM } from "../../orbits/orbit.js";
import { createRandom } from "../random.js";
import { decodeStationPosition, isLegacyObservation, isMsm, msmSatelliteCount, rtcm3MessageType, rtcm3Payload } from "../../framing/rtcm3.js";
import type { Environment } from "../sky/index.js";

export const RTK_AGE_LIMIT_MS = 10_000;
export const DGPS_TIMEOUT_MS = 60_000;
export const BASELINE_LIMIT_M = 20_000;

export type RtkQuality = "autonomous" | "dgps" | "rtk-float" | "rtk-fixed";

/** How much of the autonomous position error is left in each solution. */
export const ERROR_SCALE: Record<RtkQuality, number> = { autonomous: 1, dgps: 0.5, "rtk-float": 0.12, "rtk-fixed": 0.008 };

export interface RtkSolution {
  quality: RtkQuality;
  /** Age of the corrections used, seconds (absent: none used). */
  ageS?: number;
  /** Reference station id from the 1005/1006. */
  stationId?: number;
}

export interface RtkTruth {
  /** Valid RTCM 3 frames taken, and those that were observations. */
  framesTaken: number;
  observationFrames: number;
  /** Distance to the base from its 1005/1006, metres. */
  baselineM?: number;
  quality: RtkQuality;
  /** Simulated time of the first RTK fixed solution, and of each convergence's start. */
  firstFixedAtMs?: number;
  convergenceStartedAtMs?: number;
  /** The drawn delays of the current convergence. */
  floatAfterMs?: number;
  fixedAfterMs?: number;
}

export interface RtkEngine {
  /** A frame whose CRC checked, arriving at `atMs`. */
  take(frame: Uint8Array, atMs: number): void;
  /** The solution for an epoch at `t` with the receiver's own fix mode, antenna position and environment. */
  solve(
    t: number,
    mode: "none" | "2d" | "3d",
    antenna: { latitudeDeg: number; longitudeDeg: number; altitudeHaeM: number },
    environment: Environment,
  ): RtkSolution;
  readonly truth: RtkTruth;
}

export function createRtkEngine(seed: number): RtkEngine {
  let base: { ecefM: [number, number, number]; stationId: number } | undefined;
  let lastObservationAtMs: number | undefined;
  let convergence: { sinceMs: number; floatAfterMs: number; fixedAfterMs: number } | undefined;
  let episodes = 0;
  const truth: RtkTruth = { framesTaken: 0, observationFrames: 0, quality: "autonomous" };

  return {
    truth,
    take(frame, atMs) {
      truth.framesTaken++;
      const type = rtcm3MessageType(frame);
      if (type === undefined) return;
      const payload = rtcm3Payload(frame);
      const station = decodeStationPosition(payload);
      if (station !== undefined) base = { ecefM: station.ecefM, stationId: station.stationId };
      const observation = isLegacyObservation(type) || (isMsm(type) && (msmSatelliteCount(payload) ?? 0) >= 4);
      if (observation) {
        truth.observationFrames++;
        lastObservationAtMs = atMs;
      }
    },
    solve(t, mode, antenna, environment) {
      const ageMs = lastObservationAtMs === undefined ? undefined : t - lastObservationAtMs;
      let baselineM: number | undefined;
      if (base !== undefined) {
        const rover = geodeticToEcefM(antenna.latitudeDeg, antenna.longitudeDeg, antenna.altitudeHaeM);
        baselineM = Math.hypot(rover[0] - base.ecefM[0], rover[1] - base.ecefM[1], rover[2] - base.ecefM[2]);
        truth.baselineM = baselineM;
      }
      const rtkPossible =
        mode === "3d" && ageMs !== undefined && ageMs >= 0 && ageMs <= RTK_AGE_LIMIT_MS && baselineM !== undefined && baselineM <= BASELINE_LIMIT_M;
      if (!rtkPossible) convergence = undefined;
      else if (convergence === undefined) {
        const random = createRandom(seed ^ Math.imul(++episodes, 0x9e3779b1));
        const slow = environment === "urban-canyon" ? 3 : 1;
        convergence = { sinceMs: t, floatAfterMs: 2000 + 3000 * random(), fixedAfterMs: (10_000 + 30_000 * random()) * slow };
        truth.convergenceStartedAtMs = t;
        truth.floatAfterMs = convergence.floatAfterMs;
        truth.fixedAfterMs = convergence.fixedAfterMs;
      }
      let quality: RtkQuality = "autonomous";
      if (mode !== "none" && ageMs !== undefined && ageMs >= 0 && ageMs <= DGPS_TIMEOUT_MS) quality = "dgps";
      if (convergence !== undefined) {
        const elapsed = t - convergence.sinceMs;
        if (elapsed >= convergence.floatAfterMs + convergence.fixedAfterMs) quality = "rtk-fixed";
        else if (elapsed >= convergence.floatAfterMs) quality = "rtk-float";
      }
      truth.quality = quality;
      if (quality === "rtk-fixed") truth.firstFixedAtMs ??= t;
      if (quality === "autonomous") return { quality };
      const solution: RtkSolution = { quality, ageS: Math.max(0, (ageMs ?? 0) / 1000) };
      if (base !== undefined) solution.stationId = base.stationId;
      return solution;
    },
  };
}
