import { describe, expect, it } from "vitest";
import { createSimReceiver, type SimReceiver } from "../../src/sim/receiver/receiver.js";
import type { SimReceiverOptions } from "../../src/sim/receiver/types.js";
import { ubxFrame } from "../../src/sim/receiver/ubx.js";
import { staticRoute } from "../../src/sim/motion/route.js";
import { loadBundledSky } from "../../src/node/almanacs.js";

const sky = loadBundledSky();
const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);
const PARIS = staticRoute(48.8584, 2.2945, 80);

// Independent re-implementations (not the code under test) to verify what the receiver sends.
function xor(body: string): string {
  let c = 0;
  for (const ch of body) c ^= ch.charCodeAt(0);
  return c.toString(16).toUpperCase().padStart(2, "0");
}
function checksumOk(line: string): boolean {
  const m = /^\$([^*]*)\*([0-9A-F]{2})$/.exec(line);
  return m !== null && xor(m[1]!) === m[2];
}
function fletcher(bytes: number[]): number[] {
  let a = 0;
  let b = 0;
  for (const x of bytes) {
    a = (a + x) & 0xff;
    b = (b + a) & 0xff;
  }
  return [a, b];
}
const nmea = (body: string): Uint8Array => new TextEncoder().encode(`$${body}*${xor(body)}\r\n`);
const text = (bytes: Uint8Array): string => new TextDecoder("latin1").decode(bytes);
const lines = (bytes: Uint8Array): string[] =>
  text(bytes)
    .split("\r\n")
    .filter((l) => l.startsWith("$"));

function receiver(options: Partial<SimReceiverOptions> = {}): SimReceiver {
  return createSimReceiver({ sky, route: PARIS, startTimeMs: T0, seed: 3, ...options });
}

/** Runs epochs 1..n s after power-on; returns each epoch's lines (index 0 = power-on banner). */
function run(rx: SimReceiver, seconds: number, fromS = 0): string[][] {
  const out: string[][] = [];
  for (let s = fromS; s <= fromS + seconds; s++) out.push(lines(rx.step(T0 + s * 1000)));
  return out;
}

const fields = (line: string): string[] => line.slice(1, line.indexOf("*")).split(",");
const ggaOf = (epoch: string[]): string[] | undefined => epoch.map(fields).find((f) => f[0]!.endsWith("GGA"));

