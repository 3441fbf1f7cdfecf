// `publish --osmand URL`: positions to a fleet server in the OsmAnd protocol (Traccar's port 5055 and the
// servers that copied it): one HTTP POST per position with query parameters id, timestamp (Unix seconds),
// lat, lon, speed (knots: Traccar's unit for this protocol), bearing, altitude, accuracy (m), hdop, valid.
//
// A live view, not a log: one request at a time per device, and a newer position replaces one still waiting
// (a server that is slow or away gets the latest position when it answers again). The lossless path is MQTT.

import type { Epoch } from "../../types.js";

const MPS_TO_KNOTS = 3600 / 1852;

export interface OsmandForwarder {
  /** Queue the epoch's position (epochs without a fix are skipped). */
  epoch(epoch: Epoch): void;
  /** Waits for the request in flight and the one waiting, at most `timeoutMs`. */
  close(timeoutMs?: number): Promise<void>;
  readonly sent: number;
  readonly failed: number;
}

export interface OsmandOptions {
  url: string;
  device: string;
  /** One line per new kind of failure (not one per position). */
  onProblem?: (line: string) => void;
}

/** The query parameters of one position, or undefined when the epoch has none. */
export function osmandParams(device: string, epoch: Epoch): URLSearchParams | undefined {
  if (epoch.mode === "none" || epoch.latitudeDeg === undefined || epoch.longitudeDeg === undefined) return undefined;
  const params = new URLSearchParams({ id: device });
  const timeMs = epoch.timeMs ?? (Number.isFinite(epoch.receivedAtMs) && epoch.receivedAtMs > 1e12 ? epoch.receivedAtMs : undefined);
  if (timeMs !== undefined) params.set("timestamp", String(Math.round(timeMs / 1000)));
  params.set("lat", epoch.latitudeDeg.toFixed(7));
  params.set("lon", epoch.longitudeDeg.toFixed(7));
  if (epoch.speedMps !== undefined) params.set("speed", (epoch.speedMps * MPS_TO_KNOTS).toFixed(2));
  if (epoch.trackTrueDeg !== undefined) params.set("bearing", epoch.trackTrueDeg.toFixed(1));
  if (epoch.altitudeMslM !== undefined) params.set("altitude", epoch.altitudeMslM.toFixed(1));
  if (epoch.ephM !== undefined) params.set("accuracy", epoch.ephM.toFixed(1));
  if (epoch.dop.hdop !== undefined) params.set("hdop", String(epoch.dop.hdop));
  params.set("valid", "true");
  return params;
}

/** Checks the URL now (bad arguments), sends later. */
export function parseOsmandUrl(text: string): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TypeError(`--osmand ${text}: expected http://HOST:PORT/ (Traccar: port 5055)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new TypeError(`--osmand ${text}: expected an http:// or https:// URL`);
  return url;
}

export function createOsmandForwarder(options: OsmandOptions): OsmandForwarder {
  const base = parseOsmandUrl(options.url);
  let waiting: URLSearchParams | undefined;
  let inFlight: Promise<void> | undefined;
  let sent = 0;
  let failed = 0;
  const said = new Set<string>();
  const problem = (kind: string, line: string): void => {
    failed++;
    if (said.has(kind)) return;
    said.add(kind);
    options.onProblem?.(line);
  };

  const send = async (params: URLSearchParams): Promise<void> => {
    const url = new URL(base);
    for (const [key, value] of params) url.searchParams.set(key, value);
    try {
      const response = await fetch(url, { method: "POST", signal: AbortSignal.timeout(10_000) });
      await response.arrayBuffer(); // free the connection
      if (response.ok) sent++;
      else
        problem(
          `http ${response.status}`,
          `osmand ${base.origin}: HTTP ${response.status} ${response.statusText} (positions of ${options.device} not accepted: is the device id known to the server?)`,
        );
    } catch (error) {
      const cause = (error as { cause?: { code?: string } }).cause?.code ?? (error instanceof Error ? error.message : String(error));
      problem(`network ${cause}`, `osmand ${base.origin}: ${cause} (retrying with the next position)`);
    }
  };
  const pump = (): void => {
    if (inFlight !== undefined || waiting === undefined) return;
    const params = waiting;
    waiting = undefined;
    inFlight = send(params).finally(() => {
      inFlight = undefined;
      pump();
    });
  };

  return {
    epoch(epoch) {
      const params = osmandParams(options.device, epoch);
      if (params === undefined) return;
      waiting = params;
      pump();
    },
    async close(timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while ((inFlight !== undefined || waiting !== undefined) && Date.now() < deadline) {
        await Promise.race([inFlight, new Promise((resolve) => setTimeout(resolve, Math.max(0, deadline - Date.now())))]);
      }
    },
    get sent() {
      return sent;
    },
    get failed() {
      return failed;
    },
  };
}
