// Method switching, scripted on the simulator's tunnel scenario (a 35 s tunnel 100 s after power-on, every
// 3 minutes): the receiver loses its fix, the positioner falls back to the network method (a local HTTP
// geolocation stub), and returns to the receiver once it reacquires and has been better for the hold time.

import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createIchnaeaProvider, createNetworkMethod, createPositioner, createReceiverMethods, type PositionerEvent } from "../../src/methods/index.js";
import { createSimSource, type SimSource } from "../../src/sim/index.js";
import { startStub, type Stub } from "./http-stub.js";

const TUNNEL_START_MS = 100_000;
const TUNNEL_END_MS = 135_000;
const HOLD_MS = 5000;

let stub: Stub;
beforeAll(async () => {
  stub = await startStub('{"location":{"lat":48.86,"lng":2.29},"accuracy":150}');
});
afterAll(async () => {
  await stub.close();
});

type Changed = Extract<PositionerEvent, { type: "method-changed" }>;

describe("fallback to network in a tunnel and back", () => {
  it("integrated → network when the fix is lost → integrated after reacquisition, events in order", async () => {
    // The HTTP round trips take wall-clock time, the switching simulated time. At speed 20 a round trip costs
    // well under a simulated second; on a loaded host (a 2-core machine running the whole suite) an answer can
    // still come seconds late in simulated time, so a network location stays current for 25 s (2.5 of the
    // wall clock's seconds) rather than the default 2 intervals, and goes stale before the run's end.
    const source: SimSource = createSimSource("sim:?start=hot&scenario=tunnel&seed=4&speed=20&duration=175&at=2026-11-26T12:00:00Z");
    const receiver = createReceiverMethods({ source: () => source });
    const network = createNetworkMethod({
      provider: createIchnaeaProvider({ url: stub.url("/v1/geolocate") }),
      observations: () => ({
        wifi: [
          { macAddress: "aa:bb:cc:dd:ee:01", signalStrengthDbm: -50 },
          { macAddress: "aa:bb:cc:dd:ee:02", signalStrengthDbm: -70 },
        ],
        cells: [],
      }),
      intervalMs: 5_000, // several answers fit in the 35 s tunnel whatever the phase of the requests
      maxAgeMs: 25_000,
    });
    const t0 = source.options.startTimeMs;
    const positioner = createPositioner({ methods: [receiver.unaided, network], clock: () => source.clock!(), switchHoldMs: HOLD_MS, tickIntervalMs: 0 });
    const events: PositionerEvent[] = [];
    for (const type of ["location", "method-changed", "method-state", "first-location", "cost"] as const) positioner.on(type, (e) => events.push(e));
    const fixLost: number[] = [];
    const reacquired: number[] = [];
    const ended = new Promise<void>((resolve) => {
      positioner.on("method-state", (e) => {
        if (e.method === "integrated" && /closed/.test(e.why)) resolve();
      });
    });
    positioner.start();
    receiver.gps!.on("fix-lost", (e) => fixLost.push(e.atMs - t0));
    receiver.gps!.on("reacquired", (e) => reacquired.push(e.atMs - t0));
    await ended;
    const summary = positioner.summary();
    await positioner.stop();

    const changes = events.filter((e): e is Changed => e.type === "method-changed").map((e) => ({ ...e, atMs: e.atMs - t0 }));
    // The receiver is current once it has a fix (a network answer may come first at start-up).
    const toReceiver = changes.findIndex((c) => c.to === "integrated");
    expect(toReceiver).toBeGreaterThanOrEqual(0);
    const afterStart = changes.slice(toReceiver);
    expect(afterStart.map((c) => [c.from, c.to, c.reason])).toEqual([
      [afterStart[0]!.from, "integrated", afterStart[0]!.from === undefined ? "first" : "better"],
      ["integrated", "network", "current-invalid"],
      ["network", "integrated", "better"],
    ]);

    // The fallback follows the tunnel's fix loss; the return follows the reacquisition by at least the hold time.
    const lost = fixLost.find((t) => t >= TUNNEL_START_MS)!;
    const back = reacquired.find((t) => t >= TUNNEL_END_MS)!;
    expect(lost).toBeLessThan(TUNNEL_END_MS);
    const [, fallback, recovery] = afterStart;
    expect(fallback!.atMs).toBeGreaterThanOrEqual(lost);
    expect(fallback!.atMs).toBeLessThan(TUNNEL_END_MS);
    expect(fallback!.detail).toMatch(/integrated lost its fix; network takes over/);
    expect(recovery!.atMs).toBeGreaterThanOrEqual(back + HOLD_MS);
    expect(recovery!.detail).toMatch(/integrated ±\d+ m beats network ±150 m for [5-9] s/);

    // Between fallback and recovery the positioner's locations are the network's; around them, the receiver's.
    const located = events
      .map((e, i) => ({ e, i }))
      .filter((x): x is { e: Extract<PositionerEvent, { type: "location" }>; i: number } => x.e.type === "location");
    const fallbackIndex = events.indexOf(events.find((e) => e.type === "method-changed" && e.to === "network" && e.reason === "current-invalid")!);
    // The recovery is the switch back after the fallback: a network answer may come first at start-up, and then the
    // receiver's first fix is also a "better" switch to integrated, before the tunnel.
    const recoveryIndex = events.findIndex((e, i) => i > fallbackIndex && e.type === "method-changed" && e.to === "integrated" && e.reason === "better");
    const during = located.filter((x) => x.i > fallbackIndex && x.i < recoveryIndex);
    expect(during.length).toBeGreaterThan(0);
    expect(new Set(during.map((x) => x.e.location.method))).toEqual(new Set(["network"]));
    expect(located.filter((x) => x.i > recoveryIndex).every((x) => x.e.location.method === "integrated")).toBe(true);
    const beforeFallback = located.filter(
      (x) => x.i < fallbackIndex && x.i > events.indexOf(events.find((e) => e.type === "method-changed" && e.to === "integrated")!),
    );
    expect(beforeFallback.every((x) => x.e.location.method === "integrated")).toBe(true);

    // The network was asked only while the receiver had no fresh fix, and its bytes were counted.
    const networkSummary = summary.find((s) => s.method === "network")!;
    const requests = stub.requests.filter((r) => r.url === "/v1/geolocate");
    expect(requests.length).toBeGreaterThanOrEqual(1);
    expect(networkSummary.bytesSent).toBe(requests.reduce((n, r) => n + Buffer.byteLength(r.body), 0));
    const integratedSummary = summary.find((s) => s.method === "integrated")!;
    expect(integratedSummary.ttflMs).toBe(source.truth.ttffMs);
    // Available from the first fix to the end, except while lost in the tunnel (to within an epoch each side).
    const wantValidMs = integratedSummary.enabledMs - integratedSummary.ttflMs! - (back - lost);
    expect(Math.abs(integratedSummary.validMs - wantValidMs)).toBeLessThanOrEqual(2000);
    expect(integratedSummary.availability).toBeCloseTo(integratedSummary.validMs / integratedSummary.enabledMs, 9);
  }, 20_000);
});
