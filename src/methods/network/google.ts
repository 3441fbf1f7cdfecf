// Google-Geolocation-compatible provider: POST …/geolocation/v1/geolocate?key=API_KEY (key required).
// Differs from Ichnaea in the body: one top-level radioType, `newRadioCellId` for NR, no fallbacks object.

import { checkedConfidence } from "./accuracy.js";
import { geolocate, httpProviderIdentity, monotonicNow, type TransportOptions } from "./http.js";
import { accessPointBody, cellMeasurements, prepareObservations } from "./observations.js";
import type { NetworkProvider, NetworkResult, Observations, RadiusConfidence } from "./types.js";

export const GOOGLE_GEOLOCATE_URL = "https://www.googleapis.com/geolocation/v1/geolocate";

/**
 * Google documents `accuracy` only as the radius of a circle around the location, in metres, without a
 * confidence (https://developers.google.com/maps/documentation/geolocation/requests-geolocation, "Responses").
 * Google's own Android platform defines its location accuracy as the 68 % radius
 * (https://developer.android.com/reference/android/location/Location#getAccuracy()), and the service is
 * generally read that way: 68 % for Google's endpoint. Another vendor's service that merely speaks this
 * request format says nothing either way: unknown.
 */
export function googleRadiusConfidence(url: string): RadiusConfidence {
  let host: string;
  try {
    host = new URL(url).hostname.toLowerCase();
  } catch {
    return "unknown";
  }
  return host === "googleapis.com" || host.endsWith(".googleapis.com") ? 0.68 : "unknown";
}

export interface GoogleProviderOptions extends TransportOptions {
  apiKey: string;
  url?: string;
  /** Confidence of the service's `accuracy` (default: googleRadiusConfidence(url)). */
  radiusConfidence?: RadiusConfidence;
}

export function createGoogleProvider(options: GoogleProviderOptions): NetworkProvider {
  const url = options.url ?? GOOGLE_GEOLOCATE_URL;
  const { name, redact } = httpProviderIdentity("google", url, options.apiKey);
  const radiusConfidence = checkedConfidence(options.radiusConfidence ?? googleRadiusConfidence(url));
  return {
    name,
    async locate(observations: Observations, callOptions = {}): Promise<NetworkResult> {
      const startedMs = monotonicNow();
      const { wifi, cells, notes, considerIp, nothing } = prepareObservations(name, observations);
      if (options.apiKey.trim() === "") {
        return {
          provider: name,
          notes,
          bytesSent: 0,
          bytesReceived: 0,
          durationMs: 0,
          ok: false,
          error: { kind: "key-missing", message: `${name}: an API key is required` },
        };
      }
      if (nothing) return nothing;
      const body: Record<string, unknown> = { considerIp };
      const first = cells[0];
      if (first !== undefined) {
        body.radioType = first.radio;
        const mixed = cells.some((c) => c.radio !== first.radio);
        if (mixed) notes.push(`cells of several radio types: Google takes one radioType, sent as ${first.radio}`);
        body.cellTowers = cells.map((c) => ({
          ...(c.radio === "nr" ? { newRadioCellId: c.cellId } : { cellId: c.cellId }),
          locationAreaCode: c.lac,
          mobileCountryCode: c.mcc,
          mobileNetworkCode: c.mnc,
          ...cellMeasurements(c),
        }));
      }
      if (wifi.accessPoints.length > 0) {
        body.wifiAccessPoints = wifi.accessPoints.map((ap) => accessPointBody(ap, false));
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
