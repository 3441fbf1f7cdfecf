// The last known fix, kept between runs in a small JSON file under the user's state directory, so an
// assisted start has an approximate position before any network answer. Never throws on a bad file.
//
// The file holds the user's exact last position: its directory is made 0700 and the file 0600 (XDG's rule
// for state), written to a temporary file that is removed if the rename fails. It is read as untrusted
// input: only a regular file (a FIFO at its path must not hang the run, so the open never blocks), at most
// MAX_STATE_FILE_BYTES, and every value range-checked (what it holds goes to a receiver as aiding).

import { constants } from "node:fs";
import { mkdir, open, rename, unlink } from "node:fs/promises";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { MAX_ACCURACY_M } from "../../methods/network/http.js";
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

/** A state file is about 250 bytes; a larger one is not ours and is not read. */
export const MAX_STATE_FILE_BYTES = 64 * 1024;
/** Altitudes a receiver may be aided with: below the Dead Sea shore (−430 m) to above weather balloons (~40 km). */
export const ALTITUDE_RANGE_M = { min: -1000, max: 50_000 } as const;
/** A saved time this far ahead of the clock is not a time the fix was made. */
const FUTURE_TOLERANCE_MS = 60_000;

interface StateFileContent {
  version: 1;
  lastFix: { method: MethodName; latitudeDeg: number; longitudeDeg: number; altitudeMslM?: number; accuracyM?: number; time: string };
}

const finite = (v: unknown): v is number => typeof v === "number" && Number.isFinite(v);

/** Why a fix may not be kept or used as the last fix, or undefined when it may. One rule for saving and loading. */
export function lastFixProblem(
  fix: { method: unknown; latitudeDeg: unknown; longitudeDeg: unknown; altitudeMslM?: unknown; accuracyM?: unknown; timeMs: unknown },
  nowMs = Date.now(),
): string | undefined {
  if (typeof fix.method !== "string" || !(METHOD_NAMES as readonly string[]).includes(fix.method)) return "no known method";
  if (!finite(fix.latitudeDeg) || Math.abs(fix.latitudeDeg) > 90) return `latitude ${String(fix.latitudeDeg)} out of range`;
  if (!finite(fix.longitudeDeg) || Math.abs(fix.longitudeDeg) > 180) return `longitude ${String(fix.longitudeDeg)} out of range`;
  if (fix.altitudeMslM !== undefined && (!finite(fix.altitudeMslM) || fix.altitudeMslM < ALTITUDE_RANGE_M.min || fix.altitudeMslM > ALTITUDE_RANGE_M.max)) {
    return `altitude ${String(fix.altitudeMslM)} m out of range (${ALTITUDE_RANGE_M.min} to ${ALTITUDE_RANGE_M.max} m)`;
  }
  if (fix.accuracyM !== undefined && (!finite(fix.accuracyM) || fix.accuracyM < 0 || fix.accuracyM > MAX_ACCURACY_M))
    return `accuracy ${String(fix.accuracyM)} m out of range`;
  if (!finite(fix.timeMs)) return "no valid time";
  if (fix.timeMs > nowMs + FUTURE_TOLERANCE_MS) return `its time ${new Date(fix.timeMs).toISOString()} is in the future`;
  return undefined;
}

/** The file's text, or why it is not read: missing (undefined problem), not a regular file, too large. */
async function readStateText(path: string): Promise<{ text?: string; problem?: string }> {
  let handle;
  try {
    // Non-blocking: opening a FIFO for reading would otherwise wait for a writer, with signals unheard.
    handle = await open(path, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code === "ENOENT" ? {} : { problem: `${path}: ${code ?? String(error)}` };
  }
  try {
    const stat = await handle.stat();
    if (!stat.isFile()) return { problem: `${path}: not a regular file` };
    if (stat.size > MAX_STATE_FILE_BYTES)
      return { problem: `${path}: ${stat.size} bytes, larger than a state file can be (${MAX_STATE_FILE_BYTES / 1024} KiB)` };
    const buffer = Buffer.alloc(MAX_STATE_FILE_BYTES + 1);
    const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
    if (bytesRead > MAX_STATE_FILE_BYTES) return { problem: `${path}: larger than a state file can be (${MAX_STATE_FILE_BYTES / 1024} KiB)` };
    return { text: buffer.subarray(0, bytesRead).toString("utf8") };
  } catch (error) {
    return { problem: `${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}` };
  } finally {
    await handle.close().catch(() => undefined);
  }
}

/** The persisted last fix, or undefined (missing file, unreadable, malformed, out of range: the reason in `problem`). */
export async function loadLastFix(path = defaultStateFile()): Promise<{ location?: Omit<Location, "ageMs">; problem?: string }> {
  const { text, problem } = await readStateText(path);
  if (text === undefined) return problem === undefined ? {} : { problem };
  let content: Partial<StateFileContent>;
  try {
    content = JSON.parse(text) as Partial<StateFileContent>;
  } catch {
    return { problem: `${path}: not JSON` };
  }
  const f = content?.lastFix;
  if (f === undefined || f === null || typeof f !== "object") return { problem: `${path}: not a gnsskit state file` };
  const timeMs = typeof f.time === "string" ? Date.parse(f.time) : Number.NaN;
  const why = lastFixProblem({ ...f, timeMs });
  if (why !== undefined) return { problem: `${path}: not a gnsskit state file (${why})` };
  const location: Omit<Location, "ageMs"> = { method: f.method, latitudeDeg: f.latitudeDeg, longitudeDeg: f.longitudeDeg, timeMs, valid: true };
  if (f.altitudeMslM !== undefined) location.altitudeMslM = f.altitudeMslM;
  if (f.accuracyM !== undefined) location.accuracyM = f.accuracyM;
  return { location };
}

/** Writes atomically (temp file + rename), private to the user; returns a problem instead of throwing. */
export async function saveLastFix(location: Omit<Location, "ageMs">, path = defaultStateFile()): Promise<string | undefined> {
  const why = lastFixProblem(location);
  if (why !== undefined) return `last fix not saved: ${why}`;
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
  const temp = `${path}.${process.pid}.tmp`;
  let created = false;
  try {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    // `wx`: a file (or a link planted) at the temporary path is not written through
    const handle = await open(temp, "wx", 0o600);
    created = true;
    try {
      await handle.writeFile(`${JSON.stringify(content, null, 2)}\n`, "utf8");
      await handle.datasync();
    } finally {
      await handle.close();
    }
    await rename(temp, path);
    return undefined;
  } catch (error) {
    if (created) await unlink(temp).catch(() => undefined);
    return `cannot save the last fix to ${path}: ${(error as NodeJS.ErrnoException).code ?? String(error)}`;
  }
}
