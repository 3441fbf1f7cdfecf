// gpsd JSON protocol objects (gpsd_json(5), proto 3.14 as gpsd 3.22 speaks it): the per-client
// WATCH policy and the VERSION/DEVICE/DEVICES/WATCH/POLL/ERROR replies. Field sets and order follow
// what gpsd 3.22 sends (checked against gpsfake); nothing is ever null, unknown fields are omitted.

import { isoUtc } from "../../iso-time.js";

export const PROTO_MAJOR = 3;
export const PROTO_MINOR = 14;

type Json = Record<string, unknown>;

/** A client's `?WATCH` policy. */
export interface WatchPolicy {
  enable: boolean;
  json: boolean;
  nmea: boolean;
  /** 0 off, 1 NMEA (binary as hex), 2 verbatim; for an NMEA receiver 1 and 2 both mean the sentences. */
  raw: number;
  scaled: boolean;
  timing: boolean;
  split24: boolean;
  pps: boolean;
  /** Only this device's reports; undefined = all devices. */
  device?: string;
}

export const initialWatchPolicy = (): WatchPolicy => ({
  enable: false,
  json: false,
  nmea: false,
  raw: 0,
  scaled: false,
  timing: false,
  split24: false,
  pps: false,
});

const BOOLEAN_KEYS = ["enable", "json", "nmea", "scaled", "timing", "split24", "pps"] as const;

/**
 * Merges a `?WATCH={…}` argument into a policy. `enable` defaults to true when absent (gpsmon and
 * OpenCPN never send it); other absent keys keep their value; unknown keys (OpenCPN's `class`) are
 * ignored. Keys of the wrong type are skipped and named in `problems`.
 */
export function mergeWatch(policy: WatchPolicy, argument: Readonly<Record<string, unknown>>): { policy: WatchPolicy; problems: string[] } {
  const next: WatchPolicy = { ...policy, enable: true };
  const problems: string[] = [];
  for (const key of BOOLEAN_KEYS) {
    const value = argument[key];
    if (value === undefined) continue;
    if (typeof value === "boolean") next[key] = value;
    else if (value === 0 || value === 1) next[key] = value === 1;
    else problems.push(`"${key}" must be true or false`);
  }
  const raw = argument.raw;
  if (raw !== undefined) {
    if (typeof raw === "boolean") next.raw = raw ? 1 : 0;
    else if (raw === 0 || raw === 1 || raw === 2) next.raw = raw;
    else problems.push(`"raw" must be 0, 1 or 2`);
  }
  const device = argument.device;
  if (device !== undefined) {
    if (typeof device === "string" && device.length > 0) next.device = device;
    else if (device === "") delete next.device;
    else problems.push(`"device" must be a device path`);
  }
  return { policy: next, problems };
}

/** Does this client want JSON reports from `device`? */
export const wantsJson = (policy: WatchPolicy, device: string): boolean =>
  policy.enable && policy.json && (policy.device === undefined || policy.device === device);

/** Does this client want the raw NMEA sentences from `device`? */
export const wantsNmea = (policy: WatchPolicy, device: string): boolean =>
  policy.enable && (policy.nmea || policy.raw > 0) && (policy.device === undefined || policy.device === device);

export function watchObject(policy: WatchPolicy): Json {
  const watch: Json = {
    class: "WATCH",
    enable: policy.enable,
    json: policy.json,
    nmea: policy.nmea,
    raw: policy.raw,
    scaled: policy.scaled,
    timing: policy.timing,
    split24: policy.split24,
    pps: policy.pps,
  };
  if (policy.device !== undefined) watch.device = policy.device;
  return watch;
}

export function versionObject(release: string, rev: string): Json {
  return { class: "VERSION", release, rev, proto_major: PROTO_MAJOR, proto_minor: PROTO_MINOR };
}

/** What the server knows about one device, for DEVICE objects. */
export interface DeviceInfo {
  path: string;
  /** When the device was opened (ms since 1970). */
  activatedAtMs?: number;
  /** Whether GPS data has been seen: NMEA, or a UBX receiver's epochs (gpsd's SEEN_GPS flag). */
  seenGps: boolean;
  /** Observed reporting cycle, seconds. */
  cycleS?: number;
}

export function deviceObject(device: DeviceInfo): Json {
  const object: Json = { class: "DEVICE", path: device.path };
  // gpsmon picks its screen from the driver; every gnsskit device speaks NMEA 0183.
  object.driver = "NMEA0183";
  if (device.activatedAtMs !== undefined) object.activated = isoUtc(device.activatedAtMs);
  object.flags = device.seenGps ? 1 : 0;
  object.native = 0;
  object.cycle = Number((device.cycleS ?? 1).toFixed(2));
  return object;
}

export function devicesObject(devices: readonly DeviceInfo[]): Json {
  return { class: "DEVICES", devices: devices.map(deviceObject) };
}

export function pollObject(timeMs: number, active: number, tpv: readonly Json[], sky: readonly Json[]): Json {
  return { class: "POLL", time: isoUtc(timeMs), active, tpv, gst: [], sky };
}

export function errorObject(message: string): Json {
  return { class: "ERROR", message };
}
