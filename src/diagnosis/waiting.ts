// What the receiver is waiting for before (or instead of) a 3D fix: one line, from the first rule that applies.
//
//   lost       the fix was lost (or the receiver went on without GNSS): what it tracks now against then
//   searching  nothing tracked yet
//   time       tracking, no time of day yet: the time of week comes with the first subframe read whole
//   too-few    tracking with the time, no fix, fewer than a fix needs (three; four for 3D), and none of them still
//              reading its ephemeris: each readable one locked longer than an ephemeris takes, the rest too weak
//   ephemeris  tracking with the time, no fix: each satellite's ephemeris takes 18–36 s of clean signal after
//              its lock (physics.ts); a first fix needs three (a 2D fix holds the height; 3D needs four). All too
//              weak to read the navigation message: that is the cause only where the receiver shows no orbit data
//              (satellites tracked without elevation/azimuth); with orbits, the signals are too weak to range on
//   two-d      a 2D fix: too few satellites for 3D (each further system's clock offset takes one), or the
//              receiver holds its height although it has enough (while its first solution converges, or by its
//              own choice once it has had a fix for a minute)
//
// Each line cites the epoch it read; the estimates are windows the signal's structure fixes, never a guess. Each
// line also has its words as the first epoch of a stretch under its rule (`stretchText`, the report's "Why no
// fix"): a time said from then ("first locked at its start", "a fix expected within 22 s from its start"), not
// "0 s ago" as if it held for the stretch.

import type { Epoch, Satellite, StartInfo } from "../types.js";
import { formatCount, formatDuration } from "../output/format.js";
import { epochFacts, hasSignal, sampleOf, unidentifiedText } from "./facts.js";
import type { History, Lock } from "./history.js";
import { DECODE_CN0_DB_HZ, ephemerisWindow, messageLayout, timeWindow, type MessageLayout, type Window } from "./physics.js";
import { RANGING, type DiagnosisEstimate, type DiagnosisLine, type EpochFacts, type SatelliteSample } from "./types.js";

export interface WaitingContext {
  epoch: Epoch;
  history: History;
  start?: StartInfo;
  /** The epoch's time is a clock time (not a log's untimed first cycle) */
  clocked: boolean;
}

/** Satellites a fix needs, at the least: three with the height held (2D), four for 3D. */
const FIX_SATELLITES = 3;
const SAMPLES = 12;

/** Words as of the epoch read (`now`: the monitor, the last line), or as the first epoch of a stretch (the report). */
type Tense = "now" | "stretch";

const ago = (fromMs: number | undefined, nowMs: number, tense: Tense = "now"): string => {
  if (fromMs === undefined) return "";
  const since = formatDuration(Math.max(0, nowMs - fromMs), { running: true });
  if (tense === "now") return `${since} ago`;
  return nowMs - fromMs < 1000 ? "at its start" : `${since} before its start`;
};

/** `in 4–22 s`, `within 22 s`, `overdue by 6 s`: a window as seen from `nowMs` (for a stretch: from its start). */
function windowText(window: { earliestAtMs?: number; latestAtMs: number }, nowMs: number, tense: Tense = "now"): string {
  const from = tense === "now" ? "" : " from its start";
  if (window.latestAtMs < nowMs) return `overdue by ${formatDuration(nowMs - window.latestAtMs, { running: true })}${tense === "now" ? "" : " at its start"}`;
  const latest = formatDuration(window.latestAtMs - nowMs, { running: true });
  if (window.earliestAtMs === undefined || window.earliestAtMs <= nowMs) return `within ${latest}${from}`;
  const earliest = formatDuration(window.earliestAtMs - nowMs, { running: true });
  return earliest === latest ? `in ${latest}${from}` : `in ${earliest.replace(/ s$/, "")}–${latest}${from}`;
}

function line(
  rule: DiagnosisLine["rule"],
  text: string | Record<Tense, string>,
  facts: EpochFacts,
  satellites: SatelliteSample[],
  estimate?: DiagnosisEstimate,
  stage?: string,
): DiagnosisLine {
  const words = typeof text === "string" ? { now: text, stretch: text } : text;
  return {
    rule,
    kind: "waiting",
    text: words.now,
    ...(words.stretch === words.now ? {} : { stretchText: words.stretch }),
    ...(stage === undefined ? {} : { stage }),
    epoch: facts,
    satellites,
    ...(estimate === undefined ? {} : { estimate }),
  };
}

