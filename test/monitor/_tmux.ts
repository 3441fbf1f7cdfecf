// tmux for the monitor's terminal tests: a private server per test file, pane captures, waiting for a screen.
import { execFileSync } from "node:child_process";

export const hasTmux = ((): boolean => {
  try {
    execFileSync("tmux", ["-V"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

export interface Tmux {
  (...args: string[]): string;
  /** The pane's text; `-e` keeps the colour escapes, `-S -60` the scrolled-off history. */
  capture(target: string, options?: { escapes?: boolean; history?: boolean }): string;
  /** Captures until `test` holds; throws with the last screen after `timeoutMs`. */
  waitForScreen(target: string, what: string, test: (screen: string) => boolean, timeoutMs: number): Promise<string>;
}

/**
 * tmux on a private server: `name` plus this process's id, so test files running side by side (and other
 * checkouts' test runs on the same machine) never share one, nor kill each other's.
 */
export function tmuxOn(name: string): Tmux {
  const socket = `${name}-${process.pid}`;
  const tmux = ((...args: string[]): string => execFileSync("tmux", ["-L", socket, ...args], { encoding: "utf8" })) as Tmux;
  tmux.capture = (target, options = {}) =>
    tmux("capture-pane", "-p", ...(options.escapes === true ? ["-e"] : []), ...(options.history === true ? ["-S", "-60"] : []), "-t", target);
  tmux.waitForScreen = async (target, what, test, timeoutMs) => {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const screen = tmux.capture(target);
      if (test(screen)) return screen;
      if (Date.now() > until) throw new Error(`timed out waiting for ${what}; the screen:\n${screen}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  };
  return tmux;
}
