// Table tests for GSA and GSV, and for satellite numbering across talkers and NMEA versions (domain.md §4.6).
import { describe, expect, it } from "vitest";
import { resolveSatelliteId, talkerSystem } from "../../src/parsing/index.js";
import type { GsaSentence, GsvSentence } from "../../src/types.js";
import { type Row, check, nmea, parseOne } from "./_helpers.js";

const sat = (constellation: string, svid: number, nmeaId: number, extra: Record<string, number> = {}) => ({ constellation, svid, nmeaId, ...extra });

const gsv: Row[] = [
  {
    name: "pre-4.10, four satellites (ac12.log)",
    raw: "$GPGSV,3,1,12,28,14,150,41,09,15,254,41,10,43,192,47,13,06,081,36*7A",
    want: {
      sentenceId: "GSV",
      messageCount: 3,
      messageNumber: 1,
      satellitesInView: 12,
      satellites: [
        sat("gps", 28, 28, { elevationDeg: 14, azimuthDeg: 150, cn0DbHz: 41 }),
        sat("gps", 9, 9, { elevationDeg: 15, azimuthDeg: 254, cn0DbHz: 41 }),
        sat("gps", 10, 10, { elevationDeg: 43, azimuthDeg: 192, cn0DbHz: 47 }),
        sat("gps", 13, 13, { elevationDeg: 6, azimuthDeg: 81, cn0DbHz: 36 }),
      ],
    },
    absent: ["signalId"],
  },
  {
    name: "NMEA 4.10 signal id: no phantom satellite (furuno_gl_ga.log, GA 1-36)",
    raw: "$GAGSV,2,1,07,36,76,149,45,09,47,142,50,04,40,062,35,11,26,120,44,7*73",
    want: { system: "galileo", signalId: 7, satellites: [sat("galileo", 36, 36), sat("galileo", 9, 9), sat("galileo", 4, 4), sat("galileo", 11, 11)] },
  },
  {
    name: "NMEA 4.10 last part with empty slots (furuno_gl_ga.log): an all-empty record pads, it is no satellite",
    raw: "$GAGSV,2,2,07,27,18,333,,30,16,279,,05,11,185,41,,,,,7*4F",
    want: { signalId: 7, satellites: [sat("galileo", 27, 27), sat("galileo", 30, 30), sat("galileo", 5, 5, { cn0DbHz: 41 })] },
    absent: ["unidentified"],
  },
  {
    name: "u-blox GLONASS signal before its slot is known: number, elevation, azimuth empty; kept apart, no number made up",
    raw: "$GLGSV,1,1,01,,,,29,1*72",
    want: { system: "glonass", signalId: 1, satellitesInView: 1, satellites: [], unidentified: [{ constellation: "glonass", cn0DbHz: 29 }] },
  },
  {
    name: "Quectel record with elevation and azimuth but no number (quectel-eg25-g.log): in view, not tracked, unnamed",
    raw: "$GLGSV,2,2,08,81,11,130,17,68,38,195,16,70,10,331,,,56,279,,1*7A",
    want: {
      satellites: [sat("glonass", 17, 81), sat("glonass", 4, 68), sat("glonass", 6, 70)],
      unidentified: [{ constellation: "glonass", elevationDeg: 56, azimuthDeg: 279 }],
    },
  },
  {
    name: "not tracked: empty SNR is undefined, not 0 (ublox-neo-m9n-nmea.log, 4.11)",
    raw: "$GPGSV,4,1,16,05,01,047,,10,29,224,,13,22,062,23,15,40,094,,1*65",
    want: { signalId: 1, satellites: [{ svid: 5, elevationDeg: 1, azimuthDeg: 47 }, { svid: 10 }, { svid: 13, cn0DbHz: 23 }, { svid: 15 }] },
  },
  {
    name: "GL talker, 65-96 (furuno_gl_ga.log)",
    raw: "$GLGSV,3,1,10,85,85,247,32,69,53,053,37,70,52,187,27,86,36,310,,1*72",
    want: { system: "glonass", satellites: [sat("glonass", 21, 85), sat("glonass", 5, 69), sat("glonass", 6, 70), sat("glonass", 22, 86)] },
  },
  {
    name: "GL talker with ids <= 32 (slot numbers)",
    raw: nmea("GLGSV,1,1,02,03,03,111,21,24,15,270,33"),
    want: { satellites: [sat("glonass", 3, 3), sat("glonass", 24, 24)] },
  },
  {
    name: "SBAS 33-64 in GPGSV (ac12.log)",
    raw: "$GPGSV,3,3,12,05,15,318,,24,02,246,,33,08,096,,35,45,118,*7D",
    want: { satellites: [sat("gps", 5, 5), sat("gps", 24, 24), sat("sbas", 120, 33), sat("sbas", 122, 35)] },
  },
  {
    name: "SBAS 120-158 as sent (eXplorist210.log)",
    raw: "$GPGSV,3,3,10,14,09,319,,11,03,016,,136,27,157,,124,28,162,*71",
    want: { satellites: [sat("gps", 14, 14), sat("gps", 11, 11), sat("sbas", 136, 136), sat("sbas", 124, 124)] },
  },
  {
    name: "QZSS 193 in GPGSV (gp-320fw-2019-04-07-coldboot.log)",
    raw: "$GPGSV,3,2,12,193,33,090,,31,25,090,,09,58,270,*71",
    want: { satellites: [sat("qzss", 1, 193), sat("gps", 31, 31), sat("gps", 9, 9)] },
  },
  {
    name: "Galileo 301.. (jl-micro-jlt.log)",
    raw: "$GAGSV,2,1,08,301,26,315,40,304,9,225,37,307,12,45,33,318,23,75,41*53",
    want: { satellites: [sat("galileo", 1, 301), sat("galileo", 4, 304), sat("galileo", 7, 307), sat("galileo", 18, 318)] },
  },
  {
    name: "Quectel Galileo 101.. (quectelLC79D.log)",
    raw: "$GAGSV,2,1,04,102,28,167,40,103,69,097,33*61",
    want: { satellites: [sat("galileo", 2, 102), sat("galileo", 3, 103)] },
  },
  {
    name: "BeiDou 201.. on BD talker (quectelLC79D.log, el/az empty)",
    raw: "$BDGSV,1,1,01,219,,,47*50",
    want: { system: "beidou", satellites: [sat("beidou", 19, 219, { cn0DbHz: 47 })] },
  },
  { name: "BeiDou 401.. in GPGSV", raw: nmea("GPGSV,1,1,01,401,45,120,40"), want: { satellites: [sat("beidou", 1, 401)] } },
  {
    name: "GB talker with 4.11 signal id (skytraq-PX1172RH_DS.log)",
    raw: "$GBGSV,3,1,10,29,76,355,50,35,35,274,41,30,31,073,48,26,30,301,,1*71",
    want: { system: "beidou", signalId: 1, satellites: [sat("beidou", 29, 29), sat("beidou", 35, 35), sat("beidou", 30, 30), sat("beidou", 26, 26)] },
  },
  { name: "QZ talker (quectelLC79D.log)", raw: "$QZGSV,1,1,01,02,05,042,29*5E", want: { system: "qzss", satellites: [sat("qzss", 2, 2, { cn0DbHz: 29 })] } },
  {
    name: "Quectel PQ talker: signal id 0 + system id 4 = BeiDou, record without id skipped... (quectel-eg25-g.log)",
    raw: "$PQGSV,2,1,08,02,20,116,,03,,,,05,34,137,,07,06,045,,0,4*52",
    want: { talker: "PQ", system: "beidou", signalId: 0, satellites: [sat("beidou", 2, 2), sat("beidou", 3, 3), sat("beidou", 5, 5), sat("beidou", 7, 7)] },
  },
  { name: "Quectel PQ system id 5 = QZSS", raw: nmea("PQGSV,1,1,01,02,20,116,30,1,5"), want: { system: "qzss", satellites: [sat("qzss", 2, 2)] } },
  { name: "azimuth 360 is 0", raw: nmea("GPGSV,1,1,01,07,45,360,40"), want: { satellites: [{ svid: 7, azimuthDeg: 0 }] } },
  {
    name: "invalid SNR (go-nmea's row): the value is dropped, not the satellite",
    raw: "$GLGSV,3,1,11,03,03,111,A00,04,15,270,00,06,01,010,00,13,06,292,00*2A",
    err: 'nmea: GLGSV invalid SNR: "A00"',
    want: { satellites: [{ svid: 3, elevationDeg: 3, azimuthDeg: 111 }, { svid: 4, cn0DbHz: 0 }, { svid: 6 }, { svid: 13 }] },
  },
  { name: "sentence number above total", raw: nmea("GPGSV,2,3,08,01,40,083,46"), err: 'nmea: GPGSV invalid sentence number: "3"', dropped: true },
  {
    name: "empty total on a first part: the group has no size",
    raw: nmea("GPGSV,,1,08,01,40,083,46"),
    err: 'nmea: GPGSV invalid number of sentences: ""',
    dropped: true,
  },
  {
    name: "NMEA 4.11 continuation part: count and satellites in view left empty (marine sensors)",
    raw: nmea("GPGSV,,2,,9,38,84,37,24,69,131,42,19,9,17,,28,11,266,"),
    want: {
      messageNumber: 2,
      satellites: [sat("gps", 9, 9, { elevationDeg: 38, azimuthDeg: 84, cn0DbHz: 37 }), sat("gps", 24, 24), sat("gps", 19, 19), sat("gps", 28, 28)],
    },
    absent: ["messageCount", "satellitesInView", "signalId"],
  },
  {
    name: "continuation part with an empty count and a 4.10 signal id",
    raw: nmea("GAGSV,,2,,27,18,333,,30,16,279,,7"),
    want: { messageNumber: 2, signalId: 7, satellites: [sat("galileo", 27, 27), sat("galileo", 30, 30)] },
    absent: ["messageCount", "satellitesInView"],
  },
  { name: "continuation part with a malformed count", raw: nmea("GPGSV,x,2,,9,38,84,37"), err: 'nmea: GPGSV invalid number of sentences: "x"', dropped: true },
  { name: "empty count and empty sentence number", raw: nmea("GPGSV,,,,9,38,84,37"), err: 'nmea: GPGSV invalid number of sentences: ""', dropped: true },
  { name: "field count 3 mod 4", raw: nmea("GPGSV,1,1,08,01,40,083"), err: 'nmea: GPGSV invalid field count: "7"', dropped: true },
  { name: "too few fields", raw: nmea("GPGSV,1,1"), kind: "too-few-fields", dropped: true },
];

