// Every state a method can be in, as the monitor's Method rows say it: a real positioner driven by scripted
// methods (the network method's answers, failures and fallbacks; receivers' fixes), its events fed to the
// methods monitor, the rows rendered to text. What a row says must be true: a method switched off is off, one
// that has not answered is not "available", one that fails is not "active" because its last answer is kept.

import { describe, expect, it } from "vitest";
import { createMethodsMonitor } from "../../src/cli/monitor/methods.js";
import { methodRows, renderScreen } from "../../src/cli/monitor/render.js";
import { textOf } from "../../src/cli/monitor/style.js";
import { createPositioner, type Positioner } from "../../src/methods/positioner.js";
import type { Location, MethodContext, MethodName, PositioningMethod } from "../../src/methods/types.js";
import { T0, screenView } from "./_views.js";

type Scripted = PositioningMethod & { ctx?: MethodContext };

function scripted(name: MethodName): Scripted {
  const method: Scripted = {
    name,
    kind: name === "network" ? "network" : "satellite",
    maxAgeMs: name === "network" ? 60_000 : 3_000,
    start(ctx) {
      method.ctx = ctx;
    },
    async stop() {
      delete method.ctx;
    },
  };
  return method;
}

interface Rig {
  now: number;
  positioner: Positioner;
  methods: Record<"integrated" | "bluetooth" | "network", Scripted>;
  /** The Method rows as text, by method name. */
  rows(): Record<string, string>;
  view(): ReturnType<ReturnType<typeof createMethodsMonitor>["view"]>;
  fix(name: "integrated" | "bluetooth", over?: Partial<Location>): void;
  answer(over?: Partial<Location>): void;
  fail(why: string): void;
}

function rig(): Rig {
  const methods = { integrated: scripted("integrated"), bluetooth: scripted("bluetooth"), network: scripted("network") };
  const self: Rig = {
    now: T0,
    positioner: undefined as unknown as Positioner,
    methods,
    view: () => monitor.view(self.positioner),
    rows() {
      const view = monitor.view(self.positioner);
      const lines = methodRows(view.rows).map(textOf);
      const out: Record<string, string> = {};
      for (const line of lines) {
        const name = /^[▶ ] [iabn] (\w+)/.exec(line)?.[1];
        if (name !== undefined) out[name] = line.replace(/\s+/g, " ").trim();
        else {
          const last = Object.keys(out).at(-1)!;
          out[last] = `${out[last]} | ${line.trim()}`;
        }
      }
      return out;
    },
    fix(name, over = {}) {
      methods[name].ctx!.report({
        type: "location",
        location: { method: name, latitudeDeg: 48.8584, longitudeDeg: 2.2945, accuracyM: 8, timeMs: self.now, valid: true, ...over },
      });
    },
    answer(over = {}) {
      const ctx = methods.network.ctx!;
      ctx.report({ type: "cost", bytesSent: 298, bytesReceived: 56, what: "request" });
      ctx.report({ type: "state", state: "available", why: "stub answered" });
      ctx.report({ type: "first-location", ttflMs: self.now - T0 });
      ctx.report({
        type: "location",
        location: { method: "network", latitudeDeg: 48.8591, longitudeDeg: 2.2937, accuracyM: 150, timeMs: self.now, valid: true, ...over },
      });
    },
    fail(why) {
      methods.network.ctx!.report({ type: "state", state: "unavailable", why });
    },
  };
  const monitor = createMethodsMonitor();
  self.positioner = createPositioner({ methods: Object.values(methods), clock: () => self.now, tickIntervalMs: 0, switchHoldMs: 0 });
  self.positioner.on("method-state", (e) => monitor.apply(e));
  self.positioner.on("method-changed", (e) => monitor.apply(e));
  self.positioner.start();
  return self;
}

