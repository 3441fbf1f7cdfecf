// A --duration past 24.8 days: one setTimeout fired it at once (TimeoutOverflowWarning): `report sim: --duration 3e6`
// stopped after 1 ms (audit F). setLongTimeout waits it in steps.
import { afterEach, describe, expect, it, vi } from "vitest";
import { MAX_TIMER_MS, setLongTimeout } from "../src/long-timeout.js";

describe("setLongTimeout", () => {
  afterEach(() => vi.useRealTimers());

  it("waits 30 days: not at once, not at the first step, at the end", () => {
    vi.useFakeTimers();
    const fired = vi.fn();
    const thirtyDaysMs = 30 * 86_400_000;
    setLongTimeout(fired, thirtyDaysMs);
    vi.advanceTimersByTime(1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(MAX_TIMER_MS + 1);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(thirtyDaysMs - MAX_TIMER_MS - 3);
    expect(fired).not.toHaveBeenCalled();
    vi.advanceTimersByTime(2);
    expect(fired).toHaveBeenCalledTimes(1);
  });

  it("a short one is one timer; clear() stops either", () => {
    vi.useFakeTimers();
    const short = vi.fn();
    const long = vi.fn();
    setLongTimeout(short, 1000);
    const cleared = setLongTimeout(long, 3 * MAX_TIMER_MS);
    vi.advanceTimersByTime(MAX_TIMER_MS + 5);
    cleared.clear();
    vi.advanceTimersByTime(3 * MAX_TIMER_MS);
    expect(short).toHaveBeenCalledTimes(1);
    expect(long).not.toHaveBeenCalled();
  });
});
