// Shared helpers for the framing tests: run input through a framer, build binary packets byte by byte.

import { createFramer, type FramerOptions, type FramerStats } from "../../src/framing/index.js";
import type { Diagnostic, Frame } from "../../src/types.js";

export type FramerEvent = { frame: Frame } | { diagnostic: Diagnostic };

export interface FramerRun {
  events: FramerEvent[];
  frames: Frame[];
  diagnostics: Diagnostic[];
  /** Per frame, the comma offsets the framer handed over with it. */
  commas: number[][];
  /** Per frame, where the framer said its last field ends. */
  fieldEnds: number[];
  stats: FramerStats;
}

/** Latin-1 text → bytes (one byte per char, as the framer reads them). */
export function latin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let k = 0; k < text.length; k++) bytes[k] = text.charCodeAt(k) & 0xff;
  return bytes;
}

export function bytesToLatin1(bytes: Uint8Array): string {
  let text = "";
  for (const b of bytes) text += String.fromCharCode(b);
  return text;
}

/**
 * Pushes `chunks` (each at its own time, default 1000) then ends the input. Text chunks go through pushText,
 * byte chunks through push.
 */
export function runFramer(
  chunks: readonly (string | Uint8Array)[],
  options: Omit<FramerOptions, "onFrame" | "onDiagnostic"> = {},
  times?: readonly number[],
): FramerRun {
  const events: FramerEvent[] = [];
  const frames: Frame[] = [];
  const diagnostics: Diagnostic[] = [];
  const commas: number[][] = [];
  const fieldEnds: number[] = [];
  const framer = createFramer({
    ...options,
    onFrame: (frame, found) => {
      events.push({ frame });
      frames.push(frame);
      commas.push(Array.from(found.offsets.subarray(0, found.count)));
      fieldEnds.push(found.end);
    },
    onDiagnostic: (diagnostic) => {
      events.push({ diagnostic });
      diagnostics.push(diagnostic);
    },
  });
  chunks.forEach((chunk, k) => {
    const at = times?.[k] ?? 1000;
    if (typeof chunk === "string") framer.pushText(chunk, at);
    else framer.push(chunk, at);
  });
  framer.end();
  return { events, frames, diagnostics, commas, fieldEnds, stats: framer.stats };
}

/** Compact, comparable form of the events: `F ok $GPGGA…`, `D garbage 3`. */
export function summarize(events: readonly FramerEvent[]): string[] {
  return events.map((event) =>
    "frame" in event
      ? `F ${event.frame.checksum} ${event.frame.text}`
      : `D ${event.diagnostic.kind}${event.diagnostic.byteCount === undefined ? "" : ` ${event.diagnostic.byteCount}`}`,
  );
}

/** Splits `bytes` at the given offsets (sorted, deduplicated, inside the array). */
export function splitAt(bytes: Uint8Array, offsets: readonly number[]): Uint8Array[] {
  const cuts = [...new Set(offsets.filter((o) => o > 0 && o < bytes.length))].sort((a, b) => a - b);
  const parts: Uint8Array[] = [];
  let from = 0;
  for (const cut of cuts) {
    parts.push(bytes.subarray(from, cut));
    from = cut;
  }
  parts.push(bytes.subarray(from));
  return parts;
}

// ───────────── binary packets (checksums computed as each protocol defines them) ─────────────

export function ubxPacket(messageClass: number, messageId: number, payload: readonly number[]): Uint8Array {
  const body = [messageClass, messageId, payload.length & 0xff, payload.length >> 8, ...payload];
  let a = 0;
  let b = 0;
  for (const byte of body) {
    a = (a + byte) & 0xff;
    b = (b + a) & 0xff;
  }
  return Uint8Array.from([0xb5, 0x62, ...body, a, b]);
}

export function sirfPacket(payload: readonly number[]): Uint8Array {
  const sum = payload.reduce((acc, byte) => (acc + byte) & 0x7fff, 0);
  return Uint8Array.from([0xa0, 0xa2, payload.length >> 8, payload.length & 0xff, ...payload, sum >> 8, sum & 0xff, 0xb0, 0xb3]);
}

export function rtcm3Packet(payload: readonly number[]): Uint8Array {
  const frame = [0xd3, (payload.length >> 8) & 0x03, payload.length & 0xff, ...payload];
  const crc = crc24q(frame);
  return Uint8Array.from([...frame, (crc >> 16) & 0xff, (crc >> 8) & 0xff, crc & 0xff]);
}

export function casicPacket(messageClass: number, messageId: number, payload: readonly number[]): Uint8Array {
  // CASIC checksum: (id << 24) + (class << 16) + length, plus the payload as little-endian 32-bit words
  let sum = ((messageId << 24) + (messageClass << 16) + payload.length) >>> 0;
  for (let k = 0; k < payload.length; k += 4) {
    const word = (payload[k] ?? 0) | ((payload[k + 1] ?? 0) << 8) | ((payload[k + 2] ?? 0) << 16) | ((payload[k + 3] ?? 0) << 24);
    sum = (sum + (word >>> 0)) >>> 0;
  }
  return Uint8Array.from([
    0xba,
    0xce,
    payload.length & 0xff,
    payload.length >> 8,
    messageClass,
    messageId,
    ...payload,
    sum & 0xff,
    (sum >>> 8) & 0xff,
    (sum >>> 16) & 0xff,
    sum >>> 24,
  ]);
}

function crc24q(bytes: readonly number[]): number {
  let crc = 0;
  for (const byte of bytes) {
    crc ^= byte << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
  }
  return crc & 0xffffff;
}

export function concatBytes(...parts: readonly (Uint8Array | string)[]): Uint8Array {
  const arrays = parts.map((part) => (typeof part === "string" ? latin1(part) : part));
  const out = new Uint8Array(arrays.reduce((n, a) => n + a.length, 0));
  let at = 0;
  for (const a of arrays) {
    out.set(a, at);
    at += a.length;
  }
  return out;
}
