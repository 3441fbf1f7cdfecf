// The order a whole run starts its test files in: the longest first, so the run does not end waiting on a long
// file that happened to start last. vitest orders by the durations of the previous run when it has them
// (node_modules/.vite/vitest); a fresh clone has none, and vitest then starts the peers project's files in the
// order it found them, the unit project's after them.
import { relative } from "node:path";
import { BaseSequencer, type TestSpecification } from "vitest/node";

/**
 * The files that take longest, longest first, by their wall time in a whole run on the loaded 2-core machine
 * (npx vitest run, 3 workers, load 10; the test files' changes of this list's commit counted in). The others
 * took under 20 s there.
 */
const LONGEST = [
  "test/cli/messages.test.ts",
  "test/cli/decode.test.ts",
  "test/serve/cli.test.ts",
  "test/cli/config-live.test.ts",
  "test/browser/e2e.test.ts",
  "test/cli/truth.test.ts",
  "test/fleet/topics.test.ts",
  "test/output/report-html.test.ts",
  "test/fleet/errors.test.ts",
  "test/cli/per-file.test.ts",
  "test/diagnosis/urban-mask.test.ts",
  "test/record/record-cli.test.ts",
  "test/fleet/fleet.test.ts",
  "test/cli/report-truth.test.ts",
  "test/cli/ttff-truth.test.ts",
  "test/conformance.test.ts",
  "test/cli/ttff.test.ts",
  "test/cli/ntrip.test.ts",
  "test/node/bluetooth/ble.test.ts",
  "test/fleet/consumers.test.ts",
  "test/monitor/tmux.test.ts",
  "test/drivers/sim.test.ts",
  "test/methods/hostile-cli.test.ts",
  "test/fleet/fleet-view.test.ts",
  "test/fleet/outage.test.ts",
  "test/monitor/methods-tmux.test.ts",
  "test/cli/outputs-agree.test.ts",
];

export class LongestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (spec: TestSpecification): number => {
      const at = LONGEST.indexOf(relative(spec.project.config.root, spec.moduleId).replaceAll("\\", "/"));
      return at < 0 ? LONGEST.length : at;
    };
    // vitest's order (by the last run's durations, when there was one) for the rest; sort is stable
    return (await super.sort(files)).sort((a, b) => rank(a) - rank(b));
  }
}
