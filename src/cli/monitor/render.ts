// The monitor's screen as a pure function of a MonitorView and a terminal size: lines of styled segments.
// Used and tracked satellites differ in colour AND in characters (█ and * for used, ░ for tracked only,
// · for in view but not tracked), so the screen reads the same without colour.

import type { Constellation, FixLostReason, FixState, NonGnssQuality, Satellite, SatelliteView, UnidentifiedSatellites } from "../../types.js";
import { antennaText, receiverTtffText } from "../../output/receiver-text.js";
import { ttffNotMeasuredText } from "../../output/ttff-text.js";
import { renderSkyPlot, skyPlotLegend, skyPlotWidth } from "./skyplot.js";
import { cn0Role, cut, lineLength, padTo, seg, type Line, type Role } from "./style.js";
import { CONSTELLATION_NAME } from "../../output/format.js";
import { CONSTELLATION_LETTER, CONSTELLATION_ORDER, signalName, type MonitorView } from "./view.js";
import type { MethodRow, MethodsView } from "./methods.js";
import { formatBytes, formatCount, formatDuration } from "../../output/format.js";
import { whyBlock, whyLines } from "./why.js";
import { correctionFiguresText, precisionLine } from "../../output/corrections-text.js";
import { satelliteViewKnown } from "../../output/csv.js";

export interface ScreenSize {
  width: number;
  height: number;
}

/** Below this many columns the sky plot is left out. */
export const SKY_PLOT_MIN_WIDTH = 100;
/** C/N0 at which a bar is full. */
const FULL_BAR_DBHZ = 50;
const LABEL_WIDTH = 12;
/** The start-type evidence takes at most this many lines; beyond, it ends with an ellipsis. */
const EVIDENCE_MAX_LINES = 4;
/** Why a TTFF is not measured, at most this many lines (a short screen: one, ending in …) */
const TTFF_REASON_MAX_LINES = 3;
/** The Why lines (what the receiver waits for, then the sky) take at most this many lines. */
const WHY_MAX_LINES = 4;
/** The raw pane: a third of the screen, within these bounds (its heading line included). */
const RAW_PANE_MIN_LINES = 4;
const RAW_PANE_MAX_LINES = 16;

/** `line` shortened after a whole word so that `line …` fits in `width`. */
function withEllipsis(line: string, width: number): string {
  let words = line.trimStart().split(" ");
  const indent = line.length - line.trimStart().length;
  while (words.length > 0 && indent + `${words.join(" ")} …`.length > width) words = words.slice(0, -1);
  return `${" ".repeat(indent)}${[...words, "…"].join(" ")}`;
}

/**
 * `text` in lines of at most `width` characters, broken at spaces (a word longer than a line is cut);
 * continuation lines start with `indent` spaces. At most `maxLines`: text left over ends the last line with
 * `…` after its last whole word.
 */
export function wrapWords(text: string, width: number, maxLines: number, indent = 0): string[] {
  const fit = (word: string, room: number): string => (word.length > room ? word.slice(0, room) : word);
  const lines: string[] = [];
  let line = "";
  for (const word of text.split(" ").filter((w) => w !== "")) {
    const room = lines.length === 0 ? width : width - indent;
    if (line === "") line = fit(word, room);
    else if (line.length + 1 + word.length <= room) line += ` ${word}`;
    else {
      const lead = " ".repeat(lines.length === 0 ? 0 : indent);
      if (lines.length + 1 === maxLines) return [...lines, withEllipsis(`${lead}${line}`, width)];
      lines.push(`${lead}${line}`);
      line = fit(word, width - indent);
    }
  }
  if (line !== "") lines.push(`${" ".repeat(lines.length === 0 ? 0 : indent)}${line}`);
  return lines;
}

/** Evidence items one per line, each wrapped at word boundaries (continuations indented), at most `maxLines`. */
export function wrapEvidence(items: readonly string[], width: number, maxLines: number): string[] {
  const lines = items.flatMap((item) => wrapWords(item, width, Number.POSITIVE_INFINITY, 2));
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  kept[maxLines - 1] = withEllipsis(kept[maxLines - 1]!, width);
  return kept;
}

/** `text` whole when it fits in `width`, else shortened after a whole word, with `…`. */
export function fitWords(text: string, width: number): string {
  return text.length <= width ? text : withEllipsis(text, width);
}

const QUALITY_LABEL: Record<string, string> = {
  autonomous: "",
  dgps: "DGPS",
  pps: "PPS",
  "rtk-fixed": "RTK fixed",
  "rtk-float": "RTK float",
  "dead-reckoning": "dead reckoning",
  manual: "manual",
  "time-only": "time only",
  simulated: "simulated",
};

/**
 * `3D`, `DGPS 3D`, `RTK fixed 3D`, `fix (2D/3D not stated)`, `SEARCHING`, `LOST`, with the role that colours it. `heard`: the receiver has
 * said whether it has a fix; until it has, it is not shown searching (a device that never speaks of a fix).
 */
