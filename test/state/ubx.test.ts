// UBX messages in the one tracker: cycles by iTOW (NAV-EOE closes one), one epoch per solution for a receiver
// sending NMEA and UBX with the UBX value winning per field, u-blox's fix rules (gnssFixOK, carrSoln, time
// only, invalidLlh), the NAV-SAT/NAV-SIG sky, the receiver's own status, and the start type from orbit sources.
import { describe, expect, it } from "vitest";
import { createTracker } from "../../src/state/index.js";
import { receiverTtffText } from "../../src/output/receiver-text.js";
import type {
  Epoch,
  GgaSentence,
  GsaSentence,
  GsvSentence,
  ReceiverMessage,
  RmcSentence,
  TrackerEvent,
  UbxMessage,
  UbxNavDop,
  UbxNavPvt,
  UbxNavSat,
  UbxNavSig,
  UbxSatellite,
} from "../../src/types.js";

const tod = (h: number, m: number, s: number): number => ((h * 60 + m) * 60 + s) * 1000;
const DATE = Date.UTC(2024, 2, 24);
const LEAP_MS = 18_000;
/** Sunday: GPS time of week = GPS time of day */
const itowOf = (utcTodMs: number): number => utcTodMs + LEAP_MS;
const ubx = { protocol: "UBX" as const, talker: "UBX" as const, receivedAtMs: 0 };
const nav = (t: number) => ({ ...ubx, iTOWMs: itowOf(t), cycleTimeOfDayMs: t });

function pvt(t: number, o: Partial<UbxNavPvt> = {}): UbxNavPvt {
  return {
    ...nav(t),
    sentenceId: "UBX-NAV-PVT",
    timeOfDayMs: t,
    dateMs: DATE,
    fullyResolved: true,
    tAccNs: 20,
    fixType: 3,
    gnssFixOK: true,
    diffSoln: false,
    carrSoln: 0,
    numSV: 7,
    lonDeg: -117.0207466,
    latDeg: 46.4046016,
    heightM: 269.5238,
    hMSLM: 287.7238,
    hAccM: 1.5,
    vAccM: 2.5,
    velNMps: 0,
    velEMps: 0,
    velDMps: -0.2,
    gSpeedMps: 0.015,
    headMotDeg: 159.6,
    sAccMps: 0.2,
    headAccDeg: 48,
    pDOP: 2.23,
    invalidLlh: false,
    ...o,
  };
}
const dop = (t: number): UbxNavDop => ({ ...nav(t), sentenceId: "UBX-NAV-DOP", gDOP: 2.5, pDOP: 2.2, tDOP: 1.1, vDOP: 1.7, hDOP: 1.3, nDOP: 1, eDOP: 0.8 });
const eoe = (t: number): UbxMessage => ({ ...nav(t), sentenceId: "UBX-NAV-EOE" });
function sat(svid: number, o: Partial<UbxSatellite> = {}): UbxSatellite {
  return {
    gnssId: 0,
    svId: svid,
    identity: { constellation: "gps", svid, nmeaId: svid },
    cn0DbHz: 40,
    elevDeg: 45,
    azimDeg: 90,
    prResM: 0,
    qualityInd: 7,
    svUsed: true,
    health: 1,
    diffCorr: false,
    orbitSource: 1,
    ephAvail: true,
    almAvail: true,
    anoAvail: false,
    aopAvail: false,
    ...o,
  };
}
const navSat = (t: number, satellites: UbxSatellite[]): UbxNavSat => ({ ...nav(t), sentenceId: "UBX-NAV-SAT", satellites });

