// The core must run in a browser: two guards that catch the two kinds of Node leak (transports.md §5).
// 1. esbuild bundles the browser entries with --platform=browser: any import of a Node built-in fails.
// 2. tsc builds the core with "types": [] (tsconfig.build-core.json, run by `npm run build`): bare globals
//    such as Buffer and process fail.
// Each guard is also shown to fail on a leak, so a green run means something.
import { execFile } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { promisify } from "node:util";
import { build, type Metafile } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const run = promisify(execFile);
const scratch = mkdtempSync(join(tmpdir(), "gnsskit-iso-"));
afterAll(() => rmSync(scratch, { recursive: true, force: true }));

async function bundle(entry: string): Promise<{ errors: string[]; inputs: string[]; code: string }> {
  try {
    const result = await build({
      entryPoints: [resolve(root, entry)],
      absWorkingDir: root,
      bundle: true,
      platform: "browser",
      format: "esm",
      write: false,
      metafile: true,
      logLevel: "silent",
    });
    const meta: Metafile = result.metafile;
    return { errors: [], inputs: Object.keys(meta.inputs), code: result.outputFiles[0]?.text ?? "" };
  } catch (error) {
    const errors = (error as { errors?: Array<{ text: string; location?: { file: string } | null }> }).errors ?? [];
    return { errors: errors.map((e) => `${e.location?.file ?? "?"}: ${e.text}`), inputs: [], code: "" };
  }
}

describe("browser bundle (esbuild --platform=browser)", () => {
  it.each([
    { entry: "src/index.ts", needsNmeaSimple: true },
    { entry: "src/browser/index.ts", needsNmeaSimple: true },
    { entry: "src/orbits/index.ts", needsNmeaSimple: false },
    { entry: "src/sim/sky/core.ts", needsNmeaSimple: false },
    { entry: "src/output/report/index.ts", needsNmeaSimple: false },
    { entry: "src/diagnosis/index.ts", needsNmeaSimple: false },
    { entry: "src/methods/index.ts", needsNmeaSimple: true },
    { entry: "src/methods/drivers/configuration.ts", needsNmeaSimple: false },
  ])("$entry bundles with no Node built-in and no Node-only module", async ({ entry, needsNmeaSimple }) => {
    const { errors, inputs, code } = await bundle(entry);
    expect(errors).toEqual([]);
    const nodeOnly = inputs.filter((input) => /^src\/(cli|node|sim\/(?!sky\/|random\.ts))/.test(input));
    expect(nodeOnly).toEqual([]);
    expect(inputs.filter((input) => input.startsWith("node:") || input.startsWith("(disabled):"))).toEqual([]);
    // nmea-simple is CommonJS: it must come along and need no `require` at run time.
    expect(inputs.some((input) => input.endsWith("node_modules/nmea-simple/dist/index.js"))).toBe(needsNmeaSimple);
    // esbuild's shim for a run-time `require` of something it could not bundle, and Node globals in use.
    const nodeGlobals = [...code.matchAll(/.{0,60}(__require\("|typeof require\b|\bprocess\.(env|nextTick|platform)|\bBuffer\.(from|alloc)).{0,20}/g)].map(
      (m) => m[0],
    );
    expect(nodeGlobals).toEqual([]);
  });

  it("fails on an import of a Node built-in (the guard works)", async () => {
    const leak = join(scratch, "leak.ts");
    writeFileSync(leak, 'import { EventEmitter } from "node:events";\nexport const e = new EventEmitter();\n');
    const { errors } = await bundle(leak);
    expect(errors.join("\n")).toMatch(/node:events/);
  });
});

describe("core type-check without Node types (tsconfig.build-core.json)", () => {
  const tsc = join(root, "node_modules/typescript/bin/tsc");
  const typeCheck = async (project: string): Promise<string> => {
    try {
      await run(process.execPath, [tsc, "-p", project], { cwd: root });
      return "";
    } catch (error) {
      return String((error as { stdout?: string }).stdout ?? error);
    }
  };

  it("reports a bare Buffer (the guard works)", async () => {
    writeFileSync(join(scratch, "buffer-leak.ts"), 'export const bytes = Buffer.from("$GPGGA");\n');
    writeFileSync(
      join(scratch, "tsconfig.json"),
      JSON.stringify({
        extends: join(root, "tsconfig.build-core.json"),
        compilerOptions: { rootDir: "/", composite: false, incremental: false, noEmit: true },
        include: [join(scratch, "buffer-leak.ts")],
      }),
    );
    expect(await typeCheck(join(scratch, "tsconfig.json"))).toMatch(/buffer-leak\.ts.*error TS2591: Cannot find name 'Buffer'/);
  });
});
