// The retained `state` message made from a tracker's state (publisher), and the one line a fleet view or
// `fleet stats` shows of a fix (reader).

import { ttffNotMeasuredText } from "../output/ttff-text.js";
import type { FixState, TrackerState, TtffInfo } from "../types.js";
import type { DeviceFix, DeviceState } from "./wire.js";

export interface DeviceStateContext {
  device: string;
  source: string;
  /** A live receiver (TTFF counts from the source's opening) or a log (from its beginning). */
  live: boolean;
  startedAtMs: number;
  lastSeenMs?: number;
  methods: string[];
  method: string;
  fixLosses: number;
  seq: number;
  run: string;
}

export function deviceFixOf(state: FixState): DeviceFix {
  switch (state.kind) {
    case "idle":
    case "searching":
      return { kind: state.kind };
    case "fixed":
    case "non-gnss":
      return { kind: state.kind, mode: state.mode, quality: state.quality };
    case "lost":
      return { kind: "lost", reason: state.reason };
  }
}

export function deviceStateOf(tracker: TrackerState | undefined, context: DeviceStateContext): DeviceState {
  const ttff: TtffInfo = tracker?.ttff ?? {};
  const epoch = tracker?.lastEpoch;
  const note = tracker === undefined ? undefined : ttffNotMeasuredText(tracker.ttff, context.live ? "source" : "log");
  const hasPosition = epoch?.latitudeDeg !== undefined && epoch.longitudeDeg !== undefined && epoch.mode !== "none";
  return {
    device: context.device,
    source: context.source,
    fix: {
      ...deviceFixOf(tracker?.fixState ?? { kind: "idle" }),
      ...(tracker?.fixState.kind === "fixed" && epoch?.dimensionUnstated === true ? { dimensionUnstated: true as const } : {}),
    },
    ...(ttff.ttffMs === undefined ? {} : { ttffMs: ttff.ttffMs }),
    ...(ttff.first3dMs === undefined ? {} : { first3dMs: ttff.first3dMs }),
    ...(note === undefined ? {} : { ttffNote: note }),
    start: { type: tracker?.start.type ?? "unknown", basis: tracker?.start.basis ?? "none" },
    methods: context.methods,
    method: context.method,
    usedCount: tracker?.satellites.usedCount ?? 0,
    trackedCount: tracker?.satellites.trackedCount ?? 0,
    inViewCount: tracker?.satellites.inViewCount ?? 0,
    ...(hasPosition
      ? {
          position: {
            latitudeDeg: epoch.latitudeDeg as number,
            longitudeDeg: epoch.longitudeDeg as number,
            ...(epoch.altitudeMslM === undefined ? {} : { altitudeMslM: epoch.altitudeMslM }),
            ...(epoch.timeMs === undefined ? {} : { timeMs: epoch.timeMs }),
          },
        }
      : {}),
    startedAtMs: context.startedAtMs,
    ...(context.lastSeenMs === undefined ? {} : { lastSeenMs: context.lastSeenMs }),
    epochs: tracker?.epochCount ?? 0,
    fixEpochs: tracker?.fixCount ?? 0,
    fixLosses: context.fixLosses,
    reacquisitions: tracker?.reacquisitions ?? 0,
    seq: context.seq,
    run: context.run,
  };
}

/** `3D fix (dgps)`, `searching`, `lost (stale)`: the fix column of a fleet view. */
export function describeDeviceFix(fix: DeviceFix): string {
  switch (fix.kind) {
    case "fixed": {
      const quality = fix.quality !== undefined && fix.quality !== "autonomous" ? fix.quality : undefined;
      // RMC or GLL alone cannot tell 2D from 3D: no dimension the receiver did not state
      if (fix.dimensionUnstated === true) return `fix (2D/3D not stated${quality === undefined ? "" : `, ${quality}`})`;
      return `${(fix.mode ?? "").toUpperCase()} fix${quality === undefined ? "" : ` (${quality})`}`;
    }
    case "non-gnss":
      return `no GNSS (${fix.quality ?? "?"})`;
    case "lost":
      return `lost${fix.reason === undefined ? "" : ` (${fix.reason})`}`;
    default:
      return fix.kind;
  }
}
