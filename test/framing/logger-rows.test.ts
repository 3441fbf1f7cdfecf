// Loggers that write each sentence in a row of their own: Android's GnssLogger and GPSTest (`NMEA,<sentence>,<Unix
// ms>`, fixtures/android-gnsslogger-rows.nmea), research-vessel loggers (`03/15/2010,14:08:45.876,$GPGGA…`). The
// sentence is taken up to its checksum; what the logger put before and after it is not NMEA.
import fc from "fast-check";
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { fixture } from "../cli/_bin.js";
import { bytesToLatin1, latin1, runFramer, splitAt, summarize } from "./framing-helpers.js";

const GGA = withChecksum("GNGGA,171859.00,2804.281311,N,08225.605044,W,1,07,1.0,39.1,M,-24.8,M,,");
const RMC = withChecksum("GNRMC,171859.00,A,2804.281311,N,08225.605044,W,0.0,,110919,3.1,W,A,V");

describe("a logger's time after the checksum", () => {
  it("ends the sentence at its checksum; the logger's row around it is garbage, after the frame, then logger text once it repeats", () => {
    const run = runFramer([`NMEA,${GGA},1568222348220\nNMEA,${RMC},1568222348221\n`]);
    expect(summarize(run.events)).toEqual(["D garbage 5", `F ok ${GGA}`, "D logger-text 20", `F ok ${RMC}`, "D garbage 14"]);
    expect(run.fieldEnds[0]).toBe(GGA.length - 3);
  });

  it("a last row without a line end is read as well", () => {
    const run = runFramer([`NMEA,${GGA},1568222348220\nNMEA,${RMC},1568222348221`]);
    expect(run.frames.map((f) => f.text)).toEqual([GGA, RMC]);
  });

  it("still checks the checksum: a wrong one is reported, the row's time goes to garbage", () => {
    const bad = `${GGA.slice(0, -2)}00`;
    const run = runFramer([`NMEA,${bad},1568222348220\n`]);
    expect(run.frames).toEqual([]);
    expect(run.diagnostics.map((d) => d.kind)).toEqual(["garbage", "checksum", "garbage"]);
  });

  it("spaces after the checksum (a padded or hand-edited line) end the sentence there too", () => {
    const run = runFramer([`${GGA}  \r\n${RMC},1568222348220 \n`]);
    expect(summarize(run.events)).toEqual([`F ok ${GGA}`, "D garbage 2", `F ok ${RMC}`, "D garbage 15"]);
  });

  it("anything after a checksum that holds, unless a hex digit, ends the sentence there; the rest is garbage", () => {
    for (const after of [",12a", ",", ", 1", ";1568222348220", `,${"9".repeat(21)}`, "x", "\\r\\n'", "'", "*43"]) {
      const run = runFramer([`${GGA}${after}\n`]);
      expect(summarize(run.events)).toEqual([`F ok ${GGA}`, `D garbage ${after.length}`]);
    }
  });

  it("a wrong checksum, or a checksum field run on by a hex digit, is still a checksum error, whatever follows", () => {
    const wrong = `${GGA.slice(0, -2)}00`;
    for (const row of [`${wrong}x`, `${wrong}\\r\\n'`, `${wrong};1568222348220`, `${GGA}7`, `${GGA}0\\r\\n'`, `${GGA.slice(0, -1)}`]) {
      const run = runFramer([`${row}\n`]);
      expect(run.frames).toEqual([]);
      expect(run.diagnostics.map((d) => d.kind)).toEqual(["checksum"]);
    }
  });

  it("frames the fixture's rows however its bytes are cut", () => {
    const bytes = readFileSync(fixture("android-gnsslogger-rows.nmea"));
    const whole = runFramer([bytes]);
    expect(whole.frames).toHaveLength(38);
    expect(whole.frames.every((f) => f.checksum === "ok" && /\*[0-9A-F]{2}$/.test(f.text))).toBe(true);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 }), (cuts) => {
        expect(summarize(runFramer(splitAt(bytes, cuts)).events)).toEqual(summarize(whole.events));
      }),
      { numRuns: 60 },
    );
  });

  it("a Python logger's rows (`raw: b'<sentence>\\r\\n', parsed: …`): every sentence whose checksum holds, however the bytes are cut", () => {
    const bytes = readFileSync(fixture("python-logger-rows.nmea"));
    const whole = runFramer([bytes]);
    const wrapped = bytesToLatin1(bytes)
      .split("\n")
      .filter((line) => !line.startsWith("#"))
      .flatMap((line) => [...line.matchAll(/\$[^*$]*\*[0-9A-F]{2}/g)].map((m) => m[0]));
    const valid = wrapped.filter((sentence) => withChecksum(sentence.slice(1, -3)) === sentence);
    expect(wrapped).toHaveLength(10);
    expect(whole.frames.map((f) => f.text)).toEqual(valid);
    expect(whole.frames).toHaveLength(9);
    expect(whole.diagnostics.filter((d) => d.kind === "checksum").map((d) => d.sentenceId)).toEqual(["GSA"]);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 }), (cuts) => {
        expect(summarize(runFramer(splitAt(bytes, cuts)).events)).toEqual(summarize(whole.events));
      }),
      { numRuns: 60 },
    );
  });

  it("a `!` inside a sentence's field (FLARM's PFLAA id) is part of it when the checksum over it holds", () => {
    const pflaa = withChecksum("PFLAA,2,170,444,82,1,C03745!FLR_C03745,244,,29,,1");
    const run = runFramer([`${pflaa}\r\n${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual([`F ok ${pflaa}`, `F ok ${GGA}`]);
    expect(run.commas[0]?.length).toBe(pflaa.split(",").length - 1);
  });

  it("otherwise the `!` begins a sentence of its own, and what came before it was cut short (an AIS line run into a GGA)", () => {
    const aivdm = `!${withChecksum("AIVDM,1,1,,A,13aG?P0P00PD;88MD5MTDww@2<0L,0").slice(1)}`;
    const cut = "$GPGGA,171859.00,2804.281311,N";
    const run = runFramer([`${cut}${aivdm}\r\n${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual([`D garbage ${cut.length}`, `F ok ${aivdm}`, `F ok ${GGA}`]);
    expect(run.commas[0]).toEqual([...aivdm].flatMap((c, i) => (c === "," && i < aivdm.indexOf("*") ? [i] : [])));
  });

  it("a `!` sentence and a FLARM row frame the same however their bytes are cut", () => {
    const aivdm = `!${withChecksum("AIVDM,1,1,,A,13aG?P0P00PD;88MD5MTDww@2<0L,0").slice(1)}`;
    const text = `${withChecksum("PFLAA,2,170,444,82,1,C03745!FLR_C03745,244,,29,,1")}\r\n$GPGGA,1${aivdm}\r\n${GGA}\r\n`;
    const bytes = latin1(text);
    const whole = summarize(runFramer([bytes]).events);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 8 }), (cuts) => {
        expect(summarize(runFramer(splitAt(bytes, cuts)).events)).toEqual(whole);
      }),
      { numRuns: 200 },
    );
  });

  it("a date and time before the sentence (a vessel's logger) is garbage before it", () => {
    const run = runFramer([latin1(`03/15/2010,14:08:45.876,${GGA}\r\n`)]);
    expect(summarize(run.events)).toEqual(["D garbage 24", `F ok ${GGA}`]);
  });
  it("the length cap is the sentence's, to its checksum: a logger's time or padding after it may pass the cap", () => {
    const bytes = readFileSync(fixture("logger-row-long-sentence.nmea"));
    const run = runFramer([bytes]);
    expect(run.frames.map((f) => f.text.slice(0, 8))).toEqual(["$PUBX,03", "$PUBX,03", "$GNGGA,1"]);
    expect(run.frames[0]?.text).toHaveLength(248);
    expect(run.diagnostics.map((d) => d.kind)).not.toContain("too-long");
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 }), (cuts) => {
        expect(summarize(runFramer(splitAt(bytes, cuts)).events)).toEqual(summarize(run.events));
      }),
      { numRuns: 60 },
    );
  });

  it("a sentence over the cap to its checksum is still too long, with or without a logger's time after it", () => {
    const long = withChecksum(`PUBX,03,${"9".repeat(250)}`);
    for (const row of [`${long}\n`, `NMEA,${long},1568222348230\n`, `${long}  \n`]) {
      const run = runFramer([`${row}${GGA}\n`]);
      expect(run.frames.map((f) => f.text)).toEqual([GGA]);
      expect(run.diagnostics.map((d) => d.kind)).toContain("too-long");
    }
  });
});

