// The gpsd printer (src/cli/gpsd-printer.ts) with its real worker thread, from the built dist/ (a worker runs
// compiled JavaScript; npm test builds first): whatever it is given, in whatever sizes, the file holds exactly
// what the in-thread gpsd writer makes of the same epochs, in order.
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setFlagsFromString } from "node:v8";
import { Worker } from "node:worker_threads";
import { describe, expect, it } from "vitest";
import { createGpsdWriter, type GpsdEpoch, type GpsdSatellite } from "../../src/output/gpsd.js";
import type { Constellation } from "../../src/types.js";

const built = new URL("../../dist/cli/gpsd-printer.js", import.meta.url);
/** The built printer (its worker runs tsc's output), and a file of its own to print to. */
const builtPrinter = async (): Promise<typeof import("../../src/cli/gpsd-printer.js")["openGpsdPrinter"]> =>
  ((await import(built.href)) as typeof import("../../src/cli/gpsd-printer.js")).openGpsdPrinter;
const outPath = (): string => join(mkdtempSync(join(tmpdir(), "gnsskit-printer-")), "out.ndjson");
const reason = existsSync(built) ? undefined : "dist/ is not built (npm run build)";
if (reason !== undefined) console.log(`gpsd printer test skipped: ${reason}`);

/** Resolves once the printer's worker runs: from then on it prints every batch (before, this thread does). */
async function untilWorkerRuns(printer: { readonly workerRunning: boolean }): Promise<void> {
  const deadline = performance.now() + 20_000;
  while (!printer.workerRunning) {
    if (performance.now() > deadline) throw new Error("the printer's worker did not start within 20 s");
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

/**
 * Epochs from..to-1 of `count` satellites to the printer, awaiting only what it returns (microtasks: a worker's start
 * cannot be heard meanwhile); the text the in-thread writer makes of them.
 */
async function feed(printer: { epoch(e: GpsdEpoch): Promise<void> | undefined }, from: number, to: number, count: number): Promise<string> {
  const writer = createGpsdWriter();
  let expected = "";
  for (let k = from; k < to; k++) {
    const e = epoch(k, count);
    expected += writer.epoch(e);
    await printer.epoch(e);
  }
  return expected;
}

const CONSTELLATIONS: Constellation[] = ["gps", "sbas", "galileo", "beidou", "qzss", "glonass", "navic"];

/** A deterministic epoch k with `count` satellites, some with two signals. */
function epoch(k: number, count: number): GpsdEpoch {
  const satellites: GpsdSatellite[] = Array.from({ length: count }, (_, s) => ({
    constellation: CONSTELLATIONS[s % CONSTELLATIONS.length] as Constellation,
    svid: 1 + (s % 200),
    elevationDeg: (s * 7 + k) % 90,
    azimuthDeg: (s * 13 + k) % 360,
    usedInFix: s % 3 === 0,
    signals:
      s % 2 === 0
        ? [
            { signalId: 1, cn0DbHz: 30 + (s % 20), usedInFix: s % 3 === 0 },
            { signalId: 7, cn0DbHz: 25 + (k % 10), usedInFix: s % 3 === 0 },
          ]
        : [{ cn0DbHz: 40, usedInFix: s % 3 === 0 }],
  }));
  return {
    timeMs: Date.UTC(2026, 10, 27, 6, 0, 0) + k * 1000,
    mode: k % 5 === 0 ? "2d" : "3d",
    quality: "autonomous",
    latitudeDeg: 48.8583 + k * 1e-6,
    longitudeDeg: 2.2945 - k * 1e-6,
    altitudeMslM: 35 + k / 10,
    dop: { hdop: 0.8, pdop: 1.4, vdop: 1.1 },
    satellites: { satellites, usedCount: satellites.filter((s) => s.usedInFix).length },
    // every fourth epoch has a heading and a rate of turn: an ATT line between TPV and SKY
    ...(k % 4 === 0 ? { headingTrueDeg: (k * 1.7) % 360, rateOfTurnDegPerMin: (k % 7) - 3 } : {}),
  };
}

describe.skipIf(reason !== undefined)("gpsd printer (worker thread)", () => {
  it("writes what the in-thread writer makes, across many batches, a sky update and a sky larger than a batch", async () => {
    const openGpsdPrinter = await builtPrinter();
    const path = outPath();
    const printer = await openGpsdPrinter(path);
    const writer = createGpsdWriter();
    let expected = "";
    for (let k = 0; k < 600; k++) {
      // 600 epochs of 60 satellites: several batches of 64K doubles, so buffers go round
      const e = epoch(k, k === 300 ? 12_000 : 60); // one sky larger than a whole batch
      expected += writer.epoch(e);
      const wait = printer.epoch(e);
      if (wait) await wait;
      if (k === 10) {
        const late = epoch(99, 5).satellites;
        expected += writer.skyUpdate(late);
        await printer.skyUpdate(late);
      }
    }
    await printer.end();
    const written = readFileSync(path, "utf8");
    expect(written.length).toBe(expected.length);
    expect(written).toBe(expected);
    expect(written.split("\n").filter((line) => line.startsWith('{"class":"SKY"'))).toHaveLength(601);
    expect(written.split("\n").filter((line) => line.startsWith('{"class":"ATT"'))).toHaveLength(150);
  });

  it("prints epochs that share a view as the writer does, where the worker takes over and at each buffer's start", async () => {
    const openGpsdPrinter = await builtPrinter();
    const path = outPath();
    // a sky that changes every 7 epochs (the tracker hands on the same view object meanwhile); this thread prints
    // the first 10 epochs (more than its share of one double: the worker starts then, and this thread prints the
    // batch while it comes up), the worker the rest: a run of one view goes on across the takeover and buffers
    const epochs: GpsdEpoch[] = [];
    for (let k = 0; k < 1500; k++) {
      const e = epoch(k, 60);
      const previous = epochs[k - 1];
      epochs.push(k % 7 !== 0 && previous !== undefined ? { ...e, satellites: previous.satellites } : e);
    }
    const printer = await openGpsdPrinter(path, { inThreadDoubles: 1 });
    const writer = createGpsdWriter();
    let expected = "";
    for (const [k, e] of epochs.entries()) {
      expected += writer.epoch(e);
      const wait = printer.epoch(e);
      if (wait) await wait;
      // the first ten go out here before the pipeline would wait for input
      if (k === 9) {
        await new Promise((resolve) => setImmediate(resolve));
        await untilWorkerRuns(printer);
      }
    }
    await printer.end();
    expect(printer.batchesPosted).toBeGreaterThan(1);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });

  it("prints a sky update the worker receives first as this thread would: the worker takes over between an epoch and its update", async () => {
    const openGpsdPrinter = await builtPrinter();
    const { epochRecordSize } = await import("../../src/output/gpsd-wire.js");
    const path = outPath();
    const epochs = Array.from({ length: 5 }, (_, k) => epoch(k, 12));
    // this thread prints exactly the five epochs; the update after them is the worker's first record
    const printer = await openGpsdPrinter(path, { inThreadDoubles: epochs.reduce((sum, e) => sum + epochRecordSize(e), 0) });
    const writer = createGpsdWriter();
    let expected = "";
    for (const e of epochs) {
      expected += writer.epoch(e);
      await printer.epoch(e);
    }
    await new Promise((resolve) => setImmediate(resolve)); // the batch goes out before the pipeline would wait
    await untilWorkerRuns(printer); // started when this thread's share was used up
    const printedHere = expected.length;
    const late = epoch(99, 5).satellites;
    expected += writer.skyUpdate(late);
    await printer.skyUpdate(late);
    for (let k = 5; k < 8; k++) {
      const e = epoch(k, 12);
      expected += writer.epoch(e);
      await printer.epoch(e);
    }
    await printer.end();
    const written = readFileSync(path, "utf8");
    expect(written).toBe(expected);
    expect(written.slice(printedHere)).toMatch(/^\{"class":"SKY","time":"2026-11-27T06:00:04.000Z","hdop":0.8,"pdop":1.4,"vdop":1.1,"nSat":/);
  });

  it("prints in this thread while the worker starts: the decoder never waits for a worker that is not running yet", async () => {
    const openGpsdPrinter = await builtPrinter();
    const path = outPath();
    // no share for this thread: the worker starts at the first full batch. The loop awaits only what the printer
    // returns (microtasks), so the worker's start cannot be heard meanwhile: ten batches' worth go through this
    // thread without it (posted to it instead, as before, they waited for its start-up to come back).
    const printer = await openGpsdPrinter(path, { inThreadDoubles: 0 });
    let expected = await feed(printer, 0, 2000, 60);
    expect(printer.workerRunning).toBe(false);
    expect(printer.batchesPosted).toBe(0);
    await untilWorkerRuns(printer);
    expected += await feed(printer, 2000, 2001, 60);
    await printer.end();
    expect(printer.batchesPosted).toBe(1);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });

  it("ends without waiting for a worker still starting that was given nothing", async () => {
    const openGpsdPrinter = await builtPrinter();
    const path = outPath();
    const printer = await openGpsdPrinter(path, { inThreadDoubles: 0 });
    const expected = await feed(printer, 0, 300, 60); // the worker cannot have started
    await printer.end();
    expect(printer.batchesPosted).toBe(0);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });

  it("hands a large log's batches to the worker only when full: a file's lines are not waited for as they come", async () => {
    const openGpsdPrinter = await builtPrinter();
    const path = outPath();
    const printer = await openGpsdPrinter(path, { inputBytes: 50e6 });
    const writer = createGpsdWriter();
    let expected = "";
    for (let k = 0; k < 20; k++) {
      const e = epoch(k, 12);
      expected += writer.epoch(e);
      await printer.epoch(e);
      await new Promise((resolve) => setImmediate(resolve)); // where a live source's batch goes out
    }
    expect(printer.batchesPosted).toBe(0);
    await printer.end();
    expect(printer.batchesPosted).toBe(1);
    expect(readFileSync(path, "utf8")).toBe(expected);
  });

  it("keeps the young generation from growing once its worker runs: a long decode's memory stays bounded", async () => {
    // In a fresh thread of its own (a heap that starts small): print through a worker while making garbage of
    // which enough survives each scavenge for V8 to grow an unheld young generation.
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-printer-"));
    const code = `
      const { workerData, parentPort } = require("node:worker_threads");
      const { getHeapSpaceStatistics } = require("node:v8");
      (async () => {
        const { openGpsdPrinter } = await import(workerData.printer);
        const printer = await openGpsdPrinter(workerData.out, { inThreadDoubles: 0 });
        let kept = [];
        for (let round = 0; round < 400; round++) {
          for (let i = 0; i < 1e4; i++) {
            kept.push({ i });
            if (kept.length > 1e5) kept = [];
          }
          await printer.epoch(workerData.epoch);
          await new Promise((resolve) => setImmediate(resolve)); // the batch goes out: the printer looks at the heap
        }
        await printer.end();
        parentPort.postMessage(getHeapSpaceStatistics().find((space) => space.space_name === "new_space").space_size);
      })();`;
    const harness = new Worker(code, {
      eval: true,
      workerData: {
        printer: built.href,
        out: join(dir, "out.ndjson"),
        epoch: epoch(0, 12),
      },
    });
    const newSpaceBytes = await new Promise<number>((resolve, reject) => {
      harness.once("message", resolve);
      harness.once("error", reject);
    });
    await harness.terminate();
    setFlagsFromString("--semi-space-growth-factor=2"); // V8's default again, for the tests after this one
    expect(readFileSync(join(dir, "out.ndjson"), "utf8")).toMatch(/^\{"class":"TPV"/);
    // unheld, it reaches its maximum (2 × 16 MB); held once it has 4 MB (later if the worker came up late: a loaded machine)
    expect(newSpaceBytes).toBeLessThan(32 * 1024 * 1024);
  });
});
