// gpsd's own clients against the server (Debian gpsd-clients, python3-gps, tmux): gpspipe -w/-r,
// cgps and gpsmon under tmux, a python3-gps script, and an OpenCPN-style unterminated request.
// Each client is skipped, with the reason printed, when it is not installed.

import { execFile, execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { openGps } from "../../src/gps.js";
import { createGpsdServer, type GpsdServer } from "../../src/node/gpsd-server/index.js";
import { createReplaySource, type ReplayOptions } from "../../src/node/replay.js";
import { createFileSource } from "../../src/node/sources/index.js";
import { createGpsdWriter } from "../../src/output/gpsd.js";
import { connectClient } from "./_helpers.js";

const run = promisify(execFile);
const fixture = (name: string): string => fileURLToPath(new URL(`../../fixtures/${name}`, import.meta.url));
const COLD_START = fixture("cold-start-ttff.nmea");
const MULTI_GNSS = fixture("gn-multi-constellation.nmea");
const PYTHON = "/usr/bin/python3";
const TMUX_SOCKET = `gnsskit-serve-test-${process.pid}`;

/** Whether `command args…` runs and exits 0 (default: whether `command` is on the PATH). */
function installed(command: string, args?: string[]): boolean {
  try {
    if (args === undefined) execFileSync("sh", ["-c", `command -v ${command}`], { stdio: "ignore" });
    else execFileSync(command, args, { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}
function requireTool(name: string, ok: boolean): boolean {
  if (!ok) console.warn(`skipped: ${name} is not installed (Debian gpsd-clients / python3-gps / tmux)`);
  return ok;
}
const hasGpspipe = requireTool("gpspipe", installed("gpspipe"));
const hasTmux = installed("tmux");
const hasCgps = requireTool("cgps (with tmux)", installed("cgps") && hasTmux);
const hasGpsmon = requireTool("gpsmon (with tmux)", installed("gpsmon") && hasTmux);
const hasPythonGps = requireTool("python3-gps", installed(PYTHON, ["-c", "import gps"]));

/** What `gnsskit decode FILE --format gpsd` prints: the gpsd writer over the file decoded as fast as possible. */
async function decodeGpsd(path: string): Promise<Array<Record<string, unknown>>> {
  const writer = createGpsdWriter();
  let text = "";
  for await (const event of openGps({ source: createFileSource(path) }).events()) {
    // as decode does: an epoch's TPV+SKY, and its SKY again when satellites complete after its report
    if (event.type === "epoch") text += writer.epoch(event.epoch);
    else if (event.type === "satellites") text += writer.skyUpdate(event.satellites);
  }
  return text
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Record<string, unknown>);
}

const logSentences = (path: string): string[] =>
  readFileSync(path, "latin1")
    .split(/\r?\n/)
    .filter((l) => l.startsWith("$"));

const servers: GpsdServer[] = [];
afterEach(async () => {
  await Promise.all(servers.splice(0).map((s) => s.close()));
});
afterAll(() => {
  if (hasTmux) {
    try {
      execFileSync("tmux", ["-L", TMUX_SOCKET, "kill-server"], { stdio: "ignore" });
    } catch {
      // no session left: nothing to stop
    }
  }
});

async function serveLog(path: string, replay: ReplayOptions): Promise<{ port: number; device: string }> {
  const server = createGpsdServer({ port: 0, release: "gnsskit test" });
  servers.push(server);
  server.addDevice(path, openGps({ source: createReplaySource(path, replay) }));
  const { port } = await server.listen();
  return { port, device: path };
}

/** Index where `part` occurs as a contiguous run inside `whole`, or -1. */
function indexOfRun(whole: readonly unknown[], part: readonly unknown[]): number {
  const key = (x: unknown): string => JSON.stringify(x);
  const wholeKeys = whole.map(key);
  const partKeys = part.map(key);
  for (let start = 0; start + partKeys.length <= wholeKeys.length; start++) {
    if (partKeys.every((k, i) => wholeKeys[start + i] === k)) return start;
  }
  return -1;
}

const withoutDevice = (object: Record<string, unknown>): Record<string, unknown> => {
  const { device: _device, ...rest } = object;
  return rest;
};

async function tmuxScreen(session: string, until: (screen: string) => boolean, timeoutMs = 10_000): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  let screen = "";
  while (Date.now() < deadline) {
    screen = (await run("tmux", ["-L", TMUX_SOCKET, "capture-pane", "-p", "-t", session])).stdout;
    if (until(screen)) return screen;
    await new Promise((r) => setTimeout(r, 200));
  }
  return screen;
}

describe("real gpsd clients", () => {
  it.skipIf(!hasGpspipe).each([COLD_START, fixture("gsv-after-ender.nmea"), fixture("heading-gyro-hdt-rot.nmea")])(
    "gpspipe -w gets the TPV/ATT/SKY that decode --format gpsd prints for %s",
    async (log) => {
      const expected = await decodeGpsd(log);
      expect(expected.length).toBeGreaterThan(10);
      // The device is added once gpspipe's WATCH is in, so gpspipe sees the whole log from its start.
      const server = createGpsdServer({ port: 0, release: "gnsskit test" });
      servers.push(server);
      const { port } = await server.listen();
      const gpspipe = run("gpspipe", ["-w", "-n", String(3 + expected.length), `127.0.0.1:${port}`], { timeout: 15_000 });
      while (server.stats.requests === 0) await new Promise((r) => setTimeout(r, 10));
      server.addDevice(log, openGps({ source: createReplaySource(log, { speed: 40 }) }));
      const { stdout } = await gpspipe;
      const objects = stdout
        .split("\n")
        .filter(Boolean)
        .map((l) => JSON.parse(l) as Record<string, unknown>);
      expect(objects.slice(0, 3).map((o) => o.class)).toEqual(["VERSION", "DEVICES", "WATCH"]);
      const reports = objects.slice(3);
      expect(new Set(reports.map((o) => o.device))).toEqual(new Set([log]));
      if (log === COLD_START) expect(reports.some((o) => o.class === "TPV" && o.mode === 3)).toBe(true);
      if (log.endsWith("heading-gyro-hdt-rot.nmea")) expect(reports.filter((o) => o.class === "ATT")).toHaveLength(5);
      expect(reports.map(withoutDevice)).toEqual(expected);
    },
  );

  it.skipIf(!hasGpspipe)("gpspipe -r gets the log's sentences in order", async () => {
    const { port } = await serveLog(COLD_START, { speed: 20 });
    const { stdout } = await run("gpspipe", ["-r", "-n", "15", `127.0.0.1:${port}`], { timeout: 15_000 });
    const sentences = stdout.split(/\r?\n/).filter((l) => l.startsWith("$"));
    expect(sentences.length).toBeGreaterThanOrEqual(10);
    expect(indexOfRun(logSentences(COLD_START), sentences)).toBeGreaterThanOrEqual(0);
  });

  it.skipIf(!hasPythonGps)("a python3-gps script reads fixes", async () => {
    const { port } = await serveLog(MULTI_GNSS, { speed: 5, loop: true });
    const script = [
      "import gps, json, sys",
      `s = gps.gps(host="127.0.0.1", port="${port}", mode=gps.WATCH_ENABLE | gps.WATCH_JSON)`,
      "fixes = []",
      "for report in s:",
      "    if report['class'] == 'TPV' and report.get('mode', 0) >= 2:",
      "        fixes.append({'lat': report['lat'], 'lon': report['lon'], 'mode': report['mode']})",
      "        if len(fixes) == 2: break",
      "print(json.dumps(fixes))",
    ].join("\n");
    const { stdout } = await run(PYTHON, ["-c", script], { timeout: 15_000 });
    const fixes = JSON.parse(stdout) as Array<{ lat: number; lon: number; mode: number }>;
    const decoded = (await decodeGpsd(MULTI_GNSS)).find((o) => o.class === "TPV" && o.mode === 3);
    expect(fixes).toHaveLength(2);
    for (const fix of fixes) expect(fix).toEqual({ lat: decoded?.lat, lon: decoded?.lon, mode: 3 });
  });

  it.skipIf(!hasCgps)("cgps under tmux shows the 3D fix and the satellites used and unused", async () => {
    const { port } = await serveLog(MULTI_GNSS, { speed: 1, loop: true });
    await run("tmux", ["-L", TMUX_SOCKET, "new-session", "-d", "-s", "cgps", "-x", "100", "-y", "30", `cgps 127.0.0.1:${port}`]);
    const screen = await tmuxScreen("cgps", (s) => s.includes("3D FIX") && /GL\s+\d+/.test(s));
    await run("tmux", ["-L", TMUX_SOCKET, "kill-session", "-t", "cgps"]);
    expect(screen).toContain("3D FIX");
    expect(screen).toMatch(/Latitude:\s+37\.387\d+ N/);
    expect(screen).toMatch(/Longitude:\s+121\.97\d+ W/);
    expect(screen).toMatch(/GP\s+2\s+2\s+55\.0\s+45\.0\s+42\.0\s+Y/); // used in the fix
    expect(screen).toMatch(/GP\s+30\s+30\s+5\.0\s+330\.0\s+n\/a\s+N/); // in view only
    expect(screen).toMatch(/GL\s+\d+\s+67\s+40\.0\s+80\.0\s+36\.0\s+Y/);
  });

  it.skipIf(!hasGpsmon)("gpsmon under tmux recognises the NMEA0183 driver", async () => {
    const { port } = await serveLog(MULTI_GNSS, { speed: 1, loop: true });
    await run("tmux", ["-L", TMUX_SOCKET, "new-session", "-d", "-s", "gpsmon", "-x", "100", "-y", "30", `gpsmon 127.0.0.1:${port}`]);
    const screen = await tmuxScreen("gpsmon", (s) => /NMEA0183>\s*$/m.test(s.split("\n")[0] ?? "") && s.includes("GNGGA"));
    await run("tmux", ["-L", TMUX_SOCKET, "kill-session", "-t", "gpsmon"]);
    expect(screen.split("\n")[0]).toMatch(/NMEA0183>\s*$/);
    expect(screen).toContain("GNGGA");
  });

  it("an OpenCPN-style request without terminator streams the log's sentences", async () => {
    const { port } = await serveLog(COLD_START, { speed: 20 });
    const client = await connectClient(port);
    client.send('?WATCH={"class":"WATCH", "nmea":true}');
    const lines = await client.waitFor((l) => l.filter((x) => x.startsWith("$")).length >= 12, 15_000);
    client.close();
    const sentences = lines.filter((l) => l.startsWith("$"));
    expect(indexOfRun(logSentences(COLD_START), sentences)).toBeGreaterThanOrEqual(0);
    expect(client.raw()).toMatch(/\*[0-9A-F]{2}\r\n/);
  });
});