/** The same words in both tenses, from a function of the tense. */
const inTenses = (words: (tense: Tense) => string): Record<Tense, string> => ({ now: words("now"), stretch: words("stretch") });

/** The k-th smallest of some numbers (1-based), or undefined when there are fewer. */
function kth(values: number[], k: number): number | undefined {
  return [...values].sort((a, b) => a - b)[k - 1];
}

/** Locks that can give an ephemeris: ranging satellites heard at or above DECODE_CN0_DB_HZ now. */
function readableLocks(epoch: Epoch, history: History): { lock: Lock; satellite: Satellite }[] {
  const out: { lock: Lock; satellite: Satellite }[] = [];
  for (const s of epoch.satellites.satellites) {
    const lock = history.locks.get(s.key);
    if (lock === undefined || !hasSignal(s) || (s.cn0DbHz as number) < DECODE_CN0_DB_HZ || !RANGING.includes(s.constellation)) continue;
    out.push({ lock, satellite: s });
  }
  return out;
}

/** A lock whose start nobody saw: before the receiver was first heard, or before a log's first time of day. */
const undated = (history: History): boolean => [...history.locks.values()].some((l) => l.sinceMs === undefined);

/** `; first locked 12 s ago`, or that the first lock began before it could be timed. */
function lockedText(history: History, first: Lock | undefined, nowMs: number, tense: Tense = "now"): string {
  if (undated(history)) return "; first locked before it could be timed";
  return first === undefined ? "" : `; first locked ${ago(first.sinceMs, nowMs, tense)}`;
}

function earliestLock(history: History): Lock | undefined {
  let first: Lock | undefined;
  for (const lock of history.locks.values()) {
    if (lock.sinceMs === undefined) continue;
    if (first === undefined || (first.sinceMs as number) > lock.sinceMs) first = lock;
  }
  return first;
}

/** `tracking 3`, or `tracking at least 3` while the receiver's list is incomplete (SatelliteView.incomplete). */
const tracking = (ctx: WaitingContext, facts: EpochFacts): string =>
  `tracking ${ctx.epoch.satellites.incomplete === true ? "at least " : ""}${facts.tracked}${unidentifiedText(ctx.epoch.satellites)}`;

/** What an incomplete list leaves unsaid: its missing pages may hold the satellites it hears. */
const INCOMPLETE_TEXT = "the receiver's satellite list is incomplete (GSV pages missing: sent a page a cycle, or lost)";

function searching(ctx: WaitingContext, facts: EpochFacts): DiagnosisLine {
  if (!ctx.history.listsSatellites) {
    return line("searching", "no fix, and the receiver has listed no satellites (GSV) yet: nothing tells why", facts, []);
  }
  const view = ctx.epoch.satellites;
  if (view.incomplete === true) {
    const listed = formatCount(view.inViewCount, "satellite");
    return line("searching", `searching: none tracked of the ${listed} listed so far; ${INCOMPLETE_TEXT}`, facts, []);
  }
  const predicted = ctx.epoch.satellites.satellites.filter((s) => !hasSignal(s) && s.elevationDeg !== undefined && s.azimuthDeg !== undefined);
  const since = ctx.epoch.fixState.kind === "searching" && ctx.clocked ? ctx.epoch.fixState.sinceMs : undefined;
  const searchedMs = since === undefined ? undefined : ctx.epoch.receivedAtMs - since;
  let text: string;
  if (predicted.length >= 4 && searchedMs !== undefined && searchedMs >= 60_000) {
    text = `searching for ${formatDuration(searchedMs, { running: true })}: none of the ${predicted.length} predicted satellites is heard: the antenna sees no sky, or is not connected`;
  } else if (predicted.length > 0) {
    text = `searching: none of the ${formatCount(predicted.length, "predicted satellite")} heard yet (the receiver has its almanac)`;
  } else if (ctx.start?.type === "cold") text = "searching: no satellite tracked yet (cold start: no almanac, so every code is searched)";
  else text = "searching: no satellite tracked yet";
  return line(
    "searching",
    text,
    facts,
    predicted.slice(0, SAMPLES).map((s) => sampleOf(s, ctx.epoch.receivedAtMs)),
  );
}

