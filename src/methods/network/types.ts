// Network positioning: Wi-Fi / cell observations in, a coarse location with a 95 % radius out, converted
// from the provider's own confidence and kept beside it (transports.md §7).
// Isomorphic: providers use `fetch` and count the bytes they move.

export type CellRadio = "gsm" | "wcdma" | "lte" | "nr" | "cdma";

export interface WifiObservation {
  /** BSSID, any case, `:`/`-`/no separator (normalised to `aa:bb:cc:dd:ee:ff` before sending). */
  macAddress: string;
  signalStrengthDbm?: number;
  frequencyMhz?: number;
  channel?: number;
  signalToNoiseRatio?: number;
  /** Undefined = not known; "" = hidden network (never sent: Ichnaea's privacy rule). */
  ssid?: string;
  ageMs?: number;
}

export interface CellObservation {
  radio: CellRadio;
  mcc: number;
  mnc: number;
  /** LAC (GSM/UMTS) or TAC (LTE/NR); NID for CDMA */
  lac: number;
  /** CID; the 28-bit ECI for LTE; the 36-bit NCI for NR */
  cellId: number;
  /** PSC (UMTS) / PCI (LTE, NR) */
  psc?: number;
  signalStrengthDbm?: number;
  timingAdvance?: number;
  ageMs?: number;
}

export interface Observations {
  wifi: WifiObservation[];
  cells: CellObservation[];
  /** Let the service fall back to the IP address (default false: gnsskit asks for a radio-based answer). */
  considerIp?: boolean;
}

export type NetworkErrorKind =
  | "no-observations" // nothing usable to send (or, offline, nothing in the database's terms)
  | "not-found" // the service / database knows none of the observations (404 notFound)
  | "key-invalid" // 400 keyInvalid
  | "key-missing" // a provider that requires a key got none
  | "quota" // 403 dailyLimitExceeded
  | "rate-limit" // 403 userRateLimitExceeded, 429
  | "parse-error" // 400 parseError: the service could not read the request
  | "server" // 5xx: retry minutes later
  | "http" // another HTTP status
  | "bad-response" // not JSON, JSON without a location, out of range, or larger than an answer can be
  | "redirect" // redirected to another server or from https to http: not followed
  | "timeout"
  | "network" // connection refused, DNS, offline
  | "aborted";

export interface NetworkError {
  kind: NetworkErrorKind;
  /** One line a person can act on, naming the provider. */
  message: string;
  status?: number;
  /** The envelope's reason (`dailyLimitExceeded`) where the service sent one. */
  reason?: string;
}

/**
 * The probability that the true position lies within a provider's radius (0.68, 0.95…), as the provider
 * documents it; "unknown" where it does not say.
 */
export type RadiusConfidence = number | "unknown";

export interface NetworkFix {
  latitudeDeg: number;
  longitudeDeg: number;
  /**
   * 95 % horizontal radius, metres: the provider's radius converted from its confidence (accuracy.ts);
   * a radius of unknown confidence is read as 68 %, so this is never smaller than the provider's figure
   * would be at 95 %.
   */
  accuracyM: number;
  /** The radius as the provider gave it, metres. */
  providerAccuracyM: number;
  /** The confidence of `providerAccuracyM`. */
  providerConfidence: RadiusConfidence;
  /** `ipf` / `lacf` when the service used a fallback instead of the observations */
  fallback?: string;
}

/** A provider's answer: never thrown, always with what it cost. */
export type NetworkResult = { provider: string; bytesSent: number; bytesReceived: number; durationMs: number; notes: string[] } & (
  | { ok: true; fix: NetworkFix }
  | { ok: false; error: NetworkError }
);

export interface NetworkProvider {
  /** e.g. `ichnaea https://api.beacondb.net/v1/geolocate`, `opencellid cells.csv` */
  readonly name: string;
  locate(observations: Observations, options?: { signal?: AbortSignal }): Promise<NetworkResult>;
}
