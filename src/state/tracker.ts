// The tracker: a pure reducer from sentences to epochs, fix state, TTFF, start type and satellites.
// No timers and no wall clock: every time comes in as an argument (or from the sentences themselves
// with timeBase "sentence").
import type {
  ChangedKey,
  FixState,
  ReceiverMessage,
  ReceiverStatus,
  Satellite,
  SatelliteView,
  Signal,
  StartInfo,
  TrackerEvent,
  TrackerState,
  TrackerUpdate,
  TtffInfo,
  UnidentifiedSatellites,
} from "../types.js";
import { createCycleDetector, readMessageTimes, timeStepMs, Verdict, type MessageTimes } from "./cycles.js";
import { createEpochMerge } from "./epoch-merge.js";
import { isNonGnssQuality, transition, type FixInput } from "./fix-machine.js";
import { createPrecisionTracker } from "./precision.js";
import { commandedStart, copyEvidence, emptyEvidence, inferStart, observeEpoch, sameEvidence, type StartEvidence } from "./start-type.js";
import { observeReceiver } from "./receiver-status.js";
import { startupAnnouncement } from "./startup.js";
import { advanceSentenceClock, DAY_MS, MAX_CYCLE_MS, type SentenceClock } from "./time.js";
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
  /**
   * The source opened: the TTFF clock starts here. `receiverStarts`: opening the source powers the receiver on
   * (the simulator), so a fix in its first cycle is a measured TTFF, not a receiver that was already running.
   */
  open(nowMs: number, options?: { receiverStarts?: boolean }): TrackerUpdate;
  /** A restart was commanded (cold/warm/hot/factory): TTFF restarts, start type = commanded. */
  restart(start: "cold" | "warm" | "hot" | "factory", nowMs: number): TrackerUpdate;
  /** An NMEA sentence or a UBX message (one tracker for both: a receiver sending both has one epoch per solution). */
  update(sentence: ReceiverMessage, nowMs: number): TrackerUpdate;
  /** Time passes without data: staleness (fix lost) is detected here too. */
  tick(nowMs: number): TrackerUpdate;
  /** End of input: close the pending epoch. */
  end(nowMs: number): TrackerUpdate;
  /**
   * The clock changed under the tracker (a stream's receive-time stamps began after unstamped lines): times
   * before and after do not compare. A TTFF not yet known is not measured in seconds if cycles went by.
   */
  clockReplaced(nowMs: number): TrackerUpdate;
  /** Correction bytes (RTCM) reached the receiver now: RTK times are also counted from their first arrival. */
  corrections(nowMs: number): TrackerUpdate;
  readonly state: TrackerState;
  /** The tracker's clock at its last input: the receive time, or the sentences' own time (timeBase "sentence"). */
  readonly nowMs: number | undefined;
}

/**
 * The tracker: the cycle detector (cycles.ts) says which cycle each sentence belongs to, the merge
 * (epoch-merge.ts) makes each cycle an epoch, and this keeps what lasts across epochs: the fix state, TTFF,
 * the start type, staleness and the events.
 *
 * What it promises (README "What the tracker promises"):
 * - TTFF counts from a known start: the source opening (when the receiver is heard searching before its
 *   first fix), a commanded restart, or a source that powers the receiver on (the simulator). A receiver
 *   whose first cycle heard already has a fix was running: TTFF is not measurable and no start type is
 *   inferred from it (`ttff.fixAtStart`). Without a clock over the start (a plain log whose receiver sends
 *   no time at first) the cycles before the first fix are counted instead (`ttff.untimedCycles`).
 * - Stale: a fix is lost as "stale" when the receiver says nothing of a fix for longer than twice its own
 *   cycle period as observed (the median of its last five epoch intervals; at least the floor): it falls
 *   silent (live: noticed by tick; in a stamped log: when its next cycle comes), or talks without a fix. The
 *   loss is dated when the fix went stale, so events come in time order. On the sentences' own clock a step
 *   of the receiver's time between two fixes is a gap in the log, not a loss.
 * - A position that is not a GNSS fix (dead reckoning, manual, the receiver's own simulator: GGA quality
 *   6–8, FAA mode E/M/S) is shown as such (state `non-gnss`), never as searching, and never counts as a fix.
 * - An input that ends inside a cycle gives that cycle as an epoch marked `incomplete`; so does its first cycle
 *   when the input began after that cycle's position (a fix stated, no position, nothing saying no fix).
 */
