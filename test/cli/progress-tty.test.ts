// The progress bar of a long decode, on a terminal (tmux): drawn while the log is read, and the decode goes on to
// its end. It threw "SingleBar is not a constructor" in the bundled CLI (cli-progress is CommonJS, which the bundle
// gives as a default export), ending every decode of a log of 8 MB or more run from a terminal with a stack trace.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createSimSource } from "../../src/sim/source.js";
import { hasTmux, retryIfTmuxCrashed, tmuxOn } from "../monitor/_tmux.js";
import { cli } from "./_bin.js";

const tmux = tmuxOn("gnsskit-progress-test");
const dir = mkdtempSync(join(tmpdir(), "gnsskit-progress-"));
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
  try {
    tmux("kill-server");
  } catch {
    // no server was started
  }
});
const quote = (text: string): string => `'${text.replace(/'/g, `'\\''`)}'`;

describe.skipIf(!hasTmux)("decode's progress bar on a terminal", retryIfTmuxCrashed, () => {
  it("draws while a large log is read and ends with the decode's summary, exit 0", async () => {
    // 1200 simulated seconds (an epoch each: the bar is looked at every 1024 epochs), then comment lines up to
    // 8.5 MB (a bar is drawn for logs of 8 MB or more)
    const sim = createSimSource("sim:?start=hot&speed=max&duration=1200&seed=3&at=2026-11-26T12:00:00Z");
    await sim.open();
    const chunks: Uint8Array[] = [];
    for await (const chunk of sim) chunks.push(chunk);
    const epochs = Buffer.concat(chunks);
    const log = join(dir, "large.nmea");
    writeFileSync(log, Buffer.concat([epochs, Buffer.from("# padding\n".repeat(Math.ceil((8.5e6 - epochs.length) / 10)))]));
    tmux("new-session", "-d", "-s", "bar", "-x", "120", "-y", "12", "-e", "PS1=$ ", "sh");
    const line = [process.execPath, cli, "decode", log, "--format", "gpsd", "-o", "/dev/null"].map(quote).join(" ");
    tmux("send-keys", "-t", "bar:", "-l", `${line}; echo "exit=$?"\n`);
    // everything the pane printed, the bar's frames too (cleared when done)
    const printed = await tmux.waitForOutput("bar:", "the decode's end", /exit=\d+/, 60_000);
    expect(printed).toMatch(/decoding \[[=-]+\] \d+% \| \d+\/9 MB/);
    expect(printed).not.toMatch(/TypeError|\n\s+at /);
    expect(printed).toMatch(/\d+ epochs/);
    expect(printed).toMatch(/exit=0/);
  });
});
