// `gnsskit monitor SOURCE | head -3`: the reader going away ends the run quietly (exit 0, no stack trace),
// through the built CLI and a real shell pipe.

import { execFile } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";

const run = promisify(execFile);
const builtCli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "main.js"));
if (!built) console.log("monitor pipe: dist/ not built (npm run build): skipped");

describe.skipIf(!built)("monitor into a pipe that closes", () => {
  for (const source of ["sim:?speed=max", "sim:?speed=max&chip=ublox"]) {
    it(`monitor '${source}' | head -3: three status lines, exit 0, no EPIPE trace`, async () => {
      // bash gives monitor's own exit status through PIPESTATUS.
      const script = `node "$0" monitor "$1" | head -3; exit "\${PIPESTATUS[0]}"`;
      const { stdout, stderr } = await run("bash", ["-c", script, builtCli, source], { timeout: 30_000 });
      expect(stdout.trimEnd().split("\n")).toHaveLength(3);
      expect(stdout).toMatch(/^(SEARCHING|FIX|NO FIX)/);
      expect(stderr).not.toMatch(/EPIPE|Error| {4}at /);
      expect(stderr).toMatch(/^gnsskit: sim:.*epochs$/m);
    });
  }

  it("a pipe's timers run on its stamps or sentence times, not the wall clock (a log of 2024 is not fixed 'for 20000 h')", async () => {
    const log = join(process.cwd(), "fixtures", "fix-lost-reacquired.nmea");
    for (const feed of [`node "$0" replay "$1" --stamped --speed max`, `cat "$1"`]) {
      const { stdout } = await run("bash", ["-c", `${feed} | node "$0" monitor -`, builtCli, log], { timeout: 30_000 });
      const durations = [...stdout.matchAll(/ for (\d+) (s|min|h)\b/g)].map((m) => `${m[1]} ${m[2]}`);
      expect(durations.length, feed).toBeGreaterThan(10);
      // the log is 18 s long: every "for" is seconds within it
      for (const d of durations) expect(d, feed).toMatch(/^(1?\d) s$/);
    }
  });
});