export function fixLabel(state: FixState, heard = true, dimensionUnstated = false): { text: string; role: Role } {
  switch (state.kind) {
    case "idle":
      return { text: "WAITING FOR DATA", role: "dim" };
    case "searching":
      return heard ? { text: "SEARCHING (no fix)", role: "warn" } : { text: "NO FIX STATUS (nothing it sent says whether it has a fix)", role: "dim" };
    case "fixed": {
      const quality = QUALITY_LABEL[state.quality] ?? state.quality;
      // RMC or GLL alone cannot tell 2D from 3D (Epoch.dimensionUnstated): no "2D" the receiver did not say
      if (dimensionUnstated) return { text: `${quality ? `${quality} ` : ""}fix (2D/3D not stated)`, role: "ok" };
      return { text: `${quality ? `${quality} ` : ""}${state.mode.toUpperCase()} fix`, role: "ok" };
    }
    case "non-gnss":
      return { text: NON_GNSS_LABEL[state.quality], role: "warn" };
    case "lost":
      return { text: `LOST (${LOST_REASON[state.reason]})`, role: "bad" };
  }
}

const NON_GNSS_LABEL: Record<NonGnssQuality, string> = {
  "dead-reckoning": "DEAD RECKONING (the receiver's estimate, no GNSS fix)",
  manual: "MANUAL POSITION (entered, not measured)",
  "time-only": "TIME ONLY (a surveyed-in or entered position)",
  simulated: "SIMULATOR MODE (the receiver's own simulator: not a measured position)",
};
/** What a non-GNSS position means for TTFF: the receiver is not (yet) solving from satellites. */
const NON_GNSS_NOTE: Record<NonGnssQuality, string> = {
  "dead-reckoning": "dead reckoning",
  manual: "manual position",
  "time-only": "time only",
  simulated: "the receiver is in its simulator mode",
};
const LOST_REASON: Record<FixLostReason, string> = {
  stale: "no fix confirmed for two cycles",
  "no-fix-reported": "receiver reports no fix",
  "non-gnss": "receiver went on without GNSS",
};

const since = (view: MonitorView, atMs: number | undefined): number | undefined =>
  view.nowMs === undefined || atMs === undefined ? undefined : view.nowMs - atMs;

function formatLatLon(latitudeDeg: number, longitudeDeg: number): string {
  const lat = `${Math.abs(latitudeDeg).toFixed(6)}° ${latitudeDeg < 0 ? "S" : "N"}`;
  const lon = `${Math.abs(longitudeDeg).toFixed(6)}° ${longitudeDeg < 0 ? "W" : "E"}`;
  return `${lat}  ${lon}`;
}

const utc = (ms: number): string =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, " UTC");

export interface Counts {
  used: number;
  tracked: number;
  inView: number;
  usedSignals: number;
  trackedSignals: number;
}

/**
 * Satellites (and their signals) used in the fix, tracked (with a C/N0), and in view. `usedCount`: the
 * receiver's own count for the whole view (SatelliteView.usedCount: GSA's list, else GNS/GGA's count), which
 * is the one "used" every output shows; a group of the view counts its flagged satellites. `unidentified`: the
 * satellites listed without a number (SatelliteView.unidentified), tracked and in view, never used.
 */
export function countSatellites(satellites: readonly Satellite[], usedCount?: number, unidentified?: readonly UnidentifiedSatellites[]): Counts {
  const counts: Counts = { used: 0, tracked: 0, inView: 0, usedSignals: 0, trackedSignals: 0 };
  for (const u of unidentified ?? []) {
    counts.inView += u.inViewCount;
    counts.tracked += u.trackedCount;
    counts.trackedSignals += u.signalCount;
  }
  for (const s of satellites) {
    counts.inView++;
    // tracked: a C/N0 above 0 (a signal listed with 0 has none)
    const signals = s.signals.filter((g) => (g.cn0DbHz ?? 0) > 0).length || (s.cn0DbHz === undefined ? 0 : 1);
    if (s.cn0DbHz !== undefined) {
      counts.tracked++;
      counts.trackedSignals += signals;
    }
    if (s.usedInFix) {
      counts.used++;
      counts.usedSignals += s.signals.filter((g) => g.usedInFix).length || 1;
    }
  }
  if (usedCount !== undefined) counts.used = usedCount;
  return counts;
}

const countsText = (c: Counts): string => `${c.used} used · ${c.tracked} tracked · ${c.inView} in view`;

function labelled(label: string, ...rest: Line): Line {
  return [seg(label.padEnd(LABEL_WIDTH), "label"), ...rest];
}

function linkLine(view: MonitorView): Line {
  const received = seg(`  ${formatBytes(view.bytes)} received${view.baudRate === undefined ? "" : ` · ${view.baudRate} baud`}`, "dim");
  switch (view.link.kind) {
    case "opening":
      return labelled("Link", seg("opening…", "warn"));
    case "open":
      return labelled("Link", seg(view.link.detail ? `connected (${view.link.detail})` : "connected", "ok"), received);
    case "reconnected":
      return labelled("Link", seg(`reconnected after ${formatDuration(view.link.downForMs)}`, "ok"), received);
    case "disconnected": {
      const retry = view.link.retryInMs === undefined ? "" : `, retrying in ${formatDuration(view.link.retryInMs)}`;
      return labelled("Link", seg(`DISCONNECTED (${view.link.reason})${retry}`, "bad"), received);
    }
    case "ended":
      return labelled("Link", seg("source ended", "warn"), received, seg("  (q to quit)", "dim"));
  }
}