describe("command dialects", () => {
  const cases: {
    name: string;
    chip: NonNullable<SimReceiverOptions["chip"]>;
    command: Uint8Array;
    options?: Partial<SimReceiverOptions>;
    replies: string[] | Uint8Array;
    restart?: string;
    bannerAfter?: string[];
  }[] = [
    {
      name: "PMTK101 hot restart: no ack, then the start-up pair",
      chip: "mtk",
      command: nmea("PMTK101"),
      replies: [],
      restart: "hot",
      bannerAfter: ["$PMTK011,MTKGPS*08", "$PMTK010,001*2E"],
    },
    {
      name: "PMTK103 cold restart: no ack",
      chip: "mtk",
      command: nmea("PMTK103"),
      replies: [],
      restart: "cold",
      bannerAfter: ["$PMTK011,MTKGPS*08", "$PMTK010,001*2E"],
    },
    { name: "PMTK104 full cold: no ack", chip: "mtk", command: nmea("PMTK104"), replies: [], restart: "factory" },
    { name: "PMTK000 ping", chip: "mtk", command: nmea("PMTK000"), replies: [`$PMTK001,0,3*${xor("PMTK001,0,3")}`] },
    { name: "PMTK740 time aiding acked 3", chip: "mtk", command: nmea("PMTK740,2026,11,26,12,00,05"), replies: [`$PMTK001,740,3*${xor("PMTK001,740,3")}`] },
    {
      name: "PMTK741 position aiding acked 3",
      chip: "mtk",
      command: nmea("PMTK741,48.85,2.29,80,2026,11,26,12,00,05"),
      replies: [`$PMTK001,741,3*${xor("PMTK001,741,3")}`],
    },
    {
      name: "PMTK740 with a bad checksum: invalid packet",
      chip: "mtk",
      command: new TextEncoder().encode("$PMTK740,2026,11,26,12,00,05*00\r\n"),
      replies: [`$PMTK001,740,0*${xor("PMTK001,740,0")}`],
    },
    { name: "PMTK unknown: unsupported", chip: "mtk", command: nmea("PMTK999"), replies: [`$PMTK001,999,1*${xor("PMTK001,999,1")}`] },
    {
      name: "PMTK605 firmware query",
      chip: "mtk",
      command: nmea("PMTK605"),
      replies: [`$PMTK705,AXN_2.31_3339_13101700,5632,PA6H,1.0*${xor("PMTK705,AXN_2.31_3339_13101700,5632,PA6H,1.0")}`],
    },
    { name: "MTK ignores PAIR", chip: "mtk", command: nmea("PAIR006"), replies: [] },
    { name: "MTK ignores UBX", chip: "mtk", command: ubxFrame(0x06, 0x04, new Uint8Array([0xff, 0xff, 0x01, 0x00])), replies: [] },
    {
      name: "PSRF104 cold reset: SiRF never answers",
      chip: "sirf",
      command: nmea("PSRF104,0,0,0,96000,0,0,12,4"),
      replies: [],
      restart: "cold",
      bannerAfter: [],
    },
    { name: "PSRF101 factory reset", chip: "sirf", command: nmea("PSRF101,0,0,0,96000,0,0,12,8"), replies: [], restart: "factory" },
    {
      name: "u-blox CFG-RST cold (domain.md frame, mode 1): no ack",
      chip: "ublox",
      command: Uint8Array.from([0xb5, 0x62, 0x06, 0x04, 0x04, 0x00, 0xff, 0xff, 0x01, 0x00, 0x0d, 0x5f]),
      replies: new Uint8Array(0),
      restart: "cold",
    },
    {
      name: "u-blox CFG-RST warm (GNSS-only reset): no ack, no banner",
      chip: "ublox",
      command: Uint8Array.from([0xb5, 0x62, 0x06, 0x04, 0x04, 0x00, 0x01, 0x00, 0x02, 0x00, 0x11, 0x6c]),
      replies: new Uint8Array(0),
      restart: "warm",
      bannerAfter: [],
    },
    {
      name: "u-blox MGA-INI-TIME_UTC without ackAiding: silent",
      chip: "ublox",
      command: Uint8Array.from([
        0xb5, 0x62, 0x13, 0x40, 0x18, 0x00, 0x10, 0x00, 0x00, 0x80, 0xe8, 0x07, 0x01, 0x0f, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0xca,
      ]),
      replies: new Uint8Array(0),
    },
    {
      name: "u-blox MGA-INI-TIME_UTC with ackAiding: MGA-ACK-DATA0",
      chip: "ublox",
      options: { ackAiding: true },
      command: Uint8Array.from([
        0xb5, 0x62, 0x13, 0x40, 0x18, 0x00, 0x10, 0x00, 0x00, 0x80, 0xe8, 0x07, 0x01, 0x0f, 0x0c, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00, 0x00,
        0x00, 0x00, 0x00, 0x00, 0x00, 0x08, 0xca,
      ]),
      replies: Uint8Array.from([
        0xb5,
        0x62,
        0x13,
        0x60,
        0x08,
        0x00,
        0x01,
        0x00,
        0x00,
        0x40,
        0x10,
        0x00,
        0x00,
        0x80,
        ...fletcher([0x13, 0x60, 0x08, 0x00, 0x01, 0x00, 0x00, 0x40, 0x10, 0x00, 0x00, 0x80]),
      ]),
    },
    {
      name: "u-blox CFG message: ACK-ACK",
      chip: "ublox",
      command: ubxFrame(0x06, 0x01, new Uint8Array([0xf0, 0x03, 0, 0, 0, 0, 0, 0])),
      replies: Uint8Array.from([0xb5, 0x62, 0x05, 0x01, 0x02, 0x00, 0x06, 0x01, ...fletcher([0x05, 0x01, 0x02, 0x00, 0x06, 0x01])]),
    },
    { name: "u-blox ignores PMTK", chip: "ublox", command: nmea("PMTK103"), replies: [] },
    {
      name: "PAIR006 cold: acknowledged, unlike PMTK",
      chip: "quectel",
      command: nmea("PAIR006"),
      replies: ["$PAIR001,006,0*3D"],
      restart: "cold",
      bannerAfter: [],
    },
    { name: "PAIR004 hot", chip: "quectel", command: nmea("PAIR004"), replies: [`$PAIR001,004,0*${xor("PAIR001,004,0")}`], restart: "hot" },
    { name: "PAIR590 time aiding", chip: "quectel", command: nmea("PAIR590,2026,11,26,12,00,05"), replies: [`$PAIR001,590,0*${xor("PAIR001,590,0")}`] },
    {
      name: "PAIR600 position aiding",
      chip: "quectel",
      command: nmea("PAIR600,48.858,2.294,80.0,50.0,50.0,0.0,100.0"),
      replies: [`$PAIR001,600,0*${xor("PAIR001,600,0")}`],
    },
    { name: "PAIR unknown: not supported", chip: "quectel", command: nmea("PAIR999"), replies: [`$PAIR001,999,3*${xor("PAIR001,999,3")}`] },
  ];
  for (const c of cases) {
    it(c.name, () => {
      const rx = receiver({ chip: c.chip, ...c.options });
      run(rx, 5);
      const reply = rx.receive(c.command, T0 + 5000);
      if (c.replies instanceof Uint8Array) expect([...reply]).toEqual([...c.replies]);
      else {
        expect(lines(reply)).toEqual(c.replies);
        for (const l of lines(reply)) expect(checksumOk(l)).toBe(true);
      }
      if (c.restart !== undefined) {
        expect(rx.truth.startType).toBe(c.restart);
        expect(rx.truth.restartCount).toBe(1);
        expect(rx.truth.startedAtMs).toBe(T0 + 5000);
      } else expect(rx.truth.restartCount).toBe(0);
      if (c.bannerAfter !== undefined) {
        const next = lines(rx.step(T0 + 6000));
        const banner = next.filter((l) => !/^\$G[NPLABQ](GGA|GSA|GSV|RMC|VTG|GLL|ZDA)/.test(l));
        expect(banner).toEqual(c.bannerAfter);
      }
    });
  }

  it("a command split across writes is still understood", () => {
    const rx = receiver({ chip: "mtk" });
    run(rx, 2);
    const bytes = nmea("PMTK000");
    expect(rx.receive(bytes.subarray(0, 5), T0 + 2000).length).toBe(0);
    expect(lines(rx.receive(bytes.subarray(5), T0 + 2000))).toEqual([`$PMTK001,0,3*${xor("PMTK001,0,3")}`]);
  });

  it("u-blox banner and every output line carry correct checksums", () => {
    const rx = receiver({ chip: "ublox", start: "hot" });
    const epochs = run(rx, 5);
    expect(epochs[0]![0]).toBe(`$GNTXT,01,01,02,u-blox ag - www.u-blox.com*${xor("GNTXT,01,01,02,u-blox ag - www.u-blox.com")}`);
    for (const l of epochs.flat()) expect(checksumOk(l)).toBe(true);
  });

  it("SiRF PSRF103 query outputs the sentence once; mode 0 rate 0 turns it off", () => {
    const rx = receiver({ chip: "sirf", start: "hot" });
    run(rx, 3);
    rx.receive(nmea("PSRF103,05,01,00,01"), T0 + 3000);
    const polled = lines(rx.step(T0 + 4000));
    expect(polled.filter((l) => l.startsWith("$GPVTG"))).toHaveLength(1);
    expect(lines(rx.step(T0 + 5000)).some((l) => l.includes("VTG"))).toBe(false);
    rx.receive(nmea("PSRF103,00,00,00,01"), T0 + 5000);
    expect(lines(rx.step(T0 + 6000)).some((l) => l.includes("GGA"))).toBe(false);
  });

  it("u-blox PUBX,00 poll answers with the current fix", () => {
    const rx = receiver({ chip: "ublox", start: "hot" });
    run(rx, 8);
    const [reply] = lines(rx.receive(nmea("PUBX,00"), T0 + 8000));
    expect(checksumOk(reply!)).toBe(true);
    const f = fields(reply!);
    expect(f.slice(0, 2)).toEqual(["PUBX", "00"]);
    expect(f[8]).toBe("G3");
  });

  it("PMTK220 changes the output interval", () => {
    const rx = receiver({ chip: "mtk" });
    expect(rx.intervalMs).toBe(1000);
    expect(lines(rx.receive(nmea("PMTK220,200"), T0))).toEqual([`$PMTK001,220,3*${xor("PMTK001,220,3")}`]);
    expect(rx.intervalMs).toBe(200);
  });
});

