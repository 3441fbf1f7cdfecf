// `gnsskit ttff SOURCE --start cold|warm|hot`: force restarts through the receiver's driver and measure
// the time to first fix and first 3D on the receiver's clock (simulated time on `sim:`), with statistics.
// `--assist` alternates unaided and assisted runs (time + position injected after the restart). With
// `--methods integrated,network` the positioner runs beside: the network method's position aids the assisted
// runs (a cold start has forgotten its own), and what the network cost is reported with them.

import { Command, Option } from "commander";
import { DIALECT_NAMES } from "../../dialects.js";
import { openGps, type Gps } from "../../gps.js";
import {
  createDriver,
  measureTtffRun,
  probeDialect,
  restartPhaseMs,
  spread,
  waitForFramePhase,
  waitReceiverMs,
  type AidingPosition,
  type Dialect,
  type RestartKind,
  type Spread,
  type TtffRun,
} from "../../methods/drivers/index.js";
import { fixPosition } from "../../methods/drivers/ttff.js";
import { DriverCommandError } from "../../methods/drivers/send.js";
import { ALMANAC_CYCLE_MS } from "../../orbits/index.js";
import type { Location, MethodSummary } from "../../methods/types.js";
import type { Source } from "../../sources/source.js";
import type { StartType } from "../../types.js";
import { formatBytes, formatCount, formatDuration } from "../../output/format.js";
import { loadOrbitData, orbitDataFits, type OrbitData, type OrbitUpload } from "../../methods/drivers/orbit-upload.js";
import { messageTypesText } from "../../output/corrections-text.js";
import { badArguments, sourceFailed } from "../errors.js";
import { addMethodsOptions, parseMethodsOptions, startMethods, type MethodsOptions, type StartedMethods } from "../methods-option.js";
import type { MethodsRun } from "../../node/methods/run.js";
import { asCliError, expectFirstData, onInterrupt, parseBaud, parsePositive, sourceFromArgument } from "../source-arg.js";
import { addNtripOptions, loadNtripOption, type NtripOptions } from "../ntrip-flags.js";
import type { CommandCorrections } from "../ntrip-option.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { optionFileErrorText, readOptionFile } from "../../node/option-file.js";
import { MAX_TIMEOUT_S } from "../../long-timeout.js";

const STARTS = ["cold", "warm", "hot"] as const;
const DEFAULT_TIMEOUT_S = 180;
/** A fix this soon after a cold or warm restart, inferred hot, means the receiver most likely did not restart. */
export const RESTART_IGNORED_TTFF_MS = 2_000;
/** Before an assisted run, how long to wait for the network method's first answer (wall clock). */
const NETWORK_WAIT_MS = 15_000;
const METHODS_HERE = {
  methods: ["integrated", "network"] as const,
  why: "ttff runs integrated and network beside its measurement (--assist makes the assisted runs; bluetooth is another receiver)",
};

export interface TtffCommandOptions extends MethodsOptions, NtripOptions {
  start: (typeof STARTS)[number];
  runs?: string;
  assist?: boolean;
  assistFile?: string;
  timeout?: string;
  json?: boolean;
  baud?: string;
  dialect?: Dialect;
  lat?: string;
  lon?: string;
  alt?: string;
  quiet?: boolean;
}

/** Where an assisted run's position came from: --lat/--lon, a positioning method (--methods), or the last fix seen. */
export type AidingSource = "arguments" | "network" | "integrated" | "last-fix";

export interface TtffAiding {
  from: AidingSource;
  latitudeDeg: number;
  longitudeDeg: number;
  /** The method's 95 % radius (network: the provider's, converted to 95 %) */
  accuracyM?: number;
}

/** One run as `--json` prints it. `start` is the restart kind, or `assisted` for the aided runs of --assist. */
export interface TtffJsonRun {
  start: RestartKind | "assisted";
  ttffMs: number | null;
  first3dMs: number | null;
  inferredStart: StartType;
  timedOut: boolean;
  /** Assisted runs: the position injected (absent: time only) */
  aiding?: TtffAiding;
  /** Present (true) when a cold or warm restart was followed by a hot-looking fix within 2 s: most likely ignored */
  restartIgnored?: true;
  /** With --assist-file, the runs that uploaded its orbit data: how that went (its bytes are in the run's) */
  orbits?: { method: OrbitUpload["method"]; sent: number; accepted: number; refused: number; unanswered: number; bytes: number };
  /** With --ntrip: time to RTK float and to RTK fixed (null: not within the timeout), and the correction bytes the run took */
  ttfloatMs?: number | null;
  ttfixMs?: number | null;
  correctionBytes?: number;
}