function infoLines(view: MonitorView, short: boolean, width: number): Line[] {
  const lines: Line[] = [linkLine(view)];
  const fix = fixLabel(view.fixState, view.fixStatusHeard, view.epoch?.dimensionUnstated === true);
  const fixSince = view.fixState.kind === "idle" ? undefined : since(view, view.fixState.sinceMs);
  const fixLine = labelled("Fix", seg(fix.text, fix.role));
  if (fixSince !== undefined) fixLine.push(seg(` for ${formatDuration(fixSince, { running: true })}`));
  if (view.fixState.kind === "lost")
    fixLine.push(seg(`, last fix ${formatDuration(since(view, view.fixState.lastFixAtMs) ?? Number.NaN, { running: true })} ago`, "dim"));
  lines.push(fixLine);

  const { ttff } = view;
  if (ttff.ttffMs !== undefined) {
    const line = labelled("TTFF", seg(formatDuration(ttff.ttffMs), "ok"));
    if (ttff.first3dMs !== undefined && ttff.first3dMs !== ttff.ttffMs) line.push(seg(` (3D after ${formatDuration(ttff.first3dMs)})`));
    lines.push(line);
  } else if (ttffNotMeasuredText(ttff, view.live === false ? "log" : "source", loggerTextSeen(view)) !== undefined) {
    // the reason whole, wrapped at words (it is the answer to "why no TTFF?")
    const reason = ttffNotMeasuredText(ttff, view.live === false ? "log" : "source", loggerTextSeen(view)) ?? "";
    wrapWords(reason, Math.max(10, width - LABEL_WIDTH), short ? 1 : TTFF_REASON_MAX_LINES, 2).forEach((text, k) =>
      lines.push(labelled(k === 0 ? "TTFF" : "", seg(text, "dim"))),
    );
  } else if (view.fixStatusHeard === false) {
    lines.push(labelled("TTFF", seg("no fix stated: nothing the receiver sent says whether it has a fix", "dim")));
  } else {
    const waiting = since(view, ttff.startedAtMs);
    const nonGnss = view.fixState.kind === "non-gnss" ? ` (${NON_GNSS_NOTE[view.fixState.quality]})` : "";
    lines.push(
      labelled(
        "TTFF",
        seg(waiting === undefined ? `no fix yet${nonGnss}` : `${formatDuration(waiting, { running: true })} and counting (no fix yet${nonGnss})`, "warn"),
      ),
    );
  }

  lines.push(...correctionLines(view));
  // what a UBX receiver says of itself: its own TTFF beside gnsskit's, its antenna and jamming
  const receiverTtff = view.receiver === undefined ? undefined : receiverTtffText(view.receiver);
  if (receiverTtff !== undefined) lines.push(labelled("", seg(`receiver: ${receiverTtff}`, "dim")));
  const antenna = view.receiver === undefined ? undefined : antennaText(view.receiver);
  if (antenna !== undefined) {
    const r = view.receiver;
    const role: Role = r?.antenna === "short" || r?.antenna === "open" || r?.jamming === "critical" ? "bad" : r?.jamming === "warning" ? "warn" : "plain";
    lines.push(labelled("Antenna", seg(antenna, role)));
  }

  const { start } = view;
  // unknown with evidence: it cannot be told (a receiver already fixed when first heard), not merely not yet
  if (start.type === "unknown" && start.evidence.length === 0) lines.push(labelled("Start", seg("not known yet", "dim")));
  else {
    if (start.type === "unknown") lines.push(labelled("Start", seg("not known", "dim")));
    else lines.push(labelled("Start", seg(`${start.type} start`, "label"), seg(` (${start.basis})`)));
    if (start.evidence.length > 0 && !short) {
      // Under the label column, broken at word boundaries (a cut at the screen edge left "19 sate").
      for (const text of wrapEvidence(start.evidence, Math.max(10, width - LABEL_WIDTH), EVIDENCE_MAX_LINES)) lines.push(labelled("", seg(text, "dim")));
    }
  }

  lines.push(...whyBlock(whyLines(shownDiagnosis(view), Math.max(10, width - LABEL_WIDTH), short ? 1 : WHY_MAX_LINES, wrapWords), labelled));

  const e = view.epoch;
  const hasPosition = e !== undefined && e.mode !== "none" && e.latitudeDeg !== undefined && e.longitudeDeg !== undefined;
  const time = e?.timeMs === undefined ? [] : [seg(`  ${utc(e.timeMs)}`, "dim")];
  const methods = view.methods;
  if (methods === undefined) {
    lines.push(labelled("Method", seg(view.method), seg(view.methodDetail ? `  ${view.methodDetail}` : "", "dim")));
  } else {
    lines.push(...methodLines(view, methods, width));
  }
  const chosen = methods?.location;
  if (chosen !== undefined) {
    // The positioner's choice: the receiver's fix, or another method's position while the receiver has none.
    const radius = chosen.accuracyM === undefined ? "" : `  ±${formatRadius(chosen.accuracyM)}`;
    const old = chosen.ageMs >= 10_000 ? `, ${formatDuration(chosen.ageMs, { running: true })} old` : "";
    // Kept for want of a better one while its method fails: say so (an aged-out one shows its age).
    const failing = methods?.rows.some((r) => r.name === chosen.method && r.state === "current" && r.problem === "unavailable") === true;
    const shownProblem = failing ? ", method unavailable" : "";
    lines.push(
      chosen.valid
        ? labelled(
            "Position",
            seg(formatLatLon(chosen.latitudeDeg, chosen.longitudeDeg)),
            seg(radius),
            seg(` (${chosen.method}${shownProblem}${old})`, "label"),
          )
        : labelled(
            "Position",
            seg("—", "dim"),
            seg(`  ${chosen.method} lost its fix ${formatDuration(chosen.ageMs, { running: true })} ago; no other method has a position`, "dim"),
          ),
    );
  } else {
    lines.push(
      hasPosition ? labelled("Position", seg(formatLatLon(e.latitudeDeg!, e.longitudeDeg!)), ...time) : labelled("Position", seg("—", "dim"), ...time),
    );
  }

  const altitude = hasPosition && e.altitudeMslM !== undefined ? `${e.altitudeMslM.toFixed(1)} m MSL` : "—";
  const speed = hasPosition && e.speedMps !== undefined ? `${(e.speedMps * 3.6).toFixed(1)} km/h` : "—";
  const track = hasPosition && e.trackTrueDeg !== undefined ? `${e.trackTrueDeg.toFixed(1)}°` : "—";
  lines.push(labelled("Altitude", seg(altitude.padEnd(16)), seg("Speed ", "label"), seg(speed.padEnd(12)), seg("Track ", "label"), seg(track)));

  const dop = e?.dop ?? {};
  const dopText = (name: string, value: number | undefined): string => `${name} ${value === undefined ? "—" : value.toFixed(2)}`;
  const errors = e?.ephM === undefined ? "" : `  ±${e.ephM.toFixed(1)} m horizontal (95%)`;
  lines.push(labelled("DOP", seg(`${dopText("H", dop.hdop)}  ${dopText("V", dop.vdop)}  ${dopText("P", dop.pdop)}`), seg(errors, "dim")));

  const total = countSatellites(view.satellites.satellites, view.satellites.usedCount, view.satellites.unidentified);
  lines.push(
    satelliteViewKnown(view.satellites)
      ? labelled(
          "Satellites",
          seg(`${total.used} used`, "used"),
          seg(" · "),
          seg(`${total.tracked} tracked`, "tracked"),
          seg(` · ${total.inView} in view`),
          seg(`   signals: ${total.usedSignals} used · ${total.trackedSignals} tracked`, "dim"),
        )
      : // a receiver without GSV: its used count (GGA's) is all it says
        labelled("Satellites", seg(`${total.used} used`, "used"), seg(" · tracked and in view unknown: the receiver lists no satellites", "dim")),
  );

  const diagnostics = Object.entries(view.diagnostics).filter(([, n]) => (n ?? 0) > 0);
  lines.push(
    diagnostics.length === 0
      ? labelled("Diagnostics", seg("none", "dim"))
      : labelled("Diagnostics", seg(diagnostics.map(([kind, n]) => `${n} ${kind}`).join(" · "), "warn")),
  );
  return lines;
}

