// The monitor's methods lines (--methods) as pure functions: the view built from a positioner's summary and
// events, each state's row, which method gave the position, costs, the keys in the title, NO_COLOR.

import { describe, expect, it } from "vitest";
import { createMethodsMonitor, methodForKey, methodsView, type MethodRow, type MethodsView } from "../../src/cli/monitor/methods.js";
import { formatCost, methodRows, renderScreen, renderStatusLine } from "../../src/cli/monitor/render.js";
import { lineLength, paint, textOf } from "../../src/cli/monitor/style.js";
import { createPositioner } from "../../src/methods/positioner.js";
import type { Location, MethodContext, MethodSummary, PositioningMethod } from "../../src/methods/types.js";
import { T0, screenView } from "./_views.js";

const summaryOf = (method: MethodSummary["method"], over: Partial<MethodSummary> = {}): MethodSummary => ({
  method,
  enabled: true,
  enabledMs: 10_000,
  validMs: 0,
  locations: 0,
  bytesSent: 0,
  bytesReceived: 0,
  ...over,
});

const networkFix: Location = { method: "network", latitudeDeg: 48.8591, longitudeDeg: 2.2937, accuracyM: 150, timeMs: T0 + 2_000, ageMs: 12_000, valid: true };

/** Before the receiver's first fix: the network method's answer is the position. */
const beforeFix = (): MethodsView =>
  methodsView({
    summary: [summaryOf("integrated"), summaryOf("network", { ttflMs: 350, bytesSent: 298, bytesReceived: 56, locations: 1 })],
    current: "network",
    location: networkFix,
    locations: new Map([["network", { location: networkFix, fresh: true }]]),
    availability: new Map([["network", { available: true, why: "answered" }]]),
    lastChange: { text: "none → network: network gave the first location", atMs: T0 + 2_000 },
  });

const rowText = (rows: MethodRow[], name: string): string => {
  const index = rows.findIndex((r) => r.name === name);
  return textOf(methodRows(rows)[index]!);
};

describe("methods view", () => {
  it("states from the summary, the current method and the availability events; enabled first, off last", () => {
    const view = methodsView({
      summary: [
        summaryOf("bluetooth", { enabled: false, enabledMs: 0 }),
        summaryOf("integrated", { ttflMs: 31_000 }),
        summaryOf("assisted", { bytesSent: 101 }),
        summaryOf("network", { bytesSent: 298, bytesReceived: 56 }),
      ],
      current: "integrated",
      location: { ...networkFix, method: "integrated", accuracyM: 12, ageMs: 0 },
      locations: new Map([["integrated", { location: { ...networkFix, method: "integrated", accuracyM: 12, ageMs: 0 }, fresh: true }]]),
      availability: new Map([
        ["assisted", { available: false, why: "superseded by assisted" }],
        ["network", { available: false, why: "HTTP 503 from the provider" }],
        ["integrated", { available: true, why: "open" }],
      ]),
    });
    expect(view.rows.map((r) => [r.name, r.state, r.why])).toEqual([
      ["integrated", "active", undefined],
      ["assisted", "unavailable", "superseded by assisted"],
      ["network", "unavailable", "HTTP 503 from the provider"],
      ["bluetooth", "off", undefined],
    ]);
    expect(view.rows.map((r) => r.key)).toEqual(["i", "a", "n", "b"]);
    expect(view.rows[0]!.location?.accuracyM).toBe(12);
    expect(view.rows[2]).toMatchObject({ kind: "network", bytesSent: 298, bytesReceived: 56 });
  });

  it("a current method whose fix is lost is `current`, not active", () => {
    const view = methodsView({
      summary: [summaryOf("integrated"), summaryOf("network")],
      current: "integrated",
      location: { ...networkFix, method: "integrated", valid: false },
      locations: new Map([["integrated", { location: { ...networkFix, method: "integrated", valid: false }, fresh: false }]]),
      availability: new Map(),
    });
    // The network method is asked while nothing has a position: it is not "available" before it answers.
    expect(view.rows.map((r) => r.state)).toEqual(["current", "asking"]);
  });

  it("keys: each method's initial, case-insensitive; q is not a method", () => {
    expect(["i", "A", "b", "n", "q", "1"].map(methodForKey)).toEqual(["integrated", "assisted", "bluetooth", "network", undefined, undefined]);
  });
});

