// XML checks for the export tests: xmllint (libxml2-utils) for schema and well-formedness.

import { execFileSync, spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export const xmllintAvailable = spawnSync("xmllint", ["--version"]).status === 0;

/** Runs xmllint on the text; returns its exit status and stderr (empty when valid). */
export function xmllint(text: string, args: string[]): { status: number; stderr: string } {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-xml-"));
  const file = join(dir, "doc.xml");
  try {
    writeFileSync(file, text);
    try {
      execFileSync("xmllint", [...args, file], { stdio: ["ignore", "ignore", "pipe"] });
      return { status: 0, stderr: "" };
    } catch (error) {
      const e = error as { status?: number; stderr?: Buffer };
      return { status: e.status ?? -1, stderr: e.stderr?.toString() ?? "" };
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
