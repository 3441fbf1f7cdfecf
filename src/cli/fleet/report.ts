// `gnsskit report mqtt://host/PREFIX/+ --duration S`: a report per device over the window (what each device
// published from the moment it is heard until --duration or Ctrl-C), one after the other, named by device;
// --html DIR writes DIR/DEVICE.html.

import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { openGps } from "../../gps.js";
import type { MqttSpec } from "../../node/mqtt/fleet.js";
import { createReportBuilder, formatReportText, renderReportHtml, type Report } from "../../output/report/index.js";
import { badArguments } from "../errors.js";
import { asCliError, onInterrupt } from "../source-arg.js";

export interface ReportFleetOptions {
  html?: string;
  json?: boolean;
}

export async function reportFleet(spec: MqttSpec, options: ReportFleetOptions, durationS: number | undefined, withoutPlots: (report: Report) => unknown): Promise<void> {
  if (options.html !== undefined) {
    try {
      mkdirSync(options.html, { recursive: true });
    } catch (error) {
      throw badArguments(`--html ${options.html}: a fleet's reports go to a directory, and this one cannot be made (${(error as NodeJS.ErrnoException).code ?? String(error)})`);
    }
  }
  const { openFleet } = await import("../../node/mqtt/fleet.js");
  let fleet;
  try {
    fleet = await openFleet(spec);
  } catch (error) {
    throw asCliError(error);
  }
  console.error(`gnsskit: reading every device of ${fleet.name}${durationS === undefined ? " until Ctrl-C" : ` for ${durationS} s (Ctrl-C ends the window sooner)`}`);
  const runs: Array<{ name: string; result: Promise<Report> }> = [];
  let failure: unknown;
  fleet.onDevice((device) => {
    const builder = createReportBuilder();
    const gps = openGps({ source: device.source });
    runs.push({
      name: device.name,
      result: (async () => {
        try {
          for await (const event of gps.events()) if (event.type !== "frame") builder.add(event);
        } catch (error) {
          failure ??= error;
        }
        return builder.result();
      })(),
    });
  });
  let stop: () => void = () => undefined;
  const stopped = new Promise<void>((resolve) => (stop = resolve));
  void fleet.ended.catch((error: unknown) => {
    failure ??= error;
    stop();
  });
  const uninstall = onInterrupt(stop);
  const timer = durationS === undefined ? undefined : setTimeout(stop, durationS * 1000);
  await stopped;
  if (timer !== undefined) clearTimeout(timer);
  uninstall();
  await fleet.close();
  const reports = (await Promise.all(runs.map(async ({ name, result }) => ({ name, report: await result })))).sort((a, b) => a.name.localeCompare(b.name));
  if (options.html !== undefined) {
    for (const { name, report } of reports) writeFileSync(join(options.html, `${name}.html`), renderReportHtml(report, { title: name }));
  }
  if (options.json === true) {
    const devices = Object.fromEntries(reports.map(({ name, report }) => [name, withoutPlots(report)]));
    process.stdout.write(`${JSON.stringify({ fleet: fleet.name, devices }, null, 2)}\n`);
  } else if (reports.length === 0) {
    process.stdout.write(`${fleet.name}: no device published in the window\n`);
  } else {
    process.stdout.write(reports.map(({ name, report }) => formatReportText(report, name)).join("\n"));
  }
  if (failure !== undefined) throw asCliError(failure);
}
