// The simulated chips apply configuration as the real ones do and answer polls with the settings they run:
// a rate changes the epoch period, a message switched off stops, systems switch (an M8 at its next restart),
// the port changes speed after its ack, a saved configuration survives a reset and a factory reset brings
// the factory's back. Commands and answers are built and read here independently of the drivers.

import { describe, expect, it } from "vitest";
import { createSimReceiver, type SimReceiver } from "../../src/sim/receiver/receiver.js";
import type { SimReceiverOptions } from "../../src/sim/receiver/types.js";
import { ubxFrame } from "../../src/sim/receiver/ubx.js";
import { staticRoute } from "../../src/sim/motion/route.js";
import { loadBundledSky } from "../../src/node/almanacs.js";
import { createSimSource, parseSimSpec } from "../../src/sim/source.js";
import { nmeaLine, ubxFrames } from "../drivers/_frames.js";

const sky = loadBundledSky();
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const PARIS = staticRoute(48.8584, 2.2945, 80);

const line = nmeaLine;
const nmea = (body: string): Uint8Array => new TextEncoder().encode(`${line(body)}\r\n`);
const text = (bytes: Uint8Array): string => new TextDecoder("latin1").decode(bytes);
const lines = (bytes: Uint8Array): string[] =>
  text(bytes)
    .split("\r\n")
    .filter((l) => l.startsWith("$"));
const types = (epoch: string[]): string[] =>
  [...new Set(epoch.map((l) => /^\$[A-Z]{2}([A-Z]{3}),/.exec(l)?.[1]).filter((t): t is string => t !== undefined))].sort();
/** Satellite numbers in the GSV sentences (GPS 1–32, SBAS 33–64 as NMEA numbers them). */
const gsvPrns = (epoch: string[]): number[] =>
  epoch
    .filter((l) => /^\$..GSV,/.test(l))
    .flatMap((l) =>
      l
        .slice(1, l.indexOf("*"))
        .split(",")
        .slice(4)
        .filter((_, i) => i % 4 === 0 && _ !== "")
        .map(Number),
    );
const gsvTalkers = (epoch: string[]): string[] => [...new Set(epoch.filter((l) => /^\$..GSV,/.test(l)).map((l) => l.slice(1, 3)))].sort();

function receiver(options: Partial<SimReceiverOptions> = {}): SimReceiver {
  return createSimReceiver({ sky, route: PARIS, startTimeMs: T0, seed: 3, start: "hot", ...options });
}

/** Steps the receiver from `fromMs` for `count` of its own intervals; returns each cycle's lines. */
function cycles(rx: SimReceiver, fromMs: number, count: number): { atMs: number; lines: string[] }[] {
  const out: { atMs: number; lines: string[] }[] = [];
  let t = fromMs;
  for (let i = 0; i < count; i++) {
    out.push({ atMs: t, lines: lines(rx.step(t)) });
    t += rx.intervalMs;
  }
  return out;
}

const u16 = (n: number): number[] => [n & 0xff, n >> 8];
const u32 = (n: number): number[] => [n & 0xff, (n >> 8) & 0xff, (n >> 16) & 0xff, (n >>> 24) & 0xff];
const cfg = (id: number, payload: number[] = []): Uint8Array => ubxFrame(0x06, id, new Uint8Array(payload));
const ACK = (id: number): string => `5:1:${[6, id]}`;
const NAK = (id: number): string => `5:0:${[6, id]}`;
const summary = (bytes: Uint8Array): string[] => ubxFrames(bytes).map((f) => (f.cls === 5 ? `${f.cls}:${f.id}:${[...f.payload]}` : `${f.cls}:${f.id}`));

