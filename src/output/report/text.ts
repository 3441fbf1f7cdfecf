// The report as plain text for a terminal: one section per topic, aligned, units spelled out.

import { antennaText, receiverTtffText } from "../receiver-text.js";
import { nonGnssTtffText, ttffNotMeasuredText } from "../ttff-text.js";
import { formatCount, formatDuration } from "../format.js";
import { isNonGnssClass } from "./builder.js";
import type { FixClass, Percentiles, Report, TtffSummary } from "./types.js";

export const FIX_CLASS_LABELS: Record<FixClass, string> = {
  none: "no fix",
  fix: "fix, 2D/3D not stated",
  "2d": "2D",
  "3d": "3D",
  dgps: "DGPS",
  "rtk-float": "RTK float",
  "rtk-fixed": "RTK fixed",
  pps: "PPS",
  "dead-reckoning": "dead reckoning",
  manual: "manual",
  "time-only": "time only",
  simulated: "simulated",
  "no-data": "no data (gap)",
};

export function formatDistance(m: number): string {
  if (m < 10) return `${m.toFixed(2)} m`;
  if (m < 1000) return `${m.toFixed(1)} m`;
  return `${(m / 1000).toFixed(2)} km`;
}

const percent = (fraction: number): string => `${(fraction * 100).toFixed(1)}%`;

function table(rows: string[][], indent = "  "): string[] {
  const widths: number[] = [];
  for (const row of rows) row.forEach((cell, i) => (widths[i] = Math.max(widths[i] ?? 0, cell.length)));
  return rows.map(
    (row) =>
      indent +
      row
        .map((cell, i) => (i === 0 ? cell.padEnd(widths[i] ?? 0) : cell.padStart(widths[i] ?? 0)))
        .join("  ")
        .trimEnd(),
  );
}

const dopCell = (p: Percentiles | undefined, key: "p50" | "p95" | "max"): string => (p === undefined ? "-" : p[key].toFixed(2));

const signed = (m: number): string => `${m >= 0 ? "+" : "−"}${formatDistance(Math.abs(m))}`;

/** How the receiver's 95 % radius compares with its true errors: an honest one holds 95 % of them. */
function honesty(withinShare: number): string {
  if (withinShare > 0.99) return "pessimistic: its radius is larger than its errors";
  if (withinShare < 0.9) return "optimistic: its errors leave the radius it claims more than one time in ten";
  return "about right";
}

/** Accuracy against where the antenna really was (`report --truth`). */
function truthLines(report: Report): string[] {
  const t = report.truth!;
  const where =
    t.truth.kind === "point"
      ? `${t.truth.latitudeDeg.toFixed(7)}, ${t.truth.longitudeDeg.toFixed(7)}${t.truth.altitudeMslM === undefined ? "" : `, ${t.truth.altitudeMslM.toFixed(1)} m MSL`}`
      : `a track of ${formatCount(t.truth.points, "point")}, ${t.truth.firstUtc} → ${t.truth.lastUtc}`;
  const lines = [`Accuracy against the truth (${where})`];
  const uncovered = t.uncovered > 0 ? `; ${formatCount(t.uncovered, "fix", "fixes")} outside the truth's times, left out` : "";
  const sampled = t.sampled < t.fixes ? ` (percentiles from a uniform sample of ${t.sampled})` : "";
  lines.push(`  ${formatCount(t.fixes, "fix", "fixes")} compared${sampled}${uncovered}`);
  const h = t.horizontal;
  if (h !== undefined) {
    lines.push(
      `  horizontal: CEP50 ${formatDistance(h.p50M)}, CEP95 ${formatDistance(h.p95M)}, max ${formatDistance(h.maxM)}, RMS ${formatDistance(h.rmsM)}; ` +
        `bias ${signed(h.biasEastM)} east, ${signed(h.biasNorthM)} north`,
    );
  }
  const v = t.vertical;
  if (v !== undefined) {
    lines.push(
      `  vertical: 50 % within ${formatDistance(v.p50M)}, 95 % within ${formatDistance(v.p95M)}, max ${formatDistance(v.maxM)}; bias ${signed(v.meanM)} (${formatCount(v.samples, "3D fix", "3D fixes")})`,
    );
  }
  const c = t.claimed;
  if (c !== undefined) {
    lines.push(
      `  the receiver's own 95 % radius: median ${formatDistance(c.medianRadiusM)}; the true error within it in ${percent(c.withinShare)} of ` +
        `${formatCount(c.fixes, "fix", "fixes")} (an honest 95 % radius: 95 %): ${honesty(c.withinShare)}`,
    );
  }
  return lines;
}