const nmeaBase = { raw: "", checksum: "ok" as const, receivedAtMs: 0, talker: "GN", system: "multi" as const };
const gga = (t: number, o: Partial<GgaSentence> = {}): GgaSentence => ({
  ...nmeaBase,
  sentenceId: "GGA",
  timeOfDayMs: t,
  latitudeDeg: 46.404601667,
  longitudeDeg: -117.020746667,
  quality: 1,
  satellitesUsed: 6,
  hdop: 1.36,
  altitudeMslM: 287.7,
  geoidSeparationM: -18.2,
  ...o,
});
const rmc = (t: number): RmcSentence => ({
  ...nmeaBase,
  sentenceId: "RMC",
  timeOfDayMs: t,
  dateMs: DATE,
  status: "valid",
  latitudeDeg: 46.404601667,
  longitudeDeg: -117.020746667,
  speedKnots: 0.045,
  faaMode: "A",
});
const gsa = (): GsaSentence => ({
  ...nmeaBase,
  sentenceId: "GSA",
  fixMode: 3,
  pdop: 2.23,
  hdop: 1.36,
  vdop: 1.76,
  satelliteIds: [6, 20],
  satellites: [
    { constellation: "gps", svid: 6, nmeaId: 6 },
    { constellation: "gps", svid: 20, nmeaId: 20 },
  ],
});
const gsv = (): GsvSentence => ({
  ...nmeaBase,
  talker: "GP",
  system: "gps",
  sentenceId: "GSV",
  messageCount: 1,
  messageNumber: 1,
  satellitesInView: 2,
  satellites: [
    { constellation: "gps", svid: 6, nmeaId: 6, elevationDeg: 65, azimuthDeg: 86, cn0DbHz: 24 },
    { constellation: "gps", svid: 20, nmeaId: 20, elevationDeg: 8, azimuthDeg: 158, cn0DbHz: 32 },
  ],
});

function run(messages: ReceiverMessage[]): { events: TrackerEvent[]; epochs: Epoch[]; closedAfter: string[]; tracker: ReturnType<typeof createTracker> } {
  const tracker = createTracker({ timeBase: "sentence" });
  const events: TrackerEvent[] = [...tracker.open(0).events];
  const closedAfter: string[] = [];
  for (const m of messages) {
    const update = tracker.update(m, 0);
    if (update.events.some((e) => e.type === "epoch")) closedAfter.push(m.sentenceId);
    events.push(...update.events);
  }
  events.push(...tracker.end(0).events);
  return { events, epochs: events.flatMap((e) => (e.type === "epoch" ? [e.epoch] : [])), closedAfter, tracker };
}

const T = tod(20, 42, 22);

describe("UBX cycles", () => {
  it("NAV-EOE closes its epoch at once", () => {
    const { closedAfter, epochs } = run([pvt(T), dop(T), eoe(T), pvt(T + 1000), dop(T + 1000), eoe(T + 1000)]);
    expect(closedAfter).toEqual(["UBX-NAV-EOE", "UBX-NAV-EOE"]);
    expect(epochs.map((e) => e.sentenceIds)).toEqual([
      ["UBX-NAV-PVT", "UBX-NAV-DOP", "UBX-NAV-EOE"],
      ["UBX-NAV-PVT", "UBX-NAV-DOP", "UBX-NAV-EOE"],
    ]);
  });

  it("without NAV-EOE, cycles split where iTOW changes and the last message is learned as their end", () => {
    const seq: ReceiverMessage[] = [];
    for (let i = 0; i < 4; i++) seq.push(pvt(T + i * 1000), dop(T + i * 1000));
    const { closedAfter, epochs } = run(seq);
    expect(closedAfter).toEqual(["UBX-NAV-PVT", "UBX-NAV-PVT", "UBX-NAV-DOP", "UBX-NAV-DOP"]);
    expect(epochs).toHaveLength(4);
  });

  it("a receiver without valid time still has its cycles (by iTOW), and epochs without a time of day", () => {
    const noTime = (t: number): UbxNavPvt => {
      const m = pvt(t, { fixType: 0, gnssFixOK: false });
      delete m.timeOfDayMs;
      delete m.dateMs;
      return m;
    };
    const { epochs } = run([noTime(T), dop(T), eoe(T), noTime(T + 1000), dop(T + 1000), eoe(T + 1000)]);
    expect(epochs).toHaveLength(2);
    expect(epochs.every((e) => e.timeOfDayMs === undefined && e.mode === "none")).toBe(true);
  });
});

