// The diagnosis of a receiver, fed with the pipeline's events: "why no fix yet" in words, what the sky shows,
// what the receiver says of itself. Beside the tracker, not in it: the tracker stays a pure reducer of
// sentences, and this a pure reducer of its epochs (time only from them). The rules are plain functions of an
// epoch and what came before (waiting.ts, sky.ts, sky-mask.ts), each testable alone.

import type { Epoch, GpsEvent, ReceiverStatus, RfStatus, StartInfo } from "../types.js";
import type { Observer, Sky } from "../orbits/sky.js";
import type { Gps } from "../gps.js";
import { createHistory } from "./history.js";
import { createSkyMaskObserver, roofOf } from "./sky-mask.js";
import { obstructionLines, receiverRfLines, weakSkyLine } from "./sky.js";
import { waitingLine } from "./waiting.js";
import type { Diagnosis, DiagnosisLine } from "./types.js";

export interface DiagnoserOptions {
  /**
   * An almanac's sky (`createSky` from `gnsskit`'s orbits, or `loadBundledSky()` for the simulator): the
   * satellites it predicts count as missing where the receiver does not hear them, also when the receiver does
   * not list what it does not track.
   */
  sky?: Sky;
  /** Where the receiver is, for the almanac before its first fix (after it, its fix). */
  position?: Observer;
  /**
   * What the epochs' times are: receive times (live, a recording, the simulator), or a plain log's sentence
   * times, where the cycles before the receiver's first time of day have no clock (default: receive).
   */
  clock?: "receive" | "sentence";
  /**
   * Reading begins as the receiver powers on (the simulator: `Source.startsReceiver`): what it tracks in its first
   * epoch was locked then. Otherwise (a log, a port opened on a running receiver) those locks are older: how much,
   * nobody knows, and no window is given from them.
   */
  receiverStarts?: boolean;
}

export interface Diagnoser {
  /**
   * Feed every event of the pipeline (epochs, start and restart events, and the tracker's receiver events for
   * the front end it holds: a u-blox MON-HW / MON-RF, an NMEA TXT `ANTSTATUS=`; the rest is ignored).
   */
  add(event: GpsEvent): void;
  /** The diagnosis after the last epoch. */
  diagnosis(): Diagnosis;
  /** Only what the receiver waits for after the last epoch (cheap: no sky mask), and whether that epoch had a clock. */
  waiting(): { line: DiagnosisLine | undefined; clocked: boolean };
}

