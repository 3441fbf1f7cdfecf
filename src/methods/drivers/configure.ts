// Carrying out a configuration over a live pipeline: every command acknowledged, refused or unanswered as the
// chip says it; speed changes followed on the host's side and proved by an answer at the new speed; commands
// a dialect never acknowledges (PSRF, PMTK251, CFG-RST) judged by what the receiver sends afterwards.

import type { Gps } from "../../gps.js";
import { UBX_MESSAGE_IDS } from "../../dialect-commands.js";
import { DAY_MS } from "../../state/time.js";
import {
  mergeSettings,
  type ConfigCommand,
  type ConfigContext,
  type ConfigQuery,
  type ConfigRequest,
  type DialectConfigurator,
  type QueryAnswer,
  type ReceiverSettings,
} from "./config.js";
import { DEFAULT_ACK_TIMEOUT_MS, onReply, sendCommand, waitForReply, waitUntil, DriverCommandError } from "./send.js";
import type { ReceiverReply } from "./types.js";

export type ConfigPipeline = Pick<Gps, "write" | "on" | "source">;

export type QueryOutcome =
  | { status: "answered"; settings: ReceiverSettings }
  | { status: "refused"; message: string }
  | { status: "unanswered" }
  | { status: "closed" };

/** Writes a query and waits for its answer (or refusal). */
export async function runQuery(gps: ConfigPipeline, query: ConfigQuery, timeoutMs = DEFAULT_ACK_TIMEOUT_MS): Promise<QueryOutcome> {
  const answer = waitForReply<QueryAnswer>(gps, (reply) => query.answer(reply), { timeoutMs }).start();
  await gps.write(query.bytes);
  const outcome = await answer;
  if (outcome.kind === "timeout") return { status: "unanswered" };
  if (outcome.kind === "closed") return { status: "closed" };
  return outcome.value.status === "ok" ? { status: "answered", settings: outcome.value.settings } : { status: "refused", message: outcome.value.message };
}

export interface QueryReport {
  description: string;
  outcome: QueryOutcome["status"];
  /** Why it was refused. */
  message?: string;
}

/** Runs the dialect's polls in order; the settings merged from every answer. */
export async function readSettings(
  gps: ConfigPipeline,
  configurator: DialectConfigurator,
  context: ConfigContext,
  timeoutMs = DEFAULT_ACK_TIMEOUT_MS,
): Promise<{ settings: ReceiverSettings; reports: QueryReport[] }> {
  const settings: ReceiverSettings = {};
  const reports: QueryReport[] = [];
  for (const query of configurator.queries(context)) {
    const outcome = await runQuery(gps, query, timeoutMs);
    if (outcome.status === "closed") throw new DriverCommandError(`${query.description}: the source closed before the answer`, "closed");
    reports.push({ description: query.description, outcome: outcome.status, ...(outcome.status === "refused" ? { message: outcome.message } : {}) });
    if (outcome.status === "answered") mergeSettings(settings, outcome.settings);
  }
  return { settings, reports };
}

export type StepStatus = "acknowledged" | "refused" | "unanswered" | "verified" | "sent" | "lost";

export interface ConfigStepResult {
  description: string;
  setting: ConfigCommand["setting"];
  status: StepStatus;
  /** What the receiver said (or did not say). */
  detail: string;
  bytesWritten: number;
}

export interface ApplyOptions {
  ackTimeoutMs?: number;
  /** Sets the host's end of the link to a speed (a serial port); absent when the link has no speed of its own (TCP). */
  setHostBaud?: (baudRate: number) => Promise<void>;
  /** The host's speed now, where it has one. */
  hostBaud?: number;
  /** The dialect's startup message (MediaTek `$PMTK010,001`), for commands it confirms. */
  isStartupMessage?: (reply: ReceiverReply) => boolean;
  onStep?: (result: ConfigStepResult) => void;
}

/** Whether the receiver answers now: its ping, or (SiRF, no query) a sentence with a good checksum. */
export async function linkAnswers(
  gps: ConfigPipeline,
  configurator: DialectConfigurator,
  context: ConfigContext,
  timeoutMs: number,
): Promise<{ ok: boolean; detail: string }> {
  const ping = configurator.ping(context);
  if (ping === undefined) {
    let good = 0;
    const waiter = waitUntil(gps, { timeoutMs, until: () => good >= 2 });
    const offFrame = gps.on("frame", ({ frame }) => {
      if (frame.checksum === "ok") good++;
      waiter.check();
    });
    await waiter.done;
    offFrame();
    return good >= 2 ? { ok: true, detail: "its sentences come through with good checksums" } : { ok: false, detail: "no sentence with a good checksum" };
  }
  // A chip switching its port may drop the first query: ask again within the time allowed.
  const deadline = Date.now() + timeoutMs;
  const tries = 3;
  for (let i = 0; i < tries; i++) {
    const outcome = await runQuery(gps, ping, Math.max(200, Math.min(timeoutMs / tries, deadline - Date.now())));
    if (outcome.status === "answered") return { ok: true, detail: `${ping.description} answered` };
    if (outcome.status === "closed") return { ok: false, detail: "the source closed" };
  }
  return { ok: false, detail: `no answer to ${ping.description}` };
}