describe("methods rows", () => {
  it("marks the method that gave the position, with its radius, time to first fix/location and cost", () => {
    const { rows } = beforeFix();
    expect(rowText(rows, "network")).toMatch(/^▶ n network +active ±150 m +TTFL 0\.4 s +↑298 B ↓56 B$/); // 350 ms, rounded half up
    expect(rowText(rows, "integrated")).toMatch(/^ {2}i integrated +searching \(no fix\) +TTFF — +0 B$/);
  });

  it("columns line up across rows; unavailable says why; off says how to turn it on", () => {
    const rows: MethodRow[] = [
      { name: "integrated", key: "i", kind: "satellite", state: "current", problem: "fix lost", ttflMs: 19_000, bytesSent: 0, bytesReceived: 0 },
      {
        name: "network",
        key: "n",
        kind: "network",
        state: "unavailable",
        why: "quota exceeded (403 dailyLimitExceeded)",
        bytesSent: 12_345,
        bytesReceived: 999,
      },
      { name: "bluetooth", key: "b", kind: "satellite", state: "off", bytesSent: 0, bytesReceived: 0 },
    ];
    const texts = methodRows(rows).map(textOf);
    expect(texts).toHaveLength(4);
    expect(texts[0]).toMatch(/^▶ i integrated current, fix lost +TTFF 19\.0 s 0 B$/);
    expect(texts[1]).toMatch(/^ {2}n network +unavailable +TTFL — +↑12\.3 kB ↓999 B$/);
    // The reason on the next line, under the state column.
    expect(texts[2]).toBe(`${" ".repeat(texts[1]!.indexOf("unavailable"))}↳ quota exceeded (403 dailyLimitExceeded)`);
    expect(texts[3]).toMatch(/^ {2}b bluetooth +off \(b: on\) +TTFF —/);
    const rowsOnly = [texts[0]!, texts[1]!, texts[3]!];
    const stateColumn = (t: string): number => t.search(/(current|unavailable|off)/);
    expect(new Set(rowsOnly.map(stateColumn)).size).toBe(1);
    const costColumn = (t: string): number => t.search(/(0 B|↑)/);
    expect(new Set(rowsOnly.map(costColumn)).size).toBe(1);
  });

  it("costs: nothing is 0 B, else sent ↑ and received ↓", () => {
    const cases = [
      { sent: 0, received: 0, want: "0 B" },
      { sent: 101, received: 0, want: "↑101 B" },
      { sent: 298, received: 56, want: "↑298 B ↓56 B" },
      { sent: 0, received: 20_000, want: "↓20.0 kB" },
    ];
    for (const { sent, received, want } of cases) expect(formatCost(sent, received)).toBe(want);
  });

  it("states differ in colour and in words: with NO_COLOR the words and ▶ remain, no escape", () => {
    const { rows } = beforeFix();
    const painted = methodRows(rows).map((l) => paint(l, true));
    const plain = methodRows(rows).map((l) => paint(l, false));
    expect(painted[1]).toContain("\x1b[1;32mactive ±150 m"); // active in the ok colour
    expect(plain.join("\n")).not.toContain("\x1b");
    expect(plain[1]).toMatch(/^▶ n network +active/);
  });
});

