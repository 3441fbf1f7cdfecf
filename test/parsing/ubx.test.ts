// Table tests for the UBX decoders (src/parsing/ubx/): each message from a payload laid out by hand as the
// u-blox interface description says, its decoded fields, and the diagnostics for what cannot be decoded.
// Real logs are compared with gpsd's decoder in ubx-corpus.test.ts.
import { describe, expect, it } from "vitest";
import { ubxFrame } from "../../src/framing/ubx.js";
import { createUbxDecoder, UBX_REGISTRY } from "../../src/parsing/ubx/index.js";
import type { Diagnostic, UbxMessage } from "../../src/types.js";

/** A little-endian payload writer. */
class P {
  readonly bytes: Uint8Array;
  readonly #view: DataView;
  constructor(length: number) {
    this.bytes = new Uint8Array(length);
    this.#view = new DataView(this.bytes.buffer);
  }
  u1 = (at: number, v: number): this => (this.#view.setUint8(at, v & 0xff), this);
  i1 = (at: number, v: number): this => (this.#view.setInt8(at, v), this);
  u2 = (at: number, v: number): this => (this.#view.setUint16(at, v, true), this);
  i2 = (at: number, v: number): this => (this.#view.setInt16(at, v, true), this);
  u4 = (at: number, v: number): this => (this.#view.setUint32(at, v, true), this);
  i4 = (at: number, v: number): this => (this.#view.setInt32(at, v, true), this);
  r4 = (at: number, v: number): this => (this.#view.setFloat32(at, v, true), this);
  text = (at: number, v: string): this => (this.bytes.set(new TextEncoder().encode(v), at), this);
}

function decode(cls: number, id: number, payload: Uint8Array | P): { message: UbxMessage | undefined; diagnostics: Diagnostic[] } {
  const diagnostics: Diagnostic[] = [];
  const bytes = payload instanceof P ? payload.bytes : payload;
  const message = createUbxDecoder().decode(ubxFrame(cls, id, bytes), 5000, (d) => diagnostics.push(d));
  return { message, diagnostics };
}

const tod = (h: number, m: number, s: number, ms = 0): number => ((h * 60 + m) * 60 + s) * 1000 + ms;
/** Sunday 2024-03-24 20:42:22 UTC is 20:42:40 GPS time, into the week's first day. */
const ITOW = tod(20, 42, 40);

function pvt(length = 92): P {
  const p = new P(length);
  p.u4(0, ITOW).u2(4, 2024).u1(6, 3).u1(7, 24).u1(8, 20).u1(9, 42).u1(10, 22).u1(11, 0x0f).u4(12, 26).i4(16, -361_668);
  p.u1(20, 3).u1(21, 0x83).u1(23, 26).i4(24, -22_402_855).i4(28, 534_507_228).i4(32, 91_184).i4(36, 42_701);
  p.u4(40, 1491).u4(44, 2065).i4(48, -7).i4(52, 4).i4(56, 9).i4(60, 8).i4(64, 15_961_160).u4(68, 259).u4(72, 4_855_052).u2(76, 101);
  if (length >= 92) p.u2(78, 3 << 1).i2(88, 115);
  return p;
}

describe("UBX decoders", () => {
  it("NAV-PVT: time, fix, carrier solution, position, velocity, 1-sigma accuracies (u-blox 8, 92 bytes)", () => {
    const { message, diagnostics } = decode(0x01, 0x07, pvt());
    expect(diagnostics).toEqual([]);
    expect(message).toEqual({
      protocol: "UBX",
      talker: "UBX",
      sentenceId: "UBX-NAV-PVT",
      receivedAtMs: 5000,
      iTOWMs: ITOW,
      // GPS − UTC from its own UTC beside its iTOW: 18 s
      cycleTimeOfDayMs: tod(20, 42, 22),
      // nano -361668 ns: 22.000 s less 0.36 ms, to the millisecond
      timeOfDayMs: tod(20, 42, 22),
      dateMs: Date.UTC(2024, 2, 24),
      fullyResolved: true,
      tAccNs: 26,
      fixType: 3,
      gnssFixOK: true,
      diffSoln: true,
      carrSoln: 2,
      numSV: 26,
      lonDeg: expect.closeTo(-2.2402855, 10),
      latDeg: expect.closeTo(53.4507228, 10),
      heightM: 91.184,
      hMSLM: 42.701,
      hAccM: 1.491,
      vAccM: 2.065,
      velNMps: -0.007,
      velEMps: 0.004,
      velDMps: 0.009,
      gSpeedMps: 0.008,
      headMotDeg: expect.closeTo(159.6116, 10),
      sAccMps: 0.259,
      headAccDeg: expect.closeTo(48.55052, 10),
      pDOP: 1.01,
      invalidLlh: false,
      lastCorrectionAgeS: 5,
      magDecDeg: 1.15,
    });
  });

  it("NAV-PVT of a u-blox 7 (84 bytes): no magnetic declination; time without date; nano before the second", () => {
    const p = pvt(84).u1(11, 0x02).u1(8, 0).u1(9, 0).u1(10, 0).i4(16, -600_000_000);
    const { message } = decode(0x01, 0x07, p);
    expect(message).toMatchObject({ timeOfDayMs: 86_400_000 - 600 });
    expect(message).not.toHaveProperty("dateMs");
    expect(message).not.toHaveProperty("magDecDeg");
    expect(message).not.toHaveProperty("lastCorrectionAgeS");
  });

  it("NAV-SAT: per satellite C/N0, elevation, azimuth, used, health, orbit source; unknown positions and numbers", () => {
    const p = new P(8 + 12 * 3).u4(0, ITOW).u1(4, 1).u1(5, 3);
    // GPS 2: 31 dB-Hz, 18°, 221°, prRes -1.2 m, quality 7, used, healthy, ephemeris (available), almanac available
    p.u1(8, 0)
      .u1(9, 2)
      .u1(10, 31)
      .i1(11, 18)
      .i2(12, 221)
      .i2(14, -12)
      .u4(16, 7 | 0x08 | (1 << 4) | (1 << 8) | 0x800 | 0x1000);
    // GLONASS slot 255 (unknown), elevation -91 (unknown): no identity, no position
    p.u1(20, 6).u1(21, 255).u1(22, 0).i1(23, -91).i2(24, 90).u4(28, 1);
    // Galileo numbered by PRN 211 = E01; azimuth 360 = 0; unhealthy, almanac
    p.u1(32, 2)
      .u1(33, 211)
      .u1(34, 0)
      .i1(35, 5)
      .i2(36, 360)
      .u4(40, (2 << 4) | (2 << 8) | 0x1000);
    const { message, diagnostics } = decode(0x01, 0x35, p);
    expect(diagnostics).toEqual([]);
    expect(message?.sentenceId).toBe("UBX-NAV-SAT");
    const sats = message !== undefined && "satellites" in message ? message.satellites : [];
    expect(sats[0]).toEqual({
      gnssId: 0,
      svId: 2,
      identity: { constellation: "gps", svid: 2, nmeaId: 2 },
      cn0DbHz: 31,
      elevDeg: 18,
      azimDeg: 221,
      prResM: -1.2,
      qualityInd: 7,
      svUsed: true,
      health: 1,
      diffCorr: false,
      orbitSource: 1,
      ephAvail: true,
      almAvail: true,
      anoAvail: false,
      aopAvail: false,
    });
    expect(sats[1]).not.toHaveProperty("identity");
    expect(sats[1]).not.toHaveProperty("elevDeg");
    expect(sats[1]).not.toHaveProperty("azimDeg");
    expect(sats[2]).toMatchObject({
      identity: { constellation: "galileo", svid: 1, nmeaId: 211 },
      elevDeg: 5,
      azimDeg: 0,
      health: 2,
      orbitSource: 2,
      svUsed: false,
    });
  });

  it("NAV-SIG: per signal, with the NMEA signal id of the u-blox one", () => {
    const p = new P(8 + 16).u4(0, ITOW).u1(4, 0).u1(5, 1);
    // Galileo E12 E5b I (sigId 5), 38 dB-Hz, quality 7, healthy, pseudorange and carrier used
    p.u1(8, 2)
      .u1(9, 12)
      .u1(10, 5)
      .u1(11, 0)
      .i2(12, 5)
      .u1(14, 38)
      .u1(15, 7)
      .u1(16, 1)
      .u1(17, 3)
      .u2(18, 1 | 0x08 | 0x10);
    const { message } = decode(0x01, 0x43, p);
    expect(message !== undefined && "signals" in message ? message.signals : []).toEqual([
      {
        gnssId: 2,
        svId: 12,
        sigId: 5,
        identity: { constellation: "galileo", svid: 12, nmeaId: 12 },
        nmeaSignalId: 2,
        freqId: 0,
        prResM: 0.5,
        cn0DbHz: 38,
        qualityInd: 7,
        corrSource: 1,
        ionoModel: 3,
        health: 1,
        prSmoothed: false,
        prUsed: true,
        crUsed: true,
        doUsed: false,
        prCorrUsed: false,
        crCorrUsed: false,
        doCorrUsed: false,
      },
    ]);
  });

  it("NAV-STATUS, NAV-DOP, NAV-EOE", () => {
    const status = new P(16)
      .u4(0, ITOW)
      .u1(4, 3)
      .u1(5, 0x0f)
      .u1(7, 1 << 6)
      .u4(8, 23_352)
      .u4(12, 10_402_347);
    expect(decode(0x01, 0x03, status).message).toMatchObject({
      gpsFix: 3,
      gpsFixOk: true,
      diffSoln: true,
      wknSet: true,
      towSet: true,
      carrSoln: 1,
      ttffMs: 23_352,
      msssMs: 10_402_347,
    });
    const dop = new P(18).u4(0, ITOW).u2(4, 114).u2(6, 101).u2(8, 53).u2(10, 83).u2(12, 58).u2(14, 46).u2(16, 35);
    expect(decode(0x01, 0x04, dop).message).toMatchObject({ gDOP: 1.14, pDOP: 1.01, tDOP: 0.53, vDOP: 0.83, hDOP: 0.58, nDOP: 0.46, eDOP: 0.35 });
    expect(decode(0x01, 0x61, new P(4).u4(0, ITOW)).message).toMatchObject({ sentenceId: "UBX-NAV-EOE", iTOWMs: ITOW });
  });

  it("NAV-TIMEGPS and NAV-TIMEUTC: UTC date and time where valid", () => {
    const gps = new P(16).u4(0, ITOW).i4(4, 250_000).i2(8, 2307).i1(10, 18).u1(11, 0x07).u4(12, 20);
    expect(decode(0x01, 0x20, gps).message).toMatchObject({
      week: 2307,
      leapS: 18,
      leapSValid: true,
      dateMs: Date.UTC(2024, 2, 24),
      timeOfDayMs: tod(20, 42, 22),
    });
    expect(decode(0x01, 0x20, gps.u1(11, 0x03)).message).not.toHaveProperty("timeOfDayMs");
    const utc = new P(20).u4(0, ITOW).u4(4, 20).i4(8, 1_000_000).u2(12, 2024).u1(14, 3).u1(15, 24).u1(16, 20).u1(17, 42).u1(18, 22).u1(19, 0x37);
    expect(decode(0x01, 0x21, utc).message).toMatchObject({ validUTC: true, dateMs: Date.UTC(2024, 2, 24), timeOfDayMs: tod(20, 42, 22, 1) });
    expect(decode(0x01, 0x21, utc.u1(19, 0x03)).message).not.toHaveProperty("timeOfDayMs");
  });

  it("NAV-HPPOSLLH: the high-precision parts added; NAV-COV: the covariance as sent", () => {
    const hp = new P(36)
      .u1(0, 0)
      .u4(4, ITOW)
      .i4(8, -22_402_300)
      .i4(12, 534_506_924)
      .i4(16, 86_372)
      .i4(20, 37_889)
      .i1(24, -5)
      .i1(25, 71)
      .i1(26, 3)
      .i1(27, -2)
      .u4(28, 26_860)
      .u4(32, 28_000);
    expect(decode(0x01, 0x14, hp).message).toMatchObject({
      lonDeg: expect.closeTo(-2.240230005, 12),
      latDeg: expect.closeTo(53.450692471, 12),
      heightM: expect.closeTo(86.3723, 9),
      hMSLM: expect.closeTo(37.8888, 9),
      hAccM: 2.686,
      vAccM: 2.8,
      invalidLlh: false,
    });
    const cov = new P(64).u4(0, ITOW).u1(4, 0).u1(5, 1).u1(6, 1).r4(16, 1.5).r4(28, 0.75).r4(36, 4.25).r4(40, 0.01);
    expect(decode(0x01, 0x36, cov).message).toMatchObject({
      posCovValid: true,
      posCovNNM2: 1.5,
      posCovEEM2: 0.75,
      posCovDDM2: 4.25,
      velCovNNM2ps2: expect.closeTo(0.01, 8),
    });
  });

  it("MON-VER, MON-HW, MON-RF: versions, antenna, jamming", () => {
    const ver = new P(40 + 30 * 2).text(0, "ROM SPG 5.10 (7b202e)").text(30, "000A0000").text(40, "FWVER=SPG 5.10").text(70, "PROTVER=34.10");
    expect(decode(0x0a, 0x04, ver).message).toMatchObject({
      swVersion: "ROM SPG 5.10 (7b202e)",
      hwVersion: "000A0000",
      extensions: ["FWVER=SPG 5.10", "PROTVER=34.10"],
    });
    const hw = new P(60)
      .u2(16, 92)
      .u2(18, 1404)
      .u1(20, 4)
      .u1(21, 1)
      .u1(22, 2 << 2)
      .u1(45, 7);
    expect(decode(0x0a, 0x09, hw).message).toMatchObject({ aStatus: "open", aPower: "on", jammingState: "warning", jamInd: 7, noisePerMS: 92, agcCnt: 1404 });
    const rf = new P(4 + 24 * 2).u1(0, 0).u1(1, 2).u1(4, 0).u1(5, 1).u1(6, 2).u1(7, 1).u1(20, 3).u1(28, 1).u1(29, 3).u1(30, 3).u1(31, 1).u1(44, 255);
    expect(decode(0x0a, 0x38, rf).message).toMatchObject({
      blocks: [
        { blockId: 0, jammingState: "ok", antStatus: "ok", antPower: "on", jamInd: 3 },
        { blockId: 1, jammingState: "critical", antStatus: "short", antPower: "on", jamInd: 255 },
      ],
    });
  });

  it("RXM-SFRBX (counted), INF-* (text), ACK-ACK/NAK", () => {
    const sfrbx = new P(8 + 40).u1(0, 0).u1(1, 5).u1(4, 10);
    expect(decode(0x02, 0x13, sfrbx).message).toMatchObject({ sentenceId: "UBX-RXM-SFRBX", identity: { constellation: "gps", svid: 5 }, numWords: 10 });
    expect(decode(0x04, 0x02, new TextEncoder().encode("ANTSTATUS=OK")).message).toMatchObject({ sentenceId: "UBX-INF-NOTICE", text: "ANTSTATUS=OK" });
    expect(decode(0x04, 0x00, new TextEncoder().encode("")).message).toMatchObject({ sentenceId: "UBX-INF-ERROR", text: "" });
    expect(decode(0x05, 0x00, new Uint8Array([0x06, 0x8a])).message).toMatchObject({ sentenceId: "UBX-ACK-NAK", clsId: 0x06, msgId: 0x8a });
  });

  it("u-blox 5 to 7: NAV-POSLLH, NAV-VELNED, NAV-SOL (its week and time of week as UTC), NAV-SVINFO read as NAV-SAT", () => {
    const posllh = new P(28).u4(0, ITOW).i4(4, -22_402_855).i4(8, 534_507_228).i4(12, 91_184).i4(16, 42_701).u4(20, 1491).u4(24, 2065);
    expect(decode(0x01, 0x02, posllh).message).toMatchObject({ latDeg: expect.closeTo(53.4507228, 10), heightM: 91.184, hMSLM: 42.701, hAccM: 1.491 });
    const velned = new P(36).u4(0, ITOW).i4(4, 120).i4(8, -50).i4(12, 7).u4(16, 131).u4(20, 130).i4(24, 33_500_000).u4(28, 25).u4(32, 900_000);
    expect(decode(0x01, 0x12, velned).message).toMatchObject({
      velNMps: 1.2,
      velEMps: -0.5,
      velDMps: 0.07,
      gSpeedMps: 1.3,
      headingDeg: 335,
      sAccMps: 0.25,
      cAccDeg: 9,
    });
    // week 2307, iTOW (Sunday 20:42:40 GPS), fTOW +0.25 ms: 20:42:22 UTC with 18 s GPS − UTC
    const sol = new P(52)
      .u4(0, ITOW)
      .i4(4, 250_000)
      .i2(8, 2307)
      .u1(10, 3)
      .u1(11, 0x0f)
      .i4(12, -200_172_379)
      .i4(16, -392_508_994)
      .i4(20, 459_656_954)
      .u4(24, 350)
      .u2(44, 223)
      .u1(47, 6);
    expect(decode(0x01, 0x06, sol).message).toMatchObject({
      gpsFix: 3,
      gpsFixOk: true,
      diffSoln: true,
      wknSet: true,
      towSet: true,
      ecefXM: -2_001_723.79,
      pAccM: 3.5,
      pDOP: 2.23,
      numSV: 6,
      dateMs: Date.UTC(2024, 2, 24),
      timeOfDayMs: tod(20, 42, 22),
    });
    const svinfo = new P(8 + 12 * 3).u4(0, ITOW).u1(4, 3);
    // GLONASS 66 = slot 2, used, ephemeris; BeiDou 33 = C06 by almanac; 255: a GLONASS slot unknown, left out
    svinfo
      .u1(9, 66)
      .u1(10, 0x01 | 0x04 | 0x08)
      .u1(11, 7)
      .u1(12, 38)
      .i1(13, 41)
      .i2(14, 301);
    svinfo
      .u1(21, 33)
      .u1(22, 0x04 | 0x20 | 0x10)
      .u1(23, 1)
      .u1(24, 0)
      .i1(25, 12)
      .i2(26, 45);
    svinfo.u1(33, 255).u1(36, 30);
    const sats = decode(0x01, 0x30, svinfo).message;
    expect(sats?.sentenceId).toBe("UBX-NAV-SVINFO");
    expect(sats !== undefined && "satellites" in sats ? sats.satellites : []).toMatchObject([
      { gnssId: 6, svId: 2, identity: { constellation: "glonass", svid: 2 }, svUsed: true, orbitSource: 1, health: 1, cn0DbHz: 38, elevDeg: 41, azimDeg: 301 },
      { gnssId: 3, svId: 6, identity: { constellation: "beidou", svid: 6 }, svUsed: false, orbitSource: 2, health: 2, cn0DbHz: 0 },
    ]);
  });

  it("every registry row has a decoder that reads its shortest payload", () => {
    for (const row of UBX_REGISTRY) {
      const payload = new P(Math.max(row.minLength, 8));
      if (row.name === "NAV-SAT") payload.u1(4, 1);
      const { message, diagnostics } = decode(row.messageClass, row.messageId, payload);
      expect(diagnostics, row.name).toEqual([]);
      expect(message?.sentenceId, row.name).toBe(`UBX-${row.name}`);
    }
  });
});

describe("UBX diagnostics: one line each, never a throw", () => {
  const rows: { name: string; packet: Uint8Array; kind: Diagnostic["kind"]; message: string }[] = [
    {
      name: "bad checksum",
      packet: (() => {
        const f = ubxFrame(0x01, 0x61, new P(4).u4(0, ITOW).bytes);
        f[f.length - 1] = (f[f.length - 1] as number) ^ 0xff;
        return f;
      })(),
      kind: "checksum",
      message: "ubx: NAV-EOE checksum mismatch: got 8D 3C, computed 8D C3", // Fletcher over 01 61 04 00 00 B2 71 04, by hand
    },
    {
      name: "a message gnsskit does not decode",
      packet: ubxFrame(0x01, 0x34, new Uint8Array(8)),
      kind: "binary",
      message: "binary: UBX NAV-ORB (class 0x01 id 0x34) not decoded: skipped (16 bytes)",
    },
    {
      name: "an unknown class",
      packet: ubxFrame(0x99, 0x01, new Uint8Array(2)),
      kind: "binary",
      message: "binary: UBX 0x99 0x01 (class 0x99 id 0x01) not decoded: skipped (10 bytes)",
    },
    {
      name: "a host's poll (empty payload)",
      packet: ubxFrame(0x0a, 0x04),
      kind: "binary",
      message: "binary: UBX MON-VER poll (an empty payload, sent to the receiver): skipped",
    },
    {
      name: "a runt payload",
      packet: ubxFrame(0x01, 0x07, new Uint8Array(80)),
      kind: "too-few-fields",
      message: "ubx: NAV-PVT payload is 80 bytes, its layout needs 84",
    },
    {
      name: "an unknown version",
      packet: ubxFrame(0x01, 0x35, new P(8).u1(4, 2).bytes),
      kind: "field",
      message: "ubx: NAV-SAT version 2 is not the documented 1",
    },
    {
      name: "a count past the payload",
      packet: ubxFrame(0x01, 0x43, new P(8).u1(5, 3).bytes),
      kind: "field",
      message: "ubx: NAV-SIG 3 signals need 56 bytes, the payload has 8",
    },
  ];
  for (const row of rows) {
    it(row.name, () => {
      const diagnostics: Diagnostic[] = [];
      expect(createUbxDecoder().decode(row.packet, 7, (d) => diagnostics.push(d))).toBeUndefined();
      expect(diagnostics).toHaveLength(1);
      expect(diagnostics[0]).toMatchObject({ kind: row.kind, message: row.message, value: "UBX", receivedAtMs: 7 });
    });
  }
});

describe("UBX cycle time: iTOW less GPS − UTC, as the receiver last stated it", () => {
  const dop = (iTOW: number): Uint8Array => ubxFrame(0x01, 0x04, new P(18).u4(0, iTOW).bytes);
  const cycle = (decoder: ReturnType<typeof createUbxDecoder>, packet: Uint8Array): number | undefined => {
    const m = decoder.decode(packet, 0, () => undefined);
    return m !== undefined && "cycleTimeOfDayMs" in m ? m.cycleTimeOfDayMs : undefined;
  };

  it("18 s until stated; NAV-TIMEGPS's leap seconds; NAV-PVT's UTC beside its iTOW; across midnight", () => {
    const decoder = createUbxDecoder();
    expect(decoder.leapSeconds).toBe(18);
    expect(cycle(decoder, dop(ITOW))).toBe(tod(20, 42, 22));
    decoder.decode(ubxFrame(0x01, 0x20, new P(16).u4(0, ITOW).i1(10, 17).u1(11, 0x04).bytes), 0, () => undefined);
    expect(cycle(decoder, dop(ITOW))).toBe(tod(20, 42, 23));
    decoder.decode(ubxFrame(0x01, 0x07, pvt().bytes), 0, () => undefined);
    expect(decoder.leapSeconds).toBe(18);
    // 00:00:10 GPS on Sunday is 23:59:52 UTC on Saturday
    expect(cycle(decoder, dop(10_000))).toBe(tod(23, 59, 52));
  });

  it("a NAV-PVT whose time is not valid teaches nothing", () => {
    const decoder = createUbxDecoder();
    decoder.decode(ubxFrame(0x01, 0x07, pvt().u1(11, 0).u1(10, 0).bytes), 0, () => undefined);
    expect(decoder.leapSeconds).toBe(18);
  });
});
