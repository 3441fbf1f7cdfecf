// The package as a bundler sees it: package.json `exports` resolved by esbuild from an app that depends on
// gnsskit (node_modules/gnsskit → this checkout), against the compiled dist/ (`npm run build`).
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { afterAll, describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");
const { dependencies } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as { dependencies: Record<string, string> };
const built = existsSync(join(root, "dist/browser/index.js")) && existsSync(join(root, "dist/node/index.js"));
if (!built) console.log("package exports tests skipped: dist/ is not built (npm run build)");

const app = mkdtempSync(join(tmpdir(), "gnsskit-app-"));
mkdirSync(join(app, "node_modules"));
symlinkSync(root, join(app, "node_modules/gnsskit"), "dir");
afterAll(() => rmSync(app, { recursive: true, force: true }));

async function bundleApp(contents: string, platform: "browser" | "node") {
  const result = await build({
    stdin: { contents, resolveDir: app, sourcefile: "app.js", loader: "js" },
    absWorkingDir: app,
    bundle: true,
    platform,
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
    // Node adapters: their own dependencies stay imports.
    ...(platform === "node" ? { external: Object.keys(dependencies) } : {}),
  });
  const short = (input: string): string => input.replace(/^.*?(dist\/)/, "$1");
  const inputs = Object.keys(result.metafile.inputs).map(short);
  // What is in the output after tree-shaking (inputs lists every module visited).
  const kept = Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => short(path)),
  );
  return { inputs, kept, bytes: result.outputFiles[0]?.contents.length ?? 0 };
}

describe.skipIf(!built)("package exports", () => {
  it.each([
    { specifier: "gnsskit", names: "openGps, createFramer, createTracker", entry: "dist/index.js" },
    { specifier: "gnsskit/browser", names: "openGps, createWebSerialSource, createWebBluetoothSource, createFileReplaySource", entry: "dist/browser/index.js" },
    { specifier: "gnsskit/methods", names: "createPositioner, createNetworkMethod, createIchnaeaProvider, createUbloxDriver", entry: "dist/methods/index.js" },
    { specifier: "gnsskit/diagnosis", names: "createDiagnoser, watchDiagnosis", entry: "dist/diagnosis/index.js" },
  ])("$specifier resolves to $entry for a browser bundle, with no Node-only module", async ({ specifier, names, entry }) => {
    const { inputs } = await bundleApp(`export { ${names} } from "${specifier}";`, "browser");
    expect(inputs).toContain(entry);
    expect(inputs.filter((input) => /^dist\/(cli|node)\//.test(input))).toEqual([]);
  });

  it("tree-shakes: the framer alone from gnsskit is a small bundle without the parser", async () => {
    const framerOnly = await bundleApp('export { createFramer } from "gnsskit";', "browser");
    const everything = await bundleApp('export * from "gnsskit";', "browser");
    expect(framerOnly.kept.some((input) => input.includes("nmea-simple"))).toBe(false);
    expect(framerOnly.kept.some((input) => input.startsWith("dist/parsing/"))).toBe(false);
    expect(everything.kept.some((input) => input.includes("nmea-simple"))).toBe(true);
    expect(framerOnly.bytes * 5).toBeLessThan(everything.bytes);
  });

  it("gnsskit, every export, bundles no positioning method or receiver driver (they are gnsskit/methods)", async () => {
    const everything = await bundleApp('export * from "gnsskit";', "browser");
    expect(everything.kept.filter((input) => input.startsWith("dist/methods/"))).toEqual([]);
    const methods = await bundleApp('export { createPositioner, createUbloxDriver } from "gnsskit/methods";', "browser");
    expect(methods.kept).toContain("dist/methods/positioner.js");
    expect(methods.kept).toContain("dist/methods/drivers/ublox.js");
  });

  it("gnsskit/node resolves to the Node adapters", async () => {
    const { inputs } = await bundleApp('export { openSource } from "gnsskit/node";', "node");
    expect(inputs).toContain("dist/node/index.js");
  });
});
