// The simulator as a Source that lets a test read the model's truth after each of its steps (by the step's time),
// so what gnsskit reports can be compared with what the simulated receiver did.
import { createSimSource, type SimSource } from "../src/sim/source.js";
import type { Source } from "../src/sources/source.js";

export function simWithSteps(spec: string, onStep: (sim: SimSource, stepMs: number) => void): { source: Source; sim: SimSource } {
  const sim = createSimSource(spec);
  const source: Source = {
    name: sim.name,
    live: sim.live,
    startsReceiver: true,
    clock: () => sim.clock!(),
    open: () => sim.open(),
    close: () => sim.close(),
    async *[Symbol.asyncIterator]() {
      for await (const chunk of sim) {
        onStep(sim, sim.clock!());
        yield chunk;
      }
    },
  };
  return { source, sim };
}