describe("NMEA and UBX of one solution: one epoch, UBX wins field by field", () => {
  // u-blox 8 order (gpsd's ublox8-uniqid-monhw.log): the UBX messages of a solution, then its NMEA
  const cycle = (t: number): ReceiverMessage[] => [
    pvt(t),
    navSat(t, [sat(6), sat(20), sat(24, { cn0DbHz: 0, svUsed: false })]),
    dop(t),
    rmc(t),
    gga(t),
    gsa(),
    gsv(),
  ];

  it("one epoch per solution, with the UBX position, altitude, DOP and sky though the NMEA came after", () => {
    const { epochs } = run([...cycle(T), ...cycle(T + 1000), ...cycle(T + 2000)]);
    expect(epochs).toHaveLength(3);
    const e = epochs[1] as Epoch;
    expect(e.sentenceIds).toEqual(["UBX-NAV-PVT", "UBX-NAV-SAT", "UBX-NAV-DOP", "RMC", "GGA", "GSA", "GSV"]);
    expect(e).toMatchObject({ timeMs: DATE + T + 1000, mode: "3d", quality: "autonomous", latitudeDeg: 46.4046016, longitudeDeg: -117.0207466 });
    expect(e.altitudeMslM).toBeCloseTo(287.7238, 6);
    expect(e.geoidSeparationM).toBeCloseTo(-18.2, 6);
    expect(e.dop).toEqual({ hdop: 1.3, vdop: 1.7, pdop: 2.2 });
    // NAV-SAT lists the satellite GSV leaves out (24, in view, no signal)
    expect(e.satellites.satellites.map((s) => s.key)).toEqual(["gps:6", "gps:20", "gps:24"]);
    expect(e.satellites.usedCount).toBe(2);
    expect(e.satellitesUsed).toBe(2);
    // 95 % from hAcc/vAcc as 1-sigma: 2·hAcc, 1.96·vAcc
    expect(e.ephM).toBeCloseTo(3, 9);
    expect(e.epvM).toBeCloseTo(4.9, 9);
    expect(e.climbMps).toBeCloseTo(0.2, 9);
  });

  it("NMEA fills in where UBX says nothing (no NAV-PVT: position and quality from GGA/RMC)", () => {
    const { epochs } = run([navSat(T, [sat(6)]), rmc(T), gga(T), navSat(T + 1000, [sat(6)]), rmc(T + 1000), gga(T + 1000)]);
    expect(epochs[0]).toMatchObject({ mode: "3d", latitudeDeg: 46.404601667, altitudeMslM: 287.7 });
    expect(epochs[0]?.satellites.satellites.map((s) => s.key)).toEqual(["gps:6"]);
  });
});

describe("u-blox fix rules", () => {
  const epochOf = (m: UbxNavPvt): Epoch => run([m, eoe(T)]).epochs[0] as Epoch;

  it("a fix outside the receiver's masks (gnssFixOK 0) is no fix", () => {
    expect(epochOf(pvt(T, { gnssFixOK: false }))).toMatchObject({ mode: "none", quality: "none" });
    expect(epochOf(pvt(T, { gnssFixOK: false })).latitudeDeg).toBeUndefined();
  });
  it("invalidLlh: no fix", () => expect(epochOf(pvt(T, { invalidLlh: true })).mode).toBe("none"));
  it("carrier solution with corrections: RTK fixed and float; corrections alone: DGPS with their age", () => {
    expect(epochOf(pvt(T, { diffSoln: true, carrSoln: 2 })).quality).toBe("rtk-fixed");
    expect(epochOf(pvt(T, { diffSoln: true, carrSoln: 1 })).quality).toBe("rtk-float");
    expect(epochOf(pvt(T, { diffSoln: true, lastCorrectionAgeS: 2 }))).toMatchObject({ quality: "dgps", dgpsAgeS: 2 });
  });
  it("time only (a surveyed-in or entered position): 3D, time-only (not NMEA's manual input), not a GNSS fix; dead reckoning only: 2D dead reckoning", () => {
    expect(epochOf(pvt(T, { fixType: 5 }))).toMatchObject({ mode: "3d", quality: "time-only", fixState: { kind: "non-gnss", quality: "time-only" } });
    expect(epochOf(pvt(T, { fixType: 1, gnssFixOK: false }))).toMatchObject({ mode: "2d", quality: "dead-reckoning" });
  });
  it("a 2D fix: no altitude (it is held, not solved), its geoid separation kept", () => {
    const e = epochOf(pvt(T, { fixType: 2 }));
    expect(e.mode).toBe("2d");
    expect(e.altitudeMslM).toBeUndefined();
    expect(e.geoidSeparationM).toBeCloseTo(-18.2, 6);
  });
  it("the heading of motion is the track unless its accuracy is u-blox's 180° (no heading)", () => {
    expect(epochOf(pvt(T)).trackTrueDeg).toBe(159.6);
    expect(epochOf(pvt(T, { headAccDeg: 180 })).trackTrueDeg).toBeUndefined();
  });
  it("the no-fix accuracies (kilometres) never become error figures", () => {
    const e = epochOf(pvt(T, { fixType: 0, gnssFixOK: false, hAccM: 4_294_967, vAccM: 3_750_000 }));
    expect(e.latitudeErrorM).toBeUndefined();
    expect(e.ephM).toBeUndefined();
  });
  it("NAV-HPPOSLLH's position and NAV-COV's per-axis errors win over NAV-PVT's", () => {
    const { epochs } = run([
      pvt(T),
      {
        ...nav(T),
        sentenceId: "UBX-NAV-HPPOSLLH",
        invalidLlh: false,
        lonDeg: -117.020746612,
        latDeg: 46.404601634,
        heightM: 269.52391,
        hMSLM: 287.72391,
        hAccM: 0.014,
        vAccM: 0.02,
      },
      {
        ...nav(T),
        sentenceId: "UBX-NAV-COV",
        posCovValid: true,
        velCovValid: true,
        posCovNNM2: 0.04,
        posCovNEM2: 0,
        posCovNDM2: 0,
        posCovEEM2: 0.09,
        posCovEDM2: 0,
        posCovDDM2: 0.16,
        velCovNNM2ps2: 0,
        velCovEEM2ps2: 0,
        velCovDDM2ps2: 0,
      },
      eoe(T),
    ]);
    expect(epochs[0]).toMatchObject({ latitudeDeg: 46.404601634, longitudeDeg: -117.020746612, altitudeMslM: 287.72391 });
    expect(epochs[0]?.latitudeErrorM).toBeCloseTo(0.2, 9);
    expect(epochs[0]?.longitudeErrorM).toBeCloseTo(0.3, 9);
    expect(epochs[0]?.epvM).toBeCloseTo(1.96 * 0.4, 9);
  });
});

