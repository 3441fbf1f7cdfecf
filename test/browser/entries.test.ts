// The package's entry points, from the sources: the core ("gnsskit") and the browser entry carry no
// positioning methods or receiver drivers (they weigh as much as the core again), "gnsskit/methods" carries
// them all, and package.json maps each entry to the file tsc emits for it.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { build } from "esbuild";
import { describe, expect, it } from "vitest";

const root = resolve(import.meta.dirname, "../..");

/** The modules that end up in a minified browser bundle of `contents` (after tree-shaking). */
async function keptModules(contents: string): Promise<string[]> {
  const result = await build({
    stdin: { contents, resolveDir: root, sourcefile: "entry.ts", loader: "ts" },
    absWorkingDir: root,
    bundle: true,
    platform: "browser",
    format: "esm",
    minify: true,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  return Object.values(result.metafile.outputs).flatMap((output) =>
    Object.entries(output.inputs)
      .filter(([, input]) => input.bytesInOutput > 0)
      .map(([path]) => path),
  );
}

describe("entry points", () => {
  it.each([{ entry: "src/index.ts" }, { entry: "src/browser/index.ts" }])("$entry bundles no positioning method and no receiver driver", async ({ entry }) => {
    const kept = await keptModules(`export * from "./${entry}";`);
    expect(kept.some((path) => path.startsWith("src/output/"))).toBe(true);
    expect(kept.filter((path) => path.startsWith("src/methods/"))).toEqual([]);
  });

  it("src/methods/index.ts exports the positioner, the methods, the network providers and the drivers", async () => {
    const methods = await import("../../src/methods/index.js");
    const names = Object.keys(methods);
    for (const name of [
      "createPositioner",
      "createReceiverMethods",
      "createNetworkMethod",
      "createIchnaeaProvider",
      "formatPositionerEvent",
      "createDriver",
      "createUbloxDriver",
      "createMtkDriver",
      "identifyDialect",
      "measureTtffRun",
    ])
      expect(names).toContain(name);
    const kept = await keptModules('export * from "./src/methods/index.ts";');
    expect(kept.some((path) => path.startsWith("src/methods/drivers/"))).toBe(true);
    expect(kept.some((path) => path.startsWith("src/methods/network/"))).toBe(true);
  });

  it("the core no longer re-exports them", async () => {
    const core = await import("../../src/index.js");
    expect(Object.keys(core)).toContain("openGps");
    expect(Object.keys(core)).not.toContain("createPositioner");
    expect(Object.keys(core)).not.toContain("createUbloxDriver");
  });

  it("package.json maps gnsskit/methods to the compiled src/methods/index.ts, like the other entries", () => {
    const { exports } = JSON.parse(readFileSync(join(root, "package.json"), "utf8")) as {
      exports: Record<string, Record<string, string> | string>;
    };
    for (const [subpath, source] of [
      [".", "index"],
      ["./methods", "methods/index"],
      ["./browser", "browser/index"],
    ] as const) {
      const conditions = exports[subpath];
      expect(conditions, subpath).toEqual({
        types: `./dist/${source}.d.ts`,
        browser: `./dist/${source}.js`,
        import: `./dist/${source}.js`,
        default: `./dist/${source}.js`,
      });
    }
  });
});

describe("gnsskit/report entry", () => {
  it("the report lives in its own entry, not in the core", async () => {
    const core = await import("../../src/index.js");
    const report = await import("../../src/output/report/index.js");
    expect("createReportBuilder" in core).toBe(false);
    expect(typeof report.createReportBuilder).toBe("function");
    const pkg = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { exports: Record<string, { import: string }> };
    expect(pkg.exports["./report"]?.import).toBe("./dist/output/report/index.js");
  });
});
