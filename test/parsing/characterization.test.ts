// nmea-simple 3.3.0 characterization: each known trap of the dependency, pinned so an upgrade shows up here,
// and next to it the row showing what gnsskit's parser makes of the same input. If one of the nmea-simple
// expectations starts failing, the dependency changed: re-read src/parsing/nmea-simple.ts and the decoders
// that explain why they do not use it.
import { DefaultPacketFactory, parseNmeaSentence, parseUnsafeNmeaSentence } from "nmea-simple";
import { describe, expect, it } from "vitest";
import type { GgaSentence, GsaSentence, GsvSentence, ProprietarySentence, RmcSentence } from "../../src/types.js";
import { createFramer } from "../../src/framing/index.js";
import { createParser } from "../../src/parsing/index.js";
import { nmea, parseOne } from "./_helpers.js";

/** nmea-simple's result, typed loosely: the point is to look at what it really returns. */
function ns(line: string): Record<string, unknown> {
  return parseNmeaSentence(line) as unknown as Record<string, unknown>;
}

const NO_FIX_GGA = "$GPGGA,,,,,,0,00,99.99,,,,,,*48";
const NO_FIX_RMC = "$GPRMC,,V,,,,,,,,,,N*53";
const GSV_410 = "$GAGSV,3,1,09,02,00,179,,04,09,321,,07,11,134,11,11,10,227,,7*7F";
const RMC_MS = nmea("GNRMC,123411.125,A,4807.038,N,01131.000,E,0.5,54.7,150124,,,A");
const GGA = "$GPGGA,193221.00,2037.72792,N,08704.08478,W,1,04,1.7,-30.40,M,-13.9,M,,*7D";
const PMTK705 = "$PMTK705,AXN_2.51_3339_19071200,0002,QUECTEL-L70,1.0*32";