describe("MediaTek", () => {
  it("PMTK220 and PMTK314: the epoch period and the sentences sent change, PMTK400/414 say so", () => {
    const rx = receiver({ chip: "mtk" });
    const before = cycles(rx, T0 + 20_000, 2);
    expect(types(before[1]!.lines)).toEqual(["GGA", "GSA", "GSV", "RMC", "VTG"]);
    expect(lines(rx.receive(nmea("PMTK220,200"), T0 + 21_000))).toEqual([line("PMTK001,220,3")]);
    expect(lines(rx.receive(nmea("PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0"), T0 + 21_000))).toEqual([line("PMTK001,314,3")]);
    const after = cycles(rx, T0 + 22_000, 5);
    expect(after.map((c) => c.atMs - T0)).toEqual([22_000, 22_200, 22_400, 22_600, 22_800]);
    for (const c of after) expect(types(c.lines)).toEqual(["GGA", "RMC"]);
    expect(lines(rx.receive(nmea("PMTK400"), T0 + 23_000))).toEqual([line("PMTK500,200,0,0,0,0")]);
    expect(lines(rx.receive(nmea("PMTK414"), T0 + 23_000))).toEqual([line("PMTK514,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0")]);
  });

  it("a GPS-only MT3339 refuses PMTK353 and PMTK355 (flag 1) but switches SBAS and QZSS off", () => {
    const rx = receiver({ chip: "mtk", start: "hot" });
    // (QZSS is never above Paris: its numbers never show here)
    expect(gsvPrns(cycles(rx, T0 + 30_000, 1)[0]!.lines).some((p) => p >= 33 && p <= 64)).toBe(true);
    expect(lines(rx.receive(nmea("PMTK353,1,1,0,0,0"), T0 + 30_500))).toEqual([line("PMTK001,353,1")]);
    expect(lines(rx.receive(nmea("PMTK355"), T0 + 30_500))).toEqual([line("PMTK001,355,1")]);
    expect(lines(rx.receive(nmea("PMTK413"), T0 + 30_500))).toEqual([line("PMTK513,1")]);
    expect(lines(rx.receive(nmea("PMTK313,0"), T0 + 30_500))).toEqual([line("PMTK001,313,3")]);
    expect(lines(rx.receive(nmea("PMTK352,1"), T0 + 30_500))).toEqual([line("PMTK001,352,3")]);
    expect(lines(rx.receive(nmea("PMTK413"), T0 + 30_500))).toEqual([line("PMTK513,0")]);
    // only GPS satellites (PRN 1–32) are left: no SBAS (33–64 in NMEA)
    const prns = gsvPrns(cycles(rx, T0 + 31_000, 1)[0]!.lines);
    expect(prns.length).toBeGreaterThan(4);
    expect(prns.every((p) => p >= 1 && p <= 32)).toBe(true);
  });

  it("an MT3333 (model=mt3333) takes PMTK353: Galileo on, GLONASS off, PMTK355 answers", () => {
    const rx = receiver({ chip: "mtk", model: "mt3333", start: "hot" });
    expect(gsvTalkers(cycles(rx, T0 + 30_000, 1)[0]!.lines)).toContain("GL");
    expect(lines(rx.receive(nmea("PMTK353,1,0,1,0,0"), T0 + 30_500))).toEqual([line("PMTK001,353,3,1,0,1,0,0")]);
    expect(lines(rx.receive(nmea("PMTK355"), T0 + 30_500))).toEqual([line("PMTK001,355,3,1,0,0,1")]);
    const talkers = gsvTalkers(cycles(rx, T0 + 31_000, 8).at(-1)!.lines);
    expect(talkers).not.toContain("GL");
    expect(talkers).toContain("GA");
  });

  it("PMTK251 switches the port after the write (no ack); PMTK104 brings the factory configuration back", () => {
    const rx = receiver({ chip: "mtk" });
    rx.receive(nmea("PMTK220,500"), T0);
    expect(rx.receive(nmea("PMTK251,115200"), T0)).toHaveLength(0);
    expect(rx.baudRate).toBe(115_200);
    rx.receive(nmea("PMTK104"), T0 + 1000);
    expect([rx.baudRate, rx.intervalMs]).toEqual([9600, 1000]);
  });
});

