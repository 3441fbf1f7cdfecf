// `gnsskit report mqtt://host/PREFIX/+ --duration S`: a report per device over the window (what each device
// published from the moment it is heard until --duration or Ctrl-C), one after the other, named by device;
// --html DIR writes DIR/DEVICE.html.

import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { openGps } from "../../gps.js";
import type { MqttSpec } from "../../node/mqtt/fleet.js";
import { createReportBuilder, formatReportText, renderReportHtml, type Report } from "../../output/report/index.js";
import { asCliError } from "../source-arg.js";
import { makeDirectory, openFleetArgument, openFleetWindow } from "./reading.js";

export interface ReportFleetOptions {
  html?: string;
  json?: boolean;
}

export async function reportFleet(
  spec: MqttSpec,
  options: ReportFleetOptions,
  durationS: number | undefined,
  withoutPlots: (report: Report) => unknown,
): Promise<void> {
  if (options.html !== undefined) makeDirectory("--html", options.html, "a fleet's pages (DEVICE.html)");
  const fleet = await openFleetArgument(spec);
  console.error(
    `gnsskit: reading every device of ${fleet.name}${durationS === undefined ? " until Ctrl-C" : ` for ${durationS} s (Ctrl-C ends the window sooner)`}`,
  );
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
  failure ??= await openFleetWindow(fleet, durationS).ended;
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