describe("u-blox 5 to 7: NAV-SOL, NAV-POSLLH, NAV-VELNED, NAV-SVINFO", () => {
  it("NAV-SOL's fix with NAV-POSLLH's position and NAV-VELNED's velocity; NAV-SOL alone gives its ECEF position, its height above the ellipsoid only", () => {
    const sol = (t: number, velocityEcefMps: [number, number, number] = [0, 0, 0]): UbxMessage => ({
      ...nav(t),
      sentenceId: "UBX-NAV-SOL",
      fTOWNs: 0,
      week: 2307,
      gpsFix: 3,
      gpsFixOk: true,
      diffSoln: false,
      wknSet: true,
      towSet: true,
      ecefXM: -2_001_723.79,
      ecefYM: -3_925_089.94,
      ecefZM: 4_596_569.54,
      pAccM: 3.5,
      ecefVXMps: velocityEcefMps[0],
      ecefVYMps: velocityEcefMps[1],
      ecefVZMps: velocityEcefMps[2],
      sAccMps: 0.2,
      pDOP: 2.23,
      numSV: 6,
      timeOfDayMs: t,
      dateMs: DATE,
    });
    const posllh: UbxMessage = {
      ...nav(T),
      sentenceId: "UBX-NAV-POSLLH",
      lonDeg: -117.0207466,
      latDeg: 46.4046016,
      heightM: 269.5238,
      hMSLM: 287.7238,
      hAccM: 1.5,
      vAccM: 2.5,
    };
    const velned: UbxMessage = {
      ...nav(T),
      sentenceId: "UBX-NAV-VELNED",
      velNMps: 1,
      velEMps: 0,
      velDMps: 0.5,
      gSpeedMps: 1,
      headingDeg: 12,
      sAccMps: 0.2,
      cAccDeg: 5,
    };
    // the second NAV-SOL moves 3 m/s east, 4 m/s north and 0.5 m/s up: ENU → ECEF at its place, written out
    // here (the transpose of the ECEF → ENU rotation) rather than through the code under test
    const phi = (46.4046016 * Math.PI) / 180;
    const lambda = (-117.0207466 * Math.PI) / 180;
    const [e, n, u] = [3, 4, 0.5];
    const moving: [number, number, number] = [
      -Math.sin(lambda) * e - Math.sin(phi) * Math.cos(lambda) * n + Math.cos(phi) * Math.cos(lambda) * u,
      Math.cos(lambda) * e - Math.sin(phi) * Math.sin(lambda) * n + Math.cos(phi) * Math.sin(lambda) * u,
      Math.cos(phi) * n + Math.sin(phi) * u,
    ];
    const { epochs } = run([posllh, sol(T), velned, eoe(T), sol(T + 1000, moving), eoe(T + 1000), sol(T + 2000, [0.1, -0.05, 0.02]), eoe(T + 2000)]);
    expect(epochs[0]).toMatchObject({
      timeMs: DATE + T,
      mode: "3d",
      quality: "autonomous",
      latitudeDeg: 46.4046016,
      speedMps: 1,
      trackTrueDeg: 12,
      climbMps: -0.5,
      satellitesUsed: 6,
    });
    expect(epochs[0]?.altitudeMslM).toBeCloseTo(287.7238, 6);
    expect(epochs[1]?.latitudeDeg).toBeCloseTo(46.4046, 4);
    expect(epochs[1]?.altitudeMslM).toBeUndefined();
    expect(epochs[1]?.geoidSeparationM).toBeUndefined();
    // the ECEF point is NAV-POSLLH's place: the same height above the ellipsoid, to the centimetre
    expect(epochs[1]?.altitudeHaeM).toBeCloseTo(269.52, 1);
    expect(epochs[1]?.speedMps).toBeCloseTo(5, 6);
    expect(epochs[1]?.trackTrueDeg).toBeCloseTo((Math.atan2(3, 4) * 180) / Math.PI, 6);
    expect(epochs[1]?.climbMps).toBeCloseTo(0.5, 6);
    // a velocity within its own accuracy (sAcc 0.2 m/s): a speed, no direction
    expect(epochs[2]?.speedMps).toBeLessThan(0.2);
    expect(epochs[2]?.trackTrueDeg).toBeUndefined();
  });
});

