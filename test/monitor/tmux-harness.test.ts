// The tmux harness of the terminal tests (_tmux.ts): tmux's own crash (its server gone under a waiting test) is
// said as such, and is the only failure their retry covers; a failure while the server runs stays the test's.
import { afterAll, describe, expect, it } from "vitest";
import { hasTmux, retryIfTmuxCrashed, TmuxServerCrashed, tmuxOn } from "./_tmux.js";

const tmux = tmuxOn("gnsskit-harness-test");
afterAll(() => {
  try {
    tmux("kill-server");
  } catch {
    // killed by the test
  }
});

describe.skipIf(!hasTmux)("tmux harness", () => {
  it("a dead server: its session's waiting test and commands fail as tmux's crash, also once a new server runs", async () => {
    tmux("new-session", "-d", "-s", "a", "-x", "80", "-y", "24", "sh");
    const pid = Number(tmux("display-message", "-p", "#{pid}").trim());
    const waited = tmux
      .waitForScreen("a:", "a screen that never comes", () => false, 20_000)
      .then(
        () => undefined,
        (error: unknown) => error,
      );
    // what the kernel did to tmux 3.3a's server in a suite run (dmesg: "tmux: server[...]: segfault")
    process.kill(pid, "SIGSEGV");
    // another test makes its session at once: a new server, while the first test still waits on its own
    await new Promise((resolve) => setTimeout(resolve, 100));
    tmux("new-session", "-d", "-s", "b", "-x", "80", "-y", "24", "sh");
    expect(Number(tmux("display-message", "-p", "#{pid}").trim())).not.toBe(pid);
    expect(await waited).toBeInstanceOf(TmuxServerCrashed);
    expect(() => tmux.capture("a:")).toThrow(TmuxServerCrashed);
    expect(retryIfTmuxCrashed.retry.condition.test(new TmuxServerCrashed("s").message)).toBe(true);
    // a failure on the live server is the test's own
    let error: unknown;
    try {
      tmux.capture("nosuch:");
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(Error);
    expect(error).not.toBeInstanceOf(TmuxServerCrashed);
    expect(retryIfTmuxCrashed.retry.condition.test((error as Error).message)).toBe(false);
  });

  it("a session whose program ended (the monitor quit or crashed) leaves the server up: its failures are the test's", async () => {
    tmux("new-session", "-d", "-s", "short", "-x", "80", "-y", "24", "sh -c 'exit 3'");
    for (const session of ["a", "b"]) {
      try {
        tmux("kill-session", "-t", session);
      } catch {
        // gone with the first test's server
      }
    }
    // every session gone: the server stays (exit-empty off), so a capture fails as the test's own failure
    await expect(tmux.waitForScreen("short:", "a pane that is gone", () => true, 5_000)).rejects.not.toBeInstanceOf(TmuxServerCrashed);
    expect(() => tmux.capture("short:")).toThrow(/can't find|no current target/);
    expect(() => tmux.capture("short:")).not.toThrow(TmuxServerCrashed);
  });
});