/** Corrections (with --ntrip) are stale beyond this age: an RTK receiver drops back to DGPS. */
const STALE_CORRECTIONS_MS = 10_000;

/** With --ntrip, the caster's link and what it delivered; and the RTK times whenever there are any. */
function correctionLines(view: MonitorView): Line[] {
  const lines: Line[] = [];
  const feed = view.corrections;
  if (feed !== undefined) {
    const { link } = feed.stats;
    const state =
      link.kind === "connected"
        ? seg(link.detail === undefined ? "connected" : `connected (${link.detail})`, "ok")
        : link.kind === "down"
          ? seg(`DISCONNECTED (${link.reason})${link.retryInMs === undefined ? "" : `, retrying in ${formatDuration(link.retryInMs)}`}`, "bad")
          : link.kind === "failed"
            ? seg(`FAILED (${link.reason})`, "bad")
            : seg(link.kind === "connecting" ? "connecting…" : "closed", "warn");
    const stale = feed.stats.ageMs !== undefined && feed.stats.ageMs > STALE_CORRECTIONS_MS;
    lines.push(labelled("Corrections", state, seg(`  ${correctionFiguresText(feed.stats)}`, stale ? "warn" : "dim")));
  }
  const precision = view.precision;
  const line = precision === undefined ? undefined : precisionLine(precision);
  if (line !== undefined) lines.push(labelled(line.label, seg(line.text, precision?.firstRtkFixedMs !== undefined ? "ok" : "label")));
  else if (feed !== undefined) {
    const waiting = since(view, precision?.correctionsSinceMs);
    lines.push(
      labelled(
        "RTK",
        seg(
          waiting === undefined
            ? "no corrections have reached the receiver yet"
            : `no RTK solution yet, ${formatDuration(waiting, { running: true })} after the corrections`,
          "warn",
        ),
      ),
    );
  }
  return lines;
}

const formatRadius = (m: number): string => (m < 10 ? `${m.toFixed(1)} m` : m < 10_000 ? `${Math.round(m)} m` : `${(m / 1000).toFixed(0)} km`);

/** `0 B`, `↑101 B`, `↑245 B ↓98 B`: what a method cost (sent ↑, received ↓). */
export function formatCost(sent: number, received: number): string {
  if (sent === 0 && received === 0) return "0 B";
  return [sent > 0 ? `↑${formatBytes(sent)}` : "", received > 0 ? `↓${formatBytes(received)}` : ""].filter((t) => t !== "").join(" ");
}

const STATE_ROLE: Record<MethodRow["state"], Role> = {
  active: "ok",
  current: "warn",
  available: "plain",
  searching: "warn",
  asking: "warn",
  standby: "plain",
  unavailable: "bad",
  off: "dim",
};

const FALLBACK_NAME: Record<string, string> = { ipf: "IP address fallback", lacf: "cell area fallback" };

/** ` ±150 m`, ` ±25 km (IP address fallback)`: a location's radius and whether the provider fell back. */
function radiusText(location: MethodRow["location"]): string {
  if (location === undefined) return "";
  const radius = location.accuracyM === undefined ? "" : ` ±${formatRadius(location.accuracyM)}`;
  const fallback = location.fallback === undefined ? "" : ` (${FALLBACK_NAME[location.fallback] ?? `${location.fallback} fallback`})`;
  return `${radius}${fallback}`;
}

