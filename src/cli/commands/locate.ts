// `gnsskit locate --method network`: a one-shot network position from Wi-Fi/cell observations, with its
// accuracy radius and the bytes it cost. Observations: --wifi FILE / --cell SPEC, else the host's (nmcli, mmcli).

import { Command, Option } from "commander";
import type { CellObservation, CellRadio, NetworkFix, NetworkResult, Observations, WifiObservation } from "../../methods/network/types.js";
import { formatConfidence, GNSSKIT_RADIUS_CONFIDENCE, UNKNOWN_CONFIDENCE_READ_AS } from "../../methods/network/accuracy.js";
import { normaliseMac } from "../../methods/network/observations.js";
import { createProvider } from "../../node/methods/run.js";
import { parseNmcliWifi } from "../../node/methods/host-output.js";
import { readHostObservations, type CommandRunner } from "../../node/methods/host-observations.js";
import { formatBytes, formatCount } from "../../output/format.js";
import { badArguments, sourceFailed } from "../errors.js";
import { decimalNumber, notDecimalNote } from "../../decimal.js";
import { optionFileErrorText, readOptionFile } from "../../node/option-file.js";
import { MAX_TIMEOUT_S } from "../../long-timeout.js";

export interface LocateCommandOptions {
  method: string;
  provider?: string;
  api?: "ichnaea" | "google";
  key?: string;
  wifi?: string;
  cell?: string[];
  considerIp?: boolean;
  timeout?: string;
  json?: boolean;
}

/** The fix (95 % radius and the provider's own figure, see NetworkFix) with what it cost. */
export interface LocateJson extends NetworkFix {
  method: "network";
  provider: string;
  /** HTTP body bytes (headers and TLS extra); 0 for an offline CSV */
  bytesSent: number;
  bytesReceived: number;
  durationMs: number;
  observations: { wifi: number; cells: number };
  notes: string[];
}

export interface LocateOutput {
  stdout: string;
  /** Notes for stderr */
  notes: string[];
  json?: LocateJson;
}

const RADIOS: Record<string, CellRadio> = { gsm: "gsm", umts: "wcdma", wcdma: "wcdma", lte: "lte", nr: "nr", "5g": "nr", cdma: "cdma" };
const CELL_FORMAT = "RADIO:MCC:MNC:LAC:CID, e.g. lte:208:20:36102:86302977 (LAC/CID decimal or 0x-hex)";

function parseInteger(text: string): number | undefined {
  const t = text.trim();
  if (/^0x[0-9a-f]+$/i.test(t)) return Number.parseInt(t.slice(2), 16);
  return /^\d+$/.test(t) ? Number(t) : undefined;
}

/** `lte:208:20:36102:86302977` → a cell; throws badArguments. */
export function parseCellSpec(spec: string): CellObservation {
  const parts = spec.split(":");
  const radio = RADIOS[parts[0]?.trim().toLowerCase() ?? ""];
  if (parts.length !== 5 || radio === undefined) throw badArguments(`--cell ${spec}: expected ${CELL_FORMAT}`);
  const [mcc, mnc, lac, cellId] = parts.slice(1).map(parseInteger);
  if (mcc === undefined || mnc === undefined || lac === undefined || cellId === undefined || mcc < 1 || mcc > 999 || mnc > 999) {
    throw badArguments(`--cell ${spec}: expected ${CELL_FORMAT}`);
  }
  return { radio, mcc, mnc, lac, cellId };
}

/** A Wi-Fi file: nmcli terse output (`nmcli -t -f BSSID,SIGNAL,FREQ,SSID dev wifi list`) or a JSON array of access points. */
export function parseWifiFile(path: string, text: string): { wifi: WifiObservation[]; notes: string[] } {
  const trimmed = text.trim();
  if (trimmed.startsWith("[") || trimmed.startsWith("{")) {
    let value: unknown;
    try {
      value = JSON.parse(trimmed);
    } catch {
      throw badArguments(`--wifi ${path}: not valid JSON`);
    }
    const list = Array.isArray(value) ? value : (value as { wifiAccessPoints?: unknown }).wifiAccessPoints;
    if (!Array.isArray(list)) throw badArguments(`--wifi ${path}: expected a JSON array of {macAddress, signalStrength?, frequency?, ssid?}`);
    const wifi: WifiObservation[] = [];
    const notes: string[] = [];
    list.forEach((item: unknown, i) => {
      const ap = item as { macAddress?: unknown; signalStrength?: unknown; frequency?: unknown; channel?: unknown; ssid?: unknown; age?: unknown };
      if (typeof ap?.macAddress !== "string" || normaliseMac(ap.macAddress) === undefined) {
        notes.push(`--wifi ${path}: entry ${i + 1} has no valid macAddress`);
        return;
      }
      const o: WifiObservation = { macAddress: ap.macAddress };
      if (typeof ap.signalStrength === "number") o.signalStrengthDbm = ap.signalStrength;
      if (typeof ap.frequency === "number") o.frequencyMhz = ap.frequency;
      if (typeof ap.channel === "number") o.channel = ap.channel;
      if (typeof ap.ssid === "string") o.ssid = ap.ssid;
      if (typeof ap.age === "number") o.ageMs = ap.age;
      wifi.push(o);
    });
    return { wifi, notes };
  }
  const parsed = parseNmcliWifi(text);
  if (parsed.items.length === 0 && parsed.problems.length > 0) throw badArguments(`--wifi ${path}: ${parsed.problems[0]}`);
  return { wifi: parsed.items, notes: parsed.problems.map((p) => `--wifi ${path}: ${p}`) };
}