describe("NMEA versions", () => {
  const epochAt = (version: NonNullable<SimReceiverOptions["nmeaVersion"]>, chip: NonNullable<SimReceiverOptions["chip"]> = "quectel"): string[] => {
    const rx = receiver({ chip, nmeaVersion: version, start: "hot" });
    return run(rx, 10).at(-1)!;
  };

  it("4.11: GN position talker, one GSA per system with a system id, GSV with a signal id, RMC nav status", () => {
    const epoch = epochAt("4.11");
    expect(epoch.some((l) => l.startsWith("$GNGGA"))).toBe(true);
    const gsa = epoch.filter((l) => l.startsWith("$GNGSA")).map(fields);
    expect(gsa.map((f) => f[18])).toEqual(["1", "2", "3", "4", "5"]);
    for (const f of epoch.filter((l) => /^\$G.GSV/.test(l)).map(fields)) expect(f.length % 4).toBe(1);
    expect(fields(epoch.find((l) => l.startsWith("$GNRMC"))!)).toHaveLength(14);
    const talkers = new Set(epoch.filter((l) => l.includes("GSV")).map((l) => l.slice(1, 3)));
    expect([...talkers].sort()).toEqual(["GA", "GB", "GL", "GP"].filter((t) => talkers.has(t)).sort());
    expect(talkers.has("GL")).toBe(true);
  });

  for (const version of ["3.0", "2.3"] as const) {
    it(`${version}: GP talkers only, one GSA without system id, GLONASS as 65..96, no signal ids`, () => {
      const epoch = epochAt(version);
      for (const l of epoch) expect(l.slice(1, 3)).toBe("GP");
      const gsa = epoch.filter((l) => l.includes("GSA")).map(fields);
      expect(gsa).toHaveLength(1);
      expect(gsa[0]).toHaveLength(18);
      const gsv = epoch.filter((l) => l.includes("GSV")).map(fields);
      for (const f of gsv) expect(f.length % 4).toBe(0);
      const ids = gsv.flatMap((f) =>
        f
          .slice(4)
          .filter((_, i) => i % 4 === 0)
          .map(Number),
      );
      expect(ids.some((id) => id >= 65 && id <= 96)).toBe(true);
      expect(ids.every((id) => id <= 96)).toBe(true);
      expect(fields(epoch.find((l) => l.includes("RMC"))!)).toHaveLength(13);
    });
  }

  it("keeps every line within 82 characters and checksummed", () => {
    for (const version of ["4.11", "4.10", "3.0", "2.3"] as const) {
      for (const chip of ["mtk", "sirf", "ublox", "quectel"] as const) {
        for (const l of epochAt(version, chip)) {
          expect(l.length + 2).toBeLessThanOrEqual(82);
          expect(checksumOk(l)).toBe(true);
        }
      }
    }
  });
});

