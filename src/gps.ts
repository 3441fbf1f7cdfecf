// The pipeline: source → framer → parser → tracker, as one object with two faces:
// async iterators (`for await (const e of gps.events())`, `break` closes the source) and listeners
// (`gps.on("first-fix", …)` + `await gps.run()`). Isomorphic: no Node built-ins.

import { createFramer, type Framer, type FrameCommas } from "./framing/framer.js";
import { createParser, type Parser, type ParserOptions } from "./parsing/index.js";
import { createUbxDecoder } from "./parsing/ubx/index.js";
import { createTracker, type Tracker, type TrackerOptions } from "./state/index.js";
import { SourceClosedError, type Source } from "./sources/source.js";
import type { BinaryPacket, Diagnostic, Epoch, Frame, GpsEvent, PipelineStats, TrackerUpdate } from "./types.js";

export interface GpsOptions {
  source: Source;
  tracker?: Omit<TrackerOptions, "timeBase">;
  parser?: ParserOptions;
  /** Longest accepted line (framer), characters. */
  maxLineLength?: number;
  /**
   * Clock for receive times (ms). Default: the source's own clock (simulated time for `sim:`), else the
   * host's wall clock for live sources. Logs replayed as fast as possible use their own recorded
   * receive-time prefixes, or the sentences' UTC times when they have none.
   */
  clock?: () => number;
  /** How often staleness is checked on live sources while no data arrives (ms, default 250). */
  tickIntervalMs?: number;
}

type EventType = GpsEvent["type"];
type EventOf<T extends EventType> = Extract<GpsEvent, { type: T }>;
type Listener<T extends EventType> = (event: EventOf<T>) => void;

export interface Gps {
  readonly source: Source;
  /** Every event in order. Leaving the loop early closes the source. */
  events(): AsyncIterable<GpsEvent>;
  /** Epochs only. Leaving the loop early closes the source. */
  epochs(): AsyncIterable<Epoch>;
  /** Listen to one event type (any number of listeners); returns an unsubscribe function. */
  on<T extends EventType>(type: T, listener: Listener<T>): () => void;
  /** Drive the pipeline to the end of the source, dispatching to listeners only. */
  run(): Promise<void>;
  /** Send bytes to the receiver (commands). */
  write(bytes: Uint8Array): Promise<void>;
  /** Tell the tracker a restart was commanded now (TTFF restarts, start type = commanded). */
  markRestart(start: "cold" | "warm" | "hot" | "factory"): void;
  /** Tell the tracker correction bytes (RTCM) reached the receiver now: RTK times count from their first arrival. */
  noteCorrections(): void;
  readonly tracker: Tracker | undefined;
  readonly stats: PipelineStats;
  close(): Promise<void>;
}

const wallClock = (): number => Date.now();

/**
 * A stream clocked by its sentences' UTC (a pipe): once a second of arrival has gone by, says once whether
 * that UTC runs much faster than the bytes arrive (a replay at --speed 10 without --stamped), since times
 * and TTFF are then the log's own, not what the pipe's reader saw.
 */
function createPaceCheck(): (sentenceNowMs: number | undefined) => string | undefined {
  let first: { wallMs: number; sentenceMs: number } | undefined;
  let said = false;
  return (sentenceNowMs) => {
    if (said || sentenceNowMs === undefined) return undefined;
    const wallMs = Date.now();
    if (first === undefined) {
      first = { wallMs, sentenceMs: sentenceNowMs };
      return undefined;
    }
    const wallElapsedMs = wallMs - first.wallMs;
    if (wallElapsedMs < 1000) return undefined;
    const ratio = (sentenceNowMs - first.sentenceMs) / wallElapsedMs;
    if (ratio < 2) return undefined;
    said = true;
    return `the sentences' UTC runs ${ratio.toFixed(0)}× faster than they arrive: times and TTFF are the log's own (replay --stamped keeps its clock)`;
  };
}

/**
 * The clock a source runs on: its own (the simulator's), the wall clock for a live source, none for a log read as
 * fast as possible or a pipe (its stamps or its sentences' UTC clock it). Everything beside the tracker that
 * shows or measures time (monitor's timers, the publisher's stamps) uses this one rule.
 */
export function sourceClock(source: Source): (() => number) | undefined {
  return source.clock ?? (source.live && source.clockedBySentences !== true ? wallClock : undefined);
}

