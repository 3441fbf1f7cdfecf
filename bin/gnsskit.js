#!/usr/bin/env node
// gnsskit command line: runs the compiled CLI, bundled into a few files run with V8's code cache
// (dist/cli-bundle/, made by `npm install` / `npm run build`: loading and compiling ~200 module files was most
// of a short run); dist/cli/ when only tsc has run. CommonJS (bin/package.json): Node starts its ES module
// loader for an ES module entry, a tenth of a short run.
"use strict";
const { existsSync } = require("node:fs");
const { join } = require("node:path");
const { pathToFileURL } = require("node:url");

const loader = join(__dirname, "../dist/cli-bundle/load.js");
const main = join(__dirname, "../dist/cli/main.js");
// GNSSKIT_DEBUG=1: tsc's output, whose stack traces name the source's functions (the bundle's identifiers are
// minified); GNSSKIT_DEBUG=bundle: the bundle, saying which code cache each file used
const debug = process.env.GNSSKIT_DEBUG;
const unbundled = Boolean(debug) && debug !== "bundle";
if (unbundled && !existsSync(main) && existsSync(loader)) console.error("gnsskit: GNSSKIT_DEBUG: dist/cli is missing, running the bundle");
if (existsSync(loader) && !(unbundled && existsSync(main))) require(loader).load("main.js");
else if (existsSync(main)) void import(pathToFileURL(main).href);
else {
  console.error("gnsskit: dist/ is missing: run `npm install` (or `npm run build`) in the package directory first");
  process.exit(1);
}
