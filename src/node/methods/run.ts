// Node wiring of the positioner for the CLI and Node apps: SOURCE strings, the host's Wi-Fi/cell scan, the
// provider chosen by URL or CSV path, the almanac sky, and the last fix persisted between runs.

import type { Gps } from "../../gps.js";
import type { Source } from "../../sources/source.js";
import type { Dialect } from "../../methods/drivers/index.js";
import { createPositioner, type Positioner } from "../../methods/positioner.js";
import { createReceiverMethods, type AidingOptions, type ReceiverMethods } from "../../methods/receiver.js";
import { createNetworkMethod } from "../../methods/network/method.js";
import { createIchnaeaProvider } from "../../methods/network/ichnaea.js";
import { createGoogleProvider } from "../../methods/network/google.js";
import { nodeFetch } from "../http-fetch.js";
import { createCellDatabaseProvider } from "../../methods/network/cell-database.js";
import type { NetworkProvider, Observations } from "../../methods/network/types.js";
import { METHOD_NAMES, type Location, type MethodName, type MethodSummary, type PositionerEvent, type PositioningMethod } from "../../methods/types.js";
import type { Sky } from "../../orbits/index.js";
import { loadBundledSky } from "../almanacs.js";
import { openSource, type OpenSourceOptions } from "../open-source.js";
import { loadCellCsvFile } from "./cell-csv-file.js";
import { readHostObservations, type CommandRunner } from "./host-observations.js";
import { defaultStateFile, loadLastFix, saveLastFix } from "./state-file.js";

/**
 * Whether a source is a receiver where the user is, now: live and on the host's clock. A simulator and a
 * paced replay run on clocks of their own (simulated time, the log's time); a log read whole is not live.
 */
export function isHereAndNow(source: Source | undefined): boolean {
  return source !== undefined && source.live && source.clock === undefined;
}

/** `integrated,assisted,network` → names in priority order; throws TypeError with a readable message. */
export function parseMethodList(text: string): MethodName[] {
  const names = text
    .split(",")
    .map((s) => s.trim().toLowerCase())
    .filter((s) => s !== "");
  if (names.length === 0) throw new TypeError(`--methods: empty list (choose from ${METHOD_NAMES.join(", ")})`);
  for (const name of names) {
    if (!(METHOD_NAMES as readonly string[]).includes(name))
      throw new TypeError(`--methods: unknown method "${name}" (choose from ${METHOD_NAMES.join(", ")})`);
  }
  if (new Set(names).size !== names.length) throw new TypeError(`--methods: a method is listed twice in "${text}"`);
  return names as MethodName[];
}

export interface ProviderChoice {
  /** A geolocate URL (http/https) or an OpenCelliD-format CSV path; default BeaconDB. */
  provider?: string;
  /** `google` for a Google-compatible service (key required); default `ichnaea` */
  api?: "ichnaea" | "google";
  apiKey?: string;
  timeoutMs?: number;
  userAgent?: string;
  /** Cells the CSV is filtered for (saves memory on full exports). */
  cellsForCsv?: Observations["cells"];
}

/** Builds the provider; a CSV path is loaded here (throws when the file cannot be opened). */
export async function createProvider(choice: ProviderChoice): Promise<{ provider: NetworkProvider; notes: string[] }> {
  const target = choice.provider;
  const common = {
    fetch: nodeFetch,
    ...(choice.timeoutMs === undefined ? {} : { timeoutMs: choice.timeoutMs }),
    ...(choice.userAgent === undefined ? {} : { userAgent: choice.userAgent }),
  };
  if (target !== undefined && !/^https?:\/\//i.test(target)) {
    const { database, problems, rows } = await loadCellCsvFile(target, choice.cellsForCsv === undefined ? {} : { only: choice.cellsForCsv });
    const notes = problems.map((p) => `${target}: ${p}`);
    if (rows === 0 && choice.cellsForCsv === undefined) notes.push(`${target}: no cell rows`);
    return { provider: createCellDatabaseProvider({ database, label: target }), notes };
  }
  const api = choice.api ?? (target !== undefined && /googleapis\.com/i.test(target) ? "google" : "ichnaea");
  if (api === "google") {
    if (choice.apiKey === undefined || choice.apiKey === "") throw new TypeError("the Google geolocation API needs a key (--key or GNSSKIT_GEOLOCATION_KEY)");
    return { provider: createGoogleProvider({ apiKey: choice.apiKey, ...(target === undefined ? {} : { url: target }), ...common }), notes: [] };
  }
  return {
    provider: createIchnaeaProvider({
      ...(target === undefined ? {} : { url: target }),
      ...(choice.apiKey === undefined ? {} : { apiKey: choice.apiKey }),
      ...common,
    }),
    notes: [],
  };
}