/**
 * The layouts a satellite not yet locked could read with: those of the ranging systems in the receiver's view.
 * `undefined` among them: a system whose message gives no window (Galileo), so no earliest time can be given.
 */
function layoutsInView(epoch: Epoch): Set<MessageLayout | undefined> {
  const out = new Set<MessageLayout | undefined>();
  for (const s of epoch.satellites.satellites) if (RANGING.includes(s.constellation)) out.add(messageLayout(s.constellation));
  for (const u of epoch.satellites.unidentified ?? [])
    if (u.constellation !== undefined && RANGING.includes(u.constellation)) out.add(messageLayout(u.constellation));
  return out;
}

function timeNotSet(ctx: WaitingContext, facts: EpochFacts): DiagnosisLine {
  const now = ctx.epoch.receivedAtMs;
  const first = earliestLock(ctx.history);
  // The first satellite to read a part whole gives the time: the earliest window among those locked, or one
  // that locks now.
  const windows: Window[] = [];
  for (const { lock } of readableLocks(ctx.epoch, ctx.history)) {
    const layout = messageLayout(lock.constellation);
    if (layout !== undefined && lock.sinceMs !== undefined) windows.push(timeWindow(layout, lock.sinceMs));
  }
  const layouts = layoutsInView(ctx.epoch);
  const soonest =
    layouts.has(undefined) || undated(ctx.history)
      ? undefined
      : Math.min(...windows.map((w) => w.earliestMs), ...[...layouts].map((l) => timeWindow(l!, now).earliestMs));
  const estimate: DiagnosisEstimate | undefined =
    windows.length === 0
      ? undefined
      : {
          what: "time",
          ...(soonest === undefined ? {} : { earliestAtMs: soonest }),
          latestAtMs: Math.min(...windows.map((w) => w.latestMs)),
          basis: "each GPS subframe (6 s) carries the time of week: a whole one after the lock and bit sync",
        };
  const text = inTenses((tense) => {
    const locked = lockedText(ctx.history, first, now, tense);
    const when = estimate === undefined ? "" : `, expected ${windowText(estimate, now, tense)}`;
    return `${tracking(ctx, facts)}, time not set: reading the time of week from the navigation message${locked}${when}`;
  });
  return line("time", text, facts, first === undefined ? [] : [first.first], estimate);
}

