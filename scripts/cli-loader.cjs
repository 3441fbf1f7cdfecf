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
/** GNSSKIT_DEBUG=1: each file's code cache, used or not, on stderr. */
const debug = Boolean(process.env.GNSSKIT_DEBUG);

/** What each loaded bundle file is: its module, and its Script (which can make a code cache: the build's training). */
const loaded = new Map();

/** The exports of bundle file `name` (a sibling of this file), run once. */
function load(name) {
  const known = loaded.get(name);
  if (known !== undefined) return known.module.exports;
  const filename = join(__dirname, name);
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
    process.stderr.write(`gnsskit: debug: ${name}: ${how}\n`);
  }
  const module = { exports: {} };
  loaded.set(name, { module, script });
  // the bundle's own files ("./chunk-X.js") through this loader, Node's modules and the external packages through Node's
  const bundleRequire = (specifier) => {
    if (specifier.startsWith("./")) return load(specifier.slice(2));
    return LOADED_ON_USE.has(specifier.replace(/^node:/, "")) ? onUse(specifier) : nodeRequire(specifier);
  };
  script.runInThisContext()(module.exports, bundleRequire, module, filename, __dirname);
  return module.exports;
}

/** Every bundle file loaded so far and its Script (scripts/bundle-cli.mjs writes their code caches after a run). */
function loadedScripts() {
  return [...loaded].map(([name, { script }]) => ({ name, script }));
}

module.exports = { load, loadedScripts };
