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
  it("a dead server: the waiting test and the next command fail as tmux's crash; a new server starts after it", async () => {
    tmux("new-session", "-d", "-s", "a", "-x", "80", "-y", "24", "sh");
    const pid = Number(tmux("display-message", "-p", "#{pid}").trim());
    const waiting = tmux.waitForScreen("a:", "a screen that never comes", () => false, 20_000);
    // what the kernel did to tmux 3.3a's server in a suite run (dmesg: "tmux: server[...]: segfault")
    process.kill(pid, "SIGSEGV");
    await expect(waiting).rejects.toBeInstanceOf(TmuxServerCrashed);
    expect(() => tmux.capture("a:")).toThrow(TmuxServerCrashed);
    expect(retryIfTmuxCrashed.retry.condition.test(new TmuxServerCrashed("s").message)).toBe(true);
    // the retry's own session: a new server, and its failures are the test's again
    tmux("new-session", "-d", "-s", "b", "-x", "80", "-y", "24", "sh");
    expect(Number(tmux("display-message", "-p", "#{pid}").trim())).not.toBe(pid);
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
});
