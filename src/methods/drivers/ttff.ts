// One TTFF measurement through a driver: force the restart, tell the tracker, optionally inject time and
// position, then wait for the first fix and first 3D on the receiver's clock (simulated time on `sim:`).
//
// The tracker stops inferring the start type once a restart is commanded (it reports the commanded one),
// so the run infers it itself from the same evidence functions (state/start-type.ts) over the epochs that
// follow the restart: what the receiver showed, independent of what was asked for.
//
// The restart is written right after an epoch has been taken in, between two reporting cycles: a cycle the
// receiver had already sent when the command reached it (bytes in flight, or a simulator's next cycle read
// but not yet parsed) would otherwise count as the restarted receiver's first fix (TTFF 0, inferred hot).
// The run also times the fix from its own epochs, skipping those received no later than the restart.

import type { Gps } from "../../gps.js";
import { emptyEvidence, inferStart, observeEpoch } from "../../state/start-type.js";
import type { Epoch, FixQuality, StartInfo } from "../../types.js";
import { sendCommand, receiverNow, waitForReply, waitUntil, DEFAULT_ACK_TIMEOUT_MS, DriverCommandError, type CommandResult } from "./send.js";
import type { AidingPosition, DriverCommand, ReceiverDriver, RestartKind } from "./types.js";
import { orbitUploadSetup, uploadOrbits, type OrbitData, type OrbitUpload } from "./orbit-upload.js";
import { GPS_UTC_LEAP_SECONDS } from "../../gps-time.js";

export type TtffPipeline = Pick<Gps, "write" | "on" | "source" | "markRestart">;

export interface TtffRunOptions {
  restart: RestartKind;
  /**
   * Inject time (the receiver's clock) and, when given, this position right after the restart; with `orbits`, then
   * the orbit data (AssistNow, EPO) in the receiver's dialect.
   */
  assist?: { position?: AidingPosition; orbits?: OrbitData };
  /** Give up waiting for the first fix after this long (receiver or wall clock, whichever runs out first). */
  timeoutMs: number;
  ackTimeoutMs?: number;
  /** How long to wait for a restart announcement (MTK `$PMTK010,001`) before aiding; default 2000 ms. */
  startupTimeoutMs?: number;
  /** How long to wait for the end of a reporting cycle before restarting anyway (a silent receiver); default 2000 ms. */
  cycleEndTimeoutMs?: number;
  /** Each command as it completes (for progress output). */
  onCommand?: (result: CommandResult) => void;
  /** Corrections are flowing (--ntrip): the run waits for RTK fixed, not only for the first 3D. */
  untilRtkFixed?: boolean;
}

export interface TtffRun {
  restart: RestartKind;
  assisted: boolean;
  /** Time to the first valid fix on the receiver's clock; undefined when none came. */
  ttffMs?: number;
  first3dMs?: number;
  /** Time to the first RTK float and RTK fixed epochs (time to fixed), on the receiver's clock, when they came. */
  ttfloatMs?: number;
  ttfixMs?: number;
  /** What the epochs after the restart showed (start-type heuristics), independent of the command. */
  inferredStart: StartInfo;
  /** No fix within the timeout. */
  timedOut: boolean;
  /** Wall-clock duration of the run: restart to first 3D, or RTK fixed with untilRtkFixed (or to the end of waiting). */
  wallClockMs: number;
  /** Bytes written for this run (restart + aiding). */
  bytesSent: number;
  commands: CommandResult[];
  /** Aiding commands the chip refused or did not answer: the run went on without them. */
  aidingProblems: string[];
  /** With orbit data: how its upload went (its bytes are in bytesSent). */
  orbitUpload?: Omit<OrbitUpload, "commands">;
  /** The link closed during the run. */
  sourceClosed: boolean;
  /** The last fix of the run (for the next run's aiding). */
  lastFix?: AidingPosition;
}

const QUALIFYING: ReadonlySet<FixQuality> = new Set(["autonomous", "dgps", "pps", "rtk-fixed", "rtk-float"]);

export function isFixEpoch(epoch: Epoch): boolean {
  return epoch.mode !== "none" && QUALIFYING.has(epoch.quality);
}

export function fixPosition(epoch: Epoch): AidingPosition | undefined {
  if (!isFixEpoch(epoch) || epoch.latitudeDeg === undefined || epoch.longitudeDeg === undefined) return undefined;
  const altitudeM = epoch.altitudeHaeM ?? epoch.altitudeMslM ?? 0;
  return { latitudeDeg: epoch.latitudeDeg, longitudeDeg: epoch.longitudeDeg, altitudeM };
}

