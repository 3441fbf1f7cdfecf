import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIchnaeaProvider, createNetworkMethod, createPositioner, createReceiverMethods, type PositionerEvent } from "../../src/methods/index.js";
import { loadLastFix, parseMethodList, runWithMethods } from "../../src/node/methods/index.js";
import { createSimSource } from "../../src/sim/index.js";
import type { Source } from "../../src/sources/source.js";
import type { LinkEvent } from "../../src/types.js";
import { startStub, type Stub } from "./http-stub.js";

let stub: Stub;
beforeAll(async () => {
  stub = await startStub('{"location":{"lat":48.86,"lng":2.29},"accuracy":150}');
});
afterAll(async () => {
  await stub.close();
});

const WIFI = { wifi: [{ macAddress: "aa:bb:cc:dd:ee:01" }, { macAddress: "aa:bb:cc:dd:ee:02" }], cells: [] };

/** A simulated receiver that "walks out of Bluetooth range": its link reports a disconnect when its data ends. */
function vanishingReceiver(spec: string, name: string): Source {
  const sim = createSimSource(spec);
  const simClock = sim.clock!;
  const simOnLink = sim.onLink!.bind(sim);
  const listeners = new Set<(e: LinkEvent) => void>();
  return {
    name,
    live: true,
    clock: simClock,
    open: () => sim.open(),
    write: (b) => sim.write(b),
    close: () => sim.close(),
    onLink(listener) {
      listeners.add(listener);
      const off = simOnLink(listener);
      return () => {
        off();
        listeners.delete(listener);
      };
    },
    async *[Symbol.asyncIterator]() {
      for await (const chunk of sim) yield chunk;
      for (const l of listeners) l({ type: "disconnected", reason: "Bluetooth link lost (no RFCOMM data)" });
    },
  };
}

describe("bluetooth receiver disappears", () => {
  it("the positioner falls back to network and says why", async () => {
    const bt = vanishingReceiver("sim:?start=hot&seed=2&speed=50&duration=30&at=2026-11-26T12:00:00Z", "bt://00:11:22:33:44:55");
    const receiver = createReceiverMethods({ source: () => bt, unaidedName: "bluetooth" });
    const network = createNetworkMethod({ provider: createIchnaeaProvider({ url: stub.url("/v1/geolocate") }), observations: () => WIFI, intervalMs: 10_000 });
    const positioner = createPositioner({ methods: [receiver.unaided, network], clock: () => bt.clock!(), tickIntervalMs: 0 });
    const events: PositionerEvent[] = [];
    const fellBack = new Promise<void>((resolve) => {
      positioner.on("location", (e) => {
        events.push(e);
        if (e.location.method === "network" && events.some((x) => x.type === "method-state" && x.method === "bluetooth" && x.state === "unavailable"))
          resolve();
      });
    });
    for (const type of ["method-changed", "method-state"] as const) positioner.on(type, (e) => events.push(e));
    positioner.start();
    await fellBack;
    await positioner.stop();
    const gone = events.find((e) => e.type === "method-state" && e.state === "unavailable");
    expect(gone).toMatchObject({ method: "bluetooth", why: "bt://00:11:22:33:44:55 disconnected: Bluetooth link lost (no RFCOMM data)" });
    const change = events.filter((e) => e.type === "method-changed").at(-1);
    expect(change).toMatchObject({ from: "bluetooth", to: "network", reason: "current-unavailable" });
    expect(change?.type === "method-changed" && change.detail).toMatch(/^bluetooth unavailable: bt:\/\/00:11:22:33:44:55 disconnected: Bluetooth link lost/);
    expect(events.indexOf(gone!)).toBeLessThan(events.indexOf(change!));
  }, 20_000);
});

describe("runWithMethods (Node wiring)", () => {
  it("parses --methods lists", () => {
    expect(parseMethodList("integrated, assisted,network")).toEqual(["integrated", "assisted", "network"]);
    expect(() => parseMethodList("integrated,gps")).toThrow('--methods: unknown method "gps" (choose from integrated, assisted, bluetooth, network)');
    expect(() => parseMethodList("network,network")).toThrow(/listed twice/);
  });

  it("assisted + network on sim: the network answer aids the receiver; the simulated fix is not saved as the user's", async () => {
    const stateFile = join(mkdtempSync(join(tmpdir(), "gnsskit-run-")), "last-fix.json");
    const events: PositionerEvent[] = [];
    const run = await runWithMethods({
      methods: ["assisted", "network"],
      source: "sim:?start=cold&chip=mtk&seed=5&speed=20&duration=120&at=2026-11-26T12:00:00Z",
      provider: stub.url("/v1/geolocate"),
      observations: () => WIFI,
      stateFile,
      onEvent: (e) => events.push(e),
    });
    expect(run.notes).toEqual([]);
    await new Promise<void>((resolve) => run.positioner.on("first-location", (e) => e.method === "assisted" && resolve()));
    const summary = await run.stop();

    // No last fix yet: position aiding waited for the network answer, then went out as PMTK741 and was acked.
    const steps = events.filter((e): e is Extract<PositionerEvent, { type: "aiding" }> => e.type === "aiding").flatMap((e) => e.steps);
    expect(steps.map((s) => [s.description.split(" ")[0], s.outcome])).toEqual([
      ["PMTK740", "acked"],
      ["PMTK741", "acked"],
    ]);
    expect(steps[1]!.description).toMatch(/PMTK741 reference position 48\.860000, 2\.290000/);
    const types = events.map((e) => e.type);
    expect(types.indexOf("expected-satellites")).toBeLessThan(types.lastIndexOf("first-location"));
    const assisted = summary.find((s) => s.method === "assisted")!;
    const network = summary.find((s) => s.method === "network")!;
    expect(assisted.bytesSent).toBe(steps.reduce((n, s) => n + s.bytes, 0));
    expect(network.bytesSent).toBeGreaterThan(0);
    expect(network.ttflMs).toBeLessThan(assisted.ttflMs!);

    expect(run.positioner.lastValid()).toMatchObject({ method: "assisted", valid: true });
    expect(Math.abs(run.positioner.lastValid()!.latitudeDeg - 48.8584)).toBeLessThan(0.001);
    // A real receiver's fix is saved (state-file.test.ts); a simulator's never is.
    expect(await loadLastFix(stateFile)).toEqual({});
  }, 30_000);
});
