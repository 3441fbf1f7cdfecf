// `node bench/bundle-size.mjs`: what gnsskit costs a web page. esbuild bundles entry points for the
// browser (ESM, minified, tree-shaken) and prints raw, minified and gzip sizes against the budget stated in
// the README. Exits 1 when a bundle is over its budget.
import { gzipSync } from "node:zlib";
import { fileURLToPath } from "node:url";
import { build } from "esbuild";

const root = fileURLToPath(new URL("..", import.meta.url));

/**
 * Budgets in gzip kB (1000 bytes), for the README. The methods entry bundles the parts of the core it uses
 * (parser, tracker), so an app with both pays for those once, not twice.
 */
const BUNDLES = [
  { name: "core, every export (gnsskit)", contents: 'export * from "./src/index.ts";', budgetKb: 40 },
  { name: "browser entry, every export (gnsskit/browser)", contents: 'export * from "./src/browser/index.ts";', budgetKb: 45 },
  { name: "methods, every export (gnsskit/methods)", contents: 'export * from "./src/methods/index.ts";', budgetKb: 45 },
  { name: "receiver configuration (gnsskit/config)", contents: 'export * from "./src/methods/drivers/configuration.ts";', budgetKb: 15 },
  { name: "log report, every export (gnsskit/report)", contents: 'export * from "./src/output/report/index.ts";', budgetKb: 25 },
  { name: "diagnosis, every export (gnsskit/diagnosis)", contents: 'export * from "./src/diagnosis/index.ts";', budgetKb: 10 },
  { name: "live pipeline: openGps + Web Serial", contents: 'export { openGps, createWebSerialSource } from "./src/browser/index.ts";', budgetKb: 30 },
  { name: "log viewer: openGps + File replay", contents: 'export { openGps, createFileReplaySource } from "./src/browser/index.ts";', budgetKb: 30 },
  { name: "framer only", contents: 'export { createFramer } from "./src/index.ts";', budgetKb: 5 },
];

const kb = (bytes) => `${(bytes / 1000).toFixed(1)} kB`;

async function measure(contents, minify) {
  const result = await build({
    stdin: { contents, resolveDir: root, loader: "ts", sourcefile: "entry.ts" },
    bundle: true,
    platform: "browser",
    format: "esm",
    target: "es2022",
    minify,
    write: false,
    metafile: true,
    logLevel: "silent",
  });
  const code = result.outputFiles[0].contents;
  const output = Object.values(result.metafile.outputs)[0];
  const nmeaSimple = Object.entries(output.inputs)
    .filter(([path]) => path.includes("node_modules/nmea-simple/"))
    .reduce((n, [, input]) => n + input.bytesInOutput, 0);
  return { bytes: code.length, gzip: gzipSync(code, { level: 9 }).length, nmeaSimple };
}

let over = 0;
console.log("bundle (esbuild, platform=browser, ESM)         raw        minified   min+gzip   budget     nmea-simple (min)");
for (const bundle of BUNDLES) {
  const raw = await measure(bundle.contents, false);
  const min = await measure(bundle.contents, true);
  const within = min.gzip <= bundle.budgetKb * 1000;
  if (!within) over++;
  console.log(
    `${bundle.name.padEnd(47)} ${kb(raw.bytes).padStart(9)}  ${kb(min.bytes).padStart(9)}  ${kb(min.gzip).padStart(9)}  ${`${bundle.budgetKb} kB`.padStart(7)}${within ? "   " : " ✗ "}  ${kb(min.nmeaSimple).padStart(9)}`,
  );
}
console.log(over === 0 ? "all bundles within budget" : `${over} bundle(s) OVER budget`);
process.exitCode = over === 0 ? 0 : 1;