const gsa: Row[] = [
  {
    name: "pre-4.10 (ac12.log)",
    raw: "$GPGSA,A,3,10,28,09,13,,,,,,,,,03.4,01.7,03.0*00",
    want: {
      selectionMode: "automatic",
      fixMode: 3,
      satelliteIds: [10, 28, 9, 13],
      satellites: [sat("gps", 10, 10), sat("gps", 28, 28), sat("gps", 9, 9), sat("gps", 13, 13)],
      pdop: 3.4,
      hdop: 1.7,
      vdop: 3,
    },
    absent: ["systemId"],
  },
  {
    name: "NMEA 4.10 GN talker, system id 3 = Galileo (furuno_gl_ga.log)",
    raw: "$GNGSA,A,3,04,05,09,11,36,,,,,,,,1.5,1.3,1.0,3*39",
    want: {
      talker: "GN",
      systemId: 3,
      satellites: [sat("galileo", 4, 4), sat("galileo", 5, 5), sat("galileo", 9, 9), sat("galileo", 11, 11), sat("galileo", 36, 36)],
    },
  },
  {
    name: "NMEA 4.10 system id 2, GLONASS in 65-96 (furuno_gl_ga.log)",
    raw: "$GNGSA,A,3,68,69,70,78,84,85,,,,,,,1.5,1.3,1.0,2*3D",
    want: {
      systemId: 2,
      satellites: [sat("glonass", 4, 68), sat("glonass", 5, 69), sat("glonass", 6, 70), sat("glonass", 14, 78), sat("glonass", 20, 84), sat("glonass", 21, 85)],
    },
  },
  {
    name: "system id 1 with SBAS 51 and 44 (ublox-neo-m9n-nmea.log)",
    raw: "$GNGSA,A,3,29,20,18,16,51,13,44,26,,,,,0.99,0.54,0.83,1*0E",
    want: {
      systemId: 1,
      satellites: [
        sat("gps", 29, 29),
        sat("gps", 20, 20),
        sat("gps", 18, 18),
        sat("gps", 16, 16),
        sat("sbas", 138, 51),
        sat("gps", 13, 13),
        sat("sbas", 131, 44),
        sat("gps", 26, 26),
      ],
    },
  },
  {
    name: "system id 4 with BeiDou 2xx (telit-pls83-w.log)",
    raw: "$GNGSA,A,2,208,211,213,,,,,,,,,,1.6,1.3,0.9,4*01",
    want: { fixMode: 2, satellites: [sat("beidou", 8, 208), sat("beidou", 11, 211), sat("beidou", 13, 213)] },
  },
  {
    name: "GN without system id, GLONASS 65-96 (gr8013-w.log)",
    raw: "$GNGSA,A,3,71,85,69,86,77,87,70,76,,,,,1.59,0.93,1.29*12",
    want: { satellites: expect.arrayContaining([sat("glonass", 7, 71), sat("glonass", 21, 85)]) },
    absent: ["systemId"],
  },
  {
    name: "SiRF-TriG float in field 18 is not a system id (beidou-bd.log)",
    raw: "$BDGSA,A,3,02,03,04,,,,,,,,,,5.1,1.3,4.9,3.3*2F",
    want: { system: "beidou", satellites: [sat("beidou", 2, 2), sat("beidou", 3, 3), sat("beidou", 4, 4)], pdop: 5.1, hdop: 1.3, vdop: 4.9 },
    absent: ["systemId"],
  },
  {
    name: "Galileo 3xx with placeholder DOPs 0.00 kept (jl-micro-jlt.log)",
    raw: "$GNGSA,A,3,307,301,319,327,321,,,,,,,,0.00,0.00,0.00*27",
    want: { satellites: expect.arrayContaining([sat("galileo", 7, 307), sat("galileo", 1, 301)]), pdop: 0, hdop: 0, vdop: 0 },
  },
  {
    name: "Quectel PQGSA system id 5 = QZSS",
    raw: nmea("PQGSA,A,3,02,,,,,,,,,,,,1.2,0.9,0.9,5"),
    want: { talker: "PQ", system: "qzss", systemId: 5, satellites: [sat("qzss", 2, 2)] },
  },
  {
    name: "no fix, empty: DOP placeholder 99.99 kept",
    raw: nmea("GNGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99,1"),
    want: { fixMode: 1, satelliteIds: [], satellites: [], pdop: 99.99, hdop: 99.99, vdop: 99.99, systemId: 1 },
  },
  {
    name: "Navior CH-4701: 24 id slots, DOPs last (ch-4701.log layout)",
    raw: nmea("GPGSA,A,3,27,23,13,07,25,,,,,,,,,,,,,,,,,,,,07.9,06.0,05.2"),
    want: { satelliteIds: [27, 23, 13, 7, 25], pdop: 7.9, hdop: 6, vdop: 5.2 },
  },
  { name: "Antaris E mode is a quirk, not an error", raw: nmea("GPGSA,A,E,,,,,,,,,,,,,,,"), absent: ["fixMode"] },
  { name: "empty fields", raw: nmea("GPGSA,,,,,,,,,,,,,,,,,"), want: { satelliteIds: [] }, absent: ["selectionMode", "fixMode", "pdop", "hdop", "vdop"] },
  {
    name: "junk satellite id",
    raw: nmea("GPGSA,A,3,1x,28,,,,,,,,,,,3.4,1.7,3.0"),
    err: 'nmea: GPGSA invalid satellite id: "1x"',
    want: { satelliteIds: [28] },
  },
  { name: "fix mode 4", raw: nmea("GPGSA,A,4,10,,,,,,,,,,,,3.4,1.7,3.0"), err: 'nmea: GPGSA invalid fix mode: "4"', absent: ["fixMode"] },
  { name: "too few fields (i.Trek M3)", raw: nmea("GPGSA,A,1,,,,"), kind: "too-few-fields", dropped: true },
];

