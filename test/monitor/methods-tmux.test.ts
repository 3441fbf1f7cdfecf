// `gnsskit monitor --methods integrated,network` (the built CLI) in a real terminal: tmux on a private socket
// (`-L gnsskit-methods-test`), the network method asking a geolocation stub on 127.0.0.1 that speaks the
// Ichnaea request/response format. The simulated receiver starts cold: the network position is shown while the
// receiver has none, the receiver takes over after its fix, and the `n` key switches the network method off.

import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it, type TestContext } from "vitest";
import { startStub, type Stub } from "../methods/http-stub.js";
import { cliFor } from "../record/cli.js";
import { hasTmux, retryIfTmuxCrashed, tmuxOn } from "./_tmux.js";

const run = promisify(execFile);
const SOCKET = "gnsskit-methods-test";
const tmux = tmuxOn(SOCKET);
const capture = (target: string, history = false): string => tmux.capture(target, { history });
const waitForScreen = (target: string, what: string, test: (screen: string) => boolean, timeoutMs = 30_000): Promise<string> =>
  tmux.waitForScreen(target, what, test, timeoutMs);
const monitor = cliFor("monitor");
const WIFI = join(process.cwd(), "fixtures", "network", "nmcli-wifi.txt");
// The stub's answer: a position 100 m from the simulator's, with a radius no satellite fix is worse than.
const ANSWER = '{"location":{"lat":48.8591,"lng":2.2937},"accuracy":150}';

const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

afterAll(() => {
  try {
    tmux("kill-server");
  } catch {
    // no server was started
  }
});

/**
 * Each test its own geolocation stub (the first counts every request body the stub received) and its own state
 * directory: the tests of this file run at once, most of their time waiting on the simulated receivers' pace.
 */
async function peers({ onTestFinished }: TestContext): Promise<{ stub: Stub; stateDir: string }> {
  const stub = await startStub(ANSWER);
  const stateDir = mkdtempSync(join(tmpdir(), "gnsskit-methods-state-"));
  onTestFinished(async () => {
    await stub.close();
    rmSync(stateDir, { recursive: true, force: true });
  });
  return { stub, stateDir };
}

const methodsArgs = (stub: Stub): string[] => ["--methods", "integrated,network", "--provider", stub.url("/v1/geolocate"), "--wifi", WIFI];
/** Request body bytes the stub received so far: what the network method says it sent. */
const sentToStub = (stub: Stub): number => stub.requests.reduce((n, r) => n + Buffer.byteLength(r.body), 0);
const receivedFromStub = (stub: Stub): number => stub.requests.length * Buffer.byteLength(ANSWER);

