// `gnsskit monitor SOURCE`: a live view of the receiver, redrawn in place on a terminal (at most 10 times
// a second), or plain status lines (one per second of the source's clock, and at each fix change) when
// stdout is not a terminal. A log file plays at its recorded pace by default. With `--methods` the positioner
// runs beside the receiver: the screen shows each method's state and cost, keys switch methods on and off,
// and the plain mode prints the positioner's changes as lines. Key r shows the receiver's last lines (the raw
// pane), p pauses the display while the source is still read.

import type { WriteStream } from "node:tty";
import { Command } from "commander";
import { openGps, sourceClock, type Gps } from "../../gps.js";
import type { FixState, TrackerState } from "../../types.js";
import { createMethodsMonitor, methodForKey, type MethodsMonitor } from "../monitor/methods.js";
import { createRawLog, rawLineOf, ubxRawLine } from "../monitor/raw.js";
import { renderScreen, renderStatusLine } from "../monitor/render.js";
import { colorWanted, cut, paint } from "../monitor/style.js";
import { openTerminalScreen, type TerminalScreen } from "../monitor/terminal.js";
import type { LinkState, MonitorView } from "../monitor/view.js";
import { addMethodsOptions, type MethodsOptions } from "../methods-flags.js";
import type { StartedMethods } from "../methods-option.js";
import { formatDuration } from "../../output/format.js";
import { watchDiagnosis } from "../../diagnosis/index.js";
import { addNtripOptions, loadNtripOption, type NtripOptions } from "../ntrip-flags.js";
import type { CommandCorrections } from "../ntrip-option.js";
import { sourceFailed } from "../errors.js";
import {
  asCliError,
  fleetSpecOf,
  formatSummary,
  createLinkLines,
  onInterrupt,
  sayWhileSilent,
  watchNothingReadable,
  parseBaud,
  sayWeekRollover,
  sourceFromArgument,
  WEEK_ROLLOVER_FIX_HELP,
  parseSpeed,
} from "../source-arg.js";

interface MonitorOptions extends MethodsOptions, NtripOptions {
  baud?: string;
  speed: string;
  weekRolloverFix?: boolean;
}

const REDRAW_INTERVAL_MS = 100;
/** Redraw this often even without news, so running timers tick. */
const IDLE_REDRAW_MS = 500;
const STATUS_LINE_INTERVAL_MS = 1000;

const IDLE_STATE: Pick<TrackerState, "fixState" | "ttff" | "start" | "satellites" | "receiver"> = {
  fixState: { kind: "idle" },
  ttff: {},
  receiver: {},
  start: { type: "unknown", basis: "none", evidence: [] },
  satellites: { satellites: [], inViewCount: 0, trackedCount: 0, usedCount: 0, signalCount: 0 },
};

const fixKey = (state: FixState): string => (state.kind === "fixed" ? `${state.mode}:${state.quality}` : state.kind);

/** What the screen shows of a pipeline (also a fleet's device view): the tracker's state, the link, the counts. */
export function pipelineView(gps: Gps, link: LinkState, clock: (() => number) | undefined): MonitorView {
  const { source } = gps;
  const state = gps.tracker?.state ?? IDLE_STATE;
  // a source without a clock of its own (a pipe) runs on its sentences' time, as the tracker does
  const nowMs = clock?.() ?? gps.tracker?.nowMs;
  return {
    source: source.name,
    live: source.live && source.clockedBySentences !== true,
    link,
    bytes: gps.stats.bytes,
    ...(nowMs === undefined || !Number.isFinite(nowMs) ? {} : { nowMs }),
    fixState: state.fixState,
    fixStatusHeard: (gps.tracker?.state.fixStatusEpochs ?? 0) > 0,
    ...(gps.tracker?.state.lastEpoch === undefined ? {} : { epoch: gps.tracker.state.lastEpoch }),
    ttff: state.ttff,
    receiver: state.receiver,
    start: state.start,
    satellites: state.satellites,
    diagnostics: gps.stats.diagnostics,
    method: "integrated",
    methodDetail: "the receiver's own solution",
    ...(gps.tracker === undefined ? {} : { precision: gps.tracker.state.precision }),
  };
}

