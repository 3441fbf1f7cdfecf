// Independent re-implementations (not the code under test) of the two checksums the dialects use, for the tests
// that check bytes: NMEA's XOR and UBX's 8-bit Fletcher.

import { expect } from "vitest";

/** NMEA checksum of a body (between `$` and `*`) as two upper-case hex digits. */
export function xor(body: string): string {
  let c = 0;
  for (const ch of body) c ^= ch.charCodeAt(0);
  return c.toString(16).toUpperCase().padStart(2, "0");
}

/** `$BODY*hh`, the checksum computed here. */
export const nmeaLine = (body: string): string => `$${body}*${xor(body)}`;

/** Splits UBX frames, checking sync, length and Fletcher checksum; returns class, id, payload per frame. */
export function ubxFrames(bytes: Uint8Array): { cls: number; id: number; payload: Uint8Array }[] {
  const out: { cls: number; id: number; payload: Uint8Array }[] = [];
  let i = 0;
  while (i < bytes.length) {
    expect([bytes[i], bytes[i + 1]]).toEqual([0xb5, 0x62]);
    const length = bytes[i + 4]! | (bytes[i + 5]! << 8);
    let a = 0;
    let b = 0;
    for (let k = i + 2; k < i + 6 + length; k++) {
      a = (a + bytes[k]!) % 256;
      b = (b + a) % 256;
    }
    expect([bytes[i + 6 + length], bytes[i + 7 + length]]).toEqual([a, b]);
    out.push({ cls: bytes[i + 2]!, id: bytes[i + 3]!, payload: bytes.slice(i + 6, i + 6 + length) });
    i += 8 + length;
  }
  return out;
}
