// Every driver command's bytes, with checksums recomputed here independently (XOR for NMEA, 8-bit Fletcher
// for UBX) and, where domain.md lists a frame (recomputed there too), the same bytes; aiding byte counts §6.1.

import { describe, expect, it } from "vitest";
import {
  createMtkDriver,
  createQuectelDriver,
  createSirfDriver,
  createUbloxDriver,
  gpsWeekTow,
  mtkPing,
  quectelProbe,
  sirfQuery,
  ubloxProbe,
  UnsupportedCommandError,
  type DriverCommand,
} from "../../src/methods/drivers/index.js";
import { ubxFrames } from "./_frames.js";

const latin1 = new TextDecoder("latin1");
const text = (c: DriverCommand): string => latin1.decode(c.bytes);
const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");

/** Each line ends CR LF and carries `*hh` = XOR of the body; returns the bodies. */
function nmeaBodies(c: DriverCommand): string[] {
  const t = text(c);
  expect(t.endsWith("\r\n")).toBe(true);
  return t
    .split("\r\n")
    .slice(0, -1)
    .map((line) => {
      const m = /^\$([^*$]+)\*([0-9A-F]{2})$/.exec(line);
      expect(m, line).not.toBeNull();
      let xor = 0;
      for (const ch of m![1]!) xor ^= ch.charCodeAt(0);
      expect(Number.parseInt(m![2]!, 16), line).toBe(xor);
      return m![1]!;
    });
}

const T = Date.UTC(2024, 0, 15, 12, 0, 0);
const mtk = createMtkDriver();
const sirf = createSirfDriver();
const ublox = createUbloxDriver();
const quectel = createQuectelDriver();

