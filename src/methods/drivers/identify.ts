// Which command dialect a receiver speaks, from what it says (identifyDialect) or from how it answers
// harmless queries (probeDialect).
//
// Clues, strongest first:
//  MediaTek  $PMTK705 firmware, $PMTK010/$PMTK011 startup, $PMTK001 acks, any $PMTKnnn
//  u-blox    $GxTXT banners naming u-blox (or HW UBX-…, PROTVER=), $PUBX replies, UBX binary packets
//  SiRF      $PSRFnnn/$PSRFTXT/$PSRFEPE, SiRF binary packets (A0 A2)
//  Quectel   $PAIRnnn (Airoha), $PQTM… replies. $PQGSV/$PQGSA and $PQVERNO are Quectel too, but come from
//            Qualcomm modems and MTK modules that do not speak PAIR: not clues.
// Known failure: SiRF and u-blox ANTARIS chips often say nothing proprietary in NMEA mode; only probing tells.

import type { Diagnostic, Frame, Sentence } from "../../types.js";
import { concatBytes, nmeaCommand } from "./encoding.js";
import { quectelProbe } from "./quectel.js";
import { waitUntil, type CommandPipeline } from "./send.js";
import { sirfQuery } from "./sirf.js";
import { ubloxProbe } from "./ublox.js";
import type { Dialect, DialectGuess } from "./types.js";


export interface DialectIdentification {
  dialect: DialectGuess;
  /** What led to the verdict, one clue per line (`$PMTK705 firmware AXN_2.51_3339_19071200`). */
  evidence: string[];
}

/** Sentence text (`$PMTK010,001*2E`), a frame, a parsed sentence or a framer diagnostic (binary packets). */
export type DialectClue = string | Frame | Sentence | Diagnostic;

interface Clue {
  dialect: Dialect;
  /** Same key = same clue, counted once */
  key: string;
  text: string;
}

const DECIMAL = /^\$(PMTK|PSRF|PAIR)(\d{3})(?:,|\*|$)/;

function textClue(raw: string): Clue | undefined {
  const text = raw.trim();
  const body = text.replace(/\*[0-9A-Fa-f]{2}$/, "");
  const numbered = DECIMAL.exec(text);
  if (numbered) {
    const [, vendor, number] = numbered;
    const fields = body.split(",");
    switch (vendor) {
      case "PMTK": {
        const what =
          number === "705" ? `firmware ${fields[1] ?? ""}${fields[3] ? ` (${fields[3]})` : ""}` : number === "010" ? "system message (startup)" : number === "011" ? "boot banner" : number === "001" ? `ack of PMTK${fields[1] ?? ""}` : "reply";
        return { dialect: "mtk", key: `PMTK${number}`, text: `$PMTK${number} ${what}` };
      }
      case "PSRF":
        return { dialect: "sirf", key: `PSRF${number}`, text: `$PSRF${number} SiRF reply` };
      case "PAIR":
        return { dialect: "quectel", key: `PAIR${number}`, text: `$PAIR${number} ${number === "001" ? `ack of PAIR${fields[1] ?? ""}` : "reply"} (Airoha PAIR)` };
    }
  }
  if (/^\$PMTK[A-Z]/.test(text)) return { dialect: "mtk", key: text.slice(1, 8), text: `$${text.slice(1, 8)} MediaTek sentence` };
  if (/^\$PSRF[A-Z]/.test(text)) return { dialect: "sirf", key: text.slice(1, 8), text: `$${text.slice(1, 8)} SiRF sentence` };
  if (/^\$PUBX,/.test(text)) return { dialect: "ublox", key: `PUBX,${body.split(",")[1] ?? ""}`, text: `$PUBX,${body.split(",")[1] ?? ""} u-blox reply` };
  if (/^\$PQTM/.test(text)) return { dialect: "quectel", key: body.split(",")[0]!.slice(1), text: `$${body.split(",")[0]!.slice(1)} Quectel reply` };
  const txt = /^\$G[A-Z]TXT,[^,]*,[^,]*,[^,]*,(.*)$/.exec(body);
  if (txt && /u-blox|\bUBX-|PROTVER=|FWVER=/i.test(txt[1]!)) return { dialect: "ublox", key: `TXT:${txt[1]!}`, text: `TXT banner "${txt[1]!.trim()}"` };
  return undefined;
}

function diagnosticClue(d: Diagnostic): Clue | undefined {
  if (d.kind !== "binary") return undefined;
  const protocol = d.value ?? /binary: (\S+)/.exec(d.message)?.[1];
  if (protocol === "UBX") {
    const id = /class 0x[0-9a-f]{2} id 0x[0-9a-f]{2}/i.exec(d.message)?.[0] ?? "";
    return { dialect: "ublox", key: `UBX ${id}`, text: `UBX binary packet ${id}`.trim() };
  }
  if (protocol === "SiRF") return { dialect: "sirf", key: "SiRF binary", text: "SiRF binary packet (A0 A2)" };
  return undefined;
}

function clueOf(item: DialectClue): Clue | undefined {
  if (typeof item === "string") return textClue(item);
  if ("kind" in item) return diagnosticClue(item);
  if ("sentenceId" in item) return textClue(item.raw);
  return textClue(item.text);
}

