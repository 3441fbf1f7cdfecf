// RTCM 3 frames (RTCM 10403.x §4): `D3 | 6 reserved bits (0) | 10-bit length | payload | CRC-24Q (3 bytes)`,
// the CRC over preamble, length and payload. The payload starts with the 12-bit message number (1005 base
// station, 1077 GPS MSM7, 1230 GLONASS biases, 4072 u-blox proprietary...).
//
// One implementation for whoever reads or writes them: the correction feed (frames from a caster checked
// before they reach a receiver), the simulated rover (what it takes) and the simulated base (what it sends).
// Isomorphic: Uint8Array only.

export const RTCM3_PREAMBLE = 0xd3;
/** Preamble, reserved bits and length. */
export const RTCM3_HEADER_BYTES = 3;
export const RTCM3_CRC_BYTES = 3;
/** The length field has 10 bits. */
export const RTCM3_MAX_PAYLOAD_BYTES = 1023;

/** CRC-24Q (Qualcomm), polynomial 0x1864CFB, as RTCM 3 and SBAS use it. */
const CRC24Q_TABLE = (() => {
  const table = new Int32Array(256);
  for (let i = 0; i < 256; i++) {
    let crc = i << 16;
    for (let bit = 0; bit < 8; bit++) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864cfb;
    }
    table[i] = crc & 0xffffff;
  }
  return table;
})();

export function crc24q(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let crc = 0;
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffffff) ^ CRC24Q_TABLE[((crc >>> 16) ^ bytes[i]!) & 0xff]!;
  return crc;
}

/** A whole frame around `payload`, CRC computed. Throws RangeError for a payload over 1023 bytes. */
export function rtcm3Frame(payload: Uint8Array): Uint8Array {
  if (payload.length > RTCM3_MAX_PAYLOAD_BYTES) throw new RangeError(`RTCM 3 payload of ${payload.length} bytes: at most ${RTCM3_MAX_PAYLOAD_BYTES}`);
  const frame = new Uint8Array(RTCM3_HEADER_BYTES + payload.length + RTCM3_CRC_BYTES);
  frame[0] = RTCM3_PREAMBLE;
  frame[1] = (payload.length >> 8) & 0x03;
  frame[2] = payload.length & 0xff;
  frame.set(payload, RTCM3_HEADER_BYTES);
  const crc = crc24q(frame, 0, RTCM3_HEADER_BYTES + payload.length);
  frame[frame.length - 3] = crc >>> 16;
  frame[frame.length - 2] = (crc >>> 8) & 0xff;
  frame[frame.length - 1] = crc & 0xff;
  return frame;
}

/** The message number of a frame (its payload's first 12 bits); undefined for a frame too short to carry one. */
export function rtcm3MessageType(frame: Uint8Array): number | undefined {
  if (frame.length < RTCM3_HEADER_BYTES + 2 + RTCM3_CRC_BYTES) return undefined;
  return (frame[3]! << 4) | (frame[4]! >> 4);
}

/** The payload of a whole frame (a view, not a copy). */
export function rtcm3Payload(frame: Uint8Array): Uint8Array {
  return frame.subarray(RTCM3_HEADER_BYTES, Math.max(RTCM3_HEADER_BYTES, frame.length - RTCM3_CRC_BYTES));
}

// ───────────────────────────── bit fields ─────────────────────────────

/** Reads big-endian bit fields (RTCM 3 packs fields MSB first, across byte boundaries). Values up to 53 bits. */
export function readBits(bytes: Uint8Array, bitOffset: number, bitLength: number): number {
  let value = 0;
  for (let i = 0; i < bitLength; i++) {
    const bit = bitOffset + i;
    const byte = bytes[bit >> 3];
    if (byte === undefined) throw new RangeError(`bit ${bit} beyond ${bytes.length} bytes`);
    value = value * 2 + ((byte >> (7 - (bit & 7))) & 1);
  }
  return value;
}

/** A two's-complement field (DF "int" types). */
export function readSignedBits(bytes: Uint8Array, bitOffset: number, bitLength: number): number {
  const raw = readBits(bytes, bitOffset, bitLength);
  return raw >= 2 ** (bitLength - 1) ? raw - 2 ** bitLength : raw;
}

/** Writes big-endian bit fields into a growing buffer (RTCM 3 payloads). */
export class BitWriter {
  #bytes = new Uint8Array(64);
  #bitLength = 0;

