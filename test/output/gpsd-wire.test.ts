// The gpsd text is made from flat records (src/output/gpsd-wire.ts), in the decoding thread or in the printer
// worker. Whatever an epoch holds, the text must be JSON.stringify of gpsd's objects (toTpv/toSky), and a
// record printed elsewhere (writer.record) must give the same lines as the writer given the epoch. The ATT
// line (heading, pitch, roll, rate of turn) goes the same way, between TPV and SKY.
import fc from "fast-check";
import { UBX_SIGNAL_OF_NMEA } from "../../src/signals.js";
import { describe, expect, it } from "vitest";
import { AT, epochRecordSize, skyUpdateRecordSize, VIEW_HEAD_SIZE, writeEpochRecord, writeSkyUpdateRecord } from "../../src/output/gpsd-wire.js";
import { createGpsdWriter, toAtt, toSky, toTpv, type GpsdEpoch, type GpsdSatellite } from "../../src/output/gpsd.js";
import type { Constellation, Epoch, FixMode, FixQuality } from "../../src/types.js";

const maybe = <T>(arb: fc.Arbitrary<T>): fc.Arbitrary<T | undefined> => fc.option(arb, { nil: undefined });
const real = (min: number, max: number): fc.Arbitrary<number> => fc.double({ min, max, noNaN: true });
/** Receivers send integers and one-decimal values; anything else must print the same too. */
const angle = (min: number, max: number): fc.Arbitrary<number> => fc.oneof(fc.integer({ min, max }), real(min, max));

const constellations: Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];
const satellite: fc.Arbitrary<GpsdSatellite> = fc
  .record({
    constellation: fc.constantFrom(...constellations),
    svid: fc.integer({ min: 1, max: 200 }),
    azimuthDeg: maybe(angle(0, 359)),
    elevationDeg: maybe(angle(-90, 90)),
    cn0DbHz: maybe(angle(0, 99)),
    usedInFix: fc.boolean(),
    signals: fc.array(fc.record({ signalId: maybe(fc.integer({ min: 0, max: 15 })), cn0DbHz: maybe(angle(0, 99)), usedInFix: fc.boolean() }), { maxLength: 3 }),
  })
  .map((s) => strip(s) as GpsdSatellite);

/** Optional fields are absent, not undefined (exactOptionalPropertyTypes). */
function strip<T extends object>(value: T): T {
  const out: Record<string, unknown> = {};
  for (const [key, v] of Object.entries(value)) {
    if (v === undefined) continue;
    out[key] = Array.isArray(v) ? v.map((item: unknown) => (typeof item === "object" && item !== null ? strip(item) : item)) : v;
  }
  return out as T;
}

const epoch: fc.Arbitrary<GpsdEpoch> = fc
  .record({
    timeMs: maybe(fc.integer({ min: 0, max: 4_102_444_800_000 })),
    mode: fc.constantFrom<FixMode>("none", "2d", "3d"),
    quality: fc.constantFrom<FixQuality>("none", "autonomous", "dgps", "pps", "rtk-fixed", "rtk-float", "dead-reckoning", "manual", "time-only", "simulated"),
    latitudeDeg: maybe(real(-90, 90)),
    longitudeDeg: maybe(real(-180, 180)),
    altitudeHaeM: maybe(real(-500, 20_000)),
    altitudeMslM: maybe(real(-500, 20_000)),
    latitudeErrorM: maybe(real(0, 1000)),
    longitudeErrorM: maybe(real(0, 1000)),
    epvM: maybe(real(0, 1000)),
    trackTrueDeg: maybe(real(0, 360)),
    magneticVariationDeg: maybe(real(-180, 180)),
    speedMps: maybe(real(0, 500)),
    climbMps: maybe(real(-100, 100)),
    geoidSeparationM: maybe(real(-120, 120)),
    ephM: maybe(real(0, 1000)),
    dgpsAgeS: maybe(real(0, 999)),
    dgpsStationId: maybe(fc.oneof(fc.integer({ min: 0, max: 1023 }).map(String), fc.constant("x1"))),
    dop: fc.record({ hdop: maybe(real(0.5, 99)), pdop: maybe(real(0.5, 99)), vdop: maybe(real(0.5, 99)) }).map(strip),
    sphericalErrorM: maybe(real(0, 1000)),
    rtkRatio: maybe(real(0, 999)),
    baseline: maybe(
      fc.record({
        quality: fc.constantFrom("rtk-fixed" as const, "rtk-float" as const),
        eastM: real(-1e4, 1e4),
        northM: real(-1e4, 1e4),
        upM: real(-1e3, 1e3),
        lengthM: real(0, 2e4),
        courseDeg: real(0, 360),
      }),
    ),
    headingTrueDeg: maybe(angle(0, 360)),
    pitchDeg: maybe(real(-90, 90)),
    rollDeg: maybe(real(-90, 90)),
    rateOfTurnDegPerMin: maybe(real(-720, 720)),
    satellitesUsed: maybe(fc.integer({ min: 0, max: 64 })),
    satellites: fc.array(satellite, { maxLength: 30 }).map((satellites) => ({ satellites, usedCount: satellites.filter((s) => s.usedInFix).length })),
  })
  .map((e) => strip(e) as GpsdEpoch);

