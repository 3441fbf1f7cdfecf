// Copied to dist/cli-bundle/load.js by scripts/bundle-cli.mjs: runs the bundled command line with V8's code cache.
// Each bundle file is one function `(exports, require, module, __filename, __dirname)`, compiled through vm.Script with
// the code cache that the build's training run wrote beside it (NAME.cache): V8 then deserializes the bytecode of
// the functions that run instead of parsing and compiling them (Node 20 has no compile cache for any module). A
// cache V8 rejects (another Node, other V8 flags: cachedDataRejected) or that is missing costs nothing but the
// compilation it would have saved. Never writes: the package directory may be read-only (a global install).
"use strict";
/* global require, module, __dirname -- CommonJS */
/* eslint-disable @typescript-eslint/no-require-imports -- CommonJS */
const { readFileSync } = require("node:fs");
const { createRequire } = require("node:module");
const { join } = require("node:path");
const { Script } = require("node:vm");

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
  const module = { exports: {} };
  loaded.set(name, { module, script });
  const nodeRequire = createRequire(filename);
  // the bundle's own files ("./chunk-X.js") through this loader, Node's modules and the external packages through Node's
  const bundleRequire = (specifier) => (specifier.startsWith("./") ? load(specifier.slice(2)) : nodeRequire(specifier));
  script.runInThisContext()(module.exports, bundleRequire, module, filename, __dirname);
  return module.exports;
}

/** Every bundle file loaded so far and its Script (scripts/bundle-cli.mjs writes their code caches after a run). */
function loadedScripts() {
  return [...loaded].map(([name, { script }]) => ({ name, script }));
}

module.exports = { load, loadedScripts };