function ephemeris(ctx: WaitingContext, facts: EpochFacts): DiagnosisLine {
  const now = ctx.epoch.receivedAtMs;
  const readable = readableLocks(ctx.epoch, ctx.history);
  const first = earliestLock(ctx.history);
  const cited = first === undefined ? [] : [first.first];
  // a satellite listed without a number has no lock to date, but its signal says whether it can be read
  const unnamed = (ctx.epoch.satellites.unidentified ?? []).flatMap((u) =>
    u.cn0DbHz !== undefined && u.constellation !== undefined && RANGING.includes(u.constellation) ? [u.cn0DbHz] : [],
  );
  const few = tooFew(ctx, facts, readable, unnamed);
  if (few !== undefined) return few;
  if (readable.length === 0 && !unnamed.some((c) => c >= DECODE_CN0_DB_HZ)) {
    const ranging = ctx.epoch.satellites.satellites.filter((s) => hasSignal(s) && RANGING.includes(s.constellation)).map((s) => s.cn0DbHz as number);
    ranging.push(...unnamed);
    const strongest = ranging.length === 0 ? "no ranging satellite among them" : `the strongest ranging signal ${Math.round(Math.max(...ranging))} dB-Hz`;
    // a receiver that shows where its satellites are has orbits for them (an ephemeris, or at least an almanac):
    // what holds it back is signal to track and range on, not only the message
    const text =
      ranging.length > 0 && orbitsShown(ctx.epoch)
        ? `${tracking(ctx, facts)}, all weak: ${strongest}; their orbits known (elevation/azimuth listed), a fix waits for signals strong enough to track and range on (and to read an ephemeris it lacks: ${DECODE_CN0_DB_HZ})`
        : `${tracking(ctx, facts)}, none strong enough to read the navigation message: ${strongest}, 50 bit/s needs ${DECODE_CN0_DB_HZ}`;
    return line("ephemeris", text, facts, cited, undefined, "weak");
  }
  // Each readable satellite's window; the fix comes with the third ephemeris (physics.ts, FIX_SATELLITES).
  // A satellite that locks later reads no sooner than one of its system locked now (the windows only move
  // later with the lock), so each system in view adds a lock now to the candidates for the earliest.
  const layouts = layoutsInView(ctx.epoch);
  const utc = ctx.history.utcOffsetMs;
  const earliest: number[] = [...layouts].flatMap((l) => (l === undefined ? [] : Array<number>(FIX_SATELLITES).fill(ephemerisWindow(l, now, utc).earliestMs)));
  const latest: number[] = [];
  let unknownLayout = layouts.has(undefined);
  for (const { lock } of readable) {
    const layout = messageLayout(lock.constellation);
    if (layout === undefined || lock.sinceMs === undefined) {
      unknownLayout = true;
      continue;
    }
    // Parts gathered since the satellite was first heard count; a lost lock starts the worst case again.
    earliest.push(ephemerisWindow(layout, lock.firstSinceMs ?? lock.sinceMs, utc).earliestMs);
    latest.push(ephemerisWindow(layout, lock.sinceMs, utc).latestMs);
  }
  const earliestFix = unknownLayout ? undefined : kth(earliest, FIX_SATELLITES);
  const latestFix = kth(latest, FIX_SATELLITES);
  const estimate: DiagnosisEstimate | undefined =
    latestFix === undefined
      ? undefined
      : {
          what: "fix",
          ...(earliestFix === undefined ? {} : { earliestAtMs: earliestFix }),
          latestAtMs: latestFix,
          basis: `the third ephemeris: subframes 1–3 (18 s) read whole, sent every 30 s; ${DECODE_CN0_DB_HZ} dB-Hz or more`,
        };
  // without a number, only the strongest signal of a system is known: all of its are too weak when that one is
  let weakUnnamed = 0;
  for (const u of ctx.epoch.satellites.unidentified ?? []) {
    if (u.constellation !== undefined && RANGING.includes(u.constellation) && u.cn0DbHz !== undefined && u.cn0DbHz < DECODE_CN0_DB_HZ)
      weakUnnamed += u.trackedCount;
  }
  const weak = ctx.epoch.satellites.satellites.filter((s) => hasSignal(s) && RANGING.includes(s.constellation)).length - readable.length + weakUnnamed;
  const weakText = weak > 0 ? `, ${weak} too weak to read it` : "";
  const used = facts.used === 0 ? "none used" : `${facts.used} used but no fix`;
  const text = inTenses((tense) => {
    const locked = lockedText(ctx.history, first, now, tense);
    let when: string;
    if (estimate === undefined) {
      when = readable.length < FIX_SATELLITES ? `; a fix needs ${FIX_SATELLITES} (4 for 3D)` : "";
    } else if (estimate.latestAtMs < now) {
      when = `; ${windowText(estimate, now, tense)}: the signals were interrupted, or the receiver holds back its fix`;
    } else when = `; a fix expected ${windowText(estimate, now, tense)}`;
    return `${tracking(ctx, facts)}, ${used}: waiting for ephemeris (subframes 1–3: 18–36 s of clean signal after a lock)${weakText}${locked}${when}`;
  });
  const stage = estimate === undefined ? (readable.length < FIX_SATELLITES ? "needs-more" : "unknown") : estimate.latestAtMs < now ? "overdue" : "expected";
  return line("ephemeris", text, facts, cited, estimate, stage);
}

/**
 * Whether the receiver shows orbit data for the satellites it lists: its own orbit source (u-blox NAV-SAT) where it
 * states one, else elevation/azimuth listed for a ranging satellite (a receiver without orbits tracks blind).
 */
