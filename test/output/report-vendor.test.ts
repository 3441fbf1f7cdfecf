// The receiver's maker, and its model where it states it, named from its own sentences: Garmin's PGRME and PGRM
// family (PGRMT: `GPS 15-H Ver. 2.02`), Unicore's answers to commands (`$command,…,response: OK`), NovAtel's ASCII
// logs. PGRMZ alone names none: a FLARM sends its pressure altitude in it; PGRME and PGRMM name Garmin or a
// receiver imitating its sentences, PGRMT (its model) Garmin.

import { describe, expect, it } from "vitest";
import { eventsOfLog, fixtureWithout, reportOfEvents } from "./log-epochs.js";

const receiverOf = async (file: string) => reportOfEvents(await eventsOfLog({ file })).receiver;

describe("the receiver's maker in the report", () => {
  it("is Garmin, with the model PGRMT states; PGRMT and PGRMM are no unknown sentences", async () => {
    const events = await eventsOfLog({ file: "garmin-pgrmt-model.nmea" });
    const report = reportOfEvents(events);
    expect(report.receiver).toMatchObject({ vendor: "Garmin", lines: ["PGRMT GPS 15-H Ver. 2.02"] });
    expect(report.diagnostics.total).toBe(0);
    const pgrmt = events.find((e) => e.type === "sentence" && e.sentence.raw.startsWith("$PGRMT"));
    expect(pgrmt?.type === "sentence" ? pgrmt.sentence : undefined).toMatchObject({
      sentenceId: "PGRM",
      messageName: "T",
      fields: ["GPS 15-H Ver. 2.02", "P", "P", "R", "R", "P", "", "31", "R"],
    });
  });

  it("is 'Garmin or Garmin-compatible' from PGRME/PGRMM alone: other makers imitate them (gpsd's tn204.log, a SiRF-II TripNav)", async () => {
    const report = reportOfEvents(await eventsOfLog(fixtureWithout("garmin-pgrmt-model.nmea", (line) => line.startsWith("$PGRMT"))));
    expect(report.receiver.vendor).toBe("Garmin or Garmin-compatible (PGRME/PGRM sentences)");
    expect(report.receiver.lines).toEqual([]);
  });

  it("is Unicore from its answers to commands, decoded (its last answer's checksum is wrong: a checksum error)", async () => {
    const events = await eventsOfLog({ file: "unicore-command-response.nmea" });
    const report = reportOfEvents(events);
    expect(report.receiver.vendor).toBe("Unicore");
    expect(report.diagnostics.byKind).toEqual({ checksum: 1 });
    const answers = events.flatMap((e) => (e.type === "sentence" && e.sentence.sentenceId === "command" ? [[e.sentence.command, e.sentence.response]] : []));
    expect(answers).toEqual([
      ["config ins enable", "OK"],
      ["gpgsv com1 1", "OK"],
    ]);
  });

  it("is NovAtel from its ASCII logs (#BESTPOSA, #TIMEA: `#` lines whose CRC-32 holds), which are no comments", async () => {
    const report = reportOfEvents(await eventsOfLog({ file: "novatel-ascii-logs.nmea" }));
    expect(report.receiver.vendor).toBe("NovAtel");
    expect(report.diagnostics.byKind).toEqual({ binary: 3 });
  });

  it("is none for a FLARM's PGRMZ", async () => {
    expect((await receiverOf("flarm-pgrmz-pressure-altitude.nmea")).vendor).toBeUndefined();
  });
});
