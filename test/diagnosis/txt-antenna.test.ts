// The antenna supervisor's state an NMEA receiver states as text (`$GPTXT,01,01,02,ANTSTATUS=OPEN`: u-blox 6/7,
// MediaTek/Quectel; `ANTENNA OPEN`: CASIC AT6558) is the same state u-blox MON-HW/MON-RF report: one state
// (ReceiverStatus.antenna) for the report's and monitor's antenna line and the diagnosis, cleared by `OK`.

import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { openGps } from "../../src/gps.js";
import { watchDiagnosis } from "../../src/diagnosis/index.js";
import { txtAntennaStatus } from "../../src/parsing/sentences/txt.js";
import type { TxtSentence } from "../../src/types.js";
import { eventsOfLog, reportOfEvents } from "../output/log-epochs.js";
import { memorySource } from "../_memory-source.js";

const txt = (text: string): TxtSentence => ({ sentenceId: "TXT", talker: "GP", system: "gps", raw: "", checksum: "ok", receivedAtMs: 0, text });

describe("an antenna status sent as TXT", () => {
  it.each([
    ["ANTSTATUS=OPEN", "open"],
    ["ANTSTATUS=SHORT", "short"],
    ["ANTSTATUS=OK", "ok"],
    ["ANTSTATUS=INIT", "init"],
    ["ANTSTATUS=DONTKNOW", "unknown"],
    ["ANTENNA OPEN", "open"],
    ["ANTENNA SHORT", "short"],
    ["ANTENNA OK", "ok"],
    ["ANTENNAOPEN", "open"],
    // the supervisor's configuration, a banner, another state word: no antenna state
    ["ANTSUPERV=AC SD PDoS SR", undefined],
    ["u-blox ag - www.u-blox.com", undefined],
    ["ANTSTATUS=BROKEN", undefined],
  ])("%s is read as %s", (text, want) => {
    expect(txtAntennaStatus(txt(text))).toBe(want);
  });

  const lines = readFileSync(new URL("../../fixtures/txt-antenna-open.nmea", import.meta.url), "latin1")
    .split("\n")
    .filter((l) => l.startsWith("$"));
  // the three cycles that say OPEN, without the OK that follows
  const openPart = `${lines.slice(0, 15).join("\r\n")}\r\n`;

  it("gives the report's antenna line and the diagnosis's, and is no identity line", async () => {
    const report = reportOfEvents(await eventsOfLog({ text: openPart }));
    expect(report.receiver.status?.antenna).toBe("open");
    expect(report.receiver.lines).toEqual([]);
    expect(report.diagnosis?.final.map((l) => l.text)).toContain(
      "the receiver reports its antenna: no active antenna at its antenna input (open circuit; a module with its own patch antenna says so while it uses the patch)",
    );
  });

  it("is cleared by the receiver's OK", async () => {
    const events = await eventsOfLog({ file: "txt-antenna-open.nmea" });
    // one receiver event per change: OPEN once (not every second), then OK
    expect(events.filter((e) => e.type === "receiver").map((e) => (e.type === "receiver" ? e.receiver.antenna : undefined))).toEqual(["open", "ok"]);
    const report = reportOfEvents(events);
    expect(report.receiver.status?.antenna).toBe("ok");
    expect(report.diagnosis?.final.filter((l) => l.rule === "receiver-rf")).toEqual([]);
  });

  it("reaches the live diagnosis (monitor)", async () => {
    const gps = openGps({ source: memorySource(new TextEncoder().encode(openPart)) });
    const { diagnoser } = watchDiagnosis(gps);
    await gps.run();
    expect(diagnoser.diagnosis().lines.map((l) => l.text)).toContain(
      "the receiver reports its antenna: no active antenna at its antenna input (open circuit; a module with its own patch antenna says so while it uses the patch)",
    );
  });
});
