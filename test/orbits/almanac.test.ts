import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createSky, formatYumaAlmanac, parseAlmanac, parseSemAlmanac, parseYumaAlmanac, resolveGpsWeek, type AlmanacRecord } from "../../src/orbits/index.js";
import { orbitStateAtTk } from "../../src/orbits/orbit.js";
import { sharedPiece } from "../_shared.js";

function yumaBlock(fields: Record<string, string>, header = true): string {
  const id = fields.ID ?? "01";
  const lines = header ? [`******** Week 261 almanac for PRN-${id} ********`] : [];
  for (const [label, value] of Object.entries(fields)) lines.push(`${label}: ${value}`);
  return lines.join("\n") + "\n\n";
}

const BASE_FIELDS: Record<string, string> = {
  ID: "01",
  Health: "000",
  Eccentricity: "0.1200914383E-001",
  "Time of Applicability(s)": "61440.0000",
  "Orbital Inclination(rad)": "0.9889106755",
  "Rate of Right Ascen(r/s)": "-0.7828897534E-008",
  "SQRT(A)  (m 1/2)": "5153.616211",
  "Right Ascen at Week(rad)": "0.2426539643E+000",
  "Argument of Perigee(rad)": "0.944318348",
  "Mean Anom(rad)": "-0.7640576294E+000",
  "Af0(s)": "0.0000000000E+000",
  "Af1(s/s)": "0.0000000000E+000",
  week: "182",
};

describe("YUMA parser", () => {
  const cases: Array<{
    name: string;
    text: string;
    want: { svids: number[]; healthy?: boolean[]; problems: RegExp[] };
  }> = [
    { name: "one clean record", text: yumaBlock(BASE_FIELDS), want: { svids: [1], healthy: [true], problems: [] } },
    {
      name: "health 063 is unhealthy",
      text: yumaBlock({ ...BASE_FIELDS, Health: "063" }),
      want: { svids: [1], healthy: [false], problems: [] },
    },
    {
      name: "tabs, CRLF, no star header, lower-case exponent",
      text: yumaBlock({ ...BASE_FIELDS, Eccentricity: "\t1.200914383e-2  " }, false).replace(/\n/g, "\r\n"),
      want: { svids: [1], problems: [] },
    },
    {
      name: "missing PRNs between records are fine",
      text: yumaBlock(BASE_FIELDS) + yumaBlock({ ...BASE_FIELDS, ID: "07" }) + yumaBlock({ ...BASE_FIELDS, ID: "31" }),
      want: { svids: [1, 7, 31], problems: [] },
    },
    {
      name: "a record without Mean Anom is skipped, the others kept",
      text:
        yumaBlock(BASE_FIELDS) +
        yumaBlock(Object.fromEntries(Object.entries({ ...BASE_FIELDS, ID: "02" }).filter(([k]) => k !== "Mean Anom(rad)"))) +
        yumaBlock({ ...BASE_FIELDS, ID: "03" }),
      want: { svids: [1, 3], problems: [/record at line 17: missing Mean Anom; record skipped/] },
    },
    {
      name: "an unreadable number is reported with its text",
      text: yumaBlock({ ...BASE_FIELDS, "SQRT(A)  (m 1/2)": "51S3.6" }),
      want: { svids: [], problems: [/unreadable SQRT\(A\) "51S3.6"/] },
    },
    {
      name: "an impossible orbit is skipped",
      text: yumaBlock({ ...BASE_FIELDS, Eccentricity: "1.5" }),
      want: { svids: [], problems: [/eccentricity 1.5 outside \[0, 1\)/] },
    },
    {
      name: "a duplicate PRN keeps the first",
      text: yumaBlock(BASE_FIELDS) + yumaBlock({ ...BASE_FIELDS, Health: "001" }),
      want: { svids: [1], healthy: [true], problems: [/duplicate gps svid 1/] },
    },
    {
      name: "a PRN outside the GPS range",
      text: yumaBlock({ ...BASE_FIELDS, ID: "99" }),
      want: { svids: [], problems: [/svid 99 outside gps range/] },
    },
    { name: "empty text", text: "", want: { svids: [], problems: [/no almanac records/] } },
    {
      name: "garbage lines are reported, not thrown",
      text: "hello world\nfoo: bar\n",
      want: { svids: [], problems: [/line 1: not a "Label: value" line/, /line 2: unknown field "foo"/] },
    },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const { records, problems } = parseYumaAlmanac(c.text);
      expect(records.map((r) => r.svid)).toEqual(c.want.svids);
      if (c.want.healthy) expect(records.map((r) => r.healthy)).toEqual(c.want.healthy);
      expect(problems).toHaveLength(c.want.problems.length);
      c.want.problems.forEach((pattern, i) => expect(problems[i]).toMatch(pattern));
    });
  }

  it("reads every element with its unit", () => {
    const [r] = parseYumaAlmanac(yumaBlock(BASE_FIELDS)).records;
    expect(r).toEqual({
      constellation: "gps",
      svid: 1,
      healthy: true,
      healthCode: 0,
      week: 2230,
      toaS: 61440,
      eccentricity: 0.01200914383,
      inclinationRad: 0.9889106755,
      rightAscensionRateRadPerS: -7.828897534e-9,
      sqrtSemiMajorAxisSqrtM: 5153.616211,
      rightAscensionAtWeekRad: 0.2426539643,
      argumentOfPerigeeRad: 0.944318348,
      meanAnomalyRad: -0.7640576294,
      af0S: 0,
      af1SPerS: 0,
    });
  });

  it("takes the constellation from the argument or a header line; QZSS PRNs become svids", () => {
    expect(parseYumaAlmanac(yumaBlock(BASE_FIELDS), "galileo").records[0]?.constellation).toBe("galileo");
    const qzss = parseYumaAlmanac("# constellation: qzss\n" + yumaBlock({ ...BASE_FIELDS, ID: "194" }));
    expect(qzss.records.map((r) => [r.constellation, r.svid])).toEqual([["qzss", 2]]);
    expect(parseYumaAlmanac("# constellation: mars\n" + yumaBlock(BASE_FIELDS)).problems).toEqual(['unknown constellation in header: "mars"']);
  });

  it("never throws and only returns plausible records, whatever the text", () => {
    const labels = [...Object.keys(BASE_FIELDS), "garbage", "*****", "#"];
    const line = fc.oneof(
      fc.string(),
      fc.tuple(fc.constantFrom(...labels), fc.oneof(fc.double().map(String), fc.string())).map(([l, v]) => `${l}: ${v}`),
    );
    fc.assert(
      fc.property(fc.array(line, { maxLength: 40 }), (lines) => {
        const { records, problems } = parseAlmanac(lines.join("\n"));
        expect(Array.isArray(problems)).toBe(true);
        for (const r of records) {
          expect(r.eccentricity >= 0 && r.eccentricity < 1).toBe(true);
          expect(Number.isFinite(r.meanAnomalyRad)).toBe(true);
        }
      }),
      { numRuns: 300 },
    );
  });
});