/** The state column's words for each row state. */
function stateText(row: MethodRow): string {
  switch (row.state) {
    case "active":
    case "available":
      return `${row.state}${radiusText(row.location)}`;
    case "current":
      return `current, ${row.problem ?? "not valid"}`;
    case "searching":
      return "searching (no fix)";
    case "asking":
      return "asking (no answer yet)";
    case "standby":
      return "standby (not asked)";
    case "unavailable":
      return "unavailable";
    case "off":
      return `off (${row.key}: on)`;
  }
}

interface MethodCells {
  marker: string;
  key: string;
  name: string;
  state: string;
  first: string;
  cost: string;
  why?: string;
  role: Role;
}

function methodCells(row: MethodRow): MethodCells {
  const state = stateText(row);
  const first = row.ttflMs === undefined ? "—" : formatDuration(row.ttflMs);
  const cells: MethodCells = {
    marker: row.state === "active" || row.state === "current" ? "▶" : " ",
    key: row.key,
    name: row.name,
    state,
    // The run's first location stays marked when a later switch has replaced the headline that said so.
    first: `${row.kind === "network" ? "TTFL" : "TTFF"} ${first}${row.first === true ? " (first)" : ""}`,
    cost: formatCost(row.bytesSent, row.bytesReceived),
    role: STATE_ROLE[row.state],
  };
  if (row.why !== undefined) cells.why = row.why;
  return cells;
}

/**
 * The methods as a table, one row each: ▶ on the method that gave the position shown, its key, name, state
 * (with the radius when it has a location), time to first fix (satellite) or location (network), `(first)` on
 * the method that gave the run's first location, what it cost, and, on lines of their own, why it is
 * unavailable, broken at word boundaries within `width` (at most `whyLines` lines, then `…`). Columns are as
 * wide as their longest cell.
 */
export function methodRows(rows: readonly MethodRow[], width = Number.POSITIVE_INFINITY, whyLines = 3): Line[] {
  const cells = rows.map((row) => methodCells(row));
  const widest = (pick: (c: MethodCells) => string): number => Math.max(0, ...cells.map((c) => pick(c).length));
  const nameWidth = widest((c) => c.name);
  const stateWidth = widest((c) => c.state);
  const firstWidth = widest((c) => c.first);
  return cells.flatMap((c) => {
    const faded: Role = c.role === "dim" ? "dim" : "plain";
    const line: Line = [
      seg(`${c.marker} `, c.role),
      seg(`${c.key} `, "label"),
      seg(`${c.name.padEnd(nameWidth)} `, faded),
      seg(`${c.state.padEnd(stateWidth)} `, c.role),
      seg(`${c.first.padEnd(firstWidth)} `, faded),
      seg(c.cost, faded),
    ];
    if (c.why === undefined) return [line];
    // Why it is unavailable: on lines of its own, under the name, where a provider's long message has room.
    const indent = " ".repeat(4 + nameWidth + 1);
    return [line, ...wrapWords(`↳ ${c.why}`, Math.max(10, width - indent.length), whyLines, 2).map((text) => [seg(indent), seg(text, "warn")])];
  });
}

/**
 * The headline (the last switch, or a key's feedback), one row per configured method, the expected satellites,
 * within `width`: texts too long are shortened after a whole word, never cut inside one.
 */
function methodLines(view: MonitorView, methods: MethodsView, width: number): Line[] {
  const receiverFixed = view.fixState.kind === "fixed";
  const room = Math.max(10, width - LABEL_WIDTH);
  // The headline (a key's feedback, or the last switch and its reason) on up to two lines, broken between words.
  let headline: Line[];
  if (methods.notice !== undefined) headline = wrapWords(methods.notice, room, 2).map((text) => [seg(text, "warn")]);
  else if (methods.lastChange !== undefined) {
    const ago = since(view, methods.lastChange.atMs);
    const text = `${methods.lastChange.text}${ago === undefined ? "" : ` · ${formatDuration(ago, { running: true })} ago`}`;
    headline = wrapWords(text, room, 2).map((line) => [seg(line)]);
  } else headline = [[seg("no method has a location yet", "dim")]];
  const lines: Line[] = headline.map((line, k) => labelled(k === 0 ? "Method" : "", ...line));
  lines.push(...methodRows(methods.rows, width));
  const expected = methods.expected;
  if (expected !== undefined && !receiverFixed) {
    const healthy = expected.satellites.filter((s) => s.healthy).sort((a, b) => b.elevationDeg - a.elevationDeg);
    const names = healthy.map((s) => `${CONSTELLATION_LETTER[s.constellation]}${String(s.svid).padStart(2, "0")}`).join(" ");
    const count = formatCount(healthy.length, "satellite");
    const basis = ` (${expected.basis}) `;
    lines.push(labelled("Expected", seg(count, "label"), seg(basis, "dim"), seg(fitWords(names, room - count.length - basis.length))));
  }
  return lines;
}

const LEGEND: Line = [seg("█ * used in fix", "used"), seg("  "), seg("░ tracked, not used", "tracked"), seg("  "), seg("· in view, not tracked", "dim")];

const SHORT_LEGEND: Line = [seg("█ * used", "used"), seg("  "), seg("░ tracked only", "tracked"), seg("  "), seg("· not tracked", "dim")];

