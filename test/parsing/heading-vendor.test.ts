// Table tests for the heading sentences (HDT, THS, ROT) and the vendor sentences decoded into values
// (Garmin PGRME, SkyTraq PSTI 030/032/036). Real rows come from the gpsd corpus logs named.
import { describe, expect, it } from "vitest";
import { type Row, check, nmea } from "./_helpers.js";

const tod = (h: number, m: number, s: number, ms = 0) => ((h * 60 + m) * 60 + s) * 1000 + ms;

const tables: Record<string, Row[]> = {
  HDT: [
    { name: "gyro compass (saab-r4.log)", raw: "$HEHDT,4.0,T*2B", want: { sentenceId: "HDT", talker: "HE", headingTrueDeg: 4 } },
    { name: "moving base (skytraq-PX1172RH_DS.log)", raw: "$GNHDT,244.28,T*13", want: { talker: "GN", headingTrueDeg: 244.28 } },
    { name: "reference field omitted", raw: nmea("GPHDT,25.50"), want: { headingTrueDeg: 25.5 } },
    { name: "empty heading", raw: nmea("HEHDT,,T"), absent: ["headingTrueDeg"] },
    { name: "heading above 360", raw: nmea("HEHDT,361.0,T"), err: 'nmea: HEHDT invalid heading: "361.0"', absent: ["headingTrueDeg"] },
    { name: "not marked true: not a true heading", raw: nmea("HEHDT,12.0,M"), err: 'nmea: HEHDT invalid heading reference: "M"', absent: ["headingTrueDeg"] },
    { name: "too few fields", raw: "$HEHDT*0F", kind: "too-few-fields", dropped: true },
  ],
  THS: [
    { name: "autonomous (skytraq-PX1172RH_DS.log)", raw: "$GNTHS,244.28,A*11", want: { sentenceId: "THS", headingTrueDeg: 244.28, modeIndicator: "A" } },
    { name: "not valid: kept with its mode", raw: nmea("GNTHS,0.00,V"), want: { headingTrueDeg: 0, modeIndicator: "V" } },
    { name: "dead reckoning", raw: nmea("INTHS,121.15,E"), want: { talker: "IN", headingTrueDeg: 121.15, modeIndicator: "E" } },
    {
      name: "unknown mode letter",
      raw: nmea("GNTHS,121.15,X"),
      err: 'nmea: GNTHS invalid mode indicator: "X"',
      want: { headingTrueDeg: 121.15 },
      absent: ["modeIndicator"],
    },
    { name: "too few fields", raw: nmea("GNTHS,121.15"), kind: "too-few-fields", dropped: true },
  ],
  ROT: [
    { name: "gyro compass (saab-r4.log)", raw: "$HEROT,0.0,A*2B", want: { sentenceId: "ROT", rateOfTurnDegPerMin: 0, status: "valid" } },
    { name: "turning to port", raw: nmea("TIROT,-35.6,A"), want: { rateOfTurnDegPerMin: -35.6, status: "valid" } },
    { name: "not valid", raw: nmea("HEROT,12.0,V"), want: { rateOfTurnDegPerMin: 12, status: "invalid" } },
    { name: "junk rate", raw: nmea("HEROT,1x,A"), err: 'nmea: HEROT invalid rate of turn: "1x"', absent: ["rateOfTurnDegPerMin"] },
  ],
  PGRME: [
    {
      name: "Garmin 48 (garmin48.log)",
      raw: "$PGRME,9.1,M,15.0,M,12.0,M*21",
      want: { sentenceId: "PGRME", talker: "P", horizontalErrorM: 9.1, verticalErrorM: 15, sphericalErrorM: 12 },
    },
    { name: "tn204.log", raw: "$PGRME,17.4,M,40.3,M,43.9,M*15", want: { horizontalErrorM: 17.4, verticalErrorM: 40.3, sphericalErrorM: 43.9 } },
    { name: "no fix yet: empty", raw: nmea("PGRME,,M,,M,,M"), absent: ["horizontalErrorM", "verticalErrorM", "sphericalErrorM"] },
    {
      name: "unit not metres: that value not taken",
      raw: nmea("PGRME,9.1,f,15.0,M,12.0,M"),
      err: 'nmea: PGRME invalid horizontal error unit: "f"',
      want: { verticalErrorM: 15 },
      absent: ["horizontalErrorM"],
    },
    { name: "too few fields", raw: nmea("PGRME,9.1,M,15.0,M"), kind: "too-few-fields", dropped: true },
  ],
  PSTI030: [
    {
      name: "RTK float (skytraq-PX1172RH_DS.log)",
      raw: "$PSTI,030,003832.000,A,4404.1271062,N,12118.8438377,W,1127.630,-0.00,-0.01,0.02,290322,O,1.000,1.100*32",
      want: {
        sentenceId: "PSTI030",
        talker: "P",
        timeOfDayMs: tod(0, 38, 32),
        dateMs: Date.UTC(2022, 2, 29),
        status: "valid",
        latitudeDeg: expect.closeTo(44.068785103, 9),
        longitudeDeg: expect.closeTo(-121.314063962, 9),
        altitudeMslM: 1127.63,
        velocityEastMps: -0,
        velocityNorthMps: -0.01,
        velocityUpMps: 0.02,
        faaMode: "O",
        rtkAgeS: 1,
        rtkRatio: 1.1,
      },
    },
    {
      name: "no RTK: age and ratio 0 (skytraq-dgps.log)",
      raw: "$PSTI,030,213121.000,A,4404.1295864,N,12118.8685453,W,1102.537,-0.01,0.01,0.03,070416,D,0.0,0.0*13",
      want: { faaMode: "D", rtkAgeS: 0, rtkRatio: 0 },
    },
    {
      name: "not valid (skytraq.log)",
      raw: "$PSTI,030,212406.000,V,0000.0000000,N,00000.0000000,E,0.000,0.00,0.00,0.00,280316,N,0.0,0.0*01",
      want: { status: "invalid", faaMode: "N" },
    },
    {
      name: "too few fields",
      raw: nmea("PSTI,030,003832.000,A"),
      err: "nmea: PSTI,030 has 4 fields, needs at least 16",
      kind: "too-few-fields",
      dropped: true,
    },
  ],
  PSTI032: [
    {
      name: "baseline, RTK float (skytraq-PX1172RH_DS.log)",
      raw: "$PSTI,032,003832.000,290322,A,O,-503.349,-2270.309,60.062,2326.213,192.50,,,,,*32",
      want: {
        sentenceId: "PSTI032",
        timeOfDayMs: tod(0, 38, 32),
        dateMs: Date.UTC(2022, 2, 29),
        status: "valid",
        modeIndicator: "O",
        eastM: -503.349,
        northM: -2270.309,
        upM: 60.062,
        lengthM: 2326.213,
        courseDeg: 192.5,
      },
    },
    { name: "void", raw: nmea("PSTI,032,041457.000,170316,V,,,,,,,,,,,"), want: { status: "invalid" }, absent: ["eastM", "lengthM", "modeIndicator"] },
  ],
  PSTI036: [
    {
      name: "heading, pitch, roll, RTK fixed (skytraq-PX1172RH_DS.log)",
      raw: "$PSTI,036,003832.000,290322,244.28,2.77,0.00,R*5D",
      want: {
        sentenceId: "PSTI036",
        timeOfDayMs: tod(0, 38, 32),
        dateMs: Date.UTC(2022, 2, 29),
        headingTrueDeg: 244.28,
        pitchDeg: 2.77,
        rollDeg: 0,
        modeIndicator: "R",
      },
    },
    { name: "not valid", raw: nmea("PSTI,036,054314.000,030521,,,,N"), want: { modeIndicator: "N" }, absent: ["headingTrueDeg", "pitchDeg", "rollDeg"] },
    {
      name: "pitch beyond 90",
      raw: nmea("PSTI,036,054314.000,030521,191.69,-96.35,0.00,R"),
      err: 'nmea: PSTI,036 invalid pitch: "-96.35"',
      absent: ["pitchDeg"],
    },
  ],
  "PSTI others": [
    {
      name: "033 (raw measurement slips) is not decoded",
      raw: "$PSTI,033,003832.000,290322,2,R,0,G,0,0,,,C,0,0,,,E,0,0,,,R,0,0,,,*5D",
      kind: "unknown-sentence",
      dropped: true,
    },
  ],
};

for (const [name, rows] of Object.entries(tables)) {
  describe(name, () => {
    for (const row of rows) it(row.name, () => check(row, expect));
  });
}