const view = (satellites: GpsdSatellite[]): GpsdEpoch["satellites"] => ({ satellites, usedCount: satellites.filter((s) => s.usedInFix).length });

const gpsdText = (e: GpsdEpoch): string => {
  const att = toAtt(e as Epoch);
  return `${JSON.stringify(toTpv(e as Epoch))}\n${att === undefined ? "" : `${JSON.stringify(att)}\n`}${JSON.stringify(toSky(e as Epoch))}\n`;
};

/** Epochs, each with the view that completed it late (a sky update), if any. */
type Printed = Array<{ e: GpsdEpoch; late: GpsdEpoch["satellites"] | undefined }>;

/** What the writer prints of the epochs given one by one. */
function printDirect(epochs: Printed): string {
  const direct = createGpsdWriter();
  let text = "";
  for (const { e, late } of epochs) {
    text += direct.epoch(e);
    if (late !== undefined) text += direct.skyUpdate(late);
  }
  return text;
}

/** The epochs' records in one batch, as the printer writes them; `repeat`: a view the record before had is not written again. */
function recordsOf(epochs: Printed, repeat: boolean): { batch: Float64Array; length: number; size: number; savedDoubles: number } {
  let size = 0;
  for (const { e, late } of epochs) size += epochRecordSize(e) + (late === undefined ? 0 : skyUpdateRecordSize(late));
  const batch = new Float64Array(size);
  let length = 0;
  let savedDoubles = 0;
  let last: GpsdEpoch["satellites"] | undefined;
  for (const { e, late } of epochs) {
    const repeated = repeat && e.satellites === last;
    if (repeated) savedDoubles += epochRecordSize(e) - AT.satellites - VIEW_HEAD_SIZE;
    length = writeEpochRecord(batch, length, e, repeated);
    last = e.satellites;
    if (late !== undefined) {
      length = writeSkyUpdateRecord(batch, length, late, e);
      last = late;
    }
  }
  return { batch, length, size, savedDoubles };
}

/** What a writer prints of the records in batch[0, length) (the printer worker's way). */
function printRecords(batch: Float64Array, length: number): string {
  const printer = createGpsdWriter();
  let printed = "";
  for (let k = 0; k < length; ) {
    const { text, next } = printer.record(batch, k);
    printed += text;
    k = next;
  }
  return printed;
}