/**
 * A cold/warm/factory restart answered by a fix within RESTART_IGNORED_TTFF_MS, inferred hot: the receiver kept its
 * state. Not so after an orbit upload, which gives it the ephemeris a hot start has.
 */
export function restartLooksIgnored(run: Pick<TtffRun, "restart" | "ttffMs" | "inferredStart" | "orbitUpload">): boolean {
  if (run.orbitUpload !== undefined && run.orbitUpload.accepted + run.orbitUpload.unanswered > 0) return false;
  return run.restart !== "hot" && run.inferredStart.type === "hot" && run.ttffMs !== undefined && run.ttffMs <= RESTART_IGNORED_TTFF_MS;
}

/** For tests and embedding: the source to use instead of the SOURCE string's, and each run as it completes. */
export interface TtffHooks {
  source?: Source;
  onRun?: (run: TtffRun, index: number) => void;
}

export interface TtffGroupSummary {
  runs: number;
  ttffMs: Spread | null;
  first3dMs: Spread | null;
  /** With --ntrip: time to fixed, and the runs that did not reach RTK fixed */
  ttfixMs?: Spread | null;
  noRtkFixed?: number;
  wallClockMs: Spread | null;
  timeouts: number;
  /** Restart and aiding bytes written in these runs */
  bytesSent: number;
}

export interface TtffJson {
  source: string;
  start: RestartKind;
  runs: TtffJsonRun[];
  summary: TtffGroupSummary & {
    dialect: Dialect;
    /** Everything written: probes, restarts and aiding */
    bytesSent: number;
    /** With --assist: the two halves side by side (--assist-file: three, the runs with orbit data apart) */
    unaided?: TtffGroupSummary;
    assisted?: TtffGroupSummary;
    assistedWithOrbits?: TtffGroupSummary & { file: string; format: OrbitData["format"]; fileBytes: number };
    /** With --methods: each method's time to first location, availability and bytes (network: sent and received) */
    methods?: MethodSummary[];
    /** With --ntrip: what the caster delivered over the whole measurement */
    corrections?: {
      caster: string;
      bytesReceived: number;
      framesForwarded: number;
      corruptFrames: number;
      framesByType: Record<number, number>;
      ggaSent: number;
    };
  };
}

function summarize(runs: TtffRun[], rtk = false): TtffGroupSummary {
  const values = (pick: (r: TtffRun) => number | undefined): number[] => runs.map(pick).filter((v): v is number => v !== undefined);
  return {
    runs: runs.length,
    ttffMs: spread(values((r) => r.ttffMs)) ?? null,
    first3dMs: spread(values((r) => r.first3dMs)) ?? null,
    ...(rtk ? { ttfixMs: spread(values((r) => r.ttfixMs)) ?? null, noRtkFixed: runs.filter((r) => r.ttfixMs === undefined).length } : {}),
    wallClockMs: spread(runs.map((r) => r.wallClockMs)) ?? null,
    timeouts: runs.filter((r) => r.timedOut).length,
    bytesSent: runs.reduce((n, r) => n + r.bytesSent, 0),
  };
}

const seconds = (ms: number | undefined | null): string => (ms === undefined || ms === null ? "-" : formatDuration(ms));
const spreadText = (s: Spread | null): string => (s === null ? "-" : `${seconds(s.min)} / ${seconds(s.median)} / ${seconds(s.max)}`);

const AIDING_LABEL: Record<AidingSource, string> = { arguments: "--lat/--lon", network: "network", integrated: "last fix", "last-fix": "last fix" };

