// The monitor's view of the positioning methods (`--methods`): which method gave the position shown, each
// configured method's state, time to first location and data cost, the last switch, and the keys that turn
// methods on and off. Gathered from the positioner's events and getters into a plain object, so the screen
// stays a pure function of it.

import type { Positioner } from "../../methods/positioner.js";
import type { ExpectedSatellite, Location, MethodName, MethodSummary, PositionerEvent } from "../../methods/types.js";

/** The key that toggles each method: its initial (q stays quit). */
export const METHOD_KEYS: Readonly<Record<MethodName, string>> = { integrated: "i", assisted: "a", bluetooth: "b", network: "n" };

export function methodForKey(key: string): MethodName | undefined {
  const lower = key.toLowerCase();
  return (Object.keys(METHOD_KEYS) as MethodName[]).find((name) => METHOD_KEYS[name] === lower);
}

/**
 * What is true of a method now. active: gave the position shown (valid, fresh); current: chosen, but its
 * location is no longer good (`problem` says how: fix lost, too old, the method failing); available: on, with a
 * valid fresh location of its own, not chosen; searching: a satellite method on, without a fix; asking: the
 * network method on and needed, its request not answered yet; standby: the network method on but not asked,
 * because another method has a position (or its last answer has aged out); unavailable: on but failing (`why`);
 * off: switched off (its TTFF/TTFL and cost are from while it was on).
 */
export type MethodRowState = "active" | "current" | "available" | "searching" | "asking" | "standby" | "unavailable" | "off";

export interface MethodRow {
  name: MethodName;
  key: string;
  /** Satellite methods report TTFF; the network method a time to first location. */
  kind: "satellite" | "network";
  state: MethodRowState;
  why?: string;
  /** current: why its location is not good any more. */
  problem?: string;
  /** Its own latest location (radius, age, fallback): active, current and available rows. */
  location?: Location;
  ttflMs?: number;
  /** This method gave the positioner's first location. */
  first?: true;
  bytesSent: number;
  bytesReceived: number;
}

export interface MethodsView {
  /** Configured methods, enabled ones first, in priority order. */
  rows: MethodRow[];
  current?: MethodName;
  /** The positioner's location: the one the Position line shows. */
  location?: Location;
  expected?: { satellites: ExpectedSatellite[]; basis: string };
  /** The last switch between methods, or a method switched on or off. */
  lastChange?: { text: string; atMs: number };
  /** Feedback on a key that does nothing (a method not configured). */
  notice?: string;
}

export type MethodsPositioner = Pick<Positioner, "summary" | "current" | "location" | "methodLocation" | "expectedSatellites">;

export interface MethodsMonitor {
  /** Feed every positioner event. */
  apply(event: PositionerEvent): void;
  notice(text: string | undefined): void;
  view(positioner: MethodsPositioner): MethodsView;
}

const SATELLITE: ReadonlySet<MethodName> = new Set(["integrated", "assisted", "bluetooth"]);

/** Tracks what the positioner's getters do not give: each method's availability and the last change. */
export function createMethodsMonitor(): MethodsMonitor {
  const availability = new Map<MethodName, { available: boolean; why: string }>();
  let lastChange: MethodsView["lastChange"];
  let first: MethodName | undefined;
  let expected: MethodsView["expected"];
  let notice: string | undefined;
  return {
    apply(event) {
      switch (event.type) {
        case "method-state":
          if (event.state === "enabled" || event.state === "disabled") {
            availability.delete(event.method);
            lastChange = { text: `${event.method} switched ${event.state === "enabled" ? "on" : "off"}`, atMs: event.atMs };
            notice = undefined;
          } else {
            availability.set(event.method, { available: event.state === "available", why: event.why });
          }
          return;
        case "method-changed":
          // The first location of the run stays marked after later switches replace the headline.
          if (event.reason === "first") first ??= event.to;
          lastChange = { text: `${event.from ?? "none"} → ${event.to ?? "none"}: ${event.detail}`, atMs: event.atMs };
          notice = undefined;
          return;
        case "expected-satellites":
          expected = { satellites: event.satellites, basis: event.basis };
          return;
        default:
          return;
      }
    },
    notice(text) {
      notice = text;
    },
    view(positioner) {
      const summary = positioner.summary();
      const locations = new Map<MethodName, { location: Location; fresh: boolean }>();
      for (const s of summary) {
        const own = positioner.methodLocation(s.method);
        if (own !== undefined) locations.set(s.method, own);
      }
      return methodsView({
        summary,
        locations,
        current: positioner.current,
        location: positioner.location,
        availability,
        ...(first === undefined ? {} : { first }),
        ...(lastChange === undefined ? {} : { lastChange }),
        ...(expected === undefined ? {} : { expected }),
        ...(notice === undefined ? {} : { notice }),
      });
    },
  };
}

