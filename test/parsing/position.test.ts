// Table tests for the position sentences: GGA, RMC, GLL, GNS. Real rows cite their gpsd corpus log.
import { describe, expect, it } from "vitest";
import { type Row, check, nmea } from "./_helpers.js";

const deg = (d: number, m: number) => expect.closeTo(d + m / 60, 9);
const tod = (h: number, m: number, s: number, ms = 0) => ((h * 60 + m) * 60 + s) * 1000 + ms;

const gga: Row[] = [
  {
    name: "good (ac12.log, Ashtech AC12)",
    raw: "$GPGGA,193221.00,2037.72792,N,08704.08478,W,1,04,1.7,-30.40,M,-13.9,M,,*7D",
    want: {
      sentenceId: "GGA",
      talker: "GP",
      system: "gps",
      timeOfDayMs: tod(19, 32, 21),
      latitudeDeg: deg(20, 37.72792),
      longitudeDeg: expect.closeTo(-(87 + 4.08478 / 60), 9),
      quality: 1,
      satellitesUsed: 4,
      hdop: 1.7,
      altitudeMslM: -30.4,
      geoidSeparationM: -13.9,
      checksum: "ok",
      receivedAtMs: 1000,
    },
    absent: ["dgpsAgeS", "dgpsStationId"],
  },
  {
    name: "DGPS with age and station (bt-q818.log)",
    raw: "$GPGGA,145243.000,3401.9764,N,11744.8274,W,2,10,0.87,234.7,M,-33.2,M,0000,0000*5F",
    want: { quality: 2, satellitesUsed: 10, dgpsAgeS: 0, dgpsStationId: "0000" },
  },
  {
    name: "NMEA 4.11 GN talker (ublox-neo-m9n-nmea.log)",
    raw: "$GNGGA,223745.00,3806.62964,N,12237.61382,W,2,12,0.54,83.1,M,-29.5,M,,0000*44",
    want: { talker: "GN", system: "multi", quality: 2, satellitesUsed: 12, latitudeDeg: deg(38, 6.62964) },
  },
  {
    name: "empty fields are undefined, never 0 (Quectel, nothing known)",
    raw: "$GPGGA,,,,,,0,,,,,,,,*66",
    want: { quality: 0 },
    absent: ["timeOfDayMs", "latitudeDeg", "longitudeDeg", "satellitesUsed", "hdop", "altitudeMslM", "geoidSeparationM", "dgpsAgeS"],
  },
  {
    name: "DOP placeholder kept as sent (the tracker judges it)",
    raw: "$GPGGA,,,,,,0,00,99.99,,,,,,*48",
    want: { quality: 0, satellitesUsed: 0, hdop: 99.99 },
    absent: ["latitudeDeg", "altitudeMslM"],
  },
  {
    name: "sub-second time kept to the millisecond",
    raw: nmea("GNGGA,123411.125,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
    want: { timeOfDayMs: tod(12, 34, 11, 125), latitudeDeg: deg(48, 7.038), longitudeDeg: deg(11, 31) },
  },
  {
    name: "latitude 95.5 is dropped, the rest kept",
    raw: nmea("GPGGA,123519,9530.000,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
    err: 'nmea: GPGGA invalid latitude: "9530.000"',
    want: { longitudeDeg: deg(11, 31), quality: 1 },
    absent: ["latitudeDeg"],
  },
  {
    name: "hour 25",
    raw: nmea("GPGGA,250000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
    err: 'nmea: GPGGA invalid time: "250000.00"',
    absent: ["timeOfDayMs"],
  },
  {
    name: "quality 9",
    raw: nmea("GPGGA,123519,4807.038,N,01131.000,E,9,08,0.9,545.4,M,46.9,M,,"),
    err: 'nmea: GPGGA invalid quality: "9"',
    absent: ["quality"],
  },
  {
    name: "missing hemisphere",
    raw: nmea("GPGGA,123519,4807.038,,01131.000,E,1,08,0.9,545.4,M,46.9,M,,"),
    err: 'nmea: GPGGA invalid latitude hemisphere: ""',
    absent: ["latitudeDeg"],
  },
  {
    name: "too few fields",
    raw: nmea("GPGGA,123519,4807.038,N,01131.000,E,1"),
    err: "nmea: GPGGA has 7 fields, needs at least 13",
    kind: "too-few-fields",
    dropped: true,
  },
];

const rmc: Row[] = [
  {
    name: "good (ac12.log)",
    raw: "$GPRMC,193221.00,A,2037.7279,N,08704.0848,W,00.1,201.8,231207,01,W,A*2D",
    want: {
      sentenceId: "RMC",
      timeOfDayMs: tod(19, 32, 21),
      status: "valid",
      latitudeDeg: deg(20, 37.7279),
      speedKnots: 0.1,
      trackTrueDeg: 201.8,
      dateMs: Date.UTC(2007, 11, 23),
      magneticVariationDeg: -1,
      faaMode: "A",
    },
    absent: ["navStatus"],
  },
  {
    name: "NMEA 4.10 navigational status V with status A (furuno_gl_ga.log)",
    raw: "$GNRMC,120213.000,A,5957.0062,N,01100.6429,E,0.00,0.00,310722,,,D,V*0A",
    want: { status: "valid", faaMode: "D", navStatus: "V", dateMs: Date.UTC(2022, 6, 31), speedKnots: 0 },
    absent: ["magneticVariationDeg"],
  },
  {
    name: "empty fields (telit-he910.log, Quectel)",
    raw: "$GPRMC,,V,,,,,,,,,,N*53",
    want: { status: "warning", faaMode: "N" },
    absent: ["timeOfDayMs", "dateMs", "latitudeDeg", "longitudeDeg", "speedKnots", "trackTrueDeg", "magneticVariationDeg"],
  },
  {
    name: "three-digit milliseconds",
    raw: nmea("GNRMC,235959.125,A,4807.038,N,01131.000,E,0.5,54.7,150124,,,A"),
    want: { timeOfDayMs: tod(23, 59, 59, 125), dateMs: Date.UTC(2024, 0, 15) },
  },
  { name: "year 79 pivots to 2079", raw: nmea("GPRMC,120000,A,4807.038,N,01131.000,E,0,0,311279,,"), want: { dateMs: Date.UTC(2079, 11, 31) } },
  { name: "year 80 pivots to 1980", raw: nmea("GPRMC,120000,A,4807.038,N,01131.000,E,0,0,010180,,"), want: { dateMs: Date.UTC(1980, 0, 1) } },
  {
    name: "month 13",
    raw: nmea("GPRMC,120000,A,4807.038,N,01131.000,E,0,0,011324,,"),
    err: 'nmea: GPRMC invalid date: "011324"',
    absent: ["dateMs"],
    want: { latitudeDeg: deg(48, 7.038) },
  },
  { name: "31 April", raw: nmea("GPRMC,120000,A,4807.038,N,01131.000,E,0,0,310424,,"), err: 'nmea: GPRMC invalid date: "310424"', absent: ["dateMs"] },
  { name: "Telit year -1", raw: nmea("GPRMC,120000,V,,,,,,,0101-1,,"), err: 'nmea: GPRMC invalid date: "0101-1"', absent: ["dateMs"] },
  { name: "status D counts as valid (gpsd)", raw: nmea("GPRMC,120000,D,4807.038,N,01131.000,E,0,0,010124,,"), want: { status: "valid" } },
  {
    name: "unknown status letter",
    raw: nmea("GPRMC,120000,X,4807.038,N,01131.000,E,0,0,010124,,"),
    err: 'nmea: GPRMC invalid status: "X"',
    absent: ["status"],
  },
  { name: "too few fields", raw: nmea("GPRMC,120000,A,4807.038,N,01131.000,E"), kind: "too-few-fields", dropped: true },
];

const gll: Row[] = [
  {
    name: "good (gpsd NMEA.adoc example)",
    raw: nmea("GPGLL,4916.45,N,12311.12,W,225444,A,A"),
    want: {
      sentenceId: "GLL",
      latitudeDeg: deg(49, 16.45),
      longitudeDeg: expect.closeTo(-(123 + 11.12 / 60), 9),
      timeOfDayMs: tod(22, 54, 44),
      status: "valid",
      faaMode: "A",
    },
  },
  {
    name: "empty position (blumax-gps009.log)",
    raw: "$GPGLL,,,,,142816.359,V,N*7D",
    want: { timeOfDayMs: tod(14, 28, 16, 359), status: "invalid", faaMode: "N" },
    absent: ["latitudeDeg", "longitudeDeg"],
  },
  { name: "Magellan status N (eXplorist110.log)", raw: "$GPGLL,3728.0549,N,12213.8639,W,014413.076,N,V*50", want: { status: "invalid", faaMode: "V" } },
  {
    name: "SiRF placeholder 360 degrees (tn200-all.log)",
    raw: "$GPGLL,36000.0000,N,72000.0000,E,000452.981,V*10",
    err: 'nmea: GPGLL invalid latitude: "36000.0000"',
    absent: ["latitudeDeg", "longitudeDeg"],
    want: { timeOfDayMs: tod(0, 4, 52, 981) },
  },
  { name: "too few fields", raw: nmea("GPGLL,4916.45,N,12311.12,W"), kind: "too-few-fields", dropped: true },
];

const gns: Row[] = [
  {
    name: "good (quectel-eg25-g.log)",
    raw: "$GNGNS,191503.01,3645.876324,N,03124.670280,E,AAN,08,1.3,-6.7,32.0,,,V*42",
    want: {
      sentenceId: "GNS",
      timeOfDayMs: tod(19, 15, 3, 10),
      latitudeDeg: deg(36, 45.876324),
      longitudeDeg: deg(31, 24.67028),
      modeIndicators: "AAN",
      satellitesUsed: 8,
      hdop: 1.3,
      altitudeMslM: -6.7,
      geoidSeparationM: 32,
      navStatus: "V",
    },
    absent: ["dgpsAgeS", "dgpsStationId"],
  },
  {
    name: "no fix: empty fields stay undefined (beidou-bd.log, SiRF-TriG)",
    raw: "$GNGNS,074150.799,,,,,NNNN,00,,,0.0,,0000*63",
    want: { modeIndicators: "NNNN", satellitesUsed: 0, geoidSeparationM: 0, dgpsStationId: "0000" },
    absent: ["latitudeDeg", "longitudeDeg", "hdop", "altitudeMslM", "dgpsAgeS"],
  },
  {
    name: "junk satellite count",
    raw: nmea("GNGNS,074155.799,3114.8770,N,12135.2463,E,ANNA,5x,1.3,156.9,8.3,,0000"),
    err: 'nmea: GNGNS invalid satellites used: "5x"',
    absent: ["satellitesUsed"],
    want: { hdop: 1.3 },
  },
];

for (const [id, rows] of [
  ["GGA", gga],
  ["RMC", rmc],
  ["GLL", gll],
  ["GNS", gns],
] as const) {
  describe(id, () => {
    for (const row of rows) it(row.name, () => check(row, expect));
  });
}
