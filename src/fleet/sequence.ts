// The reader's side of the `nmea` sequence numbers (wire.ts): QoS 1 delivers at least once, so a message may
// come twice (a resend after a lost PUBACK, a spool resent after the publisher crashed); its seq tells.

export type SequenceVerdict =
  /** The first message heard of this run (a reader that starts late joins anywhere), or the next one. */
  | { kind: "first" | "next" }
  /** A number already passed: drop it. */
  | { kind: "duplicate" }
  /** `lost` messages never came (the publisher's spool was full and dropped its oldest). */
  | { kind: "gap"; lost: number }
  /** The publisher started a new numbering (its spool was lost, or it is a new publisher of the same name). */
  | { kind: "new-run"; previousRun: string };

export interface SequenceCheck {
  check(run: string, seq: number): SequenceVerdict;
  readonly duplicates: number;
  readonly lost: number;
}

export function createSequenceCheck(): SequenceCheck {
  let run: string | undefined;
  let last = 0;
  let duplicates = 0;
  let lost = 0;
  return {
    check(messageRun, seq) {
      if (run !== messageRun) {
        const previousRun = run;
        run = messageRun;
        last = seq;
        return previousRun === undefined ? { kind: "first" } : { kind: "new-run", previousRun };
      }
      if (seq <= last) {
        duplicates++;
        return { kind: "duplicate" };
      }
      const gap = seq - last - 1;
      last = seq;
      if (gap === 0) return { kind: "next" };
      lost += gap;
      return { kind: "gap", lost: gap };
    },
    get duplicates() {
      return duplicates;
    },
    get lost() {
      return lost;
    },
  };
}