describe("the sky from NAV-SAT and NAV-SIG", () => {
  it("satellites with health and orbit source; NAV-SIG's signals with quality and prUsed; one used only with a C/N0", () => {
    const sig: UbxNavSig = {
      ...nav(T),
      sentenceId: "UBX-NAV-SIG",
      signals: [
        {
          gnssId: 0,
          svId: 6,
          sigId: 0,
          identity: { constellation: "gps", svid: 6, nmeaId: 6 },
          nmeaSignalId: 1,
          freqId: 0,
          prResM: 0,
          cn0DbHz: 40,
          qualityInd: 7,
          corrSource: 0,
          ionoModel: 0,
          health: 1,
          prSmoothed: false,
          prUsed: true,
          crUsed: false,
          doUsed: true,
          prCorrUsed: false,
          crCorrUsed: false,
          doCorrUsed: false,
        },
        {
          gnssId: 0,
          svId: 6,
          sigId: 3,
          identity: { constellation: "gps", svid: 6, nmeaId: 6 },
          nmeaSignalId: 6,
          freqId: 0,
          prResM: 0,
          cn0DbHz: 31,
          qualityInd: 4,
          corrSource: 0,
          ionoModel: 0,
          health: 1,
          prSmoothed: false,
          prUsed: false,
          crUsed: false,
          doUsed: false,
          prCorrUsed: false,
          crCorrUsed: false,
          doCorrUsed: false,
        },
      ],
    };
    const { epochs } = run([
      pvt(T),
      navSat(T, [sat(6), sat(11, { cn0DbHz: 0, svUsed: false, health: 2, orbitSource: 2, elevDeg: 17, azimDeg: 208 })]),
      sig,
      eoe(T),
    ]);
    const view = (epochs[0] as Epoch).satellites;
    expect(view.signalsListed).toBe(true);
    expect(view).toMatchObject({ inViewCount: 2, trackedCount: 1, usedCount: 1, signalCount: 2 });
    expect(view.satellites[0]).toMatchObject({
      key: "gps:6",
      usedInFix: true,
      cn0DbHz: 40,
      health: "healthy",
      orbitSource: "ephemeris",
      signals: [
        { signalId: 1, cn0DbHz: 40, usedInFix: true, quality: "carrier-locked" },
        { signalId: 6, cn0DbHz: 31, usedInFix: false, quality: "code-locked" },
      ],
    });
    expect(view.satellites[1]).toMatchObject({ key: "gps:11", usedInFix: false, health: "unhealthy", orbitSource: "almanac", elevationDeg: 17, signals: [] });
  });

  it("a receiver that stops NAV-SAT while it goes on with GSV gets the GSV view back after three GSV blocks", () => {
    const seq: ReceiverMessage[] = [pvt(T), navSat(T, [sat(6), sat(20), sat(24)]), eoe(T)];
    for (let i = 1; i <= 4; i++) seq.push(pvt(T + i * 1000), gsv(), gsa(), eoe(T + i * 1000));
    const { epochs } = run(seq);
    expect(epochs.map((e) => e.satellites.inViewCount)).toEqual([3, 3, 3, 2, 2]);
  });
});