interface RowStyle {
  barWidth: number;
  /** Signal names after the row (left out in compact rows). */
  signals: boolean;
}

function satelliteRow(s: Satellite, style: RowStyle): Line {
  const { barWidth } = style;
  const id = `${CONSTELLATION_LETTER[s.constellation]}${String(s.svid).padStart(2, "0")}`.padEnd(4);
  const el = s.elevationDeg === undefined ? " — " : `${String(Math.round(s.elevationDeg)).padStart(2)}°`;
  const az = s.azimuthDeg === undefined ? "  — " : `${String(Math.round(s.azimuthDeg)).padStart(3)}°`;
  const where = seg(` ${el} ${az}`, s.cn0DbHz === undefined ? "dim" : "plain");
  const tracked = s.signals.filter((g) => (g.cn0DbHz ?? 0) > 0);
  const names = !style.signals
    ? ""
    : tracked.length > 1
      ? tracked.map((g) => `${signalName(s.constellation, g.signalId)} ${g.cn0DbHz}`).join(" ")
      : signalName(s.constellation, tracked[0]?.signalId ?? s.signals[0]?.signalId);
  if (s.cn0DbHz === undefined) {
    return [seg(`  ${id} `, "dim"), seg(`·${" ".repeat(barWidth - 1)}`, "dim"), seg("  —", "dim"), where];
  }
  const filled = Math.max(1, Math.min(barWidth, Math.round((s.cn0DbHz / FULL_BAR_DBHZ) * barWidth)));
  const role: Role = s.usedInFix ? "used" : "tracked";
  return [
    seg(s.usedInFix ? "*" : " ", role),
    seg(` ${id} `),
    seg((s.usedInFix ? "█" : "░").repeat(filled), role),
    seg(" ".repeat(barWidth - filled)),
    seg(String(Math.round(s.cn0DbHz)).padStart(3), cn0Role(s.cn0DbHz)),
    where,
    seg(names ? `  ${names}` : "", "dim"),
  ];
}

interface Group {
  constellation: Constellation;
  satellites: Satellite[];
  /** Its satellites listed without a number (counted, no row of their own) */
  unidentified: UnidentifiedSatellites[];
}

function groups(view: SatelliteView): Group[] {
  const unnamed = view.unidentified ?? [];
  return CONSTELLATION_ORDER.map((constellation) => ({
    constellation,
    satellites: view.satellites.filter((s) => s.constellation === constellation),
    unidentified: unnamed.filter((u) => u.constellation === constellation),
  })).filter((g) => g.satellites.length > 0 || g.unidentified.length > 0);
}

/** `  (+1 slot unknown, 29 dB-Hz)`: a group's satellites listed without a number, beside its counts. */
function unidentifiedNote(g: Group, compact: boolean): string {
  const u = g.unidentified[0];
  if (u === undefined) return "";
  const what = g.constellation === "glonass" ? "slot" : "number";
  if (compact) return ` +${u.inViewCount}?`;
  const cn0 = u.cn0DbHz === undefined ? "" : `, ${u.trackedCount > 1 ? "up to " : ""}${Math.round(u.cn0DbHz)} dB-Hz`;
  return `  (${u.inViewCount} ${what}${u.inViewCount === 1 ? "" : "s"} unknown${cn0})`;
}

/**
 * The satellite rows, per constellation, within `width` × `height`: long rows with signal names in one
 * column when they fit, else shorter bars in several columns, else satellites in view but not tracked
 * folded into their group's heading, else cut with a note.
 */
function satelliteSection(view: MonitorView, width: number, height: number): { lines: Line[]; compact: boolean } {
  if (height <= 0) return { lines: [], compact: false };
  const build = (style: RowStyle, compact: boolean, foldUntracked: boolean): Line[] => {
    const items: Line[] = [];
    for (const g of groups(view.satellites)) {
      const c = countSatellites(g.satellites, undefined, g.unidentified);
      const shown = foldUntracked ? g.satellites.filter((s) => s.cn0DbHz !== undefined) : g.satellites;
      const folded = g.satellites.length - shown.length;
      const counts = compact ? `${c.used}/${c.tracked}/${c.inView}` : countsText(c);
      items.push([
        seg(CONSTELLATION_NAME[g.constellation].padEnd(8), "label"),
        seg(counts),
        seg(folded > 0 ? (compact ? ` +${folded}` : `  (${folded} not tracked not listed)`) : "", "dim"),
        seg(unidentifiedNote(g, compact), "dim"),
      ]);
      for (const s of shown) items.push(satelliteRow(s, style));
    }
    return items;
  };
  const columnsFor = (items: Line[]): { columns: number; columnWidth: number } => {
    const columnWidth = Math.max(...items.map(lineLength), 1) + 2;
    return { columns: Math.max(1, Math.floor((width + 2) / columnWidth)), columnWidth };
  };
  const wide: RowStyle = { barWidth: width >= 76 ? 20 : width >= 56 ? 12 : 6, signals: true };
  const tries: Array<[RowStyle, boolean, boolean]> = [
    [wide, false, false],
    [{ barWidth: 12, signals: true }, false, false],
    [{ barWidth: 8, signals: false }, true, false],
    [{ barWidth: 5, signals: false }, true, false],
    [{ barWidth: 5, signals: false }, true, true],
  ];
  let items: Line[] = [];
  let compact = false;
  for (const [style, compactCounts, fold] of tries) {
    items = build(style, compactCounts, fold);
    compact = compactCounts;
    if (items.length <= columnsFor(items).columns * height) break;
  }
  if (items.length === 0) return { lines: [[seg("no satellites reported yet", "dim")]], compact: false };
  const { columns: maxColumns, columnWidth } = columnsFor(items);
  // As few columns as the height allows: one long list reads better than several short ones.
  const columns = Math.min(maxColumns, Math.max(1, Math.ceil(items.length / height)));
  const capacity = columns * height;
  if (items.length > capacity) {
    const hidden = items.length - capacity + 1;
    items = [...items.slice(0, capacity - 1), [seg(`… ${hidden} more lines: enlarge the window`, "dim")]];
  }
  const perColumn = Math.ceil(items.length / columns);
  const lines: Line[] = [];
  for (let row = 0; row < perColumn; row++) {
    const line: Line = [];
    for (let col = 0; col < columns; col++) {
      const item = items[col * perColumn + row];
      if (item === undefined) break;
      if (col > 0) line.push(seg(" ".repeat(Math.max(0, columnWidth * col - lineLength(line)))));
      line.push(...item);
    }
    lines.push(line);
  }
  return { lines, compact };
}

