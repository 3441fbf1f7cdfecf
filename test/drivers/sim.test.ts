// The drivers against the simulated receiver of each dialect (src/sim answers commands as the chips do):
// identification, restarts and their startup messages, aiding acks, refusals, rates, and TTFF measured
// through the pipeline equal to the simulator's truth.

import { describe, expect, it } from "vitest";
import { openGps, type Gps } from "../../src/gps.js";
import { createSimSource, type SimSource } from "../../src/sim/source.js";
import {
  DriverCommandError,
  createDriver,
  createUbloxDriver,
  measureTtffRun,
  nmeaCommand,
  pairAck,
  pmtkAck,
  probeDialect,
  sendCommand,
  type AidingPosition,
  type Dialect,
  type TtffRun,
} from "../../src/methods/drivers/index.js";

const CHIPS: Dialect[] = ["mtk", "sirf", "ublox", "quectel"];
/** Within 30 km of the simulator's default place (Eiffel Tower): the chips accept it. */
const NEAR: AidingPosition = { latitudeDeg: 48.86, longitudeDeg: 2.29, altitudeM: 80 };

/**
 * Runs `body` against a live pipeline over `sim:?…&speed=max`, starting inside the first epoch at least
 * `atS` simulated seconds after power-on: the commands then reach the simulator at that exact simulated time.
 */
async function withSim<T>(spec: string, body: (gps: Gps, source: SimSource) => Promise<T>, atS = 5): Promise<T> {
  const source = createSimSource(`sim:?speed=max&${/(^|&)at=/.test(spec) ? "" : "at=2026-11-26T12:00:00Z&"}${spec}`);
  const gps = openGps({ source });
  const running = gps.run();
  try {
    return await new Promise<Promise<T>>((resolve) => {
      const off = gps.on("epoch", ({ epoch }) => {
        if (epoch.receivedAtMs - source.options.startTimeMs < atS * 1000) return;
        off();
        resolve(body(gps, source));
      });
    });
  } finally {
    await gps.close();
    await running;
  }
}

describe("probeDialect on the simulator", () => {
  for (const chip of CHIPS) {
    it(`identifies ${chip}, listening from power-on`, async () => {
      const source = createSimSource(`sim:?speed=max&chip=${chip}&seed=2&at=2026-11-26T12:00:00Z`);
      const gps = openGps({ source });
      const running = gps.run();
      const result = await probeDialect(gps);
      await gps.close();
      await running;
      expect(result.dialect).toBe(chip);
      expect(result.evidence.length).toBeGreaterThan(0);
      // MTK and u-blox give themselves away at power-on; SiRF and PAIR chips have to be asked.
      expect(result.bytesWritten > 0).toBe(chip === "sirf" || chip === "quectel");
    });
  }

  for (const chip of CHIPS) {
    it(`identifies ${chip} by asking, after its power-on banner went by`, async () => {
      const result = await withSim(`chip=${chip}&seed=2`, (gps) => probeDialect(gps));
      expect(result.dialect).toBe(chip);
      expect(result.bytesWritten).toBeGreaterThan(0);
    });
  }
});

