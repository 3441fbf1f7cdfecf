// The built CLI's V8 code cache (scripts/bundle-cli.mjs, dist/cli-bundle/load.js): used by a run as a user makes it,
// and a run whose V8 flags differ from the build's (the cache rejected) compiles the same code and prints the same.
import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { cli, fixture } from "./_bin.js";

/** `node NODE_ARGS… gnsskit ARGS…` with GNSSKIT_DEBUG=bundle: its output, the bundle files it compiled and their code cache lines. */
function runDebug(nodeArgs: string[], args: string[]): { status: number | null; stdout: string; files: string[]; caches: string[] } {
  const result = spawnSync(process.execPath, [...nodeArgs, cli, ...args], {
    encoding: "utf8",
    env: { ...process.env, GNSSKIT_DEBUG: "bundle" },
    timeout: 60_000,
  });
  const matches = result.stderr.split("\n").flatMap((line) => {
    const match = /^gnsskit: debug: ([\w.-]+\.js): (.*)$/.exec(line);
    return match === null ? [] : [{ file: match[1] as string, how: match[2] as string }];
  });
  return { status: result.status, stdout: result.stdout, files: matches.map((m) => m.file), caches: matches.map((m) => m.how) };
}
const decode = (nodeArgs: string[]) => runDebug(nodeArgs, ["decode", fixture("cold-start-ttff.nmea"), "--format", "gpsd"]);

describe("the command line's code cache", () => {
  it("is used for every bundle file a decode loads: the pack of what --version loads, and the pack of the rest", () => {
    const run = decode([]);
    expect(run.status).toBe(0);
    // the command line and what --version needs, then commander, the decode command and the core
    expect(run.files).toEqual(["core.pack.js", "decode.pack.js"]);
    expect(run.caches.every((how) => how === "code cache used")).toBe(true);
  });

  it("is not what GNSSKIT_DEBUG=1 runs: tsc's output, whose stack traces have the source's names, prints the same", () => {
    const bundled = decode([]);
    const result = spawnSync(process.execPath, [cli, "decode", fixture("cold-start-ttff.nmea"), "--format", "gpsd"], {
      encoding: "utf8",
      env: { ...process.env, GNSSKIT_DEBUG: "1" },
      timeout: 60_000,
    });
    expect(result.status).toBe(0);
    expect(result.stderr).not.toMatch(/^gnsskit: debug: /m);
    expect(result.stdout).toBe(bundled.stdout);
  });

  it("leaves the decode's pack unread for --version", () => {
    const run = runDebug([], ["--version"]);
    expect(run.status).toBe(0);
    expect(run.stdout).toMatch(/^\d+\.\d+\.\d+/);
    expect(run.files).toEqual(["core.pack.js"]);
  });

  it("rejected by V8 under other V8 flags, the code is compiled and prints the same", () => {
    const cached = decode([]);
    const rejected = decode(["--max-old-space-size=999"]);
    expect(rejected.status).toBe(0);
    expect(rejected.files).toEqual(cached.files);
    expect(rejected.caches.every((how) => how.startsWith("code cache rejected"))).toBe(true);
    expect(rejected.stdout).toBe(cached.stdout);
    expect(cached.stdout).toMatch(/"class":"TPV"/);
  });
});