/** The keys the title bar lists (every key the monitor reads), with the PAUSED state before them. */
function titleLine(view: MonitorView, width: number): Line {
  const methodKeys = view.methods === undefined ? "" : `${view.methods.rows.map((r) => r.key).join(" ")}: method on/off · `;
  const keys = seg(` ${methodKeys}r: raw · p: ${view.paused === undefined ? "pause" : "resume"} · q: quit `, "title");
  // Paused, the screen stands still; the count shows that reading goes on.
  const paused = view.paused === undefined ? [] : [seg(` PAUSED, ${formatBytes(view.paused.bytesSince)} read since `, "bad")];
  const right = [...paused, keys];
  // The keys win the room; a source name cut short says so.
  const room = Math.max(0, width - lineLength(right));
  const name = ` gnsskit monitor · ${view.source} `;
  return cut([seg(name.length <= room ? name.padEnd(room) : cutText(name.trimEnd(), room), "title"), ...right], width);
}

/** `text` within `width` columns; a longer line ends in `…` (a receiver's line is not words: cut anywhere). */
const cutText = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);

/**
 * The raw pane, `height` lines: a heading, then the receiver's last lines, newest at the bottom (the pane
 * scrolls as lines arrive). A line that was not a good sentence is marked with what was wrong.
 */
function rawPane(raw: NonNullable<MonitorView["raw"]>, width: number, height: number): Line[] {
  const shown = raw.lines.slice(Math.max(0, raw.lines.length - (height - 1)));
  const heading: Line = [seg("Raw", "label"), seg(`  the receiver's last lines, newest at the bottom (${raw.total} in all) · r: hide`, "dim")];
  // Always its full height, the newest line on the screen's last: lines come in at the bottom and scroll up.
  const lines: Line[] = [cut(heading, width), ...Array.from({ length: Math.max(0, height - 1 - Math.max(1, shown.length)) }, (): Line => [])];
  for (const line of shown) {
    if (line.problem === undefined) lines.push([seg(cutText(line.text, width))]);
    else {
      const tag = `  ‹${line.problem}›`;
      // A binary packet is the receiver's other protocol, not an error: not in the alarm colour.
      lines.push([seg(cutText(line.text, Math.max(1, width - tag.length)), line.problem === "binary" ? "dim" : "bad"), seg(tag, "dim")]);
    }
  }
  if (shown.length === 0) lines.push([seg("nothing received yet", "dim")]);
  return lines;
}

/** The full screen: exactly `height` lines (or fewer when the view is short), none longer than `width`. */
export function renderScreen(view: MonitorView, size: ScreenSize): Line[] {
  const width = Math.max(20, size.width);
  const height = Math.max(1, size.height);
  // The raw pane takes the bottom third; the rest of the screen is laid out in what is left.
  const rawHeight = view.raw === undefined ? 0 : Math.min(height - 1, Math.max(RAW_PANE_MIN_LINES, Math.min(RAW_PANE_MAX_LINES, Math.floor(height / 3))));
  const bodyHeight = height - 1 - rawHeight;
  const sky = width >= SKY_PLOT_MIN_WIDTH && bodyHeight >= 15;
  // The plot (2r + 3 rows with the compass letters) and about three lines of legend.
  const radius = sky ? Math.max(4, Math.min(9, Math.floor((bodyHeight - 6) / 2))) : 0;
  const skyWidth = skyPlotWidth(radius);
  const leftWidth = sky ? width - skyWidth - 3 : width;

  // A short terminal (24 lines) leaves out the start evidence and the blank line.
  const short = bodyHeight < 31;
  const left: Line[] = [...infoLines(view, short, leftWidth), ...(short ? [] : [[]])];
  const section = satelliteSection(view, leftWidth, bodyHeight - 1 - left.length);
  const legend = leftWidth < 90 && section.compact ? SHORT_LEGEND : LEGEND;
  // No room for a single row (the raw pane on a short terminal): no legend for nothing.
  if (section.lines.length > 0) left.push(section.compact ? [...legend, seg("  n/n/n: used/tracked/in view", "dim")] : legend, ...section.lines);

  const right: Line[] = [];
  if (sky) {
    const blocked = view.diagnosis?.mask.blocked ?? [];
    right.push(
      ...renderSkyPlot(view.satellites.satellites, radius, "Sky", blocked),
      ...skyPlotLegend(view.satellites.satellites, skyWidth, blocked.length > 0),
    );
  }
  const body: Line[] = [];
  for (let k = 0; k < Math.max(left.length, right.length) && body.length < bodyHeight; k++) {
    const l = left[k] ?? [];
    const r = right[k];
    body.push(r === undefined ? cut(l, width) : [...padTo(l, leftWidth), seg("   "), ...r]);
  }
  if (view.raw === undefined) return [titleLine(view, width), ...body];
  // The pane stays at the bottom, however short the body.
  while (body.length < bodyHeight) body.push([]);
  return [titleLine(view, width), ...body, ...rawPane(view.raw, width, rawHeight)];
}