describe("gpsd lines made from records", () => {
  it("are JSON.stringify of toTpv/toAtt/toSky, whatever the epoch holds", () => {
    fc.assert(
      fc.property(epoch, (e) => {
        expect(createGpsdWriter().epoch(e)).toBe(gpsdText(e));
      }),
      { numRuns: 300 },
    );
  });

  it("print the same from a batch of records (the printer worker's way) as from the epochs", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(epoch, fc.option(fc.array(satellite, { maxLength: 8 }), { nil: undefined })), { maxLength: 8 }), (items) => {
        const epochs = items.map(([e, late]) => ({ e, late: late === undefined ? undefined : view(late) }));
        const { batch, length, size } = recordsOf(epochs, false);
        expect(length).toBe(size);
        expect(printRecords(batch, length)).toBe(printDirect(epochs));
      }),
      { numRuns: 200 },
    );
  });

  it("print an epoch whose view is the record before's (REPEATED_VIEW) as the writer prints it", () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(epoch, fc.boolean(), fc.option(fc.array(satellite, { maxLength: 8 }), { nil: undefined })), { maxLength: 8 }), (items) => {
        // an epoch marked so has the view of the record before it (a receiver whose sky did not change), a sky update's too
        let previous: GpsdEpoch["satellites"] | undefined;
        const epochs = items.map(([e, sameView, late]) => {
          const shown: GpsdEpoch = sameView && previous !== undefined ? { ...e, satellites: previous } : e;
          const lateView = late === undefined ? undefined : view(late);
          previous = lateView ?? shown.satellites;
          return { e: shown, late: lateView };
        });
        const { batch, length, size, savedDoubles } = recordsOf(epochs, true);
        // a repeated view takes its head only
        expect(length).toBe(size - savedDoubles);
        expect(printRecords(batch, length)).toBe(printDirect(epochs));
      }),
      { numRuns: 200 },
    );
  });

  it("a sky update repeats the last epoch's time and DOPs with the new view", () => {
    const writer = createGpsdWriter();
    const first: GpsdEpoch = {
      timeMs: Date.UTC(2024, 2, 15, 10, 15, 34),
      mode: "3d",
      quality: "autonomous",
      dop: { hdop: 1.2 },
      satellites: { satellites: [], usedCount: 0 },
    };
    expect(writer.skyUpdate(view([]))).toBe(""); // nothing written yet
    writer.epoch(first);
    const late = view([{ constellation: "gps" as const, svid: 5, elevationDeg: 40, azimuthDeg: 120, cn0DbHz: 38, usedInFix: true, signals: [] }]);
    expect(JSON.parse(writer.skyUpdate(late))).toEqual({
      class: "SKY",
      time: "2024-03-15T10:15:34.000Z",
      hdop: 1.2,
      nSat: 1,
      uSat: 1,
      satellites: [{ PRN: 5, gnssid: 0, svid: 5, az: 120, el: 40, ss: 38, used: true }],
    });
    expect(writer.skyUpdate(late)).toBe(""); // the view already printed
  });

  it("prints no sigid for a primary signal, also where its NMEA id is not 1 (Galileo E1 is 7, gpsd's sigid 0), and Galileo E5a's (NMEA 1)", () => {
    const SIGNALS_E5A = UBX_SIGNAL_OF_NMEA.galileo?.[1];
    expect([3, 4]).toContain(SIGNALS_E5A);
    const sat = (constellation: "gps" | "galileo", svid: number, signalId: number) => ({
      constellation,
      svid,
      elevationDeg: 40,
      azimuthDeg: 120,
      cn0DbHz: 38,
      usedInFix: false,
      signals: [{ signalId, cn0DbHz: 38, usedInFix: false }],
    });
    const epoch: GpsdEpoch = {
      timeMs: Date.UTC(2024, 2, 15, 10, 15, 34),
      mode: "3d",
      quality: "autonomous",
      dop: {},
      satellites: view([sat("galileo", 9, 7), sat("galileo", 36, 2), sat("gps", 5, 1), sat("galileo", 4, 1)]),
    };
    const sky = JSON.parse(createGpsdWriter().epoch(epoch).trim().split("\n").at(-1) as string);
    expect(sky.satellites.map((s: { svid: number; sigid?: number }) => [s.svid, s.sigid])).toEqual([
      [9, undefined],
      [36, 5],
      [5, undefined],
      [4, SIGNALS_E5A],
    ]);
  });
});
