// Conformance with gpsd on its own regression corpus (the core issue's "Measured against the real world"):
// shared/tools/gpsd-conformance.mjs compares what `gnsskit decode LOG --format gpsd` prints for every corpus
// log with gpsd's .chk files, fix cycles and sky reports. The decoding runs here, through the built decode
// command (dist/, whose gpsd printer is a worker thread), one output file and exit status per log; the
// tool's command only prints them: one Node start in all instead of one per log (25 s → 5 s).
// Gated: GNSSKIT_CORPUS (the corpus directory) and GNSSKIT_CONFORMANCE_TOOL (the tool), from ../shared by default.
//
// Where gnsskit and gpsd differ and gnsskit follows the sentences, the cycles are listed in
// test/gpsd-exclusions.tsv (read by the tool's --exclude), each with the receiver's words and the golden log
// that pins the rule (fixtures/*.nmea, `# Notes:`). The other cycles must reach the bar.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { sharedPiece } from "./_shared.js";

const corpus = sharedPiece("GNSSKIT_CORPUS", "conformance test");
const tool = corpus.skip === undefined ? sharedPiece("GNSSKIT_CONFORMANCE_TOOL", "conformance test") : corpus;
const builtDecode = join(import.meta.dirname, "..", "dist", "cli", "commands", "decode.js");
const built = existsSync(builtDecode);
if (!built) console.log("conformance test skipped: dist/ is not built (npm run build)");
const reason = corpus.skip ?? tool.skip ?? (built ? undefined : "dist/ is not built");

/**
 * `gnsskit decode LOG --format gpsd --quiet` for every log of `dir`, here, with the built command: its output
 * and exit status go to files, and `command` (the tool's --cmd, {log} being the quoted path) prints that
 * log's output and exits with its status.
 */
async function decodeCorpus(dir: string): Promise<{ command: string; failures: string[]; remove(): void }> {
  const { decode } = (await import(builtDecode)) as typeof import("../src/cli/commands/decode.js");
  const out = mkdtempSync(join(tmpdir(), "gnsskit-conformance-"));
  const failures: string[] = [];
  for (const log of readdirSync(dir).filter((f) => f.endsWith(".log"))) {
    const failure = await decode(join(dir, log), { format: "gpsd", quiet: true, output: join(out, `${log}.gpsd`) }).then(
      () => undefined,
      (error: unknown) => (error instanceof Error ? error.message : String(error)),
    );
    if (failure !== undefined) failures.push(`${log}: ${failure}`);
    writeFileSync(join(out, `${log}.exit`), failure === undefined ? "0" : "1");
  }
  return {
    command: `f={log}; cat "${out}/\${f##*/}.gpsd"; exit $(cat "${out}/\${f##*/}.exit")`,
    failures,
    remove: () => rmSync(out, { recursive: true, force: true }),
  };
}

/** Cycles gnsskit reports differently on purpose, each with the receiver's words and the fixture that pins it. */
const EXCLUSIONS = join(import.meta.dirname, "gpsd-exclusions.tsv");

describe.skipIf(reason !== undefined)("gpsd conformance (corpus)", () => {
  it("reproduces gpsd's fix cycles and sky reports, every log exits 0; every exclusion is a real, reasoned difference", async () => {
    const decoded = await decodeCorpus(corpus.path as string);
    const run = spawnSync(process.execPath, [tool.path as string, "--dir", corpus.path as string, "--cmd", decoded.command, "--misses"], {
      encoding: "utf8",
      maxBuffer: 1 << 26,
    });
    decoded.remove();
    expect(decoded.failures).toEqual([]);
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
    // Measured: fix 95.1% raw (1448/1522; 1453 until a cycle's GGA altitude won over Garmin's PGRMZ, which gpsd
    // takes when it comes later: 5 cycles of garmin38.log and tn204.log), 100% outside the documented cycles; sky 94.97% raw (1019/1073),
    // 98.6% outside them. The fix cycles in the file are GSA-2D cycles (the receiver says 2D, gpsd says 3D from
    // the altitude GGA carries: 36 of them, and 5 cycles without GSA after the receiver's GSA said 2D) and a
    // chartplotter's lagging GGA time labels; since UBX is decoded, a
    // u-blox 8's UBX-only cycles agree, and its four cycles whose GSV comes after its NAV-SAT are documented
    // (gpsd's sky is that GSV's, gnsskit's NAV-SAT's: the richer source wins), which takes the raw sky figure
    // from 95.06% (1020/1073) to 94.97%. Two MediaTek cycles dated in GPS week 0 (1980-01-05, 1980-01-12: no
    // date) have a SKY without a time, as gpsd's, which the tool (pairing by time) cannot pair: 94.87% (1018/1073).
    // GSV read page by page (state/satellites.ts): the cycles with a lone part now agree (garmin17n 093803, iTrek
    // 045851: 1020), and three are documented differences, where gnsskit lists the GSV pages a receiver sent in
    // another cycle or block and its GSA uses (jl-micro-jlt 012240 and 012245, ublox8-uniqid-monhw 204221): 94.78%
    // (1017/1073), 100% outside the documented cycles. A cycle whose own GGA counts 3 satellites used and no GSA of its
    // own is 2D (mtk-3301 08:14:37-38, gpsd 3D from the altitude): raw fix 95.14% → 95.01% (1446/1522), and bt451's
    // cycle after its joined recording's jump back agrees again (the order learned anew).
    expect(fix).toBeGreaterThanOrEqual(0.999);
    expect(rawFix).toBeGreaterThanOrEqual(0.95);
    expect(sky).toBeGreaterThanOrEqual(0.985);
    expect(rawSky).toBeGreaterThanOrEqual(0.947);
  }, 180_000);
});
