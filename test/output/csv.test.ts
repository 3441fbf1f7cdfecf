import { describe, it, expect } from "vitest";
import { CSV_COLUMNS, createCsvWriter, quoteCsvField } from "../../src/output/csv.js";
import { drive, makeEpoch, writeAll } from "./epochs.js";

/** A strict RFC 4180 reader: quoted fields with doubled quotes, CRLF records. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let i = 0;
  let quoted = false;
  while (i < text.length) {
    const c = text[i]!;
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i += 1;
      } else if (c === '"') quoted = false;
      else field += c;
    } else if (c === '"') quoted = true;
    else if (c === ",") {
      row.push(field);
      field = "";
    } else if (c === "\r" && text[i + 1] === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
      i += 1;
    } else if (c === "\n") throw new Error(`bare LF at ${i}`);
    else field += c;
    i += 1;
  }
  if (field !== "" || row.length > 0) throw new Error("last record not terminated by CRLF");
  return rows;
}

describe("createCsvWriter", () => {
  const epochs = drive(20, { gapAt: 8, gap: 3 });
  const text = writeAll(createCsvWriter(), epochs);
  const rows = parseCsv(text);
  const column = (name: string): number => rows[0]!.indexOf(name);

  it("writes a header row and one row per epoch, fix or not", () => {
    expect(rows[0]).toEqual(CSV_COLUMNS);
    expect(rows).toHaveLength(epochs.length + 1);
    for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  });

  it("round-trips positions and times to the written precision", () => {
    epochs.forEach((e, i) => {
      const r = rows[i + 1]!;
      expect(r[column("time")]).toBe(new Date(e.timeMs!).toISOString());
      expect(r[column("mode")]).toBe(e.mode);
      if (e.mode === "none") return;
      expect(Math.abs(Number(r[column("latitudeDeg")]) - e.latitudeDeg!)).toBeLessThan(1e-9);
      expect(Math.abs(Number(r[column("longitudeDeg")]) - e.longitudeDeg!)).toBeLessThan(1e-9);
      expect(Number(r[column("altitudeMslM")])).toBeCloseTo(e.altitudeMslM!, 3);
      expect(Number(r[column("hdop")])).toBeCloseTo(e.dop.hdop!, 2);
    });
  });

  it("leaves position fields empty on epochs without a fix, and never writes NaN/null/undefined", () => {
    const noFix = rows[9]!;
    expect(noFix[column("mode")]).toBe("none");
    expect(noFix[column("latitudeDeg")]).toBe("");
    expect(noFix[column("altitudeMslM")]).toBe("");
    expect(noFix[column("vdop")]).toBe("");
    expect(text).not.toMatch(/NaN|null|undefined|Infinity/);
  });

  it("keeps an unknown date as an empty time and still gives the time of day", () => {
    const e = makeEpoch({ latitudeDeg: 1, longitudeDeg: 2 });
    e.timeOfDayMs = 12 * 3_600_000 + 34 * 60_000 + 56_789;
    const r = parseCsv(writeAll(createCsvWriter(), [e]))[1]!;
    expect(r[column("time")]).toBe("");
    expect(r[column("timeOfDay")]).toBe("12:34:56.789");
  });

  it.each([
    { name: "plain", input: "0042", want: "0042" },
    { name: "comma", input: "a,b", want: '"a,b"' },
    { name: "quote", input: 'say "hi"', want: '"say ""hi"""' },
    { name: "newline", input: "a\nb", want: '"a\nb"' },
  ])("quotes fields per RFC 4180: $name", ({ input, want }) => {
    expect(quoteCsvField(input)).toBe(want);
    const e = makeEpoch({ latitudeDeg: 1, longitudeDeg: 2, dgpsStationId: input });
    expect(parseCsv(writeAll(createCsvWriter(), [e]))[1]![column("dgpsStationId")]).toBe(input);
  });

  it("gives a compass's heading, rate of turn, pitch and roll with or without a fix; empty when not sent", () => {
    const noFix = { ...makeEpoch({ timeMs: Date.UTC(2011, 5, 1, 13, 7, 15) }), headingTrueDeg: 4.9, rateOfTurnDegPerMin: -6, pitchDeg: -1.25, rollDeg: 0.48 };
    const [header, withHeading, without] = parseCsv(writeAll(createCsvWriter(), [noFix, makeEpoch({ timeMs: Date.UTC(2011, 5, 1, 13, 7, 16) })]));
    const at = (name: string): number => header!.indexOf(name);
    expect(["headingTrueDeg", "rateOfTurnDegPerMin", "pitchDeg", "rollDeg"].map((name) => withHeading![at(name)])).toEqual(["4.90", "-6.00", "-1.25", "0.48"]);
    expect(["headingTrueDeg", "rateOfTurnDegPerMin", "pitchDeg", "rollDeg"].map((name) => without![at(name)])).toEqual(["", "", "", ""]);
  });

  it("streams: each epoch's row comes out of its own epoch() call", () => {
    const writer = createCsvWriter();
    writer.header();
    for (const e of epochs) expect(writer.epoch(e).endsWith("\r\n")).toBe(true);
  });
});
