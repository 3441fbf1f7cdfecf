// One JSON POST with a timeout, byte counts and the Google-style error envelope mapped to a kind.
// Byte counts are HTTP bodies as sent and as read (after content decoding); headers and TLS come on top.

import { networkFix } from "./accuracy.js";
import type { NetworkError, NetworkErrorKind, NetworkFix, NetworkResult, RadiusConfidence } from "./types.js";

export type FetchLike = (input: string, init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal }) => Promise<{
  status: number;
  arrayBuffer(): Promise<ArrayBuffer>;
}>;

export interface PostOptions {
  fetch?: FetchLike;
  timeoutMs: number;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export type PostOutcome =
  | { ok: true; status: number; text: string; bytesSent: number; bytesReceived: number }
  | { ok: false; error: NetworkError; bytesSent: number; bytesReceived: number };

const encoder = new TextEncoder();

/** What a failed fetch says, in one line (undici hides the cause: ECONNREFUSED, ENOTFOUND). */
function networkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ""}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

export async function postJson(provider: string, url: string, body: unknown, options: PostOptions): Promise<PostOutcome> {
  const text = JSON.stringify(body);
  const bytesSent = encoder.encode(text).length;
  const doFetch: FetchLike = options.fetch ?? (fetch as unknown as FetchLike);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  let bytesReceived = 0;
  try {
    const response = await doFetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", Accept: "application/json", ...options.headers },
      body: text,
      signal: controller.signal,
    });
    const raw = new Uint8Array(await response.arrayBuffer());
    bytesReceived = raw.length;
    return { ok: true, status: response.status, text: new TextDecoder().decode(raw), bytesSent, bytesReceived };
  } catch (error) {
    if (timedOut) return { ok: false, error: { kind: "timeout", message: `${provider}: no answer within ${(options.timeoutMs / 1000).toFixed(1)} s` }, bytesSent, bytesReceived };
    if (options.signal?.aborted) return { ok: false, error: { kind: "aborted", message: `${provider}: request cancelled` }, bytesSent, bytesReceived };
    // The connection never carried the request (refused, DNS, offline): nothing was spent.
    return { ok: false, error: { kind: "network", message: `${provider}: cannot reach ${url}: ${networkFailure(error)}` }, bytesSent: 0, bytesReceived };
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener("abort", onAbort);
  }
}

interface Envelope {
  error?: { code?: unknown; message?: unknown; errors?: { domain?: unknown; reason?: unknown; message?: unknown }[] };
}

const REASON_KINDS: Record<string, NetworkErrorKind> = {
  notFound: "not-found",
  keyInvalid: "key-invalid",
  dailyLimitExceeded: "quota",
  userRateLimitExceeded: "rate-limit",
  parseError: "parse-error",
};

const STATUS_HINTS: Partial<Record<NetworkErrorKind, string>> = {
  "not-found": "no position for these observations",
  "key-invalid": "the API key was refused",
  quota: "the daily quota of this API key is used up",
  "rate-limit": "too many requests: slow down",
  "parse-error": "the service could not read the request",
  server: "server error: retry in a few minutes",
};

