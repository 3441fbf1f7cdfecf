// `gnsskit simulate`: run the simulated receiver and serve its NMEA on stdout, on TCP (every client gets
// the stream; what clients send goes to the receiver as commands) or on a pseudo-terminal made by socat
// (so gpsd, serial readers and gnsskit's own serial code can attach to /dev/pts/N).

import { spawn, type ChildProcess } from "node:child_process";
import { createServer, type Server, type Socket } from "node:net";
import { Command, Option } from "commander";
import { DIALECT_NAMES } from "../../dialects.js";
import { createSimSource, parseSimSpec, SimSpecError, SIM_SPEC_KEYS, type SimSource } from "../../sim/source.js";
import { badArguments, cannotCreate, sourceFailed, writeFailed } from "../errors.js";
import { lstatSync, type Stats, writeFileSync } from "node:fs";
import { formatCount } from "../../output/format.js";
import { loadBundledAlmanacRecords } from "../../node/almanacs.js";
import { writeAssistNowFile, writeEpoFile } from "../../orbits/assist-data.js";
import { defaultPowerOnMs } from "../../sim/source.js";
import { onInterrupt } from "../source-arg.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";

export interface SimulateCommandOptions {
  spec?: string;
  start?: string;
  env?: string;
  chip?: string;
  seed?: string;
  speed?: string;
  nmea?: string;
  protocol?: string;
  scenario?: string;
  route?: string;
  lat?: string;
  lon?: string;
  alt?: string;
  at?: string;
  rate?: string;
  duration?: string;
  tcp?: string;
  pty?: boolean;
  link?: string;
  /** An RTK rover: RTCM 3 written to it gives DGPS, RTK float, then RTK fixed (spec key rtk=1). */
  rtk?: boolean;
  /** The simulated base station's RTCM 3 (1005 + MSM7) instead of the receiver's NMEA. */
  rtcm?: boolean;
  /** With --rtcm: the reference station id, 0–4095. */
  station?: string;
  /** Write orbit data for the simulator's sky to this file and exit (AssistNow .ubx, or MediaTek EPO). */
  writeOrbits?: string;
  /** EPO: how many days of 6-hour sets (default 3; 0.25 = one set). */
  days?: string;
}

/**
 * `--write-orbits FILE`: the simulator's satellites as orbit data at --at (default now): AssistNow Online-like
 * MGA-GPS-EPH/MGA-QZSS-EPH for a `.ubx` file, MediaTek EPO-II sets otherwise.
 */
function writeOrbits(options: SimulateCommandOptions): void {
  const path = options.writeOrbits!;
  const days = options.days === undefined ? 3 : decimalNumber(options.days);
  if (!Number.isFinite(days) || days <= 0 || days > 30) throw badArguments(`--days ${options.days}: expected 0.25 to 30${notDecimalNote(options.days ?? "")}`);
  const atMs = parseSimSpec(simulateSpec(options)).startTimeMs ?? defaultPowerOnMs();
  const records = loadBundledAlmanacRecords();
  const assistNow = /\.ubx$/i.test(path);
  const bytes = assistNow ? writeAssistNowFile(records, atMs) : writeEpoFile(records, atMs, days);
  try {
    writeFileSync(path, bytes);
  } catch (error) {
    throw cannotCreate(path, error);
  }
  process.stderr.write(
    `gnsskit: ${path}: ${assistNow ? "AssistNow (MGA-GPS-EPH, MGA-QZSS-EPH)" : `EPO, ${formatCount(Math.max(1, Math.round((days * 24) / 6)), "set")} of 6 hours`} for ${new Date(atMs).toISOString()}, ${bytes.length} bytes\n`,
  );
}

const OPTION_KEYS: [keyof SimulateCommandOptions, (typeof SIM_SPEC_KEYS)[number]][] = [
  ["start", "start"],
  ["env", "env"],
  ["chip", "chip"],
  ["seed", "seed"],
  ["speed", "speed"],
  ["nmea", "nmea"],
  ["scenario", "scenario"],
  ["route", "route"],
  ["lat", "lat"],
  ["lon", "lon"],
  ["alt", "alt"],
  ["at", "at"],
  ["rate", "rate"],
  ["duration", "duration"],
  ["protocol", "protocol"],
];