/** `network 48.859100, 2.293700 ±150 m`, `time only` */
export function aidingText(aiding: TtffAiding | undefined): string {
  if (aiding === undefined) return "time only";
  const radius = aiding.accuracyM === undefined ? "" : ` ±${Math.round(aiding.accuracyM)} m`;
  return `${AIDING_LABEL[aiding.from]} ${aiding.latitudeDeg.toFixed(6)}, ${aiding.longitudeDeg.toFixed(6)}${radius}`;
}

export function formatTable(report: TtffJson, runs: TtffRun[]): string {
  const withAiding = report.summary.assisted !== undefined;
  const withRtk = report.summary.corrections !== undefined;
  const header = [
    "run",
    "start",
    "TTFF",
    "first 3D",
    ...(withRtk ? ["RTK float", "RTK fixed", "corrections"] : []),
    "inferred",
    "wall clock",
    "bytes",
    ...(withAiding ? ["aiding position"] : []),
  ];
  const rows = runs.map((r, i) => [
    String(i + 1),
    r.assisted ? `${r.restart}+aid${r.orbitUpload === undefined ? "" : "+orbits"}` : r.restart,
    r.timedOut ? "timeout" : seconds(r.ttffMs),
    seconds(r.first3dMs),
    ...(withRtk ? [seconds(r.ttfloatMs), seconds(r.ttfixMs), formatBytes(report.runs[i]?.correctionBytes ?? 0)] : []),
    restartLooksIgnored(r) ? `${r.inferredStart.type}!` : r.inferredStart.type,
    seconds(r.wallClockMs),
    formatBytes(r.bytesSent),
    ...(withAiding ? [r.assisted ? aidingText(report.runs[i]?.aiding) : "-"] : []),
  ]);
  const widths = header.map((h, c) => Math.max(h.length, ...rows.map((row) => row[c]!.length)));
  const line = (cells: string[]): string =>
    cells
      .map((cell, c) => cell.padEnd(widths[c]!))
      .join("  ")
      .trimEnd();
  const out = [line(header), ...rows.map(line), ""];
  const groups: [string, TtffGroupSummary][] = report.summary.assisted
    ? [
        ["unaided", report.summary.unaided!],
        ["assisted", report.summary.assisted],
      ]
    : [["all runs", report.summary]];
  const withOrbits = report.summary.assistedWithOrbits;
  if (withOrbits !== undefined) groups.push(["assisted+orbits", withOrbits]);
  const labelWidth = Math.max(...groups.map(([name]) => name.length));
  out.push(`${"".padEnd(labelWidth)}  TTFF min / median / max       first 3D min / median / max   timeouts  bytes`);
  for (const [name, g] of groups) {
    out.push(
      `${name.padEnd(labelWidth)}  ${spreadText(g.ttffMs).padEnd(28)}  ${spreadText(g.first3dMs).padEnd(28)}  ${String(g.timeouts).padEnd(8)}  ${formatBytes(g.bytesSent)}`,
    );
  }
  if (withRtk) {
    for (const [name, g] of groups) {
      const missing = g.noRtkFixed ? `, ${g.noRtkFixed} without RTK fixed` : "";
      out.push(`${name.padEnd(labelWidth)}  time to RTK fixed min / median / max ${spreadText(g.ttfixMs ?? null)}${missing}`);
    }
    const c = report.summary.corrections!;
    out.push(
      `corrections from ${c.caster}: ${formatBytes(c.bytesReceived)}, ${formatCount(c.framesForwarded, "frame")} forwarded (${messageTypesText(c.framesByType)})${c.corruptFrames > 0 ? `, ${c.corruptFrames} corrupt (dropped)` : ""}, ${c.ggaSent} GGA sent`,
    );
  }
  if (withOrbits !== undefined) {
    const uploads = runs.map((r) => r.orbitUpload).filter((u) => u !== undefined);
    const taken = uploads.reduce((n, u) => n + u.accepted, 0);
    const refused = uploads.reduce((n, u) => n + u.refused, 0);
    const method = {
      assistnow: "AssistNow (UBX-MGA, MGA-ACK paced)",
      "host-epo": "host EPO, the current 6-hour set",
      "flash-epo": "flash EPO over the binary protocol",
    }[uploads[0]?.method ?? "assistnow"];
    out.push(
      `orbit data: ${withOrbits.file} (${formatBytes(withOrbits.fileBytes)}, ${withOrbits.format}) as ${method}: ${taken} pieces taken, ${refused} refused over ${formatCount(uploads.length, "run")}`,
    );
  }
  if (runs.some(restartLooksIgnored)) out.push("! a fix within 2 s of a cold/warm restart: the receiver most likely ignored the restart");
  out.push(`dialect ${report.summary.dialect}; ${formatBytes(report.summary.bytesSent)} written in all (probes included)`);
  const network = report.summary.methods?.find((m) => m.method === "network");
  if (network !== undefined) {
    const used = report.runs.some((r) => r.aiding?.from === "network") ? ": its position aided the assisted runs" : "";
    out.push(`network method: ${formatBytes(network.bytesSent)} sent, ${formatBytes(network.bytesReceived)} received${used}`);
  }
  return `${out.join("\n")}\n`;
}

