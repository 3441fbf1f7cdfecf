// `gnsskit monitor mqtt://…/gnss/+` in a real terminal (tmux, the monitor tests' helper): 20 simulated
// receivers published through mosquitto show as 20 lines that update; j and Enter open one device's full
// screen, Esc goes back. The monitor killed (SIGKILL) and started again after the publisher has ended shows
// every device at once from the retained state: offline, its last fix, its TTFF, its availability.

import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { hasTmux, retryIfTmuxCrashed, tmuxOn } from "../monitor/_tmux.js";
import { hasMosquitto, startBroker } from "./_mosquitto.js";

const cli = join(process.cwd(), "bin", "gnsskit.js");
const built = existsSync(join(process.cwd(), "dist", "cli", "commands", "publish.js"));
const tmux = tmuxOn("gnsskit-fleet-view-test");
const NAMES = Array.from({ length: 20 }, (_, k) => `van-${String(k + 1).padStart(2, "0")}`);
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

/** The row of a device: status, fix, used/tracked, TTFF, age, method, availability. */
function rowOf(screen: string, name: string): string[] | undefined {
  const line = screen.split("\n").find((l) => new RegExp(`^[▶ ] ${name} `).test(l));
  return line?.slice(2).trim().split(/ {2,}/).slice(1);
}

describe.skipIf(!hasTmux || !hasMosquitto || !built)("the fleet view in tmux", retryIfTmuxCrashed, () => {
  afterAll(() => {
    try {
      tmux("kill-server");
    } catch {
      // no server was started
    }
  });

  it("20 devices that update; a device's full screen and back; killed and restarted, the retained state at once", async ({ onTestFinished }) => {
    const broker = await startBroker();
    onTestFinished(() => broker.stop());
    const url = `${broker.url}/gnss/+`;
    // at four times real time: TTFF and ages are on the receivers' clocks, and the 60 s of each take 15 s
    // a pinned sky (at=): a cold start's first fix at 30 s, half-way through its 60 s, so it still publishes after it
    // (with the sky of the hour the test ran, van-03's came at 40 s, the end of a 40 s run: its screen then got no line)
    const sources = NAMES.map((_, k) => `sim:?start=${["hot", "warm", "cold"][k % 3]}&seed=${k + 1}&duration=60&speed=4&at=2026-11-26T12:00:00Z`);
    const publisher = spawn(
      process.execPath,
      [cli, "publish", ...sources, ...NAMES.flatMap((n) => ["--device", n]), "--mqtt", broker.url, "--spool", mkdtempSync(join(tmpdir(), "gnsskit-view-"))],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    let published = "";
    publisher.stderr.on("data", (data: Buffer) => (published += data.toString()));
    const publisherExit = new Promise<number | null>((resolve) => publisher.once("close", resolve));
    // a failed check leaves it publishing to a broker that is gone: it must not outlive the test
    onTestFinished(() => {
      if (publisher.exitCode === null && publisher.signalCode === null) publisher.kill("SIGKILL");
    });

    const monitor = `${quote(process.execPath)} ${quote(cli)} monitor ${quote(url)}`;
    tmux("new-session", "-d", "-s", "first", "-x", "140", "-y", "30", "-e", "NO_COLOR=1", monitor);
    const all = await tmux.waitForScreen(
      "first:",
      "20 devices online, with a fix",
      (s) => /20 devices, 20 online/.test(s) && NAMES.every((n) => rowOf(s, n) !== undefined) && /3D fix/.test(s),
      60_000,
    );
    expect(all).toMatch(/^ gnsskit monitor · mqtt:\/\/127\.0\.0\.1:\d+\/gnss\/\+ · 20 devices, 20 online +↑↓ j k: select · Enter: open · q: quit/m);
    expect(all).toMatch(/^ {2}DEVICE +STATUS +FIX +USED\/TRK +TTFF +AGE +METHOD +AVAIL/m);
    expect(rowOf(all, "van-01")?.[0]).toBe("online");

    // it updates: a cold start (van-03) gets its fix and its TTFF while we watch
    // (its TTFF comes on the events topic, its fix on the epoch topic: MQTT orders each topic alone, so on a
    // loaded host one screen showed the TTFF beside "searching")
    const later = await tmux.waitForScreen(
      "first:",
      "van-03's first fix",
      (s) => /^\d+\.\d s$/.test(rowOf(s, "van-03")?.[3] ?? "") && /fix/.test(rowOf(s, "van-03")?.[1] ?? ""),
      60_000,
    );
    expect(rowOf(later, "van-03")?.[1]).toMatch(/fix/);

    // j j Enter: van-03's own screen; Esc: the fleet again
    tmux("send-keys", "-t", "first:", "j", "j", "Enter");
    // the whole screen: on a loaded host a capture once caught it drawn halfway over the fleet's rows
    const device = await tmux.waitForScreen(
      "first:",
      "van-03's screen",
      (s) => /gnss\/van-03 /.test(s) && /Satellites +\d+ used/.test(s) && /Esc or b: back to the fleet/.test(s),
      20_000,
    );
    expect(device).toMatch(/TTFF +\d+\.\d s/);
    expect(device).toMatch(/Esc or b: back to the fleet/);
    tmux("send-keys", "-t", "first:", "r"); // its raw lines, kept since it was opened
    await tmux.waitForScreen("first:", "van-03's raw lines", (s) => /^Raw {2}the receiver.s last lines/m.test(s) && /^\$G[PN]RMC,/m.test(s), 20_000);
    tmux("send-keys", "-t", "first:", "Escape");
    await tmux.waitForScreen("first:", "the fleet again", (s) => /^▶ van-03 /m.test(s) && /20 devices/.test(s), 20_000);

    // killed: no goodbye
    const panePid = tmux("display-message", "-p", "-t", "first:", "#{pane_pid}").trim();
    execFileSync("kill", ["-KILL", panePid]);
    expect(await publisherExit, published).toBe(0);
    const ttffs = new Map(
      [...published.matchAll(/^gnsskit: sim:\?start=\w+&seed=(\d+)&duration=60&speed=4&at=2026-11-26T12:00:00Z: .*\n(?: {2}.*\n)*? {2}TTFF: ([\d.]+) s/gm)].map(
        (m) => [NAMES[Number(m[1]) - 1] ?? "", Number(m[2])],
      ),
    );
    expect(ttffs.size).toBeGreaterThan(10);

    // started again when nothing is published any more: everything shown comes from the retained state
    tmux("new-session", "-d", "-s", "second", "-x", "140", "-y", "30", "-e", "NO_COLOR=1", monitor);
    const retained = await tmux.waitForScreen(
      "second:",
      "20 devices offline",
      (s) => /20 devices, 0 online/.test(s) && NAMES.every((n) => rowOf(s, n)?.[0] === "offline"),
      30_000,
    );
    for (const [name, ttffS] of ttffs) {
      const row = rowOf(retained, name);
      expect(row?.[1], `${name}: ${row?.join(" | ")}`).toMatch(/fix/);
      expect(row?.[3], name).toBe(`${ttffS.toFixed(1)} s`);
      expect(row?.[6], name).toMatch(/^\d+\.\d%$/);
    }
    tmux("send-keys", "-t", "second:", "q");
  }, 240_000);
});
