// The cycle detector's rules (src/state/cycles.ts), one table row per rule: a sequence of sentences in a short
// notation and the verdict for each. Notation: `GGA@3` a GGA at 10:00:03 (`@3.99` fractions; `@-` no time),
// `GLL` untimed, `GSV1/2` part 1 of 2, `TXT` neutral; a `!` suffix repeats the previous sentence's exact text.
// Verdicts: `a` applied, `C` closes the cycle before it, `E` closes it after (learned ender), `L` late,
// `D` duplicate, `-` neutral (not part of any cycle), `T` the untimed tail of a prematurely closed cycle begins,
// `S` a stuck GGA.
import { describe, expect, it } from "vitest";
import { createCycleDetector, Verdict } from "../../src/state/cycles.js";
import type { Sentence } from "../../src/types.js";

const base = { talker: "GP", system: "gps" as const, checksum: "ok" as const, receivedAtMs: 0 };

function sentence(token: string, previous: Sentence | undefined): Sentence {
  if (token.endsWith("!")) return previous as Sentence;
  const [head, at] = token.split("@") as [string, string | undefined];
  const tod = at === undefined || at === "-" ? undefined : Math.round((10 * 3600 + Number(at)) * 1000);
  const raw = `$GP${token}`;
  const gsv = /^GSV(\d)\/(\d)$/.exec(head);
  if (gsv) return { ...base, raw, sentenceId: "GSV", messageNumber: Number(gsv[1]), messageCount: Number(gsv[2]), satellites: [] };
  switch (head) {
    case "GSA":
      return { ...base, raw, sentenceId: "GSA", satelliteIds: [], satellites: [] };
    case "TXT":
      return { ...base, raw, sentenceId: "TXT", text: "hello" };
    case "VTG":
      return { ...base, raw, sentenceId: "VTG" };
    case "GGA":
    case "RMC":
    case "GLL":
    case "ZDA": {
      const s = { ...base, raw, sentenceId: head } as Sentence;
      if (tod !== undefined) Object.assign(s, { timeOfDayMs: tod });
      return s;
    }
    default:
      throw new Error(`notation: ${token}`);
  }
}

function verdicts(sequence: string): string {
  const detector = createCycleDetector();
  let previous: Sentence | undefined;
  const out: string[] = [];
  for (const token of sequence.split(/\s+/)) {
    const s = sentence(token, previous);
    previous = s;
    const v = detector.observe(s, s.talker + s.sentenceId);
    let text = "";
    if (v & Verdict.LATE) text += "L";
    if (v & Verdict.DUPLICATE) text += "D";
    if (v & Verdict.CLOSE_BEFORE) text += "C";
    if (v & Verdict.APPLY) text += "a";
    if (v & Verdict.CLOSE_AFTER) text += "E";
    if (v & Verdict.TAIL_BEGINS) text += "T";
    if (v & Verdict.STUCK) text += "S";
    out.push(text === "" ? "-" : text);
  }
  return out.join(" ");
}

