// Baud-rate hunting, as gpsd does it (gpsd/serial.c gpsd_next_hunt_setting), with a stricter
// acceptance: a rate is right once 2 consecutive checksum-valid NMEA sentences (or one valid UBX
// frame) arrive. At a wrong rate a UART delivers framing noise, in which a `*hh`-checked line
// is a 1-in-256 accident and two in a row practically impossible.

import { SourceError } from "./source.js";
import { concatBytes } from "./bytes.js";
import { nmeaChecksum } from "../framing/checksum.js";

/** The hunt order after the last known-good rate: the common NMEA speeds first (transports.md §2). */
export const HUNT_BAUD_RATES: readonly number[] = [9600, 4800, 115200, 38400, 57600, 230400, 19200, 460800, 921600];

const DOLLAR = 0x24;
const BANG = 0x21;
const LF = 0x0a;
const UBX_SYNC_1 = 0xb5;
const UBX_SYNC_2 = 0x62;
/** gpsd accepts NMEA lines up to about 128 characters (style.md §3.5). */
const MAX_LINE_BYTES = 128;
const MAX_UBX_PAYLOAD = 4096;
const NMEA_LINE = /^[$!]([\x20-\x29\x2b-\x7e]+)\*([0-9A-Fa-f]{2})\r?$/;

/** What a stream of bytes looked like at one baud rate. */
export interface LinkVerdict {
  /** Checksum-valid NMEA sentences seen. */
  validSentences: number;
  /** Longest run of consecutive valid sentences. */
  consecutiveValid: number;
  invalidSentences: number;
  validUbxFrames: number;
  /** Bytes that belonged to no valid frame. */
  junkBytes: number;
  /** Offset (in the bytes pushed so far) where the first valid frame starts. */
  firstValidOffset: number | undefined;
}

/** Scans bytes for valid NMEA sentences and UBX frames; knows nothing else about the protocol. */
export interface LinkValidator {
  push(chunk: Uint8Array): LinkVerdict;
  readonly verdict: LinkVerdict;
}

export function createLinkValidator(): LinkValidator {
  let pending = new Uint8Array(0);
  let pendingOffset = 0; // stream offset of pending[0]
  let run = 0;
  const verdict: LinkVerdict = {
    validSentences: 0,
    consecutiveValid: 0,
    invalidSentences: 0,
    validUbxFrames: 0,
    junkBytes: 0,
    firstValidOffset: undefined,
  };
  const markValid = (offset: number): void => {
    if (verdict.firstValidOffset === undefined) verdict.firstValidOffset = offset;
  };

  const push = (chunk: Uint8Array): LinkVerdict => {
    const bytes = new Uint8Array(pending.length + chunk.length);
    bytes.set(pending);
    bytes.set(chunk, pending.length);
    let i = 0;
    scan: while (i < bytes.length) {
      const b = bytes[i];
      if (b === DOLLAR || b === BANG) {
        const end = bytes.indexOf(LF, i);
        if (end < 0) {
          if (bytes.length - i < MAX_LINE_BYTES) break scan; // wait for the rest of the line
          verdict.junkBytes++;
          i++;
          continue;
        }
        if (end - i > MAX_LINE_BYTES) {
          verdict.junkBytes++;
          i++;
          continue;
        }
        const line = String.fromCharCode(...bytes.subarray(i, end));
        const match = NMEA_LINE.exec(line);
        if (match !== null && nmeaChecksum(match[1] ?? "") === Number.parseInt(match[2] ?? "", 16)) {
          verdict.validSentences++;
          run++;
          verdict.consecutiveValid = Math.max(verdict.consecutiveValid, run);
          markValid(pendingOffset + i);
        } else {
          verdict.invalidSentences++;
          verdict.junkBytes += end + 1 - i;
          run = 0;
        }
        i = end + 1;
        continue;
      }
      if (b === UBX_SYNC_1) {
        if (bytes.length - i < 6) break scan;
        if (bytes[i + 1] === UBX_SYNC_2) {
          const length = (bytes[i + 4] ?? 0) | ((bytes[i + 5] ?? 0) << 8);
          if (length <= MAX_UBX_PAYLOAD) {
            if (bytes.length - i < 8 + length) break scan;
            let ckA = 0;
            let ckB = 0;
            for (let k = i + 2; k < i + 6 + length; k++) {
              ckA = (ckA + (bytes[k] ?? 0)) & 0xff;
              ckB = (ckB + ckA) & 0xff;
            }
            if (ckA === bytes[i + 6 + length] && ckB === bytes[i + 7 + length]) {
              verdict.validUbxFrames++;
              markValid(pendingOffset + i);
              i += 8 + length;
              continue;
            }
          }
        }
      }
      if (b !== 0x0d && b !== LF) verdict.junkBytes++;
      i++;
    }
    pending = bytes.slice(i);
    pendingOffset += i;
    return verdict;
  };
  return { push, verdict };
}