/** The `sim:?…` spec the options describe: --spec first, the single options on top; real time unless a speed is given. */
export function simulateSpec(options: SimulateCommandOptions): string {
  const base = options.spec ?? "sim:";
  const query = /^sim:(?:\/\/)?(?:\?(.*))?$/s.exec(base.trim());
  if (query === null) throw badArguments(`--spec ${base}: expected sim: or sim:?key=value&...`);
  const params = new URLSearchParams(query[1] ?? "");
  for (const [option, key] of OPTION_KEYS) {
    const value = options[option];
    if (typeof value === "string") params.set(key, value);
  }
  if (options.rtk === true) params.set("rtk", "1");
  if (!params.has("speed")) params.set("speed", "1"); // the command runs in real time unless told otherwise
  const spec = `sim:?${params.toString()}`;
  try {
    parseSimSpec(spec);
  } catch (error) {
    if (error instanceof SimSpecError) throw badArguments(error.message);
    throw error;
  }
  return spec;
}

async function writeAll(stream: NodeJS.WritableStream, bytes: Uint8Array): Promise<void> {
  if (stream.write(bytes)) return;
  // a failed write returns false too, and no "drain" follows: waiting for one alone ended the run (nothing left to
  // run) with exit 0, the failure unsaid
  await new Promise<void>((resolve) => {
    const done = (): void => {
      stream.off("drain", done);
      stream.off("error", done);
      stream.off("close", done);
      resolve();
    };
    stream.once("drain", done);
    stream.once("error", done);
    stream.once("close", done);
  });
}

async function serveStdout(source: SimSource): Promise<void> {
  let broken = false;
  let failure: NodeJS.ErrnoException | undefined;
  process.stdout.on("error", (error: NodeJS.ErrnoException) => {
    broken = true; // EPIPE: the reader went away (e.g. `| head`), quietly; any other failure is said
    if (error.code !== "EPIPE") failure ??= error;
    void source.close();
  });
  for await (const chunk of source) {
    if (broken) break;
    await writeAll(process.stdout, chunk);
  }
  if (failure !== undefined) throw writeFailed("standard output", failure);
}

export interface SimulateHooks {
  /** Called with where the stream is served (`tcp://127.0.0.1:PORT`, `/dev/pts/N`, `stdout`). */
  onReady?: (where: string) => void;
  /** Stops the simulation (as Ctrl-C does). */
  signal?: AbortSignal;
}

