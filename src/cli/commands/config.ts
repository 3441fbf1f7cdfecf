// `gnsskit config SOURCE`: set a receiver's rate, speed, systems, messages and navigation model in its own
// dialect (UBX generations 8 and 9+, PMTK, PAIR, PSRF), each command acknowledged, refused or unanswered as
// the chip says; `--show` polls the settings and watches the output; `--dry-run` prints the exact bytes
// without opening anything.

import { Command, Option } from "commander";
import { DIALECT_NAMES, DIALECT_ROWS, type Dialect } from "../../dialects.js";
import { openGps, type Gps } from "../../gps.js";
import { probeDialect } from "../../methods/drivers/identify.js";
import { createDriver } from "../../methods/drivers/create.js";
import {
  applyConfig,
  checkOutput,
  CONSTELLATION_NAMES,
  createConfigurator,
  messageName,
  NMEA_MESSAGES,
  observeOutput,
  readSettings,
  runQuery,
  UBX_MESSAGES,
  VALSET_PROTOCOL_VERSION,
  type ConfigCommand,
  type ConfigContext,
  type ConfigRequest,
  type ConfigSetting,
  type ConfigStepResult,
  type DialectConfigurator,
  type ObservedOutput,
  type OutputCheck,
  type QueryReport,
  type ReceiverSettings,
} from "../../methods/drivers/configuration.js";
import { DEFAULT_ACK_TIMEOUT_MS } from "../../methods/drivers/send.js";
import type { Source } from "../../sources/source.js";
import type { Constellation } from "../../types.js";
import { formatDuration } from "../../output/format.js";
import { badArguments, CliError, sourceFailed } from "../errors.js";
import { asCliError, expectFirstData, onInterrupt, parsePositive, sourceFromArgument } from "../source-arg.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { MAX_TIMEOUT_S } from "../../long-timeout.js";

/** Epochs watched to judge the output (rate, messages) and for --show. */
const OBSERVED_CYCLES = 4;

export interface ConfigCommandOptions {
  rate?: string;
  baud?: string;
  constellations?: string;
  messages?: string;
  dynamicModel?: string;
  save?: boolean;
  factoryReset?: boolean;
  show?: boolean;
  dryRun?: boolean;
  dialect?: Dialect;
  ubxGeneration?: string;
  timeout?: string;
  json?: boolean;
  quiet?: boolean;
}

/** For tests and embedding: the source to use instead of the SOURCE string's. */
export interface ConfigHooks {
  source?: Source;
}

export interface ConfigJson {
  source: string;
  dialect: Dialect;
  /** u-blox: the generation configured (8: CFG-* messages, 9: CFG-VALSET). */
  ubxGeneration?: 8 | 9;
  receiver?: string;
  commands: ConfigStepResult[];
  output?: { observed: ObservedOutput; checks: OutputCheck[] };
  settings?: ReceiverSettings;
  queries?: QueryReport[];
  /** True when every command was acknowledged or verified and the output shows what was asked. */
  ok: boolean;
}

const list = (text: string): string[] =>
  text
    .split(",")
    .map((v) => v.trim())
    .filter((v) => v !== "");

/** The request the options describe; bad values are bad arguments (exit 2). */
export function parseRequest(options: ConfigCommandOptions): ConfigRequest {
  const request: ConfigRequest = {};
  if (options.rate !== undefined) request.rateHz = parsePositive("--rate", options.rate);
  if (options.baud !== undefined) {
    const baud = decimalNumber(options.baud);
    if (!Number.isInteger(baud) || baud < 300 || baud > 4_000_000)
      throw badArguments(`--baud ${options.baud}: expected a speed such as 115200${notDecimalNote(options.baud)}`);
    request.baudRate = baud;
  }
  if (options.constellations !== undefined) {
    const names = list(options.constellations.toLowerCase());
    if (names.length === 0) throw badArguments("--constellations: empty list");
    for (const name of names) {
      if (!(CONSTELLATION_NAMES as readonly string[]).includes(name))
        throw badArguments(`--constellations ${name}: unknown system (${CONSTELLATION_NAMES.join(", ")})`);
    }
    request.constellations = [...new Set(names)] as Constellation[];
  }
  if (options.messages !== undefined) {
    const names = list(options.messages);
    request.messages = [...new Set(names.map((name) => messageName(name) ?? unknownMessage(name)))];
  }
  if (options.dynamicModel !== undefined) request.dynamicModel = options.dynamicModel.trim().toLowerCase();
  if (options.save) request.save = true;
  if (options.factoryReset) request.factoryReset = true;
  return request;
}

