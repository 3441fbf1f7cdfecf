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
 * active: gave the position shown; current: chosen, but its location is no longer valid (a lost fix);
 * available: on and working, not chosen; unavailable: on but failing (`why` says how); off: switched off.
 */
export type MethodRowState = "active" | "current" | "available" | "unavailable" | "off";

export interface MethodRow {
  name: MethodName;
  key: string;
  /** Satellite methods report TTFF; the network method a time to first location. */
  kind: "satellite" | "network";
  state: MethodRowState;
  why?: string;
  /** The current method's location (radius, age). */
  location?: Location;
  ttflMs?: number;
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

export type MethodsPositioner = Pick<Positioner, "summary" | "current" | "location" | "expectedSatellites">;

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
      return methodsView({
        summary: positioner.summary(),
        current: positioner.current,
        location: positioner.location,
        availability,
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
  availability: ReadonlyMap<MethodName, { available: boolean; why: string }>;
  lastChange?: { text: string; atMs: number };
  expected?: { satellites: ExpectedSatellite[]; basis: string };
  notice?: string;
}

/** The rows from the positioner's summary (priority order) and the states seen in its events. */
export function methodsView(input: MethodsViewInput): MethodsView {
  const rows = input.summary.map((s): MethodRow => {
    const row: MethodRow = {
      name: s.method,
      key: METHOD_KEYS[s.method],
      kind: SATELLITE.has(s.method) ? "satellite" : "network",
      state: "available",
      bytesSent: s.bytesSent,
      bytesReceived: s.bytesReceived,
    };
    if (s.ttflMs !== undefined) row.ttflMs = s.ttflMs;
    const seen = input.availability.get(s.method);
    if (!s.enabled) row.state = "off";
    else if (input.current === s.method && input.location !== undefined) {
      row.state = input.location.valid ? "active" : "current";
      row.location = input.location;
    } else if (seen !== undefined && !seen.available) {
      row.state = "unavailable";
      row.why = seen.why;
    }
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
