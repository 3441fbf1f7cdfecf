// Which cycle the untimed sentences between two cycles' timed ones belong to (src/state/cycle-order.ts, cycles.ts
// rule 14): told by their content, in both orders.
import { describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/index.js";
import { createParser } from "../../src/parsing/index.js";
import { createTracker } from "../../src/state/index.js";
import type { Epoch, TrackerEvent } from "../../src/types.js";
import { epochsOfLog } from "../output/log-epochs.js";

const at = (epochs: Epoch[], hhmmss: string): Epoch | undefined => {
  const [h, m, s] = hhmmss.split(":").map(Number) as [number, number, number];
  return epochs.find((e) => e.timeOfDayMs === ((h * 60 + m) * 60 + s) * 1000);
};

describe("untimed sentences before the cycle's RMC and GGA (GSV GSA VTG RMC GGA)", () => {
  it("in motion: the GSA's HDOP and the VTG's speed tell the order; the next cycle's GSA 'no fix' leaves the last fixed epoch alone", async () => {
    const epochs = await epochsOfLog({ file: "untimed-lead-fix-lost.nmea" });
    const last = at(epochs, "09:30:07");
    expect(last?.mode).toBe("3d");
    expect(last?.quality).toBe("dgps");
    expect(last?.latitudeDeg).toBeCloseTo(55.1014, 6);
    // its own VTG and GSA: 25.0 kn, HDOP 1.1, six used
    expect((last?.speedMps ?? 0) / (1852 / 3600)).toBeCloseTo(25.0, 6);
    expect(last?.dop.hdop).toBe(1.1);
    expect(last?.satellitesUsed).toBe(6);
    // once the order is learned, a cycle is its GSV, GSA, VTG, RMC, GGA
    expect(at(epochs, "09:30:06")?.sentenceIds).toEqual(["GSV", "GSV", "GSA", "VTG", "RMC", "GGA"]);
    const lost = epochs.filter((e) => e.timeOfDayMs === undefined);
    expect(lost).toHaveLength(3);
    for (const e of lost) expect(e.sentenceIds).toEqual(["GSV", "GSV", "GSA", "VTG", "RMC", "GGA"]);
    expect(at(epochs, "09:30:11")?.mode).toBe("3d");
  });

  it("at rest (nothing changes to tell the order): a GSA 'no fix' after the RMC A and GGA 2 begins the next cycle", async () => {
    const epochs = await epochsOfLog({ file: "untimed-lead-fix-lost-at-rest.nmea" });
    const last = at(epochs, "09:30:03");
    expect(last?.mode).toBe("3d");
    expect(last?.quality).toBe("dgps");
    expect(last?.fixState.kind).toBe("fixed");
    expect(epochs.filter((e) => e.mode === "none")).toHaveLength(2);
  });
});

describe("untimed sentences after the cycle's timed ones (GGA VTG RMC GSA GSV, a Quectel's order)", () => {
  // the GSA and GSV after each RMC are that cycle's: its used list and HDOP are the GGA's before them
  const cycle = (s: number, fix: boolean, hdop: number, used: number[], knots: number): string[] => {
    const t = `1200${String(s).padStart(2, "0")}.00`;
    const list = [...used.map((n) => String(n).padStart(2, "0")), ...Array(12 - used.length).fill("")].join(",");
    return fix
      ? [
          `GPGGA,${t},4807.0${s}0,N,01131.000,E,1,${String(used.length).padStart(2, "0")},${hdop.toFixed(1)},545.4,M,46.9,M,,`,
          `GPVTG,${(40 + s).toFixed(1)},T,,M,${knots.toFixed(1)},N,${(knots * 1.852).toFixed(1)},K,A`,
          `GPRMC,${t},A,4807.0${s}0,N,01131.000,E,${knots.toFixed(1)},${(40 + s).toFixed(1)},071226,,,A`,
          `GPGSA,A,3,${list},1.9,${hdop.toFixed(1)},1.5`,
          "GPGSV,1,1,04,05,40,083,41,07,17,308,38,08,07,344,35,10,22,228,40",
        ]
      : [
          `GPGGA,${t},,,,,0,00,,,,,,,`,
          "GPVTG,,T,,M,,N,,K,N",
          `GPRMC,${t},V,,,,,,,071226,,,N`,
          "GPGSA,A,1,,,,,,,,,,,,,,,",
          "GPGSV,1,1,04,05,40,083,21,07,17,308,18,08,07,344,,10,22,228,",
        ];
  };
  const lines = [
    ...cycle(0, true, 1.0, [5, 7, 8, 10], 10.0),
    ...cycle(1, true, 1.2, [5, 7, 8], 11.0),
    ...cycle(2, true, 0.9, [5, 7, 8, 10], 12.5),
    ...cycle(3, true, 1.4, [5, 7], 13.1),
    ...cycle(4, true, 1.0, [5, 7, 8, 10], 14.0),
    ...cycle(5, false, 0, [], 0),
    ...cycle(6, false, 0, [], 0),
    ...cycle(7, true, 1.1, [5, 7, 8], 9.0),
  ];
  const text = `${lines.map((l) => withChecksum(l)).join("\r\n")}\r\n`;

  it("stays with the cycle before: each epoch has its own GSA's used count, and the fix is lost with the cycle that says so", async () => {
    const epochs = await epochsOfLog({ text });
    const used = [4, 3, 4, 2, 4];
    for (let s = 0; s < used.length; s++) {
      const e = at(epochs, `12:00:0${s}`);
      expect(e?.mode, `12:00:0${s}`).not.toBe("none");
      expect(e?.satellitesUsed, `12:00:0${s}`).toBe(used[s]);
    }
    expect(at(epochs, "12:00:05")?.mode).toBe("none");
    expect(at(epochs, "12:00:06")?.mode).toBe("none");
    expect(at(epochs, "12:00:07")?.satellitesUsed).toBe(3);
    expect(at(epochs, "12:00:03")?.sentenceIds.slice(-2)).toEqual(["GSA", "GSV"]);
  });

  describe("a GSA of one constellation saying 1 beside the fix's 3D", () => {
    it("is no word that the fix is gone: each epoch keeps its own GSV, and none is added", async () => {
      const epochs = await epochsOfLog({ file: "gsa-one-system-unused-beside-fix.nmea" });
      expect(epochs.map((e) => (e.timeOfDayMs === undefined ? "untimed" : e.mode))).toEqual(["3d", "3d", "3d", "3d"]);
      for (const [k, e] of epochs.entries()) {
        expect(e.satellites.satellites.find((s) => s.constellation === "gps" && s.svid === 2)?.cn0DbHz).toBe(30 + k);
        expect(e.satellitesUsed).toBe(5);
      }
    });
  });
});

describe("a GSA 'no fix' right after RMC A and GGA 1, the order not yet told (a receiver at rest)", () => {
  // RMC, GGA, GSA, GSV per cycle (`trailing`), or GSA, GSV, RMC, GGA (`leading`); the fix is lost from cycle 11 on.
  // In the trailing order the GSA says "no fix" a cycle before RMC and GGA do (a leading indicator, as an i.Trek's
  // GSA says 3D before its RMC turns A). Either way the GSA begins what is taken as the next cycle, and the learned
  // ender (GSV, learned in the other alignment) closed that head before any timed sentence came: an epoch without a
  // time of day, "no fix", between 12:00:10 and 12:00:11. The head is part of the next cycle (cycles.ts FRAGMENT).
  const cycle = (s: number, fix: boolean, gsaSaysFix: boolean, order: "trailing" | "leading"): string[] => {
    const t = `1200${String(s).padStart(2, "0")}.00`;
    const timed = fix
      ? [`GPRMC,${t},A,4807.038,N,01131.000,E,0.0,0.0,010524,,,A`, `GPGGA,${t},4807.038,N,01131.000,E,1,04,1.2,545.4,M,46.9,M,,`]
      : [`GPRMC,${t},V,,,,,,,010524,,,N`, `GPGGA,${t},,,,,0,00,,,M,,M,,`];
    const c = 10 + s; // the C/N0 names the cycle
    const untimed = [
      gsaSaysFix ? "GPGSA,A,3,01,03,06,11,,,,,,,,,2.1,1.2,1.7" : "GPGSA,A,1,,,,,,,,,,,,,,,",
      `GPGSV,1,1,04,01,40,083,${c},03,30,200,${c},06,60,120,${c},11,20,300,${c}`,
    ];
    return order === "trailing" ? [...timed, ...untimed] : [...untimed, ...timed];
  };
  const log = (order: "trailing" | "leading"): string => {
    const lines: string[] = [];
    for (let s = 0; s < 20; s++) lines.push(...cycle(s, s <= 10, order === "trailing" ? s < 10 : s <= 10, order));
    return `${lines.map((l) => withChecksum(l)).join("\r\n")}\r\n`;
  };

  for (const order of ["trailing", "leading"] as const) {
    it(`${order}: one epoch per time of day, none without one; fixed to 12:00:10, no fix from 12:00:11`, async () => {
      const epochs = await epochsOfLog({ text: log(order) });
      expect(epochs.filter((e) => e.timeOfDayMs === undefined)).toHaveLength(0);
      expect(epochs.map((e) => (e.timeOfDayMs ?? 0) / 1000 - 43_200)).toEqual(Array.from({ length: 20 }, (_, s) => s));
      expect(at(epochs, "12:00:10")?.fixState.kind).toBe("fixed");
      expect(at(epochs, "12:00:11")?.mode).toBe("none");
      expect(at(epochs, "12:00:11")?.fixState.kind).toBe("lost");
    });
  }
});

describe("a held rule-14 head that the next cycle does not continue (review of Verdict.FRAGMENT)", () => {
  const fixed = (s: number, c: number): Record<"RMC" | "GGA" | "GSA" | "GSV" | "VTG", string> => {
    const t = `1200${String(s).padStart(2, "0")}.00`;
    return {
      RMC: `GPRMC,${t},A,4807.038,N,01131.000,E,0.0,0.0,010524,,,A`,
      GGA: `GPGGA,${t},4807.038,N,01131.000,E,1,04,1.2,545.4,M,46.9,M,,`,
      GSA: "GPGSA,A,3,01,03,06,11,,,,,,,,,2.1,1.2,1.7",
      GSV: `GPGSV,1,1,04,01,40,083,${c},03,30,200,${c},06,60,120,${c},11,20,300,${c}`,
      VTG: "GPVTG,0.0,T,,M,0.0,N,0.0,K,A",
    };
  };
  const noFix = (s: number, c: number): Record<"RMC" | "GGA" | "GSA" | "GSV" | "VTG", string> => {
    const t = `1200${String(s).padStart(2, "0")}.00`;
    return {
      RMC: `GPRMC,${t},V,,,,,,,010524,,,N`,
      GGA: `GPGGA,${t},,,,,0,00,,,M,,M,,`,
      GSA: "GPGSA,A,1,,,,,,,,,,,,,,,",
      GSV: `GPGSV,1,1,04,01,40,083,${c},03,30,200,${c},06,60,120,${c},11,20,300,${c}`,
      VTG: "GPVTG,,T,,M,,N,,K,N",
    };
  };
  const text = (lines: string[]): string => `${lines.map((l) => withChecksum(l)).join("\r\n")}\r\n`;

  it("untimed cycles after the head (GSA GSV VTG, RMC and GGA gone for three cycles) stay one epoch each", async () => {
    const lines: string[] = [];
    for (let s = 0; s < 20; s++) {
      const f = s <= 10 ? fixed(s, 10 + s) : noFix(s, 10 + s);
      const g = s < 10 ? f : noFix(s, 10 + s);
      lines.push(g.GSA, g.GSV, g.VTG, ...(s >= 11 && s <= 13 ? [] : [f.RMC, f.GGA]));
    }
    const epochs = await epochsOfLog({ text: text(lines) });
    expect(epochs.filter((e) => e.timeOfDayMs === undefined)).toHaveLength(3);
    expect(epochs.filter((e) => e.mode === "none")).toHaveLength(9);
  });

  it("a head followed by a restart onto the default clock (1980-01-06) is an epoch of its own: its satellites do not reach the restarted run", async () => {
    const lines: string[] = [];
    for (let s = 0; s <= 10; s++) {
      const f = fixed(s, 30 + s);
      lines.push(f.RMC, f.GGA, (s < 10 ? f : noFix(s, 0)).GSA, f.GSV);
    }
    for (let i = 0; i < 3; i++) lines.push(`GPRMC,00000${i}.00,V,,,,,,,060180,,,N`, `GPGGA,00000${i}.00,,,,,0,00,,,M,,M,,`, "GPGSA,A,1,,,,,,,,,,,,,,,");
    const epochs = await epochsOfLog({ text: text(lines) });
    const onDefaultClock = epochs.filter((e) => e.defaultClock === true);
    expect(onDefaultClock).toHaveLength(3);
    for (const e of onDefaultClock) expect(e.satellites.trackedCount).toBe(0);
  });

  it("a restart commanded while a head is held cuts it there: the head is an epoch, the restart's start comes before the next cycle", () => {
    const parser = createParser();
    const tracker = createTracker({ timeBase: "receive" });
    const events: TrackerEvent[] = [...tracker.open(999_000).events];
    for (let s = 0; s < 14; s++) {
      const f = s <= 10 ? fixed(s, 10 + s) : noFix(s, 10 + s);
      const rows = [f.RMC, f.GGA, (s < 10 ? f : noFix(s, 10 + s)).GSA, f.GSV];
      rows.forEach((row, i) => {
        const at = 1_000_000 + s * 1000 + 100 + i * 10;
        const sentence = parser.parse({ text: withChecksum(row), checksum: "ok", receivedAtMs: at }, () => undefined);
        if (sentence !== undefined) events.push(...tracker.update(sentence, at).events);
        if (s === 10 && i === 3) events.push(...tracker.restart("hot", at + 50).events);
      });
    }
    const start = events.findIndex((e) => e.type === "start" && e.start.basis === "commanded");
    const cycle11 = events.findIndex((e) => e.type === "epoch" && e.epoch.timeOfDayMs === (12 * 3600 + 11) * 1000);
    expect(start).toBeGreaterThan(-1);
    expect(cycle11).toBeGreaterThan(start);
  });
});
