// The diagnosis over a log, for the report: what the receiver waited for as it changed (each rule's first line
// and how long it held), and what the diagnosis says at the end (the sky mask, the receiver's front end).

import type { GpsEvent } from "../../types.js";
import { createCadence } from "./cadence.js";
import type { Observer, Sky } from "../../orbits/sky.js";
import { createDiagnoser, type Diagnoser, type DiagnosisKind, type DiagnosisRule, type SkyMask } from "../../diagnosis/index.js";

export interface ReportDiagnosis {
  /**
   * What the receiver waited for, as it changed (clock times of the epochs, undefined for a plain log's cycles
   * before its first time of day); none while it had a 3D fix
   */
  waiting: { fromMs?: number; toMs?: number; rule: DiagnosisRule; text: string }[];
  /** Changes after the first MAX_CHANGES, left out */
  omitted: number;
  /** What the diagnosis says after the last epoch */
  final: { rule: DiagnosisRule; kind: DiagnosisKind; text: string }[];
  mask: SkyMask;
}

export interface ReportDiagnosisOptions {
  sky?: Sky;
  position?: Observer;
  receiverStarts?: boolean;
  /** The report's gap threshold (default 10 s; cadence.ts) */
  gapThresholdMs?: number;
}

const MAX_CHANGES = 40;

export interface ReportDiagnosisAccumulator {
  /**
   * An event of the log, with the log's clock (receive times, or a plain log's sentence times), undefined while it
   * is not known: before the first sentence or UBX message.
   * An epoch before any clock is on receive times.
   */
  add(event: GpsEvent, clock: "receive" | "sentence" | undefined): void;
  result(): ReportDiagnosis;
}

export function createReportDiagnosis(options: ReportDiagnosisOptions = {}): ReportDiagnosisAccumulator {
  let diagnoser: Diagnoser | undefined;
  const waiting: ReportDiagnosis["waiting"] = [];
  let omitted = 0;
  // a stretch is one rule and one stage of it (DiagnosisLine.stage): a line whose claim changed starts another
  let current: { rule: DiagnosisRule | undefined; stage?: string | undefined; entry?: ReportDiagnosis["waiting"][number] } = { rule: undefined };
  // The diagnoser is made once the log's clock is known: made on a guess, a plain log's untimed first cycles
  // would count as timed at 0 ms. What it would keep of the events before (the last front-end report, the last
  // start, the last commanded restart with its reset, the last restart the receiver showed) waits here, bounded,
  // and goes to it first.
  let early: GpsEvent[] = [];
  /** The last epoch's time on the log's clock, and the log's cadence (a gap ends a stretch) */
  let lastAtMs: number | undefined;
  const cadence = createCadence(options.gapThresholdMs ?? 10_000);
  const keepEarly = (event: GpsEvent): void => {
    const commanded = (e: GpsEvent): boolean => e.type === "start" && e.start.basis === "commanded";
    early = early.filter((e) => e.type !== event.type || (commanded(e) && !commanded(event)));
    early.push(event);
  };
  const make = (clock: "receive" | "sentence"): Diagnoser => {
    const made = createDiagnoser({ ...options, clock });
    for (const e of early) made.add(e);
    early = [];
    diagnoser = made;
    return made;
  };
  return {
    add(event, clock) {
      if (event.type !== "epoch" && event.type !== "start" && event.type !== "restart" && event.type !== "receiver") return;
      if (diagnoser === undefined && clock === undefined && event.type !== "epoch") return keepEarly(event);
      const made = diagnoser ?? make(clock ?? "receive");
      made.add(event);
      if (event.type === "restart" && event.cause === "default-clock" && current.entry !== undefined && current.entry.fromMs === current.entry.toMs) {
        // told after the restart's first epoch, whose line was made with the run before's locks: made again
        const { line } = made.waiting();
        if (line !== undefined) {
          current.entry.rule = line.rule;
          current.entry.text = line.stretchText ?? line.text;
          current.rule = line.rule;
          current.stage = line.stage;
        }
        return;
      }
      if (event.type !== "epoch" || event.epoch.incomplete === true) return;
      const { line, clocked } = made.waiting();
      const atMs = clocked ? event.epoch.receivedAtMs : undefined;
      if (atMs !== undefined && lastAtMs !== undefined && atMs > lastAtMs) {
        // a gap in the log (nothing heard for longer than its cadence allows: a receiver off between two runs) ends
        // a stretch a cycle after its last epoch: what the receiver waited for was not heard across it
        const intervalMs = atMs - lastAtMs;
        if (intervalMs > cadence.allowanceMs(intervalMs) && current.entry !== undefined) {
          current.entry.toMs = lastAtMs + Math.min(cadence.medianMs, intervalMs);
          current = { rule: undefined };
        }
      }
      if (atMs !== undefined) lastAtMs = atMs;
      if (current.entry !== undefined && atMs !== undefined) current.entry.toMs = atMs;
      if (line?.rule === current.rule && line?.stage === current.stage) return;
      current = { rule: line?.rule, stage: line?.stage };
      if (line === undefined) return;
      if (waiting.length >= MAX_CHANGES) {
        omitted++;
        return;
      }
      // begun before the clock: when is not known (its end is)
      // its words as the stretch's first epoch: what only held then is said so
      const entry: ReportDiagnosis["waiting"][number] = {
        rule: line.rule,
        text: line.stretchText ?? line.text,
        ...(atMs === undefined ? {} : { fromMs: atMs, toMs: atMs }),
      };
      waiting.push(entry);
      current.entry = entry;
    },
    result() {
      // a log that never said what clock it has (nothing gnsskit decodes): its diagnosis all the same, of what
      // came before (a front-end report) or of nothing, so that a report always has one
      const diagnosis = (diagnoser ?? make("sentence")).diagnosis();
      return {
        waiting: waiting.map((w) => ({ ...w })),
        omitted,
        final: diagnosis.lines.map((l) => ({ rule: l.rule, kind: l.kind, text: l.text })),
        mask: diagnosis.mask,
      };
    },
  };
}