function unknownMessage(name: string): never {
  throw badArguments(`--messages ${name}: unknown message (${[...NMEA_MESSAGES, ...UBX_MESSAGES].join(", ")})`);
}

const SETTING_OPTION: Record<ConfigSetting, string> = {
  rateHz: "--rate",
  baudRate: "--baud",
  constellations: "--constellations",
  messages: "--messages",
  dynamicModel: "--dynamic-model",
  save: "--save",
  factoryReset: "--factory-reset",
};

const dialectLabel = (dialect: Dialect): string => DIALECT_ROWS.find((r) => r.name === dialect)!.label;

/**
 * What the dialect cannot do of the request, as one line; undefined when it can do all of it. Names a message,
 * system or model the dialect does not switch.
 */
function refusal(configurator: DialectConfigurator, request: ConfigRequest, context: ConfigContext): string | undefined {
  const label = dialectLabel(configurator.dialect);
  for (const setting of Object.keys(request) as ConfigSetting[]) {
    const why = configurator.unsupported(setting, context);
    if (why !== undefined) return `${SETTING_OPTION[setting]}: ${why}`;
  }
  const messages = request.messages?.filter((m) => !configurator.messages.includes(m)) ?? [];
  if (messages.length > 0) return `--messages: ${label} cannot switch ${messages.join(", ")} (it switches ${configurator.messages.join(", ")})`;
  const systems = request.constellations?.filter((c) => !configurator.constellations.includes(c)) ?? [];
  if (systems.length > 0) return `--constellations: ${label} cannot switch ${systems.join(", ")} (it switches ${configurator.constellations.join(", ")})`;
  if (request.dynamicModel !== undefined && !configurator.dynamicModels.includes(request.dynamicModel)) {
    return `--dynamic-model ${request.dynamicModel}: ${label} has ${configurator.dynamicModels.join(", ")}`;
  }
  return undefined;
}

function plan(configurator: DialectConfigurator, request: ConfigRequest, context: ConfigContext): ConfigCommand[] {
  try {
    return configurator.plan(request, context);
  } catch (error) {
    if (error instanceof RangeError) throw badArguments(error.message);
    throw error;
  }
}

const hex = (bytes: Uint8Array): string => [...bytes].map((b) => b.toString(16).toUpperCase().padStart(2, "0")).join(" ");

/** The port gnsskit talks through, for u-blox generation 9 message keys: USB for a CDC-ACM device, UART1 else. */
export const ubxPortOf = (sourceName: string): "usb" | "uart1" => (/ttyACM|cu\.usbmodem|tty\.usbmodem/i.test(sourceName) ? "usb" : "uart1");

/** `--dry-run`: each command's bytes (hex, and the line for NMEA), the polls of --show too. Nothing is opened. */
function dryRun(sourceText: string, request: ConfigRequest, options: ConfigCommandOptions, generation: 8 | 9 | undefined): void {
  const dialect = options.dialect!;
  const configurator = createConfigurator(dialect);
  const context: ConfigContext = { ubxPort: ubxPortOf(sourceText), ...(generation === undefined ? {} : { ubxGeneration: generation }) };
  const why = refusal(configurator, request, context);
  if (why !== undefined) throw badArguments(why);
  const commands: { description: string; bytes: Uint8Array; acknowledged: boolean }[] = plan(configurator, request, context).map((c) => ({
    description: c.description,
    bytes: c.bytes,
    acknowledged: c.expectAck !== undefined,
  }));
  if (options.show) for (const q of configurator.queries(context)) commands.push({ description: q.description, bytes: q.bytes, acknowledged: true });
  const latin1 = new TextDecoder("latin1");
  if (options.json) {
    const json = commands.map((c) => ({
      description: c.description,
      hex: hex(c.bytes),
      ...(c.bytes[0] === 0x24 ? { text: latin1.decode(c.bytes).replace(/\r\n$/, "") } : {}),
    }));
    process.stdout.write(
      `${JSON.stringify({ source: sourceText, dialect, ...(generation === undefined ? {} : { ubxGeneration: generation }), dryRun: true, commands: json })}\n`,
    );
    return;
  }
  const what = dialect === "ublox" ? `${dialectLabel(dialect)} generation ${generation}` : dialectLabel(dialect);
  const out = [`dry run: ${what}, ${commands.length === 1 ? "1 command" : `${commands.length} commands`} for ${sourceText}, which is not opened`];
  commands.forEach((c, i) => {
    out.push(`${i + 1}. ${c.description}`);
    // NMEA commands as the line sent (CR LF not shown), every command as its bytes.
    if (c.bytes[0] === 0x24) out.push(`   ${latin1.decode(c.bytes).replace(/\r\n$/, "")}`);
    out.push(`   ${hex(c.bytes)}`);
  });
  process.stdout.write(`${out.join("\n")}\n`);
}

