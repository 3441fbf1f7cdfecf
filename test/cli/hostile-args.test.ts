// Hostile and odd command lines, run as a user runs them (the built bin): each gets one line on stderr beginning
// `gnsskit:` and exit 2, never a run on a number the user did not write (audit F).
import { spawn, spawnSync } from "node:child_process";
import { closeSync, existsSync, mkdtempSync, openSync, symlinkSync, writeFileSync } from "node:fs";
import { type AddressInfo, createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { cli, fixture, runBinAsync as runBin } from "./_bin.js";

const COLD = fixture("cold-start-ttff.nmea");
const dir = mkdtempSync(join(tmpdir(), "gnsskit-hostile-"));

describe.concurrent("numbers are decimal (L7): hexadecimal, binary, octal and empty values are refused, exit 2", () => {
  const cases: Array<{ args: string[]; message: string }> = [
    {
      args: ["decode", COLD, "--speed", "0x10"],
      message: "--speed 0x10: expected max or a number from 0.001 (a second of the log in 1000 s) up (decimal only: 0x10 is hexadecimal, 16 in decimal)",
    },
    {
      args: ["decode", COLD, "--baud", "0x2580"],
      message: "--baud 0x2580: expected a rate such as 9600, or auto (decimal only: 0x2580 is hexadecimal, 9600 in decimal)",
    },
    { args: ["decode", COLD, "--count", "0b11"], message: "--count 0b11: expected a positive integer (decimal only: 0b11 is binary, 3 in decimal)" },
    // Number("") is 0: the replay started at the log's start without a word
    // 1e308 s is Infinity in ms: the replay source's own "from/to offsets must satisfy 0 <= from < to" came out
    { args: ["replay", COLD, "--from", "1e308"], message: "--from 1e308: expected seconds from 0 to 1000000000" },
    { args: ["replay", COLD, "--speed", "max", "--from", ""], message: "--from : expected seconds from 0 to 1000000000 (the value is empty)" },
    {
      args: ["replay", COLD, "--speed", "max", "--to", "0x10"],
      message: "--to 0x10: expected seconds from 0 to 1000000000 (decimal only: 0x10 is hexadecimal, 16 in decimal)",
    },
    {
      args: ["record", COLD, "-o", "/nonexistent/x.nmea", "--fsync", "0o7"],
      message: "--fsync 0o7: expected seconds ≥ 0 (decimal only: 0o7 is octal, 7 in decimal)",
    },
    {
      args: ["decode", "sim:?speed=0x10&duration=5"],
      message: 'sim: bad speed "0x10" (expected max or a number from 0.001 to 1000000) (decimal only: 0x10 is hexadecimal, 16 in decimal)',
    },
    {
      args: ["sky", "--lat", "0x30", "--lon", "2"],
      message: "--lat 0x30: expected degrees between -90 and 90 (decimal only: 0x30 is hexadecimal, 48 in decimal)",
    },
    { args: ["simulate", "--tcp", "0x50"], message: "--tcp 0x50: expected a port number 0..65535 (decimal only: 0x50 is hexadecimal, 80 in decimal)" },
    {
      args: ["serve", COLD, "--port", "0x50"],
      message: "--port 0x50: expected 0-65535 (0 = any free port) (decimal only: 0x50 is hexadecimal, 80 in decimal)",
    },
  ];
  for (const c of cases) {
    it(`gnsskit ${c.args.map((a) => (a === "" ? '""' : a)).join(" ")}`, async () => {
      const result = await runBin(c.args);
      expect(result.stderr).toBe(`gnsskit: ${c.message}\n`);
      expect(result.status).toBe(2);
      expect(result.stdout).toBe("");
    });
  }

  it("an exponent is the number it writes: --duration 1e3 and --count 1e1 are 1000 s and 10 epochs", async () => {
    const result = await runBin(["decode", "sim:?speed=max&seed=1&at=2026-11-26T12:00:00Z", "--duration", "1e3", "--count", "1e1", "-q"]);
    expect(result.status).toBe(0);
    expect(result.stdout.trim().split("\n")).toHaveLength(10);
  });
});

/** `gnsskit ARGS` fed `bytes` on stdin, kept open until stderr shows `until` (or for `giveUpMs`); then stdin ends. */
function feedUntil(args: string[], bytes: Buffer, until: RegExp, giveUpMs = 10_000): Promise<{ status: number | null; stderr: string; sawBeforeEnd: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [cli, ...args], { timeout: 30_000 });
    let stderr = "";
    let sawBeforeEnd = false;
    const end = setTimeout(() => child.stdin.end(), giveUpMs); // the notice never came: end the input all the same
    child.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString("utf8");
      if (!sawBeforeEnd && until.test(stderr)) {
        sawBeforeEnd = true;
        clearTimeout(end);
        child.stdin.end();
      }
    });
    child.stdout.resume();
    child.stdin.once("error", () => undefined);
    child.once("error", reject);
    child.once("close", (status) => {
      clearTimeout(end);
      resolve({ status, stderr, sawBeforeEnd });
    });
    child.stdin.write(bytes);
  });
}