const MAX_EVIDENCE = 6;

/** Accumulates clues as they come; `verdict()` at any time. */
export function createDialectTracker(): { add(item: DialectClue): Clue | undefined; verdict(): DialectIdentification } {
  const clues: Clue[] = [];
  const keys = new Set<string>();
  return {
    add(item) {
      const clue = clueOf(item);
      if (clue === undefined || keys.has(`${clue.dialect}:${clue.key}`)) return clue;
      keys.add(`${clue.dialect}:${clue.key}`);
      clues.push(clue);
      return clue;
    },
    verdict() {
      if (clues.length === 0) return { dialect: "unknown", evidence: [] };
      const counts = new Map<Dialect, number>();
      for (const c of clues) counts.set(c.dialect, (counts.get(c.dialect) ?? 0) + 1);
      // Most distinct clues wins; a tie goes to the dialect heard first.
      let best: Dialect = clues[0]!.dialect;
      for (const [dialect, count] of counts) if (count > (counts.get(best) ?? 0)) best = dialect;
      const evidence = clues.filter((c) => c.dialect === best).slice(0, MAX_EVIDENCE).map((c) => c.text);
      const others = [...counts.entries()].filter(([d]) => d !== best);
      if (others.length > 0) evidence.push(`also heard: ${others.map(([d, n]) => `${n} ${d} clue${n === 1 ? "" : "s"}`).join(", ")}`);
      return { dialect: best, evidence };
    },
  };
}

/** The dialect from what a receiver said (sentences, frames, binary-packet diagnostics), without asking. */
export function identifyDialect(seen: Iterable<DialectClue>): DialectIdentification {
  const tracker = createDialectTracker();
  for (const item of seen) tracker.add(item);
  return tracker.verdict();
}

const SIRF_QUERY_CANDIDATES = ["GLL", "VTG", "ZDA"] as const;

export interface ProbeOptions {
  /** How long to wait for an answer after the queries (receiver or wall clock), default 3000 ms. */
  timeoutMs?: number;
  /** How long to listen before asking (default 2000 ms or two reporting cycles): many chips give themselves away. */
  listenMs?: number;
}

export interface ProbeResult extends DialectIdentification {
  /** Bytes written for the queries (0 when listening was enough). */
  bytesWritten: number;
}

/**
 * Listens, then asks harmless questions every dialect ignores but its own: PMTK605 (firmware query),
 * PUBX,00 + UBX MON-VER polls, PAIR021 (version query), and a PSRF103 one-shot query of a sentence the
 * receiver does not output (a SiRF chip then sends it once). Resolves with `unknown` when nothing answers.
 */
export async function probeDialect(gps: CommandPipeline, options: ProbeOptions = {}): Promise<ProbeResult> {
  const tracker = createDialectTracker();
  const sentenceIds = new Set<string>();
  let phase: "listen" | "ask" = "listen";
  let queried: string | undefined;
  let sirfAnswer: string | undefined;
  let epochs = 0;
  let wake: (() => void) | undefined;
  let closed = false;
  const decisive = (): boolean => tracker.verdict().dialect !== "unknown" || sirfAnswer !== undefined;
  const offFrame = gps.on("frame", ({ frame }) => {
    tracker.add(frame);
    const id = /^\$(?:G[A-Z]|BD|QZ)([A-Z]{3}),/.exec(frame.text)?.[1];
    if (id !== undefined) {
      if (phase === "listen") sentenceIds.add(id);
      else if (id === queried) sirfAnswer ??= `${id} sent once after a PSRF103 query for it`;
    }
    if (decisive()) wake?.();
  });
  const offDiagnostic = gps.on("diagnostic", ({ diagnostic }) => {
    if (tracker.add(diagnostic) !== undefined && decisive()) wake?.();
  });
  const offEpoch = gps.on("epoch", () => {
    epochs++;
    wake?.();
  });
  const offClose = gps.on("close", () => {
    closed = true;
    wake?.();
  });
  const pause = (ms: number, until: () => boolean): Promise<void> => {
    const waiter = waitUntil(gps, { timeoutMs: ms, until: () => closed || until() });
    wake = waiter.check;
    return waiter.done;
  };
  try {
    await pause(options.listenMs ?? 2000, () => decisive() || epochs >= 2);
    if (decisive() || closed) return { ...tracker.verdict(), bytesWritten: 0 };
    phase = "ask";
    queried = SIRF_QUERY_CANDIDATES.find((id) => !sentenceIds.has(id));
    const queries = [nmeaCommand("PMTK605"), ubloxProbe().bytes, quectelProbe().bytes];
    if (queried !== undefined) queries.push(sirfQuery(queried as (typeof SIRF_QUERY_CANDIDATES)[number]).bytes);
    const bytes = concatBytes(queries);
    await gps.write(bytes);
    await pause(options.timeoutMs ?? 3000, decisive);
    const verdict = tracker.verdict();
    if (verdict.dialect === "unknown" && sirfAnswer !== undefined) return { dialect: "sirf", evidence: [sirfAnswer], bytesWritten: bytes.length };
    return { ...verdict, bytesWritten: bytes.length };
  } finally {
    offFrame();
    offDiagnostic();
    offEpoch();
    offClose();
  }
}