/**
 * Sends each command in order and says how it went. Stops after a speed change the receiver does not answer at
 * either speed (nothing more would arrive). Throws DriverCommandError only when the source closes.
 */
export async function applyConfig(
  gps: ConfigPipeline,
  configurator: DialectConfigurator,
  commands: readonly ConfigCommand[],
  context: ConfigContext,
  options: ApplyOptions = {},
): Promise<ConfigStepResult[]> {
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  let hostBaud = options.hostBaud;
  const results: ConfigStepResult[] = [];
  const report = (command: ConfigCommand, status: StepStatus, detail: string): void => {
    const result = { description: command.description, setting: command.setting, status, detail, bytesWritten: command.bytes.length };
    results.push(result);
    options.onStep?.(result);
  };
  const switchHost = async (baudRate: number): Promise<void> => {
    if (options.setHostBaud === undefined || hostBaud === baudRate) return;
    await options.setHostBaud(baudRate);
    hostBaud = baudRate;
  };

  for (const command of commands) {
    if (command.switchesBaudTo !== undefined) {
      const oldBaud = hostBaud;
      // The ack, where the chip sends it at the old speed before switching (PAIR864).
      if (command.expectAck !== undefined && !command.ackUnreliable) {
        const sent = await send(gps, command, ackTimeoutMs);
        if (sent.status !== "acknowledged") {
          report(command, sent.status, sent.detail);
          continue;
        }
      } else {
        await gps.write(command.bytes);
      }
      await switchHost(command.switchesBaudTo);
      const there = await linkAnswers(gps, configurator, context, ackTimeoutMs);
      if (there.ok) {
        report(command, "verified", `the receiver answers at ${command.switchesBaudTo} baud: ${there.detail}`);
        continue;
      }
      if (oldBaud !== undefined && options.setHostBaud !== undefined) {
        await switchHost(oldBaud);
        const back = await linkAnswers(gps, configurator, context, ackTimeoutMs);
        if (back.ok) {
          report(command, "refused", `nothing at ${command.switchesBaudTo} baud (${there.detail}); the receiver still answers at ${oldBaud}`);
          continue;
        }
      }
      report(
        command,
        "lost",
        `nothing at ${command.switchesBaudTo} baud (${there.detail})${oldBaud === undefined ? "" : ` nor at ${oldBaud}`}: the link is lost`,
      );
      break;
    }
    let outcome: { status: StepStatus; detail: string };
    if (command.confirmedByStartup && options.isStartupMessage !== undefined) {
      const isStartup = options.isStartupMessage;
      const announced = waitForReply(gps, (reply) => (isStartup(reply) ? true : undefined), { timeoutMs: ackTimeoutMs }).start();
      await gps.write(command.bytes);
      const heard = await announced;
      if (heard.kind === "closed") throw new DriverCommandError(`${command.description}: the source closed`, "closed");
      outcome =
        heard.kind === "match"
          ? { status: "verified", detail: "the receiver restarted (its startup message)" }
          : { status: "unanswered", detail: "no startup message: the receiver did not restart" };
    } else if (command.expectAck !== undefined) {
      outcome = await send(gps, command, ackTimeoutMs);
    } else {
      await gps.write(command.bytes);
      outcome = { status: "sent", detail: "written; the chip never answers it" };
    }
    if (command.mayResetBaud && outcome.status !== "refused") {
      // A factory configuration may bring the factory speed back: find the receiver there.
      const here = await linkAnswers(gps, configurator, context, ackTimeoutMs);
      const factoryBaud = configurator.defaultBaudRate(context);
      const before = hostBaud;
      if (!here.ok && options.setHostBaud !== undefined && before !== factoryBaud) {
        await switchHost(factoryBaud);
        const there = await linkAnswers(gps, configurator, context, ackTimeoutMs);
        if (!there.ok) {
          report(command, "lost", `${outcome.detail}; no answer at ${before} baud nor at its factory ${factoryBaud}: the link is lost`);
          break;
        }
        // A startup message sent at the factory speed is noise at the old one: the move to that speed is the proof.
        outcome =
          outcome.status === "unanswered" && command.confirmedByStartup
            ? {
                status: "verified",
                detail: `no startup message at ${before} baud; the receiver answers at its factory speed, ${factoryBaud} baud: ${there.detail}`,
              }
            : { status: outcome.status, detail: `${outcome.detail}; back at its factory speed, ${factoryBaud} baud: ${there.detail}` };
      }
    }
    report(command, outcome.status, outcome.detail);
  }
  return results;
}

async function send(
  gps: ConfigPipeline,
  command: ConfigCommand,
  timeoutMs: number,
): Promise<{ status: "acknowledged" | "refused" | "unanswered"; detail: string }> {
  try {
    const result = await sendCommand(gps, command, { timeoutMs });
    return result.status === "acked" ? { status: "acknowledged", detail: result.detail } : { status: "unanswered", detail: "no answer" };
  } catch (error) {
    if (!(error instanceof DriverCommandError) || error.reason === "closed") throw error;
    if (error.reason === "rejected") return { status: "refused", detail: error.verdict?.status === "rejected" ? error.verdict.message : error.message };
    return { status: "unanswered", detail: `no answer within ${(timeoutMs / 1000).toFixed(1)} s` };
  }
}

