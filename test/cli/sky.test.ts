import { execFile } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { Command } from "commander";
import { afterEach, describe, expect, it, vi } from "vitest";
import { CliError } from "../../src/cli/errors.js";
import { parseIsoTime, register, skyReport, type SkyJson } from "../../src/cli/commands/sky.js";
import { sharedPiece } from "../_shared.js";

const run = promisify(execFile);
const PARIS = { lat: "48.8566", lon: "2.3522" };
const AT = "2026-11-27T12:00:00Z";
const sharedData = sharedPiece("GNSSKIT_SHARED_DATA", "sky with the real almanac").path;

function badArgument(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(CliError);
    expect((error as CliError).exitCode).toBe(2);
    return (error as CliError).message;
  }
  throw new Error("expected a bad-arguments error");
}

describe("gnsskit sky (command function)", () => {
  it("--json over the bundled sky: the contract's fields, gpsd numbering, sorted, above the mask", () => {
    const { output, json } = skyReport({ ...PARIS, at: AT, mask: "5", json: true }, 0);
    const parsed = JSON.parse(output) as SkyJson;
    expect(parsed).toEqual(json);
    expect(parsed.time).toBe("2026-11-27T12:00:00.000Z");
    expect(parsed.satellites.length).toBeGreaterThan(25);
    for (const s of parsed.satellites) {
      expect(Object.keys(s).sort()).toEqual(["azimuthDeg", "elevationDeg", "gnssid", "healthy", "prn", "svid"]);
      expect(s.elevationDeg).toBeGreaterThan(5);
    }
    const byGnss = (id: number) => parsed.satellites.filter((s) => s.gnssid === id);
    expect(byGnss(0).every((s) => s.prn === s.svid && s.prn <= 32)).toBe(true);
    expect(byGnss(1).every((s) => s.svid >= 120 && s.prn === s.svid - 87)).toBe(true);
    expect(byGnss(2).every((s) => s.prn === s.svid + 300)).toBe(true);
    expect(byGnss(3).every((s) => s.prn === s.svid + 400)).toBe(true);
    expect(byGnss(6).every((s) => s.prn === s.svid + 64)).toBe(true);
    expect(byGnss(1).map((s) => s.svid)).toEqual(expect.arrayContaining([121, 123, 136]));
    const keys = parsed.satellites.map((s) => [0, 1, 2, 3, 5, 6, 7].indexOf(s.gnssid) * 1000 + s.svid);
    expect(keys).toEqual([...keys].sort((a, b) => a - b));
  });

  it("a higher mask shows fewer satellites, all of them a subset", () => {
    const low = skyReport({ ...PARIS, at: AT, json: true }, 0).json.satellites;
    const high = skyReport({ ...PARIS, at: AT, mask: "30", json: true }, 0).json.satellites;
    expect(high.length).toBeLessThan(low.length);
    const lowKeys = new Set(low.map((s) => `${s.gnssid}:${s.svid}`));
    expect(high.every((s) => lowKeys.has(`${s.gnssid}:${s.svid}`))).toBe(true);
  });

  it("the table has a header and one row per satellite", () => {
    const { output, json } = skyReport({ ...PARIS, alt: "35", at: AT }, 0);
    const lines = output.trimEnd().split("\n");
    expect(lines[0]).toBe("Sky at 2026-11-27T12:00:00.000Z from 48.85660, 2.35220, 35 m (mask 0°, almanac: bundled nominal constellations)");
    expect(lines[1]).toBe(`${json.satellites.length} satellites above the mask`);
    expect(lines[3]).toMatch(/^GNSS\s+SVID\s+PRN\s+ELEV\s+AZIM\s+HEALTH$/);
    expect(lines.slice(4)).toHaveLength(json.satellites.length);
    const first = json.satellites[0];
    expect(lines[4]).toMatch(new RegExp(`^GPS\\s+${first?.svid}\\s+${first?.prn}\\s+${first?.elevationDeg.toFixed(1)}`));
  });

  it("without --at it uses the given clock", () => {
    expect(skyReport({ ...PARIS, json: true }, Date.parse(AT)).json.time).toBe("2026-11-27T12:00:00.000Z");
  });

  it("a YUMA file with problems still works; the problems become a warning", () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-sky-"));
    const path = join(dir, "bad.yuma");
    const bundled = readFileSync(new URL("../../fixtures/almanac/gps.yuma.txt", import.meta.url), "utf8");
    writeFileSync(path, bundled.replace("Mean Anom(rad):", "Mean Anomaly(rad): x\nBogus:"));
    const report = skyReport({ almanac: path, ...PARIS, at: AT, json: true }, 0);
    expect(report.json.satellites.length).toBeGreaterThan(4);
    expect(report.json.satellites.every((s) => s.gnssid === 0)).toBe(true);
    expect(report.warnings[0]).toMatch(/problems, first: /);
    const old = skyReport({ almanac: path, ...PARIS, at: "2027-06-01T00:00:00Z", json: true }, 0);
    expect(old.warnings.some((w) => /weeks from the requested time/.test(w))).toBe(true);
  });

  const bad: Array<{ name: string; options: Parameters<typeof skyReport>[0]; message: RegExp }> = [
    { name: "latitude 95", options: { lat: "95", lon: "0" }, message: /^--lat 95: expected degrees between -90 and 90$/ },
    { name: "longitude text", options: { lat: "0", lon: "east" }, message: /^--lon east: expected degrees/ },
    { name: "no latitude", options: { lon: "0" }, message: /^--lat is required/ },
    { name: "empty altitude", options: { ...PARIS, alt: "" }, message: /^--alt "": expected metres/ },
    { name: "mask 100", options: { ...PARIS, mask: "100" }, message: /^--mask 100:/ },
    { name: "bad date", options: { ...PARIS, at: "yesterday" }, message: /^--at yesterday: expected an ISO 8601 time/ },
    { name: "impossible date", options: { ...PARIS, at: "2024-02-31T00:00:00Z" }, message: /^--at 2024-02-31/ },
    {
      name: "missing file",
      options: { ...PARIS, almanac: "/nonexistent/almanac.txt" },
      message: /^--almanac \/nonexistent\/almanac.txt: cannot read the file \(ENOENT\)$/,
    },
    { name: "a directory", options: { ...PARIS, almanac: tmpdir() }, message: /cannot read the file \(EISDIR\)/ },
  ];
  for (const c of bad) {
    it(`bad argument: ${c.name}`, () => {
      const message = badArgument(() => skyReport(c.options, Date.parse(AT)));
      expect(message).toMatch(c.message);
      expect(message).not.toContain("\n");
    });
  }

  it("a file that is not an almanac is a bad argument", () => {
    const path = join(mkdtempSync(join(tmpdir(), "gnsskit-sky-")), "notes.txt");
    writeFileSync(path, "just some notes\n");
    expect(badArgument(() => skyReport({ ...PARIS, almanac: path }, 0))).toMatch(/no almanac records \(not a YUMA or SEM almanac/);
  });

  it("ISO times without a zone are UTC", () => {
    expect(parseIsoTime("2024-03-24T20:42:21")).toBe(Date.parse("2024-03-24T20:42:21Z"));
    expect(parseIsoTime("2024-03-24 20:42")).toBe(Date.parse("2024-03-24T20:42:00Z"));
    expect(parseIsoTime("2024-03-24T21:42:21+01:00")).toBe(Date.parse("2024-03-24T20:42:21Z"));
    expect(parseIsoTime("2024-03-24")).toBe(Date.parse("2024-03-24T00:00:00Z"));
    expect(parseIsoTime("March 24")).toBeUndefined();
  });
});

