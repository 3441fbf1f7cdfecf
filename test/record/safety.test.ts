// `record` keeps the user's data: an existing file or part is never overwritten unless asked (--force,
// --append), a full disk is an output failure (exit 1) that leaves no empty part behind (/dev/full and a
// real 8 KiB tmpfs), and --fsync flushes the file to the disk while the recording runs (seen with strace).

import { execFile, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Socket } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { withChecksum } from "../../src/framing/checksum.js";
import { createRecorder, RecordError } from "../../src/node/record/index.js";
import { cliFor } from "./cli.js";
import { formatBytes } from "../../src/output/format.js";

const record = cliFor("record");
const T0 = Date.UTC(2026, 0, 1);
const latin1 = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const GGA = "$GPGGA,120000.00,4807.038,N,01131.000,E,1,08,0.9,545.4,M,46.9,M,,*47\r\n";
const dirs: string[] = [];
/** Processes to end after each test, also one that timed out before its own cleanup. */
const pids: number[] = [];
afterEach(() => {
  for (const pid of pids.splice(0)) {
    try {
      process.kill(pid, "SIGKILL");
    } catch {
      // already gone
    }
  }
});
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-rec-safety-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function gnsskit(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [...record!, ...args], { timeout: 60_000 }, (error, stdout, stderr) =>
      resolve({ code: error ? ((error as { code?: number }).code ?? -1) : 0, stdout, stderr }),
    );
  });
}
const errorLines = (stderr: string): string[] => stderr.split("\n").filter((l) => l.startsWith("gnsskit: ") && !/: \d+ sentences in/.test(l));

