// Which cycle a receiver's untimed sentences (GSA, GSV, VTG) belong to: the one whose timed sentences (RMC,
// GGA, GLL, GNS) came before them, or the one whose timed sentences come after. The order alone cannot tell:
// "RMC GGA | GSV GSA VTG" repeating is also "GSV GSA VTG | RMC GGA" repeating. Their content can: a cycle's
// sentences describe one solution, so a GSA's HDOP, used count and mode, and a VTG's speed, track and mode
// letter, are those the timed sentences of its own cycle give. Where they differ from one cycle to the next
// (a vehicle's speed, a change of HDOP, a fix lost or regained), the untimed run between two cycles' timed
// sentences agrees with the cycle on one side only, and that is its cycle (cycles.ts rule 14).
//
// A run is judged once the timed sentences on both sides are complete: the cycle after it ends where the
// next run between cycles begins (a new time of day, or a timed type repeating). Runs between timed
// sentences of one cycle (u-blox's RMC VTG GGA, SiRF's GGA GLL GSA GSV RMC) are inside a cycle and say nothing.
import type { CycleRole } from "../parsing/registry.js";
import type { ReceiverMessage } from "../types.js";

/** What a group of sentences says that sentences of another type repeat. */
interface Said {
  /** 1: a fix, 0: no fix, -1: its sentences disagree */
  fix: number | undefined;
  hdop: number | undefined;
  speedKnots: number | undefined;
  trackDeg: number | undefined;
  used: number | undefined;
}

const emptySaid = (): Said => ({ fix: undefined, hdop: undefined, speedKnots: undefined, trackDeg: undefined, used: undefined });

function clearSaid(s: Said): void {
  s.fix = s.hdop = s.speedKnots = s.trackDeg = s.used = undefined;
}

function sayFix(s: Said, fix: boolean | undefined): void {
  if (fix === undefined) return;
  const v = fix ? 1 : 0;
  s.fix = s.fix === undefined || s.fix === v ? v : -1;
}

/** A FAA mode letter's word on the fix: N none, E/M/S a position that is no GNSS fix (no word), others a fix. */
function faaFix(faa: string | undefined): boolean | undefined {
  if (faa === undefined || faa === "") return undefined;
  const f = faa.toUpperCase();
  if (f === "N") return false;
  return f === "E" || f === "M" || f === "S" ? undefined : true;
}

/** What a timed sentence says of its cycle. */
function sayTimed(out: Said, s: ReceiverMessage): void {
  switch (s.sentenceId) {
    case "RMC":
    case "GLL": {
      // status V with an estimate mode (E, M, S) is a position of that kind, no word on a GNSS fix
      const faa = s.faaMode?.toUpperCase();
      if (faa !== "E" && faa !== "M" && faa !== "S") sayFix(out, faa === "N" ? false : s.status === undefined ? undefined : s.status === "valid");
      if (s.sentenceId === "RMC") {
        if (s.speedKnots !== undefined) out.speedKnots = s.speedKnots;
        if (s.trackTrueDeg !== undefined) out.trackDeg = s.trackTrueDeg;
      }
      return;
    }
    case "GGA":
      if (s.quality !== undefined) sayFix(out, s.quality === 0 ? false : s.quality <= 5 ? true : undefined);
      if (s.hdop !== undefined) out.hdop = s.hdop;
      if (s.satellitesUsed !== undefined) out.used = s.satellitesUsed;
      return;
    case "GNS": {
      const modes = s.modeIndicators ?? "";
      if (modes.length > 0) {
        // a fix when any system's letter is not N (no fix)
        let fix = false;
        for (let i = 0; i < modes.length && !fix; i++) fix = modes.charCodeAt(i) !== 78 && modes.charCodeAt(i) !== 110;
        sayFix(out, fix);
      }
      if (s.hdop !== undefined) out.hdop = s.hdop;
      if (s.satellitesUsed !== undefined) out.used = s.satellitesUsed;
      return;
    }
    default:
      return;
  }
}

