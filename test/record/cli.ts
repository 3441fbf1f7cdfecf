// How the record/monitor tests run the built CLI: `bin/gnsskit.js` once the lead has registered the
// command in src/cli/main.ts, else a harness that registers only that command (same exit codes).

import { execFileSync } from "node:child_process";
import { existsSync, writeFileSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

const root = process.cwd();
export const builtMain = join(root, "dist", "cli", "main.js");

/** argv prefix (after `node`) that runs `gnsskit <command>`, or undefined when dist/ has no such command. */
export function cliFor(command: "record" | "monitor"): string[] | undefined {
  const module = join(root, "dist", "cli", "commands", `${command}.js`);
  if (!existsSync(module)) return undefined;
  if (existsSync(builtMain)) {
    try {
      const help = execFileSync(process.execPath, [join(root, "bin", "gnsskit.js"), "--help"], { encoding: "utf8" });
      if (new RegExp(`^  ${command} `, "m").test(help)) return [join(root, "bin", "gnsskit.js")];
    } catch {
      // a broken build: use the harness
    }
  }
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-cli-"));
  const harness = join(dir, "harness.mjs");
  writeFileSync(
    harness,
    `import { Command, CommanderError } from ${JSON.stringify(join(root, "node_modules", "commander", "esm.mjs"))};
const { register } = await import(${JSON.stringify(module)});
const { CliError } = await import(${JSON.stringify(join(root, "dist", "cli", "errors.js"))});
const program = new Command("gnsskit").exitOverride();
register(program);
for (const c of program.commands) c.exitOverride();
try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) process.exitCode = error.exitCode === 0 ? 0 : 2;
  else if (error instanceof CliError) { console.error("gnsskit: " + error.message); process.exitCode = error.exitCode; }
  else { console.error("gnsskit: " + (error instanceof Error ? error.message : String(error))); process.exitCode = 1; }
}
`,
  );
  return [harness];
}
