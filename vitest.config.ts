// Two projects, both run by `npm test`, each alone by `npm run test:unit` / `npm run test:peers`:
//   unit   everything in this process: no outside program (test/_setup/unit.ts refuses to start one)
//   peers  tests that talk to real peers: the built CLI as a child process, socat ptys, gpsd and its
//          clients, tmux, xmllint, Chromium, D-Bus with python-dbusmock, tsc
// A test file that starts a program belongs to peers: add it to PEERS.
import { defineConfig } from "vitest/config";
import { sharedDefaults } from "./test/_shared.js";

const PEERS = [
  "test/conformance.test.ts",
  "test/browser/e2e.test.ts",
  "test/browser/isomorphism.test.ts",
  "test/cli/decode.test.ts",
  "test/cli/progress-tty.test.ts",
  "test/cli/code-cache.test.ts",
  "test/cli/startup.test.ts",
  "test/cli/sky.test.ts",
  "test/cli/ttff.test.ts",
  "test/drivers/pty.test.ts",
  "test/monitor/methods-tmux.test.ts",
  "test/monitor/pipe.test.ts",
  "test/monitor/tmux.test.ts",
  "test/monitor/tmux-harness.test.ts",
  "test/node/bluetooth/*.test.ts",
  "test/node/sources/autobaud-report.test.ts",
  "test/node/sources/fifo.test.ts",
  "test/node/sources/network.test.ts",
  "test/node/sources/open-source.test.ts",
  "test/node/sources/serial-pty.test.ts",
  "test/output/date-backfill.test.ts",
  "test/output/gpx.test.ts",
  "test/output/kml.test.ts",
  "test/output/report-html.test.ts",
  "test/record/record-cli.test.ts",
  "test/replay/stamped.test.ts",
  "test/serve/cli.test.ts",
  "test/serve/clients.test.ts",
  "test/sim/gpsd.test.ts",
  // on main since this list was made (they start the built CLI, socat, gpsd or a shell)
  "test/cli/dialect-agreement.test.ts",
  "test/cli/per-file.test.ts",
  "test/fleet/connect.test.ts",
  "test/fleet/consumers.test.ts",
  "test/fleet/errors.test.ts",
  "test/fleet/fleet-view.test.ts",
  "test/fleet/fleet.test.ts",
  "test/fleet/outage.test.ts",
  "test/fleet/topics.test.ts",
  "test/fleet/fleet-why.test.ts",
  "test/cli/messages.test.ts",
  "test/cli/numbers.test.ts",
  "test/cli/outputs-agree.test.ts",
  "test/cli/truth.test.ts",
  "test/cli/stop-promptly.test.ts",
  "test/methods/hostile-cli.test.ts",
  "test/methods/state-file.test.ts",
  "test/record/safety.test.ts",
  "test/serve/flood.test.ts",
  // gnsskit config: the built CLI against `simulate --tcp` and a UART bridge; ubxtool on our frames
  "test/cli/config-live.test.ts",
  "test/drivers/config-bytes.test.ts",
  "test/cli/report-truth.test.ts",
  // RTCM 3 and NTRIP (h16): gpsdecode, convbin, str2str and the built CLI
  "test/cli/ntrip.test.ts",
  "test/framing/rtcm3.test.ts",
  "test/node/ntrip/client.test.ts",
  "test/sim/rtk.test.ts",
  // UBX: gpsd's gpsdecode as the outside decoder
  "test/output/gpsd-ubx.test.ts",
  "test/parsing/ubx-corpus.test.ts",
  // audit F: hostile command lines and sources against the built CLI
  "test/cli/hostile-args.test.ts",
  "test/cli/ports-probe.test.ts",
];

export default defineConfig({
  test: {
    // the shared reference data from ../shared when its variables are unset (test/_shared.ts)
    // NODE_EXTRA_CA_CERTS off for the programs the tests start: Node reads and parses the file at every start,
    // before any code runs, and a host that names its whole CA bundle there (/etc/ssl/certs, 220 KB) made each
    // `node` start 40 ms of CPU slower (0.09 s against 0.05 s), some 450 starts in a run. The tests talk to local
    // peers only; those with a private CA name their own certificate.
    env: { ...sharedDefaults(), NODE_EXTRA_CA_CERTS: "" },
    // Four workers on a 2-core machine: the peer tests spend much of their time waiting for their peers, and the
    // other workers fill it. Measured on a fresh clone, npm test whole, beside a CPU hog in the same session:
    // 3 workers 218, 234, 230 and 219 s; 4 workers 206 and 214 s; with nothing else running, 176.5 s and 173 s.
    // 6 workers beside the hog: 225 s (340 s of CPU against 4 workers' ~318 s: each worker loads the modules again).
    // (An older suite measured idle: 2 workers 241 s, 3 workers 160 s, 4 workers 180 s; vitest's default here is 1.)
    maxWorkers: 4,
    testTimeout: 30_000,
    hookTimeout: 30_000,
    projects: [
      // in-process tests clean up after themselves: a worker keeps its modules from file to file (measured:
      // 30 s of CPU for the unit project instead of 73 s). Its workers are threads of the vitest process: a child
      // process worker gets every module's transformed code through IPC, and the project alone took 63 s of CPU
      // (23 s of them in vitest's main process) and 35 s against 49 s and 27 s in threads (2 cores, same
      // clone). The peers stay in child processes: serialport's native binding aborts the process when a
      // worker thread opens a port (its poller enters V8 from the main thread), and state-file sets the umask.
      {
        extends: true,
        test: { name: "unit", include: ["test/**/*.test.ts"], exclude: PEERS, setupFiles: ["test/_setup/unit.ts"], isolate: false, pool: "threads" },
      },
      // A peer test's work is mostly other processes' (a few CLI runs are seconds of CPU): on a host running
      // other work besides the suite, 30 s was cut short (two tests of 3 runs at a load of 20 on 2 cores).
      // Its files stop what they start and restore what they change, so a worker keeps its modules too: loading
      // the 52 files took 45 s of CPU isolated, 16 s not.
      { extends: true, test: { name: "peers", include: PEERS, testTimeout: 60_000, hookTimeout: 60_000, isolate: false } },
    ],
  },
});
