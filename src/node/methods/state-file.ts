// The last known fix, kept between runs in a small JSON file under the user's state directory, so an
// assisted start has an approximate position before any network answer. Never throws on a bad file.

import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import type { Location, MethodName } from "../../methods/types.js";
import { METHOD_NAMES } from "../../methods/types.js";

/** $GNSSKIT_STATE_DIR, else $XDG_STATE_HOME/gnsskit, ~/Library/Application Support/gnsskit (macOS), %LOCALAPPDATA%\gnsskit, ~/.local/state/gnsskit. */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.GNSSKIT_STATE_DIR) return env.GNSSKIT_STATE_DIR;
  if (env.XDG_STATE_HOME) return join(env.XDG_STATE_HOME, "gnsskit");
  if (platform === "darwin") return join(homedir(), "Library", "Application Support", "gnsskit");
  if (platform === "win32" && env.LOCALAPPDATA) return join(env.LOCALAPPDATA, "gnsskit");
  return join(homedir(), ".local", "state", "gnsskit");
}

export const defaultStateFile = (): string => join(defaultStateDir(), "last-fix.json");

interface StateFileContent {
  version: 1;
  lastFix: { method: MethodName; latitudeDeg: number; longitudeDeg: number; altitudeMslM?: number; accuracyM?: number; time: string };
}

/** The persisted last fix, or undefined (missing file, unreadable, malformed: the reason in `problem`). */
export async function loadLastFix(path = defaultStateFile()): Promise<{ location?: Omit<Location, "ageMs">; problem?: string }> {
  let text: string;
  try {
    text = await readFile(path, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? {} : { problem: `${path}: ${code ?? String(error)}` };
  }
  try {
    const content = JSON.parse(text) as Partial<StateFileContent>;
    const f = content.lastFix;
    const timeMs = f === undefined ? NaN : Date.parse(f.time);
    if (
      f === undefined ||
      typeof f.latitudeDeg !== "number" || Math.abs(f.latitudeDeg) > 90 ||
      typeof f.longitudeDeg !== "number" || Math.abs(f.longitudeDeg) > 180 ||
      !METHOD_NAMES.includes(f.method) || !Number.isFinite(timeMs)
    ) {
      return { problem: `${path}: not a gnsskit state file` };
    }
    const location: Omit<Location, "ageMs"> = { method: f.method, latitudeDeg: f.latitudeDeg, longitudeDeg: f.longitudeDeg, timeMs, valid: true };
    if (typeof f.altitudeMslM === "number") location.altitudeMslM = f.altitudeMslM;
    if (typeof f.accuracyM === "number") location.accuracyM = f.accuracyM;
    return { location };
  } catch {
    return { problem: `${path}: not JSON` };
  }
}

/** Writes atomically (temp file + rename); returns a problem instead of throwing. */
export async function saveLastFix(location: Omit<Location, "ageMs">, path = defaultStateFile()): Promise<string | undefined> {
  const content: StateFileContent = {
    version: 1,
    lastFix: {
      method: location.method,
      latitudeDeg: location.latitudeDeg,
      longitudeDeg: location.longitudeDeg,
      ...(location.altitudeMslM === undefined ? {} : { altitudeMslM: location.altitudeMslM }),
      ...(location.accuracyM === undefined ? {} : { accuracyM: location.accuracyM }),
      time: new Date(location.timeMs).toISOString(),
    },
  };
  try {
    await mkdir(dirname(path), { recursive: true });
    const temp = `${path}.${process.pid}.tmp`;
    await writeFile(temp, `${JSON.stringify(content, null, 2)}\n`, "utf8");
    await rename(temp, path);
    return undefined;
  } catch (error) {
    return `cannot save the last fix to ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}
