// `gnsskit monitor SOURCE`: a live view of the receiver, redrawn in place on a terminal (at most 10 times
// a second), or plain status lines (one per second of the source's clock, and at each fix change) when
// stdout is not a terminal. A log file plays at its recorded pace by default.

import type { WriteStream } from "node:tty";
import { Command } from "commander";
import { openGps } from "../../gps.js";
import type { FixState, TrackerState } from "../../types.js";
import { renderScreen, renderStatusLine } from "../monitor/render.js";
import { colorWanted, cut, paint } from "../monitor/style.js";
import { openTerminalScreen, type TerminalScreen } from "../monitor/terminal.js";
import type { LinkState, MonitorView } from "../monitor/view.js";
import { asCliError, formatSummary, onInterrupt, parseBaud, parsePositive, sourceFromArgument } from "../source-arg.js";

interface MonitorOptions {
  baud?: string;
  speed: string;
}

const REDRAW_INTERVAL_MS = 100;
/** Redraw this often even without news, so running timers tick. */
const IDLE_REDRAW_MS = 500;
const STATUS_LINE_INTERVAL_MS = 1000;

const IDLE_STATE: Pick<TrackerState, "fixState" | "ttff" | "start" | "satellites"> = {
  fixState: { kind: "idle" },
  ttff: {},
  start: { type: "unknown", basis: "none", evidence: [] },
  satellites: { satellites: [], inViewCount: 0, trackedCount: 0, usedCount: 0, signalCount: 0 },
};

const fixKey = (state: FixState): string => (state.kind === "fixed" ? `${state.mode}:${state.quality}` : state.kind);

export async function monitor(sourceText: string, options: MonitorOptions): Promise<void> {
  const speed = options.speed === "max" ? Infinity : parsePositive("--speed", options.speed);
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  const source = sourceFromArgument(sourceText, { speed, ...(baud === undefined ? {} : { baud }) });
  const clock = source.clock ?? (source.live ? (): number => Date.now() : undefined);
  const gps = openGps({ source });

  let link: LinkState = { kind: "opening" };
  let baudRate: number | undefined;
  const view = (): MonitorView => {
    const state = gps.tracker?.state ?? IDLE_STATE;
    const nowMs = clock?.();
    return {
      source: source.name,
      link,
      bytes: gps.stats.bytes,
      ...(baudRate === undefined ? {} : { baudRate }),
      ...(nowMs === undefined || !Number.isFinite(nowMs) ? {} : { nowMs }),
      fixState: state.fixState,
      ...(gps.tracker?.state.lastEpoch === undefined ? {} : { epoch: gps.tracker.state.lastEpoch }),
      ttff: state.ttff,
      start: state.start,
      satellites: state.satellites,
      diagnostics: gps.stats.diagnostics,
      method: "integrated",
      methodDetail: "the receiver's own solution",
    };
  };

  const tty = process.stdout.isTTY === true;
  const color = tty && colorWanted(process.env);
  let quitRequested = false;
  let wakeQuit: (() => void) | undefined;
  const quit = (): void => {
    quitRequested = true;
    wakeQuit?.();
    void gps.close();
  };
  const uninstall = onInterrupt(quit);

  let screen: TerminalScreen | undefined;
  let dirty = true;
  let lastDrawMs = 0;
  const draw = (): void => {
    if (!screen) return;
    const { columns, rows } = screen;
    screen.draw(renderScreen(view(), { width: columns, height: rows }).map((line) => paint(cut(line, columns), color)));
    dirty = false;
    lastDrawMs = Date.now();
  };
  let redrawTimer: ReturnType<typeof setInterval> | undefined;

  gps.on("link", ({ link: event }) => {
    if (event.type === "connected") link = { kind: "open", ...(event.detail === undefined ? {} : { detail: event.detail }) };
    else if (event.type === "disconnected") link = { kind: "disconnected", reason: event.reason, ...(event.retryInMs === undefined ? {} : { retryInMs: event.retryInMs }) };
    else if (event.type === "reconnected") link = { kind: "reconnected", downForMs: event.downForMs };
    else if (event.type === "baud-detected") baudRate = event.baudRate;
    dirty = true;
    if (!tty && (event.type === "disconnected" || event.type === "reconnected")) console.log(`link: ${event.type === "disconnected" ? `disconnected (${event.reason})` : `reconnected after ${(event.downForMs / 1000).toFixed(1)} s`}`);
  });
  for (const type of ["epoch", "state", "satellites", "diagnostic", "start"] as const) gps.on(type, () => (dirty = true));

  if (tty) {
    screen = openTerminalScreen({
      output: process.stdout as WriteStream,
      keysFromStdin: sourceText !== "-",
      onKey: (key) => {
        if (key === "q" || key === "Q" || key === "\x03") quit();
      },
      onResize: draw,
    });
    draw();
    redrawTimer = setInterval(() => {
      if (dirty || Date.now() - lastDrawMs >= IDLE_REDRAW_MS) draw();
    }, REDRAW_INTERVAL_MS);
  } else {
    let lastLineAtMs = Number.NEGATIVE_INFINITY;
    let lastFix = "";
    gps.on("epoch", ({ epoch }) => {
      const key = fixKey(epoch.fixState);
      if (epoch.receivedAtMs - lastLineAtMs < STATUS_LINE_INTERVAL_MS && key === lastFix) return;
      lastLineAtMs = epoch.receivedAtMs;
      lastFix = key;
      console.log(renderStatusLine(view()));
    });
  }

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
    screen?.close();
    uninstall();
    await gps.close();
  }
  // A source that never gave a byte has nothing to summarise: the error line says it all.
  if (failure === undefined || gps.stats.bytes > 0) console.error(formatSummary(source.name, gps.stats, gps.tracker?.state));
  if (failure !== undefined) throw asCliError(failure);
}

export function register(program: Command): void {
  program
    .command("monitor")
    .description(
      "live view of a receiver: link, fix state, position, TTFF, start type, satellites used in the fix vs only tracked, sky plot " +
        "(q or Ctrl-C quits; NO_COLOR honoured; plain status lines when stdout is not a terminal)",
    )
    .argument("<SOURCE>", "/dev/ttyUSB0, COM3, tcp://HOST:PORT, udp://:PORT, gpsd://HOST:PORT, - (stdin), sim:?..., a log file")
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option("--speed <N|max>", "a log file as SOURCE: N × its recorded pace (max: as fast as possible)", "1")
    .action((sourceText: string, options: MonitorOptions) => monitor(sourceText, options));
}
