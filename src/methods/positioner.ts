// The positioner: runs the enabled positioning methods and picks one current location from them.
//
// Choice: a valid, fresh location beats an invalid or stale one; between two valid ones the clearly more
// accurate wins (radius smaller by the switch margin), else the one earlier in the priority order, else the
// younger. Hysteresis: the current method is replaced at once when it goes invalid, stale, unavailable or is
// disabled; a merely better one must stay better for `switchHoldMs` first, so two methods of similar
// quality do not flap. Isomorphic: the clock is injected (the simulator's time for `sim:`).

import type {
  ExpectedSatellite,
  Location,
  MethodContext,
  MethodName,
  MethodReport,
  MethodSummary,
  PositionerEvent,
  PositioningMethod,
  SwitchReason,
} from "./types.js";

export interface PositionerOptions {
  /** The methods that can run, in priority order (earlier = preferred when accuracies are alike). */
  methods: PositioningMethod[];
  /** Which of them start enabled (default all), in priority order. */
  enabled?: MethodName[];
  /** Clock in ms (default the wall clock). Use the source's clock for simulated receivers. */
  clock?: () => number;
  /** A challenger must have a radius below current × (1 − margin) to count as better (default 0.5). */
  switchMargin?: number;
  /** …and stay better this long before the positioner switches (default 5000 ms). */
  switchHoldMs?: number;
  /** Wall-clock re-evaluation for staleness while no method reports (default 1000 ms; 0 = none). */
  tickIntervalMs?: number;
  /** The last known fix from an earlier run (the Node adapter persists it): an aiding position. */
  lastKnown?: Omit<Location, "ageMs">;
}

type EventType = PositionerEvent["type"];
type EventOf<T extends EventType> = Extract<PositionerEvent, { type: T }>;

export interface Positioner {
  /** Start the enabled methods. */
  start(): void;
  /** Stop every method (sources closed, requests aborted) and end `events()`. */
  stop(): Promise<void>;
  enable(name: MethodName): void;
  disable(name: MethodName): Promise<void>;
  /** Enable exactly these, in this priority order; the others are stopped. */
  setMethods(names: MethodName[]): Promise<void>;
  /** Enabled methods in priority order. */
  readonly enabled: MethodName[];
  /** The method whose location is current. */
  readonly current: MethodName | undefined;
  /** The positioner's location now (age computed now). */
  readonly location: Location | undefined;
  /** The freshest valid location any method produced, or the persisted one. */
  lastValid(): Location | undefined;
  /** One method's latest location (age computed now) and whether it is valid and fresh; undefined before any or while off. */
  methodLocation(name: MethodName): { location: Location; fresh: boolean } | undefined;
  /** Satellites the almanac predicts for the approximate position (assisted method), before the fix. */
  readonly expectedSatellites: ExpectedSatellite[] | undefined;
  on<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): () => void;
  /** Every event in order, until stop(). */
  events(): AsyncIterable<PositionerEvent>;
  /** Re-evaluate now (methods' reports and the tick do this). */
  evaluate(): void;
  summary(): MethodSummary[];
}

interface Entry {
  method: PositioningMethod;
  enabled: boolean;
  running: boolean;
  startedAtMs?: number;
  latest?: Omit<Location, "ageMs">;
  available: boolean;
  unavailableWhy?: string;
  ttflMs?: number;
  /** The method's first location came (its TTFL may not be measurable) */
  firstLocated: boolean;
  locations: number;
  bytesSent: number;
  bytesReceived: number;
  enabledMs: number;
  validMs: number;
  lastProblem?: string;
}

const DEFAULT_MARGIN = 0.5;
const DEFAULT_HOLD_MS = 5000;