describe("Quectel PAIR", () => {
  it("queries are acknowledged, then answered with the running settings; changes apply at once", () => {
    const rx = receiver({ chip: "quectel" });
    const ask = (body: string): string[] => lines(rx.receive(nmea(body), T0 + 40_000));
    expect(ask("PAIR051")).toEqual([line("PAIR001,051,0"), line("PAIR051,1000")]);
    expect(ask("PAIR050,200")).toEqual([line("PAIR001,050,0")]);
    expect(ask("PAIR051")).toEqual([line("PAIR001,051,0"), line("PAIR051,200")]);
    expect(ask("PAIR062,3,0")).toEqual([line("PAIR001,062,0")]);
    expect(ask("PAIR063,3")).toEqual([line("PAIR001,063,0"), line("PAIR063,3,0")]);
    expect(ask("PAIR067")).toEqual([line("PAIR001,067,0"), line("PAIR067,1,1,1,1,1,0")]);
    expect(ask("PAIR066,1,0,1,0,0,0")).toEqual([line("PAIR001,066,0")]);
    expect(ask("PAIR067")).toEqual([line("PAIR001,067,0"), line("PAIR067,1,0,1,0,0,0")]);
    // NavIC: an LC76G has no hardware for it, the whole command fails
    expect(ask("PAIR066,1,0,1,0,0,1")).toEqual([line("PAIR001,066,2")]);
    expect(ask("PAIR081")).toEqual([line("PAIR001,081,0"), line("PAIR081,0")]);
    expect(ask("PAIR080,1")).toEqual([line("PAIR001,080,0")]);
    expect(ask("PAIR081")).toEqual([line("PAIR001,081,0"), line("PAIR081,1")]);
    expect(ask("PAIR865,0,0")).toEqual([line("PAIR001,865,0"), line("PAIR865,115200")]);
    const out = cycles(rx, T0 + 41_000, 10);
    expect(out[1]!.atMs - out[0]!.atMs).toBe(200);
    for (const c of out) expect(types(c.lines)).not.toContain("GSV");
    expect(types(out.at(-1)!.lines)).toEqual(["GGA", "GSA", "RMC", "VTG"]);
  });

  it("PAIR864: acknowledged at the old speed, then the port switches", () => {
    const rx = receiver({ chip: "quectel" });
    expect(rx.receiveAtSpeeds(nmea("PAIR864,0,0,921600"), T0).map((c) => [lines(c.bytes), c.baudRate])).toEqual([[[line("PAIR001,864,0")], 115_200]]);
    expect(rx.baudRate).toBe(921_600);
  });
});

describe("SiRF", () => {
  it("PSRF103 sets each sentence's period in seconds (0 off); PSRF100 the speed", () => {
    const rx = receiver({ chip: "sirf" });
    rx.receive(nmea("PSRF103,00,00,02,01"), T0);
    rx.receive(nmea("PSRF103,03,00,00,01"), T0);
    const out = cycles(rx, T0 + 30_000, 4).map((c) => types(c.lines));
    expect(out).toEqual([
      ["GGA", "GSA", "RMC"],
      ["GSA", "RMC"],
      ["GGA", "GSA", "RMC"],
      ["GSA", "RMC"],
    ]);
    rx.receive(nmea("PSRF100,1,38400,8,1,0"), T0 + 35_000);
    expect(rx.baudRate).toBe(38_400);
  });
});

