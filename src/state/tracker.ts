// The tracker: a pure reducer from sentences to epochs, fix state, TTFF, start type and satellites.
// No timers and no wall clock: every time comes in as an argument (or from the sentences themselves
// with timeBase "sentence").
import type {
  ChangedKey,
  Dop,
  Epoch,
  FixMode,
  FixQuality,
  FixState,
  GgaQuality,
  Satellite,
  SatelliteView,
  Sentence,
  Signal,
  StartInfo,
  TrackerEvent,
  TrackerState,
  TrackerUpdate,
  TtffInfo,
} from "../types.js";
import { addExtras, applyAttitude, FAA_QUALITY, garminErrors, skytraqRtkStatus, type Extras } from "./extras.js";
import { transition, type FixInput } from "./fix-machine.js";
import { createSkyAssembler } from "./satellites.js";
import { commandedStart, emptyEvidence, inferStart, observeEpoch, type StartEvidence } from "./start-type.js";
import { advanceSentenceClock, resolveTime, setDate, type SentenceClock, type UtcDate } from "./time.js";
import { beforeRollover, GPS_WEEK_ROLLOVER_MS, RELEASE_DATE_MS } from "./week-rollover.js";

export interface TrackerOptions {
  /** Floor of the staleness threshold max(2 × epoch interval, floor); default 1500 ms (gpstest). */
  staleFloorMs?: number;
  /**
   * "receive": nowMs arguments are the clock (live sources, stamped logs, the simulator's clock).
   * "sentence": a plain log replayed as fast as possible: ignore nowMs and use the sentences' own UTC times
   * (time of day unwrapped across midnight, so the clock is monotonic) as the clock.
   */
  timeBase?: "receive" | "sentence";
  /** Add 1024 GPS weeks to every date the receiver sends (a receiver the week rollover sent back 19.6 years). */
  weekRolloverFix?: boolean;
}

export interface Tracker {
  /** The source opened: the TTFF clock starts here. */
  open(nowMs: number): TrackerUpdate;
  /** A restart was commanded (cold/warm/hot/factory): TTFF restarts, start type = commanded. */
  restart(start: "cold" | "warm" | "hot" | "factory", nowMs: number): TrackerUpdate;
  update(sentence: Sentence, nowMs: number): TrackerUpdate;
  /** Time passes without data: staleness (fix lost) is detected here too. */
  tick(nowMs: number): TrackerUpdate;
  /** End of input: close the pending epoch. */
  end(nowMs: number): TrackerUpdate;
  /**
   * The clock changed under the tracker (a stream's receive-time stamps began after unstamped lines): times
   * before and after do not compare. A TTFF not yet known is not measured in seconds if cycles went by.
   */
  clockReplaced(nowMs: number): TrackerUpdate;
  readonly state: TrackerState;
}

const KNOTS_TO_MPS = 1852 / 3600;
/** Time-of-day differences below this are the same cycle (gpsd: 10 ms). */
const SAME_TIME_MS = 10;
/** A time step longer than this between two cycles is a gap, not a cycle (no ender is learned from it). */
const MAX_CYCLE_MS = 30_000;
/** gpsd's UERE constants (libgpsd_core.c), metres at 95 %. */
const UERE = { h: 19.0, v: 23.0, hDgps: 4.75, vDgps: 5.75 };
const QUALIFYING: ReadonlySet<FixQuality> = new Set(["autonomous", "dgps", "pps", "rtk-fixed", "rtk-float"]);
const GGA_QUALITY: Record<GgaQuality, FixQuality> = {
  0: "none", 1: "autonomous", 2: "dgps", 3: "pps", 4: "rtk-fixed", 5: "rtk-float", 6: "dead-reckoning", 7: "manual", 8: "simulated",
};
/** Sentences that say something about one cycle's solution; a second one from the same talker starts a new cycle. */
const ONCE_PER_CYCLE = new Set(["GGA", "RMC", "GLL", "GNS", "VTG", "ZDA", "GST", "GBS"]);
/** Sentences that carry nothing for the epoch (text, datum, proprietary replies). */
const NEUTRAL = new Set(["TXT", "DTM", "PMTK", "PUBX", "PSRF", "PAIR", "PQTM"]);

/** The sentence's time of day, for the sentences that take part in cycle detection (gpsd: not GST). */
function cycleTimeOf(s: Sentence): number | undefined {
  switch (s.sentenceId) {
    case "GGA":
    case "RMC":
    case "GLL":
    case "GNS":
    case "ZDA":
    case "GBS":
      return s.timeOfDayMs;
    default:
      return undefined;
  }
}

const validDop = (v: number | undefined): v is number => v !== undefined && v >= 0.01 && v <= 89.99;

interface Pending {
  sentenceIds: string[];
  onceKeys: Set<string>;
  timeOfDayMs?: number;
  lastClockMs?: number;
  mode?: FixMode;
  /** The mode came from an explicit "no fix" (GGA quality 0, RMC/GLL V, GSA 1, GNS all N) */
  noFixReported: boolean;
  /** The mode came from GSA (authoritative: GGA/RMC/GLL votes do not change it) */
  modeFromGsa: boolean;
  quality?: FixQuality;
  qualityFromGga: boolean;
  latitudeDeg?: number;
  longitudeDeg?: number;
  altitudeMslM?: number;
  geoidSeparationM?: number;
  speedMps?: number;
  trackTrueDeg?: number;
  magneticVariationDeg?: number;
  latitudeErrorM?: number;
  longitudeErrorM?: number;
  altitudeErrorM?: number;
  dgpsAgeS?: number;
  dgpsStationId?: string;
  satellitesUsed?: number;
  /** Heading, attitude, RTK status, Garmin's spherical error (extras.ts) */
  extras?: Extras;
}

