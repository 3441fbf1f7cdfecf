// One JSON POST to a geolocation service, which is treated as an untrusted peer: the answer is streamed
// and capped (MAX_ANSWER_BYTES), asked for without content coding, and the timeout covers the whole
// exchange, redirects and body included. Only redirects within the service's own origin are followed
// (the observations go to the service the user named, and https is never given up for http). What the
// service says is escaped (framing/printable.ts) before it can reach a terminal, and everything a provider
// gives out goes through its redactor, so no message, name or JSON carries an API key.
// Byte counts are HTTP bodies as sent and as read (after any content decoding), counted as they go, so an
// exchange cut short reports what really came; headers and TLS come on top.

import { printable } from "../../framing/printable.js";
import { networkFix } from "./accuracy.js";
import type { NetworkError, NetworkErrorKind, NetworkFix, NetworkResult, RadiusConfidence } from "./types.js";

/** What gnsskit reads of a response body (a standard ReadableStream<Uint8Array> fits). */
export interface BodyLike {
  getReader(): {
    read(): Promise<{ done: true; value?: Uint8Array | undefined } | { done: false; value: Uint8Array }>;
    cancel(reason?: unknown): Promise<void>;
  };
  cancel(reason?: unknown): Promise<void>;
}

/** What gnsskit reads of a fetch Response (a standard Response fits). */
export interface ResponseLike {
  status: number;
  /** `opaqueredirect`: a browser's answer to `redirect: "manual"`, whose target it does not show. */
  type?: string;
  headers: { get(name: string): string | null };
  body: BodyLike | null;
}

export type FetchLike = (
  input: string,
  init: { method: string; headers: Record<string, string>; body: string; signal: AbortSignal; redirect: "manual" },
) => Promise<ResponseLike>;

export interface PostOptions {
  fetch?: FetchLike;
  /** For the whole exchange: connection, redirects, headers and body. */
  timeoutMs: number;
  headers: Record<string, string>;
  signal?: AbortSignal;
}

export type PostOutcome =
  | { ok: true; status: number; text: string; bytesSent: number; bytesReceived: number }
  | { ok: false; error: NetworkError; bytesSent: number; bytesReceived: number };

/** A geolocate answer is a few hundred bytes: one this large is not one, and is not read further. */
export const MAX_ANSWER_BYTES = 64 * 1024;
/** Redirects followed within the service's origin before giving up. */
export const MAX_REDIRECTS = 5;
const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

const encoder = new TextEncoder();

/** What a failed fetch says, in one line (undici hides the cause: ECONNREFUSED, ENOTFOUND). */
function networkFailure(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  if (cause?.code) return `${cause.code}${cause.message && !cause.message.includes(cause.code) ? ` (${cause.message})` : ""}`;
  if (cause?.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

/** The next URL of a redirect within the same origin, or why it is not followed. */
function redirectTarget(from: string, response: ResponseLike): { next: string } | { refused: string } {
  const location = response.headers.get("location");
  if (response.type === "opaqueredirect" || location === null) return { refused: "redirected to an address it does not show: not followed" };
  let next: URL;
  try {
    next = new URL(location, from);
  } catch {
    return { refused: `redirected to an invalid address "${printable(location, { maxLength: 60 })}"` };
  }
  const origin = new URL(from);
  if (origin.protocol === "https:" && next.protocol !== "https:")
    return { refused: `redirected from https to ${printable(next.protocol.slice(0, -1))}: not followed (the request would travel unencrypted)` };
  if (next.origin !== origin.origin)
    return { refused: `redirected to another server (${printable(next.origin)}): not followed (the observations go only to the provider given)` };
  return { next: next.href };
}

/** Waits for `promise` unless `signal` aborts first (a stream that ignores the abort cannot hold the exchange). */
function unlessAborted<T>(promise: Promise<T>, signal: AbortSignal): Promise<T> {
  if (signal.aborted) return Promise.reject(signal.reason);
  return new Promise<T>((resolve, reject) => {
    const onAbort = (): void => reject(signal.reason);
    signal.addEventListener("abort", onAbort, { once: true });
    promise.then(
      (value) => {
        signal.removeEventListener("abort", onAbort);
        resolve(value);
      },
      (error: unknown) => {
        signal.removeEventListener("abort", onAbort);
        reject(error);
      },
    );
  });
}

/** The body, counted as it comes (`onBytes`); undefined once it passes `maxBytes` (the rest is not read). */
async function readCapped(body: BodyLike | null, maxBytes: number, signal: AbortSignal, onBytes: (n: number) => void): Promise<Uint8Array | undefined> {
  if (body === null) return new Uint8Array(0);
  const reader = body.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await unlessAborted(reader.read(), signal);
      if (done) break;
      onBytes(value.byteLength);
      total += value.byteLength;
      if (total > maxBytes) return undefined;
      chunks.push(value);
    }
  } finally {
    reader.cancel().catch(() => undefined);
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const chunk of chunks) {
    out.set(chunk, at);
    at += chunk.byteLength;
  }
  return out;
}