export async function monitor(sourceText: string, options: MonitorOptions): Promise<void> {
  const fleet = fleetSpecOf(sourceText);
  if (fleet !== undefined) return (await import("../fleet/monitor.js")).monitorFleet(fleet);
  const speed = parseSpeed(options.speed);
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  // The positioner's code is loaded only for --methods: the plain monitor starts sooner (README's first command).
  const methodsOption = options.methods === undefined ? undefined : await import("../methods-option.js");
  methodsOption?.parseMethodsOptions(options); // bad --methods arguments exit 2 before the terminal is taken over
  const ntripOption = await loadNtripOption(options);
  const ntrip = ntripOption?.parseNtripOptions(options);
  const source = await sourceFromArgument(sourceText, { speed, ...(baud === undefined ? {} : { baud }) });
  // a pipe runs on its stamps or sentence times, as the tracker does: its timers count in them, not the wall clock's
  const clock = sourceClock(source);
  const weekRolloverFix = options.weekRolloverFix === true;
  const gps = openGps({ source, tracker: { weekRolloverFix } });
  // Why there is no fix yet, beside the tracker: a log or pipe without a clock of its own runs on its sentences' times
  const { diagnoser } = watchDiagnosis(gps, { clock: clock === undefined ? "sentence" : "receive" });
  // On a terminal the screen owns the display: the line waits for the screen to close.
  const tty = process.stdout.isTTY === true;
  const laterLines: string[] = [];
  sayWeekRollover(gps, source.name, weekRolloverFix, tty ? (line) => laterLines.push(line) : undefined);

  let link: LinkState = { kind: "opening" };
  let baudRate: number | undefined;
  let methods: StartedMethods | undefined;
  let methodsMonitor: MethodsMonitor | undefined;
  const view = (): MonitorView => ({
    ...pipelineView(gps, link, clock),
    ...(baudRate === undefined ? {} : { baudRate }),
    diagnosis: diagnoser.diagnosis(),
    ...(methods?.run === undefined || methodsMonitor === undefined ? {} : { methods: methodsMonitor.view(methods.run.positioner) }),
    ...(corrections === undefined ? {} : { corrections: { name: corrections.binding.source.name, stats: corrections.binding.stats() } }),
  });

  const color = tty && colorWanted(process.env);
  // The raw pane's lines are kept from the start, so that r shows the recent past at once.
  const rawLog = createRawLog();
  let showRaw = false;
  /** While paused: the screen as it was (with its raw lines) and the byte count then. */
  let paused: { view: MonitorView; bytes: number } | undefined;
  const liveView = (): MonitorView => ({ ...view(), raw: { lines: rawLog.lines(), total: rawLog.total } });
  const shownView = (): MonitorView => {
    const { raw, ...rest } = paused === undefined ? liveView() : paused.view;
    return {
      ...rest,
      ...(showRaw && raw !== undefined ? { raw } : {}),
      ...(paused === undefined ? {} : { paused: { bytesSince: gps.stats.bytes - paused.bytes } }),
    };
  };
  let quitRequested = false;
  let wakeQuit: (() => void) | undefined;
  const quit = (): void => {
    quitRequested = true;
    wakeQuit?.();
    // The positioner first: its summary should not blame the receiver for the close that ends the run.
    void (methods?.halt() ?? Promise.resolve()).finally(() => gps.close());
  };
  // A reader that goes away (`| head`) ends the run quietly, as decode does: no more lines, no stack trace.
  let stdoutClosed = false;
  let stdoutFailure: Error | undefined;
  const onStdoutError = (error: NodeJS.ErrnoException): void => {
    if (error.code !== "EPIPE" && !stdoutClosed) stdoutFailure = error;
    stdoutClosed = true;
    quit();
  };
  process.stdout.on("error", onStdoutError);
  const printLine = (line: string): void => {
    if (!stdoutClosed) console.log(line);
  };
  let dirty = true;
  if (methodsOption !== undefined) {
    const monitorOfMethods = createMethodsMonitor();
    methodsMonitor = monitorOfMethods;
    try {
      methods = await methodsOption.startMethods(gps, options, false, {
        onEvent: (event) => {
          monitorOfMethods.apply(event);
          dirty = true;
        },
        // On a terminal the screen shows the methods; off a terminal their changes are lines among the status lines.
        print: tty ? false : (line) => printLine(line),
      });
    } catch (error) {
      process.stdout.off("error", onStdoutError);
      await gps.close();
      throw error;
    }
    const setup = methods.run?.notes ?? [];
    if (tty && setup.length > 0) monitorOfMethods.notice(setup.join("; "));
  }
  const toggleMethod = (key: string): void => {
    const name = methodForKey(key);
    const run = methods?.run;
    if (name === undefined || run === undefined || methodsMonitor === undefined) return;
    const configured = methods?.names ?? [];
    if (!configured.includes(name)) {
      methodsMonitor.notice(`${key}: ${name} is not among --methods ${configured.join(",")}`);
    } else if (run.positioner.enabled.includes(name)) {
      void run.positioner.disable(name).then(() => (dirty = true));
    } else {
      run.positioner.enable(name);
    }
    dirty = true;
  };
  // --ntrip: the caster's corrections go to the receiver; the screen shows them (off a terminal: lines).
  let corrections: CommandCorrections | undefined;
  if (ntrip !== undefined && ntripOption !== undefined) {
    try {
      corrections = ntripOption.startCorrections(gps, ntrip, {
        ...(tty ? {} : { say: (text: string) => printLine(`ntrip: ${text}`) }),
        onFailure: () => quit(),
      });
    } catch (error) {
      process.stdout.off("error", onStdoutError);
      await methods?.stop();
      await gps.close();
      throw error;
    }
  }
  const uninstall = onInterrupt(quit);

  let screen: TerminalScreen | undefined;
  let stopSilence = (): void => undefined;
  let lastDrawMs = 0;
  const draw = (): void => {
    if (!screen) return;
    const { columns, rows } = screen;
    screen.draw(renderScreen(shownView(), { width: columns, height: rows }).map((line) => paint(cut(line, columns), color)));
    dirty = false;
    lastDrawMs = Date.now();
  };
  let redrawTimer: ReturnType<typeof setInterval> | undefined;

  const linkLine = createLinkLines();
  gps.on("link", ({ link: event }) => {
    if (event.type === "connected") link = { kind: "open", ...(event.detail === undefined ? {} : { detail: event.detail }) };
    else if (event.type === "disconnected")
      link = { kind: "disconnected", reason: event.reason, ...(event.retryInMs === undefined ? {} : { retryInMs: event.retryInMs }) };
    else if (event.type === "reconnected") link = { kind: "reconnected", downForMs: event.downForMs };
    else if (event.type === "baud-detected") baudRate = event.baudRate;
    dirty = true;
    const line = tty ? undefined : linkLine(event);
    if (line !== undefined) printLine(`link: ${line}`);
    // off a terminal the link's news is a line (a FIFO waiting for its writer, a reconnect attempt that failed)
    else if (!tty && event.type === "info") printLine(`link: ${event.message}`);
  });
  for (const type of ["epoch", "state", "satellites", "diagnostic", "start"] as const) gps.on(type, () => (dirty = true));

  if (tty) {
    gps.on("frame", ({ frame }) => {
      rawLog.push({ text: frame.text });
      if (showRaw) dirty = true;
    });
    gps.on("ubx", ({ message }) => {
      rawLog.push(ubxRawLine(message));
      if (showRaw) dirty = true;
    });
    gps.on("diagnostic", ({ diagnostic }) => {
      const line = rawLineOf(diagnostic);
      if (line !== undefined) rawLog.push(line);
    });
    screen = openTerminalScreen({
      output: process.stdout as WriteStream,
      keysFromStdin: sourceText !== "-",
      onKey: (key) => {
        if (key === "q" || key === "Q" || key === "\x03") quit();
        else if (key === "r" || key === "R") showRaw = !showRaw;
        else if (key === "p" || key === "P" || key === " ") paused = paused === undefined ? { view: liveView(), bytes: gps.stats.bytes } : undefined;
        else if (methods?.run !== undefined) toggleMethod(key);
        dirty = true;
      },
      onResize: draw,
    });
    draw();
    redrawTimer = setInterval(() => {
      if (dirty || Date.now() - lastDrawMs >= IDLE_REDRAW_MS) draw();
    }, REDRAW_INTERVAL_MS);
  } else {
    // a source that gives nothing gets its status line too, saying so (the screen shows WAITING FOR DATA)
    stopSilence = sayWhileSilent(gps, (_text, { connected, forMs }) =>
      printLine(`waiting for data  ${connected ? "connected, " : "link down, "}nothing received for ${formatDuration(forMs)}`),
    );
    let lastLineAtMs = Number.NEGATIVE_INFINITY;
    let lastFix = "";
    gps.on("epoch", ({ epoch }) => {
      const key = fixKey(epoch.fixState);
      if (epoch.receivedAtMs - lastLineAtMs < STATUS_LINE_INTERVAL_MS && key === lastFix) return;
      lastLineAtMs = epoch.receivedAtMs;
      lastFix = key;
      printLine(renderStatusLine(view()));
    });
  }

  // bytes and nothing readable: said (after the screen, on a terminal); /dev/zero, which need not end, is closed
  const unreadable = watchNothingReadable(gps, {
    say: (text) => (tty ? laterLines.push(`gnsskit: ${source.name}: ${text}`) : console.error(`gnsskit: ${source.name}: ${text}`)),
    close: quit,
    endDevices: true,
  });
  let failure: unknown;
  try {
    if (link.kind === "opening" && !source.onLink) link = { kind: "open" };
    const running = gps.run().then(
      () => undefined,
      (error: unknown) => error,
    );
    const opened = setInterval(() => {
      if (link.kind === "opening" && gps.stats.bytes > 0) link = { kind: "open" };
    }, REDRAW_INTERVAL_MS);
    failure = await running;
    clearInterval(opened);
    if (failure === undefined && screen?.readsKeys && !quitRequested) {
      // The source ended (a log, sim:?duration=...): keep the last screen until the user quits.
      link = { kind: "ended" };
      draw();
      await new Promise<void>((resolve) => {
        wakeQuit = resolve;
        if (quitRequested) resolve();
      });
    }
  } finally {
    if (redrawTimer !== undefined) clearInterval(redrawTimer);
    stopSilence();
    unreadable.stop();
    screen?.close();
    uninstall();
    // The positioner first: its summary should not blame the receiver for the close that ends the run.
    await methods?.stop();
    await corrections?.binding.close();
    await gps.close();
    // After a closed pipe, late write errors may still come: the listener stays for them.
    if (!stdoutClosed) process.stdout.off("error", onStdoutError);
  }
  for (const line of laterLines) console.error(line);
  if (stdoutFailure !== undefined) failure ??= stdoutFailure;
  // an endless device that gave nothing readable: its line is the failure, exit 1
  if (unreadable.endedWhy !== undefined) throw sourceFailed(`${source.name}: ${unreadable.endedWhy}`);
  // A source that never gave a byte has nothing to summarise: the error line says it all.
  if (failure === undefined || gps.stats.bytes > 0)
    console.error(await formatSummary(source.name, gps.stats, gps.tracker?.state, source.live && source.clockedBySentences !== true));
  ntripOption?.endCorrections(corrections, false);
  if (failure !== undefined) throw asCliError(failure);
}