/** The link at the hunt's disposal: the serial source implements it over a serialport instance, the Web Serial source over a SerialPort. */
export interface BaudHuntPort {
  /** Switch the line speed and drop what was buffered at the old one. */
  setBaudRate(baudRate: number): Promise<void>;
  /** Subscribe to received bytes; returns an unsubscribe function. */
  onData(listener: (chunk: Uint8Array) => void): () => void;
  /** Subscribe to the port going away during the hunt. */
  onLost(listener: (reason: string) => void): () => void;
}

export interface BaudHuntOptions {
  /** Tried first (the last rate that worked). */
  lastGoodBaudRate?: number;
  /** Candidate rates after `lastGoodBaudRate`. Default HUNT_BAUD_RATES. */
  baudRates?: readonly number[];
  /** Listening time per rate (ms). Default 1500. */
  perRateMs?: number;
  /** Move on early after this many junk bytes without one valid frame. Default 1024. */
  junkLimitBytes?: number;
  /** One report per rate tried (for `--verbose` output and tests). */
  onAttempt?: (attempt: { baudRate: number; accepted: boolean; verdict: LinkVerdict }) => void;
  /** Name used in the error message. */
  name?: string;
  /** Stops the hunt at once (the source was closed: Ctrl-C, --duration): it rejects, and the caller closes the port. */
  signal?: AbortSignal;
}

export interface BaudHuntResult {
  baudRate: number;
  /** The bytes received at that rate, from the first valid frame on: real data to deliver. */
  received: Uint8Array;
}

const accepted = (v: LinkVerdict): boolean => v.consecutiveValid >= 2 || v.validUbxFrames >= 1;

/** Tries each rate once (one full cycle); rejects with a SourceError when none carries valid frames. */
export async function huntBaudRate(port: BaudHuntPort, options: BaudHuntOptions = {}): Promise<BaudHuntResult> {
  const perRateMs = options.perRateMs ?? 1500;
  const junkLimitBytes = options.junkLimitBytes ?? 1024;
  const rates = [...new Set([...(options.lastGoodBaudRate === undefined ? [] : [options.lastGoodBaudRate]), ...(options.baudRates ?? HUNT_BAUD_RATES)])];
  const name = options.name ?? "serial port";
  const { signal } = options;
  const stopped = (): SourceError => new SourceError(`${name}: closed while detecting the baud rate`);
  for (const baudRate of rates) {
    if (signal?.aborted) throw stopped();
    await port.setBaudRate(baudRate);
    const validator = createLinkValidator();
    const chunks: Uint8Array[] = [];
    const outcome = await new Promise<"accepted" | "rejected" | "stopped" | { lost: string }>((resolve) => {
      const finish = (result: "accepted" | "rejected" | "stopped" | { lost: string }): void => {
        clearTimeout(timer);
        offData();
        offLost();
        signal?.removeEventListener("abort", onAbort);
        resolve(result);
      };
      const onAbort = (): void => finish("stopped");
      signal?.addEventListener("abort", onAbort);
      const timer = setTimeout(() => finish("rejected"), perRateMs);
      const offData = port.onData((chunk) => {
        chunks.push(chunk);
        const verdict = validator.push(chunk);
        if (accepted(verdict)) finish("accepted");
        else if (verdict.firstValidOffset === undefined && verdict.junkBytes > junkLimitBytes) finish("rejected");
      });
      const offLost = port.onLost((reason) => finish({ lost: reason }));
    });
    if (outcome === "stopped" || signal?.aborted) throw stopped();
    if (typeof outcome === "object") throw new SourceError(`${name}: lost while detecting the baud rate: ${outcome.lost}`, { disconnected: true });
    options.onAttempt?.({ baudRate, accepted: outcome === "accepted", verdict: { ...validator.verdict } });
    if (outcome === "accepted") {
      const all = concatBytes(chunks);
      return { baudRate, received: all.subarray(validator.verdict.firstValidOffset ?? 0) };
    }
  }
  throw new SourceError(
    `${name}: no valid NMEA or UBX data at any of ${rates.join(", ")} baud; is a receiver attached and sending? (set the rate with --baud N)`,
  );
}
