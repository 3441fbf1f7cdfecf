// gpsd's ATT reports on its own regression logs that carry heading sentences (rst39: HDT; saab-r4: HDT + ROT
// from a gyro compass; skytraq-PX1172RH_DS: THS, HDT, PSTI,036): gnsskit's ATT lines, one per epoch, carry
// the values gpsd reported. gpsd prints an ATT after each attitude sentence (time only from PSTI,036), so its
// untimed reports are compared as the sequence of values, repeats collapsed; its timed ones by time.
// Gated: GNSSKIT_CORPUS (the corpus directory).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/framer.js";
import { createGpsdWriter } from "../../src/output/gpsd.js";
import { createParser } from "../../src/parsing/index.js";
import { createTracker } from "../../src/state/index.js";

const corpus = process.env.GNSSKIT_CORPUS;
const LOGS = ["rst39.log", "saab-r4.log", "skytraq-PX1172RH_DS.log"];
const reason =
  corpus === undefined || corpus === "" || !LOGS.every((log) => existsSync(join(corpus, `${log}.chk`))) ? "GNSSKIT_CORPUS is not the gpsd corpus" : undefined;
if (reason !== undefined) console.log(`gpsd ATT corpus test skipped: ${reason}`);

interface Att {
  time?: string;
  heading?: number;
  pitch?: number;
  roll?: number;
  rot?: number;
}

function gnsskitAtt(log: string): Att[] {
  const parser = createParser();
  const tracker = createTracker({ timeBase: "sentence" });
  const writer = createGpsdWriter();
  let text = "";
  const framer = createFramer({
    onFrame: (frame) => {
      const sentence = parser.parse(frame, () => undefined);
      if (sentence === undefined) return;
      for (const e of tracker.update(sentence, 0).events) if (e.type === "epoch") text += writer.epoch(e.epoch);
    },
    onDiagnostic: () => undefined,
  });
  framer.push(new Uint8Array(readFileSync(join(corpus as string, log))), 0);
  framer.end();
  for (const e of tracker.end(0).events) if (e.type === "epoch") text += writer.epoch(e.epoch);
  return lines(text);
}

const lines = (text: string): Att[] =>
  text
    .split("\n")
    .filter((line) => line.startsWith('{"class":"ATT"'))
    .map((line) => JSON.parse(line) as Att);

/** The values of one kind in order, each run of repeats once (gpsd reports a held value again). */
function sequence(atts: Att[], value: (a: Att) => number | undefined): number[] {
  const out: number[] = [];
  for (const a of atts) {
    const v = value(a);
    if (v !== undefined && v !== out.at(-1)) out.push(v);
  }
  return out;
}

describe.skipIf(reason !== undefined)("ATT against gpsd's regression logs", () => {
  for (const log of LOGS) {
    it(log, () => {
      const theirs = lines(readFileSync(join(corpus as string, `${log}.chk`), "utf8"));
      const ours = gnsskitAtt(log);
      expect(ours.length).toBeGreaterThan(0);
      expect(sequence(ours, (a) => a.heading)).toEqual(sequence(theirs, (a) => a.heading));
      expect(sequence(ours, (a) => a.rot)).toEqual(sequence(theirs, (a) => a.rot));
      // gpsd's timed reports (PSTI,036): ours of the same time carries the same heading, pitch and roll
      const timed = theirs.filter((a) => a.time !== undefined);
      for (const a of timed) {
        const mine = ours.find((o) => o.time === a.time);
        expect(mine, a.time).toMatchObject({ heading: a.heading, pitch: a.pitch, roll: a.roll });
      }
      if (log.startsWith("skytraq")) expect(timed.length).toBe(9);
    });
  }
});