const STATUS_WORD: Record<ConfigStepResult["status"], string> = {
  acknowledged: "ok",
  verified: "ok",
  sent: "sent",
  refused: "REFUSED",
  unanswered: "NO ANSWER",
  lost: "LOST",
};

function stepLine(step: ConfigStepResult): string {
  return `${STATUS_WORD[step.status].padEnd(9)} ${step.description}: ${step.detail}`;
}

/** `5 Hz (every 200 ms)`, `0.2 Hz (every 5000 ms)` */
const rateText = (ms: number): string => `${Math.round((1000 / ms) * 1000) / 1000} Hz (every ${ms} ms)`;

/** The settings as lines for --show. */
export function settingsLines(
  settings: ReceiverSettings,
  configurator: DialectConfigurator,
  observed: ObservedOutput | undefined,
  link: { baudRate?: number | undefined },
): string[] {
  const out: [string, string][] = [];
  if (settings.receiver !== undefined) out.push(["receiver", settings.receiver]);
  out.push([
    "rate",
    settings.measurementMs === undefined ? "not readable in this dialect" : `${rateText(settings.measurementMs * (settings.solutionsPerMeasurement ?? 1))}`,
  ]);
  const speed = settings.baudRate ?? link.baudRate;
  out.push([
    "speed",
    speed === undefined
      ? "unknown (the link has no speed)"
      : `${speed} baud${settings.baudRate === undefined ? " (the speed gnsskit talks at; not readable in this dialect)" : ""}`,
  ]);
  const systems = settings.constellations ?? {};
  const on = Object.entries(systems)
    .filter(([, v]) => v)
    .map(([c]) => c);
  const off = Object.entries(systems)
    .filter(([, v]) => !v)
    .map(([c]) => c);
  const systemsText = [on.length > 0 ? `${on.join(" ")} on` : "", off.length > 0 ? `${off.join(" ")} off` : ""].filter((p) => p !== "").join("; ");
  out.push(["systems", systemsText === "" ? "not readable" : systemsText]);
  const messages = settings.messages ?? {};
  const known = configurator.messages.filter((m) => messages[m] !== undefined);
  if (known.length === 0) out.push(["messages", "not readable"]);
  else {
    const every = known.filter((m) => messages[m] === 1);
    const sometimes = known.filter((m) => (messages[m] ?? 0) > 1).map((m) => `${m} every ${messages[m]}`);
    const silent = known.filter((m) => messages[m] === 0);
    out.push([
      "messages",
      [every.length > 0 ? `${every.join(" ")} every solution` : "", sometimes.join(", "), silent.length > 0 ? `off: ${silent.join(" ")}` : ""]
        .filter((p) => p !== "")
        .join("; "),
    ]);
  }
  if (configurator.dynamicModels.length > 0) out.push(["dynamic model", settings.dynamicModel ?? "not readable in this dialect"]);
  if (observed !== undefined) out.push(["output", observedText(observed)]);
  const width = Math.max(...out.map(([k]) => k.length));
  return out.map(([k, v]) => `${k.padEnd(width)}  ${v}`);
}

function observedText(observed: ObservedOutput): string {
  const period = observed.periodMs === undefined ? "fewer than two epochs" : `epochs every ${formatDuration(observed.periodMs)}`;
  const talkers = observed.gsvTalkers.length > 0 ? `; satellites from ${observed.gsvTalkers.join(" ")}` : "";
  return `${period}; ${observed.messages.length > 0 ? observed.messages.join(" ") : "no message seen"}${talkers}`;
}