describe("NMEA command lines", () => {
  const cases: { name: string; command: () => DriverCommand; want: string[]; acked: boolean }[] = [
    { name: "PMTK hot", command: () => mtk.restart("hot"), want: ["PMTK101"], acked: false },
    { name: "PMTK warm", command: () => mtk.restart("warm"), want: ["PMTK102"], acked: false },
    { name: "PMTK cold", command: () => mtk.restart("cold"), want: ["PMTK103"], acked: false },
    { name: "PMTK factory", command: () => mtk.restart("factory"), want: ["PMTK104"], acked: false },
    { name: "PMTK740 time", command: () => mtk.injectTime(T + 999), want: ["PMTK740,2024,01,15,12,00,00"], acked: true },
    {
      name: "PMTK741 position (never in PMTK740)",
      command: () => mtk.injectPosition({ latitudeDeg: 24.772816, longitudeDeg: 121.022636, altitudeM: 160 }, Date.UTC(2016, 0, 1, 12)),
      want: ["PMTK741,24.772816,121.022636,160,2016,01,01,12,00,00"],
      acked: true,
    },
    {
      name: "PMTK741 south-west",
      command: () => mtk.injectPosition({ latitudeDeg: -33.9, longitudeDeg: -70.5, altitudeM: -3.6 }, T),
      want: ["PMTK741,-33.900000,-70.500000,-4,2024,01,15,12,00,00"],
      acked: true,
    },
    { name: "PMTK220 5 Hz", command: () => mtk.setRate(5), want: ["PMTK220,200"], acked: true },
    { name: "PMTK251 baud", command: () => mtk.setBaud(115200), want: ["PMTK251,115200"], acked: false },
    { name: "PMTK000 ping", command: () => mtkPing(), want: ["PMTK000"], acked: true },
    { name: "PSRF104 hot", command: () => sirf.restart("hot"), want: ["PSRF104,0,0,0,96000,0,0,12,0"], acked: false },
    { name: "PSRF104 warm", command: () => sirf.restart("warm"), want: ["PSRF104,0,0,0,96000,0,0,12,2"], acked: false },
    { name: "PSRF104 cold", command: () => sirf.restart("cold"), want: ["PSRF104,0,0,0,96000,0,0,12,4"], acked: false },
    { name: "PSRF104 factory", command: () => sirf.restart("factory"), want: ["PSRF104,0,0,0,96000,0,0,12,8"], acked: false },
    {
      name: "PSRF104 cold with init data",
      command: () => sirf.assistedRestart("cold", { utcMs: T, position: { latitudeDeg: 37.3875111, longitudeDeg: -121.97232, altitudeM: 0 } })[0]!,
      want: [`PSRF104,37.3875111,-121.9723200,0,96000,${Math.floor(gpsWeekTow(T).towS)},${gpsWeekTow(T).week},12,5`],
      acked: false,
    },
    {
      name: "PSRF104 position = hot with data",
      command: () => sirf.injectPosition({ latitudeDeg: 1, longitudeDeg: 2, altitudeM: 3 }, T),
      want: [`PSRF104,1.0000000,2.0000000,3,96000,${Math.floor(gpsWeekTow(T).towS)},${gpsWeekTow(T).week},12,1`],
      acked: false,
    },
    {
      name: "PSRF103 1 Hz",
      command: () => sirf.setRate(1),
      want: ["PSRF103,00,00,01,01", "PSRF103,02,00,01,01", "PSRF103,03,00,01,01", "PSRF103,04,00,01,01"],
      acked: false,
    },
    {
      name: "PSRF103 every 5 s",
      command: () => sirf.setRate(0.2),
      want: ["PSRF103,00,00,05,01", "PSRF103,02,00,05,01", "PSRF103,03,00,05,01", "PSRF103,04,00,05,01"],
      acked: false,
    },
    { name: "PSRF103 query GGA", command: () => sirfQuery("GGA"), want: ["PSRF103,00,01,00,01"], acked: false },
    { name: "PSRF100 baud", command: () => sirf.setBaud(4800), want: ["PSRF100,1,4800,8,1,0"], acked: false },
    { name: "PUBX,41 baud", command: () => ublox.setBaud(9600), want: ["PUBX,41,1,0007,0003,9600,0"], acked: false },
    { name: "PAIR hot", command: () => quectel.restart("hot"), want: ["PAIR004"], acked: true },
    { name: "PAIR warm", command: () => quectel.restart("warm"), want: ["PAIR005"], acked: true },
    { name: "PAIR cold", command: () => quectel.restart("cold"), want: ["PAIR006"], acked: true },
    { name: "PAIR factory", command: () => quectel.restart("factory"), want: ["PAIR007"], acked: true },
    { name: "PAIR590 time", command: () => quectel.injectTime(T), want: ["PAIR590,2024,01,15,12,00,00"], acked: true },
    {
      name: "PAIR600 position",
      command: () => quectel.injectPosition({ latitudeDeg: 31.2304, longitudeDeg: 121.4737, altitudeM: 12.34, accuracyM: 50 }, T),
      want: ["PAIR600,31.230400,121.473700,12.3,50.0,50.0,0.0,50.0"],
      acked: true,
    },
    { name: "PAIR050 10 Hz", command: () => quectel.setRate(10), want: ["PAIR050,100"], acked: true },
    { name: "PAIR864 baud, acknowledged at the old speed", command: () => quectel.setBaud(115200), want: ["PAIR864,0,0,115200"], acked: true },
    { name: "PAIR021 probe", command: () => quectelProbe(), want: ["PAIR021"], acked: true },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const command = c.command();
      expect(nmeaBodies(command)).toEqual(c.want);
      expect(command.expectAck !== undefined).toBe(c.acked);
      expect(command.description.length).toBeGreaterThan(5);
    });
  }

  // Checksums that domain.md prints (each recomputed there): the same text comes out.
  const published: [() => DriverCommand, string][] = [
    [() => mtk.restart("hot"), "$PMTK101*32"],
    [() => mtk.restart("warm"), "$PMTK102*31"],
    [() => mtk.restart("cold"), "$PMTK103*30"],
    [() => mtk.restart("factory"), "$PMTK104*37"],
    [() => mtk.injectTime(T), "$PMTK740,2024,01,15,12,00,00*33"],
    [
      () => mtk.injectPosition({ latitudeDeg: 24.772816, longitudeDeg: 121.022636, altitudeM: 160 }, Date.UTC(2016, 0, 1, 12)),
      "$PMTK741,24.772816,121.022636,160,2016,01,01,12,00,00*17",
    ],
    [() => sirf.restart("cold"), "$PSRF104,0,0,0,96000,0,0,12,4*1A"],
    [() => sirf.restart("factory"), "$PSRF104,0,0,0,96000,0,0,12,8*16"],
    [() => sirfQuery("GGA"), "$PSRF103,00,01,00,01*25"],
    [() => ublox.setBaud(9600), "$PUBX,41,1,0007,0003,9600,0*10"],
    [() => quectel.restart("hot"), "$PAIR004*3E"],
    [() => quectel.restart("warm"), "$PAIR005*3F"],
    [() => quectel.restart("cold"), "$PAIR006*3C"],
    [() => quectel.restart("factory"), "$PAIR007*3D"],
  ];
  for (const [command, line] of published) it(`matches domain.md: ${line}`, () => expect(text(command())).toBe(`${line}\r\n`));

  it("aiding byte counts (domain.md §6.1): PMTK740 33, PMTK741 58, PAIR590 33", () => {
    expect(mtk.injectTime(T).bytes.length).toBe(33);
    expect(mtk.injectPosition({ latitudeDeg: 24.772816, longitudeDeg: 121.022636, altitudeM: 160 }, Date.UTC(2016, 0, 1, 12)).bytes.length).toBe(58);
    expect(quectel.injectTime(T).bytes.length).toBe(33);
  });
});