export async function postJson(provider: string, url: string, body: unknown, options: PostOptions): Promise<PostOutcome> {
  const text = JSON.stringify(body);
  const bodyBytes = encoder.encode(text).length;
  const doFetch: FetchLike = options.fetch ?? (fetch as unknown as FetchLike);
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener("abort", onAbort);
  let bytesSent = 0;
  let bytesReceived = 0;
  /** While a request waits for its answer, a network failure means it may never have left. */
  let awaitingAnswer = false;
  const failure = (kind: NetworkErrorKind, message: string): PostOutcome => ({
    ok: false,
    error: { kind, message: `${provider}: ${message}` },
    bytesSent,
    bytesReceived,
  });
  let target = url;
  try {
    for (let redirects = 0; ; redirects++) {
      bytesSent += bodyBytes;
      awaitingAnswer = true;
      const response = await unlessAborted(
        doFetch(target, {
          method: "POST",
          // identity: a compressed answer would be inflated before its size could be checked
          headers: { "Content-Type": "application/json", Accept: "application/json", "Accept-Encoding": "identity", ...options.headers },
          body: text,
          signal: controller.signal,
          redirect: "manual",
        }),
        controller.signal,
      );
      awaitingAnswer = false;
      if (!REDIRECT_STATUSES.has(response.status) && response.type !== "opaqueredirect") {
        const raw = await readCapped(response.body, MAX_ANSWER_BYTES, controller.signal, (n) => (bytesReceived += n));
        if (raw === undefined)
          return failure("bad-response", `the answer is larger than ${MAX_ANSWER_BYTES / 1024} KiB: not read further (a geolocate answer is under 1 KiB)`);
        return { ok: true, status: response.status, text: new TextDecoder().decode(raw), bytesSent, bytesReceived };
      }
      response.body?.cancel().catch(() => undefined);
      const redirect = redirectTarget(target, response);
      if ("refused" in redirect) return failure("redirect", redirect.refused);
      if (redirects + 1 > MAX_REDIRECTS) return failure("redirect", `more than ${MAX_REDIRECTS} redirects: not followed further`);
      target = redirect.next;
    }
  } catch (error) {
    const seconds = (options.timeoutMs / 1000).toFixed(1);
    if (timedOut) return failure("timeout", bytesReceived === 0 ? `no answer within ${seconds} s` : `no complete answer within ${seconds} s`);
    if (options.signal?.aborted) return failure("aborted", "request cancelled");
    // The connection never carried this request (refused, DNS, offline): its body was not spent.
    if (awaitingAnswer) bytesSent -= bodyBytes;
    return failure("network", `cannot reach ${target}: ${networkFailure(error)}`);
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

/** A non-2xx answer → a typed error, using the envelope's reason where there is one (escaped: it is the peer's text). */
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
  let kind: NetworkErrorKind = (reason !== undefined && Object.hasOwn(REASON_KINDS, reason) ? REASON_KINDS[reason] : undefined) ?? "http";
  if (kind === "http") {
    if (status === 404) kind = "not-found";
    else if (status === 429) kind = "rate-limit";
    else if (status >= 500) kind = "server";
  }
  const shownReason = reason === undefined ? undefined : printable(reason, { maxLength: 60 });
  const hint = STATUS_HINTS[kind];
  const parts = [`${provider}: HTTP ${status}${shownReason === undefined ? "" : ` ${shownReason}`}`];
  if (hint !== undefined) parts.push(hint);
  if (serviceMessage !== undefined && serviceMessage.trim() !== "") parts.push(`(${printable(serviceMessage.trim(), { maxLength: 200 })})`);
  const error: NetworkError = { kind, message: parts.join(": ").replace(/: \(/, " ("), status };
  if (shownReason !== undefined) error.reason = shownReason;
  return error;
}

/**
 * Largest radius an answer may have: half the Earth's circumference (mean radius 6371 km) already covers
 * the whole planet, so a larger one (1e308) is not a position, and would overflow the 95 % conversion.
 */
export const MAX_ACCURACY_M = Math.PI * 6_371_000;

/**
 * `{location: {lat, lng}, accuracy, fallback?}` → a fix whose `accuracyM` is the 95 % radius converted from
 * `confidence` (what the service documents for its `accuracy`), or a bad-response error.
 */
export function parseLocationResponse(provider: string, text: string, confidence: RadiusConfidence): { fix: NetworkFix } | { error: NetworkError } {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { error: { kind: "bad-response", message: `${provider}: the answer is not JSON: "${printable(text, { maxLength: 60 })}"` } };
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
  if (accuracy > MAX_ACCURACY_M) {
    return {
      error: {
        kind: "bad-response",
        message: `${provider}: the answer's accuracy ${accuracy} m is out of range (at most ${Math.round(MAX_ACCURACY_M / 1000)} km, half the Earth's circumference)`,
      },
    };
  }
  const fix = networkFix(lat, lng, accuracy, confidence);
  if (typeof v?.fallback === "string") fix.fallback = printable(v.fallback, { maxLength: 40 });
  return { fix };
}

/** What a geolocation provider's options say about the transport (Ichnaea and Google share them). */
export interface TransportOptions {
  /** Sent as User-Agent (services ask clients to describe themselves; browsers ignore it). */
  userAgent?: string;
  /** For the whole exchange (default 10 s). */
  timeoutMs?: number;
  fetch?: FetchLike;
}

export const DEFAULT_USER_AGENT = "gnsskit/0.1 (+https://github.com/gnsskit/gnsskit; network positioning)";
export const DEFAULT_NETWORK_TIMEOUT_MS = 10_000;

/** Names of the query parameters that carry credentials in geolocation and map APIs. */
const SECRET_NAME = "key|api[-_]?key|access[-_]?token|token|secret|signature|sig|auth|password";
/** A parameter's value runs to the next parameter, the fragment, a space, a quote, or a `:` ending a message's part. */
const SECRET_PARAMETER = new RegExp(`([?&](?:${SECRET_NAME})=)(?:[^&#\\s"'<>:]|:(?!\\s|$))*`, "gi");
const isSecretName = (name: string): boolean => new RegExp(`^(?:${SECRET_NAME})$`, "i").test(name);
/** Shorter strings are not secrets worth hiding everywhere (and would mangle every message). */
const MIN_SECRET_LENGTH = 4;

/**
 * The one function every text an HTTP provider gives out goes through (its name, every error and note):
 * credential parameters of any URL in it become `***`, and so does the key and the URL's credentials
 * wherever else they appear (a service echoing the key back in its error message).
 */
export function createRedactor(url: string, apiKey?: string): (text: string) => string {
  const secrets = new Set<string>();
  const add = (value: string | undefined): void => {
    if (value === undefined || value.length < MIN_SECRET_LENGTH) return;
    secrets.add(value);
    secrets.add(encodeURIComponent(value));
    secrets.add(new URLSearchParams({ k: value }).toString().slice(2));
  };
  add(apiKey);
  try {
    const parsed = new URL(url);
    add(decodeURIComponent(parsed.username));
    add(decodeURIComponent(parsed.password));
    for (const [name, value] of parsed.searchParams) if (isSecretName(name)) add(value);
  } catch {
    // not a URL: the parameter pattern still applies
  }
  const ordered = [...secrets].sort((a, b) => b.length - a.length);
  return (text) => {
    let out = text;
    for (const secret of ordered) out = out.split(secret).join("***");
    out = out.replace(SECRET_PARAMETER, "$1***");
    // user:password@ in any URL
    return out.replace(/(\/\/)[^/@\s]*@/g, "$1***@");
  };
}

/** A provider's name (`ichnaea URL`) and its redactor, both from the URL and key it was made with. */
export function httpProviderIdentity(api: string, url: string, apiKey?: string): { name: string; redact: (text: string) => string } {
  const redact = createRedactor(url, apiKey);
  return { name: redact(`${api} ${url}`), redact };
}

/** A result with every text in it redacted. */
function redacted(result: NetworkResult, redact: (text: string) => string): NetworkResult {
  const common = { ...result, provider: redact(result.provider), notes: result.notes.map(redact) };
  if (result.ok) return { ...common, ok: true, fix: result.fix };
  const error: NetworkError = { ...result.error, message: redact(result.error.message) };
  if (result.error.reason !== undefined) error.reason = redact(result.error.reason);
  return { ...common, ok: false, error };
}

export interface GeolocateRequest {
  /** Provider name for messages (redacted: httpProviderIdentity) */
  provider: string;
  url: string;
  apiKey?: string | undefined;
  redact: (text: string) => string;
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
  let result: NetworkResult;
  if (!outcome.ok) result = { ...counted, ok: false, error: outcome.error };
  else if (outcome.status < 200 || outcome.status > 299) result = { ...counted, ok: false, error: httpError(provider, outcome.status, outcome.text) };
  else {
    const parsed = parseLocationResponse(provider, outcome.text, request.radiusConfidence);
    result = "fix" in parsed ? { ...counted, ok: true, fix: parsed.fix } : { ...counted, ok: false, error: parsed.error };
  }
  return redacted(result, request.redact);
}
