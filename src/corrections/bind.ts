// Corrections bound to a receiver: the correction source (an NTRIP caster, or any Source of RTCM 3 bytes) is
// read beside the receiver's pipeline; checked frames are written to the receiver through its own source (serial,
// TCP, Bluetooth, the simulator), between what it reads, and the tracker is told they arrived (RTK times count
// from it). The receiver's latest GGA goes back to a caster that takes it. Isomorphic: no Node built-ins.

import type { Gps } from "../gps.js";
import type { Source } from "../sources/source.js";
import type { LinkEvent } from "../types.js";
import { createCorrectionFeed, type CorrectionStats } from "./feed.js";

export type CorrectionLinkState =
  | { kind: "connecting" }
  | { kind: "connected"; detail?: string }
  | { kind: "down"; reason: string; retryInMs?: number }
  | { kind: "failed"; reason: string }
  | { kind: "closed" };

export type CorrectionEvent =
  | { type: "link"; link: LinkEvent }
  /** The first frame reached the receiver. */
  | { type: "first-frame"; messageType: number; atMs: number }
  /** Writing to the receiver failed: corrections stop reaching it (the reason, once). */
  | { type: "forward-failed"; message: string }
  /** The correction source failed for good (after its retries) or could not be opened. */
  | { type: "failed"; error: Error };

export interface CorrectionBindingStats extends CorrectionStats {
  /** Age of the last frame forwarded, ms, on the receiver's clock. */
  ageMs?: number;
  /** GGA sentences sent back to the caster. */
  ggaSent?: number;
  link: CorrectionLinkState;
}

export interface CorrectionBinding {
  readonly source: Source;
  /** Resolves once the correction source is open; rejects with its error when it cannot be (401, 404, no caster…). */
  readonly opened: Promise<void>;
  /** Resolves when the correction source has ended (closed, or failed for good: see the `failed` event). */
  readonly done: Promise<void>;
  stats(): CorrectionBindingStats;
  on(listener: (event: CorrectionEvent) => void): () => void;
  close(): Promise<void>;
}

/** A correction source that takes the rover's GGA (the NTRIP client). */
interface TakesGga {
  useGga(gga: () => string | undefined): void;
  readonly ggaSent: number;
}
const takesGga = (source: Source): source is Source & TakesGga => typeof (source as Partial<TakesGga>).useGga === "function";

export interface BindCorrectionsOptions {
  /** The receiver's clock (default: its source's clock, else the wall clock). */
  clock?: () => number;
}

export function bindCorrections(
  gps: Pick<Gps, "write" | "on" | "source" | "noteCorrections">,
  corrections: Source,
  options: BindCorrectionsOptions = {},
): CorrectionBinding {
  const clock = options.clock ?? gps.source.clock ?? ((): number => Date.now());
  const listeners = new Set<(event: CorrectionEvent) => void>();
  const emit = (event: CorrectionEvent): void => {
    for (const listener of [...listeners]) listener(event);
  };
  let link: CorrectionLinkState = { kind: "connecting" };
  let closed = false;
  let forwardFailed = false;
  let pending: Uint8Array[] = [];
  let writing = Promise.resolve();
  let firstSaid = false;

  const feed = createCorrectionFeed((frame, messageType) => {
    if (forwardFailed) return;
    pending.push(frame);
    if (!firstSaid) {
      firstSaid = true;
      emit({ type: "first-frame", messageType, atMs: clock() });
    }
  });
  /** The frames of one chunk go to the receiver in one write, in order after the previous ones. */
  const flush = (): void => {
    if (pending.length === 0) return;
    const frames = pending;
    pending = [];
    const bytes = new Uint8Array(frames.reduce((n, f) => n + f.length, 0));
    let at = 0;
    for (const frame of frames) {
      bytes.set(frame, at);
      at += frame.length;
    }
    writing = writing.then(async () => {
      if (forwardFailed || closed) return;
      try {
        await gps.write(bytes);
        gps.noteCorrections();
      } catch (error) {
        if (closed) return;
        forwardFailed = true;
        emit({ type: "forward-failed", message: error instanceof Error ? error.message : String(error) });
      }
    });
  };

  // The receiver's own GGA, as it sent it, for a caster that wants the rover's position.
  let lastGga: string | undefined;
  const offSentence = gps.on("sentence", ({ sentence }) => {
    if (sentence.sentenceId === "GGA" && sentence.quality !== undefined && sentence.quality > 0 && sentence.latitudeDeg !== undefined) lastGga = sentence.raw;
  });
  if (takesGga(corrections)) corrections.useGga(() => lastGga);
  const offLink = corrections.onLink?.((event) => {
    if (event.type === "connected") link = { kind: "connected", ...(event.detail === undefined ? {} : { detail: event.detail }) };
    else if (event.type === "disconnected")
      link = { kind: "down", reason: event.reason, ...(event.retryInMs === undefined ? {} : { retryInMs: event.retryInMs }) };
    else if (event.type === "reconnected" && link.kind !== "connected") link = { kind: "connected" };
    emit({ type: "link", link: event });
  });

  let resolveOpened: () => void = () => undefined;
  let rejectOpened: (error: unknown) => void = () => undefined;
  const opened = new Promise<void>((resolve, reject) => {
    resolveOpened = resolve;
    rejectOpened = reject;
  });
  opened.catch(() => undefined); // a caller that never awaits it still sees the `failed` event

  const done = (async (): Promise<void> => {
    try {
      await corrections.open();
      if (link.kind === "connecting") link = { kind: "connected" };
      resolveOpened();
      for await (const chunk of corrections) {
        if (closed) break;
        feed.push(chunk, clock());
        flush();
      }
      if (!closed) link = { kind: "closed" };
    } catch (error) {
      const err = error instanceof Error ? error : new Error(String(error));
      rejectOpened(err);
      if (!closed) {
        link = { kind: "failed", reason: err.message };
        emit({ type: "failed", error: err });
      }
    } finally {
      offSentence();
      offLink?.();
      await writing;
    }
  })();

  return {
    source: corrections,
    opened,
    done,
    stats() {
      const nowMs = clock();
      const stats: CorrectionBindingStats = { ...feed.stats(nowMs), link };
      if (stats.lastFrameAtMs !== undefined) stats.ageMs = Math.max(0, nowMs - stats.lastFrameAtMs);
      if (takesGga(corrections)) stats.ggaSent = corrections.ggaSent;
      return stats;
    },
    on(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    async close() {
      if (closed) return;
      closed = true;
      link = { kind: "closed" };
      await corrections.close();
      await done;
    },
  };
}