describe("restarts", () => {
  for (const chip of CHIPS) {
    it(`${chip}: cold restart, TTFF equal to the simulator's truth`, async () => {
      const { run, truth, replies } = await withSim(`chip=${chip}&seed=3`, async (gps, source) => {
        const replies: string[] = [];
        gps.on("frame", ({ frame }) => replies.push(frame.text));
        const run = await measureTtffRun(gps, createDriver(chip), { restart: "cold", timeoutMs: 300_000 });
        return { run, truth: { ...source.truth }, replies };
      });
      expect(truth.restartCount).toBe(1);
      expect(truth.startType).toBe("cold");
      expect(run.timedOut).toBe(false);
      expect(run.ttffMs).toBe(truth.ttffMs);
      expect(run.first3dMs).toBe(truth.first3dMs);
      expect(run.ttffMs).toBe(truth.drawnTtffMs);
      expect(run.inferredStart.type).toBe("cold");
      const banner = replies.indexOf("$PMTK011,MTKGPS*08");
      if (chip === "mtk") expect(replies.slice(banner, banner + 2)).toEqual(["$PMTK011,MTKGPS*08", "$PMTK010,001*2E"]);
      else expect(banner).toBe(-1);
      if (chip === "quectel") {
        expect(run.commands[0]!.status).toBe("acked");
        expect(replies).toContain("$PAIR001,006,0*3D");
      } else expect(run.commands[0]!.status).toBe("sent");
    });
  }

  for (const chip of CHIPS) {
    it(`${chip}: hot restart after a fix is hot, TTFF equal to the truth`, async () => {
      const { run, truth } = await withSim(
        `chip=${chip}&seed=4&start=hot`,
        async (gps, source) => {
          const run = await measureTtffRun(gps, createDriver(chip), { restart: "hot", timeoutMs: 300_000 });
          return { run, truth: { ...source.truth } };
        },
        60,
      );
      expect(truth.startType).toBe("hot");
      expect(run.ttffMs).toBe(truth.ttffMs);
      expect(run.first3dMs).toBe(truth.first3dMs);
      expect(run.inferredStart.type).toBe("hot");
    });
  }
});

describe("assisted cold starts", () => {
  // Each seed powers on at its own second, so the restarts meet the navigation message at different points.
  const at = (seed: number): string => `at=2026-11-26T12:00:${String((seed * 7) % 60).padStart(2, "0")}Z`;
  const assisted = (chip: Dialect, seed: number, extra = ""): Promise<{ run: TtffRun; truth: SimSource["truth"] }> =>
    withSim(`chip=${chip}&seed=${seed}&${at(seed)}${extra}`, async (gps, source) => {
      const run = await measureTtffRun(gps, createDriver(chip), { restart: "cold", timeoutMs: 300_000, assist: { position: NEAR } });
      return { run, truth: { ...source.truth } };
    });
  const unaided = (chip: Dialect, seed: number): Promise<TtffRun> =>
    withSim(`chip=${chip}&seed=${seed}&${at(seed)}`, (gps) => measureTtffRun(gps, createDriver(chip), { restart: "cold", timeoutMs: 300_000 }));

  const acks: Record<Dialect, string[]> = {
    mtk: ["sent", "acked", "acked"],
    sirf: ["sent"], // aiding rides in PSRF104
    ublox: ["sent", "no-ack-seen", "no-ack-seen"], // MGA acks are off by default
    quectel: ["acked", "acked", "acked"],
  };
  for (const chip of CHIPS) {
    it(`${chip}: aiding taken (the simulator's start becomes assisted), acks as the chip gives them`, async () => {
      const { run, truth } = await assisted(chip, 3);
      expect(run.commands.map((c) => c.status)).toEqual(acks[chip]);
      expect(run.aidingProblems).toEqual([]);
      expect(truth.startType).toBe("assisted");
      expect(run.ttffMs).toBe(truth.ttffMs);
      expect(run.first3dMs).toBe(truth.first3dMs);
      expect(run.bytesSent).toBe(run.commands.reduce((n, c) => n + c.bytesWritten, 0));
    });
  }

  it("u-blox with ackAiding on: MGA-ACK seen for time and position", async () => {
    const { run } = await assisted("ublox", 3, "&ackaiding=1");
    expect(run.commands.map((c) => c.status)).toEqual(["sent", "acked", "acked"]);
  });

  it("u-blox: CFG-NAVX5 turns MGA acks on (ACK-ACK), then aiding is acknowledged", async () => {
    const statuses = await withSim("chip=ublox&seed=3", async (gps) => {
      const driver = createUbloxDriver();
      const navx5 = await sendCommand(gps, driver.enableAidingAcks());
      const time = await sendCommand(gps, driver.injectTime(gps.source.clock!()));
      return [navx5.status, time.status];
    });
    expect(statuses).toEqual(["acked", "acked"]);
  });

  // The model shortens the satellite search once time and position are known and changes nothing else, so
  // from the same state at the same moment an assisted cold start is never slower; where the search, not the
  // navigation-message frame, decides the fix, it is faster (time and position without orbits only shorten the
  // code sweep: over these 32 restarts two are faster, by a whole subframe).
  it("assisted ≤ unaided from the same state for every chip and seed, faster in total", async () => {
    const totals = { assisted: 0, unaided: 0 };
    for (const chip of CHIPS) {
      for (const seed of [1, 2, 3, 4, 5, 6, 7, 8]) {
        const a = (await assisted(chip, seed)).run;
        const u = await unaided(chip, seed);
        expect(a.ttffMs, `${chip} seed ${seed}`).toBeLessThanOrEqual(u.ttffMs!);
        totals.assisted += a.ttffMs!;
        totals.unaided += u.ttffMs!;
      }
    }
    expect(totals.assisted).toBeLessThan(totals.unaided);
  }, 60_000);
});

