// A monitor view for render tests: a searching receiver at T0 + 14 s, with the methods view given.
import type { MethodsView } from "../../src/cli/monitor/methods.js";
import type { MonitorView } from "../../src/cli/monitor/view.js";

export const T0 = Date.UTC(2026, 10, 26, 12, 0, 0);

export function screenView(methods: MethodsView | undefined, over: Partial<MonitorView> = {}): MonitorView {
  return {
    source: "sim:?start=cold",
    link: { kind: "open" },
    bytes: 4_000,
    nowMs: T0 + 14_000,
    fixState: { kind: "searching", sinceMs: T0 },
    ttff: { startedAtMs: T0 },
    start: { type: "unknown", basis: "none", evidence: [] },
    satellites: { satellites: [], inViewCount: 0, trackedCount: 0, usedCount: 0, signalCount: 0 },
    diagnostics: {},
    method: "integrated",
    ...(methods === undefined ? {} : { methods }),
    ...over,
  };
}
