// `gnsskit monitor mqtt://host/PREFIX/+`: the fleet view, one line per device (its status, fix, used/tracked,
// TTFF, age, method), and with Enter one device's full monitor screen (Esc back). Each device runs its own
// pipeline on its published bytes; until its bytes come (a monitor started late), the line shows the retained
// state the publisher keeps on the broker. Off a terminal: a status line per device and second.

import type { WriteStream } from "node:tty";
import { watchDiagnosis, type Diagnoser } from "../../diagnosis/index.js";
import { openGps, type Gps } from "../../gps.js";
import type { FleetDevice, MqttSpec } from "../../node/mqtt/fleet.js";
import { formatCount, formatDuration } from "../../output/format.js";
import { pipelineView } from "../commands/monitor.js";
import { renderFleetScreen, type FleetRow, type FleetView } from "../monitor/fleet-view.js";
import { createRawLog, rawLineOf, type RawLog } from "../monitor/raw.js";
import { renderScreen, renderStatusLine } from "../monitor/render.js";
import { colorWanted, cut, paint, type Role } from "../monitor/style.js";
import { openTerminalScreen, type TerminalScreen } from "../monitor/terminal.js";
import type { LinkState, MonitorView } from "../monitor/view.js";
import { asCliError } from "../source-arg.js";
import { openFleetArgument, openFleetWindow } from "./reading.js";

const REDRAW_INTERVAL_MS = 200;
const STATUS_LINE_INTERVAL_MS = 1000;

interface Member {
  device: FleetDevice;
  gps: Gps;
  /** Why the device has no fix yet, as the single monitor says it (its bytes carry their receive times) */
  diagnoser: Diagnoser;
  running: Promise<unknown>;
}

function ttffText(member: Member): string {
  const state = member.device.state;
  const local = member.gps.tracker?.state.ttff;
  // the publisher saw the source open; a monitor that started later did not
  const ttffMs = state?.ttffMs ?? local?.ttffMs;
  if (ttffMs !== undefined) return `${(ttffMs / 1000).toFixed(1)} s`;
  return state?.ttffNote !== undefined ? "n/m" : "-";
}

export function fleetRowOf(member: Member, nowMs: number): FleetRow {
  const { device, gps } = member;
  const tracker = gps.tracker?.state;
  const state = device.state;
  const local = tracker !== undefined && tracker.epochCount > 0;
  const seenMs = device.lastNmeaAtMs ?? state?.lastSeenMs;
  const fix =
    local && tracker !== undefined
      ? tracker.fixState.kind === "fixed" || tracker.fixState.kind === "non-gnss"
        ? { kind: tracker.fixState.kind, mode: tracker.fixState.mode, quality: tracker.fixState.quality }
        : tracker.fixState.kind === "lost"
          ? { kind: "lost" as const, reason: tracker.fixState.reason }
          : { kind: tracker.fixState.kind }
      : (state?.fix ?? { kind: "idle" as const });
  return {
    device: device.name,
    ...(device.online === undefined ? {} : { online: device.online }),
    fix,
    ...(local
      ? { usedCount: tracker.satellites.usedCount, trackedCount: tracker.satellites.trackedCount }
      : state === undefined
        ? {}
        : { usedCount: state.usedCount, trackedCount: state.trackedCount }),
    ttff: ttffText(member),
    ...(seenMs === undefined ? {} : { ageMs: Math.max(0, nowMs - seenMs) }),
    method: state?.method ?? "integrated",
    ...(state !== undefined && state.epochs > 0 ? { availability: state.fixEpochs / state.epochs } : {}),
    lost: device.sequence.lost,
  };
}

/** The device's full screen: its pipeline, with the publisher's TTFF when this monitor joined after the fix. */
function deviceView(member: Member, link: LinkState): MonitorView {
  const view = { ...pipelineView(member.gps, link, undefined), diagnosis: member.diagnoser.diagnosis() };
  const state = member.device.state;
  if (view.ttff.ttffMs === undefined && state?.ttffMs !== undefined) {
    const { fixAtStart: _, ...rest } = view.ttff;
    return { ...view, ttff: { ...rest, ttffMs: state.ttffMs, ...(state.first3dMs === undefined ? {} : { first3dMs: state.first3dMs }) } };
  }
  return view;
}