describe("monitor screen with --methods", () => {
  it("before the fix the Position line is the network method's, with its radius and age; the title shows the keys", () => {
    const text = renderScreen(screenView(beforeFix()), { width: 140, height: 30 }).map(textOf);
    expect(text[0]).toMatch(/^ gnsskit monitor · sim:\?start=cold +i n: method on\/off · r: raw · p: pause · q: quit $/);
    const all = text.join("\n");
    expect(all).toContain("Method      none → network: network gave the first location · 12 s ago");
    expect(all).toContain("Position    48.859100° N  2.293700° E  ±150 m (network, 12 s old)");
    expect(all).toContain("SEARCHING (no fix)");
  });

  it("the chosen method's position replaces the receiver's; a lost fix with nothing else says so", () => {
    const lost = methodsView({
      summary: [summaryOf("integrated", { ttflMs: 19_000 }), summaryOf("network", { enabled: false })],
      current: "integrated",
      location: { ...networkFix, method: "integrated", accuracyM: 12, valid: false, ageMs: 7_000 },
      locations: new Map(),
      availability: new Map(),
      lastChange: { text: "network switched off", atMs: T0 + 10_000 },
    });
    const all = renderScreen(screenView(lost), { width: 80, height: 24 }).map(textOf).join("\n");
    expect(all).toContain("Position    —  integrated lost its fix 7 s ago; no other method has a position");
    expect(all).toMatch(/^ {2}n network +off \(n: on\)/m);
    expect(all).toContain("Method      network switched off · 4 s ago");
  });

  it("expected satellites before the fix (assisted), sorted by elevation, healthy only", () => {
    const view: MethodsView = {
      ...beforeFix(),
      expected: {
        basis: "from the network position",
        satellites: [
          { constellation: "gps", svid: 5, elevationDeg: 20, azimuthDeg: 0, healthy: true },
          { constellation: "galileo", svid: 11, elevationDeg: 70, azimuthDeg: 0, healthy: true },
          { constellation: "gps", svid: 9, elevationDeg: 40, azimuthDeg: 0, healthy: false },
        ],
      },
    };
    const all = renderScreen(screenView(view), { width: 120, height: 30 }).map(textOf).join("\n");
    expect(all).toMatch(/Expected +2 satellites \(from the network position\) E11 G05/);
    const fixed = renderScreen(screenView(view, { fixState: { kind: "fixed", mode: "3d", quality: "autonomous", sinceMs: T0 } }), { width: 120, height: 30 })
      .map(textOf)
      .join("\n");
    expect(fixed).not.toContain("Expected");
  });

  it("a long reason is broken at word boundaries under the row, never cut inside a word; too long, it ends with … after a whole word", () => {
    const why = "ichnaea https://api.beacondb.net/v1/geolocate: HTTP 400 keyInvalid: the API key was refused (Missing or invalid API key.)";
    const failing = methodsView({
      summary: [summaryOf("network", { bytesSent: 298, bytesReceived: 160 }), summaryOf("integrated")],
      current: undefined,
      location: undefined,
      locations: new Map(),
      availability: new Map([["network", { available: false, why }]]),
    });
    for (const [width, height] of [
      [80, 24],
      [60, 24],
      [99, 40],
    ] as const) {
      const lines = renderScreen(screenView(failing), { width, height }).map(textOf);
      const start = lines.findIndex((l) => l.includes("↳"));
      const reason = lines
        .slice(start)
        .filter((l, k) => k === 0 || /^ {17}\S/.test(l))
        .slice(0, 3);
      const words = reason
        .join(" ")
        .replace(/.*↳/, "")
        .split(" ")
        .filter((w) => w !== "");
      const ended = words.at(-1) === "…";
      // Each word shown is a whole word of the reason, in order, from its start.
      const all = why.split(" ");
      expect(words.slice(0, ended ? -1 : undefined), `${width}x${height}`).toEqual(all.slice(0, words.length - (ended ? 1 : 0)));
      if (!ended) expect(words).toEqual(all);
      for (const line of lines) expect(line.length).toBeLessThanOrEqual(width);
    }
    // 80 columns: all of it, under the name.
    const at80 = renderScreen(screenView(failing), { width: 80, height: 24 }).map(textOf).join("\n");
    expect(at80).toContain(
      "               ↳ ichnaea https://api.beacondb.net/v1/geolocate: HTTP 400\n" +
        "                 keyInvalid: the API key was refused (Missing or invalid API\n" +
        "                 key.)\n",
    );
  });

  it("a long headline is broken between words onto a second line", () => {
    const switched = methodsView({
      summary: [summaryOf("integrated", { ttflMs: 19_000 }), summaryOf("network", { ttflMs: 400 })],
      current: "integrated",
      location: { ...networkFix, method: "integrated", accuracyM: 12 },
      locations: new Map(),
      availability: new Map(),
      lastChange: { text: "network → integrated: integrated ±36 m beats network ±150 m for 5 s", atMs: T0 + 2_000 },
    });
    const lines = renderScreen(screenView(switched), { width: 80, height: 24 }).map(textOf);
    const at = lines.findIndex((l) => l.startsWith("Method"));
    expect(lines.slice(at, at + 2)).toEqual(["Method      network → integrated: integrated ±36 m beats network ±150 m for 5 s", "            · 12 s ago"]);
  });

  it("fits every terminal size with four methods", () => {
    const four = methodsView({
      summary: (["integrated", "assisted", "bluetooth", "network"] as const).map((m) => summaryOf(m, { bytesSent: 1234, bytesReceived: 5678, ttflMs: 61_000 })),
      current: "network",
      location: networkFix,
      locations: new Map([["network", { location: networkFix, fresh: true }]]),
      availability: new Map([["bluetooth", { available: false, why: "bt://00:11:22:33:44:55: connection refused by the device" }]]),
    });
    for (const width of [30, 60, 80, 100, 140]) {
      for (const height of [10, 24, 40]) {
        const lines = renderScreen(screenView(four), { width, height });
        expect(lines.length).toBeLessThanOrEqual(height);
        for (const line of lines) expect(lineLength(line)).toBeLessThanOrEqual(width);
      }
    }
  });

  it("without --methods the Method line is unchanged", () => {
    const all = renderScreen(screenView(undefined, { methodDetail: "the receiver's own solution" }), { width: 100, height: 30 })
      .map(textOf)
      .join("\n");
    expect(all).toContain("Method      integrated  the receiver's own solution");
    expect(all).toMatch(/ q: quit $/m);
    expect(all).not.toContain("on/off");
  });

  it("the plain status line names the method and its position", () => {
    expect(renderStatusLine(screenView(beforeFix()))).toContain("method network 48.859100,2.293700 ±150 m");
    const none = methodsView({ summary: [summaryOf("integrated")], current: undefined, location: undefined, locations: new Map(), availability: new Map() });
    expect(renderStatusLine(screenView(none))).toContain("method none (no position)");
  });
});

