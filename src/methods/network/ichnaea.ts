// Ichnaea-compatible geolocation (Mozilla Location Service API; BeaconDB today): POST /v1/geolocate[?key=].
// transports.md §7: body fields, privacy rules, the error envelope.

import { checkedConfidence } from "./accuracy.js";
import { geolocate, httpProviderIdentity, monotonicNow, type TransportOptions } from "./http.js";

export { DEFAULT_NETWORK_TIMEOUT_MS, DEFAULT_USER_AGENT } from "./http.js";
import { accessPointBody, cellMeasurements, prepareObservations } from "./observations.js";
import type { NetworkProvider, NetworkResult, Observations, RadiusConfidence } from "./types.js";

/** BeaconDB: the Ichnaea API without a key (MLS itself is retired). */
export const BEACONDB_GEOLOCATE_URL = "https://api.beacondb.net/v1/geolocate";

/**
 * The Ichnaea API documents its answer as a circle holding the true position with 95th-percentile
 * confidence (https://ichnaea.readthedocs.io/en/latest/api/geolocate.html, "Response"). BeaconDB serves the
 * same API and states no confidence of its own; its code (github.com/beacondb/beacondb, src/geolocate.rs)
 * answers half the diagonal of the box its transmitters were seen in (at least 50 m), a covering radius,
 * so the API's 95 % is kept for it too.
 */
export const ICHNAEA_RADIUS_CONFIDENCE = 0.95;

export interface IchnaeaProviderOptions extends TransportOptions {
  /** Full geolocate URL (default BeaconDB's). */
  url?: string;
  apiKey?: string;
  /** Confidence of the service's `accuracy` (default 0.95, the API's); "unknown" for a service that reads it otherwise. */
  radiusConfidence?: RadiusConfidence;
}

export function createIchnaeaProvider(options: IchnaeaProviderOptions = {}): NetworkProvider {
  const url = options.url ?? BEACONDB_GEOLOCATE_URL;
  const { name, redact } = httpProviderIdentity("ichnaea", url, options.apiKey);
  const radiusConfidence = checkedConfidence(options.radiusConfidence ?? ICHNAEA_RADIUS_CONFIDENCE);
  return {
    name,
    async locate(observations: Observations, callOptions = {}): Promise<NetworkResult> {
      const startedMs = monotonicNow();
      const { wifi, cells, notes, considerIp, nothing } = prepareObservations(name, observations);
      if (nothing) return nothing;
      const body: Record<string, unknown> = { considerIp, fallbacks: { lacf: true, ipf: considerIp } };
      if (wifi.accessPoints.length > 0) {
        body.wifiAccessPoints = wifi.accessPoints.map((ap) => accessPointBody(ap, true));
      }
      if (cells.length > 0) {
        body.cellTowers = cells.map((c) => ({
          radioType: c.radio,
          mobileCountryCode: c.mcc,
          mobileNetworkCode: c.mnc,
          locationAreaCode: c.lac,
          cellId: c.cellId,
          ...(c.psc === undefined ? {} : { psc: c.psc }),
          ...cellMeasurements(c),
        }));
      }
      return geolocate({
        provider: name,
        url,
        apiKey: options.apiKey,
        redact,
        body,
        transport: options,
        signal: callOptions.signal,
        notes,
        radiusConfidence,
        startedMs,
      });
    },
  };
}
