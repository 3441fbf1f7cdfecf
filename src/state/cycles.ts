// The cycle detector: which receiver cycle each sentence belongs to (gpsd's "end-of-cycle detector",
// domain.md §4.7). It decides; the tracker merges the sentences into epochs (epoch-merge.ts) and keeps
// the fix state. Pure: it reads only the sentences, through the registry's cycle roles.
//
// Assumption: the sentences of one receiver cycle share one UTC time of day, and the timestamped
// sentence that comes last in a cycle always comes last. So:
//   1. a timestamped sentence whose time of day differs from the open cycle's (by 10 ms or more: a 100 Hz
//      receiver's cycles are 10 ms apart, while one cycle's sentences may differ by a few ms, as the
//      Magellan eXplorist 210 in gpsd's corpus shows) closes that cycle, and the sentence seen just before
//      it (talker + id; a GSV only as the last part of its group) is proposed as the cycle ender. Unlike
//      gpsd, which learns the last *timestamped* type, this keeps the GSA/GSV a receiver sends after its
//      RMC in the cycle they describe (Quectel: GGA VTG RMC GSA GSV);
//   2. a proposed ender is learned once two consecutive cycles ended with it: one cycle cut short (only
//      its first sentence got through) teaches nothing, so the next full cycle is not closed after its
//      first sentence with the rest dropped as late. Once learned, the ender closes the cycle as soon as
//      it arrives (no one-sentence delay);
//   3. before anything is learned, and for receivers that send no time (Quectel `$GPGGA,,,,,,0,...`),
//      a second `timed`/`once` sentence from the same talker starts a new cycle;
//   4. GSV and GSA carry no time, so a multi-part group never starts or ends a cycle by its time;
//   5. a timed sentence carrying the time of the cycle just reported is late: it neither reopens nor
//      overwrites that epoch and makes no second epoch for that time (gpsd never re-reports a time); only
//      its date is kept. Right after an ender it also unlearns that ender (as an untimed sentence does);
//   6. a time step over 30 s (receiver restart, gap in the log) teaches no ender: that cycle was cut short;
//   7. a type that closed a cycle too early (untimed or same-time sentences went on after it) is never
//      learned again: such a receiver sends GSA/GSV after its last timed sentence only every few seconds,
//      and its cycles then close when the time changes;
//   8. the untimed sentences after such a premature close belong to the cycle it closed (its "tail"):
//      when they changed the sky, the tracker reports the completed view once the next time begins;
//   9. before the receiver sends any time (cold start), a repeated sentence proposes the ender as a time
//      change would (the sentence before it), so the cycles are in step when time comes (which is why the
//      tracker applies a restart commanded while a cycle is being sent only once that cycle has closed: cut
//      mid-cycle, the repeats would put every later cycle a sentence off); a commanded restart after a
//      silence cuts the cycle without making its remaining sentences late;
//  10. a sentence whose text is that of the sentence just before it, within a cycle that has a time (and
//      carrying no other time), or right after it closed a cycle as its ender, is a transmission duplicate
//      (a multiplexer repeating a line: the B&G Zeus2 9 of gpsd's bundg_zeus_9.log sends one VTG twice): it
//      is dropped, neither applied again nor taken for the next cycle as rule 3 would. A receiver without
//      time repeating one sentence (`$GPGGA,,,,,,0,...` alone each second) still makes an epoch per repeat;
//  11. `neutral` sentences (text, replies to commands) are not part of any cycle;
//  12. UBX navigation messages take part by their iTOW (as a UTC time of day: ubx/decoder.ts), so a receiver
//      sending NMEA and UBX has one cycle per navigation solution; an `end` message (u-blox NAV-EOE, sent after
//      everything of its epoch) closes its cycle at once, and nothing after it belongs to that cycle. The iTOW
//      names the solution: a UBX message that comes again with its cycle's iTOW (a message enabled twice: the
//      ZED-X20P in pyubx2's test data sends each NAV-SAT twice) stays in that cycle, where rule 3 would split it.
//  13. once a receiver has sent a solution's time (GGA, RMC, GLL, GNS, GBS, a UBX navigation message), a ZDA takes no part
//      in cycles (the tracker keeps only its date, as a late sentence's): its time is the moment it was sent (50 ms after
//      the fix on a Trimble R2, 1-2 s ahead on an Ashtech AC12 or an instrument bus), and an epoch of its own would be
//      one without a position.
//  14. the untimed sentences between two cycles' timed ones (GSA, GSV, VTG) trail the cycle before them (rule 1)
//      unless their content says they lead the cycle after (cycle-order.ts: a GSA's HDOP, used count and mode, a VTG's
//      speed, track and mode letter agree with the timed sentences after them, and not with those before). A
//      receiver sending GSV.. GSA VTG RMC GGA then ends its cycle with its last timed sentence, as gpsd has it:
//      rule 1 proposes that one, the untimed sentences after it open the next cycle (rules 7 and 8 do not apply),
//      and a GSA saying "no fix" at the head of the next cycle leaves the last fixed epoch as it was. Until the
//      content has told the order (a receiver at rest repeats its values), an untimed "no fix" (GSA mode 1, VTG
//      mode N) after timed sentences that said fix begins the next cycle: no receiver says both of one solution.
//      Where the untimed sentences were seen to trail their cycle, it stays in that cycle. What such a "no fix"
//      begins is the next cycle's head: closed by an ender learned the other way round before a timed sentence joined
//      it, it is no epoch of its own but part of the next (FRAGMENT: an epoch without a time of day, between two
//      timed ones, was all it could make), when the next cycle's time follows the last epoch's within a cycle.
//  15. a timed sentence whose text one of the cycle for its time of day already had (the open cycle's, or the one just
//      closed) begins a repeated report of that cycle: a multiplexer that passes the latest sentence of each type about
//      once a second sends a 2 s receiver's cycle twice (RMC(t) PGRME PGRMZ GLL GSA GSV GGA(t), then the same RMC(t) …
//      GGA(t): cameronfra/fullnmeaconsole stephen.nmea, a Garmin on a boat's bus). Until each of the cycle's timed
//      sentences has come again (or another time comes), those texts are dropped as duplicates, and so are the untimed
//      sentences of the cycle's types (their word on the fix is that cycle's, or a later one the multiplexer caught
//      early), but not a GSV (the view it lists is current); other timed sentences of that time are late (rule 5). The
//      repeat is not the next cycle (rule 3), its GGA not a latched receiver (rule 5), and the ender is what came before
//      the repeat (rule 2), which the repeat after it does not unlearn (rule 7). A GGA that would begin a repeat is a
//      latched receiver's, as rule 5 has it: the Trimble Placer 450 repeats its last GGA while its other sentences
//      move on or say no fix. The multiplexer also passes a GGA before the receiver has sent the next one: the last
//      cycle's GGA, word for word, after the next cycle's RMC (RMC(t+2) … GGA(t)). A GGA that repeats the text of the
//      one its time's cycle had, once a later cycle's timed sentences have begun, is that stale copy (late, rule 5),
//      not a latched receiver: that cycle's own sentences say what its fix is. Such a copy lags by one: a GGA that
//      comes again with that time after it (a receiver latched cycle after cycle) is the latched receiver's.
//  16. a jump of the receiver's time (back by more than MAX_CYCLE_MS, or forward by more than that and 2.5 of the
//      receiver's cycles: a gap in the log, logs of two receivers joined, a restart; not a latched GGA's old time, nor
//      the minute a receiver sending a cycle a minute steps) begins a stretch whose order is learned anew: the
//      enders, the types that are not, and which side the untimed sentences are on (bu353s4.log's GGA GSA RMC
//      learned before bundg_zeus_9.log's cycles, joined, cut each of its cycles in two).
// Failure cases: a type that comes last in some cycles but mid-cycle in others (Garmin eXplorist 210 in
// gpsd's comment; a GPGSV followed by a GLGSV only when GLONASS is in view) would split a cycle; when an
// ender closes a cycle and the next sentence is untimed or has the same time of day, that type is
// unlearned, so the split happens once and that cycle closes on the time change instead. A receiver that
// spreads one GSV set over several seconds (Garmin 17N, GPS 15H: one page a cycle) has its view assembled from the
// pages as they come (satellites.ts), incomplete until its first rotation is. A cycle whose GGA comes first, sent
// twice, is not told from a latched receiver (rule 15): its second GGA makes a "no fix" epoch.
import { CYCLE_ROLES, type CycleRole } from "../parsing/registry.js";
import type { ReceiverMessage } from "../types.js";
import { createCycleOrder } from "./cycle-order.js";
import { CADENCE_FACTOR, createRecentSteps } from "./recent-steps.js";
import { DAY_MS, MAX_CYCLE_MS } from "./time.js";