/** What an untimed sentence says that a timed one of its cycle repeats. */
function sayUntimed(out: Said, s: ReceiverMessage, gsaBlock: { mode: number; used: number } | undefined): void {
  switch (s.sentenceId) {
    case "GSA":
      if (gsaBlock !== undefined) {
        // a block of GSAs (one per system) is one word: the best mode, the used satellites of all
        out.fix = gsaBlock.mode === 0 ? out.fix : gsaBlock.mode > 1 ? 1 : 0;
        out.used = gsaBlock.used;
      }
      if (s.hdop !== undefined) out.hdop = s.hdop;
      return;
    case "VTG":
      sayFix(out, faaFix(s.faaMode));
      if (s.speedKnots !== undefined) out.speedKnots = s.speedKnots;
      if (s.trackTrueDeg !== undefined) out.trackDeg = s.trackTrueDeg;
      return;
    default:
      return;
  }
}

/** Values a receiver prints with one or two decimals: equal within a rounding of the last digit. */
const close = (a: number, b: number): boolean => Math.abs(a - b) < 0.051;

/**
 * +1: the run agrees with the cycle after it only, -1: with the cycle before only, 0: no word. One field is
 * not enough (a value may agree by chance: a Garmin G5's RMC rounds its track to whole degrees, its VTG does
 * not); two are, or a "no fix" on its own: a GSA saying "no fix" beside an RMC saying "A" is a
 * contradiction no receiver means. A fix does not: a receiver's GSA may say 3D a cycle before its RMC turns
 * A (the i.Trek M3 in gpsd's iTrek.log sends RMC V, GSA 3, then RMC A), so that says nothing of the order.
 */
function judge(before: Said, run: Said, after: Said): number {
  let sum = 0;
  if (run.fix === 0 && before.fix !== after.fix && (before.fix === 1 || after.fix === 1)) sum += after.fix === 0 ? 2 : before.fix === 0 ? -2 : 0;
  sum += side(run.hdop, before.hdop, after.hdop, true);
  sum += side(run.speedKnots, before.speedKnots, after.speedKnots, true);
  sum += side(run.trackDeg, before.trackDeg, after.trackDeg, true);
  sum += side(run.used, before.used, after.used, false);
  return sum >= 2 ? 1 : sum <= -2 ? -1 : 0;
}

/** +1 when the run's value agrees with the cycle after only, -1 with the one before only (`rounded`: within rounding). */
function side(r: number | undefined, b: number | undefined, a: number | undefined, rounded: boolean): number {
  if (r === undefined || b === undefined || a === undefined) return 0;
  const withBefore = rounded ? close(r, b) : r === b;
  const withAfter = rounded ? close(r, a) : r === a;
  return withAfter && !withBefore ? 1 : withBefore && !withAfter ? -1 : 0;
}

/** The score (runs that lead less runs that trail) at which the order is taken as learned; it stays within ±LIMIT. */
const LEAD_AT = 2;
const LIMIT = 3;

export interface CycleOrder {
  /** One NMEA sentence of a cycle (not a neutral one, not a duplicate): `tod` its cycle time, if any. */
  observe(s: ReceiverMessage, key: string, role: CycleRole | undefined, tod: number | undefined): void;
  /** The untimed sentences between two cycles' timed sentences have been seen to begin the cycle after. */
  readonly untimedLead: boolean;
  /**
   * An untimed sentence (observed already) says "no fix" where the timed sentences just heard say fix (a GSA
   * mode 1 after an RMC "A"), and nothing seen says that the untimed sentences trail their cycle: it is the
   * first of the next cycle (also while the cycles are not yet closed at their last timed sentence). Before its content has told the order (a receiver at rest, whose values
   * repeat), this keeps the first loss of fix out of the last fixed epoch.
   */
  contradictsTimed(s: ReceiverMessage): boolean;
}

