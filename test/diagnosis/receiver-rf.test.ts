// A u-blox receiver's own front-end report (UBX MON-HW, MON-RF) read from the real bytes of the pyubx2 corpus
// (corpus/ubx beside corpus/gpsd) into the tracker's receiver status, the one place the diagnosis takes it from, and carried into the diagnosis of the NMEA epochs around it: a real MON-RF
// frame saying "jamming critical" between the cycles of an NMEA log gives the receiver-rf line from the next
// epoch on, in the live pipeline (watchDiagnosis) and in the report.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { ubxFrame } from "../../src/framing/ubx.js";
import { rfOf } from "../../src/diagnosis/diagnoser.js";
import { watchDiagnosis } from "../../src/diagnosis/index.js";
import { createReportDiagnosis } from "../../src/output/report/diagnosis.js";
import type { GpsEvent, RfStatus } from "../../src/types.js";
import { memorySource } from "../_memory-source.js";

const corpus = process.env.GNSSKIT_CORPUS ?? "";
const UBX_LOG = join(corpus, "..", "ubx", "pygpsdata-MON.log");
const skip = corpus !== "" && existsSync(UBX_LOG) ? undefined : `set GNSSKIT_CORPUS to the gpsd corpus with corpus/ubx beside it (${UBX_LOG} not found)`;
if (skip !== undefined) console.log(`UBX front-end tests skipped: ${skip}`);

/** The UBX MON frames of a log, whole, in order. */
function monFrames(bytes: Uint8Array): Uint8Array[] {
  const frames: Uint8Array[] = [];
  for (let at = 0; at + 6 <= bytes.length; at++) {
    if (bytes[at] !== 0xb5 || bytes[at + 1] !== 0x62 || bytes[at + 2] !== 0x0a) continue;
    const length = bytes[at + 4]! | (bytes[at + 5]! << 8);
    if (at + 8 + length > bytes.length) break;
    frames.push(bytes.slice(at, at + 8 + length));
  }
  return frames;
}

const id = (frame: Uint8Array): string => (frame[3] === 0x09 ? "MON-HW" : frame[3] === 0x38 ? "MON-RF" : `MON ${frame[3]}`);

describe.skipIf(skip !== undefined)("a u-blox receiver's front-end report", () => {
  const frames = skip === undefined ? monFrames(new Uint8Array(readFileSync(UBX_LOG))) : [];

  /** The front end the diagnosis takes from the tracker's receiver events, one per frame that changed it. */
  async function frontEnds(packets: Uint8Array[]): Promise<unknown[]> {
    const gps = openGps({ source: memorySource(packets) });
    const out: unknown[] = [];
    for await (const event of gps.events()) if (event.type === "receiver") out.push(rfOf(event.receiver));
    return out;
  }

  it("is read from the corpus's MON-HW and MON-RF frames, through the tracker's receiver status", async () => {
    const rf = frames.filter((f) => f[3] === 0x09 || f[3] === 0x38);
    expect(rf.map(id)).toEqual(["MON-HW", "MON-RF", "MON-RF"]);
    expect(await frontEnds(rf)).toEqual([
      // the jamming monitor's state 0 (unknown or not enabled) says nothing; the active antenna is supervised, fine
      { jammingIndicator: 7, antennaStatus: "ok" },
      { jammingState: "critical", jammingIndicator: 255, antennaStatus: "ok" },
    ]);
    // an antenna short, an open circuit, and the supervisor not knowing with the power off: the same MON-HW
    const hw = rf[0]!;
    const withAntenna = (aStatus: number, aPower: number): Uint8Array => {
      const payload = hw.slice(6, hw.length - 2);
      payload[20] = aStatus;
      payload[21] = aPower;
      return ubxFrame(0x0a, 0x09, payload);
    };
    const antennas = (await frontEnds([withAntenna(3, 1), withAntenna(4, 1), withAntenna(1, 0)])).map((f) => (f as RfStatus).antennaStatus);
    expect(antennas).toEqual(["short", "open", "off"]);
    // a frame cut short, or another class, says nothing
    expect(await frontEnds([hw.slice(0, 40), ubxFrame(0x01, 0x07, new Uint8Array(92))])).toEqual([]);
  });

  it("gives the receiver-rf line from the epoch after the jamming report, live and in the report", async () => {
    const critical = frames.filter((f) => f[3] === 0x38).at(-1)!;
    const lines = readFileSync(new URL("../../fixtures/fix-lost-reacquired.nmea", import.meta.url), "latin1")
      .split("\n")
      .filter((l) => l.startsWith("$"));
    const text = (from: number, to?: number): Uint8Array =>
      new TextEncoder().encode(
        lines
          .slice(from, to)
          .map((l) => `${l}\r\n`)
          .join(""),
      );
    // four cycles (GGA, GSA, RMC), the report, then the rest of the log
    const gps = openGps({ source: memorySource([text(0, 12), critical, text(12)]) });
    const { diagnoser, onDiagnosis } = watchDiagnosis(gps);
    const report = createReportDiagnosis();
    const rfLines: string[][] = [];
    onDiagnosis((d) => rfLines.push(d.lines.filter((l) => l.rule === "receiver-rf").map((l) => l.text)));
    const events: GpsEvent[] = [];
    for await (const event of gps.events()) {
      events.push(event);
      report.add(event, "sentence");
    }
    const jam = "the receiver reports interference: jamming critical (indicator 255 of 255)";
    // the diagnosis after each of the first four epochs has no RF line; every later one has the report's
    const epochs = events.filter((e) => e.type === "epoch").length;
    expect(rfLines).toHaveLength(epochs);
    expect(rfLines.slice(0, 4)).toEqual([[], [], [], []]);
    expect(rfLines.slice(4).every((l) => l.length === 1 && l[0] === jam)).toBe(true);
    expect(epochs).toBeGreaterThan(8);
    expect(diagnoser.diagnosis().lines.map((l) => l.kind)).toContain("receiver");
    expect(report.result()?.final).toContainEqual({ rule: "receiver-rf", kind: "receiver", text: jam });
  });
});