export interface LocateDependencies {
  runner?: CommandRunner;
  env?: NodeJS.ProcessEnv;
}

/** Runs the one-shot lookup and returns what to print; throws CliError (exit 1 provider failure, 2 bad arguments). */
export async function locate(options: LocateCommandOptions, deps: LocateDependencies = {}): Promise<LocateOutput> {
  if (options.method !== "network") {
    throw badArguments(`--method ${options.method}: locate answers with the network method only (satellite methods: monitor/decode --methods)`);
  }
  let timeoutMs: number | undefined;
  if (options.timeout !== undefined) {
    const s = decimalNumber(options.timeout);
    // a timer fires a longer wait at once
    if (!Number.isFinite(s) || s <= 0 || s > MAX_TIMEOUT_S)
      throw badArguments(`--timeout ${options.timeout}: expected seconds > 0, up to ${MAX_TIMEOUT_S}${notDecimalNote(options.timeout)}`);
    timeoutMs = s * 1000;
  }
  const notes: string[] = [];
  const given = options.wifi !== undefined || (options.cell?.length ?? 0) > 0;
  const observations: Observations = { ...observationsFromOptions(options, notes), considerIp: options.considerIp ?? false };
  if (!given) {
    const host = await readHostObservations(deps.runner === undefined ? {} : { runner: deps.runner });
    observations.wifi = host.observations.wifi;
    observations.cells = host.observations.cells;
    notes.push(...host.notes);
    if (observations.wifi.length === 0 && observations.cells.length === 0 && !observations.considerIp) {
      throw sourceFailed(
        `no Wi-Fi or cell observations from this host (${host.notes.join("; ") || "nothing seen"}); give --wifi FILE or --cell ${CELL_FORMAT.split(",")[0]}`,
      );
    }
  }

  const env = deps.env ?? process.env;
  const apiKey = options.key ?? env.GNSSKIT_GEOLOCATION_KEY;
  let provider;
  try {
    ({ provider } = await createProvider({
      ...(options.provider === undefined ? {} : { provider: options.provider }),
      ...(options.api === undefined ? {} : { api: options.api }),
      ...(apiKey === undefined ? {} : { apiKey }),
      ...(timeoutMs === undefined ? {} : { timeoutMs }),
      cellsForCsv: observations.cells,
    }).then((r) => {
      notes.push(...r.notes);
      return r;
    }));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code !== undefined) throw badArguments(`--provider ${options.provider ?? ""}: cannot read the file (${optionFileErrorText(error)})`);
    throw badArguments(error instanceof Error ? error.message : String(error));
  }

  const result: NetworkResult = await provider.locate(observations);
  notes.push(...result.notes);
  const cost = `${formatBytes(result.bytesSent)} sent, ${formatBytes(result.bytesReceived)} received`;
  if (!result.ok) {
    const costNote = result.bytesSent + result.bytesReceived > 0 ? ` [${cost}]` : "";
    if (options.json) {
      const errorJson = { method: "network", provider: result.provider, error: result.error, bytesSent: result.bytesSent, bytesReceived: result.bytesReceived };
      process.stdout.write(`${JSON.stringify(errorJson)}\n`);
    }
    for (const note of notes) process.stderr.write(`gnsskit: note: ${note}\n`);
    throw sourceFailed(`${result.error.message}${costNote}`);
  }
  const json: LocateJson = {
    method: "network",
    provider: result.provider,
    ...result.fix,
    bytesSent: result.bytesSent,
    bytesReceived: result.bytesReceived,
    durationMs: Math.round(result.durationMs),
    observations: { wifi: observations.wifi.length, cells: observations.cells.length },
    notes,
  };
  if (options.json) return { stdout: `${JSON.stringify(json)}\n`, notes, json };
  const lines = [
    `${result.fix.latitudeDeg.toFixed(6)}, ${result.fix.longitudeDeg.toFixed(6)} ±${Math.round(result.fix.accuracyM)} m (${describeRadius(result.fix)})`,
    `provider: ${result.provider}`,
    `observations: ${observations.wifi.length} Wi-Fi, ${formatCount(observations.cells.length, "cell")}`,
    result.bytesSent + result.bytesReceived > 0 ? `cost: ${cost} (HTTP bodies; headers and TLS extra)` : `cost: ${formatBytes(0)} (offline database)`,
  ];
  return { stdout: `${lines.join("\n")}\n`, notes, json };
}

