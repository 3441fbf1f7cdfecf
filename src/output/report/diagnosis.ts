// The diagnosis over a log, for the report: what the receiver waited for as it changed (each rule's first line
// and how long it held), and what the diagnosis says at the end (the sky mask, the receiver's front end).

import type { GpsEvent } from "../../types.js";
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
}

const MAX_CHANGES = 40;

export interface ReportDiagnosisAccumulator {
  /** An event of the log, once its clock is known (receive times, or a plain log's sentence times). */
  add(event: GpsEvent, clock: "receive" | "sentence"): void;
  result(): ReportDiagnosis | undefined;
}

export function createReportDiagnosis(options: ReportDiagnosisOptions = {}): ReportDiagnosisAccumulator {
  let diagnoser: Diagnoser | undefined;
  const waiting: ReportDiagnosis["waiting"] = [];
  let omitted = 0;
  let current: { rule: DiagnosisRule | undefined; entry?: ReportDiagnosis["waiting"][number] } = { rule: undefined };
  return {
    add(event, clock) {
      if (event.type !== "epoch" && event.type !== "start" && event.type !== "binary") return;
      diagnoser ??= createDiagnoser({ ...options, clock });
      diagnoser.add(event);
      if (event.type !== "epoch" || event.epoch.incomplete === true) return;
      const { line, clocked } = diagnoser.waiting();
      const atMs = clocked ? event.epoch.receivedAtMs : undefined;
      if (current.entry !== undefined && atMs !== undefined) current.entry.toMs = atMs;
      if (line?.rule === current.rule) return;
      current = { rule: line?.rule };
      if (line === undefined) return;
      if (waiting.length >= MAX_CHANGES) {
        omitted++;
        return;
      }
      // begun before the clock: when is not known (its end is)
      const entry: ReportDiagnosis["waiting"][number] = { rule: line.rule, text: line.text, ...(atMs === undefined ? {} : { fromMs: atMs, toMs: atMs }) };
      waiting.push(entry);
      current.entry = entry;
    },
    result() {
      if (diagnoser === undefined) return undefined;
      const diagnosis = diagnoser.diagnosis();
      return {
        waiting: waiting.map((w) => ({ ...w })),
        omitted,
        final: diagnosis.lines.map((l) => ({ rule: l.rule, kind: l.kind, text: l.text })),
        mask: diagnosis.mask,
      };
    },
  };
}
