// The publisher's spool: every `nmea` message goes to disk before it goes to the broker, and leaves the disk
// once the broker has acknowledged it (PUBACK). While the broker is away the spool grows; on reconnect it is
// sent in order; a gnsskit that restarts resumes it (what was in flight when it stopped is sent again: the
// reader drops it by its seq).
//
// On disk, one directory per device: segment files `000000000042.nmea` (named by their first seq), each the
// message payloads one after the other. A payload is a `#gnsskit seq=…` comment line and the receiver's bytes
// in the record format, cut at line ends, so a segment is a stamped log: `gnsskit decode 000000000042.nmea`
// reads it. `acked` holds the run and the last seq the broker took; `lock` the pid of the gnsskit using it.
//
// Bounded: when the segments exceed `maxBytes`, the oldest segment is deleted (the oldest messages go first:
// the newest say where the receiver is now); the reader sees the gap in the seqs and says how many were lost.

import { closeSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, renameSync, rmSync, unlinkSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { randomBytes } from "node:crypto";
import { decodeNmeaMessage } from "../../fleet/wire.js";

export interface SpoolOptions {
  /** This device's directory (created if missing). */
  dir: string;
  /** Most bytes kept on disk; beyond, the oldest segment is dropped. */
  maxBytes: number;
  /** A new segment starts past this size (default: an eighth of maxBytes, at most 1 MB). */
  segmentBytes?: number;
}

export interface SpooledMessage {
  seq: number;
  payload: Uint8Array;
}

export interface Spool {
  /** The numbering run of this spool's seqs (kept across restarts). */
  readonly run: string;
  /** The seq the next message gets (1 for a new spool). */
  readonly nextSeq: number;
  /** Appends a message (encoded payload with header `seq` = nextSeq, which then advances). */
  append(seq: number, payload: Uint8Array): void;
  /** The oldest message neither sent nor acknowledged, marked sent; undefined when none waits. */
  take(): SpooledMessage | undefined;
  /** The broker acknowledged `seq`. */
  acknowledge(seq: number): void;
  /** Messages waiting to be sent (not taken yet). */
  readonly waiting: number;
  /** Messages taken and not acknowledged. */
  readonly inFlight: number;
  /** Bytes of the segments on disk. */
  readonly bytes: number;
  /** Messages dropped because the spool was full, since it was opened. */
  readonly dropped: number;
  /** Messages found on disk at opening that the broker never acknowledged (sent again). */
  readonly resumed: number;
  /** Writes the acknowledged position, releases the lock. */
  close(): void;
}

interface Entry {
  seq: number;
  segment: Segment;
  offset: number;
  length: number;
}

interface Segment {
  firstSeq: number;
  path: string;
  bytes: number;
  lastSeq: number;
}

const SEGMENT_NAME = /^(\d{12})\.nmea$/;
const segmentName = (seq: number): string => `${String(seq).padStart(12, "0")}.nmea`;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** Takes the directory for this process: a second gnsskit publishing the same device would mix two streams. */
function lock(dir: string): string {
  const path = join(dir, "lock");
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, "wx");
      writeSync(fd, `${process.pid}\n`);
      closeSync(fd);
      return path;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EEXIST") throw error;
      const pid = Number(readFileSync(path, "utf8").trim());
      if (Number.isInteger(pid) && pid > 0 && pid !== process.pid && processAlive(pid)) {
        throw new Error(`spool ${dir} is in use by another gnsskit (pid ${pid})`);
      }
      unlinkSync(path); // left by a gnsskit that is gone
    }
  }
  throw new Error(`spool ${dir}: cannot take the lock`);
}

function readAcked(dir: string): { run: string; seq: number } | undefined {
  try {
    const match = /^([A-Za-z0-9_-]{1,32}) (\d+)\s*$/.exec(readFileSync(join(dir, "acked"), "utf8"));
    return match ? { run: match[1] as string, seq: Number(match[2]) } : undefined;
  } catch {
    return undefined; // a new spool
  }
}