export function createDiagnoser(options: DiagnoserOptions = {}): Diagnoser {
  const history = createHistory();
  const sky = createSkyMaskObserver();
  const prediction = options.sky === undefined ? undefined : { sky: options.sky, ...(options.position === undefined ? {} : { position: options.position }) };
  let start: StartInfo | undefined;
  let last: { epoch: Epoch; clocked: boolean } | undefined;
  let clockBegun = options.clock !== "sentence";
  let cached: Diagnosis | undefined;
  // the receiver's front end as its last status said it (UBX MON-HW/MON-RF, a TXT's antenna): it holds until the next
  let rf: RfStatus | undefined;
  if (options.receiverStarts === true) history.reset();

  const addEpoch = (epoch: Epoch): void => {
    // a cycle the input cut short says what arrived, not what the receiver reported
    if (epoch.incomplete === true) return;
    if (epoch.timeOfDayMs !== undefined) clockBegun = true;
    if (epoch.rf === undefined && rf !== undefined) epoch = { ...epoch, rf };
    const clocked = clockBegun && Number.isFinite(epoch.receivedAtMs);
    history.observe(epoch, clocked);
    sky.observe(epoch, clocked, prediction);
    last = { epoch, clocked };
    cached = undefined;
  };

  return {
    add(event) {
      if (event.type === "epoch") addEpoch(event.epoch);
      else if (event.type === "receiver") rf = rfOf(event.receiver);
      else if (event.type === "restart") {
        // the receiver said it restarted, or its clock went back to a default: its tracking began again, so what
        // it locks from now on is dated from here (not "first locked before it could be timed", from the log's start)
        history.reset();
        sky.reset();
        // the run before's start type is not this run's (the tracker infers this one anew)
        start = undefined;
        cached = undefined;
        // a default clock is told by the restart's first cycle, whose epoch came before this event: it is the new run's
        if (event.cause === "default-clock" && last !== undefined) {
          history.observe(last.epoch, last.clocked);
          sky.observe(last.epoch, last.clocked, prediction);
        }
      } else if (event.type === "start") {
        start = event.start;
        // a commanded restart: what was locked and fixed before says nothing of the receiver now
        if (event.start.basis === "commanded") {
          history.reset();
          sky.reset();
        }
        cached = undefined;
      }
    },
    waiting() {
      if (last === undefined) return { line: undefined, clocked: false };
      const { epoch, clocked } = last;
      return {
        line: cached?.lines.find((l) => l.kind === "waiting") ?? waitingLine({ epoch, history, clocked, ...(start === undefined ? {} : { start }) }),
        clocked,
      };
    },
    diagnosis() {
      if (cached !== undefined) return cached;
      const mask = sky.mask();
      if (last === undefined) return (cached = { clocked: false, lines: [], mask });
      const { epoch, clocked } = last;
      const waiting = waitingLine({ epoch, history, clocked, ...(start === undefined ? {} : { start }) });
      const weak = weakSkyLine(epoch);
      // a sky weak as a whole (or blocked up to a roof's height) is no mask: no sector named, none shaded
      const attenuated = weak !== undefined || roofOf(mask) !== undefined;
      cached = {
        atMs: epoch.receivedAtMs,
        clocked,
        lines: [
          ...(waiting === undefined ? [] : [waiting]),
          ...receiverRfLines(epoch),
          // with a weak sky, only what the mask says without a sector (the receiver moved: not measured)
          ...(weak === undefined ? obstructionLines(mask, epoch) : [weak, ...obstructionLines({ ...mask, blocked: [] }, epoch)]),
        ],
        mask: attenuated ? { ...mask, blocked: [] } : mask,
      };
      return cached;
    },
  };
}

/**
 * The receiver's front end as the diagnosis words it, from the status the tracker holds (u-blox MON-HW/MON-RF: the
 * worst band; an NMEA receiver's TXT `ANTSTATUS=OPEN`): a jamming monitor not enabled says nothing, nor does an
 * antenna supervisor at init or "don't know", but a power off. Undefined when it says nothing of the front end.
 */
export function rfOf(receiver: ReceiverStatus): RfStatus | undefined {
  const { antenna, jamming, jammingIndicator } = receiver;
  const antennaStatus = antenna === "ok" || antenna === "short" || antenna === "open" ? antenna : receiver.antennaPower === "off" ? "off" : undefined;
  const jammingState = jamming === "unknown" ? undefined : jamming;
  if (antennaStatus === undefined && jammingState === undefined && jammingIndicator === undefined) return undefined;
  return {
    ...(jammingState === undefined ? {} : { jammingState }),
    ...(jammingIndicator === undefined ? {} : { jammingIndicator }),
    ...(antennaStatus === undefined ? {} : { antennaStatus }),
  };
}

/**
 * The pipeline's diagnosis as it goes: a diagnoser fed with `gps`'s events, and `onDiagnosis` listeners told
 * after each epoch (the library's "diagnosis" event). Attach before `gps.run()` or iterating its events.
 */
export function watchDiagnosis(
  gps: Gps,
  options: DiagnoserOptions = {},
): { diagnoser: Diagnoser; onDiagnosis(listener: (diagnosis: Diagnosis) => void): () => void } {
  const diagnoser = createDiagnoser({ receiverStarts: gps.source.startsReceiver === true, ...options });
  const listeners = new Set<(diagnosis: Diagnosis) => void>();
  gps.on("start", (event) => diagnoser.add(event));
  gps.on("restart", (event) => diagnoser.add(event));
  gps.on("receiver", (event) => diagnoser.add(event));
  gps.on("epoch", (event) => {
    diagnoser.add(event);
    if (listeners.size === 0) return;
    const diagnosis = diagnoser.diagnosis();
    for (const listener of listeners) listener(diagnosis);
  });
  return {
    diagnoser,
    onDiagnosis(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}
