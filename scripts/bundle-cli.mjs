// The command line as a few files (`npm run build`, after tsc): dist/cli-bundle/, which bin/gnsskit.js runs.
// Node spends most of a short run finding, reading and compiling ~200 module files (a decode of a 10-line log,
// `gnsskit --version`); bundled, each command is one file plus the chunks it shares with others, and the
// commands not run are still not loaded (dynamic imports stay chunks). Built from dist/ (tsc's output), so
// the bundle runs the very code the library ships. serialport and dbus-next stay outside: native bindings,
// and their own lazy loading. Whitespace and syntax are minified (V8 scans every byte it loads; 5 % fewer
// instructions for a short run), names are kept for GNSSKIT_DEBUG's stack traces.
import { rmSync } from "node:fs";
import { build } from "esbuild";

const outdir = "dist/cli-bundle";
rmSync(outdir, { recursive: true, force: true }); // chunks are named by content hash: old ones would stay
await build({
  // the workers are started by their URL beside the code that starts them: each an entry of its own
  entryPoints: { main: "dist/cli/main.js", "gpsd-printer-worker": "dist/cli/gpsd-printer-worker.js", "per-file-worker": "dist/cli/per-file-worker.js" },
  outdir,
  bundle: true,
  splitting: true,
  format: "esm",
  platform: "node",
  target: "node20",
  minifyWhitespace: true,
  minifySyntax: true,
  external: ["serialport", "@serialport/*", "dbus-next"],
  // the CommonJS packages bundled in (commander, cli-progress) require Node's modules
  banner: { js: 'import { createRequire as __gnsskitRequire } from "node:module"; const require = __gnsskitRequire(import.meta.url);' },
  logLevel: "warning",
});