describe("u-blox M8", () => {
  it("CFG polls are answered by the message itself, then ACK-ACK; settings ACK-ACK and apply", () => {
    const rx = receiver({ chip: "ublox" });
    const rate = ubxFrames(rx.receive(cfg(0x08), T0));
    expect(rate.map((f) => [f.cls, f.id, ...f.payload])).toEqual([
      [6, 8, ...u16(1000), ...u16(1), ...u16(1)],
      [5, 1, 6, 8],
    ]);
    expect(summary(rx.receive(cfg(0x08, [...u16(200), ...u16(1), ...u16(1)]), T0))).toEqual([ACK(0x08)]);
    expect(rx.intervalMs).toBe(200);
    expect(summary(rx.receive(cfg(0x01, [0xf0, 0x03, 0]), T0))).toEqual([ACK(0x01)]);
    const msg = ubxFrames(rx.receive(cfg(0x01, [0xf0, 0x03]), T0));
    expect([...msg[0]!.payload]).toEqual([0xf0, 0x03, 0, 0, 0, 0, 0, 0]);
    const gga = ubxFrames(rx.receive(cfg(0x01, [0xf0, 0x00]), T0));
    expect([...gga[0]!.payload]).toEqual([0xf0, 0x00, 0, 1, 0, 0, 0, 0]);
    for (const c of cycles(rx, T0 + 10_000, 5)) expect(types(c.lines)).not.toContain("GSV");
    // The dynamic model: CFG-NAV5 with its mask bit, read back by the poll.
    const nav5 = new Array<number>(36).fill(0);
    nav5.splice(0, 3, 1, 0, 4);
    expect(summary(rx.receive(cfg(0x24, nav5), T0))).toEqual([ACK(0x24)]);
    expect(ubxFrames(rx.receive(cfg(0x24), T0))[0]!.payload[2]).toBe(4);
    nav5[2] = 1; // not a model
    expect(summary(rx.receive(cfg(0x24, nav5), T0))).toEqual([NAK(0x24)]);
  });

  it("CFG-GNSS: acknowledged at once, tracked from the next (GNSS) restart; four major systems are refused", () => {
    const rx = receiver({ chip: "ublox", start: "hot" });
    const block = (gnssId: number, on: boolean): number[] => [gnssId, 8, 16, 0, ...u32((on ? 1 : 0) | (1 << 16))];
    const gnss = (on: number[]): Uint8Array => cfg(0x3e, [0, 0, 0xff, 7, ...[0, 1, 2, 3, 4, 5, 6].flatMap((id) => block(id, on.includes(id)))]);
    expect(summary(rx.receive(gnss([0, 2, 3, 6]), T0))).toEqual([NAK(0x3e)]);
    expect(gsvTalkers(cycles(rx, T0 + 30_000, 1)[0]!.lines)).toEqual(["GA", "GL", "GP"]);
    expect(summary(rx.receive(gnss([0, 2]), T0 + 30_500))).toEqual([ACK(0x3e)]);
    const polled = ubxFrames(rx.receive(cfg(0x3e), T0 + 30_500))[0]!.payload;
    const enabled = [0, 1, 2, 3, 4, 5, 6].filter((i) => polled[8 + 8 * i]! & 1).map((i) => polled[4 + 8 * i]);
    expect(enabled).toEqual([0, 2]);
    expect(gsvTalkers(cycles(rx, T0 + 31_000, 1)[0]!.lines)).toEqual(["GA", "GL", "GP"]);
    rx.receive(cfg(0x04, [0, 0, 2, 0]), T0 + 31_500); // hot GNSS restart
    expect(gsvTalkers(cycles(rx, T0 + 32_000, 6).at(-1)!.lines)).toEqual(["GA", "GP"]);
  });

  it("CFG-PRT: ACK-ACK at the old speed, then the port switches; the poll answers the new speed", () => {
    const rx = receiver({ chip: "ublox" });
    const prt = [1, 0, 0, 0, ...u32(0x8c0), ...u32(115_200), ...u16(3), ...u16(3), 0, 0, 0, 0];
    expect(rx.receiveAtSpeeds(cfg(0x00, prt), T0).map((c) => [summary(c.bytes), c.baudRate])).toEqual([[[ACK(0x00)], 9600]]);
    const answer = ubxFrames(rx.receive(cfg(0x00, [1]), T0))[0]!.payload;
    expect(new DataView(answer.buffer).getUint32(8, true)).toBe(115_200);
  });

  it("CFG-CFG save: the saved configuration survives a hardware reset; without it the reset brings the old one back", () => {
    const rx = receiver({ chip: "ublox" });
    rx.receive(cfg(0x08, [...u16(500), ...u16(1), ...u16(1)]), T0);
    rx.receive(cfg(0x04, [0, 0, 0, 0]), T0 + 1000); // hardware reset
    expect(rx.intervalMs).toBe(1000);
    rx.receive(cfg(0x08, [...u16(500), ...u16(1), ...u16(1)]), T0 + 2000);
    expect(summary(rx.receive(cfg(0x09, [0, 0, 0, 0, 0x1f, 0x1f, 0, 0, 0, 0, 0, 0, 0x17]), T0 + 2000))).toEqual([ACK(0x09)]);
    rx.receive(cfg(0x04, [0, 0, 0, 0]), T0 + 3000);
    expect(rx.intervalMs).toBe(500);
    // clear + load: the factory configuration, running and stored
    rx.receive(cfg(0x09, [0x1f, 0x1f, 0, 0, 0, 0, 0, 0, 0x1f, 0x1f, 0, 0, 0x17]), T0 + 4000);
    expect(rx.intervalMs).toBe(1000);
  });

  it("an M8 does not know CFG-VALSET/VALGET (ACK-NAK); MON-VER says PROTVER 18.00", () => {
    const rx = receiver({ chip: "ublox" });
    expect(summary(rx.receive(cfg(0x8a, [0, 1, 0, 0, ...u32(0x30210001), ...u16(200)]), T0))).toEqual([NAK(0x8a)]);
    const ver = ubxFrames(rx.receive(ubxFrame(0x0a, 0x04), T0))[0]!;
    expect(text(ver.payload)).toContain("PROTVER=18.00");
  });
});

