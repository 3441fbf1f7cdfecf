// Copied to dist/cli-bundle/load.js by scripts/bundle-cli.mjs: runs the bundled command line with V8's code cache.
// Each bundle file is one function `(exports, require, module, __filename, __dirname)`, compiled through vm.Script with
// the code cache that the build's training run wrote beside it (NAME.cache): V8 then deserializes the bytecode of
// the functions that run instead of parsing and compiling them (Node 20 has no compile cache for any module). A
// cache V8 rejects (another Node, other V8 flags: cachedDataRejected) or that is missing costs nothing but the
// compilation it would have saved. Never writes: the package directory may be read-only (a global install).
"use strict";
const { readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

/**
 * Node's modules that a short run need not load, though chunks it runs import them (the sources' chunk imports
 * net, dgram, zlib, child_process for transports a decode of a file does not use; commander child_process for
 * executable subcommands): loaded at the first use of one of their exports. A chunk imports them by name (esbuild's
 * CommonJS: `var import_node_net = require("node:net")`, `(0, import_node_net.connect)(…)` where used).
 */
const LOADED_ON_USE = new Set(["child_process", "crypto", "dgram", "dns", "http", "https", "net", "readline", "tls", "tty", "v8", "worker_threads", "zlib"]);

/** A module of Node's that is required when one of its exports is first read. */
function onUse(specifier) {
  let module;
  const real = () => (module ??= nodeRequire(specifier));
  return new Proxy(
    {},
    {
      get: (_, key) => real()[key],
      has: (_, key) => key in real(),
      // a default or namespace import (esbuild's __toESM copies the module's own keys) loads it at once
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(real(), key);
        return descriptor === undefined ? undefined : { ...descriptor, configurable: true };
      },
    },
  );
}

/** Node's require for the bundle's files, all in this directory: the external packages and Node's modules. */
const nodeRequire = createRequire(join(__dirname, "main.js"));
/** GNSSKIT_DEBUG set (bin/gnsskit.js runs this bundle for GNSSKIT_DEBUG=bundle, or when dist/cli is missing): each file's code cache, used or not, on stderr. */
const debug = Boolean(process.env.GNSSKIT_DEBUG);

/**
 * Bundle files by the pack that holds them (written by the build): the files `gnsskit --version` loads in
 * core.pack.js, those a decode loads beyond them in decode.pack.js. A pack is one read, one Script and one code
 * cache instead of one of each per file (some thirty: 4 ms of a 10-line decode's 100). A file not listed is read
 * on its own.
 */
const PACK_OF = new Map(Object.entries(/* PACKED_NAMES */ {}));
/** Each pack read so far: its module functions by file name, and its Script (the build writes its code cache). */
const packs = new Map();

/** What each loaded bundle file is: its module, and its Script (which can make a code cache: the build's training). */
const loaded = new Map();

/** `file`, with its code cache NAME.cache when the build made one, as a Script (V8 compiles it at once). */
function compile(file) {
  const filename = join(__dirname, file);
  // esbuild writes ASCII: latin1 makes a one-byte string without decoding UTF-8
  const source = readFileSync(filename, "latin1");
  let cachedData;
  try {
    cachedData = readFileSync(`${filename.slice(0, -".js".length)}.cache`);
  } catch {
    // not trained (a command the build did not run): compiled as usual
  }
  const script = new Script(source, { filename, cachedData });
  // why a run is slow: a cache V8 rejected is compiled without a word otherwise
  if (debug) {
    const how = cachedData === undefined ? "no code cache" : script.cachedDataRejected ? "code cache rejected (another Node or V8 flags)" : "code cache used";
    process.stderr.write(`gnsskit: debug: ${file}: ${how}\n`);
  }
  return script;
}

/** The exports of bundle file `name` (a sibling of this file, or in one of the packs), run once. */
function load(name) {
  const known = loaded.get(name);
  if (known !== undefined) return known.module.exports;
  let run;
  let script;
  const packName = PACK_OF.get(name);
  if (packName !== undefined) {
    let pack = packs.get(packName);
    if (pack === undefined) {
      const packScript = compile(packName);
      packs.set(packName, (pack = { script: packScript, modules: packScript.runInThisContext() }));
    }
    run = pack.modules[name];
  } else {
    script = compile(name);
    run = script.runInThisContext();
  }
  const module = { exports: {} };
  loaded.set(name, { module, script });
  // the bundle's own files ("./chunk-X.js") through this loader, Node's modules and the external packages through Node's
  const bundleRequire = (specifier) => {
    if (specifier.startsWith("./")) return load(specifier.slice(2));
    return LOADED_ON_USE.has(specifier.replace(/^node:/, "")) ? onUse(specifier) : nodeRequire(specifier);
  };
  run(module.exports, bundleRequire, module, join(__dirname, name), __dirname);
  return module.exports;
}

/** Every bundle file loaded so far (the packs for those in one) and its Script (scripts/bundle-cli.mjs writes their code caches after a run). */
function loadedScripts() {
  const scripts = [...loaded].flatMap(([name, { script }]) => (script === undefined ? [] : [{ name, script }]));
  return [...scripts, ...[...packs].map(([name, { script }]) => ({ name, script }))];
}

module.exports = { load, loadedScripts };
