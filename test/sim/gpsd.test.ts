// A real outside consumer of the simulator's NMEA: gpsd reads it over a pseudo-terminal (made by
// `gnsskit simulate --pty`, i.e. socat) and gpspipe reports gpsd's TPV fixes.

import { describe, expect, it } from "vitest";
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { runSimulate } from "../../src/cli/commands/simulate.js";
import { distanceM } from "../../src/geodesy.js";
import { DEFAULT_SIM_PLACE } from "../../src/sim/source.js";
import { freePort, waitForPort } from "../_net.js";

function which(program: string): string | undefined {
  for (const dir of ["/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/bin"]) {
    try {
      execFileSync("test", ["-x", `${dir}/${program}`]);
      return `${dir}/${program}`;
    } catch {
      // not in this directory
    }
  }
  return undefined;
}

const gpsd = which("gpsd");
const gpspipe = which("gpspipe");
const socat = which("socat");
const missing = [!gpsd && "gpsd (Debian package gpsd)", !gpspipe && "gpspipe (Debian package gpsd-clients)", !socat && "socat (Debian package socat)"].filter(
  Boolean,
);
if (missing.length > 0) console.log(`skipping the gpsd test: ${missing.join(", ")} not installed`);

interface Tpv {
  class: string;
  mode?: number;
  lat?: number;
  lon?: number;
  altHAE?: number;
  time?: string;
}

describe.skipIf(missing.length > 0)("gpsd reads the simulator over a pseudo-terminal", () => {
  it("reports TPV fixes at the simulated position", async () => {
    const abort = new AbortController();
    let device: string | undefined;
    let ready: () => void = () => undefined;
    const readyPromise = new Promise<void>((resolve) => (ready = resolve));
    const simulation = runSimulate(
      { start: "hot", chip: "ublox", seed: "5", at: "2026-11-26T12:00:00Z", speed: "4", duration: "600", pty: true },
      {
        signal: abort.signal,
        onReady: (where) => {
          device = where;
          ready();
        },
      },
    );
    await Promise.race([readyPromise, simulation]);
    expect(device).toMatch(/^\/dev\/pts\/\d+$/);

    const port = await freePort();
    let daemon: ChildProcess | undefined;
    let pipe: ChildProcess | undefined;
    try {
      daemon = spawn(gpsd!, ["-N", "-n", "-S", String(port), device!], { stdio: ["ignore", "ignore", "pipe"] });
      await waitForPort(port, "gpsd");
      pipe = spawn(gpspipe!, ["-w", `127.0.0.1:${port}`], { stdio: ["ignore", "pipe", "pipe"] });
      let out = "";
      const fixes = (): Tpv[] =>
        out
          .split("\n")
          .slice(0, -1) // whole lines only
          .filter((l) => l.startsWith("{"))
          .map((l) => JSON.parse(l) as Tpv)
          .filter((m) => m.class === "TPV" && (m.mode ?? 0) >= 2);
      // Until the fixes checked below are in (4, one of them 3D), not a count of lines: gpsd switches the
      // simulated M8 to UBX output (CFG-PRT, CFG-MSG) after its first ~16 lines, so a line count depends on
      // what comes after that (before the simulator's NAV output followed CFG-MSG, 40 lines never came and
      // the test waited its whole 30 s).
      const enough = (): boolean => fixes().length > 3 && fixes().some((t) => t.mode === 3);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 30_000);
        const done = (): void => {
          clearTimeout(timer);
          resolve();
        };
        pipe!.stdout!.on("data", (d: Buffer) => {
          out += d.toString();
          if (enough()) done();
        });
        pipe!.on("exit", done);
      });
      const tpvs = fixes();
      expect(tpvs.length).toBeGreaterThan(3);
      for (const tpv of tpvs) {
        const error = distanceM(
          { latitudeDeg: tpv.lat!, longitudeDeg: tpv.lon! },
          { latitudeDeg: DEFAULT_SIM_PLACE.latitudeDeg, longitudeDeg: DEFAULT_SIM_PLACE.longitudeDeg },
        );
        expect(error).toBeLessThan(25);
        expect(tpv.time).toMatch(/^2026-11-26T12:/);
      }
      expect(tpvs.some((t) => t.mode === 3)).toBe(true);
    } finally {
      pipe?.kill("SIGTERM");
      daemon?.kill("SIGTERM");
      abort.abort();
      await simulation;
    }
  }, 60_000);
});
