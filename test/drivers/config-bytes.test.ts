// The configuration commands' bytes, for every dialect: NMEA lines against checksums published in the
// manuals' examples and in widely used libraries (Adafruit's PMTK constants, Zephyr's Quectel LCx6G driver,
// domain.md), UBX frames against gpsd's own encoder and decoder (ubxtool, Debian package gpsd-clients): the
// frames ubxtool sends for the same request are byte for byte ours, and ubxtool names every configuration key
// and value of ours as we mean it.

import { spawn, spawnSync } from "node:child_process";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { UBX_KEYS, UBX_MESSAGE_IDS, ubxMsgoutKey } from "../../src/dialect-commands.js";
import { createConfigurator, type ConfigCommand, type ConfigContext, type ConfigRequest } from "../../src/methods/drivers/configuration.js";
import {
  cfgFactoryReset,
  cfgGnss,
  cfgMsg,
  cfgNav5DynamicModel,
  cfgPrtUart1,
  cfgRate,
  cfgSaveAll,
  cfgValgetPoll,
  cfgValset,
  ubxPoll,
} from "../../src/methods/drivers/ubx-config.js";
import { tempDir, waitFor } from "../node/sources/_pty.js";
import { nmeaLine, ubxFrames } from "./_frames.js";
import type { Dialect } from "../../src/dialects.js";

const latin1 = new TextDecoder("latin1");
const lines = (commands: ConfigCommand[]): string[] => commands.map((c) => latin1.decode(c.bytes).replace(/\r\n$/, ""));
const plan = (dialect: Dialect, request: ConfigRequest, context: ConfigContext = {}): ConfigCommand[] => createConfigurator(dialect).plan(request, context);
/** A line whose checksum no manual prints: computed here, independently of framing/checksum.ts. */
const nmea = nmeaLine;
const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).padStart(2, "0")).join(" ");