/**
 * What the printed radius is: `95 %, network` when the provider states 95 %; `95 %; provider said 150 m
 * at 68 %; network` after a conversion; never "95 %" for a radius of unknown confidence.
 */
export function describeRadius(fix: NetworkFix): string {
  const said = `provider said ${Math.round(fix.providerAccuracyM)} m`;
  const where = `network${fix.fallback === undefined ? "" : `, ${fix.fallback} fallback`}`;
  if (fix.providerConfidence === "unknown") return `${said}, ${formatConfidence("unknown")}, read as ${formatConfidence(UNKNOWN_CONFIDENCE_READ_AS)}; ${where}`;
  if (fix.providerConfidence === GNSSKIT_RADIUS_CONFIDENCE) return `${formatConfidence(GNSSKIT_RADIUS_CONFIDENCE)}, ${where}`;
  return `${formatConfidence(GNSSKIT_RADIUS_CONFIDENCE)}; ${said} at ${formatConfidence(fix.providerConfidence)}; ${where}`;
}

const collect = (value: string, previous: string[] = []): string[] => [...previous, value];

export function register(program: Command): void {
  program
    .command("locate")
    .description("a one-shot network position from Wi-Fi/cell observations, with its accuracy radius and the bytes it cost")
    .addOption(new Option("--method <METHOD>", "positioning method (network only)").default("network"))
    .option(
      "--provider <URL|FILE.csv>",
      "Ichnaea-compatible geolocate URL (default https://api.beacondb.net/v1/geolocate), a Google-compatible one, or an OpenCelliD-format CSV for offline cell lookups",
    )
    .addOption(new Option("--api <API>", "request format of a URL provider (default: google for googleapis.com, else ichnaea)").choices(["ichnaea", "google"]))
    .option("--key <KEY>", "API key (optional for Ichnaea/BeaconDB, required for Google); default $GNSSKIT_GEOLOCATION_KEY")
    .option(
      "--wifi <FILE>",
      "Wi-Fi access points: nmcli -t -f BSSID,SIGNAL,FREQ,SSID dev wifi list output, or a JSON array of {macAddress, signalStrength, frequency, ssid}",
    )
    .option("--cell <SPEC>", `a serving or neighbour cell, ${CELL_FORMAT}; repeatable`, collect)
    .option("--consider-ip", "let the service fall back to the IP address's location")
    .option("--timeout <S>", "for the whole exchange (connection, redirects, answer), seconds (default 10)")
    .option(
      "--json",
      "JSON: { method, provider, latitudeDeg, longitudeDeg, accuracyM (95 %), providerAccuracyM, providerConfidence, fallback?, bytesSent, bytesReceived, durationMs, observations, notes }",
    )
    .addHelpText(
      "after",
      "\nWithout --wifi and --cell the host is scanned with nmcli (Wi-Fi) and mmcli (cells). They are sent only to the provider given: a redirect to another server or from https to http is refused, an answer over 64 KiB too; the API key is never printed.\nThe radius printed is the 95 % one, converted from the confidence the provider documents (Ichnaea/BeaconDB: 95 %; Google: taken as 68 %, ×1.62; a radius of unknown confidence is read as 68 % and said so).\nExit codes: 0 located; 1 no observations or the provider failed (timeout, 4xx/5xx, quota, bad answer); 2 bad arguments.",
    )
    .action(async (options: LocateCommandOptions) => {
      const output = await locate(options);
      for (const note of output.notes) process.stderr.write(`gnsskit: note: ${note}\n`);
      process.stdout.write(output.stdout);
    });
}

/** Observations given on the command line (`--wifi FILE`, `--cell SPEC`…), for locate and for --methods. */
export function observationsFromOptions(options: { wifi?: string; cell?: string[] }, notes: string[]): Observations {
  const observations: Observations = { wifi: [], cells: [] };
  if (options.wifi !== undefined) {
    let text: string;
    try {
      text = readOptionFile(options.wifi).toString("utf8");
    } catch (error) {
      throw badArguments(`--wifi ${options.wifi}: cannot read the file (${optionFileErrorText(error)})`);
    }
    const parsed = parseWifiFile(options.wifi, text);
    observations.wifi = parsed.wifi;
    notes.push(...parsed.notes);
  }
  observations.cells = (options.cell ?? []).map(parseCellSpec);
  return observations;
}