describe("cycle detector rules", () => {
  it.each([
    {
      rule: "1, 2: a time change closes the cycle; the sentence before it is learned once two cycles ended with it",
      sentences: "GGA@0 RMC@0 GGA@1 RMC@1 GGA@2 RMC@2 GGA@3 RMC@3",
      want: "a a Ca a Ca aE a aE",
    },
    {
      rule: "2: one cycle cut short (a lone GLL) teaches nothing: the next cycle keeps its GGA and RMC",
      sentences: "GLL@0 GLL@1 GGA@1 RMC@1 GLL@2 GGA@2 RMC@2 GLL@3 GGA@3 RMC@3 GLL@4",
      want: "a Ca a a Ca a a Ca a aE a",
    },
    {
      rule: "1: one cycle's sentences may differ by a few ms; 10 ms apart are two cycles",
      sentences: "GLL@0.297 GGA@0.3 RMC@0.305 GGA@0.99 RMC@0.99 GGA@1 RMC@1",
      want: "a a a Ca a Ca aE",
    },
    {
      rule: "3, 9: a receiver without time: a repeated sentence closes the cycle and proposes the one before it",
      sentences: "GGA@- RMC@- GGA@- RMC@- GGA@- RMC@- GGA@-",
      want: "a a Ca a Ca aE a",
    },
    {
      rule: "4: GSV carries no time; a group closes a cycle only when complete",
      sentences: "GGA@0 GSV1/2 GSV2/2 GGA@1 GSV1/2 GSV2/2 GGA@2 GSV1/2 GSV2/2 GGA@3",
      want: "a a a Ca a a Ca a aE a",
    },
    {
      rule: "5: after the learned ender, a sentence with the time just reported is late, and unlearns the ender",
      sentences: "GGA@0 RMC@0 GGA@1 RMC@1 GGA@2 RMC@2 GLL@2 GGA@3 RMC@3 GGA@4",
      want: "a a Ca a Ca aE LT a a Ca",
    },
    {
      rule: "6: a time step over 30 s teaches no ender",
      sentences: "GGA@0 RMC@0 GGA@40 RMC@40 GGA@41 RMC@41 GGA@42 RMC@42",
      want: "a a Ca a Ca a Ca aE",
    },
    {
      rule: "7, 8: an ender followed by untimed sentences of its cycle is never learned again; the tail begins",
      sentences: "GGA@0 RMC@0 GGA@1 RMC@1 GGA@2 RMC@2 GSV1/1 GGA@3 RMC@3 GSV1/1 GGA@4 RMC@4",
      want: "a a Ca a Ca aE aT a a a Ca a",
    },
    {
      rule: "10: a sentence repeated back to back in a timed cycle, or right after closing as the ender, is a duplicate",
      sentences: "GGA@0 VTG GSV1/1 GGA@1 VTG VTG! GSV1/1 GGA@2 VTG GSV1/1 GSV1/1! GGA@3",
      want: "a a a Ca a D a Ca a aE D a",
    },
    {
      rule: "10: without a time, a repeat is the next cycle (a receiver sending one GGA a second)",
      sentences: "GGA@- GGA@-! GGA@-!",
      want: "a Ca Ca",
    },
    {
      rule: "5: a GGA repeating its own time is a latched receiver (stuck), not a late sentence",
      sentences: "GGA@0 RMC@0 GGA@1 RMC@1 GGA@2 RMC@2 GGA@2 RMC@3",
      want: "a a Ca a Ca aE aS Ca",
    },
    {
      rule: "15: a cycle sent again is a repeated report: its timed sentences and its untimed types are dropped, the ender before the repeat is learned",
      sentences: "RMC@0 GSA GGA@0 RMC@0 GSA GGA@0 RMC@2 GSA GGA@2 RMC@2 GSA GGA@2 RMC@4 GSA GGA@4 RMC@4 GSA GSV1/1 GGA@4 RMC@6",
      want: "a a a D D D Ca a a D D D Ca a aE D D a D a",
    },
    {
      rule: "15: a GGA that would begin a repeat is a latched receiver's (5), so a GGA-first cycle sent twice is not told from one (failure case)",
      sentences: "GGA@0 RMC@0 GGA@1 RMC@1 GGA@2 RMC@2 GGA@2 RMC@2 GGA@3",
      want: "a a Ca a Ca aE aS a Ca",
    },
    {
      rule: "15: a GGA repeating its cycle's text after the next cycle's RMC is a stale copy (late); that time again is a latched receiver's",
      sentences: "RMC@0 GGA@0 RMC@2 GGA@2 RMC@4 GGA@2 GGA@4 RMC@6 GGA@4 RMC@8 GGA@4",
      want: "a a Ca a Ca L aE a L Ca CaES",
    },
    {
      rule: "16: a jump of the receiver's time (another receiver's log joined) learns the order again: its RMC is no ender",
      sentences: "GGA@0 GSA RMC@0 GGA@1 GSA RMC@1 GGA@2 GSA RMC@2 RMC@100 GGA@100 VTG RMC@101 GGA@101 VTG RMC@102 GGA@102 VTG",
      want: "a a a Ca a a Ca a aE a a a Ca a a Ca a aE",
    },
    {
      rule: "11: neutral sentences are part of no cycle",
      sentences: "GGA@0 TXT RMC@0 TXT GGA@1",
      want: "a - a - Ca",
    },
  ])("rule $rule", ({ sentences, want }) => {
    expect(verdicts(sentences)).toBe(want);
  });
});