export interface RunWithMethodsOptions extends ProviderChoice {
  /** Enabled methods, in priority order. */
  methods: MethodName[];
  /** The receiver for integrated/assisted: a SOURCE string or a factory (a Source runs once). */
  source?: string | (() => Source);
  /** Or the pipeline a command already runs (decode, monitor): listened to, never opened or closed here. */
  gps?: Gps;
  openOptions?: OpenSourceOptions;
  /** The external receiver for the bluetooth method: bt://ADDRESS or ble://ADDRESS. */
  bluetooth?: string;
  /** Observations for the network method; default the host's (nmcli, mmcli). */
  observations?: () => Observations | Promise<Observations>;
  hostRunner?: CommandRunner;
  networkIntervalMs?: number;
  /** Receiver dialect for aiding; default the simulator's chip, else identified by probing. */
  dialect?: Dialect;
  aiding?: Omit<AidingOptions, "dialect" | "sky">;
  /** Almanac for the expected satellites (default the bundled almanacs). */
  sky?: Sky;
  /** Last-fix state file; false = none (default: the user's state directory). */
  stateFile?: string | false;
  /** Positioner clock; default the receiver source's clock (simulated time for sim:), else the wall clock. */
  clock?: () => number;
  switchHoldMs?: number;
  onEvent?: (event: PositionerEvent) => void;
}

export interface MethodsRun {
  positioner: Positioner;
  receiver?: ReceiverMethods;
  bluetooth?: ReceiverMethods;
  /** Notes from setting up (state file, provider CSV problems) */
  notes: string[];
  /** Stops every method, saves the last valid fix, returns the per-method summary. */
  stop(): Promise<MethodSummary[]>;
}

/**
 * Starts a positioner with the given methods. For `--methods` on monitor/decode/ttff: pass the command's
 * Gps as `gps` (or a SOURCE string to let the positioner run the receiver) and print `onEvent` events.
 */
