// `gnsskit config` on a running receiver as a user meets one, through the built CLI: the simulator served by
// `gnsskit simulate --tcp` takes the configuration, and decode, monitor and ttff run afterwards see it; over a serial
// line (a pseudo-terminal whose far end is the simulator behind a UART that carries bytes only when both
// ends run at one speed, test/fixtures-tools/uart_bridge.py) --baud switches both ends and the receiver is
// found at its factory speed after --factory-reset; gpsd's ubxtool reads the simulated u-blox's CFG answers.

import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, realpathSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it, type TestContext } from "vitest";
import type { ConfigJson } from "../../src/cli/commands/config.js";
import { cli } from "./_bin.js";
import { hasCommand, PYTHON, tempDir, waitFor } from "../node/sources/_pty.js";

const BRIDGE = fileURLToPath(new URL("../fixtures-tools/uart_bridge.py", import.meta.url));

interface Running {
  child: ChildProcess;
  stderr: () => string;
  stdout: () => string;
}

function start(command: string, args: string[], stdin: "pipe" | "ignore" = "ignore"): Running {
  const child = spawn(command, args, { stdio: [stdin, "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout!.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr!.on("data", (d: Buffer) => (stderr += d.toString()));
  return { child, stdout: () => stdout, stderr: () => stderr };
}

function stop(child: ChildProcess | undefined): Promise<void> {
  if (child === undefined || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("close", () => resolve());
    child.kill("SIGTERM");
  });
}

/** `gnsskit ARGS…` to its end, without blocking the event loop (the simulator and the bridge keep running). */
function gnsskit(args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  const run = start(process.execPath, [cli, ...args]);
  return new Promise((resolve) => run.child.once("close", (status) => resolve({ status, stdout: run.stdout(), stderr: run.stderr() })));
}

/** `gnsskit simulate --tcp 0` with a spec, real time; resolves with its address once it listens. */
async function simulator(spec: string): Promise<{ run: Running; address: string }> {
  const run = start(process.execPath, [cli, "simulate", "--tcp", "0", "--spec", spec]);
  await waitFor(() => /tcp:\/\/127\.0\.0\.1:\d+/.test(run.stderr()), "the simulator's address", 30_000);
  return { run, address: /tcp:\/\/127\.0\.0\.1:\d+/.exec(run.stderr())![0] };
}

/** Stops a test's child process when the test ends (the tests of a file run at once: each stops its own). */
type Track = (child: ChildProcess) => void;
const tracker =
  ({ onTestFinished }: TestContext): Track =>
  (child) =>
    onTestFinished(() => stop(child));

// The tests of this file run at once: each its own simulator (and bridge), most of their time waiting on
// the simulated receivers' real-time pace and on answers that must not come (84 s one after the other).
describe.concurrent("simulate --tcp, then config, then decode, monitor and ttff see the change", () => {
  const cases: { chip: string; spec: string; dialect: string }[] = [
    { chip: "u-blox M8", spec: "sim:?chip=ublox&start=hot&seed=2", dialect: "ublox" },
    { chip: "MediaTek MT3333", spec: "sim:?model=mt3333&start=hot&seed=2", dialect: "mtk" },
    { chip: "Quectel LC76G", spec: "sim:?chip=quectel&start=hot&seed=2", dialect: "quectel" },
  ];
  for (const c of cases) {
    it(`${c.chip}: --rate 5 --constellations gps,galileo --show`, async (context) => {
      const track = tracker(context);
      const { run, address } = await simulator(c.spec);
      track(run.child);
      const configured = await gnsskit(["config", address, "--rate", "5", "--constellations", "gps,galileo", "--show", "--json", "-q"]);
      expect(configured.status, configured.stderr).toBe(0);
      const report = JSON.parse(configured.stdout) as ConfigJson;
      expect(report.dialect).toBe(c.dialect);
      expect(report.settings!.measurementMs).toBe(200);
      expect(
        Object.entries(report.settings!.constellations!)
          .filter(([, on]) => on)
          .map(([s]) => s)
          .sort(),
      ).toEqual(["galileo", "gps"]);

      // A later client sees a 5 Hz receiver that reports GPS and Galileo satellites only.
      const decoded = await gnsskit(["decode", address, "-n", "15", "-q"]);
      expect(decoded.status, decoded.stderr).toBe(0);
      const epochs = decoded.stdout
        .trim()
        .split("\n")
        .map((l) => JSON.parse(l) as { timeOfDayMs?: number; satellites: { satellites: { constellation: string }[] } })
        .slice(-10);
      const steps = epochs.slice(1).map((e, i) => e.timeOfDayMs! - epochs[i]!.timeOfDayMs!);
      expect(steps).toEqual(new Array(9).fill(200));
      const systems = new Set(epochs.flatMap((e) => e.satellites.satellites.map((s) => s.constellation)));
      expect([...systems].sort()).toEqual(["galileo", "gps"]);

      // monitor (plain lines: stdout is a pipe) prints one status line a second; its summary counts the epochs
      // read meanwhile: 3 s between the first and the fourth line hold 15 solutions at 5 Hz, 3 at 1 Hz.
      const monitor = start(process.execPath, [cli, "monitor", address]);
      track(monitor.child);
      await waitFor(
        () =>
          monitor
            .stdout()
            .split("\n")
            .filter((l) => l.includes("3D fix")).length >= 4,
        "four monitor status lines",
        30_000,
      );
      await stop(monitor.child);
      const read = /(\d+) epochs/.exec(monitor.stderr());
      expect(read, monitor.stderr()).not.toBeNull();
      expect(Number(read![1])).toBeGreaterThanOrEqual(15);

      // ttff drives the configured receiver as any other.
      const timed = await gnsskit(["ttff", address, "--start", "hot", "--json", "-q", "--dialect", c.dialect, "--timeout", "60"]);
      expect(timed.status, timed.stderr).toBe(0);
      const ttff = JSON.parse(timed.stdout) as { runs: { timedOut: boolean; ttffMs: number }[] };
      expect(ttff.runs[0]!.timedOut).toBe(false);
    }, 120_000);
  }
});

const haveTools = hasCommand("socat") && existsSync(PYTHON);
if (!haveTools) console.log("config serial tests skipped: they need python3 and socat");

describe.skipIf(!haveTools).concurrent("over a serial line: a pty whose far end is the simulator's UART", () => {
  /** The simulator behind the bridge: the simulator's speed changes are relayed to the bridge's UART. */
  async function serialReceiver(spec: string, track: Track): Promise<{ device: string; bridge: Running; sim: Running; remove: () => void }> {
    const tmp = tempDir();
    const { run: sim, address } = await simulator(spec);
    track(sim.child);
    const [, port] = /:(\d+)$/.exec(address)!;
    const link = join(tmp.dir, "ttyGNSS");
    const bridge = start(PYTHON, [BRIDGE, link, "127.0.0.1", port!, spec.includes("quectel") ? "115200" : "9600"], "pipe");
    track(bridge.child);
    await waitFor(() => bridge.stdout().includes("ready") && existsSync(link), "the bridge's pty");
    let relayed = 0;
    sim.child.stderr!.on("data", () => {
      const changes = [...sim.stderr().matchAll(/port is now at (\d+) baud/g)];
      for (const m of changes.slice(relayed)) bridge.child.stdin!.write(`baud ${m[1]}\n`);
      relayed = changes.length;
    });
    // The serial path as a user gives it (a /dev/pts device).
    return { device: realpathSync(link), bridge, sim, remove: tmp.remove };
  }

  it("MediaTek: --baud 115200 switches both ends (PMTK251 is not acknowledged: PMTK000 answers at the new speed); --factory-reset finds it back at 9600", async (context) => {
    const { device, bridge, remove } = await serialReceiver("sim:?chip=mtk&start=hot", tracker(context));
    try {
      const switched = await gnsskit(["config", device, "--baud", "115200", "--json", "-q"]);
      expect(switched.status, switched.stdout + switched.stderr).toBe(0);
      const report = JSON.parse(switched.stdout) as ConfigJson;
      expect(report.commands.map((s) => [s.status, s.detail])).toEqual([["verified", "the receiver answers at 115200 baud: PMTK000 test packet answered"]]);
      // the host's end did switch: the bridge saw the client's termios go to 115200
      expect(bridge.stdout()).toMatch(/client 9600\n(.*\n)*client 115200\n/);
      // a new run finds the receiver at 115200 (the speed hunt) and configures it there
      const again = await gnsskit(["config", device, "--rate", "2", "--show"]);
      expect(again.status, again.stdout + again.stderr).toBe(0);
      expect(again.stderr).toMatch(/115200/);
      expect(again.stdout).toMatch(/^speed +115200 baud/m);
      // factory reset: PMTK104 brings 9600 back; the host follows and finds it there
      const reset = await gnsskit(["config", device, "--factory-reset", "--show", "-q"]);
      expect(reset.status, reset.stdout + reset.stderr).toBe(0);
      // its startup message goes out at 9600: heard at 115200 it is not, and the speed it is found at is the proof;
      // on a loaded machine the simulated restart can lag until the host already listens at 9600, which then hears
      // the message itself. Either way the report says which it was and ends at 9600 with the test packet answered.
      expect(reset.stdout).toMatch(
        /^ok +PMTK104 .*: (no startup message at 115200 baud; the receiver answers at its factory speed|the receiver restarted \(its startup message\); back at its factory speed), 9600 baud: PMTK000 test packet answered$/m,
      );
      expect(reset.stdout).toMatch(/^rate +1 Hz \(every 1000 ms\)$/m);
    } finally {
      remove();
    }
  }, 120_000);

  it("u-blox M8: --baud 38400 through CFG-PRT (its ACK not trusted: MON-VER answers at the new speed), the protocol masks kept", async (context) => {
    const { device, remove } = await serialReceiver("sim:?chip=ublox&start=hot", tracker(context));
    try {
      const switched = await gnsskit(["config", device, "--baud", "38400", "--show", "--json", "-q"]);
      expect(switched.status, switched.stdout + switched.stderr).toBe(0);
      const report = JSON.parse(switched.stdout) as ConfigJson;
      expect(report.commands.map((s) => s.status)).toEqual(["verified"]);
      expect(report.commands[0]!.description).toBe("UBX CFG-PRT UART1 at 38400 baud (in 0x0007, out 0x0003)");
      expect(report.settings).toMatchObject({ baudRate: 38400, port: { inProtoMask: 7, outProtoMask: 3 } });
    } finally {
      remove();
    }
  }, 120_000);

  const haveUbxtool = existsSync("/usr/bin/ubxtool") && spawnSync(PYTHON, ["-c", "import gps.ubx"]).status === 0;
  it.skipIf(!haveUbxtool)(
    "gpsd's ubxtool reads the simulated M8's answers to CFG-RATE, CFG-GNSS and MON-VER polls",
    async (context) => {
      const { device, remove } = await serialReceiver("sim:?chip=ublox&start=hot", tracker(context));
      try {
        const configured = await gnsskit(["config", device, "--rate", "4", "--constellations", "gps,galileo", "-q"]);
        expect(configured.status, configured.stdout).toBe(0);
        const ubxtool = await new Promise<string>((resolve) => {
          const run = start(PYTHON, [
            "/usr/bin/ubxtool",
            "-f",
            device,
            "-s",
            "9600",
            "-w",
            "2",
            "-v",
            "2",
            "-p",
            "CFG-RATE",
            "-p",
            "CFG-GNSS",
            "-p",
            "MON-VER",
          ]);
          run.child.once("close", () => resolve(run.stdout()));
        });
        expect(ubxtool).toContain("measRate 250 navRate 1 timeRef 1 (GPS)");
        expect(ubxtool).toMatch(/GPS L1C\/A enabled/);
        expect(ubxtool).toMatch(/Galileo E1 enabled/);
        expect(ubxtool).toMatch(/gnssId 6 TrkCh +8 maxTrCh 14 reserved 0 Flags x00010000\s+GLONASS L1 \n/);
        expect(ubxtool).toMatch(/UBX-MON-VER:\s+swVersion ROM CORE 3\.01 \(107888\)\s+hwVersion 00080000/);
        expect(ubxtool).toContain("PROTVER=18.00");
        expect(ubxtool).toMatch(/UBX-ACK-ACK:\s+ACK to Class x06 \(CFG\) ID x08 \(RATE\)/);
      } finally {
        remove();
      }
    },
    120_000,
  );
});
