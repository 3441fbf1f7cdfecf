// Table tests for VTG, ZDA, GST, GBS, GRS, TXT, DTM, the proprietary replies, and the dispatcher itself.
import { describe, expect, it } from "vitest";
import { SENTENCE_REGISTRY, createParser } from "../../src/parsing/index.js";
import type { Diagnostic } from "../../src/types.js";
import { type Row, check, frame, nmea, parseOne } from "./_helpers.js";

const tod = (h: number, m: number, s: number, ms = 0) => ((h * 60 + m) * 60 + s) * 1000 + ms;

const tables: Record<string, Row[]> = {
  VTG: [
    {
      name: "good (bt451.log)",
      raw: "$GPVTG,16.99,T,,M,0.371,N,0.687,K,A*06",
      want: { trackTrueDeg: 16.99, speedKnots: 0.371, speedKmh: 0.687, faaMode: "A" },
      absent: ["trackMagneticDeg"],
    },
    {
      name: "empty fields (bt451.log, no fix)",
      raw: "$GPVTG,,,,,,,,,N*30",
      want: { faaMode: "N" },
      absent: ["trackTrueDeg", "trackMagneticDeg", "speedKnots", "speedKmh"],
    },
    {
      name: "junk speed",
      raw: nmea("GPVTG,054.7,T,034.4,M,5.5kn,N,010.2,K,A"),
      err: 'nmea: GPVTG invalid speed (knots): "5.5kn"',
      want: { trackTrueDeg: 54.7, trackMagneticDeg: 34.4, speedKmh: 10.2 },
      absent: ["speedKnots"],
    },
    { name: "too few fields", raw: nmea("GPVTG,054.7,T,034.4"), kind: "too-few-fields", dropped: true },
  ],
  ZDA: [
    {
      name: "good (ac12.log)",
      raw: "$GPZDA,193223.00,23,12,2007,00,00*69",
      want: { timeOfDayMs: tod(19, 32, 23), dateMs: Date.UTC(2007, 11, 23), localZoneHours: 0, localZoneMinutes: 0 },
    },
    { name: "empty (u-blox ANTARIS: no time)", raw: nmea("GPZDA,,,,,,"), absent: ["timeOfDayMs", "dateMs", "localZoneHours", "localZoneMinutes"] },
    { name: "date without time keeps the date", raw: nmea("GPZDA,,15,01,2024,,"), want: { dateMs: Date.UTC(2024, 0, 15) }, absent: ["timeOfDayMs"] },
    {
      name: "month 13",
      raw: nmea("GPZDA,120000.00,15,13,2024,00,00"),
      err: 'nmea: GPZDA invalid month: "13"',
      absent: ["dateMs"],
      want: { timeOfDayMs: tod(12, 0, 0) },
    },
    { name: "30 February", raw: nmea("GPZDA,120000.00,30,02,2024,00,00"), err: 'nmea: GPZDA invalid date: "30/02/2024"', absent: ["dateMs"] },
    {
      name: "two-digit year, read as RMC's (Navico GoFree multiplexer, local zone -2)",
      raw: nmea("GPZDA,195719,16,04,14,-02,00"),
      want: { timeOfDayMs: tod(19, 57, 19), dateMs: Date.UTC(2014, 3, 16), localZoneHours: -2 },
    },
    { name: "two-digit year 99 is 1999", raw: nmea("GPZDA,120000,31,12,99,00,00"), want: { dateMs: Date.UTC(1999, 11, 31) } },
    { name: "a three-digit year is none", raw: nmea("GPZDA,120000,31,12,199,00,00"), err: 'nmea: GPZDA invalid year: "199"', absent: ["dateMs"] },
  ],
  GST: [
    {
      name: "good (ublox-neo-m9n-nmea.log)",
      raw: "$GNGST,223745.00,228650,2.5,2.4,126,0.98,1.0,3.1*41",
      want: {
        timeOfDayMs: tod(22, 37, 45),
        rmsM: 228650,
        semiMajorM: 2.5,
        semiMinorM: 2.4,
        orientationDeg: 126,
        latitudeErrorM: 0.98,
        longitudeErrorM: 1,
        altitudeErrorM: 3.1,
      },
    },
    {
      name: "partly empty (gr8013-w.log)",
      raw: "$GNGST,181141.00,46,,,,4.7,1.9,5.3*4A",
      want: { rmsM: 46, latitudeErrorM: 4.7 },
      absent: ["semiMajorM", "semiMinorM", "orientationDeg"],
    },
    {
      name: "all empty (skytraq.log)",
      raw: "$GPGST,212406.000,,,,,,,*4A",
      want: { timeOfDayMs: tod(21, 24, 6) },
      absent: ["rmsM", "latitudeErrorM", "longitudeErrorM", "altitudeErrorM"],
    },
    { name: "junk", raw: nmea("GPGST,212406.000,x,,,,,,"), err: 'nmea: GPGST invalid RMS: "x"', absent: ["rmsM"] },
  ],
  GBS: [
    {
      name: "good, 4.10 empty ids (ublox-neo-m9n-nmea.log)",
      raw: "$GNGBS,223745.00,1.0,1.0,3.1,,,,,,*58",
      want: { timeOfDayMs: tod(22, 37, 45), latitudeErrorM: 1, longitudeErrorM: 1, altitudeErrorM: 3.1 },
      absent: ["failedSatelliteId", "systemId", "signalId", "biasM"],
    },
    { name: "pre-4.10 (ait250.log)", raw: "$GPGBS,194907.00,3.0,1.9,4.2,,,,*4E", want: { latitudeErrorM: 3, altitudeErrorM: 4.2 } },
    {
      name: "failed satellite with system and signal id",
      raw: nmea("GNGBS,015509.00,-0.031,-0.186,0.219,19,0.000,-0.354,6.972,1,1"),
      want: { latitudeErrorM: -0.031, failedSatelliteId: 19, missedDetectionProbability: 0, biasM: -0.354, systemId: 1, signalId: 1 },
    },
  ],
  GRS: [
    {
      name: "u-blox NEO-M8N without a fix: recognised, every slot empty (AeroRust nmea2.log's line)",
      raw: "$GNGRS,181604.00,1,,,,,,,,,,,,*5A",
      want: { sentenceId: "GRS", timeOfDayMs: tod(18, 16, 4), residualMode: 1, residualsM: Array(12).fill(null) },
      absent: ["systemId", "signalId"],
    },
    {
      name: "4.10: residuals in GSA's order, system and signal id",
      raw: nmea("GNGRS,104148.00,0,1.2,-0.4,0.0,-2.75,,,,,,,,,1,1"),
      want: { residualMode: 0, residualsM: [1.2, -0.4, 0, -2.75, ...Array(8).fill(null)], systemId: 1, signalId: 1 },
    },
    {
      name: "junk residual: that slot empty, the others kept",
      raw: nmea("GPGRS,104148.00,0,1.2,x,0.3,,,,,,,,,"),
      err: 'nmea: GPGRS invalid range residual: "x"',
      want: { residualsM: [1.2, null, 0.3, ...Array(9).fill(null)] },
    },
    { name: "mode 2 is none", raw: nmea("GPGRS,104148.00,2,,,,,,,,,,,,"), err: 'nmea: GPGRS invalid residual mode: "2"', absent: ["residualMode"] },
  ],
  GBS_RANGE: [
    {
      name: "probability above 1",
      raw: nmea("GNGBS,015509.00,1,1,1,19,1.5,,,,"),
      err: 'nmea: GNGBS invalid probability of missed detection: "1.5"',
      absent: ["missedDetectionProbability"],
    },
  ],
  TXT: [
    { name: "good (quectel-l76k-dual.log)", raw: "$GPTXT,01,01,01,ANTENNA OK*35", want: { totalMessages: 1, messageNumber: 1, textId: 1, text: "ANTENNA OK" } },
    { name: "comma inside the text is kept", raw: nmea("GNTXT,01,01,02,PF=3FF,ver 1"), want: { text: "PF=3FF,ver 1" } },
    { name: "empty text", raw: nmea("GPTXT,01,01,02,"), want: { text: "" } },
    { name: "junk text id", raw: nmea("GPTXT,01,01,ab,hello"), err: 'nmea: GPTXT invalid text id: "ab"', want: { text: "hello" }, absent: ["textId"] },
    { name: "ST Teseo free text is too short (st-teseo-liv4f.log)", raw: nmea("GPTXT,DEFAULT PVT CONFIGURATION"), kind: "too-few-fields", dropped: true },
  ],
  DTM: [
    { name: "short form (saab-r4.log)", raw: "$GPDTM,W84,C*52", want: { datum: "W84", subDatum: "C" }, absent: ["latitudeOffsetMin", "referenceDatum"] },
    {
      name: "offsets in minutes, not ddmm",
      raw: nmea("GPDTM,999,,123.5,S,0.5,E,-2.0,W84"),
      want: { datum: "999", latitudeOffsetMin: -123.5, longitudeOffsetMin: 0.5, altitudeOffsetM: -2, referenceDatum: "W84" },
    },
    {
      name: "offset without direction",
      raw: nmea("GPDTM,W84,,0.5,,0.5,E,0,W84"),
      err: 'nmea: GPDTM invalid latitude offset direction: ""',
      absent: ["latitudeOffsetMin"],
    },
  ],
  PGRMZ: [
    {
      name: "feet to metres (garmin48.log)",
      raw: "$PGRMZ,48,f,3*27",
      want: { sentenceId: "PGRMZ", talker: "P", altitudeMslM: expect.closeTo(14.6304, 9), fixMode: 3 },
    },
    { name: "Garmin 38 (garmin38.log)", raw: "$PGRMZ,125,f,3*1D", want: { altitudeMslM: expect.closeTo(38.1, 9), fixMode: 3 } },
    { name: "no altitude yet", raw: nmea("PGRMZ,,f,1"), want: { fixMode: 1 }, absent: ["altitudeMslM"] },
    {
      name: "unit not feet or metres: not guessed",
      raw: nmea("PGRMZ,48,x,3"),
      err: 'nmea: PGRMZ invalid altitude unit: "x"',
      absent: ["altitudeMslM"],
      want: { fixMode: 3 },
    },
    { name: "junk altitude", raw: nmea("PGRMZ,4x8,f,3"), err: 'nmea: PGRMZ invalid altitude: "4x8"', absent: ["altitudeMslM"] },
    { name: "too short", raw: nmea("PGRMZ,48,f"), kind: "too-few-fields", dropped: true },
  ],
  proprietary: [
    {
      name: "PMTK705 firmware string stays a string (quectel-L70.log)",
      raw: "$PMTK705,AXN_2.51_3339_19071200,0002,QUECTEL-L70,1.0*32",
      want: { sentenceId: "PMTK", talker: "P", messageType: 705, fields: ["AXN_2.51_3339_19071200", "0002", "QUECTEL-L70", "1.0"] },
    },
    { name: "PMTK010 startup (mtk-3301.log)", raw: "$PMTK010,001*2E", want: { messageType: 10, fields: ["001"] } },
    { name: "PMTK001 ack", raw: nmea("PMTK001,740,3"), want: { messageType: 1, fields: ["740", "3"] } },
    { name: "PMTK011 banner", raw: "$PMTK011,MTKGPS*08", want: { messageType: 11, fields: ["MTKGPS"] } },
    { name: "PUBX,00", raw: nmea("PUBX,00,081350.00,4717.113210,N"), want: { sentenceId: "PUBX", messageType: 0, fields: ["081350.00", "4717.113210", "N"] } },
    { name: "PSRF150 (beidou-bd.log family)", raw: nmea("PSRF150,1"), want: { sentenceId: "PSRF", messageType: 150, fields: ["1"] } },
    { name: "PAIR001 ack", raw: "$PAIR001,006,0*3D", want: { sentenceId: "PAIR", messageType: 1, fields: ["006", "0"] } },
    {
      name: "PQTM named reply",
      raw: nmea("PQTMVERNO,LC29HDANR11A03S,2023/03/14,11:52:03"),
      want: { sentenceId: "PQTM", messageName: "VERNO", fields: ["LC29HDANR11A03S", "2023/03/14", "11:52:03"] },
    },
    { name: "PMTKCHN is not a numbered reply (mtk-3301.log)", raw: nmea("PMTKCHN,14001,29001"), kind: "unknown-sentence", dropped: true },
    { name: "PUBX with junk message id", raw: nmea("PUBX,xx,1"), err: 'nmea: PUBX invalid message id: "xx"', dropped: true },
  ],
};