  /** An unsigned field; a value that does not fit in `bitLength` bits throws RangeError (a silently wrong field is worse). */
  unsigned(value: number, bitLength: number): this {
    if (!Number.isInteger(value) || value < 0 || value >= 2 ** bitLength) throw new RangeError(`${value} does not fit in ${bitLength} unsigned bits`);
    this.#ensure(bitLength);
    for (let i = bitLength - 1; i >= 0; i--) {
      const bit = Math.floor(value / 2 ** i) % 2;
      if (bit) this.#bytes[this.#bitLength >> 3]! |= 0x80 >> (this.#bitLength & 7);
      this.#bitLength++;
    }
    return this;
  }

  /** A two's-complement field. */
  signed(value: number, bitLength: number): this {
    if (!Number.isInteger(value) || value < -(2 ** (bitLength - 1)) || value >= 2 ** (bitLength - 1))
      throw new RangeError(`${value} does not fit in ${bitLength} signed bits`);
    return this.unsigned(value < 0 ? value + 2 ** bitLength : value, bitLength);
  }

  get bitLength(): number {
    return this.#bitLength;
  }

  /** The bytes written, the last one padded with zero bits. */
  toBytes(): Uint8Array {
    return this.#bytes.slice(0, (this.#bitLength + 7) >> 3);
  }

