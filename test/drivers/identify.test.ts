// Dialect identification from what receivers say: a table of clues, then real gpsd corpus logs through the
// real framer and parser (gated: GNSSKIT_CORPUS, ../shared/corpus/gpsd by default).

import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/index.js";
import { identifyDialect, type DialectClue } from "../../src/methods/drivers/index.js";
import type { Diagnostic } from "../../src/types.js";
import { sharedPiece } from "../_shared.js";

describe("identifyDialect from sentences", () => {
  const cases: { name: string; seen: DialectClue[]; want: string; evidence?: RegExp }[] = [
    { name: "MTK startup", seen: ["$PMTK011,MTKGPS*08", "$PMTK010,001*2E"], want: "mtk", evidence: /\$PMTK010 system message \(startup\)/ },
    {
      name: "MTK firmware (Quectel L70)",
      seen: ["$PMTK705,AXN_2.51_3339_19071200,0002,QUECTEL-L70,1.0*32"],
      want: "mtk",
      evidence: /firmware AXN_2\.51_3339_19071200 \(QUECTEL-L70\)/,
    },
    { name: "MTK channel status", seen: ["$PMTKCHN,21422,28522*00"], want: "mtk" },
    { name: "u-blox banner", seen: ["$GPTXT,01,01,02,u-blox ag - www.u-blox.com*50"], want: "ublox", evidence: /TXT banner "u-blox ag/ },
    { name: "u-blox hardware banner", seen: ["$GNTXT,01,01,02,HW UBX-M8030 00080000*60"], want: "ublox" },
    {
      name: "PUBX reply",
      seen: ["$PUBX,00,081350.00,4717.113210,N,00833.915187,E,546.589,G3,2.1,2.0,0.007,77.52,0.007,,0.92,1.19,0.77,9,0,0*5F"],
      want: "ublox",
    },
    {
      name: "UBX binary packet",
      seen: [{ kind: "binary", message: "binary: UBX packet class 0x0a id 0x09 skipped (68 bytes)", value: "UBX" } satisfies Diagnostic],
      want: "ublox",
    },
    {
      name: "SiRF binary packet",
      seen: [{ kind: "binary", message: "binary: SiRF packet skipped (30 bytes)", value: "SiRF" } satisfies Diagnostic],
      want: "sirf",
    },
    { name: "SiRF text", seen: ["$PSRFTXTVersion GSW3.2.2_3.1.00.12-SDK003P1.01a *78"], want: "sirf" },
    { name: "SiRF numbered", seen: ["$PSRF151,3,1833,28693,0x7EFFD7FF*67"], want: "sirf" },
    { name: "PAIR ack", seen: ["$PAIR001,006,0*3D"], want: "quectel" },
    { name: "PQTM reply", seen: ["$PQTMVERNO,LC29HDANR11A03S_RSA,2022/11/23,17:50:04*2F"], want: "quectel" },
    { name: "a banner naming Quectel names no dialect (its modules speak PMTK or PAIR)", seen: ["$GPTXT,01,01,02,Quectel L76 GNSS*00"], want: "unknown" },
    {
      name: "Quectel L76: an MTK module, PMTK",
      seen: ["$GPTXT,01,01,02,Quectel L76 GNSS*00", "$PMTK705,AXN_3.8_3333_16070700,0000,QUECTEL-L76,1.0*00"],
      want: "mtk",
    },
    { name: "u-blox ROM banner", seen: ["$GNTXT,01,01,02,ROM CORE 3.01 (107888)*2B"], want: "ublox" },
    { name: "Quectel modem PQGSV is not PAIR", seen: ["$PQGSV,4,1,15,02,20,116,,03,,,,05,34,137,,07,06,045,,0,4*58"], want: "unknown" },
    {
      name: "plain NMEA says nothing",
      seen: ["$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47", "$GPTXT,01,01,01,ANTENNA OK*35"],
      want: "unknown",
    },
    { name: "most clues win", seen: ["$PSRF151,3*00", "$PMTK010,001*2E", "$PMTK705,AXN*00"], want: "mtk", evidence: /also heard: 1 sirf clue/ },
    { name: "the same clue counts once", seen: ["$PSRF151,3*00", "$PSRF151,4*00", "$PMTK010,001*2E"], want: "sirf" },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const result = identifyDialect(c.seen);
      expect(result.dialect).toBe(c.want);
      if (c.evidence) expect(result.evidence.join("\n")).toMatch(c.evidence);
      if (c.want === "unknown") expect(result.evidence).toEqual([]);
    });
  }
});

const dir = sharedPiece("GNSSKIT_CORPUS", "drivers corpus test").path;
const haveCorpus = dir !== undefined;

/** A log through the real framer: every frame and diagnostic as a clue. */
function cluesOf(file: string): DialectClue[] {
  const clues: DialectClue[] = [];
  const framer = createFramer({ onFrame: (f) => clues.push(f), onDiagnostic: (d) => clues.push(d) });
  framer.push(new Uint8Array(readFileSync(file)), 0);
  framer.end();
  return clues;
}

describe.skipIf(!haveCorpus)("identifyDialect on gpsd corpus logs", () => {
  const logs: { log: string; want: string; evidence: RegExp }[] = [
    { log: "mtk-3301.log", want: "mtk", evidence: /\$PMTK010/ },
    { log: "quectel-L70.log", want: "mtk", evidence: /firmware AXN_2\.51_3339_19071200 \(QUECTEL-L70\)/ },
    { log: "ublox-lea-5h.log", want: "ublox", evidence: /u-blox ag/ },
    { log: "ublox8-uniqid-monhw.log", want: "ublox", evidence: /UBX binary packet class 0x0a/i },
    { log: "blumax-gps009.log", want: "sirf", evidence: /\$PSRFTXT/ },
    { log: "beidou-bd.log", want: "sirf", evidence: /\$PSRF151/ },
    // SiRF IV in plain NMEA and a Quectel modem say nothing a driver can use: probing is needed.
    { log: "bu353s4.log", want: "unknown", evidence: /^$/ },
    { log: "quectel-eg25-g.log", want: "unknown", evidence: /^$/ },
  ];
  for (const { log, want, evidence } of logs) {
    it(`${log} → ${want}`, () => {
      const result = identifyDialect(cluesOf(resolve(dir!, log)));
      expect(result.dialect).toBe(want);
      expect(result.evidence.join("\n")).toMatch(evidence);
    });
  }
});