export async function measureTtffRun(gps: TtffPipeline, driver: ReceiverDriver, options: TtffRunOptions): Promise<TtffRun> {
  const ackTimeoutMs = options.ackTimeoutMs ?? DEFAULT_ACK_TIMEOUT_MS;
  const evidence = emptyEvidence();
  const commands: CommandResult[] = [];
  const aidingProblems: string[] = [];
  let restartReceiverMs = Number.NaN;
  let restartWallMs = Date.now();
  let endWallMs: number | undefined;
  let ttffMs: number | undefined;
  let first3dMs: number | undefined;
  let ttfloatMs: number | undefined;
  let ttfixMs: number | undefined;
  let lastFix: AidingPosition | undefined;
  let orbitUpload: Omit<OrbitUpload, "commands"> | undefined;
  let closed = false;
  /** The tracker applied the restart: a cycle being received when it was commanded closes before it does. */
  let restartApplied = false;
  let wake: (() => void) | undefined;
  const offs: (() => void)[] = [];
  const listen = (): void => {
    offs.push(
      gps.on("start", ({ start }) => {
        if (start.basis === "commanded") restartApplied = true;
      }),
      gps.on("epoch", ({ epoch }) => {
        // Before the restart applied, or received no later than it: the receiver reported it before the command
        // reached it (the rest of the cycle it was sending is its old output, an old fix among it).
        if (!restartApplied || !(epoch.receivedAtMs > restartReceiverMs)) return;
        const fix = isFixEpoch(epoch);
        const elapsedMs = epoch.receivedAtMs - restartReceiverMs;
        if (evidence.ttffMs === undefined) {
          observeEpoch(evidence, { hasTime: epoch.timeOfDayMs !== undefined, isFix: fix, satellites: epoch.satellites });
          if (fix) evidence.ttffMs = elapsedMs;
        }
        if (fix) {
          ttffMs ??= elapsedMs;
          if (epoch.mode === "3d" && first3dMs === undefined) {
            first3dMs = elapsedMs;
            if (options.untilRtkFixed !== true) endWallMs = Date.now();
          }
          if (epoch.quality === "rtk-float" || epoch.quality === "rtk-fixed") ttfloatMs ??= elapsedMs;
          if (epoch.quality === "rtk-fixed" && ttfixMs === undefined) {
            ttfixMs = elapsedMs;
            if (options.untilRtkFixed === true) endWallMs = Date.now();
          }
        }
        lastFix = fixPosition(epoch) ?? lastFix;
        wake?.();
      }),
      gps.on("close", () => {
        closed = true;
        wake?.();
      }),
    );
  };
  const mark = (): void => {
    restartReceiverMs = receiverNow(gps);
    restartWallMs = Date.now();
    listen(); // before the restart: it may apply at once (its start event)
    gps.markRestart(options.restart);
  };
  const send = async (command: DriverCommand, extra: { beforeWrite?: () => void } = {}): Promise<void> => {
    const result = await sendCommand(gps, command, { timeoutMs: ackTimeoutMs, ...extra });
    commands.push(result);
    options.onCommand?.(result);
  };
  const sendAiding = async (command: DriverCommand): Promise<void> => {
    try {
      await send(command);
    } catch (error) {
      if (!(error instanceof DriverCommandError) || error.reason === "closed") throw error;
      aidingProblems.push(error.message);
      commands.push({ status: "sent", description: command.description, bytesWritten: command.bytes.length });
    }
  };

  try {
    const assist = options.assist;
    const cycleEndTimeoutMs = options.cycleEndTimeoutMs ?? 2000;
    if (assist !== undefined && !driver.supports.injectTime) {
      // SiRF: the aiding rides in the restart command (its time read when it is written).
      await atCycleEnd(gps, cycleEndTimeoutMs, () => {
        const [restartWithAiding] = driver.assistedRestart(options.restart, {
          utcMs: receiverNow(gps),
          ...(assist.position === undefined ? {} : { position: assist.position }),
        });
        return send(restartWithAiding!, { beforeWrite: mark });
      });
    } else {
      let announced: Promise<unknown> | undefined;
      const beforeWrite = (): void => {
        if (assist !== undefined && driver.announcesRestart) {
          announced = waitForReply(gps, (reply) => (driver.isStartupMessage(reply) ? true : undefined), {
            timeoutMs: options.startupTimeoutMs ?? 2000,
          }).start();
        }
        mark();
      };
      await atCycleEnd(gps, cycleEndTimeoutMs, () => send(driver.restart(options.restart), { beforeWrite }));
      if (assist !== undefined) {
        await announced;
        const setup = assist.orbits === undefined ? undefined : orbitUploadSetup(driver.dialect, assist.orbits);
        if (setup !== undefined) await sendAiding(setup);
        // The time is read from the receiver's clock when each command is built (simulated time on sim:).
        await sendAiding(driver.injectTime(receiverNow(gps)));
        if (assist.position !== undefined && driver.supports.injectPosition) await sendAiding(driver.injectPosition(assist.position, receiverNow(gps)));
        if (assist.orbits !== undefined) {
          const { commands: sent, ...upload } = await uploadOrbits(gps, driver.dialect, assist.orbits, {
            nowMs: receiverNow(gps),
            ackTimeoutMs,
            setupSent: setup !== undefined,
          });
          for (const result of sent) {
            commands.push(result);
            options.onCommand?.(result);
          }
          // the setup is the upload's cost too
          orbitUpload = { ...upload, bytesWritten: upload.bytesWritten + (setup?.bytes.length ?? 0) };
          aidingProblems.push(...upload.problems);
        }
      }
    }

    const waiter = waitUntil(gps, {
      timeoutMs: options.timeoutMs,
      startReceiverMs: restartReceiverMs,
      startWallMs: restartWallMs,
      until: () => closed || (options.untilRtkFixed === true ? ttfixMs !== undefined : first3dMs !== undefined),
    });
    wake = waiter.check;
    await waiter.done;
  } finally {
    for (const off of offs) off();
  }
  const run: TtffRun = {
    restart: options.restart,
    assisted: options.assist !== undefined,
    inferredStart: inferStart(evidence),
    timedOut: ttffMs === undefined,
    wallClockMs: (endWallMs ?? Date.now()) - restartWallMs,
    bytesSent: commands.reduce((n, c) => n + c.bytesWritten, 0),
    commands,
    aidingProblems,
    sourceClosed: closed,
  };
  if (ttffMs !== undefined) run.ttffMs = ttffMs;
  if (first3dMs !== undefined) run.first3dMs = first3dMs;
  if (ttfloatMs !== undefined) run.ttfloatMs = ttfloatMs;
  if (ttfixMs !== undefined) run.ttfixMs = ttfixMs;
  if (lastFix !== undefined) run.lastFix = lastFix;
  if (orbitUpload !== undefined) run.orbitUpload = orbitUpload;
  return run;
}