describe("10-bit weeks", () => {
  const cases = [
    { name: "current era by default", week: 261, reference: undefined, want: 2309 },
    { name: "full week passes", week: 2309, reference: undefined, want: 2309 },
    { name: "near a reference time in 2024", week: 261, reference: Date.parse("2024-03-24T00:00:00Z"), want: 2309 },
    { name: "near a reference time in 2004", week: 261, reference: Date.parse("2004-08-01T00:00:00Z"), want: 1285 },
    { name: "just after the 2019 rollover", week: 0, reference: Date.parse("2019-04-08T00:00:00Z"), want: 2048 },
  ];
  for (const c of cases) it(c.name, () => expect(resolveGpsWeek(c.week, c.reference)).toBe(c.want));
});

// The test vector's record in SEM form (angles in semicircles, inclination as δi from 0.30).
function semText(withBlankLines: boolean): string {
  const sc = (rad: number) => (rad / Math.PI).toExponential(14);
  const record = (prn: number, health: number) =>
    [
      `${prn}`,
      `${prn + 40}`,
      "0",
      `${(0.01200914383).toExponential(14)} ${sc(0.9889106755 - 0.3 * Math.PI)} ${sc(-7.828897534e-9)}`,
      `${(5153.616211).toExponential(14)} ${sc(0.2426539643)} ${sc(0.944318348)}`,
      `${sc(-0.7640576294)} 0.00000000000000E+00 0.00000000000000E+00`,
      `${health}`,
      "11",
    ].join("\n");
  return ["2 CURRENT.ALM", "182 61440", "", record(1, 0), withBlankLines ? "" : "", record(5, 63), ""]
    .filter((line, i) => withBlankLines || i < 2 || line !== "")
    .join("\n");
}

