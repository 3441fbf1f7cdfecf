// The built `gnsskit monitor` in a real terminal: tmux on a private socket (`-L gnsskit-monitor-test`),
// a pane of fixed size running a shell; the screen is read with capture-pane, keys sent with send-keys.
// Also the plain mode, when stdout is a pipe.

import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { afterAll, describe, expect, it } from "vitest";
import { cliFor } from "../record/cli.js";
import { hasTmux, retryIfTmuxCrashed, tmuxOn } from "./_tmux.js";

const run = promisify(execFile);
const SOCKET = "gnsskit-monitor-test";
const tmux = tmuxOn(SOCKET);
const capture = (target: string, escapes = false): string => tmux.capture(target, { escapes });
const waitForScreen = (target: string, what: string, test: (screen: string) => boolean, timeoutMs = 20_000): Promise<string> =>
  tmux.waitForScreen(target, what, test, timeoutMs);
const monitor = cliFor("monitor");

let sessions = 0;
/** A shell in a fresh pane of width × height, with a `$ ` prompt; returns its target. */
function openPane(width: number, height: number, env: Record<string, string> = {}): string {
  const name = `m${++sessions}`;
  tmux(
    "new-session",
    "-d",
    "-s",
    name,
    "-x",
    String(width),
    "-y",
    String(height),
    "-e",
    "PS1=$ ",
    ...Object.entries(env).flatMap(([k, v]) => ["-e", `${k}=${v}`]),
    "sh",
  );
  return `${name}:`;
}
const typeLine = (target: string, line: string): void => void tmux("send-keys", "-t", target, "-l", line + "\n");
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;
const command = (spec: string): string => [process.execPath, ...monitor!, "monitor", spec].map(quote).join(" ") + '; echo "exit=$?"';

afterAll(() => {
  try {
    tmux("kill-server");
  } catch {
    // no server was started
  }
});

/** Counts on the Satellites line: used, tracked, in view. */
function totals(screen: string): [number, number, number] | undefined {
  const m = /Satellites +(\d+) used · (\d+) tracked · (\d+) in view/.exec(screen);
  return m ? [Number(m[1]), Number(m[2]), Number(m[3])] : undefined;
}

