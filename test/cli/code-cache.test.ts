// The built CLI's V8 code cache (scripts/bundle-cli.mjs, dist/cli-bundle/load.js): used by a run as a user makes it,
// and a run whose V8 flags differ from the build's (the cache rejected) compiles the same code and prints the same.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cli, fixture } from "./_bin.js";

/** `node NODE_ARGS… gnsskit decode …` with GNSSKIT_DEBUG=1: its output, and each bundle file's code cache line. */
function decode(nodeArgs: string[]): { status: number | null; stdout: string; caches: string[] } {
  const result = spawnSync(process.execPath, [...nodeArgs, cli, "decode", fixture("cold-start-ttff.nmea"), "--format", "gpsd"], {
    encoding: "utf8",
    env: { ...process.env, GNSSKIT_DEBUG: "1" },
    timeout: 60_000,
  });
  const caches = result.stderr.split("\n").flatMap((line) => /^gnsskit: debug: [\w-]+\.js: (.*)$/.exec(line)?.[1] ?? []);
  return { status: result.status, stdout: result.stdout, caches };
}

describe("the command line's code cache", () => {
  it("is used for every bundle file a decode loads", () => {
    const run = decode([]);
    expect(run.status).toBe(0);
    // the command line, commander, the decode command, the core: more than a few files
    expect(run.caches.length).toBeGreaterThan(10);
    expect(run.caches.every((how) => how === "code cache used")).toBe(true);
  });

  it("rejected by V8 under other V8 flags, the code is compiled and prints the same", () => {
    const cached = decode([]);
    const rejected = decode(["--max-old-space-size=999"]);
    expect(rejected.status).toBe(0);
    expect(rejected.caches.length).toBeGreaterThan(10);
    expect(rejected.caches.length).toBe(cached.caches.length);
    expect(rejected.caches.every((how) => how.startsWith("code cache rejected"))).toBe(true);
    expect(rejected.stdout).toBe(cached.stdout);
    expect(cached.stdout).toMatch(/"class":"TPV"/);
  });
});