/*
 * End-of-cycle detection (gpsd's "end-of-cycle detector", domain.md §4.7).
 *
 * Assumption: the sentences of one receiver cycle share one UTC time of day, and the timestamped
 * sentence that comes last in a cycle always comes last. So:
 *   1. a timestamped sentence whose time of day differs from the pending epoch's closes that epoch,
 *      and the sentence seen just before it (talker + id; a GSV only as the last part of its group) is
 *      learned as a cycle ender. Unlike gpsd, which learns the last *timestamped* type, this keeps the
 *      GSA/GSV a receiver sends after its RMC in the cycle they describe (Quectel: GGA VTG RMC GSA GSV);
 *   2. once learned, the ender closes the epoch as soon as it arrives (no one-sentence delay);
 *   3. before anything is learned, and for receivers that send no time (Quectel `$GPGGA,,,,,,0,...`),
 *      a second GGA/RMC/GLL/GNS/VTG/ZDA/GST/GBS from the same talker starts a new epoch;
 *   4. GSV and GSA carry no time, so a multi-part group never starts or ends an epoch by its time;
 *   5. a timed sentence carrying the time of the epoch just reported is late: it neither reopens nor
 *      overwrites that epoch and makes no second epoch for that time (gpsd never re-reports a time); only
 *      its date is kept. Right after an ender it also unlearns that ender (as an untimed sentence does);
 *   6. a time step over 30 s (receiver restart, gap in the log) teaches no ender: that cycle was cut short;
 *   7. a type that closed a cycle too early (untimed or same-time sentences went on after it) is never
 *      learned again: such a receiver sends GSA/GSV after its last timed sentence only every few seconds,
 *      and its cycles then close when the time changes;
 *   8. the untimed sentences after such a premature close belong to the cycle it closed: when they changed
 *      the sky, a `satellites` event with the completed view follows once the next time begins (the
 *      epoch itself is out already; decode --format gpsd prints that epoch's SKY again, as gpsd does);
 *   9. before the receiver sends any time (cold start), a repeated sentence teaches the ender as a time
 *      change would (the sentence before it), so the cycles are in step when time comes; a commanded
 *      restart cuts the cycle without making its remaining sentences late;
 *  10. a sentence whose text is that of the sentence just before it, within a cycle that has a time (and
 *      carrying no other time), or right after it closed a cycle as its ender, is a transmission duplicate
 *      (a multiplexer repeating a line: the B&G Zeus2 9 of gpsd's bundg_zeus_9.log sends one VTG twice): it
 *      is dropped, neither applied again nor taken for the next cycle as rule 3 would. A receiver without
 *      time repeating one sentence (`$GPGGA,,,,,,0,...` alone each second) still makes an epoch per repeat.
 * Failure cases: a type that comes last in some cycles but mid-cycle in others (Garmin eXplorist 210 in
 * gpsd's comment; a GPGSV followed by a GLGSV only when GLONASS is in view) would split a cycle; when an
 * ender closes an epoch and the next sentence is untimed or has the same time of day, that type is
 * unlearned, so the split happens once and that cycle closes on the time change instead. A receiver that
 * spreads one GSV set over several seconds (Garmin 17N) shows a partial view in between. A sentence
 * with a late time (ZDA one or two seconds ahead, as the Ashtech AC12 sends) forms an epoch of its own.
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const staleFloorMs = options.staleFloorMs ?? 1500;
  const timeBase = options.timeBase ?? "receive";

  const sky = createSkyAssembler();
  const date: UtcDate = options.weekRolloverFix === true ? { offsetMs: GPS_WEEK_ROLLOVER_MS } : {};
  /** The week-rollover event is given once. */
  let rolloverSaid = false;
  const sentenceClock: SentenceClock = { days: 0 };
  const enders = new Set<string>();
  /** Types that once closed a cycle too early (the cycle went on after them): never learned again. */
  const notEnders = new Set<string>();
  /** Talker + id keys, made once per pair: the sets below then hash the same few strings every time. */
  const keys = new Map<string, Map<string, string>>();
  const sentenceKey = (talker: string, id: string): string => {
    let byId = keys.get(talker);
    if (byId === undefined) keys.set(talker, (byId = new Map()));
    let key = byId.get(id);
    if (key === undefined) byId.set(id, (key = talker + id));
    return key;
  };
  const learn = (key: string): void => {
    if (!notEnders.has(key)) enders.add(key);
  };
  const unlearn = (key: string): void => {
    enders.delete(key);
    notEnders.add(key);
  };
  const dop: Dop = {};
  let fixState: FixState = { kind: "idle" };
  let ttff: TtffInfo = {};
  let ttffStartPending = false;
  /** Epochs closed since the TTFF start, and those closed while it waited for a first clock (plain logs). */
  let cyclesSinceStart = 0;
  let cyclesWithoutClock = 0;
  let start: StartInfo = { type: "unknown", basis: "none", evidence: [] };
  let startCommanded = false;
  let evidence: StartEvidence = emptyEvidence();
  let pending: Pending | undefined;
  /** The last sentence of the pending cycle (a GSV only once its group is complete) */
  let lastSentenceKey: string | undefined;
  /** Set when an ender closed an epoch: its time of day and the ender's key (split detection) */
  let closedByEnder: { todMs: number; key: string } | undefined;
  /**
   * The sky of the epoch an ender closed too early: the untimed sentences that went on after it (a GSV set
   * sent every few seconds after the learned ender) belong to that cycle. Set while they come in.
   */
  let tailOf: SatelliteView | undefined;
  let lastEpoch: Epoch | undefined;
  /** Time of day of the last epoch closed with a time: a later sentence with that time is late. */
  let lastClosedTodMs: number | undefined;
  let lastFixEpoch: Epoch | undefined;
  let lastFixAtMs: number | undefined;
  let lastEpochClockMs: number | undefined;
  const intervals: number[] = [];
  let epochCount = 0;
  let fixCount = 0;
  let reacquisitions = 0;
  let lastGgaKey: string | undefined;
  let lastGgaTodMs: number | undefined;
  let gsaBlockMode: 1 | 2 | 3 | undefined;
  let previousSentenceId: string | undefined;
  /** The text of the sentence before this one (transmission-duplicate detection). */
  let previousRaw: string | undefined;
  let lastSkyView: SatelliteView | undefined;
  /** The state snapshot is built when someone reads it, not once per sentence (the hot path). */
  let state: TrackerState | undefined;

  function snapshot(): TrackerState {
    const s: TrackerState = {
      fixState,
      ttff: { ...ttff },
      start,
      satellites: sky.view(),
      epochCount,
      fixCount,
      reacquisitions,
    };
    if (lastEpoch) s.lastEpoch = lastEpoch;
    if (date.dateMs !== undefined) s.dateMs = date.dateMs;
    return s;
  }

  interface Ctx {
    events: TrackerEvent[];
    changed: Set<ChangedKey>;
  }
  // Most sentences change nothing visible: they share one empty set (never mutated here).
  const unchanged = new Set<ChangedKey>();
  const newCtx = (): Ctx => ({ events: [], changed: unchanged });
  const mark = (ctx: Ctx, key: ChangedKey): void => {
    if (ctx.changed === unchanged) ctx.changed = new Set<ChangedKey>();
    ctx.changed.add(key);
  };
  const currentState = (): TrackerState => (state ??= snapshot());
  // Most sentences produce no event: they all get this one update (its event list is frozen, never shared out mutable).
  const quiet = new LazyUpdate(currentState, unchanged, Object.freeze([]) as unknown as TrackerEvent[]);
  // update() is not re-entrant: it works in this one context, whose lists are handed out only when used.
  const sentenceCtx: Ctx = newCtx();
  const finish = (ctx: Ctx): TrackerUpdate => {
    state = undefined;
    if (ctx.events.length === 0 && ctx.changed === unchanged) return quiet;
    const out = new LazyUpdate(currentState, ctx.changed, ctx.events);
    if (ctx === sentenceCtx) {
      sentenceCtx.events = [];
      sentenceCtx.changed = unchanged;
    }
    return out;
  };

  function move(ctx: Ctx, input: FixInput): void {
    const next = transition(fixState, input);
    if (next === fixState) return;
    fixState = next;
    ctx.events.push({ type: "state", fixState: next, atMs: input.atMs });
  }

  let staleThresholdCache: number | undefined;
  function staleThresholdMs(): number {
    return (staleThresholdCache ??= computeStaleThresholdMs());
  }
  function computeStaleThresholdMs(): number {
    if (intervals.length === 0) return staleFloorMs;
    const sorted = [...intervals].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)] ?? 0;
    return Math.max(2 * median, staleFloorMs);
  }

  function checkStale(ctx: Ctx, nowMs: number): void {
    if (fixState.kind !== "fixed" || lastFixAtMs === undefined) return;
    if (nowMs - lastFixAtMs <= staleThresholdMs()) return;
    move(ctx, { kind: "stale", atMs: nowMs, lastFixAtMs });
    ctx.events.push({ type: "fix-lost", reason: "stale", atMs: nowMs });
  }

  function updateStart(ctx: Ctx, atMs: number): void {
    if (startCommanded) return;
    const next = inferStart(evidence);
    if (next.type === start.type && next.basis === start.basis && sameStrings(next.evidence, start.evidence)) return;
    start = next;
    ctx.events.push({ type: "start", start, atMs });
  }

  /**
   * The first clock of a log read on its sentences' times. Called once this sentence has closed what it
   * closes: if whole cycles went by before it, the start lies among them and no clock says when it was.
   */
  function startTtffAt(clock: number): void {
    ttffStartPending = false;
    if (cyclesWithoutClock > 0) {
      ttff.untimedCycles = cyclesWithoutClock;
    } else {
      ttff.startedAtMs = clock;
    }
    if (fixState.kind === "searching") fixState = { kind: "searching", sinceMs: clock };
  }

  function beginTtff(ctx: Ctx, nowMs: number | undefined): void {
    ttff = {};
    evidence = emptyEvidence();
    cyclesSinceStart = 0;
    cyclesWithoutClock = 0;
    if (nowMs === undefined) {
      ttffStartPending = true;
      move(ctx, { kind: "open", atMs: 0 });
      return;
    }
    ttffStartPending = false;
    ttff.startedAtMs = nowMs;
    move(ctx, { kind: "open", atMs: nowMs });
  }

  /** The clock for this moment; a receive clock that reads NaN has no time yet (a replay before its first time). */
  function sentenceNow(nowMs: number): number | undefined {
    if (timeBase === "sentence") return sentenceClock.nowMs;
    return Number.isFinite(nowMs) ? nowMs : undefined;
  }

  // ───────────── epochs ─────────────

  /**
   * `atCycleEnd`: the cycle is known to be over (its ender came, a new time began, a sentence repeated),
   * so a later sentence with its time is late. Not so when a restart or silence cut it (a receiver
   * restarted by command goes on with the cycle it was in).
   */
  function closeEpoch(ctx: Ctx, fallbackClockMs: number | undefined, atCycleEnd = false): void {
    const p = pending;
    pending = undefined;
    if (!p || p.sentenceIds.length === 0) return;
    tailOf = undefined; // the sentences after a premature close made an epoch of their own
    const atMs = p.lastClockMs ?? fallbackClockMs ?? lastEpochClockMs ?? 0;
    let mode: FixMode = p.mode ?? "none";
    // Some receivers (Quectel L76, Telit) send GSA mode 2 while solving in 3D: with an altitude and
    // ≥ 4 satellites used, the cycle is 3D whatever the GSA says (gpsd keeps 3D there as well).
    const usedInCycle = Math.max(p.satellitesUsed ?? 0, sky.hasGsa ? sky.usedCount() : 0);
    if (mode === "2d" && p.modeFromGsa && p.altitudeMslM !== undefined && usedInCycle >= 4) mode = "3d";
    const quality: FixQuality = mode === "none" ? "none" : (p.quality ?? "autonomous");
    const isFix = mode !== "none" && QUALIFYING.has(quality);
    const view = sky.view();

    const epoch: Epoch = {
      receivedAtMs: atMs,
      mode,
      quality,
      fixState,
      dop: {},
      satellites: view,
      sentenceIds: p.sentenceIds,
    };
    if (p.timeOfDayMs !== undefined) {
      epoch.timeOfDayMs = p.timeOfDayMs;
      const t = resolveTime(date, p.timeOfDayMs);
      if (t !== undefined) epoch.timeMs = t;
      if (t !== undefined && !rolloverSaid && beforeRollover(t)) {
        rolloverSaid = true;
        ctx.events.push({ type: "week-rollover", dateMs: t, referenceMs: RELEASE_DATE_MS, atMs });
      }
    }
    if (mode !== "none") {
      if (p.latitudeDeg !== undefined && p.longitudeDeg !== undefined) {
        epoch.latitudeDeg = p.latitudeDeg;
        epoch.longitudeDeg = p.longitudeDeg;
      }
      if (p.altitudeMslM !== undefined) {
        epoch.altitudeMslM = p.altitudeMslM;
        if (p.geoidSeparationM !== undefined) epoch.altitudeHaeM = p.altitudeMslM + p.geoidSeparationM;
      }
      if (p.geoidSeparationM !== undefined) epoch.geoidSeparationM = p.geoidSeparationM;
      if (p.speedMps !== undefined) epoch.speedMps = p.speedMps;
      if (p.trackTrueDeg !== undefined) epoch.trackTrueDeg = p.trackTrueDeg;
      if (p.magneticVariationDeg !== undefined) epoch.magneticVariationDeg = p.magneticVariationDeg;
      if (p.dgpsAgeS !== undefined) epoch.dgpsAgeS = p.dgpsAgeS;
      if (p.dgpsStationId !== undefined) epoch.dgpsStationId = p.dgpsStationId;
    }
    if (dop.hdop !== undefined) epoch.dop.hdop = dop.hdop;
    if (dop.vdop !== undefined) epoch.dop.vdop = dop.vdop;
    if (dop.pdop !== undefined) epoch.dop.pdop = dop.pdop;
    if (p.extras !== undefined) addExtras(epoch, p.extras, mode !== "none");
    if (p.latitudeErrorM !== undefined) epoch.latitudeErrorM = p.latitudeErrorM;
    if (p.longitudeErrorM !== undefined) epoch.longitudeErrorM = p.longitudeErrorM;
    if (p.altitudeErrorM !== undefined) epoch.altitudeErrorM = p.altitudeErrorM;
    if (mode !== "none") {
      const dgps = quality === "dgps" || quality === "rtk-fixed" || quality === "rtk-float";
      if (p.latitudeErrorM !== undefined && p.longitudeErrorM !== undefined) {
        // 2DRMS: about 95 % for a horizontal error from the two 1-sigma components
        epoch.ephM = 2 * Math.hypot(p.latitudeErrorM, p.longitudeErrorM);
      } else if (dop.hdop !== undefined) {
        epoch.ephM = dop.hdop * (dgps ? UERE.hDgps : UERE.h);
      }
      if (mode === "3d") {
        if (p.altitudeErrorM !== undefined) epoch.epvM = 1.96 * p.altitudeErrorM;
        else if (dop.vdop !== undefined) epoch.epvM = dop.vdop * (dgps ? UERE.vDgps : UERE.v);
      }
    }
    const used = p.satellitesUsed ?? (sky.hasGsa ? view.usedCount : undefined);
    if (used !== undefined) epoch.satellitesUsed = used;
    if (mode === "3d" && epoch.altitudeHaeM !== undefined && lastFixEpoch?.altitudeHaeM !== undefined) {
      const dt = epochSeconds(epoch, lastFixEpoch);
      if (dt !== undefined && dt > 0) {
        const climb = (epoch.altitudeHaeM - lastFixEpoch.altitudeHaeM) / dt;
        if (Math.abs(climb) < 9999.9) epoch.climbMps = climb;
      }
    }

    // fix state, TTFF, events
    const events: TrackerEvent[] = [];
    if (isFix && (mode === "2d" || mode === "3d")) {
      if (fixState.kind === "lost" && lastFixAtMs !== undefined) {
        reacquisitions++;
        events.push({ type: "reacquired", gapMs: atMs - lastFixAtMs, atMs });
      }
      const before = ctx.events.length;
      move(ctx, { kind: "fix", mode, quality, atMs });
      events.push(...ctx.events.splice(before));
      fixCount++;
      lastFixAtMs = atMs;
      events.push({ type: "fix", mode, quality, atMs });
      if (ttff.startedAtMs === undefined && ttff.untimedCycles !== undefined && ttff.cyclesBeforeFix === undefined) {
        // The start lies among cycles without any clock: when the first fix came is all that is known.
        observeEpoch(evidence, { hasTime: p.timeOfDayMs !== undefined, isFix: true, satellites: view });
        ttff.cyclesBeforeFix = cyclesSinceStart;
        evidence.cyclesBeforeFix = cyclesSinceStart;
        events.push({ type: "first-fix", cyclesBeforeFix: cyclesSinceStart, mode, atMs });
      }
      if (ttff.startedAtMs !== undefined) {
        const elapsed = Math.max(0, atMs - ttff.startedAtMs);
        if (ttff.ttffMs === undefined) {
          observeEpoch(evidence, { hasTime: p.timeOfDayMs !== undefined, isFix: true, satellites: view });
          ttff.ttffMs = elapsed;
          ttff.first2dMs = elapsed;
          evidence.ttffMs = elapsed;
          events.push({ type: "first-fix", ttffMs: elapsed, mode, atMs });
        }
        if (mode === "3d" && ttff.first3dMs === undefined) {
          ttff.first3dMs = elapsed;
          events.push({ type: "first-3d", ttffMs: elapsed, atMs });
        }
      }
    } else {
      if (ttff.ttffMs === undefined) observeEpoch(evidence, { hasTime: p.timeOfDayMs !== undefined, isFix: false, satellites: view });
      if (p.noFixReported && mode === "none") {
        const wasFixed = fixState.kind === "fixed";
        const before = ctx.events.length;
        move(ctx, { kind: "no-fix", atMs, lastFixAtMs: lastFixAtMs ?? atMs });
        events.push(...ctx.events.splice(before));
        if (wasFixed) events.push({ type: "fix-lost", reason: "no-fix-reported", atMs });
      }
    }
    epoch.fixState = fixState;

    // what changed since the last epoch
    const prev = lastEpoch;
    if (!prev || prev.latitudeDeg !== epoch.latitudeDeg || prev.longitudeDeg !== epoch.longitudeDeg || prev.altitudeMslM !== epoch.altitudeMslM) {
      mark(ctx, "position");
    }
    if (!prev || prev.dop.hdop !== epoch.dop.hdop || prev.dop.vdop !== epoch.dop.vdop || prev.dop.pdop !== epoch.dop.pdop) mark(ctx, "dop");
    if (!prev || prev.timeOfDayMs !== epoch.timeOfDayMs || prev.timeMs !== epoch.timeMs) mark(ctx, "time");
    if (!prev || prev.mode !== epoch.mode || prev.quality !== epoch.quality) mark(ctx, "mode");
    if (!prev || prev.speedMps !== epoch.speedMps || prev.trackTrueDeg !== epoch.trackTrueDeg || prev.climbMps !== epoch.climbMps) mark(ctx, "velocity");
    if (!prev || prev.ephM !== epoch.ephM || prev.epvM !== epoch.epvM || prev.latitudeErrorM !== epoch.latitudeErrorM || prev.altitudeErrorM !== epoch.altitudeErrorM) {
      mark(ctx, "errors");
    }
    const skyChanged = !sameSky(lastSkyView, view);
    lastSkyView = view;
    if (skyChanged) mark(ctx, "satellites");

    ctx.events.push({ type: "epoch", epoch });
    if (skyChanged) ctx.events.push({ type: "satellites", satellites: view, atMs });
    ctx.events.push(...events);
    updateStart(ctx, atMs);

    if (lastEpochClockMs !== undefined && atMs > lastEpochClockMs && p.timeOfDayMs !== undefined) {
      intervals.push(atMs - lastEpochClockMs);
      if (intervals.length > 5) intervals.shift();
      staleThresholdCache = undefined;
    }
    if (p.timeOfDayMs !== undefined) {
      lastEpochClockMs = atMs;
      lastClosedTodMs = atCycleEnd ? p.timeOfDayMs : undefined;
    }
    lastEpoch = epoch;
    if (isFix) lastFixEpoch = epoch;
    epochCount++;
    cyclesSinceStart++;
    if (ttffStartPending) cyclesWithoutClock++;
  }

  // ───────────── sentences ─────────────

  /** Mode vote: 2D from a sentence that cannot tell 2D from 3D never downgrades a 3D (gpsd). */
  function vote(p: Pending, mode: FixMode, explicitNoFix: boolean, authoritative: boolean): void {
    if (mode === "none") {
      p.mode = "none";
      p.noFixReported = explicitNoFix;
      p.modeFromGsa = authoritative && gsaBlockMode !== undefined;
      return;
    }
    if (!authoritative && p.modeFromGsa && p.mode !== "none") return;
    p.noFixReported = false;
    p.modeFromGsa = authoritative && gsaBlockMode !== undefined;
    const current = p.mode ?? lastEpoch?.mode;
    if (mode === "2d" && !authoritative && current === "3d") {
      p.mode = "3d";
      return;
    }
    p.mode = mode;
  }

  function setQuality(p: Pending, q: FixQuality | undefined, fromGga: boolean): void {
    if (q === undefined) return;
    if (!fromGga && p.qualityFromGga) return;
    p.quality = q;
    p.qualityFromGga = fromGga;
  }

  function setPosition(p: Pending, lat: number | undefined, lon: number | undefined): boolean {
    if (lat === undefined || lon === undefined) return false;
    p.latitudeDeg = lat;
    p.longitudeDeg = lon;
    return true;
  }

  function apply(p: Pending, s: Sentence, clockTodMs: number | undefined): void {
    switch (s.sentenceId) {
      case "GGA": {
        const key = s.talker;
        const stuck = lastGgaKey === key && s.timeOfDayMs !== undefined && lastGgaTodMs === s.timeOfDayMs;
        lastGgaKey = key;
        lastGgaTodMs = s.timeOfDayMs;
        if (s.quality !== undefined) setQuality(p, GGA_QUALITY[s.quality], true);
        // several GGAs per cycle (GPGGA + GAGGA, SiRFstarV) carry per-system counts: keep the largest
        if (s.satellitesUsed !== undefined) p.satellitesUsed = Math.max(p.satellitesUsed ?? 0, s.satellitesUsed);
        if (validDop(s.hdop)) dop.hdop = s.hdop;
        if (s.altitudeMslM !== undefined) p.altitudeMslM = s.altitudeMslM;
        if (s.geoidSeparationM !== undefined) p.geoidSeparationM = s.geoidSeparationM;
        if (s.dgpsAgeS !== undefined) p.dgpsAgeS = s.dgpsAgeS;
        if (s.dgpsStationId !== undefined) p.dgpsStationId = s.dgpsStationId;
        const hasPosition = setPosition(p, s.latitudeDeg, s.longitudeDeg);
        if (stuck) {
          // a GGA whose time does not advance: a receiver latched on its last fix (Trimble Placer 450)
          vote(p, "none", true, true);
        } else if (s.quality === 0) {
          vote(p, "none", true, true);
        } else if (!hasPosition || (s.satellitesUsed !== undefined && s.satellitesUsed < 3 && (s.talker === "GP" || s.talker === "GN"))) {
          vote(p, "none", false, true);
        } else {
          vote(p, s.altitudeMslM !== undefined && (s.satellitesUsed ?? 0) >= 4 ? "3d" : "2d", false, false);
        }
        sky.ggaSatellitesUsed(s.satellitesUsed);
        break;
      }
      case "GNS": {
        if (s.satellitesUsed !== undefined) p.satellitesUsed = s.satellitesUsed;
        if (validDop(s.hdop)) dop.hdop = s.hdop;
        if (s.altitudeMslM !== undefined) p.altitudeMslM = s.altitudeMslM;
        if (s.geoidSeparationM !== undefined) p.geoidSeparationM = s.geoidSeparationM;
        if (s.dgpsAgeS !== undefined) p.dgpsAgeS = s.dgpsAgeS;
        if (s.dgpsStationId !== undefined) p.dgpsStationId = s.dgpsStationId;
        const modes = (s.modeIndicators ?? "").toUpperCase();
        const active = [...modes].find((c) => c !== "N");
        const hasPosition = setPosition(p, s.latitudeDeg, s.longitudeDeg);
        if (modes.length > 0 && active === undefined) {
          vote(p, "none", true, true);
        } else if (!hasPosition) {
          vote(p, "none", false, true);
        } else {
          if (active !== undefined) setQuality(p, FAA_QUALITY[active], false);
          vote(p, s.altitudeMslM !== undefined && (s.satellitesUsed ?? 0) >= 4 ? "3d" : "2d", false, false);
        }
        break;
      }
      case "RMC": {
        if (s.dateMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs ?? clockTodMs);
        if (s.speedKnots !== undefined) p.speedMps = s.speedKnots * KNOTS_TO_MPS;
        if (s.trackTrueDeg !== undefined) p.trackTrueDeg = s.trackTrueDeg;
        if (s.magneticVariationDeg !== undefined && Math.abs(s.magneticVariationDeg) > 0.09) p.magneticVariationDeg = s.magneticVariationDeg;
        const faa = s.faaMode?.toUpperCase();
        if (s.status !== "valid" || faa === "N") {
          vote(p, "none", true, true);
          break;
        }
        if (!setPosition(p, s.latitudeDeg, s.longitudeDeg)) {
          vote(p, "none", false, true);
          break;
        }
        setQuality(p, faa !== undefined ? (FAA_QUALITY[faa] ?? "autonomous") : "autonomous", false);
        const usedNow = sky.hasGsa ? sky.usedCount() : p.satellitesUsed;
        const altitudeKnown = p.altitudeMslM !== undefined || lastEpoch?.altitudeMslM !== undefined;
        vote(p, (usedNow ?? 0) > 3 || altitudeKnown ? "3d" : "2d", false, false);
        break;
      }
      case "GLL": {
        const faa = s.faaMode?.toUpperCase();
        if (s.status === "invalid" || faa === "N") {
          vote(p, "none", true, true);
          break;
        }
        if (s.status !== "valid" || !setPosition(p, s.latitudeDeg, s.longitudeDeg)) break;
        if (faa !== undefined) setQuality(p, FAA_QUALITY[faa], false);
        vote(p, "2d", false, false);
        break;
      }
      case "GSA": {
        if (validDop(s.pdop)) dop.pdop = s.pdop;
        if (validDop(s.hdop)) dop.hdop = s.hdop;
        if (validDop(s.vdop)) dop.vdop = s.vdop;
        if (s.fixMode !== undefined) {
          const blockMode = previousSentenceId === "GSA" && gsaBlockMode !== undefined ? Math.max(gsaBlockMode, s.fixMode) : s.fixMode;
          gsaBlockMode = blockMode as 1 | 2 | 3;
          if (blockMode === 1) vote(p, "none", true, true);
          else vote(p, blockMode === 3 ? "3d" : "2d", false, true);
        }
        sky.gsa(s);
        break;
      }
      case "GSV":
        sky.gsv(s);
        break;
      case "VTG":
        if (s.speedKnots !== undefined) p.speedMps = s.speedKnots * KNOTS_TO_MPS;
        else if (s.speedKmh !== undefined) p.speedMps = s.speedKmh / 3.6;
        if (s.trackTrueDeg !== undefined) p.trackTrueDeg = s.trackTrueDeg;
        break;
      case "ZDA":
        if (s.dateMs !== undefined && s.timeOfDayMs !== undefined) setDate(date, s.dateMs, s.timeOfDayMs);
        break;
      case "PGRMZ":
        // Garmin's altitude: the latest altitude of the cycle wins, as between several GGAs (gpsd does the same).
        // Its dimension 3 lifts a 2D position (GLL-only cycles) to 3D; it never turns a cycle the position
        // sentences called invalid (RMC/GLL V, Garmin's simulator mode) into a fix.
        if (s.altitudeMslM !== undefined) p.altitudeMslM = s.altitudeMslM;
        if (s.fixMode === 3 && s.altitudeMslM !== undefined && p.mode === "2d") vote(p, "3d", false, false);
        break;
      case "GST":
        if (s.latitudeErrorM !== undefined) p.latitudeErrorM = s.latitudeErrorM;
        if (s.longitudeErrorM !== undefined) p.longitudeErrorM = s.longitudeErrorM;
        if (s.altitudeErrorM !== undefined) p.altitudeErrorM = s.altitudeErrorM;
        break;
      // Heading and vendor sentences (extras.ts): values for the pending cycle, no part in cycle detection.
      case "HDT":
      case "THS":
      case "ROT":
      case "PSTI032":
      case "PSTI036":
        applyAttitude((p.extras ??= {}), s);
        break;
      case "PGRME": {
        const e = garminErrors(s);
        if (e.horizontalSigmaM !== undefined) p.latitudeErrorM = p.longitudeErrorM = e.horizontalSigmaM;
        if (e.verticalSigmaM !== undefined) p.altitudeErrorM = e.verticalSigmaM;
        if (e.spherical95M !== undefined) (p.extras ??= {}).sphericalErrorM = e.spherical95M;
        break;
      }
      case "PSTI030": {
        // its position repeats the cycle's GGA/RMC; its mode refines the quality as RMC's does (GGA's wins)
        const rtk = skytraqRtkStatus(s);
        if (rtk?.quality !== undefined) setQuality(p, rtk.quality, false);
        if (rtk?.ageS !== undefined) p.dgpsAgeS = rtk.ageS;
        if (rtk?.ratio !== undefined) (p.extras ??= {}).rtkRatio = rtk.ratio;
        break;
      }
      default:
        break;
    }
  }

  /**
   * The sentences after an ender that closed its cycle too early are over (a new time came): when they
   * changed the sky, a `satellites` event reports the view the epoch just reported should have had
   * (gpsd reports that GSV set with that epoch's time too).
   */
  function endTail(ctx: Ctx, clock: number | undefined): void {
    const before = tailOf;
    tailOf = undefined;
    const view = sky.view();
    if (before === undefined || sameSky(before, view)) return;
    lastSkyView = view;
    mark(ctx, "satellites");
    ctx.events.push({ type: "satellites", satellites: view, atMs: clock ?? lastEpochClockMs ?? 0 });
  }

  /** A timed sentence for the epoch just reported (not a stuck GGA repeating its time: that is a no-fix signal). */
  function isLate(s: Sentence, tod: number): boolean {
    if (lastClosedTodMs === undefined || Math.abs(tod - lastClosedTodMs) > SAME_TIME_MS) return false;
    if (pending?.timeOfDayMs !== undefined && Math.abs(pending.timeOfDayMs - tod) <= SAME_TIME_MS) return false;
    if (s.sentenceId === "GGA" && lastGgaKey === s.talker && lastGgaTodMs === tod) return false;
    return true;
  }

  /**
   * A sentence whose text repeats the one just before it is a duplicate of it when the pending cycle has a
   * time and the repeat carries no other time, or when the repeated sentence was the ender that just closed
   * a cycle: it adds nothing. Without a time (a receiver with no fix sending only `$GPGGA,,,,,,0,...` each
   * second) a repeat is the next cycle, as rule 3 says.
   */
  function isTransmissionDuplicate(tod: number | undefined): boolean {
    // the repeated sentence was the ender that just closed its cycle: the repeat belongs to that cycle
    if (pending === undefined) return closedByEnder !== undefined;
    const pendingTod = pending.timeOfDayMs;
    if (pendingTod === undefined) return false;
    return tod === undefined || Math.abs(tod - pendingTod) <= SAME_TIME_MS;
  }

  function update(s: Sentence, nowMs: number): TrackerUpdate {
    const ctx = sentenceCtx;
    const tod = cycleTimeOf(s);
    if (timeBase === "sentence" && tod !== undefined) advanceSentenceClock(sentenceClock, tod);
    const clock = sentenceNow(nowMs);
    if (fixState.kind === "idle") beginTtff(ctx, clock);
    if (clock !== undefined) checkStale(ctx, clock);

    const repeatsPrevious = s.raw !== "" && s.raw === previousRaw;
    previousRaw = s.raw;
    if (s.sentenceId !== "GSV" && s.sentenceId !== "GSA") sky.noteOther();
    if (s.sentenceId !== "GSA") gsaBlockMode = undefined;

    if (tod !== undefined && isLate(s, tod)) {
      // The time of an epoch already reported: it is neither reopened nor overwritten (rule 5 above).
      if (s.sentenceId === "RMC" && s.dateMs !== undefined) setDate(date, s.dateMs, tod);
      else if (s.sentenceId === "ZDA" && s.dateMs !== undefined) setDate(date, s.dateMs, tod);
      // right after an ender: that type also occurs mid-cycle (the split happens once, as below)
      if (closedByEnder !== undefined) {
        unlearn(closedByEnder.key);
        tailOf = lastSkyView;
      }
      closedByEnder = undefined;
      previousSentenceId = s.sentenceId;
      return finish(ctx);
    }

    if (repeatsPrevious && isTransmissionDuplicate(tod)) {
      // the same text twice in a row within a timed cycle (a multiplexer repeating a sentence): one sentence (rule 10)
      previousSentenceId = s.sentenceId;
      return finish(ctx);
    }

    if (tailOf !== undefined && tod !== undefined) endTail(ctx, clock);
    const key = sentenceKey(s.talker, s.sentenceId);
    if (pending) {
      if (tod !== undefined && pending.timeOfDayMs !== undefined && Math.abs(tod - pending.timeOfDayMs) > SAME_TIME_MS) {
        // a jump (receiver restart, gap in the log) cut the cycle short: its last sentence says nothing
        if (lastSentenceKey !== undefined && timeStepMs(pending.timeOfDayMs, tod) <= MAX_CYCLE_MS) learn(lastSentenceKey);
        closeEpoch(ctx, clock, true);
      } else if (ONCE_PER_CYCLE.has(s.sentenceId) && pending.onceKeys.has(key)) {
        // A receiver sending no time yet (cold start): the repeat shows where its cycle ends, as a time
        // change does. Once time comes, its cycles are already in step.
        if (tod === undefined && pending.timeOfDayMs === undefined && lastSentenceKey !== undefined && lastSentenceKey !== key) learn(lastSentenceKey);
        closeEpoch(ctx, clock, true);
      }
    }
    if (closedByEnder !== undefined && !NEUTRAL.has(s.sentenceId)) {
      // the cycle went on after the "ender" (an untimed sentence, or the same time of day): that type
      // also occurs mid-cycle, so it is not an ender
      if (tod === undefined || Math.abs(tod - closedByEnder.todMs) <= SAME_TIME_MS) {
        unlearn(closedByEnder.key);
        if (tod === undefined) tailOf = lastSkyView;
      }
      closedByEnder = undefined;
    }

    if (ttffStartPending && clock !== undefined) startTtffAt(clock);

    if (!NEUTRAL.has(s.sentenceId)) {
      pending ??= { sentenceIds: [], onceKeys: new Set(), noFixReported: false, modeFromGsa: false, qualityFromGga: false };
      const p = pending;
      apply(p, s, tod ?? p.timeOfDayMs);
      p.sentenceIds.push(s.sentenceId);
      if (ONCE_PER_CYCLE.has(s.sentenceId)) p.onceKeys.add(key);
      if (clock !== undefined) p.lastClockMs = clock;
      if (tod !== undefined) p.timeOfDayMs ??= tod;
      const complete = s.sentenceId !== "GSV" || sky.lastGsvEnded;
      lastSentenceKey = complete ? key : undefined;
      if (complete && enders.has(key)) {
        const closedTod = p.timeOfDayMs;
        closeEpoch(ctx, clock, true);
        if (closedTod !== undefined) closedByEnder = { todMs: closedTod, key };
      }
    }
    previousSentenceId = s.sentenceId;
    return finish(ctx);
  }

  return {
    get state() {
      return currentState();
    },
    open(nowMs) {
      const ctx = newCtx();
      beginTtff(ctx, sentenceNow(nowMs));
      startCommanded = false;
      start = { type: "unknown", basis: "none", evidence: [] };
      return finish(ctx);
    },
    restart(kind, nowMs) {
      const ctx = newCtx();
      closeEpoch(ctx, sentenceNow(nowMs));
      beginTtff(ctx, sentenceNow(nowMs));
      startCommanded = true;
      start = commandedStart(kind);
      ctx.events.push({ type: "start", start, atMs: sentenceNow(nowMs) ?? 0 });
      return finish(ctx);
    },
    update,
    clockReplaced(nowMs) {
      const ctx = newCtx();
      intervals.length = 0;
      staleThresholdCache = undefined;
      lastEpochClockMs = undefined;
      if (pending) delete pending.lastClockMs;
      if (lastFixAtMs !== undefined) lastFixAtMs = nowMs;
      if (fixState.kind !== "idle") fixState = { ...fixState, sinceMs: nowMs };
      if (ttff.ttffMs === undefined && ttff.cyclesBeforeFix === undefined) {
        ttffStartPending = false;
        if (cyclesSinceStart > 0) {
          delete ttff.startedAtMs;
          ttff.untimedCycles = cyclesSinceStart;
        } else {
          ttff.startedAtMs = nowMs;
        }
      }
      return finish(ctx);
    },
    tick(nowMs) {
      const ctx = newCtx();
      if (timeBase === "receive") {
        checkStale(ctx, nowMs);
        // a cycle whose ender never came (receiver fell silent): close it once it is stale
        if (pending?.lastClockMs !== undefined && nowMs - pending.lastClockMs > staleThresholdMs()) {
          sky.noteOther();
          closeEpoch(ctx, nowMs);
        }
      }
      return finish(ctx);
    },
    end(nowMs) {
      const ctx = newCtx();
      sky.noteOther();
      if (tailOf !== undefined) endTail(ctx, sentenceNow(nowMs));
      closeEpoch(ctx, sentenceNow(nowMs));
      return finish(ctx);
    },
  };
}