describe.concurrent("a source that gives bytes and nothing readable (L8)", () => {
  const endless =
    /^gnsskit: \/dev\/zero: not NMEA: no sentence and no UBX message gnsskit decodes in the first \d+\.\d MB; stopped: \/dev\/zero is a character device, not a serial port, and may never end\n$/;
  for (const command of ["decode", "report", "record", "monitor"]) {
    it(`${command} /dev/zero stops after a few MB with one line, exit 1 (it read forever in silence)`, async () => {
      const result = await runBin(command === "record" ? [command, "/dev/zero", "-o", join(dir, "zero.nmea"), "-q"] : [command, "/dev/zero"]);
      expect(result.stderr).toMatch(endless);
      expect(result.status).toBe(1);
      expect(result.stdout).toBe("");
    });
  }

  it("a pipe (may be slow, may end) is told once that nothing readable came so far, and read on to its end", async () => {
    const result = await feedUntil(["decode", "-"], Buffer.alloc(2_000_000), /nothing readable so far/);
    expect(result.sawBeforeEnd).toBe(true);
    expect(result.stderr).toMatch(
      /^gnsskit: -: nothing readable so far: \d+\.\d MB read, no NMEA sentence and no UBX message gnsskit decodes; still reading \(Ctrl-C stops\)\ngnsskit: -: not NMEA: no sentence in 2\.0 MB\n$/,
    );
    expect(result.status).toBe(0);
  });

  it("a pipe that gave a sentence is not told so, however much else follows", async () => {
    const sentence = Buffer.from("$GPGGA,120000.00,4851.5,N,00217.7,E,1,08,1.0,35.0,M,47.0,M,,*5D\r\n");
    // 2 s: ten times the watch's tick, with the MB read long before
    const result = await feedUntil(["decode", "-"], Buffer.concat([sentence, Buffer.alloc(2_000_000)]), /nothing readable/, 2000);
    expect(result.sawBeforeEnd).toBe(false);
    expect(result.stderr).toMatch(/^gnsskit: -: 1 sentence in 1 frame \(2\.0 MB\), 1 epoch\n/);
    expect(result.stderr).not.toMatch(/nothing readable/);
    expect(result.status).toBe(0);
  });
});

describe.concurrent("ntrip sourcetable --near SOURCE that gives no fix (L9): what was heard, not 'no fix within 2 min'", () => {
  const caster = "ntrip://127.0.0.1:9/"; // never reached: the position comes first
  const cases: Array<{ name: string; content?: string | Buffer; path?: string; message: string }> = [
    {
      name: "a log that ends before a fix",
      content: "$GPGGA,101500.00,,,,,0,00,99.99,,,,,,*63\r\n$GPGSA,A,1,,,,,,,,,,,,,99.99,99.99,99.99*30\r\n",
      message: "no fix before its end (1 epoch without one)",
    },
    { name: "an empty file", content: "", message: "the file is empty" },
    { name: "a file of no NMEA", content: Buffer.alloc(3000, 0x41), message: "no NMEA sentence nor UBX message in 3000 B" },
    { name: "an empty device", path: "/dev/null", message: "the device is empty (no data to read)" },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const path = c.path ?? join(dir, `near-${c.name.replaceAll(" ", "-")}.nmea`);
      if (c.content !== undefined) writeFileSync(path, c.content);
      const result = await runBin(["ntrip", "sourcetable", caster, "--near", path]);
      expect(result.stderr).toBe(`gnsskit: --near ${path}: ${c.message}: give --lat/--lon instead\n`);
      expect(result.status).toBe(1);
    });
  }
});