describe("a logger's text repeated on every line", () => {
  const at = (s: number) => `2023-06-02T14:05:${String(s).padStart(2, "0")}.204 <- `;

  it("sensor readings in tab-separated columns before each sentence (a CanSat's Python logger): numbers of any digits and sign are one shape", () => {
    const rows = ["89835417\t36.85\t914.73\t-1.23\tb'", "156890364\t36.9\t914.7\t0.08\tb'", "231637864\t-36.86\t1914.74\t-0.21\tb'"];
    const run = runFramer([`${rows[0]}${GGA}\n${rows[1]}${RMC}\n${rows[2]}${GGA}\n`]);
    expect(summarize(run.events)).toEqual([
      `D garbage ${rows[0]?.length}`,
      `F ok ${GGA}`,
      `D logger-text ${rows[1]?.length}`,
      `F ok ${RMC}`,
      `D logger-text ${rows[2]?.length}`,
      `F ok ${GGA}`,
    ]);
  });

  it("a receive time before each sentence: the first is garbage, the same shape on the lines after is a logger's text", () => {
    const run = runFramer([`${at(1)}${GGA}\r\n${at(2)}${RMC}\r\n${at(3)}${GGA}\r\n`]);
    expect(summarize(run.events)).toEqual(["D garbage 27", `F ok ${GGA}`, "D logger-text 27", `F ok ${RMC}`, "D logger-text 27", `F ok ${GGA}`]);
  });

  it("stays garbage where a logger's row is not what it is: a line of its own, a control byte, a cut sentence, another shape", () => {
    const rows = `${at(1)}${GGA}\r\n${at(2)}${RMC}\r\n`;
    for (const [odd, garbage] of [
      [`${at(3)}\r\n`, at(3).length + 2 + at(4).length], // a line with no sentence runs into the next line's prefix
      [`${at(3).slice(0, 5)}\x00${at(3).slice(5)}`, at(3).length + 1],
      [`${at(3)}$GPGGA,12`, at(3).length + 9],
      ["14:05:03 GGA ", 13],
    ] as const) {
      const run = runFramer([`${rows}${odd}${odd.endsWith("\r\n") ? at(4) : ""}${GGA}\r\n`]);
      expect(summarize(run.events).slice(4)).toEqual([`D garbage ${garbage}`, `F ok ${GGA}`]);
    }
  });

  it("a wrong checksum after a logger's text is reported as before; the text before it is the logger's", () => {
    const run = runFramer([`${at(1)}${GGA}\r\n${at(2)}${GGA.slice(0, -2)}00\r\n`]);
    expect(run.diagnostics.map((d) => d.kind)).toEqual(["garbage", "logger-text", "checksum"]);
  });

  it("frames the fixture the same however its bytes are cut", () => {
    const bytes = readFileSync(fixture("receive-time-prefix-rows.nmea"));
    const whole = runFramer([bytes]);
    const kinds = whole.diagnostics.map((d) => d.kind);
    expect(kinds.filter((k) => k === "logger-text")).toHaveLength(26);
    expect(kinds.filter((k) => k === "garbage")).toHaveLength(2);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: bytes.length }), { maxLength: 12 }), (cuts) => {
        expect(summarize(runFramer(splitAt(bytes, cuts)).events)).toEqual(summarize(whole.events));
      }),
      { numRuns: 60 },
    );
  });

  it("a `!` in the address is never part of a sentence, even where the checksum over it holds (`!!GPGGA*56`)", () => {
    const run = runFramer(["!!!GPGGA*56\n"]);
    expect(run.frames.filter((f) => (f.text.slice(1).split(",")[0] as string).includes("!"))).toEqual([]);
    // `!GPGGA*56` holds on its own: the sentence begins at the last `!`
    expect(run.frames.map((f) => f.text)).toEqual(["!GPGGA*56"]);
  });
});
