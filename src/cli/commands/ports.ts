// `gnsskit ports [--json] [--probe]`: serial ports with their USB ids, likely GNSS receivers first;
// with --probe, each likely port is opened to find its baud rate and dialect (identified as ttff does).

import { realpathSync } from "node:fs";
import { Command } from "commander";
import { DIALECT_NAMES } from "../../dialects.js";
import { listSerialPorts, probePort, type PortListing, type ProbeResult } from "../../node/sources/ports.js";
import { listBluetooth } from "../../node/bluetooth/list.js";
import { formatBluetoothListing } from "../../node/bluetooth/format.js";
import { formatCount, formatDuration } from "../../output/format.js";
import { badArguments, sourceFailed } from "../errors.js";
import { parseBaud, parsePositive } from "../source-arg.js";
import { MAX_TIMEOUT_S } from "../../long-timeout.js";

interface PortsCommandOptions {
  json?: boolean;
  probe?: boolean;
  all?: boolean;
  bluetooth?: boolean;
  baud: string;
  listen: string;
}

type ProbeReport = ProbeResult | { error: string };

interface PortRow extends PortListing {
  probe?: ProbeReport;
}

/** What `ports` says when it lists nothing, and where else a receiver may be. */
const NOTHING_FOUND =
  "gnsskit: no serial ports found (a USB receiver appears when plugged in); Bluetooth receivers: `gnsskit ports --bluetooth`; " +
  "a pseudo-terminal (socat, an emulator) is not listed: name it (`gnsskit ports --probe /dev/pts/N`) or give its path as SOURCE";

const LIKELIHOOD_LABEL = { gnss: "GNSS receiver", maybe: "maybe GNSS", other: "" } as const;

function formatTable(rows: readonly PortRow[], probed: boolean): string {
  const table = rows.map((row) => {
    const usbId = row.vendorId === undefined ? "" : `${row.vendorId}:${row.productId ?? "?"}`;
    const what = [LIKELIHOOD_LABEL[row.likelihood], row.knownAs ?? row.manufacturer].filter((s) => s !== undefined && s !== "").join(": ");
    const cells = [row.path, usbId, what];
    if (probed) cells.push(formatProbe(row));
    return cells;
  });
  const header = ["PATH", "USB ID", "DEVICE", ...(probed ? ["PROBE"] : [])];
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((r) => (r[i] ?? "").length)));
  return [header, ...table]
    .map((r) =>
      r
        .map((c, i) => (i + 1 < r.length ? c.padEnd(widths[i] ?? 0) : c))
        .join("  ")
        .trimEnd(),
    )
    .join("\n");
}

/** A pseudo-terminal passes bytes at any rate: the rate a probe found there says nothing of the receiver's. */
function isPseudoTerminal(path: string): boolean {
  try {
    return realpathSync(path).startsWith("/dev/pts/");
  } catch {
    return false;
  }
}

function formatProbe(row: PortRow): string {
  const { probe } = row;
  if (probe === undefined) return "";
  // the PATH column names the port already
  if ("error" in probe) return probe.error.startsWith(`${row.path}: `) ? probe.error.slice(row.path.length + 2) : probe.error;
  const baud = isPseudoTerminal(row.path) ? "a pseudo-terminal (any rate)" : probe.baudRate === undefined ? undefined : `${probe.baudRate} baud`;
  const dialect = probe.dialect === undefined ? "NMEA, dialect unknown" : `dialect ${probe.dialect}`;
  return [baud, dialect, `${formatCount(probe.sample.length, "sentence")} heard`].filter((part) => part !== undefined).join(", ");
}

/** What to run next, once the probes are done: a receiver found is watched with its rate; none, what to check. */
function nextSteps(rows: readonly PortRow[], baudRate: number | "auto"): string[] {
  const probed = rows.filter((row) => row.probe !== undefined);
  const found = probed.filter((row) => row.probe !== undefined && !("error" in row.probe));
  if (probed.length === 0) return [];
  if (found.length === 0) {
    const rate = baudRate === "auto" ? "every usual rate was tried" : `tried at ${baudRate} baud only: --baud auto tries every usual rate`;
    return [
      `gnsskit: no receiver heard on ${formatCount(probed.length, "port")} probed (${rate}); a receiver just powered on may need a few seconds: probe again`,
    ];
  }
  return found.map((row) => {
    const probe = row.probe as ProbeResult;
    const baud = probe.baudRate === undefined || isPseudoTerminal(row.path) ? "" : ` --baud ${probe.baudRate}`;
    return `gnsskit: ${row.path}: a receiver${probe.dialect === undefined ? "" : ` (${probe.dialect})`}: watch it with \`gnsskit monitor ${row.path}${baud}\``;
  });
}

