// observeOutput judges a receiver's rate: on the receiver's own clock (its time of day), since the host sees
// the epochs arrive bunched when it is busy or the link is a network one. Unit test: a scripted pipeline.

import { describe, expect, it } from "vitest";
import { observeOutput, type ConfigPipeline } from "../../src/methods/drivers/configuration.js";

type Listener = (event: { epoch: { receivedAtMs: number; timeOfDayMs?: number } }) => void;

/** A pipeline that hands out the given epochs one by one once observeOutput listens. */
function scripted(epochs: { receivedAtMs: number; timeOfDayMs?: number }[]): ConfigPipeline {
  const listeners: Listener[] = [];
  const pipeline = {
    source: { name: "scripted" },
    write: () => Promise.resolve(),
    on: (type: string, listener: Listener) => {
      if (type === "epoch") {
        listeners.push(listener);
        if (listeners.length === 1) queueMicrotask(() => epochs.forEach((epoch) => listeners.forEach((l) => l({ epoch }))));
      }
      return () => undefined;
    },
  };
  return pipeline as unknown as ConfigPipeline;
}

describe("observeOutput", () => {
  it("a 5 Hz receiver whose epochs arrive bunched (50 ms, 350 ms apart) is measured at 200 ms by its time of day", async () => {
    const arrivals = [0, 1000, 1050, 1400, 1450, 1800];
    const observed = await observeOutput(scripted(arrivals.map((receivedAtMs, i) => ({ receivedAtMs, timeOfDayMs: 43_200_000 + i * 200 }))), {
      cycles: 4,
      timeoutMs: 1000,
    });
    expect(observed.periodMs).toBe(200);
  });

  it("without a time of day (a receiver before its clock is set), arrival times", async () => {
    const observed = await observeOutput(scripted([0, 1, 2, 3, 4, 5].map((i) => ({ receivedAtMs: 1000 + i * 1000 }))), { cycles: 4, timeoutMs: 1000 });
    expect(observed.periodMs).toBe(1000);
  });
});
