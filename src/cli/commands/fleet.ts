// `gnsskit fleet stats mqtt://host/PREFIX/+`: per device, its availability (epochs with a fix), TTFF and fix
// losses, from the retained state every publisher keeps on the broker; with --duration S, over a window of S
// seconds (the counters' growth and the fix-lost events in it) instead of since each publisher started.

import { Command } from "commander";
import { describeDeviceFix } from "../../fleet/device-state.js";
import type { DeviceState, FleetEvent } from "../../fleet/wire.js";
import { formatCount } from "../../output/format.js";
import { isFleetSpec, parseSourceSpec, SourceSpecError } from "../../sources/spec.js";
import { badArguments } from "../errors.js";
import { openFleetArgument, openFleetWindow } from "../fleet/reading.js";
import { asCliError, parsePositive } from "../source-arg.js";

interface StatsOptions {
  duration?: string;
  json?: boolean;
}

export interface DeviceStats {
  device: string;
  online?: boolean;
  fix: string;
  /** Epochs with a fix / epochs, 0..1; undefined without epochs. */
  availability?: number;
  epochs: number;
  ttffMs?: number;
  ttffNote?: string;
  fixLosses: number;
  lastSeenMs?: number;
  method: string;
}

export interface FleetStats {
  fleet: string;
  /** The window (s), or undefined: since each publisher started. */
  windowS?: number;
  devices: DeviceStats[];
  ttff: { devices: number; minMs?: number; medianMs?: number; p90Ms?: number; maxMs?: number; notMeasured: number };
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1))];
}

/**
 * The statistics from the states at the start of the window (`first`), at its end (`last`) and the window's
 * events; without a window, `first` is empty and the counters count since each publisher started.
 */
export function fleetStats(
  fleet: string,
  last: ReadonlyMap<string, { state: DeviceState | undefined; online: boolean | undefined }>,
  first: ReadonlyMap<string, DeviceState>,
  events: readonly FleetEvent[],
  windowS: number | undefined,
): FleetStats {
  const devices: DeviceStats[] = [];
  for (const [device, { state, online }] of [...last].sort(([a], [b]) => a.localeCompare(b))) {
    const before = windowS === undefined ? undefined : first.get(device);
    // a publisher that restarted in the window counts from zero again
    const fresh = before === undefined || state === undefined || before.startedAtMs !== state.startedAtMs;
    const epochs = (state?.epochs ?? 0) - (fresh ? 0 : before.epochs);
    const fixEpochs = (state?.fixEpochs ?? 0) - (fresh ? 0 : before.fixEpochs);
    const losses = windowS === undefined ? (state?.fixLosses ?? 0) : events.filter((e) => e.device === device && e.type === "fix-lost").length;
    devices.push({
      device,
      ...(online === undefined ? {} : { online }),
      fix: state === undefined ? "no state yet" : describeDeviceFix(state.fix),
      ...(epochs > 0 ? { availability: fixEpochs / epochs } : {}),
      epochs,
      ...(state?.ttffMs === undefined ? {} : { ttffMs: state.ttffMs }),
      ...(state?.ttffNote === undefined ? {} : { ttffNote: state.ttffNote }),
      fixLosses: losses,
      ...(state?.lastSeenMs === undefined ? {} : { lastSeenMs: state.lastSeenMs }),
      method: state?.method ?? "",
    });
  }
  const ttffs = devices.flatMap((d) => (d.ttffMs === undefined ? [] : [d.ttffMs])).sort((a, b) => a - b);
  const opt = (key: string, value: number | undefined): Record<string, number> => (value === undefined ? {} : { [key]: value });
  return {
    fleet,
    ...(windowS === undefined ? {} : { windowS }),
    devices,
    ttff: {
      devices: ttffs.length,
      ...opt("minMs", ttffs[0]),
      ...opt("medianMs", percentile(ttffs, 0.5)),
      ...opt("p90Ms", percentile(ttffs, 0.9)),
      ...opt("maxMs", ttffs.at(-1)),
      notMeasured: devices.length - ttffs.length,
    },
  };
}

const seconds = (ms: number | undefined): string => (ms === undefined ? "-" : `${(ms / 1000).toFixed(1)} s`);

function ago(ms: number | undefined, nowMs: number): string {
  if (ms === undefined) return "-";
  const s = Math.max(0, (nowMs - ms) / 1000);
  return s < 120 ? `${s.toFixed(0)} s ago` : s < 7200 ? `${(s / 60).toFixed(0)} min ago` : `${(s / 3600).toFixed(1)} h ago`;
}