// one suite, its tests at once (nested suites of a concurrent one run at once too)
describe.skipIf(monitor === undefined).concurrent("gnsskit monitor --methods", () => {
  describe.skipIf(!hasTmux)("in tmux", retryIfTmuxCrashed, () => {
    it("network position while the receiver searches, the receiver after its fix, n switches network off", async (context) => {
      const { stub, stateDir } = await peers(context);
      tmux("new-session", "-d", "-s", "methods", "-x", "120", "-y", "32", "-e", "PS1=$ ", "-e", `GNSSKIT_STATE_DIR=${stateDir}`, "sh");
      const pane = "methods:";
      const line = [process.execPath, ...monitor!, "monitor", "sim:?start=cold&speed=5&scenario=tunnel", ...methodsArgs(stub)].map(quote).join(" ");
      tmux("send-keys", "-t", pane, "-l", `${line}; echo "exit=$?"\n`);

      // 1. Cold start: no fix yet, the network method's answer is the position shown.
      const searching = await waitForScreen(pane, "the network position before the fix", (s) => /▶ n network +active/.test(s) && /SEARCHING/.test(s));
      expect(searching).toMatch(/^ gnsskit monitor · sim:\?start=cold&speed=5&scenario=tunnel +i n: method on\/off · r: raw · p: pause · q: quit *$/m);
      expect(searching).toMatch(/^▶ n network +active ±150 m +TTFL \d+\.\d s \(first\) +↑\d+ B ↓\d+ B/m);
      expect(searching).toMatch(/^ {2}i integrated searching \(no fix\) +TTFF — +0 B/m);
      expect(searching).toMatch(/^Position {4}48\.859100° N {2}2\.293700° E {2}±150 m \(network/m);
      expect(searching).toMatch(/^Method {6}none → network: network gave the first location/m);
      expect(stub.requests.length).toBeGreaterThanOrEqual(1);
      expect(stub.requests[0]!.json).toMatchObject({ wifiAccessPoints: expect.any(Array) });

      // 2. The receiver's fix: it is better by far, and takes over after the hold time.
      const fixed = await waitForScreen(pane, "the receiver taking over", (s) => /▶ i integrated active/.test(s));
      expect(fixed).toMatch(/^Fix {9}(2D|3D) fix/m);
      expect(fixed).toMatch(/^▶ i integrated active ±\d+(\.\d)? m +TTFF \d+\.\d s +0 B/m);
      // Its answer is still fresh: available, with its radius, not chosen; still marked as the first location.
      expect(fixed).toMatch(/^ {2}n network +available ±150 m +TTFL \d+\.\d s \(first\)/m);
      expect(fixed).not.toMatch(/integrated .*\(first\)/);
      expect(fixed).toMatch(/^Method {6}network → integrated: integrated ±\d+ m beats network ±150 m/m);
      expect(fixed).toMatch(/^Position .*\(integrated\)/m);
      const ttff = /^TTFF {8}(\d+\.\d) s/m.exec(fixed)?.[1];
      expect(fixed).toMatch(new RegExp(`▶ i integrated active .* TTFF ${ttff} s`)); // the method's TTFF is the receiver's

      // 3. The toggle key: network off, on screen; a key for a method not configured says so.
      tmux("send-keys", "-t", pane, "n");
      const off = await waitForScreen(pane, "network switched off", (s) => /n network +off \(n: on\)/.test(s));
      expect(off).toMatch(/^Method {6}network switched off/m);
      expect(off).not.toMatch(/n network +(available|active|asking|standby)/);
      expect(off).toMatch(/^▶ i integrated active/m);
      tmux("send-keys", "-t", pane, "b");
      await waitForScreen(pane, "the key's feedback", (s) => /b: bluetooth is not among --methods integrated,network/.test(s));

      // 4. q: the per-method summary after the screen, the network's bytes as the stub counted them.
      tmux("send-keys", "-t", pane, "q");
      const after = await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
      expect(after).not.toContain("gnsskit monitor ·");
      const all = capture(pane, true);
      // Switched off before the end: the table says so, and for how long it was on (its AVAIL is a share of that).
      const network = /^network +(\d+\.\d s) +[\d.]+ % +(\d+) B +(\d+) B +switched off \(on \d+\.\d s in all\)/m.exec(all);
      expect(network, all).not.toBeNull();
      expect(Number(network![2])).toBe(sentToStub(stub));
      expect(Number(network![3])).toBe(receivedFromStub(stub));
      expect(all).toMatch(/^integrated +\d+\.\d s/m);
    });
  });

  describe.skipIf(!hasTmux)("in tmux, 80 columns", retryIfTmuxCrashed, () => {
    it("a provider's refusal is shown whole under the network row, broken between words", async (context) => {
      const { stub, stateDir } = await peers(context);
      tmux("new-session", "-d", "-s", "refused", "-x", "80", "-y", "24", "-e", "PS1=$ ", "-e", `GNSSKIT_STATE_DIR=${stateDir}`, "sh");
      const pane = "refused:";
      const args = ["--methods", "network,integrated", "--provider", stub.url("/keyinvalid"), "--wifi", WIFI];
      const line = [process.execPath, ...monitor!, "monitor", "sim:?start=cold&speed=2", ...args].map(quote).join(" ");
      tmux("send-keys", "-t", pane, "-l", `${line}; echo "exit=$?"\n`);
      const screen = await waitForScreen(pane, "the network's reason", (s) => /↳/.test(s) && /^ {2}i integrated/m.test(s));
      const rows = screen.split("\n");
      const first = rows.findIndex((l) => l.includes("↳"));
      const end = rows.findIndex((l, k) => k > first && !/^ {17}\S/.test(l));
      const shown = rows.slice(first, end).join(" ").replace(/^.*↳ /, "").split(/ +/).join(" ");
      expect(shown).toBe(`ichnaea ${stub.url("/keyinvalid")}: HTTP 400 keyInvalid: the API key was refused (Missing or invalid API key.)`);
      expect(rows[first - 1]).toMatch(/^ {2}n network +unavailable/);
      tmux("send-keys", "-t", pane, "q");
      await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
    });
  });

  describe("stdout not a terminal", () => {
    it("prints the positioner's changes as lines among the status lines", async (context) => {
      const { stub, stateDir } = await peers(context);
      const { stdout } = await run(
        process.execPath,
        [...monitor!, "monitor", "sim:?start=cold&speed=20&duration=90&seed=3&at=2026-11-26T12:00:00Z", ...methodsArgs(stub)],
        {
          env: { ...process.env, GNSSKIT_STATE_DIR: stateDir },
        },
      );
      expect(stdout).not.toContain("\x1b");
      const lines = stdout.trim().split("\n");
      const first = lines.findIndex((l) => l === "methods: none → network (first: network gave the first location)");
      const back = lines.findIndex((l) => /^methods: network → integrated \((better|priority): integrated ±\d+ m beats network ±150 m for \d+ s\)$/.test(l));
      expect(first).toBeGreaterThanOrEqual(0);
      expect(back).toBeGreaterThan(first);
      // Status lines: the network's position while searching, the receiver's after the switch.
      expect(lines.slice(first, back).some((l) => /SEARCHING .* method network 48\.859100,2\.293700 ±150 m/.test(l))).toBe(true);
      expect(lines.slice(back).some((l) => /3D fix .* method integrated 48\.85\d+,2\.29\d+ ±\d/.test(l))).toBe(true);
    });
  });
});