describe("NMEA dialects: published lines", () => {
  const cases: { name: string; dialect: Dialect; request: ConfigRequest; context?: ConfigContext; want: string[]; source: string }[] = [
    { name: "PMTK220 5 Hz", dialect: "mtk", request: { rateHz: 5 }, want: ["$PMTK220,200*2C"], source: "Adafruit_GPS PMTK_SET_NMEA_UPDATE_5HZ" },
    { name: "PMTK220 10 Hz", dialect: "mtk", request: { rateHz: 10 }, want: ["$PMTK220,100*2F"], source: "Adafruit_GPS PMTK_SET_NMEA_UPDATE_10HZ" },
    { name: "PMTK220 1 Hz", dialect: "mtk", request: { rateHz: 1 }, want: ["$PMTK220,1000*1F"], source: "Adafruit_GPS PMTK_SET_NMEA_UPDATE_1HZ" },
    {
      name: "PMTK314 RMC and GGA",
      dialect: "mtk",
      request: { messages: ["RMC", "GGA"] },
      want: ["$PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*28"],
      source: "Adafruit_GPS PMTK_SET_NMEA_OUTPUT_RMCGGA",
    },
    {
      name: "PMTK314 RMC only",
      dialect: "mtk",
      request: { messages: ["RMC"] },
      want: ["$PMTK314,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*29"],
      source: "Adafruit_GPS PMTK_SET_NMEA_OUTPUT_RMCONLY",
    },
    {
      name: "PMTK314 nothing",
      dialect: "mtk",
      request: { messages: [] },
      want: ["$PMTK314,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*28"],
      source: "Adafruit_GPS PMTK_SET_NMEA_OUTPUT_OFF",
    },
    {
      name: "PMTK314 the six",
      dialect: "mtk",
      request: { messages: ["GLL", "RMC", "VTG", "GGA", "GSA", "GSV"] },
      want: ["$PMTK314,1,1,1,1,1,1,0,0,0,0,0,0,0,0,0,0,0,0,0*28"],
      source: "Adafruit_GPS PMTK_SET_NMEA_OUTPUT_ALLDATA",
    },
    { name: "PMTK251 9600", dialect: "mtk", request: { baudRate: 9600 }, want: ["$PMTK251,9600*17"], source: "Adafruit_GPS PMTK_SET_BAUD_9600" },
    { name: "PMTK251 57600", dialect: "mtk", request: { baudRate: 57600 }, want: ["$PMTK251,57600*2C"], source: "Adafruit_GPS PMTK_SET_BAUD_57600" },
    {
      name: "PMTK886 fitness (pedestrian)",
      dialect: "mtk",
      request: { dynamicModel: "pedestrian" },
      want: ["$PMTK886,1*29"],
      source: "an ORG1510 driver's pedestrian mode",
    },
    {
      name: "PMTK886 vehicle (automotive)",
      dialect: "mtk",
      request: { dynamicModel: "automotive" },
      want: ["$PMTK886,0*28"],
      source: "an ORG1510 driver's vehicle mode",
    },
    { name: "PMTK104 full cold start", dialect: "mtk", request: { factoryReset: true }, want: ["$PMTK104*37"], source: "domain.md §3.1" },
    {
      name: "PMTK353 GPS + GLONASS, SBAS on, QZSS off",
      dialect: "mtk",
      request: { constellations: ["gps", "glonass", "sbas"] },
      want: ["$PMTK353,1,1,0,0,0*2B", "$PMTK313,1*2E", nmea("PMTK352,1")],
      source: "Quectel L76 notes ($PMTK353,1,1,0,0,0*2B), Adafruit_GPS PMTK_ENABLE_SBAS ($PMTK313,1*2E)",
    },
    {
      name: "PAIR066 GPS + GLONASS + Galileo + BeiDou, SBAS off",
      dialect: "quectel",
      request: { constellations: ["gps", "glonass", "galileo", "beidou"] },
      want: ["$PAIR066,1,1,1,1,0,0*3A", nmea("PAIR410,0")],
      source: "Zephyr and Meshtastic-style LCx6G start-up ($PAIR066,1,1,1,1,0,0*3A)",
    },
    {
      name: "PAIR062 GGA GSV RMC on, the rest off",
      dialect: "quectel",
      request: { messages: ["GGA", "GSV", "RMC"] },
      want: ["$PAIR062,0,1*3F", "$PAIR062,1,0*3F", "$PAIR062,2,0*3C", "$PAIR062,3,1*3C", "$PAIR062,4,1*3B", "$PAIR062,5,0*3B", nmea("PAIR062,6,0")],
      source: "Zephyr gnss_quectel_lcx6g.c resume script (PAIR062 types 0–5)",
    },
    {
      name: "PAIR864 115200",
      dialect: "quectel",
      request: { baudRate: 115200 },
      want: ["$PAIR864,0,0,115200*1B"],
      source: "a dashcam firmware's gnss_bitrate command",
    },
    {
      name: "PAIR080 fitness",
      dialect: "quectel",
      request: { dynamicModel: "fitness" },
      want: ["$PAIR080,1*2F"],
      source: "a HYFIX bring-up test, checksum verified live",
    },
    { name: "PAIR513 save", dialect: "quectel", request: { save: true }, want: ["$PAIR513*3D"], source: "a tracker firmware's save_nvram" },
    { name: "PAIR007 full cold start", dialect: "quectel", request: { factoryReset: true }, want: ["$PAIR007*3D"], source: "domain.md §3.4" },
    {
      name: "PSRF103: VTG off, the others every second",
      dialect: "sirf",
      request: { messages: ["GGA", "GLL", "GSA", "GSV", "RMC", "ZDA"] },
      want: [...["00", "01", "02", "03", "04"].map((n) => nmea(`PSRF103,${n},00,01,01`)), "$PSRF103,05,00,00,01*21", nmea("PSRF103,08,00,01,01")],
      source: "domain.md §3.2 ($PSRF103,05,00,00,01*21 = VTG off)",
    },
    { name: "PSRF104 factory", dialect: "sirf", request: { factoryReset: true }, want: ["$PSRF104,0,0,0,96000,0,0,12,8*16"], source: "domain.md §3.2" },
  ];
  for (const c of cases) {
    it(`${c.name} (${c.source})`, () => expect(lines(plan(c.dialect, c.request, c.context))).toEqual(c.want));
  }

  it("SiRF: a rate applies to the sentences the receiver sends now", () => {
    expect(lines(plan("sirf", { rateHz: 0.5 }, { observedMessages: ["GGA", "RMC", "TXT"] }))).toEqual([
      nmea("PSRF103,00,00,02,01"),
      nmea("PSRF103,04,00,02,01"),
    ]);
  });

  it("MediaTek: PMTK353 only where GLONASS, Galileo or BeiDou are asked for or on (a GPS-only MT3339 refuses it)", () => {
    expect(lines(plan("mtk", { constellations: ["gps", "sbas"] }, { current: { constellations: { gps: true } } }))).toEqual([
      "$PMTK313,1*2E",
      nmea("PMTK352,1"),
    ]);
    expect(lines(plan("mtk", { constellations: ["gps"] }, { current: { constellations: { gps: true, glonass: true } } }))[0]).toBe(nmea("PMTK353,1,0,0,0,0"));
  });

  it("every command says which answer acknowledges it, or that none comes", () => {
    const all: [Dialect, ConfigRequest][] = [
      ["mtk", { rateHz: 2, messages: ["GGA"], dynamicModel: "fitness", constellations: ["gps", "glonass"], baudRate: 115200, factoryReset: true }],
      ["quectel", { rateHz: 2, messages: ["GGA"], dynamicModel: "drone", constellations: ["gps"], baudRate: 115200, save: true, factoryReset: true }],
      ["sirf", { rateHz: 1, messages: ["GGA"], baudRate: 9600, factoryReset: true }],
      ["ublox", { rateHz: 2, messages: ["GGA"], dynamicModel: "automotive", constellations: ["gps"], baudRate: 115200, save: true, factoryReset: true }],
    ];
    for (const [dialect, request] of all) {
      for (const command of plan(dialect, request)) {
        const unacknowledged = command.expectAck === undefined;
        // The commands a dialect never acknowledges are confirmed another way: a startup message, the speed, the output.
        if (unacknowledged) expect(command.description, `${dialect}: ${command.description}`).toMatch(/not acknowledged/);
        if (command.switchesBaudTo !== undefined) expect(command.setting).toBe("baudRate");
      }
    }
  });

  it("values out of a dialect's range are refused before anything is sent", () => {
    expect(() => plan("mtk", { rateHz: 20 })).toThrow("PMTK220: rate 20 Hz out of 0.1..10 Hz");
    expect(() => plan("quectel", { rateHz: 20 })).toThrow("PAIR050: rate 20 Hz out of 1..10 Hz");
    expect(() => plan("sirf", { rateHz: 5 })).toThrow(/1\/N Hz/);
    expect(() => plan("ublox", { baudRate: 12345 })).toThrow(/unsupported baud rate 12345/);
    expect(() => plan("ublox", { dynamicModel: "balloon" })).toThrow(/no dynamic model "balloon" \(portable, stationary, pedestrian/);
    expect(createConfigurator("sirf").unsupported("constellations", {})).toMatch(/no command that chooses systems/);
    expect(createConfigurator("mtk").unsupported("save", {})).toMatch(/no command that saves/);
  });
});

describe("UBX frames", () => {
  it("CFG-RATE 5 Hz is the frame everyone publishes", () => {
    expect(hex(cfgRate(200))).toBe("b5 62 06 08 06 00 c8 00 01 00 01 00 de 6a");
  });

  it("generation 8 plans: one CFG message per setting, each ACK-ACK'd; generation 9: CFG-VALSET per setting", () => {
    const request: ConfigRequest = { rateHz: 5, dynamicModel: "automotive", constellations: ["gps", "galileo"], baudRate: 115200, save: true };
    const m8 = plan("ublox", request, { ubxGeneration: 8 }).flatMap((c) => ubxFrames(c.bytes));
    expect(m8.map((f) => `${f.cls.toString(16)}:${f.id.toString(16)}`)).toEqual(["6:8", "6:24", "6:3e", "6:4", "6:0", "6:9"]);
    const f9 = plan("ublox", request, { ubxGeneration: 9 }).flatMap((c) => ubxFrames(c.bytes));
    expect(f9.map((f) => `${f.cls.toString(16)}:${f.id.toString(16)}:${f.payload[1]}`)).toEqual(["6:8a:7", "6:8a:7", "6:8a:7", "6:8a:7"]);
  });
});

const PYTHON = existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
const UBXTOOL = "/usr/bin/ubxtool";
const haveUbxtool = existsSync(UBXTOOL) && spawnSync(PYTHON, ["-c", "import gps.ubx"]).status === 0 && spawnSync("sh", ["-c", "command -v socat"]).status === 0;
if (!haveUbxtool) console.log("ubxtool comparisons skipped: needs gpsd's ubxtool and python module (Debian package gpsd-clients, python3-gps) and socat");

describe.skipIf(!haveUbxtool)("UBX against gpsd's ubxtool", () => {
  const tmp = tempDir();
  afterAll(() => tmp.remove());

  it("ubxtool decodes our configuration frames as we mean them: every key by its name, every value", () => {
    const items = [
      ...Object.values(UBX_KEYS).map((key, i) => [key, key === UBX_KEYS["CFG-UART1-BAUDRATE"] ? 115200 : i % 2] as const),
      ...Object.keys(UBX_MESSAGE_IDS).flatMap((m) => [[ubxMsgoutKey(m, "uart1")!, 1] as const, [ubxMsgoutKey(m, "usb")!, 0] as const]),
    ];
    const file = join(tmp.dir, "ours.ubx");
    const frames = [
      cfgValset(items, 7),
      cfgGnss(["gps", "galileo"]),
      cfgMsg(0xf0, 0x03, 0),
      cfgSaveAll(),
      cfgFactoryReset(),
      cfgRate(200),
      cfgPrtUart1(115200, { inProtoMask: 7, outProtoMask: 3 }),
      cfgNav5DynamicModel(4),
    ];
    writeFileSync(file, Buffer.concat(frames.map((f) => Buffer.from(f))));
    const run = spawnSync(PYTHON, [UBXTOOL, "-f", file, "-r", "-v", "2", "-w", "0.2"], { encoding: "utf8", timeout: 60_000 });
    const out = run.stdout;
    expect(out).toContain("layers (ram bbr flash)");
    for (const [name, key] of Object.entries(UBX_KEYS)) {
      const value = items.find(([k]) => k === key)![1];
      expect(out).toContain(`item ${name}/0x${key.toString(16).padStart(8, "0")} val ${value}`);
    }
    for (const message of Object.keys(UBX_MESSAGE_IDS)) {
      const gpsdName = message.startsWith("UBX-") ? message.replace(/-/g, "_") : `NMEA_ID_${message}`;
      for (const [port, value] of [
        ["UART1", 1],
        ["USB", 0],
      ] as const) {
        const key = ubxMsgoutKey(message, port === "UART1" ? "uart1" : "usb")!;
        // gpsd's table lacks UBX-NAV-COV: it prints the key's group and number; the id is the interface description's.
        const name = message === "UBX-NAV-COV" ? `CFG-MSGOUT-${key & 0xffff}` : `CFG-MSGOUT-${gpsdName}_${port}`;
        expect(out).toContain(`item ${name}/0x${key.toString(16)} val ${value}`);
      }
    }
    expect(out).toMatch(/gnssId 0 TrkCh +8 maxTrCh 16 reserved 0 Flags x00010001\s+GPS L1C\/A enabled/);
    expect(out).toMatch(/gnssId 2 TrkCh +4 maxTrCh +8 reserved 0 Flags x00010001\s+Galileo E1 enabled/);
    expect(out).toMatch(/gnssId 6 TrkCh +8 maxTrCh 14 reserved 0 Flags x00010000\s+GLONASS L1 \n/);
    expect(out).toContain("Rate set Class xf0 (NMEA) ID x03 (GSV) Rate 0");
    expect(out).toMatch(
      /clearMask: 0x0 \(\)\s+saveMask: 0x1f1f \(ioPort msgConf infMsg navConf rxmConf senConf rinvConf antConf logConf ftsConf\)\s+loadMask: 0x0 \(\)\s+deviceMask: 0x17 \(devBBR devFlash devEEPROM devSpiFlash\)/,
    );
    expect(out).toMatch(/clearMask: 0x1f1f [^\n]*\n\s+saveMask: 0x0 \(\)\s+loadMask: 0x1f1f/);
    expect(out).toContain("measRate 200 navRate 1 timeRef 1 (GPS)");
    expect(out).toMatch(/PortID 1 \(UART1\)[\s\S]*baudRate 115200\s+inProtoMask 0x7 outProtoMask 0x3/);
    expect(out).toMatch(/UBX-CFG-NAV5:[\s\S]*dynModel 4 /);
  }, 60_000);

  describe("ubxtool sends the same bytes for the same request", () => {
    let wire: string;
    let capture: ReturnType<typeof spawn> | undefined;
    beforeAll(async () => {
      // ubxtool writes to a tty: a socat pty whose other end writes what arrives to a file.
      wire = join(tmp.dir, "wire.bin");
      const link = join(tmp.dir, "ubx-tty");
      capture = spawn("socat", ["-u", `pty,raw,echo=0,link=${link}`, `OPEN:${wire},creat,trunc`], { stdio: "ignore" });
      await waitFor(() => existsSync(link), "socat's pty");
    });
    afterAll(() => {
      capture?.kill("SIGTERM");
    });
    const sent = async (args: string[]): Promise<Uint8Array> => {
      const before = existsSync(wire) ? readFileSync(wire).length : 0;
      const run = spawnSync(PYTHON, [UBXTOOL, "-f", join(tmp.dir, "ubx-tty"), "-s", "9600", "-w", "0.05", ...args], { encoding: "utf8", timeout: 60_000 });
      expect(run.status, run.stderr).toBe(0);
      await waitFor(() => existsSync(wire) && readFileSync(wire).length > before, "ubxtool's bytes");
      return new Uint8Array(readFileSync(wire).subarray(before));
    };

    const cases: { name: string; args: string[]; ours: () => Uint8Array }[] = [
      { name: "UART1 at 115200 (CFG-PRT, UBX+NMEA in and out)", args: ["-S", "115200"], ours: () => cfgPrtUart1(115200, { inProtoMask: 3, outProtoMask: 3 }) },
      {
        name: "dynamic model pedestrian (CFG-NAV5)",
        args: ["-p", "MODEL,3"],
        ours: () => plan("ublox", { dynamicModel: "pedestrian" }, { ubxGeneration: 8 })[0]!.bytes,
      },
      {
        name: "CFG-RATE-MEAS 200 ms in RAM (CFG-VALSET)",
        args: ["-P", "27", "-z", "CFG-RATE-MEAS,200,1"],
        ours: () => cfgValset([[UBX_KEYS["CFG-RATE-MEAS"], 200]], 1),
      },
      { name: "CFG-GNSS poll", args: ["-p", "CFG-GNSS"], ours: () => ubxPoll(0x06, 0x3e) },
      { name: "MON-VER poll", args: ["-p", "MON-VER"], ours: () => createConfigurator("ublox").ping({})!.bytes },
    ];
    for (const c of cases) {
      it(c.name, async () => expect(hex(await sent(c.args))).toBe(hex(c.ours())), 60_000);
    }

    it("CFG-VALGET of one key from RAM", async () => {
      // ubxtool asks every layer in turn (RAM first) when none is given.
      const bytes = await sent(["-P", "27", "-g", "CFG-RATE-MEAS,0"]);
      expect(hex(bytes)).toBe(hex(cfgValgetPoll([UBX_KEYS["CFG-RATE-MEAS"]], 0)));
    }, 60_000);
  });
});
