// `gnsskit publish SOURCE... --mqtt URL`: each SOURCE is a device on an MQTT broker, under PREFIX/DEVICE/
// (topics and payloads: src/fleet/wire.ts). The receiver's bytes go through a disk spool, so nothing is lost
// while the broker is away; a log is played at its recorded pace (--speed) as a receiver would send it.

import { mkdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";
import { Command } from "commander";
import { deviceNameOf, deviceNameProblem, prefixProblem } from "../../fleet/wire.js";
import { parseOsmandUrl } from "../../node/mqtt/osmand.js";
import type { DevicePublisher } from "../../node/mqtt/publisher.js";
import { parseBrokerUrl, SourceSpecError, type BrokerAddress } from "../../sources/spec.js";
import { formatBytes, formatCount } from "../../output/format.js";
import { badArguments, cannotCreate } from "../errors.js";
import { addMethodsOptions, type MethodsOptions } from "../methods-flags.js";
import { asCliError, formatSummary, parseBaud, parsePositive, sourceFromArgument, parseSpeed } from "../source-arg.js";

interface PublishOptions extends MethodsOptions {
  mqtt?: string;
  prefix: string;
  device?: string[];
  rate?: string;
  spool?: string;
  spoolSize: string;
  osmand?: string;
  views: boolean;
  speed: string;
  baud?: string;
  quiet?: boolean;
}

/** `$XDG_STATE_HOME/gnsskit/spool`, else `~/.local/state/gnsskit/spool`: it outlives a reboot, unlike /tmp. */
export function defaultSpoolRoot(env: NodeJS.ProcessEnv = process.env): string {
  const state = env.XDG_STATE_HOME !== undefined && env.XDG_STATE_HOME !== "" ? env.XDG_STATE_HOME : join(homedir(), ".local", "state");
  return join(state, "gnsskit", "spool");
}

/** One directory per broker, prefix and device: the same device published to two brokers has two spools. */
export function spoolDirOf(root: string, broker: BrokerAddress, prefix: string, device: string): string {
  return join(root, `${broker.host.replace(/[^A-Za-z0-9.-]/g, "_")}-${broker.port}`, prefix.replace(/\//g, "_"), device);
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export async function publish(sourceTexts: string[], options: PublishOptions): Promise<void> {
  if (options.mqtt === undefined) throw badArguments("publish: --mqtt mqtt://HOST[:PORT] is required");
  let broker: BrokerAddress;
  try {
    const { path, ...address } = parseBrokerUrl(options.mqtt);
    if (path !== "" && path !== "/") throw new SourceSpecError(`--mqtt ${options.mqtt}: the topics come from --prefix and --device, not the URL's path`);
    broker = address;
  } catch (error) {
    throw badArguments(error instanceof Error ? error.message.replace(/^(?!--mqtt)/, "--mqtt ") : String(error));
  }
  const prefix = options.prefix;
  const badPrefix = prefixProblem(prefix);
  if (badPrefix !== undefined) throw badArguments(`--prefix: ${badPrefix}`);
  const rateHz = options.rate === undefined ? undefined : parsePositive("--rate", options.rate);
  const spoolMb = parsePositive("--spool-size", options.spoolSize);
  const speed = parseSpeed(options.speed);
  const baud = options.baud === undefined ? undefined : parseBaud(options.baud);
  if (options.osmand !== undefined) {
    try {
      parseOsmandUrl(options.osmand);
    } catch (error) {
      throw badArguments(error instanceof Error ? error.message : String(error));
    }
  }
  const names = options.device ?? [];
  if (names.length > sourceTexts.length)
    throw badArguments(`--device given ${names.length} times for ${sourceTexts.length} SOURCE${sourceTexts.length === 1 ? "" : "s"}`);
  const sources = await Promise.all(sourceTexts.map((text) => sourceFromArgument(text, { speed, ...(baud === undefined ? {} : { baud }) })));
  const devices = sources.map((source, k) => names[k] ?? deviceNameOf(source.name));
  for (const [k, device] of devices.entries()) {
    const problem = deviceNameProblem(device);
    if (problem !== undefined) throw badArguments(`--device: ${problem}`);
    if (devices.indexOf(device) !== k) throw badArguments(`device name ${device} is given to two sources: name them with --device`);
  }

  const spoolRoot = options.spool ?? defaultSpoolRoot();
  const say = (line: string): void => {
    if (!options.quiet) console.error(`gnsskit: ${line}`);
  };
  // the spool is an output: one that cannot be made is a bad argument, said before any source is read
  for (const device of devices) {
    const dir = spoolDirOf(spoolRoot, broker, prefix, device);
    try {
      mkdirSync(dir, { recursive: true });
    } catch (error) {
      throw cannotCreate(dir, error);
    }
  }
  const { createDevicePublisher } = await import("../../node/mqtt/publisher.js");
  const publishers: DevicePublisher[] = [];
  try {
    for (const [k, source] of sources.entries()) {
      const device = devices[k] as string;
      publishers.push(
        createDevicePublisher({
          source,
          device,
          prefix,
          broker,
          spoolDir: spoolDirOf(spoolRoot, broker, prefix, device),
          spoolMaxBytes: Math.round(spoolMb * 1_000_000),
          ...(rateHz === undefined ? {} : { rateHz }),
          ...(options.osmand === undefined ? {} : { osmandUrl: options.osmand }),
          views: options.views,
          say,
        }),
      );
    }
    // every device connected before any starts reading: a broker that refuses us is one line, exit 1
    await Promise.all(publishers.map((publisher) => publisher.connect()));
  } catch (error) {
    await Promise.all(publishers.map((publisher) => publisher.gps.close().catch(() => undefined)));
    for (const publisher of publishers) publisher.spool.close();
    throw asCliError(error);
  }
  if (options.methods !== undefined) {
    const { startMethods } = await import("../methods-option.js");
    for (const publisher of publishers) {
      const methods = await startMethods(publisher.gps, options, options.quiet === true, {
        onEvent: (event) => {
          if (event.type === "method-changed")
            publisher.methodChanged({
              ...(event.from === undefined ? {} : { from: event.from }),
              ...(event.to === undefined ? {} : { to: event.to }),
              reason: event.reason,
            });
        },
      });
      publisher.setMethods(methods.names);
    }
  }
  say(
    `publishing ${devices.length === 1 ? `device ${devices[0]}` : `${devices.length} devices (${devices.join(", ")})`} to ${broker.protocol}://${broker.host}:${broker.port} under ${prefix}/; spool ${spoolRoot}`,
  );
  // Ctrl-C or SIGTERM ends the sources and waits 3 s for the broker; a second one stops waiting at once (the
  // spool keeps what is left for the next run): never an exit that would leave a message half written.
  const stop = (): void => {
    for (const publisher of publishers) publisher.stop();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  const outcomes = await Promise.allSettled(publishers.map((publisher) => publisher.run()));
  process.off("SIGINT", stop);
  process.off("SIGTERM", stop);
  let failure: unknown;
  for (const [k, outcome] of outcomes.entries()) {
    const publisher = publishers[k] as DevicePublisher;
    const { stats } = publisher;
    if (!options.quiet) {
      console.error(
        await formatSummary(
          publisher.gps.source.name,
          publisher.gps.stats,
          publisher.gps.tracker?.state,
          publisher.gps.source.live && publisher.gps.source.clockedBySentences !== true,
        ),
      );
      console.error(
        `  published: ${formatCount(stats.nmeaMessages, "nmea message")} (${formatBytes(stats.nmeaBytes)}), ${formatCount(stats.views, "view")} (${stats.viewsSkipped} skipped while the broker was away), ${formatCount(stats.events, "event")}`,
      );
    }
    if (outcome.status === "rejected") failure ??= outcome.reason;
  }
  if (failure !== undefined) throw asCliError(failure);
}

export function register(program: Command): void {
  const command = program
    .command("publish")
    .description(
      "publish receivers to an MQTT broker: epochs, events and a retained state per device, the receiver's bytes spooled to disk while the broker is away",
    )
    .argument("<SOURCE...>", "one device per SOURCE: /dev/ttyUSB0, tcp://HOST:PORT, gpsd://HOST:PORT, sim:?..., a log file (played at its recorded pace)")
    .option("--mqtt <URL>", "the broker: mqtt://[USER[:PASS]@]HOST[:PORT] (1883) or mqtts://… (TLS, 8883); a password may come from GNSSKIT_MQTT_PASSWORD")
    .option("--prefix <PREFIX>", "topic prefix: topics are PREFIX/DEVICE/nmea, tpv, sky, epoch, events, state, status", "gnss")
    .option("--device <NAME>", "the device's name in the topics (repeat it for each SOURCE, in order; default: the SOURCE's last part, e.g. ttyUSB0)", collect)
    .option(
      "--rate <HZ>",
      "at most HZ messages a second per topic on the receiver's clock: a 10 Hz receiver at --rate 1 sends 1 TPV of 10, and its bytes in one nmea message a second (nothing of them is left out)",
    )
    .option(
      "--spool <DIR>",
      "where messages wait for the broker, one directory per broker, prefix and device (default $XDG_STATE_HOME/gnsskit/spool or ~/.local/state/gnsskit/spool)",
    )
    .option(
      "--spool-size <MB>",
      "most spooled bytes per device (10^6 bytes); when full, the OLDEST messages are dropped first (the newest say where the receiver is now) and a consumer reports the gap",
      "100",
    )
    .option("--no-views", "leave out tpv, sky and epoch (a large fleet: consumers compute them from nmea)")
    .option(
      "--osmand <URL>",
      "also send each position to a fleet server in the OsmAnd protocol (Traccar: http://HOST:5055/), the device name as id; latest position wins, not spooled",
    )
    .option("--speed <N|max>", "a log file as SOURCE: N × its recorded pace (max: as fast as possible, times kept)", "1")
    .option("--baud <N|auto>", "serial speed (default auto)")
    .option("-q, --quiet", "no progress lines or summary on stderr")
    .addHelpText(
      "after",
      "\nTopics per device (QoS 1): nmea (the receiver's bytes with receive times,\n" +
        "numbered), tpv and sky (gpsd JSON), epoch (gnsskit JSON), events (first fix, fix\n" +
        "lost, reacquired, start type, method switched), state (retained: fix, TTFF,\n" +
        "start type, methods, last position, last seen), status (retained: online, or\n" +
        "offline as the last will).\n" +
        "\nWhile the broker is away the nmea messages wait in the spool on disk and go out\n" +
        "in order when it is back (also after a restart of gnsskit: the spool is\n" +
        "resumed); tpv, sky and epoch are live views and are skipped meanwhile (a\n" +
        "consumer recomputes them from nmea); events wait in memory, and the state is\n" +
        "sent as it is then. When a log ends, publish waits until the broker has every\n" +
        "spooled message; Ctrl-C stops waiting after 3 s.\n" +
        "\nThe first connection must succeed: a wrong URL, refused login or untrusted\n" +
        "certificate is one line, exit 1 (a private CA: NODE_EXTRA_CA_CERTS=ca.pem).\n" +
        "\nRead them back with SOURCE mqtt://HOST/PREFIX/+ (monitor, serve, report, record)\n" +
        "or mqtt://HOST/PREFIX/DEVICE (any command), and gnsskit fleet stats.",
    );
  addMethodsOptions(command).action((sourceTexts: string[], options: PublishOptions) => publish(sourceTexts, options));
}
