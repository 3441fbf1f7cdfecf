// `gnsskit config` through commander in-process against the simulated chips (which apply configuration as the
// real ones do): every dialect's settings acknowledged and seen in the output, refusals and silence reported
// with exit 1, a receiver of another dialect one line, bad arguments exit 2, --dry-run without opening.

import { afterEach, describe, expect, it, vi } from "vitest";
import { config as configure, register, type ConfigJson } from "../../src/cli/commands/config.js";
import { CliError } from "../../src/cli/errors.js";
import { createSimSource } from "../../src/sim/source.js";
import { captureOutput, runInProcess } from "./_in-process.js";

const config = (args: string[]) => runInProcess(register, ["config", ...args]);
const AT = "at=2026-11-26T12:00:00Z";
const sim = (query: string): string => `sim:?speed=max&${AT}&${query}`;

/** The JSON report, and the exit code the error carries (0 without one). */
async function run(args: string[]): Promise<{ json?: ConfigJson; stdout: string; stderr: string; exit: number; message?: string }> {
  const { stdout, stderr, error } = await config(args);
  const exit = error === undefined ? 0 : error instanceof CliError ? error.exitCode : -1;
  if (error !== undefined && !(error instanceof CliError)) throw error;
  const json = args.includes("--json") && stdout.trim() !== "" ? (JSON.parse(stdout) as ConfigJson) : undefined;
  return { ...(json === undefined ? {} : { json }), stdout, stderr, exit, ...(error instanceof CliError ? { message: error.message } : {}) };
}

const statuses = (json: ConfigJson | undefined): string[] => json!.commands.map((c) => `${c.status} ${c.description.split(" ").slice(0, 2).join(" ")}`);
const onSystems = (json: ConfigJson | undefined): string[] =>
  Object.entries(json!.settings!.constellations ?? {})
    .filter(([, on]) => on)
    .map(([c]) => c)
    .sort();

