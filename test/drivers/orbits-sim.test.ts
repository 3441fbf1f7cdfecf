// Orbit data uploaded to the simulated receiver in its own dialect (AssistNow to u-blox paced by MGA-ACK, host EPO
// to MediaTek and Quectel, flash EPO to MediaTek over its binary protocol): every piece answered and counted, and a
// cold start with orbits fixes without waiting for the navigation message, where time and position alone do not.

import { describe, expect, it } from "vitest";
import { openGps, type Gps } from "../../src/gps.js";
import { createSimSource } from "../../src/sim/source.js";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { sharedPiece } from "../_shared.js";
import { loadBundledAlmanacRecords } from "../../src/node/almanacs.js";
import { writeAssistNowFile, writeEpoFile } from "../../src/orbits/assist-data.js";
import {
  createDriver,
  loadOrbitData,
  measureTtffRun,
  type AidingPosition,
  type Dialect,
  type OrbitData,
  type TtffRun,
} from "../../src/methods/drivers/index.js";

const AT = "2026-11-26T12:00:00Z";
const AT_MS = Date.parse(AT);
const NEAR: AidingPosition = { latitudeDeg: 48.86, longitudeDeg: 2.29, altitudeM: 80 };
const records = loadBundledAlmanacRecords();
const healthyGps = records.filter((r) => r.constellation === "gps" && r.healthy).length;
const healthyGpsQzss = records.filter((r) => (r.constellation === "gps" || r.constellation === "qzss") && r.healthy).length;
/** A cold start without orbits waits for the navigation message's subframes 1–3: 18 s at the least. */
const NAV_MESSAGE_MS = 18_000;

function orbits(bytes: Uint8Array): OrbitData {
  const data = loadOrbitData(bytes);
  if (typeof data === "string") throw new Error(data);
  return data;
}

/** A cold restart 5 s after power-on, at full speed, with time and position and (when given) orbit data. */
async function coldRun(chip: Dialect, seed: number, data?: OrbitData, place = `at=${AT}`, near = NEAR): Promise<TtffRun> {
  const source = createSimSource(`sim:?speed=max&chip=${chip}&seed=${seed}&${place}`);
  const gps: Gps = openGps({ source });
  const running = gps.run();
  try {
    return await new Promise<Promise<TtffRun>>((resolve) => {
      const off = gps.on("epoch", ({ epoch }) => {
        if (epoch.receivedAtMs - source.options.startTimeMs < 5000) return;
        off();
        resolve(
          measureTtffRun(gps, createDriver(chip), {
            restart: "cold",
            timeoutMs: 300_000,
            assist: { position: near, ...(data === undefined ? {} : { orbits: data }) },
          }),
        );
      });
    });
  } finally {
    await gps.close();
    await running;
  }
}

describe("orbit data to the simulated receiver", () => {
  const cases: { name: string; chip: Dialect; file: Uint8Array; method: string; pieces: number }[] = [
    { name: "u-blox AssistNow (MGA-GPS/QZSS-EPH)", chip: "ublox", file: writeAssistNowFile(records, AT_MS), method: "assistnow", pieces: healthyGpsQzss },
    { name: "MediaTek host EPO ($PMTK721, one 6-hour set)", chip: "mtk", file: writeEpoFile(records, AT_MS, 0.25), method: "host-epo", pieces: healthyGps },
    { name: "MediaTek flash EPO (binary packets 722, 3 days)", chip: "mtk", file: writeEpoFile(records, AT_MS, 3), method: "flash-epo", pieces: (12 * 32) / 3 },
    { name: "Quectel host EPO ($PAIR471)", chip: "quectel", file: writeEpoFile(records, AT_MS, 0.25), method: "host-epo", pieces: healthyGps },
  ];
  for (const c of cases) {
    it(`${c.name}: every piece taken and counted; TTFF without the navigation message`, async () => {
      for (const seed of [1, 2]) {
        const withOrbits = await coldRun(c.chip, seed, orbits(c.file));
        const without = await coldRun(c.chip, seed);
        const upload = withOrbits.orbitUpload!;
        expect(upload.method).toBe(c.method);
        expect([upload.sent, upload.accepted, upload.refused, upload.unanswered]).toEqual([c.pieces, c.pieces, 0, 0]);
        expect(withOrbits.aidingProblems).toEqual([]);
        // every byte of the file goes out (EPO records as hex text or in packets: more than the file)
        expect(upload.bytesWritten).toBeGreaterThanOrEqual(c.file.length);
        expect(withOrbits.bytesSent).toBe(withOrbits.commands.reduce((n, r) => n + r.bytesWritten, 0));
        expect(withOrbits.bytesSent - without.bytesSent).toBe(upload.bytesWritten);
        expect(withOrbits.ttffMs, `seed ${seed}`).toBeLessThan(10_000);
        expect(without.ttffMs, `seed ${seed}`).toBeGreaterThanOrEqual(NAV_MESSAGE_MS);
      }
    }, 60_000);
  }

  it("out-of-date orbit data is no help: an EPO file of two days ago has no set for now, said so", async () => {
    const stale = orbits(writeEpoFile(records, AT_MS - 2 * 24 * 3_600_000, 0.25));
    const run = await coldRun("mtk", 1, stale);
    expect(run.orbitUpload!.sent).toBe(0);
    expect(run.aidingProblems).toHaveLength(1);
    expect(run.aidingProblems[0]).toMatch(/^no EPO set covers 2026-11-26T12:00:\d\d\.000Z: the file is out of date$/);
    expect(run.ttffMs).toBeGreaterThanOrEqual(NAV_MESSAGE_MS);
  });

  it("AssistNow ephemerides outside their ±2 h are taken (MGA-ACK says stored, not used) and give nothing", async () => {
    const old = orbits(writeAssistNowFile(records, AT_MS - 6 * 3_600_000));
    const run = await coldRun("ublox", 1, old);
    expect([run.orbitUpload!.accepted, run.orbitUpload!.refused]).toEqual([healthyGpsQzss, 0]);
    expect(run.ttffMs).toBeGreaterThanOrEqual(NAV_MESSAGE_MS);
  });

  // The corpus's real AssistNow answer (u-blox's servers, 2021-01-31 18:34 UTC, near Copenhagen): at its own time
  // and place every message the chip takes (INI-EOP, almanacs, health, ionosphere, UTC stored; 10 GPS ephemerides
  // used), and the cold start fixes from them.
  const corpus = sharedPiece("GNSSKIT_UBX_CORPUS", "real AssistNow upload test").path;
  it.skipIf(corpus === undefined)("the corpus's real AssistNow file at its own time and place: all taken, TTFF without the navigation message", async () => {
    const real = orbits(new Uint8Array(readFileSync(join(corpus!, "assistnow.log"))));
    const place = "at=2021-01-31T18:40:00Z&lat=55.8393&lon=12.2707";
    const near: AidingPosition = { latitudeDeg: 55.84, longitudeDeg: 12.27, altitudeM: 20 };
    const run = await coldRun("ublox", 1, real, place, near);
    const without = await coldRun("ublox", 1, undefined, place, near);
    expect([run.orbitUpload!.sent, run.orbitUpload!.refused, run.orbitUpload!.unanswered]).toEqual([151, 0, 0]);
    expect(run.ttffMs).toBeLessThan(10_000);
    expect(without.ttffMs).toBeGreaterThanOrEqual(NAV_MESSAGE_MS);
  });
});
