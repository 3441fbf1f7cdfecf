// The text table `gnsskit ports --bluetooth` prints.

import type { BluetoothListing } from "./devices.js";

export function formatBluetoothListing(listing: BluetoothListing): string {
  const lines = listing.adapters.map((a) =>
    `adapter ${a.id}  ${a.address ?? "?"}  ${a.name ?? ""}  ${a.powered ? "powered on" : "powered off"}${a.discovering ? ", scanning" : ""}`.replace(
      / {3,}/g,
      "  ",
    ),
  );
  if (listing.devices.length === 0) {
    lines.push("no Bluetooth devices known to BlueZ (pair the receiver first, e.g. with bluetoothctl)");
    return lines.join("\n");
  }
  const header = ["ADDRESS", "NAME", "RSSI", "PAIRED", "PROFILES", "SOURCE"];
  const rows = listing.devices.map((d) => [
    d.address,
    d.alias ?? d.name ?? "",
    d.rssiDbm === undefined ? "" : `${d.rssiDbm} dBm`,
    d.paired ? (d.connected ? "connected" : "yes") : "no",
    d.profiles.join(","),
    d.source ?? "",
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? "").length)));
  for (const row of [header, ...rows])
    lines.push(
      row
        .map((c, i) => (i + 1 < row.length ? c.padEnd(widths[i] ?? 0) : c))
        .join("  ")
        .trimEnd(),
    );
  return lines.join("\n");
}
