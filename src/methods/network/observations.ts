// Preparing observations for a geolocation request: MAC addresses normalised, hidden and `_nomap`
// networks dropped (Ichnaea's privacy rules), and the two-access-point minimum applied.

import type { CellObservation, NetworkResult, Observations, WifiObservation } from "./types.js";

/** `AA-BB-CC-DD-EE-FF`, `aabbccddeeff`, `AA:BB:…` → `aa:bb:cc:dd:ee:ff`; undefined if not a MAC address. */
export function normaliseMac(text: string): string | undefined {
  const hex = text
    .trim()
    .replace(/[:\-.]/g, "")
    .toLowerCase();
  if (!/^[0-9a-f]{12}$/.test(hex)) return undefined;
  return hex.match(/../g)!.join(":");
}

export interface PreparedWifi {
  accessPoints: (WifiObservation & { macAddress: string })[];
  notes: string[];
}

/** Access points that may be sent: valid MAC, not hidden, not `_nomap`, de-duplicated; none if fewer than two remain. */
export function prepareWifi(wifi: readonly WifiObservation[]): PreparedWifi {
  const notes: string[] = [];
  const seen = new Set<string>();
  const kept: (WifiObservation & { macAddress: string })[] = [];
  let hidden = 0;
  let nomap = 0;
  let bad = 0;
  for (const ap of wifi) {
    const mac = normaliseMac(ap.macAddress);
    if (mac === undefined) {
      bad++;
      continue;
    }
    if (ap.ssid !== undefined && ap.ssid.trim() === "") {
      hidden++;
      continue;
    }
    if (ap.ssid?.endsWith("_nomap")) {
      nomap++;
      continue;
    }
    if (seen.has(mac)) continue;
    seen.add(mac);
    kept.push({ ...ap, macAddress: mac });
  }
  if (bad > 0) notes.push(`${bad} Wi-Fi entr${bad === 1 ? "y" : "ies"} without a valid MAC address dropped`);
  if (hidden > 0) notes.push(`${hidden} hidden Wi-Fi network${hidden === 1 ? "" : "s"} not sent (privacy)`);
  if (nomap > 0) notes.push(`${nomap} Wi-Fi network${nomap === 1 ? "" : "s"} named *_nomap not sent (opt-out)`);
  if (kept.length === 1) {
    notes.push("only one usable Wi-Fi access point: not sent (the services need at least two)");
    return { accessPoints: [], notes };
  }
  return { accessPoints: kept, notes };
}

/** Cells with every key field present and in range. */
export function usableCells(cells: readonly CellObservation[]): { cells: CellObservation[]; notes: string[] } {
  const ok = cells.filter(
    (c) =>
      Number.isInteger(c.mcc) &&
      c.mcc > 0 &&
      c.mcc < 1000 &&
      Number.isInteger(c.mnc) &&
      c.mnc >= 0 &&
      c.mnc < 1000 &&
      Number.isInteger(c.lac) &&
      c.lac >= 0 &&
      Number.isInteger(c.cellId) &&
      c.cellId >= 0,
  );
  const dropped = cells.length - ok.length;
  return { cells: ok, notes: dropped > 0 ? [`${dropped} cell${dropped === 1 ? "" : "s"} with missing or out-of-range MCC/MNC/LAC/CID dropped`] : [] };
}

/** What a geolocate request can send, with the notes on what was dropped; `nothing` when that is nothing. */
export function prepareObservations(
  provider: string,
  observations: Observations,
): { wifi: PreparedWifi; cells: CellObservation[]; notes: string[]; considerIp: boolean; nothing?: NetworkResult } {
  const wifi = prepareWifi(observations.wifi);
  const { cells, notes: cellNotes } = usableCells(observations.cells);
  const notes = [...wifi.notes, ...cellNotes];
  const considerIp = observations.considerIp ?? false;
  if (wifi.accessPoints.length > 0 || cells.length > 0 || considerIp) return { wifi, cells, notes, considerIp };
  const nothing: NetworkResult = {
    provider,
    notes,
    bytesSent: 0,
    bytesReceived: 0,
    durationMs: 0,
    ok: false,
    error: { kind: "no-observations", message: `${provider}: nothing to send (no cell, fewer than two usable Wi-Fi access points)` },
  };
  return { wifi, cells, notes, considerIp, nothing };
}

/** A cell's measurements as both geolocate APIs take them. */
export function cellMeasurements(c: CellObservation): Record<string, number> {
  return {
    ...(c.signalStrengthDbm === undefined ? {} : { signalStrength: Math.round(c.signalStrengthDbm) }),
    ...(c.timingAdvance === undefined ? {} : { timingAdvance: c.timingAdvance }),
    ...(c.ageMs === undefined ? {} : { age: Math.round(c.ageMs) }),
  };
}

/** One access point as the geolocate APIs take it (Google's has no `frequency`; Ichnaea's does). */
export function accessPointBody(ap: WifiObservation & { macAddress: string }, withFrequency: boolean): Record<string, unknown> {
  return {
    macAddress: ap.macAddress,
    ...(ap.signalStrengthDbm === undefined ? {} : { signalStrength: Math.round(ap.signalStrengthDbm) }),
    ...(withFrequency && ap.frequencyMhz !== undefined ? { frequency: ap.frequencyMhz } : {}),
    ...(ap.channel === undefined ? {} : { channel: ap.channel }),
    ...(ap.signalToNoiseRatio === undefined ? {} : { signalToNoiseRatio: ap.signalToNoiseRatio }),
    ...(ap.ageMs === undefined ? {} : { age: Math.round(ap.ageMs) }),
  };
}