/** What the receiver waited for as it changed, and what the diagnosis says at the end of the log. */
function diagnosisLines(report: Report): string[] {
  const d = report.diagnosis!;
  const out: string[] = [];
  const start = report.firstEpochAtMs;
  if (d.waiting.length > 0) {
    // a log whose receiver had a 2D fix all along waited for its height, not for a fix
    const onlyTwoD = d.waiting.every((w) => w.rule === "two-d");
    const anyTwoD = d.waiting.some((w) => w.rule === "two-d");
    const title = onlyTwoD ? "Why only 2D" : anyTwoD ? "Why no fix, or only 2D" : "Why no fix";
    out.push(`${title} (what the receiver waited for, as it changed)`);
    // the cycles of a plain log before the receiver's first time of day have no clock
    const at = (ms: number | undefined): string =>
      start === undefined || ms === undefined ? "before the first time" : `+${formatDuration(Math.max(0, ms - start))}`;
    const tail = report.untimedTail;
    const last = d.waiting[d.waiting.length - 1];
    const held = (w: (typeof d.waiting)[number]): string => {
      if (w.fromMs === undefined || w.toMs === undefined) return "";
      const timedMs = Math.max(0, w.toMs - w.fromMs);
      // the last wait runs into the cycles without a time at the log's end: their estimated length is added, said so
      if (w === last && tail !== undefined && w.toMs === report.lastEpochAtMs) return `for ≈${formatDuration(timedMs + tail.cycles * tail.cycleMs)}`;
      return `for ${formatDuration(timedMs)}`;
    };
    const rows = d.waiting.map((w) => [at(w.fromMs), held(w), w.text]);
    const widths = [0, 1].map((k) => Math.max(...rows.map((r) => (r[k] ?? "").length)));
    for (const [from, during, text] of rows) out.push(`  ${from!.padEnd(widths[0]!)}  ${during!.padEnd(widths[1]!)}  ${text!}`);
    if (d.omitted > 0) out.push(`  … and ${formatCount(d.omitted, "change")} more`);
  }
  const sky = d.final.filter((l) => l.kind !== "waiting");
  if (sky.length > 0) {
    if (out.length > 0) out.push("");
    out.push("Sky and antenna (over the whole log)");
    for (const l of sky) out.push(`  ${l.text}`);
  }
  return out;
}

