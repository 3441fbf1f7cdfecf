// The correction feed: bytes from a caster (or any source of RTCM 3) → checked frames for the receiver, and what
// they cost. Only frames whose CRC checks are passed on; corrupt ones are counted (never forwarded), bytes that
// are no RTCM 3 (a caster relaying a receiver's NMEA or UBX too) are counted and dropped. Pure: times come in as
// arguments, on the receiver's clock (simulated time for sim:), so the age of corrections is what the receiver
// experiences.

import { createRtcm3Framer } from "../framing/rtcm3.js";

export interface CorrectionStats {
  /** Bytes the caster sent (after HTTP chunking was removed). */
  bytesReceived: number;
  /** Checked frames passed on to the receiver, and their bytes. */
  framesForwarded: number;
  bytesForwarded: number;
  /** Frames that failed the CRC (or were cut short): counted, never forwarded. */
  corruptFrames: number;
  /** Bytes outside any RTCM 3 frame: dropped. */
  skippedBytes: number;
  /** Frames forwarded per RTCM message number (1005, 1077, 1230, …). */
  framesByType: Record<number, number>;
  /** Receiver clock of the first and the last frame forwarded. */
  firstFrameAtMs?: number;
  lastFrameAtMs?: number;
  /** Bytes received over the last minute (or since the first byte, when that is shorter), per minute. */
  bytesPerMinute: number;
}

export interface CorrectionFeed {
  /** Bytes from the caster at `atMs`; the checked frames go to `forward`, in order. */
  push(bytes: Uint8Array, atMs: number): void;
  stats(nowMs: number): CorrectionStats;
}

const MINUTE_MS = 60_000;
const BUCKET_MS = 1000;

export function createCorrectionFeed(forward: (frame: Uint8Array, messageType: number) => void): CorrectionFeed {
  const stats: Omit<CorrectionStats, "bytesPerMinute"> = {
    bytesReceived: 0,
    framesForwarded: 0,
    bytesForwarded: 0,
    corruptFrames: 0,
    skippedBytes: 0,
    framesByType: {},
  };
  let firstByteAtMs: number | undefined;
  /** Bytes per second-bucket of the last minute: [bucket start, bytes]. */
  const recent: [number, number][] = [];
  let pushAtMs = 0;
  const framer = createRtcm3Framer({
    frame(frame, messageType) {
      stats.framesForwarded++;
      stats.bytesForwarded += frame.length;
      stats.framesByType[messageType] = (stats.framesByType[messageType] ?? 0) + 1;
      stats.firstFrameAtMs ??= pushAtMs;
      stats.lastFrameAtMs = pushAtMs;
      forward(frame, messageType);
    },
    corrupt() {
      stats.corruptFrames++;
    },
    skipped(count) {
      stats.skippedBytes += count;
    },
  });
  const forget = (nowMs: number): void => {
    while (recent.length > 0 && recent[0]![0] <= nowMs - MINUTE_MS) recent.shift();
  };
  return {
    push(bytes, atMs) {
      if (bytes.length === 0) return;
      pushAtMs = atMs;
      firstByteAtMs ??= atMs;
      stats.bytesReceived += bytes.length;
      const bucket = Math.floor(atMs / BUCKET_MS) * BUCKET_MS;
      const last = recent[recent.length - 1];
      if (last !== undefined && last[0] === bucket) last[1] += bytes.length;
      else recent.push([bucket, bytes.length]);
      forget(atMs);
      framer.push(bytes);
    },
    stats(nowMs) {
      forget(nowMs);
      const bytes = recent.reduce((n, [, b]) => n + b, 0);
      const spanMs = firstByteAtMs === undefined ? 0 : Math.min(MINUTE_MS, Math.max(BUCKET_MS, nowMs - firstByteAtMs));
      return { ...stats, framesByType: { ...stats.framesByType }, bytesPerMinute: spanMs === 0 ? 0 : (bytes * MINUTE_MS) / spanMs };
    },
  };
}
