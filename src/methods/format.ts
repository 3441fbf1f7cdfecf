// One-line texts for positioner events and the per-method summary (stderr of monitor/decode/ttff --methods).

import { formatBytes as bytes, formatCount, formatDuration as seconds } from "../output/format.js";
import type { MethodSummary, PositionerEvent } from "./types.js";

/** `methods: network → integrated (better: integrated ±12 m beats network ±150 m for 5 s)`; undefined for plain locations. */
export function formatPositionerEvent(event: PositionerEvent): string | undefined {
  switch (event.type) {
    case "method-changed":
      return `methods: ${event.from ?? "none"} → ${event.to ?? "none"} (${event.reason}: ${event.detail})`;
    case "method-state":
      return `methods: ${event.method} ${event.state}: ${event.why}`;
    case "first-location":
      return event.ttflMs === undefined
        ? `methods: ${event.method} first location (TTFL not measurable: it already had a fix when opened)`
        : `methods: ${event.method} first location after ${seconds(event.ttflMs)}`;
    case "cost":
      return `methods: ${event.method} ${event.what}: ${bytes(event.bytesSent)} sent, ${bytes(event.bytesReceived)} received (total ${bytes(event.totalSent)} / ${bytes(event.totalReceived)})`;
    case "expected-satellites": {
      const healthy = event.satellites.filter((s) => s.healthy).length;
      return `methods: ${event.method} expects ${formatCount(healthy, "satellite")} above the mask (${event.basis})`;
    }
    case "aiding":
      return event.steps
        .map((s) => `methods: ${event.method} aiding ${s.description}: ${s.outcome}${s.detail === undefined ? "" : ` (${s.detail})`}, ${bytes(s.bytes)}`)
        .join("\n");
    case "note":
      return `methods: ${event.method}: ${event.message}`;
    case "location":
      return undefined;
  }
}

/** A table: method, time to first location, availability, data cost. */
export function formatMethodSummary(summary: readonly MethodSummary[]): string {
  const rows = summary
    .filter((s) => s.enabledMs > 0)
    .map((s) =>
      [
        s.method.padEnd(11),
        (s.ttflMs === undefined ? "-" : seconds(s.ttflMs)).padStart(9),
        (s.availability === undefined ? "-" : `${(s.availability * 100).toFixed(1)} %`).padStart(9),
        bytes(s.bytesSent).padStart(10),
        bytes(s.bytesReceived).padStart(10),
        `${s.enabled ? "" : `  switched off (on ${seconds(s.enabledMs)} in all)`}${s.lastProblem === undefined ? "" : `  ${s.lastProblem}`}`,
      ].join(""),
    );
  return [`${"METHOD".padEnd(11)}${"FIRST".padStart(9)}${"AVAIL".padStart(9)}${"SENT".padStart(10)}${"RECEIVED".padStart(10)}`, ...rows].join("\n");
}
