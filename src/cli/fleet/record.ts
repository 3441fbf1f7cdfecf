// `gnsskit record mqtt://host/PREFIX/+ -o DIR`: one log per device, DIR/DEVICE.nmea, with the bytes as they were
// published (their receive-time prefixes are the publisher's: the log decodes as the device's own recording
// would), from the moment each device is heard until Ctrl-C or --duration.

import { join } from "node:path";
import type { MqttSpec } from "../../node/mqtt/fleet.js";
import { createRecorder, type Recorder } from "../../node/record/index.js";
import { formatCount } from "../../output/format.js";
import { badArguments } from "../errors.js";
import { asCliError, parsePositive } from "../source-arg.js";
import { makeDirectory, openFleetArgument, openFleetWindow } from "./reading.js";

export interface RecordFleetOptions {
  output?: string;
  plain?: boolean;
  count?: string;
  rotateSize?: string;
  rotateTime?: string;
  duration?: string;
  quiet?: boolean;
}

export async function recordFleet(spec: MqttSpec, options: RecordFleetOptions, version: string): Promise<void> {
  if (options.output === undefined) throw badArguments("record: -o DIR is required (one DEVICE.nmea per device)");
  if (options.plain === true) throw badArguments("record: --plain is for one receiver's bytes; a fleet's logs keep their publishers' receive times");
  if (options.count !== undefined) throw badArguments("record: --count counts one receiver's epochs; with a fleet use --duration");
  const durationS = options.duration === undefined ? undefined : parsePositive("--duration", options.duration);
  const rotateSizeMb = options.rotateSize === undefined ? undefined : parsePositive("--rotate-size", options.rotateSize);
  const rotateTimeS = options.rotateTime === undefined ? undefined : parsePositive("--rotate-time", options.rotateTime);
  const dir = options.output;
  makeDirectory("-o", dir, "a fleet's logs (DEVICE.nmea)");
  const fleet = await openFleetArgument(spec);
  if (!options.quiet) console.error(`gnsskit: recording every device of ${fleet.name} into ${dir}/DEVICE.nmea (Ctrl-C stops)`);
  const recorders = new Map<string, Recorder>();
  const copies: Promise<void>[] = [];
  let failure: unknown;
  const window = openFleetWindow(fleet, durationS);
  fleet.onDevice((device) => {
    const recorder = createRecorder({
      path: join(dir, `${device.name}.nmea`),
      plain: true, // the payloads carry their prefixes already
      ...(rotateSizeMb === undefined ? {} : { rotateSizeBytes: Math.round(rotateSizeMb * 1_000_000) }),
      ...(rotateTimeS === undefined ? {} : { rotateTimeMs: rotateTimeS * 1000 }),
      header: ({ number, startedAtMs }) =>
        `gnsskit ${version} record; source: ${device.source.name}; started: ${new Date(startedAtMs).toISOString()}` +
        (number > 1 ? `; part ${number}` : "") +
        "; receive-time prefixes (the publisher's) @YYYY-MM-DDTHH:mm:ss.sssZ at line starts",
    });
    recorders.set(device.name, recorder);
    copies.push(
      (async () => {
        try {
          recorder.open(Date.now());
          for await (const chunk of device.source) recorder.write(chunk, Date.now());
        } catch (error) {
          failure ??= error;
          window.stop();
        } finally {
          recorder.close();
        }
      })(),
    );
  });
  failure ??= await window.ended;
  await fleet.close();
  await Promise.all(copies);
  if (!options.quiet) {
    console.error(`gnsskit: ${fleet.name}: ${formatCount(recorders.size, "device")} recorded in ${dir}`);
    for (const [name, recorder] of [...recorders].sort(([a], [b]) => a.localeCompare(b))) {
      const device = fleet.devices.get(name);
      const lost = device === undefined || device.sequence.lost === 0 ? "" : `, ${formatCount(device.sequence.lost, "message")} lost`;
      for (const file of recorder.files) console.error(`  ${name}: ${file.path} (${file.bytes} bytes${lost})`);
    }
  }
  if (failure !== undefined) throw asCliError(failure);
}
