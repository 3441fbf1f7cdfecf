// The command line as a few files (`npm run build`, after tsc): dist/cli-bundle/, which bin/gnsskit.js runs.
// Node spends most of a short run finding, reading and compiling ~200 module files (a decode of a 10-line log,
// `gnsskit --version`); bundled, each command is one file plus the chunks it shares with others, and the
// commands not run are still not loaded (dynamic imports stay chunks). Built from dist/ (tsc's output), so
// the bundle runs the very code the library ships. serialport and dbus-next stay outside: native bindings,
// and their own lazy loading. Whitespace, syntax and identifiers are minified (V8 scans every byte it loads; 5 %
// fewer instructions for a short run; identifiers: a third less to read, 3 ms of a 10-line decode's 96, medians of
// 31 alternating runs). Kept names (esbuild's keepNames) cost more than that; GNSSKIT_DEBUG=1 runs tsc's dist/cli
// instead, whose stack traces have the source's names (bin/gnsskit.js), and GNSSKIT_DEBUG=bundle the bundle.
//
// Compiling the ~500 KB a decode loads was still most of its run: each file is run by dist/cli-bundle/load.js
// (scripts/cli-loader.cjs) with a V8 code cache, which the training run below writes after a decode of a fixture
// (a cache made after the run holds the functions compiled lazily too, most of what a run compiles). Node 20 has
// no compile cache for modules (module.enableCompileCache is Node 22), so the chunks are CommonJS functions that
// vm.Script compiles with the cache: esbuild splits ES modules only, each chunk is then turned into CommonJS
// (imports into require(), dynamic ones too). v8-compile-cache does not fit: it makes its cache right after
// compiling (none of the lazily compiled functions), writes it at run time into a temporary directory (the
// first run of each user pays), and hooks require() for every module of the process.
//
// Some thirty files a decode loads were still thirty reads of a file and its cache, and thirty Scripts: 4 ms of a
// 10-line decode's 100 (medians of 31 alternating runs). The files `--version` loads are one core.pack.js, those a
// decode loads beyond them one decode.pack.js (an object of their module functions: one Script, one code cache
// each), read at the first require of one of its files.
import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { basename, join } from "node:path";
import { build, transform } from "esbuild";

const outdir = "dist/cli-bundle";
/** The entries: the command line, and the workers, started by their URL beside the code that starts them. */
const entries = { main: "dist/cli/main.js", "gpsd-printer-worker": "dist/cli/gpsd-printer-worker.js", "per-file-worker": "dist/cli/per-file-worker.js" };
/** The commands whose runs train the code cache; a file loaded by several keeps the last one's (decode: the one timed). */
const trainingRuns = [["decode", "fixtures/gn-multi-constellation.nmea", "--format", "gpsd", "--quiet"]];

// What the bundle is made of: tsc's output, this script, the loader, the training log, and the Node whose V8 reads
// the cache. When none changed (npm test's build after npm install's) the bundle is left as it is: rebuilding it
// is a second of the test run before the first test starts.
const stamp = `${outdir}/inputs.sha256`;
const inputs = createHash("sha256").update(process.version);
const sources = readdirSync("dist", { recursive: true })
  .filter((name) => name.endsWith(".js") && !name.startsWith(basename(outdir)))
  .sort();
// package-lock.json (where there is one): the bundled packages' versions (commander, nmea-simple, cli-progress…)
const lock = existsSync("package-lock.json") ? ["package-lock.json"] : [];
for (const file of [
  ...sources.map((name) => join("dist", name)),
  "scripts/bundle-cli.mjs",
  "scripts/cli-loader.cjs",
  ...lock,
  ...trainingRuns.map((args) => args[1]),
])
  inputs.update(`${file}\0`).update(readFileSync(file));
const digest = inputs.digest("hex");
if (existsSync(`${outdir}/main.js`) && existsSync(stamp) && readFileSync(stamp, "utf8") === digest) process.exit(0);

rmSync(outdir, { recursive: true, force: true }); // chunks are named by content hash: old ones would stay
mkdirSync(outdir, { recursive: true });
const bundled = await build({
  entryPoints: entries,
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  minifyIdentifiers: true,
  external: ["serialport", "@serialport/*", "dbus-next"],
  // the workers' URLs and the almanac's path are found from import.meta.url, which CommonJS has not
  define: { "import.meta.url": "__gnsskitModuleUrl" },
  write: false,
  logLevel: "warning",
});

/**
 * esbuild's CommonJS form of a chunk hands out its exports through __toCommonJS, a copy of the chunk's export object
 * whose every property reads `from[key]` in one shared getter: every call from one chunk into another (the parser
 * into the field readers, the tracker into the sky) went through that getter, whose one keyed load sees every export
 * of every chunk (V8 calls that megamorphic: a lookup each time, never inlined). 49 ms of a 13.5 MB decode's 1.85 s
 * on the decoding thread (issue 18). The chunk's own export object is handed out instead: its getters are one
 * function each (`() => name`, live bindings as before), marked as an ES module as the copy was.
 */