/**
 * Runs `action` inside the listener of the next epoch, so synchronously after a whole reporting cycle was taken
 * in and before the source is read again; after `timeoutMs` (receiver or wall clock) or on close, runs it anyway.
 * For a restart: written there, no cycle of the old state is still on its way to the tracker.
 */
export function atCycleEnd(gps: Pick<Gps, "on" | "source">, timeoutMs: number, action: () => Promise<void>): Promise<void> {
  return new Promise<void>((resolve, reject) => {
    const startedReceiverMs = receiverNow(gps);
    const startedWallMs = Date.now();
    let fired = false;
    const fire = (): void => {
      if (fired) return;
      fired = true;
      offEpoch();
      offClose();
      clearInterval(timer);
      action().then(resolve, reject);
    };
    const offEpoch = gps.on("epoch", fire);
    const offClose = gps.on("close", fire);
    const timer = setInterval(() => {
      if (receiverNow(gps) - startedReceiverMs >= timeoutMs || Date.now() - startedWallMs >= timeoutMs) fire();
    }, 50);
  });
}

/**
 * The navigation message repeats every 30 s, aligned on GPS time (GPS subframes 1–3, GLONASS strings 1–5, each
 * frame's ephemeris): a cold or warm TTFF depends on where in that frame the receiver starts.
 */
export const NAVIGATION_FRAME_MS = 30_000;
const GOLDEN_RATIO_FRACTION = 0.6180339887498949;

/**
 * Run `index`'s restart point in the navigation frame: the golden-ratio sequence, so runs cover the frame
 * evenly for any number of runs and run i of a cold series meets the message where run i of a warm one did.
 */
export function restartPhaseMs(index: number): number {
  return ((index * GOLDEN_RATIO_FRACTION) % 1) * NAVIGATION_FRAME_MS;
}

/**
 * Waits on the receiver's clock (checked at each epoch) until GPS time is `phaseMs` into a navigation frame.
 * Restarts taken right after a fix all meet the message at the same point (the fix comes when an ephemeris
 * ends), so a series without this wait measures that one point, whatever the start type.
 */
export function waitForFramePhase(gps: Pick<Gps, "on" | "source">, phaseMs: number, isClosed?: () => boolean): Promise<boolean> {
  const gpsMs = receiverNow(gps) + GPS_UTC_LEAP_SECONDS * 1000;
  return waitReceiverMs(gps, (((phaseMs - gpsMs) % NAVIGATION_FRAME_MS) + NAVIGATION_FRAME_MS) % NAVIGATION_FRAME_MS, isClosed);
}

/**
 * Waits `waitMs` on the receiver's clock (checked at each epoch) or the wall clock; resolves true, at once, when
 * the source closes (or `isClosed()` says it already has).
 */
export async function waitReceiverMs(gps: Pick<Gps, "on" | "source">, waitMs: number, isClosed: () => boolean = () => false): Promise<boolean> {
  let closed = isClosed();
  const waiter = waitUntil(gps, { timeoutMs: waitMs, until: () => closed });
  const offEpoch = gps.on("epoch", waiter.check);
  const offClose = gps.on("close", () => {
    closed = true;
    waiter.check();
  });
  try {
    await waiter.done;
    return closed;
  } finally {
    offEpoch();
    offClose();
  }
}

export interface Spread {
  min: number;
  median: number;
  max: number;
}

/** min / median / max; undefined for no values. */
export function spread(values: number[]): Spread | undefined {
  if (values.length === 0) return undefined;
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  const median = sorted.length % 2 === 1 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
  return { min: sorted[0]!, median, max: sorted[sorted.length - 1]! };
}