describe("what the receiver says about itself", () => {
  it("NAV-STATUS: its own TTFF and time since start in the state; antenna and jamming from MON-HW; a receiver event on news only", () => {
    const status = (t: number, ttffMs: number, msssMs: number): UbxMessage => ({
      ...nav(t),
      sentenceId: "UBX-NAV-STATUS",
      gpsFix: 3,
      gpsFixOk: true,
      diffSoln: false,
      wknSet: true,
      towSet: true,
      carrSoln: 0,
      ttffMs,
      msssMs,
    });
    const monHw: UbxMessage = {
      ...ubx,
      sentenceId: "UBX-MON-HW",
      aStatus: "short",
      aPower: "on",
      jammingState: "warning",
      jamInd: 120,
      noisePerMS: 90,
      agcCnt: 1400,
    };
    const { tracker, events } = run([pvt(T), status(T, 28_300, 60_000), eoe(T), pvt(T + 1000), status(T + 1000, 28_300, 61_000), eoe(T + 1000), monHw]);
    expect(tracker.state.receiver).toEqual({
      ttffMs: 28_300,
      msssMs: 61_000,
      msssWhenFirstHeardMs: 60_000,
      antenna: "short",
      antennaPower: "on",
      jamming: "warning",
      jammingIndicator: 120,
    });
    expect(events.filter((e) => e.type === "receiver").map((e) => (e.type === "receiver" ? Object.keys(e.receiver).sort().join(",") : ""))).toEqual([
      "msssMs,msssWhenFirstHeardMs,ttffMs",
      "antenna,antennaPower,jamming,jammingIndicator,msssMs,msssWhenFirstHeardMs,ttffMs",
    ]);
    // one running time for the whole log, whichever status a reader keeps (decode: the last; report: the last
    // event's): the first report's, until the receiver restarts (its msss goes back)
    expect(receiverTtffText(tracker.state.receiver)).toBe("28.3 s (its own, NAV-STATUS; running 1 min 00 s when first heard)");
    const restarted = run([
      pvt(T),
      status(T, 28_300, 60_000),
      eoe(T),
      pvt(T + 1000),
      status(T + 1000, 0, 400),
      eoe(T + 1000),
      pvt(T + 2000),
      status(T + 2000, 0, 1400),
      eoe(T + 2000),
    ]);
    expect(restarted.tracker.state.receiver.msssWhenFirstHeardMs).toBe(400);
  });
});

describe("the start type from the receiver's own orbit sources (NAV-SAT), over the NMEA cues", () => {
  /** A receiver opened at 0 s, searching with `orbit` for its 6 satellites (tracked, no position yet), fixed at 30 s. */
  function startOf(orbitSource: number, fixAtS = 30): string {
    const tracker = createTracker({ timeBase: "receive" });
    tracker.open(0, { receiverStarts: true });
    for (let s = 1; s <= fixAtS; s++) {
      const t = T + s * 1000;
      const fix = s === fixAtS;
      const sats = [6, 9, 12, 17, 20, 24].map((svid) => {
        const sv = sat(svid, { orbitSource, svUsed: fix });
        if (!fix) {
          // tracked without a position: what NMEA's cues read as "no orbit data" whatever the receiver has
          delete sv.elevDeg;
          delete sv.azimDeg;
        }
        return sv;
      });
      for (const m of [pvt(t, fix ? {} : { fixType: 0, gnssFixOK: false }), navSat(t, sats), eoe(t)]) tracker.update(m, s * 1000);
    }
    return `${tracker.state.start.type}: ${tracker.state.start.evidence.join("; ")}`;
  }

  it("no orbit at all: cold, though its satellites showed no position either way", () => {
    expect(startOf(0)).toMatch(/^cold: first fix after 30\.0 s .*0 satellites with an ephemeris \(or AssistNow\), 0 with an almanac only, 6 with none$/);
  });
  it("an almanac: warm", () => expect(startOf(2)).toMatch(/^warm: /));
  it("AssistNow Offline orbits and a fix in 3 s: hot", () => expect(startOf(3, 3)).toMatch(/^hot: first fix after 3\.0 s/));
});
