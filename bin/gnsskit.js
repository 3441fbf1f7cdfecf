#!/usr/bin/env node
// gnsskit command line: runs the compiled CLI, bundled into a few files (dist/cli-bundle/, made by
// `npm install` / `npm run build`: loading ~200 module files was most of a short run); dist/cli/ when only
// tsc has run.
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = ["../dist/cli-bundle/main.js", "../dist/cli/main.js"].map((path) => new URL(path, import.meta.url)).find((url) => existsSync(fileURLToPath(url)));
if (main === undefined) {
  console.error("gnsskit: dist/ is missing: run `npm install` (or `npm run build`) in the package directory first");
  process.exit(1);
}
await import(main.href);
