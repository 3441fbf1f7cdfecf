// Serial port listing with a GNSS likelihood from USB ids, and a probe for baud rate and dialect (the same
// identification as `ttff`'s: methods/drivers/identify.ts).
// USB ids: gpsd's udev rules (60-gpsd.rules) and transports.md §1. Chips made only for GNSS are
// "gnss"; generic USB-serial bridges used in many receivers are "maybe", worth a probe.

import { readdir, readlink } from "node:fs/promises";
import { join, resolve as resolvePath, dirname } from "node:path";
import type { Dialect } from "../../dialects.js";
import { openGps } from "../../gps.js";
import { probeDialect } from "../../methods/drivers/identify.js";
import { formatBytes } from "../../output/format.js";
import { SourceError } from "../../sources/source.js";
import { createSerialSource, type SerialSourceOptions } from "./serial.js";

export type GnssLikelihood = "gnss" | "maybe" | "other";

/** What serialport's `list()` reports for a port (all but `path` may be missing). */
export interface PortInfo {
  path: string;
  manufacturer?: string | undefined;
  serialNumber?: string | undefined;
  pnpId?: string | undefined;
  locationId?: string | undefined;
  vendorId?: string | undefined;
  productId?: string | undefined;
}

export interface PortListing extends PortInfo {
  likelihood: GnssLikelihood;
  /** What the USB id says the device is, e.g. `u-blox 7`, `Prolific PL2303`. */
  knownAs?: string;
}

interface UsbIdRow {
  vendorId: string;
  /** `*`: any product of the vendor. */
  productId: string;
  likelihood: Exclude<GnssLikelihood, "other">;
  knownAs: string;
}

/** Specific rows first: the first match wins. */
export const GNSS_USB_IDS: readonly UsbIdRow[] = [
  { vendorId: "1546", productId: "01a5", likelihood: "gnss", knownAs: "u-blox 5" },
  { vendorId: "1546", productId: "01a6", likelihood: "gnss", knownAs: "u-blox 6" },
  { vendorId: "1546", productId: "01a7", likelihood: "gnss", knownAs: "u-blox 7" },
  { vendorId: "1546", productId: "01a8", likelihood: "gnss", knownAs: "u-blox 8" },
  { vendorId: "1546", productId: "01a9", likelihood: "gnss", knownAs: "u-blox 9" },
  { vendorId: "1546", productId: "*", likelihood: "gnss", knownAs: "u-blox" },
  { vendorId: "091e", productId: "0003", likelihood: "gnss", knownAs: "Garmin GPS" },
  { vendorId: "0e8d", productId: "3329", likelihood: "gnss", knownAs: "MediaTek GPS (Holux M-1200E)" },
  { vendorId: "1163", productId: "0100", likelihood: "gnss", knownAs: "DeLorme Earthmate (Cypress M8)" },
  { vendorId: "1163", productId: "0200", likelihood: "gnss", knownAs: "DeLorme Earthmate (Cypress M8)" },
  { vendorId: "067b", productId: "2303", likelihood: "maybe", knownAs: "Prolific PL2303 (USB-serial)" },
  { vendorId: "067b", productId: "aaa0", likelihood: "maybe", knownAs: "Prolific PL2303 (USB-serial)" },
  { vendorId: "10c4", productId: "ea60", likelihood: "maybe", knownAs: "Silicon Labs CP210x (USB-serial)" },
  { vendorId: "10c4", productId: "ea71", likelihood: "maybe", knownAs: "Silicon Labs CP210x (Holux M-241, Wintec)" },
  { vendorId: "0403", productId: "6001", likelihood: "maybe", knownAs: "FTDI FT232 (USB-serial)" },
  { vendorId: "1a86", productId: "7523", likelihood: "maybe", knownAs: "WCH CH340 (USB-serial)" },
  { vendorId: "0557", productId: "2008", likelihood: "maybe", knownAs: "ATEN UC-232A (USB-serial)" },
];

/** Classifies a port by its USB id; Bluetooth SPP ports (rfcomm) are "maybe". */
export function classifyPort(info: PortInfo): PortListing {
  const vendorId = info.vendorId?.toLowerCase().replace(/^0x/, "");
  const productId = info.productId?.toLowerCase().replace(/^0x/, "");
  const row = GNSS_USB_IDS.find((r) => r.vendorId === vendorId && (r.productId === "*" || r.productId === productId));
  if (row !== undefined) return { ...info, likelihood: row.likelihood, knownAs: row.knownAs };
  if (/rfcomm/i.test(info.path)) return { ...info, likelihood: "maybe", knownAs: "Bluetooth serial (RFCOMM)" };
  return { ...info, likelihood: "other" };
}

export interface ListSerialPortsOptions {
  /** The port lister (tests pass SerialPortMock.binding.list). Default: serialport's SerialPort.list. */
  list?: () => Promise<PortInfo[]>;
  /** One-line notes, e.g. that udevadm is missing and a fallback listing was used. */
  onNote?: (message: string) => void;
  /** Where the fallback looks for stable device names. Default /dev/serial/by-id. */
  byIdDir?: string;
}

