// The physical figures the diagnosis rests on, each with its source, and the windows they give. Nothing here
// is tuned to a receiver: an estimate is given only where the signal's own structure fixes it.
//
// - GPS L1 C/A (LNAV) and QZSS: a 30 s frame of five 6 s subframes; subframes 1–3 carry the ephemeris and
//   clock; every subframe's handover word carries the time of week; frames start at GPS time-of-week
//   multiples of 30 s (IS-GPS-200 §20.3.2; domain.md §2.1: "18-sec long navigation message (subframe 1-3),
//   repeats every 30 s").
// - BeiDou D1 (MEO/IGSO): the same frame shape (five 6 s subframes, ephemeris in 1–3), aligned on BeiDou time,
//   GPS − 14 s (BDS-SIS-ICD-B1I §5.2): the window after a lock is the same, its phase differs.
// - GLONASS L1OF: a 30 s frame of fifteen 2 s strings aligned on UTC(SU) (UTC + 3 h), the ephemeris and time
//   scale in strings 1–5 (GLONASS ICD 5.1 §4.4).
// - Galileo I/NAV: its page layout is not in the notes this rests on: no window is given for it.
// A part counts when read whole from its first bit, after bit synchronisation; parts may be gathered across
// frames. Hence, after a lock: the ephemeris of a GPS satellite takes 18–36 s of clean signal (u-blox: "18–36 s
// under strong signals"), the time of week 6–12 s.
//
// Reading the message: the data is BPSK at 50 bit/s, so Eb/N0 = C/N0 − 10·log10(50) = C/N0 − 17 dB; a bit error
// rate of 1e-5 (a 300-bit subframe read without error 99.7 % of the time) needs Eb/N0 ≈ 9.6 dB, so C/N0 ≥ 27
// dB-Hz. Received power: IS-GPS-200 guarantees at least −158.5 dBW for L1 C/A at the ground; against thermal noise
// of −204 dBW/Hz that is 45.5 dB-Hz, less a receiver's noise figure and losses (2–5 dB): a working antenna with
// open sky hears a high satellite at about 40 dB-Hz or more.

import { GPS_UTC_LEAP_SECONDS } from "../gps-time.js";
import type { Constellation } from "../types.js";

/** Bit synchronisation: finding the edges of 20 ms data bits takes 50–100 bits, up to 2 s. */
export const BIT_SYNC_MAX_MS = 2_000;
/** C/N0 needed to read the 50 bit/s navigation message (Eb/N0 9.6 dB for a bit error rate of 1e-5). */
export const DECODE_CN0_DB_HZ = Math.round(10 * Math.log10(50) + 9.6);
/** C/N0 a working antenna gives a satellite above HIGH_ELEVATION_DEG in the open (IS-GPS-200 minimum power). */
export const OPEN_SKY_HIGH_CN0_DB_HZ = 40;
export const HIGH_ELEVATION_DEG = 45;

/** A navigation message's layout: the parts that must be read for the ephemeris, within a repeating frame. */
export interface MessageLayout {
  /** In words, for the evidence */
  name: string;
  frameMs: number;
  partMs: number;
  /** Parts 0..ephemerisParts-1 of each frame carry the ephemeris */
  ephemerisParts: number;
  /**
   * Frames start when (UTC ms + frameOffsetMs) is a multiple of frameMs; undefined: the phase is not known,
   * only the window after a lock.
   */
  frameOffsetMs?: number;
}

const LNAV: MessageLayout = {
  name: "subframes 1–3 (6 s each, every 30 s)",
  frameMs: 30_000,
  partMs: 6_000,
  ephemerisParts: 3,
  // the frames of GPS-time systems are aligned on GPS time
  frameOffsetMs: GPS_UTC_LEAP_SECONDS * 1000,
};
const BEIDOU_D1: MessageLayout = { name: "subframes 1–3 (6 s each, every 30 s)", frameMs: 30_000, partMs: 6_000, ephemerisParts: 3 };
const GLONASS: MessageLayout = { name: "strings 1–5 (2 s each, every 30 s)", frameMs: 30_000, partMs: 2_000, ephemerisParts: 5, frameOffsetMs: 0 };

/** The layout of a constellation's navigation message; undefined where no window can be given (Galileo, SBAS). */
export function messageLayout(constellation: Constellation): MessageLayout | undefined {
  switch (constellation) {
    case "gps":
    case "qzss":
      return LNAV;
    case "beidou":
      return BEIDOU_D1;
    case "glonass":
      return GLONASS;
    default:
      return undefined;
  }
}

/** A window of clock times (ms) in which something is expected, if the signal stays clean. */
export interface Window {
  earliestMs: number;
  latestMs: number;
}

/**
 * When parts `first`..`first+count-1` of every frame have each been read whole, reading from `fromUtcMs` on:
 * the latest of their next starts, plus one part.
 */
function partsReadByUtc(layout: MessageLayout & { frameOffsetMs: number }, fromUtcMs: number, count: number): number {
  let done = -Infinity;
  for (let part = 0; part < count; part++) {
    const phase = part * layout.partMs;
    const sinceFrame = (((fromUtcMs + layout.frameOffsetMs - phase) % layout.frameMs) + layout.frameMs) % layout.frameMs;
    const start = sinceFrame === 0 ? fromUtcMs : fromUtcMs + layout.frameMs - sinceFrame;
    done = Math.max(done, start + layout.partMs);
  }
  return done;
}

/**
 * The ephemeris of a satellite locked at `lockedAtMs`: without the frame's phase, between all its parts in a row
 * after the lock and a whole frame plus one part after bit sync; with the UTC of the lock (`utcOffsetMs`: UTC −
 * clock), from the parts' next starts.
 */
export function ephemerisWindow(layout: MessageLayout, lockedAtMs: number, utcOffsetMs: number | undefined): Window {
  const all = layout.ephemerisParts * layout.partMs;
  const latestFree = lockedAtMs + BIT_SYNC_MAX_MS + layout.frameMs + layout.partMs;
  if (layout.frameOffsetMs === undefined || utcOffsetMs === undefined) return { earliestMs: lockedAtMs + all, latestMs: latestFree };
  const phased = { ...layout, frameOffsetMs: layout.frameOffsetMs };
  const lockUtc = lockedAtMs + utcOffsetMs;
  return {
    earliestMs: partsReadByUtc(phased, lockUtc, layout.ephemerisParts) - utcOffsetMs,
    latestMs: partsReadByUtc(phased, lockUtc + BIT_SYNC_MAX_MS, layout.ephemerisParts) - utcOffsetMs,
  };
}

/** The time of week, read from the first part whole after bit sync: one part to two parts after the lock. */
export function timeWindow(layout: MessageLayout, lockedAtMs: number): Window {
  return { earliestMs: lockedAtMs + layout.partMs, latestMs: lockedAtMs + BIT_SYNC_MAX_MS + 2 * layout.partMs };
}