describe("u-blox F9 (model=f9): CFG-VALSET and CFG-VALGET with layers", () => {
  const valset = (layers: number, items: [number, number[]][]): Uint8Array => cfg(0x8a, [0, layers, 0, 0, ...items.flatMap(([k, v]) => [...u32(k), ...v])]);
  const valget = (layer: number, keys: number[]): Uint8Array => cfg(0x8b, [0, layer, 0, 0, ...keys.flatMap(u32)]);
  const values = (payload: Uint8Array): number[] => [...payload.subarray(4)];

  it("RAM changes run at once, BBR/flash ones only after a reset; VALGET reads each layer", () => {
    const rx = receiver({ chip: "ublox", model: "f9" });
    expect(rx.baudRate).toBe(38_400);
    expect(text(ubxFrames(rx.receive(ubxFrame(0x0a, 0x04), T0))[0]!.payload)).toContain("MOD=ZED-F9P");
    expect(
      summary(
        rx.receive(
          valset(1, [
            [0x30210001, u16(200)],
            [0x209100c5, [0]],
          ]),
          T0,
        ),
      ),
    ).toEqual([ACK(0x8a)]);
    expect(rx.intervalMs).toBe(200);
    for (const c of cycles(rx, T0 + 10_000, 3)) expect(types(c.lines)).not.toContain("GSV");
    const ram = ubxFrames(rx.receive(valget(0, [0x30210001, 0x209100c5, 0x40520001]), T0));
    expect(ram.map((f) => `${f.cls}:${f.id}`)).toEqual(["6:139", "5:1"]);
    expect(values(ram[0]!.payload)).toEqual([...u32(0x30210001), ...u16(200), ...u32(0x209100c5), 0, ...u32(0x40520001), ...u32(38_400)]);
    // stored only: the running rate stays, the BBR layer has it, a hardware reset runs it
    expect(summary(rx.receive(valset(2 | 4, [[0x30210001, u16(500)]]), T0))).toEqual([ACK(0x8a)]);
    expect(rx.intervalMs).toBe(200);
    expect(values(ubxFrames(rx.receive(valget(1, [0x30210001]), T0))[0]!.payload)).toEqual([...u32(0x30210001), ...u16(500)]);
    rx.receive(cfg(0x04, [0, 0, 0, 0]), T0 + 1000);
    expect(rx.intervalMs).toBe(500);
  });

  it("systems switch at once; an unknown key or a value out of range NAKs the whole message", () => {
    const rx = receiver({ chip: "ublox", model: "f9", start: "hot" });
    expect(
      summary(
        rx.receive(
          valset(1, [
            [0x10310025, [0]],
            [0x10310022, [0]],
          ]),
          T0 + 30_000,
        ),
      ),
    ).toEqual([ACK(0x8a)]);
    expect(gsvTalkers(cycles(rx, T0 + 30_000, 1)[0]!.lines)).toEqual(["GA", "GP"]);
    expect(
      summary(
        rx.receive(
          valset(1, [
            [0x30210001, u16(100)],
            [0x30990001, u16(1)],
          ]),
          T0,
        ),
      ),
    ).toEqual([NAK(0x8a)]);
    expect(summary(rx.receive(valset(1, [[0x40520001, u32(12_345)]]), T0))).toEqual([NAK(0x8a)]);
    expect(rx.intervalMs).toBe(1000);
  });
});

describe("the sim: source's serial link", () => {
  it("a speed change leaves the host end reading noise until it follows; then the receiver answers again", async () => {
    const source = createSimSource(parseSimSpec("sim:?chip=mtk&speed=max&at=2026-11-26T12:00:00Z"));
    await source.open();
    const chunks = source[Symbol.asyncIterator]();
    const next = async (): Promise<string> => text((await chunks.next()).value as Uint8Array);
    expect(await next()).toContain("$PMTK011,MTKGPS");
    await source.write(nmea("PMTK251,57600"));
    // no valid sentence at the old speed
    expect(await next()).not.toMatch(/\$G[PN]GGA,/);
    await source.write(nmea("PMTK000"));
    expect(await next()).not.toContain("$PMTK001,0,3");
    await source.setBaudRate(57_600);
    await source.write(nmea("PMTK000"));
    expect(await next()).toContain(line("PMTK001,0,3"));
    expect(await next()).toMatch(/\$G[PN]GGA,/);
    await source.close();
  });

  it("model= names its chip; a model of another chip is a bad spec", () => {
    expect(parseSimSpec("sim:?model=f9").chip).toBe("ublox");
    expect(() => parseSimSpec("sim:?chip=mtk&model=f9")).toThrow("sim: model f9 is a ublox chip, not mtk");
    expect(() => parseSimSpec("sim:?model=m9")).toThrow(/bad model "m9" \(expected mt3339, mt3333, sirfstar4, m8, f9, lc76g\)/);
  });
});
