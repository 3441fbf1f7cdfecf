// Google-Geolocation-compatible provider: POST …/geolocation/v1/geolocate?key=API_KEY (key required).
// Differs from Ichnaea in the body: one top-level radioType, `newRadioCellId` for NR, no fallbacks object.

import { geolocate, type TransportOptions } from "./http.js";
import { accessPointBody, prepareWifi, usableCells } from "./observations.js";
import type { NetworkProvider, NetworkResult, Observations } from "./types.js";

export const GOOGLE_GEOLOCATE_URL = "https://www.googleapis.com/geolocation/v1/geolocate";

export interface GoogleProviderOptions extends TransportOptions {
  apiKey: string;
  url?: string;
}

const now = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

export function createGoogleProvider(options: GoogleProviderOptions): NetworkProvider {
  const url = options.url ?? GOOGLE_GEOLOCATE_URL;
  const name = `google ${url}`;
  return {
    name,
    async locate(observations: Observations, callOptions = {}): Promise<NetworkResult> {
      const startedMs = now();
      const wifi = prepareWifi(observations.wifi);
      const cells = usableCells(observations.cells);
      const notes = [...wifi.notes, ...cells.notes];
      const base = { provider: name, notes, bytesSent: 0, bytesReceived: 0, durationMs: 0 };
      if (options.apiKey.trim() === "") return { ...base, ok: false, error: { kind: "key-missing", message: `${name}: an API key is required` } };
      const considerIp = observations.considerIp ?? false;
      if (wifi.accessPoints.length === 0 && cells.cells.length === 0 && !considerIp) {
        return { ...base, ok: false, error: { kind: "no-observations", message: `${name}: nothing to send (no cell, fewer than two usable Wi-Fi access points)` } };
      }
      const body: Record<string, unknown> = { considerIp };
      const first = cells.cells[0];
      if (first !== undefined) {
        body.radioType = first.radio;
        const mixed = cells.cells.some((c) => c.radio !== first.radio);
        if (mixed) notes.push(`cells of several radio types: Google takes one radioType, sent as ${first.radio}`);
        body.cellTowers = cells.cells.map((c) => ({
          ...(c.radio === "nr" ? { newRadioCellId: c.cellId } : { cellId: c.cellId }),
          locationAreaCode: c.lac,
          mobileCountryCode: c.mcc,
          mobileNetworkCode: c.mnc,
          ...(c.signalStrengthDbm === undefined ? {} : { signalStrength: Math.round(c.signalStrengthDbm) }),
          ...(c.timingAdvance === undefined ? {} : { timingAdvance: c.timingAdvance }),
          ...(c.ageMs === undefined ? {} : { age: Math.round(c.ageMs) }),
        }));
      }
      if (wifi.accessPoints.length > 0) {
        body.wifiAccessPoints = wifi.accessPoints.map((ap) => accessPointBody(ap, false));
      }
      return geolocate({
        provider: name,
        url,
        apiKey: options.apiKey,
        body,
        transport: options,
        signal: callOptions.signal,
        notes,
        startedMs,
      });
    },
  };
}