function parseCoordinate(option: string, text: string, limit: number): number {
  const value = decimalNumber(text);
  if (!Number.isFinite(value) || Math.abs(value) > limit)
    throw badArguments(`${option} ${text}: expected degrees from -${limit} to ${limit}${notDecimalNote(text)}`);
  return value;
}

/** Waits for a 3D fix (warm and hot starts need a receiver that has one); false on timeout or close. */
function firstThreeD(gps: Gps, timeoutMs: number, onFix: (position: AidingPosition) => void): Promise<boolean> {
  return new Promise((resolve) => {
    const startWall = Date.now();
    const startReceiver = gps.source.clock?.() ?? startWall;
    const offs: (() => void)[] = [];
    const done = (value: boolean): void => {
      for (const off of offs) off();
      clearInterval(timer);
      resolve(value);
    };
    const timer = setInterval(() => {
      const now = gps.source.clock?.() ?? Date.now();
      if (Math.max(now - startReceiver, Date.now() - startWall) >= timeoutMs) done(false);
    }, 50);
    offs.push(
      gps.on("epoch", ({ epoch }) => {
        const position = fixPosition(epoch);
        if (position !== undefined) onFix(position);
        if (position !== undefined && epoch.mode === "3d") done(true);
        else if (Math.max((gps.source.clock?.() ?? Date.now()) - startReceiver, Date.now() - startWall) >= timeoutMs) done(false);
      }),
      gps.on("close", () => done(false)),
    );
  });
}