describe("gnsskit config on the simulated chips", () => {
  afterEach(() => vi.restoreAllMocks());

  it("u-blox M8: --rate 5 --constellations gps,galileo --show: CFG-RATE and CFG-GNSS acknowledged, a GNSS restart, 5 Hz seen, the polls say so", async () => {
    const { json, exit, stderr } = await run([sim("chip=ublox&start=hot&seed=2"), "--rate", "5", "--constellations", "gps,galileo", "--show", "--json"]);
    expect(exit).toBe(0);
    expect(stderr).toContain("u-blox generation 8: CFG-PRT/RATE/MSG/GNSS/NAV5");
    expect(statuses(json)).toEqual(["acknowledged UBX CFG-RATE", "acknowledged UBX CFG-GNSS", "sent UBX CFG-RST"]);
    expect(json!.output!.observed.periodMs).toBe(200);
    expect(json!.settings!.measurementMs).toBe(200);
    expect(onSystems(json)).toEqual(["galileo", "gps"]);
    // the receiver reports satellites of the two systems only
    expect(json!.output!.observed.gsvTalkers.every((t) => t === "GP" || t === "GA")).toBe(true);
    expect(json!.ok).toBe(true);
  });

  it("u-blox M8 sending UBX and NMEA: --messages GGA,RMC,UBX-NAV-PVT leaves exactly those (the NAV messages follow CFG-MSG too)", async () => {
    const { json, exit } = await run([sim("chip=ublox&start=hot&protocol=both"), "--messages", "GGA,RMC,UBX-NAV-PVT", "--json"]);
    expect(exit).toBe(0);
    expect(json!.output!.observed.messages).toEqual(["GGA", "RMC", "UBX-NAV-PVT"]);
    expect(json!.ok).toBe(true);
  });

  it("u-blox F9 (generation 9 from MON-VER's PROTVER): the same through CFG-VALSET, read back with CFG-VALGET", async () => {
    const { json, exit } = await run([
      sim("model=f9&start=hot"),
      "--rate",
      "5",
      "--constellations",
      "gps,galileo",
      "--messages",
      "GGA,RMC,GSV",
      "--dynamic-model",
      "automotive",
      "--show",
      "--json",
    ]);
    expect(exit).toBe(0);
    expect(json!.ubxGeneration).toBe(9);
    expect(json!.receiver).toMatch(/^ZED-F9P .*PROTVER 27\.31/);
    expect(json!.commands.every((c) => c.status === "acknowledged" && /^UBX CFG-VALSET \(RAM\)/.test(c.description))).toBe(true);
    expect(json!.output!.observed).toMatchObject({ periodMs: 200, messages: ["GGA", "GSV", "RMC"] });
    expect(json!.settings).toMatchObject({ measurementMs: 200, dynamicModel: "automotive", baudRate: 38400 });
    expect(json!.settings!.messages).toMatchObject({ GGA: 1, RMC: 1, GSV: 1, GSA: 0, VTG: 0, GLL: 0, "UBX-NAV-PVT": 0 });
    expect(onSystems(json)).toEqual(["galileo", "gps"]);
    expect(json!.output!.observed.gsvTalkers).toEqual(["GA", "GP"]);
  });

  it("MediaTek (MT3333): rate, sentences, systems and navigation mode acknowledged by PMTK001 flag 3, and seen", async () => {
    const { json, exit } = await run([
      sim("chip=mtk&model=mt3333&start=hot"),
      "--rate",
      "5",
      "--messages",
      "GGA,RMC,GSV",
      "--constellations",
      "gps,galileo",
      "--dynamic-model",
      "pedestrian",
      "--show",
      "--json",
      "-q",
    ]);
    expect(exit).toBe(0);
    expect(statuses(json)).toEqual([
      "acknowledged PMTK220 fix",
      "acknowledged PMTK314 output",
      "acknowledged PMTK886 navigation",
      "acknowledged PMTK353 search",
      "acknowledged PMTK313 SBAS",
      "acknowledged PMTK352 QZSS",
    ]);
    expect(json!.output!.observed).toMatchObject({ periodMs: 200, messages: ["GGA", "GSV", "RMC"] });
    expect(json!.settings).toMatchObject({ measurementMs: 200, messages: { GGA: 1, RMC: 1, GSV: 1, GSA: 0, VTG: 0 } });
    expect(onSystems(json)).toEqual(["galileo", "gps"]);
  });

  it("MediaTek MT3339 (GPS only): PMTK353 refused with flag 1, reported, exit 1; the rest still applied", async () => {
    const { stdout, exit, message } = await run([sim("chip=mtk"), "--constellations", "gps,glonass", "--rate", "2", "-q"]);
    expect(exit).toBe(1);
    expect(stdout).toMatch(/^REFUSED +PMTK353 search gps, glonass: PMTK353: unsupported command \(flag 1\)$/m);
    expect(stdout).toMatch(/^ok +PMTK220 fix interval 500 ms: succeeded \(flag 3\)$/m);
    expect(stdout).toMatch(/^ok +output rate: epochs every 500 ms$/m);
    expect(message).toMatch(/: 1 setting was not taken \(see above\)$/);
  });

  it("Quectel PAIR: every command answered PAIR001 result 0, --save with PAIR513, the queries read it back", async () => {
    const { json, exit } = await run([
      sim("chip=quectel&start=hot"),
      "--rate",
      "5",
      "--constellations",
      "gps,galileo",
      "--messages",
      "GGA,RMC",
      "--dynamic-model",
      "fitness",
      "--save",
      "--show",
      "--json",
      "-q",
    ]);
    expect(exit).toBe(0);
    expect(json!.commands.map((c) => c.status)).toEqual(new Array(12).fill("acknowledged"));
    expect(json!.commands.at(-1)!.description).toBe("PAIR513 save the configuration to flash");
    expect(json!.output!.observed).toMatchObject({ periodMs: 200, messages: ["GGA", "RMC"] });
    expect(json!.settings).toMatchObject({ measurementMs: 200, dynamicModel: "fitness", baudRate: 115200, messages: { GGA: 1, RMC: 1, GSV: 0 } });
    expect(onSystems(json)).toEqual(["galileo", "gps"]);
  });

  it("SiRF: PSRF103 is never acknowledged, so the output decides: sent, then a 2 s period and GGA RMC seen", async () => {
    const { stdout, exit } = await run([sim("chip=sirf"), "--rate", "0.5", "--messages", "GGA,RMC", "-q"]);
    expect(exit).toBe(0);
    expect(stdout.split("\n").filter((l) => l.startsWith("sent"))).toHaveLength(7);
    expect(stdout).toMatch(/^ok +output rate: epochs every 2000 ms$/m);
    expect(stdout).toMatch(/^ok +output messages: sends GGA RMC$/m);
  });

  it("--baud: both ends switch and the receiver answers at the new speed (PMTK251, PAIR864, CFG-PRT)", async () => {
    for (const [chip, speed] of [
      ["mtk", 115200],
      ["quectel", 921600],
      ["ublox", 38400],
    ] as const) {
      const { json, exit } = await run([sim(`chip=${chip}`), "--baud", String(speed), "--show", "--json", "-q"]);
      expect(exit, chip).toBe(0);
      expect(json!.commands, chip).toHaveLength(1);
      expect(json!.commands[0]!.status, chip).toBe("verified");
      expect(json!.commands[0]!.detail, chip).toContain(`the receiver answers at ${speed} baud`);
      if (chip !== "mtk") expect(json!.settings!.baudRate, chip).toBe(speed);
    }
  });

  it("--baud where the host's end cannot follow: nothing at the new speed nor the old one, the link is lost (exit 1)", async () => {
    const source = createSimSource(sim("chip=mtk"));
    source.setBaudRate = async () => undefined; // a port that ignores the speed change
    const output = captureOutput();
    const error = await configure("sim:", { baud: "115200", quiet: true }, { source }).catch((e: unknown) => e);
    output.restore();
    expect(output.stdout).toMatch(
      /^LOST +PMTK251 serial speed 115200 \(not acknowledged\): nothing at 115200 baud \(no answer to PMTK000 test packet\) nor at 9600: the link is lost$/m,
    );
    expect((error as CliError).exitCode).toBe(1);
  });

  it("--factory-reset: MediaTek PMTK104 is confirmed by the startup message; the speed is found again", async () => {
    const { stdout, exit } = await run([sim("chip=mtk"), "--factory-reset", "--rate", "2", "-q"]);
    expect(exit).toBe(0);
    expect(stdout).toMatch(/^ok +PMTK104 full cold start.*: the receiver restarted \(its startup message\)$/m);
  });

  it("a receiver of another dialect: one line, exit 1, nothing sent", async () => {
    const { stdout, exit, message } = await run([sim("chip=ublox"), "--dialect", "mtk", "--rate", "5"]);
    expect(exit).toBe(1);
    expect(stdout).toBe("");
    expect(message).toMatch(/: the receiver speaks u-blox UBX \(.*\), not MediaTek PMTK \(--dialect mtk\)$/);
  });

  it("what the dialect cannot do: exit 2 when --dialect said it, exit 1 when the receiver turned out to speak it", async () => {
    const told = await run([sim("chip=sirf"), "--dialect", "sirf", "--dynamic-model", "pedestrian"]);
    expect([told.exit, told.message]).toEqual([2, expect.stringMatching(/--dynamic-model: PSRF has no dynamic-model command in NMEA mode: nothing was sent$/)]);
    const found = await run([sim("chip=mtk"), "--save", "-q"]);
    expect([found.exit, found.message]).toEqual([1, expect.stringMatching(/--save: PMTK has no command that saves the configuration/)]);
    const ubx = await run([sim("chip=quectel"), "--messages", "GGA,UBX-NAV-PVT", "-q"]);
    expect(ubx.message).toMatch(/--messages: Quectel PAIR cannot switch UBX-NAV-PVT/);
  });

  it("--dry-run prints the exact bytes without opening SOURCE", async () => {
    const { stdout, exit } = await run(["/dev/ttyNOSUCH", "--dialect", "mtk", "--rate", "5", "--messages", "RMC,GGA", "--dry-run"]);
    expect(exit).toBe(0);
    expect(stdout).toBe(
      [
        "dry run: MediaTek PMTK, 2 commands for /dev/ttyNOSUCH, which is not opened",
        "1. PMTK220 fix interval 200 ms",
        "   $PMTK220,200*2C",
        "   24 50 4D 54 4B 32 32 30 2C 32 30 30 2A 32 43 0D 0A",
        "2. PMTK314 output RMC GGA, the rest off",
        "   $PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*28",
        `   ${[..."$PMTK314,0,1,0,1,0,0,0,0,0,0,0,0,0,0,0,0,0,0,0*28\r\n"].map((c) => c.charCodeAt(0).toString(16).toUpperCase().padStart(2, "0")).join(" ")}`,
        "",
      ].join("\n"),
    );
    const ubx = await run(["/dev/ttyNOSUCH", "--dialect", "ublox", "--ubx-generation", "8", "--rate", "5", "--dry-run"]);
    expect(ubx.stdout).toContain("   B5 62 06 08 06 00 C8 00 01 00 01 00 DE 6A\n");
  });

  it("bad arguments: exit 2 with one line", async () => {
    const cases: [string[], RegExp][] = [
      [[sim("chip=mtk")], /^nothing to do: give a setting/],
      [[sim("chip=mtk"), "--rate", "0"], /^--rate 0: expected a positive number$/],
      [[sim("chip=mtk"), "--constellations", "gps,mars"], /^--constellations mars: unknown system/],
      [[sim("chip=mtk"), "--messages", "GGA,XYZ"], /^--messages XYZ: unknown message/],
      [[sim("chip=mtk"), "--baud", "fast"], /^--baud fast: expected a speed/],
      [["/dev/ttyNOSUCH", "--rate", "5", "--dry-run"], /^--dry-run needs --dialect/],
      [["/dev/ttyNOSUCH", "--dialect", "ublox", "--rate", "5", "--dry-run"], /^--dry-run with --dialect ublox needs --ubx-generation 8 or 9$/],
      [["/dev/ttyNOSUCH", "--dialect", "mtk", "--rate", "50", "--dry-run"], /^PMTK220: rate 50 Hz out of 0\.1\.\.10 Hz$/],
      [["fixtures/sim-tunnel.nmea", "--rate", "5"], /config needs a live receiver that takes commands/],
    ];
    for (const [args, want] of cases) {
      const r = await run(args);
      expect([r.exit, r.message], args.join(" ")).toEqual([2, expect.stringMatching(want)]);
    }
  });
});