/** A non-2xx answer → a typed error, using the envelope's reason where there is one. */
export function httpError(provider: string, status: number, text: string): NetworkError {
  let reason: string | undefined;
  let serviceMessage: string | undefined;
  try {
    const envelope = JSON.parse(text) as Envelope;
    const first = envelope.error?.errors?.[0];
    if (typeof first?.reason === "string") reason = first.reason;
    if (typeof envelope.error?.message === "string") serviceMessage = envelope.error.message;
    else if (typeof first?.message === "string") serviceMessage = first.message;
  } catch {
    // 5xx pages and proxies answer with HTML or nothing: the status says enough
    reason = undefined;
  }
  let kind: NetworkErrorKind = (reason === undefined ? undefined : REASON_KINDS[reason]) ?? "http";
  if (kind === "http") {
    if (status === 404) kind = "not-found";
    else if (status === 429) kind = "rate-limit";
    else if (status >= 500) kind = "server";
  }
  const hint = STATUS_HINTS[kind];
  const parts = [`${provider}: HTTP ${status}${reason === undefined ? "" : ` ${reason}`}`];
  if (hint !== undefined) parts.push(hint);
  if (serviceMessage !== undefined && serviceMessage.trim() !== "") parts.push(`(${serviceMessage.trim().slice(0, 200)})`);
  const error: NetworkError = { kind, message: parts.join(": ").replace(/: \(/, " ("), status };
  if (reason !== undefined) error.reason = reason;
  return error;
}

/**
 * `{location: {lat, lng}, accuracy, fallback?}` → a fix whose `accuracyM` is the 95 % radius converted from
 * `confidence` (what the service documents for its `accuracy`), or a bad-response error.
 */
export function parseLocationResponse(provider: string, text: string, confidence: RadiusConfidence): { fix: NetworkFix } | { error: NetworkError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: { kind: "bad-response", message: `${provider}: the answer is not JSON: ${JSON.stringify(text.slice(0, 60))}` } };
  }
  const v = value as { location?: { lat?: unknown; lng?: unknown }; accuracy?: unknown; fallback?: unknown } | null;
  const lat = v?.location?.lat;
  const lng = v?.location?.lng;
  const accuracy = v?.accuracy;
  if (typeof lat !== "number" || typeof lng !== "number" || !Number.isFinite(lat) || !Number.isFinite(lng) || Math.abs(lat) > 90 || Math.abs(lng) > 180) {
    return { error: { kind: "bad-response", message: `${provider}: the answer has no valid location.lat/lng` } };
  }
  if (typeof accuracy !== "number" || !Number.isFinite(accuracy) || accuracy < 0) {
    return { error: { kind: "bad-response", message: `${provider}: the answer has no valid accuracy` } };
  }
  const fix = networkFix(lat, lng, accuracy, confidence);
  if (typeof v?.fallback === "string") fix.fallback = v.fallback;
  return { fix };
}

/** What a geolocation provider's options say about the transport (Ichnaea and Google share them). */
export interface TransportOptions {
  /** Sent as User-Agent (services ask clients to describe themselves; browsers ignore it). */
  userAgent?: string;
  timeoutMs?: number;
  fetch?: FetchLike;
}

export const DEFAULT_USER_AGENT = "gnsskit/0.1 (+https://github.com/gnsskit/gnsskit; network positioning)";
export const DEFAULT_NETWORK_TIMEOUT_MS = 10_000;

export interface GeolocateRequest {
  /** Provider name for messages */
  provider: string;
  url: string;
  apiKey?: string | undefined;
  body: unknown;
  transport: TransportOptions;
  signal?: AbortSignal | undefined;
  notes: string[];
  /** What the service documents for the confidence of its `accuracy` */
  radiusConfidence: RadiusConfidence;
  /** Monotonic start of the request, for durationMs */
  startedMs: number;
}

export const monotonicNow = (): number => (typeof performance !== "undefined" ? performance.now() : Date.now());

/** POST a geolocate body (Ichnaea and Google share the key parameter, the envelope and the answer). */
export async function geolocate(request: GeolocateRequest): Promise<NetworkResult> {
  const { provider, url, apiKey } = request;
  const target = apiKey === undefined || apiKey === "" ? url : `${url}${url.includes("?") ? "&" : "?"}key=${encodeURIComponent(apiKey)}`;
  const { transport } = request;
  const outcome = await postJson(provider, target, request.body, {
    timeoutMs: transport.timeoutMs ?? DEFAULT_NETWORK_TIMEOUT_MS,
    headers: { "User-Agent": transport.userAgent ?? DEFAULT_USER_AGENT },
    ...(transport.fetch === undefined ? {} : { fetch: transport.fetch }),
    ...(request.signal === undefined ? {} : { signal: request.signal }),
  });
  const counted = {
    provider,
    notes: request.notes,
    bytesSent: outcome.bytesSent,
    bytesReceived: outcome.bytesReceived,
    durationMs: monotonicNow() - request.startedMs,
  };
  if (!outcome.ok) return { ...counted, ok: false, error: outcome.error };
  if (outcome.status < 200 || outcome.status > 299) return { ...counted, ok: false, error: httpError(provider, outcome.status, outcome.text) };
  const parsed = parseLocationResponse(provider, outcome.text, request.radiusConfidence);
  return "fix" in parsed ? { ...counted, ok: true, fix: parsed.fix } : { ...counted, ok: false, error: parsed.error };
}