describe("SEM parser", () => {
  for (const withBlankLines of [true, false]) {
    it(`gives the same orbit as YUMA (${withBlankLines ? "blank lines between records" : "no blank lines"})`, () => {
      const sem = parseSemAlmanac(semText(withBlankLines));
      expect(sem.problems).toEqual([]);
      expect(sem.records.map((r) => [r.svid, r.healthy, r.week])).toEqual([
        [1, true, 2230],
        [5, false, 2230],
      ]);
      const [yuma] = parseYumaAlmanac(yumaBlock(BASE_FIELDS)).records;
      const [first] = sem.records;
      if (!yuma || !first) throw new Error("records missing");
      for (const tk of [0, 7200]) {
        const a = orbitStateAtTk(yuma, tk).ecefM;
        const b = orbitStateAtTk(first, tk).ecefM;
        expect(Math.hypot(a[0] - b[0], a[1] - b[1], a[2] - b[2])).toBeLessThan(0.01);
      }
    });
  }

  it("reports a short record and a bad header", () => {
    const truncated = semText(true).replace(/\n11\n?$/, "\n");
    expect(parseSemAlmanac(truncated).problems[0]).toMatch(/13 values, expected 14; skipped/);
    expect(parseSemAlmanac("2 X\nweek toa\n").problems[0]).toMatch(/expected "week toa"/);
  });

  it("is detected by parseAlmanac, as is YUMA", () => {
    expect(parseAlmanac(semText(true)).records).toHaveLength(2);
    expect(parseAlmanac(yumaBlock(BASE_FIELDS)).records).toHaveLength(1);
    expect(parseAlmanac("just text\n").problems[0]).toMatch(/not a YUMA or SEM almanac/);
  });
});

describe("YUMA writer", () => {
  it("round-trips through the parser", () => {
    const original = parseYumaAlmanac(yumaBlock(BASE_FIELDS) + yumaBlock({ ...BASE_FIELDS, ID: "09", Health: "063" })).records;
    const text = formatYumaAlmanac(original, ["test almanac", "constellation: gps"]);
    const again = parseYumaAlmanac(text);
    expect(again.problems).toEqual([]);
    expect(again.records).toHaveLength(2);
    original.forEach((record, i) => {
      const copy = again.records[i] as AlmanacRecord;
      for (const key of Object.keys(record) as Array<keyof AlmanacRecord>) {
        const [a, b] = [record[key], copy[key]];
        if (typeof a === "number" && typeof b === "number") expect(b).toBeCloseTo(a, 9);
        else expect(b).toEqual(a);
      }
    });
  });
});

// Real-world check (shared data, not in the repository): a real almanac against a real receiver's GSV.
const sharedData = sharedPiece("GNSSKIT_SHARED_DATA", "sky-almanac real-almanac tests").path;
describe.skipIf(!sharedData)("a real almanac (GNSSKIT_SHARED_DATA/gps-almanac-week2309.yuma.txt)", () => {
  const read = () => readFileSync(join(sharedData ?? "", "gps-almanac-week2309.yuma.txt"), "utf8");

  it("parses all 31 records of week 261 = 2309", () => {
    const { records, problems } = parseAlmanac(read());
    expect(problems).toEqual([]);
    expect(records).toHaveLength(31);
    expect(new Set(records.map((r) => r.week))).toEqual(new Set([2309]));
    expect(records.every((r) => r.constellation === "gps" && r.svid >= 1 && r.svid <= 32)).toBe(true);
  });

  it("reproduces a u-blox 8's GSV of 2024-03-24 20:42:21 UTC near 46.4046 N, 117.0208 W within 1.5°", () => {
    const sky = createSky(parseAlmanac(read()).records, { leapSeconds: 18 });
    const visible = sky.visibleAt(Date.parse("2024-03-24T20:42:21Z"), {
      latitudeDeg: 46.4046,
      longitudeDeg: -117.0208,
      altitudeHaeM: 286,
    });
    // corpus/gpsd/ublox8-uniqid-monhw.log: $GPGSV PRN elevation azimuth (whole degrees)
    const gsv = [
      { prn: 6, el: 65, az: 86 },
      { prn: 20, el: 8, az: 158 },
      { prn: 22, el: 17, az: 120 },
      { prn: 24, el: 37, az: 225 },
      { prn: 25, el: 23, az: 304 },
      { prn: 32, el: 3, az: 311 },
    ];
    for (const want of gsv) {
      const sat = visible.find((s) => s.svid === want.prn);
      expect(sat, `PRN ${want.prn}`).toBeDefined();
      expect(Math.abs((sat?.elevationDeg ?? 0) - want.el), `PRN ${want.prn} elevation`).toBeLessThan(1.5);
      expect(Math.abs((((sat?.azimuthDeg ?? 0) - want.az + 540) % 360) - 180), `PRN ${want.prn} azimuth`).toBeLessThan(1.5);
    }
  });
});