/** When each satellite first shows a C/N0 in GSV (seconds after power-on), keyed `talker:id`. */
function firstSignalS(epochs: string[][]): Map<string, number> {
  const first = new Map<string, number>();
  epochs.forEach((epoch, i) => {
    for (const f of epoch.map(fields)) {
      if (!f[0]!.endsWith("GSV")) continue;
      for (let k = 4; k + 3 < f.length; k += 4) {
        const key = `${f[0]!.slice(0, 2)}:${Number(f[k])}`;
        if (f[k + 3] !== "" && !first.has(key)) first.set(key, i);
      }
    }
  });
  return first;
}

describe("search and use", () => {
  it("mtk is an MT3339, as its PMTK705 says: GPS, SBAS and QZSS, no GLONASS", () => {
    const rx = receiver({ chip: "mtk", start: "cold" });
    const out = run(rx, 60).flat();
    expect(lines(rx.receive(nmea("PMTK605"), T0 + 60_500))[0]).toMatch(/^\$PMTK705,AXN_[\d.]+_3339_/);
    expect(out.some((l) => l.startsWith("$GPGSV"))).toBe(true);
    expect(out.filter((l) => l.startsWith("$GLGSV"))).toEqual([]);
  });

  it("cold: without an almanac every code is swept, so each strong satellite is found within one sweep of its constellation, never before the warm start of the same seed and moment", () => {
    // GPS: 32 codes, 4 at a time, 0.75 s each = 6 s a sweep; then up to 3.3 s of pull-in, and the epoch it shows in.
    let later = 0;
    for (const seed of [1, 2, 3, 4, 5]) {
      const cold = receiver({ chip: "mtk", start: "cold", seed });
      const warm = receiver({ chip: "mtk", start: "warm", seed });
      const found = firstSignalS(run(cold, 40));
      const warmFound = firstSignalS(run(warm, 40));
      const gps = [...found].filter(([key]) => key.startsWith("GP:") && Number(key.slice(3)) <= 32);
      expect(gps.length, `seed ${seed}`).toBeGreaterThanOrEqual(6);
      expect(Math.max(...gps.map(([, s]) => s)), `seed ${seed}`).toBeLessThanOrEqual(11);
      for (const [key, s] of gps) {
        expect(s, `seed ${seed} ${key}`).toBeGreaterThanOrEqual(warmFound.get(key) ?? 0);
        if (s > (warmFound.get(key) ?? 0)) later++;
      }
      expect(cold.truth.drawnTtffMs!, `seed ${seed}`).toBeGreaterThanOrEqual(warm.truth.drawnTtffMs!);
    }
    expect(later).toBeGreaterThan(15);
  });

  it("every satellite with a decoded ephemeris is used: a lone satellite of a second system too", () => {
    // Used per system, from the GSA system ids: GLONASS (2) sometimes has a single one in use.
    const glonassUsed: number[] = [];
    for (const seed of [3, 4, 5, 6]) {
      const epochs = run(receiver({ chip: "ublox", start: "cold", seed, constellations: ["gps", "glonass"] }), 120);
      for (const epoch of epochs) {
        const gsa = epoch.map(fields).find((f) => f[0] === "GNGSA" && f[18] === "2");
        if (gsa !== undefined && gsa[2] !== "1") glonassUsed.push(gsa.slice(3, 15).filter((id) => id !== "").length);
      }
    }
    expect(glonassUsed).toContain(1);
  });
});