describe("methods monitor fed by a real positioner", () => {
  /** A method that reports what the test tells it to. */
  function scripted(name: "integrated" | "network", kind: "satellite" | "network"): PositioningMethod & { ctx?: MethodContext } {
    const method: PositioningMethod & { ctx?: MethodContext } = {
      name,
      kind,
      maxAgeMs: 60_000,
      start(ctx) {
        method.ctx = ctx;
      },
      async stop() {
        delete method.ctx;
      },
    };
    return method;
  }

  it("events and getters: the network gives the first location, then the receiver; a switch-off shows", async () => {
    let now = T0;
    const integrated = scripted("integrated", "satellite");
    const network = scripted("network", "network");
    const positioner = createPositioner({ methods: [integrated, network], clock: () => now, tickIntervalMs: 0, switchHoldMs: 0 });
    const monitor = createMethodsMonitor();
    for (const type of ["location", "method-changed", "method-state", "first-location", "cost", "expected-satellites"] as const)
      positioner.on(type, (e) => monitor.apply(e));
    positioner.start();

    now += 400;
    network.ctx!.report({ type: "cost", bytesSent: 298, bytesReceived: 56, what: "request" });
    network.ctx!.report({ type: "first-location", ttflMs: 400 });
    network.ctx!.report({
      type: "location",
      location: { method: "network", latitudeDeg: 48.8591, longitudeDeg: 2.2937, accuracyM: 150, timeMs: now, valid: true },
    });
    let view = monitor.view(positioner);
    expect(view.current).toBe("network");
    expect(view.rows.map((r) => [r.name, r.state])).toEqual([
      ["integrated", "searching"],
      ["network", "active"],
    ]);
    expect(view.rows[1]).toMatchObject({ ttflMs: 400, bytesSent: 298, bytesReceived: 56 });
    expect(view.lastChange?.text).toBe("none → network: network gave the first location");

    now += 30_000;
    integrated.ctx!.report({ type: "first-location", ttflMs: 30_400 });
    integrated.ctx!.report({
      type: "location",
      location: { method: "integrated", latitudeDeg: 48.8584, longitudeDeg: 2.2945, accuracyM: 8, timeMs: now, valid: true },
    });
    now += 1;
    positioner.evaluate();
    view = monitor.view(positioner);
    expect(view.rows.map((r) => [r.name, r.state])).toEqual([
      ["integrated", "active"],
      ["network", "available"],
    ]);
    expect(view.location?.method).toBe("integrated");
    expect(view.lastChange?.text).toMatch(/^network → integrated: integrated ±8 m beats network ±150 m/);
    // The headline no longer says who gave the first location: the network's row does, with its TTFL.
    expect(view.rows.map((r) => [r.name, r.first ?? false])).toEqual([
      ["integrated", false],
      ["network", true],
    ]);
    const rows = methodRows(view.rows).map(textOf);
    expect(rows[1]).toMatch(/^ {2}n network +available ±150 m TTFL 0\.4 s \(first\) ↑298 B ↓56 B$/);
    expect(rows[0]).toMatch(/TTFF 30\.4 s +0 B$/);

    await positioner.disable("network");
    view = monitor.view(positioner);
    expect(view.rows.map((r) => [r.name, r.state])).toEqual([
      ["integrated", "active"],
      ["network", "off"],
    ]);
    expect(view.lastChange?.text).toBe("network switched off");
    monitor.notice("b: bluetooth is not among --methods integrated,network");
    expect(monitor.view(positioner).notice).toMatch(/bluetooth is not among/);
    positioner.enable("network");
    expect(monitor.view(positioner).notice).toBeUndefined();
    // On again, not answered since, and not asked while the receiver has a fix.
    expect(monitor.view(positioner).rows[1]!.state).toBe("standby");
    await positioner.stop();
  });
});
