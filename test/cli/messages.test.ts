// What gnsskit says when something is wrong, run as a user runs it (the built bin): every error is one line
// beginning `gnsskit:`, with the same words and exit code for the same cause in every command.
import { execFile, spawn } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, statSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { gzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { ubxFrame } from "../../src/framing/ubx.js";
import { cli, fixture, runBinAsync as runBin, runBinOnceAsync as runBinOnce } from "./_bin.js";

const dir = mkdtempSync(join(tmpdir(), "gnsskit-messages-"));
const COLD = fixture("cold-start-ttff.nmea");
const missing = join(dir, "nothere.nmea");

/** `gnsskit ARGS` into a reader that closed its end already: what the shell says of its exit. */
function intoGoneReader(args: string): Promise<string> {
  return new Promise((resolve) => {
    execFile("sh", ["-c", `{ '${process.execPath}' '${cli}' ${args}; echo "exit $?" >&2; } | (exec 0<&-)`], (_error, _stdout, stderr) => resolve(stderr));
  });
}

/** stderr is exactly one line starting `gnsskit:` that matches `pattern`. */
function expectOneLine(stderr: string, pattern: RegExp): void {
  expect(stderr).toMatch(/^gnsskit: [^\n]+\n$/);
  expect(stderr).toMatch(pattern);
}

describe.concurrent("commander's own errors", () => {
  const cases: Array<{ args: string[]; message: RegExp }> = [
    { args: ["decode", "--bogus", COLD], message: /^gnsskit: unknown option '--bogus' \(see gnsskit decode --help\)$/m },
    { args: ["report"], message: /^gnsskit: missing required argument 'FILE' \(see gnsskit report --help\)$/m },
    { args: ["decode", COLD, "--format", "xml"], message: /^gnsskit: option .*--format.* argument 'xml' is invalid\. Allowed choices are json, gpsd/m },
    { args: ["replay", COLD, "extra"], message: /^gnsskit: too many arguments for 'replay'/m },
    { args: ["record", "sim:", "--count"], message: /^gnsskit: option '-n, --count <N>' argument missing/m },
    { args: ["frobnicate"], message: /^gnsskit: unknown command 'frobnicate' \(see gnsskit --help\)$/m },
  ];
  for (const c of cases) {
    it(`gnsskit ${c.args.join(" ")}: one line, exit 2`, async () => {
      const result = await runBin(c.args);
      expect(result.status).toBe(2);
      expectOneLine(result.stderr, c.message);
      expect(result.stdout).toBe("");
    });
  }

  it("--help states the exit codes and the rule for output files", async () => {
    const help = await runBin(["--help"]);
    expect(help.status).toBe(0);
    expect(help.stdout).toMatch(/Exit codes: 0 done; 1 the source failed .*; 2 bad arguments,\n.*output file that cannot be created/);
  });

  it("--version prints the package's version, and into a reader already gone nothing but exit 0 (no EPIPE stack trace)", async () => {
    const { version } = JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { version: string };
    const result = await runBin(["--version"]);
    expect(result.status).toBe(0);
    expect(result.stdout).toBe(`${version}\n`);
    // the reader closes its end at once; node takes a hundred milliseconds to start before it writes
    expect(await intoGoneReader("--version")).toBe("exit 0\n");
  });

  it("help into a reader already gone: exit 0, no EPIPE stack trace (commander's own write raised one)", async () => {
    for (const args of ["--help", "decode --help"]) expect(await intoGoneReader(args), args).toBe("exit 0\n");
  });
});

describe.concurrent("a log that cannot be read: the same line and exit 1 in every command", () => {
  const commands: string[][] = [
    ["decode"],
    ["report"],
    ["replay"],
    ["monitor"],
    ["serve", "--port", "0"],
    ["record", "-o", join(dir, "rec.nmea"), "--speed", "max"],
  ];
  const causes: Array<{ name: string; path: string; reason: string }> = [
    { name: "missing", path: missing, reason: "no such file" },
    { name: "a directory", path: dir, reason: "is a directory" },
  ];
  for (const cause of causes) {
    for (const command of commands) {
      it(`${command[0]} of ${cause.name}: cannot read …: ${cause.reason}`, async () => {
        const [name, ...options] = command;
        // the tests run at once: each record its own output
        const result = await runBin([
          name!,
          cause.path,
          ...options.map((o) => (o.endsWith("rec.nmea") ? o.replace("rec.nmea", `rec-${cause.name.replace(/\W/g, "-")}.nmea`) : o)),
        ]);
        expect(result.status).toBe(1);
        expect(result.stderr).toBe(`gnsskit: cannot read ${cause.path}: ${cause.reason}\n`);
      });
    }
  }
});

describe.concurrent("an output file: exit 2 when it cannot be created, exit 1 when a write fails later, the same words everywhere", () => {
  const unwritable = join(dir, "no-such-dir", "out");
  const outputs: Array<{ name: string; args: (out: string) => string[] }> = [
    { name: "decode -o", args: (out) => ["decode", COLD, "-o", out] },
    { name: "decode --format gpsd -o", args: (out) => ["decode", COLD, "--format", "gpsd", "-o", out] },
    { name: "record -o", args: (out) => ["record", "sim:?speed=max&duration=5", "-o", out] },
    { name: "report --html", args: (out) => ["report", COLD, "--html", out] },
  ];
  for (const output of outputs) {
    it(`${output.name} into a missing directory: exit 2, before the source is read`, async () => {
      const result = await runBin(output.args(unwritable));
      expect(result.status).toBe(2);
      expect(result.stderr).toBe(`gnsskit: cannot write ${unwritable}: no such directory\n`);
    });
    // /dev/full accepts the open and refuses every write with ENOSPC: a disk that fills up while running.
    it.skipIf(!existsSync("/dev/full"))(`${output.name} onto a full disk (/dev/full): exit 1`, async () => {
      const result = await runBin(output.args("/dev/full"));
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/^gnsskit: cannot write \/dev\/full: no space left on the device$/m);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

describe.concurrent("an output that is the source log itself: exit 2, and the log is left as it was", () => {
  const original = readFileSync(COLD);
  const cases: Array<{ name: string; args: (log: string, out: string) => string[] }> = [
    { name: "decode -o", args: (log, out) => ["decode", log, "-o", out] },
    { name: "decode --format gpsd -o", args: (log, out) => ["decode", log, "--format", "gpsd", "-o", out] },
    { name: "report --html", args: (log, out) => ["report", log, "--html", out] },
    { name: "record -o --force", args: (log, out) => ["record", log, "-o", out, "--force"] },
    { name: "record -o --append", args: (log, out) => ["record", log, "-o", out, "--append"] },
  ];
  for (const c of cases) {
    for (const through of ["the same name", "a symbolic link"]) {
      it(`${c.name} onto ${through}`, async () => {
        const log = join(dir, `self-${c.name.replace(/\W/g, "-")}-${through.replace(/\W/g, "-")}.nmea`);
        writeFileSync(log, original);
        const out = through === "the same name" ? log : `${log}.link`;
        if (out !== log) symlinkSync(log, out);
        const result = await runBin(c.args(log, out));
        expect(result.status).toBe(2);
        expectOneLine(result.stderr, /is the source log .*: gnsskit will not write over the log it reads \(give another output file\)$/m);
        expect(readFileSync(log).equals(original)).toBe(true);
      });
    }
  }
  it("decode with its standard output appended to the log it reads (`>> LOG`)", async () => {
    const log = join(dir, "self-stdout.nmea");
    writeFileSync(log, original);
    const stderr = await new Promise<string>((resolve) => {
      execFile("sh", ["-c", `'${process.execPath}' '${cli}' decode '${log}' >> '${log}'; echo "exit $?" >&2`], (_error, _stdout, err) => resolve(err));
    });
    expect(stderr).toMatch(/^gnsskit: standard output is the source log .*: the output would be read back as input \(redirect it to another file\)\nexit 2\n$/);
    expect(readFileSync(log).equals(original)).toBe(true);
  });
});

describe.concurrent("simulate --pty --link onto something that is not a symbolic link: exit 2, and it is left as it was", () => {
  for (const what of ["a file", "a directory"]) {
    it(what, async () => {
      const path = join(dir, `link-onto-${what.replace(/\W/g, "-")}`);
      if (what === "a file") writeFileSync(path, "precious\n");
      else mkdirSync(path);
      const result = await runBin(["simulate", "--pty", "--link", path, "--duration", "1", "--speed", "max"]);
      expect(result.status).toBe(2);
      expectOneLine(
        result.stderr,
        new RegExp(`^gnsskit: --link .*: it exists and is ${what}; gnsskit replaces only a symbolic link \\(give a new path\\)$`, "m"),
      );
      if (what === "a file") expect(readFileSync(path, "utf8")).toBe("precious\n");
      else expect(statSync(path).isDirectory()).toBe(true);
    });
  }
});

describe.concurrent("replay --from past the log's end", () => {
  it("says nothing was replayed, exit 2 (it printed nothing, exit 0)", async () => {
    const result = await runBin(["replay", COLD, "--speed", "max", "--from", "3600"]);
    expect(result.status).toBe(2);
    expectOneLine(result.stderr, /^gnsskit: --from 3600: .*cold-start-ttff\.nmea ends before 1 h 00 min after its first time: nothing replayed$/m);
    expect(result.stdout).toBe("");
  });
});

describe.concurrent("serve of a log that holds nothing says so before its clients come (audit E, L6)", () => {
  /** stderr until the server says it serves, then SIGTERM */
  const untilServing = (args: string[]): Promise<string> =>
    new Promise((resolve, reject) => {
      const child = spawn(process.execPath, [cli, ...args], { stdio: ["ignore", "ignore", "pipe"] });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk.toString();
        if (/serving 1 device/.test(stderr)) child.kill("SIGTERM");
      });
      child.once("error", reject);
      child.once("close", () => resolve(stderr));
    });
  it("an empty file", async () => {
    const empty = join(dir, "serve-empty.nmea");
    writeFileSync(empty, "");
    expect(await untilServing(["serve", empty, "--port", "0"])).toMatch(
      /^gnsskit: .*serve-empty\.nmea: the file is empty: its clients will get nothing from it$/m,
    );
  });
  it("binary data", async () => {
    const binary = join(dir, "serve-binary.bin");
    writeFileSync(binary, Buffer.from(Array.from({ length: 3000 }, (_, k) => (k * 97 + 13) & 0xff)));
    expect(await untilServing(["serve", binary, "--port", "0"])).toMatch(
      /^gnsskit: .*serve-binary\.bin: not NMEA \(binary data\): its clients will get nothing from it$/m,
    );
  });
});

describe.concurrent("a file that is not NMEA says so in one line", () => {
  const empty = join(dir, "empty.nmea");
  writeFileSync(empty, "");
  const json = join(dir, "tpv.json");
  writeFileSync(json, `${'{"class":"TPV","mode":3}\n'.repeat(50)}`);
  // a u-blox sending only messages gnsskit does not decode (AssistNow MGA-GPS data, as the corpus's assistnow.log)
  const mga = join(dir, "mga.ubx");
  writeFileSync(mga, Buffer.concat(Array.from({ length: 3 }, () => ubxFrame(0x13, 0x00, new Uint8Array(68)))));
  // a SiRF binary log behind a comment header of gpsd's kind (its sirf2.log): described past the header
  const sirf = join(dir, "sirf.log");
  const sirfPacket = [0xa0, 0xa2, 0x00, 0x02, 0x04, 0x00, 0x00, 0x04, 0xb0, 0xb3];
  writeFileSync(
    sirf,
    Buffer.concat([Buffer.from("# Name: a SiRF receiver in binary mode\n#\n".repeat(12)), Buffer.from(Array.from({ length: 40 }, () => sirfPacket).flat())]),
  );
  const files: Array<{ name: string; path: string; line: (path: string) => string }> = [
    { name: "an empty file", path: empty, line: (path) => `gnsskit: ${path}: the file is empty\n` },
    { name: "/dev/null (a device that is no serial port)", path: "/dev/null", line: () => "gnsskit: /dev/null: the device is empty (no data to read)\n" },
    // a small one (decoding node's 100 MB took 4 s of CPU for the same rule)
    { name: "an executable", path: "/bin/true", line: (path) => `^gnsskit: ${path}: not NMEA: no sentence in [\\d.]+ kB \\(an ELF executable\\)\\n$` },
    { name: "gpsd's JSON", path: json, line: (path) => `gnsskit: ${path}: not NMEA: no sentence in 1250 B (JSON text)\n` },
    { name: "SiRF binary behind comment lines", path: sirf, line: (path) => `gnsskit: ${path}: not NMEA: no sentence in 400 B (SiRF binary, no NMEA)\n` },
    {
      name: "UBX of messages gnsskit does not decode",
      path: mga,
      line: (path) => `gnsskit: ${path}: no sentence and no message gnsskit decodes in 228 B: 3 binary packets skipped (u-blox UBX binary, no NMEA)\n`,
    },
  ];
  for (const file of files) {
    for (const command of ["decode", "report"]) {
      it.skipIf(file.name === "an executable" && process.platform !== "linux")(`${command} of ${file.name}: exit 0, one line`, async () => {
        const result = await runBinOnce([command, file.path]);
        expect(result.status).toBe(0);
        expect(result.stdout).toBe("");
        const line = file.line(file.path);
        if (line.startsWith("^")) expect(result.stderr).toMatch(new RegExp(line));
        else expect(result.stderr).toBe(line);
      });
    }
  }

  for (const path of [empty, "/dev/null"]) {
    for (const command of ["replay", "monitor", "record"]) {
      it(`${command} of ${path === empty ? "an empty file" : path}: the same line as decode's`, async () => {
        // one output per case: record refuses to overwrite an existing file
        const args = command === "record" ? ["record", path, "-o", join(dir, `record-out-${path === empty ? "empty" : "null"}.nmea`)] : [command, path];
        const result = await runBin(args);
        expect(result.status).toBe(0);
        // decode's line: the run of the test above
        expect(result.stderr.split("\n")[0]).toBe((await runBinOnce(["decode", path])).stderr.trimEnd());
      });
    }
  }

  it("a log of comment lines only is no empty file", async () => {
    const comments = join(dir, "comments.nmea");
    writeFileSync(comments, "# Name: nothing\n# Notes: only comments\n");
    expect((await runBin(["decode", comments])).stderr).toBe(`gnsskit: ${comments}: no data: only comment lines\n`);
  });
});

describe.concurrent("gzip-compressed logs are simply read", () => {
  const plain = readFileSync(COLD);
  const gz = join(dir, "cold.nmea.gz");
  writeFileSync(gz, gzipSync(plain));
  const noSuffix = join(dir, "cold-compressed"); // found by its magic bytes, not its name
  writeFileSync(noSuffix, gzipSync(plain));
  const sameAsPlain = async (args: (path: string) => string[]): Promise<void> => {
    const fromPlain = await runBin(args(COLD));
    for (const path of [gz, noSuffix]) {
      const fromGzip = await runBin(args(path));
      expect(fromGzip.status).toBe(0);
      expect(fromGzip.stdout).toBe(fromPlain.stdout);
      expect(fromGzip.stderr.replaceAll(path, "LOG")).toBe(fromPlain.stderr.replaceAll(COLD, "LOG"));
    }
  };

  it("decode: the same epochs and summary as the plain log", async () => sameAsPlain((path) => ["decode", path, "--format", "gpsd"]));
  it("decode --speed (paced replay): the same epochs", async () => sameAsPlain((path) => ["decode", path, "--speed", "1000", "--quiet"]));
  it("report: the same report", async () => sameAsPlain((path) => ["report", path, "--json"]));
  it("replay: the same bytes", async () => sameAsPlain((path) => ["replay", path, "--speed", "max"]));
  it("monitor (status lines off a terminal): the same lines", async () => sameAsPlain((path) => ["monitor", path, "--speed", "max"]));

  it("a log cut short: the epochs before the cut, then one line, exit 1", async () => {
    const cut = join(dir, "cut.nmea.gz");
    const whole = gzipSync(plain);
    writeFileSync(cut, whole.subarray(0, Math.floor(whole.length * 0.6)));
    const result = await runBin(["decode", cut, "--quiet"]);
    expect(result.status).toBe(1);
    expect(result.stdout.trim().split("\n").length).toBeGreaterThan(5);
    expect(result.stderr).toBe(`gnsskit: ${cut}: gzip data cut short (the file is truncated)\n`);
  });
});

describe.concurrent("gnsskit ports with nothing found", () => {
  // Without udevadm gnsskit lists /dev/serial/by-id, which only exists while a USB serial device is plugged in.
  it.skipIf(existsSync("/dev/serial/by-id"))("says so, and where else to look", async () => {
    const bin = mkdtempSync(join(tmpdir(), "gnsskit-path-"));
    symlinkSync(process.execPath, join(bin, "node"));
    chmodSync(bin, 0o755);
    const result = await runBin(["ports"], { env: { PATH: bin, HOME: dirname(bin) } });
    // once exit 1 on a host at a load of 13: say what it printed if it comes again
    expect(result.status, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    expect(result.stderr).toMatch(/^gnsskit: udevadm not found/m);
    expect(result.stderr).toMatch(
      /^gnsskit: no serial ports found \(a USB receiver appears when plugged in\); Bluetooth receivers: `gnsskit ports --bluetooth`; .*give its path as SOURCE$/m,
    );
  });
});