/** Which u-blox generation: given, or from MON-VER's PROTVER. */
async function ubxGenerationOf(
  gps: Gps,
  configurator: DialectConfigurator,
  given: 8 | 9 | undefined,
  name: string,
  timeoutMs: number,
): Promise<{ generation: 8 | 9; receiver?: string }> {
  if (given !== undefined) return { generation: given };
  const outcome = await runQuery(gps, configurator.ping({})!, timeoutMs);
  if (outcome.status !== "answered" || outcome.settings.protocolVersion === undefined) {
    throw sourceFailed(`${name}: no UBX MON-VER answer: cannot tell the u-blox generation (give --ubx-generation 8 or 9)`);
  }
  return {
    generation: outcome.settings.protocolVersion >= VALSET_PROTOCOL_VERSION ? 9 : 8,
    ...(outcome.settings.receiver === undefined ? {} : { receiver: outcome.settings.receiver }),
  };
}

export async function config(sourceText: string, options: ConfigCommandOptions, hooks: ConfigHooks = {}): Promise<void> {
  const request = parseRequest(options);
  const generation = options.ubxGeneration === undefined ? undefined : options.ubxGeneration === "8" ? 8 : options.ubxGeneration === "9" ? 9 : undefined;
  if (options.ubxGeneration !== undefined && generation === undefined)
    throw badArguments(`--ubx-generation ${options.ubxGeneration}: expected 8 (CFG-* messages, M8 and older) or 9 (CFG-VALSET, generation 9 and newer)`);
  if (generation !== undefined && options.dialect !== undefined && options.dialect !== "ublox") throw badArguments("--ubx-generation is for --dialect ublox");
  if (Object.keys(request).length === 0 && !options.show) {
    throw badArguments("nothing to do: give a setting (--rate, --baud, --constellations, --messages, --dynamic-model, --save, --factory-reset) or --show");
  }
  const ackTimeoutMs = options.timeout === undefined ? DEFAULT_ACK_TIMEOUT_MS : parsePositive("--timeout", options.timeout, { max: MAX_TIMEOUT_S }) * 1000;
  if (options.dryRun) {
    if (options.dialect === undefined) throw badArguments("--dry-run needs --dialect (nothing is opened to ask the receiver)");
    if (options.dialect === "ublox" && generation === undefined) throw badArguments("--dry-run with --dialect ublox needs --ubx-generation 8 or 9");
    dryRun(sourceText, request, options, generation);
    return;
  }

  const source = hooks.source ?? (await sourceFromArgument(sourceText));
  if (source.write === undefined || !source.live) {
    throw badArguments(
      `${source.name}: config needs a live receiver that takes commands (a serial port, tcp://, bt://, sim:), not a log or a receive-only stream`,
    );
  }
  const note = (text: string): void => {
    if (!options.quiet) console.error(`gnsskit: ${source.name}: ${text}`);
  };
  const gps = openGps({ source });
  gps.on("link", ({ link }) => {
    if (link.type === "baud-detected") note(`${link.baudRate} baud`);
  });
  let failure: unknown;
  const running = gps.run().catch((error: unknown) => {
    failure = error;
  });
  const uninstall = onInterrupt(() => void gps.close());
  let report: ConfigJson | undefined;
  let configurator: DialectConfigurator | undefined;
  try {
    await expectFirstData(gps, source.name, async () => {
      await running;
      return failure;
    });
    // Identify even when told: a receiver that does not speak the dialect asked for gets one clear line.
    const probe = await probeDialect(gps, { timeoutMs: ackTimeoutMs });
    if (probe.dialect === "unknown") {
      throw sourceFailed(
        `${source.name}: the receiver did not answer PMTK, PUBX/UBX, PSRF or PAIR queries${options.dialect === undefined ? "" : `: it does not speak ${options.dialect}`}`,
      );
    }
    if (options.dialect !== undefined && probe.dialect !== options.dialect) {
      throw sourceFailed(
        `${source.name}: the receiver speaks ${dialectLabel(probe.dialect)} (${probe.evidence.join("; ")}), not ${dialectLabel(options.dialect)} (--dialect ${options.dialect})`,
      );
    }
    const dialect = probe.dialect;
    if (options.dialect === undefined) note(`dialect ${dialect} (${probe.evidence.join("; ")})`);
    configurator = createConfigurator(dialect);
    const context: ConfigContext = { ubxPort: ubxPortOf(source.name) };
    let receiver: string | undefined;
    if (dialect === "ublox") {
      const found = await ubxGenerationOf(gps, configurator, generation, source.name, ackTimeoutMs);
      context.ubxGeneration = found.generation;
      receiver = found.receiver;
      note(
        `u-blox generation ${found.generation}: ${found.generation === 9 ? "CFG-VALSET/VALGET" : "CFG-PRT/RATE/MSG/GNSS/NAV5"}${receiver === undefined ? "" : `, ${receiver}`}`,
      );
    } else if (generation !== undefined) throw badArguments(`--ubx-generation: the receiver speaks ${dialect}, not u-blox UBX`);
    const why = refusal(configurator, request, context);
    if (why !== undefined) throw (options.dialect === undefined ? sourceFailed : badArguments)(`${source.name}: ${why}: nothing was sent`);

    const changing = Object.keys(request).length > 0;
    const json: ConfigJson = {
      source: source.name,
      dialect,
      ...(context.ubxGeneration === undefined ? {} : { ubxGeneration: context.ubxGeneration }),
      commands: [],
      ok: true,
    };
    if (receiver !== undefined) json.receiver = receiver;
    report = json;
    if (changing) {
      // What the receiver runs now: what a change keeps (u-blox port protocols) and what it applies to (SiRF's rate).
      const before = await readSettings(gps, configurator, context, ackTimeoutMs);
      context.current = before.settings;
      if (dialect === "sirf" && request.rateHz !== undefined && request.messages === undefined) {
        context.observedMessages = (await observeOutput(gps, { cycles: 2, timeoutMs: 4000 })).messages;
      }
      const commands = plan(configurator, request, context);
      const driver = createDriver(dialect);
      json.commands = await applyConfig(gps, configurator, commands, context, {
        ackTimeoutMs,
        ...(source.setBaudRate === undefined ? {} : { setHostBaud: (rate: number) => source.setBaudRate!(rate) }),
        ...(source.baudRate === undefined ? {} : { hostBaud: source.baudRate }),
        isStartupMessage: (reply) => driver.isStartupMessage(reply),
        onStep: (step) => {
          if (!options.json) process.stdout.write(`${stepLine(step)}\n`);
        },
      });
      if (json.commands.some((s) => s.status === "refused" || s.status === "unanswered" || s.status === "lost")) json.ok = false;
    }
    const linkLost = json.commands.some((s) => s.status === "lost");
    if (!linkLost && (request.rateHz !== undefined || request.messages !== undefined || options.show)) {
      // The output says what took: the only confirmation where the dialect acknowledges nothing (PSRF).
      const periodMs = Math.max(1000, 1000 / (request.rateHz ?? 1));
      const observed = await observeOutput(gps, { cycles: OBSERVED_CYCLES, timeoutMs: OBSERVED_CYCLES * periodMs + 3000 });
      const checks = checkOutput(request, observed, configurator);
      json.output = { observed, checks };
      if (checks.some((c) => !c.ok)) json.ok = false;
      if (!options.json) {
        for (const check of checks)
          process.stdout.write(`${(check.ok ? "ok" : "NOT SEEN").padEnd(9)} output ${check.setting === "rateHz" ? "rate" : "messages"}: ${check.detail}\n`);
      }
    }
    if (options.show && !linkLost) {
      const after = await readSettings(gps, configurator, context, ackTimeoutMs);
      json.settings = after.settings;
      json.queries = after.reports;
      if (!options.json) {
        if (changing) process.stdout.write("\n");
        const lines = settingsLines({ ...(receiver === undefined ? {} : { receiver }), ...after.settings }, configurator, json.output?.observed, {
          baudRate: source.baudRate,
        });
        for (const q of after.reports.filter((r) => r.outcome !== "answered"))
          lines.push(`(${q.description}: ${q.outcome === "refused" ? `refused: ${q.message}` : "no answer"})`);
        process.stdout.write(`${lines.join("\n")}\n`);
      }
    }
    if (options.json) process.stdout.write(`${JSON.stringify(json)}\n`);
  } catch (error) {
    if (error instanceof CliError) throw error;
    throw asCliError(failure ?? error);
  } finally {
    uninstall();
    await gps.close();
    await running;
  }
  if (failure !== undefined && report === undefined) throw asCliError(failure);
  if (report !== undefined && !report.ok) {
    const bad =
      report.commands.filter((s) => s.status === "refused" || s.status === "unanswered" || s.status === "lost").length +
      (report.output?.checks.filter((c) => !c.ok).length ?? 0);
    throw sourceFailed(`${source.name}: ${bad === 1 ? "1 setting was" : `${bad} settings were`} not taken (see above)`);
  }
}

