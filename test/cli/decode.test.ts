// The decode command as a user runs it: the built CLI in a child process (npm test builds dist/ first).
import { execFile, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createServer, type AddressInfo, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createSimSource } from "../../src/sim/source.js";
import { RELEASE } from "../../src/state/week-rollover.js";
import { cli, fixture, runBinAsync, runBinOnceAsync as runBinOnce } from "./_bin.js";

const run = (args: string[], input?: Buffer) => runBinAsync(args, input === undefined ? {} : { input });

describe.concurrent("gnsskit decode", () => {
  it("prints one TPV and one SKY per epoch in gpsd format, and a summary on stderr", async () => {
    const result = await runBinOnce(["decode", fixture("cold-start-ttff.nmea"), "--format", "gpsd"]);
    expect(result.status).toBe(0);
    const objects = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { class: string; mode?: number; time?: string });
    const tpv = objects.filter((o) => o.class === "TPV");
    const sky = objects.filter((o) => o.class === "SKY");
    expect(tpv.length).toBeGreaterThan(10);
    expect(sky.length).toBe(tpv.length);
    expect(tpv.some((o) => o.mode === 3)).toBe(true);
    expect(result.stderr).toMatch(/TTFF: 34\.0 s/);
    expect(result.stderr).toMatch(/start: cold \(inferred/);
  });

  it("decodes a log saved as UTF-16 by PowerShell's `>` as the same log in ASCII, from a file and from stdin", async () => {
    const utf16 = readFileSync(fixture("powershell-redirect-utf16.log"));
    // the same characters, decoded by Node's own UTF-16 decoder and written as ASCII
    const ascii = join(mkdtempSync(join(tmpdir(), "gnsskit-utf16-")), "ascii.nmea");
    writeFileSync(ascii, utf16.subarray(2).toString("utf16le"), "latin1");
    const expected = await runBinOnce(["decode", ascii, "--format", "csv", "--quiet"]);
    expect(expected.stdout.split("\n").length).toBeGreaterThan(5);
    const fromFile = await runBinOnce(["decode", fixture("powershell-redirect-utf16.log"), "--format", "csv", "--quiet"]);
    const fromStdin = await run(["decode", "-", "--format", "csv", "--quiet"], utf16);
    expect(fromFile.stdout).toBe(expected.stdout);
    expect(fromStdin.stdout).toBe(expected.stdout);
  });

  it("json format gives gnsskit's epochs, the same count as gpsd format", async () => {
    const json = await run(["decode", fixture("gn-multi-constellation.nmea"), "--quiet"]);
    const gpsd = await runBinOnce(["decode", fixture("gn-multi-constellation.nmea"), "--format", "gpsd", "--quiet"]);
    const epochs = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { satellites: { usedCount: number } });
    expect(epochs.length * 2).toBe(gpsd.stdout.trim().split("\n").length);
    expect(epochs.some((e) => e.satellites.usedCount > 0)).toBe(true);
    expect(json.stderr).toBe("");
  });

  it("says once that the receiver's dates are 1024 weeks before the release, and --week-rollover-fix moves them on", async () => {
    const plain = await run(["decode", fixture("week-rollover-1999-dates.nmea"), "--format", "gpsd"]);
    expect(plain.status).toBe(0);
    const warnings = plain.stderr.split("\n").filter((line) => line.includes("1024 weeks"));
    expect(warnings).toEqual([
      `gnsskit: ${fixture("week-rollover-1999-dates.nmea")}: the receiver's dates (1999-11-29) are more than 1024 weeks (19.6 years) before this gnsskit's release (${RELEASE.date}): GPS week rollover? --week-rollover-fix adds 1024 weeks`,
    ]);
    const times = (stdout: string): string[] =>
      stdout
        .trim()
        .split("\n")
        .flatMap((line) => {
          const o = JSON.parse(line) as { class: string; time?: string };
          return o.class === "TPV" && o.time !== undefined ? [o.time] : [];
        });
    expect(times(plain.stdout)[0]).toBe("1999-11-29T14:22:05.000Z");
    const fixed = await run(["decode", fixture("week-rollover-1999-dates.nmea"), "--format", "gpsd", "--week-rollover-fix"]);
    expect(fixed.status).toBe(0);
    expect(times(fixed.stdout)).toEqual(["2019-07-15T14:22:05.000Z", "2019-07-15T14:22:06.000Z", "2019-07-15T14:22:07.000Z"]);
    expect(fixed.stderr).not.toContain("1024 weeks");
    // a recent log says nothing
    expect((await runBinOnce(["decode", fixture("cold-start-ttff.nmea"), "--format", "gpsd"])).stderr).not.toContain("1024 weeks");
  });

  it("reads standard input with -", async () => {
    const log = readFileSync(fixture("cold-start-ttff.nmea"));
    const fromStdin = await run(["decode", "-", "--format", "gpsd", "--quiet"], log);
    const fromFile = await run(["decode", fixture("cold-start-ttff.nmea"), "--format", "gpsd", "--quiet"]);
    expect(fromStdin.status).toBe(0);
    expect(fromStdin.stdout).toBe(fromFile.stdout);
  });

  it("--duration counts the simulator's seconds, not the wall clock's", async () => {
    const result = await run(["decode", "sim:?speed=max&seed=4&at=2026-11-26T12:00:00Z", "--duration", "90", "--quiet"]);
    expect(result.status).toBe(0);
    const epochs = result.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { receivedAtMs: number });
    // 1 Hz: the epochs of 90 simulated seconds, whatever the speed of the machine
    expect(epochs.length).toBeGreaterThanOrEqual(89);
    expect(epochs.length).toBeLessThanOrEqual(91);
  });

  it("stops after --count epochs", async () => {
    const result = await run(["decode", fixture("cold-start-ttff.nmea"), "--count", "3", "--quiet"]);
    expect(result.stdout.trim().split("\n")).toHaveLength(3);
  });

  it("decodes 10 MB of random bytes with exit 0 and one line: not NMEA", async () => {
    let state = 0x9e3779b9;
    const bytes = Buffer.alloc(10 * 1024 * 1024);
    for (let i = 0; i < bytes.length; i++) {
      state ^= state << 13;
      state ^= state >>> 17;
      state ^= state << 5;
      bytes[i] = state & 0xff;
    }
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-random-"));
    const path = join(dir, "random.bin");
    writeFileSync(path, bytes);
    const result = await run(["decode", path, "--format", "gpsd"]);
    expect(result.status).toBe(0);
    // (lines that happen to start with `#` are comments, left out of the count as a replay leaves them out)
    expect(result.stderr).toMatch(new RegExp(`^gnsskit: ${path}: not NMEA: no sentence in 10\\.\\d MB \\(binary data\\)\n$`));
  });

  const exitCodes: Array<{ name: string; args: string[]; status: number; message: RegExp }> = [
    { name: "missing file", args: ["decode", "/nonexistent/log.nmea"], status: 1, message: /cannot read \/nonexistent\/log\.nmea/ },
    { name: "unknown format", args: ["decode", "x.nmea", "--format", "xml"], status: 2, message: /Allowed choices are json, gpsd/ },
    { name: "bad count", args: ["decode", "x.nmea", "--count", "-3"], status: 2, message: /--count -3: expected a positive integer/ },
    { name: "tcp without port", args: ["decode", "tcp://localhost"], status: 2, message: /a port is required/ },
    { name: "unknown scheme", args: ["decode", "http://x/y"], status: 2, message: /unknown source scheme/ },
    { name: "missing SOURCE", args: ["decode"], status: 2, message: /missing required argument 'SOURCE'/ },
    { name: "unknown command", args: ["frobnicate"], status: 2, message: /unknown command 'frobnicate'/ },
  ];
  for (const c of exitCodes) {
    it(`exits ${c.status} on ${c.name} with one clear line`, async () => {
      const result = await run(c.args);
      expect(result.status).toBe(c.status);
      expect(result.stderr).toMatch(c.message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
    });
  }
});