export async function ttff(sourceText: string, options: TtffCommandOptions, hooks: TtffHooks = {}): Promise<void> {
  if (!(STARTS as readonly string[]).includes(options.start)) throw badArguments(`--start ${String(options.start)}: expected cold, warm or hot`);
  const runsWanted = options.runs === undefined ? 1 : parsePositive("--runs", options.runs, { integer: true });
  const timeoutMs = (options.timeout === undefined ? DEFAULT_TIMEOUT_S : parsePositive("--timeout", options.timeout, { max: MAX_TIMEOUT_S })) * 1000;
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  if ((options.lat === undefined) !== (options.lon === undefined)) throw badArguments("--lat and --lon go together");
  if (options.lat !== undefined && !options.assist) throw badArguments("--lat/--lon are the aiding position: they need --assist");
  if (options.assistFile !== undefined && !options.assist) throw badArguments("--assist-file is uploaded in assisted runs: it needs --assist");
  let orbits: OrbitData | undefined;
  if (options.assistFile !== undefined) {
    let bytes: Uint8Array;
    try {
      bytes = new Uint8Array(readOptionFile(options.assistFile));
    } catch (error) {
      throw badArguments(`--assist-file ${options.assistFile}: ${optionFileErrorText(error)}`);
    }
    const loaded = loadOrbitData(bytes);
    if (typeof loaded === "string") throw badArguments(`--assist-file ${options.assistFile}: ${loaded}`);
    orbits = loaded;
  }
  let givenPosition: AidingPosition | undefined;
  if (options.lat !== undefined && options.lon !== undefined) {
    const altitudeM = options.alt === undefined ? 0 : decimalNumber(options.alt);
    if (!Number.isFinite(altitudeM)) throw badArguments(`--alt ${options.alt}: expected metres${notDecimalNote(options.alt ?? "")}`);
    givenPosition = { latitudeDeg: parseCoordinate("--lat", options.lat, 90), longitudeDeg: parseCoordinate("--lon", options.lon, 180), altitudeM };
  }
  parseMethodsOptions(options, METHODS_HERE);
  const ntripOption = await loadNtripOption(options);
  const ntrip = ntripOption?.parseNtripOptions(options);
  const restart: RestartKind = options.start;
  const source = hooks.source ?? (await sourceFromArgument(sourceText, baud === undefined ? {} : { baud }));
  if (source.write === undefined || !source.live) {
    throw badArguments(
      `${source.name}: ttff needs a live receiver that takes commands (a serial port, tcp://, bt://, sim:), not a log or a receive-only stream`,
    );
  }
  const note = (text: string): void => {
    if (!options.quiet) console.error(`gnsskit: ${source.name}: ${text}`);
  };

  const gps = openGps({ source });
  // --ntrip: corrections flow for the whole measurement; each run then waits for RTK fixed.
  let corrections: CommandCorrections | undefined;
  let stopForCorrections: () => void = () => undefined;
  if (ntrip !== undefined && ntripOption !== undefined) {
    corrections = ntripOption.startCorrections(gps, ntrip, {
      ...(options.quiet ? {} : { say: ntripOption.sayOnStderr }),
      onFailure: () => stopForCorrections(),
    });
  }
  const correctionBytes = (): number => corrections?.binding.stats().bytesReceived ?? 0;
  // The network method's latest position, and a wake-up for a run waiting for its first answer.
  let networkLocation: Location | undefined;
  let networkNews: (() => void) | undefined;
  let methods: StartedMethods | undefined;
  const methodsRun = (): MethodsRun | undefined => methods?.run;
  try {
    methods = await startMethods(gps, options, options.quiet === true, {
      allowed: METHODS_HERE,
      onEvent: (event) => {
        if (event.type === "location" && event.location.method === "network" && event.location.valid) {
          networkLocation = event.location;
          networkNews?.();
        } else if (event.type === "cost" && event.method === "network") {
          // An answer: its location is reported right after the cost, in the same turn; it is the freshest one
          // then, but becomes an event only when the network method is chosen (the receiver may have a fix).
          queueMicrotask(() => {
            const located = methodsRun()?.positioner.lastValid();
            if (located?.method === "network" && located.valid) networkLocation = located;
            networkNews?.();
          });
        } else if (event.type === "method-state" && event.method === "network" && event.state === "unavailable") {
          networkNews?.();
        }
      },
    });
  } catch (error) {
    await gps.close();
    throw error;
  }
  const waitForNetwork = (timeoutMs: number): Promise<void> =>
    new Promise((resolve) => {
      const timer = setTimeout(() => done(), timeoutMs);
      const done = (): void => {
        clearTimeout(timer);
        networkNews = undefined;
        resolve();
      };
      networkNews = done;
    });
  /** --lat/--lon, else the network method's position (--methods), else the best location any method had, else the last fix. */
  const aidingPosition = async (): Promise<TtffAiding | undefined> => {
    if (givenPosition !== undefined) return { from: "arguments", latitudeDeg: givenPosition.latitudeDeg, longitudeDeg: givenPosition.longitudeDeg };
    const located = networkLocation ?? methods?.run?.positioner.lastValid();
    if (located !== undefined) {
      const aiding: TtffAiding = {
        from: located.method === "network" ? "network" : "integrated",
        latitudeDeg: located.latitudeDeg,
        longitudeDeg: located.longitudeDeg,
      };
      if (located.accuracyM !== undefined) aiding.accuracyM = located.accuracyM;
      return aiding;
    }
    return lastFix === undefined ? undefined : { from: "last-fix", latitudeDeg: lastFix.latitudeDeg, longitudeDeg: lastFix.longitudeDeg };
  };
  let stopped = false;
  const uninstall = onInterrupt(() => {
    stopped = true;
    networkNews?.();
    void gps.close();
  });
  stopForCorrections = () => {
    stopped = true;
    void gps.close();
  };
  if (corrections?.failure !== undefined) stopForCorrections();
  if (methods?.names.includes("network") === true && networkLocation === undefined) {
    // Ask the network first, before the receiver is read: like a phone at start-up, and its answer is then the
    // only location (later, a receiver with a fix would keep it from being chosen, and from being reported).
    await waitForNetwork(NETWORK_WAIT_MS);
    if (networkLocation === undefined && !stopped) note("no network position yet: the assisted runs will use the best position known when they start");
  }
  let failure: unknown;
  const running = gps.run().catch((error: unknown) => {
    failure = error;
  });
  let lastFix: AidingPosition | undefined;
  const offFix = gps.on("epoch", ({ epoch }) => {
    lastFix = fixPosition(epoch) ?? lastFix;
  });
  let sourceClosed = false;
  const offClose = gps.on("close", () => (sourceClosed = true));
  const runs: TtffRun[] = [];
  const aidings: (TtffAiding | undefined)[] = [];
  const runCorrectionBytes: number[] = [];
  let probeBytes = 0;
  let dialect: Dialect | undefined = options.dialect;
  let incomplete: string | undefined;
  let methodSummary: MethodSummary[] | undefined;
  try {
    await expectFirstData(gps, source.name, async () => {
      await running;
      return failure;
    });
    if (dialect === undefined) {
      const probe = await probeDialect(gps);
      probeBytes = probe.bytesWritten;
      if (probe.dialect === "unknown") {
        throw sourceFailed(`${source.name}: the receiver did not answer PMTK, PUBX/UBX, PSRF or PAIR queries: name its dialect with --dialect`);
      }
      dialect = probe.dialect;
      note(`dialect ${dialect} (${probe.evidence.join("; ")})`);
    }
    const driver = createDriver(dialect);
    if (orbits !== undefined && !orbitDataFits(orbits, dialect)) {
      throw badArguments(
        `--assist-file ${options.assistFile}: ${orbits.format === "assistnow" ? "AssistNow data is for u-blox receivers" : "EPO data is for MediaTek and Quectel receivers"}, and ${source.name} speaks ${dialect}`,
      );
    }
    if (restart !== "cold" && lastFix === undefined) {
      note(`waiting for a 3D fix first: a ${restart} start needs a receiver that has one`);
      if (!(await firstThreeD(gps, timeoutMs, (p) => (lastFix = p)))) note(`no 3D fix within ${formatDuration(timeoutMs)}: measuring anyway`);
      else if (restart === "warm") {
        // Found searching, the receiver has just started: a warm start keeps the almanac, which it has yet to read.
        note(
          `waiting ${ALMANAC_CYCLE_MS / 60_000} min of the receiver's clock for its almanac: a warm start needs one, and a receiver that has just started reads it in that time`,
        );
        await waitReceiverMs(gps, ALMANAC_CYCLE_MS, () => sourceClosed);
      }
    }
    // Each round: unaided, assisted (time and position), and with --assist-file assisted with orbit data too.
    const round: ("unaided" | "assisted" | "orbits")[] = !options.assist
      ? ["unaided"]
      : orbits === undefined
        ? ["unaided", "assisted"]
        : ["unaided", "assisted", "orbits"];
    const plan = Array.from({ length: runsWanted }, () => round).flat();
    for (const [index, kind] of plan.entries()) {
      const assisted = kind !== "unaided";
      if (stopped) break;
      const aiding = assisted ? await aidingPosition() : undefined;
      if (stopped) break;
      if (assisted && aiding === undefined) note("no position for aiding yet (no fix seen, no --lat/--lon, no network answer): injecting the time only");
      if (aiding !== undefined && aiding.from !== "arguments") note(`aiding position from ${aidingText(aiding)}`);
      // The given altitude, else the last fix's (a network position has none: the geoid is close enough).
      const position: AidingPosition | undefined =
        aiding === undefined
          ? undefined
          : {
              latitudeDeg: aiding.latitudeDeg,
              longitudeDeg: aiding.longitudeDeg,
              altitudeM: givenPosition?.altitudeM ?? lastFix?.altitudeM ?? 0,
              // A method's radius claimed as is (the 95 % figure as 1 sigma: over-claiming hurts, under-claiming only slows).
              ...(aiding.accuracyM === undefined ? {} : { accuracyM: Math.max(aiding.accuracyM, 10) }),
            };
      // Cold and warm runs decode the navigation message: spread their restarts over its 30 s frame (an
      // assisted run at its unaided pair's point). Hot runs do not wait for it.
      if (restart !== "hot" && (await waitForFramePhase(gps, restartPhaseMs(Math.floor(index / round.length)), () => sourceClosed))) {
        if (!stopped) incomplete = `${source.name} closed during run ${index + 1} of ${plan.length}`;
        break;
      }
      const bytesBefore = correctionBytes();
      const run = await measureTtffRun(gps, driver, {
        restart,
        timeoutMs,
        ...(assisted ? { assist: { ...(position === undefined ? {} : { position }), ...(kind === "orbits" && orbits !== undefined ? { orbits } : {}) } } : {}),
        ...(corrections === undefined ? {} : { untilRtkFixed: true }),
      }).catch((error: unknown) => {
        // the source ended as the restart or the aiding was written to it: cut short as when it ends later
        if (error instanceof DriverCommandError && error.reason === "closed") return undefined;
        throw error;
      });
      if ((run === undefined || run.sourceClosed) && !stopped) {
        incomplete = `${source.name} closed during run ${index + 1} of ${plan.length}`;
        break;
      }
      if (run === undefined || stopped) break;
      runs.push(run);
      aidings.push(aiding);
      runCorrectionBytes.push(correctionBytes() - bytesBefore);
      hooks.onRun?.(run, index);
      for (const problem of run.aidingProblems) note(`aiding: ${problem}`);
      note(
        `run ${index + 1}/${plan.length} ${restart}${assisted ? " assisted" : ""}${kind === "orbits" ? ` with orbit data (${formatBytes(run.orbitUpload?.bytesWritten ?? 0)}: ${run.orbitUpload?.accepted ?? 0} taken)` : ""}: ${run.timedOut ? `no fix within ${formatDuration(timeoutMs)}` : `TTFF ${seconds(run.ttffMs)}, first 3D ${seconds(run.first3dMs)}`}${corrections === undefined ? "" : `, RTK fixed ${run.ttfixMs === undefined ? `not within ${formatDuration(timeoutMs)}` : `after ${seconds(run.ttfixMs)}`}`}, inferred ${run.inferredStart.type}`,
      );
      // A warning, not progress: printed with --quiet too.
      if (restartLooksIgnored(run)) {
        console.error(
          `gnsskit: ${source.name}: warning: run ${index + 1}: ${restart} restart commanded but a fix came after ${seconds(run.ttffMs)} (inferred hot): the receiver most likely ignored it (wrong --dialect ${dialect}? restart commands disabled?)`,
        );
      }
    }
  } finally {
    offFix();
    offClose();
    uninstall();
    networkNews?.();
    methodSummary = await methods?.stop();
    await corrections?.binding.close();
    await gps.close();
    await running;
  }
  if (corrections?.failure !== undefined) throw corrections.failure;

  const toJson = (r: TtffRun, index: number): TtffJsonRun => {
    const json: TtffJsonRun = {
      start: r.assisted ? "assisted" : r.restart,
      ttffMs: r.ttffMs ?? null,
      first3dMs: r.first3dMs ?? null,
      inferredStart: r.inferredStart.type,
      timedOut: r.timedOut,
    };
    const aiding = aidings[index];
    if (aiding !== undefined) json.aiding = aiding;
    if (restartLooksIgnored(r)) json.restartIgnored = true;
    if (r.orbitUpload !== undefined) {
      const u = r.orbitUpload;
      json.orbits = { method: u.method, sent: u.sent, accepted: u.accepted, refused: u.refused, unanswered: u.unanswered, bytes: u.bytesWritten };
    }
    if (corrections !== undefined) {
      json.ttfloatMs = r.ttfloatMs ?? null;
      json.ttfixMs = r.ttfixMs ?? null;
      json.correctionBytes = runCorrectionBytes[index] ?? 0;
    }
    return json;
  };
  const rtk = corrections !== undefined;
  const all = summarize(runs, rtk);
  const report: TtffJson = {
    source: source.name,
    start: restart,
    runs: runs.map(toJson),
    summary: { ...all, dialect: dialect!, bytesSent: probeBytes + all.bytesSent },
  };
  if (methodSummary !== undefined) report.summary.methods = methodSummary;
  if (corrections !== undefined) {
    const c = corrections.binding.stats();
    report.summary.corrections = {
      caster: corrections.binding.source.name,
      bytesReceived: c.bytesReceived,
      framesForwarded: c.framesForwarded,
      corruptFrames: c.corruptFrames,
      framesByType: c.framesByType,
      ggaSent: c.ggaSent ?? 0,
    };
  }
  if (options.assist) {
    report.summary.unaided = summarize(
      runs.filter((r) => !r.assisted),
      rtk,
    );
    report.summary.assisted = summarize(
      runs.filter((r) => r.assisted && r.orbitUpload === undefined),
      rtk,
    );
    if (orbits !== undefined) {
      report.summary.assistedWithOrbits = {
        ...summarize(
          runs.filter((r) => r.orbitUpload !== undefined),
          rtk,
        ),
        file: options.assistFile!,
        format: orbits.format,
        fileBytes: orbits.bytes,
      };
    }
  }
  if (runs.length > 0 || options.json) process.stdout.write(options.json ? `${JSON.stringify(report)}\n` : formatTable(report, runs));
  if (failure !== undefined && !stopped) throw asCliError(failure);
  if (incomplete !== undefined) throw sourceFailed(incomplete);
}

