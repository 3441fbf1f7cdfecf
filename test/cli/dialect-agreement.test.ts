// `ports --probe` and `ttff` identify a receiver's dialect the same way: for each simulated chip, served on a
// pseudo-terminal by `gnsskit simulate --pty` (socat), the probe `ports --probe` runs on the port and the dialect
// `ttff` reports in its JSON summary name the chip's dialect. (ports once only listened, and called a receiver
// that says nothing proprietary unknown, or a Quectel-branded MediaTek module a PAIR receiver.)

import { spawnSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { runSimulate } from "../../src/cli/commands/simulate.js";
import { register, type TtffJson } from "../../src/cli/commands/ttff.js";
import { DIALECT_NAMES } from "../../src/dialects.js";
import { probePort } from "../../src/node/sources/ports.js";
import { runInProcess } from "./_in-process.js";

const haveSocat = spawnSync("sh", ["-c", "command -v socat"]).status === 0;
if (!haveSocat) console.log("skipping the dialect agreement test: socat (Debian package socat) is not installed");

describe.skipIf(!haveSocat)("ports --probe and ttff name the same dialect", () => {
  for (const chip of DIALECT_NAMES) {
    it(`${chip} on a pseudo-terminal`, async () => {
      const abort = new AbortController();
      let ready: (path: string) => void = () => undefined;
      const device = new Promise<string>((resolve) => (ready = resolve));
      const simulation = runSimulate(
        { chip, start: "hot", seed: "1", at: "2026-11-26T12:00:00Z", speed: "10", duration: "600", pty: true },
        { signal: abort.signal, onReady: ready },
      );
      try {
        const path = await device;
        const probe = await probePort(path, { baudRate: 9600, listenMs: 1500 });
        const { stdout, error } = await runInProcess(register, ["ttff", path, "--baud", "9600", "--start", "hot", "--runs", "1", "--json", "-q"]);
        expect(error).toBeUndefined();
        const report = JSON.parse(stdout) as TtffJson;
        expect({ ports: probe.dialect, ttff: report.summary.dialect }).toEqual({ ports: chip, ttff: chip });
      } finally {
        abort.abort();
        await simulation;
      }
    }, 60_000);
  }
});
