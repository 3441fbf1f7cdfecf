// `gnsskit report` in-process: commander program with the command registered, the exit-code
// contract (CliError codes), real fixture logs through the real pipeline.

import { describe, it, expect, afterEach, vi } from "vitest";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Command, CommanderError } from "commander";
import { register } from "../../src/cli/commands/report.js";
import { CliError } from "../../src/cli/errors.js";

interface Run {
  exitCode: number;
  stdout: string;
  message?: string;
}

async function run(...args: string[]): Promise<Run> {
  const program = new Command("gnsskit").exitOverride().configureOutput({ writeErr: () => undefined, writeOut: () => undefined });
  register(program);
  for (const command of program.commands) command.exitOverride();
  let stdout = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
    stdout += typeof chunk === "string" ? chunk : new TextDecoder().decode(chunk);
    return true;
  });
  try {
    await program.parseAsync(["node", "gnsskit", "report", ...args]);
    return { exitCode: 0, stdout };
  } catch (error) {
    if (error instanceof CliError) return { exitCode: error.exitCode, stdout, message: error.message };
    if (error instanceof CommanderError) return { exitCode: 2, stdout, message: error.message };
    throw error;
  } finally {
    spy.mockRestore();
  }
}

const tmp = mkdtempSync(join(tmpdir(), "gnsskit-report-"));
afterEach(() => undefined);

describe("gnsskit report", () => {
  it("prints a text report of a fixture log with TTFF and fix availability", async () => {
    const result = await run("fixtures/cold-start-ttff.nmea");
    expect(result.exitCode).toBe(0);
    expect(result.stdout).toContain("cold-start-ttff.nmea");
    expect(result.stdout).toMatch(/TTFF: \d/);
    expect(result.stdout).toMatch(/Fix availability/);
  });

  it("a receiver that set its default clock before its first fix: that step is no time in the duration, and the report says so", async () => {
    const clockSet = await run("fixtures/default-clock-set-before-fix.nmea");
    // eleven cycles, one second apart: not the 10 h 25 min the receiver's clock stepped
    expect(clockSet.stdout).toMatch(
      /duration: 10\.0 s.*\n {2}\(the step of the receiver's clock, set from the satellites before its first fix, is not counted/,
    );
    expect(clockSet.stdout).not.toMatch(/no data/);
    expect((await run("fixtures/cold-start-ttff.nmea")).stdout).not.toContain("includes the step");
  });

  it("prints JSON consistent with the log (--json)", async () => {
    const result = await run("fixtures/fix-lost-reacquired.nmea", "--json");
    expect(result.exitCode).toBe(0);
    const report = JSON.parse(result.stdout) as { epochs: number; reacquisitions: { count: number }; fixLosses: { count: number }; plots?: unknown };
    expect(report.epochs).toBeGreaterThan(0);
    expect(report.fixLosses.count).toBeGreaterThanOrEqual(1);
    expect(report.reacquisitions.count).toBeGreaterThanOrEqual(1);
    expect(report.plots).toBeUndefined();
  });

  it("--week-rollover-fix dates a log the GPS week rollover sent back to 1999 in 2019, and says nothing then", async () => {
    const said = vi.spyOn(console, "error").mockImplementation(() => undefined);
    try {
      const plain = JSON.parse((await run("fixtures/week-rollover-1999-dates.nmea", "--json")).stdout) as { firstUtc: string };
      expect(plain.firstUtc).toBe("1999-11-29T14:22:05.000Z");
      expect(said.mock.calls.map((call) => String(call[0])).filter((line) => line.includes("GPS week rollover?"))).toHaveLength(1);
      said.mockClear();
      const fixed = JSON.parse((await run("fixtures/week-rollover-1999-dates.nmea", "--json", "--week-rollover-fix")).stdout) as {
        firstUtc: string;
        lastUtc: string;
      };
      expect([fixed.firstUtc, fixed.lastUtc]).toEqual(["2019-07-15T14:22:05.000Z", "2019-07-15T14:22:07.000Z"]);
      expect(said).not.toHaveBeenCalled();
    } finally {
      said.mockRestore();
    }
  });

  it("writes a self-contained HTML page with --html", async () => {
    const out = join(tmp, "report.html");
    const result = await run("fixtures/gn-multi-constellation.nmea", "--html", out);
    expect(result.exitCode).toBe(0);
    const html = readFileSync(out, "utf8");
    for (const id of ["plot-sky", "plot-cn0", "plot-satellites", "plot-dop", "plot-track"]) expect(html).toContain(`<svg id="${id}"`);
    expect(html).not.toMatch(/<script|src=/);
  });

  it.each([
    { name: "missing file", args: ["fixtures/does-not-exist.nmea"], want: 1 },
    { name: "a directory", args: ["fixtures"], want: 1 },
    { name: "unwritable --html", args: ["fixtures/cold-start-ttff.nmea", "--html", "/nonexistent-dir/x.html"], want: 2 },
    { name: "unknown option", args: ["fixtures/cold-start-ttff.nmea", "--bogus"], want: 2 },
    { name: "no FILE", args: [], want: 2 },
  ])("exits $want on $name with a one-line message", async ({ args, want }) => {
    const result = await run(...args);
    expect(result.exitCode).toBe(want);
    expect(result.message ?? "").not.toContain("\n    at ");
    expect((result.message ?? "").trim().split("\n")).toHaveLength(1);
  });
});

process.on("exit", () => rmSync(tmp, { recursive: true, force: true }));