// The tests run at once, each in its own pane: most of their time is the simulated receivers' real-time pace
// (one after the other, 33 s).
describe.skipIf(!hasTmux || monitor === undefined).concurrent("gnsskit monitor in tmux", retryIfTmuxCrashed, () => {
  it("140 columns: fix, TTFF, used/tracked counts and the sky plot; q quits and restores the terminal", async () => {
    const pane = openPane(140, 40);
    typeLine(pane, command("sim:?start=hot&speed=5"));
    const screen = await waitForScreen(pane, "a 3D fix with satellites used", (s) => /3D fix for/.test(s) && (totals(s)?.[0] ?? 0) > 0);
    expect(screen).toMatch(/^ gnsskit monitor · sim:\?start=hot&speed=5 +r: raw · p: pause · q: quit/m);
    expect(screen).toMatch(/TTFF +\d+\.\d s/);
    expect(screen).toMatch(/Start +hot start \(inferred\)/);
    const [used, tracked, inView] = totals(screen)!;
    expect(tracked).toBeGreaterThanOrEqual(used);
    expect(inView).toBeGreaterThanOrEqual(tracked);
    expect(screen).toMatch(/^\* G\d\d +█+ +\d\d/m);
    expect(screen).toContain("Sky");
    expect(screen).toContain("filled: used  hollow: tracked");
    expect(screen).toMatch(/●○ GPS/);
    // Alternate screen on, cursor hidden while it runs.
    expect(tmux("display-message", "-p", "-t", pane, "#{alternate_on} #{cursor_flag}").trim()).toBe("1 0");
    // Colours are on: the used mark is painted.
    expect(capture(pane, true)).toMatch(new RegExp(`${"\x1b"}\\[[0-9;]*32m`));
    tmux("send-keys", "-t", pane, "q");
    // the shell prompt after the exit line: the shell prints it a moment after `echo` (a capture between the two
    // saw no prompt yet)
    const after = await waitForScreen(pane, "the shell back", (s) => /exit=0\n[$#]\s*$/.test(s.trimEnd()));
    expect(after).not.toContain("gnsskit monitor ·"); // the alternate screen is gone
    expect(after).toMatch(/TTFF: \d+\.\d+ s/); // the summary, on stderr, after the screen
    expect(tmux("display-message", "-p", "-t", pane, "#{alternate_on} #{cursor_flag}").trim()).toBe("0 1");
  });

  it("80 columns with NO_COLOR: no sky plot, no escape sequence, used still marked; Ctrl-C quits", async () => {
    const pane = openPane(80, 24, { NO_COLOR: "1" });
    typeLine(pane, command("sim:?start=hot&speed=5"));
    const screen = await waitForScreen(pane, "a 3D fix", (s) => /3D fix for/.test(s) && (totals(s)?.[0] ?? 0) > 0);
    expect(screen).not.toContain("Sky");
    expect(screen).toMatch(/^\* G\d\d +█+/m);
    const lines = screen.trimEnd().split("\n");
    expect(lines.length).toBeLessThanOrEqual(24);
    expect(lines.every((l) => l.length <= 80)).toBe(true);
    expect(capture(pane, true)).not.toContain("\x1b[");
    tmux("send-keys", "-t", pane, "C-c");
    const after = await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
    expect(after).not.toContain("gnsskit monitor ·");
    expect(tmux("display-message", "-p", "-t", pane, "#{alternate_on} #{cursor_flag}").trim()).toBe("0 1");
  });

  it("r shows the receiver's lines at the bottom, scrolling; p freezes the screen while reading goes on, PAUSED in the title", async () => {
    const pane = openPane(100, 30);
    typeLine(pane, command("sim:?start=hot&speed=5"));
    await waitForScreen(pane, "the monitor", (s) => /3D fix for/.test(s));
    tmux("send-keys", "-t", pane, "r");
    // A frame is one write, which tmux may take in parts: a capture between them showed a row half new sentence,
    // half old satellite bars (at load 4). Waited for: the pane with each of its rows a whole sentence; a monitor
    // that drew anything else there never gets one, and the wait fails with the screen it saw.
    const sentencesOf = (screen: string): { heading: number; rows: number; sentences: string[] } => {
      const rows = screen.trimEnd().split("\n");
      const heading = rows.findIndex((l) => l.startsWith("Raw  "));
      return { heading, rows: rows.length, sentences: heading < 0 ? [] : rows.slice(heading + 1).filter((l) => l !== "") };
    };
    const SENTENCE = /^\$G[PLN][A-Z]{3},.*\*[0-9A-F]{2}$/;
    const raw = await waitForScreen(pane, "the raw pane, each row a sentence", (s) => {
      const { sentences } = sentencesOf(s);
      return /^Raw {2}the receiver's last lines/m.test(s) && sentences.length > 3 && sentences.every((l) => SENTENCE.test(l));
    });
    const { heading, rows } = sentencesOf(raw);
    expect(rows).toBeLessThanOrEqual(30);
    expect(heading).toBe(30 - 10); // a third of the screen, at the bottom
    // It scrolls: a later screen ends with a later sentence.
    const lastOf = (screen: string): string => screen.trimEnd().split("\n").at(-1)!;
    await waitForScreen(pane, "new lines", (s) => lastOf(s) !== lastOf(raw) && /^Raw /m.test(s));

    tmux("send-keys", "-t", pane, "p");
    // (a count in kB once a thousand bytes came: on a loaded host the first screen seen may already say so)
    const body = (screen: string): string => screen.split("\n").slice(1).join("\n");
    // the frozen screen is the one that stays: the first capture with PAUSED in the title may catch its frame half
    // drawn (the title redrawn, the body not yet), which a loaded host showed once
    let bodyBefore: string | undefined;
    const paused = await waitForScreen(pane, "PAUSED, and the same screen below it twice", (s) => {
      const same = /PAUSED, [\d.]+ k?B read since/.test(s) && body(s) === bodyBefore;
      bodyBefore = /PAUSED/.test(s) ? body(s) : undefined;
      return same;
    });
    expect(paused).toMatch(/p: resume/);
    const bytesSince = (screen: string): number =>
      Number(/PAUSED, (\d+(?:\.\d)?) (k?)B read since/.exec(screen)?.[1] ?? NaN) * (/PAUSED, [\d.]+ kB/.test(screen) ? 1000 : 1);
    // Data keeps coming (the count grows) while the screen below the title stays as it was.
    const later = await waitForScreen(pane, "more bytes read while paused", (s) => bytesSince(s) > bytesSince(paused) + 1000);
    expect(body(later)).toBe(body(paused));
    tmux("send-keys", "-t", pane, "p");
    await waitForScreen(pane, "the screen running again", (s) => !s.includes("PAUSED") && body(s) !== body(paused));
    tmux("send-keys", "-t", pane, "r");
    await waitForScreen(pane, "the pane hidden", (s) => !/^Raw /m.test(s));
    tmux("send-keys", "-t", pane, "q");
    await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
  });

  it("NO_COLOR with the sky plot: no escape, the only letters on the plot are the compass points, the legend says filled and hollow", async () => {
    const pane = openPane(120, 40, { NO_COLOR: "1" });
    typeLine(pane, command("sim:?start=hot&speed=5&seed=3"));
    const screen = await waitForScreen(
      pane,
      "a fix with satellites on the plot",
      (s) =>
        /3D fix for/.test(s) &&
        /[●■◆▲]/.test(
          s
            .split("\n")
            .map((l) => l.slice(70))
            .join("\n"),
        ),
    );
    expect(capture(pane, true)).not.toContain("\x1b[");
    const plot = screen.split("\n").map((l) => l.slice(120 - 41));
    // The plot's letters are the compass and the title only.
    const letters =
      plot
        .slice(1, 22)
        .join("")
        .replace("Sky", "")
        .match(/[A-Za-z]/g) ?? [];
    expect(letters.sort()).toEqual(["E", "N", "S", "W"]);
    expect(plot.join("\n")).toContain("filled: used  hollow: tracked");
    tmux("send-keys", "-t", pane, "q");
    await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
  });

  it("before the first fix the TTFF timer runs; a resize redraws at the new width", async () => {
    const pane = openPane(120, 30);
    typeLine(pane, command("sim:?start=cold&speed=2"));
    const first = await waitForScreen(pane, "the TTFF timer", (s) => /TTFF +\d+ s and counting/.test(s));
    const seconds = (s: string): number => Number(/TTFF +(\d+) s and counting/.exec(s)?.[1] ?? NaN);
    const later = await waitForScreen(pane, "the timer to advance", (s) => seconds(s) > seconds(first) || /TTFF +\d+\.\d s/.test(s));
    expect(later).toMatch(/SEARCHING \(no fix\)|3D fix|2D fix/);
    expect(first).toContain("Sky");
    tmux("resize-window", "-t", pane, "-x", "90", "-y", "30");
    await waitForScreen(pane, "a redraw without the sky plot", (s) => !s.includes("Sky") && s.split("\n").every((l) => l.length <= 90));
    tmux("send-keys", "-t", pane, "q");
    await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
  });

  it("Why says what a cold start waits for, with when a fix is expected, and goes once there is a 3D fix", async () => {
    const pane = openPane(120, 40);
    // The first 1-3 s of a cold start track nothing: about a second at speed 2. The pane is heard from before
    // the command is typed, and the sky is pinned (at=): with another hour's, a satellite may be tracked sooner.
    // Speed 2, not 4: the ephemeris wait (about 25 s of the receiver's) then shows for 12 s, and with a CPU hog
    // beside the suite its 6 s at speed 4 once went by unseen.
    await waitForScreen(pane, "the shell", () => true);
    typeLine(pane, command("sim:?start=cold&speed=2&at=2026-11-26T12:00:00Z"));
    // the Why column: its first line and the continuations under it, up to the next label
    const why = (s: string): string => {
      const lines = s.split("\n");
      const at = lines.findIndex((l) => l.startsWith("Why "));
      const end = lines.findIndex((l, k) => k > at && !l.startsWith("            "));
      return lines
        .slice(at, end)
        .map((l) => l.slice(12, 75).trim())
        .join(" ");
    };
    // shown for under a second: heard in the pane's output, not waited for on a captured screen
    const searching = await tmux.waitForOutput(pane, "the searching line", /Why +searching: no satellite tracked yet/, 20_000);
    expect(searching).toMatch(/SEARCHING \(no fix\)/);
    // tracked but unused: waiting for the navigation message, its estimate seen whole at the end of the line
    const ephemeris = await waitForScreen(
      pane,
      "the ephemeris line with its estimate",
      (s) => /^Why +tracking \d+, none used: waiting for ephemeris/m.test(s) && /a fix expected /.test(why(s)),
    );
    expect(why(ephemeris)).toMatch(/first locked \d+ s ago; a fix expected (in \d+(–\d+)? s|within \d+ s)$/);
    expect(ephemeris).not.toMatch(/3D fix for/);
    const fixed = await waitForScreen(pane, "a 3D fix", (s) => /3D fix for/.test(s));
    expect(fixed).not.toMatch(/^Why /m);
    tmux("send-keys", "-t", pane, "q");
    await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
  });

  it("an urban canyon: the blocked sectors said under Why and hatched on the sky plot", async () => {
    const pane = openPane(130, 45);
    // a pinned sky (at=): with the sky of the hour the run happened, the fix could be lost and "fix lost" come first under Why.
    // At 12:30 two satellites are behind the west side's buildings from the start: a blocked sector after 70 s of sky
    // (at 12:00 the second one comes after 30 min: a sector needs two satellites missing or weak for a minute each)
    typeLine(pane, command("sim:?start=hot&env=urban-canyon&speed=60&at=2026-11-26T12:30:00Z"));
    const screen = await waitForScreen(pane, "a blocked sector", (s) => /^Why +.*blocked below (at least )?\d+/m.test(s) && s.includes("╱: sky found blocked"));
    const plot = screen.split("\n").map((l) => l.slice(80));
    expect(plot.join("").split("╱").length).toBeGreaterThan(20);
    tmux("send-keys", "-t", pane, "q");
    await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
  });
});

describe.skipIf(!hasTmux || monitor === undefined).concurrent("gnsskit monitor fed by a pipe", retryIfTmuxCrashed, () => {
  it("replay | monitor -: keys come from the terminal, q works after the replay process has exited", async () => {
    const pane = openPane(100, 30);
    const replay = [
      process.execPath,
      join(process.cwd(), "bin", "gnsskit.js"),
      "replay",
      "--speed",
      "10",
      join(process.cwd(), "fixtures", "cold-start-ttff.nmea"),
    ];
    const monitorCommand = [process.execPath, ...monitor!, "monitor", "-"];
    typeLine(pane, `${replay.map(quote).join(" ")} | ${monitorCommand.map(quote).join(" ")}; echo "exit=$?"`);
    const screen = await waitForScreen(pane, "the end of the log", (s) => s.includes("source ended"));
    expect(screen).toMatch(/3D fix for/);
    expect(screen).toMatch(/Satellites +5 used/);
    tmux("send-keys", "-t", pane, "q");
    await waitForScreen(pane, "the shell back", (s) => /exit=0/.test(s));
    expect(tmux("display-message", "-p", "-t", pane, "#{alternate_on} #{cursor_flag}").trim()).toBe("0 1");
  });
});

describe.skipIf(monitor === undefined).concurrent("gnsskit monitor, stdout not a terminal", () => {
  it("prints one plain status line per second of the source's clock and exits at the end of the source", async () => {
    const { stdout, stderr } = await run(process.execPath, [...monitor!, "monitor", "sim:?start=cold&speed=max&duration=60&seed=3&at=2026-11-26T12:00:00Z"]);
    expect(stdout).not.toContain("\x1b");
    const lines = stdout.trim().split("\n");
    // One line a second, plus one at each change of fix (2D, 3D).
    expect(lines.length).toBeGreaterThanOrEqual(60);
    expect(lines.length).toBeLessThanOrEqual(63);
    expect(lines[0]).toMatch(/^(2026-11-26T\d\d:\d\d:\d\dZ {2})?SEARCHING \(no fix\) for \d+ s {2}sats \d+ used/);
    expect(lines.at(-1)).toMatch(
      /3D fix for \d+ s {2}48\.85\d+,2\.29\d+ .* sats \d+ used\/\d+ tracked\/\d+ in view {2}TTFF \d+\.\d s {2}cold start \(inferred\)$/,
    );
    expect(stderr).toMatch(/TTFF: \d+\.\d+ s/);
  });
});