describe("GSV", () => {
  for (const row of gsv) it(row.name, () => check(row, expect));
  it("an all-empty GSV (a multiplexer's placeholder, $GPGSV,,,,…: sweep F's instrument bus) is no sentence and no field error", () => {
    const { sentence, diagnostics } = parseOne("$GPGSV,,,,,,,,,,,,,,,,,,,*79");
    expect(sentence).toBeUndefined();
    expect(diagnostics).toEqual([]);
    // a count missing beside other fields is still a damaged sentence
    expect(parseOne(nmea("GPGSV,,1,12,28,14,150,41")).diagnostics.map((d) => d.kind)).toEqual(["field"]);
  });

  it("a phantom-free 4.10 GSV has exactly the listed satellites", () => {
    const s = parseOne("$GAGSV,2,1,07,36,76,149,45,09,47,142,50,04,40,062,35,11,26,120,44,7*73").sentence as GsvSentence;
    expect(s.satellites).toHaveLength(4);
  });
});

describe("GSA", () => {
  for (const row of gsa) it(row.name, () => check(row, expect));
  it("satellites resolved for every used id", () => {
    const s = parseOne("$GNGSA,A,3,13,12,22,19,08,21,,,,,,,1.05,0.64,0.83,4*0B").sentence as GsaSentence;
    expect(s.satellites.map((x) => `${x.constellation}:${x.svid}`)).toEqual(["beidou:13", "beidou:12", "beidou:22", "beidou:19", "beidou:8", "beidou:21"]);
  });
});