export function formatReportText(report: Report, title?: string): string {
  const lines: string[] = [];
  if (title !== undefined) lines.push(title, "=".repeat(Math.min(78, title.length)), "");

  lines.push("Log");
  // Two clocks: the epochs' (receive times, or a plain log's times of day) over every epoch, and the
  // receiver's UTC over the epochs with a date. Each figure says which it is.
  const clock = report.epochClock === undefined ? "" : report.epochClock === "receive" ? " by receive time" : " by the sentences' time of day";
  const untimed = report.epochsWithoutTime !== undefined ? ` (not the ${formatCount(report.epochsWithoutTime, "epoch")} before the first time)` : "";
  lines.push(
    report.durationMs !== undefined ? `  duration: ${formatDuration(report.durationMs)}, first to last epoch${clock}${untimed}` : "  duration: unknown",
  );
  // the receiver's default clock set from the satellites is a step of its time, not time that passed: on the
  // sentences' clock the tracker takes it off; receive-time stamps (a stamped replay) carry it
  if (report.ttff.clockSet === true) {
    lines.push(
      report.epochClock === "sentence"
        ? "  (the step of the receiver's clock, set from the satellites before its first fix, is not counted: no time passed in it)"
        : "  (this includes a step of the receiver's clock, set from the satellites before its first fix, that the stamps carry)",
    );
  }
  if (report.firstUtc !== undefined && report.lastUtc !== undefined) {
    const stepped = report.utcBeforeStep !== undefined && report.epochsBeforeUtcStep !== undefined;
    const coverage = stepped
      ? ` over the ${formatCount(report.epochsWithUtc, "epoch")} from ${report.utcStepClockSet === true ? "where the receiver set its clock" : "the jump of its time"}`
      : report.epochsWithUtc < report.epochs
        ? ` over the ${report.epochsWithUtc} of ${formatCount(report.epochs, "epoch")} with a date${report.defaultClockReturns === undefined ? "" : " on a set clock"}`
        : "";
    lines.push(`  receiver UTC: ${report.firstUtc} → ${report.lastUtc} (${formatDuration(report.utcSpanMs ?? Number.NaN)}${coverage})`);
    if (stepped) {
      const before = `the ${formatCount(report.epochsBeforeUtcStep ?? 0, "epoch")} before`;
      lines.push(
        report.utcStepClockSet === true
          ? `  (${before} were on a default clock, from ${report.utcBeforeStep})`
          : `  (${before} the receiver's time jumped (a gap in the log?), from ${report.utcBeforeStep}, left out)`,
      );
    }
  }
  if (report.epochsWeekUnknown !== undefined) {
    lines.push(
      `  (${formatCount(report.epochsWeekUnknown, "epoch")} dated in GPS week 0, before 1980-01-13: the receiver's clock did not know the GPS week yet; left undated)`,
    );
  }
  const outOfSequence = report.timeOutOfSequence;
  if (outOfSequence !== undefined) {
    // one cycle's time stepped away and the next came back: a wrong time of day, not two steps of the receiver's clock
    lines.push(
      `  ${formatCount(outOfSequence.count, "cycle")} with an out-of-sequence time of day (${outOfSequence.count > 1 ? "first " : ""}${outOfSequence.first})` +
        (report.epochClock === "sentence" ? ", its neighbours a cycle or two apart: not counted as a step of the clock" : ""),
    );
  }
  const restarts = report.restarts ?? [];
  const returns = report.defaultClockReturns;
  if (restarts.length > 0 || returns !== undefined) {
    // it said it started, or its clock went back to its default date: it restarted (a fix was not lost, nor reacquired)
    const said = [...new Set(restarts.flatMap((r) => (r.said === undefined ? [] : [`"${r.said}"`])))];
    const announced = restarts.filter((r) => r.cause === "announced").length;
    const why = [
      ...(announced > 0 ? [`${announced === restarts.length ? "each" : announced} announced by its startup message ${said.join(", ")}`] : []),
      ...(returns !== undefined
        ? [
            `its clock went back to a default date${returns.firstUtc === undefined ? "" : `, ${returns.firstUtc},`} ${formatCount(returns.count, "time")}, until it set it from the satellites again; ` +
              `the ${formatCount(returns.epochs, "epoch")} on it are left out of the UTC span, and the steps to and from it take no time`,
          ]
        : []),
    ];
    lines.push(`  receiver restarts: ${Math.max(restarts.length, returns?.count ?? 0)} (${why.join("; ")})`);
  }
  const unreadable = report.unreadablePositionEpochs ?? 0;
  const cut =
    cutShortText(report.incompleteEpochs ?? 0, report.incompleteAtStart ?? 0) +
    (unreadable > 0 ? `, and ${unreadable} whose position could not be read (Diagnostics), left out` : "");
  const ubx = report.ubxMessages > 0 ? `, UBX messages: ${report.ubxMessages}` : "";
  // positions that are not GNSS fixes are epochs with a position, in the availability figures, but no fix (the
  // summary's count, the TTFF, epochsWithFix)
  const nonGnss = report.fixAvailability.filter((a) => isNonGnssClass(a.fixClass) && a.epochs > 0);
  const nonGnssEpochs = nonGnss.reduce((n, a) => n + a.epochs, 0);
  const withFix = `${report.epochsWithFix} with a fix${nonGnssEpochs > 0 ? `, ${nonGnssEpochs} with a position that is not a GNSS fix` : ""}`;
  lines.push(`  epochs: ${report.epochs} (${withFix})${cut}, sentences: ${report.sentences}${ubx}`);
  if (report.receiver.vendor !== undefined || report.receiver.lines.length > 0 || report.receiver.talkers.length > 0) {
    lines.push(
      `  receiver: ${report.receiver.vendor ?? "unknown vendor"}${report.receiver.talkers.length > 0 ? `; talkers ${report.receiver.talkers.join(", ")}` : ""}`,
    );
    for (const line of report.receiver.lines) lines.push(`    ${line}`);
  }
  const antenna = report.receiver.status === undefined ? undefined : antennaText(report.receiver.status);
  if (antenna !== undefined) lines.push(`  antenna: ${antenna}`);
  lines.push("");

  lines.push("Fix availability (share of time)");
  if (report.fixAvailability.length === 0) lines.push("  no epochs");
  lines.push(
    ...table(
      report.fixAvailability.map((a) => [FIX_CLASS_LABELS[a.fixClass], percent(a.fraction), formatDuration(a.durationMs), formatCount(a.epochs, "epoch")]),
    ),
  );
  const coasting = report.fixesWithoutSatellites;
  if (coasting !== undefined) {
    lines.push(
      `  (${formatCount(coasting, "fix", "fixes")} with no satellite used, as the receiver says (GGA/GNS 00): its last solution carried on (coasting), not measured then)`,
    );
  }
  const tail = report.untimedTail;
  if (tail !== undefined)
    lines.push(
      `  (the last ${formatCount(tail.cycles, "cycle")} gave no time of day: counted at the receiver's ${formatDuration(tail.cycleMs)} cycle, ` +
        `${formatDuration(tail.cycles * tail.cycleMs)}, an estimate)`,
    );
  lines.push("");

  lines.push("Time to first fix");
  const { ttff } = report;
  const notMeasured = ttffNotMeasuredText(ttff, "log", (report.diagnostics.byKind["logger-text"] ?? 0) > 0);
  if (ttff.ttffMs === undefined && notMeasured !== undefined) {
    lines.push(`  TTFF: ${notMeasured}`);
  } else if (ttff.ttffMs === undefined) {
    const only = nonGnss.length === 1 ? nonGnss[0]?.fixClass : undefined;
    lines.push(
      only !== undefined && isNonGnssClass(only)
        ? `  TTFF: ${nonGnssTtffText(only)}`
        : nonGnss.length > 1
          ? `  TTFF: no GNSS fix: the receiver reported only positions that are not GNSS fixes (${nonGnss.map((a) => FIX_CLASS_LABELS[a.fixClass]).join(", ")})`
          : "  no fix",
    );
  } else {
    lines.push(`  TTFF: ${formatDuration(ttff.ttffMs)} (${ttff.firstFixMode ?? "?"} fix)`);
    if (ttff.first3dMs !== undefined && ttff.first3dMs !== ttff.ttffMs) lines.push(`  first 3D: ${formatDuration(ttff.first3dMs)}`);
  }
  const receiverTtff = report.receiver.status === undefined ? undefined : receiverTtffText(report.receiver.status);
  if (receiverTtff !== undefined) lines.push(`  receiver's TTFF: ${receiverTtff}`);
  if (ttff.start !== undefined) {
    lines.push(`  start: ${ttff.start.type} (${ttff.start.basis})`);
    for (const evidence of ttff.start.evidence) lines.push(`    - ${evidence}`);
  }
  const { reacquisitions: r, fixLosses } = report;
  lines.push(
    `  fix losses: ${fixLosses.count}${
      fixLosses.count > 0
        ? ` (${Object.entries(fixLosses.byReason)
            .map(([k, n]) => `${k} ${n}`)
            .join(", ")})`
        : ""
    }`,
  );
  lines.push(
    `  reacquisitions: ${r.count}` +
      (r.count > 0 && r.meanMs !== undefined && r.maxMs !== undefined && r.minMs !== undefined
        ? ` (gap mean ${formatDuration(r.meanMs)}, min ${formatDuration(r.minMs)}, max ${formatDuration(r.maxMs)}, total ${formatDuration(r.totalMs)})`
        : ""),
  );
  if (restarts.length > 0) {
    // each restart is a run of its own: the lines above are the log's first run's
    lines.push("  after each restart (the figures above are the first run's):");
    const rows = restarts.map((run) => [
      run.firstEpochSinceStartMs === undefined ? "" : `+${formatDuration(run.firstEpochSinceStartMs)}`,
      run.cause === "announced" ? `said ${run.said ?? "it started"}` : "its default clock",
      restartTtffText(run.ttff),
    ]);
    const widths = [0, 1].map((i) => Math.max(...rows.map((row) => (row[i] ?? "").length)));
    for (const [at = "", cause = "", text = ""] of rows) lines.push(`    ${at.padEnd(widths[0] ?? 0)}  ${cause.padEnd(widths[1] ?? 0)}  ${text}`);
  }
  lines.push("");

  lines.push("Satellites");
  // below a twentieth per fix it would print as 0.0
  const notNamed = report.usedNotNamedPerFix !== undefined && report.usedNotNamedPerFix >= 0.05 ? report.usedNotNamedPerFix : undefined;
  // a receiver that only counts its used satellites (GGA without GSA) names none: its table says so, not 0 used
  const noneNamed = notNamed !== undefined && report.constellations.every((c) => c.used === 0);
  const without = report.unidentified ?? [];
  if (report.constellations.length === 0) lines.push(without.length === 0 ? "  none reported" : "  none with a number");
  else
    lines.push(
      ...table([
        ["constellation", "seen", "tracked", "used", "mean C/N0", "used/fix"],
        ...report.constellations.map((c) => [
          c.constellation,
          String(c.seen),
          String(c.tracked),
          noneNamed ? "-" : String(c.used),
          c.meanCn0DbHz === undefined ? "-" : `${c.meanCn0DbHz.toFixed(1)} dB-Hz`,
          noneNamed || c.meanUsedPerFix === undefined ? "-" : c.meanUsedPerFix.toFixed(1),
        ]),
      ]),
    );
  if (report.usedUnlistedPerFix !== undefined && report.usedUnlistedPerFix >= 0.05)
    lines.push(
      report.constellations.length === 0
        ? `  used/fix ${report.usedUnlistedPerFix.toFixed(1)}, named by the receiver's GSA (no GSV lists the satellites in view)`
        : `  and ${report.usedUnlistedPerFix.toFixed(1)} used/fix named by the receiver's GSA that no GSV lists`,
    );
  if (report.usedNeverStated === true) lines.push("  used: not stated: no fix of the log comes with a satellite used (a GGA/GNS count above 00, a GSA list)");
  if (notNamed !== undefined)
    lines.push(
      noneNamed
        ? `  used/fix ${notNamed.toFixed(1)}: the receiver counts the satellites it uses (GGA/GNS) and names none of them`
        : `  and ${notNamed.toFixed(1)} used/fix counted by the receiver but not matched to a tracked satellite`,
    );
  // listed without a number (u-blox: a GLONASS signal before its slot is read): counted, never in the table's rows
  for (const u of without) {
    const most = u.maxInView === 1 ? "1 satellite" : `up to ${u.maxInView} satellites`;
    const what = u.constellation === undefined ? most : `${u.constellation}: ${most}`;
    const number = u.constellation === "glonass" ? "slot" : "number";
    const cn0 =
      u.minCn0DbHz === undefined || u.maxCn0DbHz === undefined
        ? ""
        : `, ${Math.round(u.minCn0DbHz) === Math.round(u.maxCn0DbHz) ? Math.round(u.maxCn0DbHz) : `${Math.round(u.minCn0DbHz)}–${Math.round(u.maxCn0DbHz)}`} dB-Hz`;
    lines.push(`  ${what} listed without its ${number} (not yet known) in ${formatCount(u.epochsInView, "epoch")}, tracked in ${u.epochsTracked}${cn0}`);
  }
  if (report.epochsSkyIncomplete !== undefined)
    lines.push(
      `  list incomplete in ${formatCount(report.epochsSkyIncomplete, "epoch")} of ${report.epochs}: GSV pages missing (sent a page a cycle, a rotation not yet complete, or lost); their counts not measured`,
    );
  lines.push("");

  lines.push("DOP (epochs with a fix)");
  const { hdop, vdop, pdop } = report.dop;
  if (!hdop && !vdop && !pdop) lines.push("  none reported");
  else
    lines.push(
      ...table([
        ["", "p50", "p95", "max", "epochs"],
        ...(
          [
            ["HDOP", hdop],
            ["VDOP", vdop],
            ["PDOP", pdop],
          ] as const
        ).map(([name, p]) => [name, dopCell(p, "p50"), dopCell(p, "p95"), dopCell(p, "max"), String(p?.count ?? 0)]),
      ]),
    );
  lines.push("");

  lines.push("Position");
  const { scatter } = report;
  if (scatter.kind === "none") lines.push("  no fix");
  else if (scatter.kind === "moving") {
    lines.push(`  moving: ${formatDistance(scatter.pathLengthM)} travelled, extent ${formatDistance(scatter.extentM)} (no scatter statistics)`);
    if (scatter.meanSpeedMps !== undefined)
      lines.push(`  speed: mean ${scatter.meanSpeedMps.toFixed(1)} m/s, max ${(scatter.maxSpeedMps ?? 0).toFixed(1)} m/s`);
  } else {
    lines.push(
      `  static: mean ${scatter.meanLatitudeDeg.toFixed(7)}, ${scatter.meanLongitudeDeg.toFixed(7)}` +
        (scatter.meanAltitudeMslM !== undefined ? `, ${scatter.meanAltitudeMslM.toFixed(1)} m MSL` : ""),
    );
    lines.push(
      `  CEP50 ${formatDistance(scatter.cep50M)}, CEP95 ${formatDistance(scatter.cep95M)} around the mean (${formatCount(scatter.samples, "fix", "fixes")})`,
    );
    if (scatter.altitudeStdDevM !== undefined) lines.push(`  altitude std dev ${formatDistance(scatter.altitudeStdDevM)}`);
    // a 2D fix holds its height: the altitude it gives is not measured
    const held = scatter.heldAltitudeFixes;
    if (held !== undefined) {
      lines.push(
        scatter.meanAltitudeMslM === undefined
          ? "  altitude not measured (2D fixes only: the receiver held its height)"
          : `  altitude from the 3D fixes only (${formatCount(held, "2D fix", "2D fixes")} on a held height left out)`,
      );
    }
  }
  lines.push("");

  if (report.truth !== undefined) lines.push(...truthLines(report), "");
  if (report.diagnosis !== undefined) {
    const diagnosis = diagnosisLines(report);
    if (diagnosis.length > 0) lines.push(...diagnosis, "");
  }

  lines.push("Diagnostics");
  const receiverMessages = report.receiverMessages ?? [];
  if (report.diagnostics.total === 0 && receiverMessages.length === 0) lines.push("  none");
  else if (report.diagnostics.total > 0) {
    lines.push(...table(Object.entries(report.diagnostics.byKind).map(([kind, n]) => [kind, String(n)])));
    for (const e of report.diagnostics.examples) lines.push(`    e.g. ${e.message}`);
  }
  // what the receiver said of itself (TXT 00/01): its own fault, not the log's
  for (const m of receiverMessages) {
    const meaning = m.meaning === undefined ? "" : ` (${m.meaning})`;
    const first = m.firstAfter === undefined ? "" : `, first after ${m.firstAfter}`;
    lines.push(`  the receiver reports ${m.severity === "error" ? "an error" : "a warning"}: "${m.text}"${meaning} ×${m.count}${first}`);
  }
  for (const error of report.errors) lines.push(`  error: ${error}`);
  return lines.join("\n") + "\n";
}