describe("nmea-simple 3.3.0 traps, and gnsskit on the same input", () => {
  it("empty fields become 0 (GGA lat/lon/alt)", () => {
    const p = ns(NO_FIX_GGA);
    expect(Math.abs(p.latitude as number)).toBe(0);
    expect(Math.abs(p.longitude as number)).toBe(0);
    expect(p.altitudeMeters).toBe(0);
    expect(p.geoidalSeperation).toBe(0);
    expect((p.time as Date).getTime()).toBe(0);
  });
  it("gnsskit: empty GGA fields are undefined", () => {
    const s = parseOne(NO_FIX_GGA).sentence as GgaSentence;
    expect(s.latitudeDeg).toBeUndefined();
    expect(s.longitudeDeg).toBeUndefined();
    expect(s.altitudeMslM).toBeUndefined();
    expect(s.timeOfDayMs).toBeUndefined();
    expect(s.hdop).toBe(99.99);
  });

  it("empty fields become 0 and the date Invalid Date (RMC)", () => {
    const p = ns(NO_FIX_RMC);
    expect(Math.abs(p.latitude as number)).toBe(0);
    expect(p.speedKnots).toBe(0);
    expect(Number.isNaN((p.datetime as Date).getTime())).toBe(true);
  });
  it("gnsskit: empty RMC fields are undefined", () => {
    const s = parseOne(NO_FIX_RMC).sentence as RmcSentence;
    expect([s.latitudeDeg, s.speedKnots, s.dateMs, s.timeOfDayMs]).toEqual([undefined, undefined, undefined, undefined]);
    expect(s.status).toBe("warning");
  });

  it("GGA gets the machine's date", () => {
    const t = ns(GGA).time as Date;
    const now = Date.now();
    expect(Math.abs(t.getTime() - now)).toBeLessThan(36 * 3600 * 1000);
    expect(t.getUTCHours()).toBe(19);
  });
  it("gnsskit: GGA carries a time of day only", () => {
    const s = parseOne(GGA).sentence as GgaSentence;
    expect(s.timeOfDayMs).toBe((19 * 3600 + 32 * 60 + 21) * 1000);
    expect(s).not.toHaveProperty("dateMs");
  });

  it("GSV with an NMEA 4.10 signal id grows a phantom satellite", () => {
    const sats = ns(GSV_410).satellites as Array<Record<string, number>>;
    expect(sats).toHaveLength(5);
    expect(sats[4]?.prnNumber).toBe(7);
    expect(Number.isNaN(sats[4]?.elevationDegrees)).toBe(true);
    expect(sats[0]?.SNRdB).toBe(0); // empty SNR: "tracked at 0 dB"
  });
  it("gnsskit: four satellites, the signal id exposed, empty SNR undefined", () => {
    const s = parseOne(GSV_410).sentence as GsvSentence;
    expect(s.satellites.map((x) => x.svid)).toEqual([2, 4, 7, 11]);
    expect(s.signalId).toBe(7);
    expect(s.satellites[0]).not.toHaveProperty("cn0DbHz");
  });

  it("RMC drops 3-digit milliseconds", () => {
    expect((ns(RMC_MS).datetime as Date).getUTCMilliseconds()).toBe(0);
  });
  it("gnsskit: RMC keeps them", () => {
    expect((parseOne(RMC_MS).sentence as RmcSentence).timeOfDayMs).toBe((12 * 3600 + 34 * 60 + 11) * 1000 + 125);
  });

  it("a missing checksum throws", () => {
    expect(() => parseNmeaSentence("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,")).toThrow(/Invalid sentence/);
  });
  it("gnsskit: a missing checksum is parsed (gpsd does) with the verdict on the sentence", () => {
    expect(parseOne("$GPGGA,123519,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,").sentence).toMatchObject({ checksum: "missing", quality: 1 });
  });

  it("unknown ids throw", () => {
    expect(() => parseNmeaSentence(nmea("GPXYZ,1"))).toThrow(/No known parser for sentence ID "XYZ"/);
  });
  it("gnsskit: unknown ids are an unknown-sentence diagnostic", () => {
    const { sentence, diagnostics } = parseOne(nmea("GPXYZ,1"));
    expect(sentence).toBeUndefined();
    expect(diagnostics.map((d) => d.kind)).toEqual(["unknown-sentence"]);
  });

  it("parseNumberOrString never returns a string (PMTK705 firmware becomes NaN)", () => {
    const data = ns(PMTK705).data as unknown[];
    expect(Number.isNaN(data[0])).toBe(true);
    expect(data[1]).toBe(2);
  });
  it("gnsskit: proprietary fields stay text", () => {
    expect((parseOne(PMTK705).sentence as ProprietarySentence).fields).toEqual(["AXN_2.51_3339_19071200", "0002", "QUECTEL-L70", "1.0"]);
  });

  it("two glued sentences parse as the first; the second is lost", () => {
    const glued = `${GGA}$GPZDA,193223.00,23,12,2007,00,00*69`;
    expect(ns(glued).sentenceId).toBe("GGA");
  });
  it("gnsskit: framer + parser give both sentences", () => {
    const sentences: string[] = [];
    const parser = createParser();
    const framer = createFramer({
      onFrame: (f) => {
        const s = parser.parse(f, () => undefined);
        if (s !== undefined) sentences.push(s.sentenceId);
      },
      onDiagnostic: () => undefined,
    });
    framer.pushText(`${GGA}$GPZDA,193223.00,23,12,2007,00,00*69\r\n`, 0);
    framer.end();
    expect(sentences).toEqual(["GGA", "ZDA"]);
  });

  it("$GPconstructor and friends hit the prototype of the decoder table", () => {
    expect(ns(nmea("GPconstructor,1")).sentenceId).toBe("constructor");
    expect(parseNmeaSentence(nmea("GPtoString,1"))).toBe("[object Undefined]");
    expect(() => parseNmeaSentence(nmea("GP__proto__,1"))).toThrow(TypeError);
  });
  it("gnsskit: they are unknown sentences", () => {
    for (const body of ["GPconstructor,1", "GPtoString,1", "GP__proto__,1"]) {
      const { sentence, diagnostics } = parseOne(nmea(body));
      expect(sentence).toBeUndefined();
      expect(diagnostics[0]?.kind).toBe("unknown-sentence");
    }
  });

  it("GGA satellitesInView is really the number of satellites used", () => {
    expect(ns(GGA).satellitesInView).toBe(4);
  });
  it("gnsskit: it is satellitesUsed", () => {
    expect((parseOne(GGA).sentence as GgaSentence).satellitesUsed).toBe(4);
  });

  it("the GSA system id is dropped", () => {
    expect(ns("$GNGSA,A,3,13,12,22,19,08,21,,,,,,,1.05,0.64,0.83,4*0B")).not.toHaveProperty("systemId");
  });
  it("gnsskit: the system id is kept and resolves the satellites", () => {
    const s = parseOne("$GNGSA,A,3,13,12,22,19,08,21,,,,,,,1.05,0.64,0.83,4*0B").sentence as GsaSentence;
    expect(s.systemId).toBe(4);
    expect(s.satellites[0]?.constellation).toBe("beidou");
  });

  it("a short sentence makes a codec throw a raw TypeError (even the unsafe parser)", () => {
    expect(() => parseUnsafeNmeaSentence(nmea("GPGGA,123519"))).toThrow(TypeError);
  });
  it("gnsskit: too-few-fields diagnostic", () => {
    expect(parseOne(nmea("GPGGA,123519")).diagnostics[0]?.kind).toBe("too-few-fields");
  });
});