// --format gpsd is printed by a worker thread (src/cli/gpsd-printer.ts): the same lines, to stdout or a file,
// promptly for a live source, and quietly cut short when the reader goes away.
describe.concurrent("gnsskit decode --format gpsd output", () => {
  it("-o FILE holds what stdout gets; an unwritable path is one clear line, exit 2", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-out-"));
    const path = join(dir, "out.ndjson");
    const toStdout = await runBinOnce(["decode", fixture("gn-multi-constellation.nmea"), "--format", "gpsd", "--quiet"]);
    const toFile = await run(["decode", fixture("gn-multi-constellation.nmea"), "--format", "gpsd", "--quiet", "-o", path]);
    expect(toFile.status).toBe(0);
    expect(toFile.stdout).toBe("");
    expect(toStdout.stdout).toMatch(/^\{"class":"TPV"/);
    expect(readFileSync(path, "utf8")).toBe(toStdout.stdout);
    const bad = await run(["decode", fixture("gn-multi-constellation.nmea"), "--format", "gpsd", "-o", join(dir, "missing", "out")]);
    expect(bad.status).toBe(2);
    expect(bad.stderr).toMatch(/^gnsskit: cannot write .*missing\/out: no such directory\n$/);
    expect(bad.stderr).not.toMatch(/\n\s+at /);
  });

  it("a reader that goes away early (| head -2) ends the run with exit 0 and no error", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-head-"));
    const path = join(dir, "sim.nmea");
    // ten simulated minutes (300 kB of NMEA, 1 MB of gpsd JSON: far more than a pipe holds), written here
    // rather than by a `gnsskit record` of its own (a second of CPU more)
    const sim = createSimSource("sim:?start=hot&speed=max&duration=600&seed=1&at=2026-11-26T12:00:00Z");
    await sim.open();
    const chunks: Uint8Array[] = [];
    for await (const chunk of sim) chunks.push(chunk);
    writeFileSync(path, Buffer.concat(chunks));
    expect(readFileSync(path).length).toBeGreaterThan(250_000);
    for (const format of ["gpsd", "json"]) {
      const piped = await new Promise<{ stdout: string; stderr: string }>((resolve) =>
        execFile(
          "bash",
          ["-c", `${JSON.stringify(process.execPath)} ${JSON.stringify(cli)} decode ${path} --format ${format} | head -2; echo "exit \${PIPESTATUS[0]}" >&2`],
          { timeout: 60_000 },
          (_error, stdout, stderr) => resolve({ stdout, stderr }),
        ),
      );
      expect(piped.stdout.trim().split("\n")).toHaveLength(2);
      expect(piped.stderr).toMatch(/exit 0\n$/);
      expect(piped.stderr).not.toMatch(/EPIPE|Error/);
    }
  });

  it("leaves a piped stdout blocking when the worker prints, also with stderr in the same pipe (2>&1)", async () => {
    // A worker's stdio is piped into the parent's process.stdout unless told otherwise, and making that stream set
    // O_NONBLOCK on fd 1: the printer's writes then failed with EAGAIN whenever the pipe was full and slept 2 ms
    // each time (a 51 MB decode into a reader: 5.1 s, against 3.7 s blocking). process.stderr's stream does the
    // same to fd 2, and so to fd 1 when both are one pipe: the progress bar asked it whether it is a terminal.
    // Checked in the run itself: a preloaded module notes each Worker made and fd 1's flags at exit.
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-pipe-"));
    const sim = createSimSource("sim:?start=hot&speed=max&duration=600&seed=2&at=2026-11-26T12:00:00Z");
    await sim.open();
    const chunks: Uint8Array[] = [];
    for await (const chunk of sim) chunks.push(chunk);
    const log = join(dir, "sim.nmea");
    // four passes of ten minutes, then comment lines up to 8.5 MB: a log large enough for a progress bar (which
    // looks at stderr at the 1024th epoch) and printed by the worker from the start
    const passes = Buffer.concat([...chunks, ...chunks, ...chunks, ...chunks]);
    const padding = Buffer.from(`# padding\n`.repeat(Math.ceil((8.5e6 - passes.length) / 10)));
    writeFileSync(log, Buffer.concat([passes, padding]));
    const report = join(dir, "report.json");
    const preload = join(dir, "watch.cjs");
    writeFileSync(
      preload,
      `const threads = require("node:worker_threads");
      const fs = require("node:fs");
      let workers = 0;
      const Worker = threads.Worker;
      threads.Worker = class extends Worker { constructor(...args) { super(...args); workers++; } };
      process.on("exit", () => {
        const flags = /^flags:\\s+(\\d+)$/m.exec(fs.readFileSync("/proc/self/fdinfo/1", "utf8"));
        fs.writeFileSync(${JSON.stringify(report)}, JSON.stringify({ workers, flags: flags ? parseInt(flags[1], 8) : -1 }));
      });`,
    );
    const command = [process.execPath, "--require", preload, cli, "decode", log, "--format", "gpsd", "--quiet"].map((word) => JSON.stringify(word)).join(" ");
    const piped = await new Promise<{ stdout: string; status: number | null }>((resolve) => {
      const child = spawn("sh", ["-c", `${command} 2>&1`], { stdio: ["ignore", "pipe", "inherit"] });
      let stdout = "";
      child.stdout.setEncoding("utf8").on("data", (text: string) => (stdout += text));
      child.once("close", (status) => resolve({ stdout, status }));
    });
    expect(piped.status).toBe(0);
    expect(piped.stdout.split("\n").filter((line) => line.startsWith('{"class":"TPV"')).length).toBeGreaterThan(2000);
    const seen = JSON.parse(readFileSync(report, "utf8")) as { workers: number; flags: number };
    expect(seen.workers).toBe(1);
    const O_NONBLOCK = 0o4000;
    expect(seen.flags).toBeGreaterThanOrEqual(0);
    expect(seen.flags & O_NONBLOCK).toBe(0);
  });

  it("prints a live source's epochs as they come, not when the source ends", async () => {
    const lines = readFileSync(fixture("cold-start-ttff.nmea"), "latin1")
      .split("\n")
      .filter((line) => line.startsWith("$"));
    let peer: Socket | undefined;
    const server = createServer((socket) => {
      peer = socket;
      socket.write(`${lines.slice(0, 12).join("\r\n")}\r\n`); // three cycles, then silence
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as AddressInfo).port;
    const child = spawn(process.execPath, [cli, "decode", `tcp://127.0.0.1:${port}`, "--format", "gpsd", "--quiet"]);
    let stdout = "";
    try {
      const firstTpv = await new Promise<string>((resolve, reject) => {
        child.stdout.on("data", (chunk: Buffer) => {
          stdout += chunk.toString();
          const line = stdout.split("\n").find((l) => l.includes('"TPV"'));
          if (line !== undefined) resolve(line);
        });
        child.once("exit", (code) => reject(new Error(`decode exited ${code} before printing`)));
      });
      expect(JSON.parse(firstTpv)).toMatchObject({ class: "TPV", time: "2024-03-15T10:15:00.000Z" });
      expect(peer?.destroyed).toBe(false); // the source is still open: printed while live
    } finally {
      child.kill("SIGINT");
      await new Promise((resolve) => child.once("exit", resolve));
      peer?.destroy();
      server.close();
    }
  });
});