describe("recorder: existing files", () => {
  it("refuses an existing file and leaves it as it was", () => {
    const path = join(tempDir(), "x.nmea");
    writeFileSync(path, "precious\n");
    const recorder = createRecorder({ path });
    let error: unknown;
    try {
      recorder.open(T0);
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(RecordError);
    expect(error).toMatchObject({ phase: "open", code: "EEXIST", message: `${path} exists: give --force to overwrite it or --append to add to it` });
    expect(readFileSync(path, "latin1")).toBe("precious\n");
  });

  it("appends after a line end of its own, or overwrites, when told to", () => {
    const path = join(tempDir(), "x.nmea");
    writeFileSync(path, "# earlier\n$GPTXT,cut");
    const appending = createRecorder({ path, existing: "append", plain: true, header: () => "again" });
    appending.open(T0);
    appending.write(latin1(GGA), T0);
    appending.close();
    expect(readFileSync(path, "latin1")).toBe(`# earlier\n$GPTXT,cut\n# again\n${GGA}`);
    const overwriting = createRecorder({ path, existing: "overwrite", plain: true });
    overwriting.open(T0);
    overwriting.write(latin1(GGA), T0);
    overwriting.close();
    expect(readFileSync(path, "latin1")).toBe(GGA);
  });

  it("with rotation: refuses when a part exists; --append continues after the last part", () => {
    const dir = tempDir();
    const path = join(dir, "r.nmea");
    writeFileSync(join(dir, "r-0001.nmea"), "one\n");
    writeFileSync(join(dir, "r-0002.nmea"), "two\n");
    expect(() => createRecorder({ path, rotateTimeMs: 1000 }).open(T0)).toThrow(
      `${join(dir, "r-0001.nmea")} exists: give --force to overwrite the parts or --append to add new ones after r-0002.nmea`,
    );
    const recorder = createRecorder({ path, rotateTimeMs: 1000, existing: "append", plain: true });
    recorder.open(T0);
    for (let s = 0; s < 3; s++) recorder.write(latin1(GGA), T0 + s * 1000);
    recorder.close();
    expect(readdirSync(dir).sort()).toEqual(["r-0001.nmea", "r-0002.nmea", "r-0003.nmea", "r-0004.nmea", "r-0005.nmea"]);
    expect(readFileSync(join(dir, "r-0002.nmea"), "latin1")).toBe("two\n");
  });
});

describe.skipIf(record === undefined)("gnsskit record: the user's files (built CLI)", () => {
  const SIM = "sim:?start=hot&speed=max&duration=5&seed=2";

  it("an existing -o FILE: exit 2 with one line, the file untouched; --force overwrites, --append adds", async () => {
    const path = join(tempDir(), "x.nmea");
    writeFileSync(path, "precious\n");
    const refused = await gnsskit(["record", SIM, "-o", path]);
    expect(refused.code).toBe(2);
    expect(errorLines(refused.stderr)).toEqual([`gnsskit: ${path} exists: give --force to overwrite it or --append to add to it`]);
    expect(readFileSync(path, "latin1")).toBe("precious\n");
    expect((await gnsskit(["record", SIM, "-o", path, "--append", "-q"])).code).toBe(0);
    const appended = readFileSync(path, "latin1");
    expect(appended.startsWith("precious\n# gnsskit ")).toBe(true);
    expect(appended.match(/GGA/g)).toHaveLength(5);
    expect((await gnsskit(["record", SIM, "-o", path, "--force", "-q"])).code).toBe(0);
    expect(readFileSync(path, "latin1")).toMatch(/^# gnsskit /);
  });

  it.skipIf(!existsSync("/dev/full"))("-o /dev/full: the header's ENOSPC is an output failure, exit 1, one line", async () => {
    const out = await gnsskit(["record", SIM, "-o", "/dev/full"]);
    expect(out.code).toBe(1);
    expect(errorLines(out.stderr)).toEqual(["gnsskit: cannot write /dev/full: no space left on the device"]);
  });
});

/** Whether this machine lets an unprivileged user namespace mount a tmpfs (the small filesystem). */
const canMountTmpfs = ((): boolean => {
  const probe = spawnSync("unshare", ["-rm", "sh", "-c", "mount -t tmpfs -o size=8k tmpfs /mnt"], { encoding: "utf8" });
  return probe.status === 0;
})();
if (!canMountTmpfs) console.warn("skipped: no small filesystem here (unshare -rm with a tmpfs mount is not allowed)");

describe.skipIf(record === undefined || !canMountTmpfs)("gnsskit record on a real 8 KiB filesystem", () => {
  it("fills the disk: exit 1 naming the part and ENOSPC, every part written kept and whole, no empty part left", async () => {
    const mount = tempDir();
    const out = tempDir();
    // Parts of ~5 kB take two of the filesystem's two pages: the second part's header finds it full.
    const script = [
      `mount -t tmpfs -o size=8k tmpfs "$1"`,
      `"$2" "$3" record "sim:?start=hot&speed=max&seed=4&at=2026-11-26T12:00:00Z" -o "$1/track.nmea" --rotate-size 0.005`,
      "code=$?",
      `cp -a "$1/." "$4/"`,
      "exit $code",
    ].join("\n");
    const result = spawnSync("unshare", ["-rm", "sh", "-c", script, "sh", mount, process.execPath, ...record!, out], { encoding: "utf8", timeout: 60_000 });
    expect(result.status).toBe(1);
    expect(errorLines(result.stderr)).toEqual([`gnsskit: cannot write ${join(mount, "track-0002.nmea")}: no space left on the device`]);
    expect(readdirSync(out)).toEqual(["track-0001.nmea"]);
    const part = readFileSync(join(out, "track-0001.nmea"), "latin1");
    // a part is rotated once it holds the 5000 bytes: it may hold exactly that
    expect(part.length).toBeGreaterThanOrEqual(5000);
    expect(part.endsWith("\n")).toBe(true);
    expect(result.stderr).toContain(`recorded: ${join(mount, "track-0001.nmea")} (${formatBytes(part.length)})`);
  });
});

const hasStrace = spawnSync("sh", ["-c", "command -v strace"]).status === 0;
if (!hasStrace) console.warn("skipped: strace is not installed (Debian package strace)");

describe.skipIf(record === undefined || !hasStrace)("gnsskit record --fsync", () => {
  it("flushes the recording to the disk while it runs, not only at the end", async () => {
    const dir = tempDir();
    const path = join(dir, "live.nmea");
    const trace = join(dir, "trace.txt");
    let peer: Socket | undefined;
    const server = createServer((socket) => (peer = socket));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const child = spawn(
      "strace",
      [
        "-f",
        "-e",
        "trace=openat,fdatasync,fsync",
        "-o",
        trace,
        process.execPath,
        ...record!,
        "record",
        `tcp://127.0.0.1:${port}`,
        "-o",
        path,
        "--fsync",
        "0.2",
      ],
      {
        stdio: ["ignore", "ignore", "pipe"],
      },
    );
    if (child.pid !== undefined) pids.push(child.pid);
    const exited = new Promise<number | null>((resolve) => child.on("close", (code) => resolve(code)));
    let stderr = "";
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    try {
      // The recording's descriptor, and an fdatasync of it while the peer is still sending.
      const synced = (): boolean => {
        const text = existsSync(trace) ? readFileSync(trace, "utf8") : "";
        const fd = new RegExp(`openat\\([^\\n]*"${path.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}"[^\\n]*\\) = (\\d+)`).exec(text)?.[1];
        return fd !== undefined && new RegExp(`fdatasync\\(${fd}\\) += 0`).test(text);
      };
      for (let k = 0; !synced(); k++) {
        const tracee = Number(/^(\d+) /.exec(existsSync(trace) ? readFileSync(trace, "utf8") : "")?.[1]);
        if (tracee > 0 && !pids.includes(tracee)) pids.push(tracee);
        if (k > 200) throw new Error(`no fdatasync of the recording within 200 lines: ${stderr}`);
        peer?.write(`${withChecksum(`GPTXT,01,01,02,line ${k}`)}\r\n`);
        await new Promise((r) => setTimeout(r, 50));
      }
      expect(child.exitCode).toBeNull(); // still recording
    } finally {
      // Ctrl-C to the recording itself (strace would detach and leave it running): its pid starts the trace.
      const tracee = Number(/^(\d+) /.exec(existsSync(trace) ? readFileSync(trace, "utf8") : "")?.[1]);
      if (tracee > 0) process.kill(tracee, "SIGINT");
      else child.kill("SIGKILL");
      await exited;
      pids.length = 0; // ended: their numbers may be reused
      peer?.destroy();
      server.close();
    }
  }, 60_000);
});