for (const [id, rows] of Object.entries(tables)) {
  describe(id, () => {
    for (const row of rows) it(row.name, () => check(row, expect));
  });
}

describe("dispatch", () => {
  const rows: Row[] = [
    { name: "unknown id (ac12_binary.log PASHR)", raw: nmea("PASHR,POS,0,5"), err: 'nmea: sentence type "PASHR" not supported', dropped: true },
    {
      name: "AIS is not decoded (ait250.log)",
      raw: nmea("AIVDM,1,1,,A,13u?etPv2;0n:dDPwUM1U1Cb069D,0").replace("$", "!"),
      kind: "unknown-sentence",
      dropped: true,
    },
    { name: "$GPconstructor is not a sentence", raw: nmea("GPconstructor,1"), kind: "unknown-sentence", dropped: true },
    { name: "$GPCON (prototype-ish id) is unknown", raw: nmea("GPCON,1"), kind: "unknown-sentence", dropped: true },
    { name: "garbage address", raw: nmea("GP GGA,1"), kind: "unknown-sentence", dropped: true },
  ];
  for (const row of rows) it(row.name, () => check(row, expect));

  it("missing checksum is parsed by default and carries the verdict", () => {
    const { sentence, diagnostics } = parseOne("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,");
    expect(diagnostics).toEqual([]);
    expect(sentence).toMatchObject({ sentenceId: "GGA", checksum: "missing", altitudeMslM: 545.4 });
  });

  it("missing checksum refused when acceptMissingChecksum is false", () => {
    const { sentence, diagnostics } = parseOne("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,", { acceptMissingChecksum: false });
    expect(sentence).toBeUndefined();
    expect(diagnostics.map((d) => d.kind)).toEqual(["no-checksum"]);
  });

  it("one field diagnostic per sentence, with field, value, raw and receive time", () => {
    const { diagnostics } = parseOne(nmea("GPGGA,250000,9530.000,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,"));
    expect(diagnostics).toHaveLength(1);
    expect(diagnostics[0]).toMatchObject({ kind: "field", sentenceId: "GGA", field: "time", value: "250000", receivedAtMs: 1000 });
    expect(diagnostics[0]?.raw).toContain("$GPGGA,250000");
  });

  it("a listener that parses from inside a diagnostic does not corrupt the outer sentence", () => {
    const parser = createParser();
    const seen: Diagnostic[] = [];
    const inner = nmea("GPGSV,1,1,01,07,45,200,40");
    const outer = parser.parse(frame(nmea("GLGSV,1,1,02,03,03,111,A00,04,15,270,33")), (d) => {
      seen.push(d);
      parser.parse(frame(inner), (x) => seen.push(x));
    });
    expect(seen).toHaveLength(1);
    expect(outer).toMatchObject({ sentenceId: "GSV", satellites: [{ svid: 3 }, { svid: 4, cn0DbHz: 33, azimuthDeg: 270 }] });
  });

  it("never throws on arbitrary text", () => {
    const parser = createParser();
    const inputs = ["", "$", "!", "$GP", "*", "$GPGSV,*00", ",,,,", "$GPGGA" + ",".repeat(300) + "*00", "$PMTK", "$PUBX*00", "$PQTM"];
    for (const text of inputs) expect(() => parser.parse({ text, checksum: "ok", receivedAtMs: 0 }, () => undefined)).not.toThrow();
  });

  it("registry lists every id once, with gpsd's minimum field counts", () => {
    const ids = SENTENCE_REGISTRY.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids).toEqual([
      "GGA",
      "RMC",
      "GLL",
      "GNS",
      "GSA",
      "GSV",
      "VTG",
      "ZDA",
      "GST",
      "GBS",
      "GRS",
      "TXT",
      "DTM",
      "HDT",
      "THS",
      "ROT",
      "PMTK",
      "PUBX",
      "PSRF",
      "PAIR",
      "PQTM",
      "PGRM",
      "PGRMZ",
      "PGRME",
      "PSTI030",
      "PSTI032",
      "PSTI036",
      "command",
    ]);
    expect(SENTENCE_REGISTRY.find((r) => r.id === "GSA")?.minFields).toBe(18);
  });
});