describe("resolveSatelliteId", () => {
  const rows: Array<{ name: string; args: [string, number, number?]; want: ReturnType<typeof resolveSatelliteId> }> = [
    { name: "GP 1-32 GPS", args: ["GP", 7], want: sat("gps", 7, 7) as never },
    { name: "GP 33 SBAS 120", args: ["GP", 33], want: sat("sbas", 120, 33) as never },
    { name: "GP 64 SBAS 151", args: ["GP", 64], want: sat("sbas", 151, 64) as never },
    { name: "GN 65 GLONASS 1", args: ["GN", 65], want: sat("glonass", 1, 65) as never },
    { name: "GL 5 GLONASS slot 5", args: ["GL", 5], want: sat("glonass", 5, 5) as never },
    { name: "GP 158 SBAS", args: ["GP", 158], want: sat("sbas", 158, 158) as never },
    { name: "GP 173 IMES: no constellation", args: ["GP", 173], want: undefined },
    { name: "GP 197 QZSS 5", args: ["GP", 197], want: sat("qzss", 5, 197) as never },
    { name: "GQ 3 QZSS 3 (4.11)", args: ["GQ", 3], want: sat("qzss", 3, 3) as never },
    { name: "GA 36 Galileo", args: ["GA", 36], want: sat("galileo", 36, 36) as never },
    { name: "GN 336 Galileo 36", args: ["GN", 336], want: sat("galileo", 36, 336) as never },
    { name: "GN 437 BeiDou 37", args: ["GN", 437], want: sat("beidou", 37, 437) as never },
    { name: "GN 237 BeiDou 37 (u-blox/SiRF)", args: ["GN", 237], want: sat("beidou", 37, 237) as never },
    { name: "GB 63 BeiDou 63", args: ["GB", 63], want: sat("beidou", 63, 63) as never },
    { name: "GI 10 NavIC", args: ["GI", 10], want: sat("navic", 10, 10) as never },
    { name: "GN 905 NavIC (Allystar)", args: ["GN", 905], want: sat("navic", 5, 905) as never },
    { name: "system id 3 beats GN talker", args: ["GN", 12, 3], want: sat("galileo", 12, 12) as never },
    { name: "system id 4 with u-blox 2xx", args: ["GN", 208, 4], want: sat("beidou", 8, 208) as never },
    { name: "PQ without system id means BeiDou (gpsd)", args: ["PQ", 12], want: sat("beidou", 12, 12) as never },
    { name: "0 is no satellite", args: ["GP", 0], want: undefined },
    { name: "999 is in no range", args: ["GN", 999], want: undefined },
  ];
  for (const row of rows) it(row.name, () => expect(resolveSatelliteId(...row.args)).toEqual(row.want));
});

describe("talkerSystem", () => {
  const rows: Array<[string, string]> = [
    ["GP", "gps"],
    ["GL", "glonass"],
    ["GA", "galileo"],
    ["GB", "beidou"],
    ["BD", "beidou"],
    ["GQ", "qzss"],
    ["QZ", "qzss"],
    ["GI", "navic"],
    ["GN", "multi"],
    ["II", "multi"],
    ["IN", "multi"],
    ["PQ", "unknown"],
    ["SD", "unknown"],
    ["P", "unknown"],
  ];
  for (const [talker, want] of rows) it(`${talker} → ${want}`, () => expect(talkerSystem(talker)).toBe(want));
});