describe.concurrent("gnsskit decode of a log that begins inside a cycle, after its position", () => {
  it("--format gpsd reports no TPV for that cycle (it would say no fix against the GSA's 3D); the JSON keeps it, marked", async () => {
    const log = fixture("log-begins-after-position.nmea");
    const gpsd = await run(["decode", log, "--format", "gpsd", "--quiet"]);
    expect(gpsd.status).toBe(0);
    const tpvs = gpsd.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { class: string; mode?: number; time?: string })
      .filter((o) => o.class === "TPV");
    expect(tpvs[0]).toMatchObject({ mode: 3, time: "2026-12-07T12:00:01.000Z" });
    expect(tpvs.filter((t) => t.mode === 1)).toEqual([]);
    const json = await run(["decode", log, "--quiet"]);
    const epochs = json.stdout
      .trim()
      .split("\n")
      .map((line) => JSON.parse(line) as { incomplete?: boolean; mode: string });
    expect(epochs[0]).toMatchObject({ incomplete: true });
    expect(epochs.length).toBe(tpvs.length + 1);
  });
});

describe.concurrent("gnsskit decode of a plain log whose receiver sends no time at first", () => {
  it("gives no TTFF in seconds, as fast as possible or paced, and counts the cycles to the first fix", async () => {
    // the simulator's first cycle comes 1 s after power-on: the truth's TTFF in cycles before the first fix
    const truthMs = Number(/Model truth: TTFF (\d+) ms/.exec(readFileSync(fixture("sim-cold-open-sky.nmea"), "latin1"))?.[1]);
    const cycles = (truthMs - 1000) / 1000;
    const fast = await run(["decode", fixture("sim-cold-open-sky.nmea"), "--format", "gpsd"]);
    const paced = await run(["decode", fixture("sim-cold-open-sky.nmea"), "--format", "gpsd", "--speed", "1000"]);
    // max: paced by the log's own times without waiting, as replay, monitor, serve and publish take it
    const max = await run(["decode", fixture("sim-cold-open-sky.nmea"), "--format", "gpsd", "--speed", "max"]);
    expect(max.stdout).toBe(fast.stdout);
    for (const result of [fast, paced, max]) {
      expect(result.status).toBe(0);
      expect(result.stderr).toMatch(new RegExp(`TTFF: not measured: first fix after ${cycles} cycles, the first \\d+ without any time`));
      expect(result.stderr).toMatch(/start: cold/);
    }
    expect(paced.stdout).toBe(fast.stdout);
    // through `replay --stamped` (the untimed first cycles go out without stamps) into `decode -`: the same
    const replayed = await runBinAsync(["replay", fixture("sim-cold-open-sky.nmea"), "--speed", "max", "--stamped"]);
    expect(replayed.status).toBe(0);
    expect(replayed.stdout.split(/\r?\n/)[2]).toBe("$GNGGA,,,,,,0,0,,,M,,M,,*48");
    // --duration on such a replay counts from the log's first time of day
    const tenSeconds = await run(["decode", fixture("sim-cold-open-sky.nmea"), "--speed", "1000", "--duration", "10", "--quiet"]);
    const tods = tenSeconds.stdout
      .trim()
      .split("\n")
      .flatMap((line) => {
        const tod = (JSON.parse(line) as { timeOfDayMs?: number }).timeOfDayMs;
        return tod === undefined ? [] : [tod];
      });
    expect((tods.at(-1) as number) - (tods[0] as number)).toBe(10_000);
    const piped = await run(["decode", "-", "--format", "gpsd"], replayed.stdoutBytes);
    expect(piped.stderr).toMatch(new RegExp(`TTFF: not measured: first fix after ${cycles} cycles`));
    expect(piped.stdout).toBe(fast.stdout);
  });
});

