// The README's main command, timed as a newcomer meets it: from pressing Enter in a terminal to the
// monitor's first screen (tmux stands in for the terminal). The target is 2 s on a fresh 2-core machine.
//   node bench/first-screen.mjs [--runs N] [--fresh]
// --fresh clones the checkout's HEAD into a temporary folder and runs `npm install` there first (the
// install is timed too, but the target is for the command after it).
import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

const argument = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at === -1 ? fallback : process.argv[at + 1];
};
const runs = Number(argument("--runs", "5"));
const fresh = process.argv.includes("--fresh");
const checkout = fileURLToPath(new URL("..", import.meta.url));
const TARGET_MS = 2000;

/** The first command of the README's "Two commands" block, without its `npm install &&` and comment. */
function readmeCommand() {
  const readme = readFileSync(join(checkout, "README.md"), "utf8");
  const block = /## Two commands[\s\S]*?```bash\n([^\n]+)\n/.exec(readme)?.[1];
  if (block === undefined) throw new Error('README.md: no ```bash block under "## Two commands"');
  return block
    .replace(/#.*$/, "")
    .replace(/^\s*npm install\s*&&\s*/, "")
    .trim();
}

try {
  execFileSync("tmux", ["-V"], { stdio: "ignore" });
} catch {
  console.log("tmux is not installed: skipped");
  process.exit(0);
}

let dir = checkout;
let cleanup = () => undefined;
if (fresh) {
  dir = mkdtempSync(join(tmpdir(), "gnsskit-fresh-"));
  cleanup = () => rmSync(dir, { recursive: true, force: true });
  execFileSync("git", ["clone", "--quiet", checkout, dir]);
  const started = performance.now();
  const install = spawnSync("npm", ["install", "--no-audit", "--no-fund"], { cwd: dir, encoding: "utf8" });
  if (install.status !== 0) throw new Error(`npm install failed:\n${install.stderr}`);
  console.log(`fresh clone in ${dir}: npm install took ${((performance.now() - started) / 1000).toFixed(1)} s`);
}

const command = readmeCommand();
// A tmux server per run: a new one on the socket of one just killed may find it still going away.
let socket = "";
const tmux = (...args) => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" });
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));
const timesMs = [];
try {
  for (let run = 0; run < runs; run++) {
    socket = `gnsskit-first-screen-${process.pid}-${run}`;
    tmux("new-session", "-d", "-x", "120", "-y", "40", "-c", dir, "bash --norc --noprofile");
    await sleep(300); // the shell's prompt
    const started = performance.now();
    tmux("send-keys", command, "Enter");
    for (;;) {
      if (tmux("capture-pane", "-p").includes("gnsskit monitor ·")) break;
      if (performance.now() - started > 120_000) throw new Error(`no monitor screen within 120 s:\n${tmux("capture-pane", "-p")}`);
      await sleep(10);
    }
    timesMs.push(performance.now() - started);
    tmux("send-keys", "q");
    tmux("kill-server");
  }
} finally {
  spawnSync("tmux", ["-L", socket, "kill-server"], { stdio: "ignore" }); // after a failure; else already gone
  cleanup();
}
timesMs.sort((a, b) => a - b);
const median = timesMs[Math.floor(timesMs.length / 2)];
const worst = timesMs[timesMs.length - 1];
console.log(
  `\`${command}\` to the first monitor screen, ${runs} runs: median ${(median / 1000).toFixed(2)} s, worst ${(worst / 1000).toFixed(2)} s (target ${TARGET_MS / 1000} s)`,
);
