// One reconnect policy for every reconnecting link (serial, TCP, gpsd, BLE, Web Bluetooth): capped exponential backoff.

/** How a lost link is retried. */
export interface ReconnectOptions {
  /** Wait before the first retry (ms). Default 250. */
  initialDelayMs?: number;
  /** Upper bound of the wait between retries (ms). Default 5000 (or initialDelayMs if larger). */
  maxDelayMs?: number;
  /** Growth of the wait per failed attempt. Default 2. */
  factor?: number;
  /** Give up after this many failed attempts (the iterator then throws a `disconnected` SourceError). Default: never. */
  maxAttempts?: number;
}

export interface ReconnectPolicy {
  readonly maxAttempts: number;
  /** Wait before attempt `attempt` (0-based). */
  delayMs(attempt: number): number;
}

export function createReconnectPolicy(options: ReconnectOptions = {}): ReconnectPolicy {
  const initialDelayMs = options.initialDelayMs ?? 250;
  const maxDelayMs = options.maxDelayMs ?? Math.max(5000, initialDelayMs);
  const factor = options.factor ?? 2;
  const maxAttempts = options.maxAttempts ?? Number.POSITIVE_INFINITY;
  if (!(initialDelayMs >= 0) || !(maxDelayMs >= initialDelayMs) || !(factor >= 1) || !(maxAttempts >= 0)) {
    throw new TypeError(`invalid reconnect options: initialDelayMs ${initialDelayMs}, maxDelayMs ${maxDelayMs}, factor ${factor}, maxAttempts ${maxAttempts}`);
  }
  return {
    maxAttempts,
    delayMs: (attempt) => Math.min(maxDelayMs, initialDelayMs * factor ** Math.max(0, attempt)),
  };
}

/** `true` → defaults, `false`/`undefined` → no reconnect (unless `defaultOn`), an object → those settings. */
export function resolveReconnect(option: boolean | ReconnectOptions | undefined, defaultOn: boolean): ReconnectPolicy | undefined {
  if (option === undefined) return defaultOn ? createReconnectPolicy() : undefined;
  if (option === false) return undefined;
  return createReconnectPolicy(option === true ? {} : option);
}
