// Which command dialect a receiver speaks, from what it says (identifyDialect) or from how it answers
// harmless queries (probeDialect).
//
// The clues come from the dialect table (src/dialects.ts): each dialect's proprietary sentences ($PMTKnnn,
// $PSRFnnn/$PSRFTXT, $PUBX, $PAIRnnn/$PQTM…), its $GxTXT banner (u-blox) and its binary packets (UBX, SiRF).
// Not clues: $PQGSV/$PQGSA/$PQVERNO (Quectel's Qualcomm modems and MTK modules, which do not speak PAIR) and a
// banner naming Quectel (its modules speak PMTK or PAIR).
// Known failure: SiRF and u-blox ANTARIS chips often say nothing proprietary in NMEA mode; only probing tells.

import type { Diagnostic, Frame, Sentence } from "../../types.js";
import { concatBytes, nmeaCommand } from "./encoding.js";
import { quectelProbe } from "./quectel.js";
import { waitUntil, type CommandPipeline } from "./send.js";
import { sirfQuery } from "./sirf.js";
import { ubloxProbe } from "./ublox.js";
import { DIALECT_ROWS, type Dialect } from "../../dialects.js";
import type { DialectGuess } from "./types.js";

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

/** What a proprietary sentence is, for the evidence (`$PMTK705 firmware AXN_2.51_3339_19071200 (QUECTEL-L70)`). */
function describe(name: string, fields: string[]): string {
  switch (name) {
    case "PMTK705":
      return `firmware ${fields[1] ?? ""}${fields[3] ? ` (${fields[3]})` : ""}`;
    case "PMTK010":
      return "system message (startup)";
    case "PMTK011":
      return "boot banner";
    case "PMTK001":
    case "PAIR001":
      return `ack of ${name.slice(0, 4)}${fields[1] ?? ""}`;
    default:
      return /\d{3}$/.test(name) || name.includes(",") ? "reply" : "sentence";
  }
}

function textClue(raw: string): Clue | undefined {
  const text = raw.trim();
  const body = text.replace(/\*[0-9A-Fa-f]{2}$/, "");
  const fields = body.split(",");
  for (const row of DIALECT_ROWS) {
    const prefix = row.sentencePrefixes.find((p) => text.startsWith(`$${p}`));
    if (prefix === undefined) continue;
    const rest = text.slice(prefix.length + 1);
    // $PMTK705 (numbered), $PUBX,00 (numbered by its first field), $PMTKCHN / $PSRFTXTVersion / $PQTMVERNO (named)
    const suffix = /^\d{3}(?=,|\*|$)/.exec(rest)?.[0] ?? (rest.startsWith(",") ? `,${fields[1] ?? ""}` : /^[A-Z]+(?![a-z])/.exec(rest)?.[0]);
    if (suffix === undefined) continue;
    const name = `${prefix}${suffix}`;
    return { dialect: row.name, key: name, text: `$${name} ${describe(name, fields)}` };
  }
  const txt = /^\$G[A-Z]TXT,[^,]*,[^,]*,[^,]*,(.*)$/.exec(body)?.[1];
  const bannerRow = txt === undefined ? undefined : DIALECT_ROWS.find((row) => row.banner?.test(txt));
  if (bannerRow !== undefined) return { dialect: bannerRow.name, key: `TXT:${txt!}`, text: `TXT banner "${txt!.trim()}"` };
  return undefined;
}

function diagnosticClue(d: Diagnostic): Clue | undefined {
  if (d.kind !== "binary") return undefined;
  const protocol = d.value ?? /binary: (\S+)/.exec(d.message)?.[1];
  const row = protocol === undefined ? undefined : DIALECT_ROWS.find((r) => r.binaryProtocols.includes(protocol));
  if (row === undefined) return undefined;
  const id = protocol === "UBX" ? (/class 0x[0-9a-f]{2} id 0x[0-9a-f]{2}/i.exec(d.message)?.[0] ?? "") : "";
  return { dialect: row.name, key: `${protocol} ${id}`, text: `${protocol} binary packet ${id}`.trim() };
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
      const evidence = clues
        .filter((c) => c.dialect === best)
        .slice(0, MAX_EVIDENCE)
        .map((c) => c.text);
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
  /** Times the queried sentence came after the query: a SiRF chip answers once; more is the receiver's own output. */
  let queriedSeen = 0;
  let epochs = 0;
  let wake: (() => void) | undefined;
  let closed = false;
  // a SiRF answer is not decisive when it comes: the same sentence again would make it the receiver's own output
  // (one it sends less often than the listening saw, or once a loaded host's listening was cut short by the epochs)
  const decisive = (): boolean => tracker.verdict().dialect !== "unknown";
  const offFrame = gps.on("frame", ({ frame }) => {
    tracker.add(frame);
    const id = /^\$(?:G[A-Z]|BD|QZ)([A-Z]{3}),/.exec(frame.text)?.[1];
    if (id !== undefined) {
      if (phase === "listen") sentenceIds.add(id);
      else if (id === queried) queriedSeen++;
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
    if (verdict.dialect === "unknown" && queriedSeen === 1)
      return { dialect: "sirf", evidence: [`${queried} sent once after a PSRF103 query for it`], bytesWritten: bytes.length };
    return { ...verdict, bytesWritten: bytes.length };
  } finally {
    offFrame();
    offDiagnostic();
    offEpoch();
    offClose();
  }
}
