#!/usr/bin/env node
// gnsskit command line: runs the compiled CLI (dist/, built by `npm install` / `npm run build`).
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";

const main = new URL("../dist/cli/main.js", import.meta.url);
if (!existsSync(fileURLToPath(main))) {
  console.error("gnsskit: dist/ is missing: run `npm install` (or `npm run build`) in the package directory first");
  process.exit(1);
}
await import(main.href);
