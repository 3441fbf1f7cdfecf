// The monitor's fleet view (`monitor mqtt://host/PREFIX/+`): one line per device, a pure function of a
// FleetView and the terminal size, like the single-receiver screen (render.ts).

import type { DeviceFix } from "../../fleet/wire.js";
import { describeDeviceFix } from "../../fleet/device-state.js";
import { formatCount, formatDuration } from "../../output/format.js";
import { cut, padTo, seg, type Line, type Role } from "./style.js";

export interface FleetRow {
  device: string;
  /** The publisher's retained status; undefined before any. */
  online?: boolean;
  fix: DeviceFix;
  usedCount?: number;
  trackedCount?: number;
  /** `32.0 s`, `n/m` (not measurable), `-` (no fix yet). */
  ttff: string;
  /** Since the device's last data reached us (or its publisher last saw it). */
  ageMs?: number;
  method: string;
  /** Epochs with a fix / epochs since the publisher started (its retained counters), 0..1. */
  availability?: number;
  /** Messages lost (gaps in the publisher's numbering). */
  lost: number;
}

export interface FleetView {
  /** `mqtt://host:port/PREFIX/+` */
  name: string;
  rows: FleetRow[];
  /** Index into rows of the selected device. */
  selected: number;
  /** The broker link, when not simply up: `broker lost (…): reconnecting`. */
  link?: { text: string; role: Role };
}

const fixRole = (fix: DeviceFix): Role => (fix.kind === "fixed" ? "ok" : fix.kind === "lost" ? "bad" : fix.kind === "idle" ? "dim" : "warn");

const COLUMNS = [
  { title: "DEVICE", width: 16 },
  { title: "STATUS", width: 8 },
  { title: "FIX", width: 18 },
  { title: "USED/TRK", width: 9 },
  { title: "TTFF", width: 9 },
  { title: "AGE", width: 10 },
  { title: "METHOD", width: 11 },
  { title: "AVAIL", width: 7 },
] as const;

function row(cells: ReadonlyArray<{ text: string; role?: Role }>, deviceWidth: number): Line {
  const line: Line = [];
  cells.forEach((cell, k) => {
    const width = k === 0 ? deviceWidth : (COLUMNS[k]?.width ?? 8);
    const text = cell.text.length > width ? cell.text.slice(0, width) : cell.text.padEnd(width);
    line.push(seg(text, cell.role ?? "plain"), seg(" "));
  });
  return line;
}

export function renderFleetScreen(view: FleetView, size: { width: number; height: number }): Line[] {
  const width = Math.max(20, size.width);
  const height = Math.max(4, size.height);
  const online = view.rows.filter((r) => r.online === true).length;
  const keys = "↑↓ j k: select · Enter: open · q: quit";
  const head = ` gnsskit monitor · ${view.name} · ${view.rows.length} device${view.rows.length === 1 ? "" : "s"}, ${online} online`;
  const title = head.length + keys.length + 3 <= width ? `${head}${" ".repeat(width - head.length - keys.length - 1)}${keys} ` : head;
  const lines: Line[] = [padTo([seg(title, "title")], width)];
  const deviceWidth = Math.max(COLUMNS[0].width, Math.min(32, ...view.rows.map((r) => r.device.length + 1)));
  lines.push(
    cut(
      [
        seg("  "),
        ...row(
          COLUMNS.map((c) => ({ text: c.title, role: "label" as Role })),
          deviceWidth,
        ),
      ],
      width,
    ),
  );
  // Rows that fit, scrolled so that the selected one shows; the last line is for the link and totals.
  const room = height - lines.length - 1;
  const first = Math.max(0, Math.min(view.selected - room + 1, view.rows.length - room));
  if (view.rows.length === 0) lines.push([seg("  no device yet: waiting for gnsskit publish … --prefix on this broker", "dim")]);
  for (const [k, r] of view.rows.slice(first, first + room).entries()) {
    const selected = first + k === view.selected;
    const cells = [
      { text: r.device },
      { text: r.online === undefined ? "?" : r.online ? "online" : "offline", role: (r.online === false ? "bad" : "plain") as Role },
      { text: describeDeviceFix(r.fix), role: fixRole(r.fix) },
      { text: r.usedCount === undefined ? "-" : `${r.usedCount}/${r.trackedCount ?? 0}`, role: "used" as Role },
      { text: r.ttff },
      { text: r.ageMs === undefined ? "-" : formatDuration(r.ageMs), role: (r.ageMs !== undefined && r.ageMs > 10_000 ? "warn" : "plain") as Role },
      { text: r.method },
      { text: r.availability === undefined ? "-" : `${(r.availability * 100).toFixed(1)}%` },
    ];
    const line = [seg(selected ? "▶ " : "  ", selected ? "label" : "plain"), ...row(cells, deviceWidth)];
    if (r.lost > 0) line.push(seg(`${r.lost} lost`, "warn"));
    lines.push(cut(line, width));
  }
  while (lines.length < height - 1) lines.push([]);
  const lost = view.rows.reduce((sum, r) => sum + r.lost, 0);
  const status: Line = view.link !== undefined ? [seg(` ${view.link.text}`, view.link.role)] : [seg(" broker connected", "dim")];
  if (lost > 0) status.push(seg(` · ${formatCount(lost, "message")} lost (a publisher's spool was full)`, "warn"));
  if (view.rows.length > room) status.push(seg(` · devices ${first + 1}–${Math.min(view.rows.length, first + room)} of ${view.rows.length}`, "dim"));
  lines.push(cut(status, width));
  return lines;
}