describe.concurrent("gnsskit replay of a UBX-only log", () => {
  it("paces it by its messages' UTC; --stamped into decode - gives the file's epochs, no byte lost or added", async () => {
    // a u-blox sending UBX only: its start-up messages (MON-VER) state no time and do not end in a LF, so the
    // first timed chunk begins inside a line (with this seed and time)
    const simArgs = [
      "simulate",
      "--chip",
      "ublox",
      "--protocol",
      "ubx",
      "--start",
      "hot",
      "--seed",
      "1",
      "--at",
      "2026-01-01T00:00:00Z",
      "--speed",
      "max",
      "--duration",
      "60",
    ];
    const sim = await runBinAsync(simArgs); // bytes, not text
    expect(sim.status).toBe(0);
    const path = join(mkdtempSync(join(tmpdir(), "gnsskit-ubx-")), "cold.ubx");
    writeFileSync(path, sim.stdoutBytes);
    const plain = await runBinAsync(["replay", path, "--speed", "max"]);
    expect(plain.stderr).toBe(""); // paced: no "no times found"
    expect(Buffer.compare(plain.stdoutBytes, sim.stdoutBytes)).toBe(0);
    const fromFile = await run(["decode", path, "--format", "gpsd"]);
    const replayed = await runBinAsync(["replay", path, "--speed", "max", "--stamped"]);
    const piped = await run(["decode", "-", "--format", "gpsd"], replayed.stdoutBytes);
    expect(piped.stderr).toMatch(/diagnostics: none/);
    expect(piped.stdout).toBe(fromFile.stdout);
  });
});