// ───────────────────────────── what the receiver sends ─────────────────────────────

export interface ObservedOutput {
  /** Epochs seen. */
  epochs: number;
  /** Median time between epochs (receiver clock), when two or more came. */
  periodMs?: number;
  /** Message names seen: NMEA sentence types (`GGA`) and the UBX messages gnsskit knows (`UBX-NAV-PVT`). */
  messages: string[];
  /** Talkers of the GSV sentences seen (`GP`, `GA`): the systems the receiver reports satellites of. */
  gsvTalkers: string[];
}

const UBX_NAMES = new Map(
  Object.entries(UBX_MESSAGE_IDS)
    .filter(([name]) => name.startsWith("UBX-"))
    .map(([name, [cls, id]]) => [cls * 256 + id, name]),
);

/** Watches the output for `cycles` epochs (or `timeoutMs`), from the next epoch on. */
export async function observeOutput(gps: ConfigPipeline, options: { cycles: number; timeoutMs: number }): Promise<ObservedOutput> {
  const messages = new Set<string>();
  const talkers = new Set<string>();
  const times: { receivedAtMs: number; timeOfDayMs: number | undefined }[] = [];
  let started = false;
  const offs = [
    gps.on("frame", ({ frame }) => {
      if (!started) return;
      const m = /^\$([A-Z]{2})([A-Z]{3}),/.exec(frame.text);
      if (m === null || frame.checksum !== "ok") return;
      messages.add(m[2]!);
      if (m[2] === "GSV") talkers.add(m[1]!);
    }),
    onReply(gps, (reply) => {
      if (!started || reply.kind !== "binary" || reply.ubxClass === undefined || reply.ubxId === undefined) return;
      const name = UBX_NAMES.get(reply.ubxClass * 256 + reply.ubxId);
      if (name !== undefined) messages.add(name);
    }),
    gps.on("epoch", ({ epoch }) => {
      // The first epoch may have begun before the last command took effect: counting starts after it.
      if (!started) {
        started = true;
        return;
      }
      times.push({ receivedAtMs: epoch.receivedAtMs, timeOfDayMs: epoch.timeOfDayMs });
      waiter.check();
    }),
  ];
  const waiter = waitUntil(gps, { timeoutMs: options.timeoutMs, until: () => times.length >= options.cycles });
  await waiter.done;
  for (const off of offs) off();
  // The receiver's own clock measures its rate; arrival times only when it gives none (a busy host or a
  // network link bunches the epochs' arrival: 5 Hz read as gaps of 50 and 350 ms).
  const onReceiverClock = times.every((t) => t.timeOfDayMs !== undefined);
  const stamps = times.map((t) => (onReceiverClock ? t.timeOfDayMs! : t.receivedAtMs));
  const gaps = stamps
    .slice(1)
    .map((t, i) => (t - stamps[i]! + DAY_MS) % DAY_MS)
    .sort((a, b) => a - b);
  const observed: ObservedOutput = { epochs: times.length, messages: [...messages].sort(), gsvTalkers: [...talkers].sort() };
  if (gaps.length > 0) observed.periodMs = gaps[gaps.length >> 1]!;
  return observed;
}

export interface OutputCheck {
  setting: "rateHz" | "messages";
  ok: boolean;
  detail: string;
}

/** Does the output show what was asked: the rate (within 20 %) and exactly the messages asked (of those the dialect switches)? */
export function checkOutput(request: ConfigRequest, observed: ObservedOutput, configurator: DialectConfigurator): OutputCheck[] {
  const checks: OutputCheck[] = [];
  if (request.rateHz !== undefined) {
    const wantedMs = configurator.dialect === "sirf" ? Math.round(1 / request.rateHz) * 1000 : Math.round(1000 / request.rateHz);
    if (observed.periodMs === undefined)
      checks.push({ setting: "rateHz", ok: false, detail: `fewer than two epochs seen: no rate to compare with ${wantedMs} ms` });
    else {
      const ok = Math.abs(observed.periodMs - wantedMs) <= 0.2 * wantedMs;
      checks.push({ setting: "rateHz", ok, detail: `epochs every ${observed.periodMs} ms${ok ? "" : ` where ${wantedMs} ms was asked`}` });
    }
  }
  if (request.messages !== undefined) {
    const switched = new Set(configurator.messages);
    const seen = observed.messages.filter((m) => switched.has(m));
    const missing = request.messages.filter((m) => !seen.includes(m));
    const extra = seen.filter((m) => !request.messages!.includes(m));
    const ok = missing.length === 0 && extra.length === 0;
    const parts = [`sends ${seen.length === 0 ? "none of them" : seen.join(" ")}`];
    if (missing.length > 0) parts.push(`not ${missing.join(" ")}`);
    if (extra.length > 0) parts.push(`still ${extra.join(" ")}`);
    checks.push({ setting: "messages", ok, detail: parts.join("; ") });
  }
  return checks;
}
