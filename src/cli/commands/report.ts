// `gnsskit report FILE`: a summary of a log (duration, fix availability, TTFF and start type,
// reacquisitions, satellites per constellation, DOP percentiles, position scatter, diagnostics,
// receiver identity) as text or JSON on stdout, and with --html a self-contained page with plots.

import { closeSync, openSync, writeSync } from "node:fs";
import { basename, join } from "node:path";
import { Command } from "commander";
import { openGps } from "../../gps.js";
import { createReportBuilder, formatReportText, renderReportHtml, type Report } from "../../output/report/index.js";
import { cannotCreate, sourceFailed, writeFailed } from "../errors.js";
import { awaitFifoReaders } from "../fifo-output.js";
import { refuseOutputOverSource } from "../output-over-source.js";
import { TRUTH_HELP, truthFromArgument } from "../truth-arg.js";
import { loadAlmanacSky } from "./sky.js";
import { makeDirectory } from "../fleet/reading.js";
import {
  asCliError,
  fleetSpecOf,
  noNmeaReason,
  onInterrupt,
  parsePositive,
  sayWeekRollover,
  watchNothingReadable,
  sourceFromArgument,
  WEEK_ROLLOVER_FIX_HELP,
} from "../source-arg.js";
import { setLongTimeout } from "../../long-timeout.js";

export interface ReportOptions {
  html?: string;
  json?: boolean;
  weekRolloverFix?: boolean;
  truth?: string;
  almanac?: string;
  duration?: string;
}

/** Opens the HTML output before the log is read, so a bad path fails at once (exit 2). */
function openOutput(path: string): number {
  try {
    return openSync(path, "w");
  } catch (error) {
    throw cannotCreate(path, error);
  }
}

/** The report without its plot series (bounded, but long): what --json prints. */
function withoutPlots(report: Report): Omit<Report, "plots"> {
  const { plots: _plots, ...rest } = report;
  return rest;
}

export async function report(file: string, options: ReportOptions): Promise<void> {
  // arguments first: a bad one is exit 2 before the log is read
  const truth = options.truth === undefined ? undefined : truthFromArgument(options.truth);
  const durationS = options.duration === undefined ? undefined : parsePositive("--duration", options.duration);
  const fleet = fleetSpecOf(file);
  if (fleet !== undefined) return (await import("../fleet/report.js")).reportFleet(fleet, options, durationS, withoutPlots);
  const almanacWarnings: string[] = [];
  const sky = options.almanac === undefined ? undefined : loadAlmanacSky(options.almanac, Date.now(), almanacWarnings);
  for (const warning of almanacWarnings) console.error(`gnsskit: ${warning}`);
  const source = await sourceFromArgument(file);
  // the text goes out once the log is read: only --html can destroy it
  refuseOutputOverSource(source, [options.html], false);
  const releaseFifo = await awaitFifoReaders([options.html], durationS === undefined ? {} : { durationS });
  const htmlFd = options.html === undefined ? undefined : openOutput(options.html);
  releaseFifo();
  const builder = createReportBuilder({
    ...(truth === undefined ? {} : { truth }),
    diagnosis: { receiverStarts: source.startsReceiver === true, ...(sky === undefined ? {} : { sky }) },
  });
  const weekRolloverFix = options.weekRolloverFix === true;
  const gps = openGps({ source, tracker: { weekRolloverFix } });
  sayWeekRollover(gps, source.name, weekRolloverFix);
  const uninstall = onInterrupt(() => void gps.close());
  // a live source (a receiver, an mqtt:// device) has no end: the report covers the window
  const timer = durationS === undefined ? undefined : setLongTimeout(() => void gps.close(), durationS * 1000);
  const unreadable = watchNothingReadable(gps, {
    say: (text) => console.error(`gnsskit: ${source.name}: ${text}`),
    close: () => void gps.close(),
    endDevices: true,
  });
  try {
    for await (const event of gps.events()) {
      if (event.type !== "frame") builder.add(event);
    }
  } catch (error) {
    if (htmlFd !== undefined) closeSync(htmlFd);
    throw asCliError(error);
  } finally {
    timer?.clear();
    unreadable.stop();
    uninstall();
  }
  if (unreadable.endedWhy !== undefined) {
    if (htmlFd !== undefined) closeSync(htmlFd);
    throw sourceFailed(`${source.name}: ${unreadable.endedWhy}`);
  }
  const result = builder.result();
  const title = file === "-" ? "standard input" : basename(file);
  if (htmlFd !== undefined && options.html !== undefined) {
    try {
      writeSync(htmlFd, renderReportHtml(result, { title }));
    } catch (error) {
      throw writeFailed(options.html, error);
    } finally {
      closeSync(htmlFd);
    }
  }
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(withoutPlots(result), null, 2)}\n`);
    return;
  }
  // An empty file or one without NMEA: one line instead of a report of nothing.
  const nothing = await noNmeaReason(source.name, gps.stats);
  if (nothing !== undefined) console.error(`gnsskit: ${source.name}: ${nothing}`);
  else process.stdout.write(formatReportText(result, title));
}

export function register(program: Command): void {
  program
    .command("report")
    .description(
      "summarise a log: fix availability, TTFF and start type, satellites, DOP, position scatter, why there was no fix and what the sky showed, accuracy against a truth, diagnostics",
    )
    .argument(
      "<FILE...>",
      "several logs: reported on all cores, in their order; a recorded NMEA log (plain, or with receive-time prefixes); - for stdin; a live SOURCE with --duration; mqtt://HOST/PREFIX/+: one report per device",
    )
    .option(
      "--html <OUT>",
      "also write a self-contained HTML page with plots (sky, C/N0, satellites, DOP, track) to OUT (for mqtt://…/+ a directory: DEVICE.html each)",
    )
    .option("--json", "print the report as JSON (without the plot series) instead of text")
    .option("--truth <LAT,LON[,ALT]|TRACK.gpx>", TRUTH_HELP)
    .option("--almanac <FILE>", "a YUMA or SEM almanac: the satellites it predicts count for the sky mask where the receiver does not list them")
    .option("--week-rollover-fix", WEEK_ROLLOVER_FIX_HELP)
    .option("--duration <S>", "a live SOURCE: report the next S seconds (else until Ctrl-C)")
    .action(async (files: string[], options: ReportOptions) => {
      if (files.length === 1) return report(files[0] as string, options);
      // several logs: one per core, printed in their order; --html OUT is then a directory of FILE.html pages
      const { runPerFile } = await import("../per-file.js");
      const html = options.html;
      if (html !== undefined) makeDirectory("--html", html, "the pages of several logs (FILE.html)");
      await runPerFile("report", files, (file) => ({
        ...options,
        ...(html === undefined ? {} : { html: join(html, `${basename(file).replace(/\.[^.]*$/, "")}.html`) }),
      }));
    });
}