/** Time-of-day differences below this are the same cycle. */
export const SAME_TIME_MS = 10;

/** Verdict bits for one sentence (a bit set, so the hot path allocates nothing). */
export const Verdict = {
  /** The time of the cycle just reported: drop it (its date may still be kept). */
  LATE: 1,
  /** A transmission duplicate of the sentence before: drop it. */
  DUPLICATE: 2,
  /** Close the open cycle before this sentence. */
  CLOSE_BEFORE: 4,
  /** Apply this sentence to the (possibly new) open cycle. */
  APPLY: 8,
  /** Close the cycle after applying this sentence (it is the learned ender). */
  CLOSE_AFTER: 16,
  /** The untimed sentences from here on belong to the cycle just closed (rule 8). */
  TAIL_BEGINS: 32,
  /** A GGA repeating its talker's last GGA time: a receiver latched on its last fix (Trimble Placer 450). */
  STUCK: 64,
  /**
   * With CLOSE_AFTER (a learned ender): what closes is the head of a cycle a "no fix" began (rule 14), no timed
   * sentence in it. The tracker holds it for the next cycle: joined to it when that cycle's time follows the last
   * epoch's within a cycle, else (an untimed cycle, a restart onto a default clock, a gap) an epoch of its own.
   */
  FRAGMENT: 128,
  /** The receiver's time jumped before this message (rule 16): what the cycles before said and held is not its word. */
  JUMP: 256,
} as const;