describe("UBX frames", () => {
  const rst = (kind: "hot" | "warm" | "cold") => ubxFrames(ublox.restart(kind).bytes);
  it("CFG-RST hot/warm/cold: navBbrMask 0/1/FFFF, GNSS-only reset, as domain.md's frames", () => {
    expect(rst("hot")).toEqual([{ cls: 0x06, id: 0x04, payload: new Uint8Array([0, 0, 2, 0]) }]);
    expect(rst("warm")).toEqual([{ cls: 0x06, id: 0x04, payload: new Uint8Array([1, 0, 2, 0]) }]);
    expect(rst("cold")).toEqual([{ cls: 0x06, id: 0x04, payload: new Uint8Array([0xff, 0xff, 2, 0]) }]);
    expect(hex(ublox.restart("hot").bytes)).toBe("B5 62 06 04 04 00 00 00 02 00 10 68");
    expect(hex(ublox.restart("warm").bytes)).toBe("B5 62 06 04 04 00 01 00 02 00 11 6C");
    expect(hex(ublox.restart("cold").bytes)).toBe("B5 62 06 04 04 00 FF FF 02 00 0E 61");
    expect(ublox.restart("cold").expectAck).toBeUndefined();
  });

  it("factory: CFG-CFG clear + load all sections, then a cold CFG-RST", () => {
    const [cfg, reset] = ubxFrames(ublox.restart("factory").bytes);
    expect(cfg!.cls).toBe(0x06);
    expect(cfg!.id).toBe(0x09);
    const v = new DataView(cfg!.payload.buffer);
    expect([cfg!.payload.length, v.getUint32(0, true), v.getUint32(4, true), v.getUint32(8, true)]).toEqual([13, 0x1f1f, 0, 0x1f1f]);
    expect(reset).toEqual({ cls: 0x06, id: 0x04, payload: new Uint8Array([0xff, 0xff, 2, 0]) });
  });

  it("MGA-INI-TIME_UTC: 24-byte payload, 32 bytes framed, domain.md's example frame", () => {
    const command = ublox.injectTime(T);
    expect(command.bytes.length).toBe(32);
    expect(command.ackOptional).toBe(true);
    const [frame] = ubxFrames(command.bytes);
    const v = new DataView(frame!.payload.buffer);
    expect([
      frame!.cls,
      frame!.id,
      frame!.payload[0],
      v.getInt8(3),
      v.getUint16(4, true),
      frame!.payload[6],
      frame!.payload[7],
      frame!.payload[8],
      v.getUint16(16, true),
    ]).toEqual([0x13, 0x40, 0x10, -128, 2024, 1, 15, 12, 2]);
    expect(hex(command.bytes)).toBe("B5 62 13 40 18 00 10 00 00 80 E8 07 01 0F 0C 00 00 00 00 00 00 00 02 00 00 00 00 00 00 00 08 CA");
  });

  it("MGA-INI-TIME_UTC carries the milliseconds as nanoseconds", () => {
    const [frame] = ubxFrames(ublox.injectTime(T + 250).bytes);
    expect(new DataView(frame!.payload.buffer).getUint32(12, true)).toBe(250_000_000);
  });

  it("MGA-INI-POS_LLH: 1e-7 degrees, cm, 20-byte payload, 28 bytes framed", () => {
    const command = ublox.injectPosition({ latitudeDeg: -33.8688, longitudeDeg: 151.2093, altitudeM: 58.25, accuracyM: 1500 }, T);
    expect(command.bytes.length).toBe(28);
    const [frame] = ubxFrames(command.bytes);
    const v = new DataView(frame!.payload.buffer);
    expect([frame!.payload[0], v.getInt32(4, true), v.getInt32(8, true), v.getInt32(12, true), v.getUint32(16, true)]).toEqual([
      0x01, -338688000, 1512093000, 5825, 150000,
    ]);
  });

  it("CFG-RATE, CFG-NAVX5 ackAiding, probes", () => {
    const [rate] = ubxFrames(ublox.setRate(4).bytes);
    expect([rate!.cls, rate!.id, ...rate!.payload]).toEqual([0x06, 0x08, 250, 0, 1, 0, 1, 0]);
    const [navx5] = ubxFrames(ublox.enableAidingAcks().bytes);
    const v = new DataView(navx5!.payload.buffer);
    expect([navx5!.cls, navx5!.id, navx5!.payload.length, v.getUint16(2, true), navx5!.payload[17]]).toEqual([0x06, 0x23, 40, 0x0400, 1]);
    const probe = ubloxProbe().bytes;
    const nmeaEnd = latin1.decode(probe).indexOf("\r\n") + 2;
    expect(nmeaBodies({ bytes: probe.subarray(0, nmeaEnd), description: "" })).toEqual(["PUBX,00"]);
    expect(ubxFrames(probe.subarray(nmeaEnd))).toEqual([{ cls: 0x0a, id: 0x04, payload: new Uint8Array(0) }]);
  });
});

describe("what a dialect cannot do", () => {
  it("throws clear errors", () => {
    expect(() => sirf.injectTime(T)).toThrow(UnsupportedCommandError);
    expect(() => mtk.setBaud(12345)).toThrow(RangeError);
    expect(() => mtk.setRate(20)).toThrow(/out of 0.1..10 Hz/);
    expect(() => sirf.setRate(5)).toThrow(/1\/N Hz/);
    expect(() => quectel.injectPosition({ latitudeDeg: 91, longitudeDeg: 0, altitudeM: 0 }, T)).toThrow(/not a position/);
    expect(sirf.supports.injectTime).toBe(false);
    expect(() => quectel.setBaud(4800)).toThrow(/PAIR864: unsupported baud rate 4800/);
  });

  it("GPS week and time of week (GPS = UTC + 18 s)", () => {
    // 2024-01-15 is a Monday of GPS week 2297; 12:00:00 UTC = 1 day 12 h + 18 s into the week.
    expect(gpsWeekTow(T)).toEqual({ week: 2297, towS: 86_400 + 43_200 + 18 });
  });
});