/** Forward step from one time of day to the next, across midnight. */
function timeStepMs(fromTodMs: number, toTodMs: number): number {
  const d = toTodMs - fromTodMs;
  return d < 0 ? d + 86_400_000 : d;
}

function epochSeconds(a: Epoch, b: Epoch): number | undefined {
  if (a.timeMs !== undefined && b.timeMs !== undefined) return (a.timeMs - b.timeMs) / 1000;
  if (a.timeOfDayMs !== undefined && b.timeOfDayMs !== undefined) return (a.timeOfDayMs - b.timeOfDayMs) / 1000;
  return undefined;
}

/** A tracker update whose state snapshot is built on first read (once per update at most). */
class LazyUpdate implements TrackerUpdate {
  readonly #read: () => TrackerState;
  readonly changed: Set<ChangedKey>;
  readonly events: TrackerEvent[];
  constructor(read: () => TrackerState, changed: Set<ChangedKey>, events: TrackerEvent[]) {
    this.#read = read;
    this.changed = changed;
    this.events = events;
  }
  get state(): TrackerState {
    return this.#read();
  }
}

function sameStrings(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Same satellites, positions, used flags and signals (what a "satellites" event reports). */
function sameSky(a: SatelliteView | undefined, b: SatelliteView): boolean {
  if (a === b) return true;
  if (a === undefined || a.usedCount !== b.usedCount || a.satellites.length !== b.satellites.length) return false;
  for (let i = 0; i < b.satellites.length; i++) {
    const x = a.satellites[i] as Satellite;
    const y = b.satellites[i] as Satellite;
    if (x.key !== y.key || x.elevationDeg !== y.elevationDeg || x.azimuthDeg !== y.azimuthDeg || x.usedInFix !== y.usedInFix) return false;
    if (x.signals.length !== y.signals.length) return false;
    for (let k = 0; k < y.signals.length; k++) {
      const f = x.signals[k] as Signal;
      const g = y.signals[k] as Signal;
      if (f.signalId !== g.signalId || f.cn0DbHz !== g.cn0DbHz) return false;
    }
  }
  return true;
}