function exportsAsTheyAre(code, name) {
  // the parameter is `mod`, or `mod2` when the chunk has a `mod` of its own
  const copying = /var __toCommonJS = \((\w+)\) => __copyProps\(__defProp\(\{\}, "__esModule", \{ value: true \}\), \1\);/;
  if (copying.test(code)) return code.replace(copying, 'var __toCommonJS = ($1) => __defProp($1, "__esModule", { value: true });');
  if (code.includes("__toCommonJS")) throw new Error(`${name}: esbuild's __toCommonJS is not the one scripts/bundle-cli.mjs replaces`);
  return code;
}

for (const file of bundled.outputFiles) {
  const name = basename(file.path);
  const commonJs = await transform(file.text, {
    format: "cjs",
    platform: "node",
    target: "node20",
    // dynamic imports of chunks into require() in a promise: the loader runs them
    supported: { "dynamic-import": false },
    // bundle mode says nothing of the packages' own code (nmea-simple's `num === NaN`); here it is all one input
    logLevel: "error",
  });
  const converted = await transform(exportsAsTheyAre(commonJs.code, name), {
    format: "cjs",
    platform: "node",
    target: "node20",
    minifyWhitespace: true,
    minifySyntax: true,
    minifyIdentifiers: true,
    logLevel: "error",
  });
  const moduleUrl = file.text.includes("__gnsskitModuleUrl") ? 'var __gnsskitModuleUrl=require("node:url").pathToFileURL(__filename).href;' : "";
  // strict as the ES modules it was made of; one function, with the parameters Node gives a CommonJS module
  const code = `(function(exports,require,module,__filename,__dirname){"use strict";${moduleUrl}\n${converted.code}})`;
  const entry = Object.hasOwn(entries, name.replace(/\.js$/, "")) && name !== "main.js";
  writeFileSync(`${outdir}/${entry ? name.replace(/\.js$/, "-code.js") : name}`, code);
  // a worker is started by its file's URL: that file is a CommonJS module that loads the bundle's
  if (entry) writeFileSync(`${outdir}/${name}`, `"use strict";require("./load.js").load(${JSON.stringify(name.replace(/\.js$/, "-code.js"))});\n`);
}
copyFileSync("scripts/cli-loader.cjs", `${outdir}/load.js`);
// the package is an ES module one: its .js files here are CommonJS
writeFileSync(`${outdir}/package.json`, '{ "type": "commonjs" }\n');

// A run of the command line as bin/gnsskit.js makes it; at its exit, the names of the bundle files it loaded
// (GNSSKIT_LIST_FILE) and the code cache of every file it loaded (GNSSKIT_WRITE_CACHES).
const run = `
const { writeFileSync } = require("node:fs");
const loader = require("./${outdir}/load.js");
process.argv = [process.execPath, "bin/gnsskit.js", ...JSON.parse(process.env.GNSSKIT_TRAINING_ARGS)];
process.once("exit", () => {
  const scripts = loader.loadedScripts();
  if (process.env.GNSSKIT_LIST_FILE) writeFileSync(process.env.GNSSKIT_LIST_FILE, JSON.stringify(scripts.map(({ name }) => name)));
  if (process.env.GNSSKIT_WRITE_CACHES) for (const { name, script } of scripts) writeFileSync("${outdir}/" + name.replace(/\\.js$/, ".cache"), script.createCachedData());
});
loader.load("main.js");
`;
function runCli(args, env) {
  const ran = spawnSync(process.execPath, ["-e", run], {
    env: { ...process.env, GNSSKIT_TRAINING_ARGS: JSON.stringify(args), ...env },
    stdio: ["ignore", "ignore", "inherit"],
  });
  if (ran.status !== 0) throw new Error(`bundle run gnsskit ${args.join(" ")} exited ${ran.status}`);
}
function loadedBy(args) {
  const list = join(outdir, "loaded.json");
  runCli(args, { GNSSKIT_LIST_FILE: list });
  const names = JSON.parse(readFileSync(list, "utf8"));
  rmSync(list);
  return names;
}

// The packs: the files `gnsskit --version` loads (every command loads them) in core.pack.js, those a decode loads
// beyond them in decode.pack.js, each in the order the run loads them, as one object of module functions; the
// loader is told which file is in which pack.
const versionFiles = loadedBy(["--version"]);
const decodeFiles = loadedBy(trainingRuns[0]).filter((name) => !versionFiles.includes(name));
const packOf = {};
for (const [pack, names] of [
  ["core.pack.js", versionFiles],
  ["decode.pack.js", decodeFiles],
]) {
  const modules = names.map((name) => `${JSON.stringify(name)}:${readFileSync(join(outdir, name), "latin1")}`);
  writeFileSync(`${outdir}/${pack}`, `({${modules.join(",\n")}})`, "latin1");
  for (const name of names) {
    rmSync(join(outdir, name));
    packOf[name] = pack;
  }
}
const loader = readFileSync("scripts/cli-loader.cjs", "utf8");
const marker = "/* PACKED_NAMES */ {}";
if (!loader.includes(marker)) throw new Error(`scripts/cli-loader.cjs has no ${marker}`);
writeFileSync(`${outdir}/load.js`, loader.replace(marker, JSON.stringify(packOf)));

// Training: each run writes the code cache of every file and pack it loaded at its exit.
for (const args of trainingRuns) runCli(args, { GNSSKIT_WRITE_CACHES: "1" });
writeFileSync(stamp, digest);