async function serveTcp(source: SimSource, portText: string, hooks: SimulateHooks, what: string): Promise<void> {
  const port = decimalNumber(portText);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw badArguments(`--tcp ${portText}: expected a port number 0..65535${notDecimalNote(portText)}`);
  const clients = new Set<Socket>();
  const server: Server = createServer((socket) => {
    clients.add(socket);
    socket.on("data", (data: Buffer) => {
      void source.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).catch(() => undefined);
    });
    socket.on("error", () => clients.delete(socket));
    socket.on("close", () => clients.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", (error: NodeJS.ErrnoException) => reject(sourceFailed(`--tcp ${port}: ${error.code ?? error.message}`)));
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const address = server.address();
  const actualPort = typeof address === "object" && address !== null ? address.port : port;
  process.stderr.write(`gnsskit: ${what} on tcp://127.0.0.1:${actualPort}\n`);
  hooks.onReady?.(`tcp://127.0.0.1:${actualPort}`);
  try {
    for await (const chunk of source) {
      for (const socket of clients) if (socket.writable) socket.write(chunk);
    }
  } finally {
    for (const socket of clients) socket.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}

/**
 * socat's `link=` replaces whatever is at the path and removes its link at exit: a user's file given by mistake
 * would be gone. Only a missing path or a symbolic link (one left by an earlier run, or dangling) is taken.
 */
function checkLinkPath(link: string): void {
  let stats: Stats | undefined;
  try {
    stats = lstatSync(link, { throwIfNoEntry: false });
  } catch (error) {
    throw badArguments(
      `--link ${link}: ${(error as NodeJS.ErrnoException).code === "ENOTDIR" ? "a part of the path is not a directory" : (error as Error).message}`,
    );
  }
  if (stats === undefined || stats.isSymbolicLink()) return;
  const what = stats.isDirectory() ? "a directory" : stats.isFile() ? "a file" : "not a symbolic link";
  throw badArguments(`--link ${link}: it exists and is ${what}; gnsskit replaces only a symbolic link (give a new path)`);
}

async function servePty(source: SimSource, link: string | undefined, hooks: SimulateHooks, what: string): Promise<void> {
  const address = ["pty", "raw", "echo=0", ...(link === undefined ? [] : [`link=${link}`])].join(",");
  let socat: ChildProcess;
  try {
    socat = spawn("socat", ["-d", "-d", address, "STDIO"], { stdio: ["pipe", "pipe", "pipe"] });
  } catch (error) {
    throw sourceFailed(`--pty needs socat (Debian package socat): ${(error as Error).message}`);
  }
  const devicePath = await new Promise<string>((resolve, reject) => {
    let stderr = "";
    socat.once("error", (error: NodeJS.ErrnoException) =>
      reject(sourceFailed(error.code === "ENOENT" ? "--pty needs socat (Debian package socat)" : `socat: ${error.message}`)),
    );
    socat.once("exit", (code) => reject(sourceFailed(`socat exited (${code ?? "signal"}): ${stderr.trim().split("\n").pop() ?? ""}`)));
    socat.stderr!.on("data", (data: Buffer) => {
      stderr += data.toString();
      const m = /PTY is (\S+)/.exec(stderr);
      if (m !== null) resolve(m[1]!);
    });
  });
  socat.removeAllListeners("exit");
  socat.on("exit", () => void source.close());
  socat.stdout!.on("data", (data: Buffer) => {
    void source.write(new Uint8Array(data.buffer, data.byteOffset, data.byteLength)).catch(() => undefined);
  });
  socat.stdin!.on("error", () => void source.close());
  process.stderr.write(`gnsskit: ${what} on ${devicePath}${link === undefined ? "" : ` (${link})`}\n`);
  hooks.onReady?.(devicePath);
  try {
    for await (const chunk of source) {
      if (!socat.stdin!.writable) break;
      await writeAll(socat.stdin!, chunk);
    }
  } finally {
    socat.stdin!.end();
    if (socat.exitCode === null) socat.kill("SIGTERM");
  }
}

function baseOptions(options: SimulateCommandOptions): { stationId?: number } {
  if (options.station === undefined) return {};
  const stationId = decimalNumber(options.station);
  if (!Number.isInteger(stationId) || stationId < 0 || stationId > 4095)
    throw badArguments(`--station ${options.station}: expected 0-4095${notDecimalNote(options.station)}`);
  return { stationId };
}

export async function runSimulate(options: SimulateCommandOptions, hooks: SimulateHooks = {}): Promise<void> {
  if (options.writeOrbits !== undefined) return writeOrbits(options);
  if (options.days !== undefined) throw badArguments("--days needs --write-orbits");
  if (options.tcp !== undefined && options.pty) throw badArguments("--tcp and --pty: choose one");
  if (options.link !== undefined && !options.pty) throw badArguments("--link needs --pty");
  if (options.link !== undefined) checkLinkPath(options.link);
  if (options.rtcm === true && options.rtk === true) throw badArguments("--rtcm (a base station) and --rtk (a rover): choose one");
  if (options.station !== undefined && options.rtcm !== true) throw badArguments("--station needs --rtcm");
  const spec = simulateSpec(options);
  let source: SimSource;
  try {
    // Stdout, TCP and socat's pseudo-terminal carry no speed: this end follows the chip's port when it switches.
    source = createSimSource({ ...parseSimSpec(spec), followReceiverSpeed: true, ...(options.rtcm === true ? { rtcmBase: baseOptions(options) } : {}) });
  } catch (error) {
    if (error instanceof SimSpecError) throw badArguments(error.message);
    throw error;
  }
  source.onLink?.((event) => {
    if (event.type === "info") process.stderr.write(`gnsskit: ${event.message}\n`);
  });
  await source.open();
  const uninstall = onInterrupt(() => void source.close());
  const stop = (): void => void source.close();
  hooks.signal?.addEventListener("abort", stop);
  if (hooks.signal?.aborted) stop();
  try {
    const what = options.rtcm === true ? "simulated base station (RTCM 3)" : "simulated receiver";
    if (options.tcp !== undefined) await serveTcp(source, options.tcp, hooks, what);
    else if (options.pty) await servePty(source, options.link, hooks, what);
    else {
      hooks.onReady?.("stdout");
      await serveStdout(source);
    }
  } finally {
    hooks.signal?.removeEventListener("abort", stop);
    uninstall();
    await source.close();
  }
}

export function register(program: Command): void {
  program
    .command("simulate")
    .description(
      "run the simulated receiver (seeded model of acquisition, start types and receiver commands over a real sky); " +
        "NMEA (a u-blox: UBX too) on stdout, on TCP or on a pseudo-terminal; --rtk makes it an RTK rover, --rtcm a base station sending RTCM 3",
    )
    .option("--spec <sim:?...>", "a whole simulator spec, e.g. sim:?start=cold&env=urban-canyon&chip=mtk (options below override it)")
    .addOption(new Option("--start <type>", "start type at power-on").choices(["cold", "warm", "hot", "assisted", "factory"]))
    .addOption(new Option("--env <environment>", "signal environment").choices(["open-sky", "suburban", "urban-canyon", "urban", "indoor", "tunnel"]))
    .addOption(new Option("--chip <chip>", "command dialect and output habits").choices(DIALECT_NAMES))
    .option("--seed <n>", "seed of every random draw (default 1; with --at, the same seed gives the same bytes)")
    .option("--speed <n>", "simulated seconds per wall second, or max (default 1: real time)")
    .addOption(new Option("--nmea <version>", "NMEA version of the output").choices(["4.11", "4.10", "4.1", "3.0", "2.3"]))
    .addOption(
      new Option(
        "--protocol <p>",
        "with --chip ublox: NMEA (default), UBX navigation messages (NAV-PVT, SAT, SIG, STATUS, DOP, TIMEUTC, EOE), or both",
      ).choices(["nmea", "ubx", "both"]),
    )
    .addOption(
      new Option("--scenario <name>", "tunnel (drive with a tunnel every 3 min), urban (multipath), indoor (no fix)").choices([
        "none",
        "tunnel",
        "urban",
        "indoor",
      ]),
    )
    .option("--route <drive|FILE>", "move along a generated drive or a GPX/GeoJSON track (static by default)")
    .option("--lat <deg>", "latitude (default 48.8584)")
    .option("--lon <deg>", "longitude (default 2.2945)")
    .option("--alt <m>", "altitude above mean sea level (default 35)")
    .option("--at <iso|now>", "simulated UTC at power-on (default now, to the second; give a time for a run that repeats)")
    .option("--rate <hz>", "output rate 1..10 Hz")
    .option("--duration <s>", "stop after this many simulated seconds")
    .option("--tcp <port>", "serve on tcp://127.0.0.1:PORT (0: any free port); clients' bytes go to the receiver")
    .option("--pty", "serve on a pseudo-terminal (needs socat); its /dev/pts path is printed on stderr")
    .option("--link <path>", "with --pty: also make this symlink to the pseudo-terminal")
    .option("--rtk", "an RTK rover: RTCM 3 written to it (a caster's stream) gives DGPS, RTK float, then RTK fixed, and it falls back when corrections stop")
    .option(
      "--rtcm",
      "a base station instead: RTCM 3 (1005 every 10 s, MSM7 for GPS, GLONASS, Galileo, QZSS and BeiDou every second) for the sky above --lat/--lon, paced by --speed",
    )
    .option("--station <id>", "with --rtcm: the reference station id, 0-4095 (default 0)")
    .option(
      "--write-orbits <FILE>",
      "write orbit data for the simulator's satellites at --at and exit: FILE.ubx as AssistNow (MGA-GPS-EPH, MGA-QZSS-EPH), any other name as MediaTek EPO (for ttff --assist-file)",
    )
    .option("--days <N>", "with --write-orbits and EPO: days of 6-hour sets (default 3; 0.25 = one set, the host-EPO size)")
    .action(async (options: SimulateCommandOptions) => {
      await runSimulate(options);
    });
}
