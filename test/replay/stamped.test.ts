// `gnsskit replay --stamped`: each line carries its log time as a record prefix, so a gnsskit reading the pipe
// runs on the log's clock (TTFF as in the log), while the plain output stays the receiver's bytes.

import { exec } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterEach, describe, expect, it, vi } from "vitest";
import { replay } from "../../src/cli/commands/replay.js";
import { formatRecordPrefix, parseRecordPrefix, RECORD_PREFIX_LENGTH } from "../../src/framing/record-format.js";

const run = promisify(exec);
const LOG = join(process.cwd(), "fixtures", "cold-start-ttff.nmea");
const builtCli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "main.js"));
if (!built) console.log("replay --stamped: dist/ not built (npm run build): the pipe test is skipped");

async function replayed(options: { stamped?: boolean }): Promise<string> {
  let out = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk: string | Uint8Array) => ((out += Buffer.from(chunk).toString("latin1")), true));
  vi.spyOn(console, "error").mockImplementation(() => undefined);
  try {
    await replay(LOG, { speed: "max", ...options });
  } finally {
    vi.restoreAllMocks();
  }
  return out;
}

/** hhmmss.ss of a GGA or RMC line → ms since midnight. */
const sentenceTimeOfDayMs = (line: string): number | undefined => {
  const m = /^\$..(?:GGA|RMC),(\d\d)(\d\d)(\d\d(?:\.\d+)?),/.exec(line);
  return m ? ((Number(m[1]) * 60 + Number(m[2])) * 60 + Number(m[3])) * 1000 : undefined;
};

describe("replay --stamped", () => {
  afterEach(() => vi.restoreAllMocks());

  it("prefixes every line with the log time of its cycle; without the prefixes, the plain output", async () => {
    const plain = await replayed({});
    const stamped = await replayed({ stamped: true });
    expect(plain).not.toMatch(/^@/m);
    const lines = stamped.split(/(?<=\n)/);
    expect(lines.length).toBeGreaterThan(100);
    let timed = 0;
    for (const line of lines) {
      const parsed = parseRecordPrefix(line);
      expect(parsed, line).toBeDefined();
      // 2024-03-15 is the log's RMC date; the stamp is the cycle's UTC time to the ms
      const tod = sentenceTimeOfDayMs(parsed!.rest);
      if (tod !== undefined) {
        expect(parsed!.receivedAtMs).toBe(Date.UTC(2024, 2, 15) + tod);
        timed++;
      }
    }
    expect(timed).toBeGreaterThan(40);
    expect(lines.map((line) => line.slice(RECORD_PREFIX_LENGTH)).join("")).toBe(plain);
    expect(stamped.startsWith(formatRecordPrefix(Date.UTC(2024, 2, 15, 10, 15, 0)))).toBe(true);
  });

  it("--help says to use it when piping into another gnsskit", async () => {
    const { Command } = await import("commander");
    const { register } = await import("../../src/cli/commands/replay.js");
    const program = new Command("gnsskit");
    register(program);
    let help = "";
    const command = program.commands.find((c) => c.name() === "replay")!;
    command.configureOutput({ writeOut: (text) => (help += text) });
    command.outputHelp();
    expect(help).toMatch(/--stamped/);
    expect(help).toMatch(/another gnsskit/);
    for (const line of help.split("\n")) expect(line.length, line).toBeLessThanOrEqual(80);
  });

  it.skipIf(!built)("replay --stamped | decode -: the log's TTFF (34 s), not the pipe's", async () => {
    const { stderr } = await run(`node ${builtCli} replay ${LOG} --speed max --stamped | node ${builtCli} decode - --format json > /dev/null`, {
      timeout: 30_000,
    });
    expect(stderr).toMatch(/TTFF: 34\.0 s/);
  });

  it.skipIf(!built)("a receiver that set its default clock before its first fix: the pipe says what decoding the file says", async () => {
    // the stamps step 10 h 25 min with the receiver's clock: no TTFF across that step, on either side of the pipe
    const clockSet = join(process.cwd(), "fixtures", "default-clock-set-before-fix.nmea");
    const ttffLine = (stderr: string): string | undefined => /^\s*TTFF: .*$/m.exec(stderr)?.[0];
    const piped = await run(`node ${builtCli} replay ${clockSet} --speed max --stamped | node ${builtCli} decode - --format json > /dev/null`, {
      timeout: 30_000,
    });
    const direct = await run(`node ${builtCli} decode ${clockSet} --format json > /dev/null`, { timeout: 30_000 });
    expect(ttffLine(piped.stderr)).toMatch(/not measured: first fix after 8 cycles, the first 5 on a default clock/);
    expect(ttffLine(piped.stderr)).toBe(ttffLine(direct.stderr));
    // the report reads the same first fix: the same words (it lacked "the first 5 on a default clock")
    const report = await run(`node ${builtCli} report ${clockSet}`, { timeout: 30_000 });
    expect(ttffLine(report.stdout)?.trim()).toBe(ttffLine(direct.stderr)?.trim());
  });
});
