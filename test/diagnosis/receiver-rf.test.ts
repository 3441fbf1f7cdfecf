// A u-blox receiver's own front-end report (UBX MON-HW, MON-RF) read from the real bytes of the pyubx2 corpus
// (corpus/ubx beside corpus/gpsd), and carried into the diagnosis of the NMEA epochs around it: a real MON-RF
// frame saying "jamming critical" between the cycles of an NMEA log gives the receiver-rf line from the next
// epoch on, in the live pipeline (watchDiagnosis) and in the report.

import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { ubxFrame } from "../../src/framing/ubx.js";
import { watchDiagnosis } from "../../src/diagnosis/index.js";
import { ubxRfStatus } from "../../src/diagnosis/ubx-rf.js";
import { createReportDiagnosis } from "../../src/output/report/diagnosis.js";
import type { BinaryPacket, GpsEvent } from "../../src/types.js";
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

const packet = (bytes: Uint8Array): BinaryPacket => ({ protocol: "UBX", bytes, receivedAtMs: 0 });
const id = (frame: Uint8Array): string => (frame[3] === 0x09 ? "MON-HW" : frame[3] === 0x38 ? "MON-RF" : `MON ${frame[3]}`);

describe.skipIf(skip !== undefined)("a u-blox receiver's front-end report", () => {
  const frames = skip === undefined ? monFrames(new Uint8Array(readFileSync(UBX_LOG))) : [];

  it("is read from the corpus's MON-HW and MON-RF frames", () => {
    const reports = frames.filter((f) => f[3] === 0x09 || f[3] === 0x38).map((f) => [id(f), ubxRfStatus(packet(f))]);
    expect(reports).toEqual([
      // the jamming monitor's state 0 (unknown or not enabled) says nothing; the active antenna is supervised, fine
      ["MON-HW", { jammingIndicator: 7, antennaStatus: "ok" }],
      ["MON-RF", { jammingIndicator: 7, antennaStatus: "ok" }],
      ["MON-RF", { jammingState: "critical", jammingIndicator: 255, antennaStatus: "ok" }],
    ]);
    // an antenna short, an open circuit, and the supervisor not knowing with the power off: the same MON-HW
    const hw = frames.find((f) => f[3] === 0x09)!;
    const withAntenna = (aStatus: number, aPower: number): Uint8Array => {
      const payload = hw.slice(6, hw.length - 2);
      payload[20] = aStatus;
      payload[21] = aPower;
      return ubxFrame(0x0a, 0x09, payload);
    };
    expect(ubxRfStatus(packet(withAntenna(3, 1)))?.antennaStatus).toBe("short");
    expect(ubxRfStatus(packet(withAntenna(4, 1)))?.antennaStatus).toBe("open");
    expect(ubxRfStatus(packet(withAntenna(1, 0)))?.antennaStatus).toBe("off");
    // a frame cut short, or another class, says nothing
    expect(ubxRfStatus(packet(hw.slice(0, 40)))).toBeUndefined();
    expect(ubxRfStatus(packet(ubxFrame(0x01, 0x07, new Uint8Array(92))))).toBeUndefined();
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