export function openSpool(options: SpoolOptions): Spool {
  const { dir, maxBytes } = options;
  const segmentBytes = options.segmentBytes ?? Math.max(4096, Math.min(1_000_000, Math.floor(maxBytes / 8)));
  mkdirSync(dir, { recursive: true });
  const lockPath = lock(dir);

  const acked = readAcked(dir);
  let run = acked?.run;
  let ackedThrough = acked?.seq ?? 0;
  const segments: Segment[] = [];
  const pending: Entry[] = []; // not taken yet, in seq order
  const inFlight = new Map<number, Entry>();
  let resumed = 0;
  let dropped = 0;

  // Resume: every whole message after the acknowledged one, in order. A message cut by a crash ends the segment.
  const names = readdirSync(dir)
    .filter((name) => SEGMENT_NAME.test(name))
    .sort();
  for (const name of names) {
    const path = join(dir, name);
    const bytes = new Uint8Array(readFileSync(path));
    const segment: Segment = { firstSeq: Number(SEGMENT_NAME.exec(name)?.[1]), path, bytes: bytes.byteLength, lastSeq: 0 };
    for (let offset = 0; offset < bytes.byteLength; ) {
      const decoded = decodeNmeaMessage(bytes, offset);
      if ("error" in decoded) break;
      const { message, next } = decoded;
      if (run !== undefined && message.run !== run) break; // another run's leftovers: not ours to send
      run ??= message.run;
      segment.lastSeq = message.seq;
      if (message.seq > ackedThrough) pending.push({ seq: message.seq, segment, offset, length: next - offset });
      offset = next;
    }
    if (segment.lastSeq === 0 || segment.lastSeq <= ackedThrough) rmSync(path, { force: true });
    else segments.push(segment);
  }
  resumed = pending.length;
  run ??= randomBytes(6).toString("base64url");
  let nextSeq = Math.max(ackedThrough, segments.at(-1)?.lastSeq ?? 0) + 1;

  let active: { segment: Segment; fd: number } | undefined;
  const totalBytes = (): number => segments.reduce((sum, segment) => sum + segment.bytes, 0);
  let lastAckWriteMs = 0;
  const writeAcked = (): void => {
    const temp = join(dir, "acked.tmp");
    writeFileSync(temp, `${run} ${ackedThrough}\n`);
    renameSync(temp, join(dir, "acked"));
    lastAckWriteMs = Date.now();
  };
  const closeActive = (): void => {
    if (active) closeSync(active.fd);
    active = undefined;
  };
  const removeSegment = (segment: Segment): void => {
    if (active?.segment === segment) closeActive();
    rmSync(segment.path, { force: true });
    segments.splice(segments.indexOf(segment), 1);
  };
  /** Segments whose every message the broker has: gone (the active one stays open for appends). */
  const removeAcknowledged = (): void => {
    for (const segment of [...segments]) {
      if (segment.lastSeq > ackedThrough || segment === active?.segment) break;
      removeSegment(segment);
    }
  };
  const dropOldest = (): void => {
    while (segments.length > 1 && totalBytes() > maxBytes) {
      const oldest = segments[0] as Segment;
      const before = pending.length;
      for (let k = pending.length - 1; k >= 0; k--) if (pending[k]?.segment === oldest) pending.splice(k, 1);
      dropped += before - pending.length;
      for (const [seq, entry] of inFlight) if (entry.segment === oldest) inFlight.delete(seq);
      ackedThrough = Math.max(ackedThrough, oldest.lastSeq);
      removeSegment(oldest);
    }
  };

  return {
    get run() {
      return run as string;
    },
    get nextSeq() {
      return nextSeq;
    },
    append(seq, payload) {
      if (seq !== nextSeq) throw new RangeError(`spool: seq ${seq} appended, ${nextSeq} expected`);
      if (active === undefined || active.segment.bytes >= segmentBytes) {
        closeActive();
        const segment: Segment = { firstSeq: seq, path: join(dir, segmentName(seq)), bytes: 0, lastSeq: 0 };
        active = { segment, fd: openSync(segment.path, "a") };
        segments.push(segment);
      }
      const { segment, fd } = active;
      for (let written = 0; written < payload.byteLength; ) written += writeSync(fd, payload, written);
      pending.push({ seq, segment, offset: segment.bytes, length: payload.byteLength });
      segment.bytes += payload.byteLength;
      segment.lastSeq = seq;
      nextSeq = seq + 1;
      dropOldest();
    },
    take() {
      const entry = pending.shift();
      if (entry === undefined) return undefined;
      const payload = new Uint8Array(entry.length);
      const fd = openSync(entry.segment.path, "r");
      try {
        for (let read = 0; read < entry.length; ) {
          const n = readSync(fd, payload, read, entry.length - read, entry.offset + read);
          if (n === 0) throw new Error(`spool: ${entry.segment.path} is shorter than its index`);
          read += n;
        }
      } finally {
        closeSync(fd);
      }
      inFlight.set(entry.seq, entry);
      return { seq: entry.seq, payload };
    },
    acknowledge(seq) {
      if (!inFlight.delete(seq)) return; // dropped meanwhile, or acknowledged twice
      const oldestOutstanding = Math.min(pending[0]?.seq ?? nextSeq, ...inFlight.keys());
      if (oldestOutstanding - 1 <= ackedThrough) return;
      ackedThrough = oldestOutstanding - 1;
      removeAcknowledged();
      if (Date.now() - lastAckWriteMs >= 1000) writeAcked();
    },
    get waiting() {
      return pending.length;
    },
    get inFlight() {
      return inFlight.size;
    },
    get bytes() {
      return totalBytes();
    },
    get dropped() {
      return dropped;
    },
    get resumed() {
      return resumed;
    },
    close() {
      closeActive();
      writeAcked();
      removeAcknowledged();
      rmSync(lockPath, { force: true });
    },
  };
}
