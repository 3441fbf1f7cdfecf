// What a short run loads (issue 18: start-up within 1.5× of `node -e 0`): a --quiet decode of a small log needs
// neither Node's worker_threads (a worker prints only a large output) nor a stream for stderr (which loads net for
// a pipe or a terminal) nor one for the file (the stream modules): each was a few ms of a run that is mostly
// Node's own start.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { cli, fixture } from "./_bin.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-startup-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** Node's modules a run of `gnsskit ARGS…` loaded (stderr a pipe, as under a shell's $(…) or a test runner). */
function nodeModulesLoaded(args: string[], nodeOptions: string[] = []): { status: number | null; modules: string[]; stderr: string } {
  const listFile = join(dir, "modules.txt");
  const preload = join(dir, "list-modules.cjs");
  // written at exit, by a module preloaded with --require (a Node option: the code cache still applies)
  writeFileSync(preload, `process.on("exit", () => require("node:fs").writeFileSync(${JSON.stringify(listFile)}, process.moduleLoadList.join("\\n")));\n`);
  // the bundle, as a user runs it (GNSSKIT_DEBUG=1 would run tsc's output)
  const { GNSSKIT_DEBUG: _debug, ...env } = process.env;
  const run = spawnSync(process.execPath, [...nodeOptions, "--require", preload, cli, ...args], { stdio: ["ignore", "ignore", "pipe"], timeout: 60_000, env });
  const modules = readFileSync(listFile, "utf8")
    .split("\n")
    .flatMap((line) => /^NativeModule (\S+)$/.exec(line)?.[1] ?? []);
  return { status: run.status, modules, stderr: String(run.stderr) };
}

describe("a short run", () => {
  it("a --quiet decode of a small log loads neither worker_threads nor net nor the stream modules", () => {
    const run = nodeModulesLoaded(["decode", fixture("gn-multi-constellation.nmea"), "--format", "gpsd", "--quiet"]);
    expect(run.status).toBe(0);
    // nor a stream for the file: it is read from its descriptor (log-file.ts); what a run loads is listed
    expect(run.modules).toContain("vm"); // the bundle's loader: what a run loads is listed
    expect(run.modules).not.toContain("internal/fs/streams");
    expect(run.modules).not.toContain("stream");
    expect(run.modules).not.toContain("worker_threads");
    expect(run.modules).not.toContain("net");
  });

  it("a decode of a log that sets V8's --max-opt (4 KB to 6 MB) loads neither node:v8 nor the stream modules, and says nothing of it", () => {
    // compiler-tier.ts sets the flag through Node's binding of V8 (node:v8 would load the stream modules)
    const run = nodeModulesLoaded(["decode", fixture("sim-cold-open-sky.nmea"), "--format", "gpsd", "--quiet"]);
    expect(run.status).toBe(0);
    expect(run.modules).toContain("vm");
    expect(run.modules).not.toContain("v8");
    expect(run.modules).not.toContain("stream");
    expect(run.stderr).toBe("");
  });

  it("the same under Node's --no-deprecation (process.noDeprecation read-only) and --throw-deprecation", () => {
    for (const option of ["--no-deprecation", "--throw-deprecation"]) {
      const run = nodeModulesLoaded(["decode", fixture("sim-cold-open-sky.nmea"), "--format", "gpsd", "--quiet"], [option]);
      expect(run.status, option).toBe(0);
      expect(run.stderr, option).toBe("");
      expect(run.modules, option).not.toContain("v8");
    }
  });
});
