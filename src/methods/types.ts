// Positioning methods and the positioner's events (DESIGN.md "Positioning methods"). Isomorphic.

import type { Constellation } from "../types.js";

/** The four methods of a phone's "positioning methods" menu. */
export type MethodName = "integrated" | "assisted" | "bluetooth" | "network";

export const METHOD_NAMES: readonly MethodName[] = ["integrated", "assisted", "bluetooth", "network"];

/** A position from one method. */
export interface Location {
  method: MethodName;
  latitudeDeg: number;
  longitudeDeg: number;
  altitudeMslM?: number;
  /** 95 % horizontal radius: eph (else HDOP × UERE) for satellite methods, the provider's radius converted to 95 % for network (network/accuracy.ts). */
  accuracyM?: number;
  /** Clock time the position was produced (epoch end, or the provider's answer). */
  timeMs: number;
  /** How old the position is at the moment it is reported (ms, on the positioner's clock). */
  ageMs: number;
  /** False when the method has lost its fix: the last position is kept, marked invalid. */
  valid: boolean;
  /** Satellite methods: 2D or 3D. */
  mode?: "2d" | "3d";
  satellitesUsed?: number;
  /** Network: the provider used a fallback (`ipf`, `lacf`) instead of the observations. */
  fallback?: string;
}

/** A satellite the almanac puts above the horizon for the approximate position and time. */
export interface ExpectedSatellite {
  constellation: Constellation;
  svid: number;
  elevationDeg: number;
  azimuthDeg: number;
  healthy: boolean;
}

/** One aiding command as sent to the receiver, with its answer. */
export interface AidingStep {
  description: string;
  bytes: number;
  /** acked, sent (never acknowledged by the chip), no-ack-seen (optional ack absent), rejected, timeout, closed, skipped */
  outcome: "acked" | "sent" | "no-ack-seen" | "rejected" | "timeout" | "closed" | "skipped";
  detail?: string;
}

export type MethodAvailability = "available" | "unavailable";

/** What a method reports to the positioner. */
export type MethodReport =
  | { type: "location"; location: Omit<Location, "ageMs"> }
  | { type: "state"; state: MethodAvailability; why: string }
  /** ttflMs undefined: not measurable (the receiver already had a fix when opened, or no clock covered its start) */
  | { type: "first-location"; ttflMs?: number }
  | { type: "cost"; bytesSent: number; bytesReceived: number; what: string }
  | { type: "expected-satellites"; satellites: ExpectedSatellite[]; atMs: number; basis: string }
  | { type: "aiding"; steps: AidingStep[] }
  | { type: "note"; message: string }
  /** Time passed on the method's clock (an epoch without news): lets the positioner re-evaluate on that clock. */
  | { type: "heartbeat" };

/** Handed to a method when it starts. */
export interface MethodContext {
  /** The positioner's clock (ms). */
  now(): number;
  report(report: MethodReport): void;
  /** Best approximate position known now (any method, or the persisted last fix), for aiding. */
  approximatePosition(): Omit<Location, "ageMs"> | undefined;
  /** True while no method has a valid, fresh location: on-demand methods (network) should work now. */
  needsLocation(): boolean;
}

/** A positioning method the positioner can start and stop at run time. */
export interface PositioningMethod {
  readonly name: MethodName;
  /** satellite: TTFF and eph; network: time to first location and the provider's radius. */
  readonly kind: "satellite" | "network";
  /** A location older than this (ms) is stale: not a current location any more. */
  readonly maxAgeMs: number;
  start(context: MethodContext): void;
  /** Stop cleanly (close the source, abort requests). */
  stop(): Promise<void>;
  /** Called on every positioner evaluation (events and ticks): on-demand methods decide here. */
  poll?(nowMs: number): void;
}

export type SwitchReason = "first" | "better" | "current-invalid" | "current-stale" | "current-unavailable" | "disabled" | "priority";

/** Everything the positioner reports, in order. */
export type PositionerEvent =
  | { type: "location"; location: Location }
  | { type: "method-changed"; from: MethodName | undefined; to: MethodName | undefined; reason: SwitchReason; detail: string; atMs: number }
  | { type: "method-state"; method: MethodName; state: MethodAvailability | "enabled" | "disabled"; why: string; atMs: number }
  | { type: "first-location"; method: MethodName; ttflMs?: number; atMs: number }
  | { type: "cost"; method: MethodName; bytesSent: number; bytesReceived: number; totalSent: number; totalReceived: number; what: string; atMs: number }
  | { type: "expected-satellites"; method: MethodName; satellites: ExpectedSatellite[]; basis: string; atMs: number }
  | { type: "aiding"; method: MethodName; steps: AidingStep[]; atMs: number }
  | { type: "note"; method: MethodName; message: string; atMs: number };

/** Per-method figures for the end of a run. */
export interface MethodSummary {
  method: MethodName;
  enabled: boolean;
  /** Time from the method's start to its first location (TTFF for satellite methods). */
  ttflMs?: number;
  /** Share of the time the method was enabled during which it had a valid, fresh location (0..1). */
  availability?: number;
  enabledMs: number;
  validMs: number;
  locations: number;
  bytesSent: number;
  bytesReceived: number;
  /** The last reason it was unavailable, if it was. */
  lastProblem?: string;
}