/** Talkers of one constellation: their GSA lists that system's satellites, its mode need not be the fix's. */
const ONE_SYSTEM_TALKERS = new Set(["GL", "GA", "GB", "BD", "GQ", "QZ", "GI", "PQ"]);

/** A GSA whose mode is the solution's: not one constellation's (by its talker or a system id beyond GPS). */
function solutionGsa(s: ReceiverMessage & { sentenceId: "GSA" }): boolean {
  return !ONE_SYSTEM_TALKERS.has(s.talker) && (s.systemId === undefined || s.systemId <= 1);
}

export function createCycleOrder(sameTime: (a: number, b: number) => boolean): CycleOrder {
  let score = 0;
  let lead = false;
  // the timed sentences of the cycle being heard, and of the one before
  let current = emptySaid();
  let currentTod: number | undefined;
  const currentKeys: string[] = [];
  /** The run between the cycle before and the current one, waiting for the current one to end (when `waiting`) */
  let waiting = false;
  let waitingBefore = emptySaid();
  let waitingRun = emptySaid();
  /** The untimed sentences since the last timed one */
  let run = emptySaid();
  let runLength = 0;
  /** The GSAs in a row so far: their best mode and their used satellites (one object, refilled per block) */
  const gsaBlock = { mode: 0, used: 0 };
  let previousWasGsa = false;

  const vote = (v: number): void => {
    score = Math.max(-LIMIT, Math.min(LIMIT, score + v));
    lead = lead ? score > 0 : score >= LEAD_AT;
  };

  return {
    get untimedLead() {
      return lead;
    },
    contradictsTimed(s) {
      if (score < 0 || runLength === 0) return false;
      if (s.sentenceId === "GSA") {
        // A GSA of one constellation (its talker or NMEA 4.10 system id) may say 1 for a system the fix does not use,
        // beside the fix's own 3D (`$GPGSA,A,3,…` `$GLGSA,A,1,,,…`): only a GSA of the whole solution, and the block's
        // best mode with the GSAs before it, say the fix is gone.
        // (observed already: the block's mode has this GSA's)
        return solutionGsa(s) && gsaBlock.mode === 1 && current.fix === 1;
      }
      return s.sentenceId === "VTG" && faaFix(s.faaMode) === false && current.fix === 1;
    },
    observe(s, key, role, tod) {
      const isGsa = s.sentenceId === "GSA";
      if (isGsa) {
        const mode = s.fixMode ?? 0;
        const used = s.satelliteIds.length;
        if (previousWasGsa) {
          gsaBlock.mode = Math.max(gsaBlock.mode, mode);
          gsaBlock.used += used;
        } else {
          gsaBlock.mode = mode;
          gsaBlock.used = used;
        }
      }
      previousWasGsa = isGsa;
      if (role === "timed") {
        const newCycle = currentKeys.includes(key) || (tod !== undefined && currentTod !== undefined && !sameTime(tod, currentTod));
        if (newCycle) {
          if (waiting) vote(judge(waitingBefore, waitingRun, current));
          // the objects the judged run was in hold the next cycle's (no allocation per cycle)
          const freeBefore = waitingBefore;
          const freeRun = waitingRun;
          waiting = runLength > 0;
          waitingBefore = current;
          waitingRun = run;
          current = freeBefore;
          run = freeRun;
          clearSaid(current);
          clearSaid(run);
          currentTod = undefined;
          currentKeys.length = 0;
        } else {
          // a run between timed sentences of one cycle is inside it
          clearSaid(run);
        }
        runLength = 0;
        currentKeys.push(key);
        if (tod !== undefined) currentTod ??= tod;
        sayTimed(current, s);
        return;
      }
      if (role !== "once" && role !== "part") return;
      runLength++;
      sayUntimed(run, s, isGsa ? gsaBlock : undefined);
    },
  };
}
