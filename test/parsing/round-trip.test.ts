// Each sentence's encoder sits beside its decoder (src/parsing/sentences/): whatever values a receiver can
// state, decoding what the encoder writes gives them back, to the precision written. A decoder that misreads
// a field, or an encoder the simulator writes wrong, fails here for some value fast-check finds.
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { createFramer } from "../../src/framing/framer.js";
import { createParser } from "../../src/parsing/index.js";
import { DEFAULT_STYLE, defined, type EncodeStyle } from "../../src/parsing/encode.js";
import { encodeGga } from "../../src/parsing/sentences/gga.js";
import { encodeGll } from "../../src/parsing/sentences/gll.js";
import { encodeGsa } from "../../src/parsing/sentences/gsa.js";
import { encodeGsv } from "../../src/parsing/sentences/gsv.js";
import { encodeRmc } from "../../src/parsing/sentences/rmc.js";
import { encodeTxt } from "../../src/parsing/sentences/txt.js";
import { encodeVtg } from "../../src/parsing/sentences/vtg.js";
import { encodeZda } from "../../src/parsing/sentences/zda.js";
import type { Diagnostic, Sentence } from "../../src/types.js";

function decode(text: string): { sentence: Sentence | undefined; diagnostics: Diagnostic[] } {
  const parser = createParser();
  const diagnostics: Diagnostic[] = [];
  let sentence: Sentence | undefined;
  const framer = createFramer({ onFrame: (f) => (sentence = parser.parse(f, (d) => diagnostics.push(d))), onDiagnostic: (d) => diagnostics.push(d) });
  framer.push(new TextEncoder().encode(`${text}\r\n`), 0);
  return { sentence, diagnostics };
}

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
/** Values written with `decimals` decimals: generated on that grid, so they come back exactly. */
const grid = (min: number, max: number, decimals: number): fc.Arbitrary<number> =>
  fc.integer({ min: Math.round(min * 10 ** decimals), max: Math.round(max * 10 ** decimals) }).map((n) => n / 10 ** decimals);
const style = fc.record({
  timeDecimals: fc.constantFrom(0, 2, 3),
  latLonDecimals: fc.constantFrom(4, 5, 6),
  padCount: fc.boolean(),
  unitsWhenEmpty: fc.boolean(),
});
const timeOfDay = (s: EncodeStyle): fc.Arbitrary<number> => fc.integer({ min: 0, max: 86_399_999 }).map((ms) => ms - (ms % 10 ** (3 - s.timeDecimals)));
/** A coordinate whose minutes fit the style's decimals. */
const coordinate = (maxDeg: number, s: EncodeStyle): fc.Arbitrary<number> =>
  fc.integer({ min: -maxDeg * 60 * 10 ** s.latLonDecimals + 1, max: maxDeg * 60 * 10 ** s.latLonDecimals - 1 }).map((n) => n / 60 / 10 ** s.latLonDecimals);
const date = fc.integer({ min: Date.UTC(1980, 0, 1) / 86_400_000, max: Date.UTC(2079, 11, 31) / 86_400_000 }).map((d) => d * 86_400_000);
const faa = maybe(fc.constantFrom("A", "D", "E", "F", "M", "N", "P", "R", "S"));
const talker = fc.constantFrom("GP", "GN", "GL", "GA");

/** What the decoded sentence says of the encoded values (coordinates to the precision written). */
function expectBack(text: string, values: Record<string, unknown>, close: string[] = []): void {
  const { sentence, diagnostics } = decode(text);
  expect(diagnostics, text).toEqual([]);
  expect(sentence, text).toBeDefined();
  const got = sentence as unknown as Record<string, unknown>;
  for (const [key, want] of Object.entries(values)) {
    if (close.includes(key) && typeof want === "number") expect(got[key] as number, `${key} in ${text}`).toBeCloseTo(want, 9);
    else expect(got[key], `${key} in ${text}`).toEqual(want);
  }
  for (const key of Object.keys(got))
    if (!["raw", "checksum", "receivedAtMs", "system", "sentenceId", "talker", "satellites"].includes(key) && !(key in values)) {
      expect.fail(`${key} decoded from ${text} though not given`);
    }
}