describe("refusals, timeouts and rates against the simulator", () => {
  it("MTK: unsupported command and a failed one are clear errors", async () => {
    const errors = await withSim("chip=mtk&seed=1", async (gps) => {
      const unsupported = await sendCommand(gps, { bytes: nmeaCommand("PMTK999"), description: "PMTK999", expectAck: pmtkAck(999) }).catch((e: unknown) => e);
      const failed = await sendCommand(gps, { bytes: nmeaCommand("PMTK220,50"), description: "PMTK220 50 ms", expectAck: pmtkAck(220) }).catch(
        (e: unknown) => e,
      );
      return [unsupported, failed] as DriverCommandError[];
    });
    expect(errors.map((e) => [e.reason, e.verdict?.status === "rejected" ? e.verdict.reason : undefined])).toEqual([
      ["rejected", "unsupported"],
      ["rejected", "failed"],
    ]);
    expect(errors[0]!.message).toBe("PMTK999: refused: PMTK999: unsupported command (flag 1)");
  });

  it("Quectel: not supported (result 3)", async () => {
    const error = await withSim("chip=quectel&seed=1", (gps) =>
      sendCommand(gps, { bytes: nmeaCommand("PAIR999"), description: "PAIR999", expectAck: pairAck(999) }).catch((e: unknown) => e),
    );
    expect((error as DriverCommandError).message).toBe("PAIR999: refused: PAIR999: not supported (result 3)");
  });

  it("the wrong dialect does not answer: timeout on the simulated clock", async () => {
    const error = await withSim("chip=sirf&seed=1", (gps) =>
      sendCommand(gps, createDriver("mtk").injectTime(gps.source.clock!()), { timeoutMs: 5000 }).catch((e: unknown) => e),
    );
    expect((error as DriverCommandError).reason).toBe("timeout");
  });

  for (const chip of ["mtk", "quectel", "ublox"] as const) {
    it(`${chip}: setRate(5) acknowledged${chip === "ublox" ? "" : ", epochs 200 ms apart"}`, async () => {
      const { status, gaps } = await withSim(`chip=${chip}&seed=1`, async (gps) => {
        const result = await sendCommand(gps, createDriver(chip).setRate(5));
        const times: number[] = [];
        await new Promise<void>((resolve) => {
          const off = gps.on("epoch", ({ epoch }) => {
            times.push(epoch.receivedAtMs);
            if (times.length === 5) {
              off();
              resolve();
            }
          });
        });
        return { status: result.status, gaps: times.slice(2).map((t, i) => t - times[i + 1]!) };
      });
      expect(status).toBe("acked");
      // the simulated u-blox acks CFG-RATE but keeps its rate
      if (chip !== "ublox") expect(gaps).toEqual([200, 200, 200]);
    });
  }
});
