// Unit tests of the choice and its hysteresis, with scripted methods and a hand-moved clock.

import { describe, expect, it } from "vitest";
import { createPositioner, type Location, type MethodContext, type MethodName, type PositionerEvent, type PositioningMethod } from "../../src/methods/index.js";

interface FakeMethod extends PositioningMethod {
  ctx: MethodContext | undefined;
  stops: number;
  fix(accuracyM: number, valid?: boolean): void;
}

function fake(name: MethodName, clock: { now: number }, maxAgeMs = 3000): FakeMethod {
  const m: FakeMethod = {
    name,
    kind: name === "network" ? "network" : "satellite",
    maxAgeMs,
    ctx: undefined,
    stops: 0,
    start(ctx) {
      m.ctx = ctx;
    },
    async stop() {
      m.stops++;
      m.ctx = undefined;
    },
    fix(accuracyM, valid = true) {
      const location: Omit<Location, "ageMs"> = { method: name, latitudeDeg: 48, longitudeDeg: 2, accuracyM, timeMs: clock.now, valid };
      m.ctx?.report({ type: "location", location });
    },
  };
  return m;
}

function setup(names: MethodName[], options: { holdMs?: number } = {}) {
  const clock = { now: 1_000_000 };
  const methods = names.map((n) => fake(n, clock));
  const positioner = createPositioner({ methods, clock: () => clock.now, tickIntervalMs: 0, switchHoldMs: options.holdMs ?? 5000 });
  const events: PositionerEvent[] = [];
  for (const type of ["location", "method-changed", "method-state", "first-location", "cost"] as const) positioner.on(type, (e) => events.push(e));
  const changes = (): [MethodName | undefined, MethodName | undefined, string][] =>
    events.filter((e): e is Extract<PositionerEvent, { type: "method-changed" }> => e.type === "method-changed").map((e) => [e.from, e.to, e.reason]);
  const byName = Object.fromEntries(methods.map((m) => [m.name, m])) as Record<MethodName, FakeMethod>;
  return { clock, positioner, events, changes, m: byName };
}

