// The simulator as a Source must let the event loop run while it steps without waiting (speed=max,
// or a pace the host cannot keep): otherwise a consumer's sockets, timers and signals starve.

import { describe, expect, it } from "vitest";
import { createSimSource } from "../../src/sim/source.js";

// speed=1e6 at 10 Hz asks for 10 million epochs per wall second: always behind, on any host.
const specs = [
  { name: "behind its pace", spec: "sim:?start=hot&chip=ublox&rate=10&speed=1000000&duration=120&at=2026-11-26T12:00:00Z" },
  { name: "speed=max", spec: "sim:?start=hot&chip=ublox&rate=10&speed=max&duration=120&at=2026-11-26T12:00:00Z" },
];

describe("sim source and the event loop", () => {
  for (const { name, spec } of specs) {
    it(`${name}: a timer set before reading fires early in the run`, async () => {
      const source = createSimSource(spec);
      await source.open();
      let chunks = 0;
      let chunksWhenTimerFired: number | undefined;
      setTimeout(() => (chunksWhenTimerFired = chunks), 0);
      for await (const _chunk of source) chunks++;
      expect(chunks).toBeGreaterThan(1000); // 1200 epochs of 10 Hz output
      expect(chunksWhenTimerFired).toBeDefined();
      expect(chunksWhenTimerFired!).toBeLessThan(chunks / 10);
    });

    it(`${name}: close() from a timer ends the reading before the run's end`, async () => {
      const source = createSimSource(spec);
      await source.open();
      let chunks = 0;
      let closedAt: number | undefined;
      setTimeout(() => {
        closedAt = chunks;
        void source.close();
      }, 0);
      for await (const _chunk of source) chunks++;
      expect(closedAt).toBeDefined();
      expect(chunks).toBe(closedAt);
      expect(chunks).toBeLessThan(120);
    });
  }
});