export interface MethodsViewInput {
  summary: readonly MethodSummary[];
  current: MethodName | undefined;
  location: Location | undefined;
  /** Each enabled method's own latest location and whether it is valid and fresh (the positioner's judgement). */
  locations: ReadonlyMap<MethodName, { location: Location; fresh: boolean }>;
  /** The last availability each method reported since it was switched on. */
  availability: ReadonlyMap<MethodName, { available: boolean; why: string }>;
  /** The method that gave the positioner's first location. */
  first?: MethodName;
  lastChange?: { text: string; atMs: number };
  expected?: { satellites: ExpectedSatellite[]; basis: string };
  notice?: string;
}

/** The one place that says what state a method is in, from the positioner's summary, getters and events. */
function rowState(s: MethodSummary, input: MethodsViewInput): Pick<MethodRow, "state" | "why" | "problem" | "location"> {
  if (!s.enabled) return { state: "off" };
  const seen = input.availability.get(s.method);
  const failing = seen !== undefined && !seen.available ? seen.why : undefined;
  const own = input.locations.get(s.method);
  if (input.current === s.method && input.location !== undefined) {
    const location = input.location;
    if (failing !== undefined) return { state: "current", problem: "unavailable", why: failing, location };
    if (!location.valid) return { state: "current", problem: "fix lost", location };
    if (own !== undefined && !own.fresh) return { state: "current", problem: "too old", location };
    return { state: "active", location };
  }
  if (failing !== undefined) return { state: "unavailable", why: failing };
  if (own?.fresh === true) return { state: "available", location: own.location };
  if (SATELLITE.has(s.method)) return { state: "searching" };
  // The network method asks only while no other method has a valid, fresh position.
  const otherHasPosition = [...input.locations].some(([name, other]) => name !== s.method && other.fresh);
  return { state: otherHasPosition ? "standby" : "asking" };
}

/** The rows from the positioner's summary (priority order), its per-method locations and the states seen in its events. */
export function methodsView(input: MethodsViewInput): MethodsView {
  const rows = input.summary.map((s): MethodRow => {
    const row: MethodRow = {
      name: s.method,
      key: METHOD_KEYS[s.method],
      kind: SATELLITE.has(s.method) ? "satellite" : "network",
      ...rowState(s, input),
      bytesSent: s.bytesSent,
      bytesReceived: s.bytesReceived,
    };
    if (s.ttflMs !== undefined) row.ttflMs = s.ttflMs;
    if (input.first === s.method) row.first = true;
    return row;
  });
  const view: MethodsView = { rows: [...rows.filter((r) => r.state !== "off"), ...rows.filter((r) => r.state === "off")] };
  if (input.current !== undefined) view.current = input.current;
  if (input.location !== undefined) view.location = input.location;
  if (input.expected !== undefined) view.expected = input.expected;
  if (input.lastChange !== undefined) view.lastChange = input.lastChange;
  if (input.notice !== undefined) view.notice = input.notice;
  return view;
}