export interface CycleDetector {
  /**
   * Decide for one sentence or UBX message; `key` is its talker + id, made once per pair by the caller; `times`, its
   * role and times when the caller has read them (readMessageTimes).
   */
  observe(sentence: ReceiverMessage, key: string, times?: MessageTimes): number;
  /** The open cycle was cut without reaching its end (restart, silence, end of input). */
  cut(): void;
  /** The time of day of the open cycle, if it has one. */
  readonly openTimeOfDayMs: number | undefined;
  /** True once an ender is learned: an open cycle then ends only when its ender comes. */
  readonly hasEnders: boolean;
}

/**
 * The time of day a message contributes to cycle detection: a `timed` sentence's UTC time of day; a UBX
 * navigation message's iTOW as a time of day (`timed` and `end`), whether or not the receiver knows the time.
 */
function cycleTimeOf(s: ReceiverMessage, role: CycleRole | undefined): number | undefined {
  if (role !== "timed" && role !== "end") return undefined;
  if ("cycleTimeOfDayMs" in s) return s.cycleTimeOfDayMs;
  return "timeOfDayMs" in s ? s.timeOfDayMs : undefined;
}

/**
 * The UTC time of day a message gives its epoch (and a plain log's clock): a `timed` sentence's; a UBX
 * message's only where it says the receiver's time is valid (NAV-PVT, NAV-TIMEUTC, NAV-TIMEGPS).
 */
function utcTimeOf(s: ReceiverMessage, role: CycleRole | undefined): number | undefined {
  return role === "timed" && "timeOfDayMs" in s ? s.timeOfDayMs : undefined;
}

/** What the tracker and the cycle detector read of a message first, found once per message (each ran the same `in` tests on objects of many shapes). */
export interface MessageTimes {
  role: CycleRole | undefined;
  /** A UBX message (else an NMEA sentence) */
  ubx: boolean;
  /** cycleTimeOf */
  cycleTodMs: number | undefined;
  /** utcTimeOf */
  utcTodMs: number | undefined;
}

/** Fills `out` for `s` (the caller's one object, reused: nothing allocated per message). */
export function readMessageTimes(s: ReceiverMessage, out: MessageTimes): MessageTimes {
  const role = CYCLE_ROLES.get(s.sentenceId);
  out.role = role;
  out.ubx = "protocol" in s;
  out.cycleTodMs = cycleTimeOf(s, role);
  out.utcTodMs = utcTimeOf(s, role);
  return out;
}