function orbitsShown(epoch: Epoch): boolean {
  const ranging = epoch.satellites.satellites.filter((s) => RANGING.includes(s.constellation));
  const stated = ranging.filter((s) => s.orbitSource !== undefined);
  if (stated.length > 0) return stated.some((s) => s.orbitSource !== "none" && s.orbitSource !== "other");
  return ranging.some((s) => s.elevationDeg !== undefined && s.azimuthDeg !== undefined);
}

/**
 * Fewer satellites tracked than a fix needs, none of them still reading its ephemeris (each readable one locked
 * longer than the latest an ephemeris takes after its lock, the rest too weak; with none readable, each weak one
 * locked that long): the count is what holds the fix back, not the ephemeris. So too with enough tracked but fewer readable, none still reading, where the receiver
 * shows no orbit data (each needs its message read): the count of readable ones. Undefined while one may still be
 * reading (a lock younger than that, one whose message gives no window, or a readable satellite listed without a
 * number, whose lock cannot be dated).
 */
function tooFew(ctx: WaitingContext, facts: EpochFacts, readable: { lock: Lock; satellite: Satellite }[], unnamed: number[]): DiagnosisLine | undefined {
  const now = ctx.epoch.receivedAtMs;
  const named = ctx.epoch.satellites.satellites.filter((s) => hasSignal(s) && RANGING.includes(s.constellation)).length;
  let unnamedTracked = 0;
  for (const u of ctx.epoch.satellites.unidentified ?? [])
    if (u.constellation !== undefined && RANGING.includes(u.constellation)) unnamedTracked += u.trackedCount;
  const tracked = named + unnamedTracked;
  if (tracked === 0 || ctx.epoch.satellites.incomplete === true) return undefined;
  // enough tracked: only where some are readable, fewer than a fix needs, and every one needs its message read
  const fewReadable = tracked >= FIX_SATELLITES;
  if (fewReadable && (readable.length === 0 || readable.length >= FIX_SATELLITES || orbitsShown(ctx.epoch))) return undefined;
  if (unnamed.some((c) => c >= DECODE_CN0_DB_HZ)) return undefined;
  // the readable ones past that time (a weak one reads nothing: it waits for no ephemeris); with none readable, the
  // weak ones past it too (else the weak signals are the news: a satellite just found may yet be read). One listed
  // without a number has no lock to date: only a weak one of those lets the count lead
  const readableKeys = new Set(readable.map(({ lock }) => lock.key));
  for (const s of ctx.epoch.satellites.satellites) {
    if (!hasSignal(s) || !RANGING.includes(s.constellation)) continue;
    if (readable.length > 0 && !readableKeys.has(s.key)) continue;
    const lock = ctx.history.locks.get(s.key);
    const layout = messageLayout(s.constellation);
    const since = lock?.heldSinceMs;
    if (layout === undefined || since === undefined || ephemerisWindow(layout, since, undefined).latestMs > now) return undefined;
  }
  const weak = tracked - readable.length;
  const readText =
    readable.length === 0
      ? ""
      : readable.length === 1
        ? "; the readable one locked longer than an ephemeris takes (18–36 s)"
        : `; the ${readable.length} readable ones each locked longer than an ephemeris takes (18–36 s)`;
  const weakText = weak === 0 ? "" : `${readable.length === 0 ? "; " : ", "}${weak} too weak to read the navigation message (below ${DECODE_CN0_DB_HZ} dB-Hz)`;
  const used = facts.used === 0 ? "none used" : `${facts.used} used but no fix`;
  const count = fewReadable
    ? `${tracking(ctx, facts)}, only ${readable.length} strong enough to read the navigation message (${DECODE_CN0_DB_HZ} dB-Hz)`
    : `only ${tracked} tracked${unidentifiedText(ctx.epoch.satellites)}`;
  const text = `${count}, a fix needs ${FIX_SATELLITES} (4 for 3D): ${used}${readText}${weakText}`;
  const samples = readable.slice(0, SAMPLES).map(({ satellite }) => sampleOf(satellite, now));
  return line("too-few", text, facts, samples, undefined, fewReadable ? "few-readable" : "few-tracked");
}