const RANK: Record<GnssLikelihood, number> = { gnss: 0, maybe: 1, other: 2 };

/** Serial ports, likely receivers first. Never throws for a missing `udevadm`: falls back to /dev/serial/by-id. */
export async function listSerialPorts(options: ListSerialPortsOptions = {}): Promise<PortListing[]> {
  let infos: PortInfo[];
  try {
    infos = await (options.list ?? defaultList)();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    const byIdDir = options.byIdDir ?? "/dev/serial/by-id";
    if (/udevadm|ENOENT/.test(message)) {
      options.onNote?.(`udevadm not found (Debian package "udev"): listing ${byIdDir} without USB ids`);
    } else {
      options.onNote?.(`listing serial ports failed (${message}): listing ${byIdDir} without USB ids`);
    }
    infos = await listById(byIdDir);
  }
  return infos.map(classifyPort).sort((a, b) => RANK[a.likelihood] - RANK[b.likelihood] || a.path.localeCompare(b.path));
}

async function defaultList(): Promise<PortInfo[]> {
  const { SerialPort } = await import("serialport");
  return SerialPort.list();
}

async function listById(dir: string): Promise<PortInfo[]> {
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return []; // no USB serial devices at all: the directory only exists while one is plugged in
  }
  const ports: PortInfo[] = [];
  for (const name of names.sort()) {
    const link = join(dir, name);
    const target = await readlink(link).catch(() => undefined);
    ports.push({ path: target === undefined ? link : resolvePath(dirname(link), target), pnpId: name });
  }
  return ports;
}

export interface ProbeOptions {
  /** Default "auto". */
  baudRate?: number | "auto";
  /** Listening time after the rate is known (ms), before asking. Default 3000. */
  listenMs?: number;
  /** How long to wait for an answer to the queries (ms). Default 3000. */
  answerMs?: number;
  /** Passed to the serial source (tests inject SerialPortMock, tune the hunt). */
  serial?: Pick<SerialSourceOptions, "createPort" | "hunt">;
}

export interface ProbeResult {
  baudRate?: number;
  /** The receiver's command dialect; absent when nothing it said or answered names one. */
  dialect?: Dialect;
  /** What named the dialect, one clue per line. */
  evidence: string[];
  /** Sentences heard whose checksum holds, as text (no CR/LF). */
  sample: string[];
  /** Bytes written for the queries (0 when listening was enough). */
  bytesWritten: number;
}

const MAX_SAMPLE = 40;

/**
 * Opens a port (hunting the rate unless given) and identifies the receiver's dialect as `ttff` does
 * (probeDialect: listen, then ask harmless queries only its own dialect answers). Throws SourceError when
 * the port cannot be opened or nothing valid is heard.
 */
export async function probePort(path: string, options: ProbeOptions = {}): Promise<ProbeResult> {
  const source = createSerialSource(path, { baudRate: options.baudRate ?? "auto", reconnect: false, ...options.serial });
  const gps = openGps({ source });
  const sample: string[] = [];
  // a sentence whose checksum holds: bytes at a wrong rate, or noise, frame by chance ($ … *hh) but fail it
  gps.on("frame", ({ frame }) => {
    if (frame.checksum === "ok" && sample.length < MAX_SAMPLE) sample.push(frame.text);
  });
  let failure: unknown;
  const running = gps.run().catch((error: unknown) => {
    failure = error;
  });
  const startedAtMs = Date.now();
  try {
    let probe: Awaited<ReturnType<typeof probeDialect>>;
    try {
      probe = await probeDialect(gps, { listenMs: options.listenMs ?? 3000, timeoutMs: options.answerMs ?? 3000 });
    } catch (error) {
      // the queries' write fails once the port has failed (a baud hunt that heard nothing): that failure is the news
      await gps.close();
      await running;
      throw failure instanceof SourceError ? failure : error;
    }
    if (sample.length === 0 && gps.stats.ubxMessages === 0) {
      await gps.close();
      await running;
      if (failure instanceof SourceError) throw failure;
      const rate = source.baudRate === undefined ? "" : ` at ${source.baudRate} baud`;
      const waited = `${((Date.now() - startedAtMs) / 1000).toFixed(1)} s`;
      const heard =
        gps.stats.bytes === 0
          ? `nothing heard${rate} in ${waited} (listened, then queried: no answer)`
          : `${formatBytes(gps.stats.bytes)}${rate} in ${waited}, no NMEA sentence among them: a wrong rate? (--baud auto hunts for it)`;
      throw new SourceError(`${path}: ${heard}`, { cause: failure });
    }
    return {
      ...(source.baudRate === undefined ? {} : { baudRate: source.baudRate }),
      ...(probe.dialect === "unknown" ? {} : { dialect: probe.dialect }),
      evidence: probe.evidence,
      sample,
      bytesWritten: probe.bytesWritten,
    };
  } finally {
    await gps.close();
    await running;
  }
}
