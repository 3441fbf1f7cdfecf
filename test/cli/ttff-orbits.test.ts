// `gnsskit simulate --write-orbits` and `gnsskit ttff --assist --assist-file` in-process: the simulator's orbit data
// written as AssistNow and as EPO, uploaded in a third run each round, its TTFF and bytes reported apart; files that
// are not orbit data, or not for the receiver's dialect, refused with one line (exit 2).

import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { register as registerTtff, type TtffJson } from "../../src/cli/commands/ttff.js";
import { register as registerSimulate } from "../../src/cli/commands/simulate.js";
import { CliError } from "../../src/cli/errors.js";
import { runInProcess } from "./_in-process.js";

const AT = "2026-11-26T12:00:00Z";
const dir = mkdtempSync(join(tmpdir(), "gnsskit-orbits-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const ttff = (args: string[]) => runInProcess(registerTtff, ["ttff", ...args]);
const simulate = (args: string[]) => runInProcess(registerSimulate, ["simulate", ...args]);

async function written(name: string, extra: string[] = []): Promise<string> {
  const path = join(dir, name);
  const { error, stderr } = await simulate(["--at", AT, "--write-orbits", path, ...extra]);
  expect(error).toBeUndefined();
  expect(stderr).toMatch(new RegExp(`^gnsskit: .*${name}: .* for ${AT.replace("Z", ".000Z")}, ${readFileSync(path).length} bytes\\n$`));
  return path;
}

describe("gnsskit ttff --assist --assist-file on sim:", () => {
  for (const { chip, name, extra, method } of [
    { chip: "ublox", name: "sky.ubx", extra: [], method: "assistnow" },
    { chip: "mtk", name: "sky-1set.epo", extra: ["--days", "0.25"], method: "host-epo" },
    { chip: "mtk", name: "sky-3days.epo", extra: [], method: "flash-epo" },
  ]) {
    it(`${chip}, ${method}: unaided, assisted and assisted with orbits each round; orbits well below both, their bytes apart`, async () => {
      const file = await written(name, extra);
      const fileBytes = readFileSync(file).length;
      const { stdout, error } = await ttff([
        `sim:?chip=${chip}&speed=max&seed=5&at=${AT}`,
        "--start",
        "cold",
        "--runs",
        "2",
        "--assist",
        "--assist-file",
        file,
        "--json",
        "-q",
      ]);
      expect(error).toBeUndefined();
      const report = JSON.parse(stdout) as TtffJson;
      expect(report.runs.map((r) => r.start)).toEqual(["cold", "assisted", "assisted", "cold", "assisted", "assisted"]);
      const withOrbits = report.runs.filter((r) => r.orbits !== undefined);
      expect(withOrbits.map((r) => report.runs.indexOf(r))).toEqual([2, 5]);
      for (const r of withOrbits) {
        expect(r.orbits!.method).toBe(method);
        expect(r.orbits!.accepted).toBe(r.orbits!.sent);
        expect(r.orbits!.refused).toBe(0);
        expect(r.orbits!.bytes).toBeGreaterThanOrEqual(fileBytes);
        expect(r.restartIgnored).toBeUndefined();
      }
      const { unaided, assisted, assistedWithOrbits } = report.summary;
      expect([unaided!.runs, assisted!.runs, assistedWithOrbits!.runs]).toEqual([2, 2, 2]);
      expect(assistedWithOrbits!.file).toBe(file);
      expect(assistedWithOrbits!.fileBytes).toBe(fileBytes);
      expect(assistedWithOrbits!.ttffMs!.max).toBeLessThan(10_000);
      expect(assisted!.ttffMs!.min).toBeGreaterThanOrEqual(18_000);
      expect(unaided!.ttffMs!.min).toBeGreaterThanOrEqual(18_000);
      expect(assistedWithOrbits!.bytesSent).toBeGreaterThan(assisted!.bytesSent + 2 * fileBytes);
    }, 60_000);
  }

  it("the table gives the orbit runs their own row and line", async () => {
    const file = await written("table.ubx");
    const { stdout, error } = await ttff([
      `sim:?chip=ublox&speed=max&seed=5&at=${AT}`,
      "--start",
      "cold",
      "--runs",
      "1",
      "--assist",
      "--assist-file",
      file,
      "-q",
    ]);
    expect(error).toBeUndefined();
    expect(stdout).toMatch(/^3 +cold\+aid\+orbits /m);
    expect(stdout).toMatch(/^assisted\+orbits +\d/m);
    expect(stdout).toMatch(
      new RegExp(`^orbit data: .*table\\.ubx \\(\\d+ B, assistnow\\) as AssistNow \\(UBX-MGA, MGA-ACK paced\\): \\d+ pieces taken, 0 refused over 1 run$`, "m"),
    );
  }, 60_000);
});

describe("gnsskit ttff --assist-file refusals: one line, exit 2", () => {
  const cases: { name: string; args: (dir: string) => Promise<string[]>; message: RegExp }[] = [
    {
      name: "without --assist",
      args: async () => ["sim:", "--start", "cold", "--assist-file", await written("a.ubx")],
      message: /--assist-file is uploaded in assisted runs: it needs --assist/,
    },
    {
      name: "a missing file",
      args: async (d) => ["sim:", "--start", "cold", "--assist", "--assist-file", join(d, "none.ubx")],
      message: /--assist-file .*none\.ubx: ENOENT/,
    },
    {
      name: "a file that is neither",
      args: async (d) => {
        const path = join(d, "notes.txt");
        writeFileSync(path, "these are not orbits\n".repeat(20));
        return ["sim:", "--start", "cold", "--assist", "--assist-file", path];
      },
      message: /notes\.txt: neither AssistNow \(UBX-MGA\) nor EPO: not an EPO file/,
    },
    {
      name: "EPO for a u-blox receiver",
      args: async () => [`sim:?chip=ublox&speed=max&at=${AT}`, "--start", "cold", "--assist", "--assist-file", await written("b.epo")],
      message: /EPO data is for MediaTek and Quectel receivers, and sim:.* speaks ublox/,
    },
    {
      name: "AssistNow for a MediaTek receiver",
      args: async () => [`sim:?chip=mtk&speed=max&at=${AT}`, "--start", "cold", "--assist", "--assist-file", await written("c.ubx")],
      message: /AssistNow data is for u-blox receivers, and sim:.* speaks mtk/,
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { error } = await ttff(await c.args(dir));
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(c.message);
    }, 30_000);
  }

  it("simulate --days without --write-orbits, and --days out of range", async () => {
    for (const [args, message] of [
      [["--days", "2"], /--days needs --write-orbits/],
      [["--write-orbits", join(dir, "x.epo"), "--days", "0"], /--days 0: expected 0.25 to 30/],
    ] as const) {
      const { error } = await simulate([...args]);
      expect(error).toBeInstanceOf(CliError);
      expect((error as CliError).exitCode).toBe(2);
      expect((error as Error).message).toMatch(message);
    }
  });
});
