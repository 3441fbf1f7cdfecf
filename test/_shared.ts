// The project's shared reference data (corpus, almanac, schemas, conformance tool) is read in place, never
// copied into the repository. Each piece has a variable; vitest.config.ts sets the unset ones from
// ../shared when it sits beside the checkout (as .ci/run does), and a test without its piece is skipped
// with a line naming the one variable to set.
import { existsSync } from "node:fs";
import { join, resolve } from "node:path";

/** Where the shared folder is looked for when a variable is unset. */
export const SHARED_DIR = resolve(import.meta.dirname, "../../shared");

/** Each variable, the path it defaults to under SHARED_DIR and what it must name. */
export const SHARED_PIECES = {
  GNSSKIT_CORPUS: { under: "corpus/gpsd", what: "the gpsd corpus folder (.log and .log.chk files)" },
  GNSSKIT_UBX_CORPUS: { under: "corpus/ubx", what: "the u-blox UBX corpus folder (pygpsdata-*.log)" },
  GNSSKIT_SHARED_DATA: { under: "data", what: "the shared data folder (a real almanac)" },
  GNSSKIT_SHARED_SCHEMAS: { under: "schemas", what: "the schemas folder (gpx-1.1.xsd)" },
  GNSSKIT_CONFORMANCE_TOOL: { under: "tools/gpsd-conformance.mjs", what: "gpsd-conformance.mjs" },
} as const;
export type SharedVariable = keyof typeof SHARED_PIECES;

/** The variables to add to `env`: each unset one whose piece exists under SHARED_DIR. */
export function sharedDefaults(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const defaults: Record<string, string> = {};
  for (const [variable, { under }] of Object.entries(SHARED_PIECES)) {
    const path = join(SHARED_DIR, under);
    if ((env[variable] ?? "") === "" && existsSync(path)) defaults[variable] = path;
  }
  return defaults;
}

/** The path a variable names, or why the tests needing it are skipped (printed once, by `what`). */
export function sharedPiece(variable: SharedVariable, what: string): { path: string; skip?: undefined } | { path?: undefined; skip: string } {
  const value = process.env[variable] ?? "";
  const piece = SHARED_PIECES[variable];
  const problem =
    value === ""
      ? `set ${variable} to ${piece.what}: it is unset and ${join(SHARED_DIR, piece.under)} does not exist`
      : !existsSync(value)
        ? `${variable}=${value} does not exist: set it to ${piece.what}`
        : undefined;
  if (problem === undefined) return { path: value };
  const skip = `${what} skipped: ${problem}`;
  console.log(skip);
  return { skip };
}