describe("encode → decode gives the values back", () => {
  it("GGA", () => {
    fc.assert(
      fc.property(
        style.chain((s) => fc.tuple(fc.constant(s), timeOfDay(s), coordinate(90, s), coordinate(180, s))),
        talker,
        fc.record({
          quality: maybe(fc.constantFrom(0, 1, 2, 3, 4, 5, 6, 7, 8) as fc.Arbitrary<0 | 1 | 2 | 3 | 4 | 5 | 6 | 7 | 8>),
          satellitesUsed: maybe(fc.integer({ min: 0, max: 99 })),
          hdop: maybe(grid(0, 99.99, 2)),
          altitudeMslM: maybe(grid(-400, 20_000, 1)),
          geoidSeparationM: maybe(grid(-120, 120, 1)),
          dgpsAgeS: maybe(grid(0, 999, 1)),
          dgpsStationId: maybe(fc.integer({ min: 0, max: 1023 }).map((n) => String(n).padStart(4, "0"))),
        }),
        fc.boolean(),
        ([s, tod, lat, lon], t, rest, positioned) => {
          const values = defined({ timeOfDayMs: tod, ...(positioned ? { latitudeDeg: lat, longitudeDeg: lon } : {}), ...rest });
          expectBack(encodeGga({ talker: t, sentenceId: "GGA", ...values }, s), values, ["latitudeDeg", "longitudeDeg"]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("RMC", () => {
    fc.assert(
      fc.property(
        style.chain((s) => fc.tuple(fc.constant(s), timeOfDay(s), coordinate(90, s), coordinate(180, s))),
        talker,
        fc.record({
          status: maybe(fc.constantFrom("valid" as const, "warning" as const)),
          speedKnots: maybe(grid(0, 999, 3)),
          trackTrueDeg: maybe(grid(0, 359.99, 2)),
          dateMs: maybe(date),
          magneticVariationDeg: maybe(grid(-179.9, 179.9, 1).filter((v) => v !== 0)),
          faaMode: faa,
          navStatus: maybe(fc.constantFrom("S", "C", "U", "V")),
        }),
        ([s, tod, lat, lon], t, rest) => {
          const values = defined({
            timeOfDayMs: tod,
            latitudeDeg: lat,
            longitudeDeg: lon,
            ...rest,
            ...(rest.navStatus !== undefined ? { faaMode: rest.faaMode ?? "A" } : {}),
          });
          expectBack(encodeRmc({ talker: t, sentenceId: "RMC", ...values }, s), values, ["latitudeDeg", "longitudeDeg"]);
        },
      ),
      { numRuns: 300 },
    );
  });

  it("GLL", () => {
    fc.assert(
      fc.property(
        style.chain((s) => fc.tuple(fc.constant(s), timeOfDay(s), coordinate(90, s), coordinate(180, s))),
        talker,
        fc.constantFrom("valid" as const, "invalid" as const),
        faa,
        ([s, tod, lat, lon], t, status, faaMode) => {
          const values = defined({ timeOfDayMs: tod, latitudeDeg: lat, longitudeDeg: lon, status, faaMode });
          expectBack(encodeGll({ talker: t, sentenceId: "GLL", ...values }, s), values, ["latitudeDeg", "longitudeDeg"]);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("VTG", () => {
    fc.assert(
      fc.property(
        talker,
        fc.record({
          trackTrueDeg: maybe(grid(0, 359.99, 2)),
          trackMagneticDeg: maybe(grid(0, 359.99, 2)),
          speedKnots: maybe(grid(0, 999, 3)),
          speedKmh: maybe(grid(0, 1999, 3)),
          faaMode: faa,
        }),
        (t, rest) => {
          const values = defined(rest);
          expectBack(encodeVtg({ talker: t, sentenceId: "VTG", ...values }), values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("ZDA", () => {
    fc.assert(
      fc.property(
        style.chain((s) => fc.tuple(fc.constant(s), timeOfDay(s))),
        talker,
        date,
        fc.integer({ min: 0, max: 13 }),
        fc.constantFrom(0, 30, 45),
        ([s, tod], t, dateMs, hours, minutes) => {
          const values = { timeOfDayMs: tod, dateMs, localZoneHours: hours, localZoneMinutes: minutes };
          expectBack(encodeZda({ talker: t, sentenceId: "ZDA", ...values }, s), values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("GSA", () => {
    fc.assert(
      fc.property(
        fc.constantFrom("GP", "GN"),
        fc.uniqueArray(fc.integer({ min: 1, max: 32 }), { maxLength: 12 }),
        fc.record({
          fixMode: maybe(fc.constantFrom(1, 2, 3) as fc.Arbitrary<1 | 2 | 3>),
          pdop: maybe(grid(0.5, 99.99, 2)),
          hdop: maybe(grid(0.5, 99.99, 2)),
          vdop: maybe(grid(0.5, 99.99, 2)),
          systemId: maybe(fc.constant(1)),
        }),
        (t, ids, rest) => {
          const values = defined({ selectionMode: "automatic" as const, satelliteIds: ids, ...rest });
          expectBack(encodeGsa({ talker: t, sentenceId: "GSA", ...values }), values);
        },
      ),
      { numRuns: 200 },
    );
  });

  it("GSV", () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            nmeaId: fc.integer({ min: 1, max: 32 }),
            elevationDeg: maybe(fc.integer({ min: 0, max: 90 })),
            azimuthDeg: maybe(fc.integer({ min: 0, max: 359 })),
            cn0DbHz: maybe(fc.integer({ min: 0, max: 99 })),
          }),
          { minLength: 1, maxLength: 4 },
        ),
        fc.integer({ min: 1, max: 3 }),
        maybe(fc.integer({ min: 1, max: 8 })),
        (satellites, count, signalId) => {
          const values = defined({ messageCount: count, messageNumber: count, satellitesInView: satellites.length + 4 * (count - 1), signalId });
          const text = encodeGsv({ talker: "GP", sentenceId: "GSV", ...values, satellites: satellites.map(defined) });
          expectBack(text, values);
          const back = decode(text).sentence;
          expect(
            back?.sentenceId === "GSV"
              ? back.satellites.map((s) => defined({ nmeaId: s.nmeaId, elevationDeg: s.elevationDeg, azimuthDeg: s.azimuthDeg, cn0DbHz: s.cn0DbHz }))
              : undefined,
          ).toEqual(satellites.map(defined));
        },
      ),
      { numRuns: 200 },
    );
  });

  it("TXT", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 9 }), fc.constantFrom(0, 1, 2, 7), fc.stringMatching(/^[A-Za-z0-9 .:=()-]{1,40}$/), (total, textId, text) => {
        const values = { totalMessages: total, messageNumber: 1, textId, text };
        expectBack(encodeTxt({ talker: "GP", sentenceId: "TXT", ...values }), values);
      }),
      { numRuns: 200 },
    );
  });

  it("the default style writes what u-blox writes", () => {
    expect(encodeGga({ talker: "GN", sentenceId: "GGA", timeOfDayMs: 45_296_000, quality: 0, satellitesUsed: 0, hdop: 99.99 }, DEFAULT_STYLE)).toBe(
      "$GNGGA,123456.00,,,,,0,00,99.99,,,,,,*7F",
    );
  });
});