export function register(program: Command): void {
  program
    .command("config")
    .description("configure a receiver in its own dialect (u-blox UBX, MediaTek PMTK, Quectel PAIR, SiRF PSRF): each command acknowledged or reported refused")
    .argument("<SOURCE>", "a receiver that takes commands: /dev/ttyUSB0, COM3, tcp://HOST:PORT, bt://MAC, sim:?chip=ublox")
    .option("--rate <HZ>", "navigation and output rate (SiRF: 1/N Hz)")
    .option("--baud <N>", "the receiver's serial speed: both ends switch, and the receiver must answer at the new speed")
    .option("--constellations <LIST>", `exactly these systems on, the others off (${CONSTELLATION_NAMES.join(", ")})`)
    .option(
      "--messages <LIST>",
      "exactly these messages every solution, the others the dialect switches off (GGA,RMC,GSA,GSV,GLL,VTG,ZDA; u-blox also UBX-NAV-PVT, UBX-NAV-SAT, …)",
    )
    .option(
      "--dynamic-model <NAME>",
      "navigation model where the dialect has one: u-blox portable, stationary, pedestrian, automotive, sea, airborne-1g, airborne-2g, airborne-4g, wrist, bike; " +
        "PMTK normal, fitness, aviation, balloon; PAIR normal, fitness, aviation, balloon, stationary, drone (pedestrian picks fitness, automotive normal)",
    )
    .option("--save", "store the configuration where it survives a power cycle (u-blox BBR and flash, PAIR513)")
    .option(
      "--factory-reset",
      "restore the factory configuration first (u-blox CFG-CFG, PMTK104, PAIR007, PSRF104); the speed may come back to the factory's, where gnsskit looks for the receiver",
    )
    .option("--show", "poll and print the settings the receiver runs, and what it sends")
    .option("--dry-run", "print the exact bytes (hex, and the line for NMEA) without opening SOURCE; needs --dialect")
    .addOption(new Option("--dialect <name>", "the receiver's command dialect (checked against what it answers)").choices(DIALECT_NAMES))
    .addOption(
      new Option(
        "--ubx-generation <N>",
        "u-blox: 8 (CFG-* messages, M8 and older) or 9 (CFG-VALSET, generation 9 and newer); default from MON-VER's PROTVER",
      ).choices(["8", "9"]),
    )
    .option("--timeout <S>", `wait this long for each answer (default ${DEFAULT_ACK_TIMEOUT_MS / 1000} s)`)
    .option("--json", "one JSON object: { source, dialect, commands: [{ description, setting, status, detail }], output?, settings?, ok }")
    .option("-q, --quiet", "no progress on stderr")
    .addHelpText(
      "after",
      "\nEach command is reported as the receiver answered it: ok (ACK-ACK, PMTK001 flag 3, PAIR001 result 0, or\n" +
        "checked: an answer at the new speed, a startup message), REFUSED (ACK-NAK, PMTK001 flag 0-2, PAIR001\n" +
        "result 2-4), NO ANSWER, or sent (the dialect acknowledges nothing: PSRF, PMTK251, CFG-RST); a new rate and\n" +
        "messages are then checked in what the receiver sends. Exit 1 when something was not taken.\n" +
        "The simulator takes configuration as the chips do: gnsskit simulate --tcp 0, then config, monitor, ttff\n" +
        "on tcp://127.0.0.1:PORT see the change; sim:?chip=ublox&model=f9 is a generation-9 u-blox.",
    )
    .action((sourceText: string, options: ConfigCommandOptions) => config(sourceText, options));
}