/** Forward step from one time of day to the next, across midnight. */
export function timeStepMs(fromTodMs: number, toTodMs: number): number {
  const d = toTodMs - fromTodMs;
  return d < 0 ? d + 86_400_000 : d;
}

const sameTime = (a: number, b: number): boolean => Math.abs(a - b) < SAME_TIME_MS;

/** A timed sentence's own word that there is no fix: RMC/GLL status V, GGA quality 0. */
function saysNoFix(s: ReceiverMessage): boolean {
  if (s.sentenceId === "RMC" || s.sentenceId === "GLL") return s.status !== undefined && s.status !== "valid";
  if (s.sentenceId === "GGA") return s.quality === 0;
  return false;
}

export function createCycleDetector(): CycleDetector {
  const ownTimes: MessageTimes = { role: undefined, ubx: false, cycleTodMs: undefined, utcTodMs: undefined };
  const enders = new Set<string>();
  /** Types that once closed a cycle too early (the cycle went on after them): never learned again. */
  const notEnders = new Set<string>();
  /** The ender proposed by the last cycle; learned when the next cycle proposes it again (rule 2). */
  let candidate: string | undefined;
  /** Whether the untimed sentences between cycles lead the cycle after them (rule 14) */
  let order = createCycleOrder(sameTime);
  let untimedLead = false;
  /** The last timed sentence of the open cycle: its ender when the untimed sentences lead the next (rule 14) */
  let lastTimedKey: string | undefined;
  // the open cycle
  let open = false;
  let openTod: number | undefined;
  /** Timed and once keys the open cycle had, in an array: a cycle has a handful, and a Set's clear() allocates a new table each cycle */
  const onceKeys: string[] = [];
  /** The last sentence of the open cycle (a GSV only once its group is complete) */
  let lastSentenceKey: string | undefined;
  /** The open cycle is what a "no fix" after a fix began (rule 14), and no timed sentence has joined it yet */
  let headOnly = false;
  /** Set when an ender closed a cycle: its time of day and the ender's key (split detection) */
  let closedByEnder: { todMs: number; key: string } | undefined;
  /** Time of day of the last cycle closed at its end: a later sentence with that time is late. */
  let lastClosedTodMs: number | undefined;
  /** The texts of the timed sentences of the open cycle, and of the cycle closed at lastClosedTodMs (rule 15) */
  let openTimedTexts: string[] = [];
  let closedTimedTexts: string[] = [];
  /** The keys of the untimed sentences of the open cycle and of the cycle closed at lastClosedTodMs (rule 15) */
  let openUntimedKeys: string[] = [];
  let closedUntimedKeys: string[] = [];
  /** The time of day of the cycle being repeated (rule 15), until its timed sentences have all come again or another time comes */
  let repeatTodMs: number | undefined;
  /** The repeated cycle's timed texts and untimed keys, and how many of its timed sentences came again */
  let repeatTexts: string[] = openTimedTexts;
  let repeatKeys: string[] = openUntimedKeys;
  let repeatedCount = 0;
  /** The time of day last repeated: a receiver whose clock stands still repeats it again (rule 15) */
  let lastRepeatedTodMs: number | undefined;
  /** A repeat's timed sentences have all come again: its untimed copies may follow, until a timed sentence (rule 15) */
  let repeatTail = false;
  /** The open cycle is being repeated: it ended with `repeatEndKey`, the sentence before the repeat (rule 15) */
  let openRepeated = false;
  let repeatEndKey: string | undefined;
  let previousRaw: string | undefined;
  let lastGgaTalker: string | undefined;
  let lastGgaTodMs: number | undefined;
  /** How many times a GGA has come again with its talker's last GGA time, outside a repeated report (rule 15) */
  let ggaTimeRepeats = 0;
  /** The time of day of the last timed message applied: a jump from it is a new stretch of the log (rule 16) */
  let lastAppliedTodMs: number | undefined;
  /** The last steps forward between cycle times: the receiver's cadence (a cycle a minute steps a minute) */
  const cycleSteps = createRecentSteps();
  /** The count of each talker's GSV group in progress: NMEA 4.11 continuation parts may leave theirs empty */
  const gsvTotals = new Map<string, number>();
  const gsvGroupEnds = (s: Extract<ReceiverMessage, { sentenceId: "GSV" }>): boolean => {
    if (s.messageNumber === 1 && s.messageCount !== undefined) gsvTotals.set(s.talker, s.messageCount);
    return s.messageNumber === (s.messageCount ?? gsvTotals.get(s.talker));
  };

  const propose = (key: string | undefined): void => {
    if (key === undefined || notEnders.has(key)) {
      candidate = undefined;
      return;
    }
    if (candidate === key) enders.add(key);
    candidate = key;
  };
  /** Rule 16: the order learned before a jump of the receiver's time is learned again after it. */
  const forgetOrder = (): void => {
    enders.clear();
    notEnders.clear();
    candidate = undefined;
    order = createCycleOrder(sameTime);
    untimedLead = false;
    gsvTotals.clear();
  };
  const unlearn = (key: string): void => {
    enders.delete(key);
    notEnders.add(key);
    if (candidate === key) candidate = undefined;
  };
  /** Close the open cycle; `atEnd`: its end is known (a later sentence with its time is late). */
  const close = (atEnd: boolean): void => {
    if (!open) return;
    if (openTod !== undefined) {
      lastClosedTodMs = atEnd ? openTod : undefined;
      // the open cycle's texts become the closed one's (the arrays swap: nothing allocated per cycle)
      const texts = closedTimedTexts;
      closedTimedTexts = openTimedTexts;
      openTimedTexts = texts;
      const keys = closedUntimedKeys;
      closedUntimedKeys = openUntimedKeys;
      openUntimedKeys = keys;
      if (!atEnd) {
        closedTimedTexts.length = 0;
        closedUntimedKeys.length = 0;
      }
      // a repeat of the cycle just closed reads its texts where they now are
      repeatTexts = closedTimedTexts;
      repeatKeys = closedUntimedKeys;
    }
    openTimedTexts.length = 0;
    openUntimedKeys.length = 0;
    openRepeated = false;
    repeatEndKey = undefined;
    open = false;
    openTod = undefined;
    onceKeys.length = 0;
    lastTimedKey = undefined;
    headOnly = false;
  };
  /** The sentence the open cycle ends with when a later one closes it (rule 1): its last timed one when the untimed ones lead the next (rule 14) */
  const endOfOpen = (): string | undefined => (openRepeated ? repeatEndKey : untimedLead ? lastTimedKey : lastSentenceKey);

  /**
   * A timed sentence whose text one of the cycle for its time of day already had (the open cycle's, or the one
   * just closed) repeats that cycle's report (rule 15). A GGA that would begin such a repeat is a latched
   * receiver's (rule 5), as gpsd has it; once another timed sentence has begun the repeat, it is part of it.
   */
  const isRepeatedReport = (s: ReceiverMessage, tod: number, raw: string): boolean => {
    const inOpen = open && openTod !== undefined;
    const cycleTod = inOpen ? openTod : lastClosedTodMs;
    if (cycleTod === undefined || !sameTime(tod, cycleTod)) return false;
    const texts = inOpen ? openTimedTexts : closedTimedTexts;
    if (!texts.includes(raw)) return false;
    if (repeatTodMs === undefined) {
      if (s.sentenceId === "GGA") return false;
      // a multiplexer sends a cycle once more (or again and again when the receiver stalls: stephen.nmea's 164610, five
      // times); a searching receiver whose clock does not advance sends the same "no fix" cycle every second: a second
      // repeat of one time of day that says no fix is such a receiver's next cycle
      if (lastRepeatedTodMs !== undefined && sameTime(cycleTod, lastRepeatedTodMs) && saysNoFix(s)) return false;
      lastRepeatedTodMs = cycleTod;
      repeatTodMs = cycleTod;
      repeatTexts = texts;
      repeatKeys = inOpen ? openUntimedKeys : closedUntimedKeys;
      repeatedCount = 0;
      if (inOpen && !openRepeated) {
        repeatEndKey = endOfOpen();
        openRepeated = true;
      }
      // what follows the ender is the repeat, not more of its cycle: the ender stays learned
      closedByEnder = undefined;
    }
    // the repeat is over once each of the cycle's timed sentences came again
    if (++repeatedCount >= repeatTexts.length) {
      repeatTodMs = undefined;
      // the copies of the cycle's untimed sentences that follow its timed ones (RMC GGA GSA GSV sent twice) are the
      // repeat's too, where untimed sentences close a cycle rather than lead the next (rule 14)
      repeatTail = !untimedLead;
    }
    return true;
  };

  /**
   * A timed sentence for the cycle just reported (not a stuck GGA repeating its time: that is a no-fix signal, unless
   * it repeats that cycle's GGA word for word after a later cycle's timed sentences began: a multiplexer's stale copy).
   */
  const isLate = (s: ReceiverMessage, tod: number, raw: string): boolean => {
    if (lastClosedTodMs === undefined || !sameTime(tod, lastClosedTodMs)) return false;
    if (openTod !== undefined && sameTime(openTod, tod)) return false;
    if (s.sentenceId === "GGA" && lastGgaTalker === s.talker && lastGgaTodMs === tod) {
      // (a second repeat of its time is a latched receiver's: a multiplexer's copy lags by one)
      return ++ggaTimeRepeats === 1 && open && openTod !== undefined && lastTimedKey !== undefined && raw !== "" && closedTimedTexts.includes(raw);
    }
    return true;
  };

  /**
   * A sentence whose text repeats the one just before it is a duplicate of it when the open cycle has a
   * time and the repeat carries no other time, or when the repeated sentence was the ender that just closed
   * a cycle: it adds nothing. Without a time a repeat is the next cycle, as rule 3 says.
   */
  const isTransmissionDuplicate = (tod: number | undefined): boolean => {
    if (!open) return closedByEnder !== undefined;
    if (openTod === undefined) return false;
    return tod === undefined || sameTime(tod, openTod);
  };

  /** A late sentence right after an ender: that type also occurs mid-cycle (the split happens once, as in observe). */
  const lateVerdict = (): number => {
    let verdict: number = Verdict.LATE;
    if (closedByEnder !== undefined) {
      unlearn(closedByEnder.key);
      verdict |= Verdict.TAIL_BEGINS;
    }
    closedByEnder = undefined;
    return verdict;
  };

  return {
    get openTimeOfDayMs() {
      return open ? openTod : undefined;
    },
    get hasEnders() {
      return enders.size > 0;
    },
    cut() {
      close(false);
      repeatTodMs = undefined;
      repeatTail = false;
    },
    observe(s, key, known) {
      const times = known ?? readMessageTimes(s, ownTimes);
      const role = times.role;
      const tod = times.cycleTodMs;
      const raw = times.ubx ? "" : ((s as { raw?: string }).raw ?? "");
      const repeatsPrevious = raw !== "" && raw === previousRaw;
      previousRaw = raw;
      if (repeatTail) {
        if (tod !== undefined || role === "timed") repeatTail = false;
        else if ((role === "part" || role === "once") && repeatKeys.includes(key)) return Verdict.DUPLICATE;
      }
      if (tod !== undefined && role === "timed" && raw !== "") {
        if (repeatTodMs !== undefined && !sameTime(tod, repeatTodMs)) repeatTodMs = undefined;
        if (isRepeatedReport(s, tod, raw)) return Verdict.DUPLICATE;
      } else if (repeatTodMs !== undefined && tod === undefined && (role === "part" || role === "once") && s.sentenceId !== "GSV" && repeatKeys.includes(key)) {
        // an untimed sentence of the repeated cycle's types, within the repeat: the copy's (its word on the fix is that
        // cycle's, or a later one's the multiplexer caught early), no cycle of its own; a GSV keeps the view current
        return Verdict.DUPLICATE;
      }
      if (tod !== undefined && isLate(s, tod, raw)) return lateVerdict();
      if (repeatsPrevious && isTransmissionDuplicate(tod)) return Verdict.DUPLICATE;
      let stuck = false;
      if (s.sentenceId === "GGA") {
        stuck = lastGgaTalker === s.talker && tod !== undefined && lastGgaTodMs === tod;
        if (!stuck) ggaTimeRepeats = 0;
        lastGgaTalker = s.talker;
        lastGgaTodMs = tod;
      }
      if (role === "neutral") return 0;
      let jumped = false;
      if (tod !== undefined && !stuck) {
        // back by more than a cycle can last, or forward by more than 2.5 of this receiver's cycles (rule 16)
        if (lastAppliedTodMs !== undefined) {
          const stepMs = timeStepMs(lastAppliedTodMs, tod);
          if (stepMs <= DAY_MS / 2) {
            // (before the receiver's cadence is known, a step forward is not told from a gap)
            const cadenceMs = cycleSteps.medianMs;
            jumped = stepMs > MAX_CYCLE_MS && cadenceMs !== undefined && stepMs > CADENCE_FACTOR * cadenceMs;
            if (stepMs >= SAME_TIME_MS) cycleSteps.take(stepMs);
          } else jumped = DAY_MS - stepMs > MAX_CYCLE_MS;
          if (jumped) forgetOrder();
        }
        lastAppliedTodMs = tod;
      }
      // the untimed sentences of a repeat lie inside the copy of a cycle, not between the receiver's cycles
      if (!times.ubx && repeatTodMs === undefined) {
        order.observe(s, key, role, tod);
        if (order.untimedLead !== untimedLead) {
          // the order learned so far was read the other way round: learn the enders again (rule 14)
          untimedLead = order.untimedLead;
          enders.clear();
          notEnders.clear();
          candidate = undefined;
        }
      }

      let verdict: number = Verdict.APPLY;
      if (stuck) verdict |= Verdict.STUCK;
      if (jumped) verdict |= Verdict.JUMP;
      if (open && lastTimedKey !== undefined && tod === undefined && order.contradictsTimed(s)) {
        // a "no fix" after the timed sentences said fix (or the reverse): the next cycle has begun (rule 14)
        close(true);
        verdict |= Verdict.CLOSE_BEFORE;
        headOnly = true;
      } else if (open) {
        if (tod !== undefined && openTod !== undefined && !sameTime(tod, openTod)) {
          // a jump (receiver restart, gap in the log) cut the cycle short: its last sentence says nothing
          propose(timeStepMs(openTod, tod) <= MAX_CYCLE_MS ? endOfOpen() : undefined);
          close(true);
          verdict |= Verdict.CLOSE_BEFORE;
        } else if ((role === "timed" || role === "once") && onceKeys.includes(key) && !(times.ubx && tod !== undefined && openTod !== undefined)) {
          // A receiver sending no time yet (cold start): the repeat shows where its cycle ends, as a time
          // change does. Once time comes, its cycles are already in step.
          // Untimed sentences that lead the next cycle (rule 14): the open one ended with its last timed sentence.
          if (untimedLead) propose(lastTimedKey);
          else if (tod === undefined && openTod === undefined && lastSentenceKey !== key) propose(lastSentenceKey);
          // a head whose own types begin again before any timed sentence came is a cycle of its own (a receiver
          // that sends untimed cycles): no FRAGMENT
          close(true);
          verdict |= Verdict.CLOSE_BEFORE;
        }
      }
      if (closedByEnder !== undefined) {
        // the cycle went on after the "ender" (an untimed sentence, or the same time of day): that type
        // also occurs mid-cycle, so it is not an ender; untimed sentences that lead the next cycle do not (rule 14)
        if ((tod === undefined && !untimedLead) || (tod !== undefined && sameTime(tod, closedByEnder.todMs))) {
          unlearn(closedByEnder.key);
          if (tod === undefined) verdict |= Verdict.TAIL_BEGINS;
        }
        closedByEnder = undefined;
      }
      open = true;
      if ((role === "timed" || role === "once") && !onceKeys.includes(key)) onceKeys.push(key);
      if (tod !== undefined) openTod ??= tod;
      if (role === "timed") {
        lastTimedKey = key;
        headOnly = false;
        if (tod !== undefined && raw !== "") openTimedTexts.push(raw);
      }
      if (role === "end") {
        // the receiver says its epoch is over (rule 12): close now, with no tail and nothing to learn
        close(true);
        lastSentenceKey = undefined;
        return verdict | Verdict.CLOSE_AFTER;
      }
      if (tod === undefined && !openUntimedKeys.includes(key)) openUntimedKeys.push(key);
      const complete = s.sentenceId !== "GSV" || gsvGroupEnds(s);
      lastSentenceKey = complete ? key : undefined;
      if (complete && enders.has(key)) {
        const closedTod = openTod;
        const fragment = headOnly;
        close(true);
        verdict |= fragment ? Verdict.CLOSE_AFTER | Verdict.FRAGMENT : Verdict.CLOSE_AFTER;
        if (closedTod !== undefined) closedByEnder = { todMs: closedTod, key };
      }
      return verdict;
    },
  };
}