  #ensure(moreBits: number): void {
    const needed = (this.#bitLength + moreBits + 7) >> 3;
    if (needed <= this.#bytes.length) return;
    const grown = new Uint8Array(Math.max(needed, this.#bytes.length * 2));
    grown.set(this.#bytes);
    this.#bytes = grown;
  }
}

// ───────────────────────────── reading a stream ─────────────────────────────

export interface Rtcm3FramerHandlers {
  /** A frame whose CRC checks: preamble to CRC, a copy the receiver of it may keep. */
  frame(frame: Uint8Array, messageType: number): void;
  /**
   * Bytes that looked like a frame (preamble, zero reserved bits, a length) but whose CRC is wrong, or that the
   * end of input cut short: counted, never passed on. `messageType` as its damaged payload says, for the count.
   */
  corrupt?(byteCount: number, messageType: number | undefined): void;
  /** Bytes outside any frame (NMEA, UBX, noise between frames), once per run of them. */
  skipped?(byteCount: number): void;
}

export interface Rtcm3Framer {
  push(chunk: Uint8Array): void;
  /** End of input: what is left is reported as skipped. */
  end(): void;
}

/**
 * Splits a byte stream into RTCM 3 frames, any split of the input giving the same frames. After a CRC failure it
 * resynchronises at the next preamble (the damaged frame's bytes are searched too: a corrupted length must not
 * cost the frame after it), and counts one corrupt frame per damaged stretch, not one per false preamble in it.
 * Memory: at most one frame (1029 bytes) plus the chunk being read.
 */
export function createRtcm3Framer(handlers: Rtcm3FramerHandlers): Rtcm3Framer {
  let buffer = new Uint8Array(0);
  /** Bytes before this offset of the stream belong to a frame already counted as corrupt. */
  let corruptUntil = 0;
  /** Stream offset of buffer[0]. */
  let consumed = 0;
  let skipped = 0;

  const flushSkipped = (): void => {
    if (skipped > 0) handlers.skipped?.(skipped);
    skipped = 0;
  };

  const scan = (final: boolean): void => {
    let i = 0;
    while (i < buffer.length) {
      if (buffer[i] !== RTCM3_PREAMBLE) {
        if (consumed + i >= corruptUntil) skipped++;
        i++;
        continue;
      }
      if (i + RTCM3_HEADER_BYTES > buffer.length) break;
      if ((buffer[i + 1]! & 0xfc) !== 0) {
        if (consumed + i >= corruptUntil) skipped++;
        i++;
        continue;
      }
      const length = ((buffer[i + 1]! & 0x03) << 8) | buffer[i + 2]!;
      const total = RTCM3_HEADER_BYTES + length + RTCM3_CRC_BYTES;
      // Not all there: wait for it; at the end of input it was cut short (or its length field is damaged).
      if (i + total > buffer.length && !final) break;
      const end = i + RTCM3_HEADER_BYTES + length;
      const complete = i + total <= buffer.length;
      const crc = complete ? (buffer[end]! << 16) | (buffer[end + 1]! << 8) | buffer[end + 2]! : -1;
      if (complete && crc24q(buffer, i, end) === crc) {
        flushSkipped();
        const frame = buffer.slice(i, i + total);
        handlers.frame(frame, rtcm3MessageType(frame) ?? 0);
        i += total;
        corruptUntil = Math.max(corruptUntil, consumed + i);
        continue;
      }
      if (consumed + i >= corruptUntil) {
        flushSkipped();
        const typeKnown = length >= 2 && i + 4 < buffer.length;
        handlers.corrupt?.(Math.min(total, buffer.length - i), typeKnown ? (buffer[i + 3]! << 4) | (buffer[i + 4]! >> 4) : undefined);
        corruptUntil = consumed + i + total;
      }
      i++;
    }
    if (final) {
      for (let k = i; k < buffer.length; k++) if (consumed + k >= corruptUntil) skipped++;
      i = buffer.length;
      flushSkipped();
    }
    consumed += i;
    buffer = buffer.slice(i);
  };

  return {
    push(chunk) {
      if (chunk.length === 0) return;
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      buffer = joined;
      scan(false);
    },
    end() {
      scan(true);
    },
  };
}

// ───────────────────────────── messages the simulator reads and writes ─────────────────────────────

/** A reference station's antenna position (1005; 1006 adds the antenna height). */
export interface Rtcm3StationPosition {
  messageType: 1005 | 1006;
  stationId: number;
  /** Antenna reference point, ECEF metres (ITRF). */
  ecefM: [number, number, number];
  antennaHeightM?: number;
}

/** 1005/1006 payload → station and antenna reference point; undefined for other messages or short payloads. */
export function decodeStationPosition(payload: Uint8Array): Rtcm3StationPosition | undefined {
  if (payload.length < 19) return undefined;
  const messageType = readBits(payload, 0, 12);
  if (messageType !== 1005 && messageType !== 1006) return undefined;
  if (messageType === 1006 && payload.length < 21) return undefined;
  const x = readSignedBits(payload, 34, 38) / 1e4;
  const y = readSignedBits(payload, 74, 38) / 1e4;
  const z = readSignedBits(payload, 114, 38) / 1e4;
  const position: Rtcm3StationPosition = { messageType, stationId: readBits(payload, 12, 12), ecefM: [x, y, z] };
  if (messageType === 1006) position.antennaHeightM = readBits(payload, 152, 16) / 1e4;
  return position;
}

/** 1005: station, GPS/GLONASS/Galileo indicators, reference station, ARP in 0.1 mm. */
export function encodeStationPosition(stationId: number, ecefM: [number, number, number]): Uint8Array {
  const w = new BitWriter();
  w.unsigned(1005, 12).unsigned(stationId, 12).unsigned(0, 6); // ITRF realization year: not given
  w.unsigned(1, 1).unsigned(1, 1).unsigned(1, 1).unsigned(0, 1); // GPS, GLONASS, Galileo; a physical station
  w.signed(Math.round(ecefM[0] * 1e4), 38)
    .unsigned(0, 1)
    .unsigned(0, 1);
  w.signed(Math.round(ecefM[1] * 1e4), 38).unsigned(0, 2);
  w.signed(Math.round(ecefM[2] * 1e4), 38);
  return w.toBytes();
}

/** Message numbers of the multiple signal messages (MSM1–7 of GPS, GLONASS, Galileo, SBAS, QZSS, BeiDou, NavIC). */
export function isMsm(messageType: number): boolean {
  return messageType >= 1071 && messageType <= 1137 && messageType % 10 >= 1 && messageType % 10 <= 7;
}

/** Legacy observation messages: GPS 1001–1004, GLONASS 1009–1012. */
export function isLegacyObservation(messageType: number): boolean {
  return (messageType >= 1001 && messageType <= 1004) || (messageType >= 1009 && messageType <= 1012);
}

/** Satellites an MSM carries (the bits set in its 64-bit satellite mask); undefined for other messages. */
export function msmSatelliteCount(payload: Uint8Array): number | undefined {
  if (payload.length < 22 || !isMsm(readBits(payload, 0, 12))) return undefined;
  let count = 0;
  for (let bit = 0; bit < 64; bit++) count += readBits(payload, 73 + bit, 1);
  return count;
}
