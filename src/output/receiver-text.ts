// What a receiver says about itself (ReceiverStatus: u-blox NAV-STATUS, MON-HW/MON-RF, MON-VER), in one
// wording for decode's summary, the monitor and the report.
import type { ReceiverStatus } from "../types.js";
import { formatDuration } from "./format.js";

/**
 * `28.3 s (its own, NAV-STATUS; running 1 h 02 min when first heard)`, or undefined when the receiver said none.
 * The running time is the one of the first report: one figure for a log in decode, report and monitor alike.
 */
export function receiverTtffText(status: ReceiverStatus): string | undefined {
  if (status.ttffMs === undefined) return undefined;
  const running = status.msssWhenFirstHeardMs ?? status.msssMs;
  const since = running === undefined ? "" : `; running ${formatDuration(running)} when first heard`;
  return `${formatDuration(status.ttffMs)} (its own, NAV-STATUS${since})`;
}

/** `ok, powered; jamming ok (CW indicator 3 of 255)`, or undefined when the receiver said nothing of either. */
export function antennaText(status: ReceiverStatus): string | undefined {
  const parts: string[] = [];
  if (status.antenna !== undefined) {
    const power = status.antennaPower === "on" ? ", powered" : status.antennaPower === "off" ? ", not powered" : "";
    parts.push(`${status.antenna}${power}`);
  }
  if (status.jamming !== undefined || status.jammingIndicator !== undefined) {
    const indicator = status.jammingIndicator === undefined ? "" : ` (CW indicator ${status.jammingIndicator} of 255)`;
    parts.push(`jamming ${status.jamming ?? "unknown"}${indicator}`);
  }
  return parts.length === 0 ? undefined : parts.join("; ");
}

/** MON-VER in one line: `ROM CORE 3.01 (107888), hardware 00080000, FWVER=SPG 3.01, PROTVER=18.00`. */
export function versionText(status: ReceiverStatus): string | undefined {
  if (status.softwareVersion === undefined) return undefined;
  return [status.softwareVersion, `hardware ${status.hardwareVersion ?? "?"}`, ...(status.extensions ?? [])].join(", ");
}
