// The compiler tier of a mid-sized log (src/cli/compiler-tier.ts): V8's optimising compiler takes the framer's byte
// loops and nothing else. The filter is a function-name prefix, so a renamed loop would lose it without a word:
// this run of the built CLI under --trace-opt names what V8 optimised.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, fixture } from "./_bin.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-tier-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the compiler tier of a mid-sized log", () => {
  it("optimises the framer's loops #run and #runSentence, and no other function", () => {
    // ~1.3 MB: between the tier's bounds (64 KB, 6 MB), long enough for the loops to be optimised
    const log = join(dir, "mid.nmea");
    writeFileSync(log, Buffer.concat(Array.from({ length: 20 }, () => readFileSync(fixture("sim-tunnel.nmea")))));
    const run = spawnSync(process.execPath, ["--trace-opt", cli, "decode", log, "--format", "gpsd", "--quiet"], {
      encoding: "utf8",
      maxBuffer: 1 << 28,
      timeout: 60_000,
    });
    expect(run.status).toBe(0);
    const optimised = new Set([...run.stdout.matchAll(/^\[completed compiling .*?<JSFunction (\S+?)[ >].*target TURBOFAN/gm)].map((m) => m[1]));
    expect([...optimised].sort()).toEqual(["#run", "#runSentence"]);
  });
});