export function formatFleetStats(stats: FleetStats, nowMs: number): string {
  if (stats.devices.length === 0) return `${stats.fleet}: no device has published there (gnsskit publish … --prefix)\n`;
  const online = stats.devices.filter((d) => d.online === true).length;
  const offline = stats.devices.filter((d) => d.online === false).length;
  const lines = [
    `${stats.fleet}: ${formatCount(stats.devices.length, "device")} (${online} online, ${offline} offline); ` +
      (stats.windowS === undefined ? "counts since each publisher started" : `availability and fix losses over the last ${stats.windowS} s`),
  ];
  const width = Math.max(6, ...stats.devices.map((d) => d.device.length));
  const row = (cells: string[]): string =>
    [
      cells[0]!.padEnd(width),
      cells[1]!.padEnd(7),
      cells[2]!.padEnd(16),
      cells[3]!.padStart(6),
      cells[4]!.padStart(8),
      cells[5]!.padStart(6),
      cells[6]!.padStart(10),
      ` ${cells[7]}`,
    ]
      .join("  ")
      .trimEnd();
  lines.push(row(["DEVICE", "STATUS", "FIX", "AVAIL", "TTFF", "LOSSES", "LAST SEEN", "METHOD"]));
  for (const d of stats.devices) {
    lines.push(
      row([
        d.device,
        d.online === undefined ? "?" : d.online ? "online" : "offline",
        d.fix,
        d.availability === undefined ? "-" : `${(d.availability * 100).toFixed(1)}%`,
        d.ttffMs !== undefined ? seconds(d.ttffMs) : d.ttffNote !== undefined ? "n/m" : "-",
        String(d.fixLosses),
        ago(d.lastSeenMs, nowMs),
        d.method,
      ]),
    );
  }
  const { ttff } = stats;
  lines.push(
    ttff.devices === 0
      ? `TTFF: no device has one measured (${ttff.notMeasured} without)`
      : `TTFF over ${formatCount(ttff.devices, "device")}: min ${seconds(ttff.minMs)}, median ${seconds(ttff.medianMs)}, p90 ${seconds(ttff.p90Ms)}, max ${seconds(ttff.maxMs)}` +
          (ttff.notMeasured > 0 ? `; ${ttff.notMeasured} without (n/m: not measurable, - : no fix yet)` : ""),
  );
  return `${lines.join("\n")}\n`;
}

export async function stats(sourceText: string, options: StatsOptions): Promise<void> {
  let spec;
  try {
    spec = parseSourceSpec(sourceText);
  } catch (error) {
    throw badArguments(error instanceof SourceSpecError ? error.message : String(error));
  }
  if (!isFleetSpec(spec)) throw badArguments(`fleet stats: expected mqtt://HOST[:PORT]/PREFIX/+ (got ${sourceText})`);
  const windowS = options.duration === undefined ? undefined : parsePositive("--duration", options.duration);
  const events: FleetEvent[] = [];
  const fleet = await openFleetArgument(spec, { streams: false, events: windowS !== undefined, onEvent: (event) => events.push(event) });
  try {
    await fleet.synced;
    const first = new Map<string, DeviceState>();
    for (const [name, device] of fleet.devices) if (device.state !== undefined) first.set(name, device.state);
    // without a window: the retained states only (the broker refusing us later is no concern of theirs)
    const failure = windowS === undefined ? undefined : await openFleetWindow(fleet, windowS).ended;
    if (failure !== undefined) throw asCliError(failure);
    const result = fleetStats(fleet.name, fleet.devices, first, events, windowS);
    process.stdout.write(options.json === true ? `${JSON.stringify(result, null, 2)}\n` : formatFleetStats(result, Date.now()));
  } finally {
    await fleet.close();
  }
}

export function register(program: Command): void {
  const fleet = program.command("fleet").description("what a fleet of receivers published to an MQTT broker (gnsskit publish)");
  fleet
    .command("stats")
    .description("per device: status, fix, availability (epochs with a fix), TTFF, fix losses, last seen; and the fleet's TTFF distribution")
    .argument("<SOURCE>", "mqtt://HOST[:PORT]/PREFIX/+ (the devices gnsskit publish --prefix PREFIX put there)")
    .option("--duration <S>", "watch S seconds: availability and fix losses over that window (default: since each publisher started, from the retained state)")
    .option("--json", "print the statistics as JSON")
    .action((sourceText: string, options: StatsOptions) => stats(sourceText, options));
}