export function openGps(options: GpsOptions): Gps {
  const { source } = options;
  const clock = options.clock ?? sourceClock(source);
  const listeners = new Map<EventType, Set<(event: GpsEvent) => void>>();
  const stats: PipelineStats = { bytes: 0, frames: 0, sentences: 0, ubxMessages: 0, epochs: 0, diagnostics: {} };
  const parser: Parser = createParser(options.parser);
  const ubx = createUbxDecoder();
  let tracker: Tracker | undefined;
  let sink: ((event: GpsEvent) => void) | undefined;
  let started = false;
  // Commands written before the source is open wait for it (a driver may probe as soon as run() starts).
  let isOpen = false;
  let markOpen: () => void = () => undefined;
  const opened = new Promise<void>((resolve) => (markOpen = () => ((isOpen = true), resolve())));
  let closed = false;
  let tickTimer: ReturnType<typeof setInterval> | undefined;

  const has = (type: EventType): boolean => (listeners.get(type)?.size ?? 0) > 0;
  const dispatch = (event: GpsEvent): void => {
    const set = listeners.get(event.type);
    if (set) for (const listener of set) listener(event);
    sink?.(event);
  };
  // Frame and sentence events are many; build them only when someone listens.
  let wantFrames = false;
  let wantBinary = false;
  let wantSentences = false;
  let wantUbx = false;
  let iterated: ReadonlySet<EventType> | undefined;
  const refreshWants = (): void => {
    wantFrames = has("frame") || (iterated?.has("frame") ?? false);
    wantSentences = has("sentence") || (iterated?.has("sentence") ?? false);
    wantUbx = has("ubx") || (iterated?.has("ubx") ?? false);
    wantBinary = has("binary") || (iterated?.has("binary") ?? false);
  };

  const emitUpdate = (update: TrackerUpdate): void => {
    for (const event of update.events) {
      if (event.type === "epoch") stats.epochs++;
      dispatch(event);
    }
  };
  const onDiagnostic = (diagnostic: Diagnostic): void => {
    stats.diagnostics[diagnostic.kind] = (stats.diagnostics[diagnostic.kind] ?? 0) + 1;
    dispatch({ type: "diagnostic", diagnostic });
  };
  /** `receivedAtMs`: the first sentence's or UBX message's receive time, if it is the reason for the tracker. */
  const ensureTracker = (receivedAtMs: number | undefined, nowMs: number): Tracker => {
    if (tracker) return tracker;
    // A log read as fast as possible has no clock: stamped lines carry their receive time, plain
    // logs only their sentences' UTC times. The first frame or packet tells which.
    const stamped = clock !== undefined || (receivedAtMs !== undefined && Number.isFinite(receivedAtMs));
    tracker = createTracker({ ...options.tracker, timeBase: stamped ? "receive" : "sentence" });
    emitUpdate(tracker.open(nowMs, { receiverStarts: source.startsReceiver === true }));
    return tracker;
  };
  // Stamped input (`@time` prefixes written by `record`) carries its own clock, which wins over the
  // host's: `cat recording | gnsskit decode -` measures TTFF as it was live, like decoding the file.
  let chunkTimeMs = Number.NaN;
  let stampedNowMs: number | undefined;
  /** A sentence's or packet's receive time: a record stamp (not the chunk's time) is the clock from then on. */
  const noteReceiveTime = (receivedAtMs: number): void => {
    const stamped = Number.isFinite(receivedAtMs) && receivedAtMs !== chunkTimeMs;
    if (stamped && stampedNowMs === undefined && clock !== undefined) {
      // opened on the host clock: reopen on the stamps; after unstamped sentences (a replay's untimed first
      // cycles), the time before the stamps is not the log's
      if (stats.sentences + stats.ubxMessages === 0) tracker = undefined;
      else if (tracker) emitUpdate(tracker.clockReplaced(receivedAtMs));
    }
    if (stamped) stampedNowMs = receivedAtMs;
  };
  const onFrame = (frame: Frame, commas: FrameCommas): void => {
    noteReceiveTime(frame.receivedAtMs);
    stats.frames++;
    if (wantFrames) dispatch({ type: "frame", frame });
    const sentence = parser.parse(frame, onDiagnostic, commas);
    if (sentence === undefined) return;
    stats.sentences++;
    if (wantSentences) dispatch({ type: "sentence", sentence });
    const t = ensureTracker(frame.receivedAtMs, frame.receivedAtMs);
    emitUpdate(t.update(sentence, frame.receivedAtMs));
  };
  /** A whole binary packet: UBX is decoded into the same tracker (src/parsing/ubx/), the rest stays skipped. */
  const onBinary = (packet: BinaryPacket): boolean => {
    if (wantBinary) dispatch({ type: "binary", packet });
    if (packet.protocol !== "UBX") return false;
    noteReceiveTime(packet.receivedAtMs);
    const message = ubx.decode(packet.bytes, packet.receivedAtMs, onDiagnostic);
    if (message === undefined) return true;
    stats.ubxMessages++;
    if (wantUbx) dispatch({ type: "ubx", message });
    const t = ensureTracker(packet.receivedAtMs, packet.receivedAtMs);
    emitUpdate(t.update(message, packet.receivedAtMs));
    return true;
  };
  const framer: Framer = createFramer({
    onFrame,
    onDiagnostic,
    onBinary,
    ...(options.maxLineLength === undefined ? {} : { maxLineLength: options.maxLineLength }),
  });
  const now = (): number => stampedNowMs ?? (clock ? clock() : Number.NaN);

  const stopTicks = (): void => {
    if (tickTimer !== undefined) clearInterval(tickTimer);
    tickTimer = undefined;
  };
  const close = async (): Promise<void> => {
    if (closed) return;
    closed = true;
    stopTicks();
    await source.close();
  };

  /** Reads the source to its end, feeding every event to `dispatch`; yields once per chunk. */
  async function* pump(): AsyncGenerator<void> {
    if (started) throw new TypeError("a Gps pipeline can be run once");
    started = true;
    const unlink = source.onLink?.((link) => dispatch({ type: "link", link, atMs: now() }));
    try {
      await source.open();
      markOpen();
      if (clock) ensureTracker(undefined, now());
      // closed while it opened (Ctrl-C or --duration during a baud hunt): no ticks, whose interval would keep the process alive
      if (source.live && clock && !closed) {
        tickTimer = setInterval(() => {
          if (tracker) emitUpdate(tracker.tick(now()));
        }, options.tickIntervalMs ?? 250);
      }
      const pace = source.clockedBySentences === true ? createPaceCheck() : undefined;
      for await (const chunk of source) {
        chunkTimeMs = clock ? clock() : Number.NaN;
        const annotated = framer.annotationBytes;
        framer.push(chunk, chunkTimeMs);
        stats.bytes += chunk.byteLength - (framer.annotationBytes - annotated);
        if (pace !== undefined && stampedNowMs === undefined) {
          const message = pace(tracker?.nowMs);
          if (message !== undefined) dispatch({ type: "link", link: { type: "info", message }, atMs: now() });
        }
        yield;
        if (closed) break;
      }
      framer.end();
      if (tracker) emitUpdate(tracker.end(now()));
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      dispatch({ type: "error", error: err, atMs: now() });
      throw err;
    } finally {
      markOpen(); // never leave a waiting write behind: it fails on the closed source instead
      unlink?.();
      stopTicks();
      await close();
      dispatch({ type: "close", atMs: now() });
    }
  }

  const ALL_TYPES: ReadonlySet<EventType> = new Set<EventType>(["frame", "sentence", "binary", "ubx"]);
  async function* iterate<T>(select: (event: GpsEvent) => T | undefined, types: ReadonlySet<EventType>): AsyncGenerator<T> {
    let queue: T[] = [];
    sink = (event) => {
      const selected = select(event);
      if (selected !== undefined) queue.push(selected);
    };
    iterated = types;
    refreshWants();
    const chunks = pump();
    try {
      for (;;) {
        let done = false;
        let failure: unknown;
        try {
          done = (await chunks.next()).done === true;
        } catch (error) {
          failure = error;
        }
        // Deliver what arrived (the error and close events included) before ending or throwing.
        const batch = queue;
        queue = [];
        for (const item of batch) yield item;
        if (failure !== undefined) throw failure;
        if (done) break;
      }
    } finally {
      sink = undefined;
      await chunks.return(undefined);
      await close();
    }
  }

  return {
    source,
    events: () => iterate((event) => event, ALL_TYPES),
    epochs: () => iterate((event) => (event.type === "epoch" ? event.epoch : undefined), new Set<EventType>(["epoch"])),
    on(type, listener) {
      let set = listeners.get(type);
      if (!set) listeners.set(type, (set = new Set()));
      const untyped = listener as (event: GpsEvent) => void;
      set.add(untyped);
      refreshWants();
      return () => {
        set.delete(untyped);
        refreshWants();
      };
    },
    async run() {
      refreshWants();
      for await (const _ of pump()) {
        // listeners receive everything synchronously inside pump
      }
    },
    async write(bytes) {
      if (!source.write) throw new TypeError(`${source.name} does not accept commands`);
      // Once open, write at once: a command must reach the receiver before the next chunk is read
      // (a restart marked on the tracker just before it must not see an epoch of the old state).
      if (!isOpen) await opened;
      if (closed) throw new SourceClosedError(`${source.name}: closed, cannot write`);
      await source.write(bytes);
    },
    markRestart(start) {
      const t = ensureTracker(undefined, now());
      emitUpdate(t.restart(start, now()));
    },
    noteCorrections() {
      emitUpdate(ensureTracker(undefined, now()).corrections(now()));
    },
    get tracker() {
      return tracker;
    },
    stats,
    close,
  };
}