describe.concurrent("gnsskit decode of a recording", () => {
  it("measures the same TTFF from the file and from standard input (the stamps are the clock)", async () => {
    const dir = mkdtempSync(join(tmpdir(), "gnsskit-rec-"));
    const path = join(dir, "cold.nmea");
    const spec = "sim:?start=cold&speed=max&duration=60&seed=3&at=2026-11-26T12:00:00Z";
    const record = await run(["record", spec, "-o", path, "--quiet"]);
    expect(record.status).toBe(0);
    const live = await run(["decode", spec, "--quiet"]);
    const fromFile = await run(["decode", path]);
    const fromStdin = await run(["decode", "-"], readFileSync(path));
    const ttff = (stderr: string): string | undefined => /TTFF: ([\d.]+ s, first 3D [\d.]+ s)/.exec(stderr)?.[1];
    // what the simulator drew for this power-on
    const { drawnTtffMs, drawnFirst3dMs } = createSimSource(spec).truth;
    expect(ttff(fromFile.stderr)).toBe(`${(drawnTtffMs! / 1000).toFixed(1)} s, first 3D ${(drawnFirst3dMs! / 1000).toFixed(1)} s`);
    expect(ttff(fromStdin.stderr)).toBe(ttff(fromFile.stderr));
    expect(fromFile.stdout).toBe(live.stdout);
  });
});
