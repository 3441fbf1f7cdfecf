// A Source over a live link (serial port, TCP socket, gpsd, UDP socket, BLE, Web Serial, Web Bluetooth) with the shared reconnect loop.
// Chunks that arrived are queued and always delivered, also when the link dies afterwards: the
// iterator drains the queue before it reports the loss.

import type { LinkEvent } from "../types.js";
import { SourceError, type Source } from "./source.js";
import type { ReconnectPolicy } from "./reconnect.js";

/** Callbacks a link uses to hand over what it receives. Calls from a replaced link are ignored. */
export interface LinkHandlers {
  data(chunk: Uint8Array): void;
  /** The link died (unplug, peer closed, I/O error). */
  lost(reason: string): void;
  /** Link news while connecting (baud detected, server banner). An info message does not repeat the source's name: whoever prints it adds it. */
  event(event: LinkEvent): void;
  /** Aborted when the source is closed while this connect is under way (a baud hunt stops at once and closes its port). */
  readonly signal: AbortSignal;
}

/** One open connection. */
export interface Link {
  write?(bytes: Uint8Array): Promise<void>;
  /** Closes without calling `lost`. */
  close(): Promise<void>;
  /** Flow control, where the transport has it (sockets). */
  pause?(): void;
  resume?(): void;
}

export interface LinkSourceOptions {
  name: string;
  /** Opens one connection; rejects with a SourceError when it cannot. */
  connect(handlers: LinkHandlers): Promise<Link>;
  reconnect: ReconnectPolicy | undefined;
  /** Pause a pausable link above this many queued bytes. Default 1 MiB. */
  highWaterMarkBytes?: number;
  /** Drop the oldest chunks above this many queued bytes (a consumer that stopped pulling). Default 64 MiB. */
  maxQueuedBytes?: number;
  /**
   * While reconnecting, subscribes to signs that the link is back (a serial device's node reappearing):
   * each `wake(why)` ends the backoff wait at once, so the reopen does not wait for the timer, which stays
   * as the fallback. Returns the unsubscribe.
   */
  watchReturn?(wake: (why: string) => void): () => void;
  /**
   * A connection that ends sooner than this after it opened did not bring the link back (a peer that accepts and
   * closes at once, a device that drops at once): the backoff goes on growing from where it was, instead of
   * starting again at its first wait. Default 5000 ms (OpenCPN retries a lost TCP source after 5-10 s).
   */
  stableAfterMs?: number;
}

/** A live Source with the counters tests and summaries use. */
export interface LinkSource extends Source {
  /** Bytes received from the link so far (queued or consumed). */
  readonly bytesReceived: number;
  readonly bytesWritten: number;
  /** Rejects with a SourceError while the link is down or closed (nothing is queued for later). */
  write(bytes: Uint8Array): Promise<void>;
  onLink(listener: (event: LinkEvent) => void): () => void;
}

type State = "idle" | "connecting" | "open" | "reconnecting" | "failed" | "closed";