export async function monitorFleet(spec: MqttSpec): Promise<void> {
  let link: { text: string; role: Role } | undefined;
  let deviceLink: LinkState = { kind: "open" };
  const fleet = await openFleetArgument(spec, {
    onLink: (event) => {
      if (event.type === "disconnected") {
        link = { text: `broker lost (${event.reason}): reconnecting`, role: "bad" };
        deviceLink = { kind: "disconnected", reason: event.reason };
      } else if (event.type === "reconnected") {
        link = { text: `broker back after ${formatDuration(event.downForMs)}`, role: "ok" };
        deviceLink = { kind: "reconnected", downForMs: event.downForMs };
      }
    },
  });
  let fatal: unknown;
  const members: Member[] = [];
  const tty = process.stdout.isTTY === true;
  const lastLineMs = new Map<string, number>();
  fleet.onDevice((device) => {
    const gps = openGps({ source: device.source });
    const { diagnoser } = watchDiagnosis(gps, { clock: "receive" });
    const member: Member = { device, gps, diagnoser, running: gps.run().catch((error: unknown) => (fatal ??= error)) };
    members.push(member);
    members.sort((a, b) => a.device.name.localeCompare(b.device.name));
    if (!tty) {
      gps.on("epoch", ({ epoch }) => {
        const last = lastLineMs.get(device.name) ?? Number.NEGATIVE_INFINITY;
        if (epoch.receivedAtMs - last < STATUS_LINE_INTERVAL_MS && Number.isFinite(epoch.receivedAtMs)) return;
        lastLineMs.set(device.name, epoch.receivedAtMs);
        console.log(`${device.name}: ${renderStatusLine(deviceView(member, deviceLink))}`);
      });
    }
  });

  // q, Ctrl-C or the broker refusing us for good
  const window = openFleetWindow(fleet, undefined);
  const quit = (): void => window.stop();
  const color = tty && colorWanted(process.env);
  let selected = 0;
  /** The device whose full screen is shown: its raw lines are kept from the moment it is opened (r shows them). */
  let opened: { member: Member; raw: RawLog; showRaw: boolean; paused?: { view: MonitorView; bytes: number }; off: () => void } | undefined;
  const open = (member: Member | undefined): void => {
    opened?.off();
    opened = undefined;
    if (member === undefined) return;
    const raw = createRawLog();
    const offFrames = member.gps.on("frame", ({ frame }) => raw.push({ text: frame.text }));
    const offDiagnostics = member.gps.on("diagnostic", ({ diagnostic }) => {
      const line = rawLineOf(diagnostic);
      if (line !== undefined) raw.push(line);
    });
    opened = { member, raw, showRaw: false, off: () => (offFrames(), offDiagnostics()) };
  };
  let screen: TerminalScreen | undefined;
  const openedView = (): MonitorView => {
    if (opened === undefined) throw new TypeError("no device open");
    const { member, raw, showRaw, paused } = opened;
    const view = paused?.view ?? { ...deviceView(member, deviceLink), raw: { lines: raw.lines(), total: raw.total } };
    const { raw: rawView, ...rest } = view;
    return {
      ...rest,
      ...(showRaw && rawView !== undefined ? { raw: rawView } : {}),
      ...(paused === undefined ? {} : { paused: { bytesSince: member.gps.stats.bytes - paused.bytes } }),
    };
  };
  const draw = (): void => {
    if (screen === undefined) return;
    const { columns, rows } = screen;
    const lines =
      opened !== undefined
        ? renderScreen(openedView(), { width: columns, height: rows - 1 }).concat([[{ text: " Esc or b: back to the fleet", role: "dim" }]])
        : renderFleetScreen(fleetView(), { width: columns, height: rows });
    screen.draw(lines.map((line) => paint(cut(line, columns), color)));
  };
  const fleetView = (): FleetView => {
    const nowMs = Date.now();
    selected = Math.max(0, Math.min(selected, members.length - 1));
    return { name: fleet.name, rows: members.map((m) => fleetRowOf(m, nowMs)), selected, ...(link === undefined ? {} : { link }) };
  };
  let redraw: ReturnType<typeof setInterval> | undefined;
  if (tty) {
    screen = openTerminalScreen({
      output: process.stdout as WriteStream,
      keysFromStdin: true,
      onKey: (key) => {
        if (key === "q" || key === "Q" || key === "\x03") quit();
        else if (opened !== undefined) {
          // the single monitor's keys: r the raw pane, p pause; Esc, b or Backspace back to the fleet
          if (key === "\x1b" || key === "b" || key === "\x7f") open(undefined);
          else if (key === "r" || key === "R") opened.showRaw = !opened.showRaw;
          else if (key === "p" || key === "P" || key === " ") {
            const { member } = opened;
            if (opened.paused !== undefined) delete opened.paused;
            else
              opened.paused = {
                view: { ...deviceView(member, deviceLink), raw: { lines: opened.raw.lines(), total: opened.raw.total } },
                bytes: member.gps.stats.bytes,
              };
          }
        } else if (key === "j" || key === "\x1b[B" || key === "\x1bOB") selected = Math.min(members.length - 1, selected + 1);
        else if (key === "k" || key === "\x1b[A" || key === "\x1bOA") selected = Math.max(0, selected - 1);
        else if (key === "\r" || key === "\n" || key === "o") open(members[selected]);
        draw();
      },
      onResize: draw,
    });
    draw();
    // ages tick: redraw at least twice a second
    redraw = setInterval(draw, REDRAW_INTERVAL_MS);
  }
  fatal ??= await window.ended;
  if (redraw !== undefined) clearInterval(redraw);
  screen?.close();
  await fleet.close();
  await Promise.all(members.map((m) => m.running));
  const epochs = members.reduce((sum, m) => sum + m.gps.stats.epochs, 0);
  const lost = members.reduce((sum, m) => sum + m.device.sequence.lost, 0);
  const duplicates = members.reduce((sum, m) => sum + m.device.sequence.duplicates, 0);
  console.error(
    `gnsskit: ${fleet.name}: ${formatCount(members.length, "device")}, ${formatCount(epochs, "epoch")}; ${formatCount(duplicates, "duplicate message")} dropped, ${lost} lost`,
  );
  if (fatal !== undefined) throw asCliError(fatal);
}