/** ", and N cut short by the end of the log, left out", naming the log's start for its first cycle. */
function cutShortText(cut: number, atStart: number): string {
  if (cut === 0) return "";
  const atEnd = cut - atStart;
  const where =
    atStart === 0
      ? `${atEnd} cut short by the end of the log`
      : atEnd === 0
        ? `${atStart} cut short by the start of the log`
        : `${atStart} cut short by the start of the log and ${atEnd} by its end`;
  return `, and ${where}, left out`;
}

/** A restarted run's time to first fix and start type, on one line. */
function restartTtffText(ttff: TtffSummary): string {
  const start = ttff.start === undefined || ttff.start.type === "unknown" ? "" : `; start ${ttff.start.type} (${ttff.start.basis})`;
  if (ttff.ttffMs !== undefined) return `TTFF ${formatDuration(ttff.ttffMs)} (${ttff.firstFixMode ?? "?"} fix)${start}`;
  // the restart had no time of its own and its first cycle already had a fix: when it started is not in the log
  if (ttff.fixAtStart === true) return `TTFF not measured: a fix in its first cycle, and the restart has no time in the log${start}`;
  const notMeasured = ttffNotMeasuredText(ttff, "log", false, false);
  return `${notMeasured === undefined ? "no fix" : `TTFF ${notMeasured}`}${start}`;
}