export function register(program: Command): void {
  const command = program
    .command("ttff")
    .description(
      "force restarts through the receiver's driver (MTK PMTK, SiRF PSRF, u-blox UBX, Quectel PAIR) and measure time to first fix and first 3D on the receiver's clock",
    )
    .argument("<SOURCE>", "a receiver that takes commands: /dev/ttyUSB0, COM3, tcp://HOST:PORT, bt://MAC, sim:?chip=mtk&speed=max")
    .addOption(new Option("--start <type>", "restart type").choices(STARTS).makeOptionMandatory())
    .option(
      "--runs <N>",
      "number of runs (with --assist: N unaided and N assisted); cold and warm restarts are spread over the navigation message's 30 s frame",
      "1",
    )
    .option("--assist", "alternate unaided and assisted runs: time and position injected right after each assisted restart")
    .option(
      "--assist-file <FILE>",
      "with --assist, a third run each round that also uploads this orbit data: u-blox AssistNow (UBX-MGA, paced by MGA-ACK) or MediaTek EPO (a 6-hour set: $PMTK721 / Quectel $PAIR471; days of sets on MTK: the binary protocol); its bytes are counted",
    )
    .option("--lat <D>", "aiding latitude, degrees (default: the network method's position with --methods ...,network, else the last fix seen)")
    .option("--lon <D>", "aiding longitude, degrees")
    .option("--alt <M>", "aiding altitude, metres (default 0)")
    .option("--timeout <S>", `give up a run without a fix after S seconds of the receiver's clock (default ${DEFAULT_TIMEOUT_S}); not an error`)
    .addOption(new Option("--dialect <name>", "skip identification: the receiver's command dialect").choices(DIALECT_NAMES))
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option(
      "--json",
      "one JSON object: { source, start, runs: [{ start, ttffMs, first3dMs, inferredStart, timedOut, aiding?, restartIgnored?, ttfloatMs?, ttfixMs?, correctionBytes? }], summary }",
    )
    .option("-q, --quiet", "no progress on stderr");
  addNtripOptions(addMethodsOptions(command))
    .addHelpText(
      "after",
      "\nCold and warm restarts are spread over the navigation message's 30 s frame (run i at GPS\n" +
        "time frac(i × 0.618) × 30 s into it): a restart right after a fix meets it at the same point\n" +
        "every time. Warm and hot runs wait for a 3D fix first; a warm series on a receiver found\n" +
        "searching (just started) also waits 12.5 min of its clock for the almanac a warm start keeps.\n" +
        "\n--methods takes integrated and network here: --methods integrated,network runs the\n" +
        "positioner beside the measurement (its events on stderr), asks the network first, and\n" +
        "its position aids the assisted runs when --lat/--lon are not given; its cost is\n" +
        "reported with the comparison.",
    )
    .action((sourceText: string, options: TtffCommandOptions) => ttff(sourceText, options));
}