describe("the nmea-simple codecs gnsskit decodes with (src/parsing/nmea-simple.ts)", () => {
  const decode = (id: string, line: string) => {
    const stub = { talkerId: "GP", sentenceId: id, chxOk: true as const };
    return DefaultPacketFactory.getParser(stub)(stub, line.split("*")[0]!.split(",")) as unknown as Record<string, unknown>;
  };
  it("VTG: trackTrue, trackMagnetic, speedKnots, speedKmph, faaMode", () => {
    expect(decode("VTG", "$GPVTG,054.7,T,034.4,M,005.5,N,010.2,K,A")).toMatchObject({
      trackTrue: 54.7,
      trackMagnetic: 34.4,
      speedKnots: 5.5,
      speedKmph: 10.2,
      faaMode: "A",
    });
  });
  it("GLL: latitude/longitude in signed degrees", () => {
    const p = decode("GLL", "$GPGLL,4916.45,N,12311.12,W,225444,A,A");
    expect(p.latitude).toBeCloseTo(49 + 16.45 / 60, 9);
    expect(p.longitude).toBeCloseTo(-(123 + 11.12 / 60), 9);
  });
  it("GNS: position, satellitesInView (= used), horizontalDilution, altitudeMeters, geoidalSeperation", () => {
    expect(decode("GNS", "$GNGNS,191503.01,3645.876324,N,03124.670280,E,AAN,08,1.3,-6.7,32.0,,,V")).toMatchObject({
      satellitesInView: 8,
      horizontalDilution: 1.3,
      altitudeMeters: -6.7,
      geoidalSeperation: 32,
    });
  });
  it("GST: the seven statistics", () => {
    expect(decode("GST", "$GNGST,223745.00,228650,2.5,2.4,126,0.98,1.0,3.1")).toMatchObject({
      totalRms: 228650,
      semiMajorError: 2.5,
      semiMinorError: 2.4,
      orientationOfSemiMajorError: 126,
      latitudeError: 0.98,
      longitudeError: 1,
      altitudeError: 3.1,
    });
  });
  it("a dot-less coordinate is 0 (why gnsskit vets coordinates first)", () => {
    expect(decode("GLL", "$GPGLL,4916,N,12311,W,225444,A,A").latitude).toBe(0);
    expect(parseOne(nmea("GPGLL,4916,N,12311,W,225444,A,A")).sentence).not.toHaveProperty("latitudeDeg");
  });
});