export async function runWithMethods(options: RunWithMethodsOptions): Promise<MethodsRun> {
  const notes: string[] = [];
  const wants = new Set(options.methods);
  const methods: PositioningMethod[] = [];
  let currentSource: Source | undefined;
  const clock = options.clock ?? ((): number => options.gps?.source.clock?.() ?? currentSource?.clock?.() ?? Date.now());

  const stateFile = options.stateFile === false ? undefined : (options.stateFile ?? defaultStateFile());
  let lastKnown: Omit<Location, "ageMs"> | undefined;
  if (stateFile !== undefined) {
    const loaded = await loadLastFix(stateFile);
    if (loaded.problem !== undefined) notes.push(`last fix not used: ${loaded.problem}`);
    lastKnown = loaded.location;
  }

  let receiver: ReceiverMethods | undefined;
  if (wants.has("integrated") || wants.has("assisted")) {
    const sourceArg = options.source;
    let dialect = options.dialect;
    let factory: (() => Source) | undefined;
    if (options.gps === undefined) {
      if (sourceArg === undefined) throw new TypeError("integrated/assisted need a receiver SOURCE");
      factory = (): Source => {
        currentSource = typeof sourceArg === "string" ? openSource(sourceArg, options.openOptions) : sourceArg();
        return currentSource;
      };
    }
    const simChip = (s: Source | undefined): Dialect | undefined => {
      const chip = (s as { options?: { chip?: Dialect } } | undefined)?.options?.chip;
      return s?.name.startsWith("sim:") ? (chip ?? "mtk") : undefined;
    };
    if (dialect === undefined && options.gps !== undefined) dialect = simChip(options.gps.source);
    if (dialect === undefined && typeof sourceArg === "string" && sourceArg.startsWith("sim:")) {
      const chip = /[?&]chip=(\w+)/i.exec(sourceArg)?.[1]?.toLowerCase();
      dialect = (chip ?? "mtk") as Dialect;
    }
    let sky = options.sky;
    if (sky === undefined && wants.has("assisted")) {
      try {
        sky = loadBundledSky();
      } catch (error) {
        notes.push(`no expected satellites: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    receiver = createReceiverMethods({
      ...(factory === undefined ? {} : { source: factory }),
      ...(options.gps === undefined ? {} : { gps: options.gps }),
      aiding: { ...options.aiding, ...(dialect === undefined ? {} : { dialect }), ...(sky === undefined ? {} : { sky }) },
    });
    if (wants.has("integrated")) methods.push(receiver.unaided);
    if (wants.has("assisted")) methods.push(receiver.assisted);
  }

  let bluetooth: ReceiverMethods | undefined;
  let bluetoothSource: Source | undefined;
  if (wants.has("bluetooth")) {
    const address = options.bluetooth;
    if (address === undefined) throw new TypeError("the bluetooth method needs a bt://ADDRESS or ble://ADDRESS receiver");
    bluetooth = createReceiverMethods({
      source: () => (bluetoothSource = openSource(address, options.openOptions)),
      unaidedName: "bluetooth",
    });
    methods.push(bluetooth.unaided);
  }

  if (wants.has("network")) {
    const observations =
      options.observations ??
      (async (): Promise<Observations> => {
        const host = await readHostObservations(options.hostRunner === undefined ? {} : { runner: options.hostRunner });
        if (host.observations.wifi.length === 0 && host.observations.cells.length === 0)
          throw new Error(host.notes.join("; ") || "no Wi-Fi or cell observations");
        return host.observations;
      });
    const { provider, notes: providerNotes } = await createProvider(options);
    notes.push(...providerNotes);
    methods.push(
      createNetworkMethod({ provider, observations, ...(options.networkIntervalMs === undefined ? {} : { intervalMs: options.networkIntervalMs }) }),
    );
  }

  const byName = new Map(methods.map((m) => [m.name, m]));
  const ordered = options.methods.map((n) => byName.get(n)).filter((m): m is PositioningMethod => m !== undefined);
  const positioner = createPositioner({
    methods: ordered,
    clock,
    ...(lastKnown === undefined ? {} : { lastKnown }),
    ...(options.switchHoldMs === undefined ? {} : { switchHoldMs: options.switchHoldMs }),
  });
  const onEvent = options.onEvent;
  if (onEvent !== undefined) {
    for (const type of ["location", "method-changed", "method-state", "first-location", "cost", "expected-satellites", "aiding", "note"] as const) {
      positioner.on(type, onEvent);
    }
  }
  positioner.start();
  const run: MethodsRun = {
    positioner,
    notes,
    async stop() {
      const best = positioner.lastValid();
      await positioner.stop();
      // After the stop: a request cut short by it has reported what it cost.
      const summary = positioner.summary();
      const receiverOfBest = best?.method === "bluetooth" ? bluetoothSource : (options.gps?.source ?? currentSource);
      // Only satellite fixes are worth keeping: a network position is re-asked next time anyway. And only
      // a receiver's here and now is the user's: a simulator's fix or a replayed log's never is.
      if (stateFile !== undefined && best !== undefined && best.method !== "network" && isHereAndNow(receiverOfBest)) {
        const { ageMs: _ageMs, ...location } = best;
        const problem = await saveLastFix(location, stateFile);
        if (problem !== undefined) notes.push(problem);
      }
      return summary;
    },
  };
  if (receiver !== undefined) run.receiver = receiver;
  if (bluetooth !== undefined) run.bluetooth = bluetooth;
  return run;
}
