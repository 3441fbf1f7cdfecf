// What a line reads from one epoch, computed one way for every rule (and checked against the epoch by tests).

import type { Epoch, Satellite, SatelliteView } from "../types.js";
import { CONSTELLATION_NAME } from "../output/format.js";
import { DECODE_CN0_DB_HZ } from "./physics.js";
import { RANGING, type EpochFacts, type SatelliteSample } from "./types.js";

/**
 * Tracked, as the tracker counts it (SatelliteView.trackedCount) and every output shows it: a C/N0 above 0. The view
 * gives a satellite no C/N0 for GSV's `00` (Garmin, SiRF, older MediaTek: a channel with nothing in it).
 */
const hasSignal = (s: Satellite): boolean => s.cn0DbHz !== undefined && s.cn0DbHz > 0;
/** Heard: tracked (GPSTest's "in view"). */
const heard = hasSignal;

export function epochFacts(epoch: Epoch): EpochFacts {
  let tracked = 0;
  let readable = 0;
  let strongest: number | undefined;
  for (const s of epoch.satellites.satellites) {
    if (!hasSignal(s)) continue;
    tracked++;
    const cn0 = s.cn0DbHz as number;
    if (cn0 >= DECODE_CN0_DB_HZ && RANGING.includes(s.constellation)) readable++;
    strongest = Math.max(strongest ?? -Infinity, cn0);
  }
  // satellites the receiver lists without a number are tracked all the same (u-blox: a GLONASS slot not yet read);
  // no lock can be dated for them (no key), so none is counted readable
  for (const u of epoch.satellites.unidentified ?? []) {
    tracked += u.trackedCount;
    if (u.cn0DbHz !== undefined) strongest = Math.max(strongest ?? -Infinity, u.cn0DbHz);
  }
  return {
    atMs: epoch.receivedAtMs,
    mode: epoch.mode,
    fixState: epoch.fixState.kind,
    hasTime: epoch.timeOfDayMs !== undefined,
    tracked,
    used: epoch.satellites.usedCount,
    readable,
    ...(strongest === undefined ? {} : { strongestCn0DbHz: strongest }),
  };
}

/** A satellite as the epoch at `atMs` listed it. */
export function sampleOf(s: Satellite, atMs: number): SatelliteSample {
  return {
    key: s.key,
    atMs,
    ...(s.elevationDeg === undefined ? {} : { elevationDeg: s.elevationDeg }),
    ...(s.azimuthDeg === undefined ? {} : { azimuthDeg: s.azimuthDeg }),
    ...(hasSignal(s) ? { cn0DbHz: s.cn0DbHz as number } : {}),
    from: "receiver",
  };
}

/**
 * ` (1 GLONASS, slot unknown, 29 dB-Hz)`: the tracked satellites a view counts without a number, as they follow a
 * "tracking N"; empty without any.
 */
export function unidentifiedText(view: SatelliteView): string {
  const parts: string[] = [];
  for (const u of view.unidentified ?? []) {
    if (u.trackedCount === 0) continue;
    const n = u.trackedCount;
    const what =
      u.constellation === undefined
        ? `${n} ${n === 1 ? "satellite" : "satellites"}, ${n === 1 ? "number" : "numbers"} unknown`
        : `${n} ${CONSTELLATION_NAME[u.constellation]}, ${u.constellation === "glonass" ? "slot" : "number"}${n === 1 ? "" : "s"} unknown`;
    const cn0 = u.cn0DbHz === undefined ? "" : `, ${n === 1 ? "" : "up to "}${Math.round(u.cn0DbHz)} dB-Hz`;
    parts.push(what + cn0);
  }
  return parts.length === 0 ? "" : ` (${parts.join("; ")})`;
}

export { hasSignal, heard };