describe.concurrent("an output that is a FIFO no program reads (L10): said, and stopped by --duration or Ctrl-C", () => {
  const fifo = (name: string): string => {
    const path = join(dir, name);
    expect(spawnSync("mkfifo", [path]).status).toBe(0);
    return path;
  };
  const waiting = (path: string): string => `gnsskit: waiting for a reader on ${path} (a FIFO: nothing is written until a program reads it)\n`;

  it("record -o FIFO --duration 2: waits 2 s, says so, exit 1 (it blocked in open(2) for ever)", async () => {
    const path = fifo("record-duration.fifo");
    const startedAtMs = Date.now();
    const result = await runBin(["record", "sim:?speed=max", "-o", path, "--duration", "2"]);
    expect(result.stderr).toBe(`${waiting(path)}gnsskit: cannot write ${path}: no program reads the FIFO (none within --duration 2.0 s); nothing written\n`);
    expect(result.status).toBe(1);
    expect(Date.now() - startedAtMs).toBeLessThan(20_000);
  });

  for (const command of ["record", "decode", "report"]) {
    it(`${command}: Ctrl-C while waiting for the reader ends the wait: one line, exit 1`, async () => {
      const path = fifo(`${command}-interrupt.fifo`);
      const output = command === "report" ? ["--html", path] : ["-o", path];
      const child = spawn(process.execPath, [cli, command, command === "record" ? "sim:" : fixture("cold-start-ttff.nmea"), ...output], { timeout: 30_000 });
      let stderr = "";
      let interrupted = false;
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString("utf8");
        if (!interrupted && stderr.includes("waiting for a reader")) interrupted = child.kill("SIGINT");
      });
      const status = await new Promise<number | null>((resolve) => child.once("close", resolve));
      expect(stderr).toBe(`${waiting(path)}gnsskit: cannot write ${path}: no program reads the FIFO (stopped while waiting for one); nothing written\n`);
      expect(status).toBe(1);
    });
  }

  it("decode -o FIFO whose reader comes late: said once, then everything written to it", async () => {
    const path = fifo("decode-late-reader.fifo");
    const run = runBin(["decode", COLD, "-o", path]);
    await new Promise((resolve) => setTimeout(resolve, 1500));
    const read = spawnSync("cat", [path], { encoding: "utf8", timeout: 30_000 });
    const result = await run;
    expect(result.status).toBe(0);
    expect(result.stderr.startsWith(waiting(path))).toBe(true);
    expect(read.stdout).toBe((await runBin(["decode", COLD, "-q"])).stdout);
  });
});

/** `gnsskit ARGS` with standard output on /dev/full: every write fails with ENOSPC. */
function intoFullDisk(args: string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const full = openSync("/dev/full", "w");
    const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", full, "pipe"], timeout: 30_000 });
    closeSync(full);
    let stderr = "";
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.once("error", reject);
    child.once("close", (status) => resolve({ status, stderr }));
  });
}

describe.skipIf(!existsSync("/dev/full")).concurrent("standard output on a full disk: one line, exit 1", () => {
  const full = "gnsskit: cannot write standard output: no space left on the device\n";
  const cases: Array<{ args: string[]; why: string }> = [
    { args: ["report", COLD], why: "Node's Unhandled 'error' event and its stack" },
    { args: ["report", COLD, "--json"], why: "the same" },
    { args: ["sky", "--lat", "48.85", "--lon", "2.29", "--at", "2026-11-26T12:00:00Z", "--json"], why: "the same" },
    { args: ["simulate", "--speed", "max", "--duration", "30", "--seed", "1"], why: "exit 0 and nothing said: it waited for a 'drain' that never came" },
    { args: ["replay", COLD, "--speed", "max"], why: "exit 0 and nothing said, as a reader gone" },
    { args: ["--help"], why: "exit 0, the help lost" },
    { args: ["--version"], why: "exit 0" },
  ];
  for (const c of cases) {
    it(`gnsskit ${c.args.join(" ")} (was: ${c.why})`, async () => {
      const result = await intoFullDisk(c.args);
      expect(result.stderr).toBe(full);
      expect(result.status).toBe(1);
    });
  }
});

describe.concurrent("a SOURCE path that cannot be looked at: the file error in words, exit 1", () => {
  it("a file named as a directory (log.nmea/): not Node's 'ENOTDIR: not a directory, stat …'", async () => {
    const result = await runBin(["decode", `${COLD}/`]);
    expect(result.stderr).toBe(`gnsskit: cannot read ${COLD}/: a part of the path is not a directory\n`);
    expect(result.status).toBe(1);
  });
  it("a symbolic-link loop: not Node's 'ELOOP: too many symbolic links encountered, stat …'", async () => {
    const loop = join(dir, "loop-a");
    symlinkSync(join(dir, "loop-b"), loop);
    symlinkSync(loop, join(dir, "loop-b"));
    for (const command of ["decode", "report", "replay"]) {
      const result = await runBin([command, loop]);
      expect(result.stderr).toBe(`gnsskit: cannot read ${loop}: too many levels of symbolic links\n`);
      expect(result.status).toBe(1);
    }
  });
});

