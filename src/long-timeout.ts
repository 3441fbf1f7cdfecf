// A timer for any delay. Node (and browsers) fire a delay past 2^31 - 1 ms (24.8 days) at once, with a
// TimeoutOverflowWarning: `report sim: --duration 3e6` stopped after 1 ms, and `record --duration 2592000` (30 days)
// would have. Long delays are waited in steps. Imports nothing.

/** The longest delay one setTimeout waits. */
export const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * The longest wait a timeout option (seconds) can ask for: one timer's (24.8 days). Longer, a timer fired at once:
 * `config --timeout 3e6` gave up on the first answer.
 */
export const MAX_TIMEOUT_S = Math.floor(MAX_TIMER_MS / 1000);

export interface LongTimeout {
  clear(): void;
}

/** Calls `callback` after `ms` (any finite length); `unref`: the timer alone keeps no process alive. */
export function setLongTimeout(callback: () => void, ms: number, options: { unref?: boolean } = {}): LongTimeout {
  const dueAtMs = Date.now() + ms;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const arm = (): void => {
    const left = dueAtMs - Date.now();
    if (left <= MAX_TIMER_MS) timer = setTimeout(callback, Math.max(0, left));
    else timer = setTimeout(arm, MAX_TIMER_MS);
    if (options.unref === true) (timer as { unref?: () => void }).unref?.();
  };
  arm();
  return { clear: () => clearTimeout(timer) };
}