export function createPositioner(options: PositionerOptions): Positioner {
  const clock = options.clock ?? ((): number => Date.now());
  const margin = options.switchMargin ?? DEFAULT_MARGIN;
  const holdMs = options.switchHoldMs ?? DEFAULT_HOLD_MS;
  const entries = new Map<MethodName, Entry>();
  let order: MethodName[] = [];
  for (const method of options.methods) {
    if (entries.has(method.name)) throw new TypeError(`positioner: method ${method.name} given twice`);
    entries.set(method.name, {
      method,
      enabled: false,
      running: false,
      available: true,
      firstLocated: false,
      locations: 0,
      bytesSent: 0,
      bytesReceived: 0,
      enabledMs: 0,
      validMs: 0,
    });
    order.push(method.name);
  }
  const initiallyEnabled = options.enabled ?? order;
  for (const name of initiallyEnabled) entryOf(name).enabled = true;
  order = [...initiallyEnabled, ...order.filter((n) => !initiallyEnabled.includes(n))];

  const listeners = new Map<EventType, Set<(event: PositionerEvent) => void>>();
  const sinks = new Set<(event: PositionerEvent | undefined) => void>();
  let started = false;
  let stopped = false;
  let current: MethodName | undefined;
  let challenger: { name: MethodName; sinceMs: number } | undefined;
  let expected: ExpectedSatellite[] | undefined;
  let lastAccountMs: number | undefined;
  let tickTimer: ReturnType<typeof setInterval> | undefined;
  let evaluating = false;
  let totalSent = 0;
  let totalReceived = 0;
  let switches = 0;

  function entryOf(name: MethodName): Entry {
    const entry = entries.get(name);
    if (entry === undefined) throw new TypeError(`positioner: no method "${name}" (configured: ${[...entries.keys()].join(", ") || "none"})`);
    return entry;
  }

  const emit = (event: PositionerEvent): void => {
    const set = listeners.get(event.type);
    if (set) for (const listener of [...set]) listener(event);
    for (const sink of sinks) sink(event);
  };

  const isFresh = (entry: Entry, nowMs: number): boolean =>
    entry.latest !== undefined && entry.latest.valid && entry.available && nowMs - entry.latest.timeMs <= entry.method.maxAgeMs;

  const withAge = (location: Omit<Location, "ageMs">, nowMs: number): Location => ({ ...location, ageMs: Math.max(0, nowMs - location.timeMs) });

  /** Is `a` better than `b` right now (both candidates with a location)? */
  const better = (a: Entry, b: Entry, nowMs: number): boolean => {
    const fa = isFresh(a, nowMs);
    const fb = isFresh(b, nowMs);
    if (fa !== fb) return fa;
    const ra = a.latest?.accuracyM ?? Infinity;
    const rb = b.latest?.accuracyM ?? Infinity;
    if (ra < rb * (1 - margin)) return true;
    if (rb < ra * (1 - margin)) return false;
    const pa = order.indexOf(a.method.name);
    const pb = order.indexOf(b.method.name);
    if (pa !== pb) return pa < pb;
    return (a.latest?.timeMs ?? -Infinity) > (b.latest?.timeMs ?? -Infinity);
  };

  const candidates = (): Entry[] => order.map((n) => entryOf(n)).filter((e) => e.enabled && e.running && e.latest !== undefined);

  const account = (nowMs: number): void => {
    if (lastAccountMs !== undefined && nowMs > lastAccountMs) {
      const dt = nowMs - lastAccountMs;
      for (const entry of entries.values()) {
        if (!entry.enabled || !entry.running) continue;
        entry.enabledMs += dt;
        // Fresh from the last account until the location's age passes maxAge (or now).
        if (isFresh(entry, lastAccountMs) && entry.latest !== undefined) {
          entry.validMs += Math.min(nowMs, entry.latest.timeMs + entry.method.maxAgeMs) - lastAccountMs;
        }
      }
    }
    lastAccountMs = nowMs;
  };

  const whyNotCurrent = (entry: Entry, nowMs: number): { reason: SwitchReason; detail: string } => {
    const name = entry.method.name;
    if (!entry.enabled || !entry.running) return { reason: "disabled", detail: `${name} was switched off` };
    if (!entry.available) return { reason: "current-unavailable", detail: `${name} unavailable: ${entry.unavailableWhy ?? "no reason given"}` };
    if (entry.latest !== undefined && !entry.latest.valid) return { reason: "current-invalid", detail: `${name} lost its fix` };
    const age = entry.latest === undefined ? undefined : nowMs - entry.latest.timeMs;
    return { reason: "current-stale", detail: `${name}'s location is ${age === undefined ? "missing" : `${Math.round(age / 1000)} s old`}` };
  };

  const switchTo = (next: Entry | undefined, reason: SwitchReason, detail: string, nowMs: number): void => {
    const from = current;
    current = next?.method.name;
    challenger = undefined;
    switches++;
    emit({ type: "method-changed", from, to: current, reason, detail, atMs: nowMs });
    if (next?.latest !== undefined) emit({ type: "location", location: withAge(next.latest, nowMs) });
  };

  const evaluate = (): void => {
    if (stopped || evaluating) return;
    evaluating = true;
    try {
      const nowMs = clock();
      account(nowMs);
      for (const entry of entries.values()) if (entry.enabled && entry.running) entry.method.poll?.(nowMs);
      const list = candidates();
      let best: Entry | undefined;
      for (const entry of list) if (best === undefined || better(entry, best, nowMs)) best = entry;
      const cur = current === undefined ? undefined : entries.get(current);
      if (cur === undefined) {
        if (best !== undefined) switchTo(best, "first", `${best.method.name} gave the first location`, nowMs);
        return;
      }
      const curUsable = cur.enabled && cur.running;
      const curFresh = curUsable && isFresh(cur, nowMs);
      if (!curFresh) {
        // Fall back at once to anything fresh; with nothing fresh keep the current one (or drop a switched-off one).
        if (best !== undefined && best !== cur && isFresh(best, nowMs)) {
          const { reason, detail } = whyNotCurrent(cur, nowMs);
          switchTo(best, reason, `${detail}; ${best.method.name} takes over`, nowMs);
        } else if (!curUsable) {
          const { detail } = whyNotCurrent(cur, nowMs);
          switchTo(
            best,
            "disabled",
            best === undefined ? `${detail}; no other method has a location` : `${detail}; ${best.method.name} has the best location left`,
            nowMs,
          );
        }
        return;
      }
      if (best === undefined || best === cur || !isFresh(best, nowMs) || !better(best, cur, nowMs)) {
        challenger = undefined;
        return;
      }
      if (challenger?.name !== best.method.name) challenger = { name: best.method.name, sinceMs: nowMs };
      if (nowMs - challenger.sinceMs >= holdMs) {
        const radius = (e: Entry): string => (e.latest?.accuracyM === undefined ? "unknown radius" : `±${Math.round(e.latest.accuracyM)} m`);
        const reason: SwitchReason = (best.latest?.accuracyM ?? Infinity) < (cur.latest?.accuracyM ?? Infinity) * (1 - margin) ? "better" : "priority";
        switchTo(
          best,
          reason,
          `${best.method.name} ${radius(best)} beats ${cur.method.name} ${radius(cur)} for ${Math.round((nowMs - challenger.sinceMs) / 1000)} s`,
          nowMs,
        );
      }
    } finally {
      evaluating = false;
    }
  };

  const onReport = (entry: Entry, report: MethodReport): void => {
    // Bytes already spent count even when they are reported after the method (or all) stopped.
    if (report.type === "cost") {
      entry.bytesSent += report.bytesSent;
      entry.bytesReceived += report.bytesReceived;
      totalSent += report.bytesSent;
      totalReceived += report.bytesReceived;
      emit({
        type: "cost",
        method: entry.method.name,
        bytesSent: report.bytesSent,
        bytesReceived: report.bytesReceived,
        totalSent,
        totalReceived,
        what: report.what,
        atMs: clock(),
      });
      return;
    }
    if (stopped || !entry.running) return;
    const name = entry.method.name;
    const atMs = clock();
    // Time up to now passed in the state before this report.
    account(atMs);
    switch (report.type) {
      case "heartbeat":
        evaluate();
        return;
      case "location": {
        entry.latest = report.location;
        if (report.location.valid) entry.locations++;
        const switchesBefore = switches;
        evaluate();
        if (current === name && switches === switchesBefore) emit({ type: "location", location: withAge(report.location, atMs) });
        return;
      }
      case "state": {
        const available = report.state === "available";
        // Already unavailable: keep the first cause (a disconnect), not its consequences (the close after it).
        if (available === entry.available) return;
        entry.available = available;
        if (available) delete entry.unavailableWhy;
        else {
          entry.unavailableWhy = report.why;
          entry.lastProblem = report.why;
        }
        emit({ type: "method-state", method: name, state: report.state, why: report.why, atMs });
        evaluate();
        return;
      }
      case "first-location":
        if (entry.firstLocated) return;
        entry.firstLocated = true;
        if (report.ttflMs !== undefined) entry.ttflMs = report.ttflMs;
        emit({ type: "first-location", method: name, ...(report.ttflMs === undefined ? {} : { ttflMs: report.ttflMs }), atMs });
        return;
      case "expected-satellites":
        expected = report.satellites;
        emit({ type: "expected-satellites", method: name, satellites: report.satellites, basis: report.basis, atMs: report.atMs });
        return;
      case "aiding":
        emit({ type: "aiding", method: name, steps: report.steps, atMs });
        return;
      case "note":
        emit({ type: "note", method: name, message: report.message, atMs });
        return;
    }
  };

  const lastValid = (): Location | undefined => {
    const nowMs = clock();
    let freshest: Omit<Location, "ageMs"> | undefined;
    for (const entry of entries.values()) {
      const l = entry.latest;
      if (l?.valid && (freshest === undefined || l.timeMs > freshest.timeMs)) freshest = l;
    }
    const chosen = freshest ?? options.lastKnown;
    return chosen === undefined ? undefined : withAge(chosen, nowMs);
  };

  const startEntry = (entry: Entry): void => {
    if (entry.running) return;
    entry.running = true;
    entry.available = true;
    delete entry.unavailableWhy;
    entry.startedAtMs = clock();
    const context: MethodContext = {
      now: clock,
      report: (report) => onReport(entry, report),
      approximatePosition: () => {
        const l = lastValid();
        if (l === undefined) return undefined;
        const { ageMs: _ageMs, ...rest } = l;
        return rest;
      },
      needsLocation: () => {
        const nowMs = clock();
        for (const other of entries.values()) {
          if (other !== entry && other.enabled && other.running && isFresh(other, nowMs)) return false;
        }
        return true;
      },
    };
    try {
      entry.method.start(context);
    } catch (error) {
      onReport(entry, { type: "state", state: "unavailable", why: error instanceof Error ? error.message : String(error) });
    }
  };

  const stopEntry = async (entry: Entry): Promise<void> => {
    if (!entry.running) return;
    account(clock());
    entry.running = false;
    try {
      await entry.method.stop();
    } catch (error) {
      entry.lastProblem = `stopping: ${error instanceof Error ? error.message : String(error)}`;
    }
  };

  const positioner: Positioner = {
    start() {
      if (started) return;
      started = true;
      lastAccountMs = clock();
      for (const name of order) {
        const entry = entryOf(name);
        if (entry.enabled) startEntry(entry);
      }
      const tick = options.tickIntervalMs ?? 1000;
      if (tick > 0) tickTimer = setInterval(evaluate, tick);
      evaluate();
    },
    async stop() {
      if (stopped) return;
      account(clock());
      stopped = true;
      if (tickTimer !== undefined) clearInterval(tickTimer);
      await Promise.all([...entries.values()].map((e) => stopEntry(e)));
      for (const sink of sinks) sink(undefined);
    },
    enable(name) {
      const entry = entryOf(name);
      if (entry.enabled) return;
      entry.enabled = true;
      emit({ type: "method-state", method: name, state: "enabled", why: "switched on", atMs: clock() });
      if (started && !stopped) startEntry(entry);
      evaluate();
    },
    async disable(name) {
      const entry = entryOf(name);
      if (!entry.enabled) return;
      account(clock());
      entry.enabled = false;
      emit({ type: "method-state", method: name, state: "disabled", why: "switched off", atMs: clock() });
      await stopEntry(entry);
      delete entry.latest;
      evaluate();
    },
    async setMethods(names) {
      for (const name of names) entryOf(name);
      if (new Set(names).size !== names.length) throw new TypeError(`positioner: a method is listed twice in ${names.join(",")}`);
      order = [...names, ...order.filter((n) => !names.includes(n))];
      for (const entry of entries.values()) if (!names.includes(entry.method.name)) await positioner.disable(entry.method.name);
      for (const name of names) positioner.enable(name);
      evaluate();
    },
    get enabled() {
      return order.filter((n) => entryOf(n).enabled);
    },
    get current() {
      return current;
    },
    get location() {
      const latest = current === undefined ? undefined : entries.get(current)?.latest;
      return latest === undefined ? undefined : withAge(latest, clock());
    },
    lastValid,
    methodLocation(name) {
      const entry = entryOf(name);
      if (!entry.enabled || entry.latest === undefined) return undefined;
      const nowMs = clock();
      return { location: withAge(entry.latest, nowMs), fresh: isFresh(entry, nowMs) };
    },
    get expectedSatellites() {
      return expected;
    },
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const untyped = listener as (event: PositionerEvent) => void;
      set.add(untyped);
      return () => set.delete(untyped);
    },
    events() {
      return {
        [Symbol.asyncIterator](): AsyncIterator<PositionerEvent> {
          const queue: (PositionerEvent | undefined)[] = [];
          let wake: (() => void) | undefined;
          let ended = stopped;
          const sink = (event: PositionerEvent | undefined): void => {
            queue.push(event);
            wake?.();
          };
          sinks.add(sink);
          return {
            async next() {
              for (;;) {
                if (queue.length > 0) {
                  const event = queue.shift();
                  if (event !== undefined) return { value: event, done: false };
                  ended = true;
                }
                if (ended) {
                  sinks.delete(sink);
                  return { value: undefined, done: true };
                }
                await new Promise<void>((resolve) => (wake = resolve));
                wake = undefined;
              }
            },
            async return() {
              sinks.delete(sink);
              ended = true;
              return { value: undefined, done: true };
            },
          };
        },
      };
    },
    evaluate,
    summary() {
      account(clock());
      return order.map((name) => {
        const e = entryOf(name);
        const summary: MethodSummary = {
          method: name,
          enabled: e.enabled,
          enabledMs: e.enabledMs,
          validMs: e.validMs,
          locations: e.locations,
          bytesSent: e.bytesSent,
          bytesReceived: e.bytesReceived,
        };
        if (e.ttflMs !== undefined) summary.ttflMs = e.ttflMs;
        if (e.enabledMs > 0) summary.availability = e.validMs / e.enabledMs;
        if (e.lastProblem !== undefined) summary.lastProblem = e.lastProblem;
        return summary;
      });
    },
  };
  return positioner;
}