describe.concurrent("serve cannot listen: why, in words (Node's 'listen EADDRINUSE: address already in use …' said it twice)", () => {
  it("a port in use", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = (taken.address() as AddressInfo).port;
      const result = await runBin(["serve", COLD, "--port", String(port)]);
      expect(result.stderr).toBe(`gnsskit: cannot listen on 127.0.0.1:${port}: the port is in use (is gpsd running? choose another --port)\n`);
      expect(result.status).toBe(1);
    } finally {
      taken.close();
    }
  });
  it("an address that is not this machine's (TEST-NET-1)", async () => {
    const result = await runBin(["serve", COLD, "--host", "192.0.2.1", "--port", "0"]);
    expect(result.stderr).toBe(
      "gnsskit: cannot listen on 192.0.2.1:0: 192.0.2.1 is not an address of this machine (127.0.0.1: this machine only; 0.0.0.0: every interface)\n",
    );
    expect(result.status).toBe(1);
  });
});

describe.concurrent("a FILE option naming a device that never ends: refused once past what such a file holds, exit 2 (it read for ever)", () => {
  const endless = "more than 64 MB, more than such a file holds: a device that never ends?";
  const cases: Array<{ args: string[]; message: string }> = [
    { args: ["sky", "--lat", "48", "--lon", "2", "--almanac", "/dev/zero"], message: `--almanac /dev/zero: cannot read the file (${endless})` },
    { args: ["report", COLD, "--almanac", "/dev/zero"], message: `--almanac /dev/zero: cannot read the file (${endless})` },
    {
      args: ["report", COLD, "--truth", "/dev/zero"],
      message:
        "--truth /dev/zero: cannot read the file (more than 256 MB, more than such a file holds: a device that never ends?); expected LAT,LON[,ALT] or a GPX track",
    },
    { args: ["locate", "--method", "network", "--wifi", "/dev/zero"], message: `--wifi /dev/zero: cannot read the file (${endless})` },
    // read line by line: readline held the one endless line until Node's RangeError and its stack
    {
      args: ["locate", "--method", "network", "--cell", "lte:208:20:1:1", "--provider", "/dev/zero"],
      message: "--provider /dev/zero: cannot read the file (a line of more than 64 kB, longer than any row of such a file: a device that never ends?)",
    },
    {
      args: ["simulate", "--route", "/dev/zero"],
      message: "sim: cannot read route file /dev/zero: more than 256 MB, more than such a file holds: a device that never ends?",
    },
  ];
  for (const c of cases) {
    it(`gnsskit ${c.args.join(" ")}`, async () => {
      const result = await runBin(c.args);
      expect(result.stderr).toBe(`gnsskit: ${c.message}\n`);
      expect(result.status).toBe(2);
    });
  }

  it("a pipe still works: cat ALMANAC | sky --almanac /dev/stdin", () => {
    const almanac = fileURLToPath(new URL("../../fixtures/almanac/gps.yuma.txt", import.meta.url));
    // a shell's pipe (Node's own stdin pipe is a socket, which /dev/stdin cannot open)
    const result = spawnSync(
      "sh",
      ["-c", `cat '${almanac}' | '${process.execPath}' '${cli}' sky --lat 48 --lon 2 --at 2026-11-26T12:00:00Z --almanac /dev/stdin --json`],
      {
        encoding: "utf8",
        timeout: 30_000,
      },
    );
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    expect(JSON.parse(result.stdout).satellites.length).toBeGreaterThan(3);
  });
});

describe.concurrent("a timeout past what a timer waits (24.8 days): refused, exit 2 (the timer fired at once)", () => {
  for (const args of [
    ["config", "sim:", "--rate", "5", "--timeout", "3e6"],
    ["ntrip", "sourcetable", "ntrip://127.0.0.1:9/", "--near", "sim:", "--timeout", "3e6"],
  ]) {
    it(`gnsskit ${args.join(" ")}`, async () => {
      const result = await runBin(args);
      expect(result.stderr).toBe("gnsskit: --timeout 3e6: expected a positive number up to 2147483\n");
      expect(result.status).toBe(2);
    });
  }
});

describe.concurrent("URLs with a port 0 or a stray %: a bad argument, exit 2", () => {
  it("an mqtt:// broker on port 0 (it was tried: 'connection refused', exit 1)", async () => {
    for (const args of [
      ["publish", "sim:", "--mqtt", "mqtt://127.0.0.1:0"],
      ["decode", "mqtt://127.0.0.1:0/gnss/ttyUSB0"],
    ]) {
      const result = await runBin(args);
      expect(result.stderr).toMatch(/^gnsskit: (--mqtt )?mqtt:\/\/127\.0\.0\.1:0\S*: port must be 1-65535\n$/);
      expect(result.status).toBe(2);
    }
  });
  it("an ntrip:// password with a lone % is taken as typed (it was 'URI malformed', exit 1)", async () => {
    const result = await runBin(["ntrip", "sourcetable", "ntrip://u:50%@127.0.0.1:9/"]);
    expect(result.stderr).toBe("gnsskit: cannot connect to ntrip://u@127.0.0.1:9/: ECONNREFUSED\n");
    expect(result.status).toBe(1);
  });
});