function twoD(ctx: WaitingContext, facts: EpochFacts): DiagnosisLine {
  const now = ctx.epoch.receivedAtMs;
  const used = ctx.epoch.satellites.satellites.filter((s) => s.usedInFix);
  const bySystem = new Map<string, number>();
  for (const s of used) bySystem.set(s.constellation, (bySystem.get(s.constellation) ?? 0) + 1);
  // A further system with two or more satellites has its own clock offset: one unknown more.
  const offsets = Math.max(0, [...bySystem.values()].filter((n) => n >= 2).length - 1);
  const spare = facts.used - offsets;
  const systems = [...bySystem.entries()].map(([c, n]) => `${c === "gps" ? "GPS" : c[0]!.toUpperCase() + c.slice(1)} ${n}`).join(" + ");
  const samples = used.slice(0, SAMPLES).map((s) => sampleOf(s, now));
  if (facts.used === 0) {
    // GGA's 00 with an empty GSA: a fix with no satellite in it is the last solution carried on
    const text =
      ctx.epoch.noSatelliteUsed === true
        ? "2D fix with no satellite used, as the receiver says: its last solution carried on (coasting), not a measurement"
        : "2D fix: the receiver does not say how many satellites it uses";
    return line("two-d", text, facts, samples);
  }
  if (spare < 4) {
    const offsetText = offsets > 0 ? ` (${systems}: each further system's clock offset takes one)` : "";
    return line("two-d", `2D fix with ${facts.used} used${offsetText}: height needs a 4th satellite`, facts, samples);
  }
  const since = ctx.history.fixSinceMs;
  const fixFor = since === undefined || now - since < 1000 ? "" : `; fix for ${formatDuration(now - since, { running: true })}`;
  // in its first minute a solution converges; a receiver that has had a fix longer holds its height by its own choice
  const choice = "its 2D setting, or a geometry it judges too poor for a height";
  const why = since === undefined ? `a converging solution, ${choice}` : now - since < 60_000 ? "as while a first solution converges" : choice;
  const text = `2D fix with ${facts.used} used, enough for 3D: the receiver holds its height (${why}${fixFor})`;
  return line("two-d", text, facts, samples);
}

function lost(ctx: WaitingContext, facts: EpochFacts): DiagnosisLine {
  const state = ctx.epoch.fixState;
  const last = ctx.history.lastFix;
  const then = last === undefined ? "" : ` (${last.tracked} when it last had a fix, ${ago(last.atMs, ctx.epoch.receivedAtMs)})`;
  const what = state.kind === "non-gnss" ? `no GNSS fix (${state.quality.replace("-", " ")})` : "fix lost";
  if (!ctx.history.listsSatellites) return line("lost", `${what}; the receiver lists no satellites (no GSV)`, facts, []);
  // nothing heard is a finding only where the receiver's list is whole: its missing pages may hold what it hears
  const sky =
    ctx.epoch.satellites.incomplete === true
      ? `: ${INCOMPLETE_TEXT}`
      : facts.tracked === 0
        ? ": no satellite heard: the sky is blocked (tunnel, indoors) or the antenna is off"
        : "";
  return line("lost", `${what}: ${tracking(ctx, facts)}${then}${sky}`, facts, []);
}

/** The one line saying what the receiver waits for, or undefined with a 3D fix. */
export function waitingLine(ctx: WaitingContext): DiagnosisLine | undefined {
  const { epoch } = ctx;
  const facts = epochFacts(epoch);
  const state = epoch.fixState.kind;
  // (a fix whose dimension the receiver did not state is no 2D it could say why of)
  if (state === "fixed") return epoch.mode === "2d" && epoch.dimensionUnstated !== true ? twoD(ctx, facts) : undefined;
  if (state === "lost" || state === "non-gnss") return lost(ctx, facts);
  if (facts.tracked === 0) return searching(ctx, facts);
  if (!facts.hasTime) return timeNotSet(ctx, facts);
  return ephemeris(ctx, facts);
}