describe("each method state, as its row says it", () => {
  it("network: asking, answered, standby, failing while its answer is shown, fallback, off, on again", async () => {
    const r = rig();
    const steps: Array<{ name: string; act: () => void | Promise<void>; want: Record<string, RegExp> }> = [
      {
        name: "start: nobody has a position, the network's request is on its way",
        act: () => undefined,
        want: {
          network: /^n network asking \(no answer yet\) TTFL — 0 B$/,
          integrated: /^i integrated searching \(no fix\) TTFF — 0 B$/,
          bluetooth: /^b bluetooth searching \(no fix\) TTFF — 0 B$/,
        },
      },
      {
        name: "the network answers: its position is shown",
        act: () => {
          r.now += 800;
          r.answer();
        },
        want: { network: /^▶ n network active ±150 m TTFL 0\.8 s \(first\) ↑298 B ↓56 B$/, integrated: /^i integrated searching \(no fix\)/ },
      },
      {
        name: "the provider fails while nothing else has a position: its last answer stays, marked",
        act: () => {
          r.now += 20_000;
          r.fail("HTTP 503 from the provider");
        },
        want: { network: /^▶ n network current, unavailable TTFL 0\.8 s \(first\) ↑298 B ↓56 B \| ↳ HTTP 503 from the provider$/ },
      },
      {
        name: "it answers again, with the provider's IP fallback",
        act: () => {
          r.now += 5_000;
          r.answer({ accuracyM: 25_000, fallback: "ipf" });
        },
        want: { network: /^▶ n network active ±25 km \(IP address fallback\) TTFL 0\.8 s \(first\)/ },
      },
      {
        name: "the receiver's fix takes over: the network has a fresh answer, not chosen",
        act: () => {
          r.now += 1_000;
          r.fix("integrated");
          r.positioner.evaluate();
        },
        want: {
          integrated: /^▶ i integrated active ±8\.0 m TTFF — 0 B$/,
          network: /^n network available ±25 km \(IP address fallback\)/,
          bluetooth: /^b bluetooth searching/,
        },
      },
      {
        name: "its answer ages out while the receiver has a fix: not asked",
        act: () => {
          for (let k = 0; k < 70; k++) {
            r.now += 1_000;
            r.fix("integrated");
          }
        },
        want: { network: /^n network standby \(not asked\) TTFL 0\.8 s \(first\)/, integrated: /^▶ i integrated active/ },
      },
      {
        name: "n: switched off, it is off whatever it did before",
        act: () => r.positioner.disable("network"),
        want: { network: /^n network off \(n: on\) TTFL 0\.8 s \(first\) ↑596 B ↓112 B$/ },
      },
      {
        name: "n again: on, not answered since, and not asked while the receiver has a fix",
        act: () => r.positioner.enable("network"),
        want: { network: /^n network standby \(not asked\)/ },
      },
      {
        name: "the receiver's fix goes invalid: it stays current, fix lost; the network is asked",
        act: () => {
          r.now += 1_000;
          r.fix("integrated", { valid: false });
        },
        want: { integrated: /^▶ i integrated current, fix lost/, network: /^n network asking \(no answer yet\)/ },
      },
      {
        name: "bluetooth's own fix: available, whatever the receiver's state",
        act: () => {
          r.now += 1_000;
          r.fix("bluetooth", { accuracyM: 5 });
        },
        want: { bluetooth: /^▶ b bluetooth active ±5\.0 m/, integrated: /^i integrated searching \(no fix\)/, network: /^n network standby/ },
      },
    ];
    for (const step of steps) {
      await step.act();
      const rows = r.rows();
      for (const [name, want] of Object.entries(step.want)) expect(rows[name], `${step.name}: ${name}`).toMatch(want);
    }
    await r.positioner.stop();
  });

  it("a satellite method with a fix but not chosen is available with its radius; one that stops answering is not", async () => {
    const r = rig();
    r.fix("integrated", { accuracyM: 4 });
    r.fix("bluetooth", { accuracyM: 6 });
    r.positioner.evaluate();
    let rows = r.rows();
    expect(rows.integrated).toMatch(/^▶ i integrated active ±4\.0 m/);
    expect(rows.bluetooth).toMatch(/^b bluetooth available ±6\.0 m/);
    expect(rows.network).toMatch(/^n network standby \(not asked\)/);
    // Bluetooth goes quiet: past its max age its last fix is not a fix any more.
    r.now += 5_000;
    r.fix("integrated", { accuracyM: 4 });
    rows = r.rows();
    expect(rows.bluetooth).toMatch(/^b bluetooth searching \(no fix\)/);
    await r.positioner.stop();
  });

  it("the Position line says when the method that gave it is failing", async () => {
    const r = rig();
    r.now += 500;
    r.answer();
    r.now += 12_000;
    r.fail("no observations: nmcli not found");
    const view = screenView(r.view(), { nowMs: r.now });
    const all = renderScreen(view, { width: 99, height: 30 }).map(textOf).join("\n");
    expect(all).toMatch(/^Position {4}48\.859100° N {2}2\.293700° E {2}±150 m \(network, method unavailable, 12 s old\)/m);
    expect(all).toMatch(/^▶ n network +current, unavailable/m);
    await r.positioner.stop();
  });
});