async function bluetoothPorts(json: boolean): Promise<void> {
  const listing = await listBluetooth({ onNote: (note) => console.error(`gnsskit: ${note}`) }).catch((error: unknown) => {
    throw sourceFailed(error instanceof Error ? error.message : String(error));
  });
  if (json) process.stdout.write(`${JSON.stringify(listing.devices)}\n`);
  else console.log(formatBluetoothListing(listing));
}

/** `named`: the PORT arguments (none: the ports listed). */
export async function ports(options: PortsCommandOptions, named: readonly string[] = []): Promise<void> {
  if (options.bluetooth === true) {
    if (named.length > 0) throw badArguments(`${named[0]}: --bluetooth lists Bluetooth devices, not the ports named`);
    if (options.probe === true || options.all === true) throw badArguments("--probe and --all do not apply with --bluetooth");
    return bluetoothPorts(options.json === true);
  }
  const baudRate = parseBaud(options.baud);
  const listenMs = parsePositive("--listen", options.listen, { max: MAX_TIMEOUT_S }) * 1000;
  if (options.all === true && options.probe !== true) throw badArguments("--all only applies with --probe");
  if (options.all === true && named.length > 0) throw badArguments("--all probes every listed port: name the ports or give --all, not both");
  const notes: string[] = [];
  // ports named on the command line are shown (and probed) whatever their USB id: a pseudo-terminal is never listed
  const listed = await listSerialPorts({
    onNote: (note) => notes.push(note),
    ...(named.length > 0 ? { list: async () => named.map((path) => ({ path })) } : {}),
  });
  for (const note of notes) console.error(`gnsskit: ${note}`);
  const rows: PortRow[] = listed.map((port) => ({ ...port }));
  if (options.probe === true) {
    if (options.json !== true && options.all !== true && named.length === 0 && rows.length > 0 && rows.every((row) => row.likelihood === "other")) {
      console.error(`gnsskit: no port has a known GNSS USB id, none probed: \`gnsskit ports --probe --all\` probes every port`);
    }
    const probeSteps = `${baudRate === "auto" ? "hunting its baud rate" : `at ${baudRate} baud`}, listening ${formatDuration(listenMs)}, then asking for its dialect`;
    for (const row of rows) {
      if (row.likelihood === "other" && options.all !== true && named.length === 0) continue;
      if (options.json !== true) console.error(`gnsskit: probing ${row.path}: ${probeSteps}...`);
      row.probe = await probePort(row.path, { baudRate, listenMs }).catch((error: unknown) => ({
        error: error instanceof Error ? error.message : String(error),
      }));
    }
  }
  if (options.json === true) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    console.error(options.probe === true ? `${NOTHING_FOUND}; nothing probed` : NOTHING_FOUND);
    return;
  }
  console.log(formatTable(rows, options.probe === true));
  for (const line of nextSteps(rows, baudRate)) console.error(line);
}

export function register(program: Command): void {
  program
    .command("ports")
    .description("list serial ports (USB, built-in, Bluetooth rfcomm), flagging likely GNSS receivers by USB id")
    .option("--json", "print a JSON array: path, manufacturer, serialNumber, vendorId, productId, likelihood (gnss|maybe|other), knownAs, probe")
    .option(
      "--probe",
      `open each likely port ("gnss" or "maybe") to find its baud rate and command dialect (${DIALECT_NAMES.join(", ")}), as ttff does: listen, then ask queries only the receiver's own dialect answers (PMTK605, PUBX/UBX MON-VER, PAIR021, PSRF103)`,
    )
    .option("--all", "with --probe: probe every port, not only likely ones")
    .option(
      "--bluetooth",
      "list Bluetooth adapters and the devices BlueZ knows instead (Linux, over D-Bus), flagging SPP (bt://) and BLE UART (ble://) receivers; with --json: an array of address, name, rssiDbm, uuids, paired, profiles, source",
    )
    .option("--baud <N|auto>", "with --probe: the rate to use, or auto to hunt for it", "auto")
    .option("--listen <S>", "with --probe: seconds to listen after the rate is found", "3")
    .argument("[PORT...]", "show (and with --probe, probe) these ports instead of the listed ones: a pseudo-terminal (socat, an emulator) is never listed")
    .action((named: string[], options: PortsCommandOptions) => ports(options, named));
}