export function createLinkSource(options: LinkSourceOptions): LinkSource {
  const highWaterMarkBytes = options.highWaterMarkBytes ?? 1 << 20;
  const maxQueuedBytes = options.maxQueuedBytes ?? 64 << 20;
  const listeners = new Set<(event: LinkEvent) => void>();
  const queue: Uint8Array[] = [];
  const waiters: Array<{ resolve: (r: IteratorResult<Uint8Array>) => void; reject: (e: unknown) => void }> = [];
  let queuedBytes = 0;
  let state: State = "idle";
  let link: Link | undefined;
  let generation = 0;
  let failure: SourceError | undefined;
  let failureReported = false;
  let paused = false;
  let droppedBytes = 0;
  let bytesReceived = 0;
  let bytesWritten = 0;
  let cancelWait: (() => void) | undefined;
  /** Ends the current backoff wait early (the link is back); undefined while not waiting. */
  let wakeWait: (() => void) | undefined;
  /** A sign the link is back came while no wait was running: the next wait ends at once. */
  let woken = false;
  /** Aborts the connect under way, if any, when the source is closed. */
  let connecting: AbortController | undefined;
  /** When the open link was made, and how many connections in a row ended before they were stable. */
  let connectedAtMs = 0;
  let shortLived = 0;
  const stableAfterMs = options.stableAfterMs ?? 5000;

  const emit = (event: LinkEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };

  const settleWaiters = (): void => {
    while (waiters.length > 0) {
      const chunk = queue.shift();
      if (chunk !== undefined) {
        queuedBytes -= chunk.length;
        waiters.shift()?.resolve({ value: chunk, done: false });
        continue;
      }
      if (state === "failed" && failure !== undefined && !failureReported) {
        failureReported = true;
        waiters.shift()?.reject(failure);
        continue;
      }
      if (state === "failed" || state === "closed") {
        waiters.shift()?.resolve({ value: undefined, done: true });
        continue;
      }
      break;
    }
    if (paused && queuedBytes < highWaterMarkBytes / 2) {
      paused = false;
      link?.resume?.();
    }
  };

  const handlersFor = (gen: number, signal: AbortSignal): LinkHandlers => ({
    signal,
    data(chunk) {
      if (gen !== generation || state === "closed" || chunk.length === 0) return;
      bytesReceived += chunk.length;
      queue.push(chunk);
      queuedBytes += chunk.length;
      while (queuedBytes > maxQueuedBytes && queue.length > 1) {
        const dropped = queue.shift();
        if (dropped === undefined) break;
        queuedBytes -= dropped.length;
        if (droppedBytes === 0) emit({ type: "info", message: "consumer too slow, dropping the oldest data" });
        droppedBytes += dropped.length;
      }
      if (!paused && queuedBytes > highWaterMarkBytes && link?.pause !== undefined) {
        paused = true;
        link.pause();
      }
      settleWaiters();
    },
    lost(reason) {
      if (gen !== generation || state !== "open") return;
      generation++;
      const dead = link;
      link = undefined;
      paused = false;
      void dead?.close().catch(() => undefined);
      void onLost(reason);
    },
    event(event) {
      if (gen === generation && state !== "closed") emit(event);
    },
  });

  const fail = (error: SourceError): void => {
    state = "failed";
    failure = error;
    settleWaiters();
  };

  /** Resolves false when the wait was cancelled by close(), true when it ran out or the link came back. */
  const wait = (ms: number): Promise<boolean> =>
    new Promise((resolve) => {
      const end = (result: boolean): void => {
        clearTimeout(timer);
        cancelWait = undefined;
        wakeWait = undefined;
        resolve(result);
      };
      const timer = setTimeout(() => end(true), ms);
      cancelWait = () => end(false);
      wakeWait = () => end(true);
      if (woken) end(true);
    });

  const wake = (why: string): void => {
    if (state !== "reconnecting") return;
    woken = true;
    if (wakeWait === undefined) return; // an attempt is on its way: the next wait ends at once
    emit({ type: "info", message: `${why}: reopening now` });
    wakeWait();
  };

  const connectOnce = async (): Promise<boolean> => {
    const gen = ++generation;
    const controller = new AbortController();
    connecting = controller;
    let opened: Link;
    try {
      opened = await options.connect(handlersFor(gen, controller.signal));
    } finally {
      if (connecting === controller) connecting = undefined;
    }
    if (state === "closed") {
      await opened.close().catch(() => undefined);
      return false;
    }
    link = opened;
    state = "open";
    connectedAtMs = Date.now();
    return true;
  };

  const onLost = async (reason: string): Promise<void> => {
    const policy = options.reconnect;
    if (policy === undefined || policy.maxAttempts === 0) {
      emit({ type: "disconnected", reason });
      fail(new SourceError(`${options.name}: ${reason}`, { disconnected: true }));
      return;
    }
    state = "reconnecting";
    const downSinceMs = Date.now();
    shortLived = downSinceMs - connectedAtMs < stableAfterMs ? shortLived + 1 : 0;
    // after a second short-lived connection in a row the waits go on from where the last ones left off (one drop
    // soon after opening, an unplug, starts at the first wait as before)
    const skipped = Math.max(0, shortLived - 1);
    emit({ type: "disconnected", reason, retryInMs: policy.delayMs(skipped), ...(shortLived > 0 ? { shortLived } : {}) });
    woken = false;
    const unwatch = options.watchReturn?.(wake);
    try {
      let lastError = reason;
      for (let attempt = 0; attempt < policy.maxAttempts; attempt++) {
        if (!(await wait(policy.delayMs(attempt + skipped)))) return;
        if (state !== "reconnecting") return;
        woken = false; // this attempt sees the link as it is now
        try {
          if (!(await connectOnce())) return;
          emit({ type: "reconnected", downForMs: Date.now() - downSinceMs });
          settleWaiters();
          return;
        } catch (error) {
          if ((state as State) === "closed") return;
          lastError = error instanceof Error ? error.message : String(error);
          if (attempt + 1 < policy.maxAttempts) {
            emit({ type: "info", message: `reconnect attempt ${attempt + 1} failed (${lastError}), next in ${policy.delayMs(attempt + 1 + skipped)} ms` });
          }
        }
      }
      fail(new SourceError(`${options.name}: gave up reconnecting after ${policy.maxAttempts} attempts: ${lastError}`, { disconnected: true }));
    } finally {
      unwatch?.();
    }
  };

  const close = async (): Promise<void> => {
    if (state === "closed") return;
    state = "closed";
    generation++;
    cancelWait?.();
    connecting?.abort();
    const open = link;
    link = undefined;
    queue.length = 0;
    queuedBytes = 0;
    settleWaiters();
    await open?.close().catch(() => undefined);
  };

  return {
    name: options.name,
    live: true,
    get bytesReceived() {
      return bytesReceived;
    },
    get bytesWritten() {
      return bytesWritten;
    },
    async open() {
      if (state !== "idle") throw new SourceError(`${options.name}: already opened`);
      state = "connecting";
      try {
        await connectOnce();
      } catch (error) {
        if ((state as State) === "closed") return;
        state = "failed";
        throw error instanceof SourceError ? error : new SourceError(`${options.name}: ${String(error)}`, { cause: error });
      }
    },
    async write(bytes) {
      const current = link;
      if (state !== "open" || current === undefined) {
        const why = state === "reconnecting" ? "the link is down, reconnecting" : state === "idle" || state === "connecting" ? "not open yet" : "closed";
        throw new SourceError(`${options.name}: cannot write (${why})`, { disconnected: state === "reconnecting" });
      }
      if (current.write === undefined) throw new SourceError(`${options.name}: this link does not take writes`);
      await current.write(bytes);
      bytesWritten += bytes.length;
    },
    close,
    onLink(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    [Symbol.asyncIterator](): AsyncIterator<Uint8Array> {
      return {
        next: () =>
          new Promise<IteratorResult<Uint8Array>>((resolve, reject) => {
            waiters.push({ resolve, reject });
            settleWaiters();
          }),
        return: async () => {
          await close();
          return { value: undefined, done: true };
        },
      };
    },
  };
}