describe("positioner choice", () => {
  it("a clearly better method takes over only after staying better for the hold time", () => {
    const { clock, positioner, changes, m } = setup(["integrated", "network"]);
    positioner.start();
    m.network.fix(150);
    expect(positioner.current).toBe("network");
    for (let s = 0; s < 5; s++) {
      clock.now += 1000;
      m.integrated.fix(12);
      m.network.fix(150);
      expect(positioner.current).toBe("network");
    }
    clock.now += 1000;
    m.integrated.fix(12);
    expect(positioner.current).toBe("integrated");
    expect(changes()).toEqual([
      [undefined, "network", "first"],
      ["network", "integrated", "better"],
    ]);
    expect(positioner.location).toMatchObject({ method: "integrated", accuracyM: 12, ageMs: 0 });
  });

  it("does not flap between methods of similar accuracy (within the margin): priority keeps the current one", () => {
    const { clock, positioner, changes, m } = setup(["bluetooth", "integrated"]);
    positioner.start();
    m.bluetooth.fix(15);
    for (let s = 0; s < 20; s++) {
      clock.now += 1000;
      m.integrated.fix(s % 2 === 0 ? 9 : 12);
      m.bluetooth.fix(s % 2 === 0 ? 15 : 11);
    }
    expect(changes()).toEqual([[undefined, "bluetooth", "first"]]);
  });

  it("a challenger that stops being better restarts its hold", () => {
    const { clock, positioner, changes, m } = setup(["integrated", "network"]);
    positioner.start();
    m.network.fix(200);
    for (let s = 0; s < 12; s++) {
      clock.now += 1000;
      m.network.fix(200);
      m.integrated.fix(s === 4 ? 500 : 10); // worse once, in the middle
    }
    const change = changes()[1];
    expect(change).toEqual(["network", "integrated", "better"]);
  });

  it("an invalid current location gives way at once; so does a stale one", () => {
    const { clock, positioner, changes, m } = setup(["integrated", "network"]);
    positioner.start();
    m.integrated.fix(10);
    m.network.fix(100);
    clock.now += 500;
    m.integrated.fix(10, false);
    expect(changes().at(-1)).toEqual(["integrated", "network", "current-invalid"]);
    // back to integrated (hold), then integrated falls silent: stale after its maxAge
    for (let s = 0; s < 7; s++) {
      clock.now += 1000;
      m.integrated.fix(10);
      m.network.fix(100);
    }
    expect(positioner.current).toBe("integrated");
    for (let s = 0; s < 4; s++) {
      clock.now += 1000;
      m.network.fix(100);
    }
    expect(changes().at(-1)).toEqual(["integrated", "network", "current-stale"]);
  });

  it("disabling the current method stops it and falls back; enabling restarts it", async () => {
    const { positioner, changes, m, events } = setup(["integrated", "network"]);
    positioner.start();
    m.integrated.fix(10);
    m.network.fix(100);
    await positioner.disable("integrated");
    expect(m.integrated.stops).toBe(1);
    expect(m.integrated.ctx).toBeUndefined();
    expect(changes().at(-1)).toEqual(["integrated", "network", "disabled"]);
    expect(positioner.enabled).toEqual(["network"]);
    positioner.enable("integrated");
    expect(m.integrated.ctx).toBeDefined();
    expect(events.filter((e) => e.type === "method-state").map((e) => e.type === "method-state" && [e.method, e.state])).toEqual([
      ["integrated", "disabled"],
      ["integrated", "enabled"],
    ]);
  });

  it("an unavailable method (receiver gone) gives way, with its reason", () => {
    const { positioner, m, events } = setup(["bluetooth", "network"]);
    positioner.start();
    m.bluetooth.fix(5);
    m.network.fix(300);
    m.bluetooth.ctx!.report({ type: "state", state: "unavailable", why: "bt://00:11:22:33:44:55 disconnected: link lost" });
    const change = events.filter((e) => e.type === "method-changed").at(-1);
    expect(change).toMatchObject({
      from: "bluetooth",
      to: "network",
      reason: "current-unavailable",
      detail: "bluetooth unavailable: bt://00:11:22:33:44:55 disconnected: link lost; network takes over",
    });
  });

  it("setMethods sets the priority and stops the others", async () => {
    const { positioner, m } = setup(["integrated", "assisted", "network"]);
    positioner.start();
    await positioner.setMethods(["network", "assisted"]);
    expect(positioner.enabled).toEqual(["network", "assisted"]);
    expect(m.integrated.stops).toBe(1);
    expect(() => positioner.enable("bluetooth")).toThrow(/no method "bluetooth"/);
  });

  it("summary: time to first location, availability, costs", () => {
    const { clock, positioner, m, events } = setup(["integrated", "network"]);
    positioner.start();
    m.network.ctx!.report({ type: "cost", bytesSent: 300, bytesReceived: 60, what: "request" });
    m.network.ctx!.report({ type: "first-location", ttflMs: 400 });
    m.network.fix(100);
    clock.now += 10_000;
    m.integrated.ctx!.report({ type: "first-location", ttflMs: 10_000 });
    m.integrated.fix(10);
    clock.now += 10_000;
    m.integrated.fix(10);
    m.network.ctx!.report({ type: "cost", bytesSent: 300, bytesReceived: 60, what: "request" });
    const [integrated, network] = positioner.summary();
    expect(integrated).toMatchObject({ method: "integrated", ttflMs: 10_000, enabledMs: 20_000, bytesSent: 0 });
    // integrated: fresh from 10 s to 20 s, except that its fix from 10 s is more than 3 s old until 20 s
    expect(integrated!.validMs).toBe(3000);
    expect(network).toMatchObject({ method: "network", ttflMs: 400, bytesSent: 600, bytesReceived: 120, enabledMs: 20_000 });
    const costs = events.filter((e): e is Extract<PositionerEvent, { type: "cost" }> => e.type === "cost");
    expect(costs.map((c) => [c.totalSent, c.totalReceived])).toEqual([
      [300, 60],
      [600, 120],
    ]);
  });

  it("events() iterates in order until stop()", async () => {
    const { positioner, m } = setup(["network"]);
    const seen: string[] = [];
    const loop = (async () => {
      for await (const e of positioner.events()) seen.push(e.type);
    })();
    positioner.start();
    m.network.fix(100);
    await positioner.stop();
    await loop;
    expect(seen).toEqual(["method-changed", "location"]);
  });
});

describe("formatting", async () => {
  const { formatMethodSummary, formatPositionerEvent } = await import("../../src/methods/index.js");
  it("events and the summary table", () => {
    expect(
      formatPositionerEvent({
        type: "method-changed",
        from: "network",
        to: "integrated",
        reason: "better",
        detail: "integrated ±12 m beats network ±150 m for 5 s",
        atMs: 0,
      }),
    ).toBe("methods: network → integrated (better: integrated ±12 m beats network ±150 m for 5 s)");
    expect(
      formatPositionerEvent({ type: "location", location: { method: "network", latitudeDeg: 1, longitudeDeg: 2, timeMs: 0, ageMs: 0, valid: true } }),
    ).toBeUndefined();
    const table = formatMethodSummary([
      {
        method: "integrated",
        enabled: true,
        ttflMs: 31_000,
        availability: 0.8,
        enabledMs: 100_000,
        validMs: 80_000,
        locations: 70,
        bytesSent: 0,
        bytesReceived: 0,
      },
      {
        method: "network",
        enabled: true,
        ttflMs: 400,
        availability: 0.25,
        enabledMs: 100_000,
        validMs: 25_000,
        locations: 2,
        bytesSent: 573,
        bytesReceived: 156,
      },
    ]);
    expect(table.split("\n")).toEqual([
      "METHOD         FIRST    AVAIL      SENT  RECEIVED",
      "integrated    31.0 s   80.0 %       0 B       0 B",
      "network        0.4 s   25.0 %     573 B     156 B",
    ]);
  });
});