describe("acquisition", () => {
  for (const start of ["cold", "warm", "hot", "assisted"] as const) {
    it(`${start}: the fix starts 2D (no altitude), then 3D; TTFF as drawn`, () => {
      const rx = receiver({ start, seed: 11 });
      const epochs = run(rx, 90);
      const modes = epochs.map((e) => e.map(fields).find((f) => f[0] === "GNGSA")?.[2]);
      const first = modes.findIndex((m) => m === "2" || m === "3");
      expect(first).toBeGreaterThan(0);
      expect(modes[first]).toBe("2");
      expect(ggaOf(epochs[first]!)![9]).toBe("");
      const first3d = modes.indexOf("3");
      expect(first3d).toBeGreaterThan(first);
      expect(ggaOf(epochs[first3d]!)![9]).not.toBe("");
      expect(rx.truth.ttffMs).toBe(first * 1000);
      expect(rx.truth.first3dMs).toBe(first3d * 1000);
      expect(rx.truth.drawnTtffMs).toBe(rx.truth.ttffMs);
      expect(rx.truth.drawnFirst3dMs).toBe(rx.truth.first3dMs);
    });
  }

  it("cold: satellites are tracked (C/N0, no elevation) before they are used, and used ⊂ tracked", () => {
    const rx = receiver({ start: "cold", seed: 5 });
    const epochs = run(rx, 70);
    const firstTrackedAt = new Map<string, number>();
    epochs.forEach((epoch, i) => {
      const tracked = new Set<string>();
      for (const f of epoch.map(fields)) {
        if (!f[0]!.endsWith("GSV")) continue;
        for (let k = 4; k + 3 < f.length; k += 4) {
          const key = `${f[0]!.slice(0, 2)}:${Number(f[k])}`;
          if (f[k + 3] !== "") {
            tracked.add(key);
            if (!firstTrackedAt.has(key)) {
              firstTrackedAt.set(key, i);
              expect(f[k + 1]).toBe(""); // cold: no orbit yet, so no elevation
            }
          }
        }
      }
      for (const f of epoch.map(fields)) {
        if (f[0] !== "GNGSA") continue;
        const talker = f[18] === "1" ? "GP" : f[18] === "2" ? "GL" : "G?";
        for (const id of f.slice(3, 15).filter((x) => x !== "")) {
          const key = `${talker}:${Number(id)}`;
          expect(tracked.has(key)).toBe(true);
          expect(firstTrackedAt.get(key)!).toBeLessThan(i);
        }
      }
    });
    expect(rx.truth.ttffMs).toBeGreaterThan(15_000);
  });

  it("the same seed gives byte-identical output; another seed does not", () => {
    const bytes = (seed: number): string => {
      const rx = receiver({ seed, start: "cold", chip: "ublox" });
      let all = "";
      for (let s = 0; s <= 60; s++) all += text(rx.step(T0 + s * 1000));
      return all;
    };
    expect(bytes(9)).toBe(bytes(9));
    expect(bytes(9)).not.toBe(bytes(10));
  });

  it("indoor scenario: no fix within ten minutes", () => {
    const rx = receiver({ start: "cold", scenario: "indoor" });
    const epochs = run(rx, 600);
    expect(epochs.every((e) => ggaOf(e)?.[6] !== "1")).toBe(true);
    expect(rx.truth.drawnTtffMs).toBeUndefined();
    expect(rx.truth.ttffMs).toBeUndefined();
  });

  it("urban canyon: HDOP spikes from multipath episodes", () => {
    const rx = receiver({ start: "hot", scenario: "urban", seed: 4, chip: "ublox" });
    const hdops = run(rx, 300)
      .map((e) => ggaOf(e))
      .filter((f) => f?.[6] === "1")
      .map((f) => Number(f![8]));
    const sorted = [...hdops].sort((a, b) => a - b);
    const median = sorted[Math.floor(sorted.length / 2)]!;
    expect(hdops.length).toBeGreaterThan(100);
    expect(Math.max(...hdops)).toBeGreaterThan(2 * median);
  });

  it("assisted through commands: u-blox MGA-INI time + position shorten a cold start's search", () => {
    const plain = receiver({ chip: "ublox", start: "cold", seed: 21 });
    run(plain, 120);
    const aided = receiver({ chip: "ublox", start: "cold", seed: 21 });
    aided.step(T0);
    const t = new Date(T0);
    const time = new Uint8Array(24);
    const tv = new DataView(time.buffer);
    time[0] = 0x10;
    time[3] = 0x80;
    tv.setUint16(4, t.getUTCFullYear(), true);
    time.set([t.getUTCMonth() + 1, t.getUTCDate(), t.getUTCHours(), t.getUTCMinutes(), t.getUTCSeconds()], 6);
    const pos = new Uint8Array(20);
    const pv = new DataView(pos.buffer);
    pos[0] = 0x01;
    pv.setInt32(4, Math.round(48.86 * 1e7), true);
    pv.setInt32(8, Math.round(2.29 * 1e7), true);
    pv.setInt32(12, 8000, true);
    pv.setUint32(16, 100_000, true);
    aided.receive(new Uint8Array([...ubxFrame(0x13, 0x40, time), ...ubxFrame(0x13, 0x40, pos)]), T0);
    expect(aided.truth.startType).toBe("assisted");
    run(aided, 120, 1);
    expect(aided.truth.ttffMs).toBe(aided.truth.drawnTtffMs);
    expect(aided.truth.ttffMs!).toBeLessThanOrEqual(plain.truth.ttffMs!);
  });
});