/**
 * The diagnosis the screen shows: what the receiver waits for only once it has said whether it has a fix (a device
 * that never spoke of one is waiting for nothing it said: NAV-SAT alone is no "no fix"); the sky's lines always.
 */
function shownDiagnosis(view: MonitorView): MonitorView["diagnosis"] {
  const diagnosis = view.diagnosis;
  if (diagnosis === undefined || view.fixStatusHeard !== false) return diagnosis;
  return { ...diagnosis, lines: diagnosis.lines.filter((line) => line.kind !== "waiting") };
}

/** One line per report for a stdout that is not a terminal: no ANSI, everything on one line. */
export function renderStatusLine(view: MonitorView): string {
  const e = view.epoch;
  const parts: string[] = [];
  if (e?.timeMs !== undefined) parts.push(new Date(e.timeMs).toISOString().replace(/\.\d+Z$/, "Z"));
  const fix = fixLabel(view.fixState, view.fixStatusHeard, view.epoch?.dimensionUnstated === true);
  const fixFor = view.fixState.kind === "idle" ? undefined : since(view, view.fixState.sinceMs);
  parts.push(fixFor === undefined ? fix.text : `${fix.text} for ${formatDuration(fixFor, { running: true })}`);
  if (e !== undefined && e.mode !== "none" && e.latitudeDeg !== undefined && e.longitudeDeg !== undefined) {
    parts.push(`${e.latitudeDeg.toFixed(6)},${e.longitudeDeg.toFixed(6)}`);
    if (e.altitudeMslM !== undefined) parts.push(`alt ${e.altitudeMslM.toFixed(1)} m`);
    if (e.speedMps !== undefined) parts.push(`${(e.speedMps * 3.6).toFixed(1)} km/h`);
    if (e.dop.hdop !== undefined) parts.push(`HDOP ${e.dop.hdop.toFixed(2)}`);
  }
  const c = countSatellites(view.satellites.satellites, view.satellites.usedCount, view.satellites.unidentified);
  parts.push(satelliteViewKnown(view.satellites) ? `sats ${c.used} used/${c.tracked} tracked/${c.inView} in view` : `sats ${c.used} used (no satellite list)`);
  const chosen = view.methods?.location;
  if (view.methods !== undefined) {
    if (chosen === undefined || !chosen.valid) parts.push(`method ${view.methods.current ?? "none"} (no position)`);
    else {
      const where = `${chosen.latitudeDeg.toFixed(6)},${chosen.longitudeDeg.toFixed(6)}`;
      parts.push(`method ${chosen.method} ${where}${chosen.accuracyM === undefined ? "" : ` ±${formatRadius(chosen.accuracyM)}`}`);
    }
  }
  if (view.ttff.ttffMs !== undefined) parts.push(`TTFF ${formatDuration(view.ttff.ttffMs)}`);
  else if (view.fixStatusHeard === false) parts.push("TTFF - (no fix stated)");
  else {
    const waiting = since(view, view.ttff.startedAtMs);
    const nonGnss = view.fixState.kind === "non-gnss" ? `, ${NON_GNSS_NOTE[view.fixState.quality]}` : "";
    parts.push(
      waiting === undefined
        ? `TTFF -${nonGnss ? ` (${nonGnss.slice(2)})` : ""}`
        : `TTFF - (${formatDuration(waiting, { running: true })} without a fix${nonGnss})`,
    );
  }
  if (view.start.type !== "unknown") parts.push(`${view.start.type} start (${view.start.basis})`);
  const waiting = shownDiagnosis(view)?.lines.find((l) => l.kind === "waiting");
  if (waiting !== undefined) parts.push(`why: ${waiting.text}`);
  if (view.precision?.firstRtkFixedMs !== undefined) parts.push(`time to fixed ${formatDuration(view.precision.firstRtkFixedMs)}`);
  if (view.precision !== undefined && view.precision.rtkFixedLosses > 0) parts.push(`fixed lost ${view.precision.rtkFixedLosses}x`);
  if (view.corrections !== undefined) {
    const { stats } = view.corrections;
    const age = stats.ageMs === undefined ? "" : ` age ${formatDuration(stats.ageMs)}`;
    parts.push(`ntrip ${stats.link.kind === "down" ? `DISCONNECTED (${stats.link.reason})` : stats.link.kind} ${formatBytes(stats.bytesReceived)}${age}`);
  }
  if (view.link.kind === "disconnected") parts.push(`link DISCONNECTED (${view.link.reason})`);
  const diagnostics = Object.values(view.diagnostics).reduce((n, k) => n + (k ?? 0), 0);
  if (diagnostics > 0) parts.push(`${diagnostics} diagnostics`);
  return parts.join("  ");
}

/** The lines carry a logger's text (maybe receive times gnsskit does not read): the TTFF hint does not ask to record them. */
function loggerTextSeen(view: MonitorView): boolean {
  return (view.diagnostics["logger-text"] ?? 0) > 0;
}