export function register(program: Command): void {
  const command = program
    .command("monitor")
    .description(
      "live view of a receiver: link, fix state, position, TTFF, start type, satellites used in the fix vs only tracked, sky plot, " +
        "the receiver's raw lines (r shows/hides them; p pauses the display while data is still read; q or Ctrl-C quits; " +
        "NO_COLOR honoured; plain status lines when stdout is not a terminal)",
    )
    .argument(
      "<SOURCE>",
      "/dev/ttyUSB0, COM3, tcp://HOST:PORT, udp://:PORT, gpsd://HOST:PORT, mqtt://HOST/PREFIX/+ (a fleet) or /DEVICE, - (stdin), sim:?..., a log file",
    )
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option("--speed <N|max>", "a log file as SOURCE: N × its recorded pace (max: as fast as possible)", "1")
    .option("--week-rollover-fix", WEEK_ROLLOVER_FIX_HELP)
    .addHelpText(
      "after",
      "\nKeys: r shows or hides the raw pane (the last lines the receiver sent, newest at the\n" +
        "bottom; control bytes escaped, lines the framer rejected marked with why); p or space\n" +
        "pauses the display (PAUSED in the title, with the bytes read since: reading and counting\n" +
        "go on) and resumes it; q or Ctrl-C quits. The sky plot (from 100 columns) draws each\n" +
        "system as a shape, filled when used in the fix, hollow when only tracked (● ○ GPS,\n" +
        "■ □ GLONASS, ◆ ◇ Galileo, ▲ △ BeiDou, ▼ ▽ QZSS, ◀ ◁ NavIC, ▶ ▷ SBAS), × in view\n" +
        "without a signal, ╱ over sky found blocked (predicted satellites there go unheard).\n" +
        "\nWhy: what the receiver is waiting for while it has no fix (searching, the time, the\n" +
        "ephemeris with when a fix is expected, a 4th satellite for 3D), then what the sky and\n" +
        "the receiver's front end show (a blocked sector, strong satellites heard weak, jamming);\n" +
        "each line a rule of gnsskit/diagnosis over the epochs read. Off a terminal, 'why:' ends\n" +
        "the status line.\n" +
        "\nWith --methods the Method lines show each method in priority order: active (gave the\n" +
        "position shown, with its radius), current (still shown, but its fix is lost, too old or\n" +
        "its method is failing), available (a fresh location of its own, not chosen), searching\n" +
        "(no fix yet), asking / standby (network: request not answered yet / not asked while\n" +
        "another method has a position), unavailable (and why, on lines of its own) or off; then\n" +
        "its time to first fix (TTFF) or location (TTFL), (first) on the method that gave the\n" +
        "first location, and the bytes it cost (↑ sent, ↓ received). Keys i, a, b, n switch\n" +
        "integrated, assisted, bluetooth and network on and off. Off a terminal the\n" +
        "positioner's changes are printed as lines among the status lines.\n" +
        "\nmqtt://HOST/PREFIX/+ (receivers gnsskit publish put on a broker) shows the fleet:\n" +
        "a line per device (status, fix, used/tracked, TTFF, age, method, availability);\n" +
        "j/k or the arrows select, Enter opens the device's own screen (r, p as above),\n" +
        "Esc or b goes back. Off a terminal: a status line per device and second.",
    );
  addNtripOptions(addMethodsOptions(command)).action((sourceText: string, options: MonitorOptions) => monitor(sourceText, options));
}