describe("gnsskit sky (through commander)", () => {
  afterEach(() => vi.restoreAllMocks());

  it("registers `sky` and prints JSON on stdout", async () => {
    const program = new Command("gnsskit").exitOverride();
    register(program);
    let stdout = "";
    vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => {
      stdout += String(chunk);
      return true;
    });
    await program.parseAsync(["sky", "--lat", "48.8566", "--lon", "2.3522", "--at", AT, "--json"], { from: "user" });
    const parsed = JSON.parse(stdout) as SkyJson;
    expect(parsed.time).toBe("2026-11-27T12:00:00.000Z");
    expect(parsed.satellites.length).toBeGreaterThan(25);
  });
});

// The real check through the built CLI (`npm test` builds dist/ first); skipped while dist/ predates `sky`.
const builtCli = join(process.cwd(), "bin", "gnsskit.js");
const builtMain = join(process.cwd(), "dist", "cli", "main.js");
const wired =
  existsSync(join(process.cwd(), "dist", "cli", "commands", "sky.js")) && existsSync(builtMain) && readFileSync(builtMain, "utf8").includes("commands/sky.js");
if (!wired) console.log("cli/sky: dist/ not built or built before `sky` was registered (run npm run build): built-CLI tests skipped");
describe.skipIf(!wired)("gnsskit sky (built CLI)", () => {
  it("prints the table and exits 0", async () => {
    const { stdout } = await run("node", [builtCli, "sky", "--lat", "48.8566", "--lon", "2.3522", "--at", AT]);
    expect(stdout).toMatch(/^Sky at 2026-11-27T12:00:00.000Z/);
  });

  it("exits 2 with one line for latitude 95", async () => {
    const error = await run("node", [builtCli, "sky", "--lat", "95", "--lon", "0"]).catch((e: unknown) => e);
    expect((error as { code?: number }).code).toBe(2);
    expect((error as { stderr?: string }).stderr).toBe("gnsskit: --lat 95: expected degrees between -90 and 90\n");
  });

  it.skipIf(!sharedData)("reproduces the real receiver's GSV with the real almanac (--json)", async () => {
    const { stdout } = await run("node", [
      builtCli,
      "sky",
      "--almanac",
      join(sharedData ?? "", "gps-almanac-week2309.yuma.txt"),
      "--lat",
      "46.4046",
      "--lon",
      "-117.0208",
      "--alt",
      "286",
      "--at",
      "2024-03-24T20:42:21Z",
      "--json",
    ]);
    const sats = (JSON.parse(stdout) as SkyJson).satellites;
    const prn6 = sats.find((s) => s.prn === 6);
    expect(Math.abs((prn6?.elevationDeg ?? 0) - 65)).toBeLessThan(1.5);
    expect(Math.abs((prn6?.azimuthDeg ?? 0) - 86)).toBeLessThan(1.5);
  });
});
