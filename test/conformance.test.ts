// Conformance with gpsd on its own regression corpus (the core issue's "Measured against the real world"):
// shared/tools/gpsd-conformance.mjs runs `gnsskit decode LOG --format gpsd` (the built CLI, dist/) on every
// corpus log and compares fix cycles and sky reports with gpsd's .chk files.
// Gated: GNSSKIT_CORPUS (the corpus directory) and GNSSKIT_CONFORMANCE_TOOL (the tool), both set by .ci/run.
//
// Where gnsskit and gpsd differ and gnsskit follows the sentences, the cycles are listed in
// test/gpsd-exclusions.tsv (read by the tool's --exclude), each with the receiver's words and the golden log
// that pins the rule (fixtures/*.nmea, `# Notes:`). The other cycles must reach the bar.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const corpus = process.env.GNSSKIT_CORPUS;
const tool = process.env.GNSSKIT_CONFORMANCE_TOOL;
const cli = join(import.meta.dirname, "..", "bin", "gnsskit.js");
const built = existsSync(join(import.meta.dirname, "..", "dist", "cli", "main.js"));
const reason =
  corpus === undefined || corpus === "" || !existsSync(corpus)
    ? "GNSSKIT_CORPUS is not a directory"
    : tool === undefined || !existsSync(tool)
      ? "GNSSKIT_CONFORMANCE_TOOL is not set"
      : !built
        ? "dist/ is not built (npm run build)"
        : undefined;
if (reason !== undefined) console.log(`conformance test skipped: ${reason}`);

/** Cycles gnsskit reports differently on purpose, each with the receiver's words and the fixture that pins it. */
const EXCLUSIONS = join(import.meta.dirname, "gpsd-exclusions.tsv");

describe.skipIf(reason !== undefined)("gpsd conformance (corpus)", () => {
  it("reproduces gpsd's fix cycles and sky reports, every log exits 0; every exclusion is a real, reasoned difference", () => {
    const command = `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} decode {log} --format gpsd --quiet`;
    const run = spawnSync(process.execPath, [tool as string, "--dir", corpus as string, "--cmd", command, "--misses"], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    expect(run.status).toBe(0);
    const total = /^TOTAL logs (\d+) nonzero-exit (\d+) fix (\d+)\/(\d+) .* sky (\d+)\/(\d+) /m.exec(run.stdout);
    expect(total, run.stdout.slice(-2000)).not.toBeNull();
    const [logs, crashed, fixMatched, fixCycles, skyMatched, skyCycles] = (total ?? []).slice(1).map(Number) as number[];
    expect(logs).toBeGreaterThanOrEqual(70);
    expect(crashed).toBe(0);

    const misses = new Set(
      run.stdout
        .split("\n")
        .filter((line) => /^[^\t ]+\t(fix|sky)\t/.test(line))
        .map((line) => line.split("\t").slice(0, 3).join("\t")),
    );
    const exclusions = readFileSync(EXCLUSIONS, "utf8")
      .split("\n")
      .filter((line) => line !== "" && !line.startsWith("#"))
      .map((line) => line.split("\t"));
    for (const [log, kind, key, why] of exclusions) {
      expect(why?.length ?? 0, `${log} ${kind} ${key}: a reason`).toBeGreaterThan(20);
      // a stale exclusion would hide a regression
      expect(misses.has(`${log}\t${kind}\t${key}`), `${log} ${kind} ${key} agrees with gpsd now: drop it from gpsd-exclusions.tsv`).toBe(true);
    }
    // every excluded cycle is a miss, so leaving them out takes them off the cycles only
    const excludedFix = exclusions.filter(([, kind]) => kind === "fix").length;
    const excludedSky = exclusions.filter(([, kind]) => kind === "sky").length;
    const rawFix = fixMatched! / fixCycles!;
    const rawSky = skyMatched! / skyCycles!;
    const fix = fixMatched! / (fixCycles! - excludedFix);
    const sky = skyMatched! / (skyCycles! - excludedSky);
    console.log(
      `conformance: fix ${(100 * rawFix).toFixed(1)}% raw, ${(100 * fix).toFixed(1)}% outside the ${excludedFix} documented cycles; ` +
        `sky ${(100 * rawSky).toFixed(1)}% raw, ${(100 * sky).toFixed(1)}% outside ${excludedSky}`,
    );
    // Measured: fix 95.8% raw (1458/1522), 100% outside the documented cycles; sky 94.97% raw (1019/1073),
    // 98.6% outside them. The fix cycles in the file are GSA-2D cycles (the receiver says 2D, gpsd says 3D from
    // the altitude GGA carries: 36 of them) and a chartplotter's lagging GGA time labels; since UBX is decoded, a
    // u-blox 8's UBX-only cycles agree, and its four cycles whose GSV comes after its NAV-SAT are documented
    // (gpsd's sky is that GSV's, gnsskit's NAV-SAT's: the richer source wins), which takes the raw sky figure
    // from 95.06% (1020/1073) to 94.97%.
    expect(fix).toBeGreaterThanOrEqual(0.999);
    expect(rawFix).toBeGreaterThanOrEqual(0.957);
    expect(sky).toBeGreaterThanOrEqual(0.985);
    expect(rawSky).toBeGreaterThanOrEqual(0.949);
  }, 180_000);
});
