// What `gnsskit ports --probe PORT` says, run as a user runs it (the built bin) on real pseudo-terminals (socat):
// a port that says nothing, one that sends noise, one that carries a simulated receiver; what was probed, how,
// what was found, and what to do next (audit F, L9). A port whose baud hunt heard nothing was reported as
// "closed, cannot write", and noise at a fixed rate as "NMEA, dialect unknown, 5 sentences heard".
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { chmodSync, closeSync, constants, existsSync, mkdtempSync, openSync, symlinkSync, writeSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startSocatPair, type SocatPair } from "../node/sources/_pty.js";
import { cli, runBinAsync as runBin } from "./_bin.js";

const haveSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
if (!haveSocat) console.log("skipping the ports --probe wording tests: socat (Debian package socat) is not installed");

const dir = mkdtempSync(join(tmpdir(), "gnsskit-ports-"));

describe.skipIf(!haveSocat).concurrent("ports --probe PORT on pseudo-terminals", () => {
  const quiet = join(dir, "quiet");
  const quietToo = join(dir, "quiet-too"); // a port is probed by one process at a time
  const noisy = join(dir, "noisy");
  const simulated = join(dir, "sim");
  const pairs: SocatPair[] = [];
  let noise: ReturnType<typeof setInterval> | undefined;
  let simulator: ChildProcess | undefined;
  beforeAll(async () => {
    pairs.push(await startSocatPair(quiet, join(dir, "quiet-peer")));
    pairs.push(await startSocatPair(quietToo, join(dir, "quiet-too-peer")));
    pairs.push(await startSocatPair(noisy, join(dir, "noisy-peer")));
    // non-blocking: once no probe reads the port, its buffer fills, and a blocking write would stop this worker
    const peer = openSync(join(dir, "noisy-peer"), constants.O_WRONLY | constants.O_NONBLOCK);
    // bytes as a receiver at another rate looks: never a sentence whose checksum holds
    const bytes = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) & 0xff));
    noise = setInterval(() => {
      try {
        writeSync(peer, bytes);
      } catch {
        // EAGAIN: nobody reads the port now
      }
    }, 50);
    simulator = spawn(process.execPath, [cli, "simulate", "--pty", "--link", simulated, "--start", "hot", "--seed", "1"], { stdio: "ignore" });
    const deadline = Date.now() + 10_000;
    while (!existsSync(simulated) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    afterAll(() => closeSync(peer));
  });
  afterAll(async () => {
    clearInterval(noise);
    simulator?.kill("SIGTERM");
    for (const pair of pairs) await pair.kill();
  });

  it("a port that sends nothing, at a fixed rate: nothing heard at that rate, and what to try", async () => {
    const result = await runBin(["ports", "--probe", "--baud", "9600", "--listen", "1", quiet]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`^PATH +USB ID +DEVICE +PROBE\\n${quiet} +nothing heard at 9600 baud in \\d+\\.\\d s \\(listened, then queried: no answer\\)\\n$`),
    );
    expect(result.stderr).toBe(
      `gnsskit: probing ${quiet}: at 9600 baud, listening 1.0 s, then asking for its dialect...\n` +
        "gnsskit: no receiver heard on 1 port probed (tried at 9600 baud only: --baud auto tries every usual rate); a receiver just powered on may need a few seconds: probe again\n",
    );
  });

  it("a port that sends nothing, rate hunted: every rate tried, said as the hunt says it (not 'closed, cannot write')", async () => {
    const result = await runBin(["ports", "--probe", "--listen", "1", quietToo]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`\\n${quietToo} +no valid NMEA or UBX data at any of 9600, 4800, .* baud; is a receiver attached and sending\\?`));
    expect(result.stderr).toMatch(/^gnsskit: probing \S+: hunting its baud rate, listening 1\.0 s, then asking for its dialect\.\.\.\n/);
    expect(result.stderr).toMatch(/no receiver heard on 1 port probed \(every usual rate was tried\)/);
  });

  it("a port that sends noise: bytes but no sentence, a wrong rate? (noise was once 'NMEA, dialect unknown')", async () => {
    const result = await runBin(["ports", "--probe", "--baud", "9600", "--listen", "1", noisy]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(
      new RegExp(`\\n${noisy} +\\d+(\\.\\d)? kB at 9600 baud in \\d+\\.\\d s, no NMEA sentence among them: a wrong rate\\? \\(--baud auto hunts for it\\)\\n$`),
    );
    expect(result.stderr).toMatch(/no receiver heard on 1 port probed/);
    expect(result.stderr).not.toMatch(/watch it with/);
  });

  it("a simulated receiver: a pseudo-terminal (any rate), its dialect, and the command that watches it", async () => {
    const result = await runBin(["ports", "--probe", "--listen", "1", simulated]);
    expect(result.status).toBe(0);
    expect(result.stdout).toMatch(new RegExp(`\\n${simulated} +a pseudo-terminal \\(any rate\\), dialect mtk, \\d+ sentences heard\\n$`));
    expect(result.stderr).toMatch(new RegExp(`\\ngnsskit: ${simulated}: a receiver \\(mtk\\): watch it with \`gnsskit monitor ${simulated}\`\\n$`));
  });
});

describe.skipIf(!haveSocat)("ntrip sourcetable --near PORT that sends nothing", () => {
  it("says it waits, and then that no data came (not 'no fix')", async () => {
    const port = join(dir, "near");
    const pair = await startSocatPair(port, join(dir, "near-peer"));
    try {
      const result = await runBin(["ntrip", "sourcetable", "ntrip://127.0.0.1:9/", "--near", port, "--timeout", "1"]);
      expect(result.stderr).toBe(
        `gnsskit: --near ${port}: waiting up to 1.0 s for its first fix...\ngnsskit: --near ${port}: no data within 1.0 s: give --lat/--lon instead\n`,
      );
      expect(result.status).toBe(1);
    } finally {
      await pair.kill();
    }
  });
});

describe("ports --probe with no port at all", () => {
  // Without udevadm gnsskit lists /dev/serial/by-id, which only exists while a USB serial device is plugged in.
  it.skipIf(existsSync("/dev/serial/by-id"))("says nothing was probed, and how to name a port", async () => {
    const bin = mkdtempSync(join(tmpdir(), "gnsskit-path-"));
    symlinkSync(process.execPath, join(bin, "node"));
    chmodSync(bin, 0o755);
    const result = await runBin(["ports", "--probe"], { env: { PATH: bin, HOME: dirname(bin) } });
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/name it \(`gnsskit ports --probe \/dev\/pts\/N`\) or give its path as SOURCE; nothing probed$/m);
  });
});
