// decode and report over several log files: worker threads (one per core), one result per file, printed in
// the files' order: the same bytes on stdout and stderr as the command run once per file.

import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "per-file.js"));
const FILES = ["sim-urban-canyon", "cold-start-ttff", "fix-lost-reacquired", "gn-multi-constellation", "nmea411-dual-frequency", "truncated-last-cycle"].map(
  (name) => join("fixtures", `${name}.nmea`),
);

function gnsskit(args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [cli, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 120_000 }, (_error, stdout, stderr) =>
      resolve({ code: child.exitCode, stdout, stderr }),
    );
  });
}

async function oneByOne(args: (file: string) => string[], files: readonly string[]): Promise<{ stdout: string; stderr: string; code: number }> {
  let stdout = "";
  let stderr = "";
  let code = 0;
  for (const file of files) {
    const result = await gnsskit(args(file));
    stdout += result.stdout;
    stderr += result.stderr;
    code = Math.max(code, result.code ?? 9);
  }
  return { stdout, stderr, code };
}

/** Each file decoded alone in a format, run once for the tests that compare with it. */
const decodedOneByOne = new Map<string, Promise<{ stdout: string; stderr: string; code: number }>>();
const decodeOneByOne = (format: string): Promise<{ stdout: string; stderr: string; code: number }> => {
  if (!decodedOneByOne.has(format))
    decodedOneByOne.set(
      format,
      oneByOne((file) => ["decode", file, "--format", format], FILES),
    );
  return decodedOneByOne.get(format)!;
};

describe.skipIf(!built).concurrent("decode and report over several files", () => {
  it.each([["json"], ["gpsd"], ["csv"]])(
    "decode --format %s: the output of one decode after the other (CSV: its header once)",
    async (format) => {
      const many = await gnsskit(["decode", ...FILES, "--format", format]);
      const single = await decodeOneByOne(format);
      expect(many.code).toBe(0);
      expect(many.stdout.length).toBeGreaterThan(10_000);
      if (format === "csv") {
        const header = single.stdout.slice(0, single.stdout.indexOf("\n") + 1);
        expect(header).toMatch(/^time,/);
        expect(many.stdout).toBe(header + single.stdout.split(header).join(""));
        expect(many.stdout.split(header).length).toBe(2);
      } else {
        expect(many.stdout).toBe(single.stdout);
      }
      expect(many.stderr).toBe(single.stderr);
    },
    180_000,
  );

  it.each([["gpx"], ["geojson"], ["kml"]])("decode --format %s of several logs: refused (one document per log), exit 2, nothing written", async (format) => {
    const result = await gnsskit(["decode", ...FILES.slice(0, 2), "--format", format]);
    expect(result.code).toBe(2);
    expect(result.stdout).toBe("");
    expect(result.stderr).toBe(
      `gnsskit: decode: --format ${format} is one document per log: decode one log at a time (-o FILE each), or several with --format json, gpsd or csv\n`,
    );
  });

  it("a reader that goes away (| head -1): the run ends quietly, no stack trace", async () => {
    const result = await new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
      const args = ["decode", ...FILES, "--format", "gpsd", "-q"].map((a) => `'${a}'`).join(" ");
      const child = execFile("sh", ["-c", `'${process.execPath}' '${cli}' ${args} | head -1; exit 0`], { timeout: 120_000 }, (_e, stdout, stderr) =>
        resolve({ code: child.exitCode, stdout, stderr }),
      );
    });
    expect(result.stdout.split("\n").filter(Boolean)).toHaveLength(1);
    expect(result.stderr).toBe("");
  }, 180_000);

  it("decode -o FILE: all of it in the file, in order", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "gnsskit-per-file-")), "all.ndjson");
    const many = await gnsskit(["decode", ...FILES, "-o", out, "-q"]);
    expect(many.code).toBe(0);
    expect(many.stdout).toBe("");
    // json is decode's default format: what each file alone prints
    expect(readFileSync(out, "utf8")).toBe((await decodeOneByOne("json")).stdout);
  }, 180_000);

  it("report: one report per file in order; a missing file says so in its place, exit 1, the others reported", async () => {
    const files = [FILES[0]!, "fixtures/no-such-log.nmea", FILES[1]!];
    const many = await gnsskit(["report", ...files]);
    const single = await oneByOne((file) => ["report", file], files);
    expect(many.code).toBe(1);
    expect(many.stdout).toBe(single.stdout);
    expect(many.stderr).toBe(single.stderr);
    expect(many.stderr).toMatch(/^gnsskit: cannot read fixtures\/no-such-log\.nmea: no such file$/m);
  }, 180_000);

  it("report --html DIR: a page per file", async () => {
    const dir = join(mkdtempSync(join(tmpdir(), "gnsskit-per-file-")), "pages");
    const many = await gnsskit(["report", ...FILES.slice(0, 3), "--html", dir]);
    expect(many.code).toBe(0);
    expect(readdirSync(dir).sort()).toEqual(["cold-start-ttff.html", "fix-lost-reacquired.html", "sim-urban-canyon.html"]);
    expect(readFileSync(join(dir, "cold-start-ttff.html"), "utf8")).toMatch(/<html/);
  }, 180_000);

  it("stdin or a live SOURCE among them: exit 2, nothing read", async () => {
    const result = await gnsskit(["decode", FILES[0]!, "-"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gnsskit: decode: - is not a file: several SOURCEs must all be log files (each is read on a core of its own)\n");
  });

  it("a SOURCE read as the SOURCE parser reads it: bare sim is the simulator, not a file named sim", async () => {
    const result = await gnsskit(["decode", FILES[0]!, "sim"]);
    expect(result.code).toBe(2);
    expect(result.stderr).toBe("gnsskit: decode: sim is not a file: several SOURCEs must all be log files (each is read on a core of its own)\n");
  });
});
