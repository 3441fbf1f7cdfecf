// Watching for a device node to come back (a USB receiver plugged in again, a socat pty made again):
// inotify through fs.watch on the directory that holds it, so a reconnecting serial source reopens the
// moment the node is there instead of at its next backoff tick. Directories on the way may be gone too
// (/dev/serial/by-id disappears with the last USB serial device): the watch sits on the nearest existing
// ancestor and moves down as they reappear.

import { existsSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname, isAbsolute, relative, sep } from "node:path";

/**
 * Calls `onBack` when `path` appears (or changes: udev fixing its permissions) after it was watched for;
 * also at once if it is there already. Returns the stop function. Only absolute paths are watched (a COM
 * port name has no directory): for others this does nothing.
 */
export function watchForPath(path: string, onBack: () => void): () => void {
  if (!isAbsolute(path) || process.platform === "win32") return () => undefined;
  let watcher: FSWatcher | undefined;
  let watchedDir: string | undefined;
  let stopped = false;

  /** The first name under `dir` on the way to `path` (what an event there must name to concern us). */
  const nextOnTheWay = (dir: string): string => relative(dir, path).split(sep)[0] ?? basename(path);

  const look = (): void => {
    if (stopped) return;
    // A directory may vanish between finding it and watching it: find the nearest existing one again.
    for (let tries = 0; tries < 8; tries++) {
      let dir = dirname(path);
      while (!existsSync(dir) && dirname(dir) !== dir) dir = dirname(dir);
      if (dir === watchedDir) break;
      watcher?.close();
      watcher = undefined;
      watchedDir = dir;
      try {
        const w = watch(dir, { persistent: false }, (_event, filename) => {
          const name = filename?.toString();
          // The watched directory itself went away (inotify names it in its own events): watch anew.
          if (name === basename(dir) || !existsSync(dir)) {
            if (watcher === w) watchedDir = undefined;
            look();
            return;
          }
          // Events about other entries of the directory (/dev is busy) are not ours; no name: look anyway.
          if (name !== undefined && name !== nextOnTheWay(dir)) return;
          look();
        });
        w.on("error", () => {
          if (watcher === w) watchedDir = undefined;
          look();
        });
        watcher = w;
        break;
      } catch (error) {
        watchedDir = undefined;
        // not watchable (permissions, no inotify left): the backoff alone remains
        if ((error as NodeJS.ErrnoException).code !== "ENOENT") return;
      }
    }
    if (existsSync(path)) onBack();
  };

  look();
  return () => {
    stopped = true;
    watcher?.close();
  };
}
