// The network positioning method: asks a provider for a location from Wi-Fi/cell observations.
// On demand by default: while no other method has a valid, fresh location (start-up, tunnels), at most
// once per interval; after a failure it waits longer (5xx: "retry minutes later"). Errors become method
// states with the provider's reason, never exceptions.

import type { MethodContext, PositioningMethod } from "../types.js";
import type { NetworkError, NetworkProvider, NetworkResult, Observations } from "./types.js";

/** How long stop() lets a request on its way finish before cutting it short. */
const STOP_GRACE_MS = 1000;

export interface NetworkMethodOptions {
  provider: NetworkProvider;
  /** Current observations (host scan, or the embedding app's). May fail: reported, not thrown. */
  observations: () => Observations | Promise<Observations>;
  /** Between requests, on the positioner's clock (default 30 s). */
  intervalMs?: number;
  /** `fallback` (default): only while no other method has a fresh location; `always`: every interval. */
  mode?: "fallback" | "always";
  /** A network location older than this is stale (default 2 × interval). */
  maxAgeMs?: number;
  /** Longest wait after repeated failures (default 5 min). */
  maxBackoffMs?: number;
}

export interface NetworkMethod extends PositioningMethod {
  /** The latest provider result. */
  readonly lastResult: NetworkResult | undefined;
  /** Ask now, whatever the schedule (a one-shot `locate`); resolves with the result. */
  requestNow(): Promise<NetworkResult | undefined>;
}

// A refused redirect is the configuration's problem, as a bad key is: asking every interval changes nothing.
const RETRY_FACTOR: Partial<Record<NetworkError["kind"], number>> = {
  server: 4,
  quota: 20,
  "rate-limit": 4,
  "key-invalid": 20,
  "key-missing": 20,
  redirect: 20,
};

export function createNetworkMethod(options: NetworkMethodOptions): NetworkMethod {
  const intervalMs = options.intervalMs ?? 30_000;
  const maxBackoffMs = options.maxBackoffMs ?? 300_000;
  const mode = options.mode ?? "fallback";
  let context: MethodContext | undefined;
  let startedAtMs = 0;
  let nextAttemptAtMs = 0;
  let failures = 0;
  let inFlight: Promise<NetworkResult | undefined> | undefined;
  let controller: AbortController | undefined;
  let lastResult: NetworkResult | undefined;
  let located = false;

  const request = (): Promise<NetworkResult | undefined> => {
    const ctx = context;
    if (ctx === undefined) return Promise.resolve(undefined);
    if (inFlight) return inFlight;
    controller = new AbortController();
    const signal = controller.signal;
    const run = async (): Promise<NetworkResult | undefined> => {
      let observations: Observations;
      try {
        observations = await options.observations();
      } catch (error) {
        if (context !== ctx) return undefined;
        ctx.report({ type: "state", state: "unavailable", why: `no observations: ${error instanceof Error ? error.message : String(error)}` });
        return undefined;
      }
      if (context !== ctx || signal.aborted) return undefined;
      const result = await options.provider.locate(observations, { signal });
      // What went over the network is spent even when the method was switched off meanwhile.
      if (result.bytesSent > 0 || result.bytesReceived > 0) {
        ctx.report({ type: "cost", bytesSent: result.bytesSent, bytesReceived: result.bytesReceived, what: `${options.provider.name} request` });
      }
      if (context !== ctx) return result;
      lastResult = result;
      const nowMs = ctx.now();
      for (const note of result.notes) ctx.report({ type: "note", message: note });
      if (result.ok) {
        failures = 0;
        nextAttemptAtMs = nowMs + intervalMs;
        ctx.report({ type: "state", state: "available", why: `${options.provider.name} answered` });
        if (!located) {
          located = true;
          ctx.report({ type: "first-location", ttflMs: nowMs - startedAtMs });
        }
        ctx.report({
          type: "location",
          location: {
            method: "network",
            latitudeDeg: result.fix.latitudeDeg,
            longitudeDeg: result.fix.longitudeDeg,
            accuracyM: result.fix.accuracyM,
            timeMs: nowMs,
            valid: true,
            ...(result.fix.fallback === undefined ? {} : { fallback: result.fix.fallback }),
          },
        });
      } else {
        failures++;
        const factor = RETRY_FACTOR[result.error.kind] ?? 1;
        nextAttemptAtMs = nowMs + Math.min(maxBackoffMs, intervalMs * factor * 2 ** Math.min(failures - 1, 6));
        ctx.report({ type: "state", state: "unavailable", why: result.error.message });
      }
      return result;
    };
    inFlight = run().finally(() => {
      inFlight = undefined;
      controller = undefined;
    });
    return inFlight;
  };

  return {
    name: "network",
    kind: "network",
    maxAgeMs: options.maxAgeMs ?? 2 * intervalMs,
    get lastResult() {
      return lastResult;
    },
    start(ctx) {
      context = ctx;
      startedAtMs = ctx.now();
      nextAttemptAtMs = startedAtMs;
      failures = 0;
      located = false;
    },
    poll(nowMs) {
      if (context === undefined || inFlight !== undefined || nowMs < nextAttemptAtMs) return;
      if (mode === "fallback" && !context.needsLocation()) return;
      void request();
    },
    requestNow: request,
    async stop() {
      context = undefined;
      // A request on its way is given a moment to finish, so that what it cost is known (and counted);
      // one that takes longer is cut short.
      const pending = inFlight;
      if (pending !== undefined) {
        let timer: ReturnType<typeof setTimeout> | undefined;
        const grace = new Promise<void>((resolve) => (timer = setTimeout(resolve, STOP_GRACE_MS)));
        await Promise.race([pending.catch(() => undefined), grace]);
        clearTimeout(timer);
      }
      controller?.abort();
      await inFlight?.catch(() => undefined);
    },
  };
}