export function createTracker(options: TrackerOptions = {}): Tracker {
  const staleFloorMs = options.staleFloorMs ?? 1500;
  const timeBase = options.timeBase ?? "receive";

  const cycles = createCycleDetector();
  const merge = createEpochMerge(options.weekRolloverFix === true ? { dateOffsetMs: GPS_WEEK_ROLLOVER_MS } : {});
  /** The week-rollover event is given once. */
  let rolloverSaid = false;
  const sky = merge.sky;
  const sentenceClock: SentenceClock = { days: 0, offsetMs: 0 };
  /** Talker + id keys, made once per pair: the detector's sets then hash the same few strings every time. */
  const keys = new Map<string, Map<string, string>>();
  const sentenceKey = (talker: string, id: string): string => {
    let byId = keys.get(talker);
    if (byId === undefined) keys.set(talker, (byId = new Map()));
    let key = byId.get(id);
    if (key === undefined) byId.set(id, (key = talker + id));
    return key;
  };
  let fixState: FixState = { kind: "idle" };
  let ttff: TtffInfo = {};
  const precision = createPrecisionTracker();
  let ttffStartPending = false;
  /** The start's moment is known (a commanded restart, a source that powers the receiver on): TTFF counts from it. */
  let startKnown = false;
  /** An epoch since the start in which the receiver said it had no fix (it was searching). */
  let searchSeen = false;
  /** Epochs closed since the TTFF start, and those closed while it waited for a first clock (plain logs). */
  let cyclesSinceStart = 0;
  let cyclesWithoutClock = 0;
  let start: StartInfo = { type: "unknown", basis: "none", evidence: [] };
  let startCommanded = false;
  /** What `start` was last inferred from: while neither changed, inferring it again would say the same. */
  let inferred: { from: StartEvidence; start: StartInfo } | undefined;
  let evidence: StartEvidence = emptyEvidence();
  /** Receive time of the open cycle's last sentence */
  let pendingClockMs: number | undefined;
  /**
   * The sky of the epoch an ender closed too early: the untimed sentences that went on after it (a GSV set
   * sent every few seconds after the learned ender) belong to that cycle. Set while they come in.
   */
  let tailOf: SatelliteView | undefined;
  let lastFixAtMs: number | undefined;
  let lastEpochClockMs: number | undefined;
  const intervals: number[] = [];
  let epochCount = 0;
  let fixCount = 0;
  let fixStatusEpochs = 0;
  let reacquisitions = 0;
  let lastSkyView: SatelliteView | undefined;
  /** What the receiver says about itself (UBX: NAV-STATUS, MON-HW/RF, MON-VER, RXM-SFRBX) */
  const receiver: ReceiverStatus = {};
  /** The state snapshot is built when someone reads it, not once per sentence (the hot path). */
  let state: TrackerState | undefined;

  function snapshot(): TrackerState {
    const s: TrackerState = {
      fixState,
      ttff: { ...ttff },
      start,
      satellites: sky.view(),
      precision: precision.info(),
      epochCount,
      fixCount,
      fixStatusEpochs,
      reacquisitions,
      receiver: { ...receiver },
    };
    const lastEpoch = merge.lastEpoch;
    if (lastEpoch) s.lastEpoch = lastEpoch;
    if (restarts > 0) s.restarts = restarts;
    if (merge.date.dateMs !== undefined) s.dateMs = merge.date.dateMs;
    if (merge.date.dateMs !== undefined && merge.date.dateTodMs !== undefined) s.dateTimeOfDayMs = merge.date.dateTodMs;
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
    moveInto(ctx.events, input);
  }
  /** `move`, its state event into `events` (an epoch's, which follow the epoch event). */
  function moveInto(events: TrackerEvent[], input: FixInput): void {
    const next = transition(fixState, input);
    if (next === fixState) return;
    fixState = next;
    events.push({ type: "state", fixState: next, atMs: input.atMs });
  }
  /** The events of the epoch being closed, after its epoch event: one list, emptied into the update's (closeEpoch is not re-entrant). */
  const epochEvents: TrackerEvent[] = [];

  let staleThresholdCache: number | undefined;
  function staleThresholdMs(): number {
    return (staleThresholdCache ??= computeStaleThresholdMs());
  }
  function computeStaleThresholdMs(): number {
    const median = medianIntervalMs();
    return median === undefined ? staleFloorMs : Math.max(2 * median, staleFloorMs);
  }
  /** The receiver's own cycle period as observed: the median of its last five epoch intervals. */
  function medianIntervalMs(): number | undefined {
    if (intervals.length === 0) return undefined;
    return [...intervals].sort((a, b) => a - b)[Math.floor(intervals.length / 2)];
  }
  /** A cycle's length where one must be assumed: the observed one, else a second (most receivers' rate) */
  const typicalCycleMs = (): number => medianIntervalMs() ?? 1000;

  /** The fix went stale: lost at the moment it became so (never after the events that revealed it). */
  function goStale(ctx: Ctx, nowMs: number): void {
    if (fixState.kind !== "fixed" || lastFixAtMs === undefined) return;
    const threshold = staleThresholdMs();
    if (nowMs - lastFixAtMs <= threshold) return;
    const atMs = Math.min(nowMs, lastFixAtMs + threshold);
    move(ctx, { kind: "stale", atMs, lastFixAtMs });
    ctx.events.push({ type: "fix-lost", reason: "stale", atMs });
  }

  function updateStart(ctx: Ctx, atMs: number): void {
    if (startCommanded) return;
    // called every epoch; the evidence changes in the first ones and at the fix (inferStart words it anew each time)
    if (start === inferred?.start && sameEvidence(inferred.from, evidence)) return;
    const next = inferStart(evidence);
    if (next.type !== start.type || next.basis !== start.basis || !sameStrings(next.evidence, start.evidence)) {
      start = next;
      ctx.events.push({ type: "start", start, atMs });
    }
    inferred = { from: copyEvidence(evidence), start };
  }

  /**
   * The first clock of a log read on its sentences' times. Called once this sentence has closed what it
   * closes: if whole cycles went by before it, the start lies among them and no clock says when it was.
   */
  function startTtffAt(clock: number): void {
    ttffStartPending = false;
    ttffFromNextCycle = false;
    if (cyclesWithoutClock > 0) {
      ttff.untimedCycles = cyclesWithoutClock;
    } else {
      ttff.startedAtMs = clock;
      precision.start(clock);
    }
    if (fixState.kind === "searching") fixState = { kind: "searching", sinceMs: clock };
  }

  function beginTtff(ctx: Ctx, nowMs: number | undefined, known: boolean): void {
    ttff = {};
    ttffFromNextCycle = false;
    evidence = emptyEvidence();
    startKnown = known;
    searchSeen = false;
    cyclesSinceStart = 0;
    cyclesWithoutClock = 0;
    precision.start(nowMs);
    if (nowMs === undefined) {
      ttffStartPending = true;
      move(ctx, { kind: "open", atMs: 0 });
      return;
    }
    ttffStartPending = false;
    ttff.startedAtMs = nowMs;
    move(ctx, { kind: "open", atMs: nowMs });
  }

  /**
   * Taken off the sentences' clock: the steps of a default clock the receiver set from the satellites (no time
   * passed in them, so the log's timeline, its duration and plots, does not count them).
   */
  let clockOffsetMs = 0;
  /** The sentences' clock, less the default-clock steps taken off it */
  const sentenceClockMs = (): number | undefined => (sentenceClock.nowMs === undefined ? undefined : sentenceClock.nowMs - clockOffsetMs);

  /** The clock for this moment; a receive clock that reads NaN has no time yet (a replay before its first time). */
  function sentenceNow(nowMs: number): number | undefined {
    if (timeBase === "sentence") return sentenceClockMs();
    if (!Number.isFinite(nowMs)) return undefined;
    lastNowMs = nowMs;
    return nowMs;
  }
  let lastNowMs: number | undefined;
  /**
   * A jump of the receiver's time before its first fix, until a date tells a set clock from a gap. On the
   * sentences' clock, `stepMs` is how far the clock jumped and `cycleMs` how long a cycle took before it.
   */
  let timeJump: { dateBeforeMs: number | undefined; weekUnknownBefore?: boolean; stepMs?: number; cycleMs: number } | undefined;

  /**
   * Midnight of the date the receiver's clock was last known to be set to: its last fix's (a fix is solved from the
   * satellites, and so is its time), or the date a default clock was set to before the first fix.
   */
  let setClockDateMs: number | undefined;
  /** The sentences' clock as it was before the open cycle's time of day stepped (put back if that cycle is on a default clock) */
  let clockBeforeStep: SentenceClock | undefined;
  /** closeEpoch put the sentences' clock back from a default clock's step (update() reads its clock again) */
  let clockPutBack = false;
  /** Epochs in a row on a default clock, and where the restart that led to them was placed (the fix state's since) */
  let defaultClockRun = 0;
  let restartedAtMs: number | undefined;
  /**
   * The receiver said it started (its startup message, dialects.ts) and no epoch on a set clock came since: the
   * default clock that follows is that restart, not another. `announcedAtEpoch`: the epoch count then (the same
   * message again before an epoch, or MediaTek's $PMTK011 banner and $PMTK010,001 twice, is the same start).
   */
  let announcedSinceSetClock = false;
  /** The default clock was set to a date in GPS week 0: the first real date after it is the one its clock is set to */
  let clockSetInWeek0 = false;
  /**
   * The latest date (as sent) of a clock set in GPS week 0 while no real date was known (setClockDateMs): a restart's
   * default clock lies before it (MediaTek: 1980-01-05 23:59:47 after 1980-01-06 18:20:33).
   */
  let week0ClockDateMs: number | undefined;
  /** A restart without a time of its own: TTFF counts from the first cycle after it that gives a time */
  let ttffFromNextCycle = false;
  let announcedAtEpoch: number | undefined;

  /**
   * The receiver restarted: it said so, or its clock went back to its default. It searches again: no fix was lost
   * (no fix-lost, no reacquisition), and its time to first fix and start type are its new run's. TTFF counts from
   * `ttffFromMs`, the restart's own time where it has one (a receive time), else from its first timed cycle after
   * it (a plain log: the message has no time), in cycles where its clock steps before the fix (a default clock).
   * `atMs`: where the restart stands on the tracker's clock (at the latest, after the cycle before it).
   */
  /** Restarts the receiver showed: the TTFF and start type in the state are the last run's */
  let restarts = 0;
  function receiverRestarted(
    events: TrackerEvent[],
    ttffFromMs: number | undefined,
    atMs: number,
    restart: { cause: "announced" | "default-clock"; said?: string },
  ): void {
    if (fixState.kind !== "idle") moveInto(events, { kind: "open", atMs });
    ttff = {};
    evidence = emptyEvidence();
    startKnown = ttffFromMs !== undefined;
    searchSeen = false;
    cyclesSinceStart = 0;
    cyclesWithoutClock = 0;
    startCommanded = false;
    start = { type: "unknown", basis: "none", evidence: [] };
    ttffStartPending = ttffFromMs === undefined;
    ttffFromNextCycle = ttffFromMs === undefined;
    if (ttffFromMs !== undefined) ttff.startedAtMs = ttffFromMs;
    precision.start(ttffFromMs);
    restarts++;
    events.push({ type: "restart", ...restart, atMs });
  }

  /** A startup message: a restart (once a cycle was heard), or the start of the log's first run, timed where it has a time. */
  function announced(ctx: Ctx, said: string, clock: number | undefined): void {
    if (announcedAtEpoch === epochCount && epochCount > 0) return;
    announcedAtEpoch = epochCount;
    const timed = timeBase === "receive" ? clock : undefined;
    // Within the log's first cycle, without a fix (a u-blox 5 sends its first cycle, then its boot notices): the log
    // begins with the receiver's start, no restart. A first fix is a measured TTFF, not one it already had.
    if (epochCount + (merge.open ? 1 : 0) <= 1 && !ttffKnown()) {
      if (timed !== undefined && !ttffKnown()) {
        startKnown = true;
        ttff.startedAtMs = timed;
        precision.start(timed);
      }
      announcedSinceSetClock = true;
      return;
    }
    // the cycle it was sending is over, as far as it got: it restarted (its clock's next step is no wrong time of day)
    if (merge.open) cutEpoch(ctx, clock, false);
    sentenceClock.beforeStepBack = undefined;
    announcedSinceSetClock = true;
    // what it tracked before is gone: it lists its new sky in its next cycles
    sky.clear();
    receiverRestarted(ctx.events, timed, timed ?? lastEpochClockMs ?? clock ?? 0, { cause: "announced", said });
    mark(ctx, "satellites");
  }

  /** A default clock was set: the step, less one cycle, is taken off the sentences' clock from the jump on. */
  function takeOffClockStep(shiftMs: number): void {
    if (!(shiftMs > 0)) return;
    clockOffsetMs += shiftMs;
    if (pendingClockMs !== undefined) pendingClockMs -= shiftMs;
    if (lastFixAtMs !== undefined) lastFixAtMs -= shiftMs;
    if (fixState.kind !== "idle") fixState = { ...fixState, sinceMs: fixState.sinceMs - shiftMs };
    if (ttff.startedAtMs !== undefined) {
      ttff.startedAtMs -= shiftMs;
      precision.start(ttff.startedAtMs);
    }
  }

  // ───────────── epochs ─────────────

  /** The first fix since the start: TTFF where it can be measured, what is known of it where not. */
  function firstFix(events: TrackerEvent[], mode: "2d" | "3d", atMs: number, hasTime: boolean, view: SatelliteView): void {
    if (!startKnown && !searchSeen) {
      // the first cycle that said anything of the fix had one: the receiver was already running
      ttff.fixAtStart = true;
      delete ttff.startedAtMs;
      delete ttff.untimedCycles;
      precision.start(undefined);
      evidence.fixAtStart = true;
      events.push({ type: "first-fix", fixAtStart: true, mode, atMs });
      return;
    }
    if (ttff.startedAtMs === undefined && ttff.untimedCycles !== undefined) {
      // The start lies among cycles without any clock: when the first fix came is all that is known.
      observeEpoch(evidence, { hasTime, isFix: true, satellites: view });
      ttff.cyclesBeforeFix = cyclesSinceStart;
      evidence.cyclesBeforeFix = cyclesSinceStart;
      const cycleMs = medianIntervalMs();
      if (cycleMs !== undefined) evidence.cycleMs = cycleMs;
      const jump =
        ttff.clockSet === true
          ? { clockSet: true as const }
          : ttff.timeJumped === true
            ? { timeJumped: true as const }
            : ttff.silenceBeforeFix === true
              ? { silenceBeforeFix: true as const }
              : {};
      events.push({ type: "first-fix", cyclesBeforeFix: cyclesSinceStart, untimedCycles: ttff.untimedCycles, ...jump, mode, atMs });
      return;
    }
    if (ttff.startedAtMs === undefined) return;
    const elapsed = Math.max(0, atMs - ttff.startedAtMs);
    observeEpoch(evidence, { hasTime, isFix: true, satellites: view });
    ttff.ttffMs = elapsed;
    ttff.first2dMs = elapsed;
    evidence.ttffMs = elapsed;
    events.push({ type: "first-fix", ttffMs: elapsed, mode, atMs });
  }

  /**
   * Whether a cycle dated so (its date in week 0, or `timeMs`) is on a default clock: a date more than a day before
   * the one the receiver's clock was set to, or in week 0 once it was set to a real date; with a clock set in week 0
   * alone, a week-0 date before the one it was set to.
   */
  function datedOnDefaultClock(weekUnknown: boolean, timeMs: number | undefined): boolean {
    if (setClockDateMs !== undefined) return weekUnknown || (timeMs !== undefined && timeMs < setClockDateMs - DAY_MS);
    return weekUnknown && week0ClockDateMs !== undefined && merge.date.statedMs !== undefined && merge.date.statedMs < week0ClockDateMs;
  }

  const ttffKnown = (): boolean => ttff.ttffMs !== undefined || ttff.cyclesBeforeFix !== undefined || ttff.fixAtStart === true;

  /**
   * `atCycleEnd`: the cycle is known to be over (its ender came, a new time began, a sentence repeated),
   * so a later sentence with its time is late. Not so when a restart or silence cut it (a receiver
   * restarted by command goes on with the cycle it was in); the detector is told by its caller.
   */
  function closeEpoch(ctx: Ctx, fallbackClockMs: number | undefined, incomplete = false): void {
    headHeld = false;
    const stepFrom = clockBeforeStep;
    clockBeforeStep = undefined;
    const previousEpoch = merge.lastEpoch;
    // built first: whether the cycle is on a default clock decides how its clock is read (its receive time is set below)
    const built = merge.build(0);
    // A receiver whose date goes back by more than a day from the one its clock was set to has lost its time: it
    // restarted onto its default clock (Broadcom 2012-07-01, MediaTek 1980-01-05, u-blox 1980-01-06 or its
    // firmware's date; nothing is ever dated later than it is). No time passed in the step to that clock nor
    // in the one back: the sentences' clock is put back to where it was and goes on a cycle, so the time
    // between the runs is what the receiver's own clock says it was.
    // A date in GPS week 0 (Epoch.weekUnknown) is a default clock's too, once the clock was set: MediaTek's second
    // stage, the time of week from the satellites without the week (13:27:02 on 1980-01-10).
    // A clock set in week 0 alone (no real date yet): a week-0 date before the one it was set to is the default clock.
    const onDefaultClock = built !== undefined && !built.isFix && datedOnDefaultClock(built.epoch.weekUnknown === true, built.epoch.timeMs);
    if (onDefaultClock) {
      timeJump = undefined;
      if (stepFrom !== undefined && stepFrom.nowMs !== undefined) {
        Object.assign(sentenceClock, stepFrom, { nowMs: stepFrom.nowMs + typicalCycleMs() });
        pendingClockMs = sentenceClockMs();
        clockPutBack = true;
      }
    }
    // judged on the dates as sent, week 0 too: MediaTek's 1980-01-05 to 1980-01-10 is its clock being set
    if (timeJump !== undefined && merge.date.statedMs !== undefined) {
      const before = timeJump.dateBeforeMs;
      // a clock in week 0 (no satellite has given it the week) whose date moves on as its time jumps is being set: its
      // default (MediaTek 1980-01-05 23:59:47) to the time of week (18:20:33 on 1980-01-06), a day on or less
      const week0Set = timeJump.weekUnknownBefore === true && merge.date.weekUnknown === true && before !== undefined && merge.date.statedMs > before;
      if (before === undefined || Math.abs(merge.date.statedMs - before) > DAY_MS || week0Set) {
        evidence.clockSet = true;
        if (ttff.timeJumped === true) ttff.clockSet = true;
        if (timeJump.stepMs !== undefined) takeOffClockStep(timeJump.stepMs - timeJump.cycleMs);
        // set to a date in week 0 (the time of week, not the week): its next real date is the one it was set to
        if (merge.date.weekUnknown !== true) setClockDateMs = merge.date.dateMs;
        else {
          clockSetInWeek0 = true;
          week0ClockDateMs = merge.date.statedMs;
        }
      }
      timeJump = undefined;
    }
    const atMs = pendingClockMs ?? fallbackClockMs ?? lastEpochClockMs ?? 0;
    pendingClockMs = undefined;
    if (built === undefined) {
      if (restartAfterCycle !== undefined) applyRestart(ctx, restartAfterCycle.kind, restartAfterCycle.atMs, false);
      return;
    }
    tailOf = undefined; // the sentences after a premature close made an epoch of their own
    const { epoch, isFix } = built;
    epoch.receivedAtMs = atMs;
    if (onDefaultClock) {
      epoch.defaultClock = true;
      // a restart: the satellites it listed before are not what it tracks now (it lists none in this cycle)
      if (defaultClockRun === 0 && !epoch.sentenceIds.some((id) => id === "GSV" || id === "UBX-NAV-SAT" || id === "UBX-NAV-SIG")) {
        sky.clear();
        epoch.satellites = sky.view();
      }
      defaultClockRun++;
    } else {
      // a clock set in week 0 runs on: its date may pass midnight
      if (clockSetInWeek0 && epoch.weekUnknown === true && week0ClockDateMs !== undefined && merge.date.statedMs !== undefined) {
        week0ClockDateMs = Math.max(week0ClockDateMs, merge.date.statedMs);
      }
      if ((isFix || clockSetInWeek0) && epoch.timeMs !== undefined) {
        setClockDateMs = epoch.timeMs - (((epoch.timeMs % DAY_MS) + DAY_MS) % DAY_MS);
        clockSetInWeek0 = false;
      }
      // back on the set clock: the restart came as many cycles before as the receiver sent on its default clock
      // (its place on the sentences' clock, one cycle after the run before, was only a placeholder)
      // (its default clock's cycles have no fix: it searched from the restart on, whatever clock step came between)
      if (defaultClockRun > 0 && fixState.kind === "searching" && restartedAtMs !== undefined) {
        fixState = { kind: "searching", sinceMs: Math.max(restartedAtMs, atMs - defaultClockRun * typicalCycleMs()) };
      }
      defaultClockRun = 0;
      announcedSinceSetClock = false;
    }
    // the input's first cycle, begun after its position (it states a fix and gives none), is cut short too
    const cut = incomplete || (epochCount === 0 && built.fixWithoutPosition) || built.positionUnreadable;
    if (cut) epoch.incomplete = true;
    // its position was sent and could not be read: what arrived is not what the receiver reported
    if (built.positionUnreadable) epoch.positionUnreadable = true;
    const mode = epoch.mode;
    const view = epoch.satellites;
    const hasTime = epoch.timeOfDayMs !== undefined;
    if (isFix || mode !== "none" || built.searching || built.noFixReported) fixStatusEpochs++;
    // judged on dates of fixes only: before its first fix a receiver shows its default clock (MediaTek: 1980-01-05)
    if (isFix && epoch.timeMs !== undefined && !rolloverSaid && beforeRollover(epoch.timeMs)) {
      rolloverSaid = true;
      ctx.events.push({ type: "week-rollover", dateMs: epoch.timeMs, referenceMs: RELEASE_DATE_MS, atMs });
    }

    if (lastEpochClockMs !== undefined && atMs > lastEpochClockMs && hasTime) {
      intervals.push(atMs - lastEpochClockMs);
      if (intervals.length > 5) intervals.shift();
      staleThresholdCache = undefined;
    }
    if (hasTime) lastEpochClockMs = atMs;

    // fix state, TTFF, events, in time order: a fix that went stale before this epoch (the receiver said
    // nothing of it for twice its cycle period, or fell silent) was lost when it went stale, before this epoch.
    // On the sentences' own clock (a plain log, a pipe) silence is not observed, only a step of the receiver's
    // time: a fix on each side of it is a gap in the log, not a loss the receiver reported.
    const logGapBetweenFixes = timeBase === "sentence" && fixState.kind === "fixed" && isFix && (mode === "2d" || mode === "3d");
    if (!logGapBetweenFixes) goStale(ctx, atMs);
    const events = epochEvents;
    // back on its default clock, the receiver restarted (unless it said so already): it searches again, it did
    // not lose a fix (nor will it reacquire one)
    if (onDefaultClock && defaultClockRun === 1 && fixState.kind !== "idle") {
      // its first cycle on that clock is the first sign of it: TTFF counts from there (in cycles, where the clock steps)
      if (!announcedSinceSetClock) receiverRestarted(events, atMs, atMs, { cause: "default-clock" });
      restartedAtMs = fixState.kind === "searching" ? fixState.sinceMs : atMs;
    }
    if (isFix && (mode === "2d" || mode === "3d")) {
      if (lastFixAtMs !== undefined && (fixState.kind === "lost" || fixState.kind === "non-gnss")) {
        reacquisitions++;
        events.push({ type: "reacquired", gapMs: atMs - lastFixAtMs, atMs });
      }
      moveInto(events, { kind: "fix", mode, quality: epoch.quality, atMs });
      fixCount++;
      lastFixAtMs = atMs;
      events.push({ type: "fix", mode, quality: epoch.quality, atMs });
      if (!ttffKnown()) firstFix(events, mode, atMs, hasTime, view);
      if (mode === "3d" && ttff.first3dMs === undefined && ttff.ttffMs !== undefined && ttff.startedAtMs !== undefined) {
        const elapsed = Math.max(0, atMs - ttff.startedAtMs);
        ttff.first3dMs = elapsed;
        events.push({ type: "first-3d", ttffMs: elapsed, atMs });
      }
    } else {
      // a cycle cut by the input's start says no "no fix": no start evidence from it; nor does one whose sentences
      // say nothing of a fix, a time or satellites (a heading sensor's HDT and ROT)
      const saysOfGnss = hasTime || mode !== "none" || built.searching || view.satellites.length > 0;
      if (!ttffKnown() && !cut && saysOfGnss) observeEpoch(evidence, { hasTime, isFix: false, satellites: view, defaultClock: epoch.defaultClock === true });
      if (built.searching) searchSeen = true;
      if ((mode === "2d" || mode === "3d") && isNonGnssQuality(epoch.quality)) {
        // a position the receiver did not solve from satellites: its estimate, a manual input, its simulator
        const wasFixed = fixState.kind === "fixed";
        moveInto(events, { kind: "non-gnss", mode, quality: epoch.quality, atMs, ...(lastFixAtMs === undefined ? {} : { lastFixAtMs }) });
        if (wasFixed) events.push({ type: "fix-lost", reason: "non-gnss", atMs });
      } else if (built.noFixReported) {
        const wasFixed = fixState.kind === "fixed";
        moveInto(events, { kind: "no-fix", atMs, lastFixAtMs: lastFixAtMs ?? atMs });
        if (wasFixed) events.push({ type: "fix-lost", reason: "no-fix-reported", atMs });
      }
    }
    if (!cut) precision.epoch(epoch.quality, isFix && (mode === "2d" || mode === "3d"), atMs, events);
    epoch.fixState = fixState;

    // what changed since the last epoch
    const prev = previousEpoch;
    if (!prev || prev.latitudeDeg !== epoch.latitudeDeg || prev.longitudeDeg !== epoch.longitudeDeg || prev.altitudeMslM !== epoch.altitudeMslM) {
      mark(ctx, "position");
    }
    if (!prev || prev.dop.hdop !== epoch.dop.hdop || prev.dop.vdop !== epoch.dop.vdop || prev.dop.pdop !== epoch.dop.pdop) mark(ctx, "dop");
    if (!prev || prev.timeOfDayMs !== epoch.timeOfDayMs || prev.timeMs !== epoch.timeMs) mark(ctx, "time");
    if (!prev || prev.mode !== epoch.mode || prev.quality !== epoch.quality) mark(ctx, "mode");
    if (!prev || prev.speedMps !== epoch.speedMps || prev.trackTrueDeg !== epoch.trackTrueDeg || prev.climbMps !== epoch.climbMps) mark(ctx, "velocity");
    if (
      !prev ||
      prev.ephM !== epoch.ephM ||
      prev.epvM !== epoch.epvM ||
      prev.latitudeErrorM !== epoch.latitudeErrorM ||
      prev.altitudeErrorM !== epoch.altitudeErrorM
    ) {
      mark(ctx, "errors");
    }
    const skyChanged = !sameSky(lastSkyView, view);
    lastSkyView = view;
    if (skyChanged) mark(ctx, "satellites");

    ctx.events.push({ type: "epoch", epoch });
    if (skyChanged) ctx.events.push({ type: "satellites", satellites: view, atMs });
    for (let i = 0; i < events.length; i++) ctx.events.push(events[i] as TrackerEvent);
    events.length = 0;
    updateStart(ctx, atMs);

    epochCount++;
    cyclesSinceStart++;
    if (ttffStartPending) cyclesWithoutClock++;
    if (restartAfterCycle !== undefined) applyRestart(ctx, restartAfterCycle.kind, restartAfterCycle.atMs, false);
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

  /**
   * Times before and after `nowMs` do not compare (another clock took over): staleness starts again, and a
   * TTFF not yet known is not measured in seconds if cycles went by (they are counted instead).
   */
  function replaceClock(nowMs: number): void {
    intervals.length = 0;
    staleThresholdCache = undefined;
    lastEpochClockMs = undefined;
    pendingClockMs = undefined;
    if (lastFixAtMs !== undefined) lastFixAtMs = nowMs;
    if (fixState.kind !== "idle") fixState = { ...fixState, sinceMs: nowMs };
    if (!ttffKnown()) {
      ttffStartPending = false;
      if (cyclesSinceStart > 0) {
        delete ttff.startedAtMs;
        ttff.untimedCycles = cyclesSinceStart;
      } else {
        ttff.startedAtMs = nowMs;
      }
      precision.start(ttff.startedAtMs);
    }
  }

  /**
   * A receiver's time of day that jumps by more than a cycle can (update() judges it before the first fix): a receiver on a default
   * clock (MediaTek's 1980-01-05 23:59:46, 2008-01-01 00:00:39) setting it from the satellites, or a gap in the
   * log. A TTFF across it would be a made-up number (7 h 36 min on gpsd's geos-1m.log): the cycles are counted
   * instead. When the date moved too (or there was none), it was a default clock being set, and the start
   * type does not read that clock as a running one.
   */
  function timeStepped(tod: number): boolean {
    const last = sentenceClock.lastTodMs;
    if (last === undefined) return false;
    const step = ((((tod - last) % DAY_MS) + DAY_MS + DAY_MS / 2) % DAY_MS) - DAY_MS / 2;
    return Math.abs(step) > MAX_CYCLE_MS;
  }

  /** The open cycle is a rule-14 head the detector closed (Verdict.FRAGMENT), held for the next cycle's timed sentences */
  let headHeld = false;
  /** A timed sentence other than ZDA (or a UBX navigation message) was heard: ZDA's time no longer makes cycles. */
  let solutionTimeSeen = false;
  /** The role and times of the message update() is at (it is not re-entrant) */
  const messageTimes: MessageTimes = { role: undefined, ubx: false, cycleTodMs: undefined, utcTodMs: undefined };

  /** The cycle before said a time of day out of sequence: its event, once that cycle is out (in time order) */
  function sayOutOfSequence(ctx: Ctx, timeOfDayMs: number, clock: number | undefined): void {
    ctx.events.push({ type: "time-out-of-sequence", timeOfDayMs, atMs: clock ?? lastEpochClockMs ?? 0 });
  }

  function update(s: ReceiverMessage, nowMs: number): TrackerUpdate {
    const ctx = sentenceCtx;
    // (a put-back by a close after the last message, its ender's, needs no reading again)
    clockPutBack = false;
    const times = readMessageTimes(s, messageTimes);
    if (times.role === "timed") {
      // A ZDA gives the date and the moment it was sent, not a solution's time (a Trimble R2 sends it 50 ms after
      // its fix; an instrument bus 1 s before the next GLL): once the receiver has sent a solution's time, only its
      // date is kept, as a late sentence's is, instead of an epoch without a position of its own (cycles.ts rule 13).
      if (s.sentenceId !== "ZDA") solutionTimeSeen = true;
      else if (solutionTimeSeen) {
        merge.noteSentence(s);
        if (times.utcTodMs !== undefined) merge.keepDate(s, times.utcTodMs);
        return finish(ctx);
      }
    }
    const tod = times.cycleTodMs;
    /** The UTC time of day it gives its epoch: the cycle time for NMEA; for UBX only where the time is valid */
    const utcTod = times.utcTodMs;
    let stepped = utcTod !== undefined && timeStepped(utcTod);
    let clockBeforeThisStep = stepped && timeBase === "sentence" ? { ...sentenceClock } : undefined;
    let sentenceClockBeforeMs = sentenceClockMs();
    // a step to a restart's default clock is no wrong time of day, even when the clock comes back right after it
    if (
      sentenceClock.beforeStepBack !== undefined &&
      (merge.lastEpoch?.defaultClock === true || datedOnDefaultClock(merge.date.weekUnknown === true, merge.date.statedMs))
    ) {
      sentenceClock.beforeStepBack = undefined;
    }
    if (utcTod !== undefined) advanceSentenceClock(sentenceClock, utcTod, MAX_CYCLE_MS, typicalCycleMs);
    const outOfSequenceTodMs = sentenceClock.outOfSequenceTodMs;
    if (outOfSequenceTodMs !== undefined) {
      // the cycle before said a time of day out of sequence: back from it is no step of the receiver's clock
      sentenceClock.outOfSequenceTodMs = undefined;
      stepped = false;
      clockBeforeThisStep = undefined;
    }
    const previousNowMs = lastNowMs;
    let clock = sentenceNow(nowMs);
    if (fixState.kind === "idle") beginTtff(ctx, clock, false);
    if (observeReceiver(receiver, s)) {
      ctx.events.push({ type: "receiver", receiver: { ...receiver }, atMs: clock ?? lastEpochClockMs ?? 0 });
    }

    const verdict = cycles.observe(s, sentenceKey(s.talker, s.sentenceId), times);
    merge.noteSentence(s);
    if (verdict & Verdict.LATE) {
      if (outOfSequenceTodMs !== undefined) sayOutOfSequence(ctx, outOfSequenceTodMs, clock);
      // The time of an epoch already reported: it is neither reopened nor overwritten (cycles.ts rule 5).
      if (utcTod !== undefined) merge.keepDate(s, utcTod);
      if (verdict & Verdict.TAIL_BEGINS) tailOf = lastSkyView;
      return finish(ctx);
    }
    if ((verdict & Verdict.APPLY) === 0) {
      if (outOfSequenceTodMs !== undefined) sayOutOfSequence(ctx, outOfSequenceTodMs, clock);
      // the receiver says it (re)started (dialects.ts `startup`)
      const startup = (verdict & Verdict.DUPLICATE) === 0 ? startupAnnouncement(s) : undefined;
      if (startup !== undefined) announced(ctx, startup.said, clock);
      // a neutral sentence (text, a reply) still carries the first receive time of a replay that had none (not the
      // sentences' clock after a restart: that is still the last cycle's time)
      else if ((verdict & Verdict.DUPLICATE) === 0 && ttffStartPending && clock !== undefined && !ttffFromNextCycle) startTtffAt(clock);
      return finish(ctx);
    }

    if (headHeld) {
      // a rule-14 head held for the next cycle (Verdict.FRAGMENT): joined to it when its time follows the last
      // epoch's within a cycle; before an untimed sentence or after a step (a default clock, a gap), it is an epoch
      headHeld = false;
      const lastTod = merge.lastEpoch?.timeOfDayMs;
      const step = tod === undefined || lastTod === undefined ? 0 : timeStepMs(lastTod, tod);
      if ((step <= 0 || step > MAX_CYCLE_MS) && (verdict & Verdict.CLOSE_BEFORE) === 0) closeEpoch(ctx, clock);
    }
    if (tailOf !== undefined && tod !== undefined) endTail(ctx, clock);
    // A cycle closed before its time, position or any word on the fix came (a Garmin G5's VTG sent twice between two
    // cycles, the second closing the first by rule 3) is a fragment, not an epoch: alone it would say "no fix",
    // which the receiver never said. When the receiver states its fix in its cycles, its sentences join the next.
    if (verdict & Verdict.CLOSE_BEFORE && !(fixStatusEpochs > 0 && merge.openSaysNothingOfFix)) closeEpoch(ctx, clock);
    // The cycle this message closed (a held head, or by its time) was on a default clock, and the clock was put back to
    // before that clock's step: this message's time is read again from there, as when an ender closed that cycle
    // before it came (its step to the default clock, if it is on it, is taken again, and off when its cycle closes)
    if (clockPutBack && utcTod !== undefined) {
      clockPutBack = false;
      stepped = timeStepped(utcTod);
      clockBeforeThisStep = stepped && timeBase === "sentence" ? { ...sentenceClock } : undefined;
      sentenceClockBeforeMs = sentenceClockMs();
      advanceSentenceClock(sentenceClock, utcTod, MAX_CYCLE_MS, typicalCycleMs);
      clock = sentenceNow(nowMs);
    }
    // said once the cycle before (the one out of sequence, when no ender closed it) is out, in time order
    if (outOfSequenceTodMs !== undefined) sayOutOfSequence(ctx, outOfSequenceTodMs, clock);
    // the clock before the first step of the cycle this message is in (the one before it has closed)
    if (clockBeforeThisStep !== undefined) clockBeforeStep ??= clockBeforeThisStep;
    // No clock ran over the start: the receiver's own time jumped (a plain log), or the receive clock stepped by
    // more than a cycle can last (a silent source, or stamps a replay made from a log whose receiver set its clock).
    // Judged once the cycle this message closes is built: a step right after the first fix is after it.
    const receiverTimeJumped = stepped && !ttffKnown();
    const clockBroken =
      timeBase === "sentence"
        ? receiverTimeJumped
        : !startKnown && !ttffKnown() && clock !== undefined && previousNowMs !== undefined && clock - previousNowMs > MAX_CYCLE_MS;
    if (clockBroken && clock !== undefined) {
      const cycleMs = typicalCycleMs();
      // once the cycle before the jump is closed: it counts among the cycles before the fix
      replaceClock(clock);
      if (receiverTimeJumped) {
        if (ttff.untimedCycles !== undefined) ttff.timeJumped = true;
        // from a restart's default clock to the one it set from the satellites (the date need not move: Broadcom's)
        if (ttff.untimedCycles !== undefined && merge.lastEpoch?.defaultClock === true) ttff.clockSet = true;
        const clockBeforeMs = timeBase === "sentence" ? sentenceClockBeforeMs : undefined;
        // after an epoch on a default clock the sentences' clock is back on the set one: its date is the one before
        const dateBeforeMs = merge.lastEpoch?.defaultClock === true ? setClockDateMs : merge.date.statedMs;
        const weekUnknownBefore = merge.lastEpoch?.defaultClock !== true && merge.date.weekUnknown === true;
        timeJump = { dateBeforeMs, weekUnknownBefore, cycleMs, ...(clockBeforeMs !== undefined ? { stepMs: clock - clockBeforeMs } : {}) };
      } else if (ttff.untimedCycles !== undefined) {
        ttff.silenceBeforeFix = true;
      }
    }
    if (verdict & Verdict.TAIL_BEGINS) tailOf = lastSkyView;
    // after a restart without a time of its own, TTFF counts from its first cycle's time (not an untimed sentence's)
    if (ttffStartPending && clock !== undefined && (!ttffFromNextCycle || utcTod !== undefined)) startTtffAt(clock);

    // what earlier cycles said and later ones held is not the word of the cycles after a jump of the receiver's time
    // the cycle detector's word (rule 16: against the receiver's cadence, a latched GGA's old time left out), not on the
    // way back from a time out of sequence
    if (verdict & Verdict.JUMP && outOfSequenceTodMs === undefined) merge.timeJumped();
    merge.apply(s, utcTod, (verdict & Verdict.STUCK) !== 0);
    if (clock !== undefined) pendingClockMs = clock;
    if (verdict & Verdict.CLOSE_AFTER) {
      // a head is held for the next cycle, unless a restart waits for this cycle's end
      if (restartAfterCycle !== undefined) closeEpoch(ctx, clock);
      else if (verdict & Verdict.FRAGMENT) headHeld = true;
      // a cycle its ender closed before any time, position or word on the fix came (a Garmin's PGRMZ after a GSA
      // that closed its cycle too early): as at CLOSE_BEFORE, its sentences join the next cycle
      else if (!(fixStatusEpochs > 0 && merge.openSaysNothingOfFix)) closeEpoch(ctx, clock);
    }
    return finish(ctx);
  }

  /** A restart commanded while a cycle was being received: applied once that cycle has closed. */
  let restartAfterCycle: { kind: "cold" | "warm" | "hot" | "factory"; atMs: number | undefined } | undefined;

  /** `cut`: end the cycle detector's open cycle too (not when the cycle has just closed on its own). */
  function applyRestart(ctx: Ctx, kind: "cold" | "warm" | "hot" | "factory", atMs: number | undefined, cut: boolean): void {
    restartAfterCycle = undefined;
    if (cut) cutEpoch(ctx, atMs, false);
    beginTtff(ctx, atMs, true);
    startCommanded = true;
    start = commandedStart(kind);
    ctx.events.push({ type: "start", start, atMs: atMs ?? 0 });
  }

  /** Close the open cycle where the cycle detector did not see its end (restart, silence, end of input). */
  function cutEpoch(ctx: Ctx, clock: number | undefined, incomplete: boolean): void {
    cycles.cut();
    closeEpoch(ctx, clock, incomplete && merge.open);
  }

  /** At the end of input: whether the open cycle was cut short (its ender or a GSV part never came, or it is a shorter copy of the cycle before). */
  function openCycleIncomplete(): boolean {
    if (!merge.open) return false;
    if (cycles.hasEnders || sky.groupInProgress) return true;
    const previous = merge.lastEpoch?.sentenceIds;
    const ids = merge.openSentenceIds;
    if (previous === undefined || ids.length >= previous.length) return false;
    for (let i = 0; i < ids.length; i++) if (ids[i] !== previous[i]) return false;
    return true;
  }

  return {
    get state() {
      return currentState();
    },
    get nowMs() {
      return timeBase === "sentence" ? sentenceClockMs() : lastNowMs;
    },
    open(nowMs, openOptions) {
      const ctx = newCtx();
      beginTtff(ctx, sentenceNow(nowMs), openOptions?.receiverStarts === true);
      startCommanded = false;
      start = { type: "unknown", basis: "none", evidence: [] };
      return finish(ctx);
    },
    restart(kind, nowMs) {
      const ctx = newCtx();
      const atMs = sentenceNow(nowMs);
      // within a second of its last sentence: a cycle still being sent, not one the receiver fell silent in (a held
      // rule-14 head is the end of what the receiver sent: the restart cuts it, an epoch of its own)
      if (!headHeld && merge.open && atMs !== undefined && pendingClockMs !== undefined && atMs - pendingClockMs < CYCLE_IN_TRANSMISSION_MS) {
        // A cycle is being received: the receiver sends the rest of it as it was before the command (a command
        // written at a time change lands after that cycle's first sentence). It closes as any cycle does, then
        // the restart applies, dated when it was commanded: cutting it here would take its rest for the first
        // cycle after the restart (an old fix as a TTFF of 0 s) and put the cycle detector out of step.
        restartAfterCycle = { kind, atMs };
        return finish(ctx);
      }
      applyRestart(ctx, kind, atMs, true);
      return finish(ctx);
    },
    update,
    clockReplaced(nowMs) {
      const ctx = newCtx();
      replaceClock(nowMs);
      return finish(ctx);
    },
    corrections(nowMs) {
      const clock = sentenceNow(nowMs);
      if (clock !== undefined) precision.corrections(clock);
      return finish(newCtx());
    },
    tick(nowMs) {
      const ctx = newCtx();
      if (timeBase === "receive") {
        goStale(ctx, nowMs);
        // a cycle whose ender never came (receiver fell silent): close it once it is stale
        if (pendingClockMs !== undefined && nowMs - pendingClockMs > staleThresholdMs()) {
          sky.noteOther();
          cutEpoch(ctx, nowMs, false);
        }
      }
      return finish(ctx);
    },
    end(nowMs) {
      const ctx = newCtx();
      const incomplete = openCycleIncomplete();
      // The end of input ends the last GSV block as the next cycle's first sentence would: the groups it did not
      // list are swept (what the receiver listed last is its view). A group cut between its parts keeps its old
      // satellites, as a missing part does anywhere.
      if (!sky.groupInProgress) sky.noteOther();
      if (tailOf !== undefined) endTail(ctx, sentenceNow(nowMs));
      // a cycle the end cut before any time, position or word on the fix came (an instrument's heading after the last
      // GLL, the untimed sentences of a repeated cycle's copy): as at CLOSE_BEFORE, no epoch of its own, and no next to join
      if (!headHeld && fixStatusEpochs > 0 && merge.openSaysNothingOfFix) merge.discard();
      cutEpoch(ctx, sentenceNow(nowMs), incomplete);
      return finish(ctx);
    },
  };
}

/** A cycle whose last sentence came less than this before a restart is still being sent (a 1 Hz receiver's cycle takes well under a second). */
const CYCLE_IN_TRANSMISSION_MS = 1000;

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
  if (!sameUnidentified(a.unidentified, b.unidentified)) return false;
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

/** The same counts of satellites listed without a number. */
function sameUnidentified(a: readonly UnidentifiedSatellites[] | undefined, b: readonly UnidentifiedSatellites[] | undefined): boolean {
  if (a === b) return true;
  if (a === undefined || b === undefined || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as UnidentifiedSatellites;
    const y = b[i] as UnidentifiedSatellites;
    if (x.constellation !== y.constellation || x.inViewCount !== y.inViewCount || x.trackedCount !== y.trackedCount) return false;
    if (x.signalCount !== y.signalCount || x.cn0DbHz !== y.cn0DbHz) return false;
  }
  return true;
}
