// The last-fix state file holds the user's exact position and is read as untrusted input: private modes,
// a FIFO or an oversize file at its path, a failed rename, values out of range, and fixes that are not the
// user's (a simulator's, a replayed log's) against a real receiver's over TCP.

import { execFile, execFileSync } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  closeSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  constants,
} from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { loadLastFix, runWithMethods, saveLastFix } from "../../src/node/methods/index.js";
import { MAX_STATE_FILE_BYTES } from "../../src/node/methods/state-file.js";

const root = fileURLToPath(new URL("../../", import.meta.url));
const BIN = `${root}bin/gnsskit.js`;
const dirs: string[] = [];
const tempDir = (): string => {
  const dir = mkdtempSync(join(tmpdir(), "gnsskit-state-"));
  dirs.push(dir);
  return dir;
};
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

const FIX = {
  method: "assisted" as const,
  latitudeDeg: 48.8584,
  longitudeDeg: 2.2945,
  altitudeMslM: 35,
  accuracyM: 4.2,
  timeMs: Date.UTC(2026, 10, 26, 12),
  valid: true,
};
const stateText = (lastFix: Record<string, unknown>): string =>
  JSON.stringify({ version: 1, lastFix: { method: "assisted", latitudeDeg: 48.8584, longitudeDeg: 2.2945, time: "2026-01-01T00:00:00Z", ...lastFix } });

describe("last-fix state file: the user's data", () => {
  it("creates its directories 0700 and the file 0600, whatever the umask lets through", async () => {
    const path = join(tempDir(), "state", "gnsskit", "last-fix.json");
    const previous = process.umask(0o022);
    try {
      expect(await saveLastFix(FIX, path)).toBeUndefined();
    } finally {
      process.umask(previous);
    }
    expect((statSync(join(path, "..")).mode & 0o777).toString(8)).toBe("700");
    expect((statSync(join(path, "..", "..")).mode & 0o777).toString(8)).toBe("700");
    expect((statSync(path).mode & 0o777).toString(8)).toBe("600");
    expect(await loadLastFix(path)).toEqual({ location: FIX });
  });

  it("a failed rename leaves no temporary file behind", async () => {
    const dir = tempDir();
    const path = join(dir, "last-fix.json");
    mkdirSync(path); // a directory where the file should be: the rename fails
    writeFileSync(join(path, "keep"), "x");
    expect(await saveLastFix(FIX, path)).toMatch(/^cannot save the last fix to .*last-fix\.json: E(ISDIR|NOTEMPTY|EXIST)/);
    expect(readdirSync(dir)).toEqual(["last-fix.json"]);
  });

  const outOfRange = [
    { name: "altitude -1e308", fix: { altitudeMslM: -1e308 }, problem: /altitude -1e\+308 m out of range/ },
    { name: "altitude 1e6 m", fix: { altitudeMslM: 1e6 }, problem: /altitude 1000000 m out of range/ },
    { name: "accuracy 1e308", fix: { accuracyM: 1e308 }, problem: /accuracy 1e\+308 m out of range/ },
    { name: "a time in the future", fix: { time: "2999-01-01T00:00:00Z" }, problem: /is in the future/ },
    { name: "latitude as a string", fix: { latitudeDeg: "48" }, problem: /latitude 48 out of range/ },
  ];
  for (const c of outOfRange) {
    it(`refuses ${c.name} when loading, and when saving`, async () => {
      const path = join(tempDir(), "last-fix.json");
      writeFileSync(path, stateText(c.fix));
      const loaded = await loadLastFix(path);
      expect(loaded.location).toBeUndefined();
      expect(loaded.problem).toMatch(c.problem);
      if (c.fix.time === undefined && typeof Object.values(c.fix)[0] === "number") {
        const saved = join(tempDir(), "last-fix.json");
        expect(await saveLastFix({ ...FIX, ...c.fix } as typeof FIX, saved)).toMatch(c.problem);
        expect(existsSync(saved)).toBe(false);
      }
    });
  }

  it("an oversize file (300 MB, sparse) is not read", async () => {
    const path = join(tempDir(), "last-fix.json");
    writeFileSync(path, stateText({}));
    truncateSync(path, 300_000_000);
    const loaded = await loadLastFix(path);
    expect(loaded).toEqual({ problem: `${path}: 300000000 bytes, larger than a state file can be (${MAX_STATE_FILE_BYTES / 1024} KiB)` });
  });

  it.skipIf(process.platform === "win32")("a FIFO at its path: refused at once, not waited on", async () => {
    const path = join(tempDir(), "last-fix.json");
    execFileSync("mkfifo", [path]);
    try {
      expect(await loadLastFix(path)).toEqual({ problem: `${path}: not a regular file` });
    } finally {
      // Had a read blocked on the FIFO in the thread pool, a writer releases it (ENXIO: no reader waits).
      try {
        closeSync(openSync(path, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // nobody was reading
      }
    }
  });
});

describe("whose fix is saved", () => {
  it("a simulated receiver's fix is never saved as the user's", async () => {
    const stateFile = join(tempDir(), "last-fix.json");
    const run = await runWithMethods({ methods: ["integrated"], source: "sim:?start=hot&seed=5&speed=max&duration=60", stateFile });
    await new Promise<void>((resolve) => run.positioner.on("first-location", () => resolve()));
    await run.stop();
    expect(run.positioner.lastValid()).toMatchObject({ method: "integrated", valid: true });
    expect(existsSync(stateFile)).toBe(false);
  });

  it("a real receiver's fix (NMEA over TCP, on the host's clock) is saved", async () => {
    const log = readFileSync(`${root}fixtures/gn-multi-constellation.nmea`);
    const server = createServer((socket) => socket.end(log));
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const port = (server.address() as { port: number }).port;
    const stateFile = join(tempDir(), "last-fix.json");
    try {
      const run = await runWithMethods({ methods: ["integrated"], source: `tcp://127.0.0.1:${port}`, openOptions: { reconnect: false }, stateFile });
      await new Promise<void>((resolve) => run.positioner.on("first-location", () => resolve()));
      const best = run.positioner.lastValid()!;
      await run.stop();
      const saved = await loadLastFix(stateFile);
      expect(saved.location).toMatchObject({ method: "integrated", latitudeDeg: best.latitudeDeg, longitudeDeg: best.longitudeDeg });
    } finally {
      server.close();
    }
  });
});

const hasCli = existsSync(`${root}dist/cli/main.js`);
describe.skipIf(!hasCli || process.platform === "win32")("decode --methods assisted with a FIFO as the state file (process)", () => {
  it("runs to its end with a note, instead of hanging deaf to signals", async () => {
    const stateDir = tempDir();
    execFileSync("mkfifo", [join(stateDir, "last-fix.json")]);
    const result = await new Promise<{ code: number | null; signal: string | null; stderr: string }>((resolve) => {
      const child = execFile(
        process.execPath,
        [BIN, "decode", "sim:?start=hot&chip=mtk&seed=3&speed=max&duration=20", "--methods", "assisted"],
        { env: { ...process.env, GNSSKIT_STATE_DIR: stateDir }, timeout: 60_000, killSignal: "SIGKILL" },
        (_error, _stdout, stderr) => resolve({ code: child.exitCode, signal: child.signalCode, stderr }),
      );
    });
    expect(result.signal).toBeNull();
    expect(result.code).toBe(0);
    expect(result.stderr).toContain(`gnsskit: last fix not used: ${join(stateDir, "last-fix.json")}: not a regular file`);
  }, 90_000);
});
